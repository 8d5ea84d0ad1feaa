"""Import AtoM ISAD(G) CSV back into ISAD(G) descriptions: dry run or all-or-nothing.

Rows are matched to the catalogue and inventory that already exist (fondo by clave,
sección/serie by code, expediente by key): the CSV carries descriptions, not the
CGCA or the expedientes themselves, which have their own imports. Derived columns
(appraisal, arrangement, accessConditions, extent, dates) are not imported: the
CADIDO, the CGCA and the records remain their only source.
"""

import csv
import io
from dataclasses import dataclass

from marshmallow import ValidationError
from sqlalchemy import select

from archivo.auth import policies
from archivo.catalog.models import Fondo, Seccion, Serie
from archivo.catalog.rules import normalize_code
from archivo.db import get_session
from archivo.imports.report import ImportReport
from archivo.interop.atom_columns import DERIVED, LEVEL_OF, STORED
from archivo.interop.models import Nivel
from archivo.interop.schemas import DescripcionInputSchema
from archivo.interop.service import stored, update_description
from archivo.records.models import Expediente
from archivo.uow import UnitOfWork, transactional

REQUIRED = ("legacyId", "identifier", "levelOfDescription")
_FORMULA = ("'=", "'+", "'-", "'@")


@dataclass(slots=True)
class Planned:
    """A valid row: which unit it describes and the elements to write."""

    nivel: Nivel
    objeto_id: int
    data: dict


def _value(cell: str | None) -> str | None:
    # Undo the export's spreadsheet-formula guard so text round-trips exactly.
    text = (cell or "").strip()
    if text.startswith(_FORMULA):
        text = text[1:]
    return text or None


def _resolve(fondo: Fondo | None, nivel: str, identifier: str):
    session = get_session()
    if nivel == "fondo":
        return session.scalar(select(Fondo).where(Fondo.clave == identifier))
    if fondo is None:
        return None
    if nivel == "seccion":
        return session.scalar(select(Seccion).where(
            Seccion.fondo_id == fondo.id, Seccion.codigo_norm == normalize_code(identifier)))
    if nivel in ("serie", "subserie"):
        return session.scalar(select(Serie).where(
            Serie.fondo_id == fondo.id, Serie.codigo_norm == normalize_code(identifier)))
    return session.scalar(select(Expediente).where(
        Expediente.fondo_id == fondo.id, Expediente.clave == identifier))


def plan(content: bytes, fondo: Fondo | None) -> tuple[list[Planned], ImportReport]:
    """Read the CSV and check every row; nothing is written."""
    report = ImportReport("atom-isad")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.error("codificacion", "El archivo no está en UTF-8, como lo exporta AtoM.")
        return [], report
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    report.columns = header
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        report.error("columnas", "Faltan columnas del formato de AtoM: " + ", ".join(missing))
        return [], report
    ignored = [c for c in DERIVED.values() if c in header]
    if ignored:
        report.info("derivadas", "No se importan " + ", ".join(ignored) + ": se derivan del "
                    "catálogo de disposición documental y del cuadro de clasificación.")
    planned: list[Planned] = []
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        report.rows_read += 1
        item = _check_row(report, number, dict(zip(header, cells, strict=False)), cells, fondo)
        if item is None:
            continue
        report.rows_valid += 1
        if item.nivel == Nivel.FONDO:
            fondo = get_session().get(Fondo, item.objeto_id)
        # Nothing described and nothing to clear: no empty row for every expediente.
        if any(item.data.values()) or stored(item.nivel, item.objeto_id) is not None:
            planned.append(item)
    return planned, report


def _check_row(report, number, values, cells, fondo) -> Planned | None:
    level = (values.get("levelOfDescription") or "").strip()
    nivel = LEVEL_OF.get(level.lower())
    where = {"row": number, "cells": cells}
    if nivel is None:
        report.error("nivel", "Nivel de descripción desconocido; use Fonds, Subfonds, "
                     "Series, Subseries o File.", column="levelOfDescription", value=level,
                     **where)
        return None
    identifier = (values.get("identifier") or "").strip()
    obj = _resolve(fondo, nivel, identifier) if identifier else None
    if obj is None:
        report.error("no_existe", "No existe en el fondo; cargue primero el cuadro de "
                     "clasificación o el inventario que lo contiene.", column="identifier",
                     value=identifier, **where)
        return None
    data = {element: _value(values.get(column)) for element, column in STORED.items()
            if column in values}
    if nivel == "expediente" and data.get("alcance_contenido") == (obj.descripcion or None):
        data["alcance_contenido"] = None  # exported from the expediente itself: not new
    try:
        DescripcionInputSchema().load(data)
    except ValidationError as err:
        for element, messages in err.normalized_messages().items():
            report.error("valor", " ".join(map(str, messages)), column=STORED.get(element),
                         value=(data.get(element) or "")[:80], **where)
        return None
    base = Nivel.SERIE if nivel == "subserie" else Nivel(nivel)
    return Planned(base, obj.id, data)


@transactional
def import_atom_csv(actor, content: bytes, *, uow: UnitOfWork, fondo_id: int | None = None,
                    dry_run: bool = True) -> ImportReport:
    """Check the file (dry run) or write every description in one transaction.

    Nothing is written when any row has an error: a half-imported finding aid would be
    worse than none.
    """
    policies.require(actor, "description.write")
    fondo = uow.session.get(Fondo, fondo_id) if fondo_id else None
    planned, report = plan(content, fondo)
    report.source = {"dry_run": dry_run, "written": 0}
    if dry_run or report.has_errors:
        return report
    for item in planned:
        update_description(actor, item.nivel, item.objeto_id, item.data, uow=uow)
    report.source["written"] = len(planned)
    return report
