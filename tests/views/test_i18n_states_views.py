"""Lifecycle screens in English: blocking reasons, states and step errors with no Spanish
leftovers (the Spanish screens unchanged)."""

import html

from archivo.records import service as records
from tests import factories as f
from tests.lifecycle.test_disposals import to_dictamen
from tests.views.conftest import text
from tests.views.lifecycle_helpers import lc_fixture, login  # noqa: F401 - fixture `lc`


def _blocked_rows(body: str) -> str:
    return body.split('id="blocked-h"')[1].split("</section>")[0]


def test_blocked_transfer_lists_its_reasons_in_the_users_language(browser, lc):
    exp = f.expediente(lc)  # open: a primary transfer refuses it
    login(browser, lc["users"]["tramite"])
    draft = {"tipo": "primaria", "unidad_id": lc["unidad"].id, "expediente_ids": [str(exp.id)]}
    body = html.unescape(text(browser.post("/transferencias/nueva", draft)))
    assert (f"No se puede transferir (primaria) el expediente {exp.clave}: El expediente "
            f"{exp.clave} no está cerrado.") in body
    assert f"<li>El expediente {exp.clave} no está cerrado.</li>" in _blocked_rows(body)
    browser.get("/idioma/en")
    resp = browser.post("/transferencias/nueva", draft)
    body = html.unescape(text(resp))
    assert resp.status_code == 422
    assert (f"Cannot transfer file {exp.clave} (primary transfer): File {exp.clave} is not "
            "closed.") in body
    rows = _blocked_rows(body)
    assert f"<li>File {exp.clave} is not closed.</li>" in rows and "no está" not in rows


def test_disposal_guard_preview_and_states_in_english(browser, lc):
    exp = f.in_concentracion(lc)
    b = to_dictamen(lc, [exp.id])
    records.classify_expediente(lc["actor"], exp.id, {
        "acceso": "confidencial", "confidencial_fundamento": "Art. 116 LGTAIP",
        "motivo": "datos"})
    login(browser, lc["users"]["concentracion2"])
    body = html.unescape(text(browser.get(f"/bajas/{b.id}")))
    assert f"<li>El expediente {exp.clave} está clasificado como confidencial.</li>" in body
    browser.get("/idioma/en")
    body = html.unescape(text(browser.get(f"/bajas/{b.id}")))
    assert f"<li>File {exp.clave} is classified as confidential.</li>" in body
    assert "clasificado" not in body
    for code in ("dictaminada", "a_favor", "en_revision", "aprobada_gi"):
        assert f">{code}<" not in body and f"→ <ins>{code}" not in body, code
