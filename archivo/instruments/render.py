"""Render an instrument (layout + data) to PDF bytes: pure, no database and no Flask."""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from archivo.instruments import forms, tables
from archivo.instruments.layout import Layout
from archivo.instruments.page import Chrome, CountingCanvas, InstrumentDoc, glyph_safe, make_styles
from archivo.instruments.values import Totals, closing_figures, fill_legend

NO_ROWS = "Sin registros para los criterios seleccionados."


def render_pdf(
    layout: Layout,
    header: Mapping,
    rows: Iterable[Mapping],
    closing: Mapping | None,
    *,
    fondo: Mapping,
    verification_code: str | Callable[[], str],
    verify_url: str,
    generated_at: datetime,
    public_url: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> bytes:
    """Render one instrument to PDF bytes; rows are consumed once, lazily, page by page.

    `header` feeds the header block, form sections and signer names; `closing` supplies
    figures the rows cannot (e.g. `peso_kg`) and overrides computed ones; `fondo` is
    `{"nombre": ..., "logo_path": ... | None}`; `public_url` is the QR target of layouts
    with `qr = true` (carátula); `progress(n)` is called as rows are laid out;
    `verification_code` may be a callable, asked once all rows were consumed.
    """
    buffer = io.BytesIO()
    chrome = Chrome(
        fondo=str(fondo.get("nombre") or ""),
        logo_path=fondo.get("logo_path"),
        title=layout.title,
        generated_at=generated_at,
        verification_code=verification_code,
        verify_url=verify_url,
    )
    doc = InstrumentDoc(buffer, layout, chrome)
    styles = make_styles(layout.font_size)
    header = dict(header or {})
    closing = dict(closing or {})
    totals = Totals(layout)
    story = _opening(layout, header, styles, doc.width, public_url)
    if layout.columns:
        story += _table(layout, rows, styles, doc, totals, progress)
    story += _closing(layout, {**header, **closing}, closing, totals, styles, doc.width)
    doc.build(story, canvasmaker=CountingCanvas)
    return buffer.getvalue()


def _opening(layout: Layout, header: dict, styles, width: float, public_url: str | None) -> list:
    """Header fields (with the QR beside them when the layout asks) and form sections."""
    story: list = []
    per_row = 3 if layout.orientation == "landscape" else 2
    qr = forms.qr_code(public_url) if layout.qr and public_url else None
    grid_width = width - (38 * mm if qr else 0)
    grid = forms.field_grid(layout.header, header, styles, grid_width, per_row if not qr else 1)
    if qr is not None:
        caption = Paragraph("Consulta pública", styles.small)
        block = Table(
            [[grid or "", [qr, caption]]],
            colWidths=[grid_width, 38 * mm],
            style=TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("ALIGN", (1, 0), (1, 0), "CENTER"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ]
            ),
        )
        story.append(block)
    elif grid is not None:
        story.append(grid)
    if story:
        story.append(Spacer(1, 4 * mm))
    for section in layout.sections:
        story.append(forms.section_block(section, header, styles, width, min(per_row, 2)))
    return story


def _table(
    layout: Layout,
    rows: Iterable[Mapping],
    styles,
    doc,
    totals: Totals,
    progress: Callable[[int], None] | None,
) -> list:
    """The streamed table, or its header with a "no rows" line when there are none."""
    story: list = []
    if layout.table_title:
        story.append(Paragraph(escape(glyph_safe(layout.table_title)), styles.section))
    widths = tables.column_widths(layout, doc.width)
    builder = tables.TableBuilder(layout, styles, widths, doc.height)
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        story += [tables.header_only(builder), Paragraph(NO_ROWS, styles.body)]
        return story
    counter = itertools.count(1)

    def on_row(row: Mapping) -> None:
        totals.add(row)
        n = next(counter)
        if progress is not None and n % 500 == 0:
            progress(n)

    story.append(tables.stream(itertools.chain([first], iterator), builder, on_row))
    return story


def _closing(
    layout: Layout, data: dict, closing: dict, totals: Totals, styles, width: float
) -> list:
    """Closing legend (figures computed by now), legal basis and signature blocks."""
    block: list = [Spacer(1, 4 * mm)]
    if layout.closing and layout.closing.legend:
        template = layout.closing.legend
        block.append(
            forms.Legend(lambda: fill_legend(template, closing_figures(totals, data)), styles.body)
        )
        block.append(Spacer(1, 3 * mm))
    basis = forms.legal_basis(layout, styles)
    if basis is not None:
        block += [basis, Spacer(1, 3 * mm)]
    signatures = forms.signature_blocks(layout.signatures, data, styles, width)
    if signatures is not None:
        block += [Spacer(1, 4 * mm), signatures]
    # legend and signatures stay on one page: a signature alone on a last page is void
    return [KeepTogether(block)] if len(block) > 1 else []
