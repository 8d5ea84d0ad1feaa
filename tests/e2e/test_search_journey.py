"""Browser journey: an anonymous requester checks whether a decision is documented."""

import re

import pytest

from tests.e2e.conftest import shot

pytestmark = pytest.mark.e2e


def test_requester_finds_a_decision_and_opens_it(page, live_server):
    # Chromium probes /favicon.ico on its own; the app serves none (not this journey's fault).
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    page.goto(live_server + "/")
    page.get_by_role("link", name="¿Está documentada esta decisión?").click()
    page.wait_for_url(re.compile(r".*/consulta/buscar$"))
    assert page.get_by_text("Un expediente es la carpeta").is_visible()

    page.get_by_label("¿Sobre qué fue la decisión?").fill("personal")
    page.get_by_text("Más filtros").click()
    page.get_by_label("Unidad administrativa").select_option("DA")
    page.get_by_label("Desde la fecha").fill("2015-01-01")
    page.get_by_label("Hasta la fecha").fill("2016-12-31")
    page.get_by_role("button", name="Buscar").click()
    page.wait_for_url(re.compile(r".*/consulta/buscar\?.*q=personal"))
    assert page.get_by_text("2 expedientes encontrados").is_visible()
    assert page.locator("mark").first.inner_text().lower() == "personal"
    assert page.get_by_role("link", name="CSV").is_visible()
    shot(page, "30-consulta-publica-resultados")

    page.get_by_role("link", name="2016", exact=True).click()  # the year facet narrows the result
    assert page.get_by_text("1 expediente encontrado").is_visible()
    page.locator(".search-hit h3 a").first.click()
    page.wait_for_url(re.compile(r".*/consulta/expedientes/\d+$"))
    heading = page.get_by_role("heading", level=1).inner_text()
    assert re.fullmatch(r"Expediente de personal \d+", heading.strip())
    clave = page.locator(".page-head .lead .code").inner_text()
    assert re.fullmatch(r"IEEN/4C/4C\.3/\d+/2016", clave.strip())
    assert page.get_by_text("Dirección de Administración").is_visible()
    shot(page, "31-consulta-publica-expediente")
    assert not page.console_errors, page.console_errors
