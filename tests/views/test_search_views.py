"""Search screens: staff search, public lookup, public expediente page, reindex page."""

import re
from types import SimpleNamespace

import pytest

from archivo.search import public
from tests.search import db_corpus

from .conftest import text

# Fixtures shared with the other database-backed search tests.
corpus, index = db_corpus.corpus, db_corpus.index


@pytest.fixture(autouse=True)
def fresh_rate_limit(app):
    app.extensions.pop(public.EXTENSION, None)
    yield
    app.extensions.pop(public.EXTENSION, None)


@pytest.fixture
def staff(browser, corpus):
    browser.login(corpus["ctx"]["actor"])
    return browser


def test_staff_search_page_highlights_facets_and_links(staff, corpus):
    resp = staff.get("/buscar?q=licitaciones")
    assert resp.status_code == 200
    html = text(resp)
    assert "<mark>Licitación</mark>" in html
    assert f'/expedientes/{corpus["ids"]["licitacion"]}"' in html
    assert "Dirección de Administración" in html and "Refinar" in html
    assert 'href="/buscar?q=licitaciones&amp;unidad=da"' in html  # clickable facet


def test_staff_facet_link_narrows_and_unclicks(staff, corpus):
    html = text(staff.get("/buscar?unidad=dj"))
    assert "2 expedientes encontrados" in html
    assert 'aria-current="true"' in html and 'href="/buscar"' in html  # click again: widen


def test_staff_sort_by_date(staff):
    oldest = text(staff.get("/buscar?sort=date_asc"))
    assert oldest.index("arrendamiento") < oldest.index("Licitación")
    newest = text(staff.get("/buscar?sort=date_desc"))
    assert newest.index("Licitación") < newest.index("arrendamiento")


def test_staff_search_bad_filter_rerenders_with_field_error(staff):
    resp = staff.get("/buscar?anio_desde=dos&fecha_hasta=2020-99-01")
    assert resp.status_code == 422
    html = text(resp)
    assert 'id="e-anio_desde"' in html and 'id="e-fecha_hasta"' in html


def test_staff_search_requires_login(client, corpus):
    resp = client.get("/buscar?q=x")
    assert resp.status_code == 302 and "/entrar" in resp.headers["Location"]


def test_did_you_mean_link(staff):
    html = text(staff.get("/buscar?q=licitasion"))
    assert "¿Quiso decir" in html and "q=licitacion" in html


def test_public_page_explains_and_searches_public_fields(client, corpus):
    home = text(client.get("/consulta/buscar"))
    assert "¿Está documentada esta decisión?" in home
    assert "Un expediente es la carpeta" in home
    assert "encontrado" not in home  # nothing searched yet
    html = text(client.get("/consulta/buscar?q=auditoría&unidad=DJ"))
    assert "<mark>Auditoría</mark> a contratos de limpieza" in html
    assert 'href="/consulta/buscar?q=auditor%C3%ADa" aria-current="true"' in html
    assert "sobreprecio" not in html and "Hallazgos" not in html
    assert f"/consulta/expedientes/{corpus['ids']['auditoria']}" in html
    assert "format=csv" in html and "format=json" in html
    assert text(client.get("/consulta/buscar?q=Pérez")).count("0 expedientes") == 1


def test_public_page_never_shows_confidential_titles(client, corpus):
    html = text(client.get("/consulta/buscar?acceso=confidencial"))
    assert "Pérez" not in html and "Expediente confidencial" in html


def test_public_expediente_page_of_a_tombstone(client, corpus):
    baja = corpus["baja"]
    resp = client.get(f"/consulta/expedientes/{corpus['ids']['arrendamiento']}")
    html = text(resp)
    assert resp.status_code == 200
    assert "dado de baja legalmente" in html
    assert baja.acta_folio in html and "DB/045/2025" in html and "Art. 4 LGA" in html


def test_public_expediente_page_of_reserved_and_confidential(client, corpus):
    html = text(client.get(f"/consulta/expedientes/{corpus['ids']['auditoria']}"))
    assert "Artículo 113 fracción VI LGTAIP" in html and "Hallazgos" not in html
    html = text(client.get(f"/consulta/expedientes/{corpus['ids']['personal']}"))
    assert "Pérez" not in html and "médicos" not in html
    assert client.get("/consulta/expedientes/999999999").status_code == 404


def test_public_pages_are_rate_limited(app, client, corpus):
    from archivo.search.ratelimit import TokenBucket

    app.extensions[public.EXTENSION] = TokenBucket(2)
    codes = [client.get("/consulta/buscar?q=x").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


class InlineThread:
    """Runs the rebuild in the request: the test's single DB connection is not shareable."""

    def __init__(self, target, args, **_kw):
        self.target, self.args = target, args

    def start(self):
        self.target(*self.args)


def test_reindex_page_for_administrators(staff, corpus, index, monkeypatch):
    from archivo.search import reindex

    html = text(staff.get("/buscar/reindexar"))
    assert "Índice de búsqueda" in html and "Reindexar" in html
    monkeypatch.setattr(reindex, "threading", SimpleNamespace(Thread=InlineThread))
    resp = staff.post("/buscar/reindexar")
    assert resp.status_code == 302
    html = text(staff.get("/buscar/reindexar"))
    assert re.search(r"Terminada: \d+ expedientes indexados", html)
    assert index.doc_count() == len(corpus["ids"])


def test_reindex_page_forbidden_to_other_roles(browser, corpus):
    browser.login(corpus["users"]["coordinador"])
    assert browser.get("/buscar/reindexar").status_code == 403
    assert browser.post("/buscar/reindexar").status_code == 403


def test_nav_and_footer_links(staff):
    html = text(staff.get("/panel"))
    assert 'href="/buscar"' in html and 'href="/consulta/buscar"' in html


def test_public_page_says_when_it_fell_back_or_ignored_the_text(client, corpus):
    some = text(client.get("/consulta/buscar?q=licitación+vehículos+zanahoria"))
    assert "Ningún expediente contiene todas sus palabras" in some
    assert "Licitación pública de vehículos oficiales" in re.sub("</?mark>", "", some)
    ignored = text(client.get("/consulta/buscar?q=de+la"))
    assert "Su texto no tiene palabras que se puedan buscar" in ignored
