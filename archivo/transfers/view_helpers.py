"""Helpers shared by the lifecycle screens: state and event labels, allowed steps, lookups."""

from flask import request, url_for
from marshmallow import ValidationError
from sqlalchemy import select

from archivo.auth import policies
from archivo.auth.current import current_actor
from archivo.catalog.models import DEFAULT_KEY_FORMAT, Fondo
from archivo.db import get_session
from archivo.errors import ArchivoError, DomainError, Forbidden, NotFound, Unauthorized
from archivo.i18n import N_, translate
from archivo.labels import label
from archivo.records.models import Expediente
from archivo.records.policies import as_listed
from archivo.records.rules import key_in_format, parse_key
from archivo.search.analysis import normalize_key
from archivo.transfers.common import check_step
from archivo.transfers.of_expediente import procedures_of
from archivo.ui import FormErrors

# Lifecycle words that read differently from the enumeration labels (archivo.labels):
# a procedure's kind, and "baja" as the procedure rather than the stage.
STATE_LABELS = {
    "transferencia_primaria": N_("Transferencia primaria"),
    "transferencia_secundaria": N_("Transferencia secundaria"), "baja": N_("Baja documental"),
}


def estado(value) -> str:
    """Display label of a lifecycle state or kind (translated)."""
    key = getattr(value, "value", value)
    return translate(STATE_LABELS[key]) if key in STATE_LABELS else label(key)


def timeline_events(events) -> list[dict]:
    """Audit events ready for macros/timeline.html, with lifecycle actions in words."""
    out = []
    for e in events:
        row = e if isinstance(e, dict) else {
            n: getattr(e, n) for n in ("seq", "occurred_at", "actor_name", "action",
                                       "subject_type", "subject_id", "before", "after",
                                       "hash")}
        out.append({**row, "action": label(row["action"])})
    return out


def stages(obj, events, plan) -> list[dict]:
    """A procedure as numbered steps: done (who and when), current, or still ahead.

    `plan` lists (state, audit action that reaches it); the last state ends the procedure,
    so once reached it reads as done rather than current.
    """
    acted = {e.action: e for e in events}
    order = [state for state, _action in plan]
    current = order.index(obj.estado.value) if obj.estado.value in order else -1
    last = len(plan) - 1
    return [{"estado": state, "done": i <= current or action in acted,
             "current": i == current and i != last,
             "actor": acted[action].actor_name if action in acted else None,
             "at": acted[action].occurred_at if action in acted else None}
            for i, (state, action) in enumerate(plan)]


def instrument_url(kind: str, **values) -> str:
    """URL of an instrument of a procedure (inventory, dictamen, acta) on the Instrumentos
    screen; the PDF is generated, hashed and registered when downloaded."""
    return url_for("instruments.download", kind=kind, **values)


def step_refusal(paso, obj, *, etiqueta: str, unidad_id: int | None = None) -> str | None:
    """Why the current user may not take `paso` now (the service's own check and message,
    in the user's language), or None when they may."""
    try:
        check_step(paso, obj, current_actor(), etiqueta=etiqueta, unidad_id=unidad_id)
    except ArchivoError as err:
        return err.message
    return None


def step_allowed(paso, obj, *, etiqueta: str, unidad_id: int | None = None) -> bool:
    """Whether the current user may take `paso` now (same check the service makes)."""
    return step_refusal(paso, obj, etiqueta=etiqueta, unidad_id=unidad_id) is None


def attempt_blocked(fn, *args, **kwargs):
    """Like ui.attempt, plus the per-expediente failures when the rules blocked the step:
    (result, None, []) or (None, FormErrors, [{clave, motivos...}])."""
    try:
        return fn(*args, **kwargs), None, []
    except (Forbidden, NotFound, Unauthorized):
        raise
    except (ValidationError, ArchivoError) as err:
        blocked = err.params.get("bloqueados") if isinstance(err, DomainError) else None
        return None, FormErrors.from_exception(err), list(blocked or [])


# The length of Expediente.clave.
KEY_MAX_CHARS = 120


def expediente_by_clave(actor, fondo_id: int, clave: str | None, field: str = "clave"):
    """The expediente with that key, written with or without zero padding
    (`IEEN/7C/7C.10/1/2017` finds `IEEN/7C/7C.10/001/2017`), or a field error naming the
    field. Keys are compared normalised (`search.analysis.normalize_key`); an exact match
    wins over a differently padded one."""
    clave = (clave or "").strip()
    if not clave:
        raise ValidationError({field: ["Este campo es obligatorio."]})
    policies.require(actor, "read")
    if len(clave) > KEY_MAX_CHARS:  # no key is that long; and parsing it would backtrack
        raise DomainError("No existe un expediente con la clave {clave}.", field=field,
                          clave=clave[:KEY_MAX_CHARS] + "…")
    session = get_session()
    fondo = session.get(Fondo, fondo_id)
    fmt = fondo.key_format if fondo else DEFAULT_KEY_FORMAT
    # As typed, then as the fondo's format pads it: the (fondo_id, clave) unique index.
    forms = {clave, key_in_format(fmt, clave) or clave}
    found = {exp.clave: exp for exp in session.scalars(select(Expediente).where(
        Expediente.fondo_id == fondo_id, Expediente.clave.in_(sorted(forms))))}
    exp = found.get(clave) or next(iter(found.values()), None)
    if exp is None:
        exp = _same_key(session, fondo_id, parse_key(fmt, clave), clave, field)
    if exp is None:
        raise DomainError("No existe un expediente con la clave {clave}.", field=field,
                          clave=clave)
    return as_listed(actor, exp)


def _same_key(session, fondo_id: int, parts: dict | None, clave: str, field: str):
    """A key stored with other padding or case (`04C.03`, `0001`, `ieen`): candidates of the
    same year and consecutive (the year index), compared normalised."""
    if not parts or "anio" not in parts or "consecutivo" not in parts:
        return None
    wanted = normalize_key(clave)
    matches = [exp for exp in session.scalars(select(Expediente).where(
        Expediente.fondo_id == fondo_id, Expediente.anio == parts["anio"],
        Expediente.consecutivo == parts["consecutivo"]).order_by(Expediente.clave))
        if normalize_key(exp.clave) == wanted]
    if len(matches) > 1:
        raise DomainError("Hay varios expedientes con la clave {clave} escrita de distinta "
                          "forma ({claves}); escriba la clave exacta.", field=field,
                          clave=clave, claves=", ".join(e.clave for e in matches))
    return matches[0] if matches else None


def int_arg(name: str) -> int | None:
    """A positive integer query argument, or None."""
    value = request.args.get(name, "").strip()
    return int(value) if value.isdigit() else None


def install(bp) -> None:
    """Register the lifecycle Jinja helpers when the blueprint is registered."""
    bp.add_app_template_filter(estado, "estado")
    bp.add_app_template_global(instrument_url, "instrument_url")
    bp.add_app_template_global(expediente_procedures, "expediente_procedures")


def expediente_procedures(expediente_id: int) -> list:
    """The transfers and bajas of an expediente, for its detail page."""
    return procedures_of(current_actor(), expediente_id)

