"""Benchmark the PostgreSQL search backend, with SQLite FTS5 on the same corpus as floor.

Usage:
    ARCHIVO_BENCH_PG_URL=postgresql+psycopg://archivo@127.0.0.1:54330/h_pgbench \
        python bench/search_postgres.py [--docs 1000000] [--queries 200] [--replicate K]
        [--reuse]

The database in ARCHIVO_BENCH_PG_URL (default: the one above) is overwritten: its
search tables are rebuilt from the seeded corpus (bench/search_corpus.py) through
`PostgresBackend.rebuild`, i.e. the same interface the app uses, which COPYs rows
whose tsvectors were computed by the app's analyser. `--reuse` skips loading when the
tables already hold `--docs` (or docs/K) documents and the FTS5 file exists. `--replicate K`
analyses docs/K documents through the backend and copies them K times in SQL (see
`replicate`): same distributions, a tenth of the Python analysis time.

Common words read a quarter of the search table's pages: size the server's
shared_buffers to hold the search tables (printed with the table), as for any
PostgreSQL serving a working set; with the default 128MB every page comes through
the kernel's cache and common-word queries take about twice as long.
"""

import argparse
import multiprocessing
import os
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine  # noqa: E402

from archivo.search.analysis import analyze, fold, normalize_key, stem  # noqa: E402
from archivo.search.backend import SearchQuery  # noqa: E402
from archivo.search.pg_backend import PostgresBackend  # noqa: E402
from archivo.search.pg_rebuild import DOC_COLUMNS  # noqa: E402
from archivo.search.pg_schema import DOCS, PAYLOADS, WORDS, documents  # noqa: E402
from bench.search_corpus import PLACES, UNIDADES, Corpus  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://archivo@127.0.0.1:54330/h_pgbench"
SELECTIVE_SHARE = 0.01  # "selective": fewer than 1% of documents match
TARGET_P95_MS = {"selective": 50, "common": 700}


