"""The disposal guard on a baja's items as execution runs it: shared by execution and preview."""

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from archivo.disposals.models import Baja, BajaItem, EstadoItemBaja
from archivo.disposals.rules import Autorizacion, Motivo, disposal_failures
from archivo.holds.blocking import facts_for_ids
from archivo.holds.rules import ExpedienteFacts


def autorizacion(b: Baja) -> Autorizacion:
    """Condition 6 as the baja's file proves it: GI approval, dictamen and signed inventario."""
    return Autorizacion(gi_aprobada=b.gi_decision == "aprobada",
                        dictamen=bool(b.dictamen_numero),
                        inventario_firmado=b.inventario_firmado_at is not None)


def proposed_ids(session: Session, b: Baja) -> list[int]:
    """Expedientes of the baja still proposed (neither executed nor excluded), by id."""
    return list(session.scalars(select(BajaItem.expediente_id).where(
        BajaItem.baja_id == b.id, BajaItem.estado == EstadoItemBaja.PROPUESTO)
        .order_by(BajaItem.expediente_id)))


def execution_failures(session: Session, b: Baja, ids: list[int], today: dt.date
                       ) -> tuple[dict[int, ExpedienteFacts], dict[int, list[Motivo]]]:
    """Facts of each expediente and every condition it fails today, condition 6 included."""
    auth = autorizacion(b)
    facts = facts_for_ids(session, ids)
    return facts, {i: disposal_failures(f, today, auth) for i, f in facts.items()}
