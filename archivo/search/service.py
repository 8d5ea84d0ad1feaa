"""Search use cases: the process's backend, who sees what, and validated queries."""

import os
import threading
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from flask import current_app
from marshmallow import ValidationError

from archivo.auth.roles import Rol
from archivo.db import get_session
from archivo.disposals.execution import tombstone
from archivo.errors import Forbidden, NotFound
from archivo.interop.visibility import hidden_accesos
from archivo.labels import label
from archivo.records.enums import Etapa
from archivo.records.models import Expediente
from archivo.search.analysis import looks_like_key
from archivo.search.backend import (
    MAX_PER_PAGE,
    SearchBackend,
    SearchQuery,
    SearchQueryError,
    SearchResult,
    public_fields,
)
from archivo.search.documents import build_document
from archivo.search.query import any_words_text, parse
from archivo.search.schemas import SearchQuerySchema

BACKENDS = ("whoosh", "postgres", "auto")
EXTENSION = "archivo.search"
_lock = threading.Lock()


def index_path(app) -> Path:
    """The Whoosh index directory in the instance folder."""
    return Path(app.config["INSTANCE_PATH"]) / "search-index"


def backend_name(app) -> str:
    """`whoosh` or `postgres` as configured (`auto`: postgres when the DB is PostgreSQL)."""
    name = str(app.config.get("SEARCH_BACKEND") or "auto").strip().lower()
    if name not in BACKENDS:
        raise RuntimeError(
            f"ARCHIVO_SEARCH_BACKEND debe ser uno de {', '.join(BACKENDS)}; se recibió {name!r}."
        )
    engine = app.extensions["archivo.engine"]
    if name == "auto":
        return "postgres" if engine.dialect.name == "postgresql" else "whoosh"
    if name == "postgres" and engine.dialect.name != "postgresql":
        raise RuntimeError("ARCHIVO_SEARCH_BACKEND=postgres requiere una base PostgreSQL.")
    return name


def make_backend(app) -> SearchBackend:
    """A new backend for `app`; the PostgreSQL one is imported only when selected."""
    if backend_name(app) == "postgres":
        from archivo.search.pg_backend import PostgresBackend

        return PostgresBackend(app.extensions["archivo.engine"])
    from archivo.search.whoosh_backend import WhooshBackend

    return WhooshBackend(index_path(app))


def get_backend(app=None) -> SearchBackend:
    """The backend of this process, created on first use.

    Per process, not per app object only: a backend opened before a fork (gunicorn
    --preload) would share Whoosh file handles and searcher state with its siblings.
    """
    app = app or current_app._get_current_object()
    slot = app.extensions.get(EXTENSION)
    if slot is None or slot[0] != os.getpid():
        with _lock:
            slot = app.extensions.get(EXTENSION)
            if slot is None or slot[0] != os.getpid():
                slot = (os.getpid(), make_backend(app))
                app.extensions[EXTENSION] = slot
    return slot[1]


def use_backend(app, backend: SearchBackend) -> None:
    """Install `backend` for this process (tests, benchmarks, the reindex command)."""
    app.extensions[EXTENSION] = (os.getpid(), backend)


def audience(actor, *, public: bool = False) -> str:
    """`staff` for roles that may read every record, else `public`.

    The staff index fields hold confidential words; a role that may not read some
    expedientes' content (interop.visibility: the Grupo Interdisciplinario) could
    learn them just by which files match, so it searches the public fields like an
    anonymous requester and opens the expediente itself for the rest.
    """
    if public or hidden_accesos(actor):
        return "public"
    return "staff"


def require_admin(actor) -> None:
    """Rebuilding the index is system administration: administrators only."""
    if actor is None or actor.rol != Rol.ADMINISTRADOR:
        raise Forbidden("Solo un administrador puede reconstruir el índice de búsqueda.")


def parse_params(params: Mapping, schema=None) -> dict:
    """Load query-string parameters (422 with field messages on bad input)."""
    raw = {k: v for k, v in params.items() if k != "lang"}  # `lang` picks the language
    return (schema or SearchQuerySchema()).load(raw)


