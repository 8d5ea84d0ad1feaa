"""Services of the baja documental: guard at proposal and execution, duties, tombstones."""

import io

import pytest
from sqlalchemy import func, select

from archivo.audit.service import verify_chain
from archivo.disposals import execution, history
from archivo.disposals import service as bajas
from archivo.disposals.models import BajaItem
from archivo.errors import DomainError, Forbidden, InvalidTransition, NotFound
from archivo.holds import service as holds
from archivo.records import documentos
from archivo.records.enums import Etapa
from archivo.records.models import Documento, Expediente
from archivo.records.storage import FileStore
from tests import factories as f

ACTA = {"fecha": None, "lugar": "Tepic, Nayarit", "metodo": "Trituración",
        "destino_papel": "Reciclaje (donación a CONALITEG)", "metros_lineales": 1.5,
        "peso_kg": 42.5, "testigos": [{"nombre": "Ana Ruiz", "cargo": "Contraloría"},
                                       {"nombre": "Luis Soto", "cargo": "Jurídico"}]}


@pytest.fixture
def ctx(db):
    return f.fondo_lifecycle()


def acta(**over):
    return {**ACTA, "fecha": str(f.today()), **over}


def to_dictamen(ctx, ids):
    return f.baja_dictaminada(ctx, ids)


def test_full_baja_destroys_bytes_and_leaves_tombstone(ctx, db, tmp_path):
    u = ctx["users"]
    store = FileStore(tmp_path)
    exp = f.expediente(ctx, serie_id=ctx["series"]["baja"].id, fecha_apertura="2008-01-02")
    doc = documentos.add_documento(ctx["actor"], exp.id, "oficio.txt", io.BytesIO(b"hola"),
                                   store=store, max_bytes=1000)
    keep = f.expediente(ctx, serie_id=ctx["series"]["conservacion"].id)
    keep_id = keep.id
    documentos.add_documento(ctx["actor"], keep.id, "igual.txt", io.BytesIO(b"copia viva"),
                             store=store, max_bytes=1000)
    documentos.add_documento(ctx["actor"], exp.id, "copia.txt", io.BytesIO(b"copia viva"),
                             store=store, max_bytes=1000)
    from archivo.records import service as records
    records.close_expediente(ctx["actor"], exp.id, {"fecha_cierre": "2010-01-01", "fojas": 3})
    db.execute(Expediente.__table__.update().where(Expediente.id == exp.id).values(
        etapa="concentracion", ubicacion_caja="C-3"))
    db.commit()
    b = to_dictamen(ctx, [exp.id])
    with pytest.raises(Forbidden, match="Separación de funciones"):
        execution.execute_baja(u["concentracion"], b.id, acta(), store=store)
    with pytest.raises(Forbidden, match="Separación de funciones"):
        execution.execute_baja(u["coordinador"], b.id, acta(), store=store)
    done = execution.execute_baja(u["concentracion2"], b.id, acta(), store=store)
    assert done.estado == "ejecutada" and done.acta_folio.endswith(f"-{f.today():%y}")
    assert (done.volumen_expedientes, done.volumen_cajas, done.documentos_destruidos) == (1, 1, 2)
    db.expire_all()
    assert db.get(Expediente, exp.id).etapa == Etapa.BAJA
    assert not store.exists(doc.sha256)  # bytes gone
    shared = db.scalar(select(Documento.sha256).where(Documento.nombre == "igual.txt"))
    assert store.exists(shared)  # still used by a live expediente
    stone = execution.tombstone(exp.id)
    assert stone["dictamen"]["numero"] == "DB/045/2025"
    assert stone["acta"]["folio"] == done.acta_folio
    assert {d["nombre"] for d in stone["documentos_destruidos"]} == {"oficio.txt", "copia.txt"}
    assert db.get(Documento, doc.id).texto is None
    hist = history.disposal_history(u["auditor"], "expediente", exp.id)
    actions = [e["action"] for e in hist["eventos"]]
    for a in ("expediente.abrir", "expediente.cerrar", "baja.proponer", "baja.enviar_gi",
              "baja.votar", "baja.decision_gi", "baja.dictamen", "baja.ejecutar"):
        assert a in actions
    assert hist["verificacion"]["ok"]
    with pytest.raises(NotFound):
        execution.tombstone(keep_id)


