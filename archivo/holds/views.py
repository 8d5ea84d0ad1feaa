"""HTML views of congelamientos (holds): list, place on an expediente or serie, lift."""

from flask import Blueprint, render_template, request
from flask_babel import gettext as _

from archivo.auth.current import current_actor
from archivo.catalog import service as catalog
from archivo.catalog.views import current_fondo
from archivo.holds import service
from archivo.holds.models import MotivoCongelamiento
from archivo.records import service as records
from archivo.transfers.view_helpers import expediente_by_clave, install, int_arg
from archivo.ui import attempt, can, done, form_data, login_required, render_invalid, require

bp = Blueprint("holds", __name__, url_prefix="/congelamientos")
install(bp)


@bp.app_template_global("active_holds")
def active_holds(expediente_id: int) -> list:
    """Active holds affecting an expediente (its own and its serie's), for its detail page."""
    return service.holds_on_expediente(current_actor(), expediente_id) if can("read") else []


@bp.get("")
@login_required
def index():
    """Active holds (or lifted ones) of the fondo."""
    fondo = current_fondo()
    lifted = request.args.get("estado") == "levantados"
    holds = service.list_holds(current_actor(), fondo_id=fondo.id, activos=not lifted)
    return render_template("holds/list.html", holds=holds, lifted=lifted,
                           **_names(fondo.id, holds))


def _names(fondo_id: int, holds) -> dict:
    """Series by id and expediente keys, to name what each hold covers."""
    return {"series": {s.id: s for s in catalog.list_series(fondo_id)},
            "claves": {h.expediente_id: records.load_expediente(h.expediente_id).clave
                       for h in holds if h.expediente_id}}


def _place(actor, fondo_id: int, data: dict):
    """Resolve the expediente's key (when the scope is one expediente) and place the hold."""
    clave = data.pop("clave", None)
    if data.pop("alcance", "expediente") == "expediente":
        data["expediente_id"] = expediente_by_clave(actor, fondo_id, clave).id
        data.pop("serie_id", None)
    return service.place_hold(actor, data)


@bp.route("/nuevo", methods=["GET", "POST"])
@login_required
def create():
    """Freeze an expediente (by its key) or a whole serie."""
    fondo = current_fondo()
    actor = require("hold.write")
    context = {"series": catalog.list_series(fondo.id), "motivos": list(MotivoCongelamiento)}
    if request.method == "GET":
        exp_id = int_arg("expediente_id")
        form = {"alcance": "expediente", "clave": records.get_expediente(actor, exp_id).clave
                if exp_id else ""}
        return render_template("holds/form.html", errors={}, form=form, **context)
    hold, errors = attempt(_place, actor, fondo.id, form_data(keep=("referencia",)))
    if errors:
        return render_invalid("holds/form.html", errors, **context)
    return done(_("Congelamiento colocado (%(referencia)s).", referencia=hold.referencia),
                "holds.index")


@bp.route("/<int:hold_id>/levantar", methods=["GET", "POST"])
@login_required
def lift(hold_id: int):
    """Lift a hold, with the reason."""
    hold = service.get_hold(current_actor(), hold_id)
    actor = require("hold.write")
    names = _names(hold.fondo_id, [hold])
    if request.method == "GET":
        return render_template("holds/lift.html", hold=hold, errors={}, form={}, **names)
    _r, errors = attempt(service.lift_hold, actor, hold.id, form_data(keep=("motivo",)))
    if errors:
        return render_invalid("holds/lift.html", errors, hold=hold, **names)
    return done(_("Congelamiento levantado."), "holds.index")
