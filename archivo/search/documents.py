"""Build SearchDocuments from the database: one per expediente, streamed in chunks."""

from collections import defaultdict, namedtuple
from collections.abc import Iterable, Iterator

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from archivo.catalog.enums import Acceso
from archivo.catalog.models import Seccion, Serie, UnidadAdministrativa
from archivo.disposals.models import Baja, BajaItem, EstadoItemBaja
from archivo.holds.models import Congelamiento
from archivo.records.enums import Etapa
from archivo.records.models import Documento, Expediente
from archivo.search.backend import SearchDocument

# Expedientes per round trip. Attached text can reach megabytes per expediente, so a
# chunk is small enough to keep memory flat and large enough to amortise the queries.
CHUNK = 200


def iter_documents(
    session: Session, ids: Iterable[int] | None = None, chunk: int = CHUNK
) -> Iterator[SearchDocument]:
    """Documents for `ids` (every expediente when None), in id order, CHUNK at a time.

    Four queries per chunk whatever its size: expedientes with serie, sección and
    unidad joined; active holds; attached text; executed bajas. Plain rows, not ORM
    objects: a full rebuild reads every expediente, and the identity map would cost
    more than the query. Ids that no longer exist are skipped (the caller deletes
    them from the index).
    """
    if ids is None:
        last = 0
        while True:
            after_last = _SELECT.where(Expediente.id > last)
            batch = _rows(session, after_last.order_by(Expediente.id).limit(chunk))
            if not batch:
                return
            # Every expediente with an id in this span is in the batch.
            yield from _documents(session, batch, span=(batch[0].id, batch[-1].id))
            last = batch[-1].id
    else:
        wanted = sorted(set(ids))
        for start in range(0, len(wanted), chunk):
            part = wanted[start : start + chunk]
            batch = _rows(session, _SELECT.where(Expediente.id.in_(part)).order_by(Expediente.id))
            yield from _documents(session, batch)


def build_document(session: Session, expediente_id: int) -> SearchDocument | None:
    """The document of one expediente, or None if it does not exist."""
    return next(iter_documents(session, [expediente_id]), None)


_SELECT = (
    select(
        Expediente.id, Expediente.clave, Expediente.titulo, Expediente.descripcion,
        Expediente.palabras_clave, Expediente.fecha_apertura, Expediente.fecha_cierre,
        Expediente.anio, Expediente.etapa, Expediente.acceso, Expediente.updated_at,
        Expediente.reserva_fecha_clasificacion, Expediente.reserva_plazo_anios,
        Expediente.reserva_prorroga_anios, Expediente.reserva_fundamento,
        Expediente.confidencial_fundamento, Expediente.serie_id,
        Serie.parent_id.label("serie_parent_id"), Serie.codigo.label("serie_codigo"),
        Serie.nombre.label("serie_nombre"), Seccion.codigo.label("seccion_codigo"),
        Seccion.nombre.label("seccion_nombre"), UnidadAdministrativa.clave.label("unidad_clave"),
        UnidadAdministrativa.nombre.label("unidad_nombre"),
    )
    .join(Serie, Serie.id == Expediente.serie_id)
    .join(Seccion, Seccion.id == Serie.seccion_id)
    .join(UnidadAdministrativa, UnidadAdministrativa.id == Expediente.unidad_id)
)  # fmt: skip


# Plain named tuples: a SQLAlchemy Row's attributes cost ~1.2 us each to read, and
# to_document reads ~25 of them per expediente (a third of a full scan's time).
_Row = namedtuple("_Row", [column.name for column in _SELECT.selected_columns])


def _rows(session, stmt) -> list[_Row]:
    return [_Row._make(row) for row in session.execute(stmt)]


def _documents(session, batch, span: tuple[int, int] | None = None) -> Iterator[SearchDocument]:
    ids = [e.id for e in batch]
    holds = _active_holds(session, batch, span)
    texts = _attached_text(session, ids, span)
    bajas = _executed_bajas(session, ids, span)
    for exp in batch:
        yield to_document(exp, holds.get(exp.id, []), texts.get(exp.id, ""), bajas.get(exp.id))


