"""Batched Core writes of an inventario import: inserts, updates by shape, search outbox."""

from itertools import repeat

from sqlalchemy import bindparam, insert, literal, select, update

from archivo.records.models import Expediente
from archivo.search.models import SearchOutbox
from archivo.search.outbox import enqueue

_T = Expediente.__table__
_O = SearchOutbox.__table__
CONTENT = ("titulo", "descripcion", "palabras_clave", "fecha_apertura", "soporte", "legajos")
LOCATION = ("ubicacion_caja", "ubicacion_edificio", "ubicacion_digital")


def executemany(session, rows: list[dict], constants: dict) -> None:
    """INSERT the rows with one DB-API executemany (adapter: SQLAlchemy's per-row machinery
    costs more than SQLite itself at 100,000 rows). Values go through each column type's
    own bind processor, so what is stored is exactly what `insert(table)` would store.

    Built column by column: `constants` (same value in every row) are processed once, and
    the other columns' processed values are memoised, since dates, enums and ids repeat.
    """
    conn = session.connection()
    columns = [c for c in _T.columns if c.key in rows[0] or c.key in constants]
    compiled = insert(_T).values({c.key: bindparam(c.key) for c in columns}).compile(
        dialect=conn.dialect)
    names = compiled.positiontup if compiled.positional else [c.key for c in columns]
    count = len(rows)
    values = []
    for name in names:
        process = compiled.binds[name].type._cached_bind_processor(conn.dialect)
        if name in constants:
            value = constants[name]
            values.append(repeat(process(value) if process else value, count))
            continue
        column = [row[name] for row in rows]
        if process:
            memo = {v: process(v) for v in set(column)}
            column = [memo[v] for v in column]
        values.append(column)
    params = zip(*values, strict=False)  # constants are endless repeat() iterators
    if not compiled.positional:
        params = (dict(zip(names, p, strict=True)) for p in params)
    conn.exec_driver_sql(compiled.string, list(params))


class ExpedienteWriter:
    """Writes one chunk at a time inside the import's transaction (the caller commits)."""

    def __init__(self, session, uow, actor, fondo, now):
        self.session, self.uow, self.actor, self.fondo, self.now = (
            session, uow, actor, fondo, now)
        self.common = {"created_at": now, "updated_at": now, "created_by_id": actor.id,
                       "version_id": 1, "datos_personales_sensibles": False,
                       "violaciones_ddhh": False}

    def write(self, inserts: list[dict], open_updates: list, closed_updates: list) -> None:
        """New rows in one executemany; updates grouped by the columns they change."""
        if inserts:
            # No RETURNING: the outbox rows of created expedientes are queued at the end.
            executemany(self.session, inserts, self.common)
        ids = []
        for batch, fields in ((open_updates, (*CONTENT, *LOCATION)), (closed_updates, LOCATION)):
            by_shape: dict[tuple, list] = {}
            for params in batch:
                by_shape.setdefault(tuple(sorted(k for k in params if k in fields)),
                                    []).append(params)
            for shape, params in by_shape.items():
                # Bind names must differ from column names in an executemany UPDATE.
                stmt = (update(_T).where(_T.c.id == bindparam("_id"))
                        .values({**{k: bindparam(f"p_{k}") for k in shape},
                                 "version_id": _T.c.version_id + 1, "updated_at": self.now}))
                self.session.execute(stmt, [{"_id": p["_id"], **{f"p_{k}": p[k] for k in shape}}
                                            for p in params])
                ids.extend(p["_id"] for p in params)
        enqueue(self.uow, ids)

    def queue_created(self) -> None:
        """Outbox rows for every expediente this import created, in one INSERT .. SELECT."""
        created = (select(_T.c.id, literal("upsert"), literal(self.now, _O.c.created_at.type))
                   .where(_T.c.fondo_id == self.fondo.id, _T.c.created_at == self.now,
                          _T.c.created_by_id == self.actor.id))
        self.session.execute(insert(_O).from_select(["expediente_id", "op", "created_at"],
                                                    created))
        enqueue(self.uow, [])  # registers the after-commit drain, if any
