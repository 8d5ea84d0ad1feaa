"""Issue instruments from the database (PDF, CSV or JSON), record them, and verify them."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from flask import current_app

from archivo import clock
from archivo.addresses import public_address
from archivo.audit import service as audit
from archivo.auth import policies
from archivo.catalog.models import Fondo
from archivo.catalog.service import default_fondo
from archivo.db import get_session
from archivo.errors import NotFound
from archivo.i18n import N_
from archivo.instruments import opendata
from archivo.instruments.layout import load_layout
from archivo.instruments.models import InstrumentoEmitido
from archivo.instruments.render import render_pdf
from archivo.instruments.schemas import InstrumentQuerySchema
from archivo.instruments.sources.base import Source
from archivo.instruments.sources.registry import BUILDERS, PUBLIC_KINDS
from archivo.instruments.verification import RowDigest, pdf_sha256
from archivo.records.models import Expediente
from archivo.records.policies import require_expediente_read
from archivo.uow import UnitOfWork, transactional

# Flask appends "; charset=utf-8" to text/* mimetypes itself: naming it here sent it twice.
MIMETYPES = {"pdf": "application/pdf", "csv": "text/csv", "json": "application/json"}
VERIFY_PATH = "/consulta/instrumentos/verificar"
PUBLIC_RECORD_PATH = "/consulta/expedientes/{id}"
# Printed instead of a host when ARCHIVO_PUBLIC_BASE_URL is unset and there is no request
# to take the host from (CLI): visibly incomplete rather than a wrong, plausible address.

log = logging.getLogger(__name__)


@dataclass
class Issued:
    """An issued instrument file and its record."""

    content: bytes
    mimetype: str
    filename: str
    record: InstrumentoEmitido


def is_public(kind: str) -> bool:
    """True for instruments anyone may download (published by transparency law)."""
    return kind in PUBLIC_KINDS


def prepare(actor, params: Mapping) -> tuple[dict, Source]:
    """Validate the request, authorise it and build the instrument's data source."""
    q = InstrumentQuerySchema().load(dict(params))
    if not is_public(q["kind"]):
        policies.require(actor, "read")
    fondo = _fondo(q["fondo"])
    if q["kind"] == "caratula":
        _authorise_caratula(actor, q["expediente"])
    return q, BUILDERS[q["kind"]](fondo, q, actor)


def issue(actor, params: Mapping, *,
          progress: Callable[[int, int | None], None] | None = None) -> Issued:
    """Render an instrument, then record its sha256 and code (audit event + index table).

    `progress(done, total)` is called as PDF rows are laid out (total None when unknown).

    Rendering reads only, outside any write transaction, so a long inventory never
    holds the database's write lock; the record is one short transaction afterwards.
    """
    q, source = prepare(actor, params)
    fmt = q["format"]
    layout = load_layout(source.kind)
    on_rows = None
    if progress is not None:
        total = source.count() if source.count else None
        on_rows = lambda n: progress(n, total)  # noqa: E731
    digest = RowDigest(source.kind, source.subject, source.data_version)
    counter = _Counter()
    rows = counter.wrap(digest.wrap(source.rows()))
    if fmt == "pdf":
        content = render_pdf(
            layout, source.header, rows, source.closing, fondo=source.fondo_info,
            verification_code=digest.code, verify_url=public_address(VERIFY_PATH),
            generated_at=clock.now(), public_url=_public_url(source), progress=on_rows)
    elif fmt == "csv" and not layout.columns:
        content = opendata.fields_csv(layout, source.header)
    elif fmt == "csv":
        content = opendata.to_csv(layout, rows)
    else:
        content = opendata.to_json(layout, source.header, rows, source.closing)
    record = _record(actor, source, fmt, content, digest, counter.n)
    return Issued(content, MIMETYPES[fmt], f"{source.filename}.{fmt}", record)


class _Counter:
    """Counts rows as they stream past."""

    def __init__(self):
        self.n = 0

    def wrap(self, rows) -> Iterator[Mapping]:
        for row in rows:
            self.n += 1
            yield row


@transactional
def _record(actor, source: Source, fmt: str, content: bytes, digest: RowDigest, n: int, *,
            uow: UnitOfWork) -> InstrumentoEmitido:
    """Index the issued file and write the same fact to the audit chain."""
    record = InstrumentoEmitido(
        kind=source.kind, subject=source.subject, titulo=source.titulo[:255], formato=fmt,
        sha256=pdf_sha256(content), digest=digest.hexdigest(), codigo=digest.code(),
        data_version=source.data_version[:60], registros=n, publico=is_public(source.kind),
        emitido_by_id=getattr(actor, "id", None),
        emitido_por=getattr(actor, "nombre", None) or "Consulta pública")
    uow.session.add(record)
    uow.session.flush()
    # Staff issuing is an act worth chaining. An anonymous download of a published
    # instrument is not: recording each one would let anyone flood the tamper-evident
    # chain with GETs. Its row above still lets the public verify the file.
    if policies.is_staff(actor):
        audit.record(uow, actor, "instrumento.emitido", "instrumento", record.id, after={
            "kind": record.kind, "subject": record.subject, "formato": fmt,
            "sha256": record.sha256, "codigo": record.codigo, "registros": n})
    return record


def _fondo(fondo_id: int | None) -> Fondo:
    fondo = get_session().get(Fondo, fondo_id) if fondo_id else default_fondo()
    if fondo is None:
        raise NotFound(N_("El fondo no existe."), field="fondo" if fondo_id else None)
    return fondo


def _authorise_caratula(actor, expediente_id: int) -> None:
    """A cover prints the title: shown only to those who may read the expediente."""
    exp = get_session().get(Expediente, expediente_id)
    if exp is not None:  # a missing one is the source's field error
        require_expediente_read(actor, exp)


def _public_url(source: Source) -> str | None:
    """The QR target: the expediente's public page, built from its endpoint when registered."""
    if source.public_url is None:
        return None
    ident = source.subject.split(":", 1)[1]
    adapter = current_app.url_map.bind("localhost")
    for rule in current_app.url_map.iter_rules():
        if rule.rule.startswith("/consulta/expedientes/<") and len(rule.arguments) == 1:
            (name,) = rule.arguments
            return public_address(adapter.build(rule.endpoint, {name: ident}))
    return public_address(source.public_url)