def to_document(exp, holds: list[str], text: str, baja: Baja | None) -> SearchDocument:
    """Map an expediente row (see _SELECT) and its related data."""
    acceso = Acceso(exp.acceso)
    reservada = acceso == Acceso.RESERVADA
    if reservada:
        fundamento = exp.reserva_fundamento or ""
    elif acceso == Acceso.CONFIDENCIAL:
        fundamento = exp.confidencial_fundamento or ""
    else:
        fundamento = ""
    # The model's rule, applied to the row (it reads only the reserve columns).
    reserva_fin = Expediente.reserva_vence.fget(exp)
    return SearchDocument(
        id=exp.id,
        clave=exp.clave,
        titulo=exp.titulo,
        descripcion=exp.descripcion or "",
        palabras_clave=split_keywords(exp.palabras_clave),
        serie_codigo=exp.serie_codigo,
        serie_nombre=exp.serie_nombre,
        seccion_codigo=exp.seccion_codigo,
        seccion_nombre=exp.seccion_nombre,
        unidad_clave=exp.unidad_clave,
        unidad_nombre=exp.unidad_nombre,
        fecha_apertura=exp.fecha_apertura,
        fecha_cierre=exp.fecha_cierre,
        anio=exp.anio,
        etapa=Etapa(exp.etapa).value,
        acceso=acceso.value,
        holds=holds,
        documentos_texto=text,
        reserva_inicio=exp.reserva_fecha_clasificacion if reservada else None,
        reserva_fin=reserva_fin,
        fundamento=fundamento,
        acta_baja=(baja.acta_folio or "") if baja else "",
        dictamen_baja=(baja.dictamen_numero or "") if baja else "",
        fecha_baja=baja.acta_fecha if baja else None,
        updated_at=exp.updated_at,
    )


def split_keywords(value: str | None) -> list[str]:
    """Palabras clave are typed comma- or semicolon-separated."""
    if not value:
        return []
    parts = value.replace(";", ",").split(",")
    return [p.strip() for p in parts if p.strip()]


def _among(column, ids: list[int], span: tuple[int, int] | None):
    """`column` within the chunk: by id range when the chunk is a whole span of ids (a
    full scan: compiling 200-element IN lists cost more than running the queries)."""
    return column.between(*span) if span else column.in_(ids)


def _active_holds(session, batch, span) -> dict[int, list[str]]:
    """Motivos of active holds per expediente: its own, its serie's, its parent serie's."""
    ids = [e.id for e in batch]
    serie_of = {e.id: {e.serie_id, e.serie_parent_id} - {None} for e in batch}
    series = set().union(*serie_of.values()) if serie_of else set()
    rows = session.execute(
        select(Congelamiento.expediente_id, Congelamiento.serie_id, Congelamiento.motivo)
        .where(
            Congelamiento.levantado_at.is_(None),
            or_(_among(Congelamiento.expediente_id, ids, span), Congelamiento.serie_id.in_(series)),
        )
        .order_by(Congelamiento.id)
    ).all()
    by_exp, by_serie = defaultdict(list), defaultdict(list)
    for exp_id, serie_id, motivo in rows:
        (by_exp[exp_id] if exp_id is not None else by_serie[serie_id]).append(motivo.value)
    out = {}
    for exp_id in ids:
        motivos = list(by_exp.get(exp_id, []))
        for serie_id in sorted(serie_of[exp_id]):
            motivos += by_serie.get(serie_id, [])
        if motivos:
            out[exp_id] = list(dict.fromkeys(motivos))
    return out


def _attached_text(session, ids, span) -> dict[int, str]:
    """Extracted text of the documents still held (a baja destroys text with bytes)."""
    rows = session.execute(
        select(Documento.expediente_id, Documento.texto)
        .where(
            _among(Documento.expediente_id, ids, span),
            Documento.texto.is_not(None),
            Documento.contenido_destruido_at.is_(None),
        )
        .order_by(Documento.id)
    ).all()
    out = defaultdict(list)
    for exp_id, texto in rows:
        out[exp_id].append(texto)
    return {k: "\n".join(v) for k, v in out.items()}


def _executed_bajas(session, ids, span) -> dict[int, Baja]:
    """The baja that disposed each expediente (the tombstone's acta and dictamen)."""
    rows = session.execute(
        select(BajaItem.expediente_id, Baja)
        .join(Baja, Baja.id == BajaItem.baja_id)
        .where(
            _among(BajaItem.expediente_id, ids, span),
            BajaItem.estado == EstadoItemBaja.EJECUTADO,
        )
    ).all()
    return {exp_id: baja for exp_id, baja in rows}
