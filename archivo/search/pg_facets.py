"""One scan of the matching rows answers a search page: total, facets and the page.

A common word matches a sixth of a million documents at 1M, and reading their rows
is most of the cost (the tsvectors make each row ~1.2 KB, and nearly every heap
block holds a match). So the matches are read once, into a materialized CTE of
just the id, the sort keys and the facet codes, and both the GROUPING SETS counts
and the top of the page come from it, instead of a counting scan followed by a
ranking scan over the same rows.
"""

from sqlalchemy import (
    BigInteger,
    Float,
    cast,
    func,
    literal,
    literal_column,
    null,
    select,
    text,
    tuple_,
)
from sqlalchemy.dialects.postgresql import ARRAY, aggregate_order_by

from archivo.search.backend import FACETS, FacetValue
from archivo.search.pg_query import order_keys

# Facets whose value is a code with a display name stored beside it.
LABELS = {"serie": "serie_nombre", "unidad": "unidad_nombre"}


def scan(conn, table, where, rank, query, *, facets: bool):
    """(total, facets, [(id, score)] of the requested page, best first).

    `rank` is the relevance expression, or None for date order. Without `facets`
    only the total is counted.
    """
    c = table.c
    score = rank if rank is not None else literal_column("0.0")
    matches = (
        select(c.id, c.apertura, *(c[name] for name in FACETS), cast(score, Float).label("score"))
        .where(*where)
        .cte("matches")
        .prefix_with("MATERIALIZED")
    )
    m = matches.c
    keys = [m[name] for name in FACETS]
    arrays = [cast(null(), ARRAY(BigInteger)), cast(null(), ARRAY(Float))]
    if facets:
        # Grouped once on all five codes (~11k groups for 170k matches), then
        # rolled up: one hash per row instead of one per facet (~110 ms less).
        combos = select(*keys, func.count().label("n")).group_by(*keys).subquery("combos")
        ckeys = [combos.c[name] for name in FACETS]
        flags = [func.grouping(k) for k in ckeys]
        sets = func.grouping_sets(*(tuple_(k) for k in ckeys), tuple_())
        # 0, not NULL, when nothing matched: a NULL count marks the page row below.
        total_n = cast(func.coalesce(func.sum(combos.c.n), 0), BigInteger)
        counts = select(*ckeys, *flags, total_n, *arrays).group_by(sets)
    else:  # the grand total alone, shaped like the grouping set ()
        nulls = [cast(null(), k.type) for k in keys]
        counts = select(*nulls, *[literal(1)] * len(keys), func.count(), *arrays)
        counts = counts.select_from(matches)

    def order(cols):
        return order_keys(cols.id, cols.apertura, cols.score if rank is not None else None, query)

    page = (
        select(m.id, m.apertura, m.score)
        .order_by(*order(m))
        .offset((query.page - 1) * query.per_page)
        .limit(query.per_page)
        .subquery("page")
    )
    # The page travels as two arrays in one row, ordered inside the aggregate (the
    # order of rows out of a subquery is not guaranteed).
    nothing = [cast(null(), k.type) for k in keys] + [null()] * (len(keys) + 1)
    hits = select(
        *nothing,
        func.array_agg(aggregate_order_by(page.c.id, *order(page.c))),
        func.array_agg(aggregate_order_by(page.c.score, *order(page.c))),
    )
    total, buckets, page_out = 0, {name: {} for name in FACETS}, []
    for row in conn.execute(counts.union_all(hits)):
        values, flags_, count, ids, scores = row[:5], row[5:10], row[10], row[11], row[12]
        if count is None:  # the page row
            page_out = list(zip(ids or [], scores or [], strict=True))
        elif all(flags_):
            total = count
        else:
            index = list(flags_).index(0)
            if values[index] not in (None, ""):
                buckets[FACETS[index]][str(values[index])] = count
    return total, (_facet_values(conn, table, buckets) if facets else {}), page_out


def _facet_values(conn, table, buckets) -> dict[str, list[FacetValue]]:
    out = {}
    for name, counts in buckets.items():
        labels = _labels(conn, table, name, list(counts)) if name in LABELS else {}
        out[name] = [FacetValue(v, n, labels.get(v, "")) for v, n in counts.items()]
    for name in ("serie", "unidad", "etapa", "acceso"):
        out[name].sort(key=lambda f: (-f.count, f.value))
    out["anio"].sort(key=lambda f: f.value, reverse=True)
    return out


def _labels(conn, table, name: str, codes: list[str]) -> dict[str, str]:
    """Display name per code, from the (code, name) index: one probe per code.

    Grouping the counts on the names as well cost ~100 ms at 170k matches. A code
    renamed since some of its documents were indexed shows the first name in
    alphabetical order until those documents are indexed again.
    """
    if not codes:
        return {}
    label = LABELS[name]
    stmt = text(
        f"SELECT code, (SELECT {label} FROM {table.name} WHERE {name} = code"  # noqa: S608 - our names
        f" ORDER BY {label} LIMIT 1) FROM unnest(CAST(:codes AS text[])) AS code"
    )
    return {code: nombre or "" for code, nombre in conn.execute(stmt, {"codes": codes})}
