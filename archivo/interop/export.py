"""The export formats by name, for the API, the CLI and the download buttons."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from archivo.interop.atom_export import atom_csv
from archivo.interop.dialects import DIALECTS
from archivo.interop.ead import finding_aid
from archivo.interop.schemas import ExportQuerySchema


@dataclass(frozen=True, slots=True)
class Export:
    """A started export: its chunks, a download name and the media type."""

    chunks: Iterable[bytes]
    total: int
    filename: str
    mimetype: str


FORMATS = {
    "ead3": ("application/xml", "ead3.xml"),
    "ead2002": ("application/xml", "ead2002.xml"),
    "atom-csv": ("text/csv; charset=utf-8", "atom.csv"),
}


def start_export(actor, formato: str, params: dict,
                 progress: Callable[[int], None] | None = None) -> Export:
    """Validate `nivel`/`id`, load the scope (NotFound early) and return the stream."""
    query = ExportQuerySchema().load(params)
    nivel, objeto_id = query["nivel"], query["id"]
    if formato == "atom-csv":
        stream = atom_csv(actor, nivel, objeto_id, progress=progress)
    else:
        stream = finding_aid(actor, nivel, objeto_id, DIALECTS[formato], progress=progress)
    mimetype, suffix = FORMATS[formato]
    return Export(stream, stream.total, f"{nivel}-{objeto_id}-{suffix}", mimetype)
