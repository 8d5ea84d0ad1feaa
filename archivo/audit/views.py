"""HTML views of the audit chain: per-subject timelines and chain verification."""

from flask import Blueprint, render_template, request

from archivo.audit import service
from archivo.auth.current import current_actor
from archivo.catalog import service as catalog
from archivo.errors import NotFound
from archivo.records import service as records
from archivo.ui import login_required, require

bp = Blueprint("audit", __name__, url_prefix="/auditoria")
SUBJECTS = {"expediente", "serie", "seccion", "cadido_version", "fondo", "unidad", "archivo",
            "usuario", "api_token"}


def subject_title(subject_type: str, subject_id: str) -> str:
    """A readable name of the subject (key or code) for the page title."""
    if not subject_id.isdigit():
        return subject_id
    if subject_type == "expediente":
        return records.load_expediente(int(subject_id)).clave
    if subject_type == "serie":
        serie = catalog.get_serie(int(subject_id))
        return f"{serie.codigo} {serie.nombre}"
    if subject_type == "seccion":
        seccion = catalog.get_seccion(int(subject_id))
        return f"{seccion.codigo} {seccion.nombre}"
    return f"{subject_type} {subject_id}"


@bp.get("")
@login_required
def index():
    """The auditor's start page: verify the chain or open a subject's history."""
    require("read")
    return render_template("audit/index.html", report=None)


@bp.get("/verificar")
@login_required
def verify():
    """Walk the whole chain and show the result (a fragment when asked by htmx)."""
    require("audit.verify")
    report = service.verify_chain()
    if request.headers.get("HX-Request"):
        return render_template("audit/_report.html", report=report)
    return render_template("audit/index.html", report=report)


@bp.get("/<subject_type>/<subject_id>")
@login_required
def history(subject_type: str, subject_id: str):
    """Every audited change of one subject as a timeline."""
    require("read")
    if subject_type not in SUBJECTS:
        raise NotFound("No se encontró lo que busca.")
    events = service.subject_history(current_actor(), subject_type, subject_id)
    return render_template("audit/history.html", subject_type=subject_type,
                           subject_id=subject_id,
                           title=subject_title(subject_type, subject_id), events=events)
