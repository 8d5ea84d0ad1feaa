"""The transfers and bajas an expediente went through: its lifecycle evidence, shown on
its own page (the procedures audit themselves under their own subject, not the file's)."""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from archivo.auth import policies
from archivo.db import get_session
from archivo.disposals.models import Baja, BajaItem
from archivo.transfers.models import Transferencia, TransferenciaItem


@dataclass(frozen=True)
class Procedimiento:
    """One procedure as it concerns one expediente."""

    clase: str  # "transferencia" or "baja"
    id: int
    numero: str
    tipo: str | None  # primaria / secundaria for transfers
    estado: str  # the procedure's state
    estado_item: str  # this expediente's fate in it (aceptado, devuelto, ejecutado...)
    nota: str | None  # why it was returned or excluded
    fecha: dt.datetime
    acta: str | None = None  # acta de baja folio, once executed
    acta_fecha: dt.date | None = None
    dictamen: str | None = None


def procedures_of(actor, expediente_id: int) -> list[Procedimiento]:
    """Every transfer and baja that listed the expediente, oldest first."""
    policies.require(actor, "read")
    session = get_session()
    t, ti = Transferencia, TransferenciaItem
    out = [Procedimiento("transferencia", r.id, r.numero, r.tipo.value, r.estado.value,
                         r.item.value, r.observacion, r.created_at)
           for r in session.execute(
               select(t.id, t.numero, t.tipo, t.estado, ti.estado.label("item"), ti.observacion,
                      t.created_at)
               .join(ti, ti.transferencia_id == t.id).where(ti.expediente_id == expediente_id))]
    out += [Procedimiento("baja", r.id, r.numero, None, r.estado.value, r.item.value,
                          r.motivo_exclusion, r.created_at, r.acta_folio, r.acta_fecha,
                          r.dictamen_numero)
            for r in session.execute(
                select(Baja.id, Baja.numero, Baja.estado, BajaItem.estado.label("item"),
                       BajaItem.motivo_exclusion, Baja.created_at, Baja.acta_folio,
                       Baja.acta_fecha, Baja.dictamen_numero)
                .join(BajaItem, BajaItem.baja_id == Baja.id)
                .where(BajaItem.expediente_id == expediente_id))]
    return sorted(out, key=lambda p: (p.fecha, p.clase, p.id))
