"""The shortcuts that keep large instruments fast print exactly what the plain paths would."""

import datetime as dt
import hashlib
import json
import random

from archivo.instruments import samples
from archivo.instruments.layout import load_layout
from archivo.instruments.page import FONT, register_fonts
from archivo.instruments.verification import BATCH, RowDigest, _canonical
from archivo.instruments.wrap import Wrapper
from tests.instruments.helpers import compact, pages_text, render

# an empty word makes a double space; str.split() also breaks at the no-break space
WORDS = ["Expediente", "de", "contratación", "", "pública", "del", "año", "2019,", "anexo",
         "técnico", "«Ñandú»", "Supercalifragilísticoexpialidoso\u00a0y", "otros"]


def test_one_line_shortcut_wraps_like_the_greedy_breaker():
    register_fonts()
    wrapper = Wrapper(FONT)
    rng = random.Random(7)
    for _ in range(2000):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 9)))
        width = rng.uniform(20, 300)
        # a line break forces the word-by-word path; its last paragraph is the empty one
        assert wrapper.lines(text, 6.8, width) == wrapper.lines(text + "\n", 6.8, width)[:-1]


def test_batched_digest_equals_the_whole_document_as_canonical_json():
    rows = [{"n": i, "fecha": dt.date(2020, 1, 1) + dt.timedelta(days=i),
             "valores": {"legal", "administrativo"}, "nota": None if i % 3 else "ñ\"\\"}
            for i in range(BATCH * 2 + 7)]
    digest = RowDigest("inventario_general", "fondo:1", "v1")
    for row in rows:
        digest.add(row)
    document = {"data_version": "v1", "kind": "inventario_general", "rows": rows,
                "subject": "fondo:1"}
    expected = hashlib.sha256(json.dumps(
        document, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
        default=_canonical).encode("utf-8")).hexdigest()
    assert digest.hexdigest() == expected


def test_text_beyond_one_byte_codes_prints_in_every_row():
    """Over 256 distinct characters spill into a second font subset mid-document."""
    alphabets = [range(0x391, 0x3A9), range(0x410, 0x450), range(0x531, 0x556),
                 range(0x3B1, 0x3C9), range(0x100, 0x17F)]
    letters = [chr(c) for block in alphabets for c in block if chr(c).isalpha()]
    assert len(letters) > 256
    layout = load_layout("inventario_general")
    header, rows, closing = samples.demo("inventario_general", 3)
    base = rows[0]
    rows = [{**base, "consecutivo": i + 1, "nombre": "".join(letters[i * 12:(i + 1) * 12]),
             "descripcion": f"Fila {i + 1}"} for i in range(len(letters) // 12)]
    text = compact("".join(pages_text(render(layout, header, rows, closing))))
    for row in rows:
        assert row["nombre"] in text
        assert compact(row["descripcion"]) in text


def test_long_words_break_where_a_character_by_character_sum_would():
    register_fonts()
    wrapper = Wrapper(FONT)
    rng = random.Random(11)
    alphabet = "abcdefghijklmnñopqrstuvwxyzÁÉÍÓÚ/.-0123456789WWMMii"
    for _ in range(500):
        word = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 120)))
        limit = rng.uniform(300, 8000)  # in 1/1000 em, as `lines` passes it
        expected, start, acc = [], 0, 0.0
        for i, ch in enumerate(word):
            cw = wrapper.chars[ch]
            if acc + cw > limit and i > start:
                expected.append(word[start:i])
                start, acc = i, 0.0
            acc += cw
        expected.append(word[start:])
        assert wrapper._break_word(word, limit) == expected
