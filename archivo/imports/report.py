"""The import report: what is wrong with which row and column, in plain Spanish."""

import io
from collections import Counter
from dataclasses import asdict, dataclass
from enum import StrEnum

from archivo import csv_safe


class Severity(StrEnum):
    """An error rejects the row; a warning or an info entry only informs."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class ReportEntry:
    """One finding: sheet row number, column label as in the file, value and advice."""

    row: int | None
    column: str | None
    value: str | None
    problem: str
    suggestion: str | None = None
    severity: Severity = Severity.ERROR
    kind: str = ""  # stable machine name of the check, e.g. "codigo_letra_o"

    def to_dict(self) -> dict:
        """Plain dict for JSON."""
        return asdict(self)


class ImportReport:
    """All findings of one file, plus the raw cells of the rows that were rejected."""

    def __init__(self, kind: str, columns: list[str] | None = None):
        self.kind = kind
        self.columns = columns or []
        self.entries: list[ReportEntry] = []
        self.rows_read = 0
        self.rows_valid = 0
        self.source: dict = {}
        self.error_count = 0
        self._rejected: dict[int, list[str | None]] = {}

    def add(self, severity: Severity, kind: str, problem: str, *, row: int | None = None,
            column: str | None = None, value: str | None = None,
            suggestion: str | None = None, cells: list[str | None] | None = None) -> None:
        """Record a finding; an error on a row keeps that row's cells for the rejects CSV."""
        self.entries.append(ReportEntry(row, column, value, problem, suggestion, severity, kind))
        if severity is Severity.ERROR:
            self.error_count += 1
            if row is not None and cells is not None:
                self._rejected.setdefault(row, cells)

    def error(self, kind: str, problem: str, **where) -> None:
        """Record an error (the row, or the whole file when row is None, is rejected)."""
        self.add(Severity.ERROR, kind, problem, **where)

    def warning(self, kind: str, problem: str, **where) -> None:
        """Record a warning: the row loads, but someone should look at it."""
        self.add(Severity.WARNING, kind, problem, **where)

    def info(self, kind: str, problem: str, **where) -> None:
        """Record an informative note."""
        self.add(Severity.INFO, kind, problem, **where)

    @property
    def error_rows(self) -> set[int]:
        """Row numbers with at least one error."""
        return {e.row for e in self.entries if e.severity is Severity.ERROR and e.row is not None}

    @property
    def has_errors(self) -> bool:
        """True when any row (or the file itself) has an error."""
        return self.error_count > 0

    @property
    def counts(self) -> dict[str, int]:
        """Rows read/valid/rejected and findings per severity."""
        by_severity = Counter(e.severity.value for e in self.entries)
        return {
            "rows_read": self.rows_read,
            "rows_valid": self.rows_valid,
            "rows_rejected": len(self.error_rows),
            **{s.value: by_severity.get(s.value, 0) for s in Severity},
        }

    def by_kind(self) -> Counter:
        """How many findings of each kind (handy for summaries and tests)."""
        return Counter(e.kind for e in self.entries)

    def to_dict(self) -> dict:
        """The whole report for JSON (API response)."""
        return {
            "kind": self.kind,
            "source": self.source,
            "counts": self.counts,
            "has_errors": self.has_errors,
            "entries": [e.to_dict() for e in self.entries],
        }

    def to_csv(self) -> bytes:
        """Rejected rows as they came, plus their reasons: UTF-8 with BOM so Excel opens it."""
        reasons: dict[int, list[str]] = {}
        for e in self.entries:
            if e.severity is Severity.ERROR and e.row in self._rejected:
                where = f"{e.column}: " if e.column else ""
                hint = f" (sugerencia: {e.suggestion})" if e.suggestion else ""
                reasons.setdefault(e.row, []).append(f"{where}{e.problem}{hint}")
        width = max([len(self.columns), *(len(c) for c in self._rejected.values())], default=0)
        header = ["Fila", *self.columns, *[""] * (width - len(self.columns)), "Motivos del rechazo"]
        out = io.StringIO()
        # The rejected cells are the uploader's own, written back: neutralise formulas.
        writer = csv_safe.writer(out, lineterminator="\r\n")
        writer.writerow(header)
        for row in sorted(self._rejected):
            cells = self._rejected[row]
            writer.writerow([row, *cells, *[""] * (width - len(cells)), "; ".join(reasons[row])])
        return out.getvalue().encode("utf-8-sig")
