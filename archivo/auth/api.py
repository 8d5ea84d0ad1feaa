"""JSON API: sign in/out, the current user, API tokens and users."""

from flask import current_app, request
from flask_smorest import Blueprint

from archivo.api import body
from archivo.auth import service
from archivo.auth.current import csrf_token, require_login, sign_in, sign_out
from archivo.auth.schemas import (
    LoginSchema,
    TokenInputSchema,
    TokenOutputSchema,
    UserInputSchema,
    UserOutputSchema,
)
from archivo.web import json_body

blp = Blueprint("auth_api", __name__, url_prefix="/api/v1/auth",
                description="Sesión, tokens de API y usuarios")


@blp.post("/login")
@blp.doc(**body(LoginSchema), security=[])
@blp.response(200, UserOutputSchema)
def login():
    """Start a cookie session (for the web UI); the response carries the CSRF token."""
    user = service.authenticate(
        json_body(), max_failures=current_app.config["LOGIN_MAX_FAILURES"],
        lock_minutes=current_app.config["LOGIN_LOCK_MINUTES"], source=request.remote_addr)
    sign_in(user)
    return user, 200, {"X-CSRFToken": csrf_token()}


@blp.post("/logout")
@blp.response(204)
def logout():
    """End the cookie session."""
    sign_out()


@blp.get("/me")
@blp.response(200, UserOutputSchema)
def me():
    """The signed-in user."""
    return require_login()


@blp.get("/tokens")
@blp.response(200, TokenOutputSchema(many=True))
def tokens():
    """The current user's API tokens (never their secrets)."""
    return service.list_tokens(require_login())


@blp.post("/tokens")
@blp.doc(**body(TokenInputSchema))
def create_token():
    """Issue a token; the secret is in the response once and never again."""
    token, secret = service.create_token(require_login(), json_body())
    return {**TokenOutputSchema().dump(token), "token": secret}, 201


@blp.delete("/tokens/<int:token_id>")
@blp.response(200, TokenOutputSchema)
def revoke_token(token_id: int):
    """Revoke a token."""
    return service.revoke_token(require_login(), token_id)


@blp.get("/users")
@blp.response(200, UserOutputSchema(many=True))
def users():
    """All users (administrators)."""
    return service.list_users(require_login())


@blp.post("/users")
@blp.doc(**body(UserInputSchema))
@blp.response(201, UserOutputSchema)
def create_user():
    """Create a user (administrators)."""
    return service.create_user(require_login(), json_body())
