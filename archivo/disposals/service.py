"""Use cases of the baja documental up to the dictamen: propose, items, GI review, dictamen."""

import datetime as dt
from collections import Counter

from sqlalchemy import func, insert, select

from archivo.audit import service as audit
from archivo.auth import policies
from archivo.catalog.models import Serie
from archivo.catalog.service import get_fondo
from archivo.db import get_session, utcnow
from archivo.disposals.models import Baja, BajaItem, EstadoBaja, EstadoItemBaja, VotoGI
from archivo.disposals.rules import disposal_failures
from archivo.disposals.schemas import (
    BajaInputSchema,
    BajaItemsSchema,
    DictamenSchema,
    GIDecisionSchema,
    VoteSchema,
)
from archivo.disposals.states import STEPS
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
from archivo.uow import UnitOfWork, transactional

LABEL = "baja"
HEADER = ("numero", "estado", "descripcion", "gi_decision", "gi_acta", "gi_fecha",
          "dictamen_numero", "dictamen_fecha", "dictamen_autoridad", "acta_folio", "acta_fecha")


def header(b: Baja) -> dict:
    """The audited view of a baja header."""
    return {n: getattr(b, n) for n in HEADER}


def load_baja(baja_id: int, session=None, *, lock: bool = False) -> Baja:
    """A baja by id or NotFound (optionally row-locked, refreshed)."""
    session = session or get_session()
    q = select(Baja).where(Baja.id == baja_id)
    if lock:
        q = q.with_for_update().execution_options(populate_existing=True)
    b = session.scalars(q).first()
    if b is None:
        raise NotFound("La baja no existe.")
    return b


def get_baja(actor, baja_id: int) -> Baja:
    """A baja for staff (auditors included)."""
    policies.require(actor, "read")
    return load_baja(baja_id)


def eligible_for_baja(actor, fondo_id: int, *, serie_ids=(), today: dt.date | None = None
                      ) -> list:
    """Expedientes that pass the disposal guard today and are in no other open procedure."""
    policies.require(actor, "baja.propose")
    return _eligible(get_session(), fondo_id, serie_ids, today or dt.date.today())


def _eligible(session, fondo_id, serie_ids, today, baja_id=None) -> list:
    conds = [Expediente.fondo_id == fondo_id, Expediente.etapa == Etapa.CONCENTRACION,
             Expediente.vence_destino_final <= today]
    if serie_ids:
        children = select(Serie.id).where(Serie.parent_id.in_(list(serie_ids)))
        conds.append(Expediente.serie_id.in_(list(serie_ids)) | Expediente.serie_id.in_(children))
    facts = [f for f in load_facts(session, *conds) if not disposal_failures(f, today)]
    busy = busy_ids(session, [f.id for f in facts], baja_id=baja_id)
    return [f for f in facts if f.id not in busy]


def _add(session, b: Baja, ids, today: dt.date) -> list[int]:
    """Guard every id (a blocked one is named in the 409) and insert the items in bulk."""
    ids = sorted(set(ids))
    if not ids:
        return []
    facts = facts_to_add(session, ids, b.fondo_id)
    reject_failures({i: disposal_failures(f, today) for i, f in facts.items()},
                    {i: f.clave for i, f in facts.items()}, "incluir en la baja")
    reject_busy(session, facts, baja_id=b.id)
    return _insert(session, b, [facts[i] for i in ids])


def _insert(session, b: Baja, facts: list) -> list[int]:
    already = set(session.scalars(select(BajaItem.expediente_id).where(BajaItem.baja_id == b.id)))
    rows = [{"baja_id": b.id, "expediente_id": f.id, "serie_id": f.serie_id}
            for f in facts if f.id not in already]
    for batch in chunks(rows, 2000):
        session.execute(insert(BajaItem), batch)
    return [r["expediente_id"] for r in rows]


@transactional
@conflict_on_stale
def propose_baja(actor, fondo_id: int, data: dict, *, uow: UnitOfWork,
                 today: dt.date | None = None) -> Baja:
    """Open a baja proposal (concentración) with explicit and/or all eligible expedientes."""
    policies.require(actor, "baja.propose")
    values = BajaInputSchema().load(data)
    fondo = get_fondo(fondo_id)
    session, today = uow.session, today or dt.date.today()
    b = Baja(fondo_id=fondo.id, numero=next_numero(session, Baja, fondo.id, "BD"),
             descripcion=values["descripcion"], created_by_id=actor.id)
    session.add(b)
    session.flush()
    added = _add(session, b, values["expediente_ids"], today)
    if values["todos_elegibles"]:
        added += _insert(session, b, _eligible(session, fondo.id, values["serie_ids"], today,
                                               baja_id=b.id))
    audit.record(uow, actor, "baja.proponer", LABEL, b.id,
                 after={**header(b), "expediente_ids": sorted(added)})
    return b