def search(
    actor,
    params: Mapping,
    *,
    public: bool = False,
    schema=None,
    backend: SearchBackend | None = None,
    **options,
) -> tuple[SearchResult, dict]:
    """Run a search for `actor` (None: the public); returns (result, loaded params).

    `options` set SearchQuery fields the request does not choose (facets, highlight).
    """
    data = parse_params(params, schema)
    query = SearchQuery(
        text=data["q"],
        serie=data["serie"],
        seccion=data["seccion"],
        unidad=data["unidad"],
        etapa=data["etapa"] and data["etapa"].value,
        acceso=data["acceso"] and data["acceso"].value,
        anio_desde=data["anio_desde"],
        anio_hasta=data["anio_hasta"],
        fecha_desde=data["fecha_desde"],
        fecha_hasta=data["fecha_hasta"],
        sort=data["sort"],
        page=data["page"],
        per_page=data["per_page"],
        audience=audience(actor, public=public),
        **options,
    )
    try:
        result = (backend or get_backend()).search(query)
        if not result.total and looks_like_key((query.text or "").strip()):
            # Not an expediente key: references written like one (`DB/045/2025`, the
            # dictamen of a baja) are words in the documents; search them as a phrase.
            phrase = replace(query, text=f'"{query.text.strip()}"')
            result = (backend or get_backend()).search(phrase)
        if not result.total and (words := any_words_text(query.text)):
            some = (backend or get_backend()).search(replace(query, text=words))
            if some.total:
                some.any_words, some.suggestion = True, result.suggestion
                result = some
        result.text_ignored = bool((query.text or "").strip()) and parse(query.text).root is None
    except SearchQueryError as err:  # range checks the schema cannot see (desde > hasta)
        raise ValidationError({err.field: [err.message]}) from err
    _label_facets(result)
    return result, data


def _label_facets(result: SearchResult) -> None:
    """Display labels for stage and access buckets (the backend stores plain values)."""
    for name in ("etapa", "acceso"):
        for bucket in result.facets.get(name, []):
            bucket.label = label(bucket.value)
    for bucket in result.facets.get("anio", []):
        bucket.label = bucket.label or bucket.value


def jsonable(value):
    """Dates as ISO strings, lists and dicts walked (for JSON and CSV)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    return value


def result_payload(result: SearchResult, url_for_hit) -> dict:
    """The API shape of a result (see schemas.SearchResultSchema)."""
    return {
        "total": result.total,
        "page": result.page,
        "per_page": result.per_page,
        "pages": result.pages,
        "suggestion": result.suggestion,
        "hits": [
            {
                "id": h.id,
                "score": round(h.score, 4),
                "url": url_for_hit(h.id),
                "fields": jsonable(h.fields),
                "highlights": h.highlights,
            }
            for h in result.hits
        ],
        "facets": {
            name: [
                {"value": b.value, "label": str(b.label or b.value), "count": b.count}
                for b in buckets
            ]
            for name, buckets in result.facets.items()
        },
    }


def search_all(actor, params: Mapping, *, limit: int, **kwargs) -> tuple[list, int, dict]:
    """Up to `limit` hits of a search, page by page (downloads); (hits, total, params)."""
    params = {**params, "per_page": MAX_PER_PAGE}
    hits, page = [], 1
    while True:
        result, data = search(
            actor, {**params, "page": page}, facets=False, highlight=False, **kwargs
        )
        hits += result.hits
        if len(hits) >= min(limit, result.total) or not result.hits:
            return hits[:limit], result.total, data
        page += 1


def public_expediente(expediente_id: int) -> dict:
    """The public fields of one expediente, read from the database (the truth).

    Tombstones add the evidence of the baja: fecha, acta, dictamen and the fundamento
    of the CADIDO rule that allowed it.
    """
    session = get_session()
    doc = build_document(session, expediente_id)
    if doc is None:
        raise NotFound("El expediente no existe.")
    out = public_fields(doc)
    if doc.etapa == Etapa.BAJA and doc.acta_baja:
        out["baja"] = tombstone(expediente_id)
        regla = session.get(Expediente, expediente_id).regla
        out["baja"]["fundamento"] = regla.fundamento_legal if regla else ""
    return out
