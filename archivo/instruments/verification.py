"""Verification codes for instruments: a sha256 over canonical data and a short human code."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
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


def _dumps(value) -> bytes:
    return json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_canonical
    ).encode("utf-8")


def canonical_digest(kind: str, subject, data_version, rows: Iterable[Mapping]) -> str:
    """sha256 (hex) of `{"data_version", "kind", "rows", "subject"}` as canonical JSON.

    Rows are hashed as they stream, producing exactly the bytes of
    `json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)`
    with dates in ISO 8601 and sets sorted, so any implementation can recompute it.
    """
    h = hashlib.sha256()
    h.update(b'{"data_version":' + _dumps(data_version) + b',"kind":' + _dumps(kind) + b',"rows":[')
    for n, row in enumerate(rows):
        h.update((b"," if n else b"") + _dumps(dict(row)))
    h.update(b'],"subject":' + _dumps(subject) + b"}")
    return h.hexdigest()


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
