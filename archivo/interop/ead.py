"""Finding aids in EAD3 or EAD 2002, streamed: archdesc, then components down to expediente.

The walk (which units, in which order, with which elements) is shared; the two
dialects only differ in the header and in how the identity area (`did`) is tagged.
"""

import datetime as dt
from collections.abc import Iterator

from archivo.db import utcnow
from archivo.interop import tree
from archivo.interop.description import BLOQUES, Descripcion, from_expediente, from_nodo
from archivo.interop.dialects import EAD3, Dialect
from archivo.interop.models import Nivel
from archivo.interop.xmlwriter import XmlWriter

# ISAD(G) element -> EAD tag (identical in EAD3 and EAD 2002). `lengua` goes to the did.
EAD_TAGS = {
    "historia_institucional": "bioghist", "historia_archivistica": "custodhist",
    "forma_ingreso": "acqinfo", "alcance_contenido": "scopecontent",
    "valoracion": "appraisal", "nuevos_ingresos": "accruals", "organizacion": "arrangement",
    "condiciones_acceso": "accessrestrict", "condiciones_reproduccion": "userestrict",
    "caracteristicas_fisicas": "phystech", "instrumentos_descripcion": "otherfindaid",
    "notas": "odd", "control_descripcion": "processinfo",
}


_BLOCK_ORDER = [(name, EAD_TAGS[name]) for name, _source in BLOQUES if name in EAD_TAGS]


def _blocks(w: XmlWriter, d: Descripcion) -> None:
    elementos = d.elementos
    for name, tag in _BLOCK_ORDER:
        text = elementos.get(name)
        if text:
            w.paragraphs(tag, text)


def _unit(w: XmlWriter, dialect: Dialect, d: Descripcion, tag: str) -> None:
    """Open `tag` (archdesc or c) and write its did and descriptive blocks; left open."""
    w.start(tag, {"level": d.ead_level, "id": f"{d.nivel}-{d.id}" if tag == "c" else None})
    dialect.did(w, d)
    _blocks(w, d)


def finding_aid(actor, nivel: str, objeto_id: int, dialect: Dialect = EAD3,
                *, now: dt.datetime | None = None, progress=None) -> tree.Stream:
    """The finding aid of a fondo, sección or serie as UTF-8 chunks, as the actor may see it.

    The scope is loaded (and NotFound raised) before the first chunk is produced, so an
    HTTP response can still turn a bad id into a proper error.
    """
    fondo, root = tree.load_scope(actor, nivel, objeto_id)
    chunks = _stream(actor, dialect, fondo, root, now or utcnow(), progress or _ignore)
    return tree.Stream(root.volumen.expedientes, chunks)


def _ignore(_n: int) -> None:
    pass


def _stream(actor, dialect, fondo, root, now, progress) -> Iterator[bytes]:
    w = XmlWriter()
    top = from_nodo(root)
    dialect.open(w, fondo, top, now)
    _unit(w, dialect, top, "archdesc")
    w.start("dsc")
    yield w.drain()
    yield from _children(actor, w, dialect, root, progress)
    w.end()  # dsc
    w.end()  # archdesc
    w.end()  # ead
    yield w.drain()


def _children(actor, w: XmlWriter, dialect: Dialect, node: tree.Nodo,
              progress) -> Iterator[bytes]:
    for child in node.hijos:
        _unit(w, dialect, from_nodo(child), "c")
        yield from _children(actor, w, dialect, child, progress)
        w.end()
    if node.serie_id:
        for rows in tree.expedientes(actor, node.serie_id):
            stored = tree.descripciones(Nivel.EXPEDIENTE, [r.id for r in rows])
            for row in rows:
                # No regla: appraisal is stated once, on the serie the files inherit it from.
                _unit(w, dialect, from_expediente(actor, row, None, stored.get(row.id)), "c")
                w.end()
            progress(len(rows))
            yield w.drain()


def expediente_record(actor, fondo, row, regla, stored: dict | None,
                      dialect: Dialect = EAD3, *, now: dt.datetime | None = None) -> bytes:
    """A one-expediente EAD document (archdesc level=file), e.g. for an OAI-PMH record."""
    w = XmlWriter(declaration=False)
    d = from_expediente(actor, row, regla, stored)
    dialect.open(w, fondo, d, now or utcnow())
    _unit(w, dialect, d, "archdesc")
    w.end()
    w.end()
    return w.drain()
