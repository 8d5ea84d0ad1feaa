"""Users, passwords (argon2), login throttling and API tokens."""

import datetime as dt
import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from archivo.audit import service as audit
from archivo.audit.models import AuditEvent
from archivo.auth import policies
from archivo.auth.models import ApiToken, Usuario
from archivo.auth.roles import Rol
from archivo.auth.schemas import LoginSchema, TokenInputSchema, UserInputSchema
from archivo.catalog.models import UnidadAdministrativa
from archivo.db import get_session, utcnow
from archivo.errors import DomainError, NotFound, Unauthorized
from archivo.uow import UnitOfWork, transactional

_hasher = PasswordHasher()
# Verified against when the username does not exist, so timing does not reveal it.
_DUMMY_HASH = _hasher.hash("archivo-dummy-password")


def use_fast_hasher() -> None:
    """Cheap argon2 parameters, for the test suite and the demo loader only."""
    global _hasher, _DUMMY_HASH
    _hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    _DUMMY_HASH = _hasher.hash("archivo-dummy-password")
TOKEN_PREFIX = "arch_"  # noqa: S105 - a prefix, not a secret


def hash_password(password: str) -> str:
    """argon2id hash of a password."""
    return _hasher.hash(password)


def verify_password(stored: str, password: str) -> bool:
    """True when `password` matches the stored argon2 hash."""
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


@transactional
def create_user(actor, data: dict, *, uow: UnitOfWork, bootstrap: bool = False) -> Usuario:
    """Create a user (administrators only, or the CLI bootstrap)."""
    if not bootstrap:
        policies.require(actor, "users.manage")
    values = UserInputSchema().load(data)
    session = uow.session
    if session.scalar(select(Usuario.id).where(Usuario.username == values["username"])):
        raise DomainError("Ya existe un usuario con ese nombre de usuario.", field="username")
    _check_unidad(session, values["rol"], values["unidad_id"])
    user = Usuario(
        username=values["username"], nombre=values["nombre"], cargo=values["cargo"],
        email=values["email"], rol=values["rol"], unidad_id=values["unidad_id"],
        password_hash=hash_password(values["password"]),
    )
    session.add(user)
    session.flush()
    audit.record(uow, actor, "usuario.crear", "usuario", user.id,
                 after={"username": user.username, "rol": user.rol, "unidad_id": user.unidad_id})
    return user


def _check_unidad(session, rol: Rol, unidad_id: int | None) -> None:
    """A responsable de trámite is scoped to one existing unidad."""
    if rol == Rol.RESPONSABLE_TRAMITE and not unidad_id:
        raise DomainError("Un responsable de archivo de trámite debe tener una unidad.",
                          field="unidad_id")
    if unidad_id and not session.get(UnidadAdministrativa, unidad_id):
        raise DomainError("La unidad administrativa no existe.", field="unidad_id")


# Audit subject ids hold 60 characters; the login form accepts usernames of up to 80.
AUDIT_SUBJECT_MAX = 60
UNKNOWN_USER = "usuario desconocido o inactivo"


def login_subject(username: str) -> str:
    """Audit subject of a login under a name that is no active user: the name itself, or
    (longer than the column) its start plus a hash of the whole, stable so that attempts
    under one long name are still counted together."""
    if len(username) <= AUDIT_SUBJECT_MAX:
        return username
    digest = hashlib.sha256(username.encode()).hexdigest()[:12]
    return f"{username[:AUDIT_SUBJECT_MAX - len(digest) - 1]}~{digest}"


def _locked(uow, subject, until: dt.datetime, source: str | None):
    """Audit the refused attempt and answer with the lockout (same text for every name)."""
    audit.record(uow, None, "sesion.bloqueada", "usuario", subject, after={"origen": source})
    uow.commit()
    return Unauthorized(
        "Demasiados intentos fallidos. Intente de nuevo después de las {hora} (UTC).",
        hora=until.strftime("%H:%M"))


