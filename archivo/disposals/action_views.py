"""HTML steps of a baja: send to the GI, vote, GI decision, dictamen, execution, cancel."""

from flask import Blueprint, request
from flask_babel import gettext as _

from archivo.auth.current import current_actor
from archivo.disposals import execution, service
from archivo.disposals.views import render_detail
from archivo.records.api import file_store
from archivo.transfers.view_helpers import attempt_blocked
from archivo.ui import done, form_data, login_required, require

bp = Blueprint("baja_actions", __name__, url_prefix="/bajas")
WITNESS_ROWS = 3
ACTA_FIELDS = ("folio", "fecha", "lugar", "metodo", "destino_papel", "cajas", "metros_lineales",
               "peso_kg")
ACTA_OPTIONAL = ("folio", "cajas")  # blank: the folio is assigned, the boxes are counted


def _version() -> int | None:
    value = request.form.get("version_id", "")
    return int(value) if value.isdigit() else None


def _fields(**kwargs) -> dict:
    """The posted step's fields: `version_id` travels beside them (optimistic locking),
    so it is taken out before the step's schema, which rejects unknown fields."""
    data = form_data(**kwargs)
    data.pop("version_id", None)
    return data


def _step(baja_id: int, fn, message: str, *args, **kwargs):
    """Run one step; re-render the workflow with its errors (422) or redirect to it."""
    b = service.get_baja(current_actor(), baja_id)
    _result, errors, blocked = attempt_blocked(fn, current_actor(), b.id, *args, **kwargs)
    if errors:
        return render_detail(service.get_baja(current_actor(), baja_id), errors, blocked)
    return done(message % {"numero": b.numero}, "bajas.detail", baja_id=b.id)


@bp.post("/<int:baja_id>/enviar")
@login_required
def submit(baja_id: int):
    """Sign the inventario de baja and send it to the Grupo Interdisciplinario."""
    return _step(baja_id, service.submit_baja,
                 _("Inventario de la baja %(numero)s firmado y enviado al Grupo "
                   "Interdisciplinario."), {}, expected_version=_version())


@bp.post("/<int:baja_id>/votar")
@login_required
def vote(baja_id: int):
    """A GI member's vote."""
    return _step(baja_id, service.vote_baja, _("Su voto sobre la baja %(numero)s quedó "
                                               "registrado."), _fields(keep=("voto",)))


@bp.post("/<int:baja_id>/decision-gi")
@login_required
def decide(baja_id: int):
    """The GI's collegiate decision with its minutes."""
    data = _fields(keep=("decision", "acta_gi", "fecha_sesion"))
    # Named apart from the vote's comment on the same page, so neither form echoes the other.
    if "comentario_gi" in data:
        data["comentario"] = data.pop("comentario_gi")
    return _step(baja_id, service.decide_baja,
                 _("Decisión del Grupo Interdisciplinario sobre la baja %(numero)s registrada."),
                 data, expected_version=_version())


@bp.post("/<int:baja_id>/dictamen")
@login_required
def dictamen(baja_id: int):
    """The archive authority's dictamen."""
    return _step(baja_id, service.record_dictamen,
                 _("Dictamen de la baja %(numero)s registrado."),
                 _fields(keep=("numero", "fecha")), expected_version=_version())


@bp.post("/<int:baja_id>/cancelar")
@login_required
def cancel(baja_id: int):
    """Cancel a baja that was not executed; nothing is destroyed."""
    return _step(baja_id, service.cancel_baja, _("Baja %(numero)s cancelada."), {})


@bp.post("/<int:baja_id>/quitar")
@login_required
def remove_items(baja_id: int):
    """Take expedientes out of a draft."""
    return _step(baja_id, service.remove_baja_items,
                 _("Expedientes retirados de la baja %(numero)s."),
                 _fields(lists=("expediente_ids",)))


def _acta() -> dict:
    """The acta de baja from the form: its fields and the filled witness rows."""
    required = tuple(f for f in ACTA_FIELDS if f not in ACTA_OPTIONAL)
    posted = form_data(keep=required, nullable=ACTA_OPTIONAL)
    data = {k: v for k, v in posted.items() if k in ACTA_FIELDS}
    testigos = []
    for n in range(1, WITNESS_ROWS + 1):
        nombre = request.form.get(f"testigo_nombre_{n}", "").strip()
        cargo = request.form.get(f"testigo_cargo_{n}", "").strip()
        if nombre or cargo:
            testigos.append({"nombre": nombre, "cargo": cargo})
    data["testigos"] = testigos
    return data


@bp.route("/<int:baja_id>/ejecutar", methods=["GET", "POST"])
@login_required
def execute(baja_id: int):
    """Execute with the acta de baja, after typing the baja's number to confirm."""
    b = service.get_baja(current_actor(), baja_id)
    if request.method == "GET":
        return render_detail(b, template="bajas/execute.html")
    require("baja.execute")  # a role that may never execute gets 403, not a form error
    if request.form.get("confirmacion", "").strip() != b.numero:
        errors = {"confirmacion": [_("Escriba exactamente el número %(numero)s para confirmar.",
                                     numero=b.numero)]}
        return render_detail(b, errors, template="bajas/execute.html")
    done_b, errors, blocked = attempt_blocked(
        execution.execute_baja, current_actor(), b.id, _acta(), store=file_store(),
        expected_version=_version())
    if errors:
        return render_detail(service.get_baja(current_actor(), baja_id), errors, blocked,
                             template="bajas/execute.html")
    return done(_("Baja %(numero)s ejecutada con el acta %(folio)s.", numero=done_b.numero,
                  folio=done_b.acta_folio), "bajas.detail", baja_id=b.id)

