"""One unit of description: derived ISAD(G) elements merged with the archivist's own.

Every export (EAD3, EAD 2002, AtoM CSV, OAI-PMH) and the description screen read this
one shape, so an element means the same thing everywhere.
"""

import datetime as dt
from dataclasses import dataclass, field

from archivo.interop import derive
from archivo.interop.models import ELEMENTOS
from archivo.interop.tree import Nodo
from archivo.interop.visibility import CONFIDENTIAL_TITLE, hides_content, sees_internal
from archivo.records.rules import add_years

# ISAD(G) elements written as blocks of prose, in ISAD order: (element, source).
# Source "derivado" comes from the CGCA, the CADIDO or the records; never typed twice.
BLOQUES = (
    ("historia_institucional", "archivista"), ("historia_archivistica", "archivista"),
    ("forma_ingreso", "archivista"), ("alcance_contenido", "archivista"),
    ("valoracion", "derivado"), ("nuevos_ingresos", "archivista"),
    ("organizacion", "derivado"), ("condiciones_acceso", "derivado"),
    ("condiciones_reproduccion", "archivista"), ("lengua", "archivista"),
    ("caracteristicas_fisicas", "archivista"), ("instrumentos_descripcion", "archivista"),
    ("notas", "archivista"), ("control_descripcion", "archivista"),
)


@dataclass(slots=True)
class Descripcion:
    """Identity (ISAD 3.1), context and content of one unit, ready to serialise."""

    nivel: str  # fondo, seccion, serie, subserie, expediente
    id: int
    referencia: str
    titulo: str
    ead_level: str
    desde: dt.date | None = None
    hasta: dt.date | None = None
    volumen: str = ""
    productor: str | None = None
    ubicacion: str | None = None
    elementos: dict[str, str | None] = field(default_factory=dict)

    @property
    def fechas(self) -> str | None:
        """Fechas extremas as text ('2015-2016')."""
        return derive.fechas_text(self.desde, self.hasta)


def _with_stored(derived: dict, stored: dict | None) -> dict:
    out = {name: None for name, _ in BLOQUES}
    out.update({k: (stored or {}).get(k) for k in ELEMENTOS})
    out.update(derived)
    return out


def from_nodo(node: Nodo) -> Descripcion:
    """A fondo, sección, serie or subserie with its derived and stored elements."""
    nivel = "subserie" if node.ead_level == "subseries" else node.nivel.value
    derived = {
        "valoracion": derive.valoracion_text(node.regla),
        "organizacion": derive.organizacion_text(
            node.nivel.value, [(h.codigo, h.titulo) for h in node.hijos]),
        "condiciones_acceso": derive.acceso_agregado(node.regla),
    }
    return Descripcion(
        nivel=nivel, id=node.id, referencia=node.codigo, titulo=node.titulo,
        ead_level=node.ead_level, desde=node.volumen.desde, hasta=node.volumen.hasta,
        volumen=derive.volumen_text(node.volumen), productor=node.productor,
        elementos=_with_stored(derived, node.elementos))


def _reserva_vence(row) -> dt.date | None:
    if not row.reserva_fecha_clasificacion:
        return None
    years = (row.reserva_plazo_anios or 0) + (row.reserva_prorroga_anios or 0)
    return add_years(row.reserva_fecha_clasificacion, years)


def from_expediente(actor, row, regla=None, stored: dict | None = None) -> Descripcion:
    """An expediente row (see `tree.expediente_columns`) as the actor may see it."""
    hidden = hides_content(actor, row.acceso)
    derived = {
        "valoracion": derive.valoracion_text(regla),
        "organizacion": None,
        "condiciones_acceso": derive.acceso_text(
            row.acceso, fundamento=row.reserva_fundamento or row.confidencial_fundamento,
            reserva_vence=_reserva_vence(row)),
    }
    if not hidden and row.descripcion and not (stored or {}).get("alcance_contenido"):
        derived["alcance_contenido"] = row.descripcion
    ubicacion = None
    if sees_internal(actor):
        parts = [row.ubicacion_edificio, row.ubicacion_estante, row.ubicacion_caja]
        ubicacion = ", ".join(p for p in parts if p) or None
    return Descripcion(
        nivel="expediente", id=row.id, referencia=row.clave,
        titulo=CONFIDENTIAL_TITLE if hidden else row.titulo, ead_level="file",
        desde=row.fecha_apertura, hasta=row.fecha_cierre,
        volumen=derive.volumen_expediente(row.fojas, row.legajos, row.soporte),
        productor=row.unidad_nombre, ubicacion=ubicacion,
        elementos=_with_stored(derived, None if hidden else stored))
