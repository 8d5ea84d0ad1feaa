"""'Did you mean': correct unknown query words against the public word list."""

from archivo.search.analysis import fold, stem
from archivo.search.query import OPERATORS
from archivo.search.stopwords import STOPWORDS

# Only propose a correction when the query found (almost) nothing: a rare but
# correctly spelled word must not be "corrected" into a common one.
SUGGEST_BELOW = 5
MIN_WORD = 4


def suggest(searcher, words: tuple[str, ...], total: int, fields: tuple[str, ...]) -> str | None:
    """The query with unknown words replaced by the closest frequent word, or None.

    A word is known when its stem is in one of the audience's `fields`; candidates
    come from the public word list only.
    """
    if total >= SUGGEST_BELOW or not words:
        return None
    reader = searcher.reader()
    changed = False
    out = []
    for word in words:
        folded = fold(word)
        if (
            word in OPERATORS
            or folded in STOPWORDS
            or len(folded) < MIN_WORD
            or not folded.isalpha()
            or any(reader.doc_frequency(f, stem(folded)) for f in fields)
        ):
            out.append(word)
            continue
        best = _closest(reader, folded)
        if best and best != folded:
            out.append(best)
            changed = True
        else:
            out.append(word)
    return " ".join(out) if changed else None


def _closest(reader, word: str) -> str | None:
    # Increasing distance first, then the most frequent candidate.
    for maxdist in (1, 2):
        candidates = list(reader.terms_within("spell", word, maxdist, prefix=1))
        if candidates:
            return max(candidates, key=lambda c: (reader.doc_frequency("spell", c), c))
    return None
