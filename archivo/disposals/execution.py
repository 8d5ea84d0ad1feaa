"""Executing a baja: re-check the guard, tombstone the files, destroy their bytes; tombstones."""

import datetime as dt
import logging

from sqlalchemy import func, select, update

from archivo.audit import service as audit
from archivo.catalog.models import Serie
from archivo.db import get_session, utcnow
from archivo.disposals.guard import execution_failures, proposed_ids
from archivo.disposals.models import Baja, BajaItem, EstadoBaja, EstadoItemBaja
from archivo.disposals.schemas import ActaSchema
from archivo.disposals.service import LABEL, header, load_baja
from archivo.disposals.states import STEPS
from archivo.errors import DomainError, NotFound
from archivo.holds.blocking import chunks, lock_expedientes
from archivo.mensajes import Mensaje
from archivo.records.enums import Etapa
from archivo.records.models import Documento, Expediente
from archivo.search.outbox import enqueue
from archivo.transfers.common import (
    check_step,
    check_version,
    conflict_on_stale,
    expire_expedientes,
)
from archivo.uow import UnitOfWork, transactional

log = logging.getLogger(__name__)


def _folio(session, fecha: dt.date) -> str:
    """Next acta folio NNNN-YY of that year."""
    suffix = f"-{fecha:%y}"
    n = session.scalar(select(func.count()).select_from(Baja).where(
        Baja.acta_folio.endswith(suffix)))
    return f"{n + 1:04d}{suffix}"


def _lock_series(session, ids: list[int]) -> None:
    """Lock the series involved, so a serie-wide hold waits for (or blocks) the execution."""
    if session.get_bind().dialect.name == "sqlite" or not ids:
        return
    session.execute(select(Serie.id).where(Serie.id.in_(
        select(BajaItem.serie_id).where(BajaItem.expediente_id.in_(ids)).distinct()
    )).with_for_update())


@transactional
@conflict_on_stale
def execute_baja(actor, baja_id: int, data: dict, *, store, uow: UnitOfWork,
                 expected_version: int | None = None, today: dt.date | None = None) -> Baja:
    """Execute with the acta de baja: guard again, exclude failures with reasons, destroy bytes.

    Expediente rows are never deleted: they become tombstones in etapa `baja`. Document
    bytes are destroyed after commit (a rollback must never leave content destroyed),
    and only when no live document elsewhere shares the same content.
    """
    session, today = uow.session, today or dt.date.today()
    b = load_baja(baja_id, session, lock=True)
    check_step(STEPS["ejecutar"], b, actor, etiqueta=LABEL)
    check_version(b, expected_version)
    values = ActaSchema().load(data)
    if values["fecha"] < (b.dictamen_fecha or values["fecha"]):
        raise DomainError("El acta no puede ser anterior al dictamen ({fecha}).", field="fecha",
                          fecha=b.dictamen_fecha)
    ids = proposed_ids(session, b)
    lock_expedientes(session, ids)
    for batch in chunks(ids):
        _lock_series(session, batch)
    facts, failures = execution_failures(session, b, ids, today)
    excluded = {i: m for i, m in failures.items() if m}
    ok = [i for i in ids if i not in excluded]
    if not ok:
        first = min(excluded)
        raise DomainError("Ningún expediente de la baja {numero} cumple hoy las condiciones; "
                          "por ejemplo: {motivo}", numero=b.numero,
                          motivo=Mensaje.unidos(m.mensaje for m in excluded[first]))
    item_ids = dict(session.execute(select(BajaItem.expediente_id, BajaItem.id).where(
        BajaItem.baja_id == b.id)).all())
    rows = [{"id": item_ids[i], "estado": EstadoItemBaja.EXCLUIDO,
             "motivo_exclusion": " ".join(str(m) for m in ms)} for i, ms in excluded.items()]
    for batch in chunks(rows, 2000):
        session.execute(update(BajaItem), batch)
    executed = select(BajaItem.expediente_id).where(BajaItem.baja_id == b.id,
                                                    BajaItem.estado == EstadoItemBaja.PROPUESTO)
    now = utcnow()
    cajas = session.scalar(select(func.count(func.distinct(Expediente.ubicacion_caja)))
                           .where(Expediente.id.in_(executed)))
    session.execute(update(Expediente).where(
        Expediente.id.in_(executed), Expediente.etapa == Etapa.CONCENTRACION)
        .values(etapa=Etapa.BAJA, version_id=Expediente.version_id + 1, updated_at=now)
        .execution_options(synchronize_session=False))
    docs = session.execute(select(Documento.id, Documento.nombre, Documento.tamano,
                                  Documento.sha256).where(
        Documento.expediente_id.in_(executed), Documento.contenido_destruido_at.is_(None))
        .order_by(Documento.id)).all()
    # The extracted text is content too: it goes with the bytes; name/size/sha256 stay.
    session.execute(update(Documento).where(
        Documento.expediente_id.in_(executed), Documento.contenido_destruido_at.is_(None))
        .values(contenido_destruido_at=now, texto=None)
        .execution_options(synchronize_session=False))
    session.execute(update(BajaItem).where(BajaItem.baja_id == b.id,
                                           BajaItem.estado == EstadoItemBaja.PROPUESTO)
                    .values(estado=EstadoItemBaja.EJECUTADO)
                    .execution_options(synchronize_session=False))
    expire_expedientes(session)
    before = header(b)
    b.estado = EstadoBaja.EJECUTADA
    b.acta_folio = values["folio"] or _folio(session, values["fecha"])
    b.acta_fecha, b.acta_lugar, b.acta_metodo = values["fecha"], values["lugar"], values["metodo"]
    b.acta_destino_papel = values["destino_papel"]
    b.volumen_expedientes = len(ok)
    b.volumen_cajas = values["cajas"] if values["cajas"] is not None else cajas
    b.volumen_metros_lineales, b.volumen_kg = values["metros_lineales"], values["peso_kg"]
    b.testigos = values["testigos"]
    b.documentos_destruidos = len(docs)
    b.ejecutada_at, b.ejecutada_by_id = now, actor.id
    session.flush()
    claves = {i: f.clave for i, f in facts.items()}
    audit.record(uow, actor, "baja.ejecutar", LABEL, b.id, before=before, after={
        **header(b), "expediente_ids": ok, "claves": [claves[i] for i in ok],
        "excluidos": [{"expediente_id": i, "clave": claves[i], "motivos": [str(m) for m in ms]}
                      for i, ms in sorted(excluded.items())],
        "documentos_destruidos": [{"id": d.id, "nombre": d.nombre, "tamano": d.tamano,
                                   "sha256": d.sha256} for d in docs],
        "volumen": {"expedientes": len(ok), "cajas": b.volumen_cajas,
                    "metros_lineales": b.volumen_metros_lineales, "kg": b.volumen_kg}})
    enqueue(uow, ok)
    digests = sorted({d.sha256 for d in docs})
    uow.on_commit(lambda: purge_bytes(store, digests))
    return b


