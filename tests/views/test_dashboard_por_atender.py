"""«Por atender» on the staff dashboard (what waits for each user, separation of duties
included) and the list of overdue expedientes behind the «Vencidos» card."""

import csv
import datetime as dt
import io
import re

from sqlalchemy import update

from archivo.dashboard import worklist
from archivo.db import get_session
from archivo.disposals import service as bajas
from archivo.loans import service as loans
from archivo.loans.models import Prestamo
from archivo.transfers import receipt
from archivo.transfers import service as transfers
from tests import factories as f
from tests.views.conftest import text
from tests.views.lifecycle_helpers import lc_fixture, login  # noqa: F401 - fixture `lc`


def card(browser, user) -> dict[str, str] | None:
    """The «Por atender» card of `user`'s dashboard: {kind id: its HTML}, None if absent."""
    login(browser, user)
    resp = browser.get("/panel")
    assert resp.status_code == 200
    body = text(resp)
    if 'id="por-atender"' not in body:
        return None
    section = body.split('id="por-atender"')[1].split("</section>")[0]
    return {chunk.split('"')[0]: chunk for chunk in section.split('id="pa-')[1:]}


def count(block: str) -> int:
    """The count shown next to a kind's title."""
    return int(re.search(r'<h3>.*?<span class="count">(\d+)</span>', block).group(1))


def _primary(lc, ids):
    return transfers.create_transfer(lc["users"]["tramite"], lc["fondo"].id, {
        "tipo": "primaria", "unidad_id": lc["unidad"].id, "expediente_ids": ids})


def test_primary_transfer_waits_for_the_other_responsable_then_concentracion(browser, lc):
    u = lc["users"]
    t = _primary(lc, [f.closed_expediente(lc).id])
    link = f'href="/transferencias/{t.id}"'
    assert "transferencia-autorizar" not in card(browser, u["tramite"])  # the drafter
    assert "transferencia-autorizar" not in card(browser, u["tramite_otra"])  # other unit
    for who in ("tramite2", "coordinador"):
        block = card(browser, u[who])["transferencia-autorizar"]
        assert link in block and count(block) == 1
    assert "transferencia-recibir" not in card(browser, u["concentracion"])
    transfers.authorize_transfer(u["tramite2"], t.id, {})
    assert "transferencia-autorizar" not in card(browser, u["tramite2"])
    mine = card(browser, u["concentracion"])
    assert link in mine["transferencia-recibir"] and "transferencia-recibir" not in card(
        browser, u["historico"])
    # The link and «ver todos» resolve.
    assert browser.get(f"/transferencias/{t.id}").status_code == 200
    assert 'href="/transferencias?estado=autorizada"' in mine["transferencia-recibir"]
    assert browser.get("/transferencias?estado=autorizada").status_code == 200


def test_secondary_transfer_to_historico_and_the_pending_notice(browser, lc):
    u = lc["users"]
    exp = f.in_concentracion(lc, "conservacion")
    t = transfers.create_transfer(u["concentracion"], lc["fondo"].id, {
        "tipo": "secundaria", "expediente_ids": [exp.id]})
    assert "transferencia-autorizar" in card(browser, u["coordinador"])
    assert "transferencia-autorizar" not in card(browser, u["concentracion"])
    transfers.authorize_transfer(u["coordinador"], t.id, {})
    assert "transferencia-recibir" in card(browser, u["historico"])
    receipt.receive_items(u["historico"], t.id, {"aceptar_pendientes": {"caja": "H-1"}})
    receipt.complete_transfer(u["historico"], t.id, {})
    for who in ("historico", "coordinador"):
        mine = card(browser, u[who])
        assert "transferencia-recibir" not in mine
        assert f"/transferencias/{t.id}" in mine["transferencia-avisar"]
        assert "el aviso vence el" in mine["transferencia-avisar"]
    receipt.record_notice(u["historico"], t.id, {"fecha": str(f.today()), "referencia": "AGN/1"})
    assert "transferencia-avisar" not in card(browser, u["historico"])


