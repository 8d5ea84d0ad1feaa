"""HTML views of the public landing page, the staff dashboard and the API documentation."""

import datetime as dt

from flask import Blueprint, redirect, render_template, url_for

from archivo.auth.current import current_actor
from archivo.auth.roles import Rol
from archivo.catalog import service as catalog
from archivo.dashboard import chart, queries, worklist
from archivo.holds import service as holds
from archivo.i18n import N_
from archivo.loans import service as loans
from archivo.records.enums import Etapa
from archivo.ui import login_required

bp = Blueprint("home", __name__)
ETAPAS = [e.value for e in Etapa]


@bp.get("/")
def landing():
    """Public page in plain language: what this is, and links to the public catalogue."""
    return render_template("dashboard/landing.html", fondo=catalog.default_fondo())


@bp.get("/panel")
@login_required
def dashboard():
    """Counts by stage, what falls due this month and next, and expedientes by year."""
    fondo = catalog.default_fondo()
    if fondo is None:
        return redirect(url_for("catalog.fondo"))
    actor = current_actor()
    unidad_id = actor.unidad_id if actor.rol == Rol.RESPONSABLE_TRAMITE else None
    today = dt.date.today()
    this_month, next_month = queries.month_bounds(today), queries.month_bounds(today, 1)
    yesterday = today - dt.timedelta(days=1)
    scope = {"unidad_id": unidad_id} if unidad_id else {}
    panels = [
        {"id": "vencidos", "title": N_("Vencidos (pendientes de transferir o de destino final)"),
         "range": None, "data": queries.due(fondo.id, None, yesterday, unidad_id=unidad_id),
         "more": ("calendar.overdue", scope)},
        {"id": "este-mes", "title": N_("Vencen este mes"), "range": this_month,
         "data": queries.due(fondo.id, today, this_month[1], unidad_id=unidad_id),
         "more": ("calendar.index", {"mes": f"{this_month[0]:%Y-%m}", "meses": "1", **scope})},
        {"id": "mes-siguiente", "title": N_("Vencen el mes siguiente"), "range": next_month,
         "data": queries.due(fondo.id, *next_month, unidad_id=unidad_id),
         "more": ("calendar.index", {"mes": f"{next_month[0]:%Y-%m}", "meses": "1", **scope})},
    ]
    by_year = queries.by_year_and_etapa(fondo.id, unidad_id)
    lifecycle = lifecycle_panels(actor, fondo.id, today)
    return render_template(
        "dashboard/index.html", fondo=fondo, counts=queries.counts_by_etapa(fondo.id, unidad_id),
        panels=panels, chart=chart.stacked_bars(by_year, ETAPAS), by_year=by_year,
        etapas=ETAPAS, unidad=actor.unidad if unidad_id else None, **lifecycle)


def lifecycle_panels(actor, fondo_id: int, today: dt.date, limit: int = 8) -> dict:
    """What waits for this user («Por atender», None when the role takes no lifecycle step),
    overdue loans and active holds (what keeps expedientes out of their next step)."""
    overdue = loans.overdue_loans(actor, today=today)
    active = holds.list_holds(actor, fondo_id=fondo_id, activos=True)
    por_atender = (worklist.por_atender(actor, fondo_id, today=today)
                   if worklist.applies_to(actor) else None)
    return {"overdue_loans": (len(overdue), overdue[:limit]),
            "active_holds": (len(active), active[:limit]), "por_atender": por_atender}


@bp.get("/api/v1/docs")
def api_docs():
    """Interactive documentation of the JSON API (Swagger UI, served locally)."""
    return render_template("dashboard/api_docs.html")
