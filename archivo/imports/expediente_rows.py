"""Parse an inventario spreadsheet into validated `ExpedienteRow`s, streamed, plus a report."""

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from archivo.catalog.enums import Acceso
from archivo.catalog.rules import clean_code, code_depth, is_valid_code, normalize_code
from archivo.imports.dates import Bound, ParsedDate, parse_date, split_range
from archivo.imports.headers import EXPEDIENTE_SPEC
from archivo.imports.labels import code_problem, split_label
from archivo.imports.readers import Source, UnreadableFile, read_table
from archivo.imports.report import ImportReport
from archivo.imports.values import (
    parse_acceso,
    parse_count,
    parse_etapa,
    parse_mark,
    parse_soporte,
)
from archivo.records.enums import Etapa, Soporte

_STRICTNESS = [Acceso.PUBLICA, Acceso.RESERVADA, Acceso.CONFIDENCIAL]
_ACCESO_MARKS = (("acceso_publica", Acceso.PUBLICA), ("acceso_reservada", Acceso.RESERVADA),
                 ("acceso_confidencial", Acceso.CONFIDENCIAL))
_KEYWORDS = re.compile(r"\s*[;,|]\s*")
_DATE_CACHE_LIMIT = 50_000  # distinct texts remembered per file (inventories repeat)
_FIELDS = ("clave", "serie", "titulo", "descripcion", "unidad", "fecha_apertura",
           "fecha_cierre", "fechas_extremas", "fojas", "legajos", "caja", "ubicacion",
           "acceso", "etapa", "soporte", "palabras_clave", "observaciones")


@dataclass(slots=True)
class ExpedienteRow:
    """One expediente ready to upsert (by `clave`, or a generated key when it is None)."""

    row: int
    clave: str | None
    serie: str  # serie/subserie code as entered (cleaned)
    serie_norm: str  # normalised code used to find the serie
    titulo: str
    descripcion: str | None = None
    unidad: str | None = None  # clave or name of the unidad administrativa, as entered
    fecha_apertura: dt.date | None = None
    fecha_cierre: dt.date | None = None
    fojas: int | None = None
    legajos: int | None = None
    caja: str | None = None
    ubicacion: str | None = None
    acceso: Acceso | None = None
    acceso_parcial: bool = False
    etapa: Etapa | None = None
    soporte: Soporte | None = None
    palabras_clave: tuple[str, ...] = ()
    observaciones: str | None = None
    # The row's cells as read, for the rejects CSV when a database check rejects it.
    cells: list | None = field(default=None, repr=False, compare=False)


@dataclass
class ExpedientesResult:
    """All valid rows in memory (small files and tests; the service should stream)."""

    rows: list[ExpedienteRow] = field(default_factory=list)
    report: ImportReport = field(default_factory=lambda: ImportReport("expedientes"))


