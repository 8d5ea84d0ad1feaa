"""HTML views of préstamos: list with overdue ones highlighted, request, deliver, return."""

import datetime as dt

from flask import Blueprint, render_template, request
from flask_babel import gettext as _

from archivo.auth.current import current_actor
from archivo.catalog import service as catalog
from archivo.catalog.views import current_fondo
from archivo.i18n import N_
from archivo.loans import service
from archivo.loans.models import EstadoPrestamo
from archivo.records.views import unit_choices
from archivo.transfers.view_helpers import expediente_by_clave, install
from archivo.ui import attempt, done, form_data, login_required, render_invalid, require

bp = Blueprint("loans", __name__, url_prefix="/prestamos")
install(bp)


def _list_context(fondo) -> dict:
    value = request.args.get("estado", "")
    estado = EstadoPrestamo(value) if value in {e.value for e in EstadoPrestamo} else None
    loans = service.list_loans(current_actor(), estado=estado)
    return {"loans": loans, "estados": list(EstadoPrestamo), "today": dt.date.today(),
            "units": {u.id: u.nombre for u in catalog.list_unidades(fondo.id)},
            "overdue": sum(1 for p in loans if p.vencido(dt.date.today()))}


@bp.get("")
@login_required
def index():
    """Loans, newest first; overdue ones first in the reader's eye (highlighted)."""
    fondo = current_fondo()
    return render_template("loans/list.html", errors={}, form=request.args,
                           **_list_context(fondo))


def _request(actor, fondo_id: int, data: dict):
    """Resolve the expediente's key, then request the loan."""
    data["expediente_id"] = expediente_by_clave(actor, fondo_id, data.pop("clave", None)).id
    return service.request_loan(actor, data)


@bp.route("/nuevo", methods=["GET", "POST"])
@login_required
def create():
    """A unit asks concentración for an expediente until a date."""
    fondo = current_fondo()
    actor = require("loan.request")
    context = {"unidades": unit_choices(fondo.id)}
    if request.method == "GET":
        form = {"unidad_id": actor.unidad_id or "", "clave": request.args.get("clave", "")}
        return render_template("loans/form.html", errors={}, form=form, **context)
    loan, errors = attempt(_request, actor, fondo.id,
                           form_data(keep=("unidad_id", "fecha_vencimiento")))
    if errors:
        return render_invalid("loans/form.html", errors, **context)
    return done(_("Préstamo #%(id)s solicitado.", id=loan.id), "loans.index")


STEPS = {
    "entregar": (service.deliver_loan, "recibido_por", N_("Préstamo #%(id)s entregado.")),
    "renovar": (service.renew_loan, "fecha_vencimiento",
                N_("Préstamo #%(id)s renovado hasta la nueva fecha.")),
    "devolver": (service.return_loan, "observacion", N_("Préstamo #%(id)s devuelto.")),
    "cancelar": (service.cancel_loan, "observacion", N_("Préstamo #%(id)s cancelado.")),
}


@bp.post("/<int:loan_id>/<any(entregar, renovar, devolver, cancelar):paso>")
@login_required
def step(loan_id: int, paso: str):
    """Deliver, renew, return or cancel a loan (concentración)."""
    fn, field, message = STEPS[paso]
    value = request.form.get(field, "").strip()
    loan, errors = attempt(fn, current_actor(), loan_id, {field: value or None})
    if errors:
        return render_invalid("loans/list.html", errors, **_list_context(current_fondo()))
    return done(_(message, id=loan.id), "loans.index")
