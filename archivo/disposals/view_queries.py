"""Read-only figures of the baja screens: the GI votes and today's guard on each item."""

import datetime as dt

from sqlalchemy import select

from archivo.auth import policies
from archivo.auth.models import Usuario
from archivo.db import get_session
from archivo.disposals.guard import execution_failures, proposed_ids
from archivo.disposals.models import Baja, VotoGI


def votes_of(actor, baja_id: int) -> list[dict]:
    """Every GI member's vote on the baja, oldest first, with the member's name."""
    policies.require(actor, "read")
    rows = get_session().execute(
        select(VotoGI, Usuario.nombre).join(Usuario, Usuario.id == VotoGI.usuario_id)
        .where(VotoGI.baja_id == baja_id).order_by(VotoGI.id)).all()
    return [{"usuario_id": v.usuario_id, "nombre": nombre, "voto": v.voto,
             "comentario": v.comentario, "at": v.created_at} for v, nombre in rows]


def guard_today(actor, b: Baja, today: dt.date | None = None) -> list[dict]:
    """The disposal guard re-run now on every proposed item, as execution will run it.

    Lets the executor see beforehand which expedientes would be excluded and why.
    """
    policies.require(actor, "read")
    session = get_session()
    facts, failures = execution_failures(session, b, proposed_ids(session, b),
                                         today or dt.date.today())
    return [{"expediente_id": eid, "clave": f.clave,
             "motivos": [m.mensaje for m in failures[eid]]}
            for eid, f in sorted(facts.items(), key=lambda kv: kv[1].clave) if failures[eid]]
