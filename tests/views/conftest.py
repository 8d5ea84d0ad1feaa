"""Helpers of the view tests: sign in as a role, post forms with the session's CSRF token."""

import pytest

from archivo.auth.roles import Rol
from tests import factories as f


class Browser:
    """A test client that signs in and sends the CSRF token with every form."""

    def __init__(self, client):
        self.client = client

    def token(self) -> str:
        self.client.get("/entrar")  # makes sure the session has a CSRF token
        with self.client.session_transaction() as session:
            return session["csrf"]

    def login(self, user, password: str = f.PASSWORD):
        resp = self.post("/entrar", {"username": user.username, "password": password})
        return resp

    def get(self, url: str, **kwargs):
        return self.client.get(url, **kwargs)

    def post(self, url: str, data: dict | None = None, *, csrf: bool = True, **kwargs):
        data = dict(data or {})
        if csrf:
            data["csrf_token"] = self.token()
        return self.client.post(url, data=data, **kwargs)


@pytest.fixture
def ctx(db):
    """A fondo with unit DA, sección 4C, serie 4C.3 and an approved CADIDO."""
    return f.fondo()


@pytest.fixture
def browser(client):
    return Browser(client)


@pytest.fixture
def as_role(browser, ctx):
    """Sign in as a new user of that role (responsables de trámite in the context's unit)."""

    def _login(rol: Rol, unidad=None):
        unidad = unidad or (ctx["unidad"] if rol == Rol.RESPONSABLE_TRAMITE else None)
        user = f.user(rol, unidad)
        resp = browser.login(user)
        assert resp.status_code == 302, resp.get_data(as_text=True)
        return user

    return _login


def text(resp) -> str:
    return resp.get_data(as_text=True)
