"""Import of inventarios into the database: dry run, all-or-nothing, valid rows, idempotence."""

import csv
import datetime as dt
import io

import pytest
from sqlalchemy import func, select

from archivo.audit.models import AuditEvent
from archivo.auth.roles import Rol
from archivo.catalog import service as catalog
from archivo.errors import Forbidden
from archivo.imports import service
from archivo.records import service as records
from archivo.records.enums import Etapa
from archivo.records.models import Expediente, ExpedienteCounter
from archivo.search.models import SearchOutbox
from tests import factories
from tests.imports.conftest import csv_bytes

HEAD = ["Clave", "Serie", "Título", "Unidad", "Fecha de apertura", "Fecha de cierre", "Fojas",
        "Caja", "Ubicación", "Etapa"]


def _count(db, model, **where):
    stmt = select(func.count()).select_from(model)
    for key, value in where.items():
        stmt = stmt.where(getattr(model, key) == value)
    return db.scalar(stmt)


def _state(db, fondo_id):
    return (_count(db, Expediente, fondo_id=fondo_id), _count(db, AuditEvent),
            _count(db, SearchOutbox), _count(db, ExpedienteCounter))


def _run(ctx, rows, **kw):
    kw.setdefault("dry_run", False)
    return service.import_expedientes(kw.pop("actor", ctx["actor"]), ctx["fondo"].id,
                                      csv_bytes(rows), filename="inventario.csv", **kw)


def _events(db, action):
    return list(db.scalars(select(AuditEvent).where(AuditEvent.action == action)))


@pytest.fixture
def ctx(db):
    return factories.fondo()


def good_rows(ctx, n=3):
    clave = ctx["fondo"].clave
    return [HEAD, *[[f"{clave}/4C/4C.3/{i:03d}/2010", "04C.03", f"Contrato {i}", "DA",
                     "02/03/2010", "", "", f"C-{i}", "Edificio A", "AT"]
                    for i in range(1, n + 1)]]


def test_dry_run_writes_nothing(db, ctx):
    before = _state(db, ctx["fondo"].id)
    outcome = _run(ctx, good_rows(ctx), dry_run=True)
    assert _state(db, ctx["fondo"].id) == before
    assert outcome.dry_run and not outcome.written and not outcome.has_errors
    assert outcome.counts == {"created": 3, "updated": 0, "unchanged": 0}
    assert outcome.to_dict()["counts"]["rows_read"] == 3


def test_real_run_creates_with_one_audit_event_and_outbox(db, ctx):
    fondo_id = ctx["fondo"].id
    outcome = _run(ctx, good_rows(ctx))
    assert outcome.written and outcome.counts["created"] == 3
    exps = list(db.scalars(select(Expediente).where(Expediente.fondo_id == fondo_id)
                           .order_by(Expediente.consecutivo)))
    assert [e.consecutivo for e in exps] == [1, 2, 3]
    first = exps[0]
    assert (first.titulo, first.ubicacion_caja, first.ubicacion_edificio) == (
        "Contrato 1", "C-1", "Edificio A")
    assert first.etapa is Etapa.TRAMITE and first.unidad_id == ctx["unidad"].id
    assert first.anio == 2010 and first.closed_at is None
    [event] = _events(db, "importacion.expedientes")
    assert event.after["sha256"] == outcome.sha256 and len(outcome.sha256) == 64
    assert event.after["archivo"] == "inventario.csv" and event.after["modo"] == "all_or_nothing"
    assert (event.after["creados"], event.after["rechazados"]) == (3, 0)
    queued = set(db.scalars(select(SearchOutbox.expediente_id)))
    assert {e.id for e in exps} <= queued
    counter = db.get(ExpedienteCounter, (ctx["serie"].id, 2010))
    assert counter.ultimo == 3
    # The next expediente opened by hand continues after the imported keys.
    new = factories.expediente(ctx, fecha_apertura="2010-05-05")
    assert new.consecutivo == 4


