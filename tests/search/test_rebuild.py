"""Rebuild into a new generation and swap atomically; writers retry on a held lock."""

import threading

import pytest
from whoosh.index import LockError

from archivo.search.backend import SearchQuery
from archivo.search.whoosh_backend import WhooshBackend

from .conftest import DOCS, make_doc


def count(backend, text=""):
    return backend.search(SearchQuery(text=text)).total


def test_search_works_during_and_after_rebuild(loaded, tmp_path):
    seen = []
    other = WhooshBackend(loaded.root, build_procs=1)  # another worker process

    def progress(n):
        # Mid-rebuild: the old generation still answers, in this and other workers.
        seen.append((count(loaded, "licitación"), count(other, "licitación")))

    loaded.progress_every = 100
    new_docs = (make_doc(i, titulo=f"Contrato número {i}") for i in range(100, 400))
    assert loaded.rebuild(new_docs, progress=progress) == 300
    *during, after = seen  # the last report comes after the swap
    assert during and all(pair == (3, 3) for pair in during)
    assert after == (0, 0)
    assert count(loaded, "licitación") == 0 and count(loaded, "contrato") == 300
    assert count(other, "contrato") == 300  # the other worker sees the swap
    assert len(list(loaded.root.glob("gen-*"))) == 2  # the previous one is kept
    other.close()


def test_writes_during_rebuild_are_replayed(loaded):
    def docs():
        yield make_doc(1, titulo="Licitación reconstruida")
        # A write arriving while the rebuild runs must survive the swap.
        loaded.index([make_doc(50, titulo="Escrito durante la reconstrucción")])
        loaded.delete([1])
        yield make_doc(2, titulo="Otro")

    loaded.rebuild(docs())
    assert [h.id for h in loaded.search(SearchQuery(text="escrito")).hits] == [50]
    assert count(loaded, "reconstruida") == 0 and loaded.doc_count() == 2


def test_failed_rebuild_keeps_the_old_index(loaded):
    def docs():
        yield make_doc(1)
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        loaded.rebuild(docs())
    assert loaded.doc_count() == len(DOCS)
    assert len(list(loaded.root.glob("gen-*"))) == 1


def test_rebuild_with_two_processes(tmp_path):
    backend = WhooshBackend(tmp_path / "mp", build_procs=2)
    backend.rebuild(make_doc(i, titulo=f"Oficio {i}") for i in range(1, 301))
    assert backend.doc_count() == 300
    result = backend.search(SearchQuery(text="oficio", per_page=3))
    assert result.total == 300 and [h.id for h in result.hits] == [1, 2, 3]
    backend.close()


def test_index_retries_while_another_writer_holds_the_lock(loaded):
    from whoosh import index as whoosh_index

    ix = whoosh_index.open_dir(str(loaded.root / loaded._current()))
    held = ix.writer()
    timer = threading.Timer(0.3, held.cancel)
    timer.start()
    loaded.index([make_doc(60, titulo="Después del bloqueo")])
    timer.join()
    assert count(loaded, "bloqueo") == 1


def test_index_gives_up_after_timeout(tmp_path):
    from whoosh import index as whoosh_index

    backend = WhooshBackend(tmp_path / "ix", build_procs=1, lock_timeout=0.2)
    ix = whoosh_index.open_dir(str(backend.root / backend._current()))
    held = ix.writer()
    try:
        with pytest.raises(LockError):
            backend.index([make_doc(1)])
    finally:
        held.cancel()
        backend.close()


@pytest.mark.parametrize("doc", [*DOCS, make_doc(9, titulo="", clave="", unidad_clave="")])
def test_fast_field_indexing_equals_the_stock_fields(doc):
    from whoosh import fields

    from archivo.search.whoosh_schema import build_schema, to_fields

    schema = build_schema()
    values = to_fields(doc)
    values["spell"] += " " + values["spell"]  # repeated tokens count twice
    for name, value in values.items():
        field = schema[name]
        if field.indexed:
            fast = sorted(field.index(value))
            assert fast == sorted(fields.FieldType.index(field, value)), (doc.id, name)


def test_build_codec_writes_what_the_stock_codec_reads(tmp_path):
    from whoosh import index as whoosh_index
    from whoosh.codec.whoosh3 import W3Codec

    from archivo.search.whoosh_schema import build_schema, to_fields

    backend = WhooshBackend(tmp_path / "fast", build_procs=1)
    backend.rebuild(DOCS)
    # The reference: the same documents through Whoosh's stock writer.
    (tmp_path / "stock").mkdir()
    stock = whoosh_index.create_in(str(tmp_path / "stock"), build_schema())
    with stock.writer() as writer:
        for doc in DOCS:
            writer.add_document(**to_fields(doc))
    fast = whoosh_index.open_dir(str(backend.root / backend._current()))
    assert all(type(seg.codec()) is W3Codec for seg in fast._segments())
    with fast.searcher() as a, stock.searcher() as b:
        for text in ("licitación", "obras", "contrato", "nómina quincena"):
            hits = backend.search(SearchQuery(text=text, highlight=False))
            reference = {b.stored_fields(d)["payload"]["id"]: s for d, s in _scored(b, text)}
            assert {h.id: h.score for h in hits.hits} == pytest.approx(reference), text
        # Field lengths drive BM25 and block skipping: same per-term statistics.
        for name in ("pub", "priv", "codigos", "id"):
            terms = list(b.reader().lexicon(name))
            assert list(a.reader().lexicon(name)) == terms
            for term in terms:
                x, y = a.reader().term_info(name, term), b.reader().term_info(name, term)
                assert (x.min_length(), x.max_length(), x.doc_frequency(), x.weight()) == (
                    y.min_length(),
                    y.max_length(),
                    y.doc_frequency(),
                    y.weight(),
                ), (name, term)
    backend.close()


