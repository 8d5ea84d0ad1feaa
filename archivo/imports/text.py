"""Cell text hygiene: NFC, stray and non-breaking spaces, and folding for header matching."""

import re
import unicodedata

# Invisible characters spreadsheets leave behind (zero-width space, BOM, soft hyphen).
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SEP = "\x00"  # joins a row's cells; real cells never hold NUL (checked anyway)
# `\s` in str patterns covers NBSP (U+00A0), narrow NBSP (U+202F) and other Unicode spaces.
_SPACES = re.compile(r"\s+")
_WORDS = re.compile(r"[a-z0-9]+")
_PARENS = re.compile(r"\([^)]*\)")


def clean_text(value: str | None) -> str | None:
    """NFC-normalise, drop invisible characters and collapse whitespace; '' becomes None."""
    if value is None:
        return None
    if value.isascii():
        # Fast path for the common case: plain ASCII needs no normalisation.
        if "  " in value or "\t" in value or "\n" in value or "\r" in value:
            value = _SPACES.sub(" ", value)
        return value.strip() or None
    value = unicodedata.normalize("NFC", _INVISIBLE.sub("", value))
    return _SPACES.sub(" ", value).strip() or None


def clean_row(record: list[str]) -> list[str | None]:
    """`clean_text` for a whole CSV record at once (C-level checks keep 100k rows fast)."""
    line = _SEP.join(record)
    if line.count(_SEP) != len(record) - 1:  # a NUL inside a cell: clean cell by cell
        return [clean_text(cell.replace(_SEP, "")) for cell in record]
    # str.isprintable() is False for tabs, newlines, NBSP and every other Unicode space
    # but ' ', and for zero-width/format characters: one C call finds all the oddities.
    if "  " in line or not all(map(str.isprintable, record)):
        line = _SPACES.sub(" ", _INVISIBLE.sub("", line))  # `\s` never matches NUL
    if not line.isascii() and not unicodedata.is_normalized("NFC", line):
        line = unicodedata.normalize("NFC", line)
    return [cell or None for cell in map(str.strip, line.split(_SEP))]


def fold(text: str | None) -> str:
    """Lower-case, accent-free words joined by one space: 'Código  (F/C)' -> 'codigo f c'."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(_WORDS.findall(bare))


def fold_without_parens(text: str | None) -> str:
    """Like `fold`, ignoring parenthesised asides such as '(años)'."""
    return fold(_PARENS.sub(" ", text or ""))
