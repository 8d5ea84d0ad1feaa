"""Services of holds, loans and the calendario de caducidades."""

import datetime as dt

import pytest

from archivo.calendar.service import calendario
from archivo.disposals import service as bajas
from archivo.errors import DomainError, Forbidden, InvalidTransition
from archivo.holds import service as holds
from archivo.loans import service as loans
from tests import factories as f


@pytest.fixture
def ctx(db):
    return f.fondo_lifecycle()


def test_hold_on_serie_blocks_then_lift_with_reason(ctx, monkeypatch):
    u = ctx["users"]
    exp = f.in_concentracion(ctx)
    queued = []
    monkeypatch.setattr(holds, "enqueue", lambda uow, ids: queued.extend(ids))
    hold = holds.place_hold(u["concentracion"], {"serie_id": ctx["serie"].id,
                                                 "motivo": "recurso_revision",
                                                 "referencia": "RR-101/2025"})
    with pytest.raises(DomainError, match="Ya existe un congelamiento activo"):
        holds.place_hold(u["concentracion"], {"serie_id": ctx["serie"].id,
                                              "motivo": "juicio", "referencia": "RR-101/2025"})
    assert bajas.eligible_for_baja(u["concentracion"], ctx["fondo"].id) == []
    # Staff see holds in search results, so a serie hold re-indexes its expedientes.
    assert queued == [exp.id]
    with pytest.raises(DomainError, match="recurso de revisión RR-101/2025"):
        bajas.propose_baja(u["concentracion"], ctx["fondo"].id, {"expediente_ids": [exp.id]})
    with pytest.raises(Forbidden):
        holds.lift_hold(u["auditor"], hold.id, {"motivo": "x"})
    holds.lift_hold(u["coordinador"], hold.id, {"motivo": "Resolución firme"})
    with pytest.raises(InvalidTransition, match="ya fue levantado"):
        holds.lift_hold(u["coordinador"], hold.id, {"motivo": "otra vez"})
    assert [x.id for x in bajas.eligible_for_baja(u["concentracion"], ctx["fondo"].id)] == [exp.id]
    assert holds.list_holds(u["auditor"], fondo_id=ctx["fondo"].id) == []


def test_loan_lifecycle_overdue_and_blocks_baja(ctx):
    u = ctx["users"]
    exp = f.in_concentracion(ctx)
    loan = loans.request_loan(u["tramite"], {"expediente_id": exp.id,
                                             "unidad_id": ctx["unidad"].id,
                                             "fecha_vencimiento": str(f.today())})
    with pytest.raises(DomainError, match="ya tiene un préstamo activo"):
        loans.request_loan(u["coordinador"], {"expediente_id": exp.id,
                                              "unidad_id": ctx["unidad"].id,
                                              "fecha_vencimiento": str(f.today())})
    with pytest.raises(Forbidden, match="propia unidad"):
        loans.request_loan(u["tramite_otra"], {"expediente_id": exp.id,
                                               "unidad_id": ctx["unidad"].id,
                                               "fecha_vencimiento": str(f.today())})
    with pytest.raises(Forbidden, match="propia unidad"):  # naming its own unit changes nothing
        loans.request_loan(u["tramite_otra"], {"expediente_id": exp.id,
                                               "unidad_id": u["tramite_otra"].unidad_id,
                                               "fecha_vencimiento": str(f.today())})
    with pytest.raises(InvalidTransition, match="devolver"):
        loans.return_loan(u["concentracion"], loan.id, {})
    loans.deliver_loan(u["concentracion"], loan.id, {"recibido_por": "Lic. Ana"})
    with pytest.raises(DomainError, match="está en préstamo"):
        bajas.propose_baja(u["concentracion"], ctx["fondo"].id, {"expediente_ids": [exp.id]})
    tomorrow = f.today() + dt.timedelta(days=1)
    assert [x.id for x in loans.overdue_loans(u["auditor"], today=tomorrow)] == [loan.id]
    assert loans.overdue_loans(u["auditor"]) == []
    loans.return_loan(u["concentracion"], loan.id, {"observacion": "Completo"})
    assert loans.overdue_loans(u["auditor"], today=tomorrow) == []
    bajas.propose_baja(u["concentracion"], ctx["fondo"].id, {"expediente_ids": [exp.id]})
    tramite = f.closed_expediente(ctx)
    with pytest.raises(DomainError, match="no está en el archivo de concentración"):
        loans.request_loan(u["tramite"], {"expediente_id": tramite.id,
                                          "unidad_id": ctx["unidad"].id,
                                          "fecha_vencimiento": str(f.today())})


