"""Shapes of the calendario de caducidades."""

from marshmallow import ValidationError, fields, validates_schema

from archivo.validation import BaseSchema


class CalendarQuerySchema(BaseSchema):
    """A period (inclusive) and optional unit filter."""

    fondo_id = fields.Integer(required=True)
    desde = fields.Date(required=True)
    hasta = fields.Date(required=True)
    unidad_id = fields.Integer(load_default=None)

    @validates_schema
    def _period(self, data, **_):
        if data["hasta"] < data["desde"]:
            raise ValidationError("El fin del periodo es anterior a su inicio.", "hasta")
        if (data["hasta"] - data["desde"]).days > 366 * 10:
            raise ValidationError("El periodo no puede exceder diez años.", "hasta")


class OverdueQuerySchema(BaseSchema):
    """The fondo and an optional unit of the overdue list."""

    fondo_id = fields.Integer(required=True)
    unidad_id = fields.Integer(load_default=None)
