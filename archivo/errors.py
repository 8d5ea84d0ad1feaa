"""Domain exceptions and their HTTP rendering (JSON under /api, HTML elsewhere)."""

import datetime as dt

from flask import jsonify, render_template, request
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from archivo.i18n import N_, translate


class ArchivoError(Exception):
    """Base of the errors a use case raises on purpose."""

    status = 400
    code = "error"

    def __init__(self, message: str, field: str | None = None, **params):
        # `message` is a Spanish template; `params` fill it and travel as details.
        super().__init__(message.format(**params) if params else message)
        self.template = message
        self.field = field
        self.params = params

    @property
    def message(self) -> str:
        """The message in the request's language."""
        text = translate(self.template)
        if not self.params:
            return text
        from archivo.labels import label
        from archivo.ui import fecha

        # Dates read as everywhere in the UI (dd/mm/aaaa; the JSON details keep ISO).
        # Translated: enum values filling it (etapa, estado, acceso…) get their labels too.
        spanish = text == self.template
        return text.format(**{
            k: fecha(v) if isinstance(v, dt.date) else
            label(v) if isinstance(v, str) and not spanish else v
            for k, v in self.params.items()})

    def to_dict(self) -> dict:
        body = {"code": self.code, "message": self.message}
        if self.field:
            body["fields"] = {self.field: [self.message]}
        if self.params:
            body["details"] = _stringify(self.params)
        return body


class DomainError(ArchivoError):
    """A rule of the domain blocks the operation (409)."""

    status = 409
    code = "rule_violation"


class InvalidTransition(DomainError):
    """The object's state does not allow this step (409)."""

    code = "invalid_transition"


class NotFound(ArchivoError):
    """The object does not exist or the actor may not know it exists (404)."""

    status = 404
    code = "not_found"


class Forbidden(ArchivoError):
    """The actor is known but lacks the right (403)."""

    status = 403
    code = "forbidden"


class Unauthorized(ArchivoError):
    """No valid credentials (401)."""

    status = 401
    code = "unauthorized"


class Conflict(DomainError):
    """Someone else changed the object first (optimistic version check)."""

    code = "conflict"


def _stringify(value):
    """Turn lazy strings inside nested error structures into plain strings."""
    if isinstance(value, dict):
        return {str(k): _stringify(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_stringify(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def _translate_tree(value):
    """Translate every message of a marshmallow error tree."""
    if isinstance(value, dict):
        return {str(k): _translate_tree(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_translate_tree(v) for v in value]
    return translate(value)


def wants_json() -> bool:
    """JSON for the API and for clients that ask for it; HTML for the web UI."""
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def _json(status: int, body: dict):
    resp = jsonify({"error": body})
    resp.status_code = status
    return resp


def register_handlers(app) -> None:
    """Map exceptions to responses; anything unexpected stays a real 500."""

    @app.errorhandler(ArchivoError)
    def _archivo_error(err: ArchivoError):
        if wants_json():
            resp = _json(err.status, err.to_dict())
            if err.status == 401:
                resp.headers["WWW-Authenticate"] = 'Bearer realm="archivo"'
            return resp
        return render_template("errors/error.html", error=err, status=err.status), err.status

    @app.errorhandler(ValidationError)
    def _validation_error(err: ValidationError):
        body = {
            "code": "validation_error",
            "message": translate(N_("Los datos enviados no son válidos.")),
            "fields": _translate_tree(err.normalized_messages()),
        }
        if wants_json():
            return _json(422, body)
        return render_template("errors/error.html", error=body, status=422), 422

    @app.errorhandler(HTTPException)
    def _http_error(err: HTTPException):
        messages = {
            400: N_("La solicitud está mal formada."),
            404: N_("No se encontró lo que busca."),
            405: N_("Método no permitido."),
            413: N_("El archivo es demasiado grande."),
            429: N_("Demasiadas solicitudes; intente más tarde."),
        }
        if err.code == 400 and err.description == "csrf":  # check_csrf's refusal
            messages[400] = N_("La página caducó o se abrió en otra sesión; recárguela e "
                               "intente de nuevo.")
        message = translate(messages.get(err.code, err.description or err.name))
        if wants_json():
            return _json(err.code or 500, {"code": err.name.lower().replace(" ", "_"),
                                           "message": message})
        return render_template(
            "errors/error.html", error={"message": message}, status=err.code
        ), err.code
