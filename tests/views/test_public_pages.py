"""Citizen pages after the usability review: reachability, tombstone evidence, plain
Spanish, the folded search form, titles and error pages."""

import io
import re

import pytest

from archivo.search import public
from tests.search import db_corpus

from .conftest import text

corpus, index = db_corpus.corpus, db_corpus.index


@pytest.fixture(autouse=True)
def fresh_rate_limit(app):
    app.extensions.pop(public.EXTENSION, None)
    yield
    app.extensions.pop(public.EXTENSION, None)


def title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


# 1. Reachability


def test_landing_offers_the_search_and_the_published_instruments(client, ctx):
    html = text(client.get("/"))
    assert re.search(r'<form method="get" action="/consulta/buscar" role="search"', html)
    assert 'id="landing-q" name="q" type="search"' in html
    assert "Actas de baja e instrumentos publicados" in html
    footer = html[html.index('<footer class="footer">') :]
    assert 'href="/consulta/instrumentos"' in footer
    assert 'href="/consulta/instrumentos/verificar"' in footer


# 3. Tombstone


def test_tombstone_names_the_expediente_and_links_its_evidence(client, corpus):
    resp = client.get(f"/consulta/expedientes/{corpus['ids']['arrendamiento']}")
    html = text(resp)
    assert title(html) == "Expediente: Contratos de arrendamiento de bodegas · archivo"
    assert "<h1>Contratos de arrendamiento de bodegas</h1>" in html
    assert "Fundamento legal de la baja" in html and "Art. 4 LGA" in html
    assert "no tenía valor histórico" in html
    assert 'href="/consulta/instrumentos/verificar"' in html
    baja_id = corpus["baja"].id
    links = re.findall(r'href="(/instrumentos/descargar\?[^"]+)"', html)
    kinds = {re.search(r"kind=(\w+)", link).group(1) for link in links}
    assert kinds == {"acta_baja", "dictamen_baja"}
    for link in links:
        assert f"baja={baja_id}" in link and "format=pdf" in link
        pdf = client.get(link.replace("&amp;", "&"))  # anonymous: public instruments
        assert pdf.status_code == 200, pdf.get_data(as_text=True)[:500]
        assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")


def test_confidential_expediente_title_does_not_reveal_its_subject(client, corpus):
    html = text(client.get(f"/consulta/expedientes/{corpus['ids']['personal']}"))
    assert "Pérez" not in title(html) and "Expediente confidencial" in title(html)


def test_back_to_the_search_keeps_the_query(client, corpus):
    url = f"/consulta/expedientes/{corpus['ids']['licitacion']}"
    html = text(
        client.get(
            url, headers={"Referer": "http://localhost/consulta/buscar?q=licitaci%C3%B3n&unidad=DA"}
        )
    )
    assert 'href="/consulta/buscar?q=licitaci%C3%B3n&amp;unidad=DA">‹ Volver a la consulta' in html
    # A referer from elsewhere is not echoed.
    html = text(client.get(url, headers={"Referer": "http://example.org/consulta/buscar?q=x"}))
    assert 'href="/consulta/buscar">‹ Volver a la consulta' in html


def test_unknown_public_expediente_offers_another_search(client, corpus):
    resp = client.get("/consulta/expedientes/999999999")
    assert resp.status_code == 404
    html = text(resp)
    assert 'href="/consulta/buscar">Buscar otro expediente' in html
    assert title(html) == "No encontrado · Error 404 · archivo"


# 4. Spanish messages and lists instead of codes


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("sort=foo", "sort", "Orden no válido; use uno de: relevance, date_desc, date_asc."),
        ("page=0", "page", "La página debe ser 1 o mayor."),
        ("unidad=" + "x" * 21, "unidad", "Debe tener como máximo 20 caracteres."),
        ("anio_desde=1700", "anio_desde", "El año debe estar entre 1800 y 2200."),
        ("per_page=500", "per_page", "Resultados por página: entre 1 y 100."),
        ("format=xml", "format", "Formato no permitido; use uno de: csv, json."),
        ("foo=1", "foo", "Campo no reconocido."),
    ],
)
def test_public_api_messages_are_spanish(client, corpus, query, field, message):
    resp = client.get(f"/api/v1/public/search?{query}")
    assert resp.status_code == 422
    assert resp.get_json()["error"]["fields"][field] == [message]


def test_bad_filter_page_is_titled_and_summarised_above_the_form(client, corpus):
    resp = client.get("/consulta/buscar?q=x&sort=foo")
    assert resp.status_code == 422
    html = text(resp)
    assert title(html).startswith("Error: revise los datos")
    summary = html.index('class="alert alert-error"')
    assert summary < html.index('role="search"')
    assert '<a href="#f-sort">Orden</a>: Orden no válido' in html
    assert '<details class="more-filters" open>' in html  # the wrong field is in view


def test_unidad_and_serie_are_lists_of_names(client, corpus):
    html = text(client.get("/consulta/buscar"))
    assert 'name="unidad"' in html and not re.search(r'<input[^>]+name="unidad"', html)
    assert re.search(r'<select id="f-unidad" name="unidad"', html)
    assert '<option value="DA">Dirección de Administración</option>' in html
    assert '<optgroup label="4C Recursos humanos">' in html
    assert '<option value="4C.3">4C.3 Serie 4C.3</option>' in html
    assert '<details class="more-filters">' in html  # nothing chosen: folded


