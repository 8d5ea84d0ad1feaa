"""Server-side render time of the lifecycle screens with the demo data (issue 6: < 200 ms).

Loads the demo fondo (3,000 expedientes) into a throw-away instance, drafts a primary
transfer of every expediente one unit may send today and a baja proposal of every
eligible expedient in concentración (the largest pages those screens show), then times
each lifecycle page in-process with the Flask test client: median and max of RUNS renders.
Not a test: nothing here asserts.
"""

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RUNS = int(os.environ.get("RUNS", "11"))


def _seed_procedures() -> dict:
    """One big primary transfer and one big baja proposal, through the services."""
    from sqlalchemy import select

    from archivo.auth.models import Usuario
    from archivo.catalog.service import default_fondo, list_unidades
    from archivo.db import get_session
    from archivo.disposals import service as bajas
    from archivo.transfers import service as transfers

    session = get_session()
    users = {u.username: u for u in session.scalars(select(Usuario))}
    fondo = default_fondo()
    transfer = None
    for unidad in list_unidades(fondo.id):
        actor = next((u for u in users.values() if u.unidad_id == unidad.id), None)
        if actor and transfers.eligible_primary(actor, unidad.id):
            transfer = transfers.create_transfer(actor, fondo.id, {
                "tipo": "primaria", "unidad_id": unidad.id, "todos_elegibles": True})
            break
    baja = bajas.propose_baja(users["concentracion"], fondo.id, {"todos_elegibles": True})
    return {"transfer": transfer.id if transfer else None, "baja": baja.id,
            "expediente": session.scalar(select(transfers.Expediente.id).limit(1))}


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="archivo-lifecycle-bench-"))
    os.environ["ARCHIVO_INSTANCE_PATH"] = str(tmp)
    from archivo import create_app

    app = create_app({"SECRET_KEY": "l" * 40})
    try:
        with app.app_context():
            runner = app.test_cli_runner()
            runner.invoke(args=["db", "upgrade"])
            runner.invoke(args=["demo", "load"])
            ids = _seed_procedures()
        client = app.test_client()
        client.get("/entrar")
        with client.session_transaction() as session:
            csrf = session["csrf"]
        client.post("/entrar", data={"username": "coordinacion",
                                     "password": "archivo-demo-2026", "csrf_token": csrf})
        pages = ["/panel", "/transferencias", "/transferencias/nueva?tipo=secundaria",
                 "/bajas", "/bajas/nueva", f"/bajas/{ids['baja']}",
                 f"/bajas/{ids['baja']}/ejecutar",
                 f"/bajas/historial/expediente/{ids['expediente']}",
                 "/congelamientos", "/prestamos", "/calendario", "/calendario/csv"]
        if ids["transfer"]:
            pages.insert(3, f"/transferencias/{ids['transfer']}")
        print(f"{'page':52} {'status':>6} {'p50 ms':>8} {'max ms':>8}")
        for page in pages:
            times, status = [], None
            for _ in range(RUNS):
                t0 = time.perf_counter()
                status = client.get(page).status_code
                times.append((time.perf_counter() - t0) * 1000)
            print(f"{page[:52]:52} {status:>6} {statistics.median(times):8.1f} "
                  f"{max(times):8.1f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
