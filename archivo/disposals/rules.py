"""The disposal guard (DESIGN.md §4): one pure function, checked when adding and at execution."""

import datetime as dt
from dataclasses import dataclass

from archivo.catalog.enums import Acceso, Destino
from archivo.holds.rules import ExpedienteFacts, reserva_activa
from archivo.records.enums import Etapa
from archivo.records.rules import add_years


@dataclass(frozen=True)
class Motivo:
    """One failed condition: which rule (1..6 of the guard, 0 for custody) and why, in Spanish."""

    regla: int
    codigo: str
    mensaje: str

    def __str__(self) -> str:
        return self.mensaje


@dataclass(frozen=True)
class Autorizacion:
    """Condition 6 at execution time: GI review, dictamen and signed inventario."""

    gi_aprobada: bool
    dictamen: bool
    inventario_firmado: bool


def disposal_failures(f: ExpedienteFacts, today: dt.date,
                      autorizacion: Autorizacion | None = None) -> list[Motivo]:
    """Every reason why `f` may not be disposed of today (empty list: it may).

    Pass `autorizacion` at execution time so condition 6 is checked too; when adding
    an expediente to a proposal the review and dictamen naturally do not exist yet.
    """
    c = f.clave
    out: list[Motivo] = []
    if f.etapa == Etapa.BAJA:
        out.append(Motivo(0, "ya_dado_de_baja", f"El expediente {c} ya fue dado de baja."))
    elif f.etapa != Etapa.CONCENTRACION:
        out.append(Motivo(0, "etapa", f"El expediente {c} está en etapa {f.etapa.value}: "
                                      "solo se da de baja desde el archivo de concentración."))
    if f.en_prestamo:
        out.append(Motivo(0, "en_prestamo", f"El expediente {c} está en préstamo."))
    # 1. closed and its whole vigencia expired, under the rule it was closed with.
    if not f.cerrado or f.fecha_cierre is None:
        out.append(Motivo(1, "abierto", f"El expediente {c} no está cerrado."))
    elif f.plazo_tramite is None or f.plazo_concentracion is None:
        out.append(Motivo(1, "sin_regla", f"El expediente {c} no tiene regla de catálogo."))
    else:
        vence = add_years(f.fecha_cierre, f.plazo_tramite + f.plazo_concentracion)
        if vence > today:
            out.append(Motivo(1, "plazo_vigente", f"El expediente {c} conserva vigencia hasta "
                                                  f"{vence.isoformat()} (plazo AT + AC)."))
    # 2. destino baja, or the non-sampled remainder of a muestreo.
    if f.destino == Destino.CONSERVACION:
        out.append(Motivo(2, "destino_conservacion",
                          f"El destino final del expediente {c} es la conservación histórica."))
    elif f.destino == Destino.MUESTREO and not f.muestreo_realizado:
        out.append(Motivo(2, "muestreo_pendiente",
                          f"El expediente {c} pertenece a una serie de muestreo cuya muestra "
                          "aún no se ha seleccionado y transferido."))
    # 3. no active reserve, not confidential.
    if reserva_activa(f, today):
        hasta = f.reserva_vence.isoformat() if f.reserva_vence else "sin fecha"
        out.append(Motivo(3, "reservado",
                          f"El expediente {c} está clasificado como reservado (hasta {hasta})."))
    if f.acceso == Acceso.CONFIDENCIAL:
        out.append(Motivo(3, "confidencial",
                          f"El expediente {c} está clasificado como confidencial."))
    # 4. no active hold.
    for hold in f.holds:
        out.append(Motivo(4, "congelado", f"El expediente {c} está congelado por {hold}."))
    # 5. grave human-rights violations: blocked forever.
    if f.violaciones_ddhh:
        out.append(Motivo(5, "violaciones_ddhh",
                          f"El expediente {c} está relacionado con violaciones graves a "
                          "derechos humanos: no puede darse de baja nunca."))
    # 6. review, dictamen and signed inventario (execution only).
    if autorizacion is not None:
        if not autorizacion.inventario_firmado:
            out.append(Motivo(6, "inventario_sin_firma",
                              f"El inventario de baja del expediente {c} no está firmado."))
        if not autorizacion.gi_aprobada:
            out.append(Motivo(6, "sin_revision_gi", f"La baja del expediente {c} no tiene "
                                                    "la aprobación del Grupo Interdisciplinario."))
        if not autorizacion.dictamen:
            out.append(Motivo(6, "sin_dictamen", f"La baja del expediente {c} no tiene "
                                                 "dictamen de la autoridad archivística."))
    return out


def restringido_hasta(f: ExpedienteFacts) -> dt.date | None:
    """Sensitive personal data stays restricted 70 years from the expediente's creation."""
    return add_years(f.fecha_apertura, 70) if f.datos_personales_sensibles else None
