"""Shapes of the auditor's event log: its filters and paging, and one event as listed."""

from marshmallow import ValidationError, fields, validate, validates_schema

from archivo.i18n import N_
from archivo.labels import ACTIONS
from archivo.validation import BaseSchema, Length, Range, Trimmed

# Every kind of subject the services write events about (`audit.record(..., subject_type)`).
SUBJECT_TYPES = ("expediente", "serie", "subserie", "seccion", "fondo", "unidad", "archivo",
                 "cadido_version", "transferencia", "baja", "congelamiento", "prestamo",
                 "instrumento", "usuario", "api_token")
MAX_PER_PAGE = 200


class EventQuerySchema(BaseSchema):
    """Filters of the event log (all optional, combined with AND) and its keyset paging.

    `before` is the cursor: only events with a lower `seq` (older) are listed; each page
    gives the cursor of the next one.
    """

    action = fields.String(load_default=None, validate=validate.OneOf(
        sorted(ACTIONS), error=N_("Acción desconocida.")))
    actor_id = fields.Integer(load_default=None, validate=Range(1, 2_147_483_647))
    subject_type = fields.String(load_default=None, validate=validate.OneOf(
        SUBJECT_TYPES, error=N_("Tipo de sujeto desconocido.")))
    subject_id = Trimmed(load_default=None, validate=Length(60))
    since = fields.Date(load_default=None)
    until = fields.Date(load_default=None)
    before = fields.Integer(load_default=None, validate=Range(1, 2_147_483_647))
    per_page = fields.Integer(load_default=50, validate=Range(1, MAX_PER_PAGE))

    @validates_schema
    def _coherent(self, data, **_kwargs):
        if data.get("subject_id") and not data.get("subject_type"):
            raise ValidationError(N_("Indique también el tipo de sujeto."), "subject_id")
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise ValidationError(N_("La fecha inicial es posterior a la final."), "until")


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


class LoggedEventSchema(EventSchema):
    """An event as the log lists it; `contenido_oculto` when its data are withheld."""

    contenido_oculto = fields.Boolean()


class EventPageSchema(BaseSchema):
    """One page of the log: `next_before` is the cursor of the next (older) page, or null."""

    items = fields.List(fields.Nested(LoggedEventSchema))
    per_page = fields.Integer()
    next_before = fields.Integer(allow_none=True)
    scanned_from = fields.Integer(allow_none=True, metadata={
        "description": "Con un filtro sin índice (usuario), la búsqueda recorre una ventana "
                       "de eventos por página: el menor `seq` revisado."})
