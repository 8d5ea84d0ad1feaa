"""Baja screens: proposal, GI review, dictamen, typed confirmation before the irreversible
execution, the guard shown per expediente, and the auditor's disposal history."""

from archivo.disposals import service as bajas
from archivo.holds import service as holds
from archivo.records import service as records
from archivo.records.enums import Etapa
from tests import factories as f
from tests.views.conftest import text
from tests.views.lifecycle_helpers import lc_fixture, login  # noqa: F401 - fixture `lc`

URL = "/bajas"
# As a browser posts it: the optional folio and boxes blank (assigned and counted).
ACTA = {"folio": "", "cajas": "", "fecha": "", "lugar": "Bodega central", "metodo": "Trituración",
        "destino_papel": "Reciclaje", "metros_lineales": "0.30", "peso_kg": "12.5",
        "testigo_nombre_1": "Luis Pérez", "testigo_cargo_1": "Contralor interno",
        "testigo_nombre_2": "Rosa Díaz", "testigo_cargo_2": "Jefa de archivo"}


def _version(browser, detail) -> dict:
    """The hidden `version_id` the detail page posts with each step, as a browser sends it."""
    body = text(browser.get(detail))
    return {"version_id": body.split('name="version_id" value="')[1].split('"')[0]}


def _to_dictamen(browser, lc, ids):
    """Proposal by concentración through to the dictamen; returns the detail URL."""
    u = lc["users"]
    login(browser, u["concentracion"])
    resp = browser.post(f"{URL}/nueva", {"expediente_ids": [str(i) for i in ids],
                                        "descripcion": "Bajas 2026"})
    assert resp.status_code == 302
    detail = resp.headers["Location"]
    assert browser.post(f"{detail}/enviar", {}).status_code == 302
    for member in ("gi1", "gi2"):
        login(browser, u[member])
        assert browser.post(f"{detail}/votar", {"voto": "a_favor"}).status_code == 302
    login(browser, u["coordinador"])
    resp = browser.post(f"{detail}/decision-gi", {"decision": "aprobada", "acta_gi": "",
                                                  "fecha_sesion": "2999-01-01",
                                                  **_version(browser, detail)})
    body = text(resp)
    assert resp.status_code == 422 and "Este campo no puede estar vacío." in body
    assert "La fecha no puede ser posterior a hoy." in body
    assert browser.post(f"{detail}/decision-gi", {
        "decision": "aprobada", "acta_gi": "GI/07/2026", "comentario_gi": "Sin valor secundario",
        "fecha_sesion": f.today().isoformat(), **_version(browser, detail)}).status_code == 302
    baja = bajas.get_baja(u["auditor"], int(detail.rsplit("/", 1)[1]))
    assert baja.gi_comentario == "Sin valor secundario"
    login(browser, u["coordinador2"])
    assert browser.post(f"{detail}/dictamen", {"numero": "AGE/DICT/15/2026",
                                               "fecha": f.today().isoformat(),
                                               **_version(browser, detail)}
                        ).status_code == 302
    return detail


def test_baja_workflow_with_typed_confirmation(browser, lc):
    a, b = f.in_concentracion(lc), f.in_concentracion(lc)
    login(browser, lc["users"]["concentracion"])
    body = text(browser.get(f"{URL}/nueva"))
    assert "2 expedientes elegibles hoy" in body and body.count(" checked") == 0  # deliberate
    resp = browser.post(f"{URL}/nueva", {})
    assert resp.status_code == 422 and "Elija al menos un expediente." in text(resp)
    detail = _to_dictamen(browser, lc, [a.id, b.id])
    body = text(browser.get(detail))
    assert "Todos los expedientes propuestos cumplen hoy" in body
    assert "Voto de integrante del GI" in body and "AGE/DICT/15/2026" in body

    login(browser, lc["users"]["concentracion2"])
    body = text(browser.get(f"{detail}/ejecutar"))
    assert "Para confirmar, escriba el número de la baja" in body
    acta = {**ACTA, "fecha": f.today().isoformat()}
    resp = browser.post(f"{detail}/ejecutar", {**acta, "confirmacion": "si"})
    assert resp.status_code == 422 and "Escriba exactamente el número" in text(resp)
    numero = body.split('<span class="code">')[1].split("<")[0]
    assert records.load_expediente(a.id).etapa == Etapa.CONCENTRACION
    resp = browser.post(f"{detail}/ejecutar", {**acta, "testigo_nombre_2": "",
                                               "testigo_cargo_2": "", "confirmacion": numero})
    body = text(resp)
    assert resp.status_code == 422 and "Se requieren al menos dos testigos." in body
    assert 'value="Bodega central"' in body  # the input is kept
    resp = browser.post(f"{detail}/ejecutar", {**acta, "confirmacion": numero})
    assert resp.status_code == 302
    body = text(browser.get(detail))
    assert "Baja ejecutada (acta de baja)" in body and "Procedimiento concluido" in body
    assert records.load_expediente(a.id).etapa == Etapa.BAJA


