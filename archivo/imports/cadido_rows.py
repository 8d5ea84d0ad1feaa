"""Parse CGCA/CADIDO spreadsheet rows into validated `CatalogRow`s plus a report (no database)."""

import re
from dataclasses import dataclass, field

from archivo.catalog.enums import Acceso, Destino, TipoSeccion, ValorPrimario, ValorSecundario
from archivo.catalog.rules import clean_code, normalize_code, parent_code
from archivo.imports.cadido_checks import check_catalogue
from archivo.imports.headers import CADIDO_SPEC, Header
from archivo.imports.labels import (
    Label,
    Nivel,
    code_problem,
    depth_nivel,
    nivel_from_word,
    parse_nivel,
    split_label,
)
from archivo.imports.readers import Source, UnreadableFile, read_table
from archivo.imports.report import ImportReport
from archivo.imports.text import fold
from archivo.imports.values import (
    parse_acceso,
    parse_destino,
    parse_mark,
    parse_valores,
    parse_years,
)

_CODE_ONLY = re.compile(r"^[0-9A-Z.\s]+$")
_PRIMARIOS = {"valor_administrativo": ValorPrimario.ADMINISTRATIVO,
              "valor_legal": ValorPrimario.LEGAL,
              "valor_fiscal_contable": ValorPrimario.FISCAL_CONTABLE}
_SECUNDARIOS = {"valor_evidencial": ValorSecundario.EVIDENCIAL,
                "valor_testimonial": ValorSecundario.TESTIMONIAL,
                "valor_informativo": ValorSecundario.INFORMATIVO}
_BY_NAME = {v.value: v for v in [*_PRIMARIOS.values(), *_SECUNDARIOS.values()]}
_DESTINO_MARKS = {"destino_baja": Destino.BAJA, "destino_conservacion": Destino.CONSERVACION,
                  "destino_muestreo": Destino.MUESTREO}
_DESTINO_NOMBRE = {Destino.BAJA: "baja", Destino.CONSERVACION: "conservación",
                   Destino.MUESTREO: "muestreo"}
_ACCESO_MARKS = {"acceso_publica": Acceso.PUBLICA, "acceso_reservada": Acceso.RESERVADA,
                 "acceso_confidencial": Acceso.CONFIDENCIAL}
_RESTRICTIVENESS = [Acceso.PUBLICA, Acceso.RESERVADA, Acceso.CONFIDENCIAL]
VALOR_KEYS = ("valores", *_PRIMARIOS, *_SECUNDARIOS)
PLAZO_KEYS = ("plazo_tramite", "plazo_concentracion", "plazo_total")
DESTINO_KEYS = ("destino", *_DESTINO_MARKS)
ACCESO_KEYS = ("acceso", *_ACCESO_MARKS)
# A file with none of these columns is a CGCA alone: the classification, no rules.
RULE_KEYS = (*VALOR_KEYS, *PLAZO_KEYS, *DESTINO_KEYS)
_LABEL_COLUMNS = (("subserie", Nivel.SUBSERIE), ("serie", Nivel.SERIE),
                  ("seccion", Nivel.SECCION), ("etiqueta", None))


@dataclass(slots=True)
class CatalogRow:
    """One sección, serie or subserie ready to upsert; rule fields None when not in the file."""

    row: int
    nivel: Nivel
    codigo: str  # as entered (spaces removed, upper-case): displayed
    codigo_norm: str  # `4C.3.1`: compared and used as the upsert key
    nombre: str
    parent: str | None  # normalised code of the parent level; None for a sección
    descripcion: str | None = None
    tipo_seccion: TipoSeccion | None = None  # secciones only, from the C/S suffix
    areas: str | None = None
    valores_primarios: frozenset[ValorPrimario] | None = None
    valores_secundarios: frozenset[ValorSecundario] | None = None
    plazo_tramite: int | None = None  # years
    plazo_concentracion: int | None = None  # years
    destino: Destino | None = None
    criterio_muestreo: str | None = None
    acceso: Acceso | None = None
    acceso_parcial: bool = False  # several classes marked: `acceso` is the strictest
    fundamento: str | None = None
    observaciones: str | None = None
    # The row's cells as read, for the rejects CSV when a database check rejects it.
    cells: list | None = field(default=None, repr=False, compare=False)

    @property
    def has_rules(self) -> bool:
        """True when plazos and destino are all known (a complete CADIDO rule)."""
        return None not in (self.plazo_tramite, self.plazo_concentracion, self.destino)


