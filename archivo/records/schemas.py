"""Shapes of expedientes and documentos."""

from marshmallow import ValidationError, fields, validates_schema

from archivo.catalog.enums import Acceso
from archivo.records.enums import Etapa, Soporte
from archivo.validation import BaseSchema, Length, Range, Trimmed, not_blank, not_future


def _opt(max_len: int):
    return Trimmed(load_default=None, allow_none=True, validate=Length(max_len))


class ClassificationFields(BaseSchema):
    """Access classification (LGTAIP): reservada and confidencial need their grounds."""

    acceso = fields.Enum(Acceso, by_value=True, load_default=None, allow_none=True)
    reserva_fecha_clasificacion = fields.Date(load_default=None, allow_none=True,
                                              validate=not_future)
    reserva_plazo_anios = fields.Integer(load_default=None, allow_none=True,
                                         validate=Range(1, 5))
    reserva_prorroga_anios = fields.Integer(load_default=None, allow_none=True,
                                            validate=Range(0, 5))
    reserva_fundamento = _opt(5000)
    reserva_area = _opt(255)
    reserva_partes = _opt(5000)
    confidencial_fundamento = _opt(5000)
    datos_personales_sensibles = fields.Boolean(load_default=False)

    # Checked even when another field failed, so the form shows every missing ground at
    # once; a field that failed its own check is absent from `data` and not reported twice.
    @validates_schema(skip_on_field_errors=False)
    def _grounds(self, data, partial=False, **_):
        acceso, errors = data.get("acceso"), {}

        def missing(name):  # (a partial load cannot tell "not sent" from "failed")
            return not data.get(name) if partial else name in data and not data[name]

        if acceso == Acceso.RESERVADA:
            for name in ("reserva_fecha_clasificacion", "reserva_plazo_anios",
                         "reserva_fundamento"):
                if missing(name):
                    errors[name] = ["Obligatorio cuando el expediente es reservado."]
        if acceso == Acceso.CONFIDENCIAL and missing("confidencial_fundamento"):
            errors["confidencial_fundamento"] = [
                "Obligatorio cuando el expediente es confidencial."]
        if errors:
            raise ValidationError(errors)


class ExpedienteInputSchema(ClassificationFields):
    """Open an expediente (the key is generated unless an existing one is given)."""

    serie_id = fields.Integer(required=True)
    unidad_id = fields.Integer(required=True)
    clave = _opt(120)
    titulo = Trimmed(required=True, validate=[Length(500), not_blank])
    descripcion = _opt(20000)
    palabras_clave = _opt(2000)
    fecha_apertura = fields.Date(required=True, validate=not_future)
    soporte = fields.Enum(Soporte, by_value=True, load_default=Soporte.PAPEL)
    legajos = fields.Integer(load_default=1, validate=Range(1, 1000))
    ubicacion_edificio = _opt(120)
    ubicacion_estante = _opt(60)
    ubicacion_caja = _opt(60)
    ubicacion_digital = _opt(500)
    violaciones_ddhh = fields.Boolean(load_default=False)


class ExpedienteUpdateSchema(BaseSchema):
    """Content fields, editable while the expediente is open."""

    titulo = Trimmed(validate=[Length(500), not_blank])
    descripcion = _opt(20000)
    palabras_clave = _opt(2000)
    fecha_apertura = fields.Date(validate=not_future)
    soporte = fields.Enum(Soporte, by_value=True)
    legajos = fields.Integer(validate=Range(1, 1000))
    violaciones_ddhh = fields.Boolean()


class CloseSchema(BaseSchema):
    """Close an expediente: its last date and its page count."""

    fecha_cierre = fields.Date(required=True, validate=not_future)
    fojas = fields.Integer(required=True, validate=Range(0, 1_000_000))
    legajos = fields.Integer(load_default=None, allow_none=True, validate=Range(1, 1000))


class LocationSchema(BaseSchema):
    """Where the expediente physically or digitally is (editable after closing, audited)."""

    archivo_id = fields.Integer(load_default=None, allow_none=True)
    ubicacion_edificio = _opt(120)
    ubicacion_estante = _opt(60)
    ubicacion_caja = _opt(60)
    ubicacion_digital = _opt(500)


