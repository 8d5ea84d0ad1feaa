"""AtoM-compatible CSV of a fondo, sección or serie: one row per unit, parents first."""

import io
from collections.abc import Iterator

from archivo import csv_safe
from archivo.interop import tree
from archivo.interop.atom_columns import COLUMNS, DERIVED, LEVELS, STORED
from archivo.interop.description import Descripcion, from_expediente, from_nodo
from archivo.interop.models import Nivel
from archivo.interop.xmlwriter import clean


def legacy_id(d: Descripcion) -> str:
    """A stable id for AtoM's legacyId/parentId links: '<nivel>-<id>'."""
    nivel = "serie" if d.nivel == "subserie" else d.nivel
    return f"{nivel}-{d.id}"


def row(d: Descripcion, parent: str, repository: str) -> list[str]:
    """One CSV row of AtoM's ISAD(G) layout."""
    values = {
        "legacyId": legacy_id(d), "parentId": parent, "identifier": d.referencia,
        "title": d.titulo, "levelOfDescription": LEVELS[d.nivel],
        "extentAndMedium": d.volumen, "repository": repository,
        "language": "es", "script": "Latn", "languageOfDescription": "es",
        "scriptOfDescription": "Latn", "culture": "es",
        "physicalObjectLocation": d.ubicacion,
        "eventDates": d.fechas, "eventTypes": "Creation" if d.desde else None,
        "eventStartDates": d.desde.isoformat() if d.desde else None,
        "eventEndDates": d.hasta.isoformat() if d.hasta else None,
        "eventActors": d.productor,
    }
    for element, column in (STORED | DERIVED).items():
        values[column] = d.elementos.get(element)
    return [_cell(values.get(c)) for c in COLUMNS]


def _cell(value) -> str:
    # The importer strips cells, so surrounding blanks carry nothing; stripping them
    # here also spares a leading tab or CR the writer's formula guard (csv_safe), whose
    # quote the importer removes again only before =, +, - and @.
    return clean(str(value)).strip() if value else ""


def atom_csv(actor, nivel: str, objeto_id: int, *, progress=None) -> tree.Stream:
    """The CSV as UTF-8 chunks (scope loaded, and NotFound raised, before the first chunk)."""
    fondo, root = tree.load_scope(actor, nivel, objeto_id)
    return tree.Stream(root.volumen.expedientes,
                       _stream(actor, fondo, root, progress or (lambda _n: None)))


def _stream(actor, fondo, root, progress) -> Iterator[bytes]:
    out = io.StringIO()
    writer = csv_safe.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    pending: list[tuple[tree.Nodo, str]] = [(root, "")]
    while pending:
        node, parent = pending.pop(0)
        d = from_nodo(node)
        writer.writerow(row(d, parent, fondo.nombre))
        pending[:0] = [(child, legacy_id(d)) for child in node.hijos]
        if node.serie_id:
            for rows in tree.expedientes(actor, node.serie_id):
                stored = tree.descripciones(Nivel.EXPEDIENTE, [r.id for r in rows])
                for r in rows:
                    exp = from_expediente(actor, r, node.regla, stored.get(r.id))
                    writer.writerow(row(exp, legacy_id(d), fondo.nombre))
                progress(len(rows))
                yield out.getvalue().encode("utf-8")
                out.seek(0)
                out.truncate()
        yield out.getvalue().encode("utf-8")
        out.seek(0)
        out.truncate()
