"""Staff UI polish from an archivist's review: facets and filter chips, the overdue badge,
the cotejo summary, keys typed without padding and hold descriptions that say it once."""

import datetime as dt
import re
from pathlib import Path

import pytest
from sqlalchemy import select, update

from archivo.dashboard.queries import due_condition
from archivo.db import get_session
from archivo.holds import service as holds
from archivo.holds.models import Congelamiento, MotivoCongelamiento
from archivo.records.enums import Etapa
from archivo.records.models import Expediente
from archivo.records.rules import key_in_format, overdue_since, parse_key
from archivo.search import public
from tests import factories as f
from tests.search import db_corpus
from tests.views.conftest import text
from tests.views.lifecycle_helpers import lc_fixture, login  # noqa: F401 - fixture `lc`

index = db_corpus.index  # a fresh Whoosh index for the search tests
CSS = Path(__file__).resolve().parents[2] / "archivo" / "static" / "css" / "archivo.css"
FMT = "{fondo}/{seccion}/{serie}/{consecutivo:03d}/{anio}"


@pytest.fixture(autouse=True)
def fresh_rate_limit(app):
    app.extensions.pop(public.EXTENSION, None)
    yield
    app.extensions.pop(public.EXTENSION, None)


def _facet(html: str, name: str) -> str:
    """The HTML of one facet's section."""
    return html.split(f'id="facet-{name}"')[1].split("</section>")[0]


@pytest.fixture
def years(index, lc):
    """Fourteen public expedientes of DA, one per year 2000..2013, plus one of DJ (2013)."""
    for year in range(2000, 2014):
        f.expediente(lc, titulo=f"Informe anual de actividades {year}",
                     fecha_apertura=f"{year}-02-01")
    f.expediente(lc, titulo="Informe anual jurídico", unidad_id=lc["unidad2"].id,
                 fecha_apertura="2013-05-01")
    return lc


# --- 1. Search: «Ver todos (N)» and the active filters as chips ----------------------------

def test_long_facet_offers_see_all_and_expands_without_script(browser, years):
    login(browser, years["actor"])
    html = text(browser.get("/buscar?q=informe"))
    anios = _facet(html, "anio")
    assert anios.count("<li>") == 12  # the first twelve (newest years first)
    assert "2013" in anios and "2002" in anios and ">2001<" not in anios
    assert 'href="/buscar?q=informe&amp;mas=anio#facet-anio"' in anios
    assert "Ver todos (14)" in anios
    assert "Ver todos" not in _facet(html, "unidad")  # two values: nothing to expand

    html = text(browser.get("/buscar?q=informe&mas=anio"))
    anios = _facet(html, "anio")
    assert anios.count("<li>") == 14 and ">2000<" in anios
    assert "Ver todos" not in anios
    assert 'href="/buscar?q=informe#facet-anio">Ver menos' in anios
    # A year picked in the expanded list narrows the search (and drops the expansion).
    assert 'href="/buscar?q=informe&amp;anio_desde=2000&amp;anio_hasta=2000"' in anios


def test_see_all_on_the_public_search(client, years):
    html = text(client.get("/consulta/buscar?q=informe"))
    assert "Ver todos (14)" in _facet(html, "anio")
    html = text(client.get("/consulta/buscar?q=informe&mas=anio"))
    assert _facet(html, "anio").count("<li>") == 14
    assert text(client.get("/consulta/buscar?q=informe&mas=nada")).count("Ver todos (14)") == 1


def test_staff_active_filters_show_as_removable_chips(browser, years):
    login(browser, years["actor"])
    html = text(browser.get("/buscar?q=informe&unidad=da&etapa=tramite"))
    chips = html.split('class="chips"')[1].split("</div>")[0]
    assert "Unidad: Dirección de Administración" in chips and "×" in chips
    assert 'href="/buscar?q=informe&amp;etapa=tramite"' in chips  # without the unit
    assert "Etapa: Trámite" in chips and 'href="/buscar?q=informe&amp;unidad=da"' in chips
    assert 'href="/buscar?q=informe">Quitar todos los filtros' in chips
    # Only the text: no chips (the search box shows it).
    assert 'class="chips"' not in text(browser.get("/buscar?q=informe"))


def test_public_chips_name_the_serie_and_one_chip_per_year(client, years):
    html = text(client.get(
        "/consulta/buscar?q=informe&serie=04C.03&anio_desde=2005&anio_hasta=2005"))
    chips = html.split('class="chips"')[1].split("</div>")[0]
    assert "Serie: 4C.3 Serie 4C.3" in chips
    assert "Año: 2005" in chips and "Hasta el año" not in chips
    assert 'href="/consulta/buscar?q=informe&amp;serie=04C.03"' in chips  # drops both ends
    assert 'href="/consulta/buscar?q=informe&amp;anio_desde=2005&amp;anio_hasta=2005"' in chips
    html = text(client.get("/consulta/buscar?q=informe&anio_desde=2005&fecha_hasta=2012-03-31"))
    assert "Desde el año: 2005" in html and "Hasta la fecha: 31/03/2012" in html


