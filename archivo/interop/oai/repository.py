"""What the OAI-PMH repository holds: public expedientes, their sets and datestamps.

Only expedientes classified as públicas are records; a disposed one (etapa baja, which
the disposal guard only allows for non-reserved, non-confidential files) stays as a
deleted record forever (`deletedRecord=persistent`). The datestamp is the expediente's
`updated_at`, which every change to it, or to its ISAD(G) description, moves forward.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from sqlalchemy import func, select

from archivo.catalog.enums import Acceso
from archivo.catalog.models import Fondo, Seccion, Serie
from archivo.db import get_session
from archivo.interop import tree
from archivo.records.models import Expediente


@dataclass(frozen=True, slots=True)
class OaiSet:
    """A set: a fondo, a sección, a serie or a subserie of the CGCA."""

    spec: str
    name: str
    fondo_id: int
    serie_ids: frozenset[int] | None  # None: the whole fondo


@dataclass(slots=True)
class SetIndex:
    """Every set by spec, and the specs each serie's records belong to."""

    sets: dict[str, OaiSet] = field(default_factory=dict)
    of_serie: dict[int, list[str]] = field(default_factory=dict)
    serie_names: dict[int, str] = field(default_factory=dict)
    fondos: dict[int, Fondo] = field(default_factory=dict)


def set_index() -> SetIndex:
    """The CGCA of every fondo as a set hierarchy (fondo:sección:serie:subserie)."""
    session = get_session()
    index = SetIndex()
    for fondo in session.scalars(select(Fondo).order_by(Fondo.id)):
        index.fondos[fondo.id] = fondo
        index.sets[fondo.clave] = OaiSet(fondo.clave, fondo.nombre, fondo.id, None)
    secciones = {s.id: s for s in session.scalars(select(Seccion))}
    series = {s.id: s for s in session.scalars(select(Serie).order_by(Serie.codigo_norm))}
    members: dict[str, set[int]] = {}
    for s in secciones.values():
        spec = f"{index.fondos[s.fondo_id].clave}:{s.codigo_norm}"
        index.sets[spec] = OaiSet(spec, f"{s.codigo} {s.nombre}", s.fondo_id, frozenset())
    for s in series.values():
        chain = [s] if s.parent_id is None else [series[s.parent_id], s]
        sec = secciones[s.seccion_id]
        prefix = f"{index.fondos[s.fondo_id].clave}:{sec.codigo_norm}"
        specs = [index.fondos[s.fondo_id].clave, prefix]
        for link in chain:
            prefix = f"{prefix}:{link.codigo_norm}"
            specs.append(prefix)
        index.of_serie[s.id] = specs
        index.serie_names[s.id] = f"{s.codigo} {s.nombre}"
        index.sets.setdefault(specs[-1], OaiSet(specs[-1], f"{s.codigo} {s.nombre}",
                                                s.fondo_id, frozenset()))
        for spec in specs[1:]:
            members.setdefault(spec, set()).add(s.id)
    for spec, ids in members.items():
        old = index.sets[spec]
        index.sets[spec] = OaiSet(spec, old.name, old.fondo_id, frozenset(ids))
    return index


def _scope(query, oai_set: OaiSet | None, start: dt.datetime | None, end: dt.datetime | None):
    query = query.where(Expediente.acceso == Acceso.PUBLICA)
    if oai_set is not None:
        query = query.where(Expediente.fondo_id == oai_set.fondo_id)
        if oai_set.serie_ids is not None:
            query = query.where(Expediente.serie_id.in_(oai_set.serie_ids))
    if start is not None:
        query = query.where(Expediente.updated_at >= start)
    if end is not None:
        query = query.where(Expediente.updated_at < end)
    return query


def page(oai_set, start, end, after_id: int, limit: int) -> list:
    """Up to `limit` records after `after_id`, in id order (rows of `tree.expediente_columns`)."""
    query = select(*tree.expediente_columns()).join(
        tree.Unidad, tree.Unidad.id == Expediente.unidad_id)
    query = _scope(query, oai_set, start, end).where(Expediente.id > after_id)
    return get_session().execute(query.order_by(Expediente.id).limit(limit)).all()


def count(oai_set, start, end) -> int:
    """How many records the whole list has (completeListSize)."""
    return get_session().scalar(_scope(select(func.count(Expediente.id)), oai_set, start, end))


def earliest() -> dt.datetime | None:
    """The oldest datestamp of any record."""
    return get_session().scalar(_scope(select(func.min(Expediente.updated_at)), None, None, None))


def record(expediente_id: int):
    """One record by expediente id (None when it is not a public record)."""
    query = select(*tree.expediente_columns()).join(
        tree.Unidad, tree.Unidad.id == Expediente.unidad_id).where(Expediente.id == expediente_id)
    return get_session().execute(_scope(query, None, None, None)).one_or_none()


def local_id(identifier: str, repository_id: str) -> int | None:
    """The expediente id inside an OAI identifier of this repository, or None."""
    m = re.fullmatch(rf"oai:{re.escape(repository_id)}:expediente/(\d{{1,18}})", identifier)
    return int(m.group(1)) if m else None


def identifier(expediente_id: int, repository_id: str) -> str:
    """The OAI identifier of an expediente."""
    return f"oai:{repository_id}:expediente/{expediente_id}"
