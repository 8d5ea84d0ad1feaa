"""Use cases of bulk import (CGCA/CADIDO, inventarios): dry run first, one transaction each."""

import hashlib
import io
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from archivo.audit import service as audit
from archivo.auth import policies
from archivo.auth.models import Usuario
from archivo.auth.roles import Rol
from archivo.catalog.models import Fondo
from archivo.catalog.service import get_fondo
from archivo.db import get_session, utcnow
from archivo.errors import NotFound
from archivo.imports.cadido_loader import CatalogueLoader
from archivo.imports.cadido_rows import parse_cadido
from archivo.imports.expediente_loader import ExpedienteLoader
from archivo.imports.expediente_rows import iter_expedientes
from archivo.imports.readers import Source
from archivo.imports.report import ImportReport
from archivo.imports.schemas import ImportInputSchema, Modo, Tipo
from archivo.uow import UnitOfWork, transactional

Progress = Callable[[int], None] | None
DEFAULT_MAX_ENTRIES = 500
# The permission each kind of import needs (the web page checks it before queueing).
PERMISSION = {Tipo.CADIDO: "catalog.write", Tipo.EXPEDIENTES: "expediente.write"}


@dataclass
class ImportOutcome:
    """The report of one import plus what was (or, in a dry run, would be) written."""

    tipo: Tipo
    modo: Modo
    dry_run: bool
    fondo_id: int
    filename: str | None
    sha256: str
    report: ImportReport
    written: bool = False
    counts: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)

    @property
    def has_errors(self) -> bool:
        """True when any row (or the file) has an error."""
        return self.report.has_errors

    def rejected_csv(self) -> bytes | None:
        """Rejected rows with their reasons (UTF-8 CSV), or None when none was rejected."""
        return self.report.to_csv() if self.report.error_rows else None

    def to_dict(self, *, max_entries: int | None = DEFAULT_MAX_ENTRIES) -> dict:
        """JSON view; entries capped at `max_entries` (None: all) with their total."""
        report = self.report.to_dict()
        total = len(report["entries"])
        if max_entries is not None:
            report["entries"] = report["entries"][:max_entries]
        report["entries_total"] = total
        report["entries_truncated"] = len(report["entries"]) < total
        return {"tipo": self.tipo.value, "modo": self.modo.value, "dry_run": self.dry_run,
                "fondo_id": self.fondo_id, "filename": self.filename, "sha256": self.sha256,
                "written": self.written, "has_errors": self.has_errors,
                "counts": {**self.counts, "rejected": len(self.report.error_rows),
                           "rows_read": self.report.rows_read},
                **self.extra, "report": report}


def _seekable(source: Source) -> Source:
    if isinstance(source, str | os.PathLike | bytes | bytearray) or source.seekable():
        return source
    return io.BytesIO(source.read())


def file_sha256(source: Source) -> str:
    """sha256 of the file's bytes (streams are rewound to where they were)."""
    digest = hashlib.sha256()
    if isinstance(source, bytes | bytearray):
        digest.update(source)
        return digest.hexdigest()
    if isinstance(source, str | os.PathLike):
        with open(source, "rb") as fp:
            while chunk := fp.read(1 << 20):
                digest.update(chunk)
        return digest.hexdigest()
    start = source.tell()
    while chunk := source.read(1 << 20):
        digest.update(chunk)
    source.seek(start)
    return digest.hexdigest()


def fondo_by_clave(clave: str | None) -> Fondo:
    """The fondo with that clave (or the only/first one when None), else NotFound."""
    stmt = select(Fondo).order_by(Fondo.id).limit(1)
    if clave:
        stmt = select(Fondo).where(Fondo.clave == clave)
    fondo = get_session().scalar(stmt)
    if fondo is None:
        raise NotFound("El fondo no existe.")
    return fondo


def cli_actor(username: str | None):
    """The user a command-line import acts as: by username, else the first administrator."""
    stmt = select(Usuario).where(Usuario.activo.is_(True))
    stmt = stmt.where(Usuario.username == username) if username else \
        stmt.where(Usuario.rol == Rol.ADMINISTRADOR).order_by(Usuario.id).limit(1)
    actor = get_session().scalar(stmt)
    if actor is None:
        raise NotFound("No existe el usuario activo {usuario}.", usuario=username or "admin")
    return actor


def run_import(actor, data: dict, source: Source, *, filename: str | None = None,
               progress: Progress = None) -> ImportOutcome:
    """Load the request's options (tipo, fondo_id, dry_run, modo) and run that import."""
    values = ImportInputSchema().load(data)
    run = import_cadido if values["tipo"] is Tipo.CADIDO else import_expedientes
    return run(actor, values["fondo_id"], source, filename=filename, dry_run=values["dry_run"],
               modo=values["modo"], progress=progress)


def _audit_after(outcome: ImportOutcome) -> dict:
    return {"archivo": outcome.filename, "sha256": outcome.sha256, "modo": outcome.modo.value,
            "creados": outcome.counts.get("created", 0),
            "actualizados": outcome.counts.get("updated", 0),
            "sin_cambios": outcome.counts.get("unchanged", 0),
            "rechazados": len(outcome.report.error_rows)}


