"""Load and validate instrument layouts (`instruments/<kind>.toml`) into frozen dataclasses."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# The layouts live as data next to the package so an institution can adapt them to its
# state's law without touching code.
DEFAULT_DIR = Path(__file__).resolve().parent.parent.parent / "instruments"

KINDS = (
    "cgca",
    "cadido",
    "ficha_valoracion",
    "guia_archivo",
    "inventario_general",
    "inventario_transferencia_primaria",
    "inventario_transferencia_secundaria",
    "inventario_baja",
    "dictamen_baja",
    "acta_baja",
    "caratula",
    "calendario_caducidades",
    "indice_reservados",
)

PAGE_SIZES = ("letter", "legal", "a4", "oficio")
ORIENTATIONS = ("landscape", "portrait")
ALIGNMENTS = ("left", "center", "right")
# Figures an inventory legend can compute from the rows it prints.
AGGREGATES = ("count", "sum", "distinct", "min_year", "max_year")
_MM = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*mm\s*$")
_KIND = re.compile(r"^[a-z][a-z0-9_]*$")


class LayoutError(ValueError):
    """A layout file is missing, malformed or inconsistent; the message names file and key."""


@dataclass(frozen=True)
class Field:
    """A labelled value of the header block or of a form section."""

    key: str
    label: str
    wide: bool = False


@dataclass(frozen=True)
class Column:
    """A table column: width is relative units, or millimetres when `width_mm` is set."""

    key: str
    label: str
    width: float = 1.0
    width_mm: float | None = None
    align: str = "left"
    group: str | None = None
    mark: str | None = None  # print "X" when the row value equals / contains this


@dataclass(frozen=True)
class Section:
    """A titled block of fields (carátula, ficha técnica, acta, dictamen)."""

    title: str
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Signature:
    """A signature block: role (AUTORIZA, ELABORÓ...) and whose name/cargo to print."""

    role: str
    label: str = ""
    name_key: str | None = None
    cargo_key: str | None = None


@dataclass(frozen=True)
class Aggregate:
    """A closing figure computed from the rows: `fojas = "sum:fojas"`."""

    name: str
    op: str
    key: str | None


@dataclass(frozen=True)
class Closing:
    """Closing legend template and the figures it computes from the rows."""

    legend: str | None
    aggregates: tuple[Aggregate, ...] = ()


@dataclass(frozen=True)
class Layout:
    """One instrument's declarative layout."""

    kind: str
    title: str
    source: str
    orientation: str = "landscape"
    page_size: str = "letter"
    font_size: float = 7.0
    header: tuple[Field, ...] = ()
    sections: tuple[Section, ...] = ()
    columns: tuple[Column, ...] = ()
    table_title: str | None = None
    closing: Closing | None = None
    signatures: tuple[Signature, ...] = ()
    legal_basis: str | None = None
    qr: bool = False

    @property
    def groups(self) -> bool:
        """Whether any column sits under a grouped header (two header rows)."""
        return any(c.group for c in self.columns)


def load_layout(kind: str, directory: str | Path | None = None) -> Layout:
    """Load `<directory>/<kind>.toml` (default: the top-level `instruments/` folder)."""
    if not _KIND.match(kind or ""):
        raise LayoutError(f"tipo de instrumento inválido: {kind!r}")
    folder = Path(directory) if directory is not None else DEFAULT_DIR
    return load_layout_file(folder / f"{kind}.toml")


def load_layout_file(path: str | Path) -> Layout:
    """Parse and validate one layout file; raise `LayoutError` naming file and key."""
    path = Path(path)
    name = f"{path.parent.name}/{path.name}"
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LayoutError(f"{name}: no existe el archivo de formato") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise LayoutError(f"{name}: TOML inválido: {exc}") from None
    return _Parser(name).layout(raw, default_kind=path.stem)


def available_kinds(directory: str | Path | None = None) -> list[str]:
    """Kinds that have a layout file in the directory."""
    folder = Path(directory) if directory is not None else DEFAULT_DIR
    return sorted(p.stem for p in folder.glob("*.toml"))


