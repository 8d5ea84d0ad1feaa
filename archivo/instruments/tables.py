"""Instrument tables laid out page by page from a row stream, with repeated grouped headers."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping

from reportlab.platypus import Flowable

from archivo.instruments.layout import Layout
from archivo.instruments.page import FONT, FONT_BOLD, Styles, glyph_safe
from archivo.instruments.rowblock import RowBlock, TextOps
from archivo.instruments.values import cell_value
from archivo.instruments.wrap import Wrapper

# Rows are pulled from the iterator about a page at a time: nothing holds the whole
# instrument, so memory stays flat and work stays linear in the number of rows (a
# single platypus Table of 10,000 rows takes 6.5 s; 50,000 rows about 2 minutes).
CHUNK_ROWS = 500
FIRST_CHUNK = 40
PAD = 2.2
TOP_PAD, BOTTOM_PAD = 1.6, 2.4
V_PAD = TOP_PAD + BOTTOM_PAD
# No cell may be taller than this share of the frame, so every row fits on a page;
# longer text is cut with a visible note (the CSV/JSON export keeps it whole).
MAX_CELL_SHARE = 0.8
TRUNCATED = "[…texto truncado: ver CSV/JSON]"
WRAP_CACHE = 50_000  # wrapped cell texts remembered per render


def column_widths(layout: Layout, available: float) -> list[float]:
    """Column widths in points: millimetre columns fixed, the rest shares what is left."""
    fixed = sum((c.width_mm or 0) * 72 / 25.4 for c in layout.columns)
    relative = sum(c.width for c in layout.columns if c.width_mm is None) or 1
    spare = max(available - fixed, 0)
    return [
        c.width_mm * 72 / 25.4 if c.width_mm is not None else spare * c.width / relative
        for c in layout.columns
    ]


def header_cells(layout: Layout) -> tuple[list[list[str]], list[tuple]]:
    """Header text grid and its cells as ((col0, row0), (col1, row1)) spans.

    With groups there are two rows: the group label spans its columns on top and
    an ungrouped column's label spans both rows.
    """
    cols = layout.columns
    if not layout.groups:
        return [[c.label for c in cols]], [((i, 0), (i, 0)) for i in range(len(cols))]
    top, labels, cells, i = [""] * len(cols), [""] * len(cols), [], 0
    while i < len(cols):
        group, j = cols[i].group, i
        while j + 1 < len(cols) and group and cols[j + 1].group == group:
            j += 1
        if group:
            top[i] = group
            cells.append(((i, 0), (j, 0)))
            for k in range(i, j + 1):
                labels[k] = cols[k].label
                cells.append(((k, 1), (k, 1)))
        else:
            top[i] = cols[i].label
            cells.append(((i, 0), (i, 1)))
        i = j + 1
    return [top, labels], cells


class TableBuilder:
    """Turns row dicts into pre-wrapped cells with known heights; holds what RowBlock draws.

    Cells are plain strings drawn as text, never parsed as markup, so user text prints
    literally (`<b>`, `&`) without escaping.
    """

    def __init__(self, layout: Layout, styles: Styles, widths: list[float], frame_height: float):
        self.layout = layout
        self.widths = widths
        self.xs = [sum(widths[:i]) for i in range(len(widths) + 1)]  # column edges
        self.head_code: str | None = None  # the header's PDF operators, set when first drawn
        self.size = styles.size
        self.leading = styles.cell.leading
        self.pad, self.top_pad = PAD, TOP_PAD
        self.font, self.bold_font, self.head_font = FONT, FONT_BOLD, FONT_BOLD
        self.aligns = [c.align for c in layout.columns]
        self.inner = [max(w - 2 * PAD, 4) for w in widths]
        # per column: index, column, row key, printed as is (no mark), longest unmeasured text
        self.fields = [
            (i, c, c.key, c.mark is None, inner / (self.size * 1.1))
            for i, (c, inner) in enumerate(zip(layout.columns, self.inner, strict=True))
        ]
        self.text_ops = TextOps()  # one per render: subset codes belong to one document
        self.wrapped: dict[tuple, tuple[str | tuple, int]] = {}
        self.wrappers = {FONT: Wrapper(FONT), FONT_BOLD: Wrapper(FONT_BOLD)}
        self.chunk_rows = FIRST_CHUNK  # adapted to how many rows fit a page
        self.max_lines = max(int(frame_height * MAX_CELL_SHARE / self.leading), 2)
        self._header(layout)

    def _header(self, layout: Layout) -> None:
        grid, self.head_cells = header_cells(layout)
        wrapper = self.wrappers[FONT_BOLD]
        self.head = [row[:] for row in grid]
        heights = [self.leading + V_PAD] * len(grid)
        tall = []
        for (c0, r0), (c1, r1) in self.head_cells:
            width = sum(self.widths[c0 : c1 + 1]) - 2 * PAD
            lines = wrapper.lines(glyph_safe(grid[r0][c0]), self.size, max(width, 4))
            self.head[r0][c0] = "\n".join(lines)
            need = len(lines) * self.leading + V_PAD
            if r0 == r1:
                heights[r0] = max(heights[r0], need)
            else:
                tall.append(need)
        if tall:  # a label spanning both rows may need the lower row taller
            heights[-1] = max(heights[-1], max(tall) - sum(heights[:-1]))
        self.head_heights = heights

    def cells(self, row: Mapping) -> tuple[list[str | tuple], bool, float]:
        """Cells for one row, each wrapped to its column (a tuple of lines when it wraps
        to several), and the row's height."""
        strong = bool(row.get("_destacar"))
        wrapper = self.wrappers[FONT_BOLD if strong else FONT]
        inner, wrapped = self.inner, self.wrapped
        out = []
        most = 1
        for i, column, key, plain, short in self.fields:
            value = row.get(key)
            kind = type(value)
            # plain ASCII text and integers need neither conversion nor glyph checks
            if kind is str and plain and value.isascii() and value.isprintable():
                text = value
            elif kind is int and plain:
                text = str(value)
            else:
                text = glyph_safe(cell_value(column, row))
            # short text cannot overflow (no glyph is wider than 1.1 em): skip measuring
            if len(text) > short or "\n" in text:
                found = wrapped.get((i, strong, text))
                if found is None:  # real inventories repeat names, places and descriptions
                    found = self._wrap(wrapper, text, inner[i])
                    if len(wrapped) > WRAP_CACHE:
                        wrapped.clear()
                    wrapped[i, strong, text] = found
                text, lines = found
                if lines > most:
                    most = lines
            out.append(text)
        return out, strong, most * self.leading + V_PAD

    def _wrap(self, wrapper: Wrapper, text: str, width: float) -> tuple[str | tuple, int]:
        lines = wrapper.lines(text, self.size, width)
        if len(lines) > self.max_lines:
            lines = lines[: self.max_lines - 3] + wrapper.lines(TRUNCATED, self.size, width)
        return (lines[0] if len(lines) == 1 else tuple(lines)), len(lines)


