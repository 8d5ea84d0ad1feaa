"""Verification codes for instruments: a sha256 over canonical data and a short human code."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from uuid import UUID

# 32 symbols without 0/O and 1/I so a code read aloud or retyped is unambiguous.
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12


def _canonical(value):
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, set | frozenset):
        return sorted((_canonical(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    raise TypeError(f"valor no serializable en el resumen: {type(value).__name__}")


def _plain(value):
    """Fast path of `_canonical` for the values rows hold; same JSON, no callback per value."""
    kind = type(value)
    if kind is str or kind is int or value is None or kind is bool or kind is float:
        return value
    if kind is date or kind is datetime:
        return value.isoformat()
    if kind is set or kind is frozenset:
        items = [_plain(v) for v in value]
        if all(type(v) is str and v.isascii() and v.isprintable() and '"' not in v
               and "\\" not in v for v in items):
            return sorted(items)  # json.dumps(v) orders exactly like v for these
        return _canonical(value)
    return _canonical(value)


_SIMPLE = frozenset((str, int, bool, float, type(None)))
# one encoder for every batch: json.dumps with options builds a new one per call
_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                            default=_canonical)
BATCH = 512  # rows serialised per encoder call


def _plain_row(row: Mapping) -> dict:
    return {k: v if type(v) in _SIMPLE else _plain(v) for k, v in row.items()}


def _rows_bytes(rows: list[dict]) -> bytes:
    """`r1,r2,...` exactly as each row's canonical JSON joined by commas."""
    return _ENCODER.encode(rows)[1:-1].encode("utf-8")


def _dumps(value) -> bytes:
    return json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_canonical
    ).encode("utf-8")


class RowDigest:
    """The canonical digest computed while rows stream past (to a renderer or an export).

    Rows are hashed as they pass, producing exactly the bytes of
    `json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)` of
    `{"data_version", "kind", "rows", "subject"}` with dates in ISO 8601 and sets sorted,
    so any implementation can recompute it; the data is read once, not twice.
    """

    def __init__(self, kind: str, subject, data_version):
        self._h = hashlib.sha256()
        self._h.update(
            b'{"data_version":' + _dumps(data_version) + b',"kind":' + _dumps(kind) + b',"rows":['
        )
        self._subject = subject
        self._n = 0
        self._pending: list[dict] = []  # rows serialised and hashed a batch at a time
        self._final: str | None = None

    def add(self, row: Mapping) -> None:
        """Fold one row in (before `hexdigest`)."""
        if self._final is not None:
            raise RuntimeError("digest already finalised")
        self._pending.append(_plain_row(row))
        if len(self._pending) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self._h.update((b"," if self._n else b"") + _rows_bytes(self._pending))
            self._n += len(self._pending)
            self._pending = []

    def wrap(self, rows: Iterable[Mapping]) -> Iterator[Mapping]:
        """Yield `rows` unchanged, hashing each one."""
        for row in rows:
            self.add(row)
            yield row

    def hexdigest(self) -> str:
        """sha256 (hex); the first call closes the document."""
        if self._final is None:
            self._flush()
            self._h.update(b'],"subject":' + _dumps(self._subject) + b"}")
            self._final = self._h.hexdigest()
        return self._final

    def code(self) -> str:
        """The short verification code of the digest."""
        return verification_code(self.hexdigest())


def canonical_digest(kind: str, subject, data_version, rows: Iterable[Mapping]) -> str:
    """sha256 (hex) of `{"data_version", "kind", "rows", "subject"}` as canonical JSON."""
    digest = RowDigest(kind, subject, data_version)
    for row in rows:
        digest.add(row)
    return digest.hexdigest()


def verification_code(digest: str) -> str:
    """Short code printed on every page, e.g. `K7QM-2XHD-9RTA` (60 bits of the digest)."""
    bits = int(digest[:16], 16) >> (64 - 5 * CODE_LENGTH)
    chars = []
    for _ in range(CODE_LENGTH):
        chars.append(ALPHABET[bits & 31])
        bits >>= 5
    code = "".join(reversed(chars))
    return "-".join(code[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalize_code(text: str) -> str:
    """A typed code in canonical form (upper case, grouped) for lookup; '' if malformed."""
    raw = re.sub(r"[\s-]", "", text or "").upper()
    if len(raw) != CODE_LENGTH or any(c not in ALPHABET for c in raw):
        return ""
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def pdf_sha256(pdf: bytes) -> str:
    """sha256 (hex) of the rendered file, recorded with the code so a download can be checked."""
    return hashlib.sha256(pdf).hexdigest()
