"""Shapes of the catalogue: fondo, unidades, archives, CGCA levels and CADIDO rules."""

from marshmallow import ValidationError, fields, validate, validates, validates_schema

from archivo.catalog.enums import (
    Acceso,
    Destino,
    EstadoVersion,
    TipoArchivo,
    TipoSeccion,
    ValorPrimario,
    ValorSecundario,
)
from archivo.catalog.rules import clean_code, is_valid_code
from archivo.records.rules import check_key_format
from archivo.validation import BaseSchema, Length, Range, Trimmed, not_blank, not_future

CODE_ERROR = "Clave con forma no válida; ejemplos: 4C, 4C.3, 4C.3.1, 13S.2."


class CodeField(Trimmed):
    """A classification code: spaces removed, upper-cased, shape checked."""

    def _deserialize(self, value, attr, data, **kwargs):
        result = clean_code(super()._deserialize(value, attr, data, **kwargs))
        if not is_valid_code(result):
            raise ValidationError(CODE_ERROR)
        return result


def _opt_text(max_len: int):
    return Trimmed(load_default=None, allow_none=True, validate=Length(max_len))


class FondoInputSchema(BaseSchema):
    """Create or edit the sujeto obligado."""

    clave = Trimmed(required=True, validate=[Length(20, 1), validate.Regexp(
        r"^[A-Za-z0-9_-]+$", error="Use solo letras sin acento, números, - y _.")])
    nombre = Trimmed(required=True, validate=[Length(255), not_blank])
    direccion = _opt_text(2000)
    telefono = _opt_text(60)
    email = fields.Email(load_default=None, allow_none=True)
    key_format = Trimmed(load_default=None, allow_none=True, validate=Length(120))
    autoridad_archivistica = _opt_text(255)

    @validates("key_format")
    def _key_format(self, value, **_):
        if value:
            problem = check_key_format(value)
            if problem:
                raise ValidationError(problem)


class UnidadInputSchema(BaseSchema):
    """A producing unit."""

    clave = Trimmed(required=True, validate=[Length(20, 1), not_blank])
    nombre = Trimmed(required=True, validate=[Length(255), not_blank])
    activa = fields.Boolean(load_default=True)


class ArchivoInputSchema(BaseSchema):
    """An archive of the system (trámite per unit, concentración, histórico)."""

    tipo = fields.Enum(TipoArchivo, by_value=True, required=True)
    unidad_id = fields.Integer(load_default=None, allow_none=True)
    nombre = Trimmed(required=True, validate=[Length(255), not_blank])
    direccion = _opt_text(2000)
    telefono = _opt_text(60)
    email = fields.Email(load_default=None, allow_none=True)
    responsable_nombre = _opt_text(160)
    responsable_cargo = _opt_text(160)


class SeccionInputSchema(BaseSchema):
    """A sección of the CGCA."""

    codigo = CodeField(required=True)
    nombre = Trimmed(required=True, validate=[Length(255), not_blank])
    descripcion = _opt_text(5000)
    tipo = fields.Enum(TipoSeccion, by_value=True, load_default=None, allow_none=True)

    @validates("codigo")
    def _depth(self, value, **_):
        if "." in value:
            raise ValidationError("La clave de una sección no lleva puntos (ejemplo: 4C).")


class SerieInputSchema(BaseSchema):
    """A serie (`4C.3`) or subserie (`4C.3.1`): the level and the parent come from the code."""

    codigo = CodeField(required=True)
    nombre = Trimmed(required=True, validate=[Length(255), not_blank])
    descripcion = _opt_text(5000)
    unidades_productoras = _opt_text(2000)

    @validates("codigo")
    def _depth(self, value, **_):
        if value.count(".") not in (1, 2):
            raise ValidationError(
                "Una serie lleva un punto (4C.3) y una subserie dos (4C.3.1).")


class SerieUpdateSchema(BaseSchema):
    """Editable fields of a serie (the code is its identity and is not edited)."""

    nombre = Trimmed(validate=[Length(255), not_blank])
    descripcion = _opt_text(5000)
    unidades_productoras = _opt_text(2000)


class SeccionUpdateSchema(BaseSchema):
    """Editable fields of a sección."""

    nombre = Trimmed(validate=[Length(255), not_blank])
    descripcion = _opt_text(5000)
    tipo = fields.Enum(TipoSeccion, by_value=True)


