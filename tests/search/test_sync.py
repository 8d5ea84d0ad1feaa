"""The outbox drainer against a real file database and real processes."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from archivo import create_app
from archivo.audit.models import AuditHead
from archivo.audit.service import GENESIS
from archivo.db import Base, make_engine, session_factory
from archivo.search import reindex, sync
from archivo.search.models import SearchOutbox
from archivo.search.service import get_backend
from tests import factories as f

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def file_app(tmp_path, engine):
    """An app on its own SQLite file, so other processes see what it commits."""
    import archivo.models  # noqa: F401

    url = f"sqlite:///{tmp_path / 'sync.sqlite3'}"
    own = make_engine(url)
    Base.metadata.create_all(own)
    with own.begin() as conn:
        conn.execute(AuditHead.__table__.insert().values(id=1, seq=0, hash=GENESIS))
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": url,
            "SECRET_KEY": "x" * 40,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "SEARCH_BACKEND": "whoosh",
        },
        engine=own,
    )
    with app.app_context():
        ctx = f.fondo(f.user(username="admin"))
        app.ids = [str(ctx[k].id) for k in ("fondo", "serie", "unidad")]
        app.url = url
        yield app
        get_backend(app).close()
    own.dispose()
    session_factory.configure(bind=engine)  # back to the suite's database


def worker(app, mode, n=1):
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.search.sync_worker",
            mode,
            app.url,
            app.config["INSTANCE_PATH"],
            *app.ids,
            str(n),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def outbox_rows() -> int:
    session = session_factory()
    try:
        return session.scalar(select(func.count()).select_from(SearchOutbox))
    finally:
        session.close()


def test_crash_between_commit_and_index_write_loses_nothing(file_app):
    proc = worker(file_app, "crash")
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == -9, err
    assert outbox_rows() == 1  # committed with the expediente
    assert get_backend(file_app).doc_count() == 0
    assert sync.drain(file_app) == 1
    assert outbox_rows() == 0 and get_backend(file_app).doc_count() == 1


def test_two_processes_write_and_drain_concurrently(file_app):
    n = 15
    procs = [worker(file_app, "write", n) for _ in range(2)]
    results = [p.communicate(timeout=300) for p in procs]
    for proc, (out, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0 and out.strip() == "ok", err
        assert "Traceback" not in err and "LockError" not in err and "failed" not in err, err
    sync.drain(file_app, blocking=True)  # whatever a busy lock left behind
    assert outbox_rows() == 0
    assert get_backend(file_app).doc_count() == 2 * n


def test_busy_lock_returns_at_once(file_app):
    with sync.writer_lock(file_app) as mine:
        assert mine
        assert sync.drain(file_app) is None  # a request never waits for the writer
    assert sync.drain(file_app) == 0


def test_rows_are_kept_when_the_index_write_fails(file_app, monkeypatch):
    from tests.factories import expediente

    ctx = {
        "fondo": _get(file_app, "fondo"),
        "serie": _get(file_app, "serie"),
        "unidad": _get(file_app, "unidad"),
        "actor": _admin(),
    }
    backend = get_backend(file_app)
    monkeypatch.setattr(backend, "index", _boom)
    expediente(ctx)  # the hook fails quietly: the user's change is committed
    assert outbox_rows() == 1
    monkeypatch.undo()
    assert sync.drain(file_app) == 1 and backend.doc_count() == 1


def test_reindex_swaps_and_drains_changes_made_meanwhile(file_app):
    from tests.factories import expediente

    ctx = {
        "fondo": _get(file_app, "fondo"),
        "serie": _get(file_app, "serie"),
        "unidad": _get(file_app, "unidad"),
        "actor": _admin(),
    }
    for _ in range(3):
        expediente(ctx)
    backend = get_backend(file_app)
    backend.progress_every = 1
    seen = []

    def during(count):
        if count == 1:
            seen.append(backend.doc_count())  # the old generation still answers
            proc = worker(file_app, "write", 1)  # another process commits meanwhile
            _out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err

    report = reindex.reindex(file_app, progress=during)
    assert seen == [3] and report.indexed == 3 and report.drained == 1
    assert backend.doc_count() == 4 and outbox_rows() == 0


def test_reindex_covers_rows_queued_before_it(file_app, monkeypatch):
    """A bulk load queues a row per expediente; the rebuild reads them all already, so
    those rows are dropped, not re-indexed one batch at a time afterwards."""
    from tests.factories import expediente

    ctx = {
        "fondo": _get(file_app, "fondo"),
        "serie": _get(file_app, "serie"),
        "unidad": _get(file_app, "unidad"),
        "actor": _admin(),
    }
    backend = get_backend(file_app)
    monkeypatch.setattr(backend, "index", _boom)  # the rows stay queued
    for _ in range(3):
        expediente(ctx)
    monkeypatch.undo()
    assert outbox_rows() == 3
    report = reindex.reindex(file_app)
    assert report.indexed == 3 and report.drained == 0
    assert backend.doc_count() == 3 and outbox_rows() == 0


def _boom(_docs):
    raise OSError("disco lleno")


def _get(app, name):
    from archivo.catalog.models import Fondo, Serie, UnidadAdministrativa

    model = {"fondo": Fondo, "serie": Serie, "unidad": UnidadAdministrativa}[name]
    return session_factory().get(model, int(app.ids[("fondo", "serie", "unidad").index(name)]))


def _admin():
    from archivo.auth.models import Usuario

    return session_factory().scalar(select(Usuario).where(Usuario.username == "admin"))


def test_servers_sharing_postgresql_take_turns(engine, tmp_path):
    """Two servers (own instance folders) on one PostgreSQL: the advisory lock decides."""
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only")
    from types import SimpleNamespace

    servers = [
        SimpleNamespace(
            config={"INSTANCE_PATH": str(tmp_path / name)}, extensions={"archivo.engine": engine}
        )
        for name in "ab"
    ]
    with sync.writer_lock(servers[0]) as first:
        assert first
        with sync.writer_lock(servers[1]) as second:
            assert not second
    with sync.writer_lock(servers[1]) as again:
        assert again
