"""PostgreSQL rebuild: build beside the live tables, replay writes, swap atomically."""

import threading
import time

import pytest
from sqlalchemy import create_engine, inspect, text

from archivo.search import pg_schema
from archivo.search.backend import SearchQuery
from archivo.search.pg_backend import PostgresBackend

from .conftest import DOCS, make_doc


def count(backend, text_=""):
    return backend.search(SearchQuery(text=text_)).total


def build_tables_exist(engine) -> bool:
    return inspect(engine).has_table(pg_schema.DOCS + pg_schema.BUILD_SUFFIX)


def test_search_keeps_answering_during_rebuild(pg_backend):
    pg_backend.index(DOCS)
    other = PostgresBackend(pg_backend.engine)  # another app server
    seen = []

    def progress(n):
        seen.append((count(pg_backend, "licitación"), count(other, "licitación")))

    pg_backend.progress_every = 50
    docs = (make_doc(i, titulo=f"Contrato número {i}") for i in range(100, 300))
    assert pg_backend.rebuild(docs, progress=progress) == 200
    *during, after = seen  # the last report comes after the swap
    assert len(during) == 4 and all(pair == (3, 3) for pair in during)
    assert after == (0, 0)
    assert count(other, "contrato") == 200 and other.doc_count() == 200
    assert not build_tables_exist(pg_backend.engine)


def test_writes_from_another_process_during_rebuild_are_replayed(pg_backend):
    pg_backend.index(DOCS)
    other = PostgresBackend(pg_backend.engine)

    def docs():
        yield make_doc(1, titulo="Licitación reconstruida")
        yield make_doc(3, titulo="Vehículos del rebuild")
        # Committed by another worker while the rebuild loads.
        other.index([make_doc(50, titulo="Escrito durante la reconstrucción")])
        other.index([make_doc(3, titulo="Vehículos corregidos")])
        other.delete([1])
        yield make_doc(2, titulo="Inventario")

    pg_backend.rebuild(docs())
    assert [h.id for h in pg_backend.search(SearchQuery(text="escrito")).hits] == [50]
    assert count(pg_backend, "reconstruida") == 0 and count(pg_backend, "corregidos") == 1
    assert pg_backend.doc_count() == 3  # 2, 3 and 50
    with pg_backend.engine.connect() as conn:
        words = set(conn.execute(text("SELECT word FROM search_words")).scalars())
    assert {"escrito", "corregidos", "inventario"} <= words and "reconstruida" not in words


def test_failed_rebuild_keeps_the_live_tables(pg_backend):
    pg_backend.index(DOCS)

    def docs():
        yield make_doc(1)
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        pg_backend.rebuild(docs())
    assert pg_backend.doc_count() == len(DOCS) and count(pg_backend, "licitación") == 3
    assert not build_tables_exist(pg_backend.engine)
    pg_backend.index([make_doc(60, titulo="Después del fallo")])  # no rebuild log left
    with pg_backend.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM search_rebuild_log")).scalar() == 0


def test_rebuild_twice_keeps_index_names_and_suggestions(pg_backend):
    for _ in range(2):
        pg_backend.rebuild(DOCS)
    names = {ix["name"] for ix in inspect(pg_backend.engine).get_indexes("search_documents")}
    assert names == {index.name for index in pg_schema.documents.indexes}
    assert "search_documents_staff_gin" in names
    result = pg_backend.search(SearchQuery(text="licitasion", audience="public"))
    assert result.suggestion == "licitacion"


def test_searches_from_other_threads_never_fail_across_the_swap(pg_backend):
    pg_backend.index(DOCS)
    stop = threading.Event()
    errors, totals = [], set()

    def reader():
        other = PostgresBackend(pg_backend.engine)
        while not stop.is_set():
            try:
                totals.add(count(other, "licitación OR oficio"))
            except Exception as exc:  # noqa: BLE001 - the test reports any failure
                errors.append(exc)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for _ in range(3):
            pg_backend.rebuild(make_doc(i, titulo=f"Oficio {i}") for i in range(1, 301))
            pg_backend.rebuild(DOCS)
    finally:
        stop.set()
        thread.join()
    assert errors == []
    assert totals <= {3, 300}


def test_a_search_waiting_for_its_count_never_blocks_a_rebuild_swap(pg_backend, monkeypatch):
    # The ranking connection must hold no lock while it waits for the side count: the
    # swap would queue behind that lock and the count behind the swap, for ever.
    from archivo.search import pg_backend as module

    pg_backend.index(DOCS)
    real_count = module.count

    def slow_count(*args, **kwargs):
        if threading.current_thread().name.startswith("search-count"):
            time.sleep(1.0)  # the rebuild's swap is queued by now
        return real_count(*args, **kwargs)

    monkeypatch.setattr(module, "count", slow_count)
    results = []
    searcher = threading.Thread(target=lambda: results.append(count(pg_backend, "licitación")))
    searcher.start()
    time.sleep(0.2)
    rebuilder = threading.Thread(target=pg_backend.rebuild, args=(DOCS,))
    rebuilder.start()
    searcher.join(timeout=20)
    rebuilder.join(timeout=20)
    stuck = searcher.is_alive() or rebuilder.is_alive()
    if stuck:  # free the locks so that the teardown does not hang as well
        with create_engine(pg_backend.engine.url).connect() as conn:
            conn.exec_driver_sql(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
    assert not stuck and results == [3]
