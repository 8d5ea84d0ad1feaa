"""Browser journeys: an archivist files, closes and transfers an expediente; an auditor verifies."""

import re

import pytest

from tests.e2e.conftest import shot
from tests.e2e.server import PASSWORD

pytestmark = pytest.mark.e2e
CLAVE = "IEEN/4C/4C.9/001/2022"


def login(page, base: str, username: str) -> None:
    page.goto(f"{base}/entrar")
    page.get_by_label("Usuario").fill(username)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    page.wait_for_url(f"{base}/panel")


def test_public_pages(page, live_server):
    page.goto(live_server + "/")
    assert "documentada" in page.content()
    shot(page, "01-inicio-publico")
    page.get_by_role("link", name="Ver el cuadro de clasificación").click()
    assert page.get_by_text("Expedientes de personal").count() >= 1
    shot(page, "02-cgca-publico")
    page.goto(live_server + "/consulta/cadido")
    shot(page, "03-cadido-publico")
    page.goto(live_server + "/api/v1/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=15_000)
    shot(page, "04-api-docs", full_page=False)


def test_archivist_creates_serie_and_expediente_then_closes_it(page, live_server):
    base = live_server
    login(page, base, "archivista")
    shot(page, "10-panel")
    page.get_by_role("link", name="Cuadro de clasificación").first.click()
    page.get_by_role("link", name="Nueva serie").click()
    page.get_by_label("Código").fill("4C.9")
    page.get_by_label("Nombre").fill("Capacitación del personal")
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_url(re.compile(r".*/catalogo/cgca\?abrir=4C\.9"))
    assert page.get_by_text("Serie 4C.9 creada.").is_visible()
    shot(page, "11-cgca-arbol")

    # The new serie needs a rule in the catalogue before an expediente can be closed.
    page.goto(base + "/catalogo/cadido")
    page.get_by_role("button", name="Abrir borrador").click()
    page.get_by_role("link", name=re.compile("4C.9 Capacitación")).click()
    page.get_by_label("Plazo en archivo de trámite (años)").fill("2")
    page.get_by_label("Plazo en archivo de concentración (años)").fill("3")
    page.get_by_label("Destino final").select_option("baja")
    page.get_by_label("Administrativo").check()
    shot(page, "12-regla-cadido")
    page.get_by_role("button", name="Guardar regla").click()
    page.get_by_role("link", name="Aprobar…").click()
    page.get_by_label("Fecha de aprobación").fill("2025-01-15")
    page.get_by_label("Acta del Grupo Interdisciplinario").fill("GI/03/2025")
    page.get_by_label(re.compile("Confirmo que el Grupo")).check()
    shot(page, "13-aprobar-version")
    page.get_by_role("button", name="Aprobar versión").click()
    assert page.get_by_text("ahora es el catálogo vigente").is_visible()

    page.goto(base + "/expedientes/nuevo")
    page.get_by_label("Serie o subserie").select_option(label="4C.9 · Capacitación del personal")
    page.get_by_label("Unidad productora").select_option(index=1)
    page.get_by_role("button", name="Abrir expediente").click()  # empty title: errors
    assert page.get_by_text("Este campo es obligatorio.").first.is_visible()
    shot(page, "14-expediente-errores")
    page.get_by_label("Título o asunto").fill("Curso de archivística 2024")
    page.get_by_label("Fecha de apertura").fill("2022-02-01")
    page.get_by_role("button", name="Abrir expediente").click()
    page.wait_for_url(re.compile(r".*/expedientes/\d+$"))
    assert page.get_by_text(CLAVE).first.is_visible()

    page.get_by_role("link", name="Cerrar expediente…").click()
    page.get_by_label("Fecha de cierre").fill("2023-11-29")
    page.get_by_label("Fojas").fill("57")
    page.get_by_label(re.compile("Confirmo que el expediente")).check()
    shot(page, "15-cerrar-confirmacion")
    page.get_by_role("button", name="Cerrar expediente").click()
    page.wait_for_url(re.compile(r".*/expedientes/\d+$"))
    assert page.get_by_text("29/11/2025").first.is_visible()  # transferencia primaria
    shot(page, "16-expediente-detalle")
    page.goto(base + "/expedientes")
    shot(page, "17-expedientes-lista")
    assert not page.console_errors, page.console_errors
    run_primary_transfer(page, base)


def switch_user(page, base: str, username: str) -> None:
    page.context.clear_cookies()
    login(page, base, username)


def run_primary_transfer(page, base: str) -> None:
    """Draft (archivist), authorise (a second coordinator), cotejo and receive (concentración),
    then the receiver proposes a baja of what is now due for disposal."""
    page.goto(base + "/catalogo/archivos")  # concentración must exist to receive
    page.locator("#f-tipo").select_option("concentracion")
    page.locator("#f-nombre").fill("Archivo de concentración")
    page.get_by_role("button", name="Registrar").click()
    assert page.get_by_text("Archivo registrado.").is_visible()

    page.get_by_role("link", name="Transferencias").first.click()
    page.get_by_role("link", name="Nueva transferencia primaria").click()
    row = page.locator("tr", has_text=CLAVE)
    assert row.get_by_role("checkbox").is_checked()  # due today: preselected
    shot(page, "30-transferencia-nueva")
    page.get_by_role("button", name="Elaborar transferencia").click()
    page.wait_for_url(re.compile(r".*/transferencias/\d+$"))
    detail = page.url
    assert page.get_by_text("Transferencia elaborada").first.is_visible()
    assert page.get_by_role("button", name="Autorizar y enviar").count() == 0  # drafted it

    switch_user(page, base, "coordinadora")
    page.goto(detail)
    page.get_by_role("button", name="Autorizar y enviar").click()
    assert page.get_by_text("autorizada y enviada para su recepción").is_visible()

    switch_user(page, base, "concentracion")
    page.goto(detail)
    page.get_by_role("button", name="Aceptar todos los pendientes").click()  # no box yet
    assert page.locator("#e-caja").is_visible()
    page.get_by_label("Caja para los pendientes").fill("AC-001")
    page.locator("#f-estante").fill("E-4")
    page.get_by_role("button", name="Aceptar todos los pendientes").click()
    page.get_by_role("button", name="Completar la recepción").click()
    assert page.get_by_text("Transferencia recibida").first.is_visible()
    assert page.get_by_text("Procedimiento concluido.").is_visible()
    shot(page, "31-transferencia-recibida")
    page.get_by_role("link", name=CLAVE).click()
    assert page.locator(".page-head .badge-etapa-concentracion").is_visible()

    page.goto(base + "/bajas/nueva")
    first = page.locator("input[name=expediente_ids]").first
    assert not first.is_checked()  # destruction is chosen deliberately
    page.get_by_role("link", name="Marcar todos", exact=True).click()
    assert first.is_checked()
    shot(page, "32-baja-propuesta")
    page.get_by_role("button", name="Proponer baja").click()
    page.wait_for_url(re.compile(r".*/bajas/\d+$"))
    assert page.get_by_role("button", name="Firmar inventario y enviar al GI").is_visible()
    shot(page, "33-baja-detalle")
    page.goto(base + "/transferencias")
    shot(page, "34-transferencias-lista")
    page.goto(base + "/calendario?mes=2025-11")
    shot(page, "36-calendario")
    page.goto(base + "/congelamientos/nuevo")
    shot(page, "37-congelar")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(detail)
    shot(page, "35-transferencia-telefono")
    assert not page.console_errors, page.console_errors


def test_auditor_opens_history_and_verifies_chain(page, live_server):
    base = live_server
    login(page, base, "auditora")
    page.goto(base + "/expedientes?orden=clave")
    page.get_by_role("link", name="IEEN/4C/4C.3/001/2012", exact=True).click()
    assert page.get_by_role("link", name="Cerrar expediente…").count() == 0
    page.get_by_role("link", name="Historial").first.click()
    assert page.get_by_text("Expediente cerrado").first.is_visible()
    page.get_by_role("button", name="Verificar la cadena").click()
    page.wait_for_selector("#chain-report")
    assert page.get_by_text("La cadena está íntegra.").is_visible()
    shot(page, "20-auditoria-historial")
    # The disposal history joins the expediente's transfer and baja (after the archivist's
    # journey above) with the verified chain.
    page.go_back()
    page.get_by_role("link", name="Historial de disposición (verificado)").click()
    assert page.get_by_text("Transferencia recibida").first.is_visible()
    assert page.get_by_text("Baja propuesta").first.is_visible()
    assert page.get_by_text("La cadena está íntegra.").is_visible()
    shot(page, "22-historial-disposicion")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base + "/panel")
    shot(page, "21-panel-telefono")
    assert not page.console_errors, page.console_errors
