"""Inventario rows: dates in every format, each date error, enums, duplicates, streaming."""

import datetime as dt
import inspect

import pytest

from archivo.catalog.enums import Acceso
from archivo.imports.dates import Bound, parse_date
from archivo.imports.expediente_rows import iter_expedientes, parse_expedientes
from archivo.imports.report import ImportReport
from archivo.records.enums import Etapa, Soporte

TODAY = dt.date(2025, 6, 15)
HEAD = ["Clave", "Serie", "Título", "Unidad", "Fecha de apertura", "Fecha de cierre"]


def entries(report, kind):
    return [e for e in report.entries if e.kind == kind]


@pytest.mark.parametrize(("text", "start", "end"), [
    ("01/04/2008", dt.date(2008, 4, 1), dt.date(2008, 4, 1)),
    ("1/4/08", dt.date(2008, 4, 1), dt.date(2008, 4, 1)),
    ("5/6/99", dt.date(1999, 6, 5), dt.date(1999, 6, 5)),
    ("2008-04-01", dt.date(2008, 4, 1), dt.date(2008, 4, 1)),
    ("2008-04-01 00:00:00", dt.date(2008, 4, 1), dt.date(2008, 4, 1)),
    ("Abril/2008", dt.date(2008, 4, 1), dt.date(2008, 4, 30)),
    ("abr-2008", dt.date(2008, 4, 1), dt.date(2008, 4, 30)),
    ("febrero de 2008", dt.date(2008, 2, 1), dt.date(2008, 2, 29)),
    ("Sept. 2010", dt.date(2010, 9, 1), dt.date(2010, 9, 30)),
    ("04/2008", dt.date(2008, 4, 1), dt.date(2008, 4, 30)),
    ("2008", dt.date(2008, 1, 1), dt.date(2008, 12, 31)),
    ("15 de marzo de 2009", dt.date(2009, 3, 15), dt.date(2009, 3, 15)),
    ("39539", dt.date(2008, 4, 1), dt.date(2008, 4, 1)),
])
def test_date_formats(text, start, end):
    assert parse_date(text, Bound.START, TODAY).value == start
    assert parse_date(text, Bound.END, TODAY).value == end


@pytest.mark.parametrize(("text", "kind", "suggestion"), [
    ("31/02/2008", "fecha_inexistente", None),
    ("04/25/2008", "fecha_inexistente", "25/04/2008 (día/mes/año)"),
    ("2008-13-01", "fecha_inexistente", None),
    ("13/2008", "fecha_inexistente", None),
    ("ayer", "fecha_no_reconocida", "Use dd/mm/aaaa (31/12/2008), aaaa-mm-dd, «Abril/2008» o "
     "solo el año"),
])
def test_date_problems(text, kind, suggestion):
    parsed = parse_date(text, Bound.START, TODAY)
    assert parsed.value is None and parsed.kind == kind and parsed.suggestion == suggestion


def test_each_date_error_in_report(make_csv):
    rows = [HEAD,
            ["", "4C.3", "Inexistente", "DA", "30/02/2010", ""],
            ["", "4C.3", "Ilegible", "DA", "primavera", ""],
            ["", "4C.3", "Invertido", "DA", "01/05/2010", "2009"],
            ["", "4C.3", "Futuro", "DA", "01/01/2025", "2030-01-01"],
            ["", "4C.3", "Sin apertura", "DA", "", "2009"],
            ["", "4C.3", "Bien", "DA", "abr-2008", "Abril/2009"]]
    result = parse_expedientes(make_csv(rows), today=TODAY)
    report = result.report
    where = {e.kind: (e.row, e.column, e.value) for e in report.entries}
    assert where["fecha_inexistente"] == (2, "Fecha de apertura", "30/02/2010")
    assert where["fecha_no_reconocida"] == (3, "Fecha de apertura", "primavera")
    assert where["cierre_antes_de_apertura"] == (4, "Fecha de cierre", "2009")
    assert where["fecha_futura"] == (5, "Fecha de cierre", "2030-01-01")
    assert where["falta_apertura"] == (6, "Fecha de apertura", None)
    [row] = result.rows
    assert (row.fecha_apertura, row.fecha_cierre) == (dt.date(2008, 4, 1), dt.date(2009, 4, 30))
    assert report.counts["rows_read"] == 6 and report.counts["rows_valid"] == 1


