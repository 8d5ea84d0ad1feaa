"""CADIDO versions: draft, rule editing with errors, impact preview and confirmed approval."""

from archivo.auth.roles import Rol
from archivo.catalog import cadido
from tests.views.conftest import text


def _draft(browser):
    resp = browser.post("/catalogo/cadido", {"descripcion": "Revisión 2025"})
    assert resp.status_code == 302
    return int(resp.headers["Location"].rstrip("/").split("/")[-1])


def test_versions_list_and_draft(browser, as_role, ctx):
    as_role(Rol.COORDINADOR)
    assert "Versión 1" in text(browser.get("/catalogo/cadido"))
    vid = _draft(browser)
    body = text(browser.get(f"/catalogo/cadido/{vid}"))
    assert "Borrador" in body and "4C.3" in body and "Aprobar" in body
    resp = browser.post("/catalogo/cadido", {})
    assert resp.status_code == 422 and "Ya hay un borrador abierto" in text(resp)


def test_rule_form_errors_and_save(browser, as_role, ctx):
    as_role(Rol.COORDINADOR)
    vid = _draft(browser)
    url = f"/catalogo/cadido/{vid}/reglas/{ctx['serie'].id}"
    assert 'value="2"' in text(browser.get(url))
    resp = browser.post(url, {"plazo_tramite": "abc", "plazo_concentracion": "200",
                              "destino": "muestreo", "acceso": "publica"})
    body = text(resp)
    assert resp.status_code == 422
    assert "Debe ser un número entero." in body and "Debe estar entre 0 y 100." in body
    resp = browser.post(url, {"plazo_tramite": "3", "plazo_concentracion": "7",
                              "destino": "conservacion", "acceso": "publica"})
    assert resp.status_code == 422
    assert "al menos un valor secundario" in text(resp)
    resp = browser.post(url, {"plazo_tramite": "3", "plazo_concentracion": "7",
                              "destino": "conservacion", "acceso": "publica",
                              "valores_primarios": ["legal"],
                              "valores_secundarios": ["evidencial", "testimonial"]})
    assert resp.status_code == 302
    regla = cadido.reglas(vid)[0]
    assert (regla.plazo_tramite, regla.valor_evidencial, regla.valor_legal) == (3, True, True)
    body = text(browser.get(f"/catalogo/cadido/{vid}/impacto"))
    assert "Cambia" in body and "AT 3" in body


def test_approval_requires_confirmation(browser, as_role, ctx):
    as_role(Rol.COORDINADOR)
    vid = _draft(browser)
    url = f"/catalogo/cadido/{vid}/aprobar"
    assert "no se puede deshacer" in text(browser.get(url))
    resp = browser.post(url, {"fecha_aprobacion": "2025-01-10", "acta_gi": "GI/02/2025"})
    assert resp.status_code == 422 and "Confirme" in text(resp)
    resp = browser.post(url, {"fecha_aprobacion": "", "acta_gi": "", "confirmar": "1"})
    assert resp.status_code == 422 and "Este campo es obligatorio." in text(resp)
    resp = browser.post(url, {"fecha_aprobacion": "2025-01-10", "acta_gi": "GI/02/2025",
                              "confirmar": "1"})
    assert resp.status_code == 302
    assert cadido.get_version(vid).estado.value == "vigente"
    body = text(browser.get(f"/catalogo/cadido/{vid}"))
    assert "10/01/2025" in body and "Vigente" in body
    assert browser.get(f"/catalogo/cadido/{vid}/reglas/{ctx['serie'].id}").status_code == 409


def test_remove_rule_and_auditor_is_read_only(browser, as_role, ctx):
    as_role(Rol.COORDINADOR)
    vid = _draft(browser)
    resp = browser.post(f"/catalogo/cadido/{vid}/reglas/{ctx['serie'].id}/quitar")
    assert resp.status_code == 302
    assert "Series sin regla" in text(browser.get(f"/catalogo/cadido/{vid}"))
    browser.post("/salir")
    as_role(Rol.AUDITOR)
    body = text(browser.get(f"/catalogo/cadido/{vid}"))
    assert "Aprobar" not in body and "Quitar" not in body
    assert browser.get(f"/catalogo/cadido/{vid}/aprobar").status_code == 403
    assert browser.post("/catalogo/cadido", {}).status_code == 403
    assert browser.get(f"/catalogo/cadido/{vid}/impacto").status_code == 200
