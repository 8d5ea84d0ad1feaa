"""Pure rules of expedientes: due dates, what is overdue, and keys."""

import datetime as dt
import re
import string

from archivo.records.enums import Etapa


def add_years(day: dt.date, years: int) -> dt.date:
    """`day` plus whole years; 29 February falls back to 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def due_dates(fecha_cierre: dt.date, plazo_tramite: int, plazo_concentracion: int
              ) -> tuple[dt.date, dt.date]:
    """(primary transfer due, destino final due), derived and never typed.

    primary = cierre + plazo AT; destino final = cierre + plazo AT + plazo AC.
    """
    primaria = add_years(fecha_cierre, plazo_tramite)
    final = add_years(fecha_cierre, plazo_tramite + plazo_concentracion)
    return primaria, final


def overdue_since(etapa, vence_transferencia_primaria: dt.date | None,
                  vence_destino_final: dt.date | None, today: dt.date) -> dt.date | None:
    """The due date an expediente has overrun while still in the stage it should leave, or
    None: in trámite past its primary transfer, in concentración past its destino final.

    The Python twin of `archivo.dashboard.queries.due_condition(None, today - 1 day)` (the
    panel's «Vencidos» and /calendario/vencidos): a date falls overdue the day after it, and
    histórico and baja never are. Open expedientes have no due dates yet.
    """
    due = {Etapa.TRAMITE: vence_transferencia_primaria,
           Etapa.CONCENTRACION: vence_destino_final}.get(Etapa(etapa))
    return due if due is not None and due < today else None


KEY_FIELDS = {"fondo", "seccion", "serie", "consecutivo", "anio", "unidad"}


def check_key_format(fmt: str) -> str | None:
    """Return an error message when `fmt` is not a usable key format, else None."""
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(fmt) if name}
    except ValueError:
        return "Formato de clave mal formado."
    unknown = names - KEY_FIELDS
    if unknown:
        return f"Campos desconocidos en el formato de clave: {', '.join(sorted(unknown))}."
    if "consecutivo" not in names:
        return "El formato de clave debe incluir {consecutivo}."
    return None


def format_key(fmt: str, *, fondo: str, seccion: str, serie: str, consecutivo: int,
               anio: int, unidad: str = "") -> str:
    """The expediente key, e.g. `IEEN/6C/6C.12/001/2008`."""
    return fmt.format(fondo=fondo, seccion=seccion, serie=serie, consecutivo=consecutivo,
                      anio=anio, unidad=unidad)


def parse_key(fmt: str, clave: str) -> dict[str, str | int] | None:
    """The fields of a key written in format `fmt` (consecutivo and año as numbers, so
    with any zero padding), or None when the key does not follow the format."""
    pattern, names = "", []
    for literal, name, _spec, _conv in string.Formatter().parse(fmt):
        pattern += re.escape(literal)
        if name:
            names.append(name)
            pattern += r"(\d{1,9})" if name in ("consecutivo", "anio") else r"(.+?)"
    match = re.fullmatch(pattern, clave.strip())
    if not match:
        return None
    fields: dict[str, str | int] = {}
    for name, text in zip(names, match.groups(), strict=True):
        value = int(text) if name in ("consecutivo", "anio") else text
        if fields.setdefault(name, value) != value:  # a field written twice, differently
            return None
    return fields


def key_in_format(fmt: str, clave: str) -> str | None:
    """`clave` rewritten with the format's own padding, the way `format_key` generates it:
    `IEEN/7C/7C.10/1/2017` -> `IEEN/7C/7C.10/001/2017` (None: not in that format)."""
    fields = parse_key(fmt, clave)
    if fields is None:
        return None
    values = dict.fromkeys(KEY_FIELDS, "") | fields
    try:
        return fmt.format(**values)
    except (ValueError, TypeError):  # a spec that does not fit the typed text
        return None
