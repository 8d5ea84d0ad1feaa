"""JSON API of instruments: download (PDF/CSV/JSON), public verification and published list."""

import math

from flask import Response, current_app, request, url_for
from flask_smorest import Blueprint

from archivo.audit.service import jsonable
from archivo.auth.current import current_actor
from archivo.catalog.views import current_fondo
from archivo.errors import ArchivoError
from archivo.i18n import N_
from archivo.instruments import publication, service

blp = Blueprint("instruments_api", __name__, url_prefix="/api/v1",
                description="Instrumentos archivísticos (PDF, CSV, JSON) y su verificación")
_BUCKET = "archivo.instruments.ratelimit"


class TooManyRequests(ArchivoError):
    """The public asked for more instruments than one client may render per minute."""

    status = 429
    code = "too_many_requests"


def download_response(issued: service.Issued) -> Response:
    """The issued file as an attachment, with its verification code and sha256 in headers."""
    resp = Response(issued.content, mimetype=issued.mimetype)
    resp.headers["Content-Disposition"] = f'attachment; filename="{issued.filename}"'
    resp.headers["X-Codigo-Verificacion"] = issued.record.codigo
    resp.headers["X-Sha256"] = issued.record.sha256
    resp.headers["Cache-Control"] = "no-store"
    return resp


def throttle_public() -> None:
    """Rendering is costly: anonymous clients get a share of the public rate limit."""
    if current_actor() is not None:
        return
    from archivo.search.ratelimit import TokenBucket

    bucket = current_app.extensions.get(_BUCKET)
    if bucket is None:
        per_minute = max(current_app.config.get("PUBLIC_RATE_LIMIT", 60) // 6, 1)
        bucket = current_app.extensions[_BUCKET] = TokenBucket(per_minute)
    wait = bucket.take(request.remote_addr or "-")
    if wait:
        err = TooManyRequests(N_("Demasiadas descargas seguidas; espere {segundos} segundos."),
                              segundos=math.ceil(wait))
        raise err


@blp.get("/instruments/<kind>")
def download(kind: str):
    """One instrument as PDF (default) or `format=csv|json`; subject by query arguments.

    Arguments: `unidad` (clave), `etapa` (tramite, concentracion, historico), `version`
    (CADIDO number), `serie` (code), `transferencia`, `baja`, `expediente` (ids),
    `desde`/`hasta` (calendario), `semestre` (AAAA-1|2, índice de reservados), `fondo`.
    Public instruments need no login; the rest need a signed-in user.
    """
    throttle_public()
    issued = service.issue(current_actor(), {**request.args.to_dict(), "kind": kind})
    return download_response(issued)


@blp.get("/public/instruments/verify")
def verify():
    """Did the system issue this document? `code=` (printed on each page) or `sha256=`."""
    return jsonable(publication.verify(request.args.to_dict()))


@blp.get("/public/instruments")
def published():
    """Published instruments (CGCA, CADIDO, guía, reservados, dictámenes and actas de baja)."""
    items = publication.published(current_fondo())
    for item in items:
        item["descargas"] = {fmt: url_for("instruments_api.download", kind=item["instrumento"],
                                          format=fmt, _external=False, **item["params"])
                             for fmt in ("pdf", "csv", "json")}
    return jsonable({"items": items})
