"""API contract: auth, JSON errors (422/409/404/403/401), CSRF, headers, OpenAPI."""

import pytest

from archivo.auth import service as auth
from archivo.auth.roles import Rol
from tests import factories as f


def bearer(user) -> dict:
    _token, secret = auth.create_token(user, {"nombre": "pruebas"})
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def ctx(db):
    return f.fondo()


def test_create_and_close_expediente(client, ctx):
    h = bearer(ctx["actor"])
    body = {"serie_id": ctx["serie"].id, "unidad_id": ctx["unidad"].id,
            "titulo": "Adquisición de papelería", "fecha_apertura": "2015-03-02"}
    r = client.post(f"/api/v1/fondos/{ctx['fondo'].id}/expedientes", json=body, headers=h)
    assert r.status_code == 201, r.json
    exp = r.json
    assert exp["clave"].endswith("/4C/4C.3/001/2015") and exp["etapa"] == "tramite"
    r = client.post(f"/api/v1/expedientes/{exp['id']}/cerrar", headers=h,
                    json={"fecha_cierre": "2016-06-30", "fojas": 80})
    assert r.status_code == 200 and r.json["vence_destino_final"] == "2023-06-30"
    r = client.get(f"/api/v1/expedientes?fondo_id={ctx['fondo'].id}&abierto=false", headers=h)
    assert r.json["total"] == 1 and r.json["items"][0]["id"] == exp["id"]


def test_validation_errors_are_field_level_spanish_and_english(client, ctx):
    h = bearer(ctx["actor"])
    url = f"/api/v1/fondos/{ctx['fondo'].id}/expedientes"
    r = client.post(url, json={"titulo": 5, "desconocido": 1}, headers=h)
    assert r.status_code == 422
    fields = r.json["error"]["fields"]
    assert fields["serie_id"] == ["Este campo es obligatorio."]
    assert fields["desconocido"] == ["Campo no reconocido."]
    r = client.post(url, json={"titulo": 5}, headers={**h, "Accept-Language": "en"})
    assert r.json["error"]["fields"]["serie_id"] == ["Missing data for required field."]


def test_malformed_json_and_wrong_content_type(client, ctx):
    h = bearer(ctx["actor"])
    url = f"/api/v1/fondos/{ctx['fondo'].id}/expedientes"
    r = client.post(url, data="{no es json", content_type="application/json", headers=h)
    assert r.status_code == 422 and "JSON" in r.json["error"]["fields"]["_schema"][0]
    r = client.post(url, json=[1, 2], headers=h)
    assert r.status_code == 422


def test_rule_violation_is_409_and_missing_is_404(client, ctx):
    h = bearer(ctx["actor"])
    r = client.post(f"/api/v1/fondos/{ctx['fondo'].id}/series", headers=h,
                    json={"codigo": "04C.03", "nombre": "Duplicada"})
    assert r.status_code == 409 and r.json["error"]["fields"]["codigo"]
    assert client.get("/api/v1/expedientes/999999", headers=h).status_code == 404


def test_auth_errors(client, ctx):
    assert client.get("/api/v1/expedientes").status_code == 401
    r = client.get("/api/v1/expedientes", headers={"Authorization": "Bearer arch_falso"})
    assert r.status_code == 401 and "Bearer" in r.headers["WWW-Authenticate"]
    auditor = bearer(f.user(Rol.AUDITOR))
    r = client.post(f"/api/v1/fondos/{ctx['fondo'].id}/secciones", headers=auditor,
                    json={"codigo": "5C", "nombre": "Recursos financieros"})
    assert r.status_code == 403


def test_session_login_requires_csrf_for_writes(client, ctx):
    user = f.user(Rol.COORDINADOR)
    r = client.post("/api/v1/auth/login", json={"username": user.username,
                                                "password": f.PASSWORD})
    assert r.status_code == 200
    token = r.headers["X-CSRFToken"]
    cookie = client.get_cookie("archivo_session")
    assert cookie.http_only and cookie.same_site == "Lax"
    url = f"/api/v1/fondos/{ctx['fondo'].id}/secciones"
    body = {"codigo": "5C", "nombre": "Recursos financieros"}
    assert client.post(url, json=body).status_code == 400
    assert client.post(url, json=body, headers={"X-CSRFToken": token}).status_code == 201
    r = client.post("/api/v1/auth/login", json={"username": user.username, "password": "x"})
    assert r.status_code == 401


def test_security_headers_and_openapi(client, ctx):
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    spec = r.json
    assert spec["openapi"].startswith("3.") and "/api/v1/expedientes" in spec["paths"]
    assert "ExpedienteInput" in spec["components"]["schemas"]
    assert "script-src 'self'" in r.headers["Content-Security-Policy"]
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["X-Frame-Options"] == "DENY"


def test_public_catalogue_reads(client, ctx):
    r = client.get(f"/api/v1/fondos/{ctx['fondo'].id}/cgca")
    assert r.status_code == 200
    serie = r.json["secciones"][0]["series"][0]
    assert serie["codigo"] == "4C.3" and serie["regla"]["plazo_total"] == 7


def test_if_match_conflict(client, ctx):
    h = bearer(ctx["actor"])
    exp = f.expediente(ctx)
    r = client.get(f"/api/v1/expedientes/{exp.id}", headers=h)
    etag = r.headers["ETag"]
    assert client.patch(f"/api/v1/expedientes/{exp.id}", json={"titulo": "A"},
                        headers={**h, "If-Match": etag}).status_code == 200
    r = client.patch(f"/api/v1/expedientes/{exp.id}", json={"titulo": "B"},
                     headers={**h, "If-Match": etag})
    assert r.status_code == 409 and r.json["error"]["code"] == "conflict"


def test_translated_domain_messages_show_enum_values_as_labels(app):
    from archivo.errors import DomainError

    err = DomainError("El expediente {clave} no está en el archivo de concentración "
                      "(etapa {etapa}): no se puede prestar.", clave="IEEN/1", etapa="tramite")
    with app.test_request_context(headers={"Accept-Language": "en"}):
        english = err.message
    with app.test_request_context():
        spanish = err.message
    assert "IEEN/1" in english and "tramite" not in english and "Active" in english
    assert spanish.endswith("(etapa tramite): no se puede prestar.")
