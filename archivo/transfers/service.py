"""Use cases of transfers: propose, draft, add/remove items, authorise, cancel, list."""

import datetime as dt

from sqlalchemy import func, insert, select

from archivo.audit import service as audit
from archivo.auth import policies
from archivo.catalog.service import get_fondo, get_unidad
from archivo.db import get_session, utcnow
from archivo.disposals.rules import restringido_hasta
from archivo.errors import DomainError, NotFound
from archivo.holds.blocking import chunks, load_facts
from archivo.interop.visibility import CONFIDENTIAL_TITLE, hidden_accesos
from archivo.records.enums import Etapa
from archivo.records.models import Expediente
from archivo.transfers.common import (
    busy_ids,
    check_step,
    check_version,
    conflict_on_stale,
    count_procedure_items,
    delete_items,
    facts_to_add,
    next_numero,
    reject_busy,
    reject_failures,
    touch,
)
from archivo.transfers.models import (
    EstadoTransferencia,
    TipoTransferencia,
    Transferencia,
    TransferenciaItem,
)
from archivo.transfers.rules import primary_failures, secondary_failures
from archivo.transfers.schemas import (
    DecisionSchema,
    ItemsInputSchema,
    TransferInputSchema,
    TransferQuerySchema,
)
from archivo.transfers.states import step
from archivo.uow import UnitOfWork, transactional

LABEL = "transferencia"
PREFIX = {TipoTransferencia.PRIMARIA: "TP", TipoTransferencia.SECUNDARIA: "TS"}


def header(t: Transferencia) -> dict:
    """The audited view of a transfer header."""
    return {n: getattr(t, n) for n in (
        "numero", "tipo", "estado", "unidad_id", "criterio_muestreo", "comentario",
        "aviso_vence", "aviso_fecha", "aviso_referencia")}


def load_transfer(transfer_id: int, session=None, *, lock: bool = False) -> Transferencia:
    """A transfer by id or NotFound (optionally row-locked, refreshed: a step that bumps
    its version then waits for, rather than conflicts with, a concurrent one)."""
    session = session or get_session()
    if lock:
        t = session.scalars(select(Transferencia).where(Transferencia.id == transfer_id)
                            .with_for_update().execution_options(populate_existing=True)
                            ).first()
    else:
        t = session.get(Transferencia, transfer_id)
    if t is None:
        raise NotFound("La transferencia no existe.")
    return t


def get_transfer(actor, transfer_id: int) -> Transferencia:
    """A transfer for staff (auditors included)."""
    policies.require(actor, "read")
    return load_transfer(transfer_id)


def _scope(t: Transferencia) -> int | None:
    return t.unidad_id if t.tipo == TipoTransferencia.PRIMARIA else None


def eligible_primary(actor, unidad_id: int, *, today: dt.date | None = None) -> list:
    """Closed expedientes of the unit in trámite whose plazo AT expired and not on loan."""
    policies.require(actor, "transfer.primary.draft", unidad_id=unidad_id)
    today = today or dt.date.today()
    session = get_session()
    facts = load_facts(session, Expediente.unidad_id == unidad_id,
                       Expediente.etapa == Etapa.TRAMITE, Expediente.closed_at.is_not(None),
                       Expediente.vence_transferencia_primaria <= today)
    busy = busy_ids(session, [f.id for f in facts])
    return [f for f in facts if not primary_failures(f, today, unidad_id) and f.id not in busy]


def eligible_secondary(actor, fondo_id: int, *, today: dt.date | None = None) -> list:
    """Expedientes in concentración whose total plazo expired, destino conservación/muestreo."""
    policies.require(actor, "transfer.secondary.draft")
    today = today or dt.date.today()
    session = get_session()
    facts = load_facts(session, Expediente.fondo_id == fondo_id,
                       Expediente.etapa == Etapa.CONCENTRACION,
                       Expediente.vence_destino_final <= today)
    busy = busy_ids(session, [f.id for f in facts])
    return [f for f in facts if f.id not in busy
            and not secondary_failures(f, today, seleccion_muestreo=True)]


