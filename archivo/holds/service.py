"""Use cases of holds: place on an expediente or serie, lift with a reason, list."""

from sqlalchemy import or_, select

from archivo.audit import service as audit
from archivo.auth import policies
from archivo.catalog.models import Serie
from archivo.db import get_session, utcnow
from archivo.errors import DomainError, InvalidTransition, NotFound
from archivo.holds.models import Congelamiento
from archivo.holds.schemas import HoldInputSchema, LiftSchema
from archivo.records.enums import Etapa
from archivo.records.models import Expediente
from archivo.search.outbox import enqueue
from archivo.uow import UnitOfWork, transactional

FIELDS = ("expediente_id", "serie_id", "motivo", "referencia", "descripcion", "levantado_at",
          "motivo_levantamiento")


def _snap(h: Congelamiento) -> dict:
    return {n: getattr(h, n) for n in FIELDS}


def _lock(session, model, ident):
    """Load a row FOR UPDATE, so a hold and a baja execution on it serialise (PostgreSQL)."""
    return session.scalars(select(model).where(model.id == ident).with_for_update(of=model)
                           .execution_options(populate_existing=True)).first()


@transactional
def place_hold(actor, data: dict, *, uow: UnitOfWork) -> Congelamiento:
    """Freeze an expediente or a serie (and its subseries): no baja, no secondary transfer."""
    policies.require(actor, "hold.write")
    values = HoldInputSchema().load(data)
    session = uow.session
    if values["expediente_id"]:
        exp = _lock(session, Expediente, values["expediente_id"])
        if exp is None:
            raise NotFound("El expediente no existe.")
        if exp.etapa == Etapa.BAJA:
            raise InvalidTransition("El expediente {clave} ya fue dado de baja: no se puede "
                                    "congelar.", clave=exp.clave)
        fondo_id = exp.fondo_id
    else:
        serie = _lock(session, Serie, values["serie_id"])
        if serie is None:
            raise NotFound("La serie no existe.")
        fondo_id = serie.fondo_id
    check_not_duplicate(session, values)
    hold = Congelamiento(fondo_id=fondo_id, created_by_id=actor.id, **values)
    session.add(hold)
    session.flush()
    audit.record(uow, actor, "congelamiento.colocar", "congelamiento", hold.id, after=_snap(hold))
    if hold.expediente_id:
        audit.record(uow, actor, "expediente.congelar", "expediente", hold.expediente_id,
                     after={"congelamiento_id": hold.id, "motivo": hold.motivo,
                            "referencia": hold.referencia})
    enqueue(uow, _held_ids(uow.session, hold))
    return hold


def _held_ids(session, hold: Congelamiento):
    """Expedientes a hold covers (a serie's include its subseries'): the search index shows
    holds to staff, so each of them is re-indexed when a hold is placed or lifted."""
    if hold.expediente_id:
        return [hold.expediente_id]
    series = select(Serie.id).where(or_(Serie.id == hold.serie_id,
                                        Serie.parent_id == hold.serie_id))
    return session.scalars(select(Expediente.id).where(Expediente.serie_id.in_(series),
                                                       Expediente.etapa != Etapa.BAJA))


@transactional
def lift_hold(actor, hold_id: int, data: dict, *, uow: UnitOfWork) -> Congelamiento:
    """Lift a hold with the reason (e.g. the audit closed, the ruling is final)."""
    policies.require(actor, "hold.write")
    hold = _lock(uow.session, Congelamiento, hold_id)
    if hold is None:
        raise NotFound("El congelamiento no existe.")
    if hold.levantado_at is not None:
        raise InvalidTransition("El congelamiento #{id} ya fue levantado.", id=hold.id)
    values = LiftSchema().load(data)
    before = _snap(hold)
    hold.levantado_at, hold.levantado_by_id = utcnow(), actor.id
    hold.motivo_levantamiento = values["motivo"]
    uow.session.flush()
    audit.record(uow, actor, "congelamiento.levantar", "congelamiento", hold.id, before=before,
                 after=_snap(hold))
    if hold.expediente_id:
        audit.record(uow, actor, "expediente.descongelar", "expediente", hold.expediente_id,
                     after={"congelamiento_id": hold.id, "motivo": values["motivo"]})
    enqueue(uow, _held_ids(uow.session, hold))
    return hold


def list_holds(actor, *, fondo_id: int | None = None, activos: bool | None = True
               ) -> list[Congelamiento]:
    """Holds of a fondo (active ones by default)."""
    policies.require(actor, "read")
    q = select(Congelamiento)
    if fondo_id is not None:
        q = q.where(Congelamiento.fondo_id == fondo_id)
    if activos is not None:
        q = q.where(Congelamiento.levantado_at.is_(None) if activos
                    else Congelamiento.levantado_at.is_not(None))
    return list(get_session().scalars(q.order_by(Congelamiento.id)))


def holds_on_expediente(actor, expediente_id: int, *, activos: bool = True
                        ) -> list[Congelamiento]:
    """Holds that affect an expediente: its own and those on its serie or parent serie."""
    policies.require(actor, "read")
    session = get_session()
    exp = session.get(Expediente, expediente_id)
    if exp is None:
        raise NotFound("El expediente no existe.")
    series = [exp.serie_id] + ([exp.serie.parent_id] if exp.serie.parent_id else [])
    q = select(Congelamiento).where(or_(Congelamiento.expediente_id == exp.id,
                                        Congelamiento.serie_id.in_(series)))
    if activos:
        q = q.where(Congelamiento.levantado_at.is_(None))
    return list(session.scalars(q.order_by(Congelamiento.id)))


def get_hold(actor, hold_id: int) -> Congelamiento:
    """One hold or NotFound."""
    policies.require(actor, "read")
    hold = get_session().get(Congelamiento, hold_id)
    if hold is None:
        raise NotFound("El congelamiento no existe.")
    return hold


def check_not_duplicate(session, values: dict) -> None:
    """Reject the same reference placed twice on the same object while active."""
    dup = session.scalar(select(Congelamiento.id).where(
        Congelamiento.expediente_id == values.get("expediente_id"),
        Congelamiento.serie_id == values.get("serie_id"),
        Congelamiento.referencia == values["referencia"], Congelamiento.levantado_at.is_(None)))
    if dup:
        raise DomainError("Ya existe un congelamiento activo con esa referencia.",
                          field="referencia")