def test_all_or_nothing_one_bad_row_writes_nothing(db, ctx):
    rows = good_rows(ctx, 4)
    rows[3][1] = "4C.99"  # a serie that does not exist
    before = _state(db, ctx["fondo"].id)
    outcome = _run(ctx, rows)
    assert not outcome.written and outcome.has_errors
    assert _state(db, ctx["fondo"].id) == before
    [error] = [e for e in outcome.report.entries if e.severity == "error"]
    assert (error.kind, error.row, error.column) == ("serie_inexistente", 4, "Serie")


def test_valid_rows_loads_good_ones_and_returns_rejects_csv(db, ctx):
    rows = good_rows(ctx, 4)
    rows[2][3] = "Dirección Inventada"
    rows[4][4] = "31/02/2010"
    outcome = _run(ctx, rows, modo="valid_rows")
    assert outcome.written and outcome.counts["created"] == 2
    assert _count(db, Expediente, fondo_id=ctx["fondo"].id) == 2
    table = list(csv.reader(io.StringIO(outcome.rejected_csv().decode("utf-8-sig"))))
    assert table[0][0] == "Fila" and table[0][-1] == "Motivos del rechazo"
    assert [r[0] for r in table[1:]] == ["3", "5"]
    assert "Dirección Inventada" in table[1] and "no existe" in table[1][-1]
    [event] = _events(db, "importacion.expedientes")
    assert (event.after["creados"], event.after["rechazados"], event.after["modo"]) == (
        2, 2, "valid_rows")


def test_reimport_same_file_is_idempotent(db, ctx):
    rows = good_rows(ctx)
    _run(ctx, rows)
    again = _run(ctx, rows)
    assert again.counts == {"created": 0, "updated": 0, "unchanged": 3}
    assert _count(db, Expediente, fondo_id=ctx["fondo"].id) == 3
    rows[1][2] = "Contrato 1 (corregido)"
    third = _run(ctx, rows)
    assert third.counts == {"created": 0, "updated": 1, "unchanged": 2}
    exp = db.scalar(select(Expediente).where(Expediente.clave == rows[1][0]))
    assert exp.titulo == "Contrato 1 (corregido)" and exp.version_id == 2


def test_closed_expediente_only_location_is_updated(db, ctx):
    exp = factories.closed_expediente(ctx)
    row = [exp.clave, "4C.3", "Otro título", "DA", "02/03/2015", "30/06/2016", "120",
           "CAJA-9", "", "AT"]
    outcome = _run(ctx, [HEAD, row])
    assert outcome.counts == {"created": 0, "updated": 1, "unchanged": 0}
    db.expire_all()
    exp = db.get(Expediente, exp.id)
    assert exp.ubicacion_caja == "CAJA-9" and exp.titulo != "Otro título"
    assert "cerrado_solo_ubicacion" in outcome.report.by_kind()


def test_auto_keys_skip_taken_ones_and_closed_rows_get_rule(db, ctx):
    fondo = ctx["fondo"]
    existing = factories.expediente(ctx, fecha_apertura="2012-01-10")  # takes 001/2012
    # An old inventory key loaded without raising the counter: the import must skip it.
    db.execute(Expediente.__table__.update().where(Expediente.id == existing.id)
               .values(clave=f"{fondo.clave}/4C/4C.3/002/2012"))
    db.execute(ExpedienteCounter.__table__.update().values(ultimo=0))
    rows = [HEAD, ["", "4C.3", "Sin clave", "DA", "Enero/2012", "", "", "", "", ""],
            ["", "4C.3", "Cerrado", "Dirección de Administración", "2012", "2013", "80", "",
             "", "AC"]]
    outcome = _run(ctx, rows)
    assert outcome.counts["created"] == 2, outcome.report.entries
    made = {e.titulo: e for e in db.scalars(select(Expediente).where(
        Expediente.fondo_id == fondo.id, Expediente.titulo.in_(["Sin clave", "Cerrado"])))}
    assert made["Sin clave"].clave == f"{fondo.clave}/4C/4C.3/001/2012"
    assert made["Cerrado"].clave == f"{fondo.clave}/4C/4C.3/003/2012"
    closed = made["Cerrado"]
    assert closed.etapa is Etapa.CONCENTRACION and closed.closed_at is not None
    assert closed.regla_id is not None and closed.fojas == 80
    assert closed.vence_transferencia_primaria == dt.date(2015, 12, 31)
    assert closed.vence_destino_final == dt.date(2020, 12, 31)


