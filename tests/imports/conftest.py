"""Builders of messy spreadsheets for the import tests (written to tmp_path, never committed)."""

import csv
import io

import pytest
from openpyxl import Workbook


def csv_bytes(rows, *, delimiter=",", encoding="utf-8"):
    """Rows as CSV bytes in the given encoding ('utf-8-sig' adds the BOM)."""
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


@pytest.fixture
def make_csv(tmp_path):
    """Write rows to a CSV file and return its path."""

    def make(rows, *, name="datos.csv", delimiter=",", encoding="utf-8"):
        path = tmp_path / name
        path.write_bytes(csv_bytes(rows, delimiter=delimiter, encoding=encoding))
        return path

    return make


@pytest.fixture
def make_xlsx(tmp_path):
    """Write rows to an XLSX file (optionally merging ranges) and return its path."""

    def make(rows, *, name="datos.xlsx", merges=()):
        book = Workbook()
        sheet = book.active
        for row in rows:
            sheet.append(list(row))
        for cell_range in merges:
            sheet.merge_cells(cell_range)
        path = tmp_path / name
        book.save(path)
        return path

    return make
