"""Shapes of the baja documental: proposal, votes, GI decision, dictamen and acta de baja."""

import re

from marshmallow import ValidationError, fields, validate, validates

from archivo.disposals.models import EstadoBaja, EstadoItemBaja, Voto
from archivo.validation import BaseSchema, Length, Range, Trimmed, not_blank, not_future

FOLIO = re.compile(r"\d{4}-\d{2}")


def _req(n: int):
    return Trimmed(required=True, validate=[Length(n), not_blank])


def _opt(n: int):
    return Trimmed(load_default=None, allow_none=True, validate=Length(n))


class BajaInputSchema(BaseSchema):
    """Propose a baja: explicit expedientes and/or every eligible one (of some series)."""

    descripcion = _opt(5000)
    expediente_ids = fields.List(fields.Integer(), load_default=list)
    serie_ids = fields.List(fields.Integer(), load_default=list)
    todos_elegibles = fields.Boolean(load_default=False)


class BajaItemsSchema(BaseSchema):
    """Add or remove expedientes of a draft."""

    expediente_ids = fields.List(fields.Integer(), required=True)


class VoteSchema(BaseSchema):
    """A member's vote."""

    voto = fields.Enum(Voto, by_value=True, required=True)
    comentario = _opt(5000)


class GIDecisionSchema(BaseSchema):
    """The collegiate decision of the Grupo Interdisciplinario, with its minutes."""

    decision = fields.String(required=True, validate=validate.OneOf(
        ["aprobada", "rechazada"], error="Elija la decisión: aprobada o rechazada."))
    acta_gi = _req(120)
    fecha_sesion = fields.Date(required=True, validate=not_future)
    comentario = _opt(5000)


class DictamenSchema(BaseSchema):
    """The archive authority's dictamen (AGN or the state archive)."""

    numero = _req(120)
    fecha = fields.Date(required=True, validate=not_future)
    autoridad = _opt(255)


class TestigoSchema(BaseSchema):
    """A witness of the destruction."""

    nombre = _req(160)
    cargo = _req(160)


class ActaSchema(BaseSchema):
    """Acta de baja: folio NNNN-YY (generated when omitted), place, method, volume, witnesses."""

    folio = _opt(20)
    fecha = fields.Date(required=True, validate=not_future)
    lugar = _req(255)
    metodo = _req(255)
    destino_papel = _req(255)
    cajas = fields.Integer(load_default=None, allow_none=True, validate=Range(0, 1_000_000))
    metros_lineales = fields.Decimal(required=True, places=2, as_string=False,
                                     validate=Range(0, 1_000_000))
    peso_kg = fields.Decimal(required=True, places=2, validate=Range(0, 10_000_000))
    testigos = fields.List(fields.Nested(TestigoSchema), required=True,
                           validate=validate.Length(min=2, error="Se requieren al menos dos "
                                                                 "testigos."))

    @validates("folio")
    def _folio(self, value, **_):
        if value is not None and not FOLIO.fullmatch(value):
            raise ValidationError("El folio debe tener la forma NNNN-AA (p. ej. 0007-25).")


class BajaOutputSchema(BaseSchema):
    """A baja header with its review, dictamen and acta."""

    id = fields.Integer()
    fondo_id = fields.Integer()
    numero = fields.String()
    estado = fields.Enum(EstadoBaja, by_value=True)
    descripcion = fields.String(allow_none=True)
    created_at = fields.DateTime()
    created_by_id = fields.Integer(allow_none=True)
    inventario_firmado_at = fields.DateTime(allow_none=True)
    gi_decision = fields.String(allow_none=True)
    gi_acta = fields.String(allow_none=True)
    gi_fecha = fields.Date(allow_none=True)
    gi_decidida_by_id = fields.Integer(allow_none=True)
    dictamen_numero = fields.String(allow_none=True)
    dictamen_fecha = fields.Date(allow_none=True)
    dictamen_autoridad = fields.String(allow_none=True)
    acta_folio = fields.String(allow_none=True)
    acta_fecha = fields.Date(allow_none=True)
    acta_lugar = fields.String(allow_none=True)
    acta_metodo = fields.String(allow_none=True)
    acta_destino_papel = fields.String(allow_none=True)
    volumen_expedientes = fields.Integer(allow_none=True)
    volumen_cajas = fields.Integer(allow_none=True)
    volumen_metros_lineales = fields.Decimal(allow_none=True, as_string=True)
    volumen_kg = fields.Decimal(allow_none=True, as_string=True)
    testigos = fields.List(fields.Dict(), allow_none=True)
    documentos_destruidos = fields.Integer(allow_none=True)
    ejecutada_at = fields.DateTime(allow_none=True)
    ejecutada_by_id = fields.Integer(allow_none=True)
    version_id = fields.Integer()


class BajaItemOutputSchema(BaseSchema):
    """An expediente of a baja."""

    expediente_id = fields.Integer()
    clave = fields.String()
    titulo = fields.String()
    serie_id = fields.Integer()
    estado = fields.Enum(EstadoItemBaja, by_value=True)
    motivo_exclusion = fields.String(allow_none=True)