class RowStream(Flowable):
    """Pulls rows only as pages need them and hands platypus one page-sized block at a time."""

    def __init__(
        self,
        rows: Iterator[Mapping],
        builder: TableBuilder,
        on_row: Callable[[Mapping], None],
        *,
        force_head: bool = True,
        pending: list | None = None,
    ):
        super().__init__()
        self.rows = rows
        self.builder = builder
        self.on_row = on_row
        self.force_head = force_head
        self.pending = pending or []
        self.exhausted = False

    def _pull(self) -> list:
        while len(self.pending) < self.builder.chunk_rows and not self.exhausted:
            try:
                row = next(self.rows)
            except StopIteration:
                self.exhausted = True
                break
            self.on_row(row)
            self.pending.append(self.builder.cells(row))
        return self.pending

    def wrap(self, availWidth, availHeight):  # noqa: N803 - platypus signature
        if not self._pull():
            return availWidth, 0  # nothing (left) to print
        return availWidth, availHeight + 1  # always ask to be split: split lays out rows

    def split(self, availWidth, availHeight):  # noqa: N803 - platypus signature
        body = self._pull()
        if not body:
            return []
        frame = getattr(self, "_frame", None)
        # a header opens the table and every page; a block continuing mid-page has none
        with_head = self.force_head or bool(getattr(frame, "_atTop", False))
        room = availHeight - (sum(self.builder.head_heights) if with_head else 0)
        fitted = _fitting(body, room)
        # every pulled row fits: pull more first, so the page gets one block, not two
        while fitted == len(body) and not self.exhausted and len(body) < CHUNK_ROWS:
            self.builder.chunk_rows = min(len(body) * 2 + 8, CHUNK_ROWS)
            body = self._pull()
            fitted = _fitting(body, room)
        if not fitted:
            return []  # platypus moves us to the next page, where the header fits
        rest = body[fitted:]
        self.pending = []
        block = RowBlock(self.builder, body[:fitted], with_head)
        if rest:  # pull about a page plus a margin next time
            self.builder.chunk_rows = min(max(int(fitted * 1.15) + 2, 8), CHUNK_ROWS)
        elif self.exhausted:
            return [block]
        follow = RowStream(
            self.rows, self.builder, self.on_row, force_head=bool(rest), pending=rest
        )
        follow.exhausted = self.exhausted
        return [block, follow]

    def draw(self):
        pass  # only reached when there were no rows at all


def _fitting(body: list, room: float) -> int:
    """How many rows, from the first, fit in `room` points."""
    fitted, used = 0, 0.0
    for _, _, h in body:
        if used + h > room:
            break
        used += h
        fitted += 1
    return fitted


def stream(
    rows: Iterable[Mapping], builder: TableBuilder, on_row: Callable[[Mapping], None]
) -> RowStream:
    """The flowable that prints all rows, with the header on every page."""
    return RowStream(iter(rows), builder, on_row)


def header_only(builder: TableBuilder) -> RowBlock:
    """The column header alone (for an instrument with no rows)."""
    return RowBlock(builder, [], True)
