"""JSON API: ISAD(G) descriptions per unit, and finding-aid exports (EAD3, EAD 2002, AtoM CSV)."""

from flask import Response, request, stream_with_context
from flask_smorest import Blueprint

from archivo.api import body
from archivo.auth.current import current_actor, require_login
from archivo.interop import service
from archivo.interop.atom_import import import_atom_csv
from archivo.interop.export import start_export
from archivo.interop.schemas import (
    DescripcionInputSchema,
    DescripcionOutputSchema,
    ExportQuerySchema,
)
from archivo.web import expected_version, json_body

blp = Blueprint("interop_api", __name__, url_prefix="/api/v1",
                description="Descripción archivística ISAD(G) y exportación a EAD3, EAD 2002 "
                            "y CSV de AtoM")


@blp.get("/descripciones/<nivel>/<int:objeto_id>")
@blp.response(200, DescripcionOutputSchema)
def get_description(nivel: str, objeto_id: int):
    """ISAD(G) description of a fondo, sección, serie or expediente (derived + written)."""
    return service.get_description(require_login(), service.parse_nivel(nivel), objeto_id)


@blp.put("/descripciones/<nivel>/<int:objeto_id>")
@blp.doc(**body(DescripcionInputSchema))
@blp.response(200, DescripcionOutputSchema)
def put_description(nivel: str, objeto_id: int):
    """Write the archivist's elements (send `If-Match: <version>` to detect lost updates)."""
    actor = require_login()
    parsed = service.parse_nivel(nivel)
    service.update_description(actor, parsed, objeto_id, json_body(),
                               expected_version=expected_version())
    return service.get_description(actor, parsed, objeto_id)


@blp.get("/export/<any(ead3, ead2002, 'atom-csv'):formato>")
@blp.arguments(ExportQuerySchema, location="query", as_kwargs=False)
@blp.response(200)
def export(query, formato: str):
    """Finding aid of a fondo, sección or serie, streamed; the public gets public records only."""
    exp = start_export(current_actor(), formato, query)
    return Response(stream_with_context(exp.chunks), mimetype=exp.mimetype.split(";")[0],
                    headers={"Content-Disposition": f'attachment; filename="{exp.filename}"'})


@blp.post("/import/atom-csv")
@blp.response(200)
def import_csv():
    """Check (`?dry_run=1`, the default) or import an AtoM ISAD(G) CSV of descriptions."""
    actor = require_login()
    upload = request.files.get("file")
    content = upload.read() if upload else request.get_data()
    dry_run = request.args.get("dry_run", "1") not in ("0", "false", "no")
    fondo_id = request.args.get("fondo_id", type=int)
    return import_atom_csv(actor, content, dry_run=dry_run, fondo_id=fondo_id).to_dict()