def make_queries(corpus: Corpus, n_docs: int, n: int, seed: int = 11) -> dict[str, list]:
    """n (text, filters) queries of each kind, from the corpus's own vocabulary."""
    rnd = random.Random(seed)
    vocab = corpus.vocabulary()  # most frequent first
    rare = vocab[len(vocab) // 2 :]
    sample = [corpus.document(rnd.randint(1, n_docs)) for _ in range(n)]
    phrases = []
    for doc in sample:
        words = [w for w in doc.descripcion.split() if len(analyze(w)) == 1]
        i = rnd.randrange(max(1, len(words) - 2))
        phrases.append(('"' + " ".join(words[i : i + 3]) + '"', {}))
    unidades = [u for u, _name in UNIDADES]
    return {
        "key": [(doc.clave, {}) for doc in sample],
        "rare-pair": [(" ".join(rnd.sample(rare, 2)), {}) for _ in range(n)],
        "word+filters": [
            (
                rnd.choice(vocab[10:]),
                {
                    "unidad": rnd.choice(unidades),
                    "anio_desde": (y := rnd.randint(2005, 2024)),
                    "anio_hasta": y + 1,
                },
            )
            for _ in range(n)
        ],  # fmt: skip
        "phrase-3": phrases,
        "place+word": [(f"{rnd.choice(PLACES)} {rnd.choice(rare)}", {}) for _ in range(n)],
        "common-word": [(rnd.choice(vocab[:10]), {}) for _ in range(n)],
        "common-prefix": [
            (fold(w)[: max(4, len(stem(fold(w))) - 1)] + "*", {})
            for w in rnd.choices(vocab[:10], k=n)
        ],  # fmt: skip
    }


def pct(values: list[float], p: float) -> float:
    """Percentile (nearest rank) in milliseconds."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


# --- SQLite FTS5 floor -----------------------------------------------------------------


class Fts5Floor:
    """The same corpus in FTS5, pre-analysed terms, filters in a side table."""

    def __init__(self, path: Path):
        """Open (or create) the FTS5 database at `path`."""
        self.db = sqlite3.connect(path)
        self.db.executescript(
            """
            PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;
            CREATE TABLE IF NOT EXISTS docs (id INTEGER PRIMARY KEY, clave TEXT, serie TEXT,
                unidad TEXT, etapa TEXT, anio INTEGER, acceso TEXT, apertura TEXT);
            CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(titulo, texto,
                tokenize='unicode61 remove_diacritics 0', detail=full);
            """
        )
        self.batch_docs, self.batch_fts = [], []

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM docs").fetchone()[0]

    def add(self, doc) -> None:
        self.batch_docs.append(
            (doc.id, normalize_key(doc.clave), doc.serie_codigo, fold(doc.unidad_clave),
             doc.etapa, doc.anio, doc.acceso, doc.fecha_apertura.isoformat())
        )  # fmt: skip
        body = " ".join([doc.descripcion, " ".join(doc.palabras_clave), doc.serie_nombre,
                         doc.seccion_nombre, doc.unidad_nombre])  # fmt: skip
        self.batch_fts.append((doc.id, " ".join(analyze(doc.titulo)), " ".join(analyze(body))))
        if len(self.batch_docs) >= 5000:
            self.flush()

    def flush(self) -> None:
        self.db.executemany("INSERT INTO docs VALUES (?,?,?,?,?,?,?,?)", self.batch_docs)
        self.db.executemany("INSERT INTO fts (rowid, titulo, texto) VALUES (?,?,?)", self.batch_fts)
        self.db.commit()
        self.batch_docs, self.batch_fts = [], []

    def finish(self) -> None:
        self.flush()
        self.db.execute("CREATE INDEX IF NOT EXISTS docs_clave ON docs (clave)")
        self.db.commit()

    def search(self, text: str, filters: dict) -> None:
        """Top 20 by bm25 plus the five facet counts, like the backend's answer."""
        if "/" in text:
            self.db.execute(
                "SELECT id FROM docs WHERE clave = ?", (normalize_key(text),)
            ).fetchall()
            return
        if text.endswith("*"):
            match = f'"{stem(fold(text.rstrip("*")))}"*'
        elif text.startswith('"'):
            match = '"' + " ".join(analyze(text.strip('"'))) + '"'
        else:
            match = " AND ".join(f'"{t}"' for t in analyze(text))
        where, args = ["id IN (SELECT rowid FROM fts WHERE fts MATCH ?)"], [match]
        if "unidad" in filters:
            where += ["unidad = ?", "anio BETWEEN ? AND ?"]
            args += [fold(filters["unidad"]), filters["anio_desde"], filters["anio_hasta"]]
        cond = " AND ".join(where)
        self.db.execute(
            f"SELECT fts.rowid FROM fts JOIN docs ON docs.id = fts.rowid WHERE {cond}"  # noqa: S608
            " ORDER BY bm25(fts, 3.0, 1.0), fts.rowid LIMIT 20",
            [*args],
        ).fetchall()
        for col in ("serie", "unidad", "etapa", "anio", "acceso"):
            self.db.execute(
                f"SELECT {col}, count(*) FROM docs WHERE {cond} GROUP BY {col}",  # noqa: S608
                args,
            ).fetchall()


# --- runs ----------------------------------------------------------------------------


def build_fts(path: Path, n: int) -> None:
    """Fill the FTS5 floor from its own copy of the corpus (runs in a child process)."""
    fts = Fts5Floor(path)
    for doc in Corpus().documents(n):
        fts.add(doc)
    fts.finish()


def load(backend: PostgresBackend, fts_path: Path | None, corpus: Corpus, n: int) -> None:
    """Rebuild the PostgreSQL tables from the corpus; build FTS5 alongside unless None."""
    start = time.perf_counter()

    def progress(done):
        if done % 100_000 == 0:
            print(f"  loaded {done} ({time.perf_counter() - start:.0f} s)", flush=True)

    floor = None
    if fts_path is not None:
        floor = multiprocessing.get_context("spawn").Process(target=build_fts, args=(fts_path, n))
        floor.start()
    backend.progress_every = 10_000
    backend.rebuild(corpus.documents(n), progress=progress)
    pg_seconds = time.perf_counter() - start
    print(
        f"load: {n} docs into PostgreSQL in {pg_seconds:.0f} s (generation, analysis in"
        f" {backend.build_procs} processes, COPY, GIN indexes, swap)"
    )
    if floor is not None:
        floor.join()
        print(f"FTS5 built alongside, done after {time.perf_counter() - start:.0f} s")


def prewarm(engine) -> str:
    """Read the search tables into shared buffers (pg_prewarm), as a server in use has."""
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
            for table in (DOCS, PAYLOADS):
                conn.exec_driver_sql(f"SELECT pg_prewarm('{table}')")  # noqa: S608
                conn.exec_driver_sql(
                    "SELECT pg_prewarm(indexrelid::regclass) FROM pg_index"
                    f" WHERE indrelid = '{table}'::regclass"  # noqa: S608
                )
    except Exception as err:  # noqa: BLE001 - a warm-up, not a requirement
        return f"not prewarmed ({type(err).__name__})"
    return "prewarmed with pg_prewarm"


def replicate(engine, fts: "Fts5Floor | None", n: int, times: int) -> None:
    """Grow the n analysed documents to n * times copies with shifted ids, in SQL.

    A stand-in for loading n * times documents when the machine cannot spare the
    analysis time (about 0.3 ms of Python per document): the copies keep the
    corpus's term and facet distribution exactly, but an expediente key is shared
    by its `times` copies, so key lookups find `times` documents.
    """
    start = time.perf_counter()
    cols = [c for c in DOC_COLUMNS if c != "id"]
    with engine.begin() as conn:
        conn.exec_driver_sql("SET LOCAL maintenance_work_mem = '512MB'")
        for index in documents.indexes:
            conn.exec_driver_sql(f"DROP INDEX IF EXISTS {index.name}")
        conn.exec_driver_sql(
            f"INSERT INTO {DOCS} (id, {', '.join(cols)}) "  # noqa: S608
            f"SELECT d.id + k * {n}, {', '.join('d.' + c for c in cols)} "
            f"FROM {DOCS} d, generate_series(1, {times - 1}) k WHERE d.id <= {n}"
        )
        conn.exec_driver_sql(
            f"INSERT INTO {PAYLOADS} (id, doc) "  # noqa: S608
            f"SELECT p.id + k * {n}, jsonb_set(p.doc, '{{id}}', to_jsonb(p.id + k * {n})) "
            f"FROM {PAYLOADS} p, generate_series(1, {times - 1}) k WHERE p.id <= {n}"
        )
        conn.exec_driver_sql(f"UPDATE {WORDS} SET ndoc = ndoc * {times}")
        for index in documents.indexes:
            index.create(conn)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql(f"VACUUM ANALYZE {DOCS}")
        conn.exec_driver_sql(f"VACUUM ANALYZE {PAYLOADS}")
    if fts is None:
        print(f"replicated {n} analysed documents x{times} in SQL in"
              f" {time.perf_counter() - start:.0f} s")  # fmt: skip
        return
    fts.db.execute(
        "INSERT INTO docs SELECT id + k.v * ?, clave, serie, unidad, etapa, anio, acceso,"
        " apertura FROM docs, (WITH RECURSIVE k(v) AS (SELECT 1 UNION ALL SELECT v + 1"
        " FROM k WHERE v < ?) SELECT v FROM k) AS k WHERE id <= ?",
        (n, times - 1, n),
    )
    fts.db.execute(
        "INSERT INTO fts (rowid, titulo, texto) SELECT fts.rowid + k.v * ?, titulo, texto"
        " FROM fts, (WITH RECURSIVE k(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM k"
        " WHERE v < ?) SELECT v FROM k) AS k WHERE fts.rowid <= ?",
        (n, times - 1, n),
    )
    fts.db.commit()
    print(f"replicated {n} analysed documents x{times} in SQL in"
          f" {time.perf_counter() - start:.0f} s (PostgreSQL and FTS5)")  # fmt: skip


def server_memory(engine) -> str:
    """shared_buffers against the search tables: the common-word figures depend on it."""
    with engine.connect() as conn:
        buffers = conn.exec_driver_sql("SHOW shared_buffers").scalar_one()
        tables = conn.exec_driver_sql(
            f"SELECT pg_size_pretty(pg_total_relation_size('{DOCS}')"  # noqa: S608
            f" + pg_total_relation_size('{PAYLOADS}'))"
        ).scalar_one()
    return f"server: shared_buffers {buffers}; search tables with indexes {tables}"


def run_pg(backend: PostgresBackend, queries: dict) -> dict:
    """Time every query through the backend: top 20, exact facets, highlights."""
    out = {}
    for kind, items in queries.items():
        times, totals = [], []
        for text, filters in items:
            start = time.perf_counter()
            result = backend.search(SearchQuery(text=text, per_page=20, **filters))
            times.append(time.perf_counter() - start)
            totals.append(result.total)
        out[kind] = (times, totals)
    return out


def run_fts(fts: Fts5Floor, queries: dict) -> dict:
    out = {}
    for kind, items in queries.items():
        times = []
        for text, filters in items:
            start = time.perf_counter()
            fts.search(text, filters)
            times.append(time.perf_counter() - start)
        out[kind] = times
    return out


def visibility(backend: PostgresBackend, corpus: Corpus, n: int) -> float:
    """Seconds from index() of a saved expediente until a search finds it."""
    doc = corpus.document(n + 1)
    doc.clave += "/V"  # unique: replicated copies share their keys
    doc.titulo = "Expediente guardado para la prueba de visibilidad"
    start = time.perf_counter()
    backend.index([doc])
    while backend.search(SearchQuery(text=doc.clave, facets=False)).total == 0:
        time.sleep(0.001)
    elapsed = time.perf_counter() - start
    backend.delete([doc.id])
    return elapsed


def print_table(n: int, pg: dict, fts: dict | None) -> None:
    header = (f"{'kind':<14} {'n':>4} {'hits p50':>9} {'pg p50':>8} {'p95':>7}"
              f" {'fts5 p50':>9} {'p95':>7} {'ratio p50':>9}")  # fmt: skip
    print(header)
    print("-" * len(header))
    for kind, (times, totals) in pg.items():
        p50 = pct(times, 50)
        floor = "        -       -         -"
        if fts is not None:
            f50 = pct(fts[kind], 50)
            floor = f"{f50:>9.1f} {pct(fts[kind], 95):>7.1f} {p50 / max(f50, 1e-3):>9.1f}"
        print(
            f"{kind:<14} {len(times):>4} {statistics.median(totals):>9.0f} {p50:>8.1f}"
            f" {pct(times, 95):>7.1f} {floor}"
        )
    print()
    limit = SELECTIVE_SHARE * n
    groups = {"selective": [], "common": []}
    for kind, (times, totals) in pg.items():
        for t, total in zip(times, totals, strict=True):
            if total < limit:
                groups["selective"].append(t)
            elif kind.startswith("common"):
                groups["common"].append(t)
    for name, times in groups.items():
        if not times:
            continue
        p95, target = pct(times, 95), TARGET_P95_MS[name]
        print(
            f"{name:<10} ({len(times)} queries): p50 {pct(times, 50):.1f} ms, p95 {p95:.1f} ms,"
            f" target p95 <= {target} ms: {'ok' if p95 <= target else 'MISSED'}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--procs", type=int, default=2, help="analysis processes for the load")
    parser.add_argument(
        "--replicate",
        type=int,
        default=1,
        metavar="K",
        help="analyse docs/K documents and copy them K times in SQL",
    )
    parser.add_argument("--no-floor", action="store_true", help="skip the FTS5 queries")
    parser.add_argument("--reuse", action="store_true", help="keep already loaded tables")
    parser.add_argument("--fts", type=Path, default=Path("/tmp/archivo-bench-fts5.sqlite3"))
    args = parser.parse_args()
    url = os.environ.get("ARCHIVO_BENCH_PG_URL", DEFAULT_URL)
    engine = create_engine(url, pool_size=4)
    backend = PostgresBackend(engine, build_procs=args.procs)
    corpus = Corpus()

    analysed = args.docs // args.replicate
    floor_ready = args.no_floor or args.fts.exists()
    loaded = backend.doc_count() if args.reuse and floor_ready else -1
    if loaded == args.docs:
        print(f"reusing {args.docs} loaded documents")
    elif loaded != analysed:
        args.fts.unlink(missing_ok=True)
        load(backend, None if args.no_floor else args.fts, corpus, analysed)
    fts = None if args.no_floor else Fts5Floor(args.fts)
    if args.replicate > 1 and loaded != args.docs:
        replicate(engine, fts, analysed, args.replicate)
    warmed = prewarm(engine)
    queries = make_queries(corpus, analysed, args.queries)
    backend.search(SearchQuery(text="contrato"))  # warm the cache once
    pg = run_pg(backend, queries)
    floor = None if args.no_floor else run_fts(fts, queries)
    load1, load5, _ = os.getloadavg()
    print(f"\nPostgreSQL backend, {args.docs} expedientes (top 20, exact facets, highlights);"
          f" load average {load1:.1f} / {load5:.1f} on {os.cpu_count()} CPUs")  # fmt: skip
    print(f"{server_memory(engine)}; {warmed}")
    print_table(args.docs, pg, floor)
    seen = [visibility(backend, corpus, args.docs) for _ in range(20)]
    print(f"saved expediente visible after: p50 {pct(seen, 50):.1f} ms, max"
          f" {max(seen) * 1000:.1f} ms (target < 2000 ms)")  # fmt: skip


if __name__ == "__main__":
    main()
