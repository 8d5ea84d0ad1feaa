"""JSON API of search: staff search, the public lookup, and the admin's reindex."""

from flask import current_app, request
from flask_smorest import Blueprint

from archivo.auth.current import current_actor, require_login
from archivo.search import public, reindex, service
from archivo.search.schemas import (
    PublicSearchQuerySchema,
    SearchQuerySchema,
    SearchResultSchema,
)

blp = Blueprint(
    "search_api",
    __name__,
    url_prefix="/api/v1",
    description="Búsqueda de expedientes y consulta pública",
)
RESPONSES = {
    "200": {"content": {"application/json": {"schema": SearchResultSchema}}},
    "422": {"description": "Parámetros no válidos (mensajes por campo)."},
}


@blp.get("/search")
@blp.doc(parameters=[{"in": "query", "schema": SearchQuerySchema}], responses=RESPONSES)
def search():
    """Full-text search with filters, facets, highlights and «¿quiso decir?».

    What each result shows depends on the role: reserved and confidential content is
    searched and shown only to roles that may read it.
    """
    result, _ = service.search(require_login(), request.args)
    return service.result_payload(result, public.public_url)


@blp.get("/public/search")
@blp.doc(
    security=[],
    parameters=[{"in": "query", "schema": PublicSearchQuerySchema}],
    responses={
        **RESPONSES,
        "429": {"description": "Demasiadas consultas; ver Retry-After (segundos)."},
    },
)
def public_search():
    """Is there a documented decision about X, by unit Y, between dates? (no login).

    Public fields only: for reserved files, what the índice de reservados publishes;
    for disposed ones, the acta and dictamen of their lawful baja. Rate-limited per
    client. `format=csv|json` downloads up to 1,000 results.
    """
    public.check_rate_limit()
    fmt = request.args.get("format")
    if fmt:
        hits, total, _ = service.search_all(
            current_actor(),
            request.args,
            public=True,
            schema=PublicSearchQuerySchema(),
            limit=public.MAX_DOWNLOAD,
        )
        return public.download(hits, fmt, total)
    result, _ = service.search(
        current_actor(), request.args, public=True, schema=PublicSearchQuerySchema()
    )
    return service.result_payload(result, public.public_url)


@blp.post("/search/reindex")
@blp.doc(responses={"202": {"description": "Reconstrucción iniciada."}})
def start_reindex():
    """Rebuild the index from the database in the background (administrators)."""
    service.require_admin(require_login())
    started = reindex.start_background(current_app._get_current_object())
    return {"started": started, **reindex.status(current_app)}, 202 if started else 409


@blp.get("/search/reindex")
def reindex_status():
    """Progress of the last rebuild (administrators)."""
    service.require_admin(require_login())
    return reindex.status(current_app)