def test_separation_of_duties_and_roles(ctx):
    u = ctx["users"]
    exp = f.in_concentracion(ctx)
    with pytest.raises(Forbidden):
        bajas.propose_baja(u["auditor"], ctx["fondo"].id, {"expediente_ids": [exp.id]})
    b = bajas.propose_baja(u["coordinador"], ctx["fondo"].id, {"expediente_ids": [exp.id]})
    with pytest.raises(InvalidTransition, match="borrador"):
        bajas.vote_baja(u["gi1"], b.id, {"voto": "a_favor"})
    bajas.submit_baja(u["coordinador"], b.id, {})
    with pytest.raises(Forbidden, match="Separación de funciones"):
        bajas.decide_baja(u["coordinador"], b.id, {"decision": "aprobada", "acta_gi": "GI/1",
                                                   "fecha_sesion": str(f.today())})
    bajas.vote_baja(u["gi1"], b.id, {"voto": "en_contra"})
    with pytest.raises(DomainError, match="ya votó"):
        bajas.vote_baja(u["gi1"], b.id, {"voto": "a_favor"})
    bajas.vote_baja(u["gi2"], b.id, {"voto": "a_favor"})
    with pytest.raises(DomainError, match="no corresponde a los votos"):
        bajas.decide_baja(u["gi2"], b.id, {"decision": "aprobada", "acta_gi": "GI/1",
                                           "fecha_sesion": str(f.today())})
    bajas.decide_baja(u["gi2"], b.id, {"decision": "rechazada", "acta_gi": "GI/1",
                                       "fecha_sesion": str(f.today())})
    with pytest.raises(InvalidTransition, match="rechazada"):
        bajas.record_dictamen(u["coordinador2"], b.id, {"numero": "X", "fecha": str(f.today())})


def test_guard_when_adding_names_rule_and_expediente(ctx):
    u = ctx["users"]
    ddhh = f.in_concentracion(ctx, violaciones_ddhh=True)
    with pytest.raises(DomainError, match=f"{ddhh.clave}.*derechos humanos") as err:
        bajas.propose_baja(u["concentracion"], ctx["fondo"].id, {"expediente_ids": [ddhh.id]})
    assert err.value.params["bloqueados"][0]["reglas"] == [5]
    keep = f.in_concentracion(ctx, "conservacion")
    with pytest.raises(DomainError, match="conservación"):
        bajas.propose_baja(u["concentracion"], ctx["fondo"].id, {"expediente_ids": [keep.id]})
    tramite = f.closed_expediente(ctx, cierre="2010-01-01", fecha_apertura="2009-01-01")
    with pytest.raises(DomainError, match="concentración"):
        bajas.propose_baja(u["concentracion"], ctx["fondo"].id, {"expediente_ids": [tramite.id]})
    ok = f.in_concentracion(ctx)
    b = bajas.propose_baja(u["concentracion"], ctx["fondo"].id, {"todos_elegibles": True})
    assert bajas.count_items(bajas.get_session(), b.id) == 1
    inv = bajas.baja_inventory(u["auditor"], b.id)
    assert inv["series"][0]["codigo"] == "4C.3" and inv["items"][0]["clave"] == ok.clave


def test_hold_after_dictamen_excludes_with_reason_never_destroys(ctx, db, tmp_path):
    u = ctx["users"]
    a, b_exp = f.in_concentracion(ctx), f.in_concentracion(ctx)
    b = to_dictamen(ctx, [a.id, b_exp.id])
    hold = holds.place_hold(u["coordinador"], {"expediente_id": a.id, "motivo":
                                               "solicitud_acceso", "referencia": "SAI-88/2025"})
    assert [h.id for h in holds.holds_on_expediente(u["auditor"], a.id)] == [hold.id]
    done = execution.execute_baja(u["concentracion2"], b.id, acta(), store=FileStore(tmp_path))
    assert done.volumen_expedientes == 1
    db.expire_all()
    assert db.get(Expediente, a.id).etapa == Etapa.CONCENTRACION
    assert db.get(Expediente, b_exp.id).etapa == Etapa.BAJA
    item = db.scalar(select(BajaItem).where(BajaItem.expediente_id == a.id))
    assert item.estado == "excluido" and "SAI-88/2025" in item.motivo_exclusion
    with pytest.raises(InvalidTransition, match="ya fue dado de baja"):
        holds.place_hold(u["coordinador"], {"expediente_id": b_exp.id, "motivo": "juicio",
                                            "referencia": "J-1"})


