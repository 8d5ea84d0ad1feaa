"""Relevance with numpy: Whoosh's BM25F scores for every match, a block at a time.

Whoosh scores through matcher objects, one Python call chain per matching document;
for a word in a fifth of 100k documents that was most of the query time. Here the
query tree compiled by whoosh_query is evaluated over whole posting lists with the
same BM25F formula, statistics (idf, average field length) and per-document
lengths as Whoosh's `BM25FScorer`, summing like its union and intersection
matchers. Other shapes (a prefix mixed with words, which Whoosh scores its own
way) give None and the caller uses Whoosh's collector.
"""

import numpy as np
from whoosh import columns
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length

from archivo.search.whoosh_match import matching_docs
from archivo.search.whoosh_postings import postings

B, K1 = 0.75, 1.2  # whoosh.scoring.BM25F defaults, which the searchers use
# Field lengths are stored as one lossy byte; Whoosh reads byte 0 as length 1.
_BYTE_TO_LENGTH = np.array([1.0] + [float(byte_to_length(i)) for i in range(1, 256)])


class Unsupported(Exception):
    """A query node this module does not score (the caller falls back to Whoosh)."""


def scored_docs(searcher, q, table):
    """(scores over all docnums, boolean match mask), or None for unsupported shapes.

    Deleted documents may be in the mask: callers intersect it with the live mask.
    """
    reader = searcher.reader()
    leaves = [(reader, 0)] if reader.is_atomic() else reader.leaf_readers()
    try:
        return _scored(q, searcher, table, leaves)
    except Unsupported:
        return None


def top_k(docs: np.ndarray, scores: np.ndarray, rank: np.ndarray, k: int):
    """[(score, docnum)] of the best `k` of `docs`, equal scores ordered by id."""
    scores = scores[docs]
    if len(docs) > k:
        # Everything scoring at least the k-th best, then an exact (score, id) order.
        threshold = np.partition(scores, len(scores) - k)[len(scores) - k]
        candidates = scores >= threshold
        docs, scores = docs[candidates], scores[candidates]
    order = np.lexsort((rank[docs], -scores))[:k]
    return [(float(scores[i]), int(docs[i])) for i in order]


def _scored(q, searcher, table, leaves):
    size = table.size
    if isinstance(q, wq.Term):
        return _term(q, searcher, table, leaves)
    if isinstance(q, wq.Or | wq.And):
        parts = [_scored(sub, searcher, table, leaves) for sub in q.subqueries]
        total = np.zeros(size)
        for scores, _mask in parts:  # in order: the sums Whoosh's matchers make
            total += scores
        combine = np.logical_or if isinstance(q, wq.Or) else np.logical_and
        return total, combine.reduce([mask for _s, mask in parts])
    if isinstance(q, wq.AndNot):
        scores, mask = _scored(q.a, searcher, table, leaves)
        excluded = matching_docs(searcher, q.b, np.ones(size, dtype=bool))
        mask = mask.copy()
        mask[excluded] = False
        return scores, mask
    raise Unsupported(type(q).__name__)


def _term(q, searcher, table, leaves):
    fieldname = q.fieldname
    field = searcher.schema[fieldname]
    btext = field.to_bytes(q.text)
    scores = np.zeros(table.size)
    mask = np.zeros(table.size, dtype=bool)
    for leaf, offset in leaves:
        if (fieldname, btext) not in leaf:
            continue
        docs, tf = postings(leaf, fieldname, btext, weights=True)
        docs = docs + offset
        if field.scorable:
            # Global statistics, as BM25FScorer takes them (only for a known term:
            # idf of an absent term is undefined on an empty index).
            idf = searcher.idf(fieldname, q.text)
            avgfl = searcher.avg_field_length(fieldname) or 1
            fl = table.field_lengths(fieldname, _field_lengths)[docs]
            tf = idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl)))
        # else Whoosh's WeightScorer: the posting weight itself
        scores[docs] = tf * q.boost if q.boost != 1 else tf
        mask[docs] = True
    return scores, mask


def _field_lengths(leaf, fieldname) -> np.ndarray:
    """Per-document lengths of `fieldname` in one segment, as Whoosh reads them."""
    n = leaf.doc_count_all()
    lenfield = _lenfield(fieldname)
    if not leaf._perdoc.has_column(lenfield):
        return np.ones(n)
    cr = leaf._perdoc.column_reader(lenfield, LENGTHS_COLUMN)
    if isinstance(cr, columns.NumericColumn.Reader) and cr._fixedlen == 1:
        raw = np.frombuffer(cr._dbfile.get(cr._basepos, cr._count), dtype=np.uint8)
        raw = np.concatenate([raw, np.zeros(n - len(raw), np.uint8)])
    else:
        raw = np.fromiter((v or 0 for v in cr), dtype=np.uint8, count=n)
    return _BYTE_TO_LENGTH[raw]
