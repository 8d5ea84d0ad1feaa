"""The canonical digest is stable, sensitive to any change, and yields a short readable code."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date

from archivo.instruments import samples
from archivo.instruments.verification import (
    ALPHABET,
    canonical_digest,
    normalize_code,
    pdf_sha256,
    verification_code,
)

ROWS = [
    {"codigo": "4C.3", "fecha": date(2024, 1, 2), "valores": {"legal", "administrativo"}},
    {"codigo": "4C.4", "fojas": 12},
]


def test_digest_is_stable_and_order_of_keys_does_not_matter():
    a = canonical_digest("cadido", "fondo:1", 3, ROWS)
    reordered = [dict(reversed(list(r.items()))) for r in ROWS]
    assert a == canonical_digest("cadido", "fondo:1", 3, iter(reordered))
    assert re.fullmatch(r"[0-9a-f]{64}", a)


def test_digest_equals_plain_canonical_json():
    doc = {
        "kind": "cadido",
        "subject": "fondo:1",
        "data_version": 3,
        "rows": [
            {"codigo": "4C.3", "fecha": "2024-01-02", "valores": ["administrativo", "legal"]},
            {"codigo": "4C.4", "fojas": 12},
        ],
    }
    expected = hashlib.sha256(
        json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    ).hexdigest()
    assert canonical_digest("cadido", "fondo:1", 3, ROWS) == expected


def test_digest_changes_with_any_row_kind_subject_or_version():
    base = canonical_digest("cadido", "fondo:1", 3, ROWS)
    changed = [dict(ROWS[0]), dict(ROWS[1], fojas=13)]
    assert canonical_digest("cadido", "fondo:1", 3, changed) != base
    assert canonical_digest("cgca", "fondo:1", 3, ROWS) != base
    assert canonical_digest("cadido", "fondo:2", 3, ROWS) != base
    assert canonical_digest("cadido", "fondo:1", 4, ROWS) != base
    assert canonical_digest("cadido", "fondo:1", 3, ROWS[:1]) != base


def test_code_is_short_grouped_and_unambiguous():
    digest = canonical_digest("inventario_general", "unidad:7", 1, samples.expedientes(50))
    code = verification_code(digest)
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    assert not set(code) & set("01IO")
    assert set(code.replace("-", "")) <= set(ALPHABET)
    assert verification_code(digest) == code
    assert normalize_code(code.lower().replace("-", " ")) == code
    assert normalize_code("ABCD-EFGH-IJKL") == ""  # I is not in the alphabet
    assert normalize_code("corto") == ""


def test_pdf_hash_detects_a_single_byte_change():
    pdf = b"%PDF-1.4 contenido %%EOF"
    assert pdf_sha256(pdf) != pdf_sha256(pdf[:-1] + b"G")
