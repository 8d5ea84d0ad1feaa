"""Whoosh search backend: an index directory with atomic generation swaps."""

import os
import shutil
import threading
import time
import uuid
from collections.abc import Iterable
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index
from whoosh.collectors import FilterCollector
from whoosh.index import LockError

from archivo.search.backend import (
    Progress,
    SearchDocument,
    SearchQuery,
    SearchResult,
)
from archivo.search.highlight import to_hit
from archivo.search.query import parse
from archivo.search.whoosh_codec import BuildCodec
from archivo.search.whoosh_match import matching_docs
from archivo.search.whoosh_query import (
    TEXT_FIELDS,
    TieBreakCollector,
    compile_query,
    is_scored,
)
from archivo.search.whoosh_rank import scored_docs, top_k
from archivo.search.whoosh_schema import build_schema, from_payload, to_fields
from archivo.search.whoosh_spelling import suggest
from archivo.search.whoosh_table import DocTable
from archivo.search.whoosh_writer import BuildWriter, ParallelBuildWriter

CURRENT = "CURRENT"  # names the live generation directory; replaced atomically
GEN_PREFIX = "gen-"


class WhooshBackend:
    """The embedded search backend (one directory, no server).

    Layout: `<path>/CURRENT` holds the name of the live generation directory
    `<path>/gen-*`. A rebuild writes a new generation beside it and replaces
    CURRENT with os.replace (atomic), so searches keep answering from the old
    generation until the new one is complete. Searches in one process are
    serialised by a lock: Whoosh searchers are refreshed in place, and the
    work is CPU-bound Python anyway.
    """

    def __init__(
        self,
        path: str | os.PathLike,
        *,
        build_procs: int | None = None,
        build_limitmb: int = 256,
        lock_timeout: float = 5.0,
    ):
        """Open (or create) the index under `path`."""
        self.root = Path(path)
        self.root.mkdir(parents=True, exist_ok=True)
        # Measured: 2 processes + multisegment halve a 100k build on 2 cores.
        self.build_procs = build_procs or min(2, os.cpu_count() or 1)
        self.build_limitmb = build_limitmb
        self.lock_timeout = lock_timeout
        self.progress_every = 1000  # documents between progress() calls
        self.schema = build_schema()
        self._search_lock = threading.RLock()
        self._write_lock = threading.Lock()
        self._replay: list[tuple[str, list]] | None = None
        self._gen: str | None = None
        self._ix = None
        self._searcher = None
        self._table: DocTable | None = None
        self._retired: list = []
        if not (self.root / CURRENT).exists():
            gen = self._new_generation()
            self._point_current(gen.name)

    # --- generations ---------------------------------------------------------------

    def _new_generation(self) -> Path:
        gen = self.root / f"{GEN_PREFIX}{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"
        gen.mkdir()
        whoosh_index.create_in(str(gen), self.schema)
        return gen

    def _point_current(self, name: str) -> None:
        tmp = self.root / f".{CURRENT}.{uuid.uuid4().hex}"
        tmp.write_text(name)
        os.replace(tmp, self.root / CURRENT)

    def _current(self) -> str:
        return (self.root / CURRENT).read_text().strip()

    def _index_for(self, gen: str):
        if gen == self._gen and self._ix is not None:
            return self._ix
        return whoosh_index.open_dir(str(self.root / gen))

    def _cleanup(self, keep: set[str]) -> None:
        # The previous generation is kept: another process may still be reading it
        # until its next query notices the swap.
        for path in self.root.glob(f"{GEN_PREFIX}*"):
            if path.name not in keep:
                shutil.rmtree(path, ignore_errors=True)

    # --- reading -------------------------------------------------------------------

    def refresh(self):
        """Return the current searcher, reopened only if the index changed."""
        gen = self._current()
        if self._searcher is None or gen != self._gen or not self._searcher.up_to_date():
            # A fresh reader, not Searcher.refresh(): whoosh-reloaded 2.7.5 reuses
            # segment readers with their old deletion sets, so a delete-only commit
            # stayed invisible. Facet columns are cached per segment (whoosh_table),
            # so reopening costs little beyond Whoosh's own reader setup.
            ix = self._ix if gen == self._gen else whoosh_index.open_dir(str(self.root / gen))
            searcher = ix.searcher()
            self._retire()
            self._ix, self._gen = ix, gen
            self._searcher, self._table = searcher, DocTable(searcher)
        return self._searcher

    def _retire(self):
        for old in self._retired:
            old.close()
        self._retired = [self._searcher] if self._searcher is not None else []

    def close(self) -> None:
        """Close open searchers (call on shutdown and in tests)."""
        with self._search_lock:
            self._retire()
            self._retire()
            self._searcher = self._table = self._ix = None
            self._gen = None

    def doc_count(self) -> int:
        """Number of live documents."""
        with self._search_lock:
            return self.refresh().doc_count()

    def search(self, query: SearchQuery) -> SearchResult:
        """Run `query`; see SearchQuery for filters and audience rules."""
        query.validate()
        parsed = parse(query.text)
        wq = compile_query(parsed.root, query.audience)
        with self._search_lock:
            searcher = self.refresh()
            table = self._table
            k = query.page * query.per_page
            allowed = table.live
            mask = table.filter_mask(query)
            if mask is not None:
                allowed = allowed & mask
            scored = None
            if query.sort == "relevance" and is_scored(wq):
                scored = scored_docs(searcher, wq, table)
            if scored is not None:
                scores, matched = scored
                docs = np.flatnonzero(matched & allowed)
                ranked = top_k(docs, scores, table.rank, k)
            else:
                docs = matching_docs(searcher, wq, allowed)
                if query.sort == "relevance" and is_scored(wq) and len(docs):
                    # A query shape whoosh_rank does not score: Whoosh's collector.
                    ranked = self._top_scored(searcher, wq, table, docs, k, mask is not None)
                else:
                    top = table.top_by_date(docs, k, descending=query.sort != "date_asc")
                    ranked = [(0.0, int(d)) for d in top]
            page = ranked[(query.page - 1) * query.per_page : k]
            hits = [
                to_hit(from_payload(searcher.stored_fields(d)["payload"]), s, query, parsed)
                for s, d in page
            ]
            facets = table.facets(docs) if query.facets else {}
            suggestion = suggest(
                searcher,
                parsed.words,
                len(docs),
                tuple(name for name, _b in TEXT_FIELDS[query.audience][None]),
            )
        return SearchResult(
            total=len(docs),
            hits=hits,
            page=query.page,
            per_page=query.per_page,
            facets=facets,
            suggestion=suggestion,
        )

    def _top_scored(self, searcher, wq, table, docs, k, filtered):
        collector = TieBreakCollector(k, table.rank)
        if filtered:
            # Whoosh checks each candidate against this set before scoring it.
            wrapper = FilterCollector(collector, allow=set(docs.tolist()))
            searcher.search_with_collector(wq, wrapper)
        else:
            searcher.search_with_collector(wq, collector)
        return collector.ranked()

    # --- writing -------------------------------------------------------------------

    def _writer(self, ix):
        """A writer, retrying while another writer holds the lock (briefly)."""
        deadline = time.monotonic() + self.lock_timeout
        while True:
            try:
                return ix.writer(codec=BuildCodec())
            except LockError:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.05)

    def _apply(self, ix, ops) -> None:
        writer = self._writer(ix)
        try:
            for kind, items in ops:
                for item in items:
                    if kind == "index":
                        writer.update_document(**to_fields(item))
                    else:
                        writer.delete_by_term("id", str(item))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def _write(self, kind: str, items: list) -> int:
        if not items:
            return 0
        with self._write_lock:
            if self._replay is not None:  # a rebuild is running: replay onto it
                self._replay.append((kind, items))
            self._apply(self._index_for(self._current()), [(kind, items)])
        return len(items)

    def index(self, docs: Iterable[SearchDocument]) -> int:
        """Add or replace documents by id in one commit."""
        return self._write("index", list(docs))

    def delete(self, ids: Iterable[int]) -> int:
        """Remove documents by id in one commit."""
        return self._write("delete", [int(i) for i in ids])

    def rebuild(self, docs: Iterable[SearchDocument], progress: Progress | None = None) -> int:
        """Build a new generation from `docs`, then swap it in atomically.

        Writes made through this backend object while the rebuild runs are replayed
        onto the new generation before the swap. Writes from other processes are
        not: the caller re-drains the outbox from the rebuild's start afterwards.
        """
        gen = self._new_generation()
        with self._write_lock:
            self._replay = []
        count = 0
        try:
            ix = whoosh_index.open_dir(str(gen))
            procs = self.build_procs
            options = {"limitmb": self.build_limitmb, "codec": BuildCodec()}
            if procs > 1:
                writer = ParallelBuildWriter(ix, procs, **options)
            else:
                writer = BuildWriter(ix, **options)
            try:
                for doc in docs:
                    writer.add_search_document(doc)
                    count += 1
                    if progress and count % self.progress_every == 0:
                        progress(count)
            except BaseException:
                writer.cancel()
                raise
            writer.commit()
            with self._write_lock:
                previous = self._current()
                if self._replay:
                    self._apply(ix, self._replay)
                self._replay = None
                self._point_current(gen.name)
        except BaseException:
            with self._write_lock:
                self._replay = None
            shutil.rmtree(gen, ignore_errors=True)
            raise
        if progress:
            progress(count)
        self._cleanup({gen.name, previous})
        return count
