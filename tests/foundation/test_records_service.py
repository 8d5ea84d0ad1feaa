"""Expediente services: keys, dates, closing, read-only after close, scope, documents."""

import datetime as dt
import io

import pytest
from marshmallow import ValidationError

from archivo.auth.roles import Rol
from archivo.catalog import service as catalog
from archivo.errors import Conflict, DomainError, Forbidden, InvalidTransition, NotFound
from archivo.records import documentos
from archivo.records import service as records
from archivo.records.storage import FileStore
from tests import factories as f


def test_keys_are_consecutive_per_serie_and_year(db):
    ctx = f.fondo()
    a = f.expediente(ctx)
    b = f.expediente(ctx)
    c = f.expediente(ctx, fecha_apertura="2016-01-05")
    clave = ctx["fondo"].clave
    assert [a.clave, b.clave, c.clave] == [f"{clave}/4C/4C.3/001/2015",
                                           f"{clave}/4C/4C.3/002/2015",
                                           f"{clave}/4C/4C.3/001/2016"]


def test_given_key_is_kept_and_counter_moves_past_it(db):
    ctx = f.fondo()
    clave = f"{ctx['fondo'].clave}/4C/4C.3/007/2015"
    legacy = f.expediente(ctx, clave=clave)
    assert legacy.clave == clave and legacy.consecutivo == 7
    assert f.expediente(ctx).consecutivo == 8
    with pytest.raises(DomainError) as err:
        f.expediente(ctx, clave=clave)
    assert err.value.field == "clave"


def test_impossible_dates_are_rejected(db):
    ctx = f.fondo()
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    with pytest.raises(ValidationError) as err:
        f.expediente(ctx, fecha_apertura=future)
    assert "fecha_apertura" in err.value.messages
    with pytest.raises(ValidationError):
        f.expediente(ctx, fecha_apertura="2015-02-30")
    exp = f.expediente(ctx)
    with pytest.raises(DomainError) as err:
        records.close_expediente(ctx["actor"], exp.id, {"fecha_cierre": "2014-01-01", "fojas": 1})
    assert err.value.field == "fecha_cierre"


def test_a_paper_expediente_closes_with_at_least_one_foja(db):
    ctx = f.fondo()
    paper, digital = f.expediente(ctx), f.expediente(ctx, soporte="electronico")
    with pytest.raises(DomainError) as err:
        records.close_expediente(ctx["actor"], paper.id, {"fecha_cierre": "2016-01-01",
                                                          "fojas": 0})
    assert err.value.field == "fojas"
    records.close_expediente(ctx["actor"], digital.id, {"fecha_cierre": "2016-01-01",
                                                        "fojas": 0})


def test_every_missing_ground_is_reported_with_a_field_error(db):
    from archivo.records.schemas import ClassifySchema

    with pytest.raises(ValidationError) as err:
        ClassifySchema().load({"acceso": "reservada", "motivo": "x", "reserva_plazo_anios": 9})
    assert err.value.messages == {
        "reserva_plazo_anios": ["Debe estar entre 1 y 5."],
        "reserva_fecha_clasificacion": ["Obligatorio cuando el expediente es reservado."],
        "reserva_fundamento": ["Obligatorio cuando el expediente es reservado."]}


def test_reserved_needs_grounds_and_accents_survive(db):
    ctx = f.fondo()
    with pytest.raises(ValidationError) as err:
        f.expediente(ctx, acceso="reservada")
    assert {"reserva_fundamento", "reserva_plazo_anios",
            "reserva_fecha_clasificacion"} <= set(err.value.messages)
    exp = f.expediente(ctx, titulo="Licitación número ñandú — «año»", acceso="reservada",
                       reserva_fecha_clasificacion="2024-01-01", reserva_plazo_anios=5,
                       reserva_fundamento="Art. 113 LGTAIP")
    assert exp.titulo == "Licitación número ñandú — «año»"
    assert exp.reserva_vence == dt.date(2029, 1, 1)


