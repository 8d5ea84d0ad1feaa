"""Use cases of receipt: cotejo item by item, atomic completion, the 45-day notice."""

import datetime as dt

from sqlalchemy import and_, bindparam, select, update

from archivo.audit import service as audit
from archivo.auth import policies
from archivo.catalog.enums import Acceso, TipoArchivo
from archivo.catalog.service import archivo_of
from archivo.db import get_session, utcnow
from archivo.errors import DomainError
from archivo.holds.blocking import chunks, facts_for_ids, lock_expedientes
from archivo.records.enums import Etapa
from archivo.records.models import Expediente
from archivo.search.outbox import enqueue
from archivo.transfers.common import (
    check_step,
    check_version,
    conflict_on_stale,
    expire_expedientes,
    reject_failures,
    touch,
)
from archivo.transfers.models import (
    EstadoItem,
    EstadoTransferencia,
    TipoTransferencia,
    Transferencia,
    TransferenciaItem,
)
from archivo.transfers.rules import primary_failures, secondary_failures
from archivo.transfers.schemas import CotejoInputSchema, DecisionSchema, NoticeSchema
from archivo.transfers.service import LABEL, count_items, header, load_transfer
from archivo.transfers.states import step
from archivo.uow import UnitOfWork, transactional

AVISO_DIAS = 45
TI = TransferenciaItem


@transactional
@conflict_on_stale
def receive_items(actor, transfer_id: int, data: dict, *, uow: UnitOfWork) -> dict:
    """Cotejo: accept (with box and shelf) or return (with an observation) each expediente."""
    t = load_transfer(transfer_id, uow.session, lock=True)
    check_step(step(t.tipo, "cotejar"), t, actor, etiqueta=LABEL)
    values = CotejoInputSchema().load(data)
    session = uow.session
    item_ids = dict(session.execute(select(TI.expediente_id, TI.id).where(
        TI.transferencia_id == t.id)).all())
    now = utcnow()
    rows = []
    for entry in values["items"]:
        if entry["expediente_id"] not in item_ids:
            raise DomainError("El expediente {id} no forma parte de la transferencia {numero}.",
                              id=entry["expediente_id"], numero=t.numero)
        rows.append({"b_id": item_ids[entry["expediente_id"]],
                     "b_estado": (EstadoItem.ACEPTADO if entry["aceptado"]
                                  else EstadoItem.DEVUELTO).value,
                     "b_obs": entry["observacion"], "b_caja": entry["caja"],
                     "b_estante": entry["estante"]})
    table = TransferenciaItem.__table__
    stmt = update(table).where(table.c.id == bindparam("b_id")).values(
        estado=bindparam("b_estado"), observacion=bindparam("b_obs"), caja=bindparam("b_caja"),
        estante=bindparam("b_estante"), cotejado_at=now, cotejado_by_id=actor.id)
    for batch in chunks(rows, 5000):
        session.execute(stmt, batch)  # one executemany per chunk
    pending = values["aceptar_pendientes"]
    if pending:
        session.execute(update(TransferenciaItem).where(
            TI.transferencia_id == t.id, TI.estado == EstadoItem.PENDIENTE).values(
            estado=EstadoItem.ACEPTADO, caja=pending["caja"], estante=pending["estante"],
            cotejado_at=now, cotejado_by_id=actor.id).execution_options(
            synchronize_session=False))
    touch(t)  # a reception decided on the cotejo as it was before is stale
    summary = {e.value: count_items(session, t, e) for e in EstadoItem}
    audit.record(uow, actor, "transferencia.cotejar", LABEL, t.id, after={
        "aceptados": [e["expediente_id"] for e in values["items"] if e["aceptado"]],
        "devueltos": {str(e["expediente_id"]): e["observacion"] for e in values["items"]
                      if not e["aceptado"]},
        "aceptar_pendientes": pending, "resumen": summary})
    return summary


def _location(column: str):
    """Correlated subquery: the item's value for the expediente being updated."""
    return (select(getattr(TI, column)).where(TI.expediente_id == Expediente.id,
                                             TI.transferencia_id == bindparam("tid"))
            .scalar_subquery())


