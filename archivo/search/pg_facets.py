"""Facet counts for the PostgreSQL backend: every facet and the total in one scan."""

from sqlalchemy import func, select, tuple_

from archivo.search.backend import FacetValue


def count_facets(conn, table, where) -> tuple[int, dict[str, list[FacetValue]]]:
    """Total and exact counts of every facet in one GROUPING SETS scan."""
    c = table.c
    sets = func.grouping_sets(
        tuple_(c.serie, c.serie_nombre),
        tuple_(c.unidad, c.unidad_nombre),
        c.etapa,
        c.anio,
        c.acceso,
        tuple_(),
    )
    grouping = [func.grouping(c[name]) for name in ("serie", "unidad", "etapa", "anio")]
    stmt = (
        select(
            c.serie,
            c.serie_nombre,
            c.unidad,
            c.unidad_nombre,
            c.etapa,
            c.anio,
            c.acceso,
            *grouping,
            func.grouping(c.acceso),
            func.count(),
        )  # fmt: skip
        .where(*where)
        .group_by(sets)
    )
    total = 0
    buckets: dict[str, dict[str, FacetValue]] = {
        name: {} for name in ("serie", "unidad", "etapa", "anio", "acceso")
    }
    for row in conn.execute(stmt):
        serie, serie_nombre, unidad, unidad_nombre, etapa, anio, acceso = row[:7]
        flags, count = row[7:12], row[12]
        if all(flags):
            total = count
            continue
        name = ("serie", "unidad", "etapa", "anio", "acceso")[list(flags).index(0)]
        value, label = {
            "serie": (serie, serie_nombre),
            "unidad": (unidad, unidad_nombre),
            "etapa": (etapa, ""),
            "anio": (str(anio) if anio else "", ""),
            "acceso": (acceso, ""),
        }[name]
        if not value:
            continue
        bucket = buckets[name].setdefault(value, FacetValue(value, 0, label))
        bucket.count += count  # one serie code may carry two names
    facets = {name: list(values.values()) for name, values in buckets.items()}
    for name in ("serie", "unidad", "etapa", "acceso"):
        facets[name].sort(key=lambda f: (-f.count, f.value))
    facets["anio"].sort(key=lambda f: f.value, reverse=True)
    return total, facets
