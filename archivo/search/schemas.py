"""Shapes of a search request and of its answer (API, views and downloads share them)."""

from marshmallow import Schema, fields, validate

from archivo.catalog.enums import Acceso
from archivo.i18n import N_, template
from archivo.records.enums import Etapa
from archivo.search.backend import MAX_PER_PAGE, MAX_YEAR, MIN_YEAR, SORTS
from archivo.validation import BaseSchema, Length

# A pasted document is not a question: longer text is cut (query.MAX_QUERY_CHARS reads
# even less), so a 10,000-character query answers like a short one instead of failing.
MAX_Q_CHARS = 10_000
# Messages in Spanish, registered with template() so the English UI can translate them.
YEAR = validate.Range(MIN_YEAR, MAX_YEAR, error=template("El año debe estar entre {min} y {max}."))


class _Trimmed(fields.String):
    """A string with surrounding blanks removed; blank means absent."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs).strip()
        return text or None


class _Query(fields.String):
    """The free text, cut to MAX_Q_CHARS."""

    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(value, attr, data, **kwargs)[:MAX_Q_CHARS].strip()


class SearchQuerySchema(BaseSchema):
    """Query-string parameters of a search (unknown names are a 422: «Campo no reconocido»)."""

    q = _Query(
        load_default="",
        metadata={
            "description": "Texto libre: palabras, "
            '"frases", prefijo*, -excluir, OR, campo:valor (serie:, unidad:, clave:…).'
        },
    )
    serie = _Trimmed(
        load_default=None,
        validate=Length(max=40),
        metadata={"description": "Código de serie (incluye sus subseries)."},
    )
    seccion = _Trimmed(load_default=None, validate=Length(max=40))
    unidad = _Trimmed(
        load_default=None,
        validate=Length(max=20),
        metadata={"description": "Clave de la unidad administrativa."},
    )
    etapa = fields.Enum(Etapa, by_value=True, load_default=None)
    acceso = fields.Enum(Acceso, by_value=True, load_default=None)
    anio_desde = fields.Integer(load_default=None, validate=YEAR)
    anio_hasta = fields.Integer(load_default=None, validate=YEAR)
    fecha_desde = fields.Date(load_default=None)
    fecha_hasta = fields.Date(load_default=None)
    sort = fields.String(
        load_default="relevance",
        validate=validate.OneOf(SORTS, error=template("Orden no válido; use uno de: {choices}.")),
    )
    page = fields.Integer(
        load_default=1, validate=validate.Range(min=1, error=N_("La página debe ser 1 o mayor."))
    )
    per_page = fields.Integer(
        load_default=20,
        validate=validate.Range(
            1, MAX_PER_PAGE, error=template("Resultados por página: entre {min} y {max}.")
        ),
    )


class PublicSearchQuerySchema(SearchQuerySchema):
    """The public lookup also downloads its results."""

    format = fields.String(
        load_default=None,
        validate=validate.OneOf(
            ("csv", "json"), error=template("Formato no permitido; use uno de: {choices}.")
        ),
        metadata={"description": "Descarga: csv (UTF-8 con BOM) o json."},
    )


class FacetValueSchema(Schema):
    """One facet bucket."""

    value = fields.String()
    label = fields.String()
    count = fields.Integer()


class SearchHitSchema(Schema):
    """One result: the fields the requester may see, and highlighted snippets (HTML)."""

    id = fields.Integer()
    score = fields.Float()
    url = fields.String(metadata={"description": "Página pública del expediente."})
    fields_ = fields.Dict(data_key="fields")
    highlights = fields.Dict(
        keys=fields.String(),
        values=fields.String(),
        metadata={"description": "Fragmentos con <mark>…</mark>."},
    )


class SearchResultSchema(Schema):
    """A page of results with exact totals, facets and a spelling suggestion."""

    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()
    pages = fields.Integer()
    hits = fields.List(fields.Nested(SearchHitSchema))
    facets = fields.Dict(keys=fields.String(), values=fields.List(fields.Nested(FacetValueSchema)))
    suggestion = fields.String(allow_none=True, metadata={"description": "¿Quiso decir…?"})
    any_words = fields.Boolean(metadata={
        "description": "Ningún expediente tenía todas las palabras: se muestran los que "
                       "tienen alguna."})
    text_ignored = fields.Boolean(metadata={
        "description": "El texto no tenía palabras que buscar (solo palabras vacías o "
                       "signos): se muestran todos los expedientes que cumplen los filtros."})