@dataclass
class CadidoResult:
    """Valid rows (errors excluded), the report, and whether the file carried CADIDO rules."""

    rows: list[CatalogRow]
    report: ImportReport
    has_rules_columns: bool = False


class _Sheet:
    """Column lookups for one file, and the report its findings go to."""

    def __init__(self, header: Header, report: ImportReport):
        self.header, self.report = header, report
        self.index = {key: cols[0] for key, cols in header.keys.items()}

    def get(self, cells: list, key: str) -> str | None:
        i = self.index.get(key)
        return cells[i] if i is not None and i < len(cells) else None

    def all(self, cells: list, key: str) -> list[tuple[int, str | None]]:
        return [(i, cells[i] if i < len(cells) else None) for i in self.header.keys.get(key, ())]

    def label(self, key: str, i: int | None = None) -> str:
        return self.header.labels[self.index[key] if i is None else i]

    def has(self, *keys: str) -> bool:
        return self.header.has_any(keys)


def _marks(sheet: _Sheet, cells, n, table: dict, report: ImportReport) -> list:
    """Members whose mark columns are set ('X', '1', 'Sí'...); bad marks are errors."""
    found = []
    for key, member in table.items():
        for i, text in sheet.all(cells, key):
            mark = parse_mark(text)
            if mark is None and fold(text) == fold(sheet.label(key, i).rsplit(" / ", 1)[-1]):
                mark = True  # the column's own letter written as the mark ('M' under M)
            if mark is None:
                report.error("marca_invalida", f"«{text}» no es una marca válida",
                             row=n, column=sheet.label(key, i), value=text,
                             suggestion="Escriba X (sí) o deje la celda vacía (no)", cells=cells)
            elif mark and member not in found:
                found.append(member)
    return found


def _valores(sheet, cells, n, report, row: CatalogRow) -> None:
    names = [m.value for m in _marks(sheet, cells, n, {**_PRIMARIOS, **_SECUNDARIOS}, report)]
    text = sheet.get(cells, "valores")
    if text:
        parsed = parse_valores(text)
        if parsed is None:
            report.error("valores_invalidos", f"No se reconocen los valores «{text}»",
                         row=n, column=sheet.label("valores"), value=text,
                         suggestion="Use A, L y F/C separados por comas", cells=cells)
        names += parsed or []
    members = {_BY_NAME[name] for name in names}
    row.valores_primarios = frozenset(m for m in members if isinstance(m, ValorPrimario))
    row.valores_secundarios = frozenset(m for m in members if isinstance(m, ValorSecundario))


def _plazos(sheet, cells, n, report, row: CatalogRow) -> None:
    years = {}
    for key in PLAZO_KEYS:
        text = sheet.get(cells, key)
        if not text:
            continue
        parsed = parse_years(text)
        if isinstance(parsed, str):
            report.error("plazo_invalido", f"El plazo «{text}» {parsed}", row=n,
                         column=sheet.label(key), value=text,
                         suggestion="Escriba los años como número entero entre 0 y 100",
                         cells=cells)
        else:
            years[key] = parsed
    row.plazo_tramite = years.get("plazo_tramite")
    row.plazo_concentracion = years.get("plazo_concentracion")
    total = years.get("plazo_total")
    if total is not None and row.plazo_tramite is not None and row.plazo_concentracion is not None:
        expected = row.plazo_tramite + row.plazo_concentracion
        if total != expected:
            report.warning("plazo_total", f"El total ({total}) no es la suma de AT y AC",
                           row=n, column=sheet.label("plazo_total"), value=str(total),
                           suggestion=str(expected))


