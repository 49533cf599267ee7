"""Dask against `check --jobs 2` on the same rows: a LocalCluster of 2 worker processes scoring a CSV
list's chunks (`check --scheduler`) and a Dask DataFrame (`green_procurement.dask.evaluate`), and
`check --jobs 2`.

    python benchmarks/bench_dask.py [--rows 1000000]

Prints the machine, wall and CPU seconds of one run each, rows per second and the ratios to --jobs 2.
Needs the dask extra (pip install "green-procurement[dask]").
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ON = "2025-12-01"


def cpu() -> float:
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def timed(label: str, fn: object, rows: int, out: dict[str, tuple[float, float]]) -> None:
    t, c = time.perf_counter(), cpu()
    fn()  # type: ignore[operator]
    wall = time.perf_counter() - t
    out[label] = (wall, cpu() - c)
    print(f"{label:48s} {wall:8.1f} s wall  {rows / wall:9,.0f} rows/s", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    args = ap.parse_args()
    import dask
    import dask.dataframe as dd
    import distributed

    import green_procurement as gp
    from green_procurement import dask as gpd

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}, dask {dask.__version__}, green-procurement {gp.__version__}")
    tmp = Path(tempfile.mkdtemp())
    lines = (ROOT / "examples" / "mua-sam-can-tho-2025.csv").read_text(encoding="utf-8").splitlines()
    body = (lines[1:] * (args.rows // (len(lines) - 1) + 1))[:args.rows]
    path = tmp / "list.csv"
    path.write_text("\n".join([lines[0], *body]) + "\n", encoding="utf-8")
    print(f"rows: {args.rows:,}")
    results: dict[str, tuple[float, float]] = {}
    cmd = [sys.executable, "-m", "green_procurement", "check", str(path), "--on", ON, "--quiet",
           "--no-progress", "-o", str(tmp / "r.csv")]
    timed("check --jobs 2", lambda: subprocess.run([*cmd, "--jobs", "2"], check=True), args.rows, results)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster):
        timed("check --scheduler (LocalCluster, 2 workers)",
              lambda: subprocess.run([*cmd, "--scheduler", cluster.scheduler_address], check=True),
              args.rows, results)
        df = gp.read_list(path)
        ddf = dd.from_pandas(df, npartitions=16)
        day = datetime.date.fromisoformat(ON)
        timed("dask.evaluate + summarize (2 workers)",
              lambda: (gpd.evaluate(ddf, on=day).compute(), gpd.summarize(ddf, on=day)), args.rows, results)
    base = results["check --jobs 2"][0]
    for label, (wall, _) in results.items():
        print(f"{label:48s} {wall / base:5.2f}x the wall time of --jobs 2")
    print("(CPU seconds are the client's and its children's; the cluster's workers are not children of "
          "this process when it is remote)")


if __name__ == "__main__":
    main()
