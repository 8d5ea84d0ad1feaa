"""Import of CGCA/CADIDO into a fondo: upsert by code, rules into the draft, all-or-nothing."""

import csv
import io

import pytest
from sqlalchemy import func, select

from archivo.audit.models import AuditEvent
from archivo.catalog import cadido
from archivo.catalog.enums import Destino, EstadoVersion
from archivo.catalog.models import CadidoVersion, ReglaCadido, Seccion, Serie
from archivo.imports import service
from tests import factories
from tests.imports.conftest import csv_bytes

HEAD = ["Código", "Nombre", "Valor administrativo", "Valor legal", "Valor evidencial", "AT",
        "AC", "Destino final", "Criterio de muestreo", "Acceso"]
ROWS = [
    ["04C", "Recursos humanos (RH)", "", "", "", "", "", "", "", ""],
    ["04C.03", "Expedientes de personal", "X", "X", "", "2", "5", "B", "", "P"],
    ["4C.4", "Nómina", "X", "", "", "", "", "", "", ""],
    ["4C.4.1", "Nómina quincenal", "X", "", "", "3", "7", "B", "", "P"],
    ["4C.4.2", "Nómina extraordinaria", "X", "X", "X", "3", "7", "C", "", "R"],
    ["13S", "Organización electoral", "", "", "", "", "", "", "", ""],
    ["13S.1", "Casillas", "", "X", "X", "1", "3", "M", "10 % aleatorio", "P"],
]


@pytest.fixture
def ctx(db):
    return factories.fondo()


def _run(ctx, rows, **kw):
    kw.setdefault("dry_run", False)
    return service.import_cadido(ctx["actor"], ctx["fondo"].id, csv_bytes(rows),
                                 filename="cadido.csv", **kw)


def _state(db):
    return tuple(db.scalar(select(func.count()).select_from(m))
                 for m in (Seccion, Serie, CadidoVersion, ReglaCadido, AuditEvent))


def _rules(db, version_id):
    return {r.serie.codigo_norm: r for r in db.scalars(
        select(ReglaCadido).where(ReglaCadido.version_id == version_id))}


def test_dry_run_writes_nothing(db, ctx):
    before = _state(db)
    outcome = _run(ctx, [HEAD, *ROWS], dry_run=True)
    assert _state(db) == before and not outcome.written and not outcome.has_errors
    # 4C already exists (factory) and is renamed; 4C.3 exists with the same name.
    assert outcome.counts["created"] == 5 and outcome.counts["updated"] == 1
    # 4C.3's rule is the one in force (the file lacks fundamento: the stored one stays).
    assert (outcome.counts["reglas"], outcome.counts["reglas_sin_cambio"]) == (3, 1)


def test_real_run_loads_catalogue_into_a_new_draft(db, ctx):
    fondo_id, vigente = ctx["fondo"].id, ctx["version"]
    before_rules = cadido.rule_snapshot(_rules(db, vigente.id)["4C.3"])
    outcome = _run(ctx, [HEAD, *ROWS])
    assert outcome.written and not outcome.has_errors, outcome.report.entries
    draft = db.scalar(select(CadidoVersion).where(
        CadidoVersion.fondo_id == fondo_id, CadidoVersion.estado == EstadoVersion.BORRADOR))
    assert outcome.extra["version"] == draft.numero == 2
    rules = _rules(db, draft.id)
    assert set(rules) == {"4C.3", "4C.4.1", "4C.4.2", "13S.1"}
    assert rules["4C.4.2"].destino is Destino.CONSERVACION and rules["4C.4.2"].valor_evidencial
    assert rules["13S.1"].criterio_muestreo == "10 % aleatorio"
    # The approved version is never touched.
    assert cadido.rule_snapshot(_rules(db, vigente.id)["4C.3"]) == before_rules
    assert db.get(CadidoVersion, vigente.id).estado is EstadoVersion.VIGENTE
    sub = db.scalar(select(Serie).where(Serie.fondo_id == fondo_id,
                                        Serie.codigo_norm == "4C.4.2"))
    assert sub.parent.codigo == "4C.4" and sub.seccion.codigo_norm == "4C"
    assert db.scalar(select(Seccion.nombre).where(
        Seccion.fondo_id == fondo_id, Seccion.codigo_norm == "4C")) == "Recursos humanos (RH)"
    [event] = db.scalars(select(AuditEvent).where(AuditEvent.action == "importacion.cadido"))
    assert event.after["sha256"] == outcome.sha256 and event.after["creados"] == 5
    assert "13S.1" in event.after["codigos"]["creadas"]


