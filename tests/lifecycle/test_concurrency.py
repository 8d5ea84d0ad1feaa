"""Races with real commits on a separate database: double approval, execute vs. hold."""

import os
import threading

import pytest
from sqlalchemy import select, text

from archivo.audit.models import AuditHead
from archivo.audit.service import GENESIS, verify_chain
from archivo.db import Base, Session_, get_session, make_engine, session_factory
from archivo.disposals import execution
from archivo.disposals.models import BajaItem
from archivo.errors import DomainError
from archivo.holds import service as holds
from archivo.records.enums import Etapa
from archivo.records.models import Expediente
from archivo.records.storage import FileStore
from archivo.transfers import service as transfers
from tests import factories as f


@pytest.fixture
def real_db(app, engine, tmp_path):
    """A database where each use case really commits (threads cannot share a savepoint)."""
    import archivo.models  # noqa: F401

    url = os.environ.get("ARCHIVO_TEST_DATABASE_URL")
    if url and url.startswith("postgresql"):  # dialect adapter: a private schema
        own = make_engine(url, connect_args={"options": "-csearch_path=lc_threads"})
        with own.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS lc_threads CASCADE"))
            conn.execute(text("CREATE SCHEMA lc_threads"))
    else:
        own = make_engine(f"sqlite:///{tmp_path / 'threads.sqlite3'}")
    Base.metadata.create_all(own)
    with own.begin() as conn:
        conn.execute(AuditHead.__table__.insert().values(id=1, seq=0, hash=GENESIS))
    session_factory.configure(bind=own, join_transaction_mode="conditional_savepoint")
    ctx = app.app_context()
    ctx.push()
    try:
        yield own
    finally:
        Session_.remove()
        ctx.pop()
        session_factory.configure(bind=engine, join_transaction_mode="conditional_savepoint")
        own.dispose()


def race(*calls):
    """Run the calls at once in threads; returns each one's result or exception."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        except Exception as err:  # noqa: BLE001 - the outcome is what we assert on
            results[i] = err
        finally:
            Session_.remove()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def test_double_approval_only_one_wins(real_db):
    ctx = f.fondo_lifecycle()
    u = ctx["users"]
    ids = [f.closed_expediente(ctx).id for _ in range(3)]
    t = transfers.create_transfer(u["tramite"], ctx["fondo"].id, {
        "tipo": "primaria", "unidad_id": ctx["unidad"].id, "expediente_ids": ids})
    tid, a1, a2 = t.id, u["tramite2"].id, u["coordinador"].id
    Session_.remove()

    def approve(uid):
        actor = get_session().get(type(u["tramite"]), uid)
        return transfers.authorize_transfer(actor, tid, {}).autorizada_by_id

    results = race(lambda: approve(a1), lambda: approve(a2))
    wins = [r for r in results if isinstance(r, int)]
    losses = [r for r in results if isinstance(r, Exception)]
    assert len(wins) == 1 and len(losses) == 1, results
    assert isinstance(losses[0], DomainError)  # InvalidTransition or Conflict: a 409
    assert transfers.load_transfer(tid).autorizada_by_id == wins[0]
    assert verify_chain().ok


def test_execute_while_someone_adds_a_hold(real_db, tmp_path):
    ctx = f.fondo_lifecycle()
    u = ctx["users"]
    ids = [f.in_concentracion(ctx).id for _ in range(20)]
    get_session().commit()
    b = f.baja_dictaminada(ctx, ids)
    bid, exec_id, coord_id, target = b.id, u["concentracion2"].id, u["coordinador"].id, ids[7]
    User = type(u["tramite"])  # noqa: N806
    Session_.remove()

    def execute():
        actor = get_session().get(User, exec_id)
        return execution.execute_baja(actor, bid, {
            "fecha": str(f.today()), "lugar": "Tepic", "metodo": "Trituración",
            "destino_papel": "Reciclaje", "metros_lineales": 1, "peso_kg": 10,
            "testigos": [{"nombre": "A", "cargo": "B"}, {"nombre": "C", "cargo": "D"}]},
            store=FileStore(tmp_path)).estado

    def hold():
        actor = get_session().get(User, coord_id)
        return holds.place_hold(actor, {"expediente_id": target, "motivo": "juicio",
                                        "referencia": "Amparo 9/2025"}).id

    executed, held = race(execute, hold)
    assert executed == "ejecutada", executed
    session = get_session()
    etapa = session.scalar(select(Expediente.etapa).where(Expediente.id == target))
    item = session.scalar(select(BajaItem).where(BajaItem.expediente_id == target))
    if isinstance(held, int):  # the hold committed first: excluded, never destroyed
        assert etapa == Etapa.CONCENTRACION and item.estado == "excluido"
        assert "Amparo 9/2025" in item.motivo_exclusion
    else:  # the baja committed first: the hold is refused on a tombstone
        assert isinstance(held, DomainError) and "dado de baja" in str(held)
        assert etapa == Etapa.BAJA
    assert verify_chain().ok