@transactional
@conflict_on_stale
def add_baja_items(actor, baja_id: int, data: dict, *, uow: UnitOfWork,
                   today: dt.date | None = None) -> Baja:
    """Add expedientes to a draft; each must pass the disposal guard."""
    b = load_baja(baja_id, uow.session, lock=True)
    check_step(STEPS["editar"], b, actor, etiqueta=LABEL)
    values = BajaItemsSchema().load(data)
    added = _add(uow.session, b, values["expediente_ids"], today or dt.date.today())
    touch(b)
    audit.record(uow, actor, "baja.agregar", LABEL, b.id, after={"expediente_ids": added})
    return b


@transactional
@conflict_on_stale
def remove_baja_items(actor, baja_id: int, data: dict, *, uow: UnitOfWork) -> Baja:
    """Take expedientes out of a draft."""
    b = load_baja(baja_id, uow.session, lock=True)
    check_step(STEPS["editar"], b, actor, etiqueta=LABEL)
    ids = delete_items(uow.session, BajaItem.baja_id, b.id,
                       BajaItemsSchema().load(data)["expediente_ids"])
    touch(b)
    audit.record(uow, actor, "baja.quitar", LABEL, b.id, after={"expediente_ids": ids})
    return b


def count_items(session, baja_id: int, estado: EstadoItemBaja | None = None) -> int:
    """How many expedientes the baja holds (in that state)."""
    return count_procedure_items(session, BajaItem.baja_id, baja_id, estado)


@transactional
@conflict_on_stale
def submit_baja(actor, baja_id: int, data: dict, *, uow: UnitOfWork,
                expected_version: int | None = None) -> Baja:
    """Sign the inventario de baja and send it to the Grupo Interdisciplinario."""
    b = load_baja(baja_id, uow.session)
    check_step(STEPS["enviar"], b, actor, etiqueta=LABEL)
    check_version(b, expected_version)
    if not count_items(uow.session, b.id):
        raise DomainError("La baja {numero} no tiene expedientes.", numero=b.numero)
    before = header(b)
    b.estado = EstadoBaja.EN_REVISION
    b.inventario_firmado_at, b.inventario_firmado_by_id = utcnow(), actor.id
    uow.session.flush()
    audit.record(uow, actor, "baja.enviar_gi", LABEL, b.id, before=before,
                 after={**header(b), "inventario_firmado_por": actor.id,
                        "expedientes": count_items(uow.session, b.id)})
    return b


@transactional
@conflict_on_stale
def vote_baja(actor, baja_id: int, data: dict, *, uow: UnitOfWork) -> VotoGI:
    """Record one GI member's vote (once per member; never the proposer)."""
    # Locked: the vote bumps the baja's version, so two members voting at once queue.
    b = load_baja(baja_id, uow.session, lock=True)
    check_step(STEPS["votar"], b, actor, etiqueta=LABEL)
    values = VoteSchema().load(data)
    if uow.session.scalar(select(VotoGI.id).where(VotoGI.baja_id == b.id,
                                                  VotoGI.usuario_id == actor.id)):
        raise DomainError("Usted ya votó sobre la baja {numero}.", numero=b.numero)
    vote = VotoGI(baja_id=b.id, usuario_id=actor.id, **values)
    uow.session.add(vote)
    touch(b)  # a decision counted before this vote is stale
    uow.session.flush()
    audit.record(uow, actor, "baja.votar", LABEL, b.id,
                 after={"voto": vote.voto, "comentario": vote.comentario})
    return vote


# Votes on record before the GI's approval of a baja can be recorded.
MIN_GI_VOTES = 2


@transactional
@conflict_on_stale
def decide_baja(actor, baja_id: int, data: dict, *, uow: UnitOfWork,
                expected_version: int | None = None) -> Baja:
    """Record the GI's collegiate decision with its acta; it must match the members' votes."""
    b = load_baja(baja_id, uow.session)
    check_step(STEPS["decidir"], b, actor, etiqueta=LABEL)
    check_version(b, expected_version)
    values = GIDecisionSchema().load(data)
    votes = Counter(uow.session.scalars(select(VotoGI.voto).where(VotoGI.baja_id == b.id)))
    favor, contra = votes.get("a_favor", 0), votes.get("en_contra", 0)
    # An approval is the GI's, a collegiate body: at least MIN_GI_VOTES of its members must
    # have voted, so that nobody (a member, or whoever holds baja.review) approves a
    # destruction alone.
    if values["decision"] == "aprobada" and votes.total() < MIN_GI_VOTES:
        raise DomainError("Para aprobar la baja deben haber votado al menos {minimo} "
                          "integrantes del Grupo Interdisciplinario ({votos} hasta ahora).",
                          field="decision", minimo=MIN_GI_VOTES, votos=votes.total())
    if votes and values["decision"] == "aprobada" and favor <= contra:
        raise DomainError("La decisión no corresponde a los votos registrados ({favor} a favor, "
                          "{contra} en contra).", field="decision", favor=favor, contra=contra)
    if votes and values["decision"] == "rechazada" and favor > contra:
        raise DomainError("La decisión no corresponde a los votos registrados ({favor} a favor, "
                          "{contra} en contra).", field="decision", favor=favor, contra=contra)
    before = header(b)
    b.estado = (EstadoBaja.APROBADA_GI if values["decision"] == "aprobada"
                else EstadoBaja.RECHAZADA)
    b.gi_decision, b.gi_acta, b.gi_fecha = (values["decision"], values["acta_gi"],
                                            values["fecha_sesion"])
    b.gi_comentario = values["comentario"]
    b.gi_decidida_at, b.gi_decidida_by_id = utcnow(), actor.id
    uow.session.flush()
    audit.record(uow, actor, "baja.decision_gi", LABEL, b.id, before=before,
                 after={**header(b), "votos": dict(votes)})
    return b


