"""Shared helpers for instrument tests: render with demo data and extract text with pypdf."""

from __future__ import annotations

import io

from pypdf import PdfReader

from archivo.instruments import samples
from archivo.instruments.layout import Layout
from archivo.instruments.render import render_pdf

CODE = "K7QM-2XHD-9RTA"
PUBLIC_URL = "https://archivo.ieen.mx/consulta/expedientes/123"


def render(layout: Layout, header: dict, rows, closing: dict | None = None, **kw) -> bytes:
    """render_pdf with the demo fondo, a fixed code and date."""
    return render_pdf(
        layout,
        header,
        rows,
        closing,
        fondo=kw.pop("fondo", samples.FONDO),
        verification_code=CODE,
        verify_url=samples.VERIFY_URL,
        generated_at=samples.GENERATED_AT,
        public_url=PUBLIC_URL,
        **kw,
    )


def pages_text(pdf: bytes) -> list[str]:
    """Extracted text of every page."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def compact(text: str) -> str:
    """Text without any whitespace: wrapping inside cells moves line breaks, not letters."""
    return "".join(str(text).split())
