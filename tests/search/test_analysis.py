"""Spanish analysis: folding, stems, stopwords, codes and keys."""

import unicodedata

import pytest

from archivo.search.analysis import (
    analyze,
    code_terms,
    fold,
    iter_terms,
    looks_like_code,
    looks_like_key,
    normalize_key,
)


@pytest.mark.parametrize(
    "a,b",
    [
        ("licitación", "licitacion"),
        ("licitación", "licitaciones"),
        ("Licitaciones", "LICITACIÓN"),
        ("contratos", "contrato"),
        ("decisión", "decision"),
        ("obras", "obra"),
        ("actas", "acta"),
        ("auditorías", "auditoria"),
        ("nóminas", "nomina"),
        ("año", "ano"),
        ("señal", "senal"),
    ],
)
def test_same_term_both_ways(a, b):
    assert analyze(a) == analyze(b)
    assert len(analyze(a)) == 1


def test_decomposed_accents_are_one_word():
    assert analyze(unicodedata.normalize("NFD", "Licitación pública")) == analyze(
        "licitacion publica"
    )


def test_fold_drops_accents_and_tilde():
    assert fold("ÁÉÍÓÚÜÑáéíóúüñ") == "aeiouunaeiouun"


def test_stopwords_removed():
    assert analyze("de la y los en el") == []
    assert analyze("el contrato de la obra") == analyze("contrato obra")


def test_estado_is_not_a_stopword():
    assert analyze("estados financieros")


def test_numbers_kept_and_overlong_tokens_dropped():
    assert "2008" in analyze("ejercicio 2008")
    assert analyze("x" * 200) == []


@pytest.mark.parametrize("code", ["4C.3", "04C.03", "4c.3", " 04C.3 "])
def test_codes_padded_or_not(code):
    assert code_terms(code)[0] == "4C.3"


def test_code_terms_include_parents():
    assert code_terms("04C.03.01") == ["4C.3.1", "4C.3", "4C"]
    assert code_terms("") == []


def test_keys_normalised_per_segment():
    assert normalize_key("ieen/06C/06C.12/001/2008") == "IEEN/6C/6C.12/1/2008"
    assert normalize_key("IEEN/6C/6C.12/1/2008/") == "IEEN/6C/6C.12/1/2008"


def test_query_shapes():
    assert looks_like_code("4C.3") and looks_like_code("04C") and looks_like_code("13S")
    assert not looks_like_code("2008") and not looks_like_code("contrato")
    assert looks_like_key("IEEN/6C/6C.12/001/2008")


@pytest.mark.parametrize(
    "text",
    [
        "Licitación pública de obras del edificio central, 2008",
        unicodedata.normalize("NFD", "Nóminas y señales del año"),
        "de la los y",  # only stopwords
        "x" * 41 + " contrato " + "y" * 40,  # overlong dropped, 40 kept
        "\u0301 suelto",  # a lone combining mark is a (folded, empty) word
        "snake_case 4C.3 IEEN/6C/001",
    ],
)
def test_analyze_memo_gives_the_terms_of_the_full_chain(text):
    # `analyze` memoises per word; it must equal the token-by-token chain.
    expected = [term for term, _s, _e, _stop in iter_terms(text)]
    assert analyze(text) == expected
    assert analyze(text) == expected  # second call: from the memo


def test_code_terms_are_fresh_lists():
    first = code_terms("6C.12")
    first.append("mutated")
    assert code_terms("6C.12") == ["6C.12", "6C"]
