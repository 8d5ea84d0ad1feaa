"""Hardening: no caching of signed-in pages, a workday session, capped zip reads."""

import datetime as dt
import zipfile

import pytest

from archivo.auth import service as auth
from archivo.auth.roles import Rol
from archivo.config import load_config
from archivo.records import storage
from tests import factories as f
from tests.views.conftest import Browser

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"


def test_signed_in_responses_are_not_stored(client, db):
    user = f.user(Rol.COORDINADOR)
    Browser(client).login(user)
    for url in ("/panel", "/api/v1/auth/me", "/consulta/cgca.json"):
        resp = client.get(url)
        assert resp.headers["Cache-Control"] == "no-store", url
    static = client.get("/static/css/archivo.css")
    static.close()
    assert static.status_code == 200 and "no-store" not in static.headers.get(
        "Cache-Control", "")


def test_token_responses_are_not_stored(client, db):
    _token, secret = auth.create_token(f.user(Rol.AUDITOR), {"nombre": "pruebas"})
    resp = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {secret}"})
    assert resp.status_code == 200 and resp.headers["Cache-Control"] == "no-store"


def test_anonymous_public_pages_may_be_cached(client, db):
    f.fondo()
    resp = client.get("/consulta/cgca")
    assert resp.status_code == 200 and "no-store" not in resp.headers.get("Cache-Control", "")
    assert resp.headers["X-Frame-Options"] == "DENY"


def test_session_lasts_a_workday_and_is_configurable(app, monkeypatch):
    monkeypatch.delenv("ARCHIVO_SESSION_HOURS", raising=False)
    assert load_config()["PERMANENT_SESSION_LIFETIME"] == dt.timedelta(hours=12)
    monkeypatch.setenv("ARCHIVO_SESSION_HOURS", "8")
    assert load_config()["PERMANENT_SESSION_LIFETIME"] == dt.timedelta(hours=8)
    assert app.config["PERMANENT_SESSION_LIFETIME"] <= dt.timedelta(hours=24)


def test_login_cookie_expires_with_the_session_lifetime(client, db):
    user = f.user(Rol.COORDINADOR)
    resp = Browser(client).login(user)
    cookie = next(c for c in resp.headers.getlist("Set-Cookie") if "archivo_session=" in c)
    expires = dt.datetime.strptime(cookie.split("Expires=")[1].split(";")[0],
                                   "%a, %d %b %Y %H:%M:%S GMT").replace(tzinfo=dt.UTC)
    assert expires - dt.datetime.now(dt.UTC) < dt.timedelta(hours=12, minutes=1)


def _zip(path, member: str, data: bytes):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(member, data)
    return path


def _xml(words: str) -> bytes:
    return f"<doc><p>{words}</p></doc>".encode()


def test_office_text_is_extracted_under_the_cap(tmp_path):
    docx = _zip(tmp_path / "a.docx", "word/document.xml", _xml("Acta de entrega"))
    odt = _zip(tmp_path / "a.odt", "content.xml", _xml("Oficio de respuesta"))
    assert storage.extract_text(docx, DOCX) == "Acta de entrega"
    assert storage.extract_text(odt, ODT) == "Oficio de respuesta"


def test_an_oversized_member_is_not_inflated(tmp_path, monkeypatch):
    monkeypatch.setattr(storage, "MAX_XML_MEMBER", 1000)
    bomb = _xml("a" * 5000)  # compresses to a few dozen bytes
    assert storage.extract_text(_zip(tmp_path / "b.docx", "word/document.xml", bomb),
                                DOCX) is None
    assert storage.extract_text(_zip(tmp_path / "b.odt", "content.xml", bomb), ODT) is None


def test_a_member_lying_about_its_size_is_not_inflated_either(tmp_path):
    path = _zip(tmp_path / "c.docx", "word/document.xml", _xml("b" * 5000))
    with zipfile.ZipFile(path) as z:
        z.getinfo("word/document.xml").file_size = 10  # as a forged header would say
        # zipfile inflates only the declared size, then finds the CRC wrong
        # (extract_text answers None for such a damaged file).
        with pytest.raises(zipfile.BadZipFile):
            storage._read_member(z, "word/document.xml", limit=1000)
