"""Who is making the request: a bearer token or the signed-in session (the public otherwise)."""

import secrets

from flask import abort, g, request, session

from archivo.auth.models import Usuario
from archivo.auth.service import user_for_token
from archivo.db import get_session
from archivo.errors import Unauthorized

CSRF_HEADER = "X-CSRFToken"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def load_actor() -> None:
    """Resolve the actor once per request into `g.actor` (None for the public)."""
    g.actor, g.via_token = None, False
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise Unauthorized("Encabezado Authorization no válido; use «Bearer <token>».")
        user = user_for_token(secret.strip())
        if user is None:
            raise Unauthorized("Token no válido, vencido o revocado.")
        g.actor, g.via_token = user, True
        return
    uid = session.get("uid")
    if uid:
        user = get_session().get(Usuario, uid)
        if user is not None and user.activo and session.get("pwd") == user.password_hash[-16:]:
            g.actor = user
        else:
            session.clear()


def current_actor():
    """The acting user, or None for the anonymous public."""
    return g.get("actor")


def require_login():
    """The acting user, or 401."""
    actor = current_actor()
    if actor is None:
        raise Unauthorized("Inicie sesión para continuar.")
    return actor


def csrf_token() -> str:
    """The session's CSRF token (created on first use)."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def check_csrf() -> None:
    """Cookie-authenticated writes must echo the session's token (forms or header)."""
    if request.method in SAFE_METHODS or g.get("via_token"):
        return
    if request.endpoint == "auth_api.login" and request.is_json:
        return  # a JSON body cannot be sent cross-site without a CORS preflight
    if request.endpoint == "oai.endpoint":
        return  # OAI-PMH allows POST for harvesting; it is read-only and anonymous
    sent = request.headers.get(CSRF_HEADER) or request.form.get("csrf_token")
    expected = session.get("csrf")
    if not expected or not sent or not secrets.compare_digest(sent, expected):
        if request.path.startswith("/api/") and current_actor() is None:
            return  # no session: nothing to forge; the endpoint answers 401 itself
        abort(400, description="csrf")


def sign_in(user: Usuario) -> None:
    """Start a fresh session for `user` (new id against fixation)."""
    lang = session.get("lang")
    session.clear()
    session["uid"] = user.id
    session["pwd"] = user.password_hash[-16:]  # a password change ends other sessions
    session["csrf"] = secrets.token_urlsafe(32)
    if lang:
        session["lang"] = lang
    session.permanent = True


def sign_out() -> None:
    """End the session."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