@transactional
@conflict_on_stale
def record_dictamen(actor, baja_id: int, data: dict, *, uow: UnitOfWork,
                    expected_version: int | None = None) -> Baja:
    """Record the archive authority's dictamen (number, date, authority)."""
    b = load_baja(baja_id, uow.session)
    check_step(STEPS["dictaminar"], b, actor, etiqueta=LABEL)
    check_version(b, expected_version)
    values = DictamenSchema().load(data)
    if b.gi_fecha and values["fecha"] < b.gi_fecha:
        raise DomainError("El dictamen no puede ser anterior a la sesión del GI ({fecha}).",
                          field="fecha", fecha=b.gi_fecha)
    before = header(b)
    b.estado = EstadoBaja.DICTAMINADA
    b.dictamen_numero, b.dictamen_fecha = values["numero"], values["fecha"]
    b.dictamen_autoridad = values["autoridad"] or get_fondo(b.fondo_id).autoridad_archivistica
    b.dictamen_registrado_at, b.dictamen_registrado_by_id = utcnow(), actor.id
    uow.session.flush()
    audit.record(uow, actor, "baja.dictamen", LABEL, b.id, before=before, after=header(b))
    return b


@transactional
@conflict_on_stale
def cancel_baja(actor, baja_id: int, data: dict, *, uow: UnitOfWork) -> Baja:
    """Cancel a baja that was not executed; nothing is destroyed."""
    b = load_baja(baja_id, uow.session)
    check_step(STEPS["cancelar"], b, actor, etiqueta=LABEL)
    before = header(b)
    b.estado = EstadoBaja.CANCELADA
    b.cancelada_at, b.cancelada_by_id = utcnow(), actor.id
    uow.session.flush()
    audit.record(uow, actor, "baja.cancelar", LABEL, b.id, before=before, after=header(b))
    return b


def list_bajas(actor, *, fondo_id: int | None = None, estado: EstadoBaja | None = None
               ) -> list[Baja]:
    """Bajas, newest first."""
    policies.require(actor, "read")
    q = select(Baja)
    if fondo_id is not None:
        q = q.where(Baja.fondo_id == fondo_id)
    if estado is not None:
        q = q.where(Baja.estado == estado)
    return list(get_session().scalars(q.order_by(Baja.id.desc())))


def baja_inventory(actor, baja_id: int) -> dict:
    """The inventario de baja grouped by serie (counts, boxes, fechas extremas) and its items."""
    policies.require(actor, "read")
    b = load_baja(baja_id)
    session = get_session()
    groups = session.execute(
        select(Serie.id, Serie.codigo, Serie.nombre, func.count(BajaItem.id),
               func.min(Expediente.fecha_apertura), func.max(Expediente.fecha_cierre),
               func.count(func.distinct(Expediente.ubicacion_caja)))
        .join(BajaItem, BajaItem.serie_id == Serie.id)
        .join(Expediente, Expediente.id == BajaItem.expediente_id)
        .where(BajaItem.baja_id == b.id).group_by(Serie.id, Serie.codigo, Serie.nombre)
        .order_by(Serie.codigo)).all()
    items = session.execute(
        select(BajaItem.expediente_id, Expediente.clave, Expediente.titulo, BajaItem.serie_id,
               BajaItem.estado, BajaItem.motivo_exclusion, Expediente.acceso)
        .join(Expediente, Expediente.id == BajaItem.expediente_id)
        .where(BajaItem.baja_id == b.id).order_by(Expediente.clave)).all()
    hidden = hidden_accesos(actor)
    return {"baja": b, "series": [
        {"serie_id": g[0], "codigo": g[1], "nombre": g[2], "expedientes": g[3],
         "fecha_inicial": g[4], "fecha_final": g[5], "cajas": g[6]} for g in groups],
        "items": [_listed(dict(r._mapping), hidden) for r in items]}


def _listed(item: dict, hidden) -> dict:
    """An inventory row as the actor may read it (a confidential title is masked)."""
    if item.pop("acceso") in hidden:
        item["titulo"] = CONFIDENTIAL_TITLE
    return item
