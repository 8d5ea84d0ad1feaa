"""Benchmark: propose+execute a baja of 10,000 expedientes and a primary transfer of 10,000.

Run: .venv/bin/python bench/lifecycle_bench.py [N] [RUNS]  (fresh SQLite file per run;
set ARCHIVO_BENCH_DATABASE_URL for PostgreSQL). Prints each step and the median of RUNS.
"""

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import archivo.models  # noqa: E402, F401
from archivo.audit.models import AuditHead  # noqa: E402
from archivo.audit.service import GENESIS  # noqa: E402
from archivo.auth.service import use_fast_hasher  # noqa: E402
from archivo.db import Base, Session_, make_engine, session_factory  # noqa: E402
from archivo.disposals import execution  # noqa: E402
from archivo.disposals import service as bajas  # noqa: E402
from archivo.records.enums import Etapa  # noqa: E402
from archivo.records.models import Expediente  # noqa: E402
from archivo.records.storage import FileStore  # noqa: E402
from archivo.transfers import receipt  # noqa: E402
from archivo.transfers import service as transfers  # noqa: E402
from archivo.transfers.models import TransferenciaItem  # noqa: E402

TODAY = dt.date.today()


def setup(url: str, n: int):
    """Fresh schema, a catalogue through the services and 2*n expedientes in bulk."""
    from tests import factories as f

    engine = make_engine(url)
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(AuditHead.__table__.insert().values(id=1, seq=0, hash=GENESIS))
    session_factory.configure(bind=engine)
    ctx = f.fondo_lifecycle()
    session = Session_()
    regla_id = session.scalar(select(Expediente.regla_id).where(
        Expediente.id == f.closed_expediente(ctx).id))
    rows = []
    for i in range(2 * n):
        tramite = i < n
        rows.append({
            "fondo_id": ctx["fondo"].id, "serie_id": ctx["serie"].id,
            "unidad_id": ctx["unidad"].id, "clave": f"B/{i}", "consecutivo": i + 10,
            "anio": 2008, "titulo": f"Expediente {i}", "fecha_apertura": dt.date(2008, 1, 2),
            "fecha_cierre": dt.date(2010, 6, 30), "closed_at": dt.datetime(2010, 6, 30),
            "fojas": 10, "regla_id": regla_id,
            "etapa": Etapa.TRAMITE if tramite else Etapa.CONCENTRACION,
            "ubicacion_caja": None if tramite else f"C-{i // 40}",
            "vence_transferencia_primaria": dt.date(2012, 6, 30),
            "vence_destino_final": dt.date(2017, 6, 30)})
    for start in range(0, len(rows), 5000):
        session.execute(insert(Expediente), rows[start:start + 5000])
    session.commit()
    return engine, ctx


def timed(label: str, fn, times: dict):
    start = time.perf_counter()
    result = fn()
    times[label] = time.perf_counter() - start
    return result


def run_once(url: str, n: int, store_dir: str) -> dict:
    engine, ctx = setup(url, n)
    u, fondo_id, times = ctx["users"], ctx["fondo"].id, {}
    # Baja documental of n expedientes.
    b = timed("baja.proponer", lambda: bajas.propose_baja(
        u["concentracion"], fondo_id, {"todos_elegibles": True}), times)
    assert bajas.count_items(Session_(), b.id) == n
    bajas.submit_baja(u["concentracion"], b.id, {})
    bajas.vote_baja(u["gi1"], b.id, {"voto": "a_favor"})
    bajas.vote_baja(u["gi2"], b.id, {"voto": "a_favor"})
    bajas.decide_baja(u["gi1"], b.id, {"decision": "aprobada", "acta_gi": "GI/1",
                                       "fecha_sesion": str(TODAY)})
    bajas.record_dictamen(u["coordinador"], b.id, {"numero": "D-1", "fecha": str(TODAY)})
    done = timed("baja.ejecutar", lambda: execution.execute_baja(
        u["concentracion2"], b.id, {
            "fecha": str(TODAY), "lugar": "Tepic", "metodo": "Trituración",
            "destino_papel": "Reciclaje", "metros_lineales": 30, "peso_kg": 900,
            "testigos": [{"nombre": "A", "cargo": "B"}, {"nombre": "C", "cargo": "D"}]},
        store=FileStore(store_dir)), times)
    assert done.volumen_expedientes == n
    times["baja total"] = times["baja.proponer"] + times["baja.ejecutar"]
    # Primary transfer of n expedientes, cotejo expediente by expediente.
    unidad = ctx["unidad"].id

    def primary():
        t = transfers.create_transfer(u["tramite"], fondo_id, {
            "tipo": "primaria", "unidad_id": unidad, "todos_elegibles": True})
        transfers.authorize_transfer(u["tramite2"], t.id, {})
        ids = Session_().scalars(select(TransferenciaItem.expediente_id).where(
            TransferenciaItem.transferencia_id == t.id)).all()
        receipt.receive_items(u["concentracion"], t.id, {"items": [
            {"expediente_id": i, "aceptado": True, "caja": f"AC-{i // 40}", "estante": "E-1"}
            for i in ids]})
        return receipt.complete_transfer(u["concentracion"], t.id, {})

    t = timed("transferencia primaria total", primary, times)
    assert t.estado == "recibida"
    Session_.remove()
    engine.dispose()
    return times


def main() -> None:
    """Run the benchmark RUNS times and print the medians."""
    use_fast_hasher()
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    results = []
    for r in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            url = os.environ.get("ARCHIVO_BENCH_DATABASE_URL") or f"sqlite:///{tmp}/bench.db"
            times = run_once(url, n, tmp)
        results.append(times)
        print(f"run {r + 1}: " + ", ".join(f"{k} {v:.2f}s" for k, v in times.items()))
    print(f"median of {runs} (n={n}):")
    for key in results[0]:
        print(f"  {key:32s} {statistics.median(t[key] for t in results):6.2f} s")


if __name__ == "__main__":
    main()
