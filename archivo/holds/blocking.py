"""Set-based loading of ExpedienteFacts with the holds, loans and samplings that block them."""

from collections import defaultdict
from collections.abc import Iterable, Iterator

from sqlalchemy import and_, exists, select
from sqlalchemy.orm import Session

from archivo.catalog.models import ReglaCadido, Serie
from archivo.holds.models import Congelamiento
from archivo.holds.rules import ExpedienteFacts
from archivo.loans.models import ACTIVOS, Prestamo
from archivo.records.models import Expediente
from archivo.records.rules import add_years
from archivo.transfers.models import (
    EstadoTransferencia,
    TipoTransferencia,
    Transferencia,
    TransferenciaItem,
)

CHUNK = 900  # under SQLite's bound-parameter limit on every version
E, R = Expediente, ReglaCadido
_COLUMNS = (E.id, E.clave, E.serie_id, E.unidad_id, E.etapa, E.fecha_apertura, E.fecha_cierre,
            E.closed_at, E.acceso, E.reserva_fecha_clasificacion, E.reserva_plazo_anios,
            E.reserva_prorroga_anios, E.violaciones_ddhh, E.datos_personales_sensibles,
            E.archivo_id, R.plazo_tramite, R.plazo_concentracion, R.destino)


def chunks(values: Iterable, size: int = CHUNK) -> Iterator[list]:
    """Split `values` into lists of at most `size` (for IN lists and executemany)."""
    batch: list = []
    for value in values:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class Blockers:
    """Active holds (by expediente and by serie, subseries included), loans and samplings."""

    def __init__(self, session: Session):
        self.by_exp: dict[int, list[str]] = defaultdict(list)
        self.by_serie: dict[int, list[str]] = defaultdict(list)
        for hold in session.scalars(select(Congelamiento).where(
                Congelamiento.levantado_at.is_(None))):
            if hold.expediente_id:
                self.by_exp[hold.expediente_id].append(hold.describe())
            else:
                self.by_serie[hold.serie_id].append(hold.describe())
        if self.by_serie:  # a hold on a serie covers its subseries
            for child, parent in session.execute(select(Serie.id, Serie.parent_id).where(
                    Serie.parent_id.in_(list(self.by_serie)))).all():
                self.by_serie[child].extend(self.by_serie[parent])
        self.loaned = set(session.scalars(
            select(Prestamo.expediente_id).where(Prestamo.estado.in_(ACTIVOS))))
        done = and_(Transferencia.tipo == TipoTransferencia.SECUNDARIA,
                    Transferencia.estado == EstadoTransferencia.RECIBIDA,
                    Transferencia.criterio_muestreo.is_not(None))
        self.sampled_series = set(session.scalars(
            select(E.serie_id).join(TransferenciaItem, TransferenciaItem.expediente_id == E.id)
            .join(Transferencia, Transferencia.id == TransferenciaItem.transferencia_id)
            .where(done, TransferenciaItem.seleccion_muestreo.is_(True)).distinct()))

    @property
    def any_holds(self) -> bool:
        """True when at least one hold is active."""
        return bool(self.by_exp or self.by_serie)

    def holds_for(self, expediente_id: int, serie_id: int) -> tuple[str, ...]:
        """Descriptions of the active holds on the expediente or its serie."""
        return (*self.by_exp.get(expediente_id, ()), *self.by_serie.get(serie_id, ()))


def _facts(row, blockers: Blockers) -> ExpedienteFacts:
    (eid, clave, serie_id, unidad_id, etapa, apertura, cierre, closed_at, acceso, fecha_clas,
     plazo_res, prorroga, ddhh, sensibles, archivo_id, p_at, p_ac, destino) = row
    vence = None
    if fecha_clas is not None:
        vence = add_years(fecha_clas, (plazo_res or 0) + (prorroga or 0))
    holds = blockers.holds_for(eid, serie_id) if blockers.any_holds else ()
    return ExpedienteFacts(
        eid, clave, serie_id, unidad_id, etapa, apertura, cierre, closed_at is not None,
        acceso, vence, ddhh, sensibles, p_at, p_ac, destino, holds, eid in blockers.loaned,
        serie_id in blockers.sampled_series, archivo_id)


def load_facts(session: Session, *conditions, blockers: Blockers | None = None
               ) -> list[ExpedienteFacts]:
    """Facts of the expedientes matching `conditions` (one query plus the blockers)."""
    blockers = blockers or Blockers(session)
    rows = session.execute(select(*_COLUMNS).outerjoin(R, R.id == E.regla_id)
                           .where(*conditions).order_by(E.id)).all()
    return [_facts(r, blockers) for r in rows]


def facts_for_ids(session: Session, ids: Iterable[int], blockers: Blockers | None = None
                  ) -> dict[int, ExpedienteFacts]:
    """Facts by id for the given expedientes (chunked IN lists)."""
    blockers = blockers or Blockers(session)
    out: dict[int, ExpedienteFacts] = {}
    for batch in chunks(sorted(set(ids))):
        for f in load_facts(session, E.id.in_(batch), blockers=blockers):
            out[f.id] = f
    return out


def lock_expedientes(session: Session, ids: Iterable[int]) -> None:
    """Row-lock the expedientes (PostgreSQL; SQLite's BEGIN IMMEDIATE already serialises)."""
    if session.get_bind().dialect.name == "sqlite":
        return
    for batch in chunks(sorted(set(ids))):
        session.execute(select(E.id).where(E.id.in_(batch)).with_for_update())


def has_active_hold(session: Session, expediente_id: int) -> bool:
    """True when the expediente itself has an active hold (serie holds not included)."""
    return bool(session.scalar(select(exists().where(
        Congelamiento.expediente_id == expediente_id, Congelamiento.levantado_at.is_(None)))))
