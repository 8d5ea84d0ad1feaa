"""PostgreSQL backend specifics: stored vectors, word counts, schema, SQL shape."""

import re
import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import create_engine, event, inspect, select, text
from sqlalchemy.engine import Engine

from archivo.search import pg_schema
from archivo.search.analysis import analyze
from archivo.search.backend import SearchQuery
from archivo.search.pg_backend import PostgresBackend
from archivo.search.pg_query import compile_tsquery, filter_terms
from archivo.search.pg_spelling import levenshtein
from archivo.search.query import parse

from .conftest import DOCS, make_doc

# --- pure: rows and tsqueries (no database) -------------------------------------------


def lexemes(literal: str) -> dict[str, list[str]]:
    """{lexeme: ["4A", "9B"]} from a tsvector literal."""
    return {
        m.group(1).replace("''", "'"): m.group(2).split(",")
        for m in re.finditer(r"'((?:[^']|'')*)':(\S+)", literal)
    }


def vectors(doc, *names):
    literals = pg_schema.tsvectors(doc)
    return [literals[name] for name in names]


def weights(vector: dict, lexeme: str) -> set[str]:
    return {pos[-1] for pos in vector[lexeme]}


def test_vectors_weight_titles_and_codes_a_body_b_attachments_c():
    pub, staff = map(lexemes, vectors(DOCS[7], "pub", "staff"))  # "Decisión del consejo..."
    assert weights(pub, "consej") == {"A"} and weights(staff, "consej") == {"A", "C"}
    for vector in (pub, staff):
        assert weights(vector, "decision") == {"A", "B"}  # title and description
        assert weights(vector, "#c:6C.12") == weights(vector, "#c:6C") == {"A"}
        assert weights(vector, "#k:IEEN/6C/6C.12/8/2008") == {"A"}
        assert weights(vector, "acuerd") == {"B"}
    assert weights(staff, "infraestructur") == {"C"} and "infraestructur" not in pub


def test_public_vector_holds_only_public_text():
    pub, staff = map(lexemes, vectors(DOCS[5], "pub", "staff"))  # reservada, other title
    hidden = analyze("sobreprecio limpieza")
    assert set(hidden) <= set(staff) and not set(hidden) & set(pub)
    assert set(analyze("Auditoría a contratos de servicios")) <= set(pub)
    (pub,) = map(lexemes, vectors(DOCS[4], "pub"))  # confidencial
    assert "perez" not in pub and "#a:confidencial" in pub


def test_texts_are_separated_so_phrases_stay_inside_one():
    vec = pg_schema._Vector()
    vec.add_text("obra\npública", "B")
    assert vec.literal() == "'obra':1B 'public':4B"


def test_positions_are_capped_for_huge_attachments():
    doc = make_doc(1, documentos_texto="palabra " * 20_000 + "final")
    assert f"'final':{pg_schema.MAX_POSITION}C" in pg_schema.tsvectors(doc)["staff"]


def test_lexemes_are_quoted():
    assert pg_schema.quote_lexeme("o'b\\") == "'o''b\\\\'"
    assert compile_tsquery(parse("clave:a'b").root) == "'#k:A''B'"


def test_tsquery_compilation():
    assert compile_tsquery(parse('"obra pública" OR licit* -papel').root) == (
        "(('obra' <-> 'public') | ('licit':* & !'papel'))"
    )
    assert compile_tsquery(parse("titulo:contrato").root) == "'contrat':A"
    assert compile_tsquery(parse("serie:04C.03").root) == "'#c:4C.3'"
    assert compile_tsquery(parse("de la").root) is None


def test_levenshtein_with_limit():
    assert levenshtein("licitasion", "licitacion", 2) == 1
    assert levenshtein("obra", "obras", 2) == 1
    assert levenshtein("abc", "xyz", 1) == 2  # gave up past the limit
    assert levenshtein("a", "abcd", 2) == 3


def test_create_schema_is_a_no_op_elsewhere_and_needs_postgres():
    engine = create_engine("sqlite://")
    with engine.begin() as conn:
        pg_schema.create_schema(conn)
    assert inspect(engine).get_table_names() == []
    try:
        PostgresBackend(engine)
    except ValueError:
        pass
    else:
        raise AssertionError("PostgresBackend accepted a SQLite engine")


