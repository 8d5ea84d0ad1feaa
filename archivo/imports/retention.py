"""Retention of import runs: uploads hold personal data, so finished runs expire.

The permanent trace of an import is its audit event (sha256 and counts); the run folder
(upload, report, rejects) is only a working copy and is deleted after N days.
"""

import datetime as dt
import shutil
from pathlib import Path

from archivo.db import utcnow
from archivo.imports.store import Status, iter_folders

DEFAULT_DAYS = 30


def retention_days(config) -> int:
    """Days finished runs are kept (`IMPORTS_RETENTION_DAYS`, env ARCHIVO_…)."""
    return max(int(config.get("IMPORTS_RETENTION_DAYS", DEFAULT_DAYS)), 0)


def cleanup(base: str | Path, days: int, *, now: dt.datetime | None = None) -> list[str]:
    """Delete the folders of runs finished (or interrupted) more than `days` ago.

    A queued or running import is never touched. Returns the ids of the deleted runs.
    """
    now = now or utcnow()
    limit = now - dt.timedelta(days=days)
    deleted = []
    for folder, meta in iter_folders(base):
        if meta["status"] in Status.ACTIVE:
            continue
        ended = meta.get("finished_at") or meta["updated_at"]
        if dt.datetime.fromisoformat(ended) <= limit:
            shutil.rmtree(folder, ignore_errors=True)
            deleted.append(meta["id"])
    return deleted
