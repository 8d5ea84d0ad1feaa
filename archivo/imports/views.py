"""HTML pages of bulk import: upload, progress, report, confirm, rejected rows, history."""

from flask import (
    Blueprint,
    Response,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from archivo.auth.current import current_actor
from archivo.catalog import service as catalog
from archivo.i18n import translate
from archivo.imports import jobs, retention, runs, store
from archivo.imports.schemas import Modo
from archivo.ui import attempt, done, form_data, login_required, render_invalid

bp = Blueprint("imports", __name__, url_prefix="/importaciones")
REPORT_PER_PAGE = 100


def _base() -> str:
    return current_app.config["INSTANCE_PATH"]


def _index_context(actor) -> dict:
    return {"tipos": runs.allowed_tipos(actor), "fondos": catalog.list_fondos(),
            "history": store.list_runs(_base(), actor)}


@bp.get("")
@login_required
def index():
    """Upload form, templates to download and the actor's past imports."""
    actor = current_actor()
    runs.require_importer(actor)
    fondos = catalog.list_fondos()
    form = {"dry_run": "1", "modo": Modo.ALL_OR_NOTHING.value,
            "fondo_id": fondos[0].id if fondos else ""}
    return render_template("imports/index.html", errors={}, form=form,
                           **_index_context(actor))


@bp.post("")
@login_required
def upload():
    """Store the file and queue its import (a dry run unless unchecked); show its page."""
    actor = current_actor()
    data = form_data(booleans=("dry_run",))
    file = request.files.get("archivo")
    run_id, errors = attempt(runs.queue_upload, _base(), actor, data,
                             file.stream if file else None, file.filename if file else None)
    if errors:
        return render_invalid("imports/index.html", errors, **_index_context(actor))
    retention.cleanup(_base(), retention.retention_days(current_app.config))
    jobs.start(run_id)
    return redirect(url_for("imports.run", run_id=run_id), 303)


@bp.get("/<run_id>")
@login_required
def run(run_id: str):
    """The run: progress while it works, then its report with the next steps."""
    actor = current_actor()
    meta = store.get_run(_base(), run_id, actor)
    report = None
    if meta["status"] == store.Status.DONE:
        args = {"page": request.args.get("page", "1"), "per_page": REPORT_PER_PAGE}
        report, errors = attempt(store.report_page, _base(), run_id, actor, args)
        if errors:
            report = store.report_page(_base(), run_id, actor, {"per_page": REPORT_PER_PAGE})
    return render_template("imports/run.html", meta=meta, data=report,
                           error=_failure(meta), errors={}, form={})


@bp.get("/<run_id>/progreso")
@login_required
def progress(run_id: str):
    """Progress fragment polled by htmx; asks for a full reload once the run ends."""
    meta = store.get_run(_base(), run_id, current_actor())
    if meta["status"] in store.Status.ACTIVE:
        return render_template("imports/_progress.html", meta=meta)
    return Response(status=204, headers={"HX-Refresh": "true"})


@bp.post("/<run_id>/confirmar")
@login_required
def confirm(run_id: str):
    """Load the validated file (all or nothing, or only the valid rows)."""
    actor = current_actor()
    result, errors = attempt(runs.confirm, _base(), actor, run_id, request.form.get("modo"))
    if errors:
        meta = store.get_run(_base(), run_id, actor)
        report = None
        if meta["status"] == store.Status.DONE:
            report = store.report_page(_base(), run_id, actor, {"per_page": REPORT_PER_PAGE})
        return render_invalid("imports/run.html", errors, meta=meta, data=report,
                              error=_failure(meta))
    child, new = result
    if not new:
        return redirect(url_for("imports.run", run_id=child))
    jobs.start(child)
    return done(_("Importación iniciada."), "imports.run", run_id=child)


@bp.get("/<run_id>/rechazados.csv")
@login_required
def rejected(run_id: str):
    """The rejected rows as they came, plus the reasons (CSV for Excel)."""
    path = store.rejected_path(_base(), run_id, current_actor())
    return Response(path.read_bytes(), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="rechazados-{run_id[:8]}.csv"'})


def _failure(meta: dict) -> str | None:
    """Why a run failed, in the reader's language."""
    error = meta.get("error")
    if not error:
        return None
    text = translate(error["template"])
    return text.format(**error["params"]) if error["params"] else text
