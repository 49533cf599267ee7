"""Excel readers and writers on the same rows: the report's writer (openpyxl write-only) against
XlsxWriter (constant_memory), and reading a list with openpyxl (read-only) against python-calamine.

    python benchmarks/bench_xlsx.py [--rows 20000]

Prints the machine, then seconds per run (best of 3) and the ratios; last, ``green-procurement check``
on a list of the same rows saved as .xlsx (numbers and dates as Excel cells, a title row above the
header), run with the reader the package uses (python-calamine) and with openpyxl alone.  Needs openpyxl (installed with
the package) and, for the alternatives, XlsxWriter and python-calamine (pip install xlsxwriter
python-calamine); a missing one is reported and skipped.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import green_procurement as gp
from green_procurement import check
from green_procurement.io import read_rows
from green_procurement.report import column_headers, open_writer, result_row
from green_procurement.results import Summary

ROOT = Path(__file__).resolve().parent.parent
ON = datetime.date(2025, 12, 1)


def best(fn: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=20_000)
    args = ap.parse_args()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}, {platform.system()} {platform.release()}")
    tmp = Path(tempfile.mkdtemp())
    lines = (ROOT / "examples" / "mua-sam-can-tho-2025.csv").read_text(encoding="utf-8").splitlines()
    body = lines[1:]
    csv_path = tmp / "list.csv"
    csv_path.write_text("\n".join([lines[0], *(body * (args.rows // len(body) + 1))[:args.rows]]) + "\n",
                        encoding="utf-8")
    engine = gp.load_default()
    catalog = engine.ruleset.catalog
    with read_rows(csv_path, catalog) as rows:
        records = list(check.evaluate_rows(engine, rows, ON))
    summary = Summary()
    for r in records:
        summary.add(r)
    print(f"rows: {len(records)}")

    def report(suffix: str) -> Callable[[], object]:
        def run() -> None:
            with open_writer(tmp / f"r{suffix}", lang="vi", catalog=catalog, version=engine.version,
                             evaluated_on=ON, rules=engine.ruleset.rules) as w:
                for r in records:
                    w.write(r)
                w.close(summary)
        return run

    results: dict[str, float] = {}
    results["write csv report (baseline)"] = best(report(".csv"))
    results["write xlsx report: openpyxl write-only"] = best(report(".xlsx"))
    try:
        import xlsxwriter

        table = [result_row(r, "vi", catalog) for r in records]

        def xw() -> None:
            wb = xlsxwriter.Workbook(str(tmp / "xw.xlsx"), {"constant_memory": True})
            ws = wb.add_worksheet("Kết quả")
            ws.write_row(0, 0, column_headers("vi"))
            for i, row in enumerate(table, 1):
                ws.write_row(i, 0, [v if not hasattr(v, "as_tuple") else float(v) for v in row])
            wb.close()
        t_rows = best(lambda: [result_row(r, "vi", catalog) for r in records])
        results["write xlsx: XlsxWriter constant_memory (+ the same rows)"] = best(xw) + t_rows
    except ImportError:
        print("XlsxWriter not installed: skipped")
    xlsx = tmp / "r.xlsx"
    # a list to read: the report's results sheet, with the report's headers
    from openpyxl import load_workbook

    def read_openpyxl() -> int:
        wb = load_workbook(xlsx, read_only=True, data_only=True)
        n = sum(1 for _ in wb["Kết quả"].iter_rows(values_only=True))
        wb.close()
        return n
    results["read xlsx: openpyxl read-only"] = best(read_openpyxl)
    try:
        from python_calamine import CalamineWorkbook

        def read_calamine() -> int:
            return len(CalamineWorkbook.from_path(str(xlsx)).get_sheet_by_name("Kết quả").to_python())
        results["read xlsx: python-calamine"] = best(read_calamine)
    except ImportError:
        print("python-calamine not installed: skipped")
    try:
        import python_calamine  # noqa: F401

        _check_list(tmp, lines, args.rows, results)
    except ImportError:
        pass
    base = results["write csv report (baseline)"]
    for name, secs in results.items():
        print(f"{name:60s} {secs:7.3f} s  ({secs / base:5.1f}x the CSV report)")
    if "read xlsx: python-calamine" in results:
        print(f"calamine reads {results['read xlsx: openpyxl read-only'] / results['read xlsx: python-calamine']:.1f}x "
              "faster than openpyxl read-only")
    if CHECK_CALAMINE in results:
        print(f"check on an .xlsx list: {results[CHECK_OPENPYXL]:.2f} s with openpyxl, {results[CHECK_CALAMINE]:.2f} s "
              f"with calamine ({results[CHECK_OPENPYXL] / results[CHECK_CALAMINE]:.1f}x)")


CHECK_OPENPYXL = "check list.xlsx: read with openpyxl (before)"
CHECK_CALAMINE = "check list.xlsx: read with python-calamine (now)"


def _check_list(tmp: Path, lines: list[str], rows: int, results: dict[str, float]) -> None:
    """``green-procurement check list.xlsx -o report.csv`` (in-process) with each reader."""
    import contextlib
    import csv
    import io
    import re

    from openpyxl import Workbook

    from green_procurement import cli
    from green_procurement.io import xlsxfile

    table = list(csv.reader(lines))
    header, body = table[0], table[1:]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Danh sách")
    ws.append(["Danh sách mua sắm 2025"])
    ws.append(header)
    for r in (body * (rows // len(body) + 1))[:rows]:
        out: list[object] = []
        for h, v in zip(header, r, strict=False):
            if h in ("STT", "Số lượng", "Đơn giá") and re.fullmatch(r"\d+(\.\d{3})*", v):
                out.append(int(v.replace(".", "")))
            elif h == "Ngày đề nghị" and re.fullmatch(r"\d\d/\d\d/\d{4}", v):
                d, m, y = map(int, v.split("/"))
                out.append(datetime.datetime(y, m, d))
            else:
                out.append(v or None)
        ws.append(out)
    xlsx = tmp / "list.xlsx"
    wb.save(xlsx)

    def run(reader: str) -> Callable[[], object]:
        def go() -> None:
            xlsxfile.READER = reader
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                with contextlib.suppress(SystemExit):
                    cli.main(["check", str(xlsx), "--on", ON.isoformat(), "-o", str(tmp / "check.csv")])
            xlsxfile.READER = "auto"
        return go
    results[CHECK_OPENPYXL] = best(run("openpyxl"))
    results[CHECK_CALAMINE] = best(run("auto"))


if __name__ == "__main__":
    main()
