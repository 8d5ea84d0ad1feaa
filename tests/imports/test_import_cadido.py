"""CGCA/CADIDO rows: glued labels, codes, rules, per-file checks, and the report."""

import csv
import io

import pytest

from archivo.catalog.enums import Acceso, Destino, TipoSeccion, ValorPrimario, ValorSecundario
from archivo.imports.cadido_rows import parse_cadido
from archivo.imports.labels import Nivel, letter_o_suggestion, split_label

HEAD = ["Código", "Nombre", "Valor administrativo", "Valor legal", "Valor fiscal/contable",
        "AT", "AC", "Destino final", "Criterio de muestreo", "Acceso"]


def entries(report, kind):
    return [e for e in report.entries if e.kind == kind]


def test_full_cadido_xlsx_with_merged_two_row_header(make_xlsx):
    rows = [
        ["Instituto Estatal Electoral de Nayarit"],
        ["Catálogo de Disposición Documental 2024"],
        ["Código", "Nombre", "Descripción", "Valores documentales", None, None,
         "Plazos de conservación", None, None, "Destino final", None, None,
         "Clasificación", None, None, "Fundamento legal", "Observaciones"],
        [None, None, None, "A", "L", "F/C", "AT", "AC", "Total", "B", "C", "M", "P", "R", "C"],
        ["04C", "Recursos humanos"],
        ["04C.03", "Expedientes de personal", "Uno por servidor", "X", "x", None,
         "2 años", 5, 7, None, "X", None, None, None, "✓", "LGA art. 12", "Datos sensibles"],
        ["4C.4", "Nómina", None, "Sí", None, "1", 2.0, "10", 12, "X", None, None, "X"],
        ["4C.5", "Control de asistencia", None, "X", None, None, 1, 1, 3, None, None, "M"],
    ]
    path = make_xlsx(rows, merges=["A1:Q1", "A2:Q2", "D3:F3", "G3:I3", "J3:L3", "M3:O3",
                                   "A3:A4", "B3:B4", "C3:C4", "P3:P4", "Q3:Q4"])
    result = parse_cadido(path)
    report = result.report
    assert report.source["header_rows"] == [3, 4]
    assert not report.has_errors, report.entries
    seccion, personal, nomina, asistencia = result.rows
    assert (seccion.nivel, seccion.codigo, seccion.codigo_norm) == (Nivel.SECCION, "04C", "4C")
    assert seccion.tipo_seccion is TipoSeccion.COMUN and seccion.valores_primarios is None
    assert personal.parent == "4C" and personal.codigo == "04C.03"
    assert personal.valores_primarios == {ValorPrimario.ADMINISTRATIVO, ValorPrimario.LEGAL}
    assert (personal.plazo_tramite, personal.plazo_concentracion) == (2, 5)
    assert personal.destino is Destino.CONSERVACION and personal.acceso is Acceso.CONFIDENCIAL
    assert personal.fundamento == "LGA art. 12" and personal.observaciones == "Datos sensibles"
    assert nomina.valores_primarios == {ValorPrimario.ADMINISTRATIVO,
                                        ValorPrimario.FISCAL_CONTABLE}
    assert (nomina.plazo_tramite, nomina.destino) == (2, Destino.BAJA)
    assert entries(report, "plazo_total")[0].row == 8  # 1 + 1 != 3
    assert asistencia.destino is Destino.MUESTREO  # 'M' under the M column counts as a mark
    [warning] = entries(report, "muestreo_sin_criterio")
    assert (warning.row, warning.severity) == (8, "warning")


@pytest.mark.parametrize(("text", "nivel", "code", "name"), [
    ("Sección01C Legislación", "seccion", "01C", "Legislación"),
    ("Serie 04C.03Expediente único de personal", "serie", "04C.03",
     "Expediente único de personal"),
    ("Subserie04C.03.01Nómina quincenal", "subserie", "04C.03.01", "Nómina quincenal"),
    ("Serie 04C.04 Registro   de  asistencia", "serie", "04C.04", "Registro de asistencia"),
    ("SECCIÓN 13S  Organización electoral", "seccion", "13S", "Organización electoral"),
    ("Serie 4C.3Oficios", "serie", "4C.3", "Oficios"),
    ("Sección 01CLegislación", "seccion", "01C", "Legislación"),
    ("Sub-serie 4c.3.2 - Otros", "subserie", "4C.3.2", "Otros"),
    ("12C Transparencia", None, "12C", "Transparencia"),
])
def test_split_glued_labels(text, nivel, code, name):
    assert split_label(text) == split_label(text)  # pure
    label = split_label(text)
    assert (label.nivel_word, label.code, label.name) == (nivel, code, name)


