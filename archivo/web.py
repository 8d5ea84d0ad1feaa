"""Request plumbing shared by the API and the HTML views: security headers, JSON bodies, paging."""

import math

from flask import Flask, request
from marshmallow import ValidationError

from archivo.auth.current import check_csrf, current_actor, load_actor
from archivo.i18n import N_

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


def json_body() -> dict:
    """The request's JSON object, or a 422 explaining what is wrong with it."""
    data = request.get_json(silent=True, force=False)
    if data is None:
        if not request.data:
            raise ValidationError({"_schema": [N_("Se esperaba un cuerpo JSON.")]})
        if not request.is_json:
            raise ValidationError({"_schema": ["Envíe Content-Type: application/json."]})
        raise ValidationError({"_schema": ["El cuerpo no es JSON válido."]})
    if not isinstance(data, dict):
        raise ValidationError({"_schema": [N_("Se esperaba un objeto JSON.")]})
    return data


def page_payload(items: list, total: int, page: int, per_page: int) -> dict:
    """The envelope of every paged list in the API."""
    return {"items": items, "total": total, "page": page, "per_page": per_page,
            "pages": math.ceil(total / per_page) if per_page else 0}


def expected_version() -> int | None:
    """Optimistic check: the client's `If-Match` header (the version it edited)."""
    value = request.headers.get("If-Match", "").strip('"W/ ')
    return int(value) if value.isdigit() else None


def init_app(app: Flask) -> None:
    """Install per-request hooks."""

    @app.before_request
    def _before():
        load_actor()
        check_csrf()

    @app.after_request
    def _headers(resp):
        resp.headers.setdefault("Content-Security-Policy", CSP)
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["X-Frame-Options"] = "DENY"
        resp.headers["Referrer-Policy"] = "same-origin"
        if app.config.get("SESSION_COOKIE_SECURE"):
            resp.headers["Strict-Transport-Security"] = "max-age=31536000"
        if current_actor() is not None and request.endpoint != "static":
            # What a signed-in user (session or token) sees may be protected: no browser
            # or proxy keeps a copy. Anonymous public pages and static files stay cacheable.
            resp.headers["Cache-Control"] = "no-store"
        return resp
