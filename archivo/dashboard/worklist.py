"""«Por atender»: the procedures whose next step the signed-in user may take now.

The state machines (transfers/states.py, disposals/states.py) and `check_step` are the
source of truth: a procedure is listed for a user only if the same check the service makes
lets that user take its next step, so separation of duties filters the list (the proposer
of a baja never sees it under «ejecutar»). The open procedures of the fondo are loaded with
one query per kind of procedure and filtered here, so the cost does not grow per row.
"""

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import contains_eager

from archivo import clock
from archivo.auth import policies
from archivo.db import get_session
from archivo.disposals.models import Baja, EstadoBaja, VotoGI
from archivo.disposals.states import STEPS as BAJA_STEPS
from archivo.errors import ArchivoError
from archivo.i18n import N_
from archivo.loans.models import EstadoPrestamo, Prestamo
from archivo.records.models import Expediente
from archivo.transfers.common import Paso, check_step
from archivo.transfers.models import EstadoTransferencia, TipoTransferencia, Transferencia
from archivo.transfers.states import STEPS as TRANSFER_STEPS

LIMIT = 10  # rows shown per kind; the count and «ver todos» cover the rest
TRANSFER, BAJA = "transferencia", "baja"  # the services' labels (check_step's `etiqueta`)

# The steps that move a procedure on, in the order they are offered: editing and
# cancelling are side actions (the detail pages treat them the same way). A procedure is
# listed once per user, under the first of these steps that user may take now. On a
# secondary transfer «cotejar» and «recibir» are one task: «recibir» is the one that
# carries the separation of duties, so it decides.
TRANSFER_FORWARD = ("autorizar", "recibir", "avisar")
BAJA_FORWARD = ("enviar", "votar", "decidir", "dictaminar", "ejecutar")


@dataclass(frozen=True)
class Kind:
    """One line of the card: a step of one kind of procedure and where to see them all."""

    id: str
    titulo: str
    endpoint: str
    args: dict = field(default_factory=dict)


KINDS = {k.id: k for k in (
    Kind("transferencia-autorizar", N_("Transferencias por autorizar"), "transfers.index",
         {"estado": "borrador"}),
    Kind("transferencia-recibir", N_("Transferencias por recibir (cotejo)"), "transfers.index",
         {"estado": "autorizada"}),
    Kind("transferencia-avisar", N_("Avisos a la autoridad archivística por registrar"),
         "transfers.index", {"estado": "recibida", "tipo": "secundaria"}),
    Kind("baja-enviar", N_("Bajas por enviar al Grupo Interdisciplinario"), "bajas.index",
         {"estado": "borrador"}),
    Kind("baja-votar", N_("Bajas por votar"), "bajas.index", {"estado": "en_revision"}),
    Kind("baja-decidir", N_("Bajas por registrar la decisión del GI"), "bajas.index",
         {"estado": "en_revision"}),
    Kind("baja-dictaminar", N_("Bajas por registrar el dictamen"), "bajas.index",
         {"estado": "aprobada_gi"}),
    Kind("baja-ejecutar", N_("Bajas por ejecutar"), "bajas.index", {"estado": "dictaminada"}),
    Kind("prestamo-entregar", N_("Préstamos por entregar"), "loans.index",
         {"estado": "solicitado"}),
    Kind("prestamo-vencido", N_("Préstamos vencidos por recuperar"), "loans.index",
         {"estado": "entregado"}),
)}


@dataclass
class Tarea:
    """One procedure waiting for the user: its number, link and the date it is waiting since
    (`nota` says which sentence the template uses for that date)."""

    texto: str
    endpoint: str
    args: dict
    fecha: dt.date | dt.datetime | None
    nota: str = "desde"  # desde | aviso | devolver

    def __post_init__(self):
        # A day is enough to say how long it has waited: the institution's day, not UTC's.
        if isinstance(self.fecha, dt.datetime):
            self.fecha = clock.local_date(self.fecha)


def _may(paso: Paso, obj, actor, etiqueta: str, unidad_id: int | None = None) -> bool:
    """The service's own check: permission, state, separation of duties, drafter only."""
    try:
        check_step(paso, obj, actor, etiqueta=etiqueta, unidad_id=unidad_id)
    except ArchivoError:
        return False
    return True


def _permissions(steps) -> set[str]:
    return {paso.permiso for paso in steps}


