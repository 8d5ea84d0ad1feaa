"""Every instrument renders from demo data with the text an archivist expects to read."""

from __future__ import annotations

from datetime import date

import pytest

from archivo.instruments import samples
from archivo.instruments.layout import KINDS, load_layout
from archivo.instruments.values import cell_value, display

from .helpers import CODE, compact, pages_text, render

INVENTORIES = [k for k in KINDS if k.startswith("inventario_")]


@pytest.fixture(scope="module")
def rendered():
    """kind -> (layout, header, rows, closing, text of each page), rendered once."""
    out = {}
    for kind in KINDS:
        layout = load_layout(kind)
        header, rows, closing = samples.demo(kind)
        out[kind] = (
            layout,
            header,
            rows,
            closing,
            pages_text(render(layout, header, rows, closing)),
        )
    return out


@pytest.mark.parametrize("kind", KINDS)
def test_instrument_prints_title_header_columns_rows_and_signatures(rendered, kind):
    layout, header, rows, closing, pages = rendered[kind]
    text = compact(" ".join(pages))
    assert compact(layout.title) in text
    assert compact(samples.FONDO["nombre"]) in text
    for field in layout.header + tuple(f for s in layout.sections for f in s.fields):
        assert compact(field.label) in text, field.label
        if header.get(field.key) not in (None, ""):
            assert compact(display(header[field.key])) in text, field.key
    for column in layout.columns:
        assert compact(column.label) in text, column.label
        if column.group:
            assert compact(column.group) in text
    for row in rows[:3] + rows[-2:]:
        for column in layout.columns:
            value = cell_value(column, row)
            if value and not column.mark:
                assert compact(value) in text, (column.key, value)
    for signature in layout.signatures:
        assert compact(signature.role) in text
        if signature.name_key:
            assert compact(header[signature.name_key]) in text


@pytest.mark.parametrize("kind", KINDS)
def test_every_page_has_chrome_and_page_x_of_y(rendered, kind):
    layout, _, _, _, pages = rendered[kind]
    total = len(pages)
    for number, page in enumerate(pages, 1):
        flat = " ".join(page.split())
        assert f"Página {number} de {total}" in flat
        assert CODE in flat and samples.VERIFY_URL in flat
        assert "Fecha de elaboración: 03/05/2024" in flat
        assert compact(layout.title) in compact(page)


@pytest.mark.parametrize("kind", INVENTORIES)
def test_inventory_legend_has_computed_figures(rendered, kind):
    _, _, rows, closing, pages = rendered[kind]
    years = [r["fecha_apertura"].year for r in rows] + [r["fecha_cierre"].year for r in rows]
    legend = (
        f"El presente inventario consta de {sum(r['fojas'] for r in rows)} fojas y ampara "
        f"la cantidad de {len(rows)} expedientes de los años {min(years)} a {max(years)}, "
        f"contenidos en {len({r['caja'] for r in rows})} cajas, y un peso aproximado de "
        f"{closing['peso_kg']} kg"
    )
    assert compact(legend) in compact(" ".join(pages))


def test_acta_legend_sums_series(rendered):
    _, header, rows, _, pages = rendered["acta_baja"]
    expedientes = sum(r["expedientes"] for r in rows)
    assert compact(
        f"se procedió a la destrucción de {expedientes} expedientes de {len(rows)} series"
    ) in compact(" ".join(pages))
    assert compact(f"conforme al dictamen {header['numero_dictamen']}") in compact(" ".join(pages))


def test_long_table_repeats_grouped_header_and_keeps_every_row():
    layout = load_layout("inventario_transferencia_primaria")
    header, _, closing = samples.demo(layout.kind, 1)
    rows = list(samples.expedientes(300))
    pages = pages_text(render(layout, header, rows, closing))
    assert len(pages) > 5
    for page in pages[1:-1]:  # continuation pages open with the grouped header
        assert "Clasificación" in page and "Apertura" in page
    text = compact(" ".join(pages))
    assert not [r["consecutivo"] for r in rows if compact(r["codigo"]) not in text]
    assert "la cantidad de 300 expedientes" in " ".join(" ".join(pages).split())


def test_no_rows_prints_header_and_notice():
    layout = load_layout("inventario_baja")
    pdf = render(layout, {"unidad": "Dirección Jurídica"}, [], {})
    text = " ".join(" ".join(pages_text(pdf)).split())
    assert "Sin registros" in text and "Clave del expediente" in text
    assert "la cantidad de 0 expedientes" in text


def test_hostile_text_prints_literally_and_never_breaks_the_pdf(tmp_path):
    toml = tmp_path / "hostil.toml"
    toml.write_text(
        'title = "Inventario <b>negritas</b> & </para> prueba"\n'
        '[[header]]\nkey = "unidad"\nlabel = "Unidad <i>"\n'
        '[[columns]]\nkey = "codigo"\nlabel = "Código & <clave>"\nwidth = 2\n'
        '[[columns]]\nkey = "nombre"\nlabel = "Nombre"\nwidth = 5\n'
        '[[signatures]]\nrole = "ELABORÓ <b>"\nname_key = "firma"\n',
        encoding="utf-8",
    )
    layout = load_layout("hostil", tmp_path)
    long_word = "Anticonstitucionalísimamente" * 11  # 300+ chars, no spaces
    rows = [
        {"codigo": "<b>&amp;</b>", "nombre": "Tom & Jerry <font size=40>grande</font>"},
        {"codigo": "A&B", "nombre": long_word},
        {"codigo": "emoji", "nombre": "Expediente 📁✅ revisado 🇲🇽"},
        {"codigo": "rtl", "nombre": "مرحبا بالعالم — שלום עולם"},
        {"codigo": "ctrl", "nombre": "con\x00control\x07es\x1b[31m y\ttab\r\nsalto"},
        {"codigo": "enorme", "nombre": "palabra " * 5000},
        {"codigo": None, "nombre": date(2020, 1, 2)},
    ]
    header = {"unidad": "<script>alert(1)</script> & Cía", "firma": "Juan <b>Pérez</b> & Hijos"}
    pdf = render(
        layout, header, rows, {}, fondo={"nombre": "Fondo <b> & Co", "logo_path": "/no/existe.png"}
    )
    assert pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF")
    text = " ".join(pages_text(pdf))
    flat = compact(text)
    for literal in [
        "Inventario <b>negritas</b> & </para> prueba",
        "Unidad <i>",
        "Código & <clave>",
        "<b>&amp;</b>",
        "Tom & Jerry <font size=40>grande</font>",
        "<script>alert(1)</script> & Cía",
        "Juan <b>Pérez</b> & Hijos",
        "ELABORÓ <b>",
        "Fondo <b> & Co",
        "A&B",
        "02/01/2020",
    ]:
        assert compact(literal) in flat, literal
    assert compact(long_word) in flat  # broken across lines, every letter kept
    assert "texto truncado" in text
    assert "\x00" not in text and "\x07" not in text
    assert "\ufffd" in text  # emoji the font lacks print as a visible replacement
    assert compact("controles[31m y tab") in flat


def test_caratula_has_qr_and_logo(tmp_path):
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 60), (120, 20, 60)).save(logo)
    layout = load_layout("caratula")
    header, rows, closing = samples.demo("caratula")
    pdf = render(layout, header, rows, closing, fondo={"nombre": "IEEN", "logo_path": str(logo)})
    assert b"/Subtype /Image" in pdf
    assert "Consulta pública" in pages_text(pdf)[0]
    assert compact("Reservado desde 01/03/2008") in compact(pages_text(pdf)[0])
