"""Disposal history for auditors: the chain of events of an expediente, serie or baja."""

from sqlalchemy import and_, or_, select

from archivo.audit import service as audit
from archivo.audit.models import AuditEvent
from archivo.auth import policies
from archivo.catalog.models import Serie
from archivo.db import get_session
from archivo.disposals.models import BajaItem
from archivo.errors import NotFound
from archivo.holds.models import Congelamiento
from archivo.loans.models import Prestamo
from archivo.records.models import Expediente
from archivo.transfers.models import TransferenciaItem


def _subjects(kind: str, ids) -> object:
    ids = [str(i) for i in ids]
    return and_(AuditEvent.subject_type == kind, AuditEvent.subject_id.in_(ids)) if ids else None


def _events(*conditions) -> list[dict]:
    conds = [c for c in conditions if c is not None]
    rows = get_session().scalars(select(AuditEvent).where(or_(*conds)).order_by(AuditEvent.seq))
    return [{"seq": e.seq, "occurred_at": e.occurred_at, "actor_id": e.actor_id,
             "actor_name": e.actor_name, "action": e.action, "subject_type": e.subject_type,
             "subject_id": e.subject_id, "before": e.before, "after": e.after, "hash": e.hash}
            for e in rows]


def disposal_history(actor, kind: str, ident: int) -> dict:
    """Every event about the subject and its procedures, plus a verification of the chain."""
    policies.require(actor, "audit.verify")
    session = get_session()
    if kind == "expediente":
        if session.get(Expediente, ident) is None:
            raise NotFound("El expediente no existe.")
        bajas = session.scalars(select(BajaItem.baja_id).where(BajaItem.expediente_id == ident))
        transfers = session.scalars(select(TransferenciaItem.transferencia_id).where(
            TransferenciaItem.expediente_id == ident))
        holds = session.scalars(select(Congelamiento.id).where(
            Congelamiento.expediente_id == ident))
        loans = session.scalars(select(Prestamo.id).where(Prestamo.expediente_id == ident))
        events = _events(_subjects("expediente", [ident]), _subjects("baja", set(bajas)),
                         _subjects("transferencia", set(transfers)),
                         _subjects("congelamiento", set(holds)), _subjects("prestamo", set(loans)))
    elif kind == "serie":
        if session.get(Serie, ident) is None:
            raise NotFound("La serie no existe.")
        bajas = session.scalars(select(BajaItem.baja_id).where(BajaItem.serie_id == ident)
                                .distinct())
        holds = session.scalars(select(Congelamiento.id).where(Congelamiento.serie_id == ident))
        events = _events(_subjects("serie", [ident]), _subjects("baja", set(bajas)),
                         _subjects("congelamiento", set(holds)))
    elif kind == "baja":
        events = _events(_subjects("baja", [ident]))
        if not events:
            raise NotFound("La baja no existe.")
    else:
        raise NotFound("Tipo de objeto desconocido: use expediente, serie o baja.")
    return {"tipo": kind, "id": ident, "eventos": events,
            "verificacion": audit.verify_chain().to_dict()}
