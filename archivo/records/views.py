"""HTML views of expedientes: list with filters, open, edit, detail with history, documents."""

import datetime as dt

from flask import Blueprint, current_app, render_template, request, send_file, url_for
from flask_babel import gettext as _

from archivo.audit import service as audit
from archivo.auth.current import current_actor
from archivo.auth.roles import Rol
from archivo.catalog import service as catalog
from archivo.catalog.enums import Acceso, Destino
from archivo.catalog.views import current_fondo
from archivo.records import documentos, service
from archivo.records.api import file_store
from archivo.records.enums import Etapa, Soporte
from archivo.records.rules import overdue_since
from archivo.ui import attempt, done, form_data, login_required, render_invalid, require

bp = Blueprint("records", __name__, url_prefix="/expedientes")
FILTERS = ("q", "serie_id", "unidad_id", "etapa", "acceso", "anio", "abierto", "orden", "page")
CONTENT_NULLABLE = ("descripcion", "palabras_clave")
CLASSIFICATION_NULLABLE = ("reserva_fecha_clasificacion", "reserva_plazo_anios",
                           "reserva_prorroga_anios", "reserva_fundamento", "reserva_area",
                           "reserva_partes", "confidencial_fundamento")


def leaf_series(fondo_id: int) -> list:
    """Series and subseries that take expedientes (series divided in subseries excluded)."""
    series = catalog.list_series(fondo_id)
    parents = {s.parent_id for s in series if s.parent_id}
    return [s for s in series if s.id not in parents]


def unit_choices(fondo_id: int) -> list:
    """Units the actor may file in (a responsable de trámite only sees their own)."""
    actor = current_actor()
    unidades = [u for u in catalog.list_unidades(fondo_id) if u.activa]
    if actor.rol == Rol.RESPONSABLE_TRAMITE:
        unidades = [u for u in unidades if u.id == actor.unidad_id]
    return unidades


def choices(fondo_id: int) -> dict:
    """Options of the expediente forms and filters."""
    return {"series": leaf_series(fondo_id), "unidades": unit_choices(fondo_id),
            "etapas": list(Etapa), "accesos": list(Acceso), "soportes": list(Soporte)}