def test_loan_renewal_moves_the_due_date_forward_at_most_three_times(ctx):
    u = ctx["users"]
    exp = f.in_concentracion(ctx)
    loan = loans.request_loan(u["tramite"], {"expediente_id": exp.id,
                                             "unidad_id": ctx["unidad"].id,
                                             "fecha_vencimiento": str(f.today())})
    loans.deliver_loan(u["concentracion"], loan.id, {})
    with pytest.raises(DomainError, match="posterior a la actual") as err:
        loans.renew_loan(u["concentracion"], loan.id, {"fecha_vencimiento": str(f.today())})
    assert err.value.field == "fecha_vencimiento"
    with pytest.raises(Forbidden):
        loans.renew_loan(u["auditor"], loan.id,
                         {"fecha_vencimiento": str(f.today() + dt.timedelta(days=5))})
    for days in (5, 10, 15):
        loans.renew_loan(u["concentracion"], loan.id, {
            "fecha_vencimiento": str(f.today() + dt.timedelta(days=days)),
            "motivo": "Auditoría en curso"})
    assert loan.renovaciones == 3
    assert loan.fecha_vencimiento == f.today() + dt.timedelta(days=15)
    assert "[prórroga] Auditoría en curso" in loan.motivo
    assert loans.overdue_loans(u["auditor"], today=f.today() + dt.timedelta(days=14)) == []
    with pytest.raises(DomainError, match="ya se renovó 3 veces"):
        loans.renew_loan(u["concentracion"], loan.id,
                         {"fecha_vencimiento": str(f.today() + dt.timedelta(days=30))})
    loans.return_loan(u["concentracion"], loan.id, {})
    with pytest.raises(InvalidTransition, match="renovar"):
        loans.renew_loan(u["concentracion"], loan.id,
                         {"fecha_vencimiento": str(f.today() + dt.timedelta(days=40))})


def test_calendar_by_month_and_unit_with_blockers(ctx):
    u = ctx["users"]
    due_primary = f.closed_expediente(ctx, cierre="2023-03-10", fecha_apertura="2023-01-01")
    due_baja = f.in_concentracion(ctx, cierre="2018-05-20")
    due_secondary = f.in_concentracion(ctx, "conservacion", cierre="2018-07-01")
    holds.place_hold(u["coordinador"], {"expediente_id": due_baja.id, "motivo": "auditoria",
                                        "referencia": "ASF-9"})
    cal = calendario(u["auditor"], {"fondo_id": ctx["fondo"].id, "desde": "2025-01-01",
                                    "hasta": "2025-12-31"})
    rows = {r["expediente_id"]: r for r in cal["filas"]}
    assert rows[due_primary.id]["tipo"] == "transferencia_primaria"
    assert rows[due_primary.id]["mes"] == "2025-03"
    assert rows[due_baja.id]["tipo"] == "baja" and rows[due_baja.id]["mes"] == "2025-05"
    assert "ASF-9" in rows[due_baja.id]["bloqueos"][0]
    assert rows[due_secondary.id]["tipo"] == "transferencia_secundaria"
    assert {(r["mes"], r["unidad_id"]) for r in cal["resumen"]} == {
        ("2025-03", ctx["unidad"].id), ("2025-05", ctx["unidad"].id),
        ("2025-07", ctx["unidad"].id)}
    other = calendario(u["auditor"], {"fondo_id": ctx["fondo"].id, "desde": "2025-01-01",
                                      "hasta": "2025-12-31", "unidad_id": ctx["unidad2"].id})
    assert other["filas"] == []
