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
    """Encodes lines into PDF `Tf`/`Tj` operators for one document.

    Subset codes of embedded TrueType fonts are assigned per document, so the tables
    live for one render only. Once a character has a one-byte code in subset 0 (Spanish
    text needs fewer than 256 glyphs), encoding and escaping a line is one C-level
    `str.translate` through a table of escaped codes, instead of a Python loop per
    character.
    """

    def __init__(self, limit: int = 100_000):
        self.widths: dict[tuple, float] = {}
        self.names: dict[tuple, str] = {}  # (font, subset) -> PDF resource name
        self.tables: dict[str, tuple[set, dict]] = {}  # font -> (known chars, escapes)
        self.selects: dict[tuple, str] = {}  # (font, size) -> its subset-0 `Tf` operator
        self.cells: dict[tuple, list] = {}  # (column, font, text) -> its lines' operators
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
        select, show = self.encode(canv, font_name, size, line)
        return f"{select} {show}" if select else show

    def encode(self, canv, font_name: str, size: float, line: str) -> tuple[str, str]:
        """(`Tf` operator, `Tj` operator) for a line; `Tf` is empty when `show` sets fonts."""
        known, escapes = self.tables.get(font_name) or self.tables.setdefault(
            font_name, (set(), {}))
        if known.issuperset(line):
            select = self.selects.get((font_name, size))
            if select is None:
                name = self._subset_name(pdfmetrics.getFont(font_name), 0, canv._doc)
                select = self.selects[font_name, size] = f"{name} {size:g} Tf"
            return select, f"({line.translate(escapes)}) Tj"
        return "", self._slow_ops(canv, font_name, size, line, known, escapes)

    def _slow_ops(self, canv, font_name, size, line, known, escapes) -> str:
        """Let reportlab assign codes to new characters, then learn the one-byte ones."""
        doc = canv._doc
        font = pdfmetrics.getFont(font_name)
        chunks = font.splitString(line, doc)
        assignments = font.state[doc].assignments
        for ch in set(line):
            code = assignments.get(ord(ch))
            if code is not None and code < 256:
                escapes[ord(ch)] = _ESCAPED[code]
                known.add(ch)
        return " ".join(
            f"{self._subset_name(font, subset, doc)} {size:g} Tf ({escapePDF(chunk)}) Tj"
            for subset, chunk in chunks
        )


# byte code -> its escaped form inside a PDF string literal, as `escapePDF` writes it
_ESCAPED = [escapePDF(bytes((code,))) for code in range(256)]


class RowBlock(Flowable):
    """Header (optional) plus body rows; a cell is a one-line string or a tuple of lines."""

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
        xs = spec.xs
        top = self.height
        canv.saveState()
        rules: list[str] = []  # path segments "x0 y0 m x1 y1 l", stroked in one go
        if self.with_head:
            total = sum(spec.head_heights)
            if spec.head_code is None:  # the same on every page: encoded once per render
                spec.head_code = self._head_code(xs, total)
            top -= total
            canv._code.append(f"q 1 0 0 1 0 {top:.2f} cm {spec.head_code} Q")
        self._draw_body(xs, top, rules)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.35)
        canv._code.append(f"n {' '.join(rules)} S")
        canv.restoreState()

    def _head_code(self, xs, total: float) -> str:
        """PDF operators of the grouped header, its bottom edge at y = 0."""
        spec, canv = self.spec, self.canv
        outer, canv._code = canv._code, []
        try:
            canv.saveState()
            canv.setFillColor(HEAD_BG)
            canv.rect(0, 0, xs[-1], total, stroke=0, fill=1)
            canv.setFillColor(INK)
            rules = [_segment(0, total, xs[-1], total)]
            for (c0, r0), (c1, r1) in spec.head_cells:
                y_top = total - sum(spec.head_heights[:r0])
                y_bottom = total - sum(spec.head_heights[: r1 + 1])
                x0, x1 = xs[c0], xs[c1 + 1]
                rules += [
                    _segment(x0, y_top, x0, y_bottom),
                    _segment(x1, y_top, x1, y_bottom),
                    _segment(x0, y_bottom, x1, y_bottom),
                ]
                text = spec.head[r0][c0]
                lines = text.split("\n") if text else []
                y = (y_bottom + y_top + len(lines) * spec.leading) / 2 - spec.size
                self._text(lines, x0, x1, y, "center", spec.head_font)
            canv.setStrokeColor(RULE)
            canv.setLineWidth(0.35)
            canv._code.append(f"n {' '.join(rules)} S")
            canv.setStrokeColor(INK)  # a firmer rule under the header
            canv.setLineWidth(0.9)
            canv.line(0, 0, xs[-1], 0)
            canv.restoreState()
            return " ".join(canv._code)
        finally:
            canv._code = outer

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
            rules.append(_segment(x, top, x, bottom))
        canv.setFillColor(INK)
        y = top
        size, leading = spec.size, spec.leading
        code, cached = canv._code, spec.text_ops.cells
        right = f"{xs[-1]:.2f}"
        for cells, strong, h in self.body:
            font = spec.bold_font if strong else spec.font
            baseline = y - spec.top_pad - size
            ys = [f"{baseline:.2f}"]
            # one text object per row; the font is selected again only when it changes
            ops, selected = ["BT"], ""
            for i, text in enumerate(cells):
                if not text:
                    continue
                parts = cached.get((i, font, text))
                if parts is None:
                    parts = self._cell_parts(xs, i, font, text)
                for k, select, at, show in parts:
                    while len(ys) <= k:
                        ys.append(f"{baseline - len(ys) * leading:.2f}")
                    if select != selected:
                        if select:
                            ops.append(select)
                        selected = select
                    ops.append(f"1 0 0 1 {at} {ys[k]} Tm {show}")
            ops.append("ET")
            code.append(" ".join(ops))
            y -= h
            rules.append(f"0 {y:.2f} m {right} {y:.2f} l")
        rules.append(_segment(0, top, xs[-1], top))

    def _cell_parts(self, xs, i: int, font: str, text) -> list[tuple[int, str, str, str]]:
        """(line number, `Tf`, x, `Tj`) of each line of a cell; cached per render, since
        dates, plazos and places repeat down a column."""
        spec, canv = self.spec, self.canv
        ops, size, pad = spec.text_ops, spec.size, spec.pad
        align = spec.aligns[i]
        parts = []
        reusable = True
        # a wrapped cell is a tuple of lines, a one-line cell a string
        for k, line in enumerate(text if type(text) is tuple else (text,)):
            if not line:
                continue
            if align == "left":
                at = xs[i] + pad
            else:
                w = ops.width(font, size, line)
                at = xs[i + 1] - pad - w if align == "right" else (xs[i] + xs[i + 1] - w) / 2
            select, show = ops.encode(canv, font, size, line)
            reusable = reusable and bool(select)  # only one-byte codes are stable to reuse
            parts.append((k, select, f"{at:.2f}", show))
        if reusable:
            if len(ops.cells) > ops.limit:
                ops.cells.clear()
            ops.cells[i, font, text] = parts
        return parts

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


def _segment(x0: float, y0: float, x1: float, y1: float) -> str:
    return f"{x0:.2f} {y0:.2f} m {x1:.2f} {y1:.2f} l"
