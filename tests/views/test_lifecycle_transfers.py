"""Transfer screens: list and filters, drafting, the step-by-step workflow and its roles."""

from archivo.records import service as records
from archivo.records.enums import Etapa
from tests import factories as f
from tests.views.conftest import text
from tests.views.lifecycle_helpers import lc_fixture, login  # noqa: F401 - fixture `lc`

URL = "/transferencias"


def _draft(browser, lc, ids):
    return browser.post(f"{URL}/nueva", {"tipo": "primaria", "unidad_id": lc["unidad"].id,
                                        "expediente_ids": [str(i) for i in ids]})


def test_primary_transfer_workflow_through_the_ui(browser, lc):
    u = lc["users"]
    a, b = f.closed_expediente(lc), f.closed_expediente(lc)
    f.expediente(lc)  # open: never offered
    login(browser, u["tramite"])
    body = text(browser.get(f"{URL}/nueva?tipo=primaria"))
    assert "2 expedientes elegibles hoy" in body and body.count(" checked") == 2
    resp = browser.post(f"{URL}/nueva", {"tipo": "primaria", "unidad_id": lc["unidad"].id})
    assert resp.status_code == 422 and "Elija al menos un expediente." in text(resp)
    resp = _draft(browser, lc, [a.id, b.id])
    assert resp.status_code == 302
    detail = resp.headers["Location"]
    body = text(browser.get(detail))
    # The person who drafted it may not authorise it (separation of duties).
    assert "TP-" in body and "Autorizar y enviar" not in body
    assert "Cancelar la transferencia" in body
    assert "Transferencia elaborada" in body and "Espera la autorización" in body

    login(browser, u["tramite2"])
    assert "Autorizar y enviar" in text(browser.get(detail))
    resp = browser.post(f"{detail}/autorizar", {"comentario": "Vo.Bo.", "version_id": "999"})
    assert resp.status_code == 422 and "cambió desde que la consultó" in text(resp)
    resp = browser.post(f"{detail}/autorizar", {"comentario": "Vo.Bo."})
    assert resp.status_code == 302

    login(browser, u["concentracion"])
    body = text(browser.get(detail))
    assert "Aceptar todos los pendientes" in body and "Registrar cotejo" in body
    # Accepting without a box: the error sits next to that row's box field.
    resp = browser.post(f"{detail}/cotejo", {f"decision-{a.id}": "aceptar",
                                             f"decision-{b.id}": "devolver",
                                             f"observacion-{b.id}": "Faltan fojas"})
    body = text(resp)
    assert resp.status_code == 422 and "Indique la caja donde queda el expediente." in body
    assert f'id="e-caja-{a.id}"' in body and 'value="Faltan fojas"' in body
    resp = browser.post(f"{detail}/cotejo", {f"decision-{b.id}": "devolver",
                                             f"observacion-{b.id}": "Faltan fojas"})
    assert resp.status_code == 302
    resp = browser.post(f"{detail}/cotejo", {"modo": "pendientes", "caja": ""})
    assert resp.status_code == 422 and 'id="e-caja"' in text(resp)
    assert browser.post(f"{detail}/cotejo", {"modo": "pendientes", "caja": "C-7",
                                             "estante": "E-2"}).status_code == 302
    assert browser.post(f"{detail}/recibir", {}).status_code == 302
    body = text(browser.get(detail))
    assert "Transferencia recibida" in body and "Procedimiento concluido." in body
    assert records.load_expediente(a.id).etapa == Etapa.CONCENTRACION
    assert records.load_expediente(a.id).ubicacion_caja == "C-7"
    assert records.load_expediente(b.id).etapa == Etapa.TRAMITE
    # The inventory PDF is linked once the instruments screen is installed.
    link = body.split('href="/instrumentos/descargar?', 1)
    if len(link) == 2:
        resp = browser.get("/instrumentos/descargar?" + link[1].split('"', 1)[0]
                           .replace("&amp;", "&"))
        assert resp.status_code == 200 and resp.mimetype == "application/pdf"


