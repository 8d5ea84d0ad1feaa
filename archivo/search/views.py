"""HTML search screens: staff search, the public lookup and page, the admin's reindex."""

import datetime as dt
from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _

from archivo.auth.current import current_actor
from archivo.catalog import service as catalog
from archivo.catalog.enums import Acceso
from archivo.catalog.rules import normalize_code
from archivo.i18n import N_, translate
from archivo.labels import label
from archivo.records.enums import Etapa
from archivo.search import public, reindex, service, sync
from archivo.search.analysis import fold
from archivo.search.schemas import PublicSearchQuerySchema
from archivo.ui import attempt, done, login_required

bp = Blueprint("search", __name__, url_prefix="/buscar")
public_bp = Blueprint("public_search", __name__, url_prefix="/consulta")
FILTERS = (
    "q",
    "serie",
    "seccion",
    "unidad",
    "etapa",
    "acceso",
    "anio_desde",
    "anio_hasta",
    "fecha_desde",
    "fecha_hasta",
    "sort",
)
# The filters folded under «Más filtros»: the fold opens when one of them is set or wrong.
MORE_FILTERS = tuple(k for k in FILTERS if k not in ("q", "seccion"))
# Values a facet lists before its «Ver todos (N)» link.
FACET_LIMIT = 12
# Chip titles of the active filters, in display order (the text and the order are not
# filters a reader removes: the search box and the «Orden» select show them).
CHIP_TITLES = {
    "serie": N_("Serie"),
    "seccion": N_("Sección"),
    "unidad": N_("Unidad"),
    "etapa": N_("Etapa"),
    "acceso": N_("Acceso"),
    "anio": N_("Año"),
    "anio_desde": N_("Desde el año"),
    "anio_hasta": N_("Hasta el año"),
    "fecha_desde": N_("Desde la fecha"),
    "fecha_hasta": N_("Hasta la fecha"),
}


@bp.record_once
def _wire_sync(state) -> None:
    # The outbox hook and the poller start with the search screens, so every process
    # serving the app (gunicorn workers, the test server) keeps the index in step.
    sync.init_app(state.app)


def _filters() -> dict:
    """The request's non-blank filters (kept in links: pager, facets, downloads)."""
    return {k: v.strip() for k, v in request.args.items() if k in FILTERS and v.strip()}


def _facet_links(result, filters: dict, endpoint: str, expanded: str | None = None) -> dict:
    """Each facet's buckets with the URL that narrows the search to it (or widens back).

    A facet shows its first FACET_LIMIT values (plus any active one further down) and a
    «Ver todos (N)» link that re-renders the page with it expanded (`?mas=anio`): no
    script needed. {name: {"links", "total", "more_url", "less_url"}}.
    """
    page = request.args.get("page", "").strip()
    keep = filters | ({"page": page} if page.isdigit() and page != "1" else {})
    out = {}
    for name, buckets in result.facets.items():
        keys = ("anio_desde", "anio_hasta") if name == "anio" else (name,)
        links = []
        for b in buckets:
            active = all(_same(name, filters.get(k), b.value) for k in keys)
            params = {k: v for k, v in filters.items() if k not in keys}
            if not active:
                params.update(dict.fromkeys(keys, b.value))
            links.append(
                {
                    "value": b.value,
                    "label": b.label or b.value,
                    "count": b.count,
                    "active": active,
                    "url": url_for(endpoint, **params),
                }
            )
        overflow = len(links) > FACET_LIMIT
        open_ = overflow and expanded == name
        anchor = f"#facet-{name}"
        out[name] = {
            "links": links
            if open_ or not overflow
            else [x for i, x in enumerate(links) if i < FACET_LIMIT or x["active"]],
            "total": len(links),
            "more_url": url_for(endpoint, **keep, mas=name) + anchor
            if overflow and not open_
            else None,
            "less_url": url_for(endpoint, **keep) + anchor if open_ else None,
        }
    return out


def _same(facet: str, typed: str | None, value: str) -> bool:
    """Whether a typed filter selects a facet bucket (`DA` is `da`, `04C.03` is `4C.3`)."""
    if typed is None:
        return False
    if facet == "serie":
        return normalize_code(typed) == normalize_code(value)
    return fold(typed) == fold(value)


def _catalog() -> tuple[list, list, list]:
    """(unidades, secciones, series) of the default fondo: the form's lists, the chips' names."""
    fondo = catalog.default_fondo()
    if fondo is None:
        return [], [], []
    return (
        catalog.list_unidades(fondo.id),
        catalog.list_secciones(fondo.id),
        catalog.list_series(fondo.id),
    )


