"""Typed values from spreadsheet text: marks, years, counts and the enums' many spellings."""

import re

from archivo.catalog.enums import Acceso, Destino
from archivo.imports.text import fold
from archivo.records.enums import Etapa, Soporte

_TRUE = frozenset({"x", "1", "si", "sí", "s", "✓", "✔", "√", "•", "*", "yes", "true",
                   "verdadero", "aplica"})
_FALSE = frozenset({"0", "no", "n", "-", "–", "—", "false", "falso", "no aplica", "n/a"})
_YEARS = re.compile(r"^(-?\d+)(?:[.,](\d+))?\s*(?:años?|anos?|a\.?)?\.?$", re.IGNORECASE)
_COUNT = re.compile(r"^(\d{1,3}(?:[,. ]\d{3})+|\d+)(?:[.,]0+)?(?:\s*[a-zA-Záéíóú.]+)?$")

MAX_PLAZO = 100  # years; more than a century is a typo, not a retention rule


def parse_mark(text: str | None) -> bool | None:
    """'X', 'x', '1', 'Sí', '✓' -> True; blank, '0', 'No' -> False; anything else None."""
    if text is None:
        return False
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE or not value:
        return False
    return None


def parse_years(text: str) -> int | str:
    """'2', '2 años', '2.0' -> 2; a Spanish problem description when not usable."""
    m = _YEARS.match(text.strip())
    if not m:
        return "no es un número de años"
    if m.group(2) and int(m.group(2)) != 0:
        return "debe ser un número entero de años"
    years = int(m.group(1))
    if years < 0:
        return "no puede ser negativo"
    if years > MAX_PLAZO:
        return f"es mayor de {MAX_PLAZO} años"
    return years


def parse_count(text: str) -> int | None:
    """'120', '1,200', '120 fojas' -> int; None when not a whole non-negative number."""
    m = _COUNT.match(text.strip())
    if not m:
        return None
    return int(re.sub(r"[,. ]", "", m.group(1)))


_DESTINO = {
    "b": Destino.BAJA, "bd": Destino.BAJA, "e": Destino.BAJA, "baja": Destino.BAJA,
    "baja documental": Destino.BAJA, "eliminacion": Destino.BAJA,
    "c": Destino.CONSERVACION, "h": Destino.CONSERVACION, "ch": Destino.CONSERVACION,
    "conservacion": Destino.CONSERVACION, "historico": Destino.CONSERVACION,
    "conservacion historica": Destino.CONSERVACION,
    "conservacion permanente": Destino.CONSERVACION,
    "transferencia secundaria": Destino.CONSERVACION,
    "m": Destino.MUESTREO, "muestreo": Destino.MUESTREO, "seleccion": Destino.MUESTREO,
}
_ACCESO = {
    "p": Acceso.PUBLICA, "publica": Acceso.PUBLICA, "publico": Acceso.PUBLICA,
    "informacion publica": Acceso.PUBLICA,
    "r": Acceso.RESERVADA, "reservada": Acceso.RESERVADA, "reservado": Acceso.RESERVADA,
    "informacion reservada": Acceso.RESERVADA,
    "c": Acceso.CONFIDENCIAL, "confidencial": Acceso.CONFIDENCIAL,
    "informacion confidencial": Acceso.CONFIDENCIAL,
}
_ETAPA = {
    "at": Etapa.TRAMITE, "t": Etapa.TRAMITE, "tramite": Etapa.TRAMITE,
    "archivo de tramite": Etapa.TRAMITE,
    "ac": Etapa.CONCENTRACION, "c": Etapa.CONCENTRACION, "concentracion": Etapa.CONCENTRACION,
    "archivo de concentracion": Etapa.CONCENTRACION,
    "ah": Etapa.HISTORICO, "h": Etapa.HISTORICO, "historico": Etapa.HISTORICO,
    "archivo historico": Etapa.HISTORICO,
    "baja": Etapa.BAJA, "baja documental": Etapa.BAJA,
}
_SOPORTE = {
    "papel": Soporte.PAPEL, "fisico": Soporte.PAPEL, "impreso": Soporte.PAPEL,
    "p": Soporte.PAPEL, "f": Soporte.PAPEL,
    "electronico": Soporte.ELECTRONICO, "digital": Soporte.ELECTRONICO,
    "e": Soporte.ELECTRONICO, "d": Soporte.ELECTRONICO,
    "hibrido": Soporte.HIBRIDO, "mixto": Soporte.HIBRIDO, "h": Soporte.HIBRIDO,
    "papel y electronico": Soporte.HIBRIDO, "fisico y electronico": Soporte.HIBRIDO,
}
_SPLIT = re.compile(r"\s*(?:[,/;+]|\by\b)\s*")


def _lookup(table: dict, text: str):
    """Exact, then folded lookup (accents, case and punctuation ignored)."""
    return table.get(text) or table.get(fold(text))


def parse_destino(text: str) -> list[Destino] | None:
    """Destinos named in one cell ('Baja', 'C', 'B/M' gives two); None when unknown."""
    found = _lookup(_DESTINO, text)
    if found:
        return [found]
    parts = [_lookup(_DESTINO, p) for p in _SPLIT.split(text) if p]
    return list(dict.fromkeys(parts)) if parts and all(parts) else None


def parse_acceso(text: str) -> list[Acceso] | None:
    """Access classes named in one cell ('P', 'Reservada', 'P/R' is partial); None if unknown."""
    found = _lookup(_ACCESO, text)
    if found:
        return [found]
    parts = [_lookup(_ACCESO, p) for p in _SPLIT.split(text) if p]
    return list(dict.fromkeys(parts)) if parts and all(parts) else None


def parse_etapa(text: str) -> Etapa | None:
    """'AT', 'Trámite', 'Archivo de concentración', 'AH' -> Etapa; None when unknown."""
    return _lookup(_ETAPA, text)


def parse_soporte(text: str) -> Soporte | None:
    """'Papel', 'Electrónico', 'Digital', 'Híbrido' -> Soporte; None when unknown."""
    return _lookup(_SOPORTE, text)


VALOR_LETTERS = {"a": "administrativo", "l": "legal", "f": "fiscal_contable",
                 "c": "fiscal_contable", "fc": "fiscal_contable", "f c": "fiscal_contable",
                 "fiscal": "fiscal_contable", "contable": "fiscal_contable",
                 "administrativo": "administrativo", "legal": "legal",
                 "e": "evidencial", "evidencial": "evidencial", "t": "testimonial",
                 "testimonial": "testimonial", "i": "informativo", "informativo": "informativo"}


def parse_valores(text: str) -> list[str] | None:
    """'A, L, F/C' or 'Administrativo y legal' -> value names; None when any is unknown."""
    folded = fold(text).replace("f c", "fc")
    names = [VALOR_LETTERS.get(p) for p in re.split(r"\s+(?:y\s+)?", folded) if p]
    return names if names and all(names) else None
