"""Per-searcher numpy columns (id, facets, dates): filters, facet counts, sorting."""

from dataclasses import dataclass

import numpy as np
from whoosh import columns

from archivo.catalog.rules import normalize_code
from archivo.search.analysis import fold
from archivo.search.backend import FacetValue, SearchQuery
from archivo.search.whoosh_schema import LABEL_SEP

LABELLED = ("serie", "seccion", "unidad", "etapa", "acceso")
NUMERIC = ("id", "anio", "apertura", "cierre")
_NUMPY_TYPES = {"q": ">i8", "i": ">i4"}


@dataclass
class _Segment:
    """Columns of one segment (immutable: cached across searcher refreshes)."""

    numeric: dict[str, np.ndarray]
    refs: dict[str, np.ndarray]
    uniques: dict[str, list[str]]


_SEGMENT_CACHE: dict[str, _Segment] = {}
_SEGMENT_CACHE_MAX = 64


def _numeric_column(reader, name, doccount) -> np.ndarray:
    cr = reader.column_reader(name, translate=False)
    default = getattr(cr, "_default", 0) or 0
    if isinstance(cr, columns.NumericColumn.Reader) and cr._typecode in _NUMPY_TYPES:
        # Fixed-width big-endian values: read the whole column in one call
        # instead of one Python call per document.
        raw = cr._dbfile.get(cr._basepos, cr._count * cr._fixedlen)
        values = np.frombuffer(raw, dtype=_NUMPY_TYPES[cr._typecode]).astype(np.int64)
        if len(values) < doccount:  # trailing documents took the default
            values = np.concatenate([values, np.full(doccount - len(values), default, np.int64)])
        return values
    return np.fromiter((v or 0 for v in cr), dtype=np.int64, count=doccount)


def _ref_column(reader, name, doccount) -> tuple[np.ndarray, list[str]]:
    cr = reader.column_reader(name, translate=False)
    if isinstance(cr, columns.RefBytesColumn.Reader):
        dtype = ">u1" if cr._itemsize == 1 else ">u2"
        raw = cr._dbfile.get(cr._basepos, doccount * cr._itemsize)
        refs = np.frombuffer(raw, dtype=dtype).astype(np.int32)
        return refs, [u.decode() for u in cr._uniques]
    values = [v.decode() if isinstance(v, bytes) else (v or "") for v in cr]
    uniques = list(dict.fromkeys(values))
    index = {v: i for i, v in enumerate(uniques)}
    return np.array([index[v] for v in values], dtype=np.int32), uniques


def _load_segment(reader) -> _Segment:
    # Segment ids are random and a segment's files never change (deletions are
    # read separately), so the id alone is a safe cache key.
    key = reader.segment().segment_id()
    if key in _SEGMENT_CACHE:
        return _SEGMENT_CACHE[key]
    n = reader.doc_count_all()
    numeric = {name: _numeric_column(reader, "c_" + name, n) for name in NUMERIC}
    refs, uniques = {}, {}
    for name in LABELLED:
        refs[name], uniques[name] = _ref_column(reader, "c_" + name, n)
    seg = _Segment(numeric, refs, uniques)
    if len(_SEGMENT_CACHE) >= _SEGMENT_CACHE_MAX:
        _SEGMENT_CACHE.pop(next(iter(_SEGMENT_CACHE)))
    _SEGMENT_CACHE[key] = seg
    return seg


