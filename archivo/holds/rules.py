"""Pure facts about an expediente that every lifecycle rule reads (no database, no flask)."""

import datetime as dt
from dataclasses import dataclass

from archivo.catalog.enums import Acceso, Destino
from archivo.records.enums import Etapa


@dataclass(slots=True)
class ExpedienteFacts:
    """What the transfer and disposal rules need to know about one expediente."""

    id: int
    clave: str
    serie_id: int
    unidad_id: int
    etapa: Etapa
    fecha_apertura: dt.date
    fecha_cierre: dt.date | None
    cerrado: bool
    acceso: Acceso
    reserva_vence: dt.date | None = None
    violaciones_ddhh: bool = False
    datos_personales_sensibles: bool = False
    plazo_tramite: int | None = None
    plazo_concentracion: int | None = None
    destino: Destino | None = None
    holds: tuple[str, ...] = ()
    en_prestamo: bool = False
    muestreo_realizado: bool = False
    archivo_id: int | None = None


def reserva_activa(f: ExpedienteFacts, today: dt.date) -> bool:
    """True while a reserve is in force (reservada and its term not yet over)."""
    return f.acceso == Acceso.RESERVADA and (f.reserva_vence is None or f.reserva_vence > today)
