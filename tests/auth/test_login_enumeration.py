"""Login answers do not tell which usernames exist; failed logins are audited safely."""

import re

import pytest
from sqlalchemy import select

from archivo.audit.models import AuditEvent
from archivo.audit.service import verify_chain
from archivo.auth import service as auth
from archivo.auth.roles import Rol
from archivo.errors import Unauthorized
from tests import factories as f
from tests.views.conftest import Browser, text


def _answers(username: str, n: int, **kw) -> list[str]:
    """The refusals' texts, the lock's HH:MM masked (two runs may straddle a minute)."""
    out = []
    for _ in range(n):
        with pytest.raises(Unauthorized) as err:
            auth.authenticate({"username": username, "password": "mala-123456"}, **kw)
        out.append(re.sub(r"\d\d:\d\d", "HH:MM", str(err.value)))
    return out


def test_unknown_and_known_usernames_get_the_same_answers(db):
    user = f.user(Rol.COORDINADOR)
    known = _answers(user.username, 5, max_failures=3)
    unknown = _answers("nadie-por-aqui", 5, max_failures=3)
    assert known == unknown
    assert known[:3] == ["Usuario o contraseña incorrectos."] * 3
    assert known[3].startswith("Demasiados intentos fallidos. Intente de nuevo después de las")
    assert known[3] == known[4]


def test_lock_of_an_unknown_name_ends_like_a_users(db):
    user = f.user(Rol.COORDINADOR)
    # A zero-minute lock has ended by the next attempt: counting starts again.
    known = _answers(user.username, 5, max_failures=2, lock_minutes=0)
    unknown = _answers("nadie-por-aqui", 5, max_failures=2, lock_minutes=0)
    assert known == unknown == ["Usuario o contraseña incorrectos."] * 5


def test_inactive_user_is_answered_like_an_unknown_one(db):
    user = f.user(Rol.COORDINADOR)
    user.activo = False
    db.flush()
    assert _answers(user.username, 3, max_failures=2) == _answers("nadie", 3, max_failures=2)


def test_unknown_names_are_counted_each_on_its_own(db):
    _answers("uno-desconocido", 2, max_failures=3)
    assert _answers("otro-desconocido", 1, max_failures=3) == [
        "Usuario o contraseña incorrectos."]
    assert _answers("uno-desconocido", 2, max_failures=3)[-1].startswith("Demasiados")


def test_failed_logins_under_long_names_are_audited_and_counted(db):
    names = ["x" * 61, "x" * 80, "x" * 79 + "y"]
    for name in names:
        answers = _answers(name, 3, max_failures=2)
        assert answers[-1].startswith("Demasiados"), name
    subjects = db.scalars(select(AuditEvent.subject_id).where(
        AuditEvent.action.in_(("sesion.fallida", "sesion.bloqueada")))).all()
    assert subjects and all(len(s) <= 60 for s in subjects)
    assert len({auth.login_subject(n) for n in names}) == 3  # distinct names stay distinct
    event = db.scalars(select(AuditEvent).where(
        AuditEvent.subject_id == auth.login_subject("x" * 80))).first()
    assert event.after["usuario"] == "x" * 80 and event.after["motivo"]
    assert verify_chain().ok


def test_login_subject_keeps_short_names():
    assert auth.login_subject("ana") == "ana"
    assert auth.login_subject("a" * 60) == "a" * 60
    assert len(auth.login_subject("a" * 61)) == 60


def test_login_page_shows_the_same_lockout_for_unknown_names(app, client, db):
    browser = Browser(client)
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        browser.post("/entrar", {"username": "no-existe", "password": "mal-1234567"})
    resp = browser.post("/entrar", {"username": "no-existe", "password": "mal-1234567"})
    assert resp.status_code == 422 and "Demasiados intentos fallidos" in text(resp)
