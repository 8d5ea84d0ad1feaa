"""ISAD(G) elements the system already knows, derived from the CGCA, the CADIDO and the records.

Pure functions: they take loaded values and return Spanish text (the language of the
description, declared as `spa` in every export), so the archivist never types twice
what the catalogue already says.
"""

import datetime as dt
from dataclasses import dataclass

from archivo.catalog.enums import Acceso, Destino
from archivo.labels import LABELS

DESTINO = {Destino.BAJA: "baja documental", Destino.CONSERVACION: "conservación permanente "
           "en el archivo histórico", Destino.MUESTREO: "muestreo"}


@dataclass(slots=True)
class Volumen:
    """Extent of a unit: visible expedientes, their fojas and extreme dates."""

    expedientes: int = 0
    fojas: int = 0
    desde: dt.date | None = None
    hasta: dt.date | None = None

    def add(self, other: "Volumen") -> None:
        """Accumulate a child's extent into this one."""
        self.expedientes += other.expedientes
        self.fojas += other.fojas
        if other.desde and (self.desde is None or other.desde < self.desde):
            self.desde = other.desde
        if other.hasta and (self.hasta is None or other.hasta > self.hasta):
            self.hasta = other.hasta


def _plural(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def volumen_text(vol: Volumen) -> str:
    """ISAD 3.1.5 for an aggregate: '125 expedientes, 3,400 fojas'."""
    text = _plural(vol.expedientes, "expediente", "expedientes")
    if vol.fojas:
        text += ", " + _plural(vol.fojas, "foja", "fojas")
    return text


def volumen_expediente(fojas: int | None, legajos: int | None, soporte) -> str:
    """ISAD 3.1.5 for one expediente: fojas, legajos and soporte."""
    parts = []
    if fojas:
        parts.append(_plural(fojas, "foja", "fojas"))
    if legajos:
        parts.append(_plural(legajos, "legajo", "legajos"))
    parts.append("soporte " + LABELS[soporte.value].lower())
    return "; ".join(parts)


def fechas_text(desde: dt.date | None, hasta: dt.date | None) -> str | None:
    """Fechas extremas as written in inventories: '2015-2016' or '2015'."""
    if desde is None:
        return None
    if hasta is None or hasta.year == desde.year:
        return str(desde.year)
    return f"{desde.year}-{hasta.year}"


def valoracion_text(regla) -> str | None:
    """ISAD 3.3.2 from the serie's CADIDO rule: plazos, destino, valores, fundamento."""
    if regla is None:
        return None
    parts = [
        f"Plazo de conservación en archivo de trámite: {regla.plazo_tramite} años; "
        f"en archivo de concentración: {regla.plazo_concentracion} años "
        f"(vigencia total: {regla.plazo_total} años).",
        f"Destino final: {DESTINO[regla.destino]}."
    ]
    if regla.destino == Destino.MUESTREO and regla.criterio_muestreo:
        parts.append(f"Criterio de muestreo: {regla.criterio_muestreo}.")
    valores = sorted(v.value for v in regla.valores_primarios | regla.valores_secundarios)
    if valores:
        parts.append("Valores documentales: "
                     + ", ".join(LABELS[v].lower() for v in valores) + ".")
    if regla.fundamento_legal:
        parts.append(f"Fundamento: {regla.fundamento_legal}.")
    return " ".join(parts)


def organizacion_text(nivel: str, hijos: list[tuple[str, str]]) -> str:
    """ISAD 3.3.4 from the CGCA: what a unit is divided into."""
    if nivel == "expediente":
        return ""
    if not hijos:
        return "Expedientes en el orden en que fueron registrados."
    kind = {"fondo": "Secciones", "seccion": "Series"}.get(nivel, "Subseries")
    listed = "; ".join(f"{codigo} {nombre}" for codigo, nombre in hijos)
    return (f"Organizado conforme al Cuadro General de Clasificación Archivística. "
            f"{kind}: {listed}.")


def acceso_text(acceso: Acceso, *, fundamento: str | None = None,
                reserva_vence: dt.date | None = None) -> str:
    """ISAD 3.4.1 from the access classification (LGTAIP)."""
    if acceso == Acceso.PUBLICA:
        return "Información pública; consulta libre."
    if acceso == Acceso.RESERVADA:
        text = "Información reservada"
        if reserva_vence:
            text += f" hasta el {reserva_vence.isoformat()}"
    else:
        text = "Información confidencial"
    return text + (f". Fundamento: {fundamento}." if fundamento else ".")


def acceso_agregado(regla) -> str:
    """ISAD 3.4.1 for a fondo, sección or serie: the default and the public version's rule."""
    base = ("Consulta conforme a la Ley General de Transparencia y Acceso a la Información "
            "Pública; los expedientes reservados o confidenciales no se describen en la "
            "versión pública.")
    if regla is None:
        return base
    return f"Clasificación de la serie en el catálogo: {LABELS[regla.acceso.value].lower()}. {base}"
