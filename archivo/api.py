"""The JSON API under /api/v1 with its OpenAPI 3 document (flask-smorest + apispec)."""

from flask_smorest import Api
from marshmallow import Schema, fields

api = Api()

_PAGE_SCHEMAS: dict[type, type] = {}


def body(schema_cls) -> dict:
    """OpenAPI requestBody for a JSON body loaded by the service with `schema_cls`."""
    return {"requestBody": {"required": True,
                            "content": {"application/json": {"schema": schema_cls}}}}


def page_of(schema_cls) -> type:
    """A paged-envelope schema (items, total, page, per_page, pages) for `schema_cls`."""
    if schema_cls not in _PAGE_SCHEMAS:
        _PAGE_SCHEMAS[schema_cls] = type(
            schema_cls.__name__.replace("Schema", "") + "PageSchema", (Schema,), {
                "items": fields.List(fields.Nested(schema_cls)),
                "total": fields.Integer(), "page": fields.Integer(),
                "per_page": fields.Integer(), "pages": fields.Integer()})
    return _PAGE_SCHEMAS[schema_cls]


def init_app(app) -> None:
    """Configure the OpenAPI document and register every feature's API blueprint."""
    app.config.update(
        API_TITLE="archivo API", API_VERSION="v1", OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api/v1", OPENAPI_JSON_PATH="openapi.json",
        API_SPEC_OPTIONS={
            "info": {"description": "Gestión documental conforme a la Ley General de "
                                    "Archivos. Autenticación: sesión o `Authorization: "
                                    "Bearer <token>`. Errores: `{\"error\": {code, message, "
                                    "fields}}` con 401, 403, 404, 409 y 422."},
            "components": {"securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"}}},
            "security": [{"bearer": []}, {}],
        },
    )
    api.init_app(app)
    from archivo.audit.api import blp as audit_blp
    from archivo.auth.api import blp as auth_blp
    from archivo.calendar.api import blp as calendar_blp
    from archivo.catalog.api import blp as catalog_blp
    from archivo.disposals.api import blp as disposals_blp
    from archivo.holds.api import blp as holds_blp
    from archivo.imports.api import blp as imports_blp
    from archivo.instruments.api import blp as instruments_blp
    from archivo.interop.api import blp as interop_blp
    from archivo.loans.api import blp as loans_blp
    from archivo.records.api import blp as records_blp
    from archivo.search.api import blp as search_blp
    from archivo.transfers.api import blp as transfers_blp

    for blp in (auth_blp, catalog_blp, records_blp, audit_blp, transfers_blp, disposals_blp,
                holds_blp, loans_blp, calendar_blp, imports_blp, search_blp,
                instruments_blp, interop_blp):
        api.register_blueprint(blp)
