"""JSON API of the audit chain: verification and per-subject history."""

from flask_smorest import Blueprint
from marshmallow import fields

from archivo.audit import service
from archivo.auth import policies
from archivo.auth.current import require_login
from archivo.validation import BaseSchema

blp = Blueprint("audit_api", __name__, url_prefix="/api/v1/audit",
                description="Bitácora encadenada (verificable)")


class EventSchema(BaseSchema):
    """An audit event."""

    seq = fields.Integer()
    occurred_at = fields.DateTime()
    actor_id = fields.Integer(allow_none=True)
    actor_name = fields.String()
    action = fields.String()
    subject_type = fields.String()
    subject_id = fields.String()
    before = fields.Dict(allow_none=True)
    after = fields.Dict(allow_none=True)
    prev_hash = fields.String()
    hash = fields.String()


@blp.get("/verify")
def verify():
    """Walk the whole chain; reports the first broken link, and the head hash to publish."""
    policies.require(require_login(), "audit.verify")
    return service.verify_chain().to_dict()


@blp.get("/events/<subject_type>/<subject_id>")
@blp.response(200, EventSchema(many=True))
def events(subject_type: str, subject_id: str):
    """Every event about one subject (expediente, serie, baja, …), oldest first."""
    return service.subject_history(require_login(), subject_type, subject_id)
