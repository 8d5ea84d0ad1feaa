"""HTML views: the archivist's Instrumentos page, downloads, and the public list and verifier."""

import re

from flask import Blueprint, render_template, request

from archivo.auth.current import current_actor
from archivo.catalog import service as catalog
from archivo.catalog.views import current_fondo
from archivo.i18n import _
from archivo.instruments import publication, service
from archivo.instruments.api import download_response, throttle_public
from archivo.instruments.layout import KINDS, load_layout
from archivo.instruments.schemas import REQUIRED
from archivo.ui import FormErrors, attempt, login_required, require

bp = Blueprint("instruments", __name__, url_prefix="/instrumentos",
               static_folder="static", static_url_path="/static")
public_bp = Blueprint("public_instruments", __name__, url_prefix="/consulta/instrumentos")
# The download page's script sets this cookie's value as a token; the response echoes it
# so the page knows the file arrived and can clear its "Generando…" notice.
READY_COOKIE = "instrumento_listo"
FIELD_LABELS = {"kind": _("Instrumento"), "format": _("Formato"), "baja": _("Baja"),
                "transferencia": _("Transferencia"), "expediente": _("Expediente"),
                "serie": _("Serie"), "unidad": _("Unidad"), "version": _("Versión"),
                "semestre": _("Semestre"), "desde": _("Desde"), "hasta": _("Hasta")}
_TOKEN = re.compile(r"^[A-Za-z0-9]{8,40}$")


def _choices() -> list[tuple[str, str]]:
    return [(kind, load_layout(kind).title) for kind in KINDS]


def _context(fondo) -> dict:
    """Options of the form: instruments, units, series (by code)."""
    return {"kinds": _choices(), "required": REQUIRED, "public_kinds": service.PUBLIC_KINDS,
            "unidades": [(u.clave, f"{u.clave} — {u.nombre}")
                         for u in catalog.list_unidades(fondo.id)],
            "series": [(s.codigo, f"{s.codigo} {s.nombre}") for s in catalog.list_series(fondo.id)]}


@bp.get("")
@login_required
def index():
    """Pick an instrument and its subject, then download it as PDF, CSV or JSON."""
    require("read")
    fondo = current_fondo()
    return render_template("instruments/index.html", form=request.args, errors=None,
                           **_context(fondo))


@bp.get("/descargar")
def download():
    """Issue and download one instrument: `kind` plus its subject (`baja`, `transferencia`…).

    Linked from the transfer, baja and expediente screens; public instruments need no login.
    """
    params = {k: v for k, v in request.args.items() if v.strip() and k != "token"}
    throttle_public()
    issued, errors = attempt(service.issue, current_actor(), params)
    if errors:
        if current_actor() is None:
            return render_template("public_instruments/error.html", errors=errors,
                                   labels=FIELD_LABELS), 422
        return render_template("instruments/index.html", form=request.args, errors=errors,
                               **_context(current_fondo())), 422
    resp = download_response(issued)
    token = request.args.get("token", "")
    if _TOKEN.match(token):
        resp.set_cookie(READY_COOKIE, token, max_age=120, samesite="Lax", httponly=False)
    return resp


@public_bp.get("")
def published():
    """Published instruments, in plain language, with their downloads."""
    fondo = current_fondo()
    return render_template("public_instruments/index.html", fondo=fondo,
                           items=publication.published(fondo))


@public_bp.route("/verificar", methods=["GET", "POST"])
def verify():
    """Check a document: its verification code, its sha256, or the file itself."""
    result, errors = None, None
    if request.method == "POST":
        upload = request.files.get("archivo")
        if upload is None or not upload.filename:
            errors = FormErrors(
                archivo=[_("Elija el archivo (PDF, CSV o JSON) que desea verificar.")])
        else:
            # the upload size is capped by MAX_CONTENT_LENGTH (413 beyond it)
            result = publication.verify_file(upload.read())
    elif request.args.get("code") or request.args.get("sha256"):
        params = {k: request.args[k].strip() for k in ("code", "sha256") if request.args.get(k)}
        result, errors = attempt(publication.verify, params)
    status = 422 if errors else 200
    return render_template("public_instruments/verify.html", result=result, errors=errors,
                           form=request.args), status
