"""HTML steps of a transfer's workflow: authorise, cotejo, receive, cancel, notice, items."""

from flask import Blueprint, request
from flask_babel import gettext as _
from marshmallow import ValidationError

from archivo.auth.current import current_actor
from archivo.i18n import translate
from archivo.transfers import receipt, service
from archivo.transfers.view_helpers import attempt_blocked
from archivo.transfers.views import render_detail
from archivo.ui import done, form_data, login_required

bp = Blueprint("transfer_actions", __name__, url_prefix="/transferencias")
DECISIONS = {"aceptar": True, "devolver": False}


def _version() -> int | None:
    """The version of the transfer the user saw (optimistic check)."""
    value = request.form.get("version_id", "")
    return int(value) if value.isdigit() else None


def _step(transfer_id: int, fn, message: str, *args, **kwargs):
    """Run one step of the workflow; re-render the workflow with its errors (422) or redirect."""
    t = service.get_transfer(current_actor(), transfer_id)
    _result, errors, blocked = attempt_blocked(fn, current_actor(), t.id, *args, **kwargs)
    if errors:
        return render_detail(service.get_transfer(current_actor(), transfer_id), errors, blocked)
    return done(message % {"numero": t.numero}, "transfers.detail", transfer_id=t.id)


@bp.post("/<int:transfer_id>/autorizar")
@login_required
def authorize(transfer_id: int):
    """The área productora (or the coordinación) authorises and sends the transfer."""
    return _step(transfer_id, service.authorize_transfer,
                 _("Transferencia %(numero)s autorizada y enviada para su recepción."),
                 _decision(), expected_version=_version())


@bp.post("/<int:transfer_id>/cancelar")
@login_required
def cancel(transfer_id: int):
    """Cancel a transfer that was not received; the expedientes stay where they are."""
    return _step(transfer_id, service.cancel_transfer,
                 _("Transferencia %(numero)s cancelada."),
                 _decision(), expected_version=_version())


@bp.post("/<int:transfer_id>/recibir")
@login_required
def receive(transfer_id: int):
    """Complete the receipt: accepted expedientes move to the next archive."""
    return _step(transfer_id, receipt.complete_transfer,
                 _("Transferencia %(numero)s recibida: los expedientes aceptados cambiaron de "
                   "archivo."), _decision(), expected_version=_version())


@bp.post("/<int:transfer_id>/aviso")
@login_required
def notice(transfer_id: int):
    """Record the notice sent to the archive authority (secondary transfers, 45 days)."""
    return _step(transfer_id, receipt.record_notice,
                 _("Aviso de la transferencia %(numero)s registrado."),
                 form_data(keep=("fecha", "referencia")))


@bp.post("/<int:transfer_id>/quitar")
@login_required
def remove_items(transfer_id: int):
    """Take expedientes out of a draft."""
    return _step(transfer_id, service.remove_transfer_items,
                 _("Expedientes retirados de la transferencia %(numero)s."),
                 form_data(lists=("expediente_ids",)))


def _decision() -> dict:
    """The optional comment of a decision."""
    comentario = request.form.get("comentario", "").strip()
    return {"comentario": comentario or None}


@bp.post("/<int:transfer_id>/cotejo")
@login_required
def cotejo(transfer_id: int):
    """Cotejo: accept (box, shelf) or return (observation) each expediente, or all pending."""
    if request.form.get("modo") == "pendientes":
        data = {"aceptar_pendientes": {"caja": request.form.get("caja", ""),
                                       "estante": request.form.get("estante") or None}}
        return _step(transfer_id, _receive, _("Cotejo de la transferencia %(numero)s "
                                              "registrado."), data, [])
    rows, eids = [], []
    for key, decision in request.form.items():
        if key.startswith("decision-") and decision in DECISIONS:
            eid = key.removeprefix("decision-")
            rows.append({"expediente_id": eid, "aceptado": DECISIONS[decision], **{
                name: request.form.get(f"{name}-{eid}", "").strip() or None
                for name in ("caja", "estante", "observacion")}})
            eids.append(eid)
    return _step(transfer_id, _receive, _("Cotejo de la transferencia %(numero)s registrado."),
                 {"items": rows}, eids)


def _receive(actor, transfer_id: int, data: dict, eids: list[str]):
    """receive_items with shape errors placed next to each row's fields (`caja-<id>`)."""
    try:
        return receipt.receive_items(actor, transfer_id, data)
    except ValidationError as err:
        raise ValidationError(_row_messages(err.normalized_messages(), eids)) from err


def _row_messages(messages: dict, eids: list[str]) -> dict:
    """{"items": {0: {"caja": [...]}}} -> {"caja-<eid>": [...]}; pending -> plain names."""
    out: dict = {}
    for index, fields in (messages.get("items") or {}).items():
        if isinstance(index, int) and isinstance(fields, dict) and index < len(eids):
            for name, msgs in fields.items():
                out[f"{name}-{eids[index]}"] = [translate(m) for m in msgs]
    pending = messages.get("aceptar_pendientes")
    if isinstance(pending, dict):
        out.update(pending)
    for key, value in messages.items():
        if key not in ("items", "aceptar_pendientes"):
            out[key] = value
    return out or messages
