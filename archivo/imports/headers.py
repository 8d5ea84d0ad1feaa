"""Find the header row(s) of a sheet and map its labels to canonical keys."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from archivo.imports import columns
from archivo.imports.text import fold, fold_without_parens

# Real files put a title, the fondo and a date above the table; look this far down.
HEADER_SCAN_ROWS = 25
# Prefix/contains matches only for synonyms this long, so 'a' never matches 'área'.
_MIN_LOOSE = 5


class _Synonyms:
    """Folded synonym -> key lookup with exact, prefix and contains matching."""

    def __init__(self, table: Mapping[str, Sequence[str]]):
        self.exact: dict[str, str] = {}
        for key, labels in table.items():
            for label in labels:
                self.exact.setdefault(fold(label), key)
        # Longest first, so 'plazo en tramite' wins over 'tramite'.
        self.loose = sorted(
            ((s, k) for s, k in self.exact.items() if len(s) >= _MIN_LOOSE),
            key=lambda item: -len(item[0]),
        )

    def match(self, label: str | None) -> str | None:
        """Canonical key for a header label, or None when it is not recognised."""
        folded = fold(label)
        if not folded:
            return None
        key = self.exact.get(folded) or self.exact.get(fold_without_parens(label))
        if key:
            return key
        padded = f" {folded} "
        for synonym, key in self.loose:
            if folded.startswith(synonym + " "):
                return key
        for synonym, key in self.loose:
            if " " in synonym and f" {synonym} " in padded:
                return key
        return None


@dataclass(frozen=True)
class HeaderSpec:
    """What the headers of one kind of import may say."""

    kind: str
    columns: _Synonyms
    groups: _Synonyms
    group_columns: dict[str, _Synonyms]
    group_of_key: dict[str, str]
    required: tuple[str, ...]  # at least one of these keys must be present

    @classmethod
    def build(cls, kind, cols, groups, group_cols, required) -> "HeaderSpec":
        """Compile the synonym tables of `archivo.imports.columns`."""
        group_of_key = {k: g for g, keys in group_cols.items() for k in keys}
        return cls(
            kind,
            _Synonyms(cols),
            _Synonyms({g: labels for g, labels in groups.items()}),
            {g: _Synonyms(keys) for g, keys in group_cols.items()},
            group_of_key,
            required,
        )


CADIDO_SPEC = HeaderSpec.build(
    "cadido",
    columns.CADIDO_COLUMNS,
    columns.CADIDO_GROUPS,
    columns.CADIDO_GROUP_COLUMNS,
    ("codigo", "etiqueta", "seccion", "serie", "subserie"),
)
EXPEDIENTE_SPEC = HeaderSpec.build(
    "expedientes",
    columns.EXPEDIENTE_COLUMNS,
    columns.EXPEDIENTE_GROUPS,
    columns.EXPEDIENTE_GROUP_COLUMNS,
    ("serie",),
)


@dataclass
class Header:
    """The recognised header: rows it spans, key -> column indexes, display labels."""

    rows: tuple[int, ...]
    keys: dict[str, list[int]]
    labels: list[str]
    unknown: list[tuple[int, str]] = field(default_factory=list)

    def index(self, key: str) -> int | None:
        """First column holding `key`, or None when the file lacks it."""
        found = self.keys.get(key)
        return found[0] if found else None

    def has_any(self, keys) -> bool:
        """True when at least one of `keys` has a column."""
        return any(k in self.keys for k in keys)

    @property
    def score(self) -> int:
        """How many distinct useful keys were recognised."""
        return len(self.keys) - ("ignorada" in self.keys)


def _resolve(upper: list[str | None] | None, lower: list[str | None], spec: HeaderSpec):
    """Map one header row (with an optional group row above it) to a Header."""
    width = max(len(lower), len(upper or ()))
    lower = list(lower) + [None] * (width - len(lower))
    upper = list(upper or ()) + [None] * (width - len(upper or ()))
    keys: dict[str, list[int]] = {}
    labels: list[str] = []
    unknown: list[tuple[int, str]] = []
    group = group_label = None
    prev_group = None
    for j in range(width):
        if upper[j] is not None:  # a merged group cell repeats as None to its right
            group_label = upper[j]
            group = spec.groups.match(upper[j])
        sub, top = lower[j], upper[j]
        key = label = None
        if sub is not None:
            label = f"{group_label} / {sub}" if group else sub
            if group:
                key = spec.group_columns[group].match(sub)
            if key is None:
                key = spec.columns.match(sub)
            if key is None and prev_group and not group:
                # 'B | C | M' in one row: 'C' takes the meaning of its neighbours' group.
                key = spec.group_columns[prev_group].match(sub)
        elif top is not None:  # header merged vertically over both rows
            label = top
            key = spec.columns.match(top)
        labels.append(label or "")
        if key:
            keys.setdefault(key, []).append(j)
            prev_group = spec.group_of_key.get(key)
        elif label:
            unknown.append((j, label))
            prev_group = None
    return keys, labels, unknown


def detect_header(rows: list[tuple[int, list[str | None]]], spec: HeaderSpec) -> Header | None:
    """Best header among the first rows: a single row or a group row plus the row below."""
    best: Header | None = None
    for i, (number, cells) in enumerate(rows):
        candidates = [((number,), None, cells)]
        if i > 0 and any(c is not None for c in rows[i - 1][1]):
            candidates.append(((rows[i - 1][0], number), rows[i - 1][1], cells))
        for span, upper, lower in candidates:
            keys, labels, unknown = _resolve(upper, lower, spec)
            header = Header(span, keys, labels, unknown)
            if not any(k in keys for k in spec.required) or header.score < 2:
                continue
            if best is None or header.score > best.score:
                best = header
    return best
