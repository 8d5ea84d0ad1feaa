"""AtoM ISAD(G) CSV: layout, hostile cells, import report, and the round trip."""

import csv
import io

import pytest
from sqlalchemy import delete, select

from archivo.auth.roles import Rol
from archivo.db import get_session
from archivo.errors import Forbidden
from archivo.interop.atom_columns import COLUMNS
from archivo.interop.atom_export import atom_csv
from archivo.interop.atom_import import import_atom_csv
from archivo.interop.models import ELEMENTOS, DescripcionIsad
from tests import factories


def export(actor, nivel, oid) -> bytes:
    return b"".join(atom_csv(actor, nivel, oid))


def rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def all_descriptions() -> dict:
    return {(d.nivel.value, d.objeto_id): {k: getattr(d, k) for k in ELEMENTOS}
            for d in get_session().scalars(select(DescripcionIsad))}


def test_layout_levels_and_parent_links(described):
    data = export(described["actor"], "fondo", described["fondo"].id)
    header = data.decode().splitlines()[0].split(",")
    assert tuple(header) == COLUMNS
    table = rows(data)
    by_id = {r["legacyId"]: r for r in table}
    assert table[0]["levelOfDescription"] == "Fonds" and table[0]["parentId"] == ""
    for r in table[1:]:
        assert r["parentId"] in by_id  # every parent comes before its children
        assert list(by_id).index(r["parentId"]) < list(by_id).index(r["legacyId"])
    levels = {r["levelOfDescription"] for r in table}
    assert levels == {"Fonds", "Subfonds", "Series", "Subseries", "File"}
    serie = next(r for r in table if r["identifier"] == "4C.3")
    assert serie["appraisal"].startswith("Plazo de conservación")
    assert serie["eventStartDates"] == "2015-03-02" and serie["eventTypes"] == "Creation"


def test_public_export_hides_non_public(described):
    data = export(None, "fondo", described["fondo"].id)
    assert b"Juana" not in data and b"Secreto" not in data and b"destruido" not in data


def test_hostile_and_formula_cells(hostile, db):
    from archivo.interop.models import Nivel
    from archivo.interop.service import update_description

    update_description(hostile["actor"], Nivel.SERIE, hostile["serie"].id,
                       {"notas": "=HYPERLINK(\"http://x\")"})
    table = rows(export(hostile["actor"], "fondo", hostile["fondo"].id))
    serie = next(r for r in table if r["levelOfDescription"] == "Series")
    assert serie["generalNote"].startswith("'=")
    exp = next(r for r in table if r["levelOfDescription"] == "File")
    assert "<script>" in exp["title"] and "🗄️" in exp["title"] and "\x01" not in exp["title"]


def test_round_trip_export_then_import_gives_same_descriptions(described, hostile):
    actor = described["actor"]
    files = [export(actor, "fondo", ctx["fondo"].id) for ctx in (described, hostile)]
    before = all_descriptions()
    get_session().execute(delete(DescripcionIsad))
    get_session().flush()
    for data in files:
        report = import_atom_csv(actor, data, dry_run=True)
        assert not report.has_errors, report.to_dict()
        assert report.rows_valid == report.rows_read
    assert all_descriptions() == {}  # a dry run writes nothing
    for data in files:
        assert import_atom_csv(actor, data, dry_run=False).source["written"] > 0
    after = all_descriptions()
    clean = {key: {k: (v.translate({c: None for c in (1, 8, 0x0B, 0x1F, 0xFFFE)}) if v else v)
                   for k, v in values.items()} for key, values in before.items()}
    assert {k: v for k, v in after.items() if any(v.values())} == clean


def test_import_reports_row_column_problem_and_writes_nothing(described):
    actor = described["actor"]
    data = export(actor, "serie", described["serie"].id).decode()
    lines = data.splitlines()
    bad_level = lines[1].replace(",Series,", ",Carpeta,")
    unknown = lines[2].replace(described["public"][0].clave, "NO/EXISTE/1")
    too_long = next(csv.reader([lines[3]]))
    too_long[COLUMNS.index("generalNote")] = "x" * 20001
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(too_long)
    content = "\r\n".join([lines[0], bad_level, unknown, out.getvalue().strip(), *lines[4:]])
    before = all_descriptions()
    report = import_atom_csv(actor, content.encode(), dry_run=False,
                             fondo_id=described["fondo"].id)
    assert report.has_errors
    problems = {(e.row, e.column, e.kind) for e in report.entries if e.severity == "error"}
    assert problems == {(2, "levelOfDescription", "nivel"), (3, "identifier", "no_existe"),
                        (4, "generalNote", "valor")}
    assert all_descriptions() == before
    assert b"Motivos del rechazo" in report.to_csv()


def test_import_needs_utf8_and_the_layout(described):
    report = import_atom_csv(described["actor"], "título\n".encode("latin-1"))
    assert report.by_kind()["codificacion"] == 1
    report = import_atom_csv(described["actor"], b"title,scopeAndContent\nA,B\n")
    assert report.by_kind()["columnas"] == 1


def test_import_requires_describer(described):
    auditor = factories.user(Rol.AUDITOR)
    with pytest.raises(Forbidden):
        import_atom_csv(auditor, b"legacyId,identifier,levelOfDescription\n")
