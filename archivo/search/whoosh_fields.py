"""Whoosh field types that index without Whoosh's token pipeline.

Each `index()` yields exactly what the stock field would give its format for the
same value (tests compare them), but skips a Token object, a generator layer and
a dict per word: on a 100k rebuild that pipeline was a third of the time.
"""

import re
from collections import Counter

from whoosh import fields
from whoosh.system import emptybytes, pack_uint

from archivo.search.analysis import PART_SEP, analyze, bigrams

# Whoosh's KEYWORD tokenizer (commas=False): runs of non-whitespace.
_SPACE_SEPARATED = re.compile(r"[^ \t\r\n]+")


def _frequencies(counts: Counter, boost: float):
    # The postings of Whoosh's Frequency format: (bytes, freq, weight, encoded freq).
    for term, freq in counts.items():
        yield term.encode(), freq, freq * boost, pack_uint(freq)


class SpanishText(fields.TEXT):
    """TEXT of analysed terms plus bigrams (see analysis.bigrams), one pass per part."""

    def index(self, value, **kwargs):
        """(term bytes, frequency, weight, encoded frequency) for each distinct term."""
        counts: Counter[str] = Counter()
        for part in value.split(PART_SEP):
            terms = analyze(part)
            counts.update(terms)
            counts.update(bigrams(terms))
        return _frequencies(counts, self.format.field_boost)


class ExactID(fields.ID):
    """ID: the whole value is the one term (Existence format: no frequency)."""

    def index(self, value, **kwargs):
        """One posting for the value as given (Whoosh indexes '' too)."""
        if not isinstance(value, str):
            raise ValueError(f"{value!r} is not a string")
        return iter([(value.encode(), 1, self.format.field_boost, emptybytes)])


class ExactKeywords(fields.KEYWORD):
    """KEYWORD of space-separated tokens, kept as typed (no lowercasing)."""

    def __init__(self, **kwargs):
        """As KEYWORD(lowercase=False, commas=False); other options pass through."""
        super().__init__(lowercase=False, commas=False, **kwargs)

    def index(self, value, **kwargs):
        """Frequency postings of the space-separated tokens."""
        counts = Counter(_SPACE_SEPARATED.findall(value))
        return _frequencies(counts, self.format.field_boost)