class DocTable:
    """Columns for every docnum of one searcher, loaded once per searcher."""

    def __init__(self, searcher):
        """Concatenate the (cached) segment columns, remapping facet vocabularies."""
        reader = searcher.reader()
        leaves = reader.leaf_readers() if not reader.is_atomic() else [(reader, 0)]
        self._leaves = leaves
        self._lengths: dict[str, np.ndarray] = {}
        self.size = reader.doc_count_all()
        self.live = np.ones(self.size, dtype=bool)
        numeric = {name: [] for name in NUMERIC}
        codes = {name: [] for name in LABELLED}
        self.values: dict[str, list[str]] = {name: [] for name in LABELLED}
        self.labels: dict[str, list[str]] = {name: [] for name in LABELLED}
        vocab: dict[str, dict[str, int]] = {name: {} for name in LABELLED}
        for leaf, offset in leaves:
            if leaf.segment() is None or leaf.doc_count_all() == 0:
                continue  # an empty index
            seg = _load_segment(leaf)
            if leaf.has_deletions():
                deleted = np.fromiter(leaf.deleted_docs_set, dtype=np.int64)
                self.live[deleted + offset] = False
            for name in NUMERIC:
                numeric[name].append(seg.numeric[name])
            for name in LABELLED:
                remap = np.array(
                    [self._intern(vocab[name], name, u) for u in seg.uniques[name]] or [0],
                    dtype=np.int32,
                )
                codes[name].append(remap[seg.refs[name]])
        self.num = {
            name: np.concatenate(parts) if parts else np.zeros(0, np.int64)
            for name, parts in numeric.items()
        }
        self.codes = {
            name: np.concatenate(parts) if parts else np.zeros(0, np.int32)
            for name, parts in codes.items()
        }
        # Rank of each docnum by id: the tie-break that keeps paging stable.
        order = np.argsort(self.num["id"], kind="stable")
        self.rank = np.empty(self.size, dtype=np.int64)
        self.rank[order] = np.arange(self.size)

    def _intern(self, vocab, name, raw):
        value, _sep, label = raw.partition(LABEL_SEP)
        if value not in vocab:
            vocab[value] = len(self.values[name])
            self.values[name].append(value)
            self.labels[name].append(label)
        return vocab[value]

    def field_lengths(self, fieldname, load) -> np.ndarray:
        """Per-docnum lengths of a scorable field, `load(leaf, fieldname)` per segment."""
        if fieldname not in self._lengths:
            out = np.ones(self.size)
            for leaf, offset in self._leaves:
                n = leaf.doc_count_all()
                if n:
                    out[offset : offset + n] = load(leaf, fieldname)
            self._lengths[fieldname] = out
        return self._lengths[fieldname]

    def live_docs(self) -> np.ndarray:
        """All live docnums."""
        return np.flatnonzero(self.live)

    def _match_values(self, name, predicate) -> np.ndarray:
        wanted = [i for i, v in enumerate(self.values[name]) if predicate(v)]
        return np.isin(self.codes[name], np.array(wanted, dtype=np.int32))

    def filter_mask(self, q: SearchQuery) -> np.ndarray | None:
        """Boolean mask over docnums for the query's filters (None: no filter)."""
        mask = None

        def narrow(m):
            nonlocal mask
            mask = m if mask is None else mask & m

        if q.serie:
            code = normalize_code(q.serie)
            narrow(self._match_values("serie", lambda v: v == code or v.startswith(code + ".")))
        if q.seccion:
            code = normalize_code(q.seccion)
            narrow(self._match_values("seccion", lambda v: v == code))
        if q.unidad:
            unidad = fold(q.unidad.strip())
            narrow(self._match_values("unidad", lambda v: v == unidad))
        if q.etapa:
            narrow(self._match_values("etapa", lambda v: v == q.etapa))
        if q.acceso:
            narrow(self._match_values("acceso", lambda v: v == q.acceso))
        anio = self.num["anio"]
        if q.anio_desde:
            narrow(anio >= q.anio_desde)
        if q.anio_hasta:
            narrow((anio <= q.anio_hasta) & (anio > 0))
        if q.fecha_desde:
            # Still open (cierre 0) counts as reaching today and beyond.
            cierre = self.num["cierre"]
            narrow((cierre == 0) | (cierre >= q.fecha_desde.toordinal()))
        if q.fecha_hasta:
            apertura = self.num["apertura"]
            narrow((apertura > 0) & (apertura <= q.fecha_hasta.toordinal()))
        return mask

    def facets(self, docs: np.ndarray) -> dict[str, list[FacetValue]]:
        """Exact counts of serie, unidad, etapa, año and acceso over `docs`."""
        out = {}
        for name in ("serie", "unidad", "etapa", "acceso"):
            counts = np.bincount(self.codes[name][docs], minlength=len(self.values[name]))
            out[name] = [
                FacetValue(self.values[name][i], int(counts[i]), self.labels[name][i])
                for i in np.flatnonzero(counts)
                if self.values[name][i]
            ]
        years = self.num["anio"][docs]
        uniq, counts = np.unique(years[years > 0], return_counts=True)
        out["anio"] = [FacetValue(str(y), int(c)) for y, c in zip(uniq, counts, strict=True)]
        for name in ("serie", "unidad", "etapa", "acceso"):
            out[name].sort(key=lambda f: (-f.count, f.value))
        out["anio"].sort(key=lambda f: f.value, reverse=True)
        return out

    def top_by_date(self, docs: np.ndarray, k: int, descending: bool) -> np.ndarray:
        """The first `k` of `docs` by opening date, ties by id (stable paging)."""
        if len(docs) == 0:
            return docs
        dates = self.num["apertura"][docs]
        key = (-dates if descending else dates) * (self.size + 1) + self.rank[docs]
        if k < len(docs):
            part = np.argpartition(key, k - 1)[:k]
            return docs[part[np.argsort(key[part])]]
        return docs[np.argsort(key)]
