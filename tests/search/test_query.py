"""Query parsing never raises and degrades to plain words."""

import pytest

from archivo.search.query import And, Exact, Not, Or, Prefix, Terms, parse

BAD = [
    "", "   ", "*", "**", "a*", "(", ")", "((((", '"', '"obra', "obra)", "AND", "OR NOT",
    "x" * 10_000, "palabra " * 3000, "la de los", "foo:", ":", "titulo:", "-", "--obra",
    "((" * 50 + "obra" + "))" * 50, "serie:", "año:abc", "\x00\x01", "<script>",
]  # fmt: skip


@pytest.mark.parametrize("text", BAD)
def test_bad_queries_parse(text):
    parse(text)


def test_empty_and_stopwords_match_everything():
    assert parse("").root is None
    assert parse("la de los").root is None
    assert parse("*").root is None


def test_operators_english_and_spanish():
    assert isinstance(parse("obra OR contrato").root, Or)
    assert isinstance(parse("obra O contrato").root, Or)
    root = parse("obra NO contrato").root
    assert isinstance(root, And) and isinstance(root.nodes[1], Not)
    assert parse("obra Y contrato").root == parse("obra contrato").root


def test_phrase_prefix_and_fields():
    assert parse('"obra pública"').root == Terms(("obra", "public"))
    assert parse("licitaci*").root == Prefix("licit")
    assert parse("serie:04C.03").root == Exact("codigo", "4C.3")
    assert parse("clave:ieen/06C/6C.12/001/2008").root == Exact("clave", "IEEN/6C/6C.12/1/2008")
    assert parse("IEEN/6C/6C.12/001/2008").root == Exact("clave", "IEEN/6C/6C.12/1/2008")


def test_unknown_field_is_plain_words():
    assert parse("foo:contrato").root == And((Terms(("foo",)), Terms(("contrat",))))


def test_long_queries_are_capped():
    root = parse(" ".join(f"palabra{i}" for i in range(500))).root
    assert isinstance(root, And) and len(root.nodes) <= 32


def test_a_plausible_year_also_means_the_opening_year():
    from archivo.search.query import Exact, Or, Terms

    year = Or((Exact("anio", "2023"), Terms(("2023",))))
    assert parse("2023").root == year
    assert parse("licitación 2023").root.nodes[1] == year
    # Other numbers, and a year inside a field, stay as they were.
    assert parse("12345").root == Terms(("12345",))
    assert parse("3023").root == Terms(("3023",))
    assert parse("anio:2023").root == Exact("anio", "2023")


def test_any_words_text_only_for_plain_words():
    from archivo.search.query import any_words_text

    assert any_words_text("licitación de papelería Acaponeta") == (
        "licitación OR papelería OR Acaponeta")
    for text in ("licitación", "de la", '"licitación papelería"', "licitación -papelería",
                 "licit* papelería", "titulo:licitación papelería", "a OR b"):
        assert any_words_text(text) is None, text
