"""Services of primary and secondary transfers: flows, every rule and error, atomicity."""

import pytest
from sqlalchemy import select

from archivo.audit.models import AuditEvent
from archivo.catalog.enums import Acceso
from archivo.errors import DomainError, Forbidden, InvalidTransition
from archivo.holds import service as holds
from archivo.loans import service as loans
from archivo.records import service as records
from archivo.records.enums import Etapa
from archivo.records.models import Expediente
from archivo.transfers import receipt
from archivo.transfers import service as transfers
from tests import factories as f


@pytest.fixture
def ctx(db):
    return f.fondo_lifecycle()


def _primary(ctx, ids, user="tramite"):
    return transfers.create_transfer(ctx["users"][user], ctx["fondo"].id, {
        "tipo": "primaria", "unidad_id": ctx["unidad"].id, "expediente_ids": ids})


def test_primary_flow_moves_accepted_and_keeps_returned(ctx, db):
    u = ctx["users"]
    a, b = f.closed_expediente(ctx), f.closed_expediente(ctx)
    f.expediente(ctx)  # open: never proposed
    eligible = {x.id for x in transfers.eligible_primary(u["tramite"], ctx["unidad"].id)}
    assert eligible == {a.id, b.id}
    t = transfers.create_transfer(u["tramite"], ctx["fondo"].id, {
        "tipo": "primaria", "unidad_id": ctx["unidad"].id, "todos_elegibles": True})
    assert t.numero.startswith("TP-") and len(transfers.transfer_items(u["auditor"], t.id)) == 2
    transfers.authorize_transfer(u["tramite2"], t.id, {"comentario": "Vo.Bo."})
    receipt.receive_items(u["concentracion"], t.id, {"items": [
        {"expediente_id": a.id, "aceptado": True, "caja": "C-7", "estante": "E-2"},
        {"expediente_id": b.id, "aceptado": False, "observacion": "Faltan fojas 3 a 9"}]})
    done = receipt.complete_transfer(u["concentracion"], t.id, {})
    assert done.estado == "recibida"
    db.expire_all()
    a, b = db.get(Expediente, a.id), db.get(Expediente, b.id)
    assert (a.etapa, a.ubicacion_caja, a.ubicacion_estante) == (Etapa.CONCENTRACION, "C-7", "E-2")
    assert a.archivo.tipo == "concentracion"
    assert b.etapa == Etapa.TRAMITE
    actions = [e.action for e in db.scalars(select(AuditEvent).where(
        AuditEvent.subject_type == "transferencia", AuditEvent.subject_id == str(t.id))
        .order_by(AuditEvent.seq))]
    assert actions == ["transferencia.crear", "transferencia.autorizar",
                       "transferencia.cotejar", "transferencia.recibir"]


def test_primary_roles_units_and_separation(ctx):
    u = ctx["users"]
    exp = f.closed_expediente(ctx)
    with pytest.raises(Forbidden, match="propia unidad"):
        _primary(ctx, [exp.id], user="tramite_otra")
    with pytest.raises(Forbidden):
        _primary(ctx, [exp.id], user="auditor")
    t = _primary(ctx, [exp.id])
    with pytest.raises(Forbidden, match="Separación de funciones"):
        transfers.authorize_transfer(u["tramite"], t.id, {})
    with pytest.raises(Forbidden):
        transfers.authorize_transfer(u["concentracion"], t.id, {})
    with pytest.raises(InvalidTransition, match="borrador"):
        receipt.complete_transfer(u["concentracion"], t.id, {})
    transfers.authorize_transfer(u["coordinador"], t.id, {})
    with pytest.raises(InvalidTransition, match=t.numero):
        transfers.authorize_transfer(u["tramite2"], t.id, {})
    with pytest.raises(DomainError, match="sin cotejar"):
        receipt.complete_transfer(u["concentracion"], t.id, {})


def test_primary_rejects_ineligible_naming_the_expediente(ctx):
    open_exp = f.expediente(ctx)
    with pytest.raises(DomainError, match=f"{open_exp.clave}.*no está cerrado"):
        _primary(ctx, [open_exp.id])
    recent = f.closed_expediente(ctx, cierre=str(f.today()))
    with pytest.raises(DomainError, match="plazo en trámite") as err:
        _primary(ctx, [recent.id])
    assert err.value.params["bloqueados"][0]["clave"] == recent.clave
    exp = f.closed_expediente(ctx)
    _primary(ctx, [exp.id])
    with pytest.raises(DomainError, match="ya está en el procedimiento"):
        _primary(ctx, [exp.id])