class _Parser:
    """Checks one parsed TOML document; every error carries file and dotted key."""

    def __init__(self, name: str):
        self.name = name

    def fail(self, where: str, message: str) -> LayoutError:
        return LayoutError(f"{self.name}: {where}: {message}")

    def table(self, raw: Any, where: str, allowed: set[str], required: set[str]) -> dict:
        if not isinstance(raw, dict):
            raise self.fail(where, "debe ser una tabla")
        for key in raw:
            if key not in allowed:
                raise self.fail(f"{where}.{key}" if where else key, "clave desconocida")
        for key in sorted(required):
            if key not in raw:
                raise self.fail(f"{where}.{key}" if where else key, "falta la clave obligatoria")
        return raw

    def text(self, raw: dict, key: str, where: str, default: str | None = None) -> str | None:
        value = raw.get(key, default)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{where}{key}", "debe ser un texto no vacío")
        return value

    def choice(self, raw: dict, key: str, where: str, options: tuple, default: str) -> str:
        value = raw.get(key, default)
        if not isinstance(value, str) or value.lower() not in options:
            raise self.fail(f"{where}{key}", f"debe ser uno de: {', '.join(options)}")
        return value.lower()

    def boolean(self, raw: dict, key: str, where: str, default: bool = False) -> bool:
        value = raw.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(f"{where}{key}", "debe ser true o false")
        return value

    def array(self, raw: dict, key: str, where: str = "") -> list:
        value = raw.get(key, [])
        if not isinstance(value, list):
            raise self.fail(f"{where}{key}", "debe ser una lista ([[...]])")
        return value

    def layout(self, raw: dict, default_kind: str) -> Layout:
        top = {
            "kind",
            "title",
            "orientation",
            "page_size",
            "font_size",
            "header",
            "sections",
            "columns",
            "table_title",
            "closing",
            "signatures",
            "legal_basis",
            "qr",
        }
        self.table(raw, "", top, {"title"})
        font_size = raw.get("font_size", 7.0)
        if (
            isinstance(font_size, bool)
            or not isinstance(font_size, int | float)
            or not (4 <= font_size <= 14)
        ):
            raise self.fail("font_size", "debe ser un número entre 4 y 14")
        layout = Layout(
            kind=self.text(raw, "kind", "", default_kind),
            title=self.text(raw, "title", ""),
            source=self.name,
            orientation=self.choice(raw, "orientation", "", ORIENTATIONS, "landscape"),
            page_size=self.choice(raw, "page_size", "", PAGE_SIZES, "letter"),
            font_size=float(font_size),
            header=tuple(
                self.field(f, f"header[{i}]") for i, f in enumerate(self.array(raw, "header"))
            ),
            sections=tuple(
                self.section(s, f"sections[{i}]") for i, s in enumerate(self.array(raw, "sections"))
            ),
            columns=tuple(
                self.column(c, f"columns[{i}]") for i, c in enumerate(self.array(raw, "columns"))
            ),
            table_title=self.text(raw, "table_title", ""),
            closing=self.closing(raw["closing"]) if "closing" in raw else None,
            signatures=tuple(
                self.signature(s, f"signatures[{i}]")
                for i, s in enumerate(self.array(raw, "signatures"))
            ),
            legal_basis=self.text(raw, "legal_basis", ""),
            qr=self.boolean(raw, "qr", ""),
        )
        if not layout.columns and not layout.sections:
            raise self.fail("columns", "el formato necesita columnas o secciones")
        keys = [c.key for c in layout.columns if c.mark is None]
        dupes = {k for k in keys if keys.count(k) > 1}
        if dupes:
            raise self.fail("columns", f"clave repetida: {sorted(dupes)[0]}")
        return layout

    def field(self, raw: Any, where: str) -> Field:
        self.table(raw, where, {"key", "label", "wide"}, {"key", "label"})
        return Field(
            key=self.text(raw, "key", f"{where}."),
            label=self.text(raw, "label", f"{where}."),
            wide=self.boolean(raw, "wide", f"{where}."),
        )

    def section(self, raw: Any, where: str) -> Section:
        self.table(raw, where, {"title", "fields"}, {"title", "fields"})
        fields = self.array(raw, "fields", f"{where}.")
        if not fields:
            raise self.fail(f"{where}.fields", "la sección no tiene campos")
        return Section(
            title=self.text(raw, "title", f"{where}."),
            fields=tuple(self.field(f, f"{where}.fields[{i}]") for i, f in enumerate(fields)),
        )

    def column(self, raw: Any, where: str) -> Column:
        self.table(
            raw, where, {"key", "label", "width", "align", "group", "mark"}, {"key", "label"}
        )
        width, width_mm = raw.get("width", 1), None
        if isinstance(width, str) and _MM.match(width):
            width_mm = float(_MM.match(width).group(1))
        elif isinstance(width, bool) or not isinstance(width, int | float) or width <= 0:
            raise self.fail(
                f"{where}.width", 'debe ser un número positivo (relativo) o un texto como "25mm"'
            )
        if width_mm is not None and width_mm <= 0:
            raise self.fail(f"{where}.width", "debe ser un número positivo")
        return Column(
            key=self.text(raw, "key", f"{where}."),
            label=self.text(raw, "label", f"{where}."),
            width=float(width) if width_mm is None else 0.0,
            width_mm=width_mm,
            align=self.choice(raw, "align", f"{where}.", ALIGNMENTS, "left"),
            group=self.text(raw, "group", f"{where}."),
            mark=self.text(raw, "mark", f"{where}."),
        )

    def signature(self, raw: Any, where: str) -> Signature:
        self.table(raw, where, {"role", "label", "name_key", "cargo_key"}, {"role"})
        return Signature(
            role=self.text(raw, "role", f"{where}."),
            label=raw.get("label", "")
            if isinstance(raw.get("label", ""), str)
            else self._bad(f"{where}.label"),
            name_key=self.text(raw, "name_key", f"{where}."),
            cargo_key=self.text(raw, "cargo_key", f"{where}."),
        )

    def _bad(self, where: str):
        raise self.fail(where, "debe ser un texto")

    def closing(self, raw: Any) -> Closing:
        self.table(raw, "closing", {"legend", "computed"}, set())
        computed = raw.get("computed", {})
        if not isinstance(computed, dict):
            raise self.fail("closing.computed", 'debe ser una tabla nombre = "operación:clave"')
        aggregates = []
        for name, spec in computed.items():
            op, _, key = spec.partition(":") if isinstance(spec, str) else ("", "", "")
            if op not in AGGREGATES or (op != "count" and not key):
                raise self.fail(
                    f"closing.computed.{name}",
                    f'debe ser "operación:clave" con operación en {", ".join(AGGREGATES)}',
                )
            aggregates.append(Aggregate(name=name, op=op, key=key or None))
        legend = self.text(raw, "legend", "closing.")
        if legend:
            try:
                legend.format_map(_Probe())
            except (ValueError, IndexError, AttributeError) as exc:
                raise self.fail("closing.legend", f"plantilla inválida: {exc}") from None
        return Closing(legend=legend, aggregates=tuple(aggregates))


class _Probe(dict):
    """Accepts any placeholder so a legend template's syntax can be checked alone."""

    def __missing__(self, key):
        return ""
