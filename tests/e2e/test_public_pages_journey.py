"""Browser journeys of the citizen pages after the usability review: search from the
landing, filters by name under «Más filtros», the expediente named by its title, and the
form on a 375 px phone."""

import re

import pytest

from tests.e2e.conftest import shot

pytestmark = pytest.mark.e2e


def test_requester_searches_from_the_landing_with_named_filters(page, live_server):
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    page.goto(live_server + "/")
    page.get_by_label("¿Sobre qué fue la decisión?").fill("personal")
    page.get_by_role("button", name="Buscar", exact=True).click()
    page.wait_for_url(re.compile(r".*/consulta/buscar\?q=personal$"))
    assert page.title().startswith("Resultados para «personal»")

    page.get_by_text("Más filtros").click()  # a <details>: no script involved
    page.get_by_label("Unidad administrativa").select_option(label="Dirección de Administración")
    page.get_by_label("Serie documental").select_option(label="4C.3 Expedientes de personal")
    page.get_by_label("Desde la fecha").fill("2015-01-01")
    page.get_by_label("Hasta la fecha").fill("2016-12-31")
    page.get_by_role("button", name="Buscar", exact=True).click()
    page.wait_for_url(re.compile(r".*unidad=DA.*"))
    assert page.get_by_text("2 expedientes encontrados").is_visible()
    assert page.locator("details.more-filters[open]").count() == 1  # filters stay in view
    shot(page, "40-consulta-publica-filtros")

    page.locator(".search-hit h3 a").first.click()
    page.wait_for_url(re.compile(r".*/consulta/expedientes/\d+$"))
    heading = page.get_by_role("heading", level=1).inner_text()
    assert re.fullmatch(r"Expediente de personal \d+", heading.strip())
    assert page.title().startswith("Expediente: Expediente de personal")
    page.get_by_role("link", name="Volver a la consulta").click()
    page.wait_for_url(re.compile(r".*/consulta/buscar\?.*unidad=DA.*"))
    assert not page.console_errors, page.console_errors


def test_phone_sees_the_search_box_and_button_first(browser, live_server):
    context = browser.new_context(viewport={"width": 375, "height": 700}, locale="es-MX")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    try:
        page.goto(live_server + "/consulta/buscar?q=personal")
        button = page.get_by_role("button", name="Buscar", exact=True).bounding_box()
        assert button["y"] + button["height"] <= 700  # no scrolling to reach «Buscar»
        assert not page.get_by_label("Unidad administrativa").is_visible()  # folded
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375  # nothing wider than the screen
        page.get_by_text("Más filtros").click()
        assert page.get_by_label("Unidad administrativa").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        shot(page, "41-consulta-publica-movil")
    finally:
        context.close()
