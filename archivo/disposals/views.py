"""HTML views of the baja documental: list, proposal from eligible expedientes, workflow,
and the disposal history an auditor reads."""

from flask import Blueprint, render_template, request
from flask_babel import gettext as _

from archivo.audit import service as audit
from archivo.auth.current import current_actor
from archivo.catalog import service as catalog
from archivo.catalog.views import current_fondo
from archivo.disposals import history, service, view_queries
from archivo.disposals.models import EstadoBaja
from archivo.disposals.states import STEPS
from archivo.errors import NotFound
from archivo.records import service as records
from archivo.transfers.eligible_rows import eligible_rows
from archivo.transfers.view_helpers import (
    attempt_blocked,
    install,
    int_arg,
    stages,
    step_allowed,
    step_refusal,
    timeline_events,
)
from archivo.ui import done, form_data, login_required, render_invalid, require

bp = Blueprint("bajas", __name__, url_prefix="/bajas")
install(bp)
# The stages of a baja, with the audit action that marks each one.
STAGES = (("borrador", "baja.proponer"), ("en_revision", "baja.enviar_gi"),
          ("aprobada_gi", "baja.decision_gi"), ("dictaminada", "baja.dictamen"),
          ("ejecutada", "baja.ejecutar"))
HISTORY_KINDS = {"expediente", "serie", "baja"}


@bp.get("")
@login_required
def index():
    """Bajas of the fondo, newest first, optionally by state."""
    fondo = current_fondo()
    value = request.args.get("estado", "")
    estado = EstadoBaja(value) if value in {e.value for e in EstadoBaja} else None
    items = service.list_bajas(current_actor(), fondo_id=fondo.id, estado=estado)
    return render_template("bajas/list.html", items=items, estados=list(EstadoBaja),
                           form=request.args, errors={})


def _proposal_context(fondo, serie_id: int | None) -> dict:
    """The expedientes that pass the disposal guard today (optionally of one serie)."""
    actor = require("baja.propose")
    facts = service.eligible_for_baja(actor, fondo.id, serie_ids=[serie_id] if serie_id else ())
    series = catalog.list_series(fondo.id)
    return {"eligible": eligible_rows(actor, facts, series, "final"), "series": series,
            "serie_id": serie_id, "blocked": [],
            "serie_codes": {s.id: s.codigo for s in series}}


@bp.route("/nueva", methods=["GET", "POST"])
@login_required
def create():
    """Propose a baja from the expedientes eligible today (none preselected)."""
    fondo = current_fondo()
    serie = request.form.get("serie_id", "") if request.method == "POST" else None
    context = _proposal_context(fondo, int(serie) if serie and serie.isdigit()
                                else int_arg("serie_id"))
    if request.method == "GET":
        # Destruction is chosen deliberately: boxes start unticked, unless the
        # no-JavaScript "Marcar todos" link asked for all.
        ticked = request.args.get("marcar") == "todos"
        form = {"expediente_ids": [str(x.id) for x in context["eligible"]] if ticked else []}
        return render_template("bajas/new.html", errors={}, form=form, **context)
    data = form_data(lists=("expediente_ids",))
    data.pop("serie_id", None)
    if not data["expediente_ids"]:
        errors = {"expediente_ids": [_("Elija al menos un expediente.")]}
        return render_invalid("bajas/new.html", errors, **context)
    b, errors, blocked = attempt_blocked(service.propose_baja, current_actor(), fondo.id, data)
    if errors:
        return render_invalid("bajas/new.html", errors, **{**context, "blocked": blocked})
    return done(_("Baja %(numero)s propuesta.", numero=b.numero), "bajas.detail", baja_id=b.id)


def allowed_steps(b) -> set[str]:
    """The steps the current user may take on this baja now."""
    return {name for name, paso in STEPS.items()
            if step_allowed(paso, b, etiqueta=service.LABEL)}


def render_detail(b, errors=None, blocked=(), template="bajas/detail.html"):
    """The workflow page of a baja (re-rendered with a step's errors: 422)."""
    actor = current_actor()
    events = audit.history("baja", b.id)
    allowed = allowed_steps(b)
    context = {"b": b, "inventory": service.baja_inventory(actor, b.id),
               "votes": view_queries.votes_of(actor, b.id), "allowed": allowed,
               "events": timeline_events(events), "stages": stages(b, events, STAGES),
               "blocked": list(blocked), "voted": False,
               "guard": (view_queries.guard_today(actor, b)
                         if b.estado == EstadoBaja.DICTAMINADA else [])}
    context["voted"] = any(v["usuario_id"] == actor.id for v in context["votes"])
    # Said on the execution page instead of a bare "you cannot" (often the separation of
    # duties: the user proposed, decided or recorded the dictamen).
    context["execute_refusal"] = step_refusal(STEPS["ejecutar"], b, etiqueta=service.LABEL)
    # Steps that move the procedure on (editing and cancelling are side actions).
    context["actionable"] = allowed - {"editar", "cancelar"} - (
        {"votar"} if context["voted"] else set())
    if errors:
        return render_invalid(template, errors, **context)
    return render_template(template, errors={}, form={}, **context)


@bp.get("/<int:baja_id>")
@login_required
def detail(baja_id: int):
    """A baja: inventory by serie, votes, decisions, guard check and the next steps."""
    return render_detail(service.get_baja(current_actor(), baja_id))


def _history_title(kind: str, ident: int) -> str:
    if kind == "expediente":
        return records.load_expediente(ident).clave
    if kind == "serie":
        serie = catalog.get_serie(ident)
        return f"{serie.codigo} {serie.nombre}"
    return service.load_baja(ident).numero


@bp.get("/historial/<kind>/<int:ident>")
@login_required
def disposal_history(kind: str, ident: int):
    """The disposal history of an expediente, serie or baja, with the chain verified."""
    if kind not in HISTORY_KINDS:
        raise NotFound("No se encontró lo que busca.")
    data = history.disposal_history(current_actor(), kind, ident)
    return render_template("bajas/history.html", kind=kind, ident=ident,
                           title=_history_title(kind, ident),
                           events=timeline_events(data["eventos"]),
                           report=data["verificacion"])