# --- 2. Expediente page: «Vencido desde» ----------------------------------------------------

def test_overdue_badge_in_tramite_links_to_the_overdue_list(browser, lc):
    exp = f.closed_expediente(lc)  # cierre 2016-06-30 + AT 2: due 30/06/2018
    login(browser, lc["actor"])
    html = text(browser.get(f"/expedientes/{exp.id}"))
    assert "Vencido desde 30/06/2018" in html
    href = re.search(r'<a class="badge badge-overdue" href="([^"]+)"', html).group(1)
    assert href == (f"/calendario/vencidos?unidad_id={lc['unidad'].id}"
                    "&amp;tipo=transferencia_primaria")
    overdue = text(browser.get(href.replace("&amp;", "&")))
    assert exp.clave in overdue


def test_overdue_badge_in_concentracion_uses_destino_final(browser, lc):
    exp = f.in_concentracion(lc)  # cierre 2010-06-30 + AT 2 + AC 5: due 30/06/2017
    login(browser, lc["actor"])
    html = text(browser.get(f"/expedientes/{exp.id}"))
    assert "Vencido desde 30/06/2017" in html and "tipo=baja" in html


def test_no_overdue_badge_when_open_not_due_or_out_of_the_cycle(browser, lc):
    open_ = f.expediente(lc)
    recent = f.closed_expediente(lc, cierre=str(f.today() - dt.timedelta(days=30)))
    historico = f.in_concentracion(lc, destino="conservacion")
    get_session().execute(update(Expediente).where(Expediente.id == historico.id)
                          .values(etapa=Etapa.HISTORICO))
    get_session().expire_all()
    login(browser, lc["actor"])
    for exp in (open_, recent, historico):
        assert "Vencido desde" not in text(browser.get(f"/expedientes/{exp.id}")), exp.clave


def test_overdue_rule_is_the_overdue_lists_condition(lc):
    today = f.today()
    exps = [f.closed_expediente(lc), f.expediente(lc), f.in_concentracion(lc),
            f.closed_expediente(lc, cierre=str(today - dt.timedelta(days=30)))]
    # Due exactly today is not overdue yet; yesterday is.
    for days, exp in ((0, f.closed_expediente(lc)), (1, f.closed_expediente(lc))):
        get_session().execute(update(Expediente).where(Expediente.id == exp.id).values(
            vence_transferencia_primaria=today - dt.timedelta(days=days)))
        exps.append(exp)
    get_session().expire_all()
    ids = [e.id for e in exps]
    listed = set(get_session().scalars(select(Expediente.id).where(
        Expediente.id.in_(ids), due_condition(None, today - dt.timedelta(days=1)))))
    rows = get_session().scalars(select(Expediente).where(Expediente.id.in_(ids))).all()
    ruled = {e.id for e in rows if overdue_since(
        e.etapa, e.vence_transferencia_primaria, e.vence_destino_final, today)}
    assert ruled == listed and len(listed) == 3
    assert overdue_since(Etapa.BAJA, dt.date(2000, 1, 1), dt.date(2000, 1, 1), today) is None


# --- 3. Transfer page: the cotejo in figures, and a decision select that fits -------------

def test_transfer_data_card_summarises_the_cotejo(browser, lc):
    u = lc["users"]
    a, b, c = (f.closed_expediente(lc) for _ in range(3))
    login(browser, u["tramite"])
    detail = browser.post("/transferencias/nueva", {
        "tipo": "primaria", "unidad_id": lc["unidad"].id,
        "expediente_ids": [str(a.id), str(b.id), str(c.id)]}).headers["Location"]
    assert "aceptados ·" not in text(browser.get(detail))  # a draft has no cotejo yet
    login(browser, u["tramite2"])
    assert browser.post(f"{detail}/autorizar", {}).status_code == 302
    login(browser, u["concentracion"])
    assert browser.post(f"{detail}/cotejo", {
        f"decision-{a.id}": "aceptar", f"caja-{a.id}": "C-1",
        f"decision-{b.id}": "devolver", f"observacion-{b.id}": "Faltan fojas"},
    ).status_code == 302
    html = text(browser.get(detail))
    card = html.split("<h2>Datos</h2>")[1].split("</section>")[0]
    assert "<dt>Cotejo</dt>" in card
    assert "1 aceptado · 1 devuelto · 1 pendiente" in card
    assert '<select name="decision-' in html


