"""Shapes of transfers: drafting, items, cotejo, completion and the 45-day notice."""

from marshmallow import ValidationError, fields, validates_schema

from archivo.transfers.models import EstadoItem, EstadoTransferencia, TipoTransferencia
from archivo.validation import BaseSchema, Length, Range, Trimmed, not_blank, not_future

Ids = lambda **kw: fields.List(fields.Integer(), **kw)  # noqa: E731


def _opt(n: int):
    return Trimmed(load_default=None, allow_none=True, validate=Length(n))


class TransferInputSchema(BaseSchema):
    """Draft a transfer; `todos_elegibles` adds every eligible expediente at once."""

    tipo = fields.Enum(TipoTransferencia, by_value=True, required=True)
    unidad_id = fields.Integer(load_default=None, allow_none=True)
    observaciones = _opt(5000)
    criterio_muestreo = _opt(5000)
    expediente_ids = Ids(load_default=list)
    muestreo_ids = Ids(load_default=list)
    todos_elegibles = fields.Boolean(load_default=False)

    @validates_schema
    def _unit(self, data, **_):
        if data["tipo"] == TipoTransferencia.PRIMARIA and not data.get("unidad_id"):
            raise ValidationError("Obligatorio en una transferencia primaria.", "unidad_id")


class ItemsInputSchema(BaseSchema):
    """Add or remove expedientes; `muestreo_ids` marks those selected by the sample."""

    expediente_ids = Ids(required=True, validate=Length(100_000, 1))
    muestreo_ids = Ids(load_default=list)


class DecisionSchema(BaseSchema):
    """A comment on a decision (authorise, cancel, complete)."""

    comentario = _opt(5000)


class CotejoItemSchema(BaseSchema):
    """Result of checking one expediente at receipt."""

    expediente_id = fields.Integer(required=True)
    aceptado = fields.Boolean(required=True)
    observacion = _opt(2000)
    caja = _opt(60)
    estante = _opt(60)

    @validates_schema
    def _reason(self, data, **_):
        if not data["aceptado"] and not data.get("observacion"):
            raise ValidationError("Indique por qué se devuelve el expediente.", "observacion")
        if data["aceptado"] and not data.get("caja"):
            raise ValidationError("Indique la caja donde queda el expediente.", "caja")


class PendientesSchema(BaseSchema):
    """Accept every expediente still pending, in the given box and shelf."""

    caja = Trimmed(required=True, validate=[Length(60), not_blank])
    estante = _opt(60)


class CotejoInputSchema(BaseSchema):
    """Cotejo expediente by expediente, or accept all pending ones at once."""

    items = fields.List(fields.Nested(CotejoItemSchema), load_default=list)
    aceptar_pendientes = fields.Nested(PendientesSchema, load_default=None, allow_none=True)


class NoticeSchema(BaseSchema):
    """The notice of a secondary transfer sent to the archive authority."""

    fecha = fields.Date(required=True, validate=not_future)
    referencia = Trimmed(required=True, validate=[Length(255), not_blank])


class TransferOutputSchema(BaseSchema):
    """A transfer header."""

    id = fields.Integer()
    fondo_id = fields.Integer()
    tipo = fields.Enum(TipoTransferencia, by_value=True)
    numero = fields.String()
    unidad_id = fields.Integer(allow_none=True)
    estado = fields.Enum(EstadoTransferencia, by_value=True)
    observaciones = fields.String(allow_none=True)
    criterio_muestreo = fields.String(allow_none=True)
    archivo_destino_id = fields.Integer(allow_none=True)
    created_at = fields.DateTime()
    created_by_id = fields.Integer(allow_none=True)
    autorizada_at = fields.DateTime(allow_none=True)
    autorizada_by_id = fields.Integer(allow_none=True)
    recibida_at = fields.DateTime(allow_none=True)
    recibida_by_id = fields.Integer(allow_none=True)
    comentario = fields.String(allow_none=True)
    aviso_vence = fields.Date(allow_none=True)
    aviso_fecha = fields.Date(allow_none=True)
    aviso_referencia = fields.String(allow_none=True)
    version_id = fields.Integer()


class TransferItemOutputSchema(BaseSchema):
    """An expediente of a transfer and its cotejo."""

    expediente_id = fields.Integer()
    clave = fields.String()
    titulo = fields.String()
    estado = fields.Enum(EstadoItem, by_value=True)
    observacion = fields.String(allow_none=True)
    caja = fields.String(allow_none=True)
    estante = fields.String(allow_none=True)
    seleccion_muestreo = fields.Boolean()
    restringido_hasta = fields.Date(allow_none=True)


class TransferQuerySchema(BaseSchema):
    """Filters of the transfer list."""

    fondo_id = fields.Integer(load_default=None)
    tipo = fields.Enum(TipoTransferencia, by_value=True, load_default=None)
    estado = fields.Enum(EstadoTransferencia, by_value=True, load_default=None)
    unidad_id = fields.Integer(load_default=None)
    page = fields.Integer(load_default=1, validate=Range(1, 100_000))
    per_page = fields.Integer(load_default=50, validate=Range(1, 500))