@bp.get("")
@login_required
def index():
    """Filtered, paged list of expedientes."""
    fondo = current_fondo()
    params = {k: v.strip() for k, v in request.args.items() if k in FILTERS and v.strip()}
    params.update(fondo_id=fondo.id, per_page=25)
    result, errors = attempt(service.list_expedientes, current_actor(), params)
    items, total, q = result or ([], 0, {"page": 1, "per_page": 25})
    all_units = catalog.list_unidades(fondo.id)
    context = {**choices(fondo.id), "unidades": all_units, "items": items, "total": total,
               "page": q["page"], "pages": max(1, -(-total // q["per_page"])),
               "filters": {k: v for k, v in params.items() if k in FILTERS and k != "page"},
               "errors": errors or {}, "form": request.args}
    return render_template("records/list.html", **context), 422 if errors else 200


@bp.route("/nuevo", methods=["GET", "POST"])
@login_required
def create():
    """Open an expediente."""
    fondo = current_fondo()
    actor = require("expediente.write")
    context = {**choices(fondo.id), "expediente": None}
    if request.method == "GET":
        form = {"unidad_id": actor.unidad_id or "", "soporte": Soporte.PAPEL.value,
                "serie_id": request.args.get("serie_id", "")}
        return render_template("records/form.html", errors={}, form=form, **context)
    data = form_data(booleans=("violaciones_ddhh", "datos_personales_sensibles"))
    exp, errors = attempt(service.create_expediente, actor, fondo.id, data)
    if errors:
        return render_invalid("records/form.html", errors, **context)
    return done(_("Expediente %(clave)s abierto.", clave=exp.clave), "records.detail",
                expediente_id=exp.id)


@bp.route("/<int:expediente_id>/editar", methods=["GET", "POST"])
@login_required
def edit(expediente_id: int):
    """Edit the content of an open expediente (optimistic version check)."""
    exp = service.get_expediente(current_actor(), expediente_id)
    actor = require("expediente.write", unidad_id=exp.unidad_id)
    context = {**choices(exp.fondo_id), "expediente": exp}
    if request.method == "GET":
        form = {name: getattr(exp, name) for name in service.CONTENT_FIELDS}
        form.update(soporte=exp.soporte.value, version_id=exp.version_id,
                    fecha_apertura=exp.fecha_apertura.isoformat())
        return render_template("records/form.html", errors={}, form=form, **context)
    data = form_data(nullable=CONTENT_NULLABLE, booleans=("violaciones_ddhh",),
                     keep=("titulo", "fecha_apertura"))
    version = data.pop("version_id", None)
    _result, errors = attempt(service.update_expediente, actor, exp.id, data,
                              expected_version=int(version) if str(version).isdigit() else None)
    if errors:
        return render_invalid("records/form.html", errors, **context)
    return done(_("Expediente %(clave)s actualizado.", clave=exp.clave), "records.detail",
                expediente_id=exp.id)


def _overdue(exp) -> dict | None:
    """«Vencido desde»: the due date the expediente has overrun in its stage (the overdue
    list's rule) and the link to that list, narrowed to its unit and kind; or None."""
    since = overdue_since(exp.etapa, exp.vence_transferencia_primaria,
                          exp.vence_destino_final, dt.date.today())
    if since is None:
        return None
    if exp.etapa == Etapa.TRAMITE:
        tipo = "transferencia_primaria"
    elif exp.regla is not None and exp.regla.destino == Destino.BAJA:
        tipo = "baja"
    else:
        tipo = "transferencia_secundaria"
    url = None
    if "calendar.overdue" in current_app.view_functions:
        url = url_for("calendar.overdue", unidad_id=exp.unidad_id, tipo=tipo)
    return {"desde": since, "url": url}


def _detail(exp, errors=None, status=200):
    """The detail page: data, rule, overdue marker, documents and the audit timeline."""
    return render_template(
        "records/detail.html", expediente=exp, documentos=documentos.list_documentos(exp.id),
        events=audit.history("expediente", exp.id), errors=errors or {}, form={},
        overdue=_overdue(exp), max_mb=current_app.config["MAX_UPLOAD_MB"]), status


@bp.get("/<int:expediente_id>")
@login_required
def detail(expediente_id: int):
    """An expediente with its documents and its history."""
    return _detail(service.get_expediente(current_actor(), expediente_id))


@bp.post("/<int:expediente_id>/documentos")
@login_required
def upload(expediente_id: int):
    """Attach a document (PDF, DOCX, ODT, TXT or image)."""
    exp = service.get_expediente(current_actor(), expediente_id)
    actor = require("documento.write", unidad_id=exp.unidad_id)
    upload = request.files.get("archivo")
    if upload is None or not upload.filename:
        return _detail(exp, {"archivo": [_("Elija un archivo para adjuntar.")]}, 422)
    doc, errors = attempt(documentos.add_documento, actor, exp.id, upload.filename,
                          upload.stream, store=file_store(),
                          max_bytes=current_app.config["MAX_UPLOAD_MB"] * 1024 * 1024)
    if errors:
        errors.setdefault("archivo", []).extend(errors.pop("_form", []))
        return _detail(exp, errors, 422)
    return done(_("Documento «%(nombre)s» agregado.", nombre=doc.nombre), "records.detail",
                expediente_id=exp.id)


@bp.get("/documentos/<int:documento_id>")
@login_required
def download(documento_id: int):
    """Download a document's content."""
    doc = documentos.documento_for_download(current_actor(), documento_id)
    return send_file(file_store().open(doc.sha256), mimetype=doc.tipo, as_attachment=True,
                     download_name=doc.nombre, etag=doc.sha256)
