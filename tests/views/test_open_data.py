"""The open-data page: every public download documented, columns equal to the real files,
one charset per CSV, null for a missing value in JSON, tidy download names."""

import csv
import io
import json
import re

import pytest

from archivo.catalog import open_data
from archivo.instruments.sources.base import Source
from archivo.instruments.sources.registry import PUBLIC_KINDS
from archivo.search import public
from tests.search import db_corpus

from .conftest import text

corpus, index = db_corpus.corpus, db_corpus.index
INSTRUMENT_BUCKET = "archivo.instruments.ratelimit"


@pytest.fixture(autouse=True)
def fresh_rate_limits(app, monkeypatch):
    """Many downloads in one test: a generous, fresh share of the public rate limit."""
    monkeypatch.setitem(app.config, "PUBLIC_RATE_LIMIT", 6000)
    for key in (public.EXTENSION, INSTRUMENT_BUCKET):
        app.extensions.pop(key, None)
    yield
    for key in (public.EXTENSION, INSTRUMENT_BUCKET):
        app.extensions.pop(key, None)


def documented(fondo_id: int) -> dict[str, open_data.Descarga]:
    return {d.clave: d for d in open_data.downloads(fondo_id)}


def names(descarga) -> list[str]:
    return [c.nombre for c in descarga.campos]


