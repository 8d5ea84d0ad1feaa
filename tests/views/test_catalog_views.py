"""Fondo, unidades, archivos, the CGCA tree and its forms; the public catalogue."""

import json

import pytest

from archivo.auth.roles import Rol
from tests.views.conftest import text


def test_cgca_tree_shows_sections_series_and_rules(browser, as_role, ctx):
    as_role(Rol.COORDINADOR)
    resp = browser.get("/catalogo/cgca")
    assert resp.status_code == 200
    body = text(resp)
    assert "4C.3" in body and "Expedientes de personal" in body and "Baja" in body
    assert "Nueva serie" in body


def test_create_serie_and_subserie(browser, as_role, ctx):
    as_role(Rol.COORDINADOR)
    resp = browser.post("/catalogo/series/nueva", {"codigo": "4C.4", "nombre": "Nóminas"})
    assert resp.status_code == 302 and "abrir=4C.4" in resp.headers["Location"]
    resp = browser.post("/catalogo/series/nueva", {"codigo": "4C.4.1", "nombre": "Quincenales"})
    assert resp.status_code == 302
    body = text(browser.get("/catalogo/cgca"))
    assert "Quincenales" in body and "Serie 4C.4.1 creada." in body


def test_serie_form_errors_rerender_422_with_input_kept(browser, as_role, ctx):
    as_role(Rol.COORDINADOR)
    resp = browser.post("/catalogo/series/nueva", {"codigo": "9Z.1", "nombre": "Huérfana"})
    assert resp.status_code == 422
    body = text(resp)
    assert "No existe la sección 9Z; créela primero." in body
    assert 'value="Huérfana"' in body
    resp = browser.post("/catalogo/series/nueva", {"codigo": "4C", "nombre": ""})
    body = text(resp)
    assert resp.status_code == 422
    assert "Una serie lleva un punto (4C.3) y una subserie dos (4C.3.1)." in body
    assert "Este campo es obligatorio." in body


def test_edit_serie_and_seccion(browser, as_role, ctx):
    as_role(Rol.ADMINISTRADOR)
    serie, sec = ctx["serie"], ctx["seccion"]
    assert 'value="4C.3"' in text(browser.get(f"/catalogo/series/{serie.id}/editar"))
    resp = browser.post(f"/catalogo/series/{serie.id}/editar",
                        {"nombre": "Personal", "descripcion": ""})
    assert resp.status_code == 302
    resp = browser.post(f"/catalogo/secciones/{sec.id}/editar", {"nombre": ""})
    assert resp.status_code == 422 and "Este campo no puede estar vacío." in text(resp)
    resp = browser.post("/catalogo/secciones/nueva", {"codigo": "13S", "nombre": "Elecciones"})
    assert resp.status_code == 302


@pytest.mark.parametrize("url", ["/catalogo/series/nueva", "/catalogo/secciones/nueva"])
def test_auditor_cannot_open_write_forms(browser, as_role, ctx, url):
    as_role(Rol.AUDITOR)
    assert browser.get(url).status_code == 403
    assert browser.post(url, {"codigo": "4C.9", "nombre": "X"}).status_code == 403


def test_auditor_sees_tree_without_write_buttons(browser, as_role, ctx):
    as_role(Rol.AUDITOR)
    body = text(browser.get("/catalogo/cgca"))
    assert "Expedientes de personal" in body
    assert "Nueva serie" not in body and "Editar" not in body


def test_fondo_unidades_archivos(browser, as_role, ctx):
    as_role(Rol.ADMINISTRADOR)
    assert "Instituto Estatal Electoral" in text(browser.get("/catalogo/fondo"))
    resp = browser.post("/catalogo/fondo", {"nombre": "Instituto Renovado", "email": "x"})
    assert resp.status_code == 422 and "Correo electrónico no válido." in text(resp)
    resp = browser.post("/catalogo/fondo", {"nombre": "Instituto Renovado"})
    assert resp.status_code == 302
    resp = browser.post("/catalogo/unidades", {"clave": "DA", "nombre": "Otra"})
    assert resp.status_code == 422 and "Ya existe una unidad con esa clave." in text(resp)
    resp = browser.post("/catalogo/unidades", {"clave": "DJ", "nombre": "Jurídico"})
    assert resp.status_code == 302
    unidad = ctx["unidad"]
    assert browser.get(f"/catalogo/unidades/{unidad.id}/editar").status_code == 200
    resp = browser.post(f"/catalogo/unidades/{unidad.id}/editar", {"nombre": "Administración"})
    assert resp.status_code == 302 and unidad.activa is False
    resp = browser.post("/catalogo/archivos", {"tipo": "tramite", "nombre": "AT"})
    assert resp.status_code == 422 and "Un archivo de trámite pertenece a una unidad." in text(resp)
    resp = browser.post("/catalogo/archivos", {"tipo": "concentracion", "nombre": "Concentración"})
    assert resp.status_code == 302
    assert "Concentración" in text(browser.get("/catalogo/archivos"))


def test_coordinator_cannot_be_auditor_on_fondo(browser, as_role, ctx):
    as_role(Rol.AUDITOR)
    body = text(browser.get("/catalogo/fondo"))
    assert "<form method=\"post\" action=\"/catalogo/fondo\"" not in body
    assert browser.post("/catalogo/fondo", {"nombre": "X"}).status_code == 403
    assert browser.post("/catalogo/unidades", {"clave": "X", "nombre": "X"}).status_code == 403


def test_public_catalogue_html_csv_json(browser, ctx):
    body = text(browser.get("/consulta/cgca"))
    assert "Expedientes de personal" in body and "índice de todos los tipos" in body
    resp = browser.get("/consulta/cgca.json")
    data = json.loads(resp.data)
    assert [r["codigo"] for r in data["cgca"]] == ["4C", "4C.3"]
    resp = browser.get("/consulta/cgca.csv")
    assert resp.mimetype == "text/csv" and "4C.3,Expedientes de personal" in text(resp)
    assert "Expedientes de personal" in text(browser.get("/consulta/cadido"))
    data = json.loads(browser.get("/consulta/cadido.json").data)
    assert data["reglas"][0]["plazo_total"] == 7 and data["acta_gi"] == "GI/01/2024"
    assert "administrativo|legal" in text(browser.get("/consulta/cadido.csv"))
    assert browser.get("/consulta/cadido.xml").status_code == 404


def test_landing_page_in_plain_language(browser, ctx):
    body = text(browser.get("/"))
    assert "baja documental" in body and "/consulta/cgca" in body


def test_api_docs_page_uses_local_assets(browser, db):
    body = text(browser.get("/api/v1/docs"))
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in body
    assert 'data-spec-url="/api/v1/openapi.json"' in body
    resp = browser.get("/static/js/swagger-init.js")
    assert resp.status_code == 200
    resp.close()