def test_unit_scoped_user_only_imports_own_unit(db, ctx):
    other = catalog.create_unidad(ctx["actor"], ctx["fondo"].id,
                                  {"clave": "DJ", "nombre": "Dirección Jurídica"})
    tramite = factories.user(Rol.RESPONSABLE_TRAMITE, ctx["unidad"])
    rows = [HEAD, ["", "4C.3", "Mío", "DA", "2011", "", "", "", "", ""],
            ["", "4C.3", "Ajeno", other.clave, "2011", "", "", "", "", ""],
            ["", "4C.3", "Sin unidad", "", "2011", "", "", "", "", ""]]
    outcome = _run(ctx, rows, actor=tramite, modo="valid_rows")
    assert outcome.counts["created"] == 2
    assert [e.kind for e in outcome.report.entries if e.severity == "error"] == ["unidad_ajena"]
    auditor = factories.user(Rol.AUDITOR)
    with pytest.raises(Forbidden):
        _run(ctx, rows, actor=auditor)


def test_database_checks_are_reported(db, ctx):
    catalog.create_serie(ctx["actor"], ctx["fondo"].id, {"codigo": "4C.3.1", "nombre": "Sub"})
    catalog.create_unidad(ctx["actor"], ctx["fondo"].id, {"clave": "DJ", "nombre": "Jurídica"})
    catalog.create_serie(ctx["actor"], ctx["fondo"].id, {"codigo": "4C.4", "nombre": "Sin regla"})
    rows = [HEAD, ["", "4C.3", "Serie dividida", "DA", "2011", "", "", "", "", ""],
            ["", "4C.4", "Sin regla y cerrado", "DA", "2011", "2012", "3", "", "", ""],
            ["", "4C.4", "Sin unidad", "", "2011", "", "", "", "", ""],
            ["", "4C.4", "T" * 501, "DA", "2011", "", "", "", "", ""]]
    outcome = _run(ctx, rows, dry_run=True)
    kinds = [e.kind for e in outcome.report.entries if e.severity == "error"]
    assert kinds == ["serie_con_subseries", "sin_regla_vigente", "falta_unidad", "texto_largo"]
    assert outcome.counts["created"] == 0


def test_open_key_in_other_serie_is_rejected_and_xlsx_works(db, ctx, make_xlsx):
    exp = records.create_expediente(ctx["actor"], ctx["fondo"].id, {
        "serie_id": ctx["serie"].id, "unidad_id": ctx["unidad"].id, "titulo": "Uno",
        "fecha_apertura": "2014-01-01"})
    catalog.create_serie(ctx["actor"], ctx["fondo"].id, {"codigo": "4C.4", "nombre": "Otra"})
    path = make_xlsx([["Inventario general"], HEAD,
                      [exp.clave, "4C.4", "Uno", "DA", dt.datetime(2014, 1, 1), None, None,
                       None, None, "Trámite"]])
    outcome = service.import_expedientes(ctx["actor"], ctx["fondo"].id, path, dry_run=True)
    assert outcome.filename == path.name
    assert [e.kind for e in outcome.report.entries if e.severity == "error"] == [
        "clave_en_otra_serie"]


def test_windows_1252_file_with_many_rows_in_several_chunks(db, ctx, monkeypatch):
    from archivo.imports import expediente_loader

    monkeypatch.setattr(expediente_loader, "CHUNK", 7)
    rows = [HEAD, *[["", "4C.3", f"Expediente número {i} — año", "Dirección de Administración",
                     f"{i % 28 + 1}/03/2009", "", "", "", "", "Trámite"] for i in range(30)]]
    data = csv_bytes(rows, delimiter=";", encoding="cp1252")
    seen = []
    outcome = service.import_expedientes(ctx["actor"], ctx["fondo"].id, data, dry_run=False,
                                         progress=seen.append)
    assert outcome.counts["created"] == 30 and sum(seen) == 30 and len(seen) == 5
    claves = set(db.scalars(select(Expediente.clave).where(
        Expediente.fondo_id == ctx["fondo"].id)))
    assert len(claves) == 30
    assert db.get(ExpedienteCounter, (ctx["serie"].id, 2009)).ultimo == 30
