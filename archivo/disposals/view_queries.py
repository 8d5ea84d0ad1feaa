"""Read-only figures of the baja screens: the GI votes and today's guard on each item."""

import datetime as dt

from sqlalchemy import select

from archivo.auth import policies
from archivo.auth.models import Usuario
from archivo.db import get_session
from archivo.disposals.models import Baja, BajaItem, EstadoItemBaja, VotoGI
from archivo.disposals.rules import Autorizacion, disposal_failures
from archivo.holds.blocking import facts_for_ids


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
    ids = list(session.scalars(select(BajaItem.expediente_id).where(
        BajaItem.baja_id == b.id, BajaItem.estado == EstadoItemBaja.PROPUESTO)))
    auth = Autorizacion(gi_aprobada=b.gi_decision == "aprobada",
                        dictamen=bool(b.dictamen_numero),
                        inventario_firmado=b.inventario_firmado_at is not None)
    today = today or dt.date.today()
    out = []
    for eid, facts in sorted(facts_for_ids(session, ids).items(), key=lambda kv: kv[1].clave):
        motivos = disposal_failures(facts, today, auth)
        if motivos:
            out.append({"expediente_id": eid, "clave": facts.clave,
                        "motivos": [m.mensaje for m in motivos]})
    return out
