"""Holds, loans, calendario de caducidades and the lifecycle panels of the dashboard."""

import datetime as dt

from sqlalchemy import update

from archivo.db import get_session
from archivo.holds import service as holds
from archivo.loans import service as loans
from archivo.loans.models import Prestamo
from tests import factories as f
from tests.views.conftest import text
from tests.views.lifecycle_helpers import lc_fixture, login  # noqa: F401 - fixture `lc`


def test_place_show_and_lift_a_hold(browser, lc):
    exp = f.closed_expediente(lc)
    login(browser, lc["users"]["concentracion"])
    form = text(browser.get(f"/congelamientos/nuevo?expediente_id={exp.id}"))
    assert exp.clave in form
    resp = browser.post("/congelamientos/nuevo", {"alcance": "expediente", "clave": exp.clave,
                                                  "motivo": "auditoria", "referencia": ""})
    assert resp.status_code == 422 and "Este campo no puede estar vacío." in text(resp)
    resp = browser.post("/congelamientos/nuevo", {"alcance": "expediente", "clave": "NO/EXISTE",
                                                  "motivo": "auditoria", "referencia": "A-1"})
    assert resp.status_code == 422 and "No existe un expediente con la clave" in text(resp)
    resp = browser.post("/congelamientos/nuevo", {"alcance": "expediente", "clave": exp.clave,
                                                  "motivo": "auditoria",
                                                  "referencia": "ASF-2026-88"})
    assert resp.status_code == 302
    assert "ASF-2026-88" in text(browser.get("/congelamientos"))
    body = text(browser.get(f"/expedientes/{exp.id}"))
    assert 'id="congelamientos"' in body and "ASF-2026-88" in body
    hold = holds.list_holds(lc["actor"], fondo_id=lc["fondo"].id)[0]
    resp = browser.post(f"/congelamientos/{hold.id}/levantar", {"motivo": ""})
    assert resp.status_code == 422 and "Este campo no puede estar vacío." in text(resp)
    resp = browser.post(f"/congelamientos/{hold.id}/levantar", {"motivo": "Auditoría concluida"})
    assert resp.status_code == 302
    assert "Auditoría concluida" in text(browser.get("/congelamientos?estado=levantados"))
    block = text(browser.get(f"/expedientes/{exp.id}")).split('id="congelamientos"')[1]
    assert "Sin congelamientos activos." in block.split("</section>")[0]


def test_serie_hold_and_roles(browser, lc):
    login(browser, lc["users"]["coordinador"])
    resp = browser.post("/congelamientos/nuevo", {"alcance": "serie",
                                                  "serie_id": lc["serie"].id,
                                                  "motivo": "juicio", "referencia": "J-9"})
    assert resp.status_code == 302
    login(browser, lc["users"]["auditor"])
    body = text(browser.get("/congelamientos"))
    assert "J-9" in body and "Levantar" not in body and "Congelar</a>" not in body
    assert browser.get("/congelamientos/nuevo").status_code == 403
    hold = holds.list_holds(lc["actor"], fondo_id=lc["fondo"].id)[0]
    assert browser.post(f"/congelamientos/{hold.id}/levantar", {"motivo": "x"}
                        ).status_code == 403


