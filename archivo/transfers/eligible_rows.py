"""Display rows of the eligible lists (new transfer, new baja): ordered, with título,
due date and location.

The services decide what is eligible (`ExpedienteFacts`, in id order); this module only
adds what a person needs to choose from the list and puts it in the order they read it.
"""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from archivo.catalog.enums import Destino
from archivo.db import get_session
from archivo.holds.blocking import chunks
from archivo.interop.visibility import CONFIDENTIAL_TITLE, hides_content
from archivo.records.models import Expediente as E

# Which stored due date a list shows: the end of the plazo in trámite (primary transfer)
# or of the whole plazo de conservación (secondary transfer and baja).
DUE = {"primaria": E.vence_transferencia_primaria, "final": E.vence_destino_final}


@dataclass(frozen=True, slots=True)
class EligibleRow:
    """One expediente of an eligible list, as the table shows it."""

    id: int
    clave: str
    serie_id: int
    fecha_cierre: dt.date | None
    destino: Destino | None
    titulo: str
    titulo_oculto: bool
    vence: dt.date | None
    ubicacion: str


def eligible_rows(actor, facts: list, series: list, due: str) -> list[EligibleRow]:
    """The eligible expedientes in serie-code then clave order, with their título (masked
    when the actor may not read it), the date their plazo ran out (`due`: a key of DUE)
    and where they are kept; `series` comes in code order (catalog.list_series)."""
    rank = {s.id: i for i, s in enumerate(series)}
    extra = {}
    session = get_session()
    for batch in chunks([f.id for f in facts]):
        extra.update((row[0], row[1:]) for row in session.execute(
            select(E.id, E.titulo, E.acceso, DUE[due], E.ubicacion_edificio,
                   E.ubicacion_estante, E.ubicacion_caja).where(E.id.in_(batch))))
    rows = []
    for f in facts:
        titulo, acceso, vence, *place = extra[f.id]
        hidden = hides_content(actor, acceso)
        rows.append(EligibleRow(
            f.id, f.clave, f.serie_id, f.fecha_cierre, f.destino,
            CONFIDENTIAL_TITLE if hidden else titulo, hidden, vence,
            " · ".join(p for p in place if p)))
    rows.sort(key=lambda r: (rank.get(r.serie_id, len(rank)), r.clave))
    return rows
