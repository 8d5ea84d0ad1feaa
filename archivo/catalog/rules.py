"""Pure rules of the CGCA: classification codes (normalise, check shape, derive parents)."""

import re
import unicodedata

# One part of a code: digits optionally followed by letters ("04C", "13S", "3"),
# or an institution's own alphanumeric label. Letters are upper-cased.
_PART = re.compile(r"^(?P<num>\d+)?(?P<alpha>[A-Z]*)$")
CODE_SHAPE = re.compile(r"^[0-9A-Z]{1,10}(\.[0-9A-Z]{1,10}){0,2}$")


def clean_code(code: str) -> str:
    """Strip spaces (also non-breaking ones) and upper-case a code as typed."""
    code = unicodedata.normalize("NFKC", code or "")
    return re.sub(r"\s+", "", code).upper()


def normalize_code(code: str) -> str:
    """Canonical form used to compare codes: `04C.03.01` -> `4C.3.1`.

    Leading zeros of the numeric part of every segment are dropped; letters are
    kept upper-cased. The code is displayed as entered; only this form is compared.
    """
    parts = []
    for part in clean_code(code).split("."):
        m = _PART.match(part)
        if m and m.group("num") is not None:
            part = str(int(m.group("num"))) + m.group("alpha")
        parts.append(part)
    return ".".join(parts)


def is_valid_code(code: str) -> bool:
    """True when `code` has the shape of a sección, serie or subserie code."""
    return bool(CODE_SHAPE.match(clean_code(code)))


def code_depth(code: str) -> int:
    """1 for a sección (`4C`), 2 for a serie (`4C.3`), 3 for a subserie (`4C.3.1`)."""
    return clean_code(code).count(".") + 1


def parent_code(code: str) -> str | None:
    """Normalised code of the parent level, or None for a sección."""
    norm = normalize_code(code)
    return norm.rsplit(".", 1)[0] if "." in norm else None
