"""Pure eligibility rules of primary and secondary transfers (no database, no flask)."""

import datetime as dt

from archivo.catalog.enums import Acceso, Destino
from archivo.disposals.rules import Motivo
from archivo.holds.rules import ExpedienteFacts, reserva_activa
from archivo.records.enums import Etapa
from archivo.records.rules import add_years


def primary_failures(f: ExpedienteFacts, today: dt.date, unidad_id: int) -> list[Motivo]:
    """Reasons `f` cannot go in a primary transfer of `unidad_id` today."""
    c = f.clave
    out: list[Motivo] = []
    if f.unidad_id != unidad_id:
        out.append(Motivo(0, "otra_unidad", f"El expediente {c} pertenece a otra unidad."))
    if f.etapa != Etapa.TRAMITE:
        out.append(Motivo(0, "etapa", f"El expediente {c} no está en el archivo de trámite "
                                      f"(etapa {f.etapa.value})."))
    if not f.cerrado or f.fecha_cierre is None:
        out.append(Motivo(1, "abierto", f"El expediente {c} no está cerrado."))
    elif f.plazo_tramite is None:
        out.append(Motivo(1, "sin_regla", f"El expediente {c} no tiene regla de catálogo."))
    else:
        vence = add_years(f.fecha_cierre, f.plazo_tramite)
        if vence > today:
            out.append(Motivo(1, "plazo_tramite_vigente",
                              f"El plazo en trámite del expediente {c} vence el "
                              f"{vence.isoformat()}."))
    if f.en_prestamo:
        out.append(Motivo(0, "en_prestamo", f"El expediente {c} está en préstamo."))
    return out


def secondary_failures(f: ExpedienteFacts, today: dt.date,
                       seleccion_muestreo: bool = False) -> list[Motivo]:
    """Reasons `f` cannot go in a secondary transfer today."""
    c = f.clave
    out: list[Motivo] = []
    if f.etapa != Etapa.CONCENTRACION:
        out.append(Motivo(0, "etapa", f"El expediente {c} no está en el archivo de "
                                      f"concentración (etapa {f.etapa.value})."))
    if not f.cerrado or f.fecha_cierre is None or f.plazo_tramite is None:
        out.append(Motivo(1, "sin_plazo", f"El expediente {c} no está cerrado con regla."))
    else:
        vence = add_years(f.fecha_cierre, f.plazo_tramite + (f.plazo_concentracion or 0))
        if vence > today:
            out.append(Motivo(1, "plazo_vigente", f"El plazo total del expediente {c} vence "
                                                  f"el {vence.isoformat()}."))
    if f.destino == Destino.BAJA:
        out.append(Motivo(2, "destino_baja", f"El destino final del expediente {c} es la baja."))
    elif f.destino == Destino.MUESTREO and not seleccion_muestreo:
        out.append(Motivo(2, "no_seleccionado", f"El expediente {c} es de una serie de "
                                                "muestreo y no fue seleccionado en la muestra."))
    if reserva_activa(f, today):
        out.append(Motivo(3, "reservado", f"El expediente {c} está reservado."))
    if f.acceso == Acceso.CONFIDENCIAL:
        out.append(Motivo(3, "confidencial", f"El expediente {c} es confidencial."))
    for hold in f.holds:
        out.append(Motivo(4, "congelado", f"El expediente {c} está congelado por {hold}."))
    if f.en_prestamo:
        out.append(Motivo(0, "en_prestamo", f"El expediente {c} está en préstamo."))
    return out
