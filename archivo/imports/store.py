"""Import runs kept in the instance folder: the uploaded file, its status, report and rejects.

One folder per run under `<instance>/imports/<32 hex id>/`: `meta.json` (who, what, status,
progress, summary), `origen.<csv|xlsx>` (the upload, needed to confirm a dry run),
`report.json` and `rechazados.csv`. The worker writes `meta.json` atomically; any web
process can read it, so progress survives a request landing on another worker.
"""

import datetime as dt
import json
import math
import os
import re
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from archivo.auth.roles import Rol
from archivo.db import utcnow
from archivo.errors import NotFound
from archivo.imports.schemas import ReportPageSchema

_ID = re.compile(r"^[0-9a-f]{32}$")
REJECTED = "rechazados.csv"
REPORT = "report.json"
META = "meta.json"
UPLOAD = "origen"
STALE_AFTER = dt.timedelta(minutes=10)  # a running import silent this long was interrupted


class Status:
    """Where a run is: queued, running, finished (report ready) or failed."""

    QUEUED, RUNNING, DONE, FAILED = "en_cola", "en_proceso", "terminada", "fallida"
    INTERRUPTED = "interrumpida"  # derived: running but silent for STALE_AFTER
    ACTIVE = (QUEUED, RUNNING)


def root(base: str | Path) -> Path:
    """The folder that holds every run."""
    return Path(base) / "imports"


def _write_meta(folder: Path, meta: dict) -> None:
    tmp = folder / f"{META}.{secrets.token_hex(4)}"
    tmp.write_text(json.dumps(meta, ensure_ascii=False, default=str), encoding="utf-8")
    os.replace(tmp, folder / META)  # readers never see a half-written file


def _read_meta(folder: Path) -> dict:
    meta = json.loads((folder / META).read_text(encoding="utf-8"))
    return with_derived_status(meta)


def with_derived_status(meta: dict, now: dt.datetime | None = None) -> dict:
    """Mark as interrupted a run whose worker stopped reporting (process restarted)."""
    if meta.get("status") in Status.ACTIVE:
        beat = dt.datetime.fromisoformat(meta["updated_at"])
        if (now or utcnow()) - beat > STALE_AFTER:
            meta = {**meta, "status": Status.INTERRUPTED}
    return meta


def create_run(base: str | Path, actor, options: dict, *, filename: str | None,
               upload: BinaryIO | Path | None = None, parent: str | None = None) -> str:
    """A new queued run; its upload is copied into the run folder. Returns the run id."""
    run_id = secrets.token_hex(16)
    folder = root(base) / run_id
    folder.mkdir(parents=True)
    suffix = Path(filename or "").suffix.lower() if filename else ""
    target = folder / f"{UPLOAD}{suffix if suffix in ('.csv', '.xlsx', '.txt') else ''}"
    if isinstance(upload, Path):
        shutil.copyfile(upload, target)
    elif upload is not None:
        with target.open("wb") as out:
            shutil.copyfileobj(upload, out, 1 << 20)
    now = utcnow().isoformat()
    _write_meta(folder, {
        "id": run_id, "actor_id": actor.id, "actor_name": actor.nombre, "created_at": now,
        "updated_at": now, "status": Status.QUEUED, "filename": filename, "parent": parent,
        "upload": target.name if upload is not None else None,
        "tipo": str(options["tipo"]), "fondo_id": options["fondo_id"],
        "dry_run": bool(options["dry_run"]), "modo": str(options["modo"]),
        "rows_total": 0, "rows_done": 0})
    return run_id


def read(base: str | Path, run_id: str) -> dict:
    """A run's metadata, for the worker (no permission check)."""
    return _read_meta(root(base) / run_id)


def update(base: str | Path, run_id: str, **changes) -> dict:
    """Change a run's metadata (status, progress...) and refresh its heartbeat."""
    folder = root(base) / run_id
    meta = json.loads((folder / META).read_text(encoding="utf-8"))
    meta.update(changes, updated_at=utcnow().isoformat())
    _write_meta(folder, meta)
    return meta


