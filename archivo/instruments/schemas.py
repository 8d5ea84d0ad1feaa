"""Shapes of an instrument request: which instrument, its subject, and the file format."""

import re

from marshmallow import ValidationError, fields, validate, validates, validates_schema

from archivo.i18n import N_, template
from archivo.instruments.layout import KINDS
from archivo.validation import BaseSchema, Length, Range

FORMATS = ("pdf", "csv", "json")
ETAPAS = ("tramite", "concentracion", "historico")
_SEMESTRE = re.compile(r"^(\d{4})-([12])$")

# Which subject each instrument needs; the service reads the rest from the database.
REQUIRED = {
    "ficha_valoracion": "serie",
    "inventario_transferencia_primaria": "transferencia",
    "inventario_transferencia_secundaria": "transferencia",
    "inventario_baja": "baja",
    "dictamen_baja": "baja",
    "acta_baja": "baja",
    "caratula": "expediente",
}


class InstrumentQuerySchema(BaseSchema):
    """Query of `GET /api/v1/instruments/<kind>`, the CLI and the Instrumentos screen."""

    kind = fields.String(required=True, validate=validate.OneOf(
        KINDS, error=template("Instrumento desconocido; use uno de: {choices}.")))
    format = fields.String(load_default="pdf", validate=validate.OneOf(
        FORMATS, error=template("Formato no permitido; use uno de: {choices}.")))
    fondo = fields.Integer(load_default=None, validate=Range(min=1))
    unidad = fields.String(load_default=None, validate=Length(max=20))
    etapa = fields.String(load_default=None, validate=validate.OneOf(
        ETAPAS, error=template("Archivo no válido; use uno de: {choices}.")))
    version = fields.Integer(load_default=None, validate=Range(min=1))
    serie = fields.String(load_default=None, validate=Length(max=40))
    transferencia = fields.Integer(load_default=None, validate=Range(min=1))
    baja = fields.Integer(load_default=None, validate=Range(min=1))
    expediente = fields.Integer(load_default=None, validate=Range(min=1))
    desde = fields.Date(load_default=None)
    hasta = fields.Date(load_default=None)
    semestre = fields.String(load_default=None)

    @validates("semestre")
    def _semestre(self, value, **_):
        if value is not None and not _SEMESTRE.match(value):
            raise ValidationError(N_("Semestre no válido; use AAAA-1 o AAAA-2 (p. ej. 2025-1)."))

    @validates_schema
    def _subject(self, data, **_):
        needed = REQUIRED.get(data.get("kind"))
        if needed and not data.get(needed):
            raise ValidationError(N_("Este instrumento requiere este dato."), needed)
        desde, hasta = data.get("desde"), data.get("hasta")
        if desde and hasta and hasta < desde:
            raise ValidationError(N_("El fin del periodo es anterior a su inicio."), "hasta")


def semester_bounds(semestre: str):
    """(first day, last day) of `AAAA-1` (January-June) or `AAAA-2` (July-December)."""
    import datetime as dt

    year, half = (int(p) for p in _SEMESTRE.match(semestre).groups())
    if half == 1:
        return dt.date(year, 1, 1), dt.date(year, 6, 30)
    return dt.date(year, 7, 1), dt.date(year, 12, 31)