def _transfer_tasks(actor, fondo_id: int) -> list[tuple[str, Tarea]]:
    forward = [p for (_t, name), p in TRANSFER_STEPS.items() if name in TRANSFER_FORWARD]
    if not any(policies.has(actor, perm) for perm in _permissions(forward)):
        return []
    rows = get_session().scalars(select(Transferencia).where(
        Transferencia.fondo_id == fondo_id,
        or_(Transferencia.estado.in_((EstadoTransferencia.BORRADOR,
                                      EstadoTransferencia.AUTORIZADA)),
            and_(Transferencia.estado == EstadoTransferencia.RECIBIDA,
                 Transferencia.tipo == TipoTransferencia.SECUNDARIA,
                 Transferencia.aviso_fecha.is_(None))))
        .order_by(Transferencia.id))
    out = []
    for t in rows:
        # A primary transfer is authorised within its área productora (as the service checks).
        scope = t.unidad_id if t.tipo == TipoTransferencia.PRIMARIA else None
        for name in TRANSFER_FORWARD:
            paso = TRANSFER_STEPS.get((t.tipo, name))
            if paso is None or not _may(paso, t, actor, TRANSFER,
                                        scope if name == "autorizar" else None):
                continue
            since = {"autorizar": t.created_at, "recibir": t.autorizada_at,
                     "avisar": t.aviso_vence}[name]
            out.append((f"transferencia-{name}", Tarea(
                t.numero, "transfers.detail", {"transfer_id": t.id}, since,
                "aviso" if name == "avisar" else "desde")))
            break
    return out


_BAJA_SINCE = {"enviar": "created_at", "votar": "inventario_firmado_at",
               "decidir": "inventario_firmado_at", "dictaminar": "gi_decidida_at",
               "ejecutar": "dictamen_registrado_at"}


def _baja_tasks(actor, fondo_id: int) -> list[tuple[str, Tarea]]:
    forward = [BAJA_STEPS[name] for name in BAJA_FORWARD]
    if not any(policies.has(actor, perm) for perm in _permissions(forward)):
        return []
    session = get_session()
    rows = list(session.scalars(select(Baja).where(
        Baja.fondo_id == fondo_id,
        Baja.estado.in_((EstadoBaja.BORRADOR, EstadoBaja.EN_REVISION, EstadoBaja.APROBADA_GI,
                         EstadoBaja.DICTAMINADA))).order_by(Baja.id)))
    # One vote per member (the service refuses a second): an en_revision baja the user
    # already voted on is no longer waiting for their vote.
    in_review = [b.id for b in rows if b.estado == EstadoBaja.EN_REVISION]
    voted: set[int] = set()
    if in_review and policies.has(actor, BAJA_STEPS["votar"].permiso):
        voted = set(session.scalars(select(VotoGI.baja_id).where(
            VotoGI.usuario_id == actor.id, VotoGI.baja_id.in_(in_review))))
    out = []
    for b in rows:
        for name in BAJA_FORWARD:
            if name == "votar" and b.id in voted:
                continue
            if not _may(BAJA_STEPS[name], b, actor, BAJA):
                continue
            out.append((f"baja-{name}", Tarea(b.numero, "bajas.detail", {"baja_id": b.id},
                                              getattr(b, _BAJA_SINCE[name]) or b.created_at)))
            break
    return out


def _loan_tasks(actor, fondo_id: int, today: dt.date) -> list[tuple[str, Tarea]]:
    # Loans have no state machine of their own: delivering and taking back are loan.manage.
    if not policies.has(actor, "loan.manage"):
        return []
    rows = get_session().scalars(
        select(Prestamo).join(Prestamo.expediente).options(contains_eager(Prestamo.expediente))
        .where(Expediente.fondo_id == fondo_id,
               or_(Prestamo.estado == EstadoPrestamo.SOLICITADO,
                   and_(Prestamo.estado == EstadoPrestamo.ENTREGADO,
                        Prestamo.fecha_vencimiento < today)))
        .order_by(Prestamo.fecha_vencimiento, Prestamo.id))
    out = []
    for p in rows:
        if p.estado == EstadoPrestamo.SOLICITADO:
            out.append(("prestamo-entregar", Tarea(
                p.expediente.clave, "records.detail", {"expediente_id": p.expediente_id},
                p.solicitado_at)))
        else:
            out.append(("prestamo-vencido", Tarea(
                p.expediente.clave, "records.detail", {"expediente_id": p.expediente_id},
                p.fecha_vencimiento, "devolver")))
    return out


def applies_to(actor) -> bool:
    """Whether the user's role may take any step the card lists (else the card is hidden)."""
    steps = [*(p for (_t, n), p in TRANSFER_STEPS.items() if n in TRANSFER_FORWARD),
             *(BAJA_STEPS[n] for n in BAJA_FORWARD)]
    perms = _permissions(steps) | {"loan.manage"}
    return any(policies.has(actor, perm) for perm in perms)


def por_atender(actor, fondo_id: int, *, today: dt.date | None = None, limit: int = LIMIT
                ) -> list[dict]:
    """For each kind with something waiting for `actor`: its total and the first `limit`
    procedures (first created first), in the order of KINDS."""
    today = today or dt.date.today()
    grouped: dict[str, list[Tarea]] = {}
    for kind, tarea in (*_transfer_tasks(actor, fondo_id), *_baja_tasks(actor, fondo_id),
                        *_loan_tasks(actor, fondo_id, today)):
        grouped.setdefault(kind, []).append(tarea)
    return [{"kind": k, "total": len(grouped[k.id]), "items": grouped[k.id][:limit]}
            for k in KINDS.values() if k.id in grouped]
