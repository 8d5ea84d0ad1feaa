"""The search backend interface: documents, queries, results and what the public sees."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol, runtime_checkable

from archivo.catalog.enums import Acceso
from archivo.records.enums import Etapa

AUDIENCES = ("public", "staff")
SORTS = ("relevance", "date_desc", "date_asc")
FACETS = ("serie", "unidad", "etapa", "anio", "acceso")
MIN_YEAR, MAX_YEAR = 1800, 2200
MAX_PER_PAGE = 100
# Deep paging costs a top-N heap of page * per_page; nobody reads page 500.
MAX_RESULT_WINDOW = 10_000


class SearchQueryError(ValueError):
    """An invalid filter value (bad date, year out of range, unknown sort): a 422."""

    def __init__(self, message: str, field: str):
        """Keep the offending field so the API can report it like a schema error."""
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(slots=True)
class SearchDocument:
    """One expediente as the index sees it (built by the service from the database)."""

    id: int
    clave: str
    titulo: str
    descripcion: str = ""
    palabras_clave: list[str] = field(default_factory=list)
    serie_codigo: str = ""
    serie_nombre: str = ""
    seccion_codigo: str = ""
    seccion_nombre: str = ""
    unidad_clave: str = ""
    unidad_nombre: str = ""
    fecha_apertura: date | None = None
    fecha_cierre: date | None = None
    etapa: str = Etapa.TRAMITE.value
    acceso: str = Acceso.PUBLICA.value
    # Kinds of active holds (auditoria, juicio, solicitud...): staff only.
    holds: list[str] = field(default_factory=list)
    # Text extracted from attached documents: staff only, never public.
    documentos_texto: str = ""
    # Title as published (versión pública / índice de reservados). None means the
    # title itself for pública and reservada; ignored for confidencial.
    titulo_publico: str | None = None
    # Reserve data published in the índice de expedientes reservados.
    reserva_inicio: date | None = None
    reserva_fin: date | None = None
    fundamento: str = ""
    # Tombstone of a lawful baja: evidence that stays public forever.
    acta_baja: str = ""
    dictamen_baja: str = ""
    fecha_baja: date | None = None
    updated_at: datetime | None = None
    anio: int | None = None

    def __post_init__(self):
        """Derive the year from the opening date unless given."""
        if self.anio is None and self.fecha_apertura is not None:
            self.anio = self.fecha_apertura.year

    def __reduce__(self):
        # A rebuild pickles every document for the writer processes. The default
        # protocol for slots plus pickled date objects cost ~70 us per document
        # there and back (an aware datetime alone 15 us); as a tuple of plain values
        # with dates as numbers, about a third of that.
        values = [getattr(self, name) for name in _SLOTS]
        for i in _DATE_INDEXES:
            if values[i] is not None:
                values[i] = values[i].toordinal()
        if values[_UPDATED_AT] is not None:
            values[_UPDATED_AT] = values[_UPDATED_AT].isoformat()
        return (_unpickle_document, (tuple(values),))


DATE_FIELDS = ("fecha_apertura", "fecha_cierre", "reserva_inicio", "reserva_fin", "fecha_baja")
_SLOTS = SearchDocument.__slots__
_DATE_INDEXES = [_SLOTS.index(name) for name in DATE_FIELDS]
_UPDATED_AT = _SLOTS.index("updated_at")


def _unpickle_document(values: tuple) -> SearchDocument:
    """The inverse of SearchDocument.__reduce__."""
    values = list(values)
    for i in _DATE_INDEXES:
        if values[i] is not None:
            values[i] = date.fromordinal(values[i])
    if values[_UPDATED_AT] is not None:
        values[_UPDATED_AT] = datetime.fromisoformat(values[_UPDATED_AT])
    return SearchDocument(*values)


# Fields every requester may see, whatever the access class: the índice de
# expedientes reservados makes existence, área and dates public, and the baja
# evidence (acta, dictamen) is public by law.
ALWAYS_PUBLIC = (
    "id", "clave", "serie_codigo", "serie_nombre", "seccion_codigo", "seccion_nombre",
    "unidad_clave", "unidad_nombre", "fecha_apertura", "fecha_cierre", "anio",
    "etapa", "acceso", "acta_baja", "dictamen_baja", "fecha_baja",
)  # fmt: skip
PUBLIC_BY_ACCESS = {
    # Metadata only: attached text is content, published through versiones
    # públicas, not through search.
    Acceso.PUBLICA.value: ("titulo", "descripcion", "palabras_clave"),
    Acceso.RESERVADA.value: ("titulo", "reserva_inicio", "reserva_fin", "fundamento"),
    # The title of a confidential file often names the person it protects.
    Acceso.CONFIDENCIAL.value: ("fundamento",),
}


def public_title(doc: SearchDocument) -> str:
    """Title an anonymous requester may see and search ('' for confidencial)."""
    if doc.acceso == Acceso.CONFIDENCIAL:
        return ""
    if doc.titulo_publico is not None:
        return doc.titulo_publico
    return doc.titulo


def public_fields(doc: SearchDocument) -> dict[str, Any]:
    """The fields of `doc` an anonymous requester may see, by access class."""
    allowed = ALWAYS_PUBLIC + PUBLIC_BY_ACCESS.get(doc.acceso, ())
    out = {name: getattr(doc, name) for name in allowed}
    if "titulo" in out:
        out["titulo"] = public_title(doc)
    return out


def staff_fields(doc: SearchDocument) -> dict[str, Any]:
    """Every field but the attached text (too big for a result list)."""
    out = {name: getattr(doc, name) for name in doc.__slots__}
    out.pop("documentos_texto")
    out["en_congelamiento"] = bool(doc.holds)
    return out


def public_text(doc: SearchDocument) -> tuple[str, str]:
    """(title, body) an anonymous query may match: only what `public_fields` shows."""
    body = [doc.serie_nombre, doc.seccion_nombre, doc.unidad_nombre]
    if doc.acceso == Acceso.PUBLICA:
        body += [doc.descripcion, " ".join(doc.palabras_clave)]
    else:
        body.append(doc.fundamento)
    body += [doc.acta_baja, doc.dictamen_baja]
    return public_title(doc), "\n".join(p for p in body if p)


def staff_text(doc: SearchDocument) -> tuple[str, str, str]:
    """(title, body, attachments) a staff query may match."""
    body = [
        doc.descripcion, " ".join(doc.palabras_clave), doc.serie_nombre,
        doc.seccion_nombre, doc.unidad_nombre, doc.fundamento, doc.acta_baja,
        doc.dictamen_baja,
    ]  # fmt: skip
    if doc.titulo_publico and doc.titulo_publico != doc.titulo:
        body.append(doc.titulo_publico)
    return doc.titulo, "\n".join(p for p in body if p), doc.documentos_texto


@dataclass(slots=True)
class SearchQuery:
    """A search request: free text, filters, sort, page and who is asking."""

    text: str = ""
    serie: str | None = None  # code; includes its subseries
    seccion: str | None = None
    unidad: str | None = None  # unidad_clave
    etapa: str | None = None
    acceso: str | None = None
    anio_desde: int | None = None
    anio_hasta: int | None = None
    # Expedientes whose [apertura, cierre] span overlaps [fecha_desde, fecha_hasta].
    fecha_desde: date | None = None
    fecha_hasta: date | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    audience: str = "staff"
    facets: bool = True
    highlight: bool = True

    def validate(self) -> None:
        """Raise SearchQueryError for filter values no search can satisfy."""
        if self.audience not in AUDIENCES:
            raise SearchQueryError("Audiencia desconocida.", "audience")
        if self.sort not in SORTS:
            raise SearchQueryError("Orden no válido: use relevance, date_desc o date_asc.", "sort")
        _check_enum(self.etapa, Etapa, "etapa")
        _check_enum(self.acceso, Acceso, "acceso")
        for name in ("anio_desde", "anio_hasta"):
            value = getattr(self, name)
            if value is not None and (
                isinstance(value, bool)
                or not isinstance(value, int)
                or not MIN_YEAR <= value <= MAX_YEAR
            ):
                raise SearchQueryError(
                    f"El año debe ser un número entre {MIN_YEAR} y {MAX_YEAR}.", name
                )
        if self.anio_desde and self.anio_hasta and self.anio_desde > self.anio_hasta:
            raise SearchQueryError("El año inicial es posterior al final.", "anio_desde")
        for name in ("fecha_desde", "fecha_hasta"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, date) or isinstance(value, datetime)):
                raise SearchQueryError("Fecha no válida (use AAAA-MM-DD).", name)
        if self.fecha_desde and self.fecha_hasta and self.fecha_desde > self.fecha_hasta:
            raise SearchQueryError("La fecha inicial es posterior a la final.", "fecha_desde")
        if not isinstance(self.per_page, int) or not 1 <= self.per_page <= MAX_PER_PAGE:
            raise SearchQueryError(f"Resultados por página: entre 1 y {MAX_PER_PAGE}.", "per_page")
        if not isinstance(self.page, int) or self.page < 1:
            raise SearchQueryError("La página debe ser 1 o mayor.", "page")
        if self.page * self.per_page > MAX_RESULT_WINDOW:
            raise SearchQueryError(
                f"Solo se pueden consultar los primeros {MAX_RESULT_WINDOW} "
                "resultados; precise la búsqueda.",
                "page",
            )


def _check_enum(value, enum, name):
    if value is not None and value not in {e.value for e in enum}:
        raise SearchQueryError(f"Valor no válido para {name}: {value!r}.", name)


@dataclass(slots=True)
class FacetValue:
    """One facet bucket: the value, a display label, and the exact count."""

    value: str
    count: int
    label: str = ""


@dataclass(slots=True)
class SearchHit:
    """One result: the visible fields for the audience, and highlighted snippets."""

    id: int
    score: float
    fields: dict[str, Any]
    highlights: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class SearchResult:
    """A page of hits with exact totals, facet counts and a spelling suggestion."""

    total: int
    hits: list[SearchHit]
    page: int
    per_page: int
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    suggestion: str | None = None
    any_words: bool = False  # nothing had every word: these have some (search.service)
    text_ignored: bool = False  # the text had nothing to search: every match of the filters

    @property
    def pages(self) -> int:
        """Number of pages for `total` results."""
        return max(1, -(-self.total // self.per_page))


Progress = Callable[[int], None]


@runtime_checkable
class SearchBackend(Protocol):
    """What the search service needs from an index, whatever the engine."""

    def index(self, docs: Iterable[SearchDocument]) -> int:
        """Add or replace documents (by id); return how many were written."""

    def delete(self, ids: Iterable[int]) -> int:
        """Remove documents by id; unknown ids are ignored. Return how many asked."""

    def search(self, query: SearchQuery) -> SearchResult:
        """Run a validated query (raises SearchQueryError for bad filter values)."""

    def rebuild(self, docs: Iterable[SearchDocument], progress: Progress | None = None) -> int:
        """Build a fresh index from `docs` and swap it in; searches keep working."""

    def doc_count(self) -> int:
        """Number of live documents in the index."""