def test_guard_failures_are_shown_per_expediente(browser, lc):
    a, b = f.in_concentracion(lc), f.in_concentracion(lc)
    detail = _to_dictamen(browser, lc, [a.id, b.id])
    holds.place_hold(lc["actor"], {"expediente_id": b.id, "motivo": "juicio",
                                   "referencia": "Juicio 45/2026"})
    login(browser, lc["users"]["concentracion2"])
    body = text(browser.get(detail))
    assert "Verificación de condiciones hoy" in body and "Juicio 45/2026" in body
    assert b.clave in body.split("Verificación de condiciones hoy")[1].split("</section>")[0]


def test_roles_on_the_baja(browser, lc):
    a = f.in_concentracion(lc)
    login(browser, lc["users"]["auditor"])
    assert "Proponer baja" not in text(browser.get(URL))
    assert browser.get(f"{URL}/nueva").status_code == 403
    login(browser, lc["users"]["concentracion"])
    detail = browser.post(f"{URL}/nueva", {"expediente_ids": [str(a.id)]}).headers["Location"]
    browser.post(f"{detail}/enviar", {})
    # The proposer may not vote or decide; a GI member votes only once.
    body = text(browser.get(detail))
    assert 'name="voto"' not in body and "Registrar decisión" not in body
    login(browser, lc["users"]["gi1"])
    assert 'name="voto"' in text(browser.get(detail))
    resp = browser.post(f"{detail}/votar", {"voto": ""})
    assert resp.status_code == 422
    assert browser.post(f"{detail}/votar", {"voto": "en_contra"}).status_code == 302
    assert 'name="voto"' not in text(browser.get(detail))
    resp = browser.post(f"{detail}/votar", {"voto": "a_favor"})
    assert resp.status_code == 422 and "Usted ya votó" in text(resp)
    login(browser, lc["users"]["auditor"])
    assert browser.post(f"{detail}/decision-gi", {"decision": "aprobada"}).status_code == 403
    assert browser.post(f"{detail}/ejecutar", {"confirmacion": "x"}).status_code == 403


def test_disposal_history_for_auditors(browser, lc):
    a = f.in_concentracion(lc)
    login(browser, lc["users"]["concentracion"])
    detail = browser.post(f"{URL}/nueva", {"expediente_ids": [str(a.id)]}).headers["Location"]
    baja_id = detail.rsplit("/", 1)[1]
    login(browser, lc["users"]["auditor"])
    for url in (f"{URL}/historial/expediente/{a.id}", f"{URL}/historial/baja/{baja_id}",
                f"{URL}/historial/serie/{lc['serie'].id}"):
        body = text(browser.get(url))
        assert "La cadena está íntegra." in body and "Baja propuesta" in body, url
    assert browser.get(f"{URL}/historial/fondo/1").status_code == 404
    login(browser, lc["users"]["tramite"])
    assert browser.get(f"{URL}/historial/expediente/{a.id}").status_code == 403


def test_execution_page_says_why_this_user_may_not_execute(browser, lc):
    detail = _to_dictamen(browser, lc, [f.in_concentracion(lc).id])
    login(browser, lc["users"]["concentracion"])  # proposed it
    body = text(browser.get(f"{detail}/ejecutar"))
    assert "Separación de funciones" in body and "no puede también «ejecutar»" in body
