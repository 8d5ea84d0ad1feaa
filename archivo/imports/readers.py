"""Stream rows out of CSV and XLSX files, lazily, with cells already cleaned."""

import codecs
import csv
import datetime as dt
import io
import os
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import BinaryIO

from archivo.imports.headers import HEADER_SCAN_ROWS, Header, HeaderSpec, detect_header
from archivo.imports.text import clean_row, clean_text

Row = tuple[int, list[str | None]]
Source = str | os.PathLike | bytes | BinaryIO

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls
_CHUNK = 1 << 20
_DELIMITERS = (";", "\t", ",")  # order breaks ties: ',' also appears inside Spanish text
_XLSX_BATCH = 2000  # rows pulled per warnings-suppressed block


class UnreadableFile(Exception):
    """The file cannot be read as a table at all (message in Spanish, for the report)."""


@dataclass
class SourceInfo:
    """How a file was read: format, encoding and delimiter detected."""

    format: str  # "csv" | "xlsx"
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None


@dataclass
class Table:
    """A sheet with its header found and an iterator over the data rows after it."""

    header: Header
    rows: Iterator[Row]
    info: SourceInfo


def _open_binary(source: Source) -> tuple[BinaryIO, bool]:
    """A seekable binary stream and whether we opened it (and so must close it)."""
    if isinstance(source, bytes | bytearray):
        return io.BytesIO(source), True
    if isinstance(source, str | os.PathLike):
        return open(source, "rb"), True  # noqa: SIM115 - closed by the row generator
    if not source.seekable():
        return io.BytesIO(source.read()), True
    return source, False


def _decodes(fp: BinaryIO, encoding: str) -> bool:
    """True when the whole stream decodes with `encoding` (streamed, constant memory)."""
    fp.seek(0)
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        while chunk := fp.read(_CHUNK):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    finally:
        fp.seek(0)
    return True


def detect_encoding(fp: BinaryIO) -> str:
    """UTF-8 (with or without BOM) or UTF-16 by BOM, else Windows-1252 (else Latin-1)."""
    fp.seek(0)
    head = fp.read(4)
    fp.seek(0)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if _decodes(fp, "utf-8"):
        return "utf-8"
    # cp1252 leaves five bytes undefined; Latin-1 accepts anything.
    return "cp1252" if _decodes(fp, "cp1252") else "latin-1"


def detect_delimiter(sample: str) -> str:
    """The delimiter (';', tab or ',') that splits the sample's lines most consistently."""
    lines = [line for line in sample.splitlines()[:60] if line.strip()]
    best, best_score = ",", 0
    for delimiter in _DELIMITERS:
        counts: dict[int, int] = {}
        for fields in csv.reader(lines, delimiter=delimiter):
            if len(fields) > 1:
                counts[len(fields)] = counts.get(len(fields), 0) + 1
        # Lines sharing the most common width; title rows and stray commas don't vote.
        score = max(counts.values(), default=0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_rows(fp: BinaryIO, owned: bool, info: SourceInfo) -> Iterator[Row]:
    """Decode, sniff and stream the CSV records (1-based record numbers)."""
    info.encoding = detect_encoding(fp)
    text = io.TextIOWrapper(fp, encoding=info.encoding, newline="")
    try:
        info.delimiter = detect_delimiter(text.read(64 * 1024))
        text.seek(0)
        reader = csv.reader(text, delimiter=info.delimiter)
        number = 0
        try:
            for number, record in enumerate(reader, 1):
                yield number, clean_row(record)
        except csv.Error as exc:
            raise UnreadableFile(
                f"El CSV no se puede leer después de la fila {number}: {exc}"
            ) from exc
    finally:
        if owned:
            text.close()
        else:
            text.detach()  # leave the caller's stream open


def _xlsx_value(value) -> str | None:
    """Spreadsheet value as text: dates ISO, whole floats without '.0'."""
    if value is None:
        return None
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_text(str(value))


def _xlsx_rows(fp: BinaryIO, owned: bool, info: SourceInfo) -> Iterator[Row]:
    """Stream the first worksheet's rows with openpyxl in read-only mode."""
    import openpyxl  # imported here: CSV-only callers don't pay for it

    # openpyxl warns about unsupported extensions (data validation, styles) it skips;
    # the repo turns warnings into errors, and they say nothing about our data.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        try:
            book = openpyxl.load_workbook(fp, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for a damaged file
            raise UnreadableFile(f"El archivo Excel no se puede abrir: {exc}") from exc
    try:
        sheet = book.worksheets[0]
        info.sheet = sheet.title
        sheet.reset_dimensions()  # some writers store a wrong size; read every cell
        values = sheet.iter_rows(values_only=True)
        number = 0
        while True:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)
                batch = [row for _, row in zip(range(_XLSX_BATCH), values, strict=False)]
            for row in batch:
                number += 1
                yield number, [_xlsx_value(v) for v in row]
            if len(batch) < _XLSX_BATCH:
                break
    finally:
        book.close()
        if owned:
            fp.close()


def iter_rows(source: Source, *, filename: str | None = None) -> Iterator[Row]:
    """Yield (row number, cleaned cells) for every row of a CSV or XLSX file, lazily."""
    # A generator itself, so nothing is opened until the first row is asked for.
    rows, _ = _open_rows(source, filename)
    yield from rows


def _open_rows(source: Source, filename: str | None) -> tuple[Iterator[Row], SourceInfo]:
    """Pick the reader by content (zip = XLSX) and return its row iterator."""
    fp, owned = _open_binary(source)
    head = fp.read(8)
    fp.seek(0)
    name = (filename or getattr(source, "name", None) or str(source)).lower()
    if head.startswith(_OLE_MAGIC) or name.endswith(".xls"):
        if owned:
            fp.close()
        raise UnreadableFile(
            "El formato .xls (Excel 97-2003) no se admite: guarde el archivo como .xlsx o CSV"
        )
    if head.startswith(_ZIP_MAGIC):
        info = SourceInfo("xlsx")
        return _xlsx_rows(fp, owned, info), info
    info = SourceInfo("csv")
    return _csv_rows(fp, owned, info), info


def read_table(source: Source, spec: HeaderSpec, *, filename: str | None = None) -> Table:
    """Open a file, find its header (skipping title rows) and return the data rows lazily."""
    rows, info = _open_rows(source, filename)
    head: list[Row] = []
    for row in rows:
        head.append(row)
        if len(head) >= HEADER_SCAN_ROWS:
            break
    header = detect_header(head, spec)
    if header is None:
        rows.close()
        raise UnreadableFile(
            "No se encontró la fila de encabezados: la hoja debe tener columnas como "
            + ("«Código» y «Nombre»" if spec.kind == "cadido" else "«Serie» y «Título»")
            + " en sus primeras filas"
        )
    last = header.rows[-1]
    rest = (row for row in head if row[0] > last)
    return Table(header, chain(rest, rows), info)


def estimate_rows(path: Path) -> int:
    """Rows in a file, roughly and fast (lines of a CSV; the sheet's dimension for XLSX),
    to size a progress bar."""
    with path.open("rb") as fp:
        if fp.read(4) != _ZIP_MAGIC:
            fp.seek(0)
            return sum(chunk.count(b"\n") for chunk in iter(lambda: fp.read(1 << 20), b""))
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True)
    except Exception:  # noqa: BLE001 - a damaged file: the import itself reports it
        return 0
    try:
        return book.active.max_row or 0
    finally:
        book.close()
