"""Spanish text analysis shared by every search backend: fold, drop stopwords, stem."""

import functools
import re
import unicodedata
from collections.abc import Iterator

import Stemmer
from whoosh.analysis import Token, Tokenizer

from archivo.catalog.rules import normalize_code
from archivo.search.stopwords import STOPWORDS

# A word is a run of letters/digits, with combining marks allowed inside so that text
# arriving decomposed (NFD, common from macOS and some PDF extractors) is not split at
# every accent. Underscore is not a letter for us.
_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")
# Longer "words" are base64 blobs, hashes or OCR garbage: not worth a term.
MAX_TOKEN_LEN = 40

_stemmer = Stemmer.Stemmer("spanish")
# PyStemmer has its own cache, but a dict lookup skips the call overhead, and the
# vocabulary of a records corpus is small (tens of thousands of words).
_STEM_CACHE: dict[str, str] = {}
_STEM_CACHE_MAX = 200_000


def fold(word: str) -> str:
    """Lower-case and drop accents: `Licitación` -> `licitacion`, `Año` -> `ano`.

    ñ is folded to n as well: users on keyboards without ñ type `ano`, `senal`, and
    a citizen must find `año` and `señal`. The cost (año/ano collide) is negligible in
    records titles, and both backends fold the same way.
    """
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def stem(word: str) -> str:
    """Snowball Spanish stem of an already folded word, cached.

    Snowball leaves short `-as`/`-os` plurals alone (`obras`, `actas`, `anos` keep
    their `s` because the suffix falls outside its RV region), so those plurals are
    retried without the final `s`: `obras` and `obra` must be one term.
    """
    try:
        return _STEM_CACHE[word]
    except KeyError:
        pass
    result = _stemmer.stemWord(word)
    if result == word and len(word) > 3 and word[-2:] in ("as", "os"):
        result = _stemmer.stemWord(word[:-1])
    if len(_STEM_CACHE) >= _STEM_CACHE_MAX:
        _STEM_CACHE.clear()
    _STEM_CACHE[word] = result
    return result


def iter_terms(
    text: str, *, stemming: bool = True, keep_stops: bool = False
) -> Iterator[tuple[str, int, int, bool]]:
    """Yield `(term, startchar, endchar, is_stopword)` for each word of `text`.

    The single implementation of the chain (tokenize -> lowercase -> fold ->
    stopwords -> stem) behind `analyze`, the Whoosh analyzer and the highlighter.
    """
    for match in _WORD.finditer(text or ""):
        word = match.group(0)
        if len(word) > MAX_TOKEN_LEN:
            continue
        folded = fold(word)
        stopped = folded in STOPWORDS
        if stopped and not keep_stops:
            continue
        term = stem(folded) if stemming and not stopped else folded
        yield term, match.start(), match.end(), stopped


# Raw word -> its term (None for a stopword or an overlong word). Indexing meets the
# same few thousand words millions of times: one dict lookup replaces fold + stem.
_TERM_OF: dict[str, str | None] = {}
_TERM_OF_MAX = 500_000
_UNSEEN = object()


def _term_of(word: str) -> str | None:
    if len(word) > MAX_TOKEN_LEN:
        return None
    folded = fold(word)
    term = None if folded in STOPWORDS else stem(folded)
    if len(_TERM_OF) >= _TERM_OF_MAX:
        _TERM_OF.clear()
    _TERM_OF[word] = term
    return term


def analyze(text: str) -> list[str]:
    """Index/query terms of `text`, in order: the same terms in every backend.

    Equal to the terms of `iter_terms(text)`, computed through a per-word memo.
    """
    terms = []
    for word in _WORD.findall(text or ""):
        term = _TERM_OF.get(word, _UNSEEN)
        if term is _UNSEEN:
            term = _term_of(word)
        if term is not None:
            terms.append(term)
    return terms


def fold_words(text: str) -> list[str]:
    """Folded, unstemmed, non-stopword words of `text` (spelling suggestions)."""
    return [term for term, _s, _e, _stop in iter_terms(text, stemming=False)]


