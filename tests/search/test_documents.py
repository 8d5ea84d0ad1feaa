"""Building SearchDocuments from the database: fields, holds, text, tombstones, queries."""

import pickle

from sqlalchemy import select

from archivo.db import session_factory
from archivo.search.documents import build_document, iter_documents, split_keywords
from archivo.search.models import SearchOutbox
from tests.search import db_corpus

# Fixtures shared with the other database-backed search tests.
corpus, index = db_corpus.corpus, db_corpus.index


def docs_by_key(db, corpus):
    ids = corpus["ids"]
    built = {d.id: d for d in iter_documents(db, ids.values())}
    return {k: built[i] for k, i in ids.items()}


def test_public_expediente_fields_and_attached_text(db, corpus):
    d = docs_by_key(db, corpus)["licitacion"]
    assert d.clave == corpus["licitacion"].clave
    assert d.titulo == "Licitación pública de vehículos oficiales"
    assert d.palabras_clave == ["flotilla", "vehículos"]
    assert (d.serie_codigo, d.seccion_codigo, d.unidad_clave) == ("4C.3", "4C", "DA")
    assert d.serie_nombre == "Serie 4C.3" and d.seccion_nombre == "Recursos humanos"
    assert d.anio == 2015 and d.etapa == "tramite" and d.acceso == "publica"
    assert "Autos del Pacífico" in d.documentos_texto
    assert d.holds == [] and d.fundamento == "" and d.reserva_fin is None


def test_reservada_carries_the_indice_de_reservados_data(db, corpus):
    d = docs_by_key(db, corpus)["auditoria"]
    assert d.acceso == "reservada"
    assert d.fundamento == "Artículo 113 fracción VI LGTAIP"
    assert (d.reserva_inicio.isoformat(), d.reserva_fin.isoformat()) == ("2019-02-01", "2024-02-01")
    assert d.holds == ["auditoria"]


def test_confidencial_fundamento_and_serie_holds_reach_subject_files(db, corpus):
    docs = docs_by_key(db, corpus)
    assert docs["personal"].fundamento == "Artículo 116 LGTAIP"
    assert docs["nomina"].holds == ["juicio"]  # held through its serie
    assert docs["papeleria"].holds == ["juicio"] and docs["papeleria"].etapa == "concentracion"


def test_tombstone_has_acta_and_dictamen_and_no_destroyed_text(db, corpus):
    d = docs_by_key(db, corpus)["arrendamiento"]
    assert d.etapa == "baja"
    assert d.acta_baja == corpus["baja"].acta_folio and d.dictamen_baja == "DB/045/2025"
    assert d.fecha_baja == corpus["baja"].acta_fecha
    assert d.documentos_texto == ""


def test_full_scan_streams_in_chunks_with_constant_queries(db, corpus, count_queries):
    expected = sorted(corpus["ids"].values())
    counts = {}
    for chunk in (2, 100):
        session = session_factory()  # the scan expunges its session as it goes
        count_queries["n"] = 0
        built = [d.id for d in iter_documents(session, chunk=chunk)]
        counts[chunk] = count_queries["n"]
        session.close()
        assert [i for i in built if i in expected] == expected
    # Queries grow with chunks, never with rows: 6 expedientes in 3 chunks instead of
    # 1 cost exactly two more rounds of the 4 queries (expedientes, holds, text, bajas).
    assert counts[2] - counts[100] == 2 * 4


def test_documents_survive_the_trip_to_the_writer_processes(db, corpus):
    # A rebuild pickles every document for its writer processes (SearchDocument.__reduce__
    # sends dates as numbers): what arrives must equal what left.
    docs = list(docs_by_key(db, corpus).values())
    assert [pickle.loads(pickle.dumps(d, pickle.HIGHEST_PROTOCOL)) for d in docs] == docs  # noqa: S301
    assert all(d.updated_at.tzinfo is not None for d in docs)
    assert any(d.fecha_baja for d in docs) and any(d.reserva_fin for d in docs)


def test_missing_ids_are_skipped(db, corpus):
    assert build_document(db, 10**9) is None
    assert [d.id for d in iter_documents(db, [corpus["ids"]["nomina"], 10**9])] == [
        corpus["ids"]["nomina"]
    ]


def test_outbox_drained_by_the_after_commit_hook(db, corpus, index):
    assert db.scalar(select(SearchOutbox.id)) is None
    assert index.doc_count() == len(corpus["ids"])


def test_split_keywords():
    assert split_keywords(" a, b ;c,, ") == ["a", "b", "c"]
    assert split_keywords(None) == []
