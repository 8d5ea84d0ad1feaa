"""JSON API of expedientes and their documents."""

from flask import current_app, jsonify, request, send_file
from flask_smorest import Blueprint

from archivo.api import body, page_of
from archivo.auth.current import current_actor, require_login
from archivo.errors import DomainError
from archivo.records import documentos, service
from archivo.records.schemas import (
    ClassifySchema,
    CloseSchema,
    DocumentoOutputSchema,
    ExpedienteInputSchema,
    ExpedienteOutputSchema,
    ExpedienteQuerySchema,
    ExpedienteUpdateSchema,
    LocationSchema,
)
from archivo.records.storage import FileStore
from archivo.serialization import compile_dumper
from archivo.web import expected_version, json_body, page_payload

blp = Blueprint("records_api", __name__, url_prefix="/api/v1",
                description="Expedientes y sus documentos electrónicos")
OUT = ExpedienteOutputSchema()
# Hot paths (GET one, list pages) dump through a compiled twin of OUT: same output.
dump_expediente = compile_dumper(OUT)


def file_store() -> FileStore:
    """The document store in the instance folder."""
    return FileStore(current_app.config["INSTANCE_PATH"] + "/documentos")


def _etag(resp_body, exp):
    return resp_body, 200, {"ETag": f'"{exp.version_id}"'}


@blp.get("/expedientes")
@blp.doc(parameters=[{"in": "query", "schema": ExpedienteQuerySchema}])
@blp.doc(responses={"200": {"content": {"application/json": {
    "schema": page_of(ExpedienteOutputSchema)}}}})
def list_expedientes():
    """Filtered, paged list (filters: serie, sección, unidad, etapa, acceso, año, abierto)."""
    items, total, q = service.list_expedientes(require_login(), request.args.to_dict())
    return jsonify(page_payload([dump_expediente(e) for e in items], total, q["page"],
                                q["per_page"]))


@blp.post("/fondos/<int:fondo_id>/expedientes")
@blp.doc(**body(ExpedienteInputSchema))
def create_expediente(fondo_id: int):
    """Open an expediente; the key is generated from the fondo's format."""
    exp = service.create_expediente(require_login(), fondo_id, json_body())
    return OUT.dump(exp), 201, {"ETag": f'"{exp.version_id}"'}


@blp.get("/expedientes/<int:expediente_id>")
@blp.doc(responses={"200": {"content": {"application/json": {"schema": ExpedienteOutputSchema}}}})
def get_expediente(expediente_id: int):
    """One expediente (ETag carries its version for If-Match)."""
    exp = service.get_expediente(current_actor(), expediente_id)
    return _etag(dump_expediente(exp), exp)


@blp.patch("/expedientes/<int:expediente_id>")
@blp.doc(**body(ExpedienteUpdateSchema))
def update_expediente(expediente_id: int):
    """Edit an open expediente (send If-Match with the ETag to detect concurrent edits)."""
    exp = service.update_expediente(require_login(), expediente_id, json_body(),
                                    expected_version=expected_version())
    return _etag(OUT.dump(exp), exp)


@blp.post("/expedientes/<int:expediente_id>/cerrar")
@blp.doc(**body(CloseSchema))
def close_expediente(expediente_id: int):
    """Close: binds the CADIDO rule in force and derives the due dates."""
    exp = service.close_expediente(require_login(), expediente_id, json_body(),
                                   expected_version=expected_version())
    return _etag(OUT.dump(exp), exp)


@blp.put("/expedientes/<int:expediente_id>/ubicacion")
@blp.doc(**body(LocationSchema))
def relocate(expediente_id: int):
    """Record the physical or digital location."""
    exp = service.relocate_expediente(require_login(), expediente_id, json_body())
    return _etag(OUT.dump(exp), exp)


@blp.put("/expedientes/<int:expediente_id>/clasificacion")
@blp.doc(**body(ClassifySchema))
def classify(expediente_id: int):
    """Change the access classification, with its grounds and a reason."""
    exp = service.classify_expediente(require_login(), expediente_id, json_body())
    return _etag(OUT.dump(exp), exp)


@blp.get("/expedientes/<int:expediente_id>/documentos")
@blp.response(200, DocumentoOutputSchema(many=True))
def list_documentos(expediente_id: int):
    """Documents attached to an expediente."""
    service.get_expediente(require_login(), expediente_id)
    return documentos.list_documentos(expediente_id)


@blp.post("/expedientes/<int:expediente_id>/documentos")
@blp.doc(requestBody={"content": {"multipart/form-data": {"schema": {
    "type": "object", "properties": {"archivo": {"type": "string", "format": "binary"}}}}}})
@blp.response(201, DocumentoOutputSchema)
def upload_documento(expediente_id: int):
    """Attach a PDF, DOCX, ODT, TXT or image (size limit from configuration)."""
    actor = require_login()
    upload = request.files.get("archivo")
    if upload is None:
        raise DomainError("Adjunte el archivo en el campo «archivo».", field="archivo")
    return documentos.add_documento(
        actor, expediente_id, upload.filename, upload.stream, store=file_store(),
        max_bytes=current_app.config["MAX_UPLOAD_MB"] * 1024 * 1024)


@blp.get("/documentos/<int:documento_id>/contenido")
def download_documento(documento_id: int):
    """The document's bytes, if the requester may see them."""
    doc = documentos.documento_for_download(current_actor(), documento_id)
    return send_file(file_store().open(doc.sha256), mimetype=doc.tipo, as_attachment=True,
                     download_name=doc.nombre, etag=doc.sha256)
