"""Read-only figures of the dashboard: counts by stage, what falls due, expedientes by year."""

import datetime as dt

from sqlalchemy import and_, func, or_, select

from archivo.db import get_session
from archivo.records.enums import Etapa
from archivo.records.models import Expediente


def month_bounds(day: dt.date, offset: int = 0) -> tuple[dt.date, dt.date]:
    """First and last day of the month `offset` months after `day`'s."""
    index = day.year * 12 + day.month - 1 + offset
    first = dt.date(index // 12, index % 12 + 1, 1)
    nxt = index + 1
    return first, dt.date(nxt // 12, nxt % 12 + 1, 1) - dt.timedelta(days=1)


def _scope(fondo_id: int, unidad_id: int | None) -> list:
    conditions = [Expediente.fondo_id == fondo_id]
    if unidad_id is not None:
        conditions.append(Expediente.unidad_id == unidad_id)
    return conditions


def counts_by_etapa(fondo_id: int, unidad_id: int | None = None) -> dict:
    """{etapa: n} for every stage, plus `abiertos` (open expedientes in trámite)."""
    session = get_session()
    scope = _scope(fondo_id, unidad_id)
    rows = session.execute(select(Expediente.etapa, func.count()).where(*scope)
                           .group_by(Expediente.etapa)).all()
    counts = {e.value: 0 for e in Etapa}
    counts.update({etapa.value: n for etapa, n in rows})
    counts["abiertos"] = session.scalar(select(func.count()).select_from(Expediente).where(
        *scope, Expediente.closed_at.is_(None)))
    counts["total"] = sum(counts[e.value] for e in Etapa)
    return counts


def _due_condition(start: dt.date | None, end: dt.date):
    """Primary transfer due (still in trámite) or destino final due (in concentración)."""

    def window(column):
        return column <= end if start is None else column.between(start, end)

    return or_(
        and_(Expediente.etapa == Etapa.TRAMITE, window(Expediente.vence_transferencia_primaria)),
        and_(Expediente.etapa == Etapa.CONCENTRACION, window(Expediente.vence_destino_final)),
    )


def due(fondo_id: int, start: dt.date | None, end: dt.date, *, unidad_id: int | None = None,
        limit: int = 8) -> tuple[int, list[Expediente]]:
    """(how many, the first few) expedientes falling due in [start, end] (start None: overdue)."""
    session = get_session()
    where = [*_scope(fondo_id, unidad_id), _due_condition(start, end)]
    total = session.scalar(select(func.count()).select_from(Expediente).where(*where))
    soonest = func.coalesce(Expediente.vence_transferencia_primaria,
                            Expediente.vence_destino_final)
    rows = session.scalars(select(Expediente).where(*where)
                           .order_by(soonest, Expediente.id).limit(limit)).all()
    return total, list(rows)


def by_year_and_etapa(fondo_id: int, unidad_id: int | None = None) -> dict[int, dict[str, int]]:
    """{año: {etapa: n}} for the chart, by year of apertura."""
    rows = get_session().execute(
        select(Expediente.anio, Expediente.etapa, func.count())
        .where(*_scope(fondo_id, unidad_id))
        .group_by(Expediente.anio, Expediente.etapa).order_by(Expediente.anio)).all()
    out: dict[int, dict[str, int]] = {}
    for anio, etapa, n in rows:
        out.setdefault(anio, {})[etapa.value] = n
    return out