def _name_lockout(session, subject: str, max_failures: int,
                  lock_minutes: int) -> tuple[int, dt.datetime | None]:
    """(failures counted, locked until) for a name that is no active user.

    Such a name has no row to count on, so its count is read from the audit trail and
    follows a user's rules exactly: failures since the one that last locked it, and a
    lock of `lock_minutes` from that failure. Then the answers (wrong password, then
    «Demasiados intentos… HH:MM») do not tell whether the username exists.
    """
    rows = session.execute(
        select(AuditEvent.occurred_at, AuditEvent.after)
        .where(AuditEvent.subject_type == "usuario", AuditEvent.subject_id == subject,
               AuditEvent.action == "sesion.fallida")
        .order_by(AuditEvent.seq.desc()).limit(2 * max_failures)).all()
    failures = 0
    for occurred_at, after in rows:
        after = after or {}
        if after.get("motivo") != UNKNOWN_USER:
            continue  # a user whose id reads like this name: not the same subject
        if after.get("bloqueado"):
            return failures, occurred_at + dt.timedelta(minutes=lock_minutes)
        failures += 1
        if failures >= max_failures:
            break
    return failures, None


def authenticate(data: dict, *, max_failures: int = 5, lock_minutes: int = 15,
                 source: str | None = None) -> Usuario:
    """Check a username and password; failures are counted, audited and throttled.

    Unknown (or inactive) usernames are counted and locked out like users, so neither
    the messages nor the lockout reveal which usernames exist.
    """
    values = LoginSchema().load(data)
    with UnitOfWork() as uow:
        user = uow.session.scalar(select(Usuario).where(Usuario.username == values["username"]))
        now = utcnow()
        if user is None or not user.activo:
            subject = login_subject(values["username"])
            failures, until = _name_lockout(uow.session, subject, max_failures, lock_minutes)
            if until and until > now:  # a locked user's password is not checked either
                raise _locked(uow, subject, until, source)
            verify_password(_DUMMY_HASH, values["password"])
            after = {"motivo": UNKNOWN_USER, "origen": source,
                     "bloqueado": failures + 1 >= max_failures}
            if subject != values["username"]:
                after["usuario"] = values["username"]
            audit.record(uow, None, "sesion.fallida", "usuario", subject, after=after)
            uow.commit()
            raise Unauthorized("Usuario o contraseña incorrectos.")
        if user.locked_until and user.locked_until > now:
            raise _locked(uow, user.id, user.locked_until, source)
        if not verify_password(user.password_hash, values["password"]):
            user.failed_logins += 1
            if user.failed_logins >= max_failures:
                user.locked_until = now + dt.timedelta(minutes=lock_minutes)
                user.failed_logins = 0
            audit.record(uow, None, "sesion.fallida", "usuario", user.id,
                         after={"motivo": "contraseña incorrecta", "origen": source,
                                "bloqueado": user.locked_until is not None
                                and user.locked_until > now})
            uow.commit()
            raise Unauthorized("Usuario o contraseña incorrectos.")
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = hash_password(values["password"])
        user.failed_logins = 0
        user.locked_until = None
        audit.record(uow, user, "sesion.inicio", "usuario", user.id, after={"origen": source})
        uow.commit()
        return user


def _token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transactional
def create_token(actor, data: dict, *, uow: UnitOfWork) -> tuple[ApiToken, str]:
    """Issue an API token for the actor; returns the row and the secret (shown once)."""
    policies.require(actor, "tokens.own")
    values = TokenInputSchema().load(data)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        usuario_id=actor.id, nombre=values["nombre"], prefix=secret[:10],
        token_hash=_token_digest(secret),
        expires_at=utcnow() + dt.timedelta(days=values["dias"]),
    )
    uow.session.add(token)
    uow.session.flush()
    audit.record(uow, actor, "token.crear", "api_token", token.id,
                 after={"nombre": token.nombre, "prefix": token.prefix,
                        "expires_at": token.expires_at})
    return token, secret


