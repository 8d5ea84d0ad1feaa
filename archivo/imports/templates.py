"""Downloadable import templates (XLSX, CSV) and the documented header mapping."""

import csv
import io

from archivo.imports.columns import HEADER_SYNONYMS

# Canonical header -> (key, what to write). Every header here is also a listed synonym,
# so a filled-in template always imports without a single "unknown column" note.
TEMPLATE_COLUMNS: dict[str, list[tuple[str, str, str]]] = {
    "cadido": [
        ("Nivel", "nivel", "Sección, Serie o Subserie (opcional: se deduce de la clave)"),
        ("Código", "codigo", "Clave de clasificación: 4C, 4C.3, 4C.3.1 (o 04C.03.01)"),
        ("Nombre", "nombre", "Nombre de la sección, serie o subserie"),
        ("Descripción", "descripcion", "Texto libre"),
        ("Valor administrativo", "valor_administrativo", "X si aplica; vacío si no"),
        ("Valor legal", "valor_legal", "X si aplica; vacío si no"),
        ("Valor fiscal/contable", "valor_fiscal_contable", "X si aplica; vacío si no"),
        ("Valor evidencial", "valor_evidencial", "X si aplica; vacío si no"),
        ("Valor testimonial", "valor_testimonial", "X si aplica; vacío si no"),
        ("Valor informativo", "valor_informativo", "X si aplica; vacío si no"),
        ("Plazo en trámite (años)", "plazo_tramite", "Años enteros, 0 a 100"),
        ("Plazo en concentración (años)", "plazo_concentracion", "Años enteros, 0 a 100"),
        ("Destino final", "destino", "Baja (B), Conservación (C) o Muestreo (M)"),
        ("Criterio de muestreo", "criterio_muestreo", "Obligatorio si el destino es muestreo"),
        ("Acceso", "acceso", "Pública (P), Reservada (R) o Confidencial (C)"),
        ("Fundamento legal", "fundamento", "Texto libre"),
        ("Observaciones", "observaciones", "Texto libre"),
    ],
    "expedientes": [
        ("Clave", "clave", "Clave del expediente; vacía para generarla automáticamente"),
        ("Serie", "serie", "Clave de la serie o subserie: 4C.3 o 4C.3.1"),
        ("Título", "titulo", "Título o asunto del expediente"),
        ("Descripción", "descripcion", "Texto libre"),
        ("Unidad", "unidad", "Clave o nombre de la unidad administrativa productora"),
        ("Fecha de apertura", "fecha_apertura", "dd/mm/aaaa, aaaa-mm-dd, Abril/2008 o 2008"),
        ("Fecha de cierre", "fecha_cierre", "Igual que la apertura; vacía si sigue abierto"),
        ("Fojas", "fojas", "Número entero"),
        ("Legajos", "legajos", "Número entero"),
        ("Caja", "caja", "Número o clave de la caja"),
        ("Ubicación", "ubicacion", "Edificio, estante, anaquel..."),
        ("Acceso", "acceso", "Pública (P), Reservada (R) o Confidencial (C)"),
        ("Etapa", "etapa", "Trámite (AT), Concentración (AC) o Histórico (AH)"),
        ("Soporte", "soporte", "Papel, Electrónico o Híbrido"),
        ("Palabras clave", "palabras_clave", "Separadas por punto y coma"),
        ("Observaciones", "observaciones", "Texto libre"),
    ],
}


def template_headers(kind: str) -> list[str]:
    """Canonical header row of a template ('cadido' or 'expedientes')."""
    return [header for header, _, _ in TEMPLATE_COLUMNS[kind]]


def template_csv(kind: str) -> bytes:
    """Header-only CSV template, UTF-8 with BOM so Excel shows the accents."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(template_headers(kind))
    return out.getvalue().encode("utf-8-sig")


def template_xlsx(kind: str) -> bytes:
    """XLSX template: a 'Plantilla' sheet to fill and an 'Instrucciones' sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Plantilla"
    sheet.append(template_headers(kind))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for letter_cell in sheet[1]:
        width = max(12, len(str(letter_cell.value)) + 2)
        sheet.column_dimensions[letter_cell.column_letter].width = width
    help_sheet = book.create_sheet("Instrucciones")
    help_sheet.append(["Columna", "Qué escribir", "También se reconoce como"])
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    for header, key, meaning in TEMPLATE_COLUMNS[kind]:
        help_sheet.append([header, meaning, ", ".join(HEADER_SYNONYMS[kind].get(key, ()))])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def synonyms_markdown(kind: str) -> str:
    """The header mapping as a Markdown table, for the README and the help page."""
    lines = ["| Columna (clave interna) | Encabezados reconocidos |", "|---|---|"]
    for key, synonyms in HEADER_SYNONYMS[kind].items():
        lines.append(f"| `{key}` | {', '.join(synonyms)} |")
    return "\n".join(lines)
