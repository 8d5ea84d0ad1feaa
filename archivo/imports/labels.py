"""Classification codes as typed in spreadsheets: glued labels, nivel words, O for zero."""

import re
from dataclasses import dataclass
from enum import StrEnum

from archivo.catalog.rules import clean_code, code_depth, is_valid_code


class Nivel(StrEnum):
    """Level of a CGCA entry (the fondo itself is not imported)."""

    SECCION = "seccion"
    SERIE = "serie"
    SUBSERIE = "subserie"


NIVEL_BY_DEPTH = {1: Nivel.SECCION, 2: Nivel.SERIE, 3: Nivel.SUBSERIE}
_NIVEL_WORDS = {
    "seccion": Nivel.SECCION, "sección": Nivel.SECCION, "secc": Nivel.SECCION,
    "serie": Nivel.SERIE, "subserie": Nivel.SUBSERIE, "sub-serie": Nivel.SUBSERIE,
    # The CGCA's nivel column marks secciones as C (común) or S (sustantiva).
    "sub serie": Nivel.SUBSERIE, "c": Nivel.SECCION, "s": Nivel.SECCION,
}

# One code segment: digits (an 'O' among them is a typo we report), then an optional
# letter suffix ('C', 'S') that must not be the first letter of a glued name:
# '04C.03Expediente' is code '04C.03' + 'Expediente', '01CLegislación' is '01C' + ...
_NUM = r"[0-9O]*[0-9][0-9O]*"
_SUFFIX = r"(?:[A-Za-z]{1,3}(?=[^A-Za-zÁÉÍÓÚÑáéíóúñü]|$|[A-ZÁÉÍÓÚÑ][a-záéíóúñü]))?"
_SEGMENT = _NUM + _SUFFIX
_LABEL = re.compile(
    r"^(?P<nivel>(?i:sub[\s-]?serie|serie|secci[oó]n|secc\.?|fondo))?[\s:.\-–—]*"
    rf"(?P<code>{_SEGMENT}(?:\s?\.\s?{_SEGMENT}){{0,2}})"
    r"(?![a-záéíóúñü])[\s:.\-–—]*(?P<name>.*)$"
)
_O_IN_NUMBER = re.compile(r"^([0-9O]*)(.*)$")
_SPACES = re.compile(r"\s+")
_NIVEL_ONLY = re.compile(
    r"^(?P<nivel>sub[\s-]?serie|serie|secci[oó]n|fondo)\b[\s:.\-–—]*(?P<name>.*)$", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class Label:
    """A cell split into its parts; any part may be missing."""

    nivel_word: str | None  # 'fondo', 'seccion', 'serie', 'subserie' as written (folded)
    code: str | None  # cleaned (no spaces, upper-case) but otherwise as entered
    name: str | None


def _nivel_key(word: str | None) -> str | None:
    """Lower-case nivel word with accents and separators unified."""
    if not word:
        return None
    word = word.lower().replace("ó", "o").rstrip(".")
    return re.sub(r"[\s-]", "", word)


def split_label(text: str | None) -> Label:
    """Split 'Serie 04C.03Expediente único' into nivel word, code and name."""
    if not text:
        return Label(None, None, None)
    m = _LABEL.match(text)
    if m:
        return Label(_nivel_key(m.group("nivel")), clean_code(m.group("code")),
                     _SPACES.sub(" ", m.group("name")).strip() or None)
    m = _NIVEL_ONLY.match(text)
    if m:
        return Label(_nivel_key(m.group("nivel")), None, m.group("name").strip() or None)
    return Label(None, None, text)


def parse_nivel(text: str | None) -> Nivel | None:
    """'Sección', 'SERIE', 'Sub-serie' -> Nivel; None when blank or unknown."""
    if not text:
        return None
    return _NIVEL_WORDS.get(_nivel_key(text) or "") or _NIVEL_WORDS.get(text.strip().lower())


def nivel_from_word(word: str | None) -> Nivel | None:
    """Nivel for a word returned by `split_label` ('fondo' has none)."""
    return _NIVEL_WORDS.get(word or "")


def letter_o_suggestion(code: str) -> str | None:
    """'O1S' -> '01S', '4C.O3' -> '4C.03'; None when no segment has O among its digits."""
    parts, changed = [], False
    for i, part in enumerate(code.split(".")):
        number, rest = _O_IN_NUMBER.match(part).groups()
        # 'O' alone at the start of a sección could be a real letter code; only a
        # digit next to it, or a position after the sección, makes it a typo.
        if "O" in number and (any(c.isdigit() for c in number) or i > 0):
            part = number.replace("O", "0") + rest
            changed = True
        parts.append(part)
    return ".".join(parts) if changed else None


def code_problem(code: str) -> tuple[str, str, str | None] | None:
    """(kind, problem, suggestion) when a code is unusable as typed, else None."""
    suggestion = letter_o_suggestion(code)
    if suggestion:
        return ("codigo_letra_o",
                f"La clave «{code}» contiene la letra O en lugar de cero", suggestion)
    if not is_valid_code(code):
        return ("codigo_invalido",
                f"La clave «{code}» no tiene la forma de una sección, serie o subserie",
                "Use claves como 4C, 4C.3 o 4C.3.1")
    return None


def depth_nivel(code: str) -> Nivel:
    """Nivel implied by the number of segments of a (valid) code."""
    return NIVEL_BY_DEPTH[min(code_depth(code), 3)]
