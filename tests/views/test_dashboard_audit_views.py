"""Dashboard figures and chart, audit timelines and chain verification."""

import datetime as dt

from archivo.auth.roles import Rol
from archivo.dashboard import chart, queries
from tests import factories as f
from tests.views.conftest import text


def test_month_bounds():
    assert queries.month_bounds(dt.date(2024, 12, 15), 1) == (dt.date(2025, 1, 1),
                                                               dt.date(2025, 1, 31))
    assert queries.month_bounds(dt.date(2024, 2, 10)) == (dt.date(2024, 2, 1),
                                                          dt.date(2024, 2, 29))


def test_stacked_bars_geometry():
    out = chart.stacked_bars({2020: {"tramite": 3, "baja": 1}, 2022: {"historico": 2}},
                             ["tramite", "concentracion", "historico", "baja"])
    assert out["years"] == [2020, 2021, 2022] and out["top"] == 4
    assert [b["cls"] for b in out["bars"]] == ["bar-tramite", "bar-baja", "bar-historico"]
    assert chart.stacked_bars({}, [])["bars"] == []


def test_dashboard_counts_due_and_chart(browser, as_role, ctx, count_queries):
    f.expediente(ctx)
    f.closed_expediente(ctx)  # transfer due 2018: overdue
    today = dt.date.today()
    cierre = today.replace(year=today.year - 2)
    exp = f.closed_expediente(ctx, cierre=cierre.isoformat())
    as_role(Rol.COORDINADOR)
    count_queries["n"] = 0
    resp = browser.get("/panel")
    assert resp.status_code == 200 and count_queries["n"] < 15
    body = text(resp)
    assert "Vencen este mes" in body and exp.clave in body
    assert "<svg" in body and "bar-tramite" in body and "Ver los datos en tabla" in body
    assert 'class="stat-n">3<' in body


def test_responsable_dashboard_is_scoped_to_unit(browser, as_role, ctx):
    f.expediente(ctx)
    user = as_role(Rol.RESPONSABLE_TRAMITE)
    body = text(browser.get("/panel"))
    assert user.unidad.nombre in body


def test_expediente_history_and_verification_for_auditor(browser, as_role, ctx):
    exp = f.closed_expediente(ctx)
    as_role(Rol.AUDITOR)
    body = text(browser.get(f"/auditoria/expediente/{exp.id}"))
    assert "Expediente abierto" in body and "Expediente cerrado" in body
    assert "Verificar la cadena" in body
    body = text(browser.get("/auditoria/verificar", headers={"HX-Request": "true"}))
    assert "La cadena está íntegra." in body and "<html" not in body
    body = text(browser.get("/auditoria/verificar"))
    assert "La cadena está íntegra." in body and "<html" in body


def test_serie_history_and_unknown_subject(browser, as_role, ctx):
    as_role(Rol.AUDITOR)
    body = text(browser.get(f"/auditoria/serie/{ctx['serie'].id}"))
    assert "Serie creada" in body and "4C.3" in body
    assert browser.get("/auditoria/nada/1").status_code == 404
    assert browser.get("/auditoria").status_code == 200


def test_verification_forbidden_for_responsable(browser, as_role, ctx):
    as_role(Rol.RESPONSABLE_TRAMITE)
    assert browser.get("/auditoria/verificar").status_code == 403
    assert "Verificar la cadena</button>" not in text(browser.get("/auditoria"))


def test_error_pages_are_html(browser, as_role, ctx):
    as_role(Rol.COORDINADOR)
    resp = browser.get("/expedientes/999999")
    assert resp.status_code == 404 and "El expediente no existe." in text(resp)
    assert "<html" in text(resp)
