"""Dates as archives write them: dd/mm/yyyy, d/m/yy, ISO, 'Abril/2008', 'abr-2008', '2008'."""

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from archivo.imports.text import fold

MONTHS = {
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11,
    "diciembre": 12,
}
_MONTH_ABBR = {name[:3]: n for name, n in MONTHS.items()} | {"sept": 9, "set": 9}

_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_MONTH_YEAR = re.compile(r"^([a-z]+)\.?(?:\s*de\s*|[\s/\-.])*(\d{4}|\d{2})$")
_NUM_MONTH_YEAR = re.compile(r"^(\d{1,2})[/\-.](\d{4})$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})\s*(?:de\s+)?([a-z]+)\.?\s*(?:de(?:l)?\s+)?(\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
_EXCEL_SERIAL = re.compile(r"^(\d{5})$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


class Bound(StrEnum):
    """Which end of a partial date to take: apertura -> first day, cierre -> last day."""

    START = "start"
    END = "end"


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """A parsed date, or the Spanish reason it could not be, and a suggested fix."""

    value: dt.date | None
    problem: str | None = None
    suggestion: str | None = None
    note: str | None = None  # parsed, but worth telling (Excel serial number)
    kind: str | None = None  # report kind when value is None


def _full_year(yy: int, today: dt.date) -> int:
    """Two-digit year: up to this year's are 20yy, the rest 19yy."""
    return 2000 + yy if yy <= today.year % 100 else 1900 + yy


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_span(year: int, month: int, bound: str) -> dt.date:
    day = 1 if bound == Bound.START else calendar.monthrange(year, month)[1]
    return dt.date(year, month, day)


def _impossible(text: str, suggestion: str | None = None) -> ParsedDate:
    return ParsedDate(None, f"La fecha «{text}» no existe", suggestion, kind="fecha_inexistente")


def _month(word: str) -> int | None:
    return MONTHS.get(word) or _MONTH_ABBR.get(word[:4]) or _MONTH_ABBR.get(word[:3])


def parse_date(text: str, bound: str, today: dt.date) -> ParsedDate:
    """Parse one date cell; partial dates expand to the first or last day per `bound`."""
    text = text.strip()
    if m := _DMY.match(text):
        day, month, year = int(m[1]), int(m[2]), int(m[3])
        if len(m[3]) == 2:
            year = _full_year(year, today)
        date = _make(year, month, day)
        if date:
            return ParsedDate(date)
        if month > 12 and day <= 12 and _make(year, day, month):
            return _impossible(text, f"{month:02d}/{day:02d}/{year} (día/mes/año)")
        return _impossible(text)
    if m := _ISO.match(text):
        date = _make(int(m[1]), int(m[2]), int(m[3]))
        return ParsedDate(date) if date else _impossible(text)
    if m := _YEAR.match(text):
        year = int(m[1])
        month = 1 if bound == Bound.START else 12
        return ParsedDate(_month_span(year, month, bound))
    if m := _NUM_MONTH_YEAR.match(text):
        month, year = int(m[1]), int(m[2])
        if 1 <= month <= 12:
            return ParsedDate(_month_span(year, month, bound))
        return _impossible(text)
    if m := _EXCEL_SERIAL.match(text):
        date = _EXCEL_EPOCH + dt.timedelta(days=int(m[1]))
        note = f"El número {text} se leyó como fecha de Excel: {date:%d/%m/%Y}"
        return ParsedDate(date, note=note)
    folded = fold(text)
    if m := _MONTH_YEAR.match(folded):
        month = _month(m[1])
        if month:
            year = int(m[2]) if len(m[2]) == 4 else _full_year(int(m[2]), today)
            return ParsedDate(_month_span(year, month, bound))
    if m := _DAY_MONTH_YEAR.match(folded):
        month = _month(m[2])
        if month:
            date = _make(int(m[3]), month, int(m[1]))
            return ParsedDate(date) if date else _impossible(text)
    return ParsedDate(
        None, f"«{text}» no se reconoce como fecha",
        "Use dd/mm/aaaa (31/12/2008), aaaa-mm-dd, «Abril/2008» o solo el año",
        kind="fecha_no_reconocida",
    )


_RANGE = re.compile(r"^(.+?)\s*(?:\s-\s|–|—|\bal\b|\ba\b)\s*(.+)$")
_YEAR_RANGE = re.compile(r"^(\d{4})\s*-\s*(\d{4})$")


def split_range(text: str) -> tuple[str, str] | None:
    """'2008-2010', '01/04/2008 - 30/06/2008', 'enero a marzo 2008' -> (start, end) texts."""
    if m := _YEAR_RANGE.match(text.strip()):
        return m[1], m[2]
    if m := _RANGE.match(text.strip()):
        return m[1], m[2]
    return None
