"""Screens of the ISAD(G) description and the finding-aid downloads."""

from archivo.auth.roles import Rol
from archivo.interop.models import Nivel
from archivo.interop.service import get_description
from tests import factories as f
from tests.views.conftest import text


def test_describe_form_saves_and_shows_derived_elements(browser, as_role, ctx):
    user = as_role(Rol.COORDINADOR)
    url = f"/descripcion/serie/{ctx['serie'].id}"
    page = text(browser.get(url))
    assert "Valoración, selección y eliminación" in page and "vigencia total: 7 años" in page
    assert 'name="historia_institucional"' in page and "/exportar/ead3?nivel=serie" in page
    resp = browser.post(url, {"alcance_contenido": "Nóminas y recibos", "notas": "",
                              "version": ""})
    assert resp.status_code == 302
    desc = get_description(user, Nivel.SERIE, ctx["serie"].id)
    assert desc["elementos"]["alcance_contenido"] == "Nóminas y recibos"
    assert "Nóminas y recibos" in text(browser.get(url))


def test_describe_form_shows_field_errors_and_keeps_input(browser, as_role, ctx):
    as_role(Rol.ADMINISTRADOR)
    url = f"/descripcion/fondo/{ctx['fondo'].id}"
    resp = browser.post(url, {"notas": "x" * 20001, "lengua": "Español"})
    assert resp.status_code == 422
    page = text(resp)
    assert 'id="e-notas"' in page and "Español" in page


def test_auditor_reads_without_form_and_links_from_pages(browser, as_role, ctx):
    exp = f.closed_expediente(ctx)
    as_role(Rol.AUDITOR)
    page = text(browser.get(f"/descripcion/expediente/{exp.id}"))
    assert 'name="historia_institucional"' not in page and "Control de la descripción" in page
    assert f"/descripcion/expediente/{exp.id}" in text(browser.get(f"/expedientes/{exp.id}"))
    fondo_page = text(browser.get("/catalogo/fondo"))
    assert f"/descripcion/fondo/{ctx['fondo'].id}" in fondo_page
    assert "/exportar/ead2002?nivel=fondo" in fondo_page
    cgca = text(browser.get("/catalogo/cgca"))
    assert f"/descripcion/seccion/{ctx['seccion'].id}" in cgca
    assert f"/descripcion/serie/{ctx['serie'].id}" in cgca  # its page holds the downloads
    serie_page = text(browser.get(f"/descripcion/serie/{ctx['serie'].id}"))
    assert f"/exportar/atom-csv?nivel=serie&amp;id={ctx['serie'].id}" in serie_page


def test_downloads_public_and_bad_input(browser, ctx):
    f.closed_expediente(ctx, titulo="Nómina pública")
    resp = browser.get(f"/exportar/ead3?nivel=fondo&id={ctx['fondo'].id}")
    assert resp.status_code == 200 and "Nómina pública".encode() in resp.data
    assert browser.get("/exportar/ead3?nivel=fondo&id=x").status_code == 422
    assert browser.get("/exportar/ead3?nivel=serie&id=999999").status_code == 404
    assert browser.get(f"/descripcion/fondo/{ctx['fondo'].id}").status_code == 302  # sign in
