"""Shapes of loans (préstamos)."""

import datetime as dt

from marshmallow import ValidationError, fields, validates

from archivo.loans.models import EstadoPrestamo
from archivo.validation import BaseSchema, Length, Trimmed


class LoanInputSchema(BaseSchema):
    """Request a loan of an expediente for a unit until a due date."""

    expediente_id = fields.Integer(required=True)
    unidad_id = fields.Integer(required=True)
    fecha_vencimiento = fields.Date(required=True)
    motivo = Trimmed(load_default=None, allow_none=True, validate=Length(2000))

    @validates("fecha_vencimiento")
    def _future(self, value, **_):
        if value < dt.date.today():
            raise ValidationError("La fecha de devolución no puede ser anterior a hoy.")


class DeliverSchema(BaseSchema):
    """Delivery: who in the unit took the expediente."""

    recibido_por = Trimmed(load_default=None, allow_none=True, validate=Length(160))


class RenewSchema(BaseSchema):
    """Renewal (prórroga): a later due date and why."""

    fecha_vencimiento = fields.Date(required=True)
    motivo = Trimmed(load_default=None, allow_none=True, validate=Length(2000))

    @validates("fecha_vencimiento")
    def _future(self, value, **_):
        if value < dt.date.today():
            raise ValidationError("La nueva fecha de devolución no puede ser anterior a hoy.")


class ReturnSchema(BaseSchema):
    """Return: the state it came back in."""

    observacion = Trimmed(load_default=None, allow_none=True, validate=Length(2000))


class LoanOutputSchema(BaseSchema):
    """A loan."""

    id = fields.Integer()
    expediente_id = fields.Integer()
    unidad_id = fields.Integer()
    estado = fields.Enum(EstadoPrestamo, by_value=True)
    motivo = fields.String(allow_none=True)
    fecha_vencimiento = fields.Date()
    solicitado_at = fields.DateTime()
    solicitado_by_id = fields.Integer(allow_none=True)
    entregado_at = fields.DateTime(allow_none=True)
    recibido_por = fields.String(allow_none=True)
    devuelto_at = fields.DateTime(allow_none=True)
    observacion_devolucion = fields.String(allow_none=True)
    renovaciones = fields.Integer()
    version_id = fields.Integer()
