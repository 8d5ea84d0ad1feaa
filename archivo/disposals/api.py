"""JSON API of the baja documental, tombstones and the disposal history for auditors."""

from flask_smorest import Blueprint

from archivo.api import body
from archivo.auth.current import require_login
from archivo.disposals import execution, history, service
from archivo.disposals.schemas import (
    ActaSchema,
    BajaInputSchema,
    BajaItemOutputSchema,
    BajaItemsSchema,
    BajaOutputSchema,
    DictamenSchema,
    GIDecisionSchema,
    VoteSchema,
)
from archivo.records.api import file_store
from archivo.web import expected_version, json_body

blp = Blueprint("disposals_api", __name__, url_prefix="/api/v1",
                description="Baja documental, actas, testimonios (tombstones) e historial")
OUT = BajaOutputSchema()
ITEM = BajaItemOutputSchema()


def _out(b, status=200):
    return OUT.dump(b), status, {"ETag": f'"{b.version_id}"'}


@blp.get("/fondos/<int:fondo_id>/bajas/elegibles")
def eligible(fondo_id: int):
    """Expedientes that pass the disposal guard today."""
    facts = service.eligible_for_baja(require_login(), fondo_id)
    return {"items": [{"expediente_id": f.id, "clave": f.clave, "serie_id": f.serie_id}
                      for f in facts]}


@blp.get("/fondos/<int:fondo_id>/bajas")
@blp.response(200, BajaOutputSchema(many=True))
def list_bajas(fondo_id: int):
    """Bajas of the fondo, newest first."""
    return service.list_bajas(require_login(), fondo_id=fondo_id)


@blp.post("/fondos/<int:fondo_id>/bajas")
@blp.doc(**body(BajaInputSchema))
def propose(fondo_id: int):
    """Propose a baja (concentración)."""
    return _out(service.propose_baja(require_login(), fondo_id, json_body()), 201)


@blp.get("/bajas/<int:baja_id>")
def get_baja(baja_id: int):
    """A baja header."""
    return _out(service.get_baja(require_login(), baja_id))


@blp.get("/bajas/<int:baja_id>/inventario")
def inventory(baja_id: int):
    """Inventario de baja grouped by serie, with every expediente."""
    inv = service.baja_inventory(require_login(), baja_id)
    return {"baja": OUT.dump(inv["baja"]), "series": [
        {**g, "fecha_inicial": g["fecha_inicial"] and g["fecha_inicial"].isoformat(),
         "fecha_final": g["fecha_final"] and g["fecha_final"].isoformat()}
        for g in inv["series"]], "items": ITEM.dump(inv["items"], many=True)}


@blp.post("/bajas/<int:baja_id>/items")
@blp.doc(**body(BajaItemsSchema))
def add_items(baja_id: int):
    """Add expedientes to a draft (each checked by the disposal guard)."""
    return _out(service.add_baja_items(require_login(), baja_id, json_body()))


@blp.post("/bajas/<int:baja_id>/items/quitar")
@blp.doc(**body(BajaItemsSchema))
def remove_items(baja_id: int):
    """Take expedientes out of a draft."""
    return _out(service.remove_baja_items(require_login(), baja_id, json_body()))


@blp.post("/bajas/<int:baja_id>/enviar")
def submit(baja_id: int):
    """Sign the inventario and send the proposal to the Grupo Interdisciplinario."""
    return _out(service.submit_baja(require_login(), baja_id, {},
                                    expected_version=expected_version()))


@blp.post("/bajas/<int:baja_id>/votos")
@blp.doc(**body(VoteSchema))
def vote(baja_id: int):
    """A GI member's vote."""
    v = service.vote_baja(require_login(), baja_id, json_body())
    return {"id": v.id, "voto": v.voto.value, "usuario_id": v.usuario_id}, 201


@blp.post("/bajas/<int:baja_id>/decision-gi")
@blp.doc(**body(GIDecisionSchema))
def decide(baja_id: int):
    """Record the GI's collegiate decision with its acta."""
    return _out(service.decide_baja(require_login(), baja_id, json_body(),
                                    expected_version=expected_version()))


@blp.post("/bajas/<int:baja_id>/dictamen")
@blp.doc(**body(DictamenSchema))
def dictamen(baja_id: int):
    """Record the archive authority's dictamen."""
    return _out(service.record_dictamen(require_login(), baja_id, json_body(),
                                        expected_version=expected_version()))


@blp.post("/bajas/<int:baja_id>/ejecutar")
@blp.doc(**body(ActaSchema))
def execute(baja_id: int):
    """Execute with the acta de baja (guard re-checked; failures excluded with reasons)."""
    return _out(execution.execute_baja(require_login(), baja_id, json_body(),
                                       store=file_store(), expected_version=expected_version()))


@blp.post("/bajas/<int:baja_id>/cancelar")
def cancel(baja_id: int):
    """Cancel a baja that was not executed."""
    return _out(service.cancel_baja(require_login(), baja_id, {}))


@blp.get("/expedientes/<int:expediente_id>/baja")
def tombstone(expediente_id: int):
    """Public evidence of a disposed expediente (dictamen, acta, destroyed files)."""
    data = execution.tombstone(expediente_id)
    return _jsonable(data)


@blp.get("/historial/<kind>/<int:ident>")
def disposal_history(kind: str, ident: int):
    """Chain of events of an expediente, serie or baja plus chain verification (auditors)."""
    return _jsonable(history.disposal_history(require_login(), kind, ident))


def _jsonable(data):
    from archivo.audit.service import jsonable

    return jsonable(data)
