"""'Did you mean': correct unknown query words against the public word list."""

from archivo.search.spelling import correct


def suggest(searcher, words: tuple[str, ...], total: int, fields: tuple[str, ...]) -> str | None:
    """spelling.correct over the index: a word is known when its stem is in one of the
    audience's `fields`; candidates come from the public word list (`spell`) only."""
    reader = searcher.reader()
    return correct(
        words,
        total,
        lambda lexeme: any(reader.doc_frequency(f, lexeme) for f in fields),
        lambda word: _closest(reader, word),
    )


def _closest(reader, word: str) -> str | None:
    # Increasing distance first, then the most frequent candidate.
    for maxdist in (1, 2):
        candidates = list(reader.terms_within("spell", word, maxdist, prefix=1))
        if candidates:
            return max(candidates, key=lambda c: (reader.doc_frequency("spell", c), c))
    return None