def test_single_label_column_catalogue(make_csv):
    rows = [["Sección / serie / subserie", "Descripción"],
            ["Sección01C Legislación", ""],
            ["Serie 01C.01Leyes y reglamentos", "Compilación"],
            ["Subserie01C.01.01Leyes federales", ""],
            ["Serie 01C.02 Iniciativas", ""],
            ["Fondo: IEEN", ""]]
    result = parse_cadido(make_csv(rows))
    assert [(r.nivel, r.codigo_norm, r.nombre, r.parent) for r in result.rows] == [
        (Nivel.SECCION, "1C", "Legislación", None),
        (Nivel.SERIE, "1C.1", "Leyes y reglamentos", "1C"),
        (Nivel.SUBSERIE, "1C.1.1", "Leyes federales", "1C.1"),
        (Nivel.SERIE, "1C.2", "Iniciativas", "1C"),
    ]
    assert result.rows[1].descripcion == "Compilación"
    assert not result.report.has_errors


def test_hierarchical_columns_and_nivel_column(make_csv):
    rows = [["Sección", "Serie", "Subserie"],
            ["4C Recursos humanos", "", ""],
            ["4C Recursos humanos", "4C.3 Nómina", ""],
            ["", "", "4C.3.1 Quincenal"]]
    result = parse_cadido(make_csv(rows))
    assert [(r.nivel, r.codigo) for r in result.rows] == [
        (Nivel.SECCION, "4C"), (Nivel.SERIE, "4C.3"), (Nivel.SUBSERIE, "4C.3.1")]
    bad = parse_cadido(make_csv([["Nivel", "Código", "Nombre"], ["Serie", "4C", "RH"]],
                                name="b.csv"))
    [error] = entries(bad.report, "nivel_incoherente")
    assert (error.row, error.column, error.value) == (2, "Código", "4C")


def test_letter_o_for_zero_is_reported_not_fixed(make_csv):
    rows = [["Código", "Nombre"], ["O1S", "Organización"], ["4C.O3", "Nómina"],
            ["1OC", "Comunicación social"]]
    result = parse_cadido(make_csv(rows))
    found = entries(result.report, "codigo_letra_o")
    assert [(e.row, e.column, e.value, e.suggestion) for e in found] == [
        (2, "Código", "O1S", "01S"), (3, "Código", "4C.O3", "4C.03"), (4, "Código", "1OC", "10C")]
    assert found[0].problem == "La clave «O1S» contiene la letra O en lugar de cero"
    assert result.rows == []
    assert letter_o_suggestion("4C.3") is None


def test_invalid_code_and_missing_name(make_csv):
    rows = [["Código", "Nombre"], ["Secretaría", "X"], ["4C.3.1.9", "Demasiado hondo"],
            ["4C.3", ""]]
    report = parse_cadido(make_csv(rows)).report
    assert [e.row for e in entries(report, "codigo_invalido")] == [2, 3]
    assert [e.row for e in entries(report, "falta_nombre")] == [4]


def test_duplicate_codes_compare_normalised(make_csv):
    rows = [["Código", "Nombre"], ["4C", "RH"], ["04C.03", "Personal"], ["4C.3", "Otra vez"]]
    result = parse_cadido(make_csv(rows))
    [dup] = entries(result.report, "codigo_duplicado")
    assert (dup.row, dup.value) == (4, "4C.3") and "fila 3" in dup.problem
    assert [r.codigo for r in result.rows] == ["4C", "04C.03"]


@pytest.mark.parametrize(("text", "expected"), [
    ("2", 2), ("2 años", 2), ("2.0", 2), ("2,0", 2), ("0", 0), ("3 AÑOS", 3),
    ("-1", "no puede ser negativo"), ("101", "es mayor de 100 años"),
    ("2.5", "debe ser un número entero de años"), ("dos", "no es un número de años"),
])
def test_plazos(make_csv, text, expected):
    rows = [["Código", "Nombre", "AT", "AC", "Destino"], ["4C.3", "Nómina", text, "1", "B"]]
    result = parse_cadido(make_csv(rows))
    if isinstance(expected, int):
        assert result.rows[0].plazo_tramite == expected
        assert not result.report.has_errors
    else:
        [error] = entries(result.report, "plazo_invalido")
        assert (error.row, error.column, error.value) == (2, "AT", text)
        assert expected in error.problem
        assert result.rows == []


def test_destino_missing_ambiguous_and_marks(make_csv):
    rows = [HEAD,
            ["4C.1", "Sin destino", "X", "", "", "1", "1", "", "", ""],
            ["4C.2", "Dos destinos", "X", "", "", "1", "1", "B/C", "", ""],
            ["4C.3", "Marca rara", "quizá", "", "", "1", "1", "Baja", "", ""],
            ["4C.4", "Muestreo", "1", "si", "✓", "1", "1", "Muestreo", "10 %", "R/P"],
            ["4C.5", "Sin plazo", "X", "", "", "", "1", "C", "", ""]]
    result = parse_cadido(make_csv(rows))
    report = result.report
    assert [e.row for e in entries(report, "destino_faltante")] == [2]
    assert [e.row for e in entries(report, "destino_ambiguo")] == [3]
    [mark] = entries(report, "marca_invalida")
    assert (mark.row, mark.column, mark.value) == (4, "Valor administrativo", "quizá")
    [plazo] = entries(report, "plazo_faltante")
    assert plazo.row == 6 and "trámite" in plazo.problem
    [muestreo] = result.rows
    assert muestreo.valores_primarios == set(ValorPrimario)
    assert muestreo.criterio_muestreo == "10 %" and not entries(report, "muestreo_sin_criterio")
    assert (muestreo.acceso, muestreo.acceso_parcial) == (Acceso.RESERVADA, True)


