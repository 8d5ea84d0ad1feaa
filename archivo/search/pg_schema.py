"""PostgreSQL search tables (outside archivo's metadata) and SearchDocument -> row.

The search tables are derived data for the PostgreSQL backend only, so they live in
their own MetaData: `create_all` of the application never creates them on SQLite, and
the Alembic migration calls `create_schema` when the dialect is PostgreSQL.
"""

from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR

from archivo.search.analysis import analyze, code_terms, fold, fold_words, normalize_key
from archivo.search.backend import DATE_FIELDS, SearchDocument, public_text, staff_text

DOCS = "search_documents"
PAYLOADS = "search_payloads"
WORDS = "search_words"
# Ids written while a rebuild runs, replayed onto the new tables before the swap.
REBUILD_LOG = "search_rebuild_log"
BUILD_SUFFIX = "_build"

# Attached text is indexed whole but only its start is stored for snippets.
STORED_ADJUNTOS_CHARS = 20_000
# tsvector positions stop at 16383; later words keep the last position (they still
# match, they just cannot take part in a phrase).
MAX_POSITION = 16383
# Positions skipped between separate texts, so that no phrase spans two of them.
PART_GAP = 2
# Exact-token namespaces: words never contain `#` or `:`, so these cannot collide
# with a text term (`baja` the word vs `#e:baja` the stage).
EXACT_PREFIX = {
    "codigo": "#c:",
    "clave": "#k:",
    "unidad": "#u:",
    "anio": "#y:",
    "etapa": "#e:",
    "acceso": "#a:",
}


def _docs_table(metadata: MetaData, name: str) -> Table:
    # Narrow on purpose: a common word visits every matching row for facet counts
    # and ranking, so the stored document sits in its own table (PAYLOADS).
    return Table(
        name,
        metadata,
        Column("id", BigInteger, primary_key=True, autoincrement=False),
        Column("serie", Text, nullable=False, server_default=""),
        Column("serie_nombre", Text, nullable=False, server_default=""),
        Column("seccion", Text, nullable=False, server_default=""),
        Column("unidad", Text, nullable=False, server_default=""),
        Column("unidad_nombre", Text, nullable=False, server_default=""),
        Column("etapa", Text, nullable=False),
        Column("acceso", Text, nullable=False),
        Column("anio", Integer),
        Column("apertura", Date),
        Column("cierre", Date),
        # Everything an anonymous query may match, and everything staff may match.
        Column("pub", TSVECTOR, nullable=False),
        Column("staff", TSVECTOR, nullable=False),
        # Distinct folded words of the public title: the "did you mean" vocabulary.
        Column("spell", ARRAY(Text), nullable=False, server_default="{}"),
        Column("indexed_at", DateTime(timezone=True), server_default=func.now()),
    )


def _payloads_table(metadata: MetaData, name: str) -> Table:
    return Table(
        name,
        metadata,
        Column("id", BigInteger, primary_key=True, autoincrement=False),
        Column("doc", JSONB, nullable=False),
    )


def _words_table(metadata: MetaData, name: str) -> Table:
    return Table(
        name,
        metadata,
        Column("word", Text, primary_key=True),
        Column("ndoc", Integer, nullable=False),
    )


def _docs_indexes(table: Table, base: str) -> list[Index]:
    """Named after the live table, so a swapped-in build table can take the names."""
    return [
        Index(f"{base}_pub_gin", table.c.pub, postgresql_using="gin"),
        Index(f"{base}_staff_gin", table.c.staff, postgresql_using="gin"),
        Index(f"{base}_apertura", table.c.apertura, table.c.id),
        # Facet labels: one index-only probe per counted code (pg_facets._labels).
        Index(f"{base}_serie_nombre", table.c.serie, table.c.serie_nombre),
        Index(f"{base}_unidad_nombre", table.c.unidad, table.c.unidad_nombre),
    ]


metadata = MetaData()
documents = _docs_table(metadata, DOCS)
payloads = _payloads_table(metadata, PAYLOADS)
words = _words_table(metadata, WORDS)
rebuild_log = Table(REBUILD_LOG, metadata, Column("id", BigInteger, nullable=False))
_docs_indexes(documents, DOCS)  # Index() attaches itself to the table


def build_tables() -> tuple[MetaData, Table, Table, Table]:
    """Fresh, unindexed tables for a rebuild (indexes are built after loading)."""
    md = MetaData()
    return (
        md,
        _docs_table(md, DOCS + BUILD_SUFFIX),
        _payloads_table(md, PAYLOADS + BUILD_SUFFIX),
        _words_table(md, WORDS + BUILD_SUFFIX),
    )


def build_indexes(table: Table) -> list[Index]:
    """The live table's indexes, created on a build table under temporary names."""
    return _docs_indexes(table, table.name)


def create_schema(connection) -> None:
    """Create the search tables and indexes if missing (idempotent; PostgreSQL only).

    Called by the Alembic migration on PostgreSQL and lazily by the backend.
    """
    if connection.dialect.name != "postgresql":
        return
    metadata.create_all(connection, checkfirst=True)
    # Indexes added since the tables were first created (create_all skips them).
    for index in documents.indexes:
        index.create(connection, checkfirst=True)


# --- SearchDocument -> row ----------------------------------------------------------


