"""An expediente's page shows the transfers and bajas it went through: a returned file says
why, and a disposed one shows its tombstone (baja, dictamen, acta) and its last location."""

from archivo.disposals import execution
from archivo.records.storage import FileStore
from archivo.transfers import receipt
from archivo.transfers import service as transfers
from tests import factories as f
from tests.views.conftest import text
from tests.views.lifecycle_helpers import lc_fixture, login  # noqa: F401 - fixture `lc`


def test_a_returned_expediente_says_which_transfer_returned_it_and_why(browser, lc):
    u = lc["users"]
    a, b = f.closed_expediente(lc), f.closed_expediente(lc)
    t = transfers.create_transfer(u["tramite"], lc["fondo"].id, {
        "tipo": "primaria", "unidad_id": lc["unidad"].id, "expediente_ids": [a.id, b.id]})
    transfers.authorize_transfer(u["tramite2"], t.id, {})
    receipt.receive_items(u["concentracion"], t.id, {"items": [
        {"expediente_id": a.id, "aceptado": True, "caja": "C-7"},
        {"expediente_id": b.id, "aceptado": False, "observacion": "Faltan fojas 3 a 9"}]})
    receipt.complete_transfer(u["concentracion"], t.id, {})
    login(browser, u["auditor"])
    body = text(browser.get(f"/expedientes/{b.id}"))
    assert "Transferencias y bajas" in body and t.numero in body
    assert "Devuelto" in body and "Faltan fojas 3 a 9" in body
    assert "Aceptado" in text(browser.get(f"/expedientes/{a.id}"))


def test_a_disposed_expediente_shows_its_tombstone(browser, lc, tmp_path):
    u = lc["users"]
    exp = f.in_concentracion(lc)
    b = f.baja_dictaminada(lc, [exp.id], dictamen={"numero": "DB/045/2026"})
    execution.execute_baja(u["concentracion2"], b.id, {
        "fecha": str(f.today()), "lugar": "Bodega", "metodo": "Trituración",
        "destino_papel": "Reciclaje", "metros_lineales": "0.1", "peso_kg": "1",
        "testigos": [{"nombre": "A", "cargo": "B"}, {"nombre": "C", "cargo": "D"}]},
        store=FileStore(tmp_path))
    login(browser, u["auditor"])
    body = text(browser.get(f"/expedientes/{exp.id}"))
    assert "Dado de baja" in body and "DB/045/2026" in body and b.numero in body
    assert "Última ubicación" in body and "Destruido (testimonio)" in body
