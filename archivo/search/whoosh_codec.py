"""A Whoosh codec that writes the standard whoosh3 format with less per-posting work.

Profiling a 100k rebuild showed half the time in `FieldWriter.add_postings`, most
of it asking, for every posting, the length of its field in its document: one
column lookup per posting for scorable fields, and a `stat()` of a column file
that does not exist for every posting of a non-scorable field (ids, codes, keys).
Here lengths are read once per field and document, and the type assertions of
`add_posting` (for values we build ourselves) are skipped.

The files written are byte-for-byte the whoosh3 format and segments record the stock
`W3Codec`, so an index never depends on this module to be read.
"""

from whoosh.codec import whoosh3
from whoosh.codec.base import OutOfOrderError

_EMPTY = b""


class BuildCodec(whoosh3.W3Codec):
    """W3Codec with a faster inverted-index writer (pass as `ix.writer(codec=...)`).

    Posting blocks are not zlib-compressed (each block records its level, so readers
    cope): compressing was a tenth of the rebuild, and every query paid the
    decompression back. The price is a larger postings file.

    A term with a single posting (most word pairs) is inlined in the term index
    instead of getting a block of its own in the postings file: a block costs a
    pickle, a header and a seek, for one docnum.
    """

    def __init__(self, blocklimit=128, compression=0, inlinelimit=2):
        """Whoosh's defaults except compression and inlining (see the class docstring)."""
        super().__init__(blocklimit, compression, inlinelimit)

    def new_segment(self, storage, indexname):
        """A segment that names the stock codec, so readers never import this one."""
        plain = whoosh3.W3Codec(self._blocklimit, self._compression, self._inlinelimit)
        return whoosh3.W3Segment(plain, indexname)

    def field_writer(self, storage, segment):
        """The inverted-index writer with batched length lookups."""
        return _FieldWriter(self, storage, segment)

    def postings_writer(self, dbfile, byteids=False):
        """A postings writer without per-posting type assertions."""
        return _PostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )


class _FieldWriter(whoosh3.W3FieldWriter):
    def add_postings(self, schema, lengths, items):
        """Same contract as FieldWriter.add_postings: sorted (field, term, doc, w, v)."""
        lastfn = lasttext = None
        doc_lengths = None
        postwriter = None
        for fieldname, btext, docnum, weight, value in items:
            if fieldname != lastfn:
                if lastfn is not None and fieldname < lastfn:
                    raise OutOfOrderError(f"Field {lastfn!r} .. {fieldname!r}")
                if lasttext is not None:
                    self.finish_term()
                if lastfn is not None:
                    self.finish_field()
                fieldobj = schema[fieldname]
                self.start_field(fieldname, fieldobj)
                postwriter = self._postwriter
                doc_lengths = _LengthCache(lengths, fieldname) if fieldobj.scorable else None
                lastfn, lasttext = fieldname, None
            if docnum == -1:  # a spelling-graph word, not a posting (Whoosh's hack)
                continue
            if btext != lasttext:
                if lasttext is not None:
                    if btext < lasttext:
                        raise OutOfOrderError(f"Term {fieldname}:{lasttext!r} .. {btext!r}")
                    self.finish_term()
                self.start_term(btext)
                lasttext = btext
            length = doc_lengths[docnum] if doc_lengths is not None else 0
            postwriter.add_posting(docnum, weight, _EMPTY if value is None else value, length)
        if lasttext is not None:
            self.finish_term()
        if lastfn is not None:
            self.finish_field()


class _LengthCache(dict):
    """docnum -> length of one field, asked of the per-document reader once per doc."""

    def __init__(self, lengths, fieldname):
        super().__init__()
        self.lengths = lengths
        self.fieldname = fieldname

    def __missing__(self, docnum):
        value = self.lengths.doc_field_length(docnum, self.fieldname) if self.lengths else 0
        self[docnum] = value
        return value


class _PostingsWriter(whoosh3.W3PostingsWriter):
    def add_posting(self, id_, weight, vbytes, length=None):
        """W3PostingsWriter.add_posting minus the isinstance checks."""
        if len(self._ids) >= self._blocklimit:
            self._write_block()
        self._ids.append(id_)
        self._weights.append(weight)
        if weight > self._maxweight:
            self._maxweight = weight
        if vbytes:
            self._values.append(vbytes)
        if length:
            if self._minlength is None or length < self._minlength:
                self._minlength = length
            if length > self._maxlength:
                self._maxlength = length

    def finish_postings(self):
        """W3PostingsWriter.finish_postings with its inline branch working.

        whoosh-reloaded 2.7.5 calls a misspelt `set_inline` there, which is why its
        default inline limit (1) never inlines; the reader side works as written.
        Postings without values (ID fields) are not inlined: Whoosh's ListMatcher
        reports their value as a str, which segment merging rejects.
        """
        terminfo = self._terminfo
        if self._values and not self.written() and len(self) < self._inlinelimit:
            terminfo.add_block(self)
            terminfo.set_inlined(self._ids, self._weights, self._values)
        else:
            if self._ids:
                self._write_block(last=True)
            start = self._startoffset
            terminfo.set_extent(start, self._postfile.tell() - start)
        self._terminfo = None
        return terminfo
