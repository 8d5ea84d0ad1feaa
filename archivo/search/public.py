"""What the public lookup shares between its page and its API: rate limit, downloads."""

import io
import json
import math

from flask import Response, abort, current_app, g, jsonify, render_template, request, url_for

from archivo import clock, csv_safe
from archivo.addresses import public_address
from archivo.errors import wants_json
from archivo.i18n import N_, translate
from archivo.search.backend import MAX_PER_PAGE
from archivo.search.ratelimit import TokenBucket
from archivo.search.service import jsonable

# Rows in one download: the open-data file of a lookup, not a dump of the archive.
MAX_DOWNLOAD = 1000
# A download runs one search per page of results: up to this many searches.
DOWNLOAD_SEARCHES = math.ceil(MAX_DOWNLOAD / MAX_PER_PAGE)
COLUMNS = (
    "clave",
    "titulo",
    "descripcion",
    "serie_codigo",
    "serie_nombre",
    "seccion_nombre",
    "unidad_clave",
    "unidad_nombre",
    "fecha_apertura",
    "fecha_cierre",
    "anio",
    "etapa",
    "acceso",
    "reserva_inicio",
    "reserva_fin",
    "fundamento",
    "fecha_baja",
    "acta_baja",
    "dictamen_baja",
    "url",
)
EXTENSION = "archivo.search.ratelimit"


def _bucket() -> TokenBucket:
    bucket = current_app.extensions.get(EXTENSION)
    if bucket is None:
        bucket = TokenBucket(current_app.config.get("PUBLIC_RATE_LIMIT", 60))
        current_app.extensions[EXTENSION] = bucket
    return bucket


def check_rate_limit() -> None:
    """Answer 429 with Retry-After when this client exceeded its share.

    One token per search: a download (`format=`) may run up to DOWNLOAD_SEARCHES of
    them, so it is charged that many before it starts (it cannot amplify a client's
    share) and `download` gives back the ones it did not use.

    The client is the connection's address: behind a reverse proxy, configure
    werkzeug's ProxyFix so that it is the requester's, not the proxy's.
    """
    bucket = _bucket()
    cost = DOWNLOAD_SEARCHES if request.args.get("format") else 1
    wait = bucket.take(request.remote_addr or "-", cost)
    if not wait:
        g.rate_limit_charged = min(cost, bucket.capacity)
        return
    message = translate(
        N_("Demasiadas consultas seguidas; espere unos segundos e intente de nuevo.")
    )
    if wants_json():
        resp = jsonify({"error": {"code": "too_many_requests", "message": message}})
    else:
        resp = Response(
            render_template("errors/error.html", error={"message": message}, status=429)
        )
    resp.status_code = 429
    resp.headers["Retry-After"] = str(math.ceil(wait))
    abort(resp)


def public_url(expediente_id: int) -> str:
    """The citizen page of an expediente (also printed as a QR code on carátulas)."""
    return public_address(url_for("public_search.expediente", expediente_id=expediente_id))


def rows(hits) -> list[dict]:
    """Hits as flat open-data rows: public fields only, dates ISO, a missing value None.

    The index stores an absent text as "" and an absent date as None; the open data say
    "no value" one way (null in JSON, an empty cell in CSV), whatever the field's type.
    """
    out = []
    for hit in hits:
        values = jsonable(hit.fields)
        row = {c: _none_if_empty(values.get(c)) for c in COLUMNS}
        row["url"] = public_url(hit.id)
        out.append(row)
    return out


def _none_if_empty(value):
    return None if value == "" else value


def _refund_unused_searches(found: int) -> None:
    """Give back the tokens charged in advance for searches the download did not run.

    `search_all` fetched pages of MAX_PER_PAGE until it had them all: `found` hits took
    at most found // MAX_PER_PAGE + 1 searches (counted high, never low).
    """
    charged = g.pop("rate_limit_charged", 0)
    used = min(DOWNLOAD_SEARCHES, found // MAX_PER_PAGE + 1)
    if charged > used:
        _bucket().give_back(request.remote_addr or "-", charged - used)


def download(hits, fmt: str, total: int) -> Response:
    """The rows as CSV (UTF-8 with BOM, for spreadsheets) or JSON."""
    _refund_unused_searches(len(hits))
    data = rows(hits)
    name = f"consulta-expedientes.{fmt}"
    headers = {"Content-Disposition": f"attachment; filename={name}", "X-Total-Count": str(total)}
    if fmt == "json":
        body = json.dumps(
            {"total": total, "incluidos": len(data),
             "generado": clock.now().isoformat(timespec="seconds"), "expedientes": data},
            ensure_ascii=False,
            indent=1,
        )
        return Response(body, mimetype="application/json", headers=headers)
    buf = io.StringIO()
    writer = csv_safe.DictWriter(buf, fieldnames=list(COLUMNS))
    writer.writeheader()
    writer.writerows(data)
    # text/* gets "; charset=utf-8" from Flask: naming it here too would send it twice
    return Response("\ufeff" + buf.getvalue(), mimetype="text/csv", headers=headers)
