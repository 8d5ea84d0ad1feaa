"""Helpers shared by the lifecycle services: steps as data, numbering, conflicts, busy checks."""

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from archivo.auth import policies
from archivo.disposals.models import Baja, BajaItem, EstadoBaja
from archivo.disposals.rules import Motivo
from archivo.errors import Conflict, DomainError, Forbidden, InvalidTransition, NotFound
from archivo.holds.blocking import Blockers, chunks, facts_for_ids
from archivo.holds.rules import ExpedienteFacts
from archivo.i18n import N_
from archivo.mensajes import Mensaje
from archivo.records.models import Expediente
from archivo.transfers.models import EstadoTransferencia, Transferencia, TransferenciaItem

OPEN_TRANSFER = (EstadoTransferencia.BORRADOR, EstadoTransferencia.AUTORIZADA)
OPEN_BAJA = (EstadoBaja.BORRADOR, EstadoBaja.EN_REVISION, EstadoBaja.APROBADA_GI,
             EstadoBaja.DICTAMINADA)


@dataclass(frozen=True)
class Paso:
    """One step of a state machine: from which states, to which, and the permission it needs."""

    nombre: str
    desde: frozenset
    hacia: object | None
    permiso: str
    distinto_de: tuple[str, ...] = ()  # header attributes (*_by_id) the actor must not be
    solo_de: tuple[str, ...] = ()  # header attributes (*_by_id) the actor must be


def check_step(paso: Paso, obj, actor, *, etiqueta: str, unidad_id: int | None = None) -> None:
    """Authorise `actor` for `paso` on `obj` and check the state and separation of duties."""
    policies.require(actor, paso.permiso, unidad_id=unidad_id)
    if obj.estado not in paso.desde:
        raise InvalidTransition(
            _NOT_IN_STATE[etiqueta], paso=paso.nombre, objeto=etiqueta, numero=obj.numero,
            estado=obj.estado.value)
    for attr in paso.distinto_de:
        if getattr(obj, attr) is not None and getattr(obj, attr) == actor.id:
            raise Forbidden(_SAME_PERSON[etiqueta], previo=_ROLE_NAMES.get(attr, attr),
                            objeto=etiqueta, numero=obj.numero, paso=paso.nombre)
    for attr in paso.solo_de:
        if getattr(obj, attr) is not None and getattr(obj, attr) != actor.id:
            raise Forbidden(_OTHER_PERSON[etiqueta], numero=obj.numero, paso=paso.nombre)


# One sentence per kind of procedure (its noun and article belong to the text). «{paso}» and
# «{previo}» are filled with the labels below, which ArchivoError.message translates too.
_NOT_IN_STATE = {
    "transferencia": N_("No se puede «{paso}» la transferencia {numero}: está en estado "
                        "«{estado}»."),
    "baja": N_("No se puede «{paso}» la baja {numero}: está en estado «{estado}»."),
}
_SAME_PERSON = {
    "transferencia": N_("Separación de funciones: quien «{previo}» la transferencia {numero} "
                        "no puede también «{paso}»."),
    "baja": N_("Separación de funciones: quien «{previo}» la baja {numero} no puede también "
               "«{paso}»."),
}
# The drafter owns the draft: if anyone holding the permission could add expedientes to
# somebody else's draft, the separation of duties above would check the wrong person.
_OTHER_PERSON = {
    "transferencia": N_("Solo quien elaboró la transferencia {numero} puede «{paso}»."),
    "baja": N_("Solo quien elaboró la baja {numero} puede «{paso}»."),
}
_ROLE_NAMES = {
    "created_by_id": N_("propuso"), "autorizada_by_id": N_("autorizó"),
    "inventario_firmado_by_id": N_("firmó el inventario de"),
    "gi_decidida_by_id": N_("registró la decisión del GI"),
    "dictamen_registrado_by_id": N_("registró el dictamen"),
}


def touch(procedure) -> None:
    """Bump the procedure's version: its contents (items, votes) changed, so a step decided
    on an older view of it fails as stale (`check_version`, `conflict_on_stale`) instead
    of authorising what its author never saw."""
    flag_modified(procedure, "numero")


