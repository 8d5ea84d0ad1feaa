"""Shapes of holds (congelamientos)."""

from marshmallow import ValidationError, fields, validates_schema

from archivo.holds.models import MotivoCongelamiento
from archivo.validation import BaseSchema, Length, Trimmed, not_blank


class HoldInputSchema(BaseSchema):
    """Place a hold on one expediente or a whole serie."""

    expediente_id = fields.Integer(load_default=None, allow_none=True)
    serie_id = fields.Integer(load_default=None, allow_none=True)
    motivo = fields.Enum(MotivoCongelamiento, by_value=True, required=True)
    referencia = Trimmed(required=True, validate=[Length(255), not_blank])
    descripcion = Trimmed(load_default=None, allow_none=True, validate=Length(5000))

    @validates_schema
    def _one(self, data, **_):
        if bool(data.get("expediente_id")) == bool(data.get("serie_id")):
            raise ValidationError("Indique un expediente o una serie (solo uno).", "_schema")


class LiftSchema(BaseSchema):
    """Lift a hold: the reason is mandatory."""

    motivo = Trimmed(required=True, validate=[Length(5000), not_blank])


class HoldOutputSchema(BaseSchema):
    """A hold."""

    id = fields.Integer()
    fondo_id = fields.Integer()
    expediente_id = fields.Integer(allow_none=True)
    serie_id = fields.Integer(allow_none=True)
    motivo = fields.Enum(MotivoCongelamiento, by_value=True)
    referencia = fields.String()
    descripcion = fields.String(allow_none=True)
    activo = fields.Boolean()
    created_at = fields.DateTime()
    created_by_id = fields.Integer(allow_none=True)
    levantado_at = fields.DateTime(allow_none=True)
    levantado_by_id = fields.Integer(allow_none=True)
    motivo_levantamiento = fields.String(allow_none=True)
