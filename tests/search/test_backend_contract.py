"""What every search backend must do, run on each of them (see conftest.any_backend)."""

from datetime import date

import pytest

from archivo.search.backend import SearchBackend, SearchQuery, SearchQueryError

from .conftest import DOCS, make_doc


def ids(result):
    return [h.id for h in result.hits]


def find(backend, text="", **kw):
    return backend.search(SearchQuery(text=text, **kw))


def found(backend, text="", **kw):
    return sorted(ids(find(backend, text, per_page=50, **kw)))


def test_is_a_search_backend(any_backend):
    assert isinstance(any_backend, SearchBackend)


def test_empty_index(any_backend):
    result = find(any_backend, "contrato")
    assert (result.total, result.hits, any_backend.doc_count()) == (0, [], 0)
    assert find(any_backend).facets["serie"] == []


# --- analysis ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["licitación", "licitacion", "licitaciones", "LICITACIÓN", "Licitaciónes"]
)
def test_accents_case_and_plurals(any_loaded, text):
    assert found(any_loaded, text) == [1, 2, 3]


@pytest.mark.parametrize(
    "text,expected",
    [("contrato", [1, 6, 7]), ("contratos", [1, 6, 7]), ("decision", [8]), ("decisiones", [8])],
)
def test_stems(any_loaded, text, expected):
    assert found(any_loaded, text) == expected


@pytest.mark.parametrize("text", ["4C.3", "04C.03", "serie:4C.03", "codigo:04c.3"])
def test_codes_padded_or_not_find_the_serie_and_subseries(any_loaded, text):
    assert found(any_loaded, text) == [4, 5]


def test_section_code_and_key_lookup(any_loaded):
    assert found(any_loaded, "seccion:04C") == [4, 5]
    assert ids(find(any_loaded, "ieen/4C/4C.3/1/2011")) == [4]
    assert ids(find(any_loaded, "IEEN/04C/04C.03/001/2011")) == [4]
    assert ids(find(any_loaded, "clave:IEEN/04C/04C.03/001/2011")) == [4]


def test_field_terms(any_loaded):
    assert found(any_loaded, "unidad:DJ") == [3]
    assert found(any_loaded, "etapa:baja") == [7]
    assert found(any_loaded, "acceso:reservada") == [6]
    assert found(any_loaded, "anio:2014") == [8]
    # The word "baja" is not the stage: no text mentions it.
    assert found(any_loaded, "baja") == []


def test_a_year_typed_with_words_also_matches_the_opening_year(any_loaded):
    # Titles seldom repeat their year: "decisión 2014" is the 2014 expediente on decisions.
    assert found(any_loaded, "decisión 2014") == [8]
    assert found(any_loaded, "licitación 2010") == [3]
    assert found(any_loaded, "licitación 2014") == []


# --- boolean, phrase, prefix ---------------------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        ("papelería OR vehículos", [2, 3]),
        ("papelería O vehículos", [2, 3]),
        ("licitación NOT papelería", [1, 3]),
        ("licitación -papelería", [1, 3]),
        ("licitación NO papelería", [1, 3]),
        ("licitación Y papelería", [2]),
        ("(papelería OR vehículos) AND compra", [2]),
        ("obras decisión", [8]),
        ('"obras del edificio"', [1]),
        ('"Obras del Edificio"', [1]),
        ('"edificio obras"', []),
        ('"licitación pública"', [1]),
        ("licit*", [1, 2, 3]),
        ("licitaci*", [1, 2, 3]),
        ("vehic* OR papel*", [2, 3]),
        ("licit* -vehículos", [1, 2]),
        ("NOT licitación", [4, 5, 6, 7, 8]),
        ("-licit*", [4, 5, 6, 7, 8]),
    ],
)
def test_boolean_phrase_prefix(any_loaded, text, expected):
    assert found(any_loaded, text) == expected


def test_text_fields(any_loaded):
    # Whoosh reads `titulo:` as any text (titles share a field with bodies), the
    # PostgreSQL backend as titles only (test_pg_backend): both find title words.
    assert found(any_loaded, "titulo:licitaciones") == [1, 2, 3]
    assert found(any_loaded, "descripcion:estimaciones") == [1]
    assert found(any_loaded, 'asunto:"edificio central"') == [1]


def test_attached_text_is_searched_for_staff_only(any_loaded):
    assert ids(find(any_loaded, "infraestructura")) == [8]
    assert ids(find(any_loaded, "infraestructura", audience="public")) == []


# --- filters and facets --------------------------------------------------------------


