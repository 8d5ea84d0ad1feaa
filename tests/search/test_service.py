"""The search service with database data: audiences per role, filters, facets, bad input."""

import pytest
from marshmallow import ValidationError

from archivo.errors import Forbidden, NotFound
from archivo.search import service
from tests.search import db_corpus

# Fixtures shared with the other database-backed search tests.
corpus, index = db_corpus.corpus, db_corpus.index


def ids(result):
    return {h.id for h in result.hits}


def run(actor, **params):
    params.setdefault("per_page", 50)
    return service.search(actor, params)[0]


@pytest.fixture
def people(corpus):
    u = corpus["users"]
    return {
        "anonimo": None,
        "admin": corpus["ctx"]["actor"],
        "auditor": u["auditor"],
        "gi": u["gi1"],
        "tramite": u["tramite"],
    }


def test_anonymous_sees_public_fields_only(corpus, people):
    k = corpus["ids"]
    hits = {h.id: h for h in run(None).hits}
    assert set(hits) == set(k.values())  # existence of every file is public
    assert "descripcion" not in hits[k["auditoria"]].fields
    assert hits[k["auditoria"]].fields["fundamento"] == "Artículo 113 fracción VI LGTAIP"
    assert "titulo" not in hits[k["personal"]].fields
    assert "holds" not in hits[k["nomina"]].fields
    assert run(None, q="sobreprecio").total == 0  # reservada description
    assert run(None, q="Pérez").total == 0  # confidencial title
    assert run(None, q="Pacífico").total == 0  # attached text is never public


@pytest.mark.parametrize("who", ["admin", "auditor", "tramite"])
def test_staff_with_read_confidential_search_everything(corpus, people, who):
    k = corpus["ids"]
    actor = people[who]
    assert ids(run(actor, q="sobreprecio")) == {k["auditoria"]}
    assert ids(run(actor, q="Pérez")) == {k["personal"]}
    hit = run(actor, q="Pacífico").hits[0]
    assert hit.id == k["licitacion"] and "<mark>Pacífico</mark>" in hit.highlights["documentos"]
    held = {h.id: h for h in run(actor).hits}
    assert held[k["auditoria"]].fields["holds"] == ["auditoria"]
    assert held[k["nomina"]].fields["en_congelamiento"] is True


def test_grupo_interdisciplinario_cannot_probe_confidential_words(corpus, people):
    gi = people["gi"]
    assert service.audience(gi) == "public"
    assert run(gi, q="Pérez").total == 0
    assert run(gi, q="médicos").total == 0


def test_public_flag_forces_public_fields_even_for_staff(corpus, people):
    result, _ = service.search(people["admin"], {"q": "sobreprecio"}, public=True)
    assert result.total == 0


def test_tombstone_found_with_acta_and_dictamen(corpus):
    k, baja = corpus["ids"], corpus["baja"]
    # "DB/045/2025" looks like an expediente key; no key matches, so it is searched as words.
    for q in ("arrendamiento bodegas", baja.acta_folio, "DB 045 2025", "DB/045/2025"):
        hits = {h.id: h for h in run(None, q=q).hits}
        assert k["arrendamiento"] in hits, q
    fields = hits[k["arrendamiento"]].fields
    assert (fields["etapa"], fields["acta_baja"], fields["dictamen_baja"]) == (
        "baja",
        baja.acta_folio,
        "DB/045/2025",
    )
    page = service.public_expediente(k["arrendamiento"])
    assert page["baja"]["acta"]["folio"] == baja.acta_folio
    assert page["baja"]["fundamento"] == "Art. 4 LGA"


def test_public_expediente_page_data_by_access(corpus):
    k = corpus["ids"]
    assert "titulo" not in service.public_expediente(k["personal"])
    reservada = service.public_expediente(k["auditoria"])
    assert "descripcion" not in reservada and reservada["reserva_fin"].year == 2024
    with pytest.raises(NotFound):
        service.public_expediente(10**9)


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"serie": "4C.4"}, {"papeleria", "nomina"}),
        ({"serie": "04C.04"}, {"papeleria", "nomina"}),  # zero-padded code is the same serie
        (
            {"seccion": "4C"},
            {"licitacion", "papeleria", "auditoria", "personal", "arrendamiento", "nomina"},
        ),
        ({"unidad": "DJ"}, {"papeleria", "auditoria"}),
        ({"etapa": "concentracion"}, {"papeleria"}),
        ({"etapa": "baja"}, {"arrendamiento"}),
        ({"acceso": "reservada"}, {"auditoria"}),
        ({"acceso": "confidencial"}, {"personal"}),
        ({"anio_desde": "2015", "anio_hasta": "2016"}, {"licitacion", "nomina"}),
        ({"anio_desde": "2019"}, {"papeleria", "auditoria"}),
        (
            {"fecha_desde": "2009-01-01", "fecha_hasta": "2012-12-31"},
            {"arrendamiento", "personal"},
        ),  # overlap of [apertura, cierre]
        ({"q": "licitaciones"}, {"licitacion"}),  # stem and accent folding
        ({"q": "vehiculos -licitación"}, set()),
        ({"q": '"segunda quincena"'}, {"nomina"}),
        ({"q": "papel*"}, {"papeleria"}),
    ],
)
def test_every_filter_through_the_service(corpus, people, params, expected):
    k = corpus["ids"]
    assert ids(run(people["admin"], **params)) == {k[name] for name in expected}


