"""'Did you mean': the rules both backends share; each supplies its own word lookups."""

from collections.abc import Callable

from archivo.search.analysis import fold, stem
from archivo.search.query import OPERATORS
from archivo.search.stopwords import STOPWORDS

# Only propose a correction when the query found (almost) nothing: a rare but
# correctly spelled word must not be "corrected" into a common one.
SUGGEST_BELOW = 5
MIN_WORD = 4


def correct(
    words, total: int, is_known: Callable[[str], bool], closest: Callable[[str], str | None]
) -> str | None:
    """The query with unknown words replaced by the closest frequent word, or None.

    `is_known(stem)` says whether the audience's text holds a stem; `closest(word)`
    proposes a word of the public word list for a folded word (or None).
    """
    if total >= SUGGEST_BELOW or not words:
        return None
    changed = False
    out = []
    for word in words:
        folded = fold(word)
        if (
            word in OPERATORS
            or folded in STOPWORDS
            or len(folded) < MIN_WORD
            or not folded.isalpha()
            or is_known(stem(folded))
        ):
            out.append(word)
            continue
        best = closest(folded)
        if best and best != folded:
            out.append(best)
            changed = True
        else:
            out.append(word)
    return " ".join(out) if changed else None
