"""The guard a baja's executor previews (guard_today) is the one execution applies."""

import pytest
from sqlalchemy import select

from archivo.disposals import execution, view_queries
from archivo.disposals import service as bajas
from archivo.disposals.guard import autorizacion
from archivo.disposals.models import BajaItem
from archivo.holds import service as holds
from archivo.records.storage import FileStore
from tests import factories as f
from tests.lifecycle.test_disposals import acta, to_dictamen


@pytest.fixture
def ctx(db):
    return f.fondo_lifecycle()


def test_autorizacion_reads_review_dictamen_and_signature(ctx):
    u = ctx["users"]
    exp = f.in_concentracion(ctx)
    b = bajas.propose_baja(u["concentracion"], ctx["fondo"].id, {"expediente_ids": [exp.id]})
    assert not any(vars(autorizacion(b)).values())
    bajas.submit_baja(u["concentracion"], b.id, {})
    assert vars(autorizacion(b)) == {"gi_aprobada": False, "dictamen": False,
                                     "inventario_firmado": True}
    b = to_dictamen(ctx, [f.in_concentracion(ctx).id])
    assert all(vars(autorizacion(b)).values())


def test_preview_names_missing_review_and_dictamen(ctx):
    u = ctx["users"]
    exp = f.in_concentracion(ctx)
    b = bajas.propose_baja(u["concentracion"], ctx["fondo"].id, {"expediente_ids": [exp.id]})
    bajas.submit_baja(u["concentracion"], b.id, {})
    [row] = view_queries.guard_today(u["auditor"], b)
    assert row["expediente_id"] == exp.id and row["clave"] == exp.clave
    assert len(row["motivos"]) == 2
    assert "Grupo Interdisciplinario" in row["motivos"][0] and "dictamen" in row["motivos"][1]


def test_execution_excludes_exactly_what_the_preview_showed(ctx, db, tmp_path):
    u = ctx["users"]
    held, free = f.in_concentracion(ctx), f.in_concentracion(ctx)
    b = to_dictamen(ctx, [held.id, free.id])
    assert view_queries.guard_today(u["auditor"], b) == []
    holds.place_hold(u["coordinador"], {"expediente_id": held.id, "motivo": "juicio",
                                        "referencia": "J-77/2025"})
    preview = view_queries.guard_today(u["auditor"], b)
    assert [r["expediente_id"] for r in preview] == [held.id]
    assert "J-77/2025" in preview[0]["motivos"][0]
    execution.execute_baja(u["concentracion2"], b.id, acta(), store=FileStore(tmp_path))
    items = {i.expediente_id: i
             for i in db.scalars(select(BajaItem).where(BajaItem.baja_id == b.id))}
    assert items[held.id].estado == "excluido" and items[free.id].estado == "ejecutado"
    assert items[held.id].motivo_exclusion == " ".join(preview[0]["motivos"])
