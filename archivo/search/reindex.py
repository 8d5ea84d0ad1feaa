"""Rebuild the search index from the database while search keeps answering.

The backend builds a new generation and swaps it in atomically. Meanwhile this
process holds the writer lock, so changes committed during the rebuild wait in the
outbox (search shows them once the rebuild ends) and are drained onto the new
generation right after the swap: none is lost to the old one.
Progress is kept in a small JSON file in the instance folder so that any worker can
answer the admin's progress page.
"""

import contextlib
import fcntl
import json
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, func, select

from archivo.db import session_factory
from archivo.records.models import Expediente
from archivo.search import sync
from archivo.search.documents import iter_documents
from archivo.search.models import SearchOutbox
from archivo.search.service import get_backend
from archivo.uow import UnitOfWork

LOCK_FILE = "search-reindex.lock"
STATUS_FILE = "search-reindex.json"


@dataclass
class ReindexReport:
    """What a rebuild did."""

    indexed: int
    drained: int
    seconds: float


def expediente_count() -> int:
    """Expedientes in the database (the progress bar's length)."""
    session = session_factory()
    try:
        return session.scalar(select(func.count()).select_from(Expediente))
    finally:
        session.close()


def reindex(app, *, progress=None, backend=None) -> ReindexReport | None:
    """Rebuild; None when another rebuild is already running."""
    backend = backend or get_backend(app)
    fd = os.open(Path(app.config["INSTANCE_PATH"]) / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return None
        started = time.monotonic()
        # Drains are short: wait for a running one rather than give up.
        with sync.writer_lock(app, blocking=True) as mine:
            if not mine:
                return None
            # Outbox rows committed before the rebuild reads the database are covered by
            # it (a change commits with its row): drop them instead of re-indexing each.
            covered = _outbox_high_water()
            session = session_factory()
            try:
                indexed = backend.rebuild(iter_documents(session), progress=progress)
            finally:
                session.close()
            _forget_outbox_up_to(covered)
            drained = sync.drain_locked(backend)
        return ReindexReport(indexed, drained, time.monotonic() - started)
    finally:
        os.close(fd)


def _outbox_high_water() -> int:
    session = session_factory()
    try:
        return session.scalar(select(func.max(SearchOutbox.id))) or 0
    finally:
        session.close()


def _forget_outbox_up_to(last_id: int) -> None:
    if not last_id:
        return
    session = session_factory()
    try:
        with UnitOfWork(session) as uow:
            uow.session.execute(delete(SearchOutbox).where(SearchOutbox.id <= last_id))
            uow.commit()
    finally:
        session.close()


# --- the admin's "Reindexar" button: a background thread and a status file ------------


def status(app) -> dict:
    """{state: idle|running|done|failed, done, total, started_at, finished_at, message}."""
    path = Path(app.config["INSTANCE_PATH"]) / STATUS_FILE
    try:
        return json.loads(path.read_text())
    except (FileNotFoundError, ValueError):
        return {"state": "idle", "done": 0, "total": 0}


def _write_status(app, **values) -> None:
    path = Path(app.config["INSTANCE_PATH"]) / STATUS_FILE
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps({**status(app), **values}))
    os.replace(tmp, path)


def start_background(app) -> bool:
    """Start a rebuild in a thread of this process; False if one is already running."""
    if status(app).get("state") == "running" and _lock_busy(app):
        return False
    total = expediente_count()
    _write_status(
        app,
        state="running",
        done=0,
        total=total,
        started_at=time.time(),
        finished_at=None,
        message="",
    )
    thread = threading.Thread(target=_run, args=(app,), name="search-reindex", daemon=True)
    thread.start()
    return True


def _run(app) -> None:
    with app.app_context():
        try:
            report = reindex(app, progress=lambda n: _write_status(app, done=n))
        except Exception as err:  # noqa: BLE001 - reported on the progress page
            _write_status(app, state="failed", finished_at=time.time(), message=str(err))
            return
        if report is not None:  # None: another rebuild runs and reports its own state
            _write_status(
                app, state="done", done=report.indexed, finished_at=time.time(), message=""
            )


def _lock_busy(app) -> bool:
    fd = os.open(Path(app.config["INSTANCE_PATH"]) / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        with contextlib.suppress(BlockingIOError):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return False
        return True
    finally:
        os.close(fd)
