"""Compile the parsed query tree to Whoosh queries; a top-N collector tied by id."""

import math
from heapq import heappush, heapreplace

import numpy as np
from whoosh import query as wq
from whoosh.collectors import TopCollector

from archivo.search.analysis import BIGRAM_JOIN, bigrams
from archivo.search.query import And, Exact, Not, Or, Prefix, Terms

# (field, boost) per audience: a public query only ever touches public fields.
# `titulo:` and `descripcion:` narrow nothing here: titles live in the same field
# as bodies (repeated, for weight), which halves the postings Whoosh must write.
_STAFF = (("pub", 1.0), ("priv", 1.0))
_PUBLIC = (("pub", 1.0),)
TEXT_FIELDS = {
    "staff": {None: _STAFF, "titulo": _STAFF, "texto": _STAFF},
    "public": {None: _PUBLIC, "titulo": _PUBLIC, "texto": _PUBLIC},
}
EXACT_FIELDS = {
    "codigo": "codigos",
    "clave": "clave",
    "unidad": "unidad",
    "anio": "anio",
    "etapa": "etapa",
    "acceso": "acceso",
}


def compile_query(node, audience: str):
    """Whoosh query for a parsed tree; None means "every document"."""
    if node is None:
        return None
    fields = TEXT_FIELDS[audience]
    if isinstance(node, Terms):
        parts = []
        for name, boost in fields[node.field]:
            if len(node.terms) == 1:
                parts.append(wq.Term(name, node.terms[0], boost=boost))
            else:
                # A phrase is all its adjacent pairs (exact for two words, a close
                # approximation beyond).
                pairs = [wq.Term(name, b, boost=boost) for b in bigrams(list(node.terms))]
                parts.append(pairs[0] if len(pairs) == 1 else wq.And(pairs))
        return _or(parts)
    if isinstance(node, Prefix):
        return _or(
            [WordPrefix(name, node.prefix, boost=boost) for name, boost in fields[node.field]]
        )
    if isinstance(node, Exact):
        return wq.Term(EXACT_FIELDS[node.field], node.value)
    if isinstance(node, Not):
        inner = compile_query(node.node, audience)
        return wq.Not(inner) if inner is not None else None
    if isinstance(node, Or):
        parts = [compile_query(n, audience) for n in node.nodes]
        return _or([p for p in parts if p is not None])
    if isinstance(node, And):
        positive, negative = [], []
        for child in node.nodes:
            if isinstance(child, Not):
                inner = compile_query(child.node, audience)
                if inner is not None:
                    negative.append(inner)
            else:
                part = compile_query(child, audience)
                if part is not None:
                    positive.append(part)
        base = wq.And(positive) if len(positive) > 1 else (positive[0] if positive else None)
        if not negative:
            return base
        return wq.AndNot(base if base is not None else wq.Every(), _or(negative))
    raise TypeError(f"unknown query node {node!r}")


class WordPrefix(wq.Prefix):
    """Prefix over words only: without this `vehic*` also expands to every bigram
    `vehicul_*`, hundreds of posting lists (measured 6 s at 100k documents)."""

    def _btexts(self, ixreader):
        join = BIGRAM_JOIN.encode()
        return (t for t in ixreader.expand_prefix(self.fieldname, self.text) if join not in t)


def _or(parts):
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.Or(parts)


def is_scored(q) -> bool:
    """False when relevance means nothing (match-all or only negations)."""
    if q is None or isinstance(q, wq.Every):
        return False
    if isinstance(q, wq.AndNot):
        return is_scored(q.a)
    # Prefixes score a constant, and scoring their unions through the top-N
    # collector cost seconds (matcher re-optimisation): date order instead.
    if isinstance(q, WordPrefix):
        return False
    if isinstance(q, wq.Or):
        return any(is_scored(sub) for sub in q.subqueries)
    return True


class TieBreakCollector(TopCollector):
    """Top-N by score, equal scores ordered by id, so pages never overlap or skip.

    Whoosh breaks ties by docnum, which changes when segments merge; here the heap
    key is (score, -rank of id). The block-quality threshold is lowered by one ulp,
    because Whoosh skips blocks whose best score *equals* the threshold, and those
    may hold a tie with a smaller id.
    """

    def __init__(self, limit: int, rank: np.ndarray):
        """`rank[docnum]` orders documents by id."""
        super().__init__(limit=limit)
        self.rank = rank

    def _collect(self, global_docnum, score):
        items = self.items
        self.total += 1
        tie = -int(self.rank[global_docnum])
        if len(items) < self.limit:
            heappush(items, (score, tie, global_docnum))
            if len(items) == self.limit:
                self.minscore = math.nextafter(items[0][0], -math.inf)
        elif (score, tie) > items[0][:2]:
            heapreplace(items, (score, tie, global_docnum))
            self.minscore = math.nextafter(items[0][0], -math.inf)
        return 0 - score

    def ranked(self) -> list[tuple[float, int]]:
        """(score, docnum) best first."""
        return [(s, d) for s, _t, d in sorted(self.items, reverse=True)]