# Separates texts inside one field value so that no bigram spans two of them.
PART_SEP = "\u2029"
BIGRAM_JOIN = "_"  # never inside a term: the tokenizer does not take "_"


def bigrams(terms: list[str]) -> list[str]:
    """Adjacent term pairs (`licit_anual`): phrase matching without positions."""
    return [a + BIGRAM_JOIN + b for a, b in zip(terms, terms[1:], strict=False)]


class SpanishAnalyzer(Tokenizer):
    """Whoosh analyzer running `iter_terms` in one pass (a filter chain is slower)."""

    def __init__(self, stemming: bool = True, with_bigrams: bool = False):
        """`stemming=False`: folded whole words; `with_bigrams`: add term pairs."""
        self.stemming = stemming
        self.with_bigrams = with_bigrams
        self.is_morph = stemming

    def __eq__(self, other):
        return type(self) is type(other) and (self.stemming, self.with_bigrams) == (
            other.stemming,
            other.with_bigrams,
        )

    def __hash__(self):
        return hash((type(self), self.stemming, self.with_bigrams))

    def __call__(  # noqa: PLR0913 - Whoosh's analyzer protocol
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        no_morph=False,
        **kwargs,
    ):
        """Yield Whoosh tokens; positions count only kept words (no stopword gaps)."""
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        stemming = self.stemming and not no_morph
        if self.with_bigrams and mode != "query":
            # Indexing only: positions and offsets mean nothing for pairs.
            for part in value.split(PART_SEP):
                terms = [term for term, _s, _e, _st in iter_terms(part, stemming=stemming)]
                for term in terms + bigrams(terms):
                    t.text = term
                    t.boost = 1.0
                    t.stopped = False
                    yield t
            return
        pos = start_pos
        for term, start, end, stopped in iter_terms(
            value, stemming=stemming, keep_stops=not removestops
        ):
            t.text = term
            t.boost = 1.0
            t.stopped = stopped
            if keeporiginal:
                t.original = value[start:end]
            if positions:
                t.pos = pos
            if chars:
                t.startchar = start_char + start
                t.endchar = start_char + end
            if not stopped:
                pos += 1
            yield t


# --- classification codes and expediente keys -------------------------------------

# `4C`, `13S`, `4C.3`, `04C.03.01`, `CI.2`: at least one digit, optional dotted levels.
_CODE = re.compile(r"^(?=[^/]*\d)[0-9A-Za-z]{1,10}(?:\.[0-9A-Za-z]{1,10}){0,3}$")
_SECTION_ONLY = re.compile(r"^\d{1,3}[A-Za-z]{1,3}$")


def looks_like_code(token: str) -> bool:
    """True for a classification code typed in a query (`4C.3`, `04C`), not a year."""
    if not _CODE.match(token):
        return False
    return "." in token or bool(_SECTION_ONLY.match(token))


def looks_like_key(token: str) -> bool:
    """True for an expediente key typed in a query (`IEEN/6C/6C.12/001/2008`)."""
    parts = token.strip("/").split("/")
    return len(parts) >= 2 and all(p and re.match(r"^[0-9A-Za-z.\-]+$", p) for p in parts)


# Codes and key segments repeat across a whole fonds (`IEEN`, `6C.12`, `2008`):
# normalising each distinct one once keeps them out of the rebuild profile.
_normalized = functools.lru_cache(maxsize=65_536)(normalize_code)


@functools.lru_cache(maxsize=4096)
def _code_terms(code: str) -> tuple[str, ...]:
    parts = _normalized(code).split(".")
    return tuple(".".join(parts[:n]) for n in range(len(parts), 0, -1))


def code_terms(code: str | None) -> list[str]:
    """Normalised code and its ancestors: `04C.03.01` -> `4C.3.1`, `4C.3`, `4C`."""
    return list(_code_terms(code)) if code else []


def normalize_key(key: str | None) -> str:
    """Canonical expediente key: each `/` segment normalised like a code.

    `ieen/06C/06C.12/001/2008` -> `IEEN/6C/6C.12/1/2008`, so keys typed with or
    without zero padding find each other.
    """
    if not key:
        return ""
    return "/".join(_normalized(p) for p in key.strip().strip("/").split("/"))