def _destino(sheet, cells, n, report, row: CatalogRow) -> None:
    found = _marks(sheet, cells, n, _DESTINO_MARKS, report)
    text = sheet.get(cells, "destino")
    if text:
        parsed = parse_destino(text)
        if parsed is None:
            report.error("destino_invalido", f"No se reconoce el destino «{text}»", row=n,
                         column=sheet.label("destino"), value=text,
                         suggestion="Baja (B), Conservación (C) o Muestreo (M)", cells=cells)
        found += [d for d in parsed or () if d not in found]
    if len(found) > 1:
        names = ", ".join(_DESTINO_NOMBRE[d] for d in found)
        report.error("destino_ambiguo", f"Se marcó más de un destino final ({names})", row=n,
                     column="Destino final", value=names,
                     suggestion="Marque solo uno: baja, conservación o muestreo", cells=cells)
    elif found:
        row.destino = found[0]
    row.criterio_muestreo = sheet.get(cells, "criterio_muestreo")
    if row.destino is Destino.MUESTREO and not row.criterio_muestreo:
        report.warning("muestreo_sin_criterio",
                       f"La {row.nivel.value} «{row.codigo}» va a muestreo sin criterio",
                       row=n, column="Criterio de muestreo",
                       suggestion="Describa el criterio de muestreo (p. ej. 10 % aleatorio)")


def _acceso(sheet, cells, n, report, row: CatalogRow) -> None:
    found = _marks(sheet, cells, n, _ACCESO_MARKS, report)
    text = sheet.get(cells, "acceso")
    if text:
        parsed = parse_acceso(text)
        if parsed is None:
            report.error("acceso_invalido", f"No se reconoce la clasificación «{text}»", row=n,
                         column=sheet.label("acceso"), value=text,
                         suggestion="Pública (P), Reservada (R) o Confidencial (C)", cells=cells)
        found += [a for a in parsed or () if a not in found]
    if found:
        row.acceso = max(found, key=_RESTRICTIVENESS.index)
        row.acceso_parcial = len(found) > 1
        if row.acceso_parcial:
            report.info("acceso_parcial", "Varias clasificaciones marcadas: acceso parcial, "
                        f"se toma la más restrictiva ({row.acceso.value})", row=n,
                        column="Acceso", value=", ".join(a.value for a in found))


def _identify(sheet: _Sheet, cells, n, report) -> tuple[str, Nivel | None, str | None] | None:
    """(code, nivel hint, name) of a row; None when the row has no code (reported)."""
    code_text, name_text = sheet.get(cells, "codigo"), sheet.get(cells, "nombre")
    label_text = label_nivel = None
    for key, nivel in _LABEL_COLUMNS:  # hierarchical layouts: the deepest filled column
        if label_text := sheet.get(cells, key):
            label_nivel = nivel
            break
    source = code_text or label_text or name_text
    if code_text and _CODE_ONLY.match(code_text):
        label = Label(None, clean_code(code_text), None)  # '4C.3.1.9' is a bad code, not glued
    else:
        label = split_label(source)
    if label.nivel_word == "fondo":
        report.info("fila_fondo", "Fila del fondo: se omite", row=n, value=source)
        return None
    hint = (parse_nivel(sheet.get(cells, "nivel")) or label_nivel
            or nivel_from_word(label.nivel_word))
    if label.code is None:
        if code_text:
            report.error("codigo_invalido", f"«{code_text}» no es una clave de clasificación",
                         row=n, column=sheet.label("codigo"), value=code_text,
                         suggestion="Use claves como 4C, 4C.3 o 4C.3.1", cells=cells)
        elif any(text for key in RULE_KEYS for _, text in sheet.all(cells, key)):
            report.error("falta_clave", "La fila tiene reglas pero no clave de clasificación",
                         row=n, value=source, cells=cells)
        else:
            report.info("fila_sin_clave", "Fila sin clave (parece un título): se omite",
                        row=n, value=source)
        return None
    if source is name_text:
        name = label.name  # the name column itself held 'código nombre'
    else:
        # 'Código | Serie' layouts keep the name in the label column.
        beside = split_label(label_text).name if label_text and source is code_text else None
        name = name_text or label.name or beside
    return label.code, hint, name


