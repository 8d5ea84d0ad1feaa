"""Addresses on the public site, for what leaves it: printed instruments, QR codes, the
URL column of open data.

The configured ARCHIVO_PUBLIC_BASE_URL decides (production requires it: a request's Host
header must not choose what a registered document prints); in development the request's
own root serves.
"""

import logging

from flask import current_app, has_request_context, request

log = logging.getLogger(__name__)

UNSET_BASE_URL = "[ARCHIVO_PUBLIC_BASE_URL sin configurar]"
_warned = False


def public_address(path: str) -> str:
    """`path` on the public site: the configured base URL, else the request's own root.

    Outside a request (CLI) with nothing configured there is no honest host to print:
    a placeholder says so on the document, and the log says so once per process.
    """
    global _warned
    base = current_app.config.get("PUBLIC_BASE_URL")
    if not base and has_request_context():
        base = request.url_root
    if not base:
        if not _warned:
            _warned = True
            log.warning("ARCHIVO_PUBLIC_BASE_URL no está configurada: lo generado fuera de "
                        "una petición web imprime %r como dirección pública", UNSET_BASE_URL)
        base = UNSET_BASE_URL
    return base.rstrip("/") + path
