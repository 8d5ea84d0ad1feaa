"""Collision-free consecutives per serie and year (dialect adapter: atomic upsert)."""

import re
import string

from sqlalchemy import func
from sqlalchemy.dialects import postgresql, sqlite

from archivo.records.models import ExpedienteCounter

_TABLE = ExpedienteCounter.__table__


def _upsert(session, serie_id: int, anio: int, initial: int, on_conflict):
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(_TABLE).values(serie_id=serie_id, anio=anio, ultimo=initial)
    stmt = stmt.on_conflict_do_update(
        index_elements=[_TABLE.c.serie_id, _TABLE.c.anio],
        set_={"ultimo": on_conflict(dialect)},
    ).returning(_TABLE.c.ultimo)
    return session.execute(stmt).scalar_one()


def next_consecutivo(session, serie_id: int, anio: int) -> int:
    """Bump and return the serie's counter for `anio` in one atomic statement.

    `INSERT .. ON CONFLICT DO UPDATE .. RETURNING` takes the row (or database) lock at
    once, so two concurrent creations can never read the same value.
    """
    return _upsert(session, serie_id, anio, 1, lambda _d: _TABLE.c.ultimo + 1)


def raise_counter(session, serie_id: int, anio: int, value: int) -> None:
    """Keep the counter at least at `value` (a key taken from an existing inventory)."""

    def greatest(dialect):
        # SQLite's two-argument max() is scalar; PostgreSQL spells it GREATEST.
        fn = func.max if dialect == "sqlite" else func.greatest
        return fn(_TABLE.c.ultimo, value)

    _upsert(session, serie_id, anio, value, greatest)


def parse_consecutivo(fmt: str, clave: str) -> int | None:
    """The consecutive embedded in a key written in format `fmt`, if it can be read."""
    pattern, names = "", []
    for literal, name, _spec, _conv in string.Formatter().parse(fmt):
        pattern += re.escape(literal)
        if name:
            names.append(name)
            pattern += r"(\d+)" if name in ("consecutivo", "anio") else r"(.+?)"
    match = re.fullmatch(pattern, clave)
    if not match or "consecutivo" not in names:
        return None
    return int(match.group(names.index("consecutivo") + 1))