class _Vector:
    """Collects `term -> [(position, weight)]` and prints a tsvector literal.

    Terms are analysed by analysis.py exactly as for Whoosh; building the literal
    here (rather than `to_tsvector('simple', ...)` over the joined terms) keeps codes
    and keys whole and lets each text start after a gap, so phrases stay inside one.
    """

    def __init__(self):
        self.positions: dict[str, list[tuple[int, str]]] = {}
        self.pos = 0

    def add_terms(self, terms, weight: str) -> None:
        positions, pos = self.positions, self.pos
        for term in terms:
            pos = pos + 1 if pos < MAX_POSITION else MAX_POSITION
            entry = positions.get(term)
            if entry is None:
                positions[term] = [(pos, weight)]
            elif entry[-1][0] != pos:  # clamped words share the last position
                entry.append((pos, weight))
        self.pos = min(pos + PART_GAP, MAX_POSITION)

    def add_text(self, value: str, weight: str) -> None:
        for part in (value or "").split("\n"):
            self.add_terms(_terms(part), weight)

    def add_long_text(self, value: str, weight: str) -> None:
        """Attachments: analysed without the cache (large and never repeated)."""
        for part in (value or "").split("\n"):
            self.add_terms(analyze(part), weight)

    def literal(self) -> str:
        return " ".join(
            f"{quote_lexeme(term)}:{','.join(f'{p}{w}' for p, w in pos)}"
            for term, pos in self.positions.items()
        )


@lru_cache(maxsize=65_536)
def _terms(part: str) -> tuple[str, ...]:
    # Names (serie, sección, unidad) repeat across documents, and titles and
    # descriptions are analysed for both vectors: analyse each text once.
    return tuple(analyze(part))


@lru_cache(maxsize=65_536)
def quote_lexeme(term: str) -> str:
    """A lexeme for tsvector/tsquery input: quoted, quotes and backslashes doubled."""
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def exact_terms(doc: SearchDocument) -> list[str]:
    """Namespaced exact tokens: codes with their ancestors, key, unidad, year..."""
    p = EXACT_PREFIX
    codes = dict.fromkeys(code_terms(doc.serie_codigo) + code_terms(doc.seccion_codigo))
    out = [p["codigo"] + c for c in codes]
    out.append(p["clave"] + normalize_key(doc.clave))
    if doc.unidad_clave.strip():
        out.append(p["unidad"] + fold(doc.unidad_clave.strip()))
    if doc.anio:
        out.append(p["anio"] + str(doc.anio))
    out += [p["etapa"] + doc.etapa, p["acceso"] + doc.acceso]
    return out


def tsvectors(doc: SearchDocument) -> dict[str, str]:
    """`pub` and `staff` tsvector literals: A title and exact tokens, B body, C
    attachments (staff only)."""
    exact = exact_terms(doc)
    pub_titulo, pub_body = public_text(doc)
    pub = _Vector()
    pub.add_terms(exact, "A")
    pub.add_text(pub_titulo, "A")
    pub.add_text(pub_body, "B")
    titulo, body, adjuntos = staff_text(doc)
    staff = _Vector()
    staff.add_terms(exact, "A")
    staff.add_text(titulo, "A")
    staff.add_text(body, "B")
    staff.add_long_text(adjuntos, "C")
    return {"pub": pub.literal(), "staff": staff.literal()}


def to_payload(doc: SearchDocument) -> dict[str, Any]:
    """JSON copy of the document for hits and snippets (dates as ISO strings)."""
    out = {name: getattr(doc, name) for name in doc.__slots__}
    for name in (*DATE_FIELDS, "updated_at"):
        out[name] = out[name].isoformat() if out[name] else None
    out["documentos_texto"] = doc.documentos_texto[:STORED_ADJUNTOS_CHARS]
    return out


def from_payload(payload: dict[str, Any]) -> SearchDocument:
    """The SearchDocument stored by `to_payload`."""
    known = set(SearchDocument.__slots__)
    data = {k: v for k, v in payload.items() if k in known}
    for name in DATE_FIELDS:
        data[name] = date.fromisoformat(data[name]) if data.get(name) else None
    if data.get("updated_at"):
        data["updated_at"] = datetime.fromisoformat(data["updated_at"])
    return SearchDocument(**data)


def spell_words(doc: SearchDocument) -> list[str]:
    """Distinct folded words of the public title (none for confidencial)."""
    title, _body = public_text(doc)
    return list(dict.fromkeys(fold_words(title)))


def to_row(doc: SearchDocument) -> dict[str, Any]:
    """Column values of `documents` for one document."""
    serie = code_terms(doc.serie_codigo)
    seccion = code_terms(doc.seccion_codigo)
    return {
        "id": doc.id,
        "serie": serie[0] if serie else "",
        "serie_nombre": doc.serie_nombre,
        "seccion": seccion[0] if seccion else "",
        "unidad": fold(doc.unidad_clave.strip()),
        "unidad_nombre": doc.unidad_nombre,
        "etapa": doc.etapa,
        "acceso": doc.acceso,
        "anio": doc.anio,
        "apertura": doc.fecha_apertura,
        "cierre": doc.fecha_cierre,
        "spell": spell_words(doc),
        **tsvectors(doc),
    }
