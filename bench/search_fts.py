"""SQLite FTS5 over the benchmark corpus: the floor the Whoosh figures are compared to.

Terms are analysed exactly as for Whoosh (same stems), so both engines answer the
same question; FTS5 does it in C, which is why it is a floor and not a target.
"""

import sqlite3
import time
from pathlib import Path

from archivo.search.analysis import analyze, fold, normalize_key, stem
from archivo.search.backend import public_text, staff_text

FACET_COLUMNS = ("serie", "unidad", "etapa", "anio", "acceso")


def build_fts(path: Path, docs) -> tuple[sqlite3.Connection, float]:
    """Index `docs` (public and staff text in separate columns); return db and seconds."""
    db = sqlite3.connect(path)
    db.executescript(
        """
        PRAGMA journal_mode=WAL;
        CREATE TABLE docs (id INTEGER PRIMARY KEY, clave TEXT, serie TEXT, unidad TEXT,
                           etapa TEXT, anio INTEGER, acceso TEXT, apertura TEXT);
        CREATE INDEX docs_clave ON docs (clave);
        CREATE VIRTUAL TABLE fts USING fts5(pub, priv, tokenize='unicode61');
        """
    )
    start = time.perf_counter()
    rows, texts = [], []

    def flush():
        db.executemany("INSERT INTO docs VALUES (?,?,?,?,?,?,?,?)", rows)
        db.executemany("INSERT INTO fts (rowid, pub, priv) VALUES (?,?,?)", texts)
        rows.clear()
        texts.clear()

    for doc in docs:
        rows.append(
            (doc.id, normalize_key(doc.clave), doc.serie_codigo, doc.unidad_clave,
             doc.etapa, doc.anio, doc.acceso, doc.fecha_apertura.isoformat())
        )  # fmt: skip
        pub = " ".join(public_text(doc))
        priv = " ".join(staff_text(doc))
        texts.append((doc.id, " ".join(analyze(pub)), " ".join(analyze(priv))))
        if len(rows) >= 5000:
            flush()
    flush()
    db.commit()
    return db, time.perf_counter() - start


def fts_match(kind: str, text: str, audience: str) -> str:
    """The FTS5 MATCH expression equivalent to one benchmark query."""
    column = "pub" if audience == "public" else "{pub priv}"
    if kind == "prefix":
        expr = f'"{stem(fold(text.rstrip("*")))}"*'
    else:
        terms = analyze(text.strip('"'))
        if kind == "phrase":
            expr = '"' + " ".join(terms) + '"'
        else:
            expr = " AND ".join(f'"{t}"' for t in terms)
    return f"{column} : ({expr})"


def run_fts(db: sqlite3.Connection, kind: str, text: str, audience: str) -> None:
    """Top 20 by bm25 plus the five facet counts: what the Whoosh query answers."""
    if kind == "key":
        db.execute("SELECT id FROM docs WHERE clave = ?", (normalize_key(text),)).fetchall()
        return
    match = fts_match(kind, text, audience)
    db.execute(
        "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY bm25(fts), rowid LIMIT 20", (match,)
    ).fetchall()
    # The match set once, then the five facet counts over it (as Whoosh does).
    db.execute("DROP TABLE IF EXISTS temp.hits")
    db.execute("CREATE TEMP TABLE hits AS SELECT rowid AS id FROM fts WHERE fts MATCH ?", (match,))
    for col in FACET_COLUMNS:
        db.execute(
            f"SELECT {col}, count(*) FROM docs JOIN temp.hits USING (id) GROUP BY {col}"  # noqa: S608 - fixed names
        ).fetchall()