@transactional
@conflict_on_stale
def complete_transfer(actor, transfer_id: int, data: dict, *, uow: UnitOfWork,
                      expected_version: int | None = None,
                      today: dt.date | None = None) -> Transferencia:
    """Move every accepted expediente to the next stage and location in one set-based step."""
    t = load_transfer(transfer_id, uow.session)
    check_step(step(t.tipo, "recibir"), t, actor, etiqueta=LABEL)
    check_version(t, expected_version)
    values = DecisionSchema().load(data)
    session, today = uow.session, today or dt.date.today()
    if pend := count_items(session, t, EstadoItem.PENDIENTE):
        raise DomainError("Quedan {n} expedientes sin cotejar en la transferencia {numero}.",
                          n=pend, numero=t.numero)
    primary = t.tipo == TipoTransferencia.PRIMARIA
    tipo_archivo = TipoArchivo.CONCENTRACION if primary else TipoArchivo.HISTORICO
    destino = archivo_of(t.fondo_id, tipo_archivo)
    if destino is None:
        raise DomainError("Registre el archivo de {tipo} del fondo antes de recibir "
                          "transferencias.", tipo=tipo_archivo.value)
    accepted = list(session.scalars(select(TI.expediente_id).where(
        TI.transferencia_id == t.id, TI.estado == EstadoItem.ACEPTADO).order_by(TI.expediente_id)))
    lock_expedientes(session, accepted)
    # Re-check at completion: a hold, loan or reserve may have appeared since drafting.
    muestreo = set(session.scalars(select(TI.expediente_id).where(
        TI.transferencia_id == t.id, TI.seleccion_muestreo.is_(True))))
    facts = facts_for_ids(session, accepted)
    if primary:
        failures = {i: primary_failures(f, today, t.unidad_id) for i, f in facts.items()}
    else:
        failures = {i: secondary_failures(f, today, i in muestreo) for i, f in facts.items()}
    reject_failures(failures, {i: f.clave for i, f in facts.items()}, "recibir")
    before = header(t)
    selected = select(TI.expediente_id).where(TI.transferencia_id == t.id,
                                             TI.estado == EstadoItem.ACEPTADO)
    moved = {"etapa": Etapa.CONCENTRACION if primary else Etapa.HISTORICO,
             "archivo_id": destino.id, "ubicacion_edificio": None,
             "ubicacion_caja": _location("caja"), "ubicacion_estante": _location("estante"),
             "version_id": Expediente.version_id + 1, "updated_at": utcnow()}
    stmt = update(Expediente).where(Expediente.id.in_(selected)).execution_options(
        synchronize_session=False)
    session.execute(stmt.values(**moved), {"tid": t.id})
    if not primary:
        _open_access(session, t, selected)
    expire_expedientes(session)
    t.estado = EstadoTransferencia.RECIBIDA
    t.recibida_at, t.recibida_by_id = utcnow(), actor.id
    t.archivo_destino_id = destino.id
    t.comentario = values["comentario"]
    if not primary:
        t.aviso_vence = today + dt.timedelta(days=AVISO_DIAS)
    session.flush()
    claves = {i: f.clave for i, f in facts.items()}
    audit.record(uow, actor, "transferencia.recibir", LABEL, t.id, before=before,
                 after={**header(t), "archivo_destino_id": destino.id,
                        "expediente_ids": accepted, "claves": [claves[i] for i in accepted]})
    enqueue(uow, accepted)
    return t


def _open_access(session, t: Transferencia, selected) -> None:
    """In histórico a file is public, except sensitive personal data (70 years)."""
    common = dict(reserva_fecha_clasificacion=None, reserva_plazo_anios=None,
                  reserva_prorroga_anios=None, reserva_fundamento=None, reserva_partes=None)
    session.execute(update(Expediente).where(
        Expediente.id.in_(selected), Expediente.datos_personales_sensibles.is_(False))
        .values(acceso=Acceso.PUBLICA, confidencial_fundamento=None, **common)
        .execution_options(synchronize_session=False))
    sensitive = session.execute(
        select(TI.expediente_id, TI.restringido_hasta).join(
            Expediente, Expediente.id == TI.expediente_id)
        .where(TI.transferencia_id == t.id, TI.estado == EstadoItem.ACEPTADO,
               Expediente.datos_personales_sensibles.is_(True))).all()
    table = Expediente.__table__
    stmt = update(table).where(table.c.id == bindparam("b_id")).values(
        acceso=Acceso.CONFIDENCIAL.value, confidencial_fundamento=bindparam("b_texto"), **common)
    rows = [{"b_id": eid, "b_texto": (
        f"Datos personales sensibles: acceso restringido hasta {hasta.isoformat()} "
        "(70 años desde su creación).")} for eid, hasta in sensitive]
    for batch in chunks(rows, 2000):
        session.execute(stmt, batch)


@transactional
@conflict_on_stale
def record_notice(actor, transfer_id: int, data: dict, *, uow: UnitOfWork) -> Transferencia:
    """Record the notice of a secondary transfer sent to the archive authority."""
    t = load_transfer(transfer_id, uow.session)
    if t.tipo != TipoTransferencia.SECUNDARIA:
        raise DomainError("Solo las transferencias secundarias requieren aviso a la autoridad.")
    check_step(step(t.tipo, "avisar"), t, actor, etiqueta=LABEL)
    values = NoticeSchema().load(data)
    if t.recibida_at and values["fecha"] < t.recibida_at.date():
        raise DomainError("El aviso no puede ser anterior a la recepción ({fecha}).",
                          field="fecha", fecha=t.recibida_at.date())
    before = header(t)
    t.aviso_fecha, t.aviso_referencia = values["fecha"], values["referencia"]
    uow.session.flush()
    audit.record(uow, actor, "transferencia.aviso", LABEL, t.id, before=before,
                 after={**header(t), "en_plazo": t.aviso_fecha <= t.aviso_vence})
    return t


def pending_notices(actor, fondo_id: int, *, today: dt.date | None = None) -> list[dict]:
    """Secondary transfers whose 45-day notice is still pending (overdue ones flagged)."""
    policies.require(actor, "read")
    today = today or dt.date.today()
    rows = get_session().scalars(select(Transferencia).where(and_(
        Transferencia.fondo_id == fondo_id, Transferencia.tipo == TipoTransferencia.SECUNDARIA,
        Transferencia.estado == EstadoTransferencia.RECIBIDA,
        Transferencia.aviso_fecha.is_(None))).order_by(Transferencia.aviso_vence))
    return [{"transferencia_id": t.id, "numero": t.numero, "aviso_vence": t.aviso_vence,
             "vencido": t.aviso_vence < today, "dias_restantes": (t.aviso_vence - today).days}
            for t in rows]
