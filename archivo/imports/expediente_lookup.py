"""Which of a chunk's keys already exist in the fondo: one indexed IN (...) per batch."""

from sqlalchemy import bindparam, select, text

from archivo.db import is_sqlite
from archivo.records.models import Expediente

_T = Expediente.__table__
IN_BATCH = 900  # keys per IN (...) lookup, below any driver's parameter limit
EXISTING = (_T.c.id, _T.c.clave, _T.c.serie_id, _T.c.unidad_id, _T.c.closed_at, _T.c.etapa,
            _T.c.titulo, _T.c.descripcion, _T.c.palabras_clave, _T.c.fecha_apertura,
            _T.c.soporte, _T.c.legajos, _T.c.ubicacion_caja, _T.c.ubicacion_edificio,
            _T.c.ubicacion_digital)


def _sqlite_key_index(session) -> str | None:
    """Name of SQLite's unique index on (fondo_id, clave), as created by the constraint."""
    conn = session.connection()
    for row in conn.exec_driver_sql(f"PRAGMA index_list({_T.name})"):
        name, unique = row[1], row[2]
        columns = [c[2] for c in conn.exec_driver_sql(f'PRAGMA index_info("{name}")')]
        if unique and columns == ["fondo_id", "clave"]:
            return name
    return None


def key_lookup(session, fondo_id: int):
    """A function claves -> {clave: existing row} for this fondo.

    SQLite adapter: the statement names the unique index (INDEXED BY). Statistics taken
    while the table was small (ANALYZE after a pilot load) make SQLite's planner scan the
    whole table for every IN (...) of 900 keys while an import grows it: measured 60
    lookups in 3.4 s for 50,000 rows, against a few milliseconds through the index.
    """
    stmt = select(*EXISTING).where(_T.c.fondo_id == fondo_id,
                                   _T.c.clave.in_(bindparam("claves", expanding=True)))
    index = _sqlite_key_index(session) if is_sqlite(session) else None
    if index is not None:
        names = ", ".join(c.name for c in EXISTING)
        # Only identifiers from the schema itself are interpolated; values are bound.
        stmt = text(f'SELECT {names} FROM {_T.name} INDEXED BY "{index}" '  # noqa: S608
                    "WHERE fondo_id = :fondo_id AND clave IN :claves").bindparams(
            bindparam("claves", expanding=True), fondo_id=fondo_id).columns(*EXISTING)

    def existing(claves: list[str]) -> dict:
        found = {}
        for start in range(0, len(claves), IN_BATCH):
            for r in session.execute(stmt, {"claves": claves[start:start + IN_BATCH]}):
                found[r.clave] = r
        return found

    return existing