def purge_bytes(store, digests: list[str]) -> int:
    """Destroy stored bytes no live document references any more (repairable: re-runnable)."""
    session = get_session()
    destroyed = 0
    for batch in chunks(digests):
        live = set(session.scalars(select(Documento.sha256).where(
            Documento.sha256.in_(batch), Documento.contenido_destruido_at.is_(None))))
        for digest in batch:
            if digest not in live and store.destroy(digest):
                destroyed += 1
    return destroyed


def tombstone(expediente_id: int) -> dict:
    """Public evidence of a lawfully disposed expediente: metadata, dictamen, acta, files."""
    session = get_session()
    exp = session.get(Expediente, expediente_id)
    if exp is None:
        raise NotFound("El expediente no existe.")
    row = session.execute(select(Baja).join(BajaItem, BajaItem.baja_id == Baja.id).where(
        BajaItem.expediente_id == exp.id, BajaItem.estado == EstadoItemBaja.EJECUTADO)).first()
    if exp.etapa != Etapa.BAJA or row is None:
        raise NotFound("El expediente {clave} no ha sido dado de baja.", clave=exp.clave)
    b = row[0]
    docs = session.scalars(select(Documento).where(Documento.expediente_id == exp.id)
                           .order_by(Documento.id))
    return {
        "expediente_id": exp.id, "clave": exp.clave, "titulo": exp.titulo,
        "serie": exp.serie.codigo, "unidad": exp.unidad.nombre,
        "fecha_apertura": exp.fecha_apertura, "fecha_cierre": exp.fecha_cierre,
        "fojas": exp.fojas, "etapa": exp.etapa.value,
        "baja": {"id": b.id, "numero": b.numero, "gi_acta": b.gi_acta, "gi_fecha": b.gi_fecha},
        "dictamen": {"numero": b.dictamen_numero, "fecha": b.dictamen_fecha,
                     "autoridad": b.dictamen_autoridad},
        "acta": {"folio": b.acta_folio, "fecha": b.acta_fecha, "lugar": b.acta_lugar,
                 "metodo": b.acta_metodo, "destino_papel": b.acta_destino_papel},
        "documentos_destruidos": [{"nombre": d.nombre, "tamano": d.tamano, "sha256": d.sha256,
                                   "contenido_destruido_at": d.contenido_destruido_at}
                                  for d in docs],
    }
