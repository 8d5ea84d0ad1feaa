"""Server-side render time of every screen (issue 6: under 200 ms with the demo data).

Loads the demo fondo into a throw-away instance (or uses ARCHIVO_INSTANCE_PATH if it already
holds one), signs in as the demo administrator and times each HTML page in-process with the
Flask test client (no network, no browser): median and max of 5 renders per page. Pages are
discovered from the URL map (GET routes of the HTML blueprints), with the first matching row
id filled in for routes that take one. Not a test: nothing here asserts.
"""

import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RUNS = 5
TARGET_MS = 200
SKIP = re.compile(r"^/(api|static|oai|healthz)|\.(csv|json|pdf|xml)$|/(salir|idioma)|descarg")


def _sample_ids() -> dict[str, int]:
    """One existing id per kind of route argument (first row of each table)."""
    from sqlalchemy import func, select

    from archivo import models as m
    from archivo.db import get_session

    session = get_session()
    kinds = {"expediente_id": m.Expediente, "serie_id": m.Serie, "seccion_id": m.Seccion,
             "unidad_id": m.UnidadAdministrativa, "version_id": m.CadidoVersion,
             "usuario_id": m.Usuario, "user_id": m.Usuario,
             "transferencia_id": m.Transferencia, "baja_id": m.Baja,
             "prestamo_id": m.Prestamo, "congelamiento_id": m.Congelamiento}
    ids = {arg: session.scalar(select(func.min(model.id))) for arg, model in kinds.items()}
    return {k: v for k, v in ids.items() if v is not None}


def _pages(app, ids: dict[str, int]) -> list[str]:
    pages = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or SKIP.search(rule.rule):
            continue
        if any(arg not in ids for arg in rule.arguments):
            continue
        with app.test_request_context():
            from flask import url_for

            pages.append(url_for(rule.endpoint, **{a: ids[a] for a in rule.arguments}))
    return sorted(set(pages))


def main() -> None:
    given = os.environ.get("ARCHIVO_INSTANCE_PATH")
    tmp = None if given else Path(tempfile.mkdtemp(prefix="archivo-ui-bench-"))
    if tmp:
        os.environ["ARCHIVO_INSTANCE_PATH"] = str(tmp)
    from archivo import create_app

    app = create_app({"SECRET_KEY": "u" * 40})
    try:
        with app.app_context():
            runner = app.test_cli_runner()
            runner.invoke(args=["db", "upgrade"])
            if runner.invoke(args=["db", "is-empty"]).exit_code == 0:
                runner.invoke(args=["demo", "load"])
            ids = _sample_ids()
        client = app.test_client()
        client.get("/entrar")
        with client.session_transaction() as session:
            csrf = session["csrf"]
        client.post("/entrar", data={"username": "admin", "password": "archivo-demo-2026",
                                     "csrf_token": csrf})
        print(f"{'page':60} {'status':>6} {'p50 ms':>8} {'max ms':>8}")
        slow = 0
        for page in _pages(app, ids):
            times, status = [], None
            for _ in range(RUNS):
                t0 = time.perf_counter()
                status = client.get(page).status_code
                times.append((time.perf_counter() - t0) * 1000)
            p50 = statistics.median(times)
            slow += p50 > TARGET_MS
            flag = "  <-- over target" if p50 > TARGET_MS else ""
            print(f"{page[:60]:60} {status:>6} {p50:8.1f} {max(times):8.1f}{flag}")
        print(f"\n{slow} page(s) over {TARGET_MS} ms (median of {RUNS}).")
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
