"""The eligible lists of a new transfer and a new baja (order by serie and clave, what
starts ticked, select all / none without JavaScript, título, due date and location), and
the calendario de caducidades in date order."""

from archivo.calendar.service import calendario
from archivo.catalog import service as catalog
from archivo.interop.visibility import CONFIDENTIAL_TITLE
from archivo.records import service as records
from archivo.transfers import service as transfers
from archivo.transfers.eligible_rows import eligible_rows
from tests import factories as f
from tests.views.conftest import text
from tests.views.lifecycle_helpers import lc_fixture, login  # noqa: F401 - fixture `lc`

LONG = ("Contratación de personal eventual para el proceso electoral local ordinario "
        "y las elecciones extraordinarias municipales")


def _order(body: str, *claves: str) -> list[int]:
    return [body.index(f">{c}</label>") for c in claves]


def test_new_transfer_lists_by_serie_and_clave_all_ticked_with_details(browser, lc):
    s = lc["series"]
    # Created out of order: the list must not follow the ids.
    c = f.closed_expediente(lc, serie_id=s["muestreo"].id)
    a = f.closed_expediente(lc, serie_id=s["baja"].id, titulo=LONG, ubicacion_estante="E-2",
                            ubicacion_caja="CJ-7")
    b = f.closed_expediente(lc, serie_id=s["conservacion"].id)
    login(browser, lc["users"]["tramite"])
    body = text(browser.get("/transferencias/nueva?tipo=primaria"))
    first, second, third = _order(body, a.clave, b.clave, c.clave)
    assert first < second < third
    assert "3 expedientes elegibles hoy" in body and body.count(" checked") == 3
    for header in ("Título", "Vencido desde", "Ubicación"):
        assert f">{header}</th>" in body
    assert "30/06/2018" in body  # closed 30/06/2016, two years in trámite
    assert "E-2 · CJ-7" in body
    assert LONG not in body.replace(f'title="{LONG}"', "")  # truncated, whole on hover
    assert f'title="{LONG}"' in body and LONG[:40] in body
    # Select all / none: a header box for JavaScript, links that work without it.
    assert "data-check-master hidden" in body
    assert "marcar=ninguno" in body and "marcar=todos" in body
    unit = lc["unidad"].id
    body = text(browser.get(f"/transferencias/nueva?tipo=primaria&unidad_id={unit}"
                            "&marcar=ninguno"))
    assert body.count(" checked") == 0 and a.clave in body
    resp = browser.post("/transferencias/nueva", {"tipo": "primaria", "unidad_id": unit,
                                                 "expediente_ids": [str(b.id)]})
    assert resp.status_code == 302


def test_new_secondary_transfer_shows_the_final_due_date(browser, lc):
    exp = f.in_concentracion(lc, destino="conservacion")
    login(browser, lc["users"]["concentracion"])
    body = text(browser.get("/transferencias/nueva?tipo=secundaria"))
    # Closed 30/06/2010: two years in trámite and five in concentración.
    assert exp.clave in body and "30/06/2017" in body and ">C-1</td>" in body
    assert body.count(' name="expediente_ids" value="') == body.count(" checked") == 1


def test_new_baja_starts_unticked_in_clave_order(browser, lc):
    later = f.in_concentracion(lc, fecha_apertura="2009-02-02")
    earlier = f.in_concentracion(lc, fecha_apertura="2008-02-02")  # key .../2008 sorts first
    login(browser, lc["users"]["concentracion"])
    body = text(browser.get("/bajas/nueva"))
    first, second = _order(body, earlier.clave, later.clave)
    assert first < second
    assert "2 expedientes elegibles hoy" in body and body.count(" checked") == 0
    assert "Ninguno viene marcado" in body and "todos preseleccionados" not in body
    assert "30/06/2017" in body and ">C-1</td>" in body
    assert "Contratación de personal eventual" in body
    assert "data-check-master hidden" in body
    body = text(browser.get("/bajas/nueva?marcar=todos"))
    assert body.count(" checked") == 2
    resp = browser.post("/bajas/nueva", {})
    assert resp.status_code == 422 and text(resp).count(" checked") == 0
    resp = browser.post("/bajas/nueva", {"expediente_ids": [str(earlier.id)]})
    assert resp.status_code == 302


def test_titles_are_masked_for_who_may_not_read_them(lc):
    exp = f.closed_expediente(lc)
    records.classify_expediente(lc["actor"], exp.id, {
        "acceso": "confidencial", "confidencial_fundamento": "Art. 116 LGTAIP",
        "motivo": "datos personales"})
    facts = transfers.eligible_primary(lc["users"]["tramite"], lc["unidad"].id)
    series = catalog.list_series(lc["fondo"].id)
    (row,) = eligible_rows(lc["users"]["gi1"], facts, series, "primaria")
    assert row.titulo == CONFIDENTIAL_TITLE and row.titulo_oculto
    (row,) = eligible_rows(lc["users"]["tramite"], facts, series, "primaria")
    assert row.titulo == exp.titulo and not row.titulo_oculto


def test_calendar_rows_follow_the_date_within_the_month(browser, lc):
    # The later one is in the first unit and has the lower key: only the date puts it second.
    late = f.closed_expediente(lc, cierre="2023-05-20")
    early = f.closed_expediente(lc, cierre="2023-05-03", unidad_id=lc["unidad2"].id)
    cal = calendario(lc["users"]["auditor"], {"fondo_id": lc["fondo"].id,
                                              "desde": "2025-05-01", "hasta": "2025-05-31"})
    assert [(r["clave"], r["fecha"].isoformat()) for r in cal["filas"]] == [
        (early.clave, "2025-05-03"), (late.clave, "2025-05-20")]
    login(browser, lc["users"]["auditor"])
    body = text(browser.get("/calendario?mes=2025-05&meses=1"))
    assert body.index(early.clave) < body.index(late.clave)
