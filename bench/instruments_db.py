"""Benchmark instruments issued from a database: inventario general of 10k/50k expedientes.

Usage: python bench/instruments_db.py [--url DATABASE_URL] [--workdir DIR]
Builds (once) a demo fondo with N expedientes per case in SQLite files under --workdir
(or in the PostgreSQL database given by --url, rebuilt per case), then issues the
inventory through the service (stream from the DB -> PDF -> record) RUNS times.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# case: (kind, expedientes in the fondo, seconds target, peak MB target or None)
CASES = {
    "inventario_general_10k": ("inventario_general", 10_000, 3.0, None),
    "inventario_general_50k": ("inventario_general", 50_000, 15.0, 400),
    "cadido_demo": ("cadido", 10_000, 2.0, None),
}
RUNS = 3


def _app(url: str, workdir: Path):
    from archivo import create_app

    return create_app({"DATABASE_URL": url, "INSTANCE_PATH": str(workdir),
                       "SECRET_KEY": "b" * 40, "SEARCH_SYNC_INLINE": False})


def _prepare(url: str, workdir: Path, n: int) -> None:
    """An empty schema plus the demo fondo with n expedientes (skipped when already there)."""
    import archivo.models  # noqa: F401
    from archivo.audit.models import AuditHead
    from archivo.audit.service import GENESIS
    from archivo.catalog.service import default_fondo
    from archivo.db import Base
    from archivo.demo import load_demo
    from archivo.records.models import Expediente

    app = _app(url, workdir)
    with app.app_context():
        engine = app.extensions["archivo.engine"]
        from sqlalchemy import func, inspect, select

        from archivo.db import get_session

        if inspect(engine).has_table("fondos") and default_fondo() is not None and \
                get_session().scalar(select(func.count()).select_from(Expediente)) == n:
            return
        get_session().close()
        with engine.begin() as conn:
            if engine.dialect.name == "postgresql":
                conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
                conn.exec_driver_sql("CREATE SCHEMA public")
            else:
                Base.metadata.drop_all(conn)
            Base.metadata.create_all(conn)
            conn.execute(AuditHead.__table__.insert().values(id=1, seq=0, hash=GENESIS))
        print(load_demo(n_expedientes=n, echo=lambda *_: None), file=sys.stderr)


def run_case(name: str, url: str, workdir: Path) -> dict:
    """Issue one case RUNS times in this process; report times and peak RSS."""
    from archivo.imports.service import cli_actor
    from archivo.instruments import service

    kind, _, _, _ = CASES[name]
    app = _app(url, workdir)
    times, cpu, size, rows = [], [], 0, 0
    with app.test_request_context():
        actor = cli_actor(None)
        for _ in range(RUNS):
            start, start_cpu = time.perf_counter(), time.process_time()
            issued = service.issue(actor, {"kind": kind})
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
            size, rows = len(issued.content), issued.record.registros
            del issued
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"case": name, "times": times, "median": statistics.median(times),
            "cpu_median": statistics.median(cpu), "peak_mb": peak_mb, "rows": rows,
            "bytes": size}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default=None, help="PostgreSQL URL (default: SQLite files)")
    parser.add_argument("--workdir", default="/tmp/archivo-bench-instruments", type=Path)
    parser.add_argument("--case", default=None)
    parser.add_argument("--prepare", action="store_true")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)

    def url_for(name: str) -> str:
        n = CASES[name][1]
        return args.url or f"sqlite:///{args.workdir / f'demo-{n}.sqlite3'}"

    if args.case and args.prepare:
        _prepare(url_for(args.case), args.workdir, CASES[args.case][1])
        return 0
    if args.case:
        print(json.dumps(run_case(args.case, url_for(args.case), args.workdir)))
        return 0
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"{'case':24} {'median s':>9} {'cpu s':>6} {'runs':>18} {'peak MB':>8} {'rows':>6}  "
          "target")
    failed = False
    for name, (_, _, max_s, max_mb) in CASES.items():
        base = [sys.executable, __file__, "--case", name, "--workdir", str(args.workdir)]
        base += ["--url", args.url] if args.url else []
        subprocess.run([*base, "--prepare"], check=True)
        out = subprocess.run(base, check=True, capture_output=True, text=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        ok = r["median"] < max_s and (max_mb is None or r["peak_mb"] < max_mb)
        failed |= not ok
        runs = " ".join(f"{t:.2f}" for t in r["times"])
        target = f"< {max_s:g} s" + (f", < {max_mb} MB" if max_mb else "")
        print(f"{name:24} {r['median']:9.2f} {r['cpu_median']:6.2f} {runs:>18} "
              f"{r['peak_mb']:8.0f} {r['rows']:6}  {target} {'OK' if ok else 'FALLA'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