def conflict_on_stale(fn):
    """Turn a lost optimistic race (StaleDataError) or a duplicate number into a 409."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except StaleDataError as err:
            raise Conflict("Otra persona modificó este registro al mismo tiempo; recargue y "
                           "vuelva a intentarlo.") from err
        except IntegrityError as err:
            raise Conflict("La operación chocó con otra simultánea (registro duplicado); "
                           "vuelva a intentarlo.") from err

    return wrapper


def check_version(obj, expected: int | None) -> None:
    """Optimistic check against the version the client saw (If-Match)."""
    if expected is not None and expected != obj.version_id:
        raise Conflict("La {numero} cambió desde que la consultó (versión {actual}); recargue.",
                       numero=obj.numero, actual=obj.version_id)


def next_numero(session: Session, model, fondo_id: int, prefix: str) -> str:
    """Next `PREFIX-YYYY-NNNN` of the fondo (unique constraint guards races)."""
    year = dt.date.today().year
    stem = f"{prefix}-{year}-"
    count = session.scalar(select(func.count()).select_from(model).where(
        model.fondo_id == fondo_id, model.numero.startswith(stem)))
    return f"{stem}{count + 1:04d}"


def expire_expedientes(session: Session) -> None:
    """Forget loaded expedientes after a Core UPDATE so nobody flushes a stale copy."""
    for obj in list(session.identity_map.values()):
        if isinstance(obj, Expediente):
            session.expire(obj)


def busy_ids(session: Session, ids: Iterable[int], *, transfer_id: int | None = None,
             baja_id: int | None = None) -> dict[int, str]:
    """Expedientes already in another open transfer or baja -> its number."""
    out: dict[int, str] = {}
    for batch in chunks(sorted(set(ids))):
        q1 = (select(TransferenciaItem.expediente_id, Transferencia.numero)
              .join(Transferencia, Transferencia.id == TransferenciaItem.transferencia_id)
              .where(TransferenciaItem.expediente_id.in_(batch),
                     Transferencia.estado.in_(OPEN_TRANSFER)))
        if transfer_id is not None:
            q1 = q1.where(Transferencia.id != transfer_id)
        q2 = (select(BajaItem.expediente_id, Baja.numero).join(Baja, Baja.id == BajaItem.baja_id)
              .where(BajaItem.expediente_id.in_(batch), Baja.estado.in_(OPEN_BAJA)))
        if baja_id is not None:
            q2 = q2.where(Baja.id != baja_id)
        for q in (q1, q2):
            out.update({eid: numero for eid, numero in session.execute(q).all()})
    return out


def check_fondo(session: Session, ids: list[int], fondo_id: int) -> None:
    """Every expediente must belong to the procedure's fondo."""
    for batch in chunks(ids):
        other = session.scalar(select(Expediente.clave).where(
            Expediente.id.in_(batch), Expediente.fondo_id != fondo_id).limit(1))
        if other:
            raise DomainError("El expediente {clave} pertenece a otro fondo.", clave=other)


# One sentence per action that a blocking rule can stop (its verb belongs to the text), keyed
# by the action as the 409's details name it. The reasons are `Mensaje`s joined in one, so
# ArchivoError.message renders each of them in the user's language too.
_BLOCKED = {
    "transferir (primaria)": N_("No se puede transferir (primaria) el expediente {clave}: "
                                "{motivos}"),
    "transferir al archivo histórico": N_("No se puede transferir al archivo histórico el "
                                          "expediente {clave}: {motivos}"),
    "recibir": N_("No se puede recibir el expediente {clave}: {motivos}"),
    "incluir en la baja": N_("No se puede incluir en la baja el expediente {clave}: {motivos}"),
}


def reject_failures(failures: dict[int, list[Motivo]], claves: dict[int, str], accion: str
                    ) -> None:
    """Raise one 409 naming the first blocked expediente, with every blocked one in details.

    `accion` is a key of `_BLOCKED`; it stays in the details as before.
    """
    blocked = {eid: m for eid, m in failures.items() if m}
    if not blocked:
        return
    first = min(blocked)
    raise DomainError(
        _BLOCKED[accion], accion=accion, clave=claves.get(first, str(first)),
        motivos=Mensaje.unidos(m.mensaje for m in blocked[first]),
        bloqueados=[{"expediente_id": eid, "clave": claves.get(eid),
                     "reglas": [m.regla for m in ms], "codigos": [m.codigo for m in ms],
                     "motivos": [m.mensaje for m in ms]}
                    for eid, ms in sorted(blocked.items())[:100]])


# Adding and removing items is the same for transfers and bajas; only the rules differ.

def facts_to_add(session: Session, ids: list[int], fondo_id: int
                 ) -> dict[int, ExpedienteFacts]:
    """Facts of the expedientes being added (sorted, unique ids): NotFound names an unknown
    one, and all must belong to the procedure's fondo. The caller applies its own rules."""
    facts = facts_for_ids(session, ids, Blockers(session))
    missing = [i for i in ids if i not in facts]
    if missing:
        raise NotFound("El expediente {id} no existe.", id=missing[0])
    check_fondo(session, ids, fondo_id)
    return facts


def reject_busy(session: Session, facts: dict[int, ExpedienteFacts], *,
                transfer_id: int | None = None, baja_id: int | None = None) -> None:
    """An expediente is in at most one open transfer or baja at a time."""
    busy = busy_ids(session, list(facts), transfer_id=transfer_id, baja_id=baja_id)
    if busy:
        first = min(busy)
        raise DomainError("El expediente {clave} ya está en el procedimiento {numero}.",
                          clave=facts[first].clave, numero=busy[first])


def delete_items(session: Session, parent_column, parent_id: int, ids: Iterable[int]
                 ) -> list[int]:
    """Delete the items of these expedientes from one procedure; returns the sorted ids.

    `parent_column` is the item's foreign key to its procedure (e.g. BajaItem.baja_id).
    """
    model = parent_column.class_
    ids = sorted(set(ids))
    for batch in chunks(ids):
        session.execute(delete(model).where(parent_column == parent_id,
                                            model.expediente_id.in_(batch)))
    return ids


def count_procedure_items(session: Session, parent_column, parent_id: int, estado=None) -> int:
    """How many items one procedure holds (in that item state), like `delete_items`."""
    model = parent_column.class_
    q = select(func.count()).select_from(model).where(parent_column == parent_id)
    if estado is not None:
        q = q.where(model.estado == estado)
    return session.scalar(q)