def test_all_excluded_refuses_and_nothing_changes(ctx, db, tmp_path):
    u = ctx["users"]
    a = f.in_concentracion(ctx)
    b = to_dictamen(ctx, [a.id])
    holds.place_hold(u["coordinador"], {"serie_id": ctx["series"]["baja"].id,
                                        "motivo": "auditoria", "referencia": "OIC-3"})
    with pytest.raises(DomainError, match="Ningún expediente.*OIC-3"):
        execution.execute_baja(u["concentracion2"], b.id, acta(), store=FileStore(tmp_path))
    assert db.scalar(select(func.count()).select_from(Expediente).where(
        Expediente.etapa == Etapa.BAJA)) == 0


def test_auditor_reads_everything_changes_nothing(ctx):
    u = ctx["users"]
    exp = f.in_concentracion(ctx)
    b = to_dictamen(ctx, [exp.id])
    assert bajas.get_baja(u["auditor"], b.id).estado == "dictaminada"
    hist = history.disposal_history(u["auditor"], "baja", b.id)
    assert [e["action"] for e in hist["eventos"]][0] == "baja.proponer"
    assert history.disposal_history(u["auditor"], "serie", exp.serie_id)["eventos"]
    for call in (lambda: bajas.cancel_baja(u["auditor"], b.id, {}),
                 lambda: holds.place_hold(u["auditor"], {"expediente_id": exp.id,
                                                         "motivo": "juicio", "referencia": "x"}),
                 lambda: execution.execute_baja(u["auditor"], b.id, acta(), store=None)):
        with pytest.raises(Forbidden):
            call()
    with pytest.raises(Forbidden):
        history.disposal_history(u["tramite"], "baja", b.id)
    assert verify_chain().ok


def test_remove_and_cancel_baja_frees_expedientes(ctx):
    u = ctx["users"]
    a, b = f.in_concentracion(ctx), f.in_concentracion(ctx)
    first = bajas.propose_baja(u["concentracion"], ctx["fondo"].id,
                               {"expediente_ids": [a.id, b.id]})
    bajas.remove_baja_items(u["concentracion"], first.id, {"expediente_ids": [b.id]})
    with pytest.raises(DomainError, match="ya está en el procedimiento"):
        bajas.propose_baja(u["concentracion"], ctx["fondo"].id, {"expediente_ids": [a.id]})
    bajas.submit_baja(u["concentracion"], first.id, {})
    with pytest.raises(InvalidTransition, match="en_revision"):
        bajas.add_baja_items(u["concentracion"], first.id, {"expediente_ids": [b.id]})
    bajas.cancel_baja(u["concentracion"], first.id, {})
    second = bajas.propose_baja(u["concentracion"], ctx["fondo"].id,
                                {"expediente_ids": [a.id, b.id]})
    assert bajas.count_items(bajas.get_session(), second.id) == 2
    assert [x.id for x in bajas.list_bajas(u["auditor"], fondo_id=ctx["fondo"].id)] == [
        second.id, first.id]


def test_separation_of_duties_follows_who_chose_and_signed(ctx):
    """Another proposer can neither fill somebody's draft nor sign its inventario, and a
    GI approval needs at least two members' votes: one person cannot choose and approve."""
    u = ctx["users"]
    exp = f.in_concentracion(ctx)
    b = bajas.propose_baja(u["coordinador"], ctx["fondo"].id, {"expediente_ids": []})
    with pytest.raises(Forbidden, match="Solo quien elaboró la baja"):
        bajas.add_baja_items(u["concentracion"], b.id, {"expediente_ids": [exp.id]})
    with pytest.raises(Forbidden, match="Solo quien elaboró la baja"):
        bajas.submit_baja(u["concentracion"], b.id, {})
    bajas.add_baja_items(u["coordinador"], b.id, {"expediente_ids": [exp.id]})
    bajas.submit_baja(u["coordinador"], b.id, {})
    bajas.vote_baja(u["gi1"], b.id, {"voto": "a_favor"})
    # One member cannot approve alone, whoever records it (that member included).
    for who in ("coordinador2", "gi1"):
        with pytest.raises(DomainError, match="al menos 2 integrantes .*1 hasta ahora"):
            bajas.decide_baja(u[who], b.id, {"decision": "aprobada", "acta_gi": "GI/2",
                                             "fecha_sesion": str(f.today())})
    bajas.vote_baja(u["gi2"], b.id, {"voto": "a_favor"})
    bajas.decide_baja(u["coordinador2"], b.id, {"decision": "aprobada", "acta_gi": "GI/2",
                                                "fecha_sesion": str(f.today())})
    with pytest.raises(Forbidden, match="registró la decisión del GI"):
        bajas.record_dictamen(u["coordinador2"], b.id, {"numero": "D-2",
                                                        "fecha": str(f.today())})
