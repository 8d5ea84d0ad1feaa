"""User management screen: administrators only; create, edit, deactivate, reset password."""

import pytest
from sqlalchemy import select

from archivo.audit.models import AuditEvent
from archivo.auth.models import Usuario
from archivo.auth.roles import Rol
from tests import factories as f
from tests.views.conftest import text

NEW = {"username": "mlopez", "nombre": "María López", "cargo": "Archivista",
       "email": "mlopez@example.mx", "rol": "coordinador", "unidad_id": "",
       "password": "una-clave-larga-1"}


def _events(db, action, user_id):
    return db.scalars(select(AuditEvent).where(AuditEvent.action == action,
                                               AuditEvent.subject_id == str(user_id))).all()


@pytest.mark.parametrize("rol", [r for r in Rol if r != Rol.ADMINISTRADOR])
def test_only_administrators_manage_users(browser, as_role, ctx, rol):
    as_role(rol)
    assert browser.get("/usuarios").status_code == 403
    assert browser.get("/usuarios/nuevo").status_code == 403
    assert browser.post("/usuarios/nuevo", NEW).status_code == 403
    assert browser.post(f"/usuarios/{ctx['actor'].id}/contrasena").status_code == 403
    assert "/usuarios" not in text(browser.get("/panel"))


def test_list_shows_users_with_role_unit_and_state(browser, as_role, ctx):
    admin = as_role(Rol.ADMINISTRADOR)
    tramite = f.user(Rol.RESPONSABLE_TRAMITE, ctx["unidad"])
    body = text(browser.get("/usuarios"))
    assert admin.username in body and tramite.username in body
    assert "Responsable de archivo de trámite" in body and ctx["unidad"].nombre in body
    assert 'href="/usuarios"' in text(browser.get("/panel"))  # the nav link


def test_create_user_with_field_errors_then_success(browser, as_role, ctx, db):
    as_role(Rol.ADMINISTRADOR)
    resp = browser.post("/usuarios/nuevo", {**NEW, "username": "con acento ñ",
                                            "password": "corta", "rol": "responsable_tramite"})
    assert resp.status_code == 422
    body = text(resp)
    assert 'id="e-username"' in body and 'id="e-password"' in body
    assert 'value="María López"' in body  # the input is kept
    resp = browser.post("/usuarios/nuevo", {**NEW, "rol": "responsable_tramite"})
    assert resp.status_code == 422 and "debe tener una unidad" in text(resp)
    resp = browser.post("/usuarios/nuevo", NEW)
    assert resp.status_code == 302
    user = db.scalar(select(Usuario).where(Usuario.username == "mlopez"))
    assert user.rol == Rol.COORDINADOR and user.cargo == "Archivista"
    assert _events(db, "usuario.crear", user.id)
    assert browser.post("/usuarios/nuevo", NEW).status_code == 422  # duplicate username


def test_edit_role_and_unidad_is_audited(browser, as_role, ctx, db):
    as_role(Rol.ADMINISTRADOR)
    user = f.user(Rol.COORDINADOR)
    page = text(browser.get(f"/usuarios/{user.id}"))
    assert 'value="coordinador" selected' in page
    resp = browser.post(f"/usuarios/{user.id}", {"nombre": user.nombre, "rol":
                                                 "responsable_tramite", "unidad_id": ""})
    assert resp.status_code == 422 and "debe tener una unidad" in text(resp)
    resp = browser.post(f"/usuarios/{user.id}", {
        "nombre": "Nombre Nuevo", "rol": "responsable_tramite",
        "unidad_id": str(ctx["unidad"].id), "cargo": "", "email": ""})
    assert resp.status_code == 302
    db.refresh(user)
    assert user.rol == Rol.RESPONSABLE_TRAMITE and user.unidad_id == ctx["unidad"].id
    assert user.nombre == "Nombre Nuevo"
    (event,) = _events(db, "usuario.editar", user.id)
    assert event.before["rol"] == "coordinador" and event.after["rol"] == "responsable_tramite"
    assert browser.get("/usuarios/999999").status_code == 404


def test_deactivate_ends_access_and_reactivate_restores_it(browser, as_role, ctx, db, client):
    as_role(Rol.ADMINISTRADOR)
    user = f.user(Rol.COORDINADOR)
    resp = browser.post(f"/usuarios/{user.id}/activo", {"activo": "0"})
    assert resp.status_code == 302
    db.refresh(user)
    assert not user.activo and _events(db, "usuario.desactivar", user.id)
    assert "Inactivo" in text(browser.get("/usuarios"))
    browser.post(f"/usuarios/{user.id}/activo", {"activo": "1"})
    db.refresh(user)
    assert user.activo and _events(db, "usuario.reactivar", user.id)


def test_administrator_cannot_lock_themselves_out(browser, as_role, ctx, db):
    admin = as_role(Rol.ADMINISTRADOR)
    resp = browser.post(f"/usuarios/{admin.id}/activo", {"activo": "0"})
    assert resp.status_code == 302
    assert "No puede desactivar su propia cuenta." in text(browser.get(resp.headers["Location"]))
    resp = browser.post(f"/usuarios/{admin.id}", {"nombre": admin.nombre, "rol": "auditor"})
    assert resp.status_code == 422 and "No puede cambiar su propio rol." in text(resp)
    db.refresh(admin)
    assert admin.activo and admin.rol == Rol.ADMINISTRADOR


def test_reset_password_shows_it_once_and_unlocks(browser, as_role, ctx, db, app):
    as_role(Rol.ADMINISTRADOR)
    user = f.user(Rol.COORDINADOR)
    user.failed_logins = 3
    db.flush()
    resp = browser.post(f"/usuarios/{user.id}/contrasena")
    assert resp.status_code == 200 and resp.headers["Cache-Control"] == "no-store"
    secret = text(resp).split('id="password-secret">')[1].split("<")[0]
    assert len(secret) >= 16
    db.refresh(user)
    assert user.failed_logins == 0
    (event,) = _events(db, "usuario.restablecer_contrasena", user.id)
    assert secret not in str(event.after)
    assert secret not in text(browser.get(f"/usuarios/{user.id}"))
    browser.post("/salir")
    assert browser.login(user, password=secret).status_code == 302
    assert browser.login(user).status_code == 422  # the old password no longer works


def test_forms_require_csrf(browser, as_role, ctx):
    as_role(Rol.ADMINISTRADOR)
    user = f.user(Rol.COORDINADOR)
    assert browser.post(f"/usuarios/{user.id}/contrasena", csrf=False).status_code == 400
    resp = browser.post("/usuarios/nuevo", NEW, csrf=False)
    assert resp.status_code == 400 and "La página caducó" in resp.get_data(as_text=True)
