"""A flowable that draws pre-wrapped table rows (and the grouped header) straight to PDF."""

from __future__ import annotations

from reportlab.lib.rl_accel import escapePDF
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from archivo.instruments.page import HEAD_BG, HIGHLIGHT_BG, INK, RULE

# Why not platypus' Table: for inventories of 50,000 expedientes its per-cell machinery
# (styles, spans, measuring, drawString) costs more than everything else together. Rows
# here arrive already wrapped with known heights, so splitting is a running sum and
# drawing is one cached text operator per line.


class TextOps:
    """Encodes a line into PDF `Tf`/`Tj` operators for one document, with a cache.

    Subset codes of embedded TrueType fonts are assigned per document, so a cache
    lives for one render only.
    """

    def __init__(self, limit: int = 100_000):
        self.cache: dict[tuple, str] = {}
        self.widths: dict[tuple, float] = {}
        self.names: dict[tuple, str] = {}  # (font, subset) -> PDF resource name
        self.limit = limit

    def _subset_name(self, font, subset: int, doc) -> str:
        key = (font.fontName, subset)
        name = self.names.get(key)
        if name is None:
            name = self.names[key] = font.getSubsetInternalName(subset, doc)
        return name

    def width(self, font_name: str, size: float, line: str) -> float:
        """String width, cached: centred and right-aligned cells repeat (dates, plazos)."""
        key = (font_name, size, line)
        found = self.widths.get(key)
        if found is None:
            found = pdfmetrics.stringWidth(line, font_name, size)
            if len(self.widths) > self.limit:
                self.widths.clear()
            self.widths[key] = found
        return found

    def ops(self, canv, font_name: str, size: float, line: str) -> str:
        """Operators that select the font and show `line` in the canvas' document."""
        key = (font_name, size, line)
        found = self.cache.get(key)
        if found is None:
            doc = canv._doc
            font = pdfmetrics.getFont(font_name)
            found = " ".join(
                f"{self._subset_name(font, subset, doc)} {size:g} Tf ({escapePDF(chunk)}) Tj"
                for subset, chunk in _split(font, line, doc)
            )
            if len(self.cache) > self.limit:
                self.cache.clear()
            self.cache[key] = found
        return found


def _split(font, line: str, doc) -> list[tuple[int, bytes]]:
    """`font.splitString` for characters already assigned a subset code (the usual case)."""
    state = font.state.get(doc)
    if state is None:
        return font.splitString(line, doc)
    assignments = state.assignments
    try:
        codes = [assignments[o] for o in map(ord, line)]
    except KeyError:  # a new character: let reportlab assign it a code
        return font.splitString(line, doc)
    if max(codes) < 256:
        return [(0, bytes(codes))]
    out: list[tuple[int, bytes]] = []
    for code in codes:
        if out and out[-1][0] == code >> 8:
            out[-1] = (code >> 8, out[-1][1] + bytes((code & 0xFF,)))
        else:
            out.append((code >> 8, bytes((code & 0xFF,))))
    return out


class RowBlock(Flowable):
    """Header (optional) plus body rows; every row's cells are strings with line breaks."""

    def __init__(self, spec, body: list[tuple[list[str], bool, float]], with_head: bool):
        super().__init__()
        self.spec = spec  # the TableBuilder: widths, fonts, header, paddings
        self.body = body
        self.with_head = with_head
        head = sum(spec.head_heights) if with_head else 0
        self.height = head + sum(h for _, _, h in body)
        self.width = sum(spec.widths)

    def wrap(self, availWidth, availHeight):  # noqa: N803 - platypus signature
        return self.width, self.height

    def draw(self):
        spec, canv = self.spec, self.canv
        xs = [0.0]
        for w in spec.widths:
            xs.append(xs[-1] + w)
        top = self.height
        canv.saveState()
        rules: list[tuple[float, float, float, float]] = []
        if self.with_head:
            top = self._draw_head(xs, top, rules)
        self._draw_body(xs, top, rules)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.35)
        canv.lines(rules)
        if self.with_head:  # a firmer rule under the header
            y = self.height - sum(spec.head_heights)
            canv.setStrokeColor(INK)
            canv.setLineWidth(0.9)
            canv.line(0, y, xs[-1], y)
        canv.restoreState()

    def _draw_head(self, xs, top, rules) -> float:
        spec, canv = self.spec, self.canv
        total = sum(spec.head_heights)
        canv.setFillColor(HEAD_BG)
        canv.rect(0, top - total, xs[-1], total, stroke=0, fill=1)
        canv.setFillColor(INK)
        rules.append((0, top, xs[-1], top))
        for (c0, r0), (c1, r1) in spec.head_cells:
            y_top = top - sum(spec.head_heights[:r0])
            y_bottom = top - sum(spec.head_heights[: r1 + 1])
            x0, x1 = xs[c0], xs[c1 + 1]
            rules += [
                (x0, y_top, x0, y_bottom),
                (x1, y_top, x1, y_bottom),
                (x0, y_bottom, x1, y_bottom),
            ]
            text = spec.head[r0][c0]
            lines = text.split("\n") if text else []
            y = (y_bottom + y_top + len(lines) * spec.leading) / 2 - spec.size
            self._text(lines, x0, x1, y, "center", spec.head_font)
        return top - total

    def _draw_body(self, xs, top, rules) -> None:
        spec, canv = self.spec, self.canv
        y = top
        for _, strong, h in self.body:
            if strong:
                canv.setFillColor(HIGHLIGHT_BG)
                canv.rect(0, y - h, xs[-1], h, stroke=0, fill=1)
                canv.setFillColor(INK)
            y -= h
        if not self.body:
            return
        bottom = y
        for x in xs:
            rules.append((x, top, x, bottom))
        canv.setFillColor(INK)
        y = top
        aligns, size, leading, pad = spec.aligns, spec.size, spec.leading, spec.pad
        code, ops, width = canv._code, spec.text_ops.ops, spec.text_ops.width
        # coordinates as text once per column / row line, not once per cell line
        left = [f"{x + pad:.2f}" for x in xs[:-1]]
        for cells, strong, h in self.body:
            font = spec.bold_font if strong else spec.font
            baseline = y - spec.top_pad - size
            ys: list[str] = []
            for i, text in enumerate(cells):
                if not text:
                    continue
                lines = text.split("\n") if "\n" in text else (text,)
                while len(ys) < len(lines):
                    ys.append(f"{baseline - len(ys) * leading:.2f}")
                align = aligns[i]
                for k, line in enumerate(lines):
                    if not line:
                        continue
                    if align == "left":
                        x = left[i]
                    else:
                        w = width(font, size, line)
                        if align == "right":
                            at = xs[i + 1] - pad - w
                        else:
                            at = (xs[i] + xs[i + 1] - w) / 2
                        x = f"{at:.2f}"
                    code.append(f"BT 1 0 0 1 {x} {ys[k]} Tm {ops(canv, font, size, line)} ET")
            y -= h
            rules.append((0, y, xs[-1], y))
        rules.append((0, top, xs[-1], top))

    def _text(self, lines, x0, x1, y, align, font) -> None:
        spec, canv = self.spec, self.canv
        code, ops, size, pad = canv._code, spec.text_ops, spec.size, spec.pad
        for line in lines:
            if line:
                if align == "left":
                    x = x0 + pad
                else:
                    w = ops.width(font, size, line)
                    x = x1 - pad - w if align == "right" else (x0 + x1 - w) / 2
                code.append(f"BT 1 0 0 1 {x:.2f} {y:.2f} Tm {ops.ops(canv, font, size, line)} ET")
            y -= spec.leading
