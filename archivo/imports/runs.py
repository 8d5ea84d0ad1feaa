"""Use cases of the import page: queue an uploaded file, confirm a dry run.

The import itself is `service.run_import`, run by `jobs` off the request; these functions
check everything that can be checked before queueing, so mistakes show next to the field.
"""

from pathlib import Path
from typing import BinaryIO

from marshmallow import ValidationError

from archivo.auth import policies
from archivo.catalog.service import get_fondo
from archivo.errors import DomainError, Forbidden, NotFound
from archivo.i18n import N_
from archivo.imports import store
from archivo.imports.schemas import ImportInputSchema, Modo, Tipo
from archivo.imports.service import PERMISSION

FORMATS = (".csv", ".xlsx", ".txt")


def allowed_tipos(actor) -> list[Tipo]:
    """The kinds of file the actor may import (none: the page is not for them)."""
    return [t for t in Tipo if policies.has(actor, PERMISSION[t])]


def require_importer(actor) -> None:
    """Forbidden unless the actor may import some kind of file."""
    policies.require(actor, "read")
    if not allowed_tipos(actor):
        raise Forbidden("Su rol ({rol}) no permite importar archivos.", rol=actor.rol.value)


def queue_upload(base, actor, data: dict, upload: BinaryIO | None,
                 filename: str | None) -> str:
    """Check the options and the file, store it and queue the run; returns its id."""
    require_importer(actor)
    errors: dict[str, list[str]] = {}
    try:
        values = ImportInputSchema().load(data)
    except ValidationError as err:
        errors.update(err.normalized_messages())
        values = None
    if upload is None or not filename:
        errors["archivo"] = [N_("Elija el archivo que quiere importar.")]
    elif Path(filename).suffix.lower() not in FORMATS:
        errors["archivo"] = [N_("Formato no admitido: suba un archivo CSV o XLSX (Excel).")]
    if errors:
        raise ValidationError(errors)
    if not policies.has(actor, PERMISSION[values["tipo"]]):
        raise DomainError("Su rol no permite importar este tipo de archivo.", field="tipo")
    try:
        get_fondo(values["fondo_id"])
    except NotFound as err:
        raise DomainError("El fondo no existe.", field="fondo_id") from err
    if _is_empty(upload):
        raise DomainError("El archivo está vacío.", field="archivo")
    return store.create_run(base, actor, values, filename=filename, upload=upload)


def _is_empty(upload: BinaryIO) -> bool:
    start = upload.tell()
    empty = not upload.read(1)
    upload.seek(start)
    return empty


def confirm(base, actor, run_id: str, modo: str | None) -> tuple[str, bool]:
    """Queue the load of the file a finished dry run validated, in the chosen mode.

    Returns (run id, True when it is new to start): confirming twice returns the first
    confirmation's run instead of importing again.
    """
    meta = store.get_run(base, run_id, actor)
    try:
        modo = Modo(modo or Modo.ALL_OR_NOTHING)
    except ValueError as err:
        raise DomainError("Elija cómo cargar el archivo.", field="modo") from err
    if not meta["dry_run"] or meta["status"] != store.Status.DONE:
        raise DomainError("Solo se confirma una validación terminada.")
    if meta.get("confirmed_by"):
        return meta["confirmed_by"], False
    if meta.get("has_errors") and modo is Modo.ALL_OR_NOTHING:
        raise DomainError("El archivo tiene errores: corríjalos y súbalo de nuevo, o cargue "
                          "solo las filas válidas.")
    try:
        upload = store.upload_path(base, run_id, actor)
    except NotFound as err:  # deleted by retention, or a validation made through the API
        raise DomainError("El archivo ya no está disponible: súbalo de nuevo.") from err
    options = {"tipo": meta["tipo"], "fondo_id": meta["fondo_id"], "dry_run": False,
               "modo": modo}
    child = store.create_run(base, actor, options, filename=meta["filename"], upload=upload,
                             parent=run_id)
    store.update(base, run_id, confirmed_by=child)
    return child, True
