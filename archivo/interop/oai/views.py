"""The /oai endpoint: HTTP in, one OAI-PMH document out (always 200 text/xml, per the spec)."""

from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, request

from archivo.catalog.service import default_fondo
from archivo.db import utcnow
from archivo.interop.oai.provider import Provider, Settings

bp = Blueprint("oai", __name__)


def settings() -> Settings:
    """Repository identity from the configuration, with sensible defaults."""
    cfg = current_app.config
    base_url = cfg.get("OAI_BASE_URL") or request.base_url
    host = urlsplit(base_url).hostname or "localhost"
    fondo = default_fondo()
    return Settings(
        base_url=base_url,
        repository_id=cfg.get("OAI_REPOSITORY_ID") or host,
        repository_name=cfg.get("OAI_REPOSITORY_NAME")
        or (fondo.nombre if fondo else "archivo"),
        admin_email=cfg.get("OAI_ADMIN_EMAIL") or (fondo.email if fondo and fondo.email
                                                    else f"archivo@{host}"),
        secret=cfg["SECRET_KEY"],
        page_size=int(cfg.get("OAI_PAGE_SIZE", 100)),
        token_ttl=int(cfg.get("OAI_TOKEN_TTL", 3600)),
    )


@bp.route("/oai", methods=["GET", "POST"])
def endpoint():
    """OAI-PMH 2.0 data provider (public records only; no login).

    The spec allows both GET and a form-encoded POST (for long resumption tokens).
    """
    source = request.form if request.method == "POST" else request.args
    pairs = list(source.items(multi=True))
    body = Provider(settings(), utcnow()).respond(pairs)
    return Response(body, content_type="text/xml; charset=utf-8")
