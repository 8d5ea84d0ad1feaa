"""Read-only figures of the dashboard: counts by stage, what falls due, expedientes by year."""

import datetime as dt

from sqlalchemy import and_, case, func, or_, select

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
    rows = get_session().execute(
        select(Expediente.etapa, func.count(),
               func.sum(case((Expediente.closed_at.is_(None), 1), else_=0)))
        .where(*_scope(fondo_id, unidad_id)).group_by(Expediente.etapa)).all()
    counts = {e.value: 0 for e in Etapa}
    counts.update({etapa.value: n for etapa, n, _open in rows})
    # One query for both figures: the dashboard runs on every staff sign-in.
    counts["abiertos"] = sum(int(n_open or 0) for _etapa, _n, n_open in rows)
    counts["total"] = sum(counts[e.value] for e in Etapa)
    return counts


def due_condition(start: dt.date | None, end: dt.date):
    """Primary transfer due (still in trámite) or destino final due (in concentración), in
    [start, end]; start None: due on or before `end` (the overdue list uses it too)."""

    def window(column):
        return column <= end if start is None else column.between(start, end)

    return or_(
        and_(Expediente.etapa == Etapa.TRAMITE, window(Expediente.vence_transferencia_primaria)),
        and_(Expediente.etapa == Etapa.CONCENTRACION, window(Expediente.vence_destino_final)),
    )


def due(fondo_id: int, start: dt.date | None, end: dt.date, *, unidad_id: int | None = None,
        limit: int = 8) -> tuple[int, list[Expediente]]:
    """(how many, the first few) expedientes falling due in [start, end] (start None: overdue)."""
    where = [*_scope(fondo_id, unidad_id), due_condition(start, end)]
    soonest = func.coalesce(Expediente.vence_transferencia_primaria,
                            Expediente.vence_destino_final)
    # The total rides along as a window count (computed before LIMIT): one query per panel.
    rows = get_session().execute(
        select(Expediente, func.count().over()).where(*where)
        .order_by(soonest, Expediente.id).limit(limit)).all()
    return (rows[0][1] if rows else 0), [exp for exp, _total in rows]


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