@transactional
@conflict_on_stale
def create_transfer(actor, fondo_id: int, data: dict, *, uow: UnitOfWork,
                    today: dt.date | None = None) -> Transferencia:
    """Draft a transfer (optionally with expedientes, or every eligible one)."""
    values = TransferInputSchema().load(data)
    tipo = values["tipo"]
    fondo = get_fondo(fondo_id)
    if tipo == TipoTransferencia.PRIMARIA:
        policies.require(actor, "transfer.primary.draft", unidad_id=values["unidad_id"])
        if get_unidad(values["unidad_id"]).fondo_id != fondo.id:
            raise DomainError("La unidad no pertenece a este fondo.", field="unidad_id")
    else:
        policies.require(actor, "transfer.secondary.draft")
        values["unidad_id"] = None
    session = uow.session
    t = Transferencia(fondo_id=fondo.id, tipo=tipo, unidad_id=values["unidad_id"],
                      numero=next_numero(session, Transferencia, fondo.id, PREFIX[tipo]),
                      observaciones=values["observaciones"],
                      criterio_muestreo=values["criterio_muestreo"],
                      created_by_id=actor.id)
    session.add(t)
    session.flush()
    today = today or dt.date.today()
    added = _add(session, t, list(values["expediente_ids"]), set(values["muestreo_ids"]), today)
    if values["todos_elegibles"] and tipo == TipoTransferencia.PRIMARIA:
        # Already checked by the same rules: insert without loading the facts twice.
        pool = {f.id: f for f in eligible_primary(actor, t.unidad_id, today=today)}
        added += _insert(session, t, [pool[i] for i in sorted(set(pool) - set(added))], set())
    audit.record(uow, actor, "transferencia.crear", LABEL, t.id,
                 after={**header(t), "expediente_ids": added})
    return t


def _add(session, t: Transferencia, ids: list[int], muestreo: set[int], today: dt.date
         ) -> list[int]:
    """Check the rules for every id and insert the items in bulk; returns the ids added."""
    ids = sorted(set(ids))
    if not ids:
        return []
    facts = facts_to_add(session, ids, t.fondo_id)
    if muestreo and not t.criterio_muestreo:
        raise DomainError("Registre el criterio de muestreo antes de incluir expedientes "
                          "seleccionados por muestreo.", field="criterio_muestreo")
    if t.tipo == TipoTransferencia.PRIMARIA:
        failures = {i: primary_failures(f, today, t.unidad_id) for i, f in facts.items()}
        verb = "transferir (primaria)"
    else:
        failures = {i: secondary_failures(f, today, i in muestreo) for i, f in facts.items()}
        verb = "transferir al archivo histórico"
    claves = {i: f.clave for i, f in facts.items()}
    reject_failures(failures, claves, verb)
    reject_busy(session, facts, transfer_id=t.id)
    already = set(session.scalars(select(TransferenciaItem.expediente_id).where(
        TransferenciaItem.transferencia_id == t.id)))
    return _insert(session, t, [facts[i] for i in ids if i not in already], muestreo)


def _insert(session, t: Transferencia, facts: list, muestreo: set[int]) -> list[int]:
    """Bulk-insert the items (facts already checked)."""
    rows = [{"transferencia_id": t.id, "expediente_id": f.id,
             "seleccion_muestreo": f.id in muestreo, "restringido_hasta": restringido_hasta(f)}
            for f in facts]
    for batch in chunks(rows, 2000):
        session.execute(insert(TransferenciaItem), batch)
    return [r["expediente_id"] for r in rows]


@transactional
@conflict_on_stale
def add_transfer_items(actor, transfer_id: int, data: dict, *, uow: UnitOfWork,
                       today: dt.date | None = None) -> Transferencia:
    """Add expedientes to a draft; each is checked and a blocked one is named in the 409."""
    t = load_transfer(transfer_id, uow.session, lock=True)
    check_step(step(t.tipo, "editar"), t, actor, etiqueta=LABEL, unidad_id=_scope(t))
    values = ItemsInputSchema().load(data)
    added = _add(uow.session, t, values["expediente_ids"], set(values["muestreo_ids"]),
                 today or dt.date.today())
    touch(t)
    audit.record(uow, actor, "transferencia.agregar", LABEL, t.id,
                 after={"expediente_ids": added})
    return t


