"""Highlighted snippets: the best window of a text with matched words in <mark>."""

from html import escape

from archivo.search.analysis import iter_terms
from archivo.search.backend import SearchHit, public_fields, staff_fields
from archivo.search.query import positive_terms

SNIPPET_CHARS = 220
MAX_SCAN_CHARS = 50_000  # attached text can be huge; the start is representative


def snippet(text: str, terms: set[str], prefixes: set[str]) -> str | None:
    """HTML snippet of `text` around its densest run of matches, or None if none.

    Words are compared after the same analysis as the index (so `licitación`
    highlights for the query `licitaciones`); the text is HTML-escaped and only
    the `<mark>` tags are markup.
    """
    if not text or not (terms or prefixes):
        return None
    text = text[:MAX_SCAN_CHARS]
    spans = [
        (start, end)
        for term, start, end, _stop in iter_terms(text)
        if term in terms or any(term.startswith(p) for p in prefixes)
    ]
    if not spans:
        return None
    lo, hi = _best_window(text, spans)
    out = ["…" if lo > 0 else ""]
    pos = lo
    for start, end in spans:
        if start < lo or end > hi:
            continue
        out.append(escape(text[pos:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        pos = end
    out.append(escape(text[pos:hi]))
    if hi < len(text):
        out.append("…")
    return "".join(out)


def _best_window(text, spans):
    """The SNIPPET_CHARS window holding most matches, widened to word boundaries."""
    if len(text) <= SNIPPET_CHARS:
        return 0, len(text)
    best_start, best_count = spans[0][0], 0
    j = 0
    for i, (start, _end) in enumerate(spans):
        while j < len(spans) and spans[j][1] <= start + SNIPPET_CHARS:
            j += 1
        if j - i > best_count:
            best_start, best_count = start, j - i
    # Show a little context before the first match.
    lo = max(0, best_start - SNIPPET_CHARS // 4)
    hi = min(len(text), lo + SNIPPET_CHARS)
    if lo > 0:
        space = text.find(" ", lo, best_start)
        lo = space + 1 if space != -1 else lo
    if hi < len(text):
        space = text.rfind(" ", best_start, hi)
        hi = space if space > best_start else hi
    return lo, hi


def highlight_sources(doc, fields: dict, public: bool):
    """(name, text) pairs of a SearchDocument worth a snippet, limited to what the audience
    may see: the public only ever gets snippets of the fields it is shown (`fields`)."""
    if public:
        for name in ("titulo", "descripcion"):
            if fields.get(name):
                yield name, fields[name]
        return
    yield "titulo", doc.titulo
    yield "descripcion", doc.descripcion
    yield "documentos", doc.documentos_texto


def to_hit(doc, score: float, query, parsed) -> SearchHit:
    """A result: the fields the query's audience may see and their highlighted snippets."""
    public = query.audience == "public"
    fields = public_fields(doc) if public else staff_fields(doc)
    highlights = {}
    if query.highlight:
        terms, prefixes = positive_terms(parsed.root)
        for name, text in highlight_sources(doc, fields, public):
            marked = snippet(text, terms, prefixes)
            if marked:
                highlights[name] = marked
    return SearchHit(id=doc.id, score=float(score), fields=fields, highlights=highlights)
