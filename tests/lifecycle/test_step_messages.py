"""Step errors carry their verb inside the translatable text: English shows no Spanish verb.

The English catalogue is the lead's to edit, so the extraction is checked here (with the
Makefile's keywords) and the English rendering with a stand-in catalogue.
"""

import datetime as dt
import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.frontend import parse_keywords

from archivo import i18n
from archivo.disposals import service as bajas
from archivo.disposals.states import STEPS as BAJA_STEPS
from archivo.errors import ArchivoError, Forbidden, InvalidTransition
from archivo.loans import service as loans
from archivo.transfers import common
from archivo.transfers import service as transfers
from archivo.transfers.states import STEPS as TRANSFER_STEPS
from tests import factories as f

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def ctx(db):
    return f.fondo_lifecycle()


def _extracted(*paths: str) -> set[str]:
    """Msgids `make translations-update` extracts from these modules (its -k keywords)."""
    make = (ROOT / "Makefile").read_text().replace("\\\n", " ")
    line = re.search(r"^BABEL_KEYWORDS\s*:=(.*)$", make, re.MULTILINE).group(1)
    keywords = {**DEFAULT_KEYWORDS, **parse_keywords(re.findall(r"-k\s+(\S+)", line))}
    return {msg for path in paths
            for _, msg, _, _ in extract_from_file("python", str(ROOT / path), keywords)
            if isinstance(msg, str)}


@pytest.fixture
def english(app, monkeypatch):
    """Render an error in English with a stand-in catalogue (msgid -> msgstr)."""

    def render(err: ArchivoError, catalogue: dict[str, str]) -> str:
        monkeypatch.setattr(i18n, "gettext", lambda msgid: catalogue.get(msgid, msgid))
        with app.test_request_context("/?lang=en"):
            return err.message

    return render


def test_every_step_message_and_label_is_extracted():
    msgids = _extracted("archivo/loans/service.py", "archivo/transfers/common.py",
                        "archivo/transfers/states.py", "archivo/disposals/states.py")
    steps = {p.nombre for p in (*TRANSFER_STEPS.values(), *BAJA_STEPS.values())}
    wanted = {*loans._NOT_NOW.values(), *common._NOT_IN_STATE.values(),
              *common._SAME_PERSON.values(), *common._ROLE_NAMES.values(), *steps}
    assert wanted <= msgids, wanted - msgids
    assert len(set(loans._NOT_NOW.values())) == 4
    assert not any("{paso}" in m or "{objeto}" in m for m in loans._NOT_NOW.values())
    assert not any("{objeto}" in m
                   for m in (*common._NOT_IN_STATE.values(), *common._SAME_PERSON.values()))


def _loan(ctx):
    return loans.request_loan(ctx["users"]["tramite"], {
        "expediente_id": f.in_concentracion(ctx).id, "unidad_id": ctx["unidad"].id,
        "fecha_vencimiento": str(f.today())})


def test_each_loan_step_names_its_own_verb_in_spanish(ctx):
    staff = ctx["users"]["concentracion"]
    later = {"fecha_vencimiento": str(f.today() + dt.timedelta(days=9))}
    loan = _loan(ctx)
    clave = loan.expediente.clave
    loans.deliver_loan(staff, loan.id, {})
    with pytest.raises(InvalidTransition) as err:
        loans.deliver_loan(staff, loan.id, {})
    assert str(err.value) == (f"No se puede entregar el préstamo #{loan.id} del expediente "
                              f"{clave}: está entregado.")
    with pytest.raises(InvalidTransition, match="^No se puede cancelar el préstamo"):
        loans.cancel_loan(staff, loan.id, {})
    loans.return_loan(staff, loan.id, {})
    with pytest.raises(InvalidTransition, match="^No se puede devolver el préstamo"):
        loans.return_loan(staff, loan.id, {})
    with pytest.raises(InvalidTransition, match="^No se puede renovar el préstamo") as err:
        loans.renew_loan(staff, loan.id, later)
    assert err.value.params["paso"] == "renovar"  # details keep the step, as before


def test_loan_error_in_english_has_no_spanish_verb(english, ctx):
    staff = ctx["users"]["concentracion"]
    loan = _loan(ctx)
    loans.cancel_loan(staff, loan.id, {})
    with pytest.raises(InvalidTransition) as err:
        loans.renew_loan(staff, loan.id, {
            "fecha_vencimiento": str(f.today() + dt.timedelta(days=9))})
    rendered = english(err.value, {
        loans._NOT_NOW["renovar"]: "Cannot renew loan #{id} of file {clave}: it is {estado}.",
        "Cancelado": "cancelled"})  # the label of the code (archivo.labels)
    assert rendered == (f"Cannot renew loan #{loan.id} of file {loan.expediente.clave}: "
                        "it is cancelled.")


def test_procedure_errors_in_english_translate_the_step_and_role(english, ctx):
    u = ctx["users"]
    t = transfers.create_transfer(u["tramite"], ctx["fondo"].id, {
        "tipo": "primaria", "unidad_id": ctx["unidad"].id,
        "expediente_ids": [f.closed_expediente(ctx).id]})
    with pytest.raises(Forbidden) as same:
        transfers.authorize_transfer(u["tramite"], t.id, {})
    assert str(same.value) == (f"Separación de funciones: quien «propuso» la transferencia "
                               f"{t.numero} no puede también «autorizar».")
    transfers.cancel_transfer(u["tramite"], t.id, {})
    with pytest.raises(InvalidTransition) as state:
        transfers.authorize_transfer(u["tramite2"], t.id, {})
    assert str(state.value) == (f"No se puede «autorizar» la transferencia {t.numero}: está en "
                                "estado «cancelada».")
    catalogue = {
        common._NOT_IN_STATE["transferencia"]: "Cannot “{paso}” transfer {numero}: its status "
                                               "is “{estado}”.",
        common._SAME_PERSON["transferencia"]: "Separation of duties: whoever “{previo}” "
                                              "transfer {numero} may not also “{paso}”.",
        "autorizar": "authorise", "propuso": "proposed", "Cancelada": "cancelled"}
    assert english(state.value, catalogue) == (
        f"Cannot “authorise” transfer {t.numero}: its status is “cancelled”.")
    assert english(same.value, catalogue) == (
        f"Separation of duties: whoever “proposed” transfer {t.numero} may not also "
        "“authorise”.")


def test_baja_step_error_names_the_baja(ctx):
    u = ctx["users"]
    b = bajas.propose_baja(u["concentracion"], ctx["fondo"].id,
                           {"expediente_ids": [f.in_concentracion(ctx).id]})
    with pytest.raises(InvalidTransition) as err:
        bajas.vote_baja(u["gi1"], b.id, {"voto": "a_favor"})
    assert str(err.value) == f"No se puede «votar» la baja {b.numero}: está en estado «borrador»."
    assert err.value.params["objeto"] == "baja"  # details unchanged
