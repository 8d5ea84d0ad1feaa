"""Use cases of loans: request, deliver, renew, return, cancel; the overdue list."""

import datetime as dt

from sqlalchemy import select

from archivo.audit import service as audit
from archivo.auth import policies
from archivo.catalog.service import get_unidad
from archivo.db import get_session, utcnow
from archivo.errors import DomainError, InvalidTransition, NotFound
from archivo.i18n import N_
from archivo.loans.models import ACTIVOS, EstadoPrestamo, Prestamo
from archivo.loans.schemas import DeliverSchema, LoanInputSchema, RenewSchema, ReturnSchema
from archivo.records.enums import Etapa
from archivo.records.service import load_expediente
from archivo.transfers.common import busy_ids, conflict_on_stale
from archivo.uow import UnitOfWork, transactional

FIELDS = ("expediente_id", "unidad_id", "estado", "fecha_vencimiento", "recibido_por",
          "observacion_devolucion", "renovaciones")
# Renewals are allowed, but a loan that keeps moving its date is really a transfer back.
MAX_RENOVACIONES = 3


def _snap(p: Prestamo) -> dict:
    return {n: getattr(p, n) for n in FIELDS}


def _load(session, loan_id: int) -> Prestamo:
    loan = session.get(Prestamo, loan_id)
    if loan is None:
        raise NotFound("El préstamo no existe.")
    return loan


# One whole sentence per step: the verb is part of the translatable text, not a parameter.
_NOT_NOW = {
    "entregar": N_("No se puede entregar el préstamo #{id} del expediente {clave}: "
                   "está {estado}."),
    "renovar": N_("No se puede renovar el préstamo #{id} del expediente {clave}: "
                  "está {estado}."),
    "devolver": N_("No se puede devolver el préstamo #{id} del expediente {clave}: "
                   "está {estado}."),
    "cancelar": N_("No se puede cancelar el préstamo #{id} del expediente {clave}: "
                   "está {estado}."),
}


def _require_state(loan: Prestamo, *allowed: EstadoPrestamo, paso: str) -> None:
    if loan.estado not in allowed:
        raise InvalidTransition(_NOT_NOW[paso], paso=paso, id=loan.id,
                                clave=loan.expediente.clave, estado=loan.estado.value)


@transactional
@conflict_on_stale
def request_loan(actor, data: dict, *, uow: UnitOfWork) -> Prestamo:
    """A unit asks concentración for an expediente until a due date."""
    values = LoanInputSchema().load(data)
    policies.require(actor, "loan.request", unidad_id=values["unidad_id"])
    session = uow.session
    exp = load_expediente(values["expediente_id"], session)
    # A unit may ask only for its own expedientes: another unit's file (perhaps
    # confidential) is not its to take, and an open request blocks transfers and bajas.
    policies.require(actor, "loan.request", unidad_id=exp.unidad_id)
    get_unidad(values["unidad_id"])
    if exp.etapa != Etapa.CONCENTRACION:
        raise DomainError("El expediente {clave} no está en el archivo de concentración "
                          "(etapa {etapa}): no se puede prestar.", clave=exp.clave,
                          etapa=exp.etapa.value)
    if session.scalar(select(Prestamo.id).where(Prestamo.expediente_id == exp.id,
                                                Prestamo.estado.in_(ACTIVOS))):
        raise DomainError("El expediente {clave} ya tiene un préstamo activo.", clave=exp.clave)
    busy = busy_ids(session, [exp.id])
    if busy:
        raise DomainError("El expediente {clave} está en el procedimiento {numero}: no se "
                          "puede prestar.", clave=exp.clave, numero=busy[exp.id])
    loan = Prestamo(solicitado_by_id=actor.id, **values)
    session.add(loan)
    session.flush()
    audit.record(uow, actor, "prestamo.solicitar", "prestamo", loan.id, after=_snap(loan))
    audit.record(uow, actor, "expediente.prestamo", "expediente", exp.id,
                 after={"prestamo_id": loan.id, "estado": loan.estado})
    return loan