def test_facets_count_the_whole_result(corpus, people):
    facets = run(people["admin"], per_page=1).facets
    count = {name: {b.value: b.count for b in buckets} for name, buckets in facets.items()}
    assert count["unidad"] == {"da": 4, "dj": 2}  # values folded, labels as entered
    assert count["serie"] == {"4C.3": 4, "4C.4": 2}
    assert count["etapa"] == {"tramite": 4, "concentracion": 1, "baja": 1}
    assert count["acceso"] == {"publica": 4, "reservada": 1, "confidencial": 1}
    assert count["anio"] == {"2008": 1, "2012": 1, "2015": 1, "2016": 1, "2019": 2}
    labels = {b.value: str(b.label) for b in facets["etapa"] + facets["unidad"]}
    assert labels["concentracion"] == "Concentración"
    assert labels["dj"] == "Dirección Jurídica"


def test_sort_and_paging_are_stable(corpus, people):
    admin = people["admin"]
    newest = [h.id for h in run(admin, sort="date_desc").hits]
    assert newest[-1] == corpus["ids"]["arrendamiento"]
    pages = [h.id for p in (1, 2, 3) for h in run(admin, sort="date_desc", per_page=2, page=p).hits]
    assert pages == newest


@pytest.mark.parametrize(
    "params, field",
    [
        ({"anio_desde": "abc"}, "anio_desde"),
        ({"anio_desde": "1200"}, "anio_desde"),
        ({"anio_desde": "2020", "anio_hasta": "2010"}, "anio_desde"),
        ({"fecha_desde": "2020-13-01"}, "fecha_desde"),
        ({"fecha_desde": "2020-02-01", "fecha_hasta": "2020-01-01"}, "fecha_desde"),
        ({"etapa": "archivada"}, "etapa"),
        ({"sort": "titulo"}, "sort"),
        ({"per_page": "1000"}, "per_page"),
        ({"page": "0"}, "page"),
        ({"page": "9999"}, "page"),
        ({"campo": "x"}, "campo"),
    ],
)
def test_bad_input_is_a_field_error(corpus, people, params, field):
    with pytest.raises(ValidationError) as err:
        service.search(people["admin"], params)
    assert field in err.value.normalized_messages()


@pytest.mark.parametrize(
    "q",
    [
        "",
        "*",
        "de la el",
        '"sin cerrar',
        "((licitación",
        "licitación)",
        "x" * 10_000,
        "serie:",
        "AND OR NOT",
        "licitación " * 2000,
    ],
)
def test_odd_queries_give_sensible_answers(corpus, people, q):
    result = run(people["admin"], q=q)
    assert result.total >= 0 and result.page == 1


def test_spelling_suggestion(corpus, people):
    assert run(people["admin"], q="licitasion").suggestion == "licitacion"


def test_only_administrators_rebuild_the_index(corpus, people):
    service.require_admin(people["admin"])
    for who in ("auditor", "anonimo"):
        with pytest.raises(Forbidden):
            service.require_admin(people[who])


def test_backend_selection(app, monkeypatch):
    dialect = app.extensions["archivo.engine"].dialect.name
    monkeypatch.setitem(app.config, "SEARCH_BACKEND", "auto")
    assert service.backend_name(app) == ("postgres" if dialect == "postgresql" else "whoosh")
    monkeypatch.setitem(app.config, "SEARCH_BACKEND", "whoosh")
    assert service.backend_name(app) == "whoosh"
    monkeypatch.setitem(app.config, "SEARCH_BACKEND", "elastic")
    with pytest.raises(RuntimeError, match="ARCHIVO_SEARCH_BACKEND"):
        service.backend_name(app)


def test_when_no_expediente_has_every_word_those_with_some_are_shown(corpus, people):
    k = corpus["ids"]
    result = run(people["admin"], q="licitación vehículos zanahoria")
    assert result.any_words and k["licitacion"] in ids(result)
    assert ids(result) == ids(run(people["admin"], q="licitación OR vehículos OR zanahoria"))
    # Every word found together: no fallback; operators say what they mean.
    assert not run(people["admin"], q="licitación vehículos").any_words
    assert run(people["admin"], q="licitación AND zanahoria").total == 0


def test_text_with_nothing_to_search_says_so(corpus, people):
    result = run(None, q="de la ¿?")
    assert result.text_ignored and result.total == run(None).total
    assert not run(None).text_ignored and not run(None, q="licitación").text_ignored
