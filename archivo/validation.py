"""marshmallow base schema with field messages in Spanish (translated on output)."""

import datetime as dt

from marshmallow import RAISE, Schema, ValidationError, fields, validate

from archivo.i18n import N_, template

_FIELD_MESSAGES = {
    fields.Field: {
        "required": N_("Este campo es obligatorio."),
        "null": N_("Este campo no puede estar vacío."),
        "validator_failed": N_("Valor no válido."),
    },
    fields.String: {"invalid": N_("Debe ser un texto."), "invalid_utf8": N_("Texto no válido.")},
    fields.Integer: {"invalid": N_("Debe ser un número entero."),
                     "too_large": N_("Número demasiado grande.")},
    fields.Number: {"invalid": N_("Debe ser un número; use punto decimal (p. ej. 0.30)."),
                    "too_large": N_("Número demasiado grande.")},
    fields.Decimal: {"special": N_("Debe ser un número; use punto decimal (p. ej. 0.30).")},
    fields.Boolean: {"invalid": N_("Debe ser verdadero o falso.")},
    fields.Date: {"invalid": N_("Fecha no válida; use el formato AAAA-MM-DD.")},
    fields.DateTime: {"invalid": N_("Fecha y hora no válidas.")},
    fields.Email: {"invalid": N_("Correo electrónico no válido.")},
    fields.List: {"invalid": N_("Debe ser una lista.")},
    fields.Dict: {"invalid": N_("Debe ser un objeto.")},
    fields.Nested: {"type": N_("Debe ser un objeto.")},
    fields.Enum: {"unknown": template("Valor no permitido; use uno de: {choices}.")},
}


def _install_messages() -> None:
    """Replace marshmallow's English defaults once, for every schema of the app."""
    for field_cls, messages in _FIELD_MESSAGES.items():
        merged = dict(getattr(field_cls, "default_error_messages", {}))
        merged.update(messages)
        field_cls.default_error_messages = merged


_install_messages()


class BaseSchema(Schema):
    """Schema that rejects unknown fields with a Spanish message."""

    class Meta:
        unknown = RAISE

    error_messages = {
        "unknown": N_("Campo no reconocido."),
        "type": N_("Se esperaba un objeto JSON."),
    }


def Length(max: int, min: int = 0):  # noqa: N802 - reads like marshmallow's validator
    """Length validator with a Spanish message."""
    if min:
        return validate.Length(
            min=min, max=max, error=template("Debe tener entre {min} y {max} caracteres.")
        )
    return validate.Length(max=max, error=template("Debe tener como máximo {max} caracteres."))


def Range(min=None, max=None):  # noqa: N802
    """Numeric range validator with a Spanish message."""
    return validate.Range(min=min, max=max, error=template("Debe estar entre {min} y {max}."))


def not_future(value: dt.date) -> None:
    """Dates of archival facts cannot lie in the future."""
    if value > dt.date.today():
        raise ValidationError(N_("La fecha no puede ser posterior a hoy."))


def not_blank(value: str) -> None:
    """Reject strings that are only whitespace."""
    if not value or not value.strip():
        raise ValidationError(N_("Este campo no puede estar vacío."))


class Trimmed(fields.String):
    """A string field that strips surrounding whitespace on load."""

    def _deserialize(self, value, attr, data, **kwargs):
        result = super()._deserialize(value, attr, data, **kwargs)
        return result.strip() if isinstance(result, str) else result
