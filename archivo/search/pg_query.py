"""Compile the parsed query tree to a tsquery, and SearchQuery filters to SQL."""

from sqlalchemy import and_, bindparam, cast, or_
from sqlalchemy.dialects.postgresql import TSQUERY

from archivo.catalog.rules import normalize_code
from archivo.search.analysis import fold
from archivo.search.backend import SearchQuery
from archivo.search.pg_schema import EXACT_PREFIX, quote_lexeme
from archivo.search.query import And, Exact, Not, Or, Prefix, Terms

# `titulo:` narrows to weight A (titles and exact tokens); `texto:` is any text,
# as in the Whoosh backend.
_WEIGHTS = {None: "", "titulo": "A", "texto": ""}


def compile_tsquery(node) -> str | None:
    """tsquery text for a parsed tree (cast with `::tsquery`); None means everything.

    Lexemes are already analysed (query.py runs the same analysis as indexing), so the
    text is cast directly instead of going through `to_tsquery`, whose parser would
    split codes and keys.
    """
    if node is None:
        return None
    if isinstance(node, Terms):
        weight = _WEIGHTS[node.field]
        lexemes = [quote_lexeme(t) + (f":{weight}" if weight else "") for t in node.terms]
        return lexemes[0] if len(lexemes) == 1 else "(" + " <-> ".join(lexemes) + ")"
    if isinstance(node, Prefix):
        return f"{quote_lexeme(node.prefix)}:*{_WEIGHTS[node.field]}"
    if isinstance(node, Exact):
        return quote_lexeme(EXACT_PREFIX[node.field] + node.value)
    if isinstance(node, Not):
        inner = compile_tsquery(node.node)
        return f"!{inner}" if inner is not None else None
    if isinstance(node, And | Or):
        parts = [p for p in (compile_tsquery(n) for n in node.nodes) if p is not None]
        if not parts:
            return None
        joiner = " & " if isinstance(node, And) else " | "
        return parts[0] if len(parts) == 1 else "(" + joiner.join(parts) + ")"
    raise TypeError(f"unknown query node {node!r}")


def as_tsquery(tsquery: str):
    """A bound tsquery value (cast, never parsed by `to_tsquery`)."""
    return cast(bindparam("tsq", tsquery, unique=True), TSQUERY)


def is_scored(node) -> bool:
    """False when relevance means nothing (match-all or only negations)."""
    if node is None or isinstance(node, Not):
        return False
    if isinstance(node, And | Or):
        return any(is_scored(n) for n in node.nodes)
    return True


def _like_prefix(code: str) -> str:
    escaped = code.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + ".%"


# Year ranges up to this span also narrow through the index (one token per year).
MAX_YEAR_TOKENS = 50


def filter_terms(q: SearchQuery) -> list[str]:
    """tsquery conjuncts implied by the filters, so that GIN intersects them with the
    text before any row is read (a mid-frequency word filtered to one unidad and
    year read ~100k rows at 1M documents). `filter_clauses` stays the exact test."""
    p = EXACT_PREFIX
    out = []
    for code in (q.serie, q.seccion):
        if code and normalize_code(code):
            out.append(quote_lexeme(p["codigo"] + normalize_code(code)))
    if q.unidad and q.unidad.strip():
        out.append(quote_lexeme(p["unidad"] + fold(q.unidad.strip())))
    if q.etapa:
        out.append(quote_lexeme(p["etapa"] + q.etapa))
    if q.acceso:
        out.append(quote_lexeme(p["acceso"] + q.acceso))
    if q.anio_desde and q.anio_hasta and q.anio_hasta - q.anio_desde < MAX_YEAR_TOKENS:
        years = range(q.anio_desde, q.anio_hasta + 1)
        out.append("(" + " | ".join(quote_lexeme(f"{p['anio']}{y}") for y in years) + ")")
    return out


def filter_clauses(table, q: SearchQuery) -> list:
    """WHERE clauses for the query's filters, with the Whoosh backend's semantics."""
    c = table.c
    out = []
    if q.serie:
        code = normalize_code(q.serie)
        out.append(or_(c.serie == code, c.serie.like(_like_prefix(code), escape="\\")))
    if q.seccion:
        out.append(c.seccion == normalize_code(q.seccion))
    if q.unidad:
        out.append(c.unidad == fold(q.unidad.strip()))
    if q.etapa:
        out.append(c.etapa == q.etapa)
    if q.acceso:
        out.append(c.acceso == q.acceso)
    if q.anio_desde:
        out.append(c.anio >= q.anio_desde)
    if q.anio_hasta:
        out.append(c.anio <= q.anio_hasta)
    if q.fecha_desde:
        # Still open (no cierre) counts as reaching today and beyond.
        out.append(or_(c.cierre.is_(None), c.cierre >= q.fecha_desde))
    if q.fecha_hasta:
        out.append(and_(c.apertura.isnot(None), c.apertura <= q.fecha_hasta))
    return out


def order_keys(id_, apertura, score, query: SearchQuery) -> list:
    """Best first by `score` (None: unscored), or by opening date; ties by id, so
    pages never overlap."""
    if score is not None:
        return [score.desc(), id_]
    if query.sort == "date_asc":
        return [apertura.asc().nulls_first(), id_]
    # date_desc, and relevance when nothing is scored
    return [apertura.desc().nulls_last(), id_]
