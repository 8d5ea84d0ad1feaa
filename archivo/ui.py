"""Shared helpers of the HTML views: login gate, form parsing, form errors, Jinja filters."""

import datetime as dt
import functools
from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_babel import format_date, format_datetime, format_decimal, get_locale
from flask_babel import gettext as _
from marshmallow import ValidationError

from archivo.addresses import public_address
from archivo.auth import policies
from archivo.auth.current import csrf_token, current_actor
from archivo.auth.roles import ROL_LABELS
from archivo.errors import ArchivoError, Forbidden, NotFound, Unauthorized
from archivo.i18n import LANGUAGES, translate

DATE_FORMAT = "dd/MM/yyyy"


def login_required(view):
    """Send anonymous visitors to the sign-in page, then back here."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        if current_actor() is None:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return wrapper


def require(permission: str, unidad_id: int | None = None):
    """The signed-in actor, or Forbidden when the role lacks `permission`."""
    actor = current_actor()
    policies.require(actor, permission, unidad_id=unidad_id)
    return actor


def can(permission: str, unidad_id: int | None = None) -> bool:
    """True when the current actor may do `permission` (in that unit): hides buttons."""
    try:
        policies.require(current_actor(), permission, unidad_id=unidad_id)
    except (Forbidden, Unauthorized):
        return False
    return True


def safe_next(target: str | None, default: str) -> str:
    """A local redirect target only (no open redirects)."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return default


def form_data(*, nullable=(), booleans=(), lists=(), keep=()) -> dict:
    """The posted form as a service mapping: blanks dropped (None if nullable, kept if in
    `keep` so the schema reports them), checkboxes as bools, multi-selects as lists."""
    data: dict = {}
    for key, value in request.form.items():
        if key == "csrf_token" or key in booleans or key in lists:
            continue
        value = value.strip()
        if value:
            data[key] = value
        elif key in nullable:
            data[key] = None
        elif key in keep:
            data[key] = value
    for key in booleans:
        data[key] = key in request.form
    for key in lists:
        data[key] = request.form.getlist(key)
    return data


class FormErrors(dict):
    """Field -> list of messages (translated), plus `_form` for messages of the whole form."""

    @classmethod
    def from_exception(cls, err: Exception) -> "FormErrors":
        """Build from a marshmallow ValidationError or an ArchivoError."""
        errors = cls()
        if isinstance(err, ValidationError):
            messages = err.normalized_messages()
            for field, value in messages.items():
                errors[str(field)] = _flatten(value)
        elif isinstance(err, ArchivoError):
            errors[err.field or "_form"] = [err.message]
        if "_schema" in errors:
            errors.setdefault("_form", []).extend(errors.pop("_schema"))
        return errors


def _flatten(value) -> list[str]:
    if isinstance(value, dict):
        return [m for v in value.values() for m in _flatten(v)]
    if isinstance(value, list | tuple):
        return [m for v in value for m in _flatten(v)]
    return [translate(value)]


def attempt(fn, *args, **kwargs):
    """Run a use case: (result, None) or (None, FormErrors) for errors a form can show.

    Forbidden, NotFound and Unauthorized propagate: they are pages, not field messages.
    """
    try:
        return fn(*args, **kwargs), None
    except (Forbidden, NotFound, Unauthorized):
        raise
    except (ValidationError, ArchivoError) as err:
        return None, FormErrors.from_exception(err)


def render_invalid(template: str, errors: FormErrors, **context):
    """Re-render a form with its errors and the input kept (422)."""
    flash(_("Revise los campos marcados."), "error")
    return render_template(template, errors=errors, form=request.form, **context), 422


def done(message: str, endpoint: str, **values):
    """Flash a success message and redirect (post/redirect/get)."""
    flash(message, "success")
    return redirect(url_for(endpoint, **values))


def fecha(value) -> str:
    """dd/mm/aaaa (or an empty string)."""
    if not value:
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    if isinstance(value, dt.datetime):
        return format_datetime(value, DATE_FORMAT + " HH:mm")
    return format_date(value, DATE_FORMAT)


def numero(value) -> str:
    """A number with Mexican grouping."""
    return "" if value is None else format_decimal(value)


def page_url() -> str:
    """The address to come back to on this page (language switch): the page itself for a
    GET, else the page the form was posted from (a POST-only URL would answer 405)."""
    if request.method == "GET":
        return request.full_path.rstrip("?")  # werkzeug adds "?" when there is no query
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host and referrer.path.startswith("/"):
        return referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return "/"


def init_jinja(app) -> None:
    """Filters and globals every template can use."""
    app.jinja_env.filters.update(fecha=fecha, numero=numero, t=translate)
    app.jinja_env.globals.update(
        csrf_token=csrf_token, get_locale=get_locale, current_actor=current_actor, can=can,
        page_url=page_url, public_address=public_address,
        LANGUAGES=LANGUAGES,
        ROL_LABELS=ROL_LABELS, has_endpoint=lambda name: name in app.view_functions)