@transactional
def revoke_token(actor, token_id: int, *, uow: UnitOfWork) -> ApiToken:
    """Revoke one of the actor's tokens (administrators may revoke anyone's)."""
    token = uow.session.get(ApiToken, token_id)
    if token is None or (token.usuario_id != actor.id and not policies.has(actor, "users.manage")):
        raise NotFound("El token no existe.")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record(uow, actor, "token.revocar", "api_token", token.id)
    return token


def user_for_token(secret: str) -> Usuario | None:
    """The active user owning a valid (unexpired, unrevoked) token, else None."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    session = get_session()
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == _token_digest(secret)))
    now = utcnow()
    if token is None or token.revoked_at or (token.expires_at and token.expires_at <= now):
        return None
    return token.usuario if token.usuario.activo else None


def list_tokens(actor) -> list[ApiToken]:
    """The actor's own tokens, newest first."""
    return list(get_session().scalars(
        select(ApiToken).where(ApiToken.usuario_id == actor.id).order_by(ApiToken.id.desc())))


def get_user(user_id: int) -> Usuario | None:
    """A user by id (None when missing)."""
    return get_session().get(Usuario, user_id)


def list_users(actor) -> list[Usuario]:
    """All users (administrators)."""
    policies.require(actor, "users.manage")
    return list(get_session().scalars(select(Usuario).order_by(Usuario.username)))


# --- user management (administrators) ---------------------------------------------------

_PROFILE = ("nombre", "cargo", "email", "rol", "unidad_id")
TEMP_PASSWORD_BYTES = 12  # 16 URL-safe characters, above the 10-character minimum


def _managed(actor, user_id: int, session) -> Usuario:
    policies.require(actor, "users.manage")
    user = session.get(Usuario, user_id)
    if user is None:
        raise NotFound("El usuario no existe.")
    return user


@transactional
def update_user(actor, user_id: int, data: dict, *, uow: UnitOfWork) -> Usuario:
    """Change a user's name, position, email, role or unidad (not the username)."""
    user = _managed(actor, user_id, uow.session)
    values = UserInputSchema(only=_PROFILE).load(data)
    _check_unidad(uow.session, values["rol"], values["unidad_id"])
    # Acting administrators keep their own role and access: so there is always one left.
    if user.id == actor.id and values["rol"] != user.rol:
        raise DomainError("No puede cambiar su propio rol.", field="rol")
    before = {k: getattr(user, k) for k in _PROFILE}
    for key, value in values.items():
        setattr(user, key, value)
    after = {k: getattr(user, k) for k in _PROFILE}
    changed = {k for k in _PROFILE if before[k] != after[k]}
    if changed:
        uow.session.flush()
        audit.record(uow, actor, "usuario.editar", "usuario", user.id,
                     before={k: before[k] for k in changed}, after={k: after[k] for k in changed})
    return user


@transactional
def set_user_active(actor, user_id: int, activo: bool, *, uow: UnitOfWork) -> Usuario:
    """Deactivate (sessions and tokens stop working at once) or reactivate a user."""
    user = _managed(actor, user_id, uow.session)
    if user.activo == activo:
        return user
    if user.id == actor.id:
        raise DomainError("No puede desactivar su propia cuenta.")
    user.activo = activo
    if activo:  # a fresh start: earlier failed attempts no longer count
        user.failed_logins, user.locked_until = 0, None
    uow.session.flush()
    audit.record(uow, actor, "usuario.reactivar" if activo else "usuario.desactivar",
                 "usuario", user.id, before={"activo": not activo}, after={"activo": activo})
    return user


@transactional
def reset_password(actor, user_id: int, *, uow: UnitOfWork) -> tuple[Usuario, str]:
    """Give a user a new random password (shown once to the administrator) and unlock it.

    The user's open sessions end, because a session is tied to the password hash.
    """
    user = _managed(actor, user_id, uow.session)
    password = secrets.token_urlsafe(TEMP_PASSWORD_BYTES)
    user.password_hash = hash_password(password)
    user.failed_logins, user.locked_until = 0, None
    uow.session.flush()
    audit.record(uow, actor, "usuario.restablecer_contrasena", "usuario", user.id)
    return user, password
