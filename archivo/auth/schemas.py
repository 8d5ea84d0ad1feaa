"""Shapes of users, logins and API tokens."""

from marshmallow import fields, validate

from archivo.auth.roles import Rol
from archivo.validation import BaseSchema, Length, Range, Trimmed, not_blank


class UserInputSchema(BaseSchema):
    """Create a user."""

    username = Trimmed(required=True, validate=[Length(80, 3), validate.Regexp(
        r"^[A-Za-z0-9_.@-]+$", error="Use solo letras sin acento, números y . _ - @")])
    nombre = Trimmed(required=True, validate=[Length(160), not_blank])
    cargo = Trimmed(load_default=None, allow_none=True, validate=Length(160))
    email = fields.Email(load_default=None, allow_none=True, validate=Length(254))
    password = fields.String(required=True, load_only=True, validate=Length(256, 10))
    rol = fields.Enum(Rol, by_value=True, required=True)
    unidad_id = fields.Integer(load_default=None, allow_none=True)


class UserOutputSchema(BaseSchema):
    """A user as shown to administrators."""

    id = fields.Integer()
    username = fields.String()
    nombre = fields.String()
    cargo = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    rol = fields.Enum(Rol, by_value=True)
    unidad_id = fields.Integer(allow_none=True)
    activo = fields.Boolean()


class LoginSchema(BaseSchema):
    """Sign-in form / API body."""

    username = Trimmed(required=True, validate=Length(80, 1))
    password = fields.String(required=True, validate=Length(256, 1))


class TokenInputSchema(BaseSchema):
    """Create an API token for oneself."""

    nombre = Trimmed(required=True, validate=[Length(120), not_blank])
    dias = fields.Integer(load_default=90, validate=Range(1, 730))


class TokenOutputSchema(BaseSchema):
    """A token's metadata (the secret is shown once, at creation)."""

    id = fields.Integer()
    nombre = fields.String()
    prefix = fields.String()
    created_at = fields.DateTime()
    expires_at = fields.DateTime(allow_none=True)
    revoked_at = fields.DateTime(allow_none=True)
    last_used_at = fields.DateTime(allow_none=True)