def test_cotejo_select_is_as_wide_as_its_options():
    css = CSS.read_text(encoding="utf-8")
    # Controls in table cells are sized by their content, never squeezed by `width: 100%`.
    rule = re.search(r"td > select[^{]*\{([^}]*)\}", css)
    assert rule and "width: auto" in rule.group(1)
    assert re.search(r"td > select\s*\{[^}]*min-width: max-content", css)


# --- 4. Holds: keys without padding, and descriptions that say the motivo once ------------

def test_hold_finds_the_expediente_whatever_the_padding(browser, lc):
    exp = f.closed_expediente(lc)
    assert exp.clave.endswith("/001/2015")
    unpadded = exp.clave.replace("/001/", "/1/")
    login(browser, lc["users"]["concentracion"])
    resp = browser.post("/congelamientos/nuevo", {"alcance": "expediente", "clave": unpadded,
                                                  "motivo": "auditoria", "referencia": "A-1"})
    assert resp.status_code == 302, text(resp)
    # Case and zero-padded codes (04C.03, 0001) find it too.
    fondo = lc["fondo"].clave
    for n, typed in enumerate((f"{fondo.lower()}/04C/04c.03/0001/2015", f" {exp.clave} ")):
        resp = browser.post("/congelamientos/nuevo", {
            "alcance": "expediente", "clave": typed, "motivo": "juicio", "referencia": f"J-{n}"})
        assert resp.status_code == 302, (typed, text(resp))
    placed = get_session().scalars(select(Congelamiento.expediente_id)).all()
    assert placed == [exp.id] * 3
    resp = browser.post("/congelamientos/nuevo", {
        "alcance": "expediente", "clave": exp.clave.replace("/001/", "/2/"),
        "motivo": "auditoria", "referencia": "A-3"})
    assert resp.status_code == 422 and "No existe un expediente con la clave" in text(resp)


def test_exact_key_wins_over_a_differently_padded_one(browser, lc):
    padded = f.closed_expediente(lc)
    unpadded_key = padded.clave.replace("/001/", "/1/")
    other = f.closed_expediente(lc, clave=unpadded_key)  # an old inventory's own key
    login(browser, lc["users"]["concentracion"])
    for typed, target in ((unpadded_key, other), (padded.clave, padded)):
        resp = browser.post("/congelamientos/nuevo", {
            "alcance": "expediente", "clave": typed, "motivo": "auditoria",
            "referencia": f"R-{target.id}"})
        assert resp.status_code == 302
        hold = get_session().scalar(select(Congelamiento).where(
            Congelamiento.referencia == f"R-{target.id}"))
        assert hold.expediente_id == target.id


def test_key_rules_pad_back_to_the_format():
    assert parse_key(FMT, "IEEN/7C/7C.10/1/2017") == {
        "fondo": "IEEN", "seccion": "7C", "serie": "7C.10", "consecutivo": 1, "anio": 2017}
    assert key_in_format(FMT, "IEEN/7C/7C.10/1/2017") == "IEEN/7C/7C.10/001/2017"
    assert key_in_format(FMT, "IEEN/7C/7C.10/0001/2017") == "IEEN/7C/7C.10/001/2017"
    assert key_in_format(FMT, "IEEN/7C/sin-numero") is None
    assert parse_key("{anio}-{consecutivo}-{anio}", "2017-4-2018") is None


@pytest.mark.parametrize(("motivo", "referencia", "expected"), [
    ("juicio", "Juicio laboral 45/2024", "Juicio laboral 45/2024"),
    ("juicio", "JUICIO de amparo 7/2025", "JUICIO de amparo 7/2025"),
    ("auditoria", "Auditoria ASF-2019-17", "Auditoria ASF-2019-17"),
    ("investigacion", "investigación OIC/3", "investigación OIC/3"),
    ("juicio", "Amparo 123/2024", "juicio Amparo 123/2024"),
    ("auditoria", "ASF-2019-17", "auditoría ASF-2019-17"),
])
def test_hold_description_drops_a_repeated_motivo(motivo, referencia, expected):
    hold = Congelamiento(id=7, motivo=MotivoCongelamiento(motivo), referencia=referencia)
    assert hold.describe() == f"{expected} (congelamiento #7)"


def test_blocking_message_names_the_lawsuit_once(browser, lc):
    exp = f.in_concentracion(lc)
    holds.place_hold(lc["actor"], {"expediente_id": exp.id, "motivo": "juicio",
                                   "referencia": "Juicio laboral 45/2024"})
    login(browser, lc["actor"])
    html = text(browser.get("/calendario/vencidos"))
    assert "Juicio laboral 45/2024 (congelamiento #" in html
    assert "juicio Juicio" not in html
