"""JSON API of bulk imports: upload a file, get the report; rejects CSV; templates."""

from flask import Response, current_app, request, url_for
from flask_smorest import Blueprint
from marshmallow import ValidationError

from archivo.auth.current import require_login
from archivo.imports import service, store
from archivo.imports.schemas import ImportInputSchema, ReportPageSchema, Tipo
from archivo.imports.templates import template_csv, template_xlsx

blp = Blueprint("imports_api", __name__, url_prefix="/api/v1/imports",
                description="Importación masiva de CGCA/CADIDO e inventarios de expedientes")

_UPLOAD_DOC = {"requestBody": {"required": True, "content": {"multipart/form-data": {
    "schema": {"type": "object", "required": ["archivo", "tipo", "fondo_id"], "properties": {
        "archivo": {"type": "string", "format": "binary",
                    "description": "CSV (UTF-8 o Windows-1252) o XLSX"},
        "tipo": {"type": "string", "enum": [t.value for t in Tipo]},
        "fondo_id": {"type": "integer"},
        "dry_run": {"type": "boolean", "default": True,
                    "description": "Solo validar: no se escribe nada"},
        "modo": {"type": "string", "enum": ["all_or_nothing", "valid_rows"],
                 "default": "all_or_nothing"},
        "max_entradas": {"type": "integer", "default": service.DEFAULT_MAX_ENTRIES,
                         "description": "Entradas del reporte en la respuesta (el resto, "
                                        "paginado en GET /imports/{id})"}}}}}}}
# Flask appends "; charset=utf-8" to text/* mimetypes itself: naming it here sent it twice.
_MIMETYPES = {"csv": "text/csv",
              "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _instance() -> str:
    return current_app.config["INSTANCE_PATH"]


@blp.post("")
@blp.doc(**_UPLOAD_DOC)
def create_import():
    """Validate (dry run, the default) or load a file; returns the report."""
    actor = require_login()
    upload = request.files.get("archivo")
    if upload is None or not upload.filename:
        raise ValidationError({"archivo": ["Adjunte el archivo (CSV o XLSX)."]})
    form = request.form.to_dict()
    cap = form.pop("max_entradas", None)
    outcome = service.run_import(actor, form, upload.stream, filename=upload.filename)
    run_id = store.save(_instance(), actor, outcome)
    max_entries = int(cap) if cap and cap.isdigit() else service.DEFAULT_MAX_ENTRIES
    body = {"id": run_id, **outcome.to_dict(max_entries=max_entries), "links": {
        "reporte": url_for("imports_api.get_import", run_id=run_id),
        "rechazados": url_for("imports_api.rejected_csv", run_id=run_id)
        if outcome.report.error_rows else None}}
    return body, 201 if outcome.written else 200


@blp.get("/<run_id>")
@blp.doc(parameters=[{"in": "query", "schema": ReportPageSchema}])
def get_import(run_id: str):
    """A stored import report, its entries paged (`page`, `per_page`)."""
    return store.report_page(_instance(), run_id, require_login(), request.args.to_dict())


@blp.get("/<run_id>/rechazados.csv")
def rejected_csv(run_id: str):
    """The rejected rows as they came, plus the reasons (CSV, UTF-8 with BOM)."""
    path = store.rejected_path(_instance(), run_id, require_login())
    return Response(path.read_bytes(), mimetype=_MIMETYPES["csv"], headers={
        "Content-Disposition": f'attachment; filename="rechazados-{run_id[:8]}.csv"'})


@blp.get("/plantillas/<tipo>.<fmt>")
def template(tipo: str, fmt: str):
    """Empty template to fill in (`cadido` or `expedientes`, as `csv` or `xlsx`)."""
    values = ImportInputSchema(only=("tipo",)).load({"tipo": tipo})
    if fmt not in _MIMETYPES:
        raise ValidationError({"formato": ["Use csv o xlsx."]})
    kind = values["tipo"].value
    data = template_csv(kind) if fmt == "csv" else template_xlsx(kind)
    return Response(data, mimetype=_MIMETYPES[fmt], headers={
        "Content-Disposition": f'attachment; filename="plantilla-{kind}.{fmt}"'})
