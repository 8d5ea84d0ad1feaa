"""JSON API of loans (préstamos)."""

from flask import request
from flask_smorest import Blueprint

from archivo.api import body
from archivo.auth.current import require_login
from archivo.loans import service
from archivo.loans.models import EstadoPrestamo
from archivo.loans.schemas import (
    DeliverSchema,
    LoanInputSchema,
    LoanOutputSchema,
    RenewSchema,
    ReturnSchema,
)
from archivo.web import json_body

blp = Blueprint("loans_api", __name__, url_prefix="/api/v1",
                description="Préstamos de expedientes del archivo de concentración")
OUT = LoanOutputSchema()


@blp.get("/prestamos")
@blp.response(200, LoanOutputSchema(many=True))
def list_loans():
    """Loans (query: estado)."""
    estado = request.args.get("estado")
    return service.list_loans(require_login(),
                              estado=EstadoPrestamo(estado) if estado in set(EstadoPrestamo)
                              else None)


@blp.get("/prestamos/vencidos")
@blp.response(200, LoanOutputSchema(many=True))
def overdue():
    """Delivered loans past their due date."""
    return service.overdue_loans(require_login())


@blp.post("/prestamos")
@blp.doc(**body(LoanInputSchema))
def request_loan():
    """Request a loan for a unit."""
    return OUT.dump(service.request_loan(require_login(), json_body())), 201


@blp.post("/prestamos/<int:loan_id>/entregar")
@blp.doc(**body(DeliverSchema))
@blp.response(200, LoanOutputSchema)
def deliver(loan_id: int):
    """Hand the expediente over."""
    return service.deliver_loan(require_login(), loan_id, json_body())


@blp.post("/prestamos/<int:loan_id>/renovar")
@blp.doc(**body(RenewSchema))
@blp.response(200, LoanOutputSchema)
def renew(loan_id: int):
    """Move the due date to a later day (prórroga; at most three times)."""
    return service.renew_loan(require_login(), loan_id, json_body())


@blp.post("/prestamos/<int:loan_id>/devolver")
@blp.doc(**body(ReturnSchema))
@blp.response(200, LoanOutputSchema)
def give_back(loan_id: int):
    """Record its return."""
    return service.return_loan(require_login(), loan_id, json_body())


@blp.post("/prestamos/<int:loan_id>/cancelar")
@blp.response(200, LoanOutputSchema)
def cancel(loan_id: int):
    """Cancel an undelivered request."""
    return service.cancel_loan(require_login(), loan_id, {})