class _Parser:
    """Per-file state: column positions, seen claves, the date cache, the report."""

    def __init__(self, header, report: ImportReport, today: dt.date):
        self.report, self.today, self.labels = report, today, header.labels
        self.col = {key: cols[0] for key, cols in header.keys.items()}
        self.width = len(header.labels)
        # Every row is padded with one trailing None, so a missing column reads index -1.
        self.i = {key: self.col.get(key, -1) for key in _FIELDS}
        has = self.col.__contains__
        self.key_open = "fecha_apertura" if has("fecha_apertura") else "fechas_extremas"
        self.key_close = "fecha_cierre" if has("fecha_cierre") else "fechas_extremas"
        self.acceso_marks = [(header.keys[k][0], a) for k, a in _ACCESO_MARKS if k in header.keys]
        self.seen: dict[str, int] = {}
        self.dates: dict[tuple[str, str], ParsedDate] = {}
        # Inventories repeat the same series, units and words row after row.
        self.series: dict[str, tuple[str, str] | None] = {}
        self.enums: dict[tuple[str, str], object] = {}

    def _err(self, kind, problem, n, key, value, cells, suggestion=None):
        column = self.labels[self.col[key]] if key in self.col else key
        self.report.error(kind, problem, row=n, column=column, value=value,
                          suggestion=suggestion, cells=cells[: self.width])

    def _date(self, text: str | None, bound: Bound, key: str, n: int, cells) -> dt.date | None:
        if text is None:
            return None
        parsed = self.dates.get((text, bound))
        if parsed is None:
            parsed = parse_date(text, bound, self.today)
            if len(self.dates) < _DATE_CACHE_LIMIT:
                self.dates[(text, bound)] = parsed
        if parsed.value is None:
            self._err(parsed.kind, parsed.problem, n, key, text, cells, parsed.suggestion)
            return None
        if parsed.note:
            column = self.labels[self.col[key]] if key in self.col else key
            self.report.info("fecha_serial_excel", parsed.note, row=n, column=column, value=text)
        if parsed.value > self.today:
            self._err("fecha_futura", f"La fecha «{text}» es posterior a hoy", n, key, text,
                      cells, "Revise el año")
            return None
        return parsed.value

    def _serie(self, text: str | None, n: int, cells) -> tuple[str, str] | None:
        """(code as entered, normalised code); cached, since rows repeat their serie."""
        if text in self.series:
            return self.series[text]
        serie = self._check_serie(text, n, cells)
        if serie is not None and len(self.series) < _DATE_CACHE_LIMIT:
            self.series[text] = serie  # only good ones: every bad row must be reported
        return serie

    def _check_serie(self, text: str | None, n: int, cells) -> tuple[str, str] | None:
        if text is None:
            self._err("falta_serie", "Falta la serie o subserie del expediente", n, "serie",
                      None, cells, "Escriba la clave de la serie, p. ej. 4C.3")
            return None
        code = clean_code(text)
        if not is_valid_code(code):
            code = split_label(text).code or code  # 'Serie 4C.3 Nómina' -> '4C.3'
        problem = code_problem(code)
        if problem:
            self._err(*problem[:2], n, "serie", text, cells, problem[2])
            return None
        if code_depth(code) < 2:
            self._err("serie_es_seccion", f"«{code}» es una sección, no una serie", n, "serie",
                      text, cells, "Use la clave de la serie o subserie (p. ej. 4C.3)")
            return None
        return code, normalize_code(code)

    def _count(self, cells, key: str, n: int) -> int | None:
        text = cells[self.i[key]]
        if text is None:
            return None
        if text.isdigit():
            return int(text)
        value = parse_count(text)
        if value is None:
            self._err("numero_invalido", f"«{text}» no es un número entero", n, key, text,
                      cells, "Escriba solo el número, p. ej. 120")
        return value

    def _enum(self, cells, key: str, parse, n: int, what: str, hint: str):
        text = cells[self.i[key]]
        if text is None:
            return None
        value = self.enums.get((key, text))
        if value is None:
            value = parse(text)
            if value is not None and len(self.enums) < _DATE_CACHE_LIMIT:
                self.enums[(key, text)] = value
        if value is None:
            self._err(f"{key}_invalido", f"No se reconoce {what} «{text}»", n, key, text,
                      cells, hint)
        return value

    def _acceso(self, cells, n: int) -> tuple[Acceso | None, bool]:
        found = list(self._enum(cells, "acceso", parse_acceso, n, "la clasificación",
                                "Pública (P), Reservada (R) o Confidencial (C)") or ())
        for i, acceso in self.acceso_marks:
            if parse_mark(cells[i]) and acceso not in found:
                found.append(acceso)
        if not found:
            return None, False
        return max(found, key=_STRICTNESS.index), len(found) > 1

    def parse(self, n: int, cells: list) -> ExpedienteRow | None:
        """Validate one row; report every problem it has; None when it has an error."""
        errors = self.report.error_count
        if len(cells) < self.width:
            cells.extend([None] * (self.width - len(cells)))
        cells.append(None)  # the cell that missing columns (index -1) read
        i = self.i
        clave = cells[i["clave"]]
        if clave is not None:
            key = clave.replace(" ", "").upper()
            first = self.seen.setdefault(key, n)
            if first != n:
                self._err("clave_duplicada", f"La clave «{clave}» ya aparece en la fila {first}",
                          n, "clave", clave, cells, "Deje una sola fila por expediente")
        serie = self._serie(cells[i["serie"]], n, cells)
        titulo = cells[i["titulo"]]
        if titulo is None:
            self._err("falta_titulo", "Falta el título o asunto del expediente", n, "titulo",
                      None, cells)
        opened, closed = cells[i["fecha_apertura"]], cells[i["fecha_cierre"]]
        if opened is None and closed is None and (span := cells[i["fechas_extremas"]]):
            opened, closed = split_range(span) or (span, span)
        key_open, key_close = self.key_open, self.key_close
        apertura = self._date(opened, Bound.START, key_open, n, cells)
        cierre = self._date(closed, Bound.END, key_close, n, cells)
        if opened is None:
            self._err("falta_apertura", "Falta la fecha de apertura", n, key_open, None, cells)
        if apertura and cierre and cierre < apertura:
            self._err("cierre_antes_de_apertura",
                      f"El cierre ({cierre:%d/%m/%Y}) es anterior a la apertura "
                      f"({apertura:%d/%m/%Y})", n, key_close, closed, cells,
                      "Revise si las fechas están invertidas")
        etapa = self._enum(cells, "etapa", parse_etapa, n, "la etapa",
                           "Trámite (AT), Concentración (AC) o Histórico (AH)")
        if etapa is Etapa.BAJA:
            self._err("etapa_baja", "Un expediente dado de baja no se importa: la baja se "
                      "registra con su procedimiento (dictamen y acta)", n, "etapa",
                      cells[i["etapa"]], cells)
        elif etapa in (Etapa.CONCENTRACION, Etapa.HISTORICO) and closed is None:
            self._err("etapa_sin_cierre", f"Un expediente en {etapa.value} debe tener fecha "
                      "de cierre", n, key_close, None, cells)
        acceso, parcial = self._acceso(cells, n)
        fojas, legajos = self._count(cells, "fojas", n), self._count(cells, "legajos", n)
        soporte = self._enum(cells, "soporte", parse_soporte, n, "el soporte",
                             "Papel, Electrónico o Híbrido")
        if self.report.error_count != errors:
            return None
        words = cells[i["palabras_clave"]]
        code, norm = serie
        return ExpedienteRow(
            n, clave, code, norm, titulo, cells[i["descripcion"]], cells[i["unidad"]],
            apertura, cierre, fojas, legajos, cells[i["caja"]], cells[i["ubicacion"]],
            acceso, parcial, etapa, soporte,
            tuple(filter(None, _KEYWORDS.split(words))) if words else (),
            cells[i["observaciones"]], cells[: self.width],
        )


