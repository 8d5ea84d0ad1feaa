"""Benchmark the Whoosh backend on a synthetic corpus, with SQLite FTS5 as the floor.

Queries go to `WhooshBackend.search` exactly as the search service issues them
(access filtering by audience, top 20, exact facet counts, highlights and spelling
on; HTTP excluded), half for the public and half for staff.

Usage: python bench/search_whoosh.py [--docs 100000] [--queries 200] [--dir PATH] [--reuse]
(`--reuse`: time the queries against the index and FTS5 file already in --dir.)
"""

import argparse
import multiprocessing
import random
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from archivo.search.analysis import analyze, fold, stem  # noqa: E402
from archivo.search.backend import SearchQuery  # noqa: E402
from archivo.search.whoosh_backend import WhooshBackend  # noqa: E402
from bench.search_corpus import Corpus  # noqa: E402
from bench.search_fts import build_fts, run_fts  # noqa: E402

TARGETS = {  # issue 7: (p50, p95) in ms; None = no target
    "one-word": (50, 120),
    "two-word": (90, 200),
    "phrase": (None, 150),
    "prefix": (None, 150),
    "key": (None, 10),
}
AUDIENCES = ("public", "staff")


def make_queries(corpus: Corpus, n_docs: int, n: int, seed: int = 11) -> dict[str, list[str]]:
    """n queries of each kind, drawn from the corpus's own vocabulary and titles."""
    rnd = random.Random(seed)
    vocab = corpus.vocabulary()
    sample = [corpus.document(rnd.randint(1, n_docs)) for _ in range(n)]
    phrases = []
    for doc in sample:
        words = [w for w in doc.titulo.split() if len(analyze(w)) == 1]
        i = rnd.randrange(max(1, len(words) - 1))
        phrases.append('"' + " ".join(words[i : i + 2]) + '"')
    prefixes = []
    for _ in range(n):
        word = fold(rnd.choice(vocab))
        prefixes.append(word[: max(4, len(stem(word)) - 1)] + "*")
    return {
        "one-word": [rnd.choice(vocab) for _ in range(n)],
        "two-word": [" ".join(rnd.sample(vocab, 2)) for _ in range(n)],
        "phrase": phrases,
        "prefix": prefixes,
        "key": [doc.clave for doc in sample],
    }


