"""Reading CSV and XLSX: encodings, delimiters, Unicode hygiene, headers, laziness."""

import inspect
import unicodedata
import warnings
import zipfile

import pytest
from openpyxl import load_workbook

from archivo.imports.headers import CADIDO_SPEC, EXPEDIENTE_SPEC
from archivo.imports.readers import UnreadableFile, iter_rows, read_table
from archivo.imports.text import clean_text, fold

HEADER = ["Código", "Nombre", "Descripción", "Observaciones"]
ROW = ["4C.3", "Nómina", "Pagos al personal", "Año fiscal"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_encodings_and_delimiters(make_csv, encoding, delimiter):
    path = make_csv([HEADER, ROW], encoding=encoding, delimiter=delimiter)
    table = read_table(path, CADIDO_SPEC)
    assert table.info.encoding == encoding
    assert table.info.delimiter == delimiter
    assert table.header.labels == HEADER
    assert list(table.rows) == [(2, ROW)]


def test_semicolon_file_with_commas_in_text(make_csv):
    rows = [HEADER, ["4C.3", "Nómina, pagos", "Uno, dos, tres", ""], ["4C.4", "Otro", "", ""]]
    table = read_table(make_csv(rows, delimiter=";"), CADIDO_SPEC)
    assert table.info.delimiter == ";"
    assert next(table.rows)[1][1] == "Nómina, pagos"


def test_nbsp_nfd_and_runs_of_spaces_are_cleaned(make_csv):
    nfd = unicodedata.normalize("NFD", "Código")
    messy = "Expediente   único\u200b  de personal"
    path = make_csv([[nfd, "Nombre"], ["\u00a04C.3\u00a0", messy]])
    [(number, cells)] = list(iter_rows(path))[1:]
    assert cells == ["4C.3", "Expediente único de personal"]
    assert unicodedata.is_normalized("NFC", list(iter_rows(path))[0][1][0])


def test_clean_text_and_fold():
    assert clean_text("  \u00a0 ") is None
    assert clean_text("Plazo\u202fen  trámite") == "Plazo en trámite"
    assert fold("CÓDIGO (F/C)") == fold(unicodedata.normalize("NFD", "código f-c")) == "codigo f c"


def test_title_rows_are_skipped(make_csv):
    rows = [["Instituto Estatal Electoral"], ["Inventario general 2024"], [],
            ["Clave", "Serie", "Título"], ["K1", "6C.12", "Contrato"]]
    table = read_table(make_csv(rows), EXPEDIENTE_SPEC)
    assert table.header.rows == (4,)
    assert list(table.rows) == [(5, ["K1", "6C.12", "Contrato"])]


def test_xlsx_two_row_merged_header(make_xlsx):
    rows = [
        ["Catálogo de Disposición Documental"],
        ["Código", "Nombre", "Valores documentales", None, None, "Plazos de conservación",
         None, None, "Destino final", None, None, "Acceso", None, None],
        [None, None, "A", "L", "F/C", "AT", "AC", "Total", "B", "C", "M", "P", "R", "C"],
        ["4C.3", "Nómina", "X", None, None, 2, 5, 7, "X", None, None, "X", None, None],
    ]
    path = make_xlsx(rows, merges=["A1:N1", "A2:A3", "B2:B3", "C2:E2", "F2:H2", "I2:K2",
                                   "L2:N2"])
    table = read_table(path, CADIDO_SPEC)
    assert table.header.rows == (2, 3)
    keys = {k: v[0] for k, v in table.header.keys.items()}
    assert keys["codigo"] == 0 and keys["nombre"] == 1
    assert keys["valor_fiscal_contable"] == 4 and keys["plazo_total"] == 7
    assert keys["destino_conservacion"] == 9 and keys["acceso_confidencial"] == 13
    assert table.header.labels[9] == "Destino final / C"
    [(number, cells)] = list(table.rows)
    assert number == 4  # read-only XLSX rows stop at their last filled cell
    assert cells == ["4C.3", "Nómina", "X", None, None, "2", "5", "7", "X", None, None, "X"]


def test_xlsx_dates_and_numbers_become_text(make_xlsx):
    import datetime as dt

    path = make_xlsx([["Serie", "Título", "Apertura", "Fojas"],
                      ["4C.3", "T", dt.datetime(2008, 4, 1), 120.0]])
    assert list(iter_rows(path))[1] == (2, ["4C.3", "T", "2008-04-01", "120"])


def test_rows_are_streamed_lazily(make_csv, make_xlsx):
    assert inspect.isgenerator(iter_rows(make_csv([HEADER, ROW])))
    assert inspect.isgenerator(iter_rows(make_xlsx([HEADER, ROW])))


def test_openpyxl_warnings_do_not_escape(make_xlsx, tmp_path):
    """openpyxl warns while reading rows of a sheet with an extension (data validation)."""
    original = make_xlsx([HEADER, ROW])
    patched = tmp_path / "con_validacion.xlsx"
    extension = b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}"/></extLst>'
    with zipfile.ZipFile(original) as src, zipfile.ZipFile(patched, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</worksheet>", extension + b"</worksheet>")
            dst.writestr(item, data)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        book = load_workbook(patched, read_only=True)
        list(book.worksheets[0].iter_rows(values_only=True))
        book.close()
    assert any("extension is not supported" in str(w.message) for w in caught)
    table = read_table(patched, CADIDO_SPEC)  # raises under filterwarnings=error if leaked
    assert list(table.rows) == [(2, ROW)]


def test_file_objects_and_bytes(make_csv):
    path = make_csv([HEADER, ROW], encoding="cp1252")
    with open(path, "rb") as fp:
        assert list(read_table(fp, CADIDO_SPEC).rows) == [(2, ROW)]
        assert not fp.closed  # the caller's stream stays open
    assert list(read_table(path.read_bytes(), CADIDO_SPEC).rows) == [(2, ROW)]


def test_legacy_xls_and_headerless_files_are_refused(tmp_path, make_csv):
    xls = tmp_path / "viejo.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    with pytest.raises(UnreadableFile, match="xls"):
        read_table(xls, CADIDO_SPEC)
    with pytest.raises(UnreadableFile, match="encabezados"):
        read_table(make_csv([["a", "b"], ["1", "2"]]), CADIDO_SPEC)
