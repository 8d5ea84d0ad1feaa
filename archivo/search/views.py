"""HTML search screens: staff search, the public lookup and page, the admin's reindex."""

from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _

from archivo.auth.current import current_actor
from archivo.catalog.enums import Acceso
from archivo.records.enums import Etapa
from archivo.search import form, public, reindex, service, sync
from archivo.search.schemas import PublicSearchQuerySchema
from archivo.ui import attempt, done, login_required

bp = Blueprint("search", __name__, url_prefix="/buscar")
public_bp = Blueprint("public_search", __name__, url_prefix="/consulta")


@bp.record_once
def _wire_sync(state) -> None:
    # The outbox hook and the poller start with the search screens, so every process
    # serving the app (gunicorn workers, the test server) keeps the index in step.
    sync.init_app(state.app)


def _render(template: str, endpoint: str, actor, *, public_only: bool, hit_url):
    filters = form.requested_filters()
    schema = PublicSearchQuerySchema() if public_only else None
    params = filters | {"page": request.args.get("page", "1")}
    found, errors = attempt(service.search, actor, params, public=public_only, schema=schema)
    result = found[0] if found else None
    suggestion_url = None
    if result and result.suggestion:
        suggestion_url = url_for(endpoint, **(filters | {"q": result.suggestion}))
    errors = errors or {}
    lists = form.catalog_lists()
    expanded = request.args.get("mas")
    kept = {k: v for k, v in filters.items() if k in ("q", "sort")}
    context = {
        **form.choices(filters, lists),
        "errors": errors,
        "filters_open": form.filters_open(filters, errors),
        "max_download": public.MAX_DOWNLOAD,
        "filters": filters,
        "result": result,
        "facets": form.facet_links(result, filters, endpoint, expanded) if result else {},
        "chips": form.chips(filters, endpoint, lists),
        "clear_filters_url": url_for(endpoint, **kept),
        "etapas": list(Etapa),
        "accesos": list(Acceso),
        "searched": bool(filters),
        "hit_url": hit_url,
        "suggestion_url": suggestion_url,
        "endpoint": endpoint,
    }
    return render_template(template, **context), 422 if errors else 200


@bp.get("")
@login_required
def index():
    """Staff search: free text, filters, clickable facets, highlights, paging, sort."""
    return _render(
        "search/index.html",
        "search.index",
        current_actor(),
        public_only=False,
        hit_url=lambda i: url_for("records.detail", expediente_id=i),
    )


@bp.get("/reindexar")
@login_required
def reindex_status():
    """Progress of the index rebuild (the page refreshes itself while it runs)."""
    service.require_admin(current_actor())
    app = current_app._get_current_object()
    return render_template(
        "search/reindex.html",
        status=reindex.status(app),
        backend=service.backend_name(app),
        pending=sync.pending(),
    )


@bp.post("/reindexar")
@login_required
def reindex_start():
    """Start a rebuild in the background."""
    service.require_admin(current_actor())
    if reindex.start_background(current_app._get_current_object()):
        return done(_("Reconstrucción del índice iniciada."), "search.reindex_status")
    return redirect(url_for("search.reindex_status"))


@public_bp.get("/buscar")
def public_index():
    """¿Está documentada esta decisión? The public lookup, in plain language."""
    public.check_rate_limit()
    return _render(
        "search/public.html",
        "public_search.public_index",
        None,
        public_only=True,
        hit_url=lambda i: url_for("public_search.expediente", expediente_id=i),
    )


@public_bp.get("/expedientes/<int:expediente_id>")
def expediente(expediente_id: int):
    """Public page of one expediente; QR codes on carátulas point here, keep the URL."""
    public.check_rate_limit()
    return render_template(
        "search/expediente.html",
        exp=service.public_expediente(expediente_id),
        expediente_id=expediente_id,
        back_url=_back_to_search(),
    )


def _back_to_search() -> str:
    """«Volver a la consulta»: the search the reader came from, with its query, if any.

    Read from the Referer (same-origin policy: sent in full within the site) rather than
    carried in the link, so the expediente's URL stays the one printed on its carátula.
    """
    search = url_for("public_search.public_index")
    ref = urlsplit(request.referrer or "")
    if ref.netloc == request.host and ref.path == search and ref.query:
        return f"{search}?{ref.query}"
    return search
