"""Rebuild writers that keep postings grouped by term instead of in Whoosh's pool.

Whoosh's SegmentWriter turns every posting into a 5-tuple, sizes it, appends it to
a pool, sorts the whole pool and writes postings one call at a time. Profiling a
rebuild put half of its CPU there. `BuildWriter` appends each posting to its
term's arrays instead, sorts only the distinct terms, and hands the postings
writer one block (128 postings) at a time. The files are the same whoosh3 format.

Memory stays flat: when a writer holds `limitmb` worth of postings it closes its
segment and starts another, so a large rebuild yields a few more segments
instead of a larger process.

`ParallelBuildWriter` runs BuildWriters in worker processes, each producing its
own segments (Whoosh's multisegment mode); documents reach the workers as
SearchDocuments, so field preparation happens in the workers as well.
"""

import pickle
import queue
from array import array

from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.writing import SegmentWriter

from archivo.search.whoosh_schema import to_fields

# Measured resident bytes per buffered posting on a realistic corpus (arrays,
# per-term objects and dict entries for the many rare word pairs included).
BYTES_PER_POSTING = 90


class _Postings:
    """Postings of one term: docnums, weights and (optional) encoded values."""

    __slots__ = ("docs", "values", "weights")

    def __init__(self):
        self.docs = array("I")
        self.weights = array("f")
        self.values = []