def _scored(searcher, text):
    from archivo.search.query import parse
    from archivo.search.whoosh_query import compile_query

    results = searcher.search(compile_query(parse(text).root, "staff"), limit=None)
    return [(hit.docnum, hit.score) for hit in results]


def _all_postings(reader, name):
    """{term: [(docnum, weight, value bytes)]} of one field, read through Whoosh."""
    out = {}
    for term in reader.lexicon(name):
        matcher = reader.postings(name, term)
        rows = []
        while matcher.is_active():
            rows.append((matcher.id(), matcher.weight(), matcher.value()))
            matcher.next()
        out[term] = rows
    return out


def test_build_writer_postings_equal_the_stock_writer(tmp_path):
    """Every posting, stored value and column of a rebuild equals Whoosh's own writer,
    across multi-block terms (>128 postings) and inlined single-posting terms."""
    from whoosh import index as whoosh_index

    from archivo.search.whoosh_codec import BuildCodec
    from archivo.search.whoosh_schema import build_schema, to_fields
    from archivo.search.whoosh_writer import BuildWriter

    docs = [*DOCS] + [
        make_doc(100 + i, titulo=f"Oficio {i} de obra {'pública' if i % 3 else 'única'}")
        for i in range(300)
    ]
    (tmp_path / "fast").mkdir()
    (tmp_path / "stock").mkdir()
    fast = whoosh_index.create_in(str(tmp_path / "fast"), build_schema())
    writer = BuildWriter(fast, codec=BuildCodec())
    for doc in docs:
        writer.add_search_document(doc)
    writer.commit()
    stock = whoosh_index.create_in(str(tmp_path / "stock"), build_schema())
    with stock.writer() as writer:
        for doc in docs:
            writer.add_document(**to_fields(doc))
    with fast.reader() as a, stock.reader() as b:
        for name, field in build_schema().items():
            if field.indexed:
                postings = _all_postings(a, name)
                assert postings == _all_postings(b, name), name
            if field.scorable:
                assert [a.doc_field_length(d, name) for d in range(len(docs))] == [
                    b.doc_field_length(d, name) for d in range(len(docs))
                ]
            if field.column_type:
                assert list(a.column_reader(name)) == list(b.column_reader(name)), name
        assert list(a.all_stored_fields()) == list(b.all_stored_fields())
        assert max(len(rows) for rows in _all_postings(a, "pub").values()) > 128
        assert any(a.term_info("pub", t).is_inlined() for t in a.lexicon("pub"))


def test_incremental_writes_merge_inlined_segments(tmp_path):
    backend = WhooshBackend(tmp_path / "ix", build_procs=1)
    backend.rebuild(make_doc(i, titulo=f"Acta {i} única{i}") for i in range(1, 40))
    for i in range(40, 52):  # enough small commits for Whoosh to merge segments
        backend.index([make_doc(i, titulo=f"Acta {i} única{i}")])
    backend.delete([1])
    assert count(backend, "acta") == 50
    assert count(backend, "única7") == 1 and count(backend, "única1") == 0
    backend.close()


def test_rebuild_spills_to_new_segments_at_the_memory_limit(tmp_path, monkeypatch):
    from whoosh import index as whoosh_index

    from archivo.search import whoosh_writer

    # ~1,000 postings per segment: a few dozen documents each.
    monkeypatch.setattr(whoosh_writer, "BYTES_PER_POSTING", 1024 * 1024 // 1000)
    backend = WhooshBackend(tmp_path / "ix", build_procs=1, build_limitmb=1)
    titles = (f"Oficio {i} sobre obra pública número {i}" for i in range(1, 301))
    backend.rebuild(make_doc(i, titulo=t) for i, t in enumerate(titles, 1))
    ix = whoosh_index.open_dir(str(backend.root / backend._current()))
    assert len(ix._segments()) > 2
    result = backend.search(SearchQuery(text="oficio", per_page=3))
    assert result.total == 300 and [h.id for h in result.hits] == [1, 2, 3]
    assert count(backend, '"obra pública"') == 300 and backend.doc_count() == 300
    backend.close()


def test_failed_worker_process_fails_the_rebuild(loaded):
    loaded.build_procs = 2
    bad = make_doc(2)
    bad.anio = "no es un año"  # the worker cannot write it to the numeric column
    with pytest.raises(RuntimeError, match="worker"):
        loaded.rebuild([make_doc(1), bad, make_doc(3)])
    assert loaded.doc_count() == len(DOCS)
    assert len(list(loaded.root.glob("gen-*"))) == 1


def test_failed_parallel_rebuild_stops_its_workers(loaded):
    import multiprocessing

    loaded.build_procs = 2

    def docs():
        yield from (make_doc(i) for i in range(1, 500))
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError, match="database"):
        loaded.rebuild(docs())
    assert multiprocessing.active_children() == []
    assert loaded.doc_count() == len(DOCS)
