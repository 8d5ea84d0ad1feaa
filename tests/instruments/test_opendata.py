"""CSV and JSON exports carry the PDF's columns, with a BOM for Excel and typed JSON values."""

from __future__ import annotations

import csv
import io
import json

from archivo.instruments import samples
from archivo.instruments.layout import load_layout
from archivo.instruments.opendata import iter_csv, to_csv, to_json

from .helpers import compact, pages_text, render


def test_csv_has_bom_and_the_pdf_columns():
    layout = load_layout("cadido")
    header, rows, closing = samples.demo("cadido")
    data = to_csv(layout, rows)
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(table) == len(rows) + 1
    assert table[0][:3] == ["Código", "Sección / serie / subserie", "Valores documentales: A"]
    assert "Destino final: B" in table[0] and "Acceso: C" in table[0]
    assert len(table[0]) == len(layout.columns)
    pdf_text = compact(" ".join(pages_text(render(layout, header, rows, closing))))
    for column in layout.columns:  # every CSV column is a column printed in the PDF
        assert compact(column.label) in pdf_text
    first_serie = table[2]
    assert first_serie[0] == rows[1]["codigo"]
    marks = dict(zip(table[0], first_serie, strict=True))
    assert (
        marks[
            f"Destino final: {dict(baja='B', conservacion='C', muestreo='M')[rows[1]['destino']]}"
        ]
        == "X"
    )


def test_csv_dates_are_iso_and_text_kept_whole():
    layout = load_layout("inventario_general")
    rows = [
        {
            "consecutivo": 1,
            "codigo": "X/1",
            "fecha_apertura": samples.date(2008, 1, 15),
            "descripcion": "palabra " * 2000 + 'fin; "comillas", ñandú',
        }
    ]
    table = list(csv.reader(io.StringIO(to_csv(layout, rows).decode("utf-8-sig"))))
    record = dict(zip(table[0], table[1], strict=True))
    assert record["Fechas extremas: Apertura"] == "2008-01-15"
    assert record["Descripción"].endswith('fin; "comillas", ñandú')


def test_csv_streams_in_chunks():
    layout = load_layout("inventario_general")
    chunks = list(iter_csv(layout, samples.expedientes(2500)))
    assert len(chunks) >= 3
    assert b"".join(chunks).count(b"\r\n") == 2501


def test_json_has_header_columns_typed_rows_and_closing():
    layout = load_layout("inventario_transferencia_primaria")
    header, rows, closing = samples.demo(layout.kind, 5)
    doc = json.loads(to_json(layout, header, rows, closing))
    assert doc["instrumento"] == layout.kind and doc["titulo"] == layout.title
    assert doc["encabezado"]["numero_transferencia"] == "TP-003/2024"
    assert [c["etiqueta"] for c in doc["columnas"]][:3] == ["Caja", "No.", "Clave del expediente"]
    assert len(doc["registros"]) == 5
    first = doc["registros"][0]
    assert first["Fojas"] == rows[0]["fojas"]
    assert first["Fechas: Apertura"] == rows[0]["fecha_apertura"].isoformat()
    assert first["Clasificación: P"] in ("X", "")
    assert doc["cierre"] == {"peso_kg": 385}
