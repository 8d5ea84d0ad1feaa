"""HTML views of the audit chain: per-subject timelines, the event log and verification."""

import io
import json
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, render_template, request, stream_with_context, url_for
from flask_babel import get_timezone
from flask_babel import gettext as _

from archivo import csv_safe
from archivo.audit import display, log, service
from archivo.audit.schemas import SUBJECT_TYPES, LoggedEventSchema
from archivo.auth.current import current_actor
from archivo.catalog import service as catalog
from archivo.errors import NotFound
from archivo.labels import ACTIONS, label
from archivo.records import service as records
from archivo.ui import attempt, can, fecha, login_required, require

bp = Blueprint("audit", __name__, url_prefix="/auditoria")
SUBJECTS = {"expediente", "serie", "subserie", "seccion", "cadido_version", "fondo", "unidad",
            "archivo", "usuario", "api_token", "transferencia", "baja"}
FILTERS = ("action", "actor_id", "subject_type", "subject_id", "since", "until", "before")
PER_PAGE = 50
# Subject pages by kind: (endpoint, its id argument[, the permission the page needs]).
SUBJECT_PAGES = {
    "expediente": ("records.detail", "expediente_id"), "serie": ("catalog.serie", "serie_id"),
    "subserie": ("catalog.serie", "serie_id"), "cadido_version": ("cadido.version", "version_id"),
    "transferencia": ("transfers.detail", "transfer_id"), "baja": ("bajas.detail", "baja_id"),
    "usuario": ("auth.edit_user", "user_id", "users.manage"),
}
CSV_COLUMNS = ("seq", "fecha", "fecha_utc", "accion", "accion_descripcion", "usuario",
               "usuario_id", "tipo_sujeto", "sujeto_id", "clave", "contenido_oculto", "antes",
               "despues", "hash_anterior", "hash")


def subject_url(subject_type: str, subject_id) -> str | None:
    """The page of an event's subject, where one exists and the reader may open it."""
    page = SUBJECT_PAGES.get(subject_type)
    if page is None or not str(subject_id).isdigit():
        return None
    if len(page) > 2 and not can(page[2]):
        return None
    return url_for(page[0], **{page[1]: int(subject_id)})


def history_url(subject_type: str, subject_id) -> str:
    """The subject's history: its timeline, or the log filtered to it for other kinds."""
    if subject_type in SUBJECTS and "/" not in str(subject_id):  # a name tried at sign-in
        return url_for("audit.history", subject_type=subject_type, subject_id=subject_id)
    return url_for("audit.events", subject_type=subject_type, subject_id=subject_id)


bp.add_app_template_filter(display.readable, "audit_value")
bp.add_app_template_filter(display.field_label, "audit_field")
bp.add_app_template_filter(display.subject_label, "audit_subject")
bp.add_app_template_filter(display.raw_json, "audit_json")
bp.add_app_template_global(subject_url, "audit_subject_url")
bp.add_app_template_global(history_url, "audit_history_url")


def subject_title(subject_type: str, subject_id: str) -> str:
    """A readable name of the subject (key or code) for the page title."""
    if not subject_id.isdigit():
        return subject_id
    if subject_type == "expediente":
        return records.load_expediente(int(subject_id)).clave
    if subject_type in ("serie", "subserie"):
        serie = catalog.get_serie(int(subject_id))
        return f"{serie.codigo} {serie.nombre}"
    if subject_type == "seccion":
        seccion = catalog.get_seccion(int(subject_id))
        return f"{seccion.codigo} {seccion.nombre}"
    return f"{display.subject_label(subject_type)} {subject_id}"


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


def _tz():
    """The timezone the app shows times in: the log's dates are days there."""
    return ZoneInfo(str(get_timezone()))


def _action_choices() -> list[tuple[str, str]]:
    """The known actions by label; labels shared by two actions carry the code too."""
    labels = {code: label(code) for code in ACTIONS}
    shared = {text for text in labels.values() if list(labels.values()).count(text) > 1}
    return sorted(((code, f"{text} ({code})" if text in shared else text)
                   for code, text in labels.items()), key=lambda o: o[1])


def _filters() -> dict:
    return {k: v.strip() for k, v in request.args.items() if k in FILTERS and v.strip()}


@bp.get("/eventos")
@login_required
def events():
    """The event log: every event, newest first, filtered by action, user, subject, dates."""
    actor = require("audit.verify")
    params = _filters()
    result, errors = attempt(log.list_events, actor, {**params, "per_page": PER_PAGE},
                             tz=_tz())
    page = result[0] if result else log.EventPage([], PER_PAGE, None)
    context = {
        "page": page, "errors": errors or {}, "form": request.args,
        "filters": {k: v for k, v in params.items() if k != "before"},
        "paged": "before" in params,
        "actions": _action_choices(),
        "actors": log.actor_choices(actor),
        "subject_types": [(t, display.subject_label(t)) for t in SUBJECT_TYPES],
        "export_max": log.EXPORT_MAX, "scan_window": log.SCAN_WINDOW,
    }
    return render_template("audit/events.html", **context), 422 if errors else 200


def _raw(value) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _csv_row(e: log.LoggedEvent) -> list:
    return [e.seq, fecha(e.occurred_at), e.occurred_at.isoformat(), e.action, label(e.action),
            e.actor_name, e.actor_id, e.subject_type, e.subject_id, e.subject_label or "",
            "sí" if e.contenido_oculto else "no", _raw(e.before), _raw(e.after), e.prev_hash,
            e.hash]


def _notice(export: log.Export) -> str:
    return _("Solo se incluyen los primeros %(num)s eventos (los más recientes); acote las "
             "fechas para descargar los anteriores.", num=export.limit)


def _csv_chunks(export: log.Export):
    buf = io.StringIO()
    writer = csv_safe.writer(buf, lineterminator="\r\n")
    buf.write("\ufeff")  # spreadsheets read UTF-8 with the BOM
    writer.writerow(CSV_COLUMNS)
    for event in export.events:
        writer.writerow(_csv_row(event))
        if buf.tell() > 64_000:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    if export.truncated:
        writer.writerow([_notice(export)])
    yield buf.getvalue()


def _json_chunks(export: log.Export):
    schema = LoggedEventSchema()
    filters = {k: str(v) for k, v in export.query.items() if v is not None and k in FILTERS}
    yield '{"filtros": ' + json.dumps(filters, ensure_ascii=False) + ', "eventos": ['
    for i, event in enumerate(export.events):
        item = {**schema.dump(event), "accion_descripcion": label(event.action),
                "clave": event.subject_label}
        yield ("," if i else "") + "\n" + json.dumps(item, ensure_ascii=False)
    tail = {"incluidos": export.written, "limite": export.limit, "truncado": export.truncated,
            "aviso": _notice(export) if export.truncated else None}
    yield "\n], " + json.dumps(tail, ensure_ascii=False)[1:]


@bp.get("/eventos.<any(csv, json):fmt>")
@login_required
def download(fmt: str):
    """The filtered log as CSV (formulas neutralised) or JSON, newest first, capped."""
    actor = require("audit.verify")
    export = log.export_events(actor, _filters(), tz=_tz())
    chunks = _csv_chunks(export) if fmt == "csv" else _json_chunks(export)
    mimetype = "text/csv" if fmt == "csv" else "application/json"
    return Response(stream_with_context(chunks), mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="bitacora.{fmt}"',
        "X-Export-Limit": str(export.limit)})