def test_baja_moves_through_each_desk_and_never_back_to_who_acted(browser, lc):
    u = lc["users"]
    b = bajas.propose_baja(u["concentracion"], lc["fondo"].id,
                           {"expediente_ids": [f.in_concentracion(lc).id]})
    link = f'href="/bajas/{b.id}"'
    assert link in card(browser, u["concentracion"])["baja-enviar"]
    assert "baja-enviar" not in card(browser, u["concentracion2"])  # only the drafter sends

    bajas.submit_baja(u["concentracion"], b.id, {})
    for who in ("gi1", "gi2"):
        mine = card(browser, u[who])
        assert link in mine["baja-votar"] and "baja-decidir" not in mine
    assert link in card(browser, u["coordinador"])["baja-decidir"]
    assert card(browser, u["concentracion"]) == {}  # the proposer reviews nothing

    bajas.vote_baja(u["gi1"], b.id, {"voto": "a_favor"})
    mine = card(browser, u["gi1"])
    assert "baja-votar" not in mine and link in mine["baja-decidir"]  # voted: may record
    assert "baja-votar" in card(browser, u["gi2"])
    bajas.vote_baja(u["gi2"], b.id, {"voto": "a_favor"})

    bajas.decide_baja(u["coordinador"], b.id, {"decision": "aprobada", "acta_gi": "GI/1",
                                               "fecha_sesion": str(f.today())})
    assert "baja-dictaminar" not in card(browser, u["coordinador"])  # recorded the decision
    assert link in card(browser, u["coordinador2"])["baja-dictaminar"]
    assert card(browser, u["gi1"]) == {}

    bajas.record_dictamen(u["coordinador2"], b.id, {"numero": "D/1", "fecha": str(f.today())})
    assert link in card(browser, u["concentracion2"])["baja-ejecutar"]
    for who in ("concentracion", "coordinador", "coordinador2"):  # proposed, decided, dictamen
        assert "baja-ejecutar" not in card(browser, u[who]), who
    assert browser.get(f"/bajas/{b.id}").status_code == 200
    assert browser.get("/bajas?estado=dictaminada").status_code == 200


def test_loans_to_deliver_and_overdue_for_concentracion(browser, lc):
    u = lc["users"]
    exp = f.in_concentracion(lc)
    loan = loans.request_loan(u["tramite"], {"expediente_id": exp.id,
                                             "unidad_id": lc["unidad"].id,
                                             "fecha_vencimiento": str(f.today())})
    mine = card(browser, u["concentracion"])
    assert exp.clave in mine["prestamo-entregar"] and count(mine["prestamo-entregar"]) == 1
    assert 'href="/prestamos?estado=solicitado"' in mine["prestamo-entregar"]
    assert browser.get("/prestamos?estado=solicitado").status_code == 200
    assert card(browser, u["tramite"]) == {}  # the unit asks; concentración delivers
    loans.deliver_loan(u["concentracion"], loan.id, {"recibido_por": "Lic. Pérez"})
    assert card(browser, u["concentracion"]) == {}  # delivered, not yet due
    get_session().execute(update(Prestamo).where(Prestamo.id == loan.id).values(
        fecha_vencimiento=f.today() - dt.timedelta(days=3)))
    get_session().commit()
    mine = card(browser, u["coordinador"])
    assert exp.clave in mine["prestamo-vencido"] and "debió devolverse el" in mine[
        "prestamo-vencido"]


def test_card_hidden_for_roles_that_take_no_step_and_empty_message(browser, lc):
    assert card(browser, lc["users"]["auditor"]) is None
    assert card(browser, lc["actor"]) is None  # the administrador drafts but never moves on
    login(browser, lc["users"]["historico"])
    body = text(browser.get("/panel"))
    assert "Por atender" in body and "Nada por atender." in body


