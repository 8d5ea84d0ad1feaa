"""Total, facet counts and one page of a search: two statements over the matching rows.

A common word matches a sixth of a million documents at 1M. Measured there with the
search table in shared buffers: reading the matches costs ~130 ms, grouping them on
the five facet codes ~120 ms, ranking them ~40 ms (more for a prefix). Answering
both from one materialised CTE cost more than reading the matches twice (~300 ms
to write and re-read 166k rows through the CTE's tuplestore), and two statements
can run at once on two connections (pg_side).
"""

from sqlalchemy import BigInteger, Float, cast, func, literal_column, select, text, tuple_

from archivo.search.backend import FACETS, FacetValue
from archivo.search.pg_query import order_keys

# Facets whose value is a code with a display name stored beside it.
LABELS = {"serie": "serie_nombre", "unidad": "unidad_nombre"}


def count(conn, table, where, *, facets: bool) -> tuple[int, dict[str, list[FacetValue]]]:
    """(total, facets) of the matches; without `facets` only the total."""
    if not facets:
        total = conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one()
        return total, {}
    total, buckets = _facet_counts(conn, table, where)
    return total, _facet_values(conn, table, buckets)


def _facet_counts(conn, table, where) -> tuple[int, dict[str, dict[str, int]]]:
    """The total and {facet: {value: count}} in one GROUPING SETS statement.

    Grouped once on all five codes (~11k groups for 166k matches), then rolled up:
    one hash per row instead of one per facet (~110 ms less).
    """
    keys = [table.c[name] for name in FACETS]
    combos = select(*keys, func.count().label("n")).where(*where).group_by(*keys)
    combos = combos.subquery("combos")
    ckeys = [combos.c[name] for name in FACETS]
    sets = func.grouping_sets(*(tuple_(k) for k in ckeys), tuple_())
    flags = [func.grouping(k) for k in ckeys]
    stmt = select(*ckeys, *flags, cast(func.sum(combos.c.n), BigInteger))
    total, buckets = 0, {name: {} for name in FACETS}
    for row in conn.execute(stmt.group_by(sets)):
        values, flags, n = row[:5], row[5:10], row[10]
        if all(flags):
            total = n or 0  # NULL when nothing matched
        else:
            index = list(flags).index(0)
            if values[index] not in (None, ""):
                buckets[FACETS[index]][str(values[index])] = n
    return total, buckets


def ranked_page(conn, table, where, rank, query) -> list[tuple[int, float]]:
    """[(id, score)] of the requested page, best first (`rank` None: by date)."""
    c = table.c
    score = cast(rank if rank is not None else literal_column("0.0"), Float).label("score")
    stmt = (
        select(c.id, score)
        .where(*where)
        .order_by(*order_keys(c.id, c.apertura, score if rank is not None else None, query))
        .offset((query.page - 1) * query.per_page)
        .limit(query.per_page)
    )
    return [(id_, score_) for id_, score_ in conn.execute(stmt)]


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