def test_typed_values_select_their_entry(client, corpus):
    html = text(client.get("/consulta/buscar?unidad=dj&serie=04C.03"))
    assert '<option value="DJ" selected>Dirección Jurídica</option>' in html
    assert '<option value="4C.3" selected>4C.3 Serie 4C.3</option>' in html
    assert '<details class="more-filters" open>' in html
    html = text(client.get("/consulta/buscar?unidad=XX"))
    assert '<option value="XX" selected>«XX» (no está en la lista)</option>' in html


def test_default_order_alone_keeps_the_filters_folded(client, corpus):
    html = text(client.get("/consulta/buscar?q=licitación&unidad=&sort=relevance"))
    assert '<details class="more-filters">' in html


def test_staff_form_uses_the_same_lists(browser, corpus):
    browser.login(corpus["ctx"]["actor"])
    html = text(browser.get("/buscar?unidad=DA"))
    assert '<option value="DA" selected>Dirección de Administración</option>' in html


def test_plain_language_help_under_etapa_and_acceso(client, corpus):
    html = text(client.get("/consulta/buscar"))
    assert 'aria-describedby="h-etapa"' in html and "Baja: se destruyó legalmente" in html
    assert 'aria-describedby="h-acceso"' in html and "solo su titular puede pedirlos" in html
    assert "<legend>Periodo</legend>" in html


# 5-7, 10. Results page


def test_results_title_heading_and_download_limit(client, corpus, monkeypatch):
    html = text(client.get("/consulta/buscar?q=licitación"))
    assert title(html) == "Resultados para «licitación» (1) · archivo"
    assert html.index(">Resultados</h2>") < html.index('search-hits"')
    assert "se descargan los primeros" not in html
    monkeypatch.setattr(public, "MAX_DOWNLOAD", 1)
    html = text(client.get("/consulta/buscar?etapa=tramite"))
    assert re.search(r"se descargan los primeros 1 de \d+", html)


def test_no_results_says_what_to_do_next(client, corpus):
    html = text(client.get("/consulta/buscar?q=zzqxw"))
    assert 'href="https://www.plataformadetransparencia.org.mx/"' in html
    assert "Unidad de Transparencia" in html
    assert "Refinar" not in html  # no facets: no empty card


def test_page_past_the_end(client, corpus):
    html = text(client.get("/consulta/buscar?q=licitación&page=5"))
    assert "Esta página no existe" in html and "No encontramos" not in html
    assert 'href="/consulta/buscar?q=licitaci%C3%B3n">Ir a la primera página' in html


def test_rate_limited_page_is_human_and_offers_a_retry(app, client, corpus):
    from archivo.search.ratelimit import TokenBucket

    app.extensions[public.EXTENSION] = TokenBucket(1)
    client.get("/consulta/buscar?q=x")
    resp = client.get("/consulta/buscar?q=licitación")
    assert resp.status_code == 429
    html = text(resp)
    assert title(html) == "Espere un momento · Error 429 · archivo"
    assert 'href="/consulta/buscar?q=licitación">Intentar de nuevo' in html


def test_too_large_upload_is_named(app, browser, ctx, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 100)
    resp = browser.post(
        "/consulta/instrumentos/verificar",
        {"archivo": (io.BytesIO(b"x" * 500), "a.pdf")},
        headers={"Referer": "http://localhost/consulta/instrumentos/verificar"},
    )
    assert resp.status_code == 413
    html = text(resp)
    assert "<h1>Archivo demasiado grande</h1>" in html
    assert 'href="http://localhost/consulta/instrumentos/verificar">Intentar de nuevo' in html


# 5, 8. Public catalogue and instruments


def test_cadido_table_is_a_keyboard_region_with_a_legend(client, ctx):
    html = text(client.get("/consulta/cadido"))
    region = 'tabindex="0" role="region" aria-label="Catálogo de disposición documental"'
    assert f'<div class="table-wrap" {region}>' in html
    assert "Cómo leer esta tabla" in html and "Muestreo:" in html
    assert "(acta del Grupo Interdisciplinario GI/01/2024)" in html


def test_instruments_table_region_and_checker_label(client, ctx):
    html = text(client.get("/consulta/instrumentos"))
    assert 'tabindex="0" role="region" aria-label="Instrumentos publicados"' in html
    html = text(client.get("/consulta/instrumentos/verificar"))
    assert '<label for="f-archivo">Archivo (PDF, CSV o JSON)</label>' in html


def test_refused_form_post_explains_an_expired_page(browser, ctx):
    resp = browser.post(
        "/consulta/instrumentos/verificar",
        {"archivo": (io.BytesIO(b"%PDF-1.4"), "a.pdf")},
        csrf=False,
        headers={"Referer": "http://localhost/consulta/instrumentos/verificar"},
    )
    assert resp.status_code == 400
    html = text(resp)
    assert "pudo caducar: recárguela e intente de nuevo" in html
    assert 'href="http://localhost/consulta/instrumentos/verificar">Intentar de nuevo' in html
