"""Rebuild the PostgreSQL search tables beside the live ones and swap them in.

Steps: create `*_build` tables; COPY every document into them; build indexes and the
word list; then, in one short transaction holding the write lock, replay the ids
written meanwhile (logged in REBUILD_LOG by `index`/`delete`) and rename the build
tables over the live ones. Searches keep using the live tables until that commit.
"""

import json
import multiprocessing
from collections.abc import Iterable
from contextlib import contextmanager

from sqlalchemy import delete, select, text

from archivo.search.backend import Progress, SearchDocument
from archivo.search.pg_schema import (
    BUILD_SUFFIX,
    DOCS,
    PAYLOADS,
    WORDS,
    build_indexes,
    build_tables,
    documents,
    rebuild_log,
    to_payload,
    to_row,
)
from archivo.search.pg_spelling import apply_word_delta, count_words_sql

# Session-level advisory lock: one rebuild at a time across processes (a second
# one waits rather than dropping the first one's build tables).
REBUILD_LOCK_KEY = 0x5EA2C4_02
DOC_COLUMNS = [c.name for c in documents.c if c.name != "indexed_at"]
BUILD_MEMORY = "256MB"


def building(conn) -> bool:
    """True while a rebuild is loading (its build table exists)."""
    name = DOCS + BUILD_SUFFIX
    return conn.execute(text("SELECT to_regclass(:t)"), {"t": name}).scalar() is not None


def log_written(conn, ids: list[int]) -> None:
    """Remember ids written during a rebuild (caller holds the write lock)."""
    if ids and building(conn):
        conn.execute(rebuild_log.insert(), [{"id": i} for i in ids])


def rebuild(backend, docs: Iterable[SearchDocument], progress: Progress | None) -> int:
    """Build, replay and swap; on any failure the live tables are untouched."""
    md, bdocs, bpayloads, bwords = build_tables()
    with backend.engine.connect() as guard:
        guard.execute(text("SELECT pg_advisory_lock(:k)"), {"k": REBUILD_LOCK_KEY})
        guard.commit()  # the lock is the session's: no transaction left open for minutes
        try:
            with backend.engine.begin() as conn:
                backend.lock_writes(conn)
                md.drop_all(conn, checkfirst=True)  # leftovers of a crashed rebuild
                md.create_all(conn)
                conn.execute(delete(rebuild_log))
            try:
                count = _copy(backend, bdocs, bpayloads, docs, progress)
                with backend.engine.begin() as conn:
                    # GIN builds are several times faster with room to sort in memory.
                    conn.execute(text(f"SET LOCAL maintenance_work_mem = '{BUILD_MEMORY}'"))
                    for index in build_indexes(bdocs):
                        index.create(conn)
                    conn.execute(text(count_words_sql(bdocs.name, bwords.name)))
                    conn.execute(text(f"ANALYZE {bdocs.name}"))
                with backend.engine.begin() as conn:
                    backend.lock_writes(conn)
                    _replay(conn, bdocs, bpayloads, bwords)
                    _swap(conn)
            except BaseException:
                with backend.engine.begin() as conn:
                    backend.lock_writes(conn)
                    md.drop_all(conn, checkfirst=True)
                    conn.execute(delete(rebuild_log))
                raise
        finally:
            guard.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": REBUILD_LOCK_KEY})
            guard.commit()
    if progress:
        progress(count)
    return count


def _copy(backend, bdocs, bpayloads, docs, progress) -> int:
    """Stream documents into the build tables with COPY (flat memory).

    Analysis is the cost (about 0.3 ms a document), so with `build_procs > 1` it runs
    in worker processes, a chunk at a time, in order. One connection per table: a
    connection in COPY mode accepts nothing else; the build tables are invisible to
    searches, so the two transactions need not be one.
    """
    count = 0
    doc_sql = f"COPY {bdocs.name} ({', '.join(DOC_COLUMNS)}) FROM STDIN"
    payload_sql = f"COPY {bpayloads.name} (id, doc) FROM STDIN"
    with (
        _converter(backend.build_procs) as convert,
        backend.engine.begin() as c1,
        backend.engine.begin() as c2,
    ):
        raw1, raw2 = c1.connection.driver_connection, c2.connection.driver_connection
        with (
            raw1.cursor() as cur1,
            cur1.copy(doc_sql) as doc_copy,
            raw2.cursor() as cur2,
            cur2.copy(payload_sql) as payload_copy,
        ):
            for rows in convert(_chunks(docs, CHUNK)):
                for doc_id, values, payload in rows:
                    doc_copy.write_row(values)
                    payload_copy.write_row((doc_id, payload))
                    count += 1
                    if progress and count % backend.progress_every == 0:
                        progress(count)
    return count


CHUNK = 500


def _chunks(docs, size):
    chunk = []
    for doc in docs:
        chunk.append(doc)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def convert_chunk(docs: list[SearchDocument]) -> list[tuple[int, list, str]]:
    """(id, documents row values, payload JSON) per document (runs in a worker)."""
    out = []
    for doc in docs:
        row = to_row(doc)
        out.append((doc.id, [row[name] for name in DOC_COLUMNS], json.dumps(to_payload(doc))))
    return out


@contextmanager
def _converter(procs: int):
    if procs <= 1:
        yield lambda chunks: map(convert_chunk, chunks)
        return
    # spawn, not fork: the caller may hold threads and open connections.
    with multiprocessing.get_context("spawn").Pool(procs) as pool:
        yield lambda chunks: pool.imap(convert_chunk, chunks)


def _replay(conn, bdocs, bpayloads, bwords) -> None:
    """Copy the live state of every id written during the load into the build tables."""
    ids = sorted(set(conn.execute(select(rebuild_log.c.id)).scalars()))
    if not ids:
        return
    removed = conn.execute(select(bdocs.c.spell).where(bdocs.c.id.in_(ids))).scalars().all()
    conn.execute(delete(bdocs).where(bdocs.c.id.in_(ids)))
    conn.execute(delete(bpayloads).where(bpayloads.c.id.in_(ids)))
    cols = ", ".join(DOC_COLUMNS)
    conn.execute(
        text(f"INSERT INTO {bdocs.name} ({cols}) SELECT {cols} FROM {DOCS} WHERE id = ANY(:ids)"),  # noqa: S608 - our table names
        {"ids": ids},
    )
    conn.execute(
        text(f"INSERT INTO {bpayloads.name} SELECT * FROM {PAYLOADS} WHERE id = ANY(:ids)"),  # noqa: S608
        {"ids": ids},
    )
    added = conn.execute(select(bdocs.c.spell).where(bdocs.c.id.in_(ids))).scalars().all()
    apply_word_delta(conn, bwords, removed, added)


def _swap(conn) -> None:
    """Drop the live tables and give their names (and index names) to the build ones."""
    conn.execute(text(f"DROP TABLE {DOCS}, {PAYLOADS}, {WORDS}"))
    for live in (DOCS, PAYLOADS, WORDS):
        build = live + BUILD_SUFFIX
        indexes = conn.execute(
            text("SELECT indexname FROM pg_indexes WHERE tablename = :t"), {"t": build}
        ).scalars()
        for name in list(indexes):
            conn.execute(text(f'ALTER INDEX "{name}" RENAME TO "{name.replace(build, live, 1)}"'))
        conn.execute(text(f"ALTER TABLE {build} RENAME TO {live}"))
    conn.execute(delete(rebuild_log))
