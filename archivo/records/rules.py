"""Pure rules of expedientes: due dates and keys."""

import datetime as dt
import string


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
