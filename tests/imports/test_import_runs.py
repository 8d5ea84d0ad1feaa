"""Stored import runs: background jobs, failures, retention cleanup and its CLI command."""

import datetime as dt
import io
import json
import threading

import pytest

from archivo.auth.roles import Rol
from archivo.imports import jobs, retention, store
from tests import factories
from tests.imports.conftest import csv_bytes

HEAD = ["Clave", "Serie", "Título", "Unidad", "Fecha de apertura"]
OPTIONS = {"tipo": "expedientes", "dry_run": True, "modo": "all_or_nothing"}


@pytest.fixture
def ctx(db):
    return factories.fondo()


def _queue(base, ctx, rows=None, **options):
    data = csv_bytes(rows or [HEAD, ["", "4C.3", "Uno", "DA", "2010"]])
    return store.create_run(base, ctx["actor"], {**OPTIONS, "fondo_id": ctx["fondo"].id,
                                                 **options},
                            filename="inventario.csv", upload=io.BytesIO(data))


def test_execute_runs_the_stored_file_and_keeps_the_report(tmp_path, ctx):
    run_id = _queue(tmp_path, ctx)
    assert store.read(tmp_path, run_id)["status"] == store.Status.QUEUED
    jobs.execute(tmp_path, run_id)
    meta = store.get_run(tmp_path, run_id, ctx["actor"])
    assert meta["status"] == store.Status.DONE and meta["rows_total"] >= 2
    assert meta["counts"]["created"] == 1 and not meta["written"] and meta["sha256"]
    jobs.execute(tmp_path, run_id)  # a second start is ignored
    assert store.read(tmp_path, run_id)["finished_at"] == meta["finished_at"]


def test_domain_errors_and_inactive_users_fail_the_run_with_a_message(tmp_path, ctx):
    run_id = _queue(tmp_path, ctx, fondo_id=999999)
    jobs.execute(tmp_path, run_id)
    meta = store.read(tmp_path, run_id)
    assert meta["status"] == store.Status.FAILED
    assert meta["error"]["template"] == "El fondo no existe."
    user = factories.user(Rol.COORDINADOR)
    run_id = store.create_run(tmp_path, user, {**OPTIONS, "fondo_id": ctx["fondo"].id},
                              filename="a.csv", upload=io.BytesIO(b"x"))
    user.activo = False
    jobs.execute(tmp_path, run_id)
    assert "ya no está activo" in store.read(tmp_path, run_id)["error"]["template"]


def test_unexpected_errors_are_logged_and_recorded(tmp_path, ctx, monkeypatch, caplog):
    def boom(*args, **kwargs):
        raise RuntimeError("disco lleno")

    monkeypatch.setattr(jobs.service, "run_import", boom)
    run_id = _queue(tmp_path, ctx)
    jobs.execute(tmp_path, run_id)
    meta = store.read(tmp_path, run_id)
    assert meta["status"] == store.Status.FAILED and "error interno" in meta["error"]["template"]
    assert "disco lleno" in caplog.text


def test_start_uses_a_thread_with_its_own_app_context(app, tmp_path, monkeypatch):
    seen = {}
    finished = threading.Event()

    def fake_execute(base, run_id):
        from flask import current_app

        seen.update(thread=threading.current_thread().name, app=current_app.name,
                    base=base, run_id=run_id)
        finished.set()

    monkeypatch.setattr(jobs, "execute", fake_execute)
    monkeypatch.setitem(app.config, "IMPORTS_BACKGROUND", True)
    with app.app_context():
        jobs.start("a" * 32)
    assert finished.wait(5)
    assert seen["thread"] == "import-aaaaaaaa" and seen["run_id"] == "a" * 32
    assert seen["thread"] != threading.current_thread().name