def pct(values: list[float], p: float) -> float:
    """Percentile (nearest rank) in milliseconds."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


def rss_mb() -> tuple[float, float]:
    """Current resident memory of this process and of its live children, in MB."""

    def rss(pid):
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0

    kids = [rss(p.pid) for p in multiprocessing.active_children()]
    return rss("self"), max(kids, default=0.0)


def build_whoosh(path: Path, corpus: Corpus, n: int):
    """Rebuild from the generator; return backend, seconds and RSS samples over time."""
    backend = WhooshBackend(path)
    backend.progress_every = max(1000, n // 10)
    samples = []
    start = time.perf_counter()
    cpu = time.process_time()
    backend.rebuild(corpus.documents(n), progress=lambda done: samples.append((done, rss_mb())))
    elapsed = time.perf_counter() - start
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_s = time.process_time() - cpu + kids.ru_utime + kids.ru_stime
    return backend, elapsed, cpu_s, samples


def run_whoosh(backend: WhooshBackend, queries: dict[str, list[str]]) -> dict:
    """Time every query as the service issues it, alternating audiences."""
    out = {}
    for kind, texts in queries.items():
        times = {a: [] for a in AUDIENCES}
        totals = []
        for i, text in enumerate(texts):
            audience = AUDIENCES[i % 2]
            start = time.perf_counter()
            result = backend.search(SearchQuery(text=text, per_page=20, audience=audience))
            times[audience].append(time.perf_counter() - start)
            totals.append(result.total)
        out[kind] = (times, statistics.median(totals))
    return out


def time_fts(db, queries: dict[str, list[str]]) -> dict[str, list[float]]:
    """The same queries through FTS5, same audiences."""
    out = {}
    for kind, texts in queries.items():
        out[kind] = []
        for i, text in enumerate(texts):
            start = time.perf_counter()
            run_fts(db, kind, text, AUDIENCES[i % 2])
            out[kind].append(time.perf_counter() - start)
    return out


def print_table(whoosh: dict, fts: dict) -> None:
    """One row per query class: Whoosh p50/p95 (all, per audience), target, FTS5 floor."""
    header = (
        f"{'kind':<9} {'n':>4} {'hits p50':>8} {'whoosh p50':>10} {'p95':>7} {'pub p95':>7}"
        f" {'staff p95':>9} {'target':>8} {'fts5 p50':>8} {'p95':>6} {'ratio p50':>9}  ok"
    )
    print(header)
    print("-" * len(header))
    for kind, (times, hits) in whoosh.items():
        every = times["public"] + times["staff"]
        w50, w95 = pct(every, 50), pct(every, 95)
        f50, f95 = pct(fts[kind], 50), pct(fts[kind], 95)
        t50, t95 = TARGETS[kind]
        ok = (t50 is None or w50 <= t50) and w95 <= t95
        target = f"{t50 or '-'}/{t95}"
        print(
            f"{kind:<9} {len(every):>4} {hits:>8.0f} {w50:>10.1f} {w95:>7.1f}"
            f" {pct(times['public'], 95):>7.1f} {pct(times['staff'], 95):>9.1f}"
            f" {target:>8} {f50:>8.1f} {f95:>6.1f} {w50 / max(f50, 1e-3):>9.1f}"
            f"  {'yes' if ok else 'NO'}"
        )


def main() -> None:
    """Build both indexes, run the queries, print one table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200, help="per query class")
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--reuse", action="store_true", help="skip the builds (needs --dir)")
    args = parser.parse_args()
    if args.reuse and not args.dir:
        parser.error("--reuse needs --dir")
    workdir = args.dir or Path(tempfile.mkdtemp(prefix="archivo-search-bench-"))
    corpus = Corpus()

    if args.reuse:
        backend = WhooshBackend(workdir / "whoosh")
        print(f"reusing {workdir}: {backend.doc_count()} documents, rebuild not timed")
    else:
        backend = report_build(workdir, corpus, args.docs)
    queries = make_queries(corpus, args.docs, args.queries)
    start = time.perf_counter()
    backend.search(SearchQuery(text="contrato"))  # first searcher + columns
    first_ms = (time.perf_counter() - start) * 1000
    print(f"first query (open searcher, load columns): {first_ms:.0f} ms")
    whoosh = run_whoosh(backend, queries)
    backend.close()

    fts_path = workdir / "fts.sqlite3"
    if args.reuse and fts_path.exists():
        db = sqlite3.connect(fts_path)
    else:
        fts_path.unlink(missing_ok=True)
        db, fts_build = build_fts(fts_path, corpus.documents(args.docs))
        print(f"fts5 build: {fts_build:.1f} s including generation and analysis")
    fts = time_fts(db, queries)
    db.close()
    print_table(whoosh, fts)
    print(f"index directory: {workdir}")


def report_build(workdir: Path, corpus: Corpus, n: int) -> WhooshBackend:
    """Time the generator alone, then the rebuild; print time, CPU and memory."""
    start = time.perf_counter()
    for _ in corpus.documents(n):
        pass
    gen_s = time.perf_counter() - start
    backend, build_s, cpu_s, samples = build_whoosh(workdir / "whoosh", corpus, n)
    print(f"corpus: {n} docs, generating them alone takes {gen_s:.1f} s")
    print(
        f"whoosh rebuild: {build_s:.1f} s wall including generation (target < 45 s), "
        f"{cpu_s:.1f} s CPU over all processes"
    )
    print(
        "RSS during the rebuild (docs: main MB / largest writer MB): "
        + ", ".join(f"{done // 1000}k: {m:.0f}/{k:.0f}" for done, (m, k) in samples)
    )
    peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS: main {peak_self:.0f} MB, largest writer process {peak_kids:.0f} MB")
    return backend


if __name__ == "__main__":
    main()