def _choices(filters: dict, lists: tuple[list, list, list]) -> dict:
    """The unidad and serie lists of the form, and the typed values put in their terms.

    People pick a unit by its name and a serie under its sección; the URL keeps the
    clave and the code. A typed value (an old link, a facet's `da`) selects its entry;
    one that matches nothing stays selected as itself, so the page never hides a filter.
    """
    unidades, secciones, series = lists
    groups = [
        (
            f"{sec.codigo} {sec.nombre}",
            [(s.codigo, f"{s.codigo} {s.nombre}") for s in series if s.seccion_id == sec.id],
        )
        for sec in secciones
    ]
    form = request.args.to_dict()
    other = {}
    typed = filters.get("unidad")
    if typed:
        match = next((u.clave for u in unidades if fold(u.clave) == fold(typed)), None)
        form["unidad"] = match or typed
        if match is None:
            other["unidad"] = typed
    typed = filters.get("serie")
    if typed:
        code = normalize_code(typed)
        match = next((s.codigo for s in series if normalize_code(s.codigo) == code), None)
        form["serie"] = match or typed
        if match is None:
            other["serie"] = typed
    return {
        "form": form,
        "unidades": sorted(((u.clave, u.nombre) for u in unidades), key=lambda u: fold(u[1])),
        "serie_groups": [g for g in groups if g[1]],
        "other_values": other,
    }


def _chips(filters: dict, endpoint: str, lists: tuple[list, list, list]) -> list[dict]:
    """The active filters as removable chips, «× Unidad: Dirección de Administración».

    Each chip's URL is the search without that filter (a year picked in the facet sets
    both ends of the period: one chip «Año: 2017» removes both). Values are named as
    the reader knows them (the unit's name, the serie's code and name); a value that
    matches nothing in the catalogue shows as typed.
    """
    unidades, secciones, series = lists
    names = {
        "unidad": {fold(u.clave): u.nombre for u in unidades},
        "serie": {normalize_code(s.codigo): f"{s.codigo} {s.nombre}" for s in series},
        "seccion": {normalize_code(s.codigo): f"{s.codigo} {s.nombre}" for s in secciones},
    }

    def shown(key: str, value: str) -> str:
        if key == "unidad":
            return names["unidad"].get(fold(value), value)
        if key in ("serie", "seccion"):
            return names[key].get(normalize_code(value), value)
        if key in ("etapa", "acceso"):
            return label(fold(value))
        if key.startswith("fecha_"):
            try:
                return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
            except ValueError:
                return value
        return value

    groups = [(k,) for k in ("serie", "seccion", "unidad", "etapa", "acceso")]
    desde, hasta = filters.get("anio_desde"), filters.get("anio_hasta")
    if desde and desde == hasta:
        groups.append(("anio_desde", "anio_hasta"))
    else:
        groups += [("anio_desde",), ("anio_hasta",)]
    groups += [("fecha_desde",), ("fecha_hasta",)]
    chips = []
    for keys in groups:
        if not all(filters.get(k) for k in keys):
            continue
        title = CHIP_TITLES["anio" if len(keys) == 2 else keys[0]]
        chips.append(
            {
                "title": translate(title),
                "value": shown(keys[0], filters[keys[0]]),
                "url": url_for(endpoint, **{k: v for k, v in filters.items() if k not in keys}),
            }
        )
    return chips


def _filters_open(filters: dict, errors: dict) -> bool:
    """Whether «Más filtros» starts open: one of its filters is set (not the default
    order, which every submitted form carries) or has an error to show."""
    chosen = {k for k, v in filters.items() if not (k == "sort" and v == "relevance")}
    return any(k in chosen or k in errors for k in MORE_FILTERS)


def _render(template: str, endpoint: str, actor, *, public_only: bool, hit_url):
    filters = _filters()
    schema = PublicSearchQuerySchema() if public_only else None
    params = filters | {"page": request.args.get("page", "1")}
    found, errors = attempt(service.search, actor, params, public=public_only, schema=schema)
    result = found[0] if found else None
    suggestion_url = None
    if result and result.suggestion:
        suggestion_url = url_for(endpoint, **(filters | {"q": result.suggestion}))
    errors = errors or {}
    lists = _catalog()
    expanded = request.args.get("mas")
    kept = {k: v for k, v in filters.items() if k in ("q", "sort")}
    context = {
        **_choices(filters, lists),
        "errors": errors,
        "filters_open": _filters_open(filters, errors),
        "max_download": public.MAX_DOWNLOAD,
        "filters": filters,
        "result": result,
        "facets": _facet_links(result, filters, endpoint, expanded) if result else {},
        "chips": _chips(filters, endpoint, lists),
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
