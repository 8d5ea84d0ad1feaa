"""The outbox drainer: one writer at a time, rows deleted only after the index write.

Every change to an expediente commits a `search_outbox` row with it. Draining reads a
batch, builds the documents, writes them to the index and only then deletes the rows,
so a crash at any point leaves the rows to the next drain (index writes are
idempotent upserts). One process drains at a time: an exclusive, non-blocking lock
on a file in the instance folder (the kernel releases it when a process dies), plus a
PostgreSQL advisory lock when several servers share the database. A request that
finds the lock busy simply returns: the holder, or the background poll within
POLL_SECONDS, indexes its rows.
"""

import contextlib
import fcntl
import logging
import os
import threading
import time
from pathlib import Path

from flask import current_app, has_app_context
from sqlalchemy import delete, func, select

from archivo.db import session_factory
from archivo.search import outbox
from archivo.search.documents import iter_documents
from archivo.search.models import SearchOutbox
from archivo.search.service import get_backend
from archivo.uow import UnitOfWork

log = logging.getLogger(__name__)

BATCH = 500
POLL_SECONDS = 1.0  # a change shows within ~1 s even when the inline drain skipped it
LOCK_FILE = "search-sync.lock"
# pg_try_advisory_lock key: "archivo search" folded into a bigint.
PG_LOCK_KEY = 0x61726368_73726368


@contextlib.contextmanager
def writer_lock(app, *, blocking: bool = False, timeout: float = 600.0):
    """Yield True while this process is the only index writer, False if busy."""
    path = Path(app.config["INSTANCE_PATH"]) / LOCK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    conn = None
    try:
        if not _flock(fd, blocking, timeout):
            yield False
            return
        engine = app.extensions["archivo.engine"]
        if engine.dialect.name == "postgresql":
            conn = engine.connect()
            if not _pg_lock(conn, blocking, timeout):
                yield False
                return
        yield True
    finally:
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.execute(select(func.pg_advisory_unlock(PG_LOCK_KEY)))
                conn.rollback()
            conn.close()
        os.close(fd)  # closing the descriptor releases the flock


def _flock(fd, blocking, timeout) -> bool:
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if not blocking or time.monotonic() >= deadline:
                return False
            time.sleep(0.05)


def _pg_lock(conn, blocking, timeout) -> bool:
    deadline = time.monotonic() + timeout
    while True:
        got = conn.execute(select(func.pg_try_advisory_lock(PG_LOCK_KEY))).scalar()
        conn.commit()  # the lock is session-level; don't leave a transaction open
        if got:
            return True
        if not blocking or time.monotonic() >= deadline:
            return False
        time.sleep(0.05)


def drain(app=None, *, backend=None, blocking: bool = False) -> int | None:
    """Index every pending outbox row; return how many, or None if another writer runs."""
    app = app or current_app._get_current_object()
    with writer_lock(app, blocking=blocking) as mine:
        if not mine:
            return None
        return drain_locked(backend or get_backend(app))


def drain_locked(backend) -> int:
    """Drain while already holding the writer lock (the reindex command does)."""
    total = 0
    while True:
        done = _drain_batch(backend)
        total += done
        if done < BATCH:
            return total


def pending() -> int:
    """Rows waiting in the outbox."""
    session = session_factory()
    try:
        return session.scalar(select(func.count()).select_from(SearchOutbox))
    finally:
        session.close()


def _drain_batch(backend) -> int:
    session = session_factory()
    try:
        rows = session.execute(
            select(SearchOutbox.id, SearchOutbox.expediente_id, SearchOutbox.op)
            .order_by(SearchOutbox.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return 0
        removed = {r.expediente_id for r in rows if r.op == "delete"}
        wanted = {r.expediente_id for r in rows} - removed
        docs = list(iter_documents(session, wanted))
        removed |= wanted - {d.id for d in docs}  # no longer in the database
        # End the read before the slow index write: no database lock is held meanwhile.
        session.rollback()
        backend.index(docs)
        backend.delete(removed)
        with UnitOfWork(session) as uow:
            uow.session.execute(
                delete(SearchOutbox).where(SearchOutbox.id.in_([r.id for r in rows]))
            )
            uow.commit()
        return len(rows)
    finally:
        session.close()


def drain_quietly(app) -> None:
    """Drain for a request or the poller; failures are logged, never shown to users
    (the rows stay queued and the next drain retries them)."""
    try:
        drain(app)
    except Exception:  # noqa: BLE001 - the index is repairable; the user's change committed
        log.exception("search sync failed; outbox rows kept for the next drain")


def _after_commit() -> None:
    if has_app_context() and current_app.config.get("SEARCH_SYNC_INLINE", True):
        drain_quietly(current_app._get_current_object())


class Poller:
    """A daemon thread per process that drains what inline drains missed.

    Rows are left when another worker held the lock, when SEARCH_SYNC_INLINE is off,
    or after a crash; polling every POLL_SECONDS bounds how stale search can be.
    """

    def __init__(self, app, interval: float):
        self.app, self.interval = app, interval
        self.pid = os.getpid()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="search-sync", daemon=True)
        self.thread.start()

    def _run(self):
        while not self.stop.wait(self.interval):
            with self.app.app_context():
                drain_quietly(self.app)


_pollers: dict[int, Poller] = {}
_pollers_lock = threading.Lock()


def ensure_poller(app) -> None:
    """Start this process's poller once (after a fork too: threads do not survive it)."""
    interval = 0 if app.testing else app.config.get("SEARCH_POLL_SECONDS", POLL_SECONDS)
    if not interval:
        return
    key = id(app)
    poller = _pollers.get(key)
    if poller is None or poller.pid != os.getpid():
        with _pollers_lock:
            poller = _pollers.get(key)
            if poller is None or poller.pid != os.getpid():
                _pollers[key] = Poller(app, float(interval))


def init_app(app) -> None:
    """Drain after each commit and start the poller with the first request."""
    outbox.set_after_commit_hook(_after_commit)
    app.before_request(lambda: ensure_poller(app))