# --- on PostgreSQL --------------------------------------------------------------------


RECOUNT = "SELECT w, count(*) FROM search_documents, unnest(spell) AS w GROUP BY w"


def word_counts(backend):
    with backend.engine.connect() as conn:
        return dict(conn.execute(select(pg_schema.words.c.word, pg_schema.words.c.ndoc)).all())


def test_schema_is_created_lazily_and_idempotently(pg_backend):
    with pg_backend.engine.begin() as conn:
        conn.execute(text("DROP TABLE search_documents, search_payloads, search_words"))
        pg_schema.create_schema(conn)
        pg_schema.create_schema(conn)
    fresh = PostgresBackend(pg_backend.engine)
    assert fresh.index(DOCS) == len(DOCS) and fresh.doc_count() == len(DOCS)
    names = {ix["name"] for ix in inspect(pg_backend.engine).get_indexes("search_documents")}
    assert {"search_documents_pub_gin", "search_documents_staff_gin"} <= names


def test_title_field_narrows_to_titles(pg_backend):
    pg_backend.index(DOCS)
    found = pg_backend.search(SearchQuery(text="titulo:obras", per_page=50))
    assert sorted(h.id for h in found.hits) == [1, 8]  # not the sección name "obra pública"


def test_same_id_twice_in_one_batch_keeps_the_last(pg_backend):
    pg_backend.index([make_doc(1, titulo="Primero"), make_doc(1, titulo="Segundo")])
    assert pg_backend.doc_count() == 1
    assert [h.id for h in pg_backend.search(SearchQuery(text="segundo")).hits] == [1]


def test_word_counts_follow_updates_and_deletes(pg_backend):
    pg_backend.index([make_doc(1, titulo="Oficio de obra"), make_doc(2, titulo="Oficio")])
    assert word_counts(pg_backend) == {"oficio": 2, "obra": 1}
    pg_backend.index([make_doc(1, titulo="Acta de obra")])
    assert word_counts(pg_backend) == {"oficio": 1, "obra": 1, "acta": 1}
    pg_backend.delete([1, 2, 3])
    assert word_counts(pg_backend) == {}


def test_confidencial_titles_never_reach_the_word_list(pg_backend):
    pg_backend.index(DOCS)
    assert "perez" not in word_counts(pg_backend)
    assert "licitacion" in word_counts(pg_backend)


def _statements_by_connection(backend, query: SearchQuery) -> dict[int, list[str]]:
    """SQL of one search, grouped by the DBAPI connection that ran it (any engine)."""
    by_conn = {}

    def record(conn, _cursor, statement, *_args):
        by_conn.setdefault(id(conn.connection.dbapi_connection), []).append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        backend.search(query)
    finally:
        event.remove(Engine, "before_cursor_execute", record)
    return by_conn


def test_facets_are_counted_beside_the_ranked_page(pg_backend):
    pg_backend.index(DOCS)
    by_conn = _statements_by_connection(pg_backend, SearchQuery(text="licitación"))
    assert len(by_conn) == 2
    for statements in by_conn.values():
        # Each connection tunes its transaction first: no JIT, no parallel workers.
        assert statements[0].startswith("SELECT set_config('jit', 'off', true)")
        assert "set_config('max_parallel_workers_per_gather', '0'" in statements[0]
    counting, ranking = sorted(by_conn.values(), key=lambda sts: "ts_rank" in " ".join(sts))
    # The total and every facet in one GROUPING SETS statement that does not rank; the
    # page in one ranked top-N statement on the other connection.
    assert [s for s in counting if "GROUPING SETS" in s.upper() and "ts_rank" not in s]
    assert [s for s in ranking if "ts_rank" in s and "LIMIT" in s]
    assert not any("GROUPING SETS" in s.upper() for s in ranking)


