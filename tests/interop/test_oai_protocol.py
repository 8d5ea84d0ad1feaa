"""OAI-PMH 2.0 protocol: every verb, every error code, selective harvesting and no leaks."""

import datetime as dt

import pytest
from lxml import etree
from sqlalchemy import update

from archivo.db import get_session
from archivo.interop.models import Nivel
from archivo.interop.oai import tokens
from archivo.interop.service import update_description
from archivo.records.models import Expediente

NS = {"o": "http://www.openarchives.org/OAI/2.0/", "dc": "http://purl.org/dc/elements/1.1/",
      "e": "http://ead3.archivists.org/schema/"}


@pytest.fixture
def oai(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "OAI_REPOSITORY_ID", "archivo.test")
    monkeypatch.setitem(app.config, "OAI_PAGE_SIZE", 2)

    def get(**args):
        resp = client.get("/oai", query_string=args)
        assert resp.status_code == 200
        assert resp.mimetype == "text/xml"
        return etree.fromstring(resp.data)
    return get


def error_code(doc) -> str | None:
    err = doc.find("o:error", NS)
    return None if err is None else err.get("code")


def oai_id(exp) -> str:
    return f"oai:archivo.test:expediente/{exp.id}"


def identifiers(doc) -> list[str]:
    return [h.findtext("o:identifier", namespaces=NS) for h in doc.iter(f"{{{NS['o']}}}header")]


@pytest.mark.parametrize(("args", "code"), [
    ({}, "badVerb"),
    ({"verb": "ListThings"}, "badVerb"),
    ({"verb": "Identify", "extra": "1"}, "badArgument"),
    ({"verb": "ListRecords"}, "badArgument"),
    ({"verb": "GetRecord", "metadataPrefix": "oai_dc"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2020-13-01"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "ayer"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2020-01-01T00:00:00.5Z"},
     "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2020-01-01",
      "until": "2020-02-01T00:00:00Z"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2021-01-01",
      "until": "2020-01-01"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2999-01-01"},
     "noRecordsMatch"),
    ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "NOEXISTE:1C"},
     "noRecordsMatch"),
    ({"verb": "ListRecords", "resumptionToken": "abc"}, "badResumptionToken"),
    ({"verb": "ListRecords", "resumptionToken": "x.y", "metadataPrefix": "oai_dc"},
     "badArgument"),
    ({"verb": "ListSets", "resumptionToken": "abc"}, "badResumptionToken"),
    ({"verb": "GetRecord", "identifier": "oai:otro.org:expediente/1",
      "metadataPrefix": "oai_dc"}, "idDoesNotExist"),
    ({"verb": "ListMetadataFormats", "identifier": "oai:archivo.test:expediente/999999"},
     "idDoesNotExist"),
])
def test_protocol_errors(described, oai, args, code):
    doc = oai(**args)
    assert error_code(doc) == code
    request = doc.find("o:request", NS)
    if code in ("badVerb", "badArgument"):
        assert request.attrib == {}  # spec 3.2: no attributes echoed for these
    assert doc.find("o:responseDate", NS).text.endswith("Z")


def test_repeated_argument_is_bad_argument(described, client, app, monkeypatch):
    monkeypatch.setitem(app.config, "OAI_REPOSITORY_ID", "archivo.test")
    resp = client.get("/oai?verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=ead")
    assert error_code(etree.fromstring(resp.data)) == "badArgument"
    resp = client.get("/oai?verb=Identify&verb=Identify")
    assert error_code(etree.fromstring(resp.data)) == "badVerb"


def test_empty_repository_has_no_set_hierarchy(db, oai):
    assert error_code(oai(verb="ListSets")) == "noSetHierarchy"
    assert error_code(oai(verb="ListIdentifiers", metadataPrefix="oai_dc",
                          set="X")) == "noSetHierarchy"


def test_identify(described, oai):
    doc = oai(verb="Identify")
    ident = doc.find("o:Identify", NS)
    assert ident.findtext("o:protocolVersion", namespaces=NS) == "2.0"
    assert ident.findtext("o:deletedRecord", namespaces=NS) == "persistent"
    assert ident.findtext("o:granularity", namespaces=NS) == "YYYY-MM-DDThh:mm:ssZ"
    assert ident.findtext("o:baseURL", namespaces=NS).endswith("/oai")


def test_metadata_formats_and_sets(described, oai):
    doc = oai(verb="ListMetadataFormats", identifier=oai_id(described["public"][0]))
    prefixes = [e.text for e in doc.iter(f"{{{NS['o']}}}metadataPrefix")]
    assert prefixes == ["oai_dc", "ead"]
    doc = oai(verb="ListSets")
    specs = [e.text for e in doc.iter(f"{{{NS['o']}}}setSpec")]
    clave = described["fondo"].clave
    assert {clave, f"{clave}:4C", f"{clave}:4C:4C.3", f"{clave}:4C:4C.4:4C.4.1"} <= set(specs)


@pytest.mark.parametrize("which", ["confidencial", "reservada"])
def test_non_public_identifier_does_not_exist(described, oai, which):
    for verb in ("GetRecord", "ListMetadataFormats"):
        args = {"verb": verb, "identifier": oai_id(described[which])}
        if verb == "GetRecord":
            args["metadataPrefix"] = "oai_dc"
        doc = oai(**args)
        assert error_code(doc) == "idDoesNotExist"
        assert "Juana" not in etree.tostring(doc, encoding="unicode")


