"""Time phase 1 of the bulk import (parse + validate, no database) on generated files.

Run: python bench/import_parse.py [--rows 100000] [--cadido 2000]
Prints the median of 3 runs, rows/s and the peak traced memory of each.
"""

import argparse
import csv
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archivo.imports.cadido_rows import parse_cadido  # noqa: E402
from archivo.imports.expediente_rows import iter_expedientes  # noqa: E402
from archivo.imports.report import ImportReport  # noqa: E402

TODAY = dt.date(2025, 1, 1)


def write_expedientes(path: Path, rows: int) -> None:
    """A Windows-1252 inventario with varied date formats and a title row, like real ones."""
    rng = random.Random(5)
    formats = ["{d:02d}/{m:02d}/{y}", "{y}-{m:02d}-{d:02d}", "{d}/{m}/{yy:02d}", "{y}"]
    with path.open("w", encoding="cp1252", newline="") as fp:
        out = csv.writer(fp, delimiter=";")
        out.writerow(["Inventario general de expedientes"])
        out.writerow(
            [
                "Clave",
                "Serie",
                "Título",
                "Descripción",
                "Unidad",
                "Fecha de apertura",
                "Fecha de cierre",
                "Fojas",
                "Caja",
                "Ubicación",
                "Acceso",
                "Etapa",
                "Soporte",
                "Palabras clave",
            ]
        )
        for i in range(rows):
            y = rng.randint(1995, 2020)
            m, d = rng.randint(1, 12), rng.randint(1, 28)
            fmt = formats[i % len(formats)]
            opened = fmt.format(d=d, m=m, y=y, yy=y % 100)
            closed = formats[0].format(d=d, m=m, y=y + 1, yy=0)
            out.writerow(
                [
                    f"IEEN/{i % 12 + 1}C/{i % 12 + 1}C.{i % 30 + 1}/{i:06d}/{y}",
                    f"{i % 12 + 1:02d}C.{i % 30 + 1:02d}",
                    f"Expediente número {i} de trámite",
                    "Oficios, circulares y memorándums del área",
                    "Dirección de Administración",
                    opened,
                    closed,
                    str(rng.randint(1, 900)),
                    str(i // 40),
                    "Edificio A, estante 3",
                    "Pública",
                    "AT",
                    "Papel",
                    "oficios; circulares",
                ]
            )


def write_cadido(path: Path, rows: int) -> None:
    """A CADIDO with a two-row header and ~2,000 series and subseries."""
    with path.open("w", encoding="utf-8-sig", newline="") as fp:
        out = csv.writer(fp)
        out.writerow(["Catálogo de Disposición Documental"])
        out.writerow(
            [
                "Código",
                "Nombre",
                "Descripción",
                "Valores documentales",
                "",
                "",
                "Plazos de conservación",
                "",
                "",
                "Destino final",
                "",
                "",
                "Acceso",
                "",
                "",
                "Fundamento legal",
            ]
        )
        out.writerow(
            ["", "", "", "A", "L", "F/C", "AT", "AC", "Total", "B", "C", "M", "P", "R", "C", ""]
        )
        written, s = 0, 0
        while written < rows:
            s += 1
            out.writerow([f"{s}C", f"Sección {s}"] + [""] * 14)
            written += 1
            for serie in range(1, 41):
                if written >= rows:
                    break
                code = f"{s}C.{serie}"
                destino = ["X", "", ""] if serie % 3 else ["", "X", ""]
                out.writerow(
                    [
                        code,
                        f"Serie {code}",
                        "Descripción",
                        "X",
                        "x",
                        "",
                        "2",
                        "5",
                        "7",
                        *destino,
                        "X",
                        "",
                        "",
                        "LGA art. 30",
                    ]
                )
                written += 1


def measure(label: str, rows: int, run) -> None:
    """Median wall time of 3 runs, and peak traced memory of one more."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    median = statistics.median(times)
    print(
        f"{label}: {rows} rows, median {median:.2f} s ({rows / median:,.0f} rows/s), "
        f"peak memory {peak / 2**20:.1f} MiB"
    )


def main() -> None:
    """Generate the files and time both parsers."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--cadido", type=int, default=2_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        inventario, cadido = Path(tmp) / "inventario.csv", Path(tmp) / "cadido.csv"
        write_expedientes(inventario, args.rows)
        write_cadido(cadido, args.cadido)

        def parse_inventario():
            report = ImportReport("expedientes")
            valid = sum(1 for _ in iter_expedientes(inventario, report, today=TODAY))
            assert valid == args.rows, report.entries[:5]

        def parse_catalogue():
            result = parse_cadido(cadido)
            assert not result.report.has_errors, result.report.entries[:5]

        measure("expedientes CSV (cp1252, ;) parse+validate", args.rows, parse_inventario)
        measure("CADIDO dry run (parse+validate)", args.cadido, parse_catalogue)


if __name__ == "__main__":
    main()
