"""Open-data exports of an instrument: CSV (UTF-8 with BOM) and JSON, same columns as the PDF."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum

from archivo import csv_safe
from archivo.instruments.layout import Layout
from archivo.instruments.values import cell_value, column_label, display

BOM = "\ufeff"  # Excel needs it to read UTF-8 accents correctly


def iter_csv(layout: Layout, rows: Iterable[Mapping]) -> Iterator[bytes]:
    """Stream the CSV in chunks (for large instruments sent as a streamed response)."""
    buffer = io.StringIO()
    writer = csv_safe.writer(buffer, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow([column_label(c) for c in layout.columns])
    for n, row in enumerate(rows, 1):
        writer.writerow([cell_value(c, row, iso=True) for c in layout.columns])
        if n % 1000 == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def to_csv(layout: Layout, rows: Iterable[Mapping]) -> bytes:
    """The instrument's rows as CSV bytes: BOM, one header line of column labels, ISO dates."""
    return b"".join(iter_csv(layout, rows))


def to_json(
    layout: Layout, header: Mapping, rows: Iterable[Mapping], closing: Mapping | None
) -> bytes:
    """The instrument as JSON: layout columns, header, rows (typed values) and closing."""
    columns = [
        {"clave": c.key, "etiqueta": column_label(c), **({"marca": c.mark} if c.mark else {})}
        for c in layout.columns
    ]
    document = {
        "instrumento": layout.kind,
        "titulo": layout.title,
        "encabezado": {f.key: header.get(f.key) for f in layout.header}
        | {f.key: header.get(f.key) for s in layout.sections for f in s.fields},
        "columnas": columns,
        "registros": [_record(layout, row) for row in rows],
        "cierre": dict(closing or {}),
    }
    return json.dumps(document, ensure_ascii=False, default=json_value, indent=1).encode("utf-8")


def _record(layout: Layout, row: Mapping) -> dict:
    """One row keyed like the CSV header; mark columns become "X"/"" exactly as printed."""
    out = {}
    for c in layout.columns:
        label = column_label(c)
        out[label] = cell_value(c, row, iso=True) if c.mark else row.get(c.key)
    return out


def json_value(value):
    """JSON form of values json cannot encode: ISO dates, sets sorted, enums by value."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, set | frozenset):
        return sorted(display(v, iso=True) for v in value)
    return display(value, iso=True)


def fields_csv(layout: Layout, header: Mapping) -> bytes:
    """A form instrument (carátula, ficha técnica) as CSV: one line per labelled field."""
    buffer = io.StringIO()
    writer = csv_safe.writer(buffer, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow(["Apartado", "Campo", "Valor"])
    for f in layout.header:
        writer.writerow(["", f.label, display(header.get(f.key), iso=True)])
    for section in layout.sections:
        for f in section.fields:
            writer.writerow([section.title, f.label, display(header.get(f.key), iso=True)])
    return buffer.getvalue().encode("utf-8")
