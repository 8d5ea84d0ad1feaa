"""Layout files load into dataclasses, and broken ones fail naming the file and the key."""

from __future__ import annotations

import pytest

from archivo.instruments.layout import KINDS, LayoutError, available_kinds, load_layout

GOOD = """
title = "Prueba"
[[columns]]
key = "codigo"
label = "Código"
width = 3
[[columns]]
key = "nombre"
label = "Nombre"
width = "40mm"
"""


def write(tmp_path, text, name="prueba"):
    (tmp_path / f"{name}.toml").write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("kind", KINDS)
def test_every_instrument_has_a_valid_layout(kind):
    layout = load_layout(kind)
    assert layout.kind == kind
    assert layout.title
    assert layout.columns or layout.sections


def test_all_thirteen_layouts_ship():
    assert set(KINDS) <= set(available_kinds())
    assert len(KINDS) == 13


def test_cadido_groups_and_marks():
    layout = load_layout("cadido")
    groups = [c.group for c in layout.columns if c.group]
    assert "Valores documentales" in groups and "Destino final" in groups
    destino = [c for c in layout.columns if c.key == "destino"]
    assert [c.mark for c in destino] == ["baja", "conservacion", "muestreo"]
    assert layout.groups


def test_widths_relative_and_mm(tmp_path):
    layout = load_layout("prueba", write(tmp_path, GOOD))
    assert layout.columns[0].width == 3 and layout.columns[0].width_mm is None
    assert layout.columns[1].width_mm == 40
    assert layout.orientation == "landscape" and layout.page_size == "letter"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('title = "x"\n[[columns]\nkey = 1', "prueba.toml: TOML inválido"),
        ('[[columns]]\nkey = "a"\nlabel = "A"', "prueba.toml: title: falta la clave obligatoria"),
        (
            GOOD.replace("width = 3", "width = -2"),
            "prueba.toml: columns[0].width: debe ser un número positivo",
        ),
        (
            GOOD.replace("width = 3", 'width = "ancho"'),
            "prueba.toml: columns[0].width: debe ser un número positivo",
        ),
        (
            GOOD.replace('label = "Nombre"', "label = 5"),
            "prueba.toml: columns[1].label: debe ser un texto no vacío",
        ),
        (GOOD.replace('key = "nombre"\n', ""), "prueba.toml: columns[1].key: falta la clave"),
        (
            GOOD.replace('title = "Prueba"', 'title = "Prueba"\norientation = "diagonal"'),
            "prueba.toml: orientation: debe ser uno de",
        ),
        (
            GOOD.replace('title = "Prueba"', 'title = "Prueba"\ncolumnas = 3'),
            "prueba.toml: columnas: clave desconocida",
        ),
        (
            GOOD + '[closing]\nlegend = "Total {x"',
            "prueba.toml: closing.legend: plantilla inválida",
        ),
        (GOOD + '[closing.computed]\nfojas = "promedio:fojas"', "closing.computed.fojas"),
        ('title = "Sin nada"', "prueba.toml: columns: el formato necesita columnas o secciones"),
    ],
)
def test_broken_layout_names_file_and_key(tmp_path, text, message):
    with pytest.raises(LayoutError) as error:
        load_layout("prueba", write(tmp_path, text))
    assert message in str(error.value)
    assert str(error.value).startswith(f"{tmp_path.name}/prueba.toml: ")


def test_missing_file_and_bad_kind(tmp_path):
    with pytest.raises(LayoutError, match="no existe"):
        load_layout("inexistente", tmp_path)
    with pytest.raises(LayoutError, match="inválido"):
        load_layout("../etc/passwd", tmp_path)


def test_layout_is_frozen():
    layout = load_layout("cgca")
    with pytest.raises(AttributeError):
        layout.title = "otro"