def test_counts_cap_and_constant_queries(browser, lc, count_queries):
    u = lc["users"]
    first = _primary(lc, [f.closed_expediente(lc).id])
    login(browser, u["coordinador"])
    count_queries["n"] = 0
    assert browser.get("/panel").status_code == 200
    baseline = count_queries["n"]
    for _ in range(3):
        _primary(lc, [f.closed_expediente(lc).id])
        bajas.propose_baja(u["concentracion"], lc["fondo"].id,
                           {"expediente_ids": [f.in_concentracion(lc).id]})
    ids = [bajas.list_bajas(u["auditor"], fondo_id=lc["fondo"].id)[i].id for i in range(3)]
    for i in ids:
        bajas.submit_baja(u["concentracion"], i, {})
    count_queries["n"] = 0
    body = text(browser.get("/panel"))
    assert count_queries["n"] == baseline  # no query per procedure
    mine = {c.split('"')[0]: c for c in body.split('id="pa-')[1:]}
    assert count(mine["transferencia-autorizar"]) == 4 and count(mine["baja-decidir"]) == 3
    assert re.search(r'id="por-atender-h">Por atender <span class="count">7</span>', body)
    # The list is capped; the count is not.
    kinds = worklist.por_atender(u["coordinador"], lc["fondo"].id, limit=2)
    auth = next(k for k in kinds if k["kind"].id == "transferencia-autorizar")
    assert auth["total"] == 4 and [x.texto for x in auth["items"]][0] == first.numero
    assert len(auth["items"]) == 2


# --- overdue expedientes ------------------------------------------------------------------

def test_vencidos_card_links_to_the_overdue_list_with_csv(browser, lc):
    u = lc["users"]
    late_tramite = f.closed_expediente(lc)  # cierre 2016, AT 2: primary transfer overdue
    late_baja = f.in_concentracion(lc)  # cierre 2010, AT 2 + AC 5: baja overdue
    late_hist = f.in_concentracion(lc, "conservacion")
    f.expediente(lc)  # open: never due
    soon = f.closed_expediente(lc, cierre=f.today().replace(year=f.today().year - 1)
                               .isoformat())  # due next year
    login(browser, u["coordinador"])
    body = text(browser.get("/panel"))
    vencidos = body.split('id="due-vencidos"')[1].split("</section>")[0]
    n = int(re.search(r'<span class="count">(\d+)</span>', vencidos).group(1))
    assert n == 3 and 'href="/calendario/vencidos"' in vencidos

    resp = browser.get("/calendario/vencidos")
    page = text(resp)
    assert resp.status_code == 200 and "Expedientes vencidos" in page
    for exp in (late_tramite, late_baja, late_hist):
        assert exp.clave in page
    assert soon.clave not in page
    assert page.index(late_baja.clave) < page.index(late_tramite.clave)  # most overdue first
    baja_only = text(browser.get("/calendario/vencidos?tipo=baja"))
    assert late_baja.clave in baja_only and late_tramite.clave not in baja_only

    resp = browser.get("/calendario/vencidos/csv")
    assert resp.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(resp.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:3] == ["Movimiento", "Venció el", "Días de atraso"] and len(rows) == 4
    by_clave = {r[3]: r for r in rows[1:]}
    assert by_clave[late_tramite.clave][1] == "2018-06-30"
    assert by_clave[late_baja.clave][0] == "Baja documental"

    data = browser.get(f"/api/v1/calendario/vencidos?fondo_id={lc['fondo'].id}").get_json()
    assert data["total"] == 3


def test_overdue_list_of_a_responsable_is_scoped_to_its_unit(browser, lc):
    mine = f.closed_expediente(lc)
    other = f.closed_expediente(lc, unidad_id=lc["unidad2"].id)
    login(browser, lc["users"]["tramite"])
    body = text(browser.get("/panel"))
    link = f'href="/calendario/vencidos?unidad_id={lc["unidad"].id}"'
    assert link in body
    page = text(browser.get(f"/calendario/vencidos?unidad_id={lc['unidad'].id}"))
    assert mine.clave in page and other.clave not in page
