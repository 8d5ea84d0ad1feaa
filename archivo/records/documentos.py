"""Use cases of electronic documents inside an expediente."""

from pathlib import Path

from sqlalchemy import select

from archivo.audit import service as audit
from archivo.auth import policies
from archivo.catalog.enums import Acceso
from archivo.db import get_session
from archivo.errors import DomainError, InvalidTransition, NotFound
from archivo.records.enums import Etapa
from archivo.records.models import Documento
from archivo.records.policies import require_expediente_read
from archivo.records.service import load_expediente
from archivo.records.storage import FileStore, StorageError, extract_text, sniff_type
from archivo.search.outbox import enqueue
from archivo.uow import UnitOfWork, transactional


@transactional
def add_documento(actor, expediente_id: int, filename: str, stream, *, store: FileStore,
                  max_bytes: int, uow: UnitOfWork) -> Documento:
    """Attach a document to an open expediente; content stored by sha256, text extracted."""
    exp = load_expediente(expediente_id, uow.session)
    policies.require(actor, "documento.write", unidad_id=exp.unidad_id)
    if exp.closed_at is not None:
        raise InvalidTransition("El expediente {clave} está cerrado: no admite documentos.",
                                clave=exp.clave)
    name = Path(filename or "").name.strip()
    if not name or len(name) > 255:
        raise DomainError("Nombre de archivo no válido.", field="archivo")
    try:
        head = stream.read(16)
        mime = sniff_type(name, head)
        digest, size, path = store.save(_Prepend(head, stream), max_bytes)
    except StorageError as err:
        raise DomainError(str(err), field="archivo") from err
    doc = Documento(expediente_id=exp.id, nombre=name, tipo=mime, tamano=size, sha256=digest,
                    texto=extract_text(path, mime), uploaded_by_id=getattr(actor, "id", None))
    uow.session.add(doc)
    uow.session.flush()
    audit.record(uow, actor, "documento.agregar", "expediente", exp.id,
                 after={"documento_id": doc.id, "nombre": name, "tamano": size,
                        "sha256": digest, "tipo": mime})
    enqueue(uow, [exp.id])
    return doc


class _Prepend:
    """A stream that yields `head` and then the rest of `stream`."""

    def __init__(self, head: bytes, stream):
        self._head, self._stream = head, stream

    def read(self, n: int = -1) -> bytes:
        if self._head:
            out, self._head = self._head, b""
            return out
        return self._stream.read(n)


def list_documentos(expediente_id: int) -> list[Documento]:
    """Documents of an expediente, oldest first."""
    return list(get_session().scalars(
        select(Documento).where(Documento.expediente_id == expediente_id)
        .order_by(Documento.id)))


def documento_for_download(actor, documento_id: int) -> Documento:
    """A document whose content the actor may download.

    Staff may download any live document of an expediente they may read (a confidential
    one needs `read.confidential`). The public only gets documents of public expedientes
    already in the archivo histórico; everything else is hidden as 404.
    """
    doc = get_session().get(Documento, documento_id)
    if doc is None:
        raise NotFound("El documento no existe.")
    exp = doc.expediente
    if policies.is_staff(actor):
        require_expediente_read(actor, exp)
    elif not (exp.acceso == Acceso.PUBLICA and exp.etapa == Etapa.HISTORICO
              and not exp.datos_personales_sensibles):
        raise NotFound("El documento no existe.")
    if doc.contenido_destruido_at is not None:
        raise DomainError("El contenido de este documento fue destruido en una baja "
                          "documental autorizada; se conserva su registro.")
    return doc
