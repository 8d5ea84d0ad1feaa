"""Time the bulk import end to end: 100,000 expedientes from CSV, and a 2,000-row CADIDO dry run.

Run: python bench/import_bench.py [--rows 100000] [--cadido 2000] [--runs 3] [--profile]
Each expediente run starts from a fresh copy of a migrated SQLite database holding the demo
catalogue; the same run also times a raw DB-API `executemany` of the very rows the import
wrote (into another fresh copy) and prints the ratio raw / import (aim: >= 0.25).
"""

import argparse
import cProfile
import csv
import pstats
import random
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from import_parse import write_cadido  # noqa: E402

from archivo import create_app  # noqa: E402
from archivo.db import Session_  # noqa: E402

HEAD = ["Clave", "Serie", "Título", "Descripción", "Unidad", "Fecha de apertura",
        "Fecha de cierre", "Fojas", "Caja", "Ubicación", "Etapa", "Soporte", "Palabras clave"]


def write_inventario(path: Path, rows: int, fondo, series, unidades) -> None:
    """An inventario like the ones institutions keep: keys, dd/mm/yyyy dates, 40 % closed."""
    rng = random.Random(7)
    counters: dict[tuple[str, int], int] = {}
    with path.open("w", encoding="cp1252", newline="") as fp:
        out = csv.writer(fp, delimiter=";")
        out.writerow(["Inventario general de expedientes"])
        out.writerow(HEAD)
        for i in range(rows):
            codigo, seccion = rng.choice(series)
            anio = rng.randint(2005, 2020)
            n = counters[(codigo, anio)] = counters.get((codigo, anio), 0) + 1
            m, d = rng.randint(1, 12), rng.randint(1, 28)
            closed = i % 5 < 2
            out.writerow([
                f"{fondo}/{seccion}/{codigo}/{n:03d}/{anio}", codigo,
                f"Expediente {i} de {codigo}", "Oficios, circulares y memorándums del área",
                rng.choice(unidades), f"{d:02d}/{m:02d}/{anio}",
                f"{d:02d}/{m:02d}/{anio + 1}" if closed else "",
                str(rng.randint(5, 480)) if closed else "", f"C-{anio}-{i // 40:04d}",
                "Edificio central", "Concentración" if closed and anio < 2015 else "Trámite",
                "Papel", "oficios; circulares"])


def _fresh(template: Path, work: Path, engine) -> None:
    Session_.remove()
    engine.dispose()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    shutil.copy(template, work)


def raw_executemany(work: Path, rows: list[tuple], columns: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of a plain sqlite3 executemany + commit of `rows`."""
    conn = sqlite3.connect(work, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    sql = (f"INSERT INTO expedientes ({', '.join(columns)}) "
           f"VALUES ({', '.join('?' * len(columns))})")
    started, cpu_started = time.perf_counter(), time.process_time()
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(sql, rows)
    conn.execute("COMMIT")
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    conn.close()
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--cadido", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true",
                        help="Profile the first import run (cProfile, top 25 by own time)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="archivo-import-bench-"))
    work, template = tmp / "bench.sqlite3", tmp / "template.sqlite3"
    app = create_app({"INSTANCE_PATH": str(tmp), "DATABASE_URL": f"sqlite:///{work}",
                      "SECRET_KEY": "b" * 40})
    engine = app.extensions["archivo.engine"]
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    from sqlalchemy import select

    from archivo.catalog.models import Serie, UnidadAdministrativa
    from archivo.demo import load_demo
    from archivo.imports import service
    from archivo.records.models import Expediente

    with app.app_context():
        # n_expedientes=0 trips demo.py (an empty counters insert); load one, then drop it.
        load_demo(n_expedientes=1, echo=lambda *_: None)
        with app.extensions["archivo.engine"].begin() as conn:
            for table in ("search_outbox", "expedientes", "expediente_consecutivos"):
                conn.exec_driver_sql(f"DELETE FROM {table}")
        admin = service.cli_actor(None)
        fondo = service.fondo_by_clave(None)
        session = Session_()
        parents = set(session.scalars(select(Serie.parent_id).where(Serie.parent_id.is_not(None))))
        series = [(s.codigo, s.seccion.codigo) for s in session.scalars(select(Serie))
                  if s.id not in parents]
        unidades = list(session.scalars(select(UnidadAdministrativa.clave)))
        fondo_id, fondo_clave, admin_id = fondo.id, fondo.clave, admin.id
    csv_path = tmp / "inventario.csv"
    write_inventario(csv_path, args.rows, fondo_clave, series, unidades)
    Session_.remove()
    engine.dispose()  # the last connection checkpoints the WAL into the main file
    shutil.copy(work, template)  # the migrated, catalogued database is the template

    times, ratios, rss, cpus, cpu_ratios = [], [], [], [], []
    columns = [c.name for c in Expediente.__table__.columns if c.name != "id"]
    for _ in range(args.runs):
        _fresh(template, work, engine)
        with app.app_context():
            actor = Session_().get(type(admin), admin_id)
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            profiler = cProfile.Profile() if args.profile and not times else None
            started, cpu_started = time.perf_counter(), time.process_time()
            if profiler:
                profiler.enable()
            outcome = service.import_expedientes(actor, fondo_id, csv_path, dry_run=False)
            if profiler:
                profiler.disable()
                pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
            rss.append((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024)
            assert outcome.written and outcome.counts["created"] == args.rows, outcome.counts
        raw_rows = [tuple(r) for r in sqlite3.connect(work).execute(
            f"SELECT {', '.join(columns)} FROM expedientes")]
        _fresh(template, work, engine)
        raw, raw_cpu = raw_executemany(work, raw_rows, columns)
        del raw_rows
        times.append(elapsed)
        cpus.append(cpu)
        ratios.append(raw / elapsed)
        cpu_ratios.append(raw_cpu / cpu)
        print(f"  run: import {elapsed:.2f} s (CPU {cpu:.2f} s), raw executemany {raw:.2f} s "
              f"(CPU {raw_cpu:.2f} s), ratio {raw / elapsed:.2f} (CPU {raw_cpu / cpu:.2f}), "
              f"max RSS growth {rss[-1]:.0f} MiB")
    median = statistics.median(times)
    print(f"expedientes CSV import: {args.rows} rows, median {median:.2f} s "
          f"({args.rows / median:,.0f} rows/s), raw/import ratio median "
          f"{statistics.median(ratios):.2f} (target: < 20 s, ratio >= 0.25); CPU median "
          f"{statistics.median(cpus):.2f} s, CPU ratio median {statistics.median(cpu_ratios):.2f}"
          " (CPU time is steadier than wall time on a shared machine)")

    cadido_path = tmp / "cadido.csv"
    write_cadido(cadido_path, args.cadido)
    _fresh(template, work, engine)
    cadido_times, cadido_cpu = [], []
    with app.app_context():
        actor = Session_().get(type(admin), admin_id)
        for _ in range(args.runs):
            started, cpu_started = time.perf_counter(), time.process_time()
            outcome = service.import_cadido(actor, fondo_id, cadido_path, dry_run=True)
            cadido_times.append(time.perf_counter() - started)
            cadido_cpu.append(time.process_time() - cpu_started)
            Session_().rollback()
    print(f"CADIDO dry run: {outcome.report.rows_read} rows, median "
          f"{statistics.median(cadido_times):.2f} s (CPU {statistics.median(cadido_cpu):.2f} s)"
          " (target: < 2 s)")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
