"""Import reports and rejected rows kept in the instance folder under a random id."""

import json
import math
import re
import secrets
from pathlib import Path

from archivo.auth.roles import Rol
from archivo.db import utcnow
from archivo.errors import NotFound
from archivo.imports.schemas import ReportPageSchema

_ID = re.compile(r"^[0-9a-f]{32}$")
REJECTED = "rechazados.csv"


def _root(base: str | Path) -> Path:
    return Path(base) / "imports"


def save(base: str | Path, actor, outcome) -> str:
    """Keep the full report (and the rejects CSV, if any); returns the run's id."""
    run_id = secrets.token_hex(16)
    folder = _root(base) / run_id
    folder.mkdir(parents=True)
    meta = {"id": run_id, "actor_id": actor.id, "created_at": utcnow().isoformat(),
            "tipo": outcome.tipo.value, "fondo_id": outcome.fondo_id,
            "filename": outcome.filename, "sha256": outcome.sha256}
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    (folder / "report.json").write_text(
        json.dumps(outcome.to_dict(max_entries=None), ensure_ascii=False, default=str),
        encoding="utf-8")
    rejected = outcome.rejected_csv()
    if rejected is not None:
        (folder / REJECTED).write_bytes(rejected)
    return run_id


def _folder(base: str | Path, run_id: str, actor) -> Path:
    """The run's folder if it exists and the actor made it (or administers the system)."""
    folder = _root(base) / run_id
    if not _ID.match(run_id or "") or not (folder / "meta.json").is_file():
        raise NotFound("La importación no existe.")
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    if meta["actor_id"] != actor.id and actor.rol != Rol.ADMINISTRADOR:
        raise NotFound("La importación no existe.")  # others' reports are not disclosed
    return folder


def report_page(base: str | Path, run_id: str, actor, args: dict) -> dict:
    """A stored report with its entries paged (`page`, `per_page` in `args`)."""
    query = ReportPageSchema().load(args)
    page, per_page = query["page"], query["per_page"]
    data = json.loads((_folder(base, run_id, actor) / "report.json").read_text("utf-8"))
    entries = data["report"].pop("entries")
    start = (page - 1) * per_page
    data["report"]["entries"] = entries[start:start + per_page]
    data["report"].update(entries_truncated=False, page=page, per_page=per_page,
                          pages=math.ceil(len(entries) / per_page))
    return data


def rejected_path(base: str | Path, run_id: str, actor) -> Path:
    """Path of the run's rejects CSV, or NotFound when no row was rejected."""
    path = _folder(base, run_id, actor) / REJECTED
    if not path.is_file():
        raise NotFound("Esta importación no rechazó filas.")
    return path
