"""JSON API of the calendario de caducidades."""

from flask import request
from flask_smorest import Blueprint

from archivo.audit.service import jsonable
from archivo.auth.current import require_login
from archivo.calendar import service

blp = Blueprint("calendar_api", __name__, url_prefix="/api/v1",
                description="Calendario de caducidades")


@blp.get("/calendario")
def calendario():
    """Due movements for a period (fondo_id, desde, hasta, unidad_id), by month and unit."""
    return jsonable(service.calendario(require_login(), request.args.to_dict()))


@blp.get("/calendario/vencidos")
def vencidos():
    """Expedientes whose transfer or destino final is overdue (fondo_id, unidad_id)."""
    return jsonable(service.vencidos(require_login(), request.args.to_dict()))
