"""Page setup for instruments: page size, the chrome on every page and "Página X de Y"."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from reportlab.lib.pagesizes import A4, LEGAL, LETTER, landscape, portrait
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from archivo.instruments.layout import Layout
from archivo.instruments.styles import FONT, FONT_BOLD, INK, RULE, glyph_safe

# Explicit re-exports: renderers and tests imported these from here before styles.py existed.
from archivo.instruments.styles import HEAD_BG as HEAD_BG
from archivo.instruments.styles import HIGHLIGHT_BG as HIGHLIGHT_BG
from archivo.instruments.styles import Styles as Styles
from archivo.instruments.styles import make_styles as make_styles
from archivo.instruments.styles import register_fonts as register_fonts

log = logging.getLogger(__name__)

PAGE_SIZES = {"letter": LETTER, "legal": LEGAL, "a4": A4, "oficio": (216 * mm, 340 * mm)}
MARGIN = 12 * mm
TOP_BAND = 20 * mm  # fondo, title and date above the frame
BOTTOM_BAND = 11 * mm  # verification code and page number below it
_TOTAL_FORM = "paginas_total"
_CODE_FORM = "codigo_verificacion"
_CHROME_FORM = "cromo"


def page_size(layout: Layout) -> tuple[float, float]:
    """Page size in points with the layout's orientation applied."""
    size = PAGE_SIZES[layout.page_size]
    return landscape(size) if layout.orientation == "landscape" else portrait(size)