def test_single_row_short_headers_take_meaning_from_neighbours(make_csv):
    rows = [["Clave", "Denominación", "A", "L", "F", "C", "AT", "AC", "B", "C", "M",
             "P", "R", "C", "E", "T", "I"],
            ["4C.3", "Nómina", "", "", "", "X", "2", "5", "", "X", "", "", "", "X", "X", "", ""]]
    result = parse_cadido(make_csv(rows))
    [row] = result.rows
    assert row.valores_primarios == {ValorPrimario.FISCAL_CONTABLE}
    assert row.destino is Destino.CONSERVACION and row.acceso is Acceso.CONFIDENCIAL
    # 'E' after the acceso columns is unknown in one row: it needs a group header.
    assert row.valores_secundarios == set()


def test_secondary_values_under_their_group(make_csv):
    rows = [["Código", "Nombre", "Valores secundarios", "", "", "AT", "AC", "Destino"],
            ["", "", "E", "T", "I", "", "", ""],
            ["4C.3", "Actas", "X", "", "X", "2", "10", "Conservación permanente"]]
    [row] = parse_cadido(make_csv(rows)).rows
    assert row.valores_secundarios == {ValorSecundario.EVIDENCIAL, ValorSecundario.INFORMATIVO}


def test_cgca_only_file_lists_series_without_rules(make_csv):
    rows = [["Nivel", "Código", "Nombre", "Descripción"],
            ["Sección", "4C", "Recursos humanos", ""],
            ["Serie", "4C.3", "Nómina", ""],
            ["Subserie", "4C.3.1", "Quincenal", ""],
            ["Serie", "4C.4", "Asistencia", ""]]
    result = parse_cadido(make_csv(rows))
    assert not result.report.has_errors and not result.has_rules_columns
    assert all(r.plazo_tramite is None and r.valores_primarios is None for r in result.rows)
    sin = entries(result.report, "sin_cadido")
    assert [(e.row, e.value, e.severity) for e in sin] == [
        (4, "4C.3.1", "info"), (5, "4C.4", "info")]  # 4C.3 has a subserie: rules go there


def test_parents_absent_from_file_are_warnings(make_csv):
    rows = [["Código", "Nombre"], ["4C.3.1", "Quincenal"], ["5C.1", "Presupuesto"],
            ["5C.1.2", "Ejercicio"]]
    report = parse_cadido(make_csv(rows)).report
    found = entries(report, "padre_ausente")
    assert [(e.row, e.severity) for e in found] == [(2, "warning"), (3, "warning")]
    assert "debe existir ya en la base de datos" in found[0].problem
    assert "«4C.3»" in found[0].problem and "«5C»" in found[1].problem


def test_cp1252_csv_with_title_rows_and_nbsp(make_csv):
    rows = [["CATÁLOGO DE DISPOSICIÓN DOCUMENTAL"], [],
            ["Código", "Nombre", "Plazo en trámite", "Plazo en concentración", "Destino"],
            ["4C.3\u00a0", "Nómina  de   personal", "2", "5", "Baja documental"]]
    result = parse_cadido(make_csv(rows, encoding="cp1252", delimiter=";"))
    assert result.report.source["encoding"] == "cp1252"
    [row] = result.rows
    assert (row.codigo, row.nombre, row.destino) == ("4C.3", "Nómina de personal", Destino.BAJA)


def test_rejected_rows_csv_has_bom_and_reasons(make_csv):
    rows = [["Código", "Nombre", "AT", "AC", "Destino"],
            ["4C.3", "Bien", "1", "1", "B"], ["4C.O4", "Mal", "1", "1", "B"]]
    report = parse_cadido(make_csv(rows)).report
    data = report.to_csv()
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert table[0] == ["Fila", "Código", "Nombre", "AT", "AC", "Destino", "Motivos del rechazo"]
    assert table[1][:3] == ["3", "4C.O4", "Mal"]
    assert "letra O" in table[1][-1] and "4C.04" in table[1][-1]
    as_dict = report.to_dict()
    assert as_dict["counts"]["rows_rejected"] == 1 and as_dict["has_errors"]


def test_unreadable_file_is_a_report_error(tmp_path):
    path = tmp_path / "vacio.csv"
    path.write_text("nada que ver\n1\n")
    result = parse_cadido(path)
    assert result.rows == [] and entries(result.report, "archivo_ilegible")


def test_unknown_columns_are_noted(make_csv):
    report = parse_cadido(make_csv([["Código", "Nombre", "Color favorito"], ["4C", "RH", "x"]]))
    [note] = entries(report.report, "columna_desconocida")
    assert note.column == "Color favorito" and note.severity == "info"
