"""Shapes of the ISAD(G) description: what the archivist may send, and what the API returns."""

from marshmallow import Schema, fields, validate

from archivo.interop.models import ELEMENTOS, Nivel
from archivo.validation import BaseSchema, Length, Trimmed

# Generous but bounded: a historia institucional runs to a few pages, never megabytes.
MAX_ELEMENT = 20000


# The archivist's elements (all optional; blank means 'not described yet').
DescripcionInputSchema = BaseSchema.from_dict(
    {name: Trimmed(allow_none=True, validate=Length(MAX_ELEMENT)) for name in ELEMENTOS},
    name="DescripcionInputSchema")


class DescripcionOutputSchema(Schema):
    """A unit of description: identity, derived elements and the archivist's elements."""

    nivel = fields.Enum(Nivel, by_value=True)
    objeto_id = fields.Integer()
    referencia = fields.String()
    titulo = fields.String()
    fechas = fields.String(allow_none=True)
    volumen = fields.String()
    productor = fields.String(allow_none=True)
    derivados = fields.Dict(keys=fields.String(), values=fields.String(allow_none=True))
    elementos = fields.Dict(keys=fields.String(), values=fields.String(allow_none=True))
    version = fields.Integer(allow_none=True)


class ExportQuerySchema(BaseSchema):
    """`?nivel=fondo|seccion|serie&id=…` of the export endpoints."""

    nivel = fields.String(required=True, validate=validate.OneOf(
        ["fondo", "seccion", "serie"], error="Use fondo, seccion o serie."))
    id = fields.Integer(required=True, strict=False)
