"""API benchmark (issue 3): 100,000 expedientes in SQLite behind gunicorn -w 2.

Prints throughput of a trivial endpoint and of GET one expediente in the same run (the
ratio is what counts on a shared machine), p95/p99 latencies, a filtered list page, and the
time of `demo load`. Not a test: nothing here asserts.
"""

import http.client
import json
import multiprocessing as mp
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
N = int(os.environ.get("BENCH_EXPEDIENTES", "100000"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "8"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _prepare(instance: Path) -> tuple[str, int]:
    os.environ["ARCHIVO_INSTANCE_PATH"] = str(instance)
    from archivo import create_app
    from archivo.auth.service import create_token
    from archivo.catalog.service import default_fondo
    from archivo.db import get_session

    app = create_app({"SECRET_KEY": "b" * 40})
    with app.app_context():
        runner = app.test_cli_runner()
        runner.invoke(args=["db", "upgrade"])
        t0 = time.perf_counter()
        out = runner.invoke(args=["demo", "load"])
        demo_s = time.perf_counter() - t0
        print(f"demo load (3,000 expedientes, default): {demo_s:.1f} s  -> "
              f"{out.output.strip()[:60]}…")
    # The large fondo for the HTTP measurements: a second instance with N expedientes.
    shutil.rmtree(instance)
    instance.mkdir()
    app = create_app({"SECRET_KEY": "b" * 40})
    with app.app_context():
        runner = app.test_cli_runner()
        runner.invoke(args=["db", "upgrade"])
        t0 = time.perf_counter()
        runner.invoke(args=["demo", "load", "--expedientes", str(N)])
        print(f"demo load with {N:,} expedientes: {time.perf_counter() - t0:.1f} s")
        # Steady state: the search index in step with the database, so the workers'
        # outbox pollers are idle during the measurements (as on a running server).
        t0 = time.perf_counter()
        out = runner.invoke(args=["search", "reindex"])
        if out.exit_code:
            raise SystemExit(out.output)
        print(f"search reindex from the database ({N:,}): {time.perf_counter() - t0:.1f} s")
        from sqlalchemy import select

        from archivo.auth.models import Usuario

        admin = get_session().scalar(select(Usuario).where(Usuario.username == "admin"))
        _tok, secret = create_token(admin, {"nombre": "bench"})
        fondo_id = default_fondo().id
    return secret, fondo_id


def _worker(port, paths, token, seconds, queue):
    conn = http.client.HTTPConnection("127.0.0.1", port)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    lat, end = [], time.perf_counter() + seconds
    rng = random.Random(os.getpid())
    while time.perf_counter() < end:
        path = rng.choice(paths)
        t0 = time.perf_counter()
        conn.request("GET", path, headers=headers)
        resp = conn.getresponse()
        resp.read()
        lat.append(time.perf_counter() - t0)
        if resp.status != 200:
            queue.put(("error", resp.status, path))
            return
    queue.put(("ok", lat))


def _load(port, paths, token, clients=4) -> dict:
    queue = mp.Queue()
    procs = [mp.Process(target=_worker, args=(port, paths, token, SECONDS, queue))
             for _ in range(clients)]
    for p in procs:
        p.start()
    lats = []
    for _ in procs:
        kind, *rest = queue.get()
        if kind == "error":
            raise SystemExit(f"HTTP {rest[0]} for {rest[1]}")
        lats.extend(rest[0])
    for p in procs:
        p.join()
    lats.sort()
    pick = lambda q: lats[min(len(lats) - 1, int(q * len(lats)))] * 1000  # noqa: E731
    return {"rps": len(lats) / SECONDS, "p50": statistics.median(lats) * 1000,
            "p95": pick(0.95), "p99": pick(0.99)}


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="archivo-bench-"))
    instance = tmp / "instance"
    instance.mkdir()
    try:
        token, fondo_id = _prepare(instance)
        port = _free_port()
        env = {**os.environ, "ARCHIVO_INSTANCE_PATH": str(instance),
               "ARCHIVO_SECRET_KEY": "b" * 40}
        server = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "-k", "sync",
             "--log-level", "warning", "wsgi:app"], cwd=ROOT, env=env)
        try:
            for _ in range(100):
                try:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
                    conn.request("GET", "/healthz")
                    break
                except OSError:
                    time.sleep(0.1)
            ids = [random.randint(1, N) for _ in range(2000)]
            rows = [
                ("trivial /healthz", _load(port, ["/healthz"], None)),
                ("GET /api/v1/expedientes/<id>", _load(
                    port, [f"/api/v1/expedientes/{i}" for i in ids], token)),
                ("list page of 50, filtered", _load(port, [
                    f"/api/v1/expedientes?fondo_id={fondo_id}&etapa={e}&anio={y}&per_page=50"
                    for e in ("tramite", "concentracion") for y in range(2008, 2026)], token)),
            ]
        finally:
            server.terminate()
            server.wait()
        print(f"\n{'endpoint':34} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
        for name, r in rows:
            print(f"{name:34} {r['rps']:8.0f} {r['p50']:8.1f} {r['p95']:8.1f} {r['p99']:8.1f}")
        ratio = rows[1][1]["rps"] / rows[0][1]["rps"]
        print(f"\nGET one expediente / trivial throughput: {ratio:.2f} (target >= 0.40; "
              f"p99 target < 15 ms); list p95 target < 50 ms")
        print(json.dumps({"ratio": round(ratio, 3)}))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