@pytest.mark.parametrize(
    "filters,expected",
    [
        ({"serie": "6C.12"}, [1, 2, 3, 6, 7, 8]),
        ({"serie": "4C.3"}, [4, 5]),  # includes the subserie 4C.3.1
        ({"serie": "04C.03.01"}, [5]),
        ({"serie": "04C"}, [4, 5]),  # a sección code takes in its series
        ({"serie": "6C.1"}, []),  # 6C.12 is not a child of 6C.1
        ({"seccion": "4C"}, [4, 5]),
        ({"seccion": "06C"}, [1, 2, 3, 6, 7, 8]),
        ({"unidad": "dj"}, [3]),
        ({"unidad": " OIC "}, [6]),
        ({"etapa": "concentracion"}, [2]),
        ({"etapa": "baja"}, [7]),
        ({"acceso": "reservada"}, [6]),
        ({"acceso": "confidencial"}, [5]),
        ({"anio_desde": 2011}, [4, 5, 6, 8]),
        ({"anio_hasta": 2009}, [1, 2, 7]),
        ({"anio_desde": 2009, "anio_hasta": 2010}, [2, 3]),
        ({"fecha_desde": date(2008, 6, 1), "fecha_hasta": date(2008, 7, 1)}, [1]),
        ({"fecha_hasta": date(2006, 1, 1)}, [7]),
        ({"fecha_desde": date(2014, 1, 1)}, [2, 3, 4, 5, 6, 8]),  # open files reach today
        ({"serie": "6C.12", "etapa": "tramite", "unidad": "DA"}, [1]),
    ],
)
def test_filters(any_loaded, filters, expected):
    assert found(any_loaded, **filters) == expected


def test_filters_combine_with_text(any_loaded):
    assert ids(find(any_loaded, "licitación", unidad="DJ")) == [3]
    assert ids(find(any_loaded, "licitación", anio_desde=2009, etapa="tramite")) == [3]


def counts(facet):
    return {f.value: f.count for f in facet}


def test_every_facet_with_exact_counts_and_labels(any_loaded):
    facets = find(any_loaded).facets
    assert [(f.value, f.count, f.label) for f in facets["serie"]] == [
        ("6C.12", 6, "Adquisiciones"),
        ("4C.3", 1, "Nómina"),
        ("4C.3.1", 1, "Expedientes de personal"),
    ]
    assert [(f.value, f.count, f.label) for f in facets["unidad"]] == [
        ("da", 6, "Dirección de Administración"),
        ("dj", 1, "Dirección Jurídica"),
        ("oic", 1, "Órgano Interno de Control"),
    ]
    assert [(f.value, f.count) for f in facets["etapa"]] == [
        ("tramite", 5), ("baja", 1), ("concentracion", 1), ("historico", 1),
    ]  # fmt: skip
    assert [(f.value, f.count) for f in facets["acceso"]] == [
        ("publica", 6), ("confidencial", 1), ("reservada", 1),
    ]  # fmt: skip
    assert [f.value for f in facets["anio"]] == [
        "2014", "2013", "2012", "2011", "2010", "2009", "2008", "2005",
    ]  # fmt: skip
    assert set(counts(facets["anio"]).values()) == {1}


def test_facets_follow_query_and_filters(any_loaded):
    facets = find(any_loaded, "licitación", etapa="tramite").facets
    assert counts(facets["unidad"]) == {"da": 1, "dj": 1}
    assert counts(facets["etapa"]) == {"tramite": 2}
    assert counts(facets["anio"]) == {"2008": 1, "2010": 1}


def test_facets_can_be_skipped(any_loaded):
    result = find(any_loaded, "licitación", facets=False)
    assert result.total == 3 and result.facets == {}


def test_documents_without_year_or_unit_have_no_empty_bucket(any_backend):
    any_backend.index([make_doc(1, fecha_apertura=None, unidad_clave="", unidad_nombre="")])
    facets = find(any_backend).facets
    assert facets["anio"] == [] and facets["unidad"] == []
    assert find(any_backend).total == 1


# --- ranking, sorting, paging --------------------------------------------------------


def test_title_match_ranks_above_description_match(any_backend):
    any_backend.index([
        make_doc(1, titulo="Oficios varios", descripcion="Incluye una auditoría menor"),
        make_doc(2, titulo="Auditoría financiera", descripcion="Oficios varios"),
    ])  # fmt: skip
    assert ids(find(any_backend, "auditoría")) == [2, 1]


def test_sort_by_date(any_loaded):
    assert ids(find(any_loaded, "licitación", sort="date_desc")) == [3, 2, 1]
    assert ids(find(any_loaded, "licitación", sort="date_asc")) == [1, 2, 3]
    assert ids(find(any_loaded, sort="date_asc", per_page=3)) == [7, 1, 2]


