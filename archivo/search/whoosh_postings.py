"""Read whole posting lists of the whoosh3 format into numpy arrays.

Whoosh hands out postings one matcher call at a time; decoding a block at once is
what makes facet counts and ranking over tens of thousands of matches affordable.
This reads private attributes of `whoosh.codec.whoosh3.W3LeafMatcher` (pinned
whoosh-reloaded 2.7.5); other matchers go through the public, slower API.
"""

import numpy as np
from whoosh.matching import FilterMatcher


def postings(leaf, fieldname: str, btext: bytes, weights: bool = False):
    """(docnums, weights or None) of one term in one segment, deletions included.

    Callers mask deleted documents themselves (one mask for the whole index).
    """
    matcher = leaf.postings(fieldname, btext)
    if isinstance(matcher, FilterMatcher):  # the segment's deletion filter
        matcher = matcher.child
    if not hasattr(matcher, "_next_block"):
        # Inlined postings (rare terms, see whoosh_codec) or another matcher type.
        ids, found = [], []
        while matcher.is_active():
            ids.append(matcher.id())
            found.append(matcher.weight())
            matcher.next()
        return np.array(ids, dtype=np.int64), (np.array(found) if weights else None)
    deltas: list[int] = []
    starts, firsts, weight_parts = [], [], []
    previous_max = 0
    while matcher.is_active():
        if matcher._data is None:
            matcher._read_data()
        block = matcher._data[0]
        # Each block is delta-encoded from 0: rebase its first id on the previous
        # block's last id so that one cumulative sum decodes every block.
        starts.append(len(deltas))
        firsts.append(block[0] - previous_max)
        deltas.extend(block)
        previous_max = matcher._maxid
        if weights:
            weight_parts.append(_block_weights(matcher._data[1], len(block)))
        matcher._next_block()
    if not deltas:
        return np.zeros(0, np.int64), (np.zeros(0) if weights else None)
    ids = np.array(deltas, dtype=np.int64)
    ids[starts] = firsts
    np.cumsum(ids, out=ids)
    return ids, (np.concatenate(weight_parts) if weights else None)


def _block_weights(raw, count: int) -> np.ndarray:
    # whoosh3 stores None when every weight is 1.0, a float when all are equal.
    if raw is None:
        return np.ones(count)
    if isinstance(raw, float):
        return np.full(count, raw)
    return np.asarray(raw, dtype=np.float32).astype(np.float64)
