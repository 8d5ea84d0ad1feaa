"""The search form and its filters as the screens show them: choices by name, facet
links, removable chips, and whether «Más filtros» starts open (staff and public alike)."""

import datetime as dt

from flask import request, url_for

from archivo.catalog import service as catalog
from archivo.catalog.rules import normalize_code
from archivo.i18n import N_, translate
from archivo.labels import label
from archivo.search.analysis import fold

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


def requested_filters() -> dict:
    """The request's non-blank filters (kept in links: pager, facets, downloads)."""
    return {k: v.strip() for k, v in request.args.items() if k in FILTERS and v.strip()}


def facet_links(result, filters: dict, endpoint: str, expanded: str | None = None) -> dict:
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


def catalog_lists() -> tuple[list, list, list]:
    """(unidades, secciones, series) of the default fondo: the form's lists, the chips' names."""
    fondo = catalog.default_fondo()
    if fondo is None:
        return [], [], []
    return (
        catalog.list_unidades(fondo.id),
        catalog.list_secciones(fondo.id),
        catalog.list_series(fondo.id),
    )


def choices(filters: dict, lists: tuple[list, list, list]) -> dict:
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


def chips(filters: dict, endpoint: str, lists: tuple[list, list, list]) -> list[dict]:
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


def filters_open(filters: dict, errors: dict) -> bool:
    """Whether «Más filtros» starts open: one of its filters is set (not the default
    order, which every submitted form carries) or has an error to show."""
    chosen = {k for k, v in filters.items() if not (k == "sort" and v == "relevance")}
    return any(k in chosen or k in errors for k in MORE_FILTERS)
