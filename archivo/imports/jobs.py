"""Run a stored import off the request: a background thread that reports progress.

The upload request only stores the file and starts the job, so a 100,000-row file never
holds a request open; the page polls the run's status (store.py) until the report is in.
Tests (and `IMPORTS_BACKGROUND = False`) run the job inline, in the request.
"""

import logging
import threading
import time

from flask import current_app
from marshmallow import ValidationError

from archivo.auth.models import Usuario
from archivo.db import get_session
from archivo.errors import ArchivoError
from archivo.imports import service, store
from archivo.imports.readers import estimate_rows

log = logging.getLogger(__name__)
_BEAT_SECONDS = 1.0  # progress is written at most this often


def start(run_id: str) -> None:
    """Run the queued import `run_id` in a thread (or inline when configured so)."""
    app = current_app._get_current_object()
    if not app.config["IMPORTS_BACKGROUND"]:
        execute(app.config["INSTANCE_PATH"], run_id)
        return

    def main():
        with app.app_context():  # its own session, removed when the context ends
            execute(app.config["INSTANCE_PATH"], run_id)

    threading.Thread(target=main, name=f"import-{run_id[:8]}", daemon=True).start()


class _Progress:
    """Counts rows as the service reports them; writes the run's status now and then."""

    def __init__(self, base, run_id: str):
        self.base, self.run_id, self.done, self.last = base, run_id, 0, 0.0

    def __call__(self, rows: int) -> None:
        self.done += rows
        now = time.monotonic()
        if now - self.last >= _BEAT_SECONDS:
            self.last = now
            store.update(self.base, self.run_id, rows_done=self.done)


def execute(base, run_id: str) -> None:
    """Run the import a stored run describes and keep its report (or why it failed)."""
    meta = store.read(base, run_id)
    if meta["status"] != store.Status.QUEUED:
        return  # already started (a second click, another worker)
    meta = store.update(base, run_id, status=store.Status.RUNNING)
    path = store.root(base) / run_id / meta["upload"]
    try:
        store.update(base, run_id, rows_total=estimate_rows(path))
        actor = get_session().get(Usuario, meta["actor_id"])
        if actor is None or not actor.activo:
            store.fail(base, run_id, "El usuario que inició la importación ya no está activo.")
            return
        options = {k: meta[k] for k in ("tipo", "fondo_id", "dry_run", "modo")}
        outcome = service.run_import(actor, options, path, filename=meta["filename"],
                                     progress=_Progress(base, run_id))
    except ArchivoError as err:
        store.fail(base, run_id, err.template, {k: str(v) for k, v in err.params.items()})
    except ValidationError as err:
        store.fail(base, run_id, "Opciones de importación no válidas: {detalle}",
                   {"detalle": str(err.normalized_messages())})
    except Exception:  # noqa: BLE001 - no request to report to: the run records the failure
        log.exception("import %s failed", run_id)
        get_session().rollback()
        store.fail(base, run_id, "La importación falló por un error interno; no se guardó "
                   "nada. Avise al administrador del sistema.")
    else:
        store.finish(base, run_id, outcome)
