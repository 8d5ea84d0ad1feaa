"""Form-like blocks of instruments: header fields, sections, closing legend, signatures, QR."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from archivo.instruments.layout import Field, Layout, Section, Signature
from archivo.instruments.page import HEAD_BG, INK, RULE, Styles, glyph_safe
from archivo.instruments.values import display

SIGNATURES_PER_ROW = 4


def para(text, style) -> Paragraph:
    """A Paragraph of user text: escaped, so `<b>` and `&` print literally."""
    return Paragraph(escape(glyph_safe(display(text))).replace("\n", "<br/>"), style)


def _label_value(field: Field, data: Mapping, styles: Styles) -> list:
    return [para(field.label, styles.label), para(data.get(field.key), styles.body)]


def field_grid(
    fields: Sequence[Field], data: Mapping, styles: Styles, width: float, per_row: int
) -> Table | None:
    """Label/value pairs laid `per_row` across; `wide` fields take a whole line."""
    if not fields:
        return None
    rows, spans, current = [], [], []
    for field in fields:
        if field.wide:
            if current:
                rows.append(current)
                current = []
            spans.append(len(rows))
            rows.append(_label_value(field, data, styles) + [""] * (2 * per_row - 2))
            continue
        current += _label_value(field, data, styles)
        if len(current) == 2 * per_row:
            rows.append(current)
            current = []
    if current:
        rows.append(current + [""] * (2 * per_row - len(current)))
    label_w = min(width * 0.16, 45 * mm) if per_row > 1 else width * 0.3
    value_w = (width - label_w * per_row) / per_row
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
    ]
    style += [("SPAN", (1, r), (-1, r)) for r in spans]
    return Table(
        rows, colWidths=[label_w, value_w] * per_row, style=TableStyle(style), hAlign="LEFT"
    )


def section_block(
    section: Section, data: Mapping, styles: Styles, width: float, per_row: int
) -> KeepTogether:
    """A titled, boxed group of fields (e.g. "Valoración" of a ficha técnica)."""
    title = Table(
        [[para(section.title, styles.section)]],
        colWidths=[width],
        style=TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), HEAD_BG),
                ("LINEBELOW", (0, 0), (-1, -1), 0.8, INK),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        ),
    )
    grid = field_grid(section.fields, data, styles, width, per_row)
    return KeepTogether([title, grid, Spacer(1, 3 * mm)])


class Legend(Flowable):
    """The closing legend, filled when drawn: the rows above it are counted by then."""

    def __init__(self, make_text, style):
        super().__init__()
        self.make_text = make_text
        self.style = style
        self._para = None

    def _paragraph(self) -> Paragraph:
        if self._para is None:
            self._para = para(self.make_text(), self.style)
        return self._para

    def wrap(self, availWidth, availHeight):  # noqa: N803 - platypus signature
        return self._paragraph().wrap(availWidth, availHeight)

    def split(self, availWidth, availHeight):  # noqa: N803 - platypus signature
        return self._paragraph().split(availWidth, availHeight)

    def draw(self):
        self._paragraph().drawOn(self.canv, 0, 0)


def signature_blocks(
    signatures: Sequence[Signature], data: Mapping, styles: Styles, width: float
) -> Table | None:
    """Signature blocks side by side: role, room to sign, a line, name, cargo and label."""
    if not signatures:
        return None
    per_row = min(len(signatures), SIGNATURES_PER_ROW)
    gap = 10 * mm  # blank columns between blocks so each signer gets a separate line
    col = (width - gap * (per_row - 1)) / per_row
    widths = [w for i in range(per_row) for w in ([col] if i == 0 else [gap, col])]
    role_style = styles.label.clone("sig_role", alignment=1)
    rows, style = (
        [],
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ],
    )
    for start in range(0, len(signatures), per_row):
        chunk = list(signatures[start : start + per_row])
        r = len(rows)
        role_row, sign_row, name_row = [], [], []
        for i in range(per_row):
            if i:
                for row in (role_row, sign_row, name_row):
                    row.append("")
            s = chunk[i] if i < len(chunk) else None
            role_row.append(para(s.role, role_style) if s else "")
            sign_row.append("")
            name_row.append(_signer(s, data, styles) if s else "")
            if s:
                style.append(("LINEABOVE", (2 * i, r + 2), (2 * i, r + 2), 0.7, INK))
        rows += [role_row, sign_row, name_row]
    heights = [18 * mm if r % 3 == 1 else None for r in range(len(rows))]
    return Table(rows, colWidths=widths, rowHeights=heights, style=TableStyle(style))


def _signer(sig: Signature, data: Mapping, styles: Styles) -> Paragraph:
    parts = []
    for key in (sig.name_key, sig.cargo_key):
        value = display(data.get(key)) if key else ""
        if value:
            parts.append(escape(glyph_safe(value)))
    if sig.label:
        parts.append(f'<font size="{styles.size}">{escape(glyph_safe(sig.label))}</font>')
    style = styles.body.clone("sig", alignment=1)
    return Paragraph("<br/>".join(parts) or "&nbsp;", style)


def qr_code(url: str, size: float = 32 * mm) -> Drawing:
    """A QR code flowable pointing to the expediente's public lookup."""
    widget = QrCodeWidget(url, barLevel="M")
    x1, y1, x2, y2 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x2 - x1), 0, 0, size / (y2 - y1), 0, 0])
    drawing.add(widget)
    return drawing


def legal_basis(layout: Layout, styles: Styles) -> Paragraph | None:
    """The layout's fundamento legal, in small print."""
    if not layout.legal_basis:
        return None
    return Paragraph(
        f"<b>Fundamento legal:</b> {escape(glyph_safe(layout.legal_basis))}", styles.small
    )