@transactional
@conflict_on_stale
def remove_transfer_items(actor, transfer_id: int, data: dict, *, uow: UnitOfWork
                          ) -> Transferencia:
    """Take expedientes out of a draft."""
    t = load_transfer(transfer_id, uow.session, lock=True)
    check_step(step(t.tipo, "editar"), t, actor, etiqueta=LABEL, unidad_id=_scope(t))
    values = ItemsInputSchema().load(data)
    ids = delete_items(uow.session, TransferenciaItem.transferencia_id, t.id,
                       values["expediente_ids"])
    touch(t)
    audit.record(uow, actor, "transferencia.quitar", LABEL, t.id, after={"expediente_ids": ids})
    return t


def count_items(session, t: Transferencia, estado=None) -> int:
    """How many items the transfer has (in that cotejo state)."""
    return count_procedure_items(session, TransferenciaItem.transferencia_id, t.id, estado)


@transactional
@conflict_on_stale
def authorize_transfer(actor, transfer_id: int, data: dict, *, uow: UnitOfWork,
                       expected_version: int | None = None) -> Transferencia:
    """The área productora (or the coordinación, for secondary ones) authorises the transfer."""
    t = load_transfer(transfer_id, uow.session)
    check_step(step(t.tipo, "autorizar"), t, actor, etiqueta=LABEL, unidad_id=_scope(t))
    check_version(t, expected_version)
    values = DecisionSchema().load(data)
    if not count_items(uow.session, t):
        raise DomainError("La transferencia {numero} no tiene expedientes.", numero=t.numero)
    before = header(t)
    t.estado = EstadoTransferencia.AUTORIZADA
    t.autorizada_at, t.autorizada_by_id = utcnow(), actor.id
    t.comentario = values["comentario"]
    uow.session.flush()
    audit.record(uow, actor, "transferencia.autorizar", LABEL, t.id, before=before,
                 after=header(t))
    return t


@transactional
@conflict_on_stale
def cancel_transfer(actor, transfer_id: int, data: dict, *, uow: UnitOfWork,
                    expected_version: int | None = None) -> Transferencia:
    """Cancel a transfer that has not been received; its expedientes stay where they are."""
    t = load_transfer(transfer_id, uow.session)
    check_step(step(t.tipo, "cancelar"), t, actor, etiqueta=LABEL, unidad_id=_scope(t))
    check_version(t, expected_version)
    values = DecisionSchema().load(data)
    before = header(t)
    t.estado = EstadoTransferencia.CANCELADA
    t.cancelada_at, t.cancelada_by_id = utcnow(), actor.id
    t.comentario = values["comentario"]
    uow.session.flush()
    audit.record(uow, actor, "transferencia.cancelar", LABEL, t.id, before=before,
                 after=header(t))
    return t


def list_transfers(actor, params: dict) -> tuple[list[Transferencia], int, dict]:
    """Filtered, paged list of transfers."""
    policies.require(actor, "read")
    q = TransferQuerySchema().load(params)
    conds = [getattr(Transferencia, n) == q[n] for n in ("fondo_id", "tipo", "estado",
                                                           "unidad_id") if q[n] is not None]
    session = get_session()
    total = session.scalar(select(func.count()).select_from(Transferencia).where(*conds))
    rows = session.scalars(select(Transferencia).where(*conds).order_by(Transferencia.id.desc())
                           .limit(q["per_page"]).offset((q["page"] - 1) * q["per_page"]))
    return list(rows), total, q


def transfer_items(actor, transfer_id: int) -> list[dict]:
    """The inventory of a transfer: every expediente with its cotejo."""
    policies.require(actor, "read")
    load_transfer(transfer_id)
    rows = get_session().execute(
        select(TransferenciaItem, Expediente.clave, Expediente.titulo, Expediente.acceso)
        .join(Expediente, Expediente.id == TransferenciaItem.expediente_id)
        .where(TransferenciaItem.transferencia_id == transfer_id)
        .order_by(Expediente.clave)).all()
    hidden = hidden_accesos(actor)
    return [{**{n: getattr(item, n) for n in (
        "expediente_id", "estado", "observacion", "caja", "estante", "seleccion_muestreo",
        "restringido_hasta")}, "clave": clave,
        "titulo": CONFIDENTIAL_TITLE if acceso in hidden else titulo}
        for item, clave, titulo, acceso in rows]