class ClassifySchema(ClassificationFields):
    """Reclassify access (allowed after closing, audited); the reason is required."""

    acceso = fields.Enum(Acceso, by_value=True, required=True)
    motivo = Trimmed(required=True, validate=[Length(2000), not_blank])


class ExpedienteQuerySchema(BaseSchema):
    """Filters and paging of the expediente list."""

    fondo_id = fields.Integer(load_default=None)
    serie_id = fields.Integer(load_default=None)
    seccion_id = fields.Integer(load_default=None)
    unidad_id = fields.Integer(load_default=None)
    etapa = fields.Enum(Etapa, by_value=True, load_default=None)
    acceso = fields.Enum(Acceso, by_value=True, load_default=None)
    anio = fields.Integer(load_default=None, validate=Range(1800, 2200))
    abierto = fields.Boolean(load_default=None)
    clave = Trimmed(load_default=None, validate=Length(120))
    q = Trimmed(load_default=None, validate=Length(200))
    orden = fields.String(load_default="-id", validate=lambda v: v in ORDERS or _bad_order())
    page = fields.Integer(load_default=1, validate=Range(1, 100_000))
    per_page = fields.Integer(load_default=50, validate=Range(1, 200))


ORDERS = ("id", "-id", "clave", "-clave", "fecha_apertura", "-fecha_apertura",
          "fecha_cierre", "-fecha_cierre", "titulo")


def _bad_order():
    raise ValidationError(f"Orden no válido; use uno de: {', '.join(ORDERS)}.")


class ExpedienteOutputSchema(BaseSchema):
    """An expediente as staff see it."""

    id = fields.Integer()
    fondo_id = fields.Integer()
    clave = fields.String()
    serie_id = fields.Integer()
    serie_codigo = fields.String(attribute="serie.codigo")
    serie_nombre = fields.String(attribute="serie.nombre")
    unidad_id = fields.Integer()
    unidad_nombre = fields.String(attribute="unidad.nombre")
    titulo = fields.String()
    descripcion = fields.String(allow_none=True)
    palabras_clave = fields.String(allow_none=True)
    fecha_apertura = fields.Date()
    fecha_cierre = fields.Date(allow_none=True)
    cerrado = fields.Boolean()
    fojas = fields.Integer(allow_none=True)
    legajos = fields.Integer(allow_none=True)
    soporte = fields.Enum(Soporte, by_value=True)
    etapa = fields.Enum(Etapa, by_value=True)
    archivo_id = fields.Integer(allow_none=True)
    ubicacion_edificio = fields.String(allow_none=True)
    ubicacion_estante = fields.String(allow_none=True)
    ubicacion_caja = fields.String(allow_none=True)
    ubicacion_digital = fields.String(allow_none=True)
    acceso = fields.Enum(Acceso, by_value=True)
    reserva_fecha_clasificacion = fields.Date(allow_none=True)
    reserva_plazo_anios = fields.Integer(allow_none=True)
    reserva_prorroga_anios = fields.Integer(allow_none=True)
    reserva_vence = fields.Date(allow_none=True)
    reserva_fundamento = fields.String(allow_none=True)
    reserva_area = fields.String(allow_none=True)
    reserva_partes = fields.String(allow_none=True)
    confidencial_fundamento = fields.String(allow_none=True)
    datos_personales_sensibles = fields.Boolean()
    violaciones_ddhh = fields.Boolean()
    regla_id = fields.Integer(allow_none=True)
    vence_transferencia_primaria = fields.Date(allow_none=True)
    vence_destino_final = fields.Date(allow_none=True)
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    closed_at = fields.DateTime(allow_none=True)
    version_id = fields.Integer()


class DocumentoOutputSchema(BaseSchema):
    """Metadata of an attached document."""

    id = fields.Integer()
    expediente_id = fields.Integer()
    nombre = fields.String()
    tipo = fields.String()
    tamano = fields.Integer()
    sha256 = fields.String()
    uploaded_at = fields.DateTime()
    uploaded_by_id = fields.Integer(allow_none=True)
    contenido_destruido_at = fields.DateTime(allow_none=True)
