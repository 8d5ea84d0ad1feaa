"""Passwords, throttling, tokens, and the tamper-evident audit chain."""

import datetime as dt

import pytest
from sqlalchemy import select, update

from archivo.audit.models import AuditEvent
from archivo.audit.service import verify_chain
from archivo.auth import service as auth
from archivo.auth.roles import Rol
from archivo.db import utcnow
from archivo.errors import Forbidden, Unauthorized
from tests import factories as f


def test_passwords_are_hashed_with_argon2(db):
    user = f.user(Rol.COORDINADOR)
    assert user.password_hash.startswith("$argon2id$") and f.PASSWORD not in user.password_hash
    assert auth.authenticate({"username": user.username, "password": f.PASSWORD}).id == user.id


def test_wrong_password_is_audited_and_throttled(db):
    user = f.user(Rol.COORDINADOR)
    for _ in range(3):
        with pytest.raises(Unauthorized):
            auth.authenticate({"username": user.username, "password": "mala"}, max_failures=3)
    assert user.locked_until is not None
    with pytest.raises(Unauthorized) as err:  # even the right password waits
        auth.authenticate({"username": user.username, "password": f.PASSWORD}, max_failures=3)
    assert "Demasiados intentos" in str(err.value)
    actions = db.scalars(select(AuditEvent.action).where(
        AuditEvent.subject_id == str(user.id))).all()
    assert actions.count("sesion.fallida") == 3 and "sesion.bloqueada" in actions


def test_unknown_user_gets_the_same_answer(db):
    with pytest.raises(Unauthorized) as err:
        auth.authenticate({"username": "nadie", "password": "x"})
    assert str(err.value) == "Usuario o contraseña incorrectos."


def test_tokens_are_stored_hashed_expire_and_revoke(db):
    user = f.user(Rol.COORDINADOR)
    token, secret = auth.create_token(user, {"nombre": "Integración"})
    assert secret not in token.token_hash and auth.user_for_token(secret).id == user.id
    token.expires_at = utcnow() - dt.timedelta(seconds=1)
    assert auth.user_for_token(secret) is None
    token.expires_at = utcnow() + dt.timedelta(days=1)
    auth.revoke_token(user, token.id)
    assert auth.user_for_token(secret) is None
    assert auth.user_for_token("arch_inventado") is None


def test_only_admins_create_users(db):
    with pytest.raises(Forbidden):
        auth.create_user(f.user(Rol.AUDITOR), {"username": "nuevo", "nombre": "N",
                                               "rol": "auditor", "password": f.PASSWORD})


def test_chain_verifies_and_detects_tampering(db):
    ctx = f.fondo()
    f.closed_expediente(ctx)
    report = verify_chain()
    assert report.ok and report.events >= 8
    victim = db.scalars(select(AuditEvent).order_by(AuditEvent.seq).offset(3)).first()
    db.execute(update(AuditEvent).where(AuditEvent.id == victim.id)
               .values(after={"nombre": "alterado"}))
    db.expire_all()
    report = verify_chain()
    assert not report.ok and report.broken_at == victim.seq
    assert "alterado" in report.reason


def test_chain_detects_a_removed_event(db):
    f.fondo()
    victim = db.scalars(select(AuditEvent).order_by(AuditEvent.seq).offset(2)).first()
    db.delete(victim)
    db.flush()
    db.expire_all()
    report = verify_chain()
    assert not report.ok and report.broken_at == victim.seq + 1
