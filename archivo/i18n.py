"""Translations: Spanish (es-MX) is the source language, English the other.

Messages are written in Spanish in the code and translated when a response is built
(`translate`), so marshmallow and the services can keep plain `str` messages.
Messages with placeholders ("Debe tener como máximo {max} caracteres.") are registered
with `template()` so their formatted text can still be matched and translated.
"""

import re

from flask import has_request_context, request, session
from flask_babel import Babel, get_locale, gettext, lazy_gettext

LANGUAGES = ("es", "en")
_ = lazy_gettext  # for UI strings rendered in a request
babel = Babel()
_TEMPLATES: list[tuple[str, re.Pattern]] = []


def N_(message: str) -> str:  # noqa: N802 - gettext's conventional name
    """Mark a Spanish message for extraction; it is translated when rendered."""
    return message


def template(message: str) -> str:
    """Register a message with {placeholders} so its formatted form can be translated."""
    parts = re.split(r"\{(\w+)\}", message)
    pattern = "".join(
        re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts)
    )
    _TEMPLATES.append((message, re.compile(pattern)))
    return message


def translate(message) -> str:
    """The message in the request's language (Spanish messages pass through)."""
    message = str(message)
    if not has_request_context() or str(get_locale() or "es").startswith("es"):
        return message
    translated = gettext(message)
    if translated != message:
        return translated
    for source, pattern in _TEMPLATES:
        match = pattern.fullmatch(message)
        if match:
            return gettext(source).format(**match.groupdict())
    return message


# Babel locale per language: Mexican Spanish writes 1,228.5 (not Spain's 1.228,5).
BABEL_LOCALES = {"es": "es_MX", "en": "en"}


def select_locale() -> str:
    """The user's choice (query or session) first, then Accept-Language, then Spanish."""
    if not has_request_context():
        return BABEL_LOCALES["es"]
    chosen = request.args.get("lang") or session.get("lang")
    if chosen not in LANGUAGES:
        chosen = request.accept_languages.best_match(LANGUAGES, default="es") or "es"
    return BABEL_LOCALES[chosen]


def init_app(app) -> None:
    """Attach Flask-Babel with Mexico's timezone and our locale selector."""
    app.config.setdefault("BABEL_DEFAULT_LOCALE", BABEL_LOCALES["es"])
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", "America/Mexico_City")
    babel.init_app(app, locale_selector=select_locale)