def test_progress_is_written_as_rows_are_counted(tmp_path, ctx, monkeypatch):
    run_id = _queue(tmp_path, ctx)
    monkeypatch.setattr(jobs, "_BEAT_SECONDS", 0)
    progress = jobs._Progress(tmp_path, run_id)
    progress(5000)
    progress(5000)
    assert store.read(tmp_path, run_id)["rows_done"] == 10_000


def test_silent_running_import_is_shown_as_interrupted(tmp_path, ctx):
    run_id = _queue(tmp_path, ctx)
    meta = store.update(tmp_path, run_id, status=store.Status.RUNNING)
    later = dt.datetime.fromisoformat(meta["updated_at"]) + store.STALE_AFTER * 2
    assert store.with_derived_status(meta, later)["status"] == store.Status.INTERRUPTED
    assert store.with_derived_status(meta)["status"] == store.Status.RUNNING


def _age(base, run_id, days):
    path = store.root(base) / run_id / store.META
    meta = json.loads(path.read_text())
    old = (dt.datetime.now(dt.UTC) - dt.timedelta(days=days)).isoformat()
    meta.update(created_at=old, updated_at=old,
                finished_at=old if meta["status"] not in store.Status.ACTIVE else None)
    path.write_text(json.dumps(meta))


def test_cleanup_deletes_only_finished_runs_past_retention(tmp_path, ctx):
    old_done = _queue(tmp_path, ctx)
    jobs.execute(tmp_path, old_done)
    _age(tmp_path, old_done, 40)
    recent = _queue(tmp_path, ctx)
    jobs.execute(tmp_path, recent)
    queued = _queue(tmp_path, ctx)
    _age(tmp_path, queued, 0)
    stale = _queue(tmp_path, ctx)
    store.update(tmp_path, stale, status=store.Status.RUNNING)
    _age(tmp_path, stale, 40)  # running but silent for 40 days: interrupted
    (store.root(tmp_path) / "no-es-una-importacion").mkdir()
    deleted = retention.cleanup(tmp_path, 30)
    assert sorted(deleted) == sorted([old_done, stale])
    left = {p.name for p in store.root(tmp_path).iterdir()}
    assert left == {recent, queued, "no-es-una-importacion"}
    assert retention.cleanup(tmp_path, 0) == [recent]  # 0 days: every finished run


def test_retention_days_from_config_or_environment(monkeypatch):
    from archivo.config import load_config

    monkeypatch.delenv("ARCHIVO_IMPORTS_RETENTION_DAYS", raising=False)
    assert retention.retention_days({}) == retention.DEFAULT_DAYS
    assert retention.retention_days(load_config()) == retention.DEFAULT_DAYS
    monkeypatch.setenv("ARCHIVO_IMPORTS_RETENTION_DAYS", "7")
    assert retention.retention_days(load_config()) == 7
    assert retention.retention_days({"IMPORTS_RETENTION_DAYS": 3}) == 3


def test_cleanup_command(app, db, ctx, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "INSTANCE_PATH", str(tmp_path))
    run_id = _queue(tmp_path, ctx)
    jobs.execute(tmp_path, run_id)
    _age(tmp_path, run_id, 10)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["import", "cleanup", "--dias", "30"])
    assert result.exit_code == 0 and ": 0" in result.output
    result = runner.invoke(args=["import", "cleanup", "--dias", "7"])
    assert result.exit_code == 0 and ": 1" in result.output
    assert not (store.root(tmp_path) / run_id).exists()
    assert runner.invoke(args=["import", "cleanup", "--dias", "-1"]).exit_code == 2


def test_upload_is_kept_with_its_extension_and_stored_runs_are_private(tmp_path, ctx):
    run_id = _queue(tmp_path, ctx)
    assert store.upload_path(tmp_path, run_id, ctx["actor"]).name == "origen.csv"
    other = factories.user(Rol.COORDINADOR)
    with pytest.raises(store.NotFound):
        store.get_run(tmp_path, run_id, other)
    assert store.list_runs(tmp_path, other) == []
    assert [m["id"] for m in store.list_runs(tmp_path, ctx["actor"])] == [run_id]