def test_reimport_is_idempotent_and_updates_names(db, ctx):
    _run(ctx, [HEAD, *ROWS])
    counts = _state(db)
    again = _run(ctx, [HEAD, *ROWS])
    assert again.counts == {"created": 0, "updated": 0, "unchanged": 7, "reglas": 0,
                            "reglas_sin_cambio": 4}
    assert _state(db)[:4] == counts[:4]
    renamed = [r[:] for r in ROWS]
    renamed[2][1] = "Nómina del personal"
    renamed[3][5] = "4"
    third = _run(ctx, [HEAD, *renamed])
    assert (third.counts["updated"], third.counts["reglas"]) == (1, 1)
    assert db.scalar(select(Serie.nombre).where(Serie.codigo_norm == "4C.4",
                                                Serie.fondo_id == ctx["fondo"].id)) == \
        "Nómina del personal"
    assert third.extra["version"] == 2  # the same open draft, not a new one


def test_cgca_only_file_loads_classification_and_lists_series_without_rules(db, ctx):
    rows = [["Código", "Nombre", "Descripción"], ["4C.5", "Control de asistencia", "Listas"],
            ["5C", "Recursos financieros", ""], ["5C.1", "Presupuesto", ""]]
    outcome = _run(ctx, rows)
    assert outcome.written and outcome.counts["created"] == 3
    assert outcome.extra["version"] is None  # no rules: no draft is opened
    assert db.scalar(select(func.count()).select_from(CadidoVersion).where(
        CadidoVersion.fondo_id == ctx["fondo"].id)) == 1
    assert outcome.extra["series_sin_regla"] == ["4C.5", "5C.1"]
    assert "series_sin_regla" in outcome.report.by_kind()


def test_all_or_nothing_and_valid_rows(db, ctx):
    rows = [HEAD, *ROWS, ["7C.1", "Serie huérfana", "X", "", "", "1", "1", "B", "", "P"],
            ["4C.9", "Conservación sin valor secundario", "X", "", "", "1", "1", "C", "", "P"]]
    before = _state(db)
    outcome = _run(ctx, rows)
    assert not outcome.written and _state(db) == before
    kinds = {e.kind for e in outcome.report.entries if e.severity == "error"}
    assert kinds == {"padre_inexistente", "regla_invalida"}
    partial = _run(ctx, rows, modo="valid_rows")
    assert partial.written and partial.counts["created"] == 5
    table = list(csv.reader(io.StringIO(partial.rejected_csv().decode("utf-8-sig"))))
    assert [r[1] for r in table[1:]] == ["7C.1", "4C.9"]
    assert "7C" in table[1][-1]


def test_messy_xlsx_with_glued_labels_and_existing_draft(db, ctx, make_xlsx):
    draft = cadido.create_version(ctx["actor"], ctx["fondo"].id, {})
    path = make_xlsx([
        ["Catálogo de disposición documental"],
        ["Sección / Serie / Subserie", "Valores documentales", None, "Plazos", None,
         "Destino final", None, None],
        [None, "A", "L", "AT", "AC", "B", "C", "M"],
        ["Sección\u00a004C Recursos   humanos"],
        ["Serie 04C.06Capacitación", "x", None, 1, 4, "X", None, None],
    ], merges=["A2:A3", "B2:C2", "D2:E2", "F2:H2"])
    outcome = service.import_cadido(ctx["actor"], ctx["fondo"].id, path, dry_run=False)
    assert outcome.written and not outcome.has_errors, outcome.report.entries
    assert outcome.extra["version"] == draft.numero
    rule = _rules(db, draft.id)["4C.6"]
    assert (rule.plazo_tramite, rule.plazo_concentracion, rule.destino) == (1, 4, Destino.BAJA)


def test_serie_with_expedientes_gaining_subseries_is_warned(db, ctx):
    factories.expediente(ctx)
    rows = [HEAD, ["4C.3.1", "Altas", "X", "", "", "2", "5", "B", "", "P"]]
    outcome = _run(ctx, rows, dry_run=True)
    [warning] = [e for e in outcome.report.entries if e.kind == "serie_pasa_a_subseries"]
    assert "1 expedientes" in warning.problem


def test_windows_1252_csv(db, ctx):
    data = csv_bytes([HEAD, ["4C.7", "Prestaciones económicas", "X", "", "", "2", "3", "B",
                             "", "Pública"]], delimiter=";", encoding="cp1252")
    outcome = service.import_cadido(ctx["actor"], ctx["fondo"].id, data, dry_run=False)
    assert outcome.written and outcome.report.source["encoding"] == "cp1252"
    assert db.scalar(select(Serie.nombre).where(Serie.codigo_norm == "4C.7",
                                                Serie.fondo_id == ctx["fondo"].id)) == \
        "Prestaciones económicas"