def test_get_record_oai_dc_and_ead(described, oai):
    exp = described["public"][0]
    doc = oai(verb="GetRecord", identifier=oai_id(exp), metadataPrefix="oai_dc")
    assert doc.findtext(".//dc:title", namespaces=NS) == "Nómina quincenal 0"
    assert doc.findtext(".//dc:identifier", namespaces=NS) == exp.clave
    doc = oai(verb="GetRecord", identifier=oai_id(exp), metadataPrefix="ead")
    ead = doc.find(".//e:ead", NS)
    from tests.interop.helpers import assert_valid_ead3

    assert_valid_ead3(etree.tostring(ead))
    assert ead.find("e:archdesc", NS).get("level") == "file"


def test_disposed_expediente_is_a_deleted_record(described, oai):
    doc = oai(verb="GetRecord", identifier=oai_id(described["baja"]), metadataPrefix="oai_dc")
    header = doc.find(".//o:header", NS)
    assert header.get("status") == "deleted"
    assert doc.find(".//o:metadata", NS) is None


def test_list_pages_with_tokens_and_never_leaks(described, oai):
    seen, token, pages = [], None, 0
    while True:
        args = {"resumptionToken": token} if token else {"metadataPrefix": "oai_dc"}
        doc = oai(verb="ListRecords", **args)
        assert error_code(doc) is None
        seen += identifiers(doc)
        pages += 1
        rt = doc.find(".//o:resumptionToken", NS)
        token = rt.text if rt is not None else None
        if not token:
            break
        assert rt.get("completeListSize") == "5"
    expected = {oai_id(e) for e in [*described["public"], described["baja"]]}
    assert sorted(seen) == sorted(expected) and len(seen) == len(expected)
    assert pages == 3
    body = b"".join(etree.tostring(oai(verb="ListRecords", metadataPrefix=p))
                    for p in ("oai_dc", "ead"))
    assert b"Juana" not in body and b"Auditor\xc3\xada" not in body and b"Secreto" not in body


def test_tampered_and_expired_tokens(described, oai, app):
    doc = oai(verb="ListIdentifiers", metadataPrefix="oai_dc")
    token = doc.findtext(".//o:resumptionToken", namespaces=NS)
    body, mac = token.split(".")
    forged = body[:-2] + ("A" if body[-2] != "A" else "B") + body[-1] + "." + mac
    assert error_code(oai(verb="ListIdentifiers", resumptionToken=forged)) == \
        "badResumptionToken"
    assert error_code(oai(verb="ListRecords", resumptionToken=token)) == "badResumptionToken"
    old, _ = tokens.issue({"verb": "ListIdentifiers", "prefix": "oai_dc", "set": None,
                           "from": None, "until": None, "after": 0, "cursor": 0, "size": 5},
                          secret=app.config["SECRET_KEY"],
                          now=dt.datetime.now(dt.UTC) - dt.timedelta(hours=2), ttl=3600)
    assert error_code(oai(verb="ListIdentifiers", resumptionToken=old)) == "badResumptionToken"


def test_selective_harvest_by_set_and_datestamp(described, oai):
    clave = described["fondo"].clave
    doc = oai(verb="ListIdentifiers", metadataPrefix="oai_dc", set=f"{clave}:4C:4C.4")
    assert identifiers(doc) == [oai_id(described["public"][3])]  # via its subserie 4C.4.1
    old = described["public"][1]
    get_session().execute(update(Expediente).where(Expediente.id == old.id).values(
        updated_at=dt.datetime(2020, 5, 5, 10, 0, 0, tzinfo=dt.UTC)))
    doc = oai(verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": "2020-05-05",
                                                                  "until": "2020-05-05"})
    assert identifiers(doc) == [oai_id(old)]
    doc = oai(verb="ListIdentifiers", metadataPrefix="oai_dc",
              **{"from": "2020-05-05T10:00:01Z", "until": "2020-12-31T00:00:00Z"})
    assert error_code(doc) == "noRecordsMatch"
    # Describing the expediente moves its datestamp: harvesters see a changed record.
    update_description(described["actor"], Nivel.EXPEDIENTE, old.id, {"notas": "Revisado"})
    doc = oai(verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": "2020-05-05",
                                                                  "until": "2020-05-05"})
    assert error_code(doc) == "noRecordsMatch"


def test_hostile_strings_in_records(hostile, oai):
    exp = hostile["expediente"]
    doc = oai(verb="GetRecord", identifier=oai_id(exp), metadataPrefix="oai_dc")
    title = doc.findtext(".//dc:title", namespaces=NS)
    assert "<script>" in title and "🗄️📜" in title and "\x01" not in title
    doc = oai(verb="GetRecord", identifier=oai_id(exp), metadataPrefix="ead")
    from tests.interop.helpers import assert_valid_ead3

    assert_valid_ead3(etree.tostring(doc.find(".//e:ead", NS)))
    sets = oai(verb="ListSets")
    names = {s.findtext("o:setSpec", namespaces=NS): s.findtext("o:setName", namespaces=NS)
             for s in sets.iter(f"{{{NS['o']}}}set")}
    assert names["HOST"].startswith("Fondo <script>alert('x')</script> &")
