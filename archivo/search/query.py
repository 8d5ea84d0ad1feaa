"""Parse a user's query string into a small engine-neutral tree; never raises."""

import re
from dataclasses import dataclass

from archivo.catalog.rules import normalize_code
from archivo.search.analysis import (
    analyze,
    fold,
    looks_like_code,
    looks_like_key,
    normalize_key,
    stem,
)

# Beyond these the query is a pasted document, not a question: the excess is ignored
# (a 10,000-character query must answer as fast as a short one).
MAX_QUERY_CHARS = 1000
MAX_CLAUSES = 32
MAX_DEPTH = 8
MIN_PREFIX = 2

# field:value names users may type, mapped to the logical field. Unknown names are
# read as plain words, so `foo:bar` searches for "foo bar".
FIELD_ALIASES = {
    "titulo": "titulo", "asunto": "titulo",
    "descripcion": "texto", "texto": "texto",
    "serie": "codigo", "seccion": "codigo", "codigo": "codigo",
    "clave": "clave", "expediente": "clave",
    "unidad": "unidad", "area": "unidad",
    "anio": "anio", "ano": "anio",
    "etapa": "etapa", "acceso": "acceso",
}  # fmt: skip
OPERATORS = {"AND": "AND", "Y": "AND", "OR": "OR", "O": "OR", "NOT": "NOT", "NO": "NOT"}


@dataclass(frozen=True, slots=True)
class Terms:
    """Analysed terms of a word or phrase; one term is a word, several a phrase."""

    terms: tuple[str, ...]
    field: str | None = None  # None: the audience's text fields; else titulo/texto


@dataclass(frozen=True, slots=True)
class Prefix:
    """A folded prefix (`licit*`), matched against stems."""

    prefix: str
    field: str | None = None


@dataclass(frozen=True, slots=True)
class Exact:
    """An exact keyword lookup: codigo, clave, unidad, anio, etapa or acceso."""

    field: str
    value: str


@dataclass(frozen=True, slots=True)
class Not:
    """Exclude what the inner node matches."""

    node: object


@dataclass(frozen=True, slots=True)
class And:
    """All nodes must match."""

    nodes: tuple


@dataclass(frozen=True, slots=True)
class Or:
    """Any node may match."""

    nodes: tuple


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """The tree (None: match everything) plus the words used for suggestions."""

    root: object | None
    words: tuple[str, ...]  # raw user words (for "did you mean")


_TOKEN = re.compile(
    r'(?P<lp>\()|(?P<rp>\))|"(?P<phrase>[^"]*)"?|(?P<neg>-)(?=\S)'
    r'|(?P<field>[^\W\d_]+):(?=["\w])|(?P<word>[^\s()"]+)'
)


def _lex(text: str) -> list[tuple[str, str]]:
    """Split into (kind, value) tokens; an unclosed quote runs to the end."""
    tokens = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        tokens.append((kind, m.group(kind) if kind in ("phrase", "word", "field") else ""))
    return tokens


class _Parser:
    """Recursive descent: or := and (OR and)*; and := unary (AND? unary)*."""

    def __init__(self, tokens):
        self.tokens = tokens
        self.i = 0
        self.clauses = 0
        self.words: list[str] = []

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else (None, "")

    def take(self):
        tok = self.peek()
        self.i += 1
        return tok

    def is_op(self, name):
        kind, value = self.peek()
        return kind == "word" and OPERATORS.get(value) == name

    def parse_or(self, depth):
        nodes = [self.parse_and(depth)]
        while self.is_op("OR"):
            self.take()
            nodes.append(self.parse_and(depth))
        return _combine(Or, nodes)

    def parse_and(self, depth):
        nodes = []
        while True:
            kind, _ = self.peek()
            if kind is None or kind == "rp" or self.is_op("OR"):
                break
            if self.is_op("AND"):
                self.take()
                continue
            nodes.append(self.parse_unary(depth))
        return _combine(And, nodes)

    def parse_unary(self, depth):
        if self.is_op("NOT") or self.peek()[0] == "neg":
            self.take()
            inner = self.parse_unary(depth)
            return Not(inner) if inner is not None else None
        return self.parse_atom(depth)

    def parse_atom(self, depth):
        kind, value = self.take()
        if kind == "lp":
            if depth >= MAX_DEPTH:  # absurd nesting: read the contents flat
                return None
            node = self.parse_or(depth + 1)
            if self.peek()[0] == "rp":
                self.take()
            return node
        if self.clauses >= MAX_CLAUSES:
            return None
        self.clauses += 1
        if kind == "phrase":
            self.words.extend(value.split())
            return _text_node(value, None)
        if kind == "field":
            nkind, nvalue = self.take() if self.peek()[0] in ("word", "phrase") else (None, "")
            target = FIELD_ALIASES.get(fold(value))
            if target is None:  # unknown field: both parts are plain words
                return _combine(And, [_word_node(value, None), _word_node(nvalue, None)])
            return _field_node(target, nvalue, phrase=nkind == "phrase")
        if kind == "word":
            if value in OPERATORS:  # a dangling operator (`contrato AND`)
                return None
            self.words.append(value)
            return _word_node(value, None)
        return None  # a stray `)` or `-`


