"""The item lists of transfers and bajas mask a confidential title for roles that may not
read it (the Grupo Interdisciplinario reviews bajas but lacks read.confidential)."""

import pytest

from archivo.disposals import service as bajas
from archivo.interop.visibility import CONFIDENTIAL_TITLE
from archivo.records import service as records
from archivo.transfers import service as transfers
from tests import factories as f

TITLE = "Queja de Juana Pérez por acoso laboral"


@pytest.fixture
def ctx(db):
    return f.fondo_lifecycle()


def _confidential(ctx, exp):
    records.classify_expediente(ctx["actor"], exp.id, {
        "acceso": "confidencial", "confidencial_fundamento": "Art. 116 LGTAIP",
        "motivo": "Datos personales"})
    return exp


def test_transfer_items_mask_a_confidential_title_for_the_gi(ctx):
    u = ctx["users"]
    exp = _confidential(ctx, f.closed_expediente(ctx, titulo=TITLE))
    t = transfers.create_transfer(u["tramite"], ctx["fondo"].id, {
        "tipo": "primaria", "unidad_id": ctx["unidad"].id, "expediente_ids": [exp.id]})
    assert [i["titulo"] for i in transfers.transfer_items(u["gi1"], t.id)] == [CONFIDENTIAL_TITLE]
    assert [i["titulo"] for i in transfers.transfer_items(u["coordinador"], t.id)] == [TITLE]


def test_baja_inventory_masks_a_confidential_title_for_the_gi(ctx):
    u = ctx["users"]
    exp = f.in_concentracion(ctx, titulo=TITLE)
    b = bajas.propose_baja(u["concentracion"], ctx["fondo"].id, {"expediente_ids": [exp.id]})
    _confidential(ctx, exp)  # classified after it was proposed (the guard stops it later)
    gi_items = bajas.baja_inventory(u["gi1"], b.id)["items"]
    assert [i["titulo"] for i in gi_items] == [CONFIDENTIAL_TITLE] and "acceso" not in gi_items[0]
    assert [i["titulo"] for i in bajas.baja_inventory(u["auditor"], b.id)["items"]] == [TITLE]
