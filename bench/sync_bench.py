"""Benchmark of the search wiring: outbox drain, reindex, commit-to-visible, public API.

Run: .venv/bin/python bench/sync_bench.py [N] [SAMPLES]  (fresh SQLite file and Whoosh
index in a temporary folder; N demo expedientes, default 10,000). Prints medians and p95.
"""

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import archivo.models  # noqa: E402, F401
from archivo import create_app  # noqa: E402
from archivo.audit.models import AuditHead  # noqa: E402
from archivo.audit.service import GENESIS  # noqa: E402
from archivo.auth.models import Usuario  # noqa: E402
from archivo.auth.service import use_fast_hasher  # noqa: E402
from archivo.db import Base, get_session, make_engine  # noqa: E402
from archivo.demo import load_demo  # noqa: E402
from archivo.records import service as records  # noqa: E402
from archivo.records.models import Expediente  # noqa: E402
from archivo.search import reindex, service, sync  # noqa: E402


def stats(name: str, values: list[float]) -> None:
    """Print median and p95 in milliseconds."""
    ms = sorted(v * 1000 for v in values)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    print(f"{name:<48} n={len(ms):<4} median {statistics.median(ms):8.1f} ms   p95 {p95:8.1f} ms")


def edit_and_find(app, actor, exp_id: int, word: str) -> float:
    """Seconds from the edit's start until a search finds the new word."""
    started = time.perf_counter()
    records.update_expediente(actor, exp_id, {"titulo": f"Acuerdo {word}"})
    while True:
        result, _ = service.search(actor, {"q": word})
        if result.total:
            return time.perf_counter() - started
        time.sleep(0.01)


def main(n: int = 10_000, samples: int = 100) -> None:
    use_fast_hasher()
    root = Path(tempfile.mkdtemp(prefix="sync-bench-"))
    url = f"sqlite:///{root / 'bench.sqlite3'}"
    engine = make_engine(url)
    Base.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(AuditHead.__table__.insert().values(id=1, seq=0, hash=GENESIS))
    app = create_app(
        {
            "DATABASE_URL": url,
            "INSTANCE_PATH": str(root / "instance"),
            "SECRET_KEY": "b" * 40,
            "SEARCH_BACKEND": "whoosh",
            "SEARCH_POLL_SECONDS": 0,
        },
        engine=engine,
    )
    with app.app_context():
        load_demo(n_expedientes=n, echo=lambda *_: None)
        t = time.perf_counter()
        drained = sync.drain(app, blocking=True)
        print(
            f"drain of the outbox after the demo load: {drained} rows in "
            f"{time.perf_counter() - t:.1f} s"
        )
        t = time.perf_counter()
        report = reindex.reindex(app)
        print(
            f"reindex (documents from the DB + Whoosh rebuild, procs=2): "
            f"{report.indexed} in {report.seconds:.1f} s "
            f"(wall {time.perf_counter() - t:.1f} s)"
        )

        actor = get_session().query(Usuario).filter_by(username="admin").one()
        open_ids = [
            i
            for (i,) in get_session()
            .query(Expediente.id)
            .filter(Expediente.closed_at.is_(None))
            .limit(samples)
        ]
        stats(
            "edit -> visible (inline drain after commit)",
            [edit_and_find(app, actor, i, f"inline{k}x") for k, i in enumerate(open_ids)],
        )

        app.config["SEARCH_SYNC_INLINE"] = False
        app.config["SEARCH_POLL_SECONDS"] = sync.POLL_SECONDS
        sync.ensure_poller(app)
        stats(
            "edit -> visible (background poll, inline off)",
            [
                edit_and_find(app, actor, i, f"poll{k}x")
                for k, i in enumerate(open_ids[: min(20, samples)])
            ],
        )

    client = app.test_client()
    words = [
        "contrato",
        "licitación",
        "nómina",
        "auditoría",
        "obra",
        "adquisición",
        "personal",
        "presupuesto",
        "convenio",
        "transparencia",
    ]
    times = []
    for k in range(200):
        t = time.perf_counter()
        resp = client.get(
            "/api/v1/public/search",
            query_string={"q": words[k % len(words)]},
            environ_base={"REMOTE_ADDR": f"10.0.{k // 250}.{k % 250}"},
        )
        times.append(time.perf_counter() - t)
        assert resp.status_code == 200, resp.json
    stats(f"GET /api/v1/public/search one word ({n} docs)", times)


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