def test_full_inventario_row_and_words(make_csv):
    rows = [["Inventario general de archivo de trámite"],
            ["No.", "Clave del expediente", "Serie/Subserie", "Asunto", "Descripción",
             "Unidad administrativa", "Fechas extremas", "No. de fojas", "Legajos", "Caja",
             "Ubicación topográfica", "Clasificación", "Etapa", "Soporte", "Palabras clave"],
            ["1", "IEEN/6C/6C.12/001/2008", "06C.12", "Contrato de limpieza", "Servicio",
             "Dirección de Administración", "01/04/2008 - 30/06/2009", "1,200 fojas", "2",
             "Caja 12", "Edificio A, estante 3", "Reservada", "Archivo de concentración",
             "Híbrido", "limpieza; contratos , servicios"],
            ["2", "", "Serie 6C.12 Contratos", "Sin clave", "", "DA", "2008-2010", "", "", "",
             "", "P", "AT", "Digital", ""]]
    result = parse_expedientes(make_csv(rows, encoding="utf-8-sig", delimiter="\t"),
                               today=TODAY)
    assert not result.report.has_errors, result.report.entries
    first, second = result.rows
    assert first.clave == "IEEN/6C/6C.12/001/2008" and first.serie_norm == "6C.12"
    assert (first.fecha_apertura, first.fecha_cierre) == (dt.date(2008, 4, 1),
                                                          dt.date(2009, 6, 30))
    assert (first.fojas, first.legajos, first.caja) == (1200, 2, "Caja 12")
    assert (first.acceso, first.etapa, first.soporte) == (
        Acceso.RESERVADA, Etapa.CONCENTRACION, Soporte.HIBRIDO)
    assert first.palabras_clave == ("limpieza", "contratos", "servicios")
    assert second.clave is None and second.serie == "6C.12"  # auto-key, glued serie
    assert (second.fecha_apertura, second.fecha_cierre) == (dt.date(2008, 1, 1),
                                                            dt.date(2010, 12, 31))
    assert (second.etapa, second.soporte) == (Etapa.TRAMITE, Soporte.ELECTRONICO)


def test_row_errors_have_row_and_column(make_csv):
    head = [*HEAD, "Fojas", "Acceso", "Etapa", "Soporte"]
    rows = [head,
            ["K1", "4C.3", "Primero", "DA", "2008", "2008", "10", "P", "AT", "Papel"],
            ["k1", "4C.3", "Clave repetida", "DA", "2008", "2008", "", "", "", ""],
            ["K2", "4C.O3", "Letra O", "DA", "2008", "2008", "", "", "", ""],
            ["K3", "4C", "Sección", "DA", "2008", "2008", "", "", "", ""],
            ["K4", "", "", "DA", "2008", "2008", "diez", "Secreta", "Limbo", "Piedra"],
            ["K5", "4C.3", "En AC abierto", "DA", "2008", "", "", "", "AC", ""],
            ["K6", "4C.3", "Baja", "DA", "2008", "2009", "", "", "Baja", ""]]
    report = parse_expedientes(make_csv(rows), today=TODAY).report
    found = {(e.kind, e.row, e.column) for e in report.entries}
    assert found == {
        ("clave_duplicada", 3, "Clave"), ("codigo_letra_o", 4, "Serie"),
        ("serie_es_seccion", 5, "Serie"), ("falta_serie", 6, "Serie"),
        ("falta_titulo", 6, "Título"), ("numero_invalido", 6, "Fojas"),
        ("acceso_invalido", 6, "Acceso"), ("etapa_invalido", 6, "Etapa"),
        ("soporte_invalido", 6, "Soporte"), ("etapa_sin_cierre", 7, "Fecha de cierre"),
        ("etapa_baja", 8, "Etapa"),
    }
    assert next(e for e in report.entries if e.kind == "codigo_letra_o").suggestion == "4C.03"
    assert report.counts["rows_valid"] == 1


def test_xlsx_inventario_with_real_dates(make_xlsx):
    rows = [["Serie", "Título", "Fechas extremas", None],
            [None, None, "Apertura", "Cierre"],
            ["4C.3", "T", dt.datetime(2008, 4, 1), dt.date(2008, 6, 30)]]
    result = parse_expedientes(make_xlsx(rows, merges=["C1:D1", "A1:A2", "B1:B2"]),
                               today=TODAY)
    [row] = result.rows
    assert (row.fecha_apertura, row.fecha_cierre) == (dt.date(2008, 4, 1), dt.date(2008, 6, 30))


def test_iter_expedientes_streams(make_csv):
    path = make_csv([HEAD] + [["", "4C.3", f"T{i}", "DA", "2008", "2009"] for i in range(50)])
    report = ImportReport("expedientes")
    rows = iter_expedientes(path, report, today=TODAY)
    assert inspect.isgenerator(rows)
    assert next(rows).titulo == "T0" and report.rows_read == 1
    assert sum(1 for _ in rows) == 49
    assert report.rows_valid == 50


def test_missing_title_column_is_a_file_error(make_csv):
    result = parse_expedientes(make_csv([["Serie", "Unidad"], ["4C.3", "DA"]]), today=TODAY)
    assert result.rows == [] and [e.kind for e in result.report.entries] == ["falta_columna"]