def _parse_row(sheet: _Sheet, cells, n, report, with_rules: bool) -> CatalogRow | None:
    identified = _identify(sheet, cells, n, report)
    if identified is None:
        return None
    code, hint, name = identified
    column = sheet.label("codigo") if sheet.has("codigo") else None
    problem = code_problem(code)
    if problem:
        kind, text, suggestion = problem
        report.error(kind, text, row=n, column=column, value=code, suggestion=suggestion,
                     cells=cells)
        return None
    nivel = depth_nivel(code)
    if hint and hint is not nivel:
        report.error("nivel_incoherente",
                     f"La clave «{code}» es de {nivel.value} pero la fila dice {hint.value}",
                     row=n, column=column, value=code,
                     suggestion="Revise la clave o el nivel", cells=cells)
        return None
    if not name:
        report.error("falta_nombre", f"La {nivel.value} «{code}» no tiene nombre", row=n,
                     column=sheet.label("nombre") if sheet.has("nombre") else column,
                     value=code, cells=cells)
        return None
    norm = normalize_code(code)
    row = CatalogRow(n, nivel, code, norm, name, parent_code(code),
                     descripcion=sheet.get(cells, "descripcion"),
                     areas=sheet.get(cells, "areas"),
                     fundamento=sheet.get(cells, "fundamento"),
                     observaciones=sheet.get(cells, "observaciones"))
    if nivel is Nivel.SECCION:
        suffix = norm[-1:]
        row.tipo_seccion = {"C": TipoSeccion.COMUN, "S": TipoSeccion.SUSTANTIVA}.get(suffix)
    if with_rules and nivel is not Nivel.SECCION:  # secciones carry no CADIDO rules
        if sheet.has(*VALOR_KEYS):
            _valores(sheet, cells, n, report, row)
        _plazos(sheet, cells, n, report, row)
        _destino(sheet, cells, n, report, row)
    if sheet.has(*ACCESO_KEYS):
        _acceso(sheet, cells, n, report, row)
    return row


def parse_cadido(source: Source, *, filename: str | None = None) -> CadidoResult:
    """Read a CGCA or CADIDO file and return its valid rows and the full report."""
    report = ImportReport("cadido")
    try:
        table = read_table(source, CADIDO_SPEC, filename=filename)
    except UnreadableFile as exc:
        report.error("archivo_ilegible", str(exc))
        return CadidoResult([], report)
    header = table.header
    report.columns = header.labels
    report.source = {"format": table.info.format, "encoding": table.info.encoding,
                     "delimiter": table.info.delimiter, "sheet": table.info.sheet,
                     "header_rows": list(header.rows)}
    for _, label in header.unknown:
        report.info("columna_desconocida", f"La columna «{label}» no se reconoce: se ignora",
                    column=label)
    sheet = _Sheet(header, report)
    with_rules = header.has_any(RULE_KEYS)
    rows: list[CatalogRow] = []
    cells_by_row: dict[int, list] = {}
    try:
        for n, cells in table.rows:
            if not any(cells):
                continue
            report.rows_read += 1
            row = _parse_row(sheet, cells, n, report, with_rules)
            if row is not None:
                row.cells = cells
                rows.append(row)
                cells_by_row[n] = cells
    except UnreadableFile as exc:
        report.error("archivo_ilegible", str(exc))
    check_catalogue(rows, report, with_rules, cells_by_row)
    rejected = report.error_rows
    valid = [r for r in rows if r.row not in rejected]
    report.rows_valid = len(valid)
    return CadidoResult(valid, report, with_rules)