def test_complete_failure_leaves_nothing_half_moved(ctx, db, monkeypatch):
    u = ctx["users"]
    ids = [f.closed_expediente(ctx).id for _ in range(3)]
    t = _primary(ctx, ids)
    # 500 more, cheaply: clone rows through the ORM in one flush.
    src = db.get(Expediente, ids[0])
    clones = [Expediente(fondo_id=src.fondo_id, serie_id=src.serie_id, unidad_id=src.unidad_id,
                         clave=f"X/{n}", consecutivo=1000 + n, anio=2015, titulo="Clon",
                         fecha_apertura=src.fecha_apertura, fecha_cierre=src.fecha_cierre,
                         closed_at=src.closed_at, regla_id=src.regla_id,
                         vence_transferencia_primaria=src.vence_transferencia_primaria,
                         vence_destino_final=src.vence_destino_final) for n in range(497)]
    db.add_all(clones)
    db.flush()
    transfers.add_transfer_items(u["tramite"], t.id, {"expediente_ids": [c.id for c in clones]})
    transfers.authorize_transfer(u["tramite2"], t.id, {})
    receipt.receive_items(u["concentracion"], t.id, {"aceptar_pendientes": {"caja": "C-1"}})

    def boom(*_a, **_k):
        raise RuntimeError("disco lleno")

    monkeypatch.setattr(receipt, "enqueue", boom)  # fails after the bulk UPDATE ran
    with pytest.raises(RuntimeError):
        receipt.complete_transfer(u["concentracion"], t.id, {})
    db.expire_all()
    etapas = set(db.scalars(select(Expediente.etapa).where(
        Expediente.id.in_(ids + [c.id for c in clones]))))
    assert etapas == {Etapa.TRAMITE}
    assert transfers.load_transfer(t.id).estado == "autorizada"


def _secondary(ctx, ids, muestreo=(), criterio=None):
    return transfers.create_transfer(ctx["users"]["concentracion"], ctx["fondo"].id, {
        "tipo": "secundaria", "expediente_ids": ids, "muestreo_ids": list(muestreo),
        "criterio_muestreo": criterio})


def test_secondary_flow_public_access_sensitive_data_and_notice(ctx, db):
    u = ctx["users"]
    plain = f.in_concentracion(ctx, "conservacion")
    sensitive = f.in_concentracion(ctx, "conservacion", datos_personales_sensibles=True)
    sample = f.in_concentracion(ctx, "muestreo")
    with pytest.raises(DomainError, match="criterio de muestreo"):
        _secondary(ctx, [sample.id], muestreo=[sample.id])
    t = _secondary(ctx, [plain.id, sensitive.id, sample.id], muestreo=[sample.id],
                   criterio="Uno de cada diez, al azar")
    with pytest.raises(Forbidden):
        transfers.authorize_transfer(u["tramite2"], t.id, {})
    transfers.authorize_transfer(u["coordinador"], t.id, {})
    receipt.receive_items(u["historico"], t.id, {"aceptar_pendientes": {"caja": "H-1"}})
    receipt.complete_transfer(u["historico"], t.id, {})
    db.expire_all()
    plain, sensitive = db.get(Expediente, plain.id), db.get(Expediente, sensitive.id)
    assert plain.etapa == Etapa.HISTORICO and plain.acceso == Acceso.PUBLICA
    assert sensitive.acceso == Acceso.CONFIDENCIAL
    assert "2078-03-02" in sensitive.confidencial_fundamento
    pending = receipt.pending_notices(u["auditor"], ctx["fondo"].id)
    assert pending[0]["dias_restantes"] == 45 and not pending[0]["vencido"]
    receipt.record_notice(u["historico"], t.id, {"fecha": str(f.today()),
                                                  "referencia": "Oficio AGN/12/2025"})
    assert receipt.pending_notices(u["auditor"], ctx["fondo"].id) == []


def test_secondary_blocked_by_reserve_confidential_hold_and_destino(ctx):
    u = ctx["users"]
    exp = f.in_concentracion(ctx, "conservacion")
    records.classify_expediente(ctx["actor"], exp.id, {
        "acceso": "confidencial", "confidencial_fundamento": "Art. 116 LGTAIP",
        "motivo": "datos"})
    with pytest.raises(DomainError, match=f"{exp.clave} es confidencial"):
        _secondary(ctx, [exp.id])
    held = f.in_concentracion(ctx, "conservacion")
    holds.place_hold(u["coordinador"], {"serie_id": ctx["series"]["conservacion"].id,
                                        "motivo": "auditoria", "referencia": "ASF-2025-7"})
    with pytest.raises(DomainError, match="congelado por auditoría ASF-2025-7"):
        _secondary(ctx, [held.id])
    baja = f.in_concentracion(ctx)
    with pytest.raises(DomainError, match="destino final .* es la baja"):
        _secondary(ctx, [baja.id])