class ReglaInputSchema(BaseSchema):
    """The CADIDO rule of a serie/subserie in a draft version."""

    serie_id = fields.Integer(required=True)
    valores_primarios = fields.List(fields.Enum(ValorPrimario, by_value=True), load_default=list)
    valores_secundarios = fields.List(fields.Enum(ValorSecundario, by_value=True),
                                      load_default=list)
    plazo_tramite = fields.Integer(required=True, validate=Range(0, 100))
    plazo_concentracion = fields.Integer(required=True, validate=Range(0, 100))
    destino = fields.Enum(Destino, by_value=True, required=True)
    criterio_muestreo = _opt_text(2000)
    acceso = fields.Enum(Acceso, by_value=True, load_default=Acceso.PUBLICA)
    fundamento_legal = _opt_text(5000)
    observaciones = _opt_text(5000)

    @validates_schema
    def _muestreo(self, data, **_):
        if data.get("destino") == Destino.MUESTREO and not data.get("criterio_muestreo"):
            raise ValidationError("Indique el criterio de muestreo.", "criterio_muestreo")
        if data.get("destino") == Destino.CONSERVACION and not data.get("valores_secundarios"):
            raise ValidationError(
                "Una serie de conservación histórica debe tener al menos un valor secundario.",
                "valores_secundarios")


class VersionInputSchema(BaseSchema):
    """Open a new draft version."""

    descripcion = _opt_text(2000)


class VersionApproveSchema(BaseSchema):
    """Record the Grupo Interdisciplinario's approval of a draft."""

    fecha_aprobacion = fields.Date(required=True, validate=not_future)
    acta_gi = Trimmed(required=True, validate=[Length(120), not_blank])


class ReglaOutputSchema(BaseSchema):
    """A CADIDO rule."""

    id = fields.Integer()
    version_id = fields.Integer()
    serie_id = fields.Integer()
    serie_codigo = fields.String(attribute="serie.codigo")
    serie_nombre = fields.String(attribute="serie.nombre")
    valores_primarios = fields.Method("_vp")
    valores_secundarios = fields.Method("_vs")
    plazo_tramite = fields.Integer()
    plazo_concentracion = fields.Integer()
    plazo_total = fields.Integer()
    destino = fields.Enum(Destino, by_value=True)
    criterio_muestreo = fields.String(allow_none=True)
    acceso = fields.Enum(Acceso, by_value=True)
    fundamento_legal = fields.String(allow_none=True)
    observaciones = fields.String(allow_none=True)

    def _vp(self, obj):
        return sorted(v.value for v in obj.valores_primarios)

    def _vs(self, obj):
        return sorted(v.value for v in obj.valores_secundarios)


class VersionOutputSchema(BaseSchema):
    """A CADIDO version."""

    id = fields.Integer()
    fondo_id = fields.Integer()
    numero = fields.Integer()
    estado = fields.Enum(EstadoVersion, by_value=True)
    descripcion = fields.String(allow_none=True)
    fecha_aprobacion = fields.Date(allow_none=True)
    acta_gi = fields.String(allow_none=True)
    approved_at = fields.DateTime(allow_none=True)
    created_at = fields.DateTime()


class FondoOutputSchema(BaseSchema):
    """The fondo."""

    id = fields.Integer()
    clave = fields.String()
    nombre = fields.String()
    direccion = fields.String(allow_none=True)
    telefono = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    key_format = fields.String()
    autoridad_archivistica = fields.String()


class UnidadOutputSchema(BaseSchema):
    """A producing unit."""

    id = fields.Integer()
    fondo_id = fields.Integer()
    clave = fields.String()
    nombre = fields.String()
    activa = fields.Boolean()


class ArchivoOutputSchema(ArchivoInputSchema):
    """An archive."""

    id = fields.Integer()
    fondo_id = fields.Integer()


class SeccionOutputSchema(BaseSchema):
    """A sección."""

    id = fields.Integer()
    fondo_id = fields.Integer()
    codigo = fields.String()
    nombre = fields.String()
    descripcion = fields.String(allow_none=True)
    tipo = fields.Enum(TipoSeccion, by_value=True)


class SerieOutputSchema(BaseSchema):
    """A serie or subserie."""

    id = fields.Integer()
    fondo_id = fields.Integer()
    seccion_id = fields.Integer()
    parent_id = fields.Integer(allow_none=True)
    nivel = fields.String()
    codigo = fields.String()
    nombre = fields.String()
    descripcion = fields.String(allow_none=True)
    unidades_productoras = fields.String(allow_none=True)
