"""JSON API of the audit chain: verification, the filtered event log, per-subject history."""

from zoneinfo import ZoneInfo

from flask import request
from flask_babel import get_timezone
from flask_smorest import Blueprint

from archivo.audit import log, service
from archivo.audit.schemas import EventPageSchema, EventQuerySchema, EventSchema
from archivo.auth import policies
from archivo.auth.current import require_login

blp = Blueprint("audit_api", __name__, url_prefix="/api/v1/audit",
                description="Bitácora encadenada (verificable)")


@blp.get("/verify")
def verify():
    """Walk the whole chain; reports the first broken link, and the head hash to publish."""
    policies.require(require_login(), "audit.verify")
    return service.verify_chain().to_dict()


@blp.get("/events")
@blp.doc(parameters=[{"in": "query", "schema": EventQuerySchema}])
@blp.response(200, EventPageSchema)
def event_log():
    """The event log, newest first: filters action, actor_id, subject_type (+ subject_id),
    since/until (local days, inclusive); keyset pages: pass `next_before` as `before`.

    Readers: the roles that verify the chain. A confidential expediente's events keep
    their data (`before`/`after`) from roles that may not read it (`contenido_oculto`).
    """
    page, _q = log.list_events(require_login(), request.args.to_dict(),
                               tz=ZoneInfo(str(get_timezone())))
    return page


@blp.get("/events/<subject_type>/<subject_id>")
@blp.response(200, EventSchema(many=True))
def events(subject_type: str, subject_id: str):
    """Every event about one subject (expediente, serie, baja, …), oldest first."""
    return service.subject_history(require_login(), subject_type, subject_id)
