"""Benchmark the Whoosh backend on a synthetic corpus, with SQLite FTS5 as the floor.

Usage: python bench/search_whoosh.py [--docs 100000] [--queries 200] [--dir PATH]
"""

import argparse
import random
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from archivo.search.analysis import analyze, fold, normalize_key, stem  # noqa: E402
from archivo.search.backend import SearchQuery  # noqa: E402
from archivo.search.whoosh_backend import WhooshBackend  # noqa: E402
from bench.search_corpus import Corpus  # noqa: E402

TARGETS = {  # issue 7: (p50, p95) in ms; None = no target
    "one-word": (50, 120),
    "two-word": (90, 200),
    "phrase": (None, 150),
    "prefix": (None, 150),
    "key": (None, 10),
}


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


def build_whoosh(path: Path, corpus: Corpus, n: int) -> tuple[WhooshBackend, float]:
    """Rebuild the index from the generator; return the backend and seconds."""
    backend = WhooshBackend(path)
    start = time.perf_counter()
    backend.rebuild(corpus.documents(n))
    return backend, time.perf_counter() - start


def run_whoosh(backend: WhooshBackend, queries: dict[str, list[str]]) -> dict:
    """Time every query through the backend: top 20, facets and highlights on."""
    out = {}
    for kind, texts in queries.items():
        times, totals = [], []
        for text in texts:
            start = time.perf_counter()
            result = backend.search(SearchQuery(text=text, per_page=20))
            times.append(time.perf_counter() - start)
            totals.append(result.total)
        out[kind] = (times, statistics.median(totals))
    return out


def build_fts(path: Path, corpus: Corpus, n: int) -> tuple[sqlite3.Connection, float]:
    """Same corpus in SQLite FTS5, terms pre-analysed exactly as for Whoosh."""
    db = sqlite3.connect(path)
    db.executescript(
        """
        PRAGMA journal_mode=WAL;
        CREATE TABLE docs (id INTEGER PRIMARY KEY, clave TEXT, serie TEXT, unidad TEXT,
                           etapa TEXT, anio INTEGER, acceso TEXT, apertura TEXT);
        CREATE INDEX docs_clave ON docs (clave);
        CREATE VIRTUAL TABLE fts USING fts5(titulo, texto, tokenize='unicode61');
        """
    )
    start = time.perf_counter()
    batch_docs, batch_fts = [], []
    for doc in corpus.documents(n):
        batch_docs.append(
            (doc.id, normalize_key(doc.clave), doc.serie_codigo, doc.unidad_clave,
             doc.etapa, doc.anio, doc.acceso, doc.fecha_apertura.isoformat())
        )  # fmt: skip
        body = " ".join([doc.descripcion, " ".join(doc.palabras_clave), doc.serie_nombre])
        batch_fts.append((doc.id, " ".join(analyze(doc.titulo)), " ".join(analyze(body))))
        if len(batch_docs) >= 5000:
            db.executemany("INSERT INTO docs VALUES (?,?,?,?,?,?,?,?)", batch_docs)
            db.executemany("INSERT INTO fts (rowid, titulo, texto) VALUES (?,?,?)", batch_fts)
            batch_docs, batch_fts = [], []
    db.executemany("INSERT INTO docs VALUES (?,?,?,?,?,?,?,?)", batch_docs)
    db.executemany("INSERT INTO fts (rowid, titulo, texto) VALUES (?,?,?)", batch_fts)
    db.commit()
    return db, time.perf_counter() - start


def fts_match(kind: str, text: str) -> str:
    """The FTS5 MATCH expression equivalent to one benchmark query."""
    if kind == "prefix":
        return f'"{stem(fold(text.rstrip("*")))}"*'
    terms = analyze(text.strip('"'))
    if kind == "phrase":
        return '"' + " ".join(terms) + '"'
    return " AND ".join(f'"{t}"' for t in terms)


def run_fts(db: sqlite3.Connection, queries: dict[str, list[str]]) -> dict:
    """Top 20 by bm25 plus the five facet counts, per query."""
    out = {}
    for kind, texts in queries.items():
        times = []
        for text in texts:
            start = time.perf_counter()
            if kind == "key":
                db.execute("SELECT id FROM docs WHERE clave = ?", (normalize_key(text),)).fetchall()
            else:
                match = fts_match(kind, text)
                db.execute(
                    "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY bm25(fts, 3.0, 1.0), rowid"
                    " LIMIT 20",
                    (match,),
                ).fetchall()
                for col in ("serie", "unidad", "etapa", "anio", "acceso"):
                    db.execute(
                        f"SELECT {col}, count(*) FROM docs WHERE id IN "  # noqa: S608
                        f"(SELECT rowid FROM fts WHERE fts MATCH ?) GROUP BY {col}",
                        (match,),
                    ).fetchall()
            times.append(time.perf_counter() - start)
        out[kind] = (times, None)
    return out


def main() -> None:
    """Build both indexes, run the queries, print one table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    workdir = args.dir or Path(tempfile.mkdtemp(prefix="archivo-search-bench-"))
    corpus = Corpus()

    start = time.perf_counter()
    for _ in corpus.documents(args.docs):
        pass
    gen_s = time.perf_counter() - start
    backend, build_s = build_whoosh(workdir / "whoosh", corpus, args.docs)
    rss_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rss_kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"corpus: {args.docs} docs, generation alone {gen_s:.1f} s")
    print(
        f"whoosh build: {build_s:.1f} s including generation (target < 45 s); "
        f"peak RSS main {rss_self:.0f} MB, largest child {rss_kids:.0f} MB"
    )
    queries = make_queries(corpus, args.docs, args.queries)
    start = time.perf_counter()
    backend.search(SearchQuery(text="contrato"))  # first searcher + columns
    print(
        f"first query (open searcher, load columns): {(time.perf_counter() - start) * 1000:.0f} ms"
    )
    whoosh = run_whoosh(backend, queries)
    backend.close()

    db, fts_build = build_fts(workdir / "fts.sqlite3", corpus, args.docs)
    print(f"fts5 build: {fts_build:.1f} s including generation and analysis")
    fts = run_fts(db, queries)
    db.close()

    header = (
        f"{'kind':<9} {'n':>4} {'hits p50':>8} {'whoosh p50':>10} {'p95':>7} {'target':>11}"
        f" {'fts5 p50':>8} {'p95':>6} {'ratio p50':>9}  ok"
    )
    print(header)
    print("-" * len(header))
    for kind, (times, hits) in whoosh.items():
        w50, w95 = pct(times, 50), pct(times, 95)
        f50, f95 = pct(fts[kind][0], 50), pct(fts[kind][0], 95)
        t50, t95 = TARGETS[kind]
        ok = (t50 is None or w50 <= t50) and w95 <= t95
        target = f"{t50 or '-'}/{t95}"
        print(
            f"{kind:<9} {len(times):>4} {hits:>8.0f} {w50:>10.1f} {w95:>7.1f} {target:>11}"
            f" {f50:>8.1f} {f95:>6.1f} {w50 / max(f50, 1e-3):>9.1f}  {'yes' if ok else 'NO'}"
        )
    print(f"index directory: {workdir}")


if __name__ == "__main__":
    main()