def _combine(cls, nodes):
    nodes = [n for n in nodes if n is not None]
    if not nodes:
        return None
    if len(nodes) == 1:
        return nodes[0]
    return cls(tuple(nodes))


def _text_node(text, field):
    terms = tuple(analyze(text))
    if not terms:  # only stopwords or punctuation
        return None
    return Terms(terms, field)


def _word_node(word, field):
    if not word:
        return None
    if word.endswith("*"):
        base = fold(word.rstrip("*"))
        if len(base) < MIN_PREFIX or not base.isalnum():
            # `*` alone or `a*`: matches (nearly) everything; ignore the clause.
            return _text_node(base, field) if base else None
        return Prefix(_stem_prefix(base), field)
    stripped = word.strip(".,;:")
    if field is None and looks_like_key(stripped):
        return Exact("clave", normalize_key(stripped))
    if field is None and looks_like_code(stripped):
        node = _text_node(stripped, None)
        exact = Exact("codigo", normalize_code(stripped))
        return Or((exact, node)) if node else exact
    if field is None and _YEAR.fullmatch(stripped):
        # "licitación papelería 2023": the year an expediente was opened is seldom
        # written in its title, so a year matches that field as well as the text.
        node = _text_node(stripped, None)
        exact = Exact("anio", stripped)
        return Or((exact, node)) if node else exact
    return _text_node(word, field)


# Plausible years of an archive's records, typed alone in a query.
_YEAR = re.compile(r"1[89]\d\d|2[01]\d\d")


# Endings that complete a typical truncated word (`licitaci` -> `licitacion`).
_COMPLETIONS = ("", "o", "a", "on", "es", "ia", "cion")


def _stem_prefix(base: str) -> str:
    """The prefix to look for among stems: the shortest stem of a completion of
    `base` that is itself a prefix of it, so `licitaci*` reaches the stem `licit`."""
    best = base
    for ending in _COMPLETIONS:
        stemmed = stem(base + ending)
        if len(stemmed) >= MIN_PREFIX and base.startswith(stemmed) and len(stemmed) < len(best):
            best = stemmed
    return best


def _field_node(target, value, phrase):
    if not value:
        return None
    if target in ("titulo", "texto"):
        return _text_node(value, target) if phrase else _word_node(value, target)
    if target == "codigo":
        return Exact("codigo", normalize_code(value))
    if target == "clave":
        return Exact("clave", normalize_key(value))
    return Exact(target, fold(value.strip()))


def parse(text: str) -> ParsedQuery:
    """Parse `text`; syntax errors degrade to plain words, never an exception."""
    text = (text or "")[:MAX_QUERY_CHARS]
    parser = _Parser(_lex(text))
    nodes = []
    while parser.i < len(parser.tokens):
        node = parser.parse_or(0)
        if node is not None:
            nodes.append(node)
        if parser.peek()[0] == "rp":  # unbalanced `)`: skip it and go on
            parser.take()
    return ParsedQuery(_combine(And, nodes), tuple(parser.words))


def any_words_text(text: str) -> str | None:
    """`a OR b OR c` for a query of two or more plain searchable words, else None.

    The fallback when every word together finds nothing ("licitación papelería
    Acaponeta"): queries with operators, phrases, fields or prefixes say what they
    mean, and are left alone.
    """
    tokens = _lex((text or "")[:MAX_QUERY_CHARS])
    if any(kind != "word" or value in OPERATORS or "*" in value for kind, value in tokens):
        return None
    words = [value for _kind, value in tokens if analyze(value)]
    return " OR ".join(words) if len(words) >= 2 else None


def positive_terms(node) -> tuple[set[str], set[str]]:
    """Terms and prefixes a result may be highlighted for (outside NOT)."""
    terms: set[str] = set()
    prefixes: set[str] = set()

    def walk(n):
        if isinstance(n, Terms):
            terms.update(n.terms)
        elif isinstance(n, Prefix):
            prefixes.add(n.prefix)
        elif isinstance(n, And | Or):
            for child in n.nodes:
                walk(child)

    if node is not None:
        walk(node)
    return terms, prefixes
