"""Benchmark instrument rendering: inventario general 10k/50k rows and a 500-series CADIDO."""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# case: (layout kind, rows, seconds target, peak MB target or None)
CASES = {
    "inventario_general_10k": ("inventario_general", 10_000, 3.0, None),
    "inventario_general_50k": ("inventario_general", 50_000, 15.0, 400),
    "cadido_500": ("cadido", 500, 2.0, None),
}
RUNS = 3


def run_case(name: str) -> dict:
    """Render one case RUNS times in this process; report times and peak RSS."""
    from archivo.instruments import samples
    from archivo.instruments.layout import load_layout
    from archivo.instruments.render import render_pdf

    kind, n, _, _ = CASES[name]
    layout = load_layout(kind)
    header, _, closing = samples.demo(kind, 1)
    times, cpu, pages, size = [], [], 0, 0
    for _ in range(RUNS):
        # rows are generated lazily, as a database cursor would stream them
        rows = samples.expedientes(n) if kind != "cadido" else samples.cadido_rows(n)
        start, start_cpu = time.perf_counter(), time.process_time()
        pdf = render_pdf(
            layout,
            header,
            rows,
            closing,
            fondo=samples.FONDO,
            verification_code="ABCD-EFGH-JKLM",
            verify_url=samples.VERIFY_URL,
            generated_at=samples.GENERATED_AT,
        )
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        size = len(pdf)
        pages = pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page ")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return {
        "case": name,
        "times": times,
        "median": statistics.median(times),
        "cpu_median": statistics.median(cpu),
        "peak_mb": peak_mb,
        "pages": pages,
        "bytes": size,
    }


def main() -> int:
    """Run every case in a fresh interpreter (clean peak memory) and check the targets."""
    if len(sys.argv) == 3 and sys.argv[1] == "--case":
        print(json.dumps(run_case(sys.argv[2])))
        return 0
    failed = False
    # CPU time is shown beside wall time: on a shared, loaded machine wall time lies.
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(
        f"{'case':24} {'median s':>9} {'cpu s':>6} {'runs':>18} {'peak MB':>8} {'pages':>6}  target"
    )
    for name, (_, _, max_s, max_mb) in CASES.items():
        out = subprocess.run(
            [sys.executable, __file__, "--case", name], check=True, capture_output=True, text=True
        ).stdout
        r = json.loads(out.strip().splitlines()[-1])
        ok = r["median"] < max_s and (max_mb is None or r["peak_mb"] < max_mb)
        failed |= not ok
        runs = " ".join(f"{t:.2f}" for t in r["times"])
        target = f"< {max_s:g} s" + (f", < {max_mb} MB" if max_mb else "")
        print(
            f"{name:24} {r['median']:9.2f} {r['cpu_median']:6.2f} {runs:>18} "
            f"{r['peak_mb']:8.0f} {r['pages']:6}  "
            f"{target} {'OK' if ok else 'FALLA'}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