class CountingCanvas(Canvas):
    """Canvas that writes the page total once, at save, into a form every footer reuses.

    Drawing the total as a form XObject keeps the build single-pass and keeps no page
    in memory (the usual NumberedCanvas stores every page's state until the end).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pages = 0
        self.total_font = (FONT, 6.5)
        # a verification code known only once every row was read (see Chrome)
        self.late_code: Callable[[], str] | None = None
        # forms drawn once at save and referenced by every page (the unchanging chrome)
        self.late_forms: dict[str, Callable[[Canvas], None]] = {}

    def showPage(self):  # noqa: N802 - reportlab's name
        self.pages += 1
        super().showPage()

    def save(self):
        self.beginForm(_TOTAL_FORM)
        self.setFont(*self.total_font)
        self.setFillColor(INK)
        self.drawString(0, 0, str(self.pages))
        self.endForm()
        if self.late_code is not None:
            self.beginForm(_CODE_FORM)
            self.setFont(*self.total_font)
            self.setFillColor(INK)
            self.drawString(0, 0, self.late_code())
            self.endForm()
        for name, draw in self.late_forms.items():
            self.beginForm(name)
            draw(self)
            self.endForm()
        super().save()


@dataclass(frozen=True)
class Chrome:
    """What every page prints around the frame."""

    fondo: str
    logo_path: str | None
    title: str
    generated_at: datetime
    # a string, or a callable answering once the document is complete: the code derives
    # from the rows, which stream through the build once, so footers reference a form
    # filled in at save (like the page total)
    verification_code: str | Callable[[], str]
    verify_url: str


class InstrumentDoc(BaseDocTemplate):
    """Letter/legal page with the instrument's chrome drawn on every page."""

    def __init__(self, buffer, layout: Layout, chrome: Chrome):
        self.chrome = chrome
        self.logo = _load_logo(chrome.logo_path)
        width, height = page_size(layout)
        super().__init__(
            buffer,
            pagesize=(width, height),
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN + TOP_BAND,
            bottomMargin=MARGIN + BOTTOM_BAND,
            title=layout.title,
            author=chrome.fondo,
            creator="archivo",
            invariant=1,
        )
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="cuerpo",
        )
        self.addPageTemplates([PageTemplate(id="pagina", frames=[frame], onPage=self.draw_chrome)])

    def draw_chrome(self, canv: Canvas, doc) -> None:
        """Header band (logo, fondo, title, date) and footer (code, URL, page X of Y).

        All but the page number and a late code are the same on every page, so they are
        drawn once, as a form each page references: a 3,000-page inventory would otherwise
        re-encode the same strings 24,000 times.
        """
        width, _ = self.pagesize
        right = width - MARGIN
        base = MARGIN + 2 * mm
        canv.saveState()
        canv.late_forms.setdefault(_CHROME_FORM, self._draw_static_chrome)
        canv.doForm(_CHROME_FORM)
        canv.setFillColor(INK)
        canv.setFont(FONT, 6.5)
        code = self.chrome.verification_code
        if callable(code):  # known at save: printed from a form filled in then
            canv.late_code = code
            canv.saveState()
            canv.translate(MARGIN + pdfmetrics.stringWidth(_CODE_LABEL, FONT, 6.5), base)
            canv.doForm(_CODE_FORM)
            canv.restoreState()
        reserve = pdfmetrics.stringWidth("00000", FONT, 6.5)
        canv.drawRightString(right - reserve, base, f"Página {doc.page} de ")
        canv.translate(right - reserve, base)
        canv.doForm(_TOTAL_FORM)
        canv.restoreState()

    def _draw_static_chrome(self, canv: Canvas) -> None:
        c = self.chrome
        fondo, title = glyph_safe(c.fondo), glyph_safe(c.title)
        width, height = self.pagesize
        left, right = MARGIN, width - MARGIN
        top = height - MARGIN
        text_left = left
        if self.logo is not None:
            iw, ih = self.logo.getSize()
            box = TOP_BAND - 4 * mm
            scale = min(box / ih, 30 * mm / iw)
            canv.drawImage(self.logo, left, top - ih * scale, iw * scale, ih * scale, mask="auto")
            text_left = left + iw * scale + 4 * mm
        canv.setFillColor(INK)
        canv.setFont(FONT_BOLD, 10)
        canv.drawString(text_left, top - 9, _fit(fondo, FONT_BOLD, 10, right - text_left - 60 * mm))
        canv.setFont(FONT_BOLD, 12)
        canv.drawString(
            text_left, top - 24, _fit(title, FONT_BOLD, 12, right - text_left - 60 * mm)
        )
        canv.setFont(FONT, 7.5)
        canv.drawRightString(right, top - 9, f"Fecha de elaboración: {c.generated_at:%d/%m/%Y}")
        canv.drawRightString(right, top - 19, f"Generado: {c.generated_at:%d/%m/%Y %H:%M}")
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.8)
        canv.line(left, top - TOP_BAND + 5 * mm, right, top - TOP_BAND + 5 * mm)
        # footer, but for the page number (and a code known only at save)
        base = MARGIN + 2 * mm
        canv.setLineWidth(0.4)
        canv.line(left, base + 8, right, base + 8)
        canv.setFont(FONT, 6.5)
        code = c.verification_code
        room = right - left - 35 * mm
        canv.drawString(left, base, _CODE_LABEL)
        x = left + pdfmetrics.stringWidth(_CODE_LABEL, FONT, 6.5)
        if callable(code):  # reserve the widest code's room
            x += pdfmetrics.stringWidth("WWWW-WWWW-WWWW", FONT, 6.5)
        else:
            canv.drawString(x, base, code)
            x += pdfmetrics.stringWidth(code, FONT, 6.5)
        rest = f"   ·   Verifique su autenticidad en {c.verify_url}"
        canv.drawString(x, base, _fit(rest, FONT, 6.5, max(left + room - x, 0)))


_CODE_LABEL = "Código de verificación: "


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Shorten a one-line chrome text with an ellipsis so it never runs into the margin."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[: max(len(text) - max(len(text) // 10, 1), 0)]
    return text + "…"


def _load_logo(path: str | Path | None) -> ImageReader | None:
    """Read the fondo's logo; a missing or broken file prints no logo rather than no PDF."""
    if not path:
        return None
    if not Path(path).is_file():  # local files only: reportlab would fetch URLs
        log.warning("logo del fondo no encontrado: %s", path)
        return None
    try:
        reader = ImageReader(str(path))
        reader.getSize()
        return reader
    except Exception:  # noqa: BLE001 - any decoder error means "no logo", logged below
        log.warning("logo del fondo ilegible: %s", path, exc_info=True)
        return None