def test_blocked_expedientes_are_listed_with_their_reasons(browser, lc):
    open_exp = f.expediente(lc)
    login(browser, lc["users"]["tramite"])
    resp = _draft(browser, lc, [open_exp.id])
    body = text(resp)
    assert resp.status_code == 422 and "Expedientes que no cumplen las condiciones" in body
    assert open_exp.clave in body


def test_list_filters_and_remove_items(browser, lc):
    a, b = f.closed_expediente(lc), f.closed_expediente(lc)
    login(browser, lc["users"]["tramite"])
    detail = _draft(browser, lc, [a.id, b.id]).headers["Location"]
    body = text(browser.get(f"{URL}?tipo=primaria&estado=borrador"))
    assert "1 transferencia" in body and "TP-" in body
    assert "0 transferencias" in text(browser.get(f"{URL}?tipo=secundaria"))
    resp = browser.get(f"{URL}?estado=perdida")
    assert resp.status_code == 422
    assert browser.post(f"{detail}/quitar", {"expediente_ids": [str(b.id)]}).status_code == 302
    body = text(browser.get(detail))
    assert a.clave in body and b.clave not in body and "Expedientes retirados" in body


def test_auditor_reads_and_cannot_act(browser, lc):
    a = f.closed_expediente(lc)
    login(browser, lc["users"]["tramite"])
    detail = _draft(browser, lc, [a.id]).headers["Location"]
    login(browser, lc["users"]["auditor"])
    assert "Nueva transferencia" not in text(browser.get(URL))
    body = text(browser.get(detail))
    assert "Quién actuó y cuándo" in body
    for word in ("Autorizar y enviar", "Cancelar la transferencia", "Quitar seleccionados"):
        assert word not in body
    assert browser.get(f"{URL}/nueva").status_code == 403
    assert browser.post(f"{detail}/autorizar", {}).status_code == 403
    assert browser.post(f"{detail}/cancelar", {}).status_code == 403


def test_other_unit_cannot_draft_and_csrf_is_required(browser, lc):
    a = f.closed_expediente(lc)
    login(browser, lc["users"]["tramite_otra"])
    resp = _draft(browser, lc, [a.id])
    assert resp.status_code == 403
    login(browser, lc["users"]["tramite"])
    resp = browser.post(f"{URL}/nueva", {"tipo": "primaria", "unidad_id": lc["unidad"].id,
                                        "expediente_ids": [str(a.id)]}, csrf=False)
    assert resp.status_code == 400
    assert "0 transferencias" in text(browser.get(URL))


def test_secondary_transfer_and_notice(browser, lc):
    exp = f.in_concentracion(lc, destino="conservacion")
    u = lc["users"]
    login(browser, u["concentracion"])
    body = text(browser.get(f"{URL}/nueva?tipo=secundaria"))
    assert exp.clave in body and "Criterio de muestreo" in body
    resp = browser.post(f"{URL}/nueva", {"tipo": "secundaria", "expediente_ids": [str(exp.id)]})
    assert resp.status_code == 302
    detail = resp.headers["Location"]
    login(browser, u["coordinador"])
    assert browser.post(f"{detail}/autorizar", {}).status_code == 302
    login(browser, u["historico"])
    assert browser.post(f"{detail}/cotejo", {"modo": "pendientes", "caja": "H-1"}
                        ).status_code == 302
    assert browser.post(f"{detail}/recibir", {}).status_code == 302
    body = text(browser.get(detail))
    assert "Registrar aviso" in body
    resp = browser.post(f"{detail}/aviso", {"fecha": "", "referencia": ""})
    body = text(resp)
    assert resp.status_code == 422 and 'id="e-fecha"' in body and 'id="e-referencia"' in body
    resp = browser.post(f"{detail}/aviso", {"fecha": f.today().isoformat(),
                                            "referencia": "Oficio AGE/12/2026"})
    assert resp.status_code == 302
    assert "Oficio AGE/12/2026" in text(browser.get(detail))
    assert records.load_expediente(exp.id).etapa == Etapa.HISTORICO
