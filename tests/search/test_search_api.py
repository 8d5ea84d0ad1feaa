"""The search API: staff search, public lookup with downloads, rate limit, bad input."""

import csv
import io

import pytest

from archivo.search import public
from archivo.search.ratelimit import TokenBucket
from tests.search import db_corpus
from tests.views.conftest import Browser

# Fixtures shared with the other database-backed search tests.
corpus, index = db_corpus.corpus, db_corpus.index


@pytest.fixture
def api(client, corpus):
    """The test client, signed in as the corpus's administrator."""
    Browser(client).login(corpus["ctx"]["actor"])
    return client


@pytest.fixture
def anon(app, client, corpus):
    """An anonymous client with a fresh rate-limit bucket."""
    app.extensions.pop(public.EXTENSION, None)
    yield client
    app.extensions.pop(public.EXTENSION, None)


def test_staff_search_returns_hits_highlights_facets(api, corpus):
    resp = api.get("/api/v1/search?q=licitaciones&per_page=5")
    assert resp.status_code == 200, resp.json
    body = resp.json
    assert body["total"] == 1 and body["pages"] == 1 and body["per_page"] == 5
    hit = body["hits"][0]
    assert hit["id"] == corpus["ids"]["licitacion"]
    assert "<mark>Licitación</mark>" in hit["highlights"]["titulo"]
    assert hit["fields"]["fecha_apertura"] == "2015-03-02"
    assert hit["url"].endswith(f"/consulta/expedientes/{hit['id']}")
    assert body["facets"]["unidad"] == [
        {"value": "da", "label": "Dirección de Administración", "count": 1}
    ]


def test_staff_search_needs_login(anon):
    assert anon.get("/api/v1/search?q=x").status_code == 401


def test_did_you_mean(api):
    assert api.get("/api/v1/search?q=licitasion").json["suggestion"] == "licitacion"


def test_public_search_shows_public_fields_only(anon, corpus):
    body = anon.get("/api/v1/public/search?per_page=50").json
    hits = {h["id"]: h for h in body["hits"]}
    k = corpus["ids"]
    assert body["total"] == 6
    assert "descripcion" not in hits[k["auditoria"]]["fields"]
    assert "titulo" not in hits[k["personal"]]["fields"]
    assert hits[k["arrendamiento"]]["fields"]["acta_baja"] == corpus["baja"].acta_folio
    assert anon.get("/api/v1/public/search?q=sobreprecio").json["total"] == 0


def test_public_answers_decision_by_unit_between_dates(anon, corpus):
    resp = anon.get(
        "/api/v1/public/search?q=auditoría&unidad=DJ&fecha_desde=2019-01-01&fecha_hasta=2019-12-31"
    )
    assert [h["id"] for h in resp.json["hits"]] == [corpus["ids"]["auditoria"]]


def test_public_csv_download_utf8_bom(anon, corpus):
    resp = anon.get("/api/v1/public/search?q=licitación&format=csv")
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    raw = resp.get_data()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["titulo"] for r in rows] == ["Licitación pública de vehículos oficiales"]
    assert rows[0]["url"].endswith(f"/consulta/expedientes/{corpus['ids']['licitacion']}")
    assert rows[0]["descripcion"] == "Adquisición de camionetas para la Dirección"
    assert "attachment" in resp.headers["Content-Disposition"]


def test_public_json_download_never_leaks(anon, corpus):
    body = anon.get("/api/v1/public/search?format=json").json
    assert body["total"] == 6 and len(body["expedientes"]) == 6
    text = str(body)
    assert "Hallazgos" not in text  # a reservada's description
    for secret in ("Pérez", "sobreprecio", "Pacífico", "juicio", "médicos"):
        assert secret not in text


def test_rate_limit_answers_429_with_retry_after(app, anon):
    app.extensions[public.EXTENSION] = TokenBucket(3)
    codes = [anon.get("/api/v1/public/search?q=x").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    resp = anon.get("/api/v1/public/search?q=x")
    assert resp.status_code == 429 and int(resp.headers["Retry-After"]) >= 1
    assert resp.json["error"]["code"] == "too_many_requests"
    # Another client is not affected.
    other = anon.get("/api/v1/public/search?q=x", environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 200


def test_token_bucket_refills():
    now = [0.0]
    bucket = TokenBucket(60, clock=lambda: now[0])
    assert all(bucket.take("a") == 0 for _ in range(60))
    assert bucket.take("a") == pytest.approx(1.0)
    now[0] += 1.0
    assert bucket.take("a") == 0


@pytest.mark.parametrize(
    "query, field",
    [
        ("anio_desde=dos-mil", "anio_desde"),
        ("anio_desde=3000", "anio_desde"),
        ("anio_desde=2020&anio_hasta=2010", "anio_desde"),
        ("fecha_desde=31/12/2020", "fecha_desde"),
        ("fecha_desde=2020-02-01&fecha_hasta=2020-01-01", "fecha_desde"),
        ("etapa=activa", "etapa"),
        ("acceso=secreto", "acceso"),
        ("sort=azar", "sort"),
        ("page=-1", "page"),
        ("per_page=0", "per_page"),
        ("page=5000&per_page=100", "page"),
        ("campo_raro=1", "campo_raro"),
        ("format=xml", "format"),
    ],
)
def test_bad_input_is_422_with_the_field(anon, query, field):
    resp = anon.get("/api/v1/public/search?" + query)
    assert resp.status_code == 422, resp.json
    assert field in resp.json["error"]["fields"]


@pytest.mark.parametrize(
    "q",
    [
        "",
        "*",
        "de la los",
        '"sin cerrar',
        "((a OR",
        "x" * 10_000,
        "unidad:",
        "NOT",
        "-",
        "año:dos",
        "%00<script>",
    ],
)
def test_odd_queries_never_500(anon, q):
    resp = anon.get("/api/v1/public/search", query_string={"q": q})
    assert resp.status_code == 200 and resp.json["total"] >= 0


def test_english_messages(anon):
    resp = anon.get("/api/v1/public/search?sort=azar&lang=en")
    assert resp.status_code == 422 and resp.json["error"]["fields"]["sort"]


def test_openapi_documents_both_endpoints(anon):
    paths = anon.get("/api/v1/openapi.json").json["paths"]
    names = {p["name"] for p in paths["/api/v1/public/search"]["get"]["parameters"]}
    assert {"q", "unidad", "fecha_desde", "fecha_hasta", "format"} <= names
    assert "/api/v1/search" in paths and "429" in paths["/api/v1/public/search"]["get"]["responses"]


def test_reindex_endpoint_is_for_administrators(client, corpus):
    assert client.get("/api/v1/search/reindex").status_code == 401
    browser = Browser(client)
    browser.login(corpus["users"]["auditor"])
    assert client.get("/api/v1/search/reindex").status_code == 403
    browser.login(corpus["ctx"]["actor"])
    assert client.get("/api/v1/search/reindex").json["state"] in ("idle", "done", "failed")