def test_hold_placed_after_authorisation_blocks_completion(ctx):
    u = ctx["users"]
    exp = f.in_concentracion(ctx, "conservacion")
    t = _secondary(ctx, [exp.id])
    transfers.authorize_transfer(u["coordinador"], t.id, {})
    receipt.receive_items(u["historico"], t.id, {"aceptar_pendientes": {"caja": "H-1"}})
    holds.place_hold(u["coordinador"], {"expediente_id": exp.id, "motivo": "juicio",
                                        "referencia": "Amparo 45/2025"})
    with pytest.raises(DomainError, match=f"recibir el expediente {exp.clave}.*Amparo"):
        receipt.complete_transfer(u["historico"], t.id, {})


def test_on_loan_cannot_be_transferred(ctx):
    u = ctx["users"]
    exp = f.in_concentracion(ctx, "conservacion")
    loan = loans.request_loan(u["tramite"], {"expediente_id": exp.id,
                                             "unidad_id": ctx["unidad"].id,
                                             "fecha_vencimiento": str(f.today())})
    loans.deliver_loan(u["concentracion"], loan.id, {"recibido_por": "Lic. Pérez"})
    with pytest.raises(DomainError, match="está en préstamo"):
        _secondary(ctx, [exp.id])


def test_remove_cancel_and_reuse_in_a_new_procedure(ctx):
    u = ctx["users"]
    a, b = f.closed_expediente(ctx), f.closed_expediente(ctx)
    t = _primary(ctx, [a.id, b.id])
    transfers.remove_transfer_items(u["tramite"], t.id, {"expediente_ids": [b.id]})
    assert [i["expediente_id"] for i in transfers.transfer_items(u["auditor"], t.id)] == [a.id]
    transfers.authorize_transfer(u["tramite2"], t.id, {})
    with pytest.raises(InvalidTransition, match="editar"):
        transfers.add_transfer_items(u["tramite"], t.id, {"expediente_ids": [b.id]})
    transfers.cancel_transfer(u["tramite"], t.id, {"comentario": "Error de captura"})
    with pytest.raises(InvalidTransition, match="cancelada"):
        receipt.complete_transfer(u["concentracion"], t.id, {})
    again = _primary(ctx, [a.id, b.id])  # free again once the first was cancelled
    assert again.numero != t.numero
    items, total, _ = transfers.list_transfers(u["auditor"], {"estado": "cancelada"})
    assert total >= 1 and t.id in [x.id for x in items]


def test_only_the_drafter_fills_a_draft_so_the_authoriser_never_chose_it(ctx):
    u = ctx["users"]
    exp = f.closed_expediente(ctx)
    t = _primary(ctx, [])
    with pytest.raises(Forbidden, match="Solo quien elaboró la transferencia"):
        transfers.add_transfer_items(u["tramite2"], t.id, {"expediente_ids": [exp.id]})
    transfers.add_transfer_items(u["tramite"], t.id, {"expediente_ids": [exp.id]})
    transfers.authorize_transfer(u["tramite2"], t.id, {})


def test_authorising_a_draft_changed_since_it_was_read_is_a_conflict(ctx):
    from archivo.errors import Conflict

    u = ctx["users"]
    a, b = f.closed_expediente(ctx), f.closed_expediente(ctx)
    t = _primary(ctx, [a.id])
    seen = t.version_id  # what the authoriser's page showed
    transfers.add_transfer_items(u["tramite"], t.id, {"expediente_ids": [b.id]})
    with pytest.raises(Conflict):
        transfers.authorize_transfer(u["tramite2"], t.id, {}, expected_version=seen)
    fresh = transfers.get_transfer(u["tramite2"], t.id).version_id
    assert fresh > seen
    transfers.authorize_transfer(u["tramite2"], t.id, {}, expected_version=fresh)


def test_a_cotejo_by_a_colleague_makes_an_older_reception_stale(ctx):
    from archivo.errors import Conflict

    u = ctx["users"]
    a = f.closed_expediente(ctx)
    t = _primary(ctx, [a.id])
    transfers.authorize_transfer(u["tramite2"], t.id, {})
    seen = transfers.get_transfer(u["concentracion"], t.id).version_id
    receipt.receive_items(u["concentracion"], t.id, {"items": [
        {"expediente_id": a.id, "aceptado": False, "observacion": "Faltan fojas"}]})
    with pytest.raises(Conflict):
        receipt.complete_transfer(u["concentracion"], t.id, {}, expected_version=seen)


def test_an_absurdly_long_key_is_simply_not_found(ctx, monkeypatch):
    from archivo.transfers import view_helpers

    # Longer than any key: refused before parsing (its regex would backtrack for minutes).
    for name in ("parse_key", "key_in_format"):
        monkeypatch.setattr(view_helpers, name, lambda *a: pytest.fail("parsed"))
    for typed in ("1/" * 3000 + "x", "A/B/C/1/" + "9" * 5000):
        with pytest.raises(DomainError, match="No existe un expediente"):
            view_helpers.expediente_by_clave(ctx["users"]["tramite"], ctx["fondo"].id, typed)