class BuildWriter(SegmentWriter):
    """SegmentWriter for fresh segments from a rebuild (no deletes, no updates).

    Commits every segment it filled (see the module docstring).
    """

    def __init__(self, ix, limitmb=256, **kwargs):
        """As SegmentWriter; the pool is unused (postings live in self._terms)."""
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self._terms: dict[str, dict[bytes, _Postings]] = {}
        self._lengths: dict[str, dict[int, int]] = {}
        self._fieldplan = None
        self._max_postings = max(1, limitmb * 1024 * 1024 // BYTES_PER_POSTING)
        self._buffered = 0
        self._filled: list = []  # segments already written by this writer

    def _plan(self, names):
        # Per field, once: (name, field object, indexed, scorable, stored, column).
        schema = self.schema
        plan = []
        for name in sorted(names):
            field = schema[name]  # KeyError for a field the schema lacks
            plan.append(
                (name, field, field.indexed, field.scorable, field.stored, field.column_type)
            )
            self._terms.setdefault(name, {})
            self._lengths.setdefault(name, {})
        return tuple(plan)

    def add_document(self, **fields):
        """Add one document; every call must pass the same field names."""
        self._check_state()
        if self._fieldplan is None:
            self._fieldplan = self._plan(fields)
        docnum = self.docnum
        perdoc = self.perdocwriter
        perdoc.start_doc(docnum)
        try:
            for name, field, indexed, scorable, stored, column in self._fieldplan:
                value = fields[name]
                length = 0
                if indexed:
                    terms = self._terms[name]
                    for tbytes, freq, weight, vbytes in field.index(value):
                        postings = terms.get(tbytes)
                        if postings is None:
                            postings = terms[tbytes] = _Postings()
                        postings.docs.append(docnum)
                        self._buffered += 1
                        postings.weights.append(weight)
                        if vbytes:
                            postings.values.append(vbytes)
                        length += freq
                    if scorable and length:
                        self._lengths[name][docnum] = length
                perdoc.add_field(name, field, value if stored else None, length if scorable else 0)
                if column is not None:
                    perdoc.add_column_value(name, column, field.to_column_value(value))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1
        if self._buffered >= self._max_postings:
            self._start_next_segment()

    def _start_next_segment(self):
        self._filled.append(self._finalize_segment())
        codec = self.codec
        self.newsegment = codec.new_segment(self.storage, self.indexname)
        self.perdocwriter = codec.per_document_writer(self.storage, self.newsegment)
        self.fieldwriter = codec.field_writer(self.storage, self.newsegment)
        self.docnum = self.docbase = 0
        self._added = False

    def finish_segments(self) -> list:
        """Close the current segment; return every segment written (not committed)."""
        if self._added:
            self._filled.append(self._finalize_segment())
        else:
            self._close_segment()
        return self._filled

    def commit(self, mergetype=None, optimize=None, merge=None):
        """Add the written segments to the index (after merging old ones as usual)."""
        self._check_state()
        segments = self._merge_segments(mergetype, optimize, merge)
        self._commit_toc(segments + self.finish_segments())
        self._finish()

    def add_search_document(self, doc):
        """Add a SearchDocument (prepared here, not in the caller's process)."""
        self.add_document(**to_fields(doc))

    def _flush_segment(self):
        self.perdocwriter.close()
        fieldwriter = self.fieldwriter
        for name in sorted(self._terms):
            fieldwriter.start_field(name, self.schema[name])
            lengths = self._lengths[name]
            for tbytes in sorted(self._terms[name]):
                fieldwriter.start_term(tbytes)
                _write_postings(fieldwriter._postwriter, self._terms[name][tbytes], lengths)
                fieldwriter.finish_term()
            fieldwriter.finish_field()
        self._terms = {name: {} for name in self._terms}
        self._lengths = {name: {} for name in self._lengths}
        self._buffered = 0
        fieldwriter.close()


def _write_postings(postwriter, postings: _Postings, lengths: dict[int, int]) -> None:
    """Feed one term's postings to a W3PostingsWriter a block at a time.

    Sets the block buffers add_posting would have filled (ids, weights, values,
    max weight, min/max length) and lets finish_postings write the last block.
    """
    docs, weights, values = postings.docs, postings.weights, postings.values
    limit = postwriter._blocklimit
    for start in range(0, len(docs), limit):
        if start:
            postwriter._write_block()
        ids = docs[start : start + limit]
        postwriter._ids = ids
        postwriter._weights = block_weights = weights[start : start + limit]
        postwriter._maxweight = max(block_weights)
        if values:
            postwriter._values = values[start : start + limit]
        if lengths:
            block_lengths = [lengths.get(d, 0) for d in ids]
            nonzero = [n for n in block_lengths if n]
            if nonzero:
                postwriter._minlength = min(nonzero)
                postwriter._maxlength = max(nonzero)


class _BuildTask(SubWriterTask):
    """A worker process writing one segment with a BuildWriter."""

    def run(self):
        """SubWriterTask.run in multisegment mode, with a BuildWriter."""
        ix = self.storage.open_index(self.indexname)
        writer = self.writer = BuildWriter(ix, _lk=False, **self.kwargs)
        while self.running:
            jobinfo = self.jobqueue.get()
            if jobinfo is None:
                break
            self._process_file(*jobinfo)
        if not self.running:
            writer.cancel()
            return
        self.resultqueue.put(writer.finish_segments(), timeout=5)

    def _process_file(self, filename, doc_count):
        writer = self.writer
        tempstorage = writer.temp_storage()
        with tempstorage.open_file(filename).raw_file() as f:
            for _ in range(doc_count):
                # Job files are written by this rebuild's parent process (trusted).
                _code, doc = pickle.load(f)  # noqa: S301
                writer.add_search_document(doc)
        tempstorage.delete_file(filename)


class ParallelBuildWriter(MpWriter):
    """Whoosh's MpWriter in multisegment mode with BuildWriter workers.

    Use only `add_search_document`, then `commit()` or `cancel()`.
    """

    def __init__(self, ix, procs, **kwargs):
        """`procs` worker processes, one segment each; kwargs go to the workers."""
        super().__init__(ix, procs=procs, multisegment=True, batchsize=200, **kwargs)

    def _new_task(self):
        task = _BuildTask(
            self.storage, self.indexname, self.jobqueue, self.resultqueue, self.subargs, True
        )
        self.tasks.append(task)
        task.start()
        return task

    def _commit(self, mergetype, optimize, merge):
        if self.docbuffer:
            self._enqueue()
        for _task in self.tasks:
            self.jobqueue.put(None)
        segments = self._merge_segments(mergetype, optimize, merge)
        try:
            segments += self._worker_segments()
        except BaseException:
            self.cancel()
            raise
        for task in self.tasks:
            task.join()
        self._close_segment()
        self._commit_toc(segments)
        self._finish()

    def cancel(self):
        """Stop the workers (their segments are never committed) and the writer."""
        # Whoosh's cancel only flags its own copy of each task object, leaving the
        # worker processes waiting for jobs forever.
        for task in self.tasks:
            if task.is_alive():
                task.terminate()
            task.join()
        SegmentWriter.cancel(self)

    def _worker_segments(self) -> list:
        # Whoosh's own version skips a worker that sent nothing, silently committing
        # an index without that worker's documents; this fails instead.
        segments, pending = [], len(self.tasks)
        while pending:
            try:
                segments += self.resultqueue.get(timeout=1)
                pending -= 1
            except queue.Empty:
                if all(task.exitcode is not None for task in self.tasks):
                    raise RuntimeError("a search index worker process failed") from None
        return segments

    def add_search_document(self, doc):
        """Queue a SearchDocument for the workers."""
        self.docbuffer.append((0, doc))
        if len(self.docbuffer) >= self.batchsize:
            self._enqueue()
        self._added_sub = True
