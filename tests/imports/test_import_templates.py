"""Templates import cleanly, and the header mapping is documented."""

import pytest

from archivo.imports.cadido_rows import parse_cadido
from archivo.imports.expediente_rows import parse_expedientes
from archivo.imports.headers import CADIDO_SPEC, EXPEDIENTE_SPEC
from archivo.imports.readers import read_table
from archivo.imports.templates import (
    HEADER_SYNONYMS,
    TEMPLATE_COLUMNS,
    synonyms_markdown,
    template_csv,
    template_headers,
    template_xlsx,
)


@pytest.mark.parametrize(("kind", "spec"), [("cadido", CADIDO_SPEC),
                                            ("expedientes", EXPEDIENTE_SPEC)])
@pytest.mark.parametrize("build", [template_csv, template_xlsx])
def test_template_headers_are_all_recognised(kind, spec, build):
    table = read_table(build(kind), spec)
    assert table.header.unknown == []
    expected = {key for _, key, _ in TEMPLATE_COLUMNS[kind]}
    assert set(table.header.keys) == expected
    assert table.header.labels == template_headers(kind)


def test_filled_templates_parse(tmp_path):
    cadido = template_csv("cadido").decode("utf-8-sig")
    cadido += "Serie,4C.3,Nómina,,X,,X,,,,2,5,Baja,,Pública,LGA,\r\n"
    [row] = parse_cadido(cadido.encode("utf-8-sig")).rows
    assert (row.codigo, row.plazo_concentracion) == ("4C.3", 5)
    inventario = template_csv("expedientes").decode("utf-8-sig")
    inventario += ",4C.3,Contrato,,DA,2008,2009,10,1,3,A,P,AT,Papel,x; y,\r\n"
    [exp] = parse_expedientes(inventario.encode("utf-8-sig")).rows
    assert exp.palabras_clave == ("x", "y")


def test_mapping_is_documented():
    assert "clave" in HEADER_SYNONYMS["cadido"]["codigo"]
    text = synonyms_markdown("cadido")
    assert "`plazo_tramite`" in text and "archivo de trámite" in text
