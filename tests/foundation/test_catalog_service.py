"""Catalogue services: CGCA rules, CADIDO versioning and impact, permissions, audit."""

import pytest
from marshmallow import ValidationError
from sqlalchemy import func, select

from archivo.audit.models import AuditEvent
from archivo.auth.roles import Rol
from archivo.catalog import cadido
from archivo.catalog import service as catalog
from archivo.catalog.enums import EstadoVersion, TipoSeccion
from archivo.errors import DomainError, Forbidden, InvalidTransition
from archivo.records import service as records
from tests import factories as f


def test_codes_are_unique_in_normalised_form(db):
    ctx = f.fondo()
    with pytest.raises(DomainError) as err:
        catalog.create_serie(ctx["actor"], ctx["fondo"].id, {"codigo": "04C.03", "nombre": "X"})
    assert err.value.field == "codigo"
    with pytest.raises(DomainError):
        catalog.create_seccion(ctx["actor"], ctx["fondo"].id, {"codigo": "04c", "nombre": "X"})


def test_codes_display_as_entered_and_type_is_inferred(db):
    ctx = f.fondo()
    sec = catalog.create_seccion(ctx["actor"], ctx["fondo"].id,
                                 {"codigo": "013S", "nombre": "Organización electoral"})
    assert sec.codigo == "013S" and sec.codigo_norm == "13S" and sec.tipo == TipoSeccion.SUSTANTIVA
    serie = catalog.create_serie(ctx["actor"], ctx["fondo"].id,
                                 {"codigo": "13S.01", "nombre": "Acuerdos"})
    assert serie.seccion_id == sec.id and catalog.find_serie(ctx["fondo"].id, "13S.1") == serie


def test_subserie_needs_its_serie(db):
    ctx = f.fondo()
    with pytest.raises(DomainError) as err:
        catalog.create_serie(ctx["actor"], ctx["fondo"].id, {"codigo": "4C.9.1", "nombre": "X"})
    assert "4C.9" in str(err.value)
    sub = catalog.create_serie(ctx["actor"], ctx["fondo"].id,
                               {"codigo": "4C.3.1", "nombre": "Personal de base"})
    assert sub.parent_id == ctx["serie"].id and sub.nivel == "subserie"


def test_serie_needs_its_seccion_and_a_valid_shape(db):
    ctx = f.fondo()
    with pytest.raises(DomainError):
        catalog.create_serie(ctx["actor"], ctx["fondo"].id, {"codigo": "9C.1", "nombre": "X"})
    with pytest.raises(ValidationError) as err:
        catalog.create_serie(ctx["actor"], ctx["fondo"].id, {"codigo": "4C", "nombre": "X"})
    assert "codigo" in err.value.messages
    with pytest.raises(ValidationError) as err:
        catalog.create_serie(ctx["actor"], ctx["fondo"].id,
                             {"codigo": "4C.3", "nombre": "x" * 300, "extra": 1})
    assert set(err.value.messages) == {"nombre", "extra"}


def test_only_catalogue_roles_write(db):
    ctx = f.fondo()
    for rol in (Rol.AUDITOR, Rol.INTEGRANTE_GI):
        with pytest.raises(Forbidden):
            catalog.create_seccion(f.user(rol), ctx["fondo"].id, {"codigo": "5C", "nombre": "X"})


def test_every_change_is_audited(db):
    ctx = f.fondo()
    before = db.scalar(select(func.count()).select_from(AuditEvent))
    catalog.update_serie(ctx["actor"], ctx["serie"].id, {"nombre": "Expedientes únicos"})
    event = db.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
    assert db.scalar(select(func.count()).select_from(AuditEvent)) == before + 1
    assert event.action == "serie.editar" and event.after["nombre"] == "Expedientes únicos"
    assert event.before["nombre"] == "Expedientes de personal"