def iter_expedientes(source: Source, report: ImportReport, *, filename: str | None = None,
                     today: dt.date | None = None) -> Iterator[ExpedienteRow]:
    """Stream the valid rows of an inventario; every problem goes to `report`."""
    try:
        table = read_table(source, EXPEDIENTE_SPEC, filename=filename)
    except UnreadableFile as exc:
        report.error("archivo_ilegible", str(exc))
        return
    header = table.header
    report.columns = header.labels
    report.source = {"format": table.info.format, "encoding": table.info.encoding,
                     "delimiter": table.info.delimiter, "sheet": table.info.sheet,
                     "header_rows": list(header.rows)}
    for _, label in header.unknown:
        report.info("columna_desconocida", f"La columna «{label}» no se reconoce: se ignora",
                    column=label)
    if "titulo" not in header.keys:
        report.error("falta_columna", "Falta la columna del título o asunto del expediente",
                     suggestion="Agregue una columna «Título»")
        return
    parser = _Parser(header, report, today or dt.date.today())
    try:
        for n, cells in table.rows:
            if not any(cells):
                continue
            report.rows_read += 1
            row = parser.parse(n, cells)
            if row is not None:
                report.rows_valid += 1
                yield row
    except UnreadableFile as exc:
        report.error("archivo_ilegible", str(exc))


def parse_expedientes(source: Source, *, filename: str | None = None,
                      today: dt.date | None = None) -> ExpedientesResult:
    """Read a whole inventario into memory (convenience for small files and tests)."""
    result = ExpedientesResult()
    result.rows = list(iter_expedientes(source, result.report, filename=filename, today=today))
    return result
