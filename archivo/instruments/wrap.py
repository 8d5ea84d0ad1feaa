"""Fast word wrapping for table cells, measured with the font's own glyph widths."""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate

from reportlab.pdfbase import pdfmetrics

# Instruments repeat the same words thousands of times ("Expediente", "contratos"), so
# caching word widths makes wrapping a dictionary lookup instead of a glyph sum; this is
# what keeps 50,000-row inventories fast without Paragraph objects per cell.
_CACHE_LIMIT = 200_000


class _CharWidths(dict):
    """Glyph width by character; a character the font lacks measures as its default glyph."""

    def __init__(self, widths: dict[int, float], default: float):
        super().__init__((chr(code), w) for code, w in widths.items())
        self.default = default

    def __missing__(self, ch: str) -> float:
        return self.default


class Wrapper:
    """Greedy line breaker for one font; breaks words longer than a line by characters."""

    def __init__(self, font_name: str):
        face = pdfmetrics.getFont(font_name).face
        self.widths = face.charWidths
        self.default = face.defaultWidth
        self.chars = _CharWidths(self.widths, self.default)
        self.space = self.widths.get(32, self.default)
        self.cache: dict[str, float] = {}

    def width(self, word: str) -> float:
        """Width of a word in 1/1000 em."""
        w = self.cache.get(word)
        if w is None:
            w = sum(map(self.chars.__getitem__, word))  # C-level loop over the word
            if len(self.cache) > _CACHE_LIMIT:
                self.cache.clear()
            self.cache[word] = w
        return w

    def lines(self, text: str, size: float, max_width: float) -> list[str]:
        """Break text into lines no wider than `max_width` points at `size`."""
        limit = max_width * 1000 / size
        if "\n" not in text:  # most cells fit one line: measure them whole, in C
            line = " ".join(text.split())
            if sum(map(self.chars.__getitem__, line)) <= limit:
                return [line]
        out: list[str] = []
        for paragraph in text.split("\n"):
            line, line_w = [], 0.0
            for word in paragraph.split():
                w = self.width(word)
                if w > limit:
                    if line:
                        out.append(" ".join(line))
                    pieces = self._break_word(word, limit)
                    out.extend(pieces[:-1])
                    line, line_w = [pieces[-1]], self.width(pieces[-1])
                    continue
                needed = w if not line else line_w + self.space + w
                if needed <= limit:
                    line.append(word)
                    line_w = needed
                else:
                    out.append(" ".join(line))
                    line, line_w = [word], w
            out.append(" ".join(line))
        return out

    def _break_word(self, word: str, limit: float) -> list[str]:
        """Pieces of a word too long for a line, each as many characters as fit (at least 1)."""
        pieces, start = [], 0
        while start < len(word):
            # running widths in C; bisect finds how many characters stay within the limit
            ends = list(accumulate(map(self.chars.__getitem__, word[start:])))
            n = max(bisect_right(ends, limit), 1)
            pieces.append(word[start : start + n])
            start += n
        return pieces
