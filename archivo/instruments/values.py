"""Turn row values into printable text and compute closing figures, shared by PDF and CSV."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum

from archivo.instruments.layout import Column, Layout

# C0/C1 control characters (except tab/newline) would corrupt the PDF text stream or
# print as boxes; user data arrives with them from copy-pasted Word documents.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
MISSING = "—"
# A row carrying this key (true) is printed but left out of the closing figures: an
# expediente returned at cotejo or excluded from a baja stays on record without being
# counted as delivered or destroyed.
UNCOUNTED = "sin_contar"


def clean_text(value: str) -> str:
    """Drop control characters and normalise line breaks; keep every printable char."""
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROL.sub("", value)


def display(value, *, iso: bool = False) -> str:
    """Printable text for one value: dates dd/mm/aaaa (ISO for open data), sets joined."""
    kind = type(value)
    if kind is str and value.isprintable():  # the common case, checked in C
        return value
    if kind is int:  # consecutivos, plazos, fojas
        return str(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "X" if value else ""
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes") if iso else value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):  # f-string: several times faster than strftime
        return value.isoformat() if iso else f"{value.day:02d}/{value.month:02d}/{value.year}"
    if isinstance(value, float | Decimal):
        return f"{value:,.2f}".rstrip("0").rstrip(".") if not iso else str(value)
    if isinstance(value, list | tuple | set | frozenset):
        items = [display(v, iso=iso) for v in value]
        return ", ".join(sorted(items) if isinstance(value, set | frozenset) else items)
    return clean_text(str(value))


def cell_value(column: Column, row: Mapping, *, iso: bool = False) -> str:
    """The text a column shows for a row; `mark` columns print X on membership."""
    value = row.get(column.key)
    if column.mark is not None:
        if isinstance(value, list | tuple | set | frozenset):
            hit = any(_same(v, column.mark) for v in value)
        else:
            hit = value is not None and _same(value, column.mark)
        return "X" if hit else ""
    return display(value, iso=iso)


def _same(value, mark: str) -> bool:
    if isinstance(value, Enum):
        value = value.value
    return str(value).casefold() == mark.casefold()


def column_label(column: Column) -> str:
    """Unambiguous label for open data: grouped columns carry their group ("Destino: B")."""
    return f"{column.group}: {column.label}" if column.group else column.label


class Totals:
    """Accumulates a layout's closing figures while rows stream past (no second pass)."""

    def __init__(self, layout: Layout):
        self.aggregates = layout.closing.aggregates if layout.closing else ()
        self.values: dict[str, object] = {}
        self._distinct: dict[str, set] = {
            a.name: set() for a in self.aggregates if a.op == "distinct"
        }

    def add(self, row: Mapping) -> None:
        """Fold one row into every figure (an `UNCOUNTED` row into none)."""
        if row.get(UNCOUNTED):
            return
        values = self.values
        for agg in self.aggregates:
            op = agg.op
            if op == "count":
                values[agg.name] = values.get(agg.name, 0) + 1
                continue
            value = row.get(agg.key)
            if value is None or value == "":
                continue
            if op == "sum":
                kind = type(value)  # int first: fojas are the usual sum
                if kind is int or (kind is not bool and isinstance(value, int | float | Decimal)):
                    values[agg.name] = values.get(agg.name, 0) + value
            elif op == "distinct":
                seen = self._distinct[agg.name]
                seen.add(value)
                values[agg.name] = len(seen)
            else:
                year = _year(value)
                if year is None:
                    continue
                current = values.get(agg.name)
                better = min if op == "min_year" else max
                values[agg.name] = year if current is None else better(current, year)

    def extend(self, rows: Iterable[Mapping]) -> Totals:
        """Fold many rows; returns self for chaining."""
        for row in rows:
            self.add(row)
        return self


def _year(value) -> int | None:
    if isinstance(value, date):
        return value.year
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    match = re.search(r"\b(1[5-9]\d\d|2\d\d\d)\b", str(value))
    return int(match.group(1)) if match else None


def closing_figures(totals: Totals, closing: Mapping) -> dict:
    """Computed figures overridden by the caller's explicit ones, formatted for print."""
    merged = {name: 0 for name in (a.name for a in totals.aggregates if a.op in ("count", "sum"))}
    merged.update(totals.values)
    merged.update({k: v for k, v in (closing or {}).items() if v is not None})
    return {k: _figure(v) for k, v in merged.items()}


def _figure(value) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10000:
        return f"{value:,}"
    return display(value)


class LegendValues(dict):
    """Mapping for `str.format_map` that prints a dash for a figure nobody supplied.

    `{cajas|caja|cajas}` prints the word agreeing with the figure `cajas`: the singular
    when it is exactly 1 ("1 caja"), the plural otherwise ("0 cajas", "3 cajas").
    """

    def __missing__(self, key):
        name, bar, words = key.partition("|")
        if bar:
            singular, _, plural = words.partition("|")
            return singular if str(self.get(name, "")).strip() == "1" else plural or singular
        return MISSING


def fill_legend(template: str, figures: Mapping) -> str:
    """Fill a closing legend template; unknown figures print as a dash, never crash."""
    return template.format_map(LegendValues(figures))
