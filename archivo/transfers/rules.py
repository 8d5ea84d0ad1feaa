"""Pure eligibility rules of primary and secondary transfers (no database, no flask)."""

import datetime as dt

from archivo.catalog.enums import Acceso, Destino
from archivo.disposals.rules import Motivo
from archivo.holds.rules import ExpedienteFacts, reserva_activa
from archivo.mensajes import N_
from archivo.records.enums import Etapa
from archivo.records.rules import add_years

# Each reason is a Spanish msgid with named placeholders (see archivo.mensajes.Mensaje).
_EN_PRESTAMO = N_("El expediente {clave} está en préstamo.")
_CONGELADO = N_("El expediente {clave} está congelado por {congelamiento}.")


def primary_failures(f: ExpedienteFacts, today: dt.date, unidad_id: int) -> list[Motivo]:
    """Reasons `f` cannot go in a primary transfer of `unidad_id` today."""
    c = f.clave
    out: list[Motivo] = []
    if f.unidad_id != unidad_id:
        out.append(Motivo.de(0, "otra_unidad", N_("El expediente {clave} pertenece a otra unidad."),
                             clave=c))
    if f.etapa != Etapa.TRAMITE:
        out.append(Motivo.de(0, "etapa", N_("El expediente {clave} no está en el archivo de "
                                            "trámite (etapa {etapa})."),
                             clave=c, etapa=f.etapa.value))
    if not f.cerrado or f.fecha_cierre is None:
        out.append(Motivo.de(1, "abierto", N_("El expediente {clave} no está cerrado."), clave=c))
    elif f.plazo_tramite is None:
        out.append(Motivo.de(1, "sin_regla", N_("El expediente {clave} no tiene regla de "
                                                "catálogo."), clave=c))
    else:
        vence = add_years(f.fecha_cierre, f.plazo_tramite)
        if vence > today:
            out.append(Motivo.de(1, "plazo_tramite_vigente",
                                 N_("El plazo en trámite del expediente {clave} vence el "
                                    "{vence}."), clave=c, vence=vence))
    if f.en_prestamo:
        out.append(Motivo.de(0, "en_prestamo", _EN_PRESTAMO, clave=c))
    return out


def secondary_failures(f: ExpedienteFacts, today: dt.date,
                       seleccion_muestreo: bool = False) -> list[Motivo]:
    """Reasons `f` cannot go in a secondary transfer today."""
    c = f.clave
    out: list[Motivo] = []
    if f.etapa != Etapa.CONCENTRACION:
        out.append(Motivo.de(0, "etapa", N_("El expediente {clave} no está en el archivo de "
                                            "concentración (etapa {etapa})."),
                             clave=c, etapa=f.etapa.value))
    if not f.cerrado or f.fecha_cierre is None or f.plazo_tramite is None:
        out.append(Motivo.de(1, "sin_plazo", N_("El expediente {clave} no está cerrado con regla."),
                             clave=c))
    else:
        vence = add_years(f.fecha_cierre, f.plazo_tramite + (f.plazo_concentracion or 0))
        if vence > today:
            out.append(Motivo.de(1, "plazo_vigente", N_("El plazo total del expediente {clave} "
                                                        "vence el {vence}."),
                                 clave=c, vence=vence))
    if f.destino == Destino.BAJA:
        out.append(Motivo.de(2, "destino_baja", N_("El destino final del expediente {clave} es la "
                                                   "baja."), clave=c))
    elif f.destino == Destino.MUESTREO and not seleccion_muestreo:
        out.append(Motivo.de(2, "no_seleccionado", N_("El expediente {clave} es de una serie de "
                                                      "muestreo y no fue seleccionado en la "
                                                      "muestra."), clave=c))
    if reserva_activa(f, today):
        out.append(Motivo.de(3, "reservado", N_("El expediente {clave} está reservado."), clave=c))
    if f.acceso == Acceso.CONFIDENCIAL:
        out.append(Motivo.de(3, "confidencial", N_("El expediente {clave} es confidencial."),
                             clave=c))
    for hold in f.holds:
        out.append(Motivo.de(4, "congelado", _CONGELADO, clave=c, congelamiento=hold))
    if f.en_prestamo:
        out.append(Motivo.de(0, "en_prestamo", _EN_PRESTAMO, clave=c))
    return out
