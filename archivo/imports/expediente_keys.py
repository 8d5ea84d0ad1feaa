"""Expediente keys during an import: consecutives per (serie, año), explicit and automatic."""

import functools
import re
import string
from collections.abc import Callable, Iterable

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite

from archivo.catalog.models import Serie
from archivo.records.models import ExpedienteCounter
from archivo.records.rules import format_key

_C = ExpedienteCounter.__table__


@functools.lru_cache(maxsize=16)
def _key_pattern(fmt: str) -> tuple[re.Pattern, int] | None:
    """The key format as a regex and the group of its consecutive (as records.keys reads it)."""
    pattern, names = "", []
    for literal_text, name, _spec, _conv in string.Formatter().parse(fmt):
        pattern += re.escape(literal_text)
        if name:
            names.append(name)
            pattern += r"(\d+)" if name in ("consecutivo", "anio") else r"(.+?)"
    if "consecutivo" not in names:
        return None
    return re.compile(pattern), names.index("consecutivo") + 1


def consecutivo_of(fmt: str, clave: str) -> int | None:
    """`records.keys.parse_consecutivo` with the pattern compiled once per format."""
    compiled = _key_pattern(fmt)
    match = compiled and compiled[0].fullmatch(clave)
    return int(match.group(compiled[1])) if match else None


class KeyBook:
    """Consecutives handed out by this import; the database counters are raised once, at
    the end, and never go down."""

    def __init__(self, session, fondo):
        self.session, self.fondo = session, fondo
        self.counters: dict[tuple[int, int], int] = {
            (sid, anio): n for sid, anio, n in session.execute(
                select(_C.c.serie_id, _C.c.anio, _C.c.ultimo)
                .join(Serie, Serie.id == _C.c.serie_id).where(Serie.fondo_id == fondo.id))}
        self.raised: set[tuple[int, int]] = set()
        self.generated: dict[str, int] = {}  # auto keys handed out -> sheet row
        self.new_keys: set[str] = set()  # explicit keys of rows created by this import

    def _bump(self, serie_id: int, anio: int, value: int | None = None) -> int:
        current = self.counters.get((serie_id, anio), 0)
        value = current + 1 if value is None else max(current, value)
        if value != current:
            self.counters[(serie_id, anio)] = value
            self.raised.add((serie_id, anio))
        return value

    def take_explicit(self, values: dict) -> None:
        """A new row with its own key: the counter catches up with the key's consecutive."""
        serie_id, anio, clave = values["serie_id"], values["anio"], values["clave"]
        consecutivo = consecutivo_of(self.fondo.key_format, clave)
        if consecutivo:
            self._bump(serie_id, anio, consecutivo)
        else:
            consecutivo = self._bump(serie_id, anio)
        values["consecutivo"] = consecutivo
        self.new_keys.add(clave)

    def assign_auto(self, auto: list[dict], existing: Callable[[Iterable[str]], dict]) -> None:
        """Next consecutive per (serie, año), skipping keys already taken in the database."""
        pending = auto
        while pending:
            for values in pending:
                serie, anio = values["_serie"], values["anio"]
                while True:
                    n = self._bump(serie.id, anio)
                    clave = format_key(self.fondo.key_format, fondo=self.fondo.clave,
                                       seccion=serie.seccion, serie=serie.codigo,
                                       consecutivo=n, anio=anio, unidad=values["_unidad"])
                    if clave not in self.new_keys and clave not in self.generated:
                        break
                values.update(clave=clave, consecutivo=n)
            taken = existing([v["clave"] for v in pending])
            for values in pending:
                if values["clave"] not in taken:
                    self.generated[values["clave"]] = values.get("_row", 0)
            pending = [v for v in pending if v["clave"] in taken]

    def save_counters(self) -> None:
        """One upsert per (serie, año) touched (dialect adapter: ON CONFLICT + max)."""
        if not self.raised:
            return
        dialect = self.session.get_bind().dialect.name
        stmt = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(_C)
        greatest = func.max if dialect == "sqlite" else func.greatest
        stmt = stmt.on_conflict_do_update(
            index_elements=[_C.c.serie_id, _C.c.anio],
            set_={"ultimo": greatest(_C.c.ultimo, stmt.excluded.ultimo)})
        self.session.execute(stmt, [{"serie_id": s, "anio": a, "ultimo": self.counters[(s, a)]}
                                    for s, a in sorted(self.raised)])
