"""Batch throughput of `green-procurement check`: rows/s and peak memory, --jobs 1 against --jobs N.

    python benchmarks/bench_check.py [--rows N] [--jobs 2] [--keep DIR]

Generates a realistic procurement list of N rows (Vietnamese CSV: about 10 rows per request, 40
procuring units, products repeating with a Zipf-like distribution, labels valid/expired/undated, a
bad row every 997 rows), then runs the installed command on it, writing a CSV and a JSON report,
once with --jobs 1 and once with --jobs N.  Prints the machine, the date, wall time, rows/s, the peak
resident memory of the largest process and of the whole process tree (sampled every 0.1 s), and the
speed-up of --jobs N over --jobs 1 measured in this run.  Each run starts after ``sync``, so the
first run's 3 GB of reports are not still being written to disk during the second.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = ("Mã yêu cầu,Đơn vị mua sắm,Ngày đề nghị,STT,Tên hàng hóa,Số lượng,Đơn vị tính,Đơn giá,Nhãn,"
          "Tỷ lệ tái chế (%),Hàng sản xuất trong nước,Nhựa dùng một lần,Động cơ,CO2 (g/km)\n")

PRODUCTS = [
    ("Giấy A4 Double A 80gsm", "ram", 75_000, ["vn-ecolabel@31/12/2026", "", "vn-ecolabel"], "30", "", "", ""),
    ("Máy điều hòa Daikin Inverter 1.5HP", "bộ", 12_900_000, ["vn-energy:5@31/12/2027", "vn-energy:3", ""],
     "", "", "", ""),
    ("Bóng đèn LED bulb 9W Rạng Đông", "bóng", 45_000, ["vn-energy:4@31/12/2026", ""], "", "có", "", ""),
    ("Máy tính xách tay Dell Latitude 5440", "chiếc", 18_500_000, ["epeat:gold@30/06/2026", ""], "", "", "",
     ""),
    ("Máy in laser HP LaserJet Pro", "chiếc", 7_900_000, ["energy-star", ""], "", "", "", ""),
    ("Hộp mực in HP 76A", "hộp", 2_150_000, [""], "", "", "", ""),
    ("Ly nhựa dùng một lần 350ml", "cái", 800, [""], "", "", "có", ""),
    ("Nước rửa chén Sunlight 3.6kg", "can", 125_000, ["vn-ecolabel@30/09/2026", "self-declared"], "", "có",
     "", ""),
    ("Xe ô tô điện VinFast VF e34", "chiếc", 710_000_000, [""], "", "có", "", "electric"),
    ("Dịch vụ vệ sinh văn phòng", "tháng", 18_000_000, [""], "", "", "", ""),
    ("Suất ăn hội nghị", "suất", 120_000, [""], "", "", "", ""),
    ("Màn hình máy tính Dell 24 inch", "chiếc", 4_390_000, ["vn-energy:4@31/12/2026"], "", "", "", ""),
    ("Đèn tuýp LED T8 1m2 18W", "bộ", 95_000, ["vn-energy:4@31/12/2026", ""], "", "có", "", ""),
    ("Sửa chữa máy lạnh", "gói", 2_500_000, [""], "", "", "", ""),
    ("Bàn làm việc gỗ", "cái", 2_800_000, [""], "", "", "", ""),
]


def vn(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def generate(path: Path, rows: int, seed: int = 11) -> None:
    rnd = random.Random(seed)
    weights = [1 / (k + 1) for k in range(len(PRODUCTS))]
    units = [f"Đơn vị số {k + 1} TP Cần Thơ" for k in range(40)]
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(HEADER)
        for i in range(rows):
            req = i // 10
            desc, unit, price, labels, recycled, domestic, plastic, power = rnd.choices(PRODUCTS, weights)[0]
            qty = str(1 + rnd.randrange(50))
            if i % 997 == 996:
                qty = "không rõ"                       # a bad row: it must come out as an error row
            co2 = "0" if power == "electric" else ""
            f.write(f"YC-{req:07d},{units[req % 40]},{1 + req % 28:02d}/11/2025,{i % 10 + 1},{desc},{qty},{unit},"
                    f"{vn(price)},{rnd.choice(labels)},{recycled},{domestic},{plastic},{power},{co2}\n")


def _children(pid: int) -> list[int]:
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []
    out: list[int] = []
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                out += [int(c) for c in f.read().split()]
        except OSError:
            continue
    return out


def tree_rss(pid: int) -> tuple[int, int]:
    """(largest process RSS, sum over the process and its descendants), in bytes.  Reads only the
    tree's own /proc entries, so that sampling every 0.1 s costs the measured run next to nothing."""
    page = os.sysconf("SC_PAGE_SIZE")
    values = []
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/statm") as f:
                values.append(int(f.read().split()[1]) * page)
        except (OSError, IndexError, ValueError):
            continue
        todo += _children(p)
    return max(values, default=0), sum(values)


def run(cmd: list[str]) -> tuple[float, int, int]:
    os.sync()       # the reports of the run before are on disk: their write-back does not slow this one
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak_one = peak_tree = 0
    while proc.poll() is None:
        one, tree = tree_rss(proc.pid)
        peak_one, peak_tree = max(peak_one, one), max(peak_tree, tree)
        time.sleep(0.1)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode not in (0, 1):
        sys.exit(f"check failed ({proc.returncode}):\n{err}")
    return wall, peak_one, peak_tree


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--keep", type=Path, help="keep the generated list and reports in this folder")
    ap.add_argument("--extra", nargs=argparse.REMAINDER, default=[], help="more options for check")
    args = ap.parse_args()
    exe = shutil.which("green-procurement")
    base = [exe] if exe else [sys.executable, "-m", "green_procurement"]
    work = args.keep or Path(tempfile.mkdtemp(prefix="gp-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    src = work / f"list-{args.rows}.csv"
    t = time.perf_counter()
    generate(src, args.rows)
    print(f"# bench_check on {platform.node()} ({platform.machine()}, {os.cpu_count()} CPUs), "
          f"Python {platform.python_version()}, {datetime.datetime.now().isoformat(timespec='seconds')}")
    print(f"# {args.rows:,} rows generated in {time.perf_counter() - t:.1f} s ({src.stat().st_size / 2**20:.0f} MB); "
          f"check writes a CSV and a JSON report")
    print(f"{'jobs':>4} {'wall s':>8} {'rows/s':>10} {'peak RSS, largest process':>26} {'peak RSS, all processes':>24}")
    walls = {}
    for jobs in dict.fromkeys((1, args.jobs)):
        cmd = [*base, "check", str(src), "--on", "2025-12-01", "--jobs", str(jobs), "--no-progress",
               "-o", str(work / f"r{jobs}.csv"), "-o", str(work / f"r{jobs}.json"), "--format", "json",
               *args.extra]
        wall, one, tree = run(cmd)
        walls[jobs] = wall
        print(f"{jobs:>4} {wall:>8.1f} {args.rows / wall:>10,.0f} {one / 2**20:>23.0f} MB {tree / 2**20:>21.0f} MB")
    if len(walls) == 2:
        print(f"speed-up of --jobs {args.jobs} over --jobs 1: {walls[1] / walls[args.jobs]:.2f}x")
        same = all((work / f"r1.{e}").read_bytes() == (work / f"r{args.jobs}.{e}").read_bytes()
                   for e in ("csv", "json"))
        print(f"reports of --jobs 1 and --jobs {args.jobs} byte-identical: {same}")
    if not args.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
