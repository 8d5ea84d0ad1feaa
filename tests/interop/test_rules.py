"""Pure parts: XML escaping, OAI-PMH grammar and datestamps, resumption tokens, derivations."""

import datetime as dt

import pytest

from archivo.catalog.enums import Acceso
from archivo.interop import derive
from archivo.interop.oai import tokens
from archivo.interop.oai.protocol import OaiError, parse_request, parse_window
from archivo.interop.xmlwriter import XmlWriter, escape_attr, escape_text

NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


def test_escaping_drops_illegal_characters_and_keeps_the_rest():
    assert escape_text("a<b>&c\x00\x0b\ufffe🗄️") == "a&lt;b&gt;&amp;c🗄️"
    assert escape_attr('"x"\n\t') == "&quot;x&quot;&#10;&#9;"
    assert escape_text("plain ñ") == "plain ñ"


def test_writer_paragraphs_and_drain():
    w = XmlWriter(declaration=False)
    w.paragraphs("scopecontent", "Uno.\n\n  \nDos <b>")
    w.paragraphs("odd", "\x01\x02")  # only illegal characters: nothing at all
    assert w.drain() == b"<scopecontent>\n<p>Uno.</p>\n<p>Dos &lt;b&gt;</p>\n</scopecontent>\n"
    assert w.drain() == b""


@pytest.mark.parametrize(("pairs", "code"), [
    ([("verb", "Identify"), ("verb", "Identify")], "badVerb"),
    ([("verb", "ListSets"), ("set", "x")], "badArgument"),
    ([("verb", "ListIdentifiers"), ("resumptionToken", "t"), ("set", "x")], "badArgument"),
])
def test_grammar_errors(pairs, code):
    with pytest.raises(OaiError) as err:
        parse_request(pairs)
    assert err.value.code == code


def test_window_is_inclusive_at_both_granularities():
    w = parse_window("2020-01-01", "2020-01-31")
    assert w.start == dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    assert w.end == dt.datetime(2020, 2, 1, tzinfo=dt.UTC)
    w = parse_window(None, "2020-01-31T10:00:00Z")
    assert w.end == dt.datetime(2020, 1, 31, 10, 0, 1, tzinfo=dt.UTC)
    for bad in (("2020-02-30", None), ("2020-01-01T25:00:00Z", None), ("20200101", None)):
        with pytest.raises(OaiError):
            parse_window(*bad)


def test_tokens_round_trip_and_reject_tampering_other_keys_and_expiry():
    token, expires = tokens.issue({"after": 7}, secret="s" * 40, now=NOW, ttl=60)
    assert expires == NOW + dt.timedelta(seconds=60)
    assert tokens.redeem(token, secret="s" * 40, now=NOW) == {"after": 7}
    for bad, secret, now in ((token, "t" * 40, NOW), (token + "x", "s" * 40, NOW),
                             (token, "s" * 40, NOW + dt.timedelta(seconds=61)),
                             ("no-dot", "s" * 40, NOW), ("!!.!!", "s" * 40, NOW)):
        with pytest.raises(OaiError) as err:
            tokens.redeem(bad, secret=secret, now=now)
        assert err.value.code == "badResumptionToken"


def test_derived_texts():
    vol = derive.Volumen(2, 100, dt.date(2001, 1, 1), dt.date(2003, 1, 1))
    vol.add(derive.Volumen(1, 1, dt.date(1999, 5, 5), None))
    assert (vol.expedientes, vol.fojas, vol.desde) == (3, 101, dt.date(1999, 5, 5))
    assert derive.volumen_text(vol) == "3 expedientes, 101 fojas"
    assert derive.fechas_text(dt.date(2015, 1, 1), dt.date(2016, 1, 1)) == "2015-2016"
    assert derive.fechas_text(dt.date(2015, 1, 1), None) == "2015"
    assert "reservada hasta el 2030-01-01" in derive.acceso_text(
        Acceso.RESERVADA, fundamento="Art. 113", reserva_vence=dt.date(2030, 1, 1))
    assert derive.organizacion_text("fondo", [("4C", "Recursos humanos")]).endswith(
        "Secciones: 4C Recursos humanos.")