# --- CGCA / CADIDO ---------------------------------------------------------------------

def import_cadido(actor, fondo_id: int, source: Source, *, filename: str | None = None,
                  dry_run: bool = True, modo: Modo = Modo.ALL_OR_NOTHING,
                  progress: Progress = None) -> ImportOutcome:
    """Import a CGCA or CADIDO: upsert by normalised code; rules go into the open draft."""
    policies.require(actor, PERMISSION[Tipo.CADIDO])
    fondo = get_fondo(fondo_id)
    source = _seekable(source)
    filename = filename or _name_of(source)
    outcome = ImportOutcome(Tipo.CADIDO, Modo(modo), dry_run, fondo.id, filename,
                            file_sha256(source), ImportReport("cadido"))
    parsed = parse_cadido(source, filename=filename)
    outcome.report = parsed.report
    if progress:
        progress(parsed.report.rows_read)
    if dry_run:
        loader = CatalogueLoader(get_session(), actor, fondo, parsed)
        _cadido_counts(outcome, loader, loader.check())
        return outcome
    return _write_cadido(actor, fondo, parsed, outcome)


@transactional
def _write_cadido(actor, fondo, parsed, outcome: ImportOutcome, *, uow: UnitOfWork
                  ) -> ImportOutcome:
    loader = CatalogueLoader(uow.session, actor, fondo, parsed)
    counts = loader.check()
    _cadido_counts(outcome, loader, counts)
    if outcome.modo is Modo.ALL_OR_NOTHING and outcome.has_errors:
        return outcome  # the checks only read: nothing was written
    draft = loader.apply(uow, f"Importación de {outcome.filename or 'archivo'}")
    if draft is not None:
        outcome.extra["version"] = draft.numero
    outcome.written = True
    event = audit.record(uow, actor, "importacion.cadido", "fondo", fondo.id, after={
        **_audit_after(outcome), "reglas": counts.reglas, "version": outcome.extra["version"],
        "codigos": counts.codes})
    outcome.extra["audit_seq"] = event.seq
    return outcome


def _cadido_counts(outcome: ImportOutcome, loader: CatalogueLoader, counts) -> None:
    outcome.counts = {"created": counts.created, "updated": counts.updated,
                      "unchanged": counts.unchanged, "reglas": counts.reglas,
                      "reglas_sin_cambio": counts.reglas_sin_cambio}
    draft = loader.draft
    outcome.extra = {"version": draft.numero if draft else None,
                     "series_sin_regla": loader.sin_regla[:200],
                     "series_sin_regla_total": len(loader.sin_regla)}


# --- Expedientes -----------------------------------------------------------------------

def import_expedientes(actor, fondo_id: int, source: Source, *, filename: str | None = None,
                       dry_run: bool = True, modo: Modo = Modo.ALL_OR_NOTHING,
                       progress: Progress = None, today=None) -> ImportOutcome:
    """Import an inventario: new expedientes in bulk, existing keys updated, streamed."""
    policies.require(actor, PERMISSION[Tipo.EXPEDIENTES])
    fondo = get_fondo(fondo_id)
    source = _seekable(source)
    filename = filename or _name_of(source)
    outcome = ImportOutcome(Tipo.EXPEDIENTES, Modo(modo), dry_run, fondo.id, filename,
                            file_sha256(source), ImportReport("expedientes"))
    rows = iter_expedientes(source, outcome.report, filename=filename, today=today)
    if dry_run:
        loader = ExpedienteLoader(get_session(), actor, fondo, outcome.report, now=utcnow())
        _expediente_counts(outcome, loader.load(rows, progress))
        return outcome
    return _write_expedientes(actor, fondo, rows, outcome, progress)


@transactional
def _write_expedientes(actor, fondo, rows, outcome: ImportOutcome, progress: Progress, *,
                       uow: UnitOfWork) -> ImportOutcome:
    all_or_nothing = outcome.modo is Modo.ALL_OR_NOTHING
    savepoint = uow.session.begin_nested()  # undone when an all-or-nothing file has errors
    loader = ExpedienteLoader(uow.session, actor, fondo, outcome.report, uow=uow,
                              stop_on_error=all_or_nothing, now=utcnow())
    _expediente_counts(outcome, loader.load(rows, progress))
    if all_or_nothing and outcome.has_errors:
        savepoint.rollback()
        return outcome
    savepoint.commit()
    outcome.written = True
    event = audit.record(uow, actor, "importacion.expedientes", "fondo", fondo.id,
                         after=_audit_after(outcome))
    outcome.extra["audit_seq"] = event.seq
    return outcome


def _expediente_counts(outcome: ImportOutcome, counts) -> None:
    outcome.counts = {"created": counts.created, "updated": counts.updated,
                      "unchanged": counts.unchanged}


def _name_of(source: Source) -> str | None:
    if isinstance(source, str | os.PathLike):
        return Path(source).name
    return getattr(source, "name", None) if isinstance(getattr(source, "name", None),
                                                        str) else None