def test_paging_is_stable_for_equal_scores_and_dates(any_backend):
    any_backend.index([make_doc(i, titulo="Contrato de servicio") for i in range(40, 0, -1)])
    pages = [find(any_backend, "contrato", page=p, per_page=7) for p in range(1, 7)]
    assert [i for page in pages for i in ids(page)] == list(range(1, 41))
    assert {(p.total, p.pages) for p in pages} == {(40, 6)}
    for sort in ("date_desc", "date_asc"):
        pages = [ids(find(any_backend, sort=sort, page=p, per_page=9)) for p in range(1, 6)]
        assert [i for page in pages for i in page] == list(range(1, 41))


def test_page_past_the_end_is_empty(any_loaded):
    result = find(any_loaded, "licitación", page=5, per_page=2)
    assert result.hits == [] and result.total == 3


# --- highlights and suggestions ------------------------------------------------------


def test_highlights_mark_analysed_matches_and_escape(any_backend):
    any_backend.index([make_doc(1, titulo="Licitación <b>urgente</b> & licitaciones")])
    hit = find(any_backend, "licitaciones").hits[0]
    assert hit.highlights["titulo"] == (
        "<mark>Licitación</mark> &lt;b&gt;urgente&lt;/b&gt; &amp; <mark>licitaciones</mark>"
    )


def test_highlights_of_attached_text_for_staff(any_loaded):
    hit = find(any_loaded, "infraestructura").hits[0]
    assert "<mark>infraestructura</mark>" in hit.highlights["documentos"]
    assert (
        "Decisión" in find(any_loaded, "decisiones", audience="public").hits[0].highlights["titulo"]
    )


def test_did_you_mean(any_loaded):
    result = find(any_loaded, "licitasion", audience="public")
    assert result.total == 0 and result.suggestion == "licitacion"
    assert find(any_loaded, "licitación").suggestion is None


def test_suggestions_never_leak_protected_words(any_loaded):
    # "sobreprecio" lives only in a reservada description.
    assert find(any_loaded, "sobreprecios", audience="public").suggestion is None


# --- writes --------------------------------------------------------------------------


def test_update_and_delete(any_loaded):
    any_loaded.index([make_doc(2, titulo="Compra de tóner")])
    assert ids(find(any_loaded, "papelería")) == []
    assert ids(find(any_loaded, "tóner")) == [2]
    assert any_loaded.delete([2, 999]) == 2
    assert ids(find(any_loaded, "tóner")) == [] and any_loaded.doc_count() == len(DOCS) - 1
    assert any_loaded.delete([]) == 0 and any_loaded.index([]) == 0


def test_rebuild_replaces_everything(any_loaded):
    reported = []
    count = any_loaded.rebuild(
        (make_doc(i, titulo=f"Oficio {i}") for i in range(100, 130)), progress=reported.append
    )
    assert count == 30 and reported[-1] == 30
    assert any_loaded.doc_count() == 30
    assert find(any_loaded, "licitación").total == 0 and find(any_loaded, "oficio").total == 30


# --- bad input -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "kw,field",
    [
        ({"sort": "popular"}, "sort"),
        ({"anio_desde": 1200}, "anio_desde"),
        ({"anio_hasta": 99999}, "anio_hasta"),
        ({"anio_desde": 2010, "anio_hasta": 2001}, "anio_desde"),
        ({"fecha_desde": "2008-13-45"}, "fecha_desde"),
        ({"fecha_desde": date(2010, 1, 1), "fecha_hasta": date(2009, 1, 1)}, "fecha_desde"),
        ({"etapa": "archivada"}, "etapa"),
        ({"acceso": "secreta"}, "acceso"),
        ({"per_page": 0}, "per_page"),
        ({"page": 0}, "page"),
        ({"page": 10_000}, "page"),
        ({"audience": "root"}, "audience"),
    ],
)
def test_invalid_filters_raise(any_loaded, kw, field):
    with pytest.raises(SearchQueryError) as err:
        find(any_loaded, **kw)
    assert err.value.field == field and isinstance(err.value, ValueError)


@pytest.mark.parametrize(
    "text",
    [
        "", "*", "**", '"', '"unbalanced', "(obra OR", "obra))", "((((", "x" * 10_000,
        "palabra " * 3000, "foo:bar", "titulo:", "serie:", "AND", "OR NOT", "-", "\x00\x01",
        "<script>", "obra's", "o'brien\\", "clave:a'b", "año:abc", "a:b:c", "&|!<->",
    ],
)  # fmt: skip
def test_bad_queries_answer(any_loaded, text):
    assert find(any_loaded, text).total >= 0


def test_stopwords_and_wildcards_only_return_everything(any_loaded):
    for text in ("de la los", "*", ""):
        assert find(any_loaded, text).total == len(DOCS)


def test_syntax_errors_fall_back_to_words(any_loaded):
    assert found(any_loaded, '"obras del edificio') == [1]
    assert found(any_loaded, "(licitación OR") == [1, 2, 3]
    assert found(any_loaded, "foo:papelería") == []  # foo AND papelería
    assert found(any_loaded, "area:DJ licitación") == [3]
