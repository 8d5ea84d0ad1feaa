"""HTML views of the calendario de caducidades (this month and the next) and of the overdue
expedientes, each with its CSV."""

import datetime as dt
import io

from flask import Blueprint, Response, render_template, request
from flask_babel import format_date
from flask_babel import gettext as _

from archivo import csv_safe
from archivo.auth.current import current_actor
from archivo.calendar import service
from archivo.catalog import service as catalog
from archivo.catalog.views import current_fondo
from archivo.dashboard.queries import month_bounds
from archivo.labels import label
from archivo.transfers.view_helpers import estado, install, int_arg
from archivo.ui import attempt, login_required

bp = Blueprint("calendar", __name__, url_prefix="/calendario")
install(bp)
TIPOS = ("transferencia_primaria", "transferencia_secundaria", "baja")
CSV_COLUMNS = ("mes", "tipo", "fecha", "clave", "unidad", "fecha_cierre", "destino",
               "fin_reserva", "bloqueos")


def _period() -> tuple[dt.date, int]:
    """The first month asked for (`mes=AAAA-MM`, default this one) and how many (1 or 2)."""
    try:
        first = dt.datetime.strptime(request.args.get("mes", ""), "%Y-%m").date()
    except ValueError:
        first = dt.date.today().replace(day=1)
    return first, 1 if request.args.get("meses") == "1" else 2


def _load(fondo):
    """The calendar rows of the period, filtered by unit and kind; or the form errors."""
    first, months = _period()
    desde, hasta = first, month_bounds(first, months - 1)[1]
    params = {"fondo_id": fondo.id, "desde": desde.isoformat(), "hasta": hasta.isoformat()}
    if int_arg("unidad_id"):
        params["unidad_id"] = int_arg("unidad_id")
    data, errors = attempt(service.calendario, current_actor(), params)
    tipo = request.args.get("tipo")
    rows = [r for r in (data or {}).get("filas", []) if tipo not in TIPOS or r["tipo"] == tipo]
    return first, months, rows, errors


@bp.get("")
@login_required
def index():
    """What falls due for transfer or disposal this month and the next, by month."""
    fondo = current_fondo()
    first, months, rows, errors = _load(fondo)
    unidades = catalog.list_unidades(fondo.id)
    by_month: dict[str, list] = {}
    for r in rows:
        by_month.setdefault(r["mes"], []).append(r)
    month_names = {m: format_date(dt.date.fromisoformat(m + "-01"), "LLLL y").capitalize()
                   for m in by_month}
    return render_template(
        "calendar/index.html", by_month=by_month, month_names=month_names, total=len(rows),
        first=first, months=months,
        prev=month_bounds(first, -1)[0], next=month_bounds(first, 1)[0], unidades=unidades,
        units={u.id: u.nombre for u in unidades}, tipos=TIPOS, errors=errors or {},
        form=request.args), 422 if errors else 200


@bp.get("/csv")
@login_required
def download():
    """The same rows as CSV (UTF-8 with BOM so spreadsheets read the accents)."""
    fondo = current_fondo()
    first, _months, rows, _errors = _load(fondo)
    units = {u.id: u.nombre for u in catalog.list_unidades(fondo.id)}
    return _csv(f"calendario-caducidades-{first:%Y-%m}.csv",
                [_("Mes"), _("Movimiento"), _("Fecha"), _("Clave"), _("Unidad"), _("Cierre"),
                 _("Destino"), _("Fin de reserva"), _("Bloqueos")],
                ([r["mes"], estado(r["tipo"]), _iso(r["fecha"]), r["clave"],
                  units.get(r["unidad_id"], ""), _iso(r["fecha_cierre"]), r["destino"] or "",
                  _iso(r["fin_reserva"]), _blocks(r)] for r in rows))


OVERDUE_PER_PAGE = 100


def _load_overdue(fondo):
    """The overdue rows filtered by unit and kind; or the form errors."""
    params = {"fondo_id": fondo.id}
    if int_arg("unidad_id"):
        params["unidad_id"] = int_arg("unidad_id")
    data, errors = attempt(service.vencidos, current_actor(), params)
    tipo = request.args.get("tipo")
    rows = [r for r in (data or {}).get("filas", []) if tipo not in TIPOS or r["tipo"] == tipo]
    return rows, errors


@bp.get("/vencidos")
@login_required
def overdue():
    """Every expediente whose transfer or destino final is overdue, the most overdue first."""
    fondo = current_fondo()
    rows, errors = _load_overdue(fondo)
    pages = max(1, -(-len(rows) // OVERDUE_PER_PAGE))
    page = min(int_arg("page") or 1, pages)
    unidades = catalog.list_unidades(fondo.id)
    filters = {k: v for k in ("unidad_id", "tipo") if (v := request.args.get(k, "").strip())}
    return render_template(
        "calendar/overdue.html", rows=rows[(page - 1) * OVERDUE_PER_PAGE:page * OVERDUE_PER_PAGE],
        total=len(rows), page=page, pages=pages, filters=filters, unidades=unidades,
        units={u.id: u.nombre for u in unidades}, tipos=TIPOS, errors=errors or {},
        form=request.args), 422 if errors else 200


@bp.get("/vencidos/csv")
@login_required
def overdue_download():
    """All the overdue rows as CSV (open data, like the calendar's)."""
    fondo = current_fondo()
    rows, _errors = _load_overdue(fondo)
    units = {u.id: u.nombre for u in catalog.list_unidades(fondo.id)}
    return _csv(f"expedientes-vencidos-{dt.date.today():%Y-%m-%d}.csv",
                [_("Movimiento"), _("Venció el"), _("Días de atraso"), _("Clave"), _("Unidad"),
                 _("Etapa"), _("Cierre"), _("Destino"), _("Fin de reserva"), _("Bloqueos")],
                ([estado(r["tipo"]), _iso(r["fecha"]), r["dias"], r["clave"],
                  units.get(r["unidad_id"], ""), label(r["etapa"]), _iso(r["fecha_cierre"]),
                  r["destino"] or "", _iso(r["fin_reserva"]), _blocks(r)] for r in rows))


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _blocks(row: dict) -> str:
    """What blocks the movement, in the reader's language."""
    return "; ".join(label(b) for b in row["bloqueos"])


def _csv(name: str, header: list, lines) -> Response:
    """Open data: UTF-8 with BOM so spreadsheets read the accents; formulas neutralised."""
    out = io.StringIO()
    writer = csv_safe.writer(out)
    writer.writerow(header)
    writer.writerows(lines)
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
