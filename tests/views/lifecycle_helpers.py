"""Helpers of the lifecycle view tests: a fondo with one user per lifecycle role."""

import pytest

from tests import factories as f


@pytest.fixture(name="lc")
def lc_fixture(db):
    """fondo_lifecycle (archives, three series by destino, one user per role)."""
    return f.fondo_lifecycle()


def login(browser, user) -> None:
    """Sign in as `user` (a fresh session: the previous user is signed out)."""
    browser.post("/salir")
    resp = browser.login(user)
    assert resp.status_code == 302, resp.get_data(as_text=True)
