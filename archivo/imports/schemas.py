"""Shapes of an import request (form fields of the API, options of the CLI)."""

from enum import StrEnum

from marshmallow import fields

from archivo.validation import BaseSchema, Range


class Tipo(StrEnum):
    """What the file holds."""

    CADIDO = "cadido"
    EXPEDIENTES = "expedientes"


class Modo(StrEnum):
    """All-or-nothing (any error: nothing written) or load the valid rows only."""

    ALL_OR_NOTHING = "all_or_nothing"
    VALID_ROWS = "valid_rows"


class ImportInputSchema(BaseSchema):
    """One import: kind, fondo, dry run (default) and mode."""

    tipo = fields.Enum(Tipo, by_value=True, required=True)
    fondo_id = fields.Integer(required=True)
    dry_run = fields.Boolean(load_default=True)
    modo = fields.Enum(Modo, by_value=True, load_default=Modo.ALL_OR_NOTHING)


class ReportPageSchema(BaseSchema):
    """Paging of a stored report's entries."""

    page = fields.Integer(load_default=1, validate=Range(1, 1_000_000))
    per_page = fields.Integer(load_default=200, validate=Range(1, 1000))
