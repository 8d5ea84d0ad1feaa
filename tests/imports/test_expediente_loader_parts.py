"""The pieces of the inventario loader: keys, catalogue lookups, key lookup, batched insert."""

import datetime as dt

from sqlalchemy import select

from archivo.catalog import service as catalog
from archivo.db import is_sqlite
from archivo.imports.expediente_catalogue import FondoCatalogue
from archivo.imports.expediente_keys import KeyBook, consecutivo_of
from archivo.imports.expediente_lookup import _sqlite_key_index, key_lookup
from archivo.imports.expediente_writer import executemany
from archivo.records.enums import Etapa, Soporte
from archivo.records.models import Expediente, ExpedienteCounter
from tests import factories


def test_consecutivo_is_read_from_a_key_in_the_fondo_format():
    fmt = "{fondo}/{seccion}/{serie}/{consecutivo:03d}/{anio}"
    assert consecutivo_of(fmt, "IEEN/6C/6C.12/007/2008") == 7
    assert consecutivo_of(fmt, "otra cosa") is None
    assert consecutivo_of("{fondo}-{serie}", "IEEN-6C.12") is None  # no consecutive


def test_keybook_counts_explicit_keys_and_skips_taken_ones(db):
    ctx = factories.fondo()
    fondo, serie = ctx["fondo"], ctx["serie"]
    taken = factories.expediente(ctx, fecha_apertura="2009-05-01")  # consecutive 1 of 2009
    book = KeyBook(db, fondo)
    explicit = {"serie_id": serie.id, "anio": 2009,
                "clave": f"{fondo.clave}/4C/4C.3/005/2009"}
    book.take_explicit(explicit)
    assert explicit["consecutivo"] == 5 and book.counters[(serie.id, 2009)] == 5
    info = FondoCatalogue(db, fondo.id).series[serie.codigo_norm]
    auto = [{"_serie": info, "_unidad": "DA", "anio": 2009, "_row": 3}]
    book.counters[(serie.id, 2009)] = 0  # pretend the counter lags behind the database

    def existing(claves):
        return {c: object() for c in claves if c == taken.clave}

    book.assign_auto(auto, existing)
    assert auto[0]["clave"] != taken.clave and auto[0]["consecutivo"] == 2
    assert book.generated == {auto[0]["clave"]: 3}
    book.save_counters()
    assert db.get(ExpedienteCounter, (serie.id, 2009)).ultimo == 2
    db.get(ExpedienteCounter, (serie.id, 2009)).ultimo = 40
    db.flush()
    book.save_counters()  # never lowers a counter
    db.expire_all()
    assert db.get(ExpedienteCounter, (serie.id, 2009)).ultimo == 40


def test_catalogue_finds_active_units_by_clave_or_name(db):
    ctx = factories.fondo()
    fondo_id = ctx["fondo"].id
    cat = FondoCatalogue(db, fondo_id)
    assert cat.only_unit == (ctx["unidad"].id, "DA")
    assert cat.unidad("da") == cat.unidad("DIRECCION  DE administración") == cat.only_unit
    assert cat.unidad("Otra") is None and cat.claves_sample() == "DA"
    catalog.create_unidad(ctx["actor"], fondo_id, {"clave": "DJ", "nombre": "Jurídico"})
    cat = FondoCatalogue(db, fondo_id)
    assert cat.only_unit is None and cat.unidad("jurídico")[1] == "DJ"
    assert cat.archivo_for("tramite", ctx["unidad"].id) == cat.archivos.get(
        ("tramite", ctx["unidad"].id))
    assert not cat.series[ctx["serie"].codigo_norm].divided


def test_key_lookup_returns_typed_rows_through_the_unique_index(db):
    ctx = factories.fondo()
    exp = factories.closed_expediente(ctx)
    if is_sqlite(db):
        assert _sqlite_key_index(db) is not None
    found = key_lookup(db, ctx["fondo"].id)([exp.clave, "no-existe"])
    assert list(found) == [exp.clave]
    row = found[exp.clave]
    assert row.etapa == Etapa.TRAMITE and isinstance(row.closed_at, dt.datetime)
    assert row.fecha_apertura == exp.fecha_apertura and row.soporte == exp.soporte
    other = factories.fondo()
    assert key_lookup(db, other["fondo"].id)([exp.clave]) == {}


def test_executemany_stores_what_an_orm_insert_would(db):
    ctx = factories.fondo()
    model = factories.closed_expediente(ctx)
    columns = {c.key: getattr(model, c.key) for c in Expediente.__table__.columns
               if c.key not in ("id", "created_at", "updated_at", "created_by_id")}
    now = dt.datetime(2024, 2, 3, 4, 5, 6, tzinfo=dt.UTC)
    rows = [{**columns, "clave": f"X/{i}", "consecutivo": 900 + i} for i in range(3)]
    executemany(db, rows, {"created_at": now, "updated_at": now,
                           "created_by_id": ctx["actor"].id})
    stored = db.scalars(select(Expediente).where(Expediente.clave.like("X/%"))
                        .order_by(Expediente.clave)).all()
    assert [e.clave for e in stored] == ["X/0", "X/1", "X/2"]
    for e in stored:
        assert e.created_at == now and e.fecha_cierre == model.fecha_cierre
        assert e.etapa == model.etapa and e.soporte == Soporte(model.soporte)
        assert e.vence_destino_final == model.vence_destino_final