def test_closing_freezes_content_but_not_location_or_access(db):
    ctx = f.fondo()
    exp = f.closed_expediente(ctx)
    assert exp.cerrado and exp.regla_id and exp.fojas == 120
    with pytest.raises(InvalidTransition):
        records.update_expediente(ctx["actor"], exp.id, {"titulo": "Otro"})
    with pytest.raises(InvalidTransition):
        records.close_expediente(ctx["actor"], exp.id, {"fecha_cierre": "2016-07-01", "fojas": 1})
    records.relocate_expediente(ctx["actor"], exp.id, {"ubicacion_caja": "C-12"})
    records.classify_expediente(ctx["actor"], exp.id, {
        "acceso": "confidencial", "confidencial_fundamento": "Art. 116 LGTAIP",
        "motivo": "Contiene datos personales"})
    assert exp.ubicacion_caja == "C-12" and exp.acceso.value == "confidencial"


def test_closing_needs_a_rule_in_force(db):
    ctx = f.fondo()
    serie = catalog.create_serie(ctx["actor"], ctx["fondo"].id, {"codigo": "4C.9", "nombre": "X"})
    exp = f.expediente(ctx, serie_id=serie.id)
    with pytest.raises(DomainError) as err:
        records.close_expediente(ctx["actor"], exp.id, {"fecha_cierre": "2016-01-01", "fojas": 1})
    assert "4C.9" in str(err.value)


def test_unit_scope_and_read_only_roles(db):
    ctx = f.fondo()
    other = catalog.create_unidad(ctx["actor"], ctx["fondo"].id,
                                  {"clave": "DJ", "nombre": "Dirección Jurídica"})
    mine = f.user(Rol.RESPONSABLE_TRAMITE, unidad=ctx["unidad"])
    theirs = f.expediente(ctx, unidad_id=other.id)
    with pytest.raises(Forbidden):
        records.update_expediente(mine, theirs.id, {"titulo": "Intento"})
    with pytest.raises(Forbidden):
        f.expediente(ctx, actor=mine, unidad_id=other.id)
    assert f.expediente(ctx, actor=mine).unidad_id == ctx["unidad"].id
    auditor = f.user(Rol.AUDITOR)
    assert records.get_expediente(auditor, theirs.id).id == theirs.id
    with pytest.raises(Forbidden):
        records.update_expediente(auditor, theirs.id, {"titulo": "Intento"})


def test_optimistic_version_check(db):
    ctx = f.fondo()
    exp = f.expediente(ctx)
    seen = exp.version_id
    records.update_expediente(ctx["actor"], exp.id, {"titulo": "Primera"}, expected_version=seen)
    with pytest.raises(Conflict):
        records.update_expediente(ctx["actor"], exp.id, {"titulo": "Segunda"},
                                  expected_version=seen)


def test_list_filters_and_paging(db):
    ctx = f.fondo()
    for i in range(5):
        f.expediente(ctx, titulo=f"Nómina {i}")
    f.closed_expediente(ctx, titulo="Cerrado")
    items, total, _ = records.list_expedientes(ctx["actor"], {
        "fondo_id": ctx["fondo"].id, "abierto": "true", "per_page": 2, "page": 2})
    assert total == 5 and len(items) == 2
    items, total, _ = records.list_expedientes(ctx["actor"], {"fondo_id": ctx["fondo"].id,
                                                              "q": "cerr"})
    assert total == 1
    with pytest.raises(ValidationError):
        records.list_expedientes(ctx["actor"], {"orden": "; drop table"})


def test_documents_are_content_addressed_and_typed(db, tmp_path):
    ctx = f.fondo()
    exp = f.expediente(ctx)
    store = FileStore(tmp_path)
    doc = documentos.add_documento(ctx["actor"], exp.id, "oficio.txt",
                                   io.BytesIO("Oficio de contratación".encode()),
                                   store=store, max_bytes=1000)
    assert doc.sha256 and store.exists(doc.sha256) and "contratación" in doc.texto
    with pytest.raises(DomainError):
        documentos.add_documento(ctx["actor"], exp.id, "falso.pdf", io.BytesIO(b"not a pdf"),
                                 store=store, max_bytes=1000)
    with pytest.raises(DomainError):
        documentos.add_documento(ctx["actor"], exp.id, "virus.exe", io.BytesIO(b"MZ"),
                                 store=store, max_bytes=1000)
    with pytest.raises(DomainError):
        documentos.add_documento(ctx["actor"], exp.id, "grande.txt", io.BytesIO(b"x" * 2000),
                                 store=store, max_bytes=1000)
    # the public may not download a trámite document; staff may
    with pytest.raises(NotFound):
        documentos.documento_for_download(None, doc.id)
    assert documentos.documento_for_download(ctx["actor"], doc.id).id == doc.id