def _transition(actor, loan_id: int, uow, paso: str, allowed, apply) -> Prestamo:
    policies.require(actor, "loan.manage")
    loan = _load(uow.session, loan_id)
    _require_state(loan, *allowed, paso=paso)
    before = _snap(loan)
    apply(loan)
    uow.session.flush()
    audit.record(uow, actor, f"prestamo.{paso}", "prestamo", loan.id, before=before,
                 after=_snap(loan))
    return loan


@transactional
@conflict_on_stale
def deliver_loan(actor, loan_id: int, data: dict, *, uow: UnitOfWork) -> Prestamo:
    """Concentración hands the expediente over."""
    values = DeliverSchema().load(data)

    def apply(loan):
        loan.estado, loan.entregado_at, loan.entregado_by_id = (
            EstadoPrestamo.ENTREGADO, utcnow(), actor.id)
        loan.recibido_por = values["recibido_por"]

    return _transition(actor, loan_id, uow, "entregar", (EstadoPrestamo.SOLICITADO,), apply)


@transactional
@conflict_on_stale
def renew_loan(actor, loan_id: int, data: dict, *, uow: UnitOfWork) -> Prestamo:
    """Prórroga: move the due date of a requested or delivered loan to a later day."""
    values = RenewSchema().load(data)

    def apply(loan):
        if values["fecha_vencimiento"] <= loan.fecha_vencimiento:
            raise DomainError("La nueva fecha de devolución debe ser posterior a la actual "
                              "({fecha}).", field="fecha_vencimiento",
                              fecha=loan.fecha_vencimiento)
        if loan.renovaciones >= MAX_RENOVACIONES:
            raise DomainError("El préstamo #{id} ya se renovó {n} veces: devuélvalo y "
                              "solicite uno nuevo.", field="fecha_vencimiento", id=loan.id,
                              n=MAX_RENOVACIONES)
        loan.fecha_vencimiento = values["fecha_vencimiento"]
        loan.renovaciones += 1
        if values["motivo"]:
            loan.motivo = f"{loan.motivo or ''}\n[prórroga] {values['motivo']}".strip()

    return _transition(actor, loan_id, uow, "renovar",
                       (EstadoPrestamo.SOLICITADO, EstadoPrestamo.ENTREGADO), apply)


@transactional
@conflict_on_stale
def return_loan(actor, loan_id: int, data: dict, *, uow: UnitOfWork) -> Prestamo:
    """The expediente comes back to concentración."""
    values = ReturnSchema().load(data)

    def apply(loan):
        loan.estado, loan.devuelto_at, loan.devuelto_by_id = (
            EstadoPrestamo.DEVUELTO, utcnow(), actor.id)
        loan.observacion_devolucion = values["observacion"]

    return _transition(actor, loan_id, uow, "devolver", (EstadoPrestamo.ENTREGADO,), apply)


@transactional
@conflict_on_stale
def cancel_loan(actor, loan_id: int, data: dict, *, uow: UnitOfWork) -> Prestamo:
    """Cancel a request that was never delivered."""
    ReturnSchema().load(data)

    def apply(loan):
        loan.estado = EstadoPrestamo.CANCELADO

    return _transition(actor, loan_id, uow, "cancelar", (EstadoPrestamo.SOLICITADO,), apply)


def list_loans(actor, *, estado: EstadoPrestamo | None = None) -> list[Prestamo]:
    """Loans, newest first (optionally by state)."""
    policies.require(actor, "read")
    q = select(Prestamo)
    if estado is not None:
        q = q.where(Prestamo.estado == estado)
    return list(get_session().scalars(q.order_by(Prestamo.id.desc())))


def overdue_loans(actor, *, today: dt.date | None = None) -> list[Prestamo]:
    """Delivered loans past their due date, oldest due first."""
    policies.require(actor, "read")
    today = today or dt.date.today()
    return list(get_session().scalars(select(Prestamo).where(
        Prestamo.estado == EstadoPrestamo.ENTREGADO, Prestamo.fecha_vencimiento < today)
        .order_by(Prestamo.fecha_vencimiento)))
