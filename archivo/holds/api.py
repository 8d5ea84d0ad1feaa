"""JSON API of holds (congelamientos)."""

from flask import request
from flask_smorest import Blueprint

from archivo.api import body
from archivo.auth.current import require_login
from archivo.holds import service
from archivo.holds.schemas import HoldInputSchema, HoldOutputSchema, LiftSchema
from archivo.web import json_body

blp = Blueprint("holds_api", __name__, url_prefix="/api/v1",
                description="Congelamientos: auditorías, juicios, solicitudes de acceso")
OUT = HoldOutputSchema()


@blp.get("/congelamientos")
@blp.response(200, HoldOutputSchema(many=True))
def list_holds():
    """Holds (query: fondo_id, activos=1/0)."""
    activos = request.args.get("activos", "1")
    return service.list_holds(require_login(), fondo_id=request.args.get("fondo_id", type=int),
                              activos=None if activos == "todos" else activos == "1")


@blp.post("/congelamientos")
@blp.doc(**body(HoldInputSchema))
def place():
    """Place a hold on an expediente or a serie."""
    return OUT.dump(service.place_hold(require_login(), json_body())), 201


@blp.get("/congelamientos/<int:hold_id>")
@blp.response(200, HoldOutputSchema)
def get_hold(hold_id: int):
    """One hold."""
    return service.get_hold(require_login(), hold_id)


@blp.post("/congelamientos/<int:hold_id>/levantar")
@blp.doc(**body(LiftSchema))
@blp.response(200, HoldOutputSchema)
def lift(hold_id: int):
    """Lift a hold with its reason."""
    return service.lift_hold(require_login(), hold_id, json_body())


@blp.get("/expedientes/<int:expediente_id>/congelamientos")
@blp.response(200, HoldOutputSchema(many=True))
def on_expediente(expediente_id: int):
    """Active holds that affect an expediente (its own and its serie's)."""
    return service.holds_on_expediente(require_login(), expediente_id)
