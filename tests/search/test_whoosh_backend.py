"""The Whoosh backend beyond the shared contract (test_backend_contract runs that on it)."""

import numpy as np
import pytest

from archivo.search.backend import SearchQuery

from .conftest import make_doc


def ids(result):
    return [h.id for h in result.hits]


def find(backend, text="", **kw):
    return backend.search(SearchQuery(text=text, **kw))


@pytest.mark.parametrize("text", ["licitación", "licitacion", "licitaciones", "LICITACIÓN"])
def test_accents_and_plurals(loaded, text):
    assert sorted(ids(find(loaded, text))) == [1, 2, 3]


def test_contratos_finds_contrato(loaded):
    assert 1 in ids(find(loaded, "contrato")) and 7 in ids(find(loaded, "contratos"))


def test_codes_padded_or_not_find_the_serie(loaded):
    for text in ("4C.3", "04C.03", "serie:4C.03"):
        assert sorted(ids(find(loaded, text))) == [4, 5], text


def test_key_lookup(loaded):
    assert ids(find(loaded, "ieen/4C/4C.3/1/2011")) == [4]
    assert ids(find(loaded, "IEEN/04C/04C.03/001/2011")) == [4]


def test_facets_exact_counts(loaded):
    facets = find(loaded).facets
    serie = {f.value: (f.count, f.label) for f in facets["serie"]}
    assert serie == {
        "6C.12": (6, "Adquisiciones"),
        "4C.3": (1, "Nómina"),
        "4C.3.1": (1, "Expedientes de personal"),
    }
    assert {f.value: f.count for f in facets["unidad"]} == {"da": 6, "dj": 1, "oic": 1}
    assert {f.value: f.count for f in facets["etapa"]} == {
        "tramite": 5, "concentracion": 1, "baja": 1, "historico": 1,
    }  # fmt: skip
    assert {f.value: f.count for f in facets["acceso"]} == {
        "publica": 6,
        "reservada": 1,
        "confidencial": 1,
    }
    assert [(f.value, f.count) for f in facets["anio"]] == [
        ("2014", 1), ("2013", 1), ("2012", 1), ("2011", 1), ("2010", 1), ("2009", 1),
        ("2008", 1), ("2005", 1),
    ]  # fmt: skip


def test_sort_by_date_and_pagination_is_stable(backend):
    # Same text, same score: ties must be broken by id, across pages.
    backend.index([make_doc(i, titulo="Contrato de servicio") for i in range(40, 0, -1)])
    pages = [ids(find(backend, "contrato", page=p, per_page=7)) for p in range(1, 7)]
    flat = [i for page in pages for i in page]
    assert flat == list(range(1, 41))
    by_date = ids(find(backend, sort="date_desc", per_page=5))
    assert by_date == [1, 2, 3, 4, 5]  # same date: id order


def test_concurrent_searches_while_writing(loaded):
    # The service calls backend.search from several request threads at once while
    # the drainer writes: every answer must be complete and consistent.
    import threading

    errors, totals = [], set()
    before = find(loaded, "contrato").total

    def reader(audience):
        try:
            for _ in range(30):
                result = find(loaded, "contrato", audience=audience)
                assert len(result.hits) == result.total <= 20
                assert sum(f.count for f in result.facets["etapa"]) == result.total
                totals.add(result.total)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=reader, args=(a,)) for a in ("public", "staff") * 2]
    for t in threads:
        t.start()
    for i in range(100, 110):
        loaded.index([make_doc(i, titulo=f"Contrato de servicios {i}")])
    for t in threads:
        t.join()
    assert errors == []
    assert find(loaded, "contrato").total == before + 10
    assert totals <= set(range(before, before + 11))  # never a half-applied state


def test_prefix_expands_over_words_not_bigrams(loaded):
    from archivo.search.query import parse
    from archivo.search.whoosh_query import compile_query

    query = compile_query(parse("licit*").root, "staff")
    reader = loaded.refresh().reader()
    expanded = {t for sub in query.subqueries for t in sub._btexts(reader)}
    assert expanded == {b"licit"}  # not `licit_public`, `licit_obras`...


@pytest.mark.parametrize(
    "text",
    ["licitación", "contrato obra", '"obras del edificio"', "licit*", "papelería OR vehículos",
     "licitación -papelería", "NOT licitación", "4C.3", "ieen/4C/4C.3/1/2011", "", "zzz"],
)  # fmt: skip
def test_numpy_matching_equals_whoosh(loaded, text):
    from archivo.search.query import parse
    from archivo.search.whoosh_match import matching_docs
    from archivo.search.whoosh_query import compile_query

    # Several segments and a deletion, as after a day of outbox drains.
    loaded.index([make_doc(20, titulo="Contrato de obra pública")])
    loaded.delete([3])
    for audience in ("public", "staff"):
        query = compile_query(parse(text).root, audience)
        searcher = loaded.refresh()
        assert len(searcher.reader().leaf_readers()) > 1
        got = matching_docs(searcher, query, loaded._table.live).tolist()
        live = loaded._table.live
        if query is None:
            expected = np.flatnonzero(live).tolist()
        else:  # Whoosh's Not also yields deleted documents: we drop them
            expected = sorted(d for d in searcher.docs_for_query(query) if live[d])
        assert got == expected, (text, audience)


def test_deleted_documents_never_match_a_negation(loaded):
    loaded.index([make_doc(20, titulo="Contrato de obra pública")])
    loaded.delete([7])
    result = find(loaded, "NOT licitación", per_page=50)
    assert 7 not in ids(result) and result.total == len(ids(result)) == 5


@pytest.mark.parametrize(
    "text",
    ["licitación", "contrato obra", '"obras del edificio"', "licitación OR nómina",
     "licitación -papelería", "4C.3", "obra licit*", "ieen/4C/4C.3/1/2011", "consejo"],
)  # fmt: skip
def test_numpy_ranking_equals_whoosh_bm25(loaded, text):
    from archivo.search.query import parse
    from archivo.search.whoosh_query import TieBreakCollector, compile_query
    from archivo.search.whoosh_rank import scored_docs, top_k

    loaded.index([make_doc(20, titulo="Contrato de obra: licitación de obras")])
    loaded.delete([2])
    for audience in ("public", "staff"):
        query = compile_query(parse(text).root, audience)
        searcher = loaded.refresh()
        table = loaded._table
        scored = scored_docs(searcher, query, table)
        if "*" in text:  # Whoosh scores prefixes its own way: left to its collector
            assert scored is None and find(loaded, text, audience=audience).total > 0
            continue
        scores, matched = scored
        got = top_k(np.flatnonzero(matched & table.live), scores, table.rank, 50)
        reference = TieBreakCollector(50, table.rank)
        searcher.search_with_collector(query, reference)
        expected = reference.ranked()
        assert [d for _s, d in got] == [d for _s, d in expected], (text, audience)
        assert [s for s, _d in got] == pytest.approx([s for s, _d in expected])
