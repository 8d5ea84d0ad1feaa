"""Sign in and out, throttling messages, language switcher, CSRF, API tokens."""

from archivo.auth.roles import Rol
from tests import factories as f
from tests.views.conftest import text


def test_login_page_renders_in_spanish(browser, db):
    resp = browser.get("/entrar")
    assert resp.status_code == 200
    body = text(resp)
    assert '<html lang="es-MX">' in body and "Contraseña" in body
    assert 'name="csrf_token"' in body


def test_login_and_logout(browser, ctx):
    user = f.user(Rol.COORDINADOR)
    resp = browser.login(user)
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/panel")
    assert "Bienvenido" in text(browser.get("/panel"))
    resp = browser.post("/salir")
    assert resp.status_code == 302
    assert browser.get("/panel").status_code == 302  # back to the login page


def test_wrong_password_rerenders_422_without_echoing_it(browser, db):
    user = f.user(Rol.COORDINADOR)
    resp = browser.login(user, password="incorrecta-123")
    assert resp.status_code == 422
    body = text(resp)
    assert "Usuario o contraseña incorrectos." in body
    assert "incorrecta-123" not in body
    assert f'value="{user.username}"' in body


def test_empty_login_shows_field_errors(browser, db):
    resp = browser.post("/entrar", {"username": "", "password": ""})
    assert resp.status_code == 422
    assert "Debe tener entre 1 y 80 caracteres." in text(resp) or "obligatorio" in text(resp)


def test_lockout_message_after_repeated_failures(browser, app, db):
    user = f.user(Rol.COORDINADOR)
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        browser.login(user, password="mal-1234567")
    resp = browser.login(user)
    assert resp.status_code == 422
    assert "Demasiados intentos fallidos" in text(resp)


def test_login_rejects_missing_csrf(browser, db):
    user = f.user(Rol.COORDINADOR)
    resp = browser.post("/entrar", {"username": user.username, "password": f.PASSWORD},
                        csrf=False)
    assert resp.status_code == 400


def test_open_redirect_is_ignored(browser, db):
    user = f.user(Rol.COORDINADOR)
    resp = browser.post("/entrar", {"username": user.username, "password": f.PASSWORD,
                                    "next": "https://malicioso.example/"})
    assert resp.headers["Location"].endswith("/panel")


def test_language_switcher_translates_the_ui(browser, db):
    resp = browser.get("/idioma/en?next=/entrar")
    assert resp.status_code == 302
    body = text(browser.get("/entrar"))
    assert '<html lang="en">' in body and "Password" in body
    browser.get("/idioma/es")
    assert "Contraseña" in text(browser.get("/entrar"))


def test_english_error_messages(browser, db):
    browser.get("/idioma/en")
    user = f.user(Rol.COORDINADOR)
    resp = browser.login(user, password="incorrecta-123")
    assert "Incorrect username or password." in text(resp)


def test_anonymous_is_sent_to_login(browser, db):
    resp = browser.get("/expedientes?etapa=tramite")
    assert resp.status_code == 302
    assert "/entrar?next=" in resp.headers["Location"]


def test_tokens_create_show_once_and_revoke(browser, as_role):
    as_role(Rol.AUDITOR)
    resp = browser.post("/cuenta/tokens", {"nombre": "Oficialía", "dias": "30"})
    assert resp.status_code == 201
    assert "arch_" in text(resp) and "no se volverá a mostrar" in text(resp)
    listing = text(browser.get("/cuenta/tokens"))
    assert "Oficialía" in listing and "arch_" in listing  # the prefix only
    from archivo.auth.models import ApiToken
    from archivo.db import get_session
    token = get_session().query(ApiToken).filter_by(nombre="Oficialía").one()
    resp = browser.post(f"/cuenta/tokens/{token.id}/revocar")
    assert resp.status_code == 302
    assert "Revocado" in text(browser.get("/cuenta/tokens"))


def test_token_form_errors(browser, as_role):
    as_role(Rol.COORDINADOR)
    resp = browser.post("/cuenta/tokens", {"nombre": "", "dias": "9999"})
    assert resp.status_code == 422
    body = text(resp)
    assert "Este campo es obligatorio." in body and "Debe estar entre 1 y 730." in body


def test_security_headers_on_pages(browser, db):
    resp = browser.get("/")
    assert "script-src 'self'" in resp.headers["Content-Security-Policy"]
    assert "<script>" not in text(resp) and 'style="' not in text(resp)