def test_without_side_connections_one_connection_does_both(pg_backend):
    pg_backend.index(DOCS)
    serial = PostgresBackend(pg_backend.engine, count_beside=0)
    serial.doc_count()  # its first use checks the schema, on a connection of its own
    by_conn = _statements_by_connection(serial, SearchQuery(text="licitación"))
    assert len(by_conn) == 1
    (statements,) = by_conn.values()
    assert any("GROUPING SETS" in s.upper() for s in statements)
    result = serial.search(SearchQuery(text="licitación", per_page=2))
    assert result.total == 3 and len(result.hits) == 2


def test_concurrent_searches_beyond_the_side_slots_answer_the_same(pg_backend):
    # 6 threads, 2 side slots: the searches that find no free slot count on their own
    # connection, and every answer is the one a lone search gives.
    pg_backend.index(DOCS)
    query = SearchQuery(text="licitación")
    expected = PostgresBackend(pg_backend.engine, count_beside=0).search(query)

    def answer(_):
        r = pg_backend.search(query)
        return r.total, [h.id for h in r.hits], r.facets

    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(answer, range(30)))
    assert answers == [(expected.total, [h.id for h in expected.hits], expected.facets)] * 30


def test_without_facets_one_scan_still_counts_and_pages(pg_backend):
    pg_backend.index(DOCS)
    result = pg_backend.search(SearchQuery(text="licitación", facets=False, per_page=2))
    assert result.total == 3 and len(result.hits) == 2 and result.facets == {}


def test_a_renamed_serie_counts_once_under_one_label(pg_backend):
    pg_backend.index([make_doc(1), make_doc(2, serie_nombre="Compras"), make_doc(3)])
    facets = pg_backend.search(SearchQuery()).facets
    assert [(f.value, f.count, f.label) for f in facets["serie"]] == [("6C.12", 3, "Adquisiciones")]


def test_create_schema_adds_indexes_missing_from_older_tables(pg_backend):
    with pg_backend.engine.begin() as conn:
        pg_schema.create_schema(conn)
        conn.execute(text("DROP INDEX search_documents_serie_nombre"))
        pg_schema.create_schema(conn)
    names = {ix["name"] for ix in inspect(pg_backend.engine).get_indexes("search_documents")}
    assert names == {index.name for index in pg_schema.documents.indexes}


def test_huge_attachment_is_indexed(pg_backend):
    text_ = " ".join(f"palabra{i % 5000}" for i in range(120_000)) + " hallazgo"
    pg_backend.index([make_doc(1, documentos_texto=text_)])
    assert pg_backend.search(SearchQuery(text="hallazgo")).total == 1
    assert pg_backend.search(SearchQuery(text="palabra4999")).total == 1


def test_ranking_weighs_titles_then_frequency(pg_backend):
    pg_backend.index([
        make_doc(1, titulo="Oficio", descripcion="auditoría auditoría auditoría auditoría"),
        make_doc(2, titulo="Oficio", descripcion="auditoría"),
        make_doc(3, titulo="Auditoría externa"),
    ])  # fmt: skip
    assert [h.id for h in pg_backend.search(SearchQuery(text="auditoría")).hits] == [3, 1, 2]


def test_concurrent_writers_keep_word_counts_exact(pg_backend):
    # Two app servers updating the same expedientes at once: without the write lock
    # both read the same old words and the counts drift.
    def write(title):
        other = PostgresBackend(pg_backend.engine)
        for _ in range(15):
            other.index([make_doc(i, titulo=title) for i in range(1, 11)])

    threads = [
        threading.Thread(target=write, args=(title,))
        for title in ("Oficio de obra", "Acta de inventario")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with pg_backend.engine.connect() as conn:
        recount = dict(conn.execute(text(RECOUNT)).all())
    assert word_counts(pg_backend) == recount and sum(recount.values()) == 20


def test_filters_become_index_terms():
    query = SearchQuery(serie="04C.03", unidad=" DJ ", etapa="baja", anio_desde=2008,
                        anio_hasta=2010)  # fmt: skip
    assert filter_terms(query) == [
        "'#c:4C.3'", "'#u:dj'", "'#e:baja'", "('#y:2008' | '#y:2009' | '#y:2010')",
    ]  # fmt: skip
    # Open or very long year ranges, and blank values, stay SQL-only.
    assert filter_terms(SearchQuery(anio_desde=1900, anio_hasta=2020, unidad="  ")) == []