def finish(base: str | Path, run_id: str, outcome) -> dict:
    """Keep the full report (and the rejects CSV, if any); the run is done."""
    folder = root(base) / run_id
    (folder / REPORT).write_text(
        json.dumps(outcome.to_dict(max_entries=None), ensure_ascii=False, default=str),
        encoding="utf-8")
    rejected = outcome.rejected_csv()
    if rejected is not None:
        (folder / REJECTED).write_bytes(rejected)
    summary = outcome.to_dict(max_entries=0)
    summary["report"].pop("entries", None)
    return update(base, run_id, status=Status.DONE, finished_at=utcnow().isoformat(),
                  sha256=outcome.sha256, written=outcome.written,
                  has_errors=outcome.has_errors, counts=summary["counts"],
                  report_counts=summary["report"]["counts"],
                  audit_seq=outcome.extra.get("audit_seq"))


def fail(base: str | Path, run_id: str, template: str, params: dict | None = None) -> dict:
    """The run stopped on an error that is not a row finding (message kept to translate)."""
    return update(base, run_id, status=Status.FAILED, finished_at=utcnow().isoformat(),
                  error={"template": template, "params": params or {}})


def save(base: str | Path, actor, outcome) -> str:
    """Record a run that already happened (the synchronous API); returns the run's id."""
    run_id = create_run(base, actor, {"tipo": outcome.tipo, "fondo_id": outcome.fondo_id,
                                      "dry_run": outcome.dry_run, "modo": outcome.modo},
                        filename=outcome.filename)
    finish(base, run_id, outcome)
    return run_id


def may_see(meta: dict, actor) -> bool:
    """Runs are private to whoever made them; administrators see all."""
    return meta["actor_id"] == actor.id or actor.rol == Rol.ADMINISTRADOR


def _folder(base: str | Path, run_id: str, actor) -> Path:
    """The run's folder if it exists and the actor may see it."""
    folder = root(base) / (run_id or "")
    if not _ID.match(run_id or "") or not (folder / META).is_file():
        raise NotFound("La importación no existe.")
    if not may_see(_read_meta(folder), actor):
        raise NotFound("La importación no existe.")  # others' reports are not disclosed
    return folder


def get_run(base: str | Path, run_id: str, actor) -> dict:
    """A run's metadata (status, progress, summary)."""
    return _read_meta(_folder(base, run_id, actor))


def iter_folders(base: str | Path) -> Iterator[tuple[Path, dict]]:
    """Every run folder with its metadata (unreadable folders skipped)."""
    top = root(base)
    if not top.is_dir():
        return
    for folder in top.iterdir():
        if _ID.match(folder.name) and (folder / META).is_file():
            try:
                yield folder, _read_meta(folder)
            except (OSError, ValueError, KeyError):
                continue


def list_runs(base: str | Path, actor, limit: int = 50) -> list[dict]:
    """The runs the actor may see, newest first."""
    runs = [meta for _f, meta in iter_folders(base) if may_see(meta, actor)]
    return sorted(runs, key=lambda m: m["created_at"], reverse=True)[:limit]


def report_page(base: str | Path, run_id: str, actor, args: dict) -> dict:
    """A stored report with its entries paged (`page`, `per_page` in `args`)."""
    query = ReportPageSchema().load(args)
    page, per_page = query["page"], query["per_page"]
    path = _folder(base, run_id, actor) / REPORT
    if not path.is_file():
        raise NotFound("El reporte de esta importación aún no está listo.")
    data = json.loads(path.read_text("utf-8"))
    entries = data["report"].pop("entries")
    start = (page - 1) * per_page
    data["report"]["entries"] = entries[start:start + per_page]
    data["report"].update(entries_truncated=False, page=page, per_page=per_page,
                          pages=max(1, math.ceil(len(entries) / per_page)))
    return data


def rejected_path(base: str | Path, run_id: str, actor) -> Path:
    """Path of the run's rejects CSV, or NotFound when no row was rejected."""
    path = _folder(base, run_id, actor) / REJECTED
    if not path.is_file():
        raise NotFound("Esta importación no rechazó filas.")
    return path


def upload_path(base: str | Path, run_id: str, actor) -> Path:
    """The run's uploaded file, or NotFound when it is gone (retention) or never kept."""
    folder = _folder(base, run_id, actor)
    name = _read_meta(folder).get("upload")
    if not name or not (folder / name).is_file():
        raise NotFound("El archivo ya no está disponible: súbalo de nuevo.")
    return folder / name
