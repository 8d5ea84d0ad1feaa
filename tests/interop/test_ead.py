"""EAD3 and EAD 2002 finding aids: schema validity, scope, visibility, hostile strings."""

import datetime as dt

import pytest
from lxml import etree

from archivo.errors import NotFound
from archivo.interop.dialects import EAD2002
from archivo.interop.ead import finding_aid
from tests.interop.conftest import HOSTILE
from tests.interop.helpers import EAD3, assert_valid_ead3

NOW = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


def ead(actor, nivel, oid, dialect=None):
    kwargs = {"dialect": dialect} if dialect else {}
    return b"".join(finding_aid(actor, nivel, oid, now=NOW, **kwargs))


def unittitles(doc) -> list[str]:
    return [t.text for t in doc.iter(f"{EAD3}unittitle")]


def test_fondo_validates_with_nested_components_and_description(described):
    doc = assert_valid_ead3(ead(described["actor"], "fondo", described["fondo"].id))
    archdesc = doc.find(f"{EAD3}archdesc")
    assert archdesc.get("level") == "fonds"
    assert "Historia del instituto" in archdesc.findtext(f"{EAD3}bioghist/{EAD3}p")
    sec = archdesc.find(f"{EAD3}dsc/{EAD3}c")
    assert sec.get("level") == "subfonds"
    levels = [c.get("level") for c in sec.iter(f"{EAD3}c")]
    assert {"series", "subseries", "file"} <= set(levels)
    serie = next(c for c in sec.iter(f"{EAD3}c") if c.findtext(f"{EAD3}did/{EAD3}unitid") == "4C.3")
    assert "Plazo de conservación en archivo de trámite: 2 años" in serie.findtext(
        f"{EAD3}appraisal/{EAD3}p")
    assert serie.findtext(f"{EAD3}did/{EAD3}unitdatestructured/{EAD3}daterange/{EAD3}fromdate")


def test_staff_sees_every_live_expediente_never_the_disposed_one(described):
    titles = unittitles(assert_valid_ead3(ead(described["actor"], "fondo", described["fondo"].id)))
    assert "Expediente clínico de Juana Pérez" in titles
    assert "Auditoría en curso" in titles
    assert "Expediente destruido" not in titles


def test_anonymous_sees_public_expedientes_and_fields_only(described):
    data = ead(None, "fondo", described["fondo"].id)
    doc = assert_valid_ead3(data)
    titles = unittitles(doc)
    assert "Nómina quincenal 0" in titles and "Expediente de subserie" in titles
    for hidden in (b"Juana", b"Auditor\xc3\xada en curso", b"Secreto", b"destruido"):
        assert hidden not in data
    assert not list(doc.iter(f"{EAD3}physloc"))


def test_gi_member_lists_confidential_without_its_title(described):
    gi = described["users"]["gi1"]
    data = ead(gi, "fondo", described["fondo"].id)
    assert_valid_ead3(data)
    assert b"Expediente confidencial" in data
    assert b"Juana" not in data and b"Secreto" not in data


def test_extent_counts_only_visible_expedientes(described):
    doc = assert_valid_ead3(ead(None, "serie", described["serie"].id))
    assert doc.find(f"{EAD3}archdesc").get("level") == "series"
    extent = doc.findtext(f"{EAD3}archdesc/{EAD3}did/{EAD3}physdesc")
    assert extent.startswith("3 expedientes")


def test_seccion_and_subserie_scopes(described):
    doc = assert_valid_ead3(ead(described["actor"], "seccion", described["seccion"].id))
    assert doc.find(f"{EAD3}archdesc").get("level") == "subfonds"
    doc = assert_valid_ead3(ead(described["actor"], "serie", described["subserie"].id))
    assert unittitles(doc) == ["Subserie de prueba", "Expediente de subserie"]


def test_hostile_strings_in_every_field_stay_valid_and_intact(hostile):
    data = ead(hostile["actor"], "fondo", hostile["fondo"].id)
    doc = assert_valid_ead3(data)
    assert b"<script>" not in data
    texts = [t for t in doc.itertext()]
    clean = HOSTILE.translate({c: None for c in (1, 8, 0x0B, 0x1F, 0xFFFE)})
    assert any(clean.strip() in t for t in texts)  # markup and emoji survive as text
    assert "🗄️📜" in unittitles(doc)[-1]


def test_unknown_unit_is_not_found(described):
    with pytest.raises(NotFound):
        finding_aid(described["actor"], "serie", 999999)
    with pytest.raises(NotFound):
        finding_aid(described["actor"], "expediente", described["public"][0].id)


def test_ead2002_is_well_formed_with_key_elements(described, hostile):
    for ctx in (described, hostile):
        data = ead(ctx["actor"], "fondo", ctx["fondo"].id, EAD2002)
        doc = etree.fromstring(data)
        ns = "{urn:isbn:1-931666-22-9}"
        assert doc.find(f"{ns}eadheader/{ns}eadid").text.endswith(f"fondo-{ctx['fondo'].id}")
        assert doc.find(f"{ns}archdesc").get("level") == "fonds"
        assert doc.find(f"{ns}archdesc/{ns}did/{ns}unitdate").get("normal")
        assert list(doc.iter(f"{ns}c"))
