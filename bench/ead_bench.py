"""EAD benchmark (issue 8): EAD3 finding aid of a fondo with 100,000 expedientes.

Target: under 30 s, memory flat. Each export runs in a fresh child process so its peak
RSS is its own; the same export of a 10x smaller fondo shows whether memory grows with
the fondo (it should not). Prints medians of 3 runs. Not a test: nothing here asserts.
Set BENCH_DATABASE_URL to measure on PostgreSQL (the database is emptied first).
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
N = int(os.environ.get("BENCH_EXPEDIENTES", "100000"))
RUNS = 3


def _app(url: str):
    from archivo import create_app
    from archivo.db import make_engine

    return create_app({"SECRET_KEY": "e" * 40, "DATABASE_URL": url,
                       "INSTANCE_PATH": tempfile.mkdtemp(), "SEARCH_SYNC_INLINE": True},
                      engine=make_engine(url))


def prepare(url: str, n: int) -> None:
    """A demo fondo with `n` expedientes and ISAD(G) descriptions on every level."""
    import archivo.models  # noqa: F401
    from archivo.audit.models import AuditHead
    from archivo.audit.service import GENESIS
    from archivo.db import Base
    from archivo.demo import load_demo

    app = _app(url)
    engine = app.extensions["archivo.engine"]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
        else:
            Base.metadata.drop_all(conn)
        Base.metadata.create_all(conn)
        conn.execute(AuditHead.__table__.insert().values(id=1, seq=0, hash=GENESIS))
    with app.app_context():
        from sqlalchemy import select

        from archivo.auth.models import Usuario
        from archivo.catalog.models import Serie
        from archivo.db import get_session
        from archivo.interop.models import ELEMENTOS, Nivel
        from archivo.interop.service import update_description

        load_demo(n_expedientes=n, seed=8, echo=lambda *_: None)
        admin = get_session().scalar(select(Usuario).where(Usuario.username == "admin"))
        text = {k: f"{k} — descripción de prueba con <marcas> & acentos." for k in ELEMENTOS}
        for serie_id in get_session().scalars(select(Serie.id)):
            update_description(admin, Nivel.SERIE, serie_id, text)


def export_child(url: str, public: bool) -> None:
    """Run one export to /dev/null; print seconds, peak RSS (MiB) and bytes."""
    from sqlalchemy import select

    from archivo.auth.models import Usuario
    from archivo.catalog.service import default_fondo
    from archivo.db import get_session
    from archivo.interop.ead import finding_aid

    app = _app(url)
    with app.app_context():
        actor = None if public else get_session().scalar(
            select(Usuario).where(Usuario.username == "admin"))
        fondo = default_fondo()
        before = _memory("VmHWM")
        t0, c0 = time.perf_counter(), time.process_time()
        size = 0
        with open(os.devnull, "wb") as out:
            for chunk in finding_aid(actor, "fondo", fondo.id):
                size += len(chunk)
                out.write(chunk)
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        peak = _memory("VmHWM")
    print(f"{seconds:.3f} {cpu:.3f} {peak:.1f} {peak - before:.1f} {size}")


def _memory(field: str) -> float:
    """MiB from /proc/self/status (VmHWM is this process's own peak, unlike ru_maxrss,
    which a child inherits from the parent it was forked from)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure(url: str, public: bool) -> list[float]:
    """Medians of wall seconds, CPU seconds, peak MiB, growth MiB; and the size in bytes."""
    runs = []
    for _ in range(RUNS):
        out = subprocess.run([sys.executable, __file__, "--child", url, str(int(public))],
                             check=True, capture_output=True, text=True).stdout.split()
        runs.append([float(x) for x in out])
    return [statistics.median(r[i] for r in runs) for i in range(5)]


def main() -> None:
    base = os.environ.get("BENCH_DATABASE_URL")
    workdir = Path(tempfile.mkdtemp())
    for n in (N // 10, N):
        url = base or f"sqlite:///{workdir / f'ead{n}.sqlite3'}"
        t0 = time.perf_counter()
        prepare(url, n)
        print(f"== {n:,} expedientes ({url.split(':')[0]}), prepared in "
              f"{time.perf_counter() - t0:.0f} s")
        for public in (False, True):
            secs, cpu, peak, growth, size = measure(url, public)
            who = "público" if public else "administrador"
            print(f"  EAD3 {who:13s}: median {secs:6.2f} s wall, {cpu:6.2f} s CPU; peak "
                  f"{peak:6.1f} MiB (+{growth:5.1f} MiB during export); {size / 1e6:6.1f} MB")
    print(f"  (load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; wall "
          f"time on a busy machine overstates the CPU cost)")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        export_child(sys.argv[2], sys.argv[3] == "1")
    else:
        main()
