"""HTML views of transfers: list with filters, drafting from eligible expedientes, workflow."""

from flask import Blueprint, render_template, request
from flask_babel import gettext as _

from archivo.audit import service as audit
from archivo.auth.current import current_actor
from archivo.catalog import service as catalog
from archivo.catalog.views import current_fondo
from archivo.records.views import unit_choices
from archivo.transfers import service
from archivo.transfers.eligible_rows import eligible_rows
from archivo.transfers.models import EstadoTransferencia, TipoTransferencia
from archivo.transfers.states import STEPS
from archivo.transfers.view_helpers import (
    attempt_blocked,
    install,
    stages,
    step_allowed,
    timeline_events,
)
from archivo.ui import attempt, can, done, form_data, login_required, render_invalid

bp = Blueprint("transfers", __name__, url_prefix="/transferencias")
install(bp)
FILTERS = ("tipo", "estado", "unidad_id", "page")
PER_PAGE = 25
# Steps checked in the unit of a primary transfer (the área productora's own).
UNIT_STEPS = ("editar", "autorizar", "cancelar")
# The stages a transfer goes through, with the audit action that marks each one.
STAGES = (("borrador", "transferencia.crear"), ("autorizada", "transferencia.autorizar"),
          ("recibida", "transferencia.recibir"))


@bp.get("")
@login_required
def index():
    """Transfers of the fondo, filtered by kind, state and unit."""
    fondo = current_fondo()
    params = {k: v.strip() for k, v in request.args.items() if k in FILTERS and v.strip()}
    result, errors = attempt(service.list_transfers, current_actor(),
                             {**params, "fondo_id": fondo.id, "per_page": PER_PAGE})
    items, total, q = result or ([], 0, {"page": 1, "per_page": PER_PAGE})
    unidades = catalog.list_unidades(fondo.id)
    return render_template(
        "transfers/list.html", items=items, total=total, page=q["page"],
        pages=max(1, -(-total // q["per_page"])), unidades=unidades,
        unit_names={u.id: u.nombre for u in unidades}, tipos=list(TipoTransferencia),
        estados=list(EstadoTransferencia), errors=errors or {}, form=request.args,
        filters={k: v for k, v in params.items() if k != "page"}), 422 if errors else 200


def _kind(value: str | None) -> TipoTransferencia:
    """The kind asked for, or the one the actor can draft (primary first)."""
    if value in {t.value for t in TipoTransferencia}:
        return TipoTransferencia(value)
    if can("transfer.primary.draft") or not can("transfer.secondary.draft"):
        return TipoTransferencia.PRIMARIA
    return TipoTransferencia.SECUNDARIA


def _draft_context(fondo, tipo: TipoTransferencia, unidad_id: int | None) -> dict:
    """Units to choose from and the expedientes the actor may send today."""
    actor = current_actor()
    unidades = unit_choices(fondo.id)
    if tipo == TipoTransferencia.PRIMARIA:
        unidad_id = unidad_id or actor.unidad_id or (unidades[0].id if unidades else None)
        facts = service.eligible_primary(actor, unidad_id) if unidad_id else []
    else:
        facts = service.eligible_secondary(actor, fondo.id)
    ordered = catalog.list_series(fondo.id)
    due = "primaria" if tipo == TipoTransferencia.PRIMARIA else "final"
    return {"tipo": tipo, "unidad_id": unidad_id, "unidades": unidades,
            "eligible": eligible_rows(actor, facts, ordered, due),
            "series": {s.id: s for s in ordered}, "tipos": list(TipoTransferencia),
            "blocked": []}


@bp.route("/nueva", methods=["GET", "POST"])
@login_required
def create():
    """Draft a primary or secondary transfer from the expedientes due today."""
    fondo = current_fondo()
    source = request.form if request.method == "POST" else request.args
    unidad = source.get("unidad_id", "")
    context = _draft_context(fondo, _kind(source.get("tipo")),
                             int(unidad) if unidad.isdigit() else None)
    if request.method == "GET":
        # Transferring what is due is the usual practice: every box starts ticked, unless
        # the no-JavaScript "Desmarcar todos" link asked for none.
        ticked = request.args.get("marcar") != "ninguno"
        form = {"tipo": context["tipo"].value, "unidad_id": context["unidad_id"] or "",
                "expediente_ids": [str(x.id) for x in context["eligible"]] if ticked else []}
        return render_template("transfers/new.html", errors={}, form=form, **context)
    data = form_data(lists=("expediente_ids", "muestreo_ids"))
    if not data["expediente_ids"]:
        errors = {"expediente_ids": [_("Elija al menos un expediente.")]}
        return render_invalid("transfers/new.html", errors, **context)
    t, errors, blocked = attempt_blocked(service.create_transfer, current_actor(), fondo.id,
                                         data)
    if errors:
        return render_invalid("transfers/new.html", errors, **{**context, "blocked": blocked})
    return done(_("Transferencia %(numero)s elaborada.", numero=t.numero), "transfers.detail",
                transfer_id=t.id)


def allowed_steps(t) -> set[str]:
    """The steps the current user may take on this transfer now."""
    scope = t.unidad_id if t.tipo == TipoTransferencia.PRIMARIA else None
    return {name for (tipo, name), paso in STEPS.items() if tipo == t.tipo and step_allowed(
        paso, t, etiqueta=service.LABEL, unidad_id=scope if name in UNIT_STEPS else None)}


def render_detail(t, errors=None, blocked=()):
    """The workflow page of a transfer (re-rendered with a step's errors: 422)."""
    actor = current_actor()
    events = audit.history("transferencia", t.id)
    items = service.transfer_items(actor, t.id)
    allowed = allowed_steps(t)
    context = {"t": t, "items": items, "events": timeline_events(events),
               "stages": stages(t, events, STAGES), "allowed": allowed,
               # Steps that move the transfer on (editing and cancelling are side actions).
               "actionable": allowed - {"editar", "cancelar"},
               "unidad": catalog.get_unidad(t.unidad_id) if t.unidad_id else None,
               "blocked": list(blocked),
               "pending": sum(1 for i in items if i["estado"].value == "pendiente")}
    if errors:
        return render_invalid("transfers/detail.html", errors, **context)
    return render_template("transfers/detail.html", errors={}, form={}, **context)


@bp.get("/<int:transfer_id>")
@login_required
def detail(transfer_id: int):
    """A transfer: current state, who acted and when, items and the next allowed steps."""
    return render_detail(service.get_transfer(current_actor(), transfer_id))