def csv_header(resp) -> list[str]:
    raw = resp.get_data()
    return next(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def csv_rows(resp) -> list[dict]:
    return list(csv.DictReader(io.StringIO(resp.get_data().decode("utf-8-sig"))))


# The page


def test_page_lists_every_public_download_with_licence_and_encoding(client, ctx):
    resp = client.get("/consulta/datos-abiertos")
    assert resp.status_code == 200
    html = text(resp)
    for url in ("/consulta/cgca.csv", "/consulta/cgca.json", "/consulta/cadido.csv",
                "/consulta/cadido.json", "/api/v1/public/search?format=csv",
                "/api/v1/public/search?format=json", "/api/v1/public/instruments",
                f"/exportar/atom-csv?nivel=fondo&amp;id={ctx['fondo'].id}",
                f"/exportar/ead3?nivel=fondo&amp;id={ctx['fondo'].id}", "/oai?verb=Identify"):
        assert f'href="{url}"' in html, url
    for kind in PUBLIC_KINDS - {"dictamen_baja", "acta_baja"}:
        assert f'href="/instrumentos/descargar?kind={kind}&amp;format=csv"' in html, kind
    # One per baja, so no address without its number: the published list links them all.
    assert "kind=acta_baja" not in html and "kind=dictamen_baja" not in html
    assert 'href="/consulta/instrumentos"' in html
    assert "UTF-8 con BOM" in html and "AAAA-MM-DD" in html
    assert "LGTAIP" in html and 'href="https://www.datos.gob.mx/libreusomx"' in html
    assert "(sin documentar)" not in html
    # a column of each kind of download, with its meaning
    assert "<code>acta_baja</code>" in html and "Folio del acta de baja documental." in html
    assert "<code>Fechas extremas: Inicial</code>" in html
    assert "<code>legacyId</code>" in html
    assert "<code>administrativo</code>" in html  # allowed values come from the enums


def test_licence_is_the_institutions_choice(app, client, ctx, monkeypatch):
    monkeypatch.setitem(app.config, "DATA_LICENSE", "cc-by-4.0")
    html = text(client.get("/consulta/datos-abiertos"))
    assert "CC BY 4.0" in html and "creativecommons.org/licenses/by/4.0" in html
    monkeypatch.setitem(app.config, "DATA_LICENSE", "Términos de uso del Instituto")
    html = text(client.get("/consulta/datos-abiertos"))
    assert "Se publica bajo estos términos: Términos de uso del Instituto." in html


def test_default_licence_setting():
    from archivo.config import load_config

    assert load_config()["DATA_LICENSE"] == "libre-uso-mx"


def test_every_column_is_documented(app, ctx):
    assert set(open_data.INSTRUMENT_ORDER) == PUBLIC_KINDS
    with app.test_request_context():
        for d in open_data.downloads(ctx["fondo"].id):
            for c in d.campos:
                assert str(c.significado) != "(sin documentar)", (d.clave, c.nombre)
                assert c.tipo in open_data.TYPES, (d.clave, c.nombre)


def test_page_is_linked_from_landing_footer_and_download_lines(client, ctx):
    html = text(client.get("/"))
    landing = html[: html.index('<footer class="footer">')]
    footer = html[html.index('<footer class="footer">') :]
    assert 'href="/consulta/datos-abiertos"' in landing
    assert 'href="/consulta/datos-abiertos"' in footer
    for page, anchor in (("/consulta/cgca", "cgca"), ("/consulta/cadido", "cadido")):
        line = re.search(r'<p class="downloads">.*?</p>', text(client.get(page)), re.S).group(0)
        assert f'href="/consulta/datos-abiertos#{anchor}"' in line
    assert 'href="/consulta/datos-abiertos"' in text(client.get("/consulta/instrumentos"))


def test_search_download_line_links_the_dictionary(client, corpus):
    html = text(client.get("/consulta/buscar?q=licitación"))
    line = re.search(r'<p class="downloads">.*?</p>', html, re.S).group(0)
    assert 'href="/consulta/datos-abiertos#busqueda"' in line


# Documented columns == the real headers


def test_catalogue_columns_equal_the_files(client, ctx):
    docs = documented(ctx["fondo"].id)
    for key, url, rows_key in (("cgca", "/consulta/cgca", "cgca"),
                               ("cadido", "/consulta/cadido", "reglas")):
        d = docs[key]
        assert csv_header(client.get(url + ".csv")) == names(d)
        body = json.loads(client.get(url + ".json").data)
        assert set(body) == set(d.json_claves) and d.json_claves[-1] == rows_key
        assert body[rows_key] and all(set(row) == set(names(d)) for row in body[rows_key])


def test_search_columns_equal_the_files(client, corpus):
    d = documented(corpus["ctx"]["fondo"].id)["busqueda"]
    assert csv_header(client.get("/api/v1/public/search?format=csv")) == names(d)
    body = client.get("/api/v1/public/search?format=json").json
    assert set(body) == set(d.json_claves) and d.json_claves[-1] == "expedientes"
    assert body["expedientes"] and all(list(r) == names(d) for r in body["expedientes"])


def test_instrument_columns_equal_the_files(client, corpus):
    docs = documented(corpus["ctx"]["fondo"].id)
    baja = corpus["baja"].id
    for kind in open_data.INSTRUMENT_ORDER:
        d = docs[f"instrumento-{kind}"]
        query = f"/instrumentos/descargar?kind={kind}"
        if kind in ("dictamen_baja", "acta_baja"):
            query += f"&baja={baja}"
        resp = client.get(query + "&format=csv")
        assert resp.status_code == 200, (kind, text(resp)[:300])
        assert csv_header(resp) == names(d), kind
        body = json.loads(client.get(query + "&format=json").data)
        assert set(body) == set(d.json_claves), kind
        assert [c["etiqueta"] for c in body["columnas"]] == names(d), kind
        assert all(list(r) == names(d) for r in body["registros"]), kind


def test_interop_and_published_list_equal_the_files(client, corpus):
    fondo_id = corpus["ctx"]["fondo"].id
    docs = documented(fondo_id)
    resp = client.get(f"/exportar/atom-csv?nivel=fondo&id={fondo_id}")
    assert resp.status_code == 200
    assert not resp.get_data().startswith("\ufeff".encode())  # AtoM's importer wants none
    assert csv_header(resp) == names(docs["atom-csv"])
    d = docs["instrumentos-publicados"]
    body = client.get("/api/v1/public/instruments").json
    assert set(body) == set(d.json_claves)
    items = body[d.json_claves[-1]]
    assert items and all(set(item) == set(names(d)) for item in items)


# 2. One charset


@pytest.mark.parametrize("url", ["/consulta/cgca.csv", "/consulta/cadido.csv",
                                 "/instrumentos/descargar?kind=cgca&format=csv",
                                 "/api/v1/instruments/cadido?format=csv"])
def test_csv_declares_its_charset_once(client, ctx, url):
    resp = client.get(url)
    assert resp.status_code == 200
    assert resp.headers["Content-Type"] == "text/csv; charset=utf-8"


def test_search_csv_declares_its_charset_once(client, corpus):
    resp = client.get("/api/v1/public/search?format=csv")
    assert resp.headers["Content-Type"] == "text/csv; charset=utf-8"


def test_import_template_declares_its_charset_once(browser, as_role):
    from archivo.auth.roles import Rol

    as_role(Rol.COORDINADOR)
    resp = browser.get("/api/v1/imports/plantillas/cadido.csv")
    assert resp.status_code == 200
    assert resp.headers["Content-Type"] == "text/csv; charset=utf-8"


# 3. Null, not "", for a missing value in the search JSON


def test_search_json_says_null_where_the_csv_has_an_empty_cell(client, corpus):
    body = client.get("/api/v1/public/search?format=json").json
    rows = {r["clave"]: r for r in body["expedientes"]}
    assert all(value != "" for row in rows.values() for value in row.values())
    licitacion = next(r for r in rows.values() if r["titulo"].startswith("Licitación"))
    assert licitacion["acta_baja"] is None and licitacion["fecha_baja"] is None
    assert licitacion["dictamen_baja"] is None and licitacion["fundamento"] is None
    tombstone = next(r for r in rows.values() if r["etapa"] == "baja")
    assert tombstone["acta_baja"] and tombstone["fecha_baja"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}", body["generado"])
    cells = {r["clave"]: r for r in csv_rows(client.get("/api/v1/public/search?format=csv"))}
    assert cells[licitacion["clave"]]["acta_baja"] == ""
    assert cells[licitacion["clave"]]["fecha_baja"] == ""


# 4. Download names


@pytest.mark.parametrize(("kind", "subject", "expected"), [
    ("guia_archivo", "fondo:1:*:*", "guia_archivo-fondo-1"),
    ("guia_archivo", "fondo:1:concentracion:*", "guia_archivo-fondo-1-concentracion"),
    ("inventario_general", "fondo:1:unidad:DA:*", "inventario_general-fondo-1-unidad-DA"),
    ("indice_reservados", "fondo:2:semestre:2025-1", "indice_reservados-fondo-2-semestre-2025-1"),
    ("caratula", "expediente:7", "caratula-expediente-7"),
])
def test_download_name_has_no_empty_parts(kind, subject, expected):
    source = Source(kind, subject, "", "", None, {}, lambda: iter(()))
    assert source.filename == expected


def test_guia_downloads_with_a_tidy_name(client, ctx):
    resp = client.get("/instrumentos/descargar?kind=guia_archivo&format=csv")
    assert resp.status_code == 200
    disposition = resp.headers["Content-Disposition"]
    assert f'filename="guia_archivo-fondo-{ctx["fondo"].id}.csv"' in disposition