def test_draft_copies_rules_and_approval_supersedes(db):
    ctx = f.fondo()
    v2 = cadido.create_version(ctx["actor"], ctx["fondo"].id, {"descripcion": "Revisión 2025"})
    assert v2.numero == 2 and len(cadido.reglas(v2.id)) == 1
    with pytest.raises(DomainError):
        cadido.create_version(ctx["actor"], ctx["fondo"].id, {})
    cadido.set_regla(ctx["actor"], v2.id, f.regla_data(ctx["serie"].id, plazo_tramite=3))
    cadido.approve_version(ctx["actor"], v2.id, {"fecha_aprobacion": "2025-01-10",
                                                 "acta_gi": "GI/02/2025"})
    assert ctx["version"].estado == EstadoVersion.SUSTITUIDA
    assert cadido.vigente_version(ctx["fondo"].id).id == v2.id
    assert cadido.regla_vigente(ctx["serie"].id).plazo_tramite == 3


def test_approved_versions_never_change(db):
    ctx = f.fondo()
    with pytest.raises(InvalidTransition):
        cadido.set_regla(ctx["actor"], ctx["version"].id, f.regla_data(ctx["serie"].id))


def test_closed_expedientes_keep_the_rule_they_were_closed_under(db):
    ctx = f.fondo()
    closed = f.closed_expediente(ctx)
    open_ = f.expediente(ctx, titulo="Abierto")
    v2 = cadido.create_version(ctx["actor"], ctx["fondo"].id, {})
    cadido.set_regla(ctx["actor"], v2.id, f.regla_data(ctx["serie"].id, plazo_tramite=4))
    impact = cadido.version_impact(v2.id)
    change = impact["cambios"][0]
    assert change["antes"]["plazo_tramite"] == 2 and change["despues"]["plazo_tramite"] == 4
    assert change["expedientes_abiertos_afectados"] == 1
    assert change["expedientes_cerrados_conservan_regla"] == 1
    cadido.approve_version(ctx["actor"], v2.id, {"fecha_aprobacion": "2025-01-10",
                                                 "acta_gi": "GI/02/2025"})
    assert str(closed.vence_transferencia_primaria) == "2018-06-30"
    later = records.close_expediente(ctx["actor"], open_.id,
                                     {"fecha_cierre": "2016-06-30", "fojas": 3})
    assert str(later.vence_transferencia_primaria) == "2020-06-30"
    assert later.regla.version_id == v2.id and closed.regla.version_id == ctx["version"].id


def test_approval_requires_every_serie_to_have_a_rule(db):
    ctx = f.fondo()
    v2 = cadido.create_version(ctx["actor"], ctx["fondo"].id, {})
    catalog.create_serie(ctx["actor"], ctx["fondo"].id, {"codigo": "4C.6", "nombre": "Nómina"})
    assert [s["codigo"] for s in cadido.version_impact(v2.id)["series_sin_regla"]] == ["4C.6"]
    with pytest.raises(DomainError) as err:
        cadido.approve_version(ctx["actor"], v2.id, {"fecha_aprobacion": "2025-01-10",
                                                     "acta_gi": "GI/02/2025"})
    assert "4C.6" in str(err.value)


def test_rules_live_at_the_subserie_level(db):
    ctx = f.fondo()
    catalog.create_serie(ctx["actor"], ctx["fondo"].id, {"codigo": "4C.3.1", "nombre": "Base"})
    v2 = cadido.create_version(ctx["actor"], ctx["fondo"].id, {})
    with pytest.raises(DomainError):
        cadido.set_regla(ctx["actor"], v2.id, f.regla_data(ctx["serie"].id))


def test_rule_shape_errors(db):
    ctx = f.fondo()
    v2 = cadido.create_version(ctx["actor"], ctx["fondo"].id, {})
    with pytest.raises(ValidationError) as err:
        cadido.set_regla(ctx["actor"], v2.id, f.regla_data(
            ctx["serie"].id, destino="muestreo", plazo_tramite=-1, acceso="secreta"))
    assert {"plazo_tramite", "acceso"} <= set(err.value.messages)
    with pytest.raises(ValidationError) as err:
        cadido.set_regla(ctx["actor"], v2.id, f.regla_data(ctx["serie"].id, destino="muestreo"))
    assert "criterio_muestreo" in err.value.messages
