"""Type and ink of instruments: the vendored fonts, the glyphs they cover, colours and styles."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from archivo.instruments.layout import DEFAULT_DIR

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_DIR = DEFAULT_DIR / "fonts"
INK = colors.HexColor("#1f2933")
RULE = colors.HexColor("#7b8794")
HEAD_BG = colors.HexColor("#e4e7eb")
HIGHLIGHT_BG = colors.HexColor("#f2f4f6")


@cache
def register_fonts() -> None:
    """Register the vendored DejaVu fonts once (they cover Spanish and most of Unicode)."""
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
    )


@cache
def _covered() -> frozenset[int]:
    register_fonts()
    regular = pdfmetrics.getFont(FONT).face.charToGlyph
    bold = pdfmetrics.getFont(FONT_BOLD).face.charToGlyph
    return frozenset(regular.keys() & bold.keys())


def glyph_safe(text: str) -> str:
    """Replace characters the fonts cannot draw (emoji...) by U+FFFD, visibly, not as blanks."""
    if text.isascii():
        return text
    covered = _covered_chars()
    if covered.issuperset(text):  # one C-level pass: accented Spanish text is the usual case
        return text
    return "".join(ch if ch in covered or ch == "\n" else "\ufffd" for ch in text)


@cache
def _covered_chars() -> frozenset[str]:
    return frozenset(map(chr, _covered()))


@dataclass(frozen=True)
class Styles:
    """Paragraph styles derived from the layout's base font size."""

    size: float
    cell: ParagraphStyle
    cell_center: ParagraphStyle
    cell_right: ParagraphStyle
    head: ParagraphStyle
    body: ParagraphStyle
    label: ParagraphStyle
    section: ParagraphStyle
    small: ParagraphStyle

    def for_align(self, align: str) -> ParagraphStyle:
        """Cell style for a column alignment."""
        return {"center": self.cell_center, "right": self.cell_right}.get(align, self.cell)


def make_styles(size: float) -> Styles:
    """Build the style set; `splitLongWords` breaks 300-char words instead of overflowing."""
    register_fonts()
    base = ParagraphStyle(
        "cell",
        fontName=FONT,
        fontSize=size,
        leading=size * 1.22,
        textColor=INK,
        splitLongWords=1,
        wordWrap=None,
    )
    body_size = max(size + 2, 8.5)
    return Styles(
        size=size,
        cell=base,
        cell_center=ParagraphStyle("cell_c", parent=base, alignment=TA_CENTER),
        cell_right=ParagraphStyle("cell_r", parent=base, alignment=TA_RIGHT),
        head=ParagraphStyle("head", parent=base, fontName=FONT_BOLD, alignment=TA_CENTER),
        body=ParagraphStyle(
            "body", parent=base, fontSize=body_size, leading=body_size * 1.35, alignment=TA_LEFT
        ),
        label=ParagraphStyle(
            "label",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=body_size - 0.5,
            leading=(body_size - 0.5) * 1.3,
        ),
        section=ParagraphStyle(
            "section",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=body_size + 1,
            leading=(body_size + 1) * 1.3,
            spaceBefore=4,
            spaceAfter=3,
        ),
        small=ParagraphStyle(
            "small", parent=base, fontSize=max(size - 0.5, 5.5), leading=max(size - 0.5, 5.5) * 1.25
        ),
    )