def test_loan_request_deliver_overdue_and_return(browser, lc):
    exp = f.in_concentracion(lc)
    login(browser, lc["users"]["tramite"])
    base = {"clave": exp.clave, "unidad_id": lc["unidad"].id}
    resp = browser.post("/prestamos/nuevo", {**base, "fecha_vencimiento": "2001-01-01"})
    assert resp.status_code == 422
    assert "La fecha de devolución no puede ser anterior a hoy." in text(resp)
    soon = (f.today() + dt.timedelta(days=7)).isoformat()
    assert browser.post("/prestamos/nuevo", {**base, "fecha_vencimiento": soon}
                        ).status_code == 302
    resp = browser.post("/prestamos/nuevo", {**base, "fecha_vencimiento": soon})
    assert resp.status_code == 422 and "ya tiene un préstamo activo" in text(resp)
    loan = loans.list_loans(lc["actor"])[0]
    assert browser.post(f"/prestamos/{loan.id}/entregar", {}).status_code == 403
    login(browser, lc["users"]["concentracion"])
    assert browser.post(f"/prestamos/{loan.id}/devolver", {}).status_code == 422
    assert browser.post(f"/prestamos/{loan.id}/entregar", {"recibido_por": "Juan"}
                        ).status_code == 302
    # Due a week ago: highlighted on the list and on the dashboard.
    get_session().execute(update(Prestamo).where(Prestamo.id == loan.id).values(
        fecha_vencimiento=f.today() - dt.timedelta(days=7)))
    body = text(browser.get("/prestamos"))
    assert 'class="overdue"' in body and "1 préstamo vencido sin devolver." in body
    panel = text(browser.get("/panel")).split('id="loans-h"')[1].split("</section>")[0]
    assert exp.clave in panel
    # Renewal (prórroga): a past date re-renders with the field error; a later one clears it.
    resp = browser.post(f"/prestamos/{loan.id}/renovar", {"fecha_vencimiento": "2001-01-01"})
    assert resp.status_code == 422 and "no puede ser anterior a hoy" in text(resp)
    later = (f.today() + dt.timedelta(days=10)).isoformat()
    assert browser.post(f"/prestamos/{loan.id}/renovar", {"fecha_vencimiento": later}
                        ).status_code == 302
    assert "Vencido" not in text(browser.get("/prestamos"))
    assert browser.post(f"/prestamos/{loan.id}/devolver", {"observacion": "Completo"}
                        ).status_code == 302
    assert "Vencido" not in text(browser.get("/prestamos"))


def test_calendar_month_view_filters_and_csv(browser, lc):
    # Closed so that its primary transfer falls due this month (AT 2 years).
    due = f.today().replace(day=1)
    exp = f.closed_expediente(lc, cierre=due.replace(year=due.year - 2).isoformat(),
                              fecha_apertura="2020-01-01")
    login(browser, lc["users"]["auditor"])
    body = text(browser.get("/calendario"))
    assert exp.clave in body and "Transferencia primaria" in body
    assert exp.clave not in text(browser.get("/calendario?tipo=baja"))
    month = f"{due.year + 1}-01"
    assert exp.clave not in text(browser.get(f"/calendario?mes={month}&meses=1"))
    resp = browser.get("/calendario/csv")
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    content = resp.get_data(as_text=True)
    assert content.startswith("\ufeffMes,Movimiento") and exp.clave in content


def test_dashboard_shows_active_holds(browser, lc):
    exp = f.closed_expediente(lc)
    holds.place_hold(lc["actor"], {"expediente_id": exp.id, "motivo": "investigacion",
                                   "referencia": "FGE/INV/3"})
    login(browser, lc["users"]["auditor"])
    body = text(browser.get("/panel"))
    assert "Congelamientos activos" in body and "FGE/INV/3" in body
    assert "Ningún préstamo vencido." in body


def test_lifecycle_pages_render_in_english_and_for_every_reader(browser, lc):
    exp = f.in_concentracion(lc)
    login(browser, lc["users"]["concentracion"])
    detail = browser.post("/bajas/nueva", {"expediente_ids": [str(exp.id)]}).headers["Location"]
    pages = ["/transferencias", "/bajas", detail, "/congelamientos", "/prestamos", "/calendario",
             "/panel"]
    browser.get("/idioma/en")
    for page in pages:
        resp = browser.get(page)
        assert resp.status_code == 200 and 'lang="en"' in text(resp), page
    browser.get("/idioma/es")
    login(browser, lc["users"]["gi1"])  # a GI member reads everything, changes only votes
    for page in pages:
        assert browser.get(page).status_code == 200, page
