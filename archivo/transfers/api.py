"""JSON API of primary and secondary transfers."""

from flask import request
from flask_smorest import Blueprint

from archivo.api import body, page_of
from archivo.auth.current import require_login
from archivo.transfers import receipt, service
from archivo.transfers.schemas import (
    CotejoInputSchema,
    DecisionSchema,
    ItemsInputSchema,
    NoticeSchema,
    TransferInputSchema,
    TransferItemOutputSchema,
    TransferOutputSchema,
)
from archivo.web import expected_version, json_body, page_payload

blp = Blueprint("transfers_api", __name__, url_prefix="/api/v1",
                description="Transferencias primarias y secundarias")
OUT = TransferOutputSchema()


def _out(t, status=200):
    return OUT.dump(t), status, {"ETag": f'"{t.version_id}"'}


def _facts(facts):
    return [{"expediente_id": f.id, "clave": f.clave, "fecha_cierre": f.fecha_cierre.isoformat(),
             "unidad_id": f.unidad_id, "serie_id": f.serie_id} for f in facts]


@blp.get("/unidades/<int:unidad_id>/transferencias/elegibles")
def eligible_primary(unidad_id: int):
    """Expedientes the unit may send in a primary transfer today."""
    return {"items": _facts(service.eligible_primary(require_login(), unidad_id))}


@blp.get("/fondos/<int:fondo_id>/transferencias-secundarias/elegibles")
def eligible_secondary(fondo_id: int):
    """Expedientes in concentración that may go to the archivo histórico today."""
    return {"items": _facts(service.eligible_secondary(require_login(), fondo_id))}


@blp.get("/transferencias")
@blp.response(200, page_of(TransferOutputSchema))
def list_transfers():
    """Transfers (filters: fondo_id, tipo, estado, unidad_id; paged)."""
    items, total, q = service.list_transfers(require_login(), request.args.to_dict())
    return page_payload(items, total, q["page"], q["per_page"])


@blp.post("/fondos/<int:fondo_id>/transferencias")
@blp.doc(**body(TransferInputSchema))
def create_transfer(fondo_id: int):
    """Draft a transfer, with expedientes or every eligible one."""
    return _out(service.create_transfer(require_login(), fondo_id, json_body()), 201)


@blp.get("/transferencias/<int:transfer_id>")
def get_transfer(transfer_id: int):
    """A transfer header (ETag carries its version)."""
    return _out(service.get_transfer(require_login(), transfer_id))


@blp.get("/transferencias/<int:transfer_id>/items")
@blp.response(200, TransferItemOutputSchema(many=True))
def transfer_items(transfer_id: int):
    """The inventario de transferencia with each cotejo."""
    return service.transfer_items(require_login(), transfer_id)


@blp.post("/transferencias/<int:transfer_id>/items")
@blp.doc(**body(ItemsInputSchema))
def add_items(transfer_id: int):
    """Add expedientes to a draft."""
    return _out(service.add_transfer_items(require_login(), transfer_id, json_body()))


@blp.post("/transferencias/<int:transfer_id>/items/quitar")
@blp.doc(**body(ItemsInputSchema))
def remove_items(transfer_id: int):
    """Take expedientes out of a draft."""
    return _out(service.remove_transfer_items(require_login(), transfer_id, json_body()))


@blp.post("/transferencias/<int:transfer_id>/autorizar")
@blp.doc(**body(DecisionSchema))
def authorize(transfer_id: int):
    """Authorise (área productora / coordinación); If-Match for optimistic checks."""
    return _out(service.authorize_transfer(require_login(), transfer_id, json_body(),
                                           expected_version=expected_version()))


@blp.post("/transferencias/<int:transfer_id>/cotejo")
@blp.doc(**body(CotejoInputSchema))
def cotejo(transfer_id: int):
    """Accept or return expedientes one by one (or accept all pending)."""
    return receipt.receive_items(require_login(), transfer_id, json_body())


@blp.post("/transferencias/<int:transfer_id>/recibir")
@blp.doc(**body(DecisionSchema))
def complete(transfer_id: int):
    """Complete the receipt: accepted expedientes move stage and location atomically."""
    return _out(receipt.complete_transfer(require_login(), transfer_id, json_body(),
                                          expected_version=expected_version()))


@blp.post("/transferencias/<int:transfer_id>/cancelar")
@blp.doc(**body(DecisionSchema))
def cancel(transfer_id: int):
    """Cancel a transfer that was not received."""
    return _out(service.cancel_transfer(require_login(), transfer_id, json_body(),
                                        expected_version=expected_version()))


@blp.post("/transferencias/<int:transfer_id>/aviso")
@blp.doc(**body(NoticeSchema))
def notice(transfer_id: int):
    """Record the notice to the archive authority (secondary transfers, 45 days)."""
    return _out(receipt.record_notice(require_login(), transfer_id, json_body()))


@blp.get("/fondos/<int:fondo_id>/transferencias-secundarias/avisos-pendientes")
def pending_notices(fondo_id: int):
    """Secondary transfers whose notice is pending, overdue ones flagged."""
    return {"items": receipt.pending_notices(require_login(), fondo_id)}
