"""Batch throughput of `green-procurement check`: rows/s and peak memory, on three mixes of products,
--jobs 1 and --jobs N, optionally against another build of the command in the same run.

    python benchmarks/bench_check.py [--rows N] [--jobs 2] [--mix repeated|realistic|diverse]
                                     [--baseline PATH_TO_GREEN_PROCUREMENT] [--keep DIR]

Each mix is a Vietnamese CSV list of N rows (about 10 rows per request, 40 procuring units, a bad
row every 997 rows):

- ``repeated``: 15 everyday products, Zipf-like (the first one most often): what the caches of the
  past were made for;
- ``realistic``: Zipf over about 2,000 products generated from the shipped catalogue;
- ``diverse``: 20,000 distinct products generated from the shipped catalogue's groups and keywords,
  with random prices, quantities, 0-2 label claims (grades, valid-until dates, some expired or
  undated) and attribute values, repeated to the row count.

For each mix (default: all three) the installed command (or ``python -m green_procurement``) runs
with --jobs 1 and --jobs N, writing a CSV and a JSON report; with ``--baseline`` the other command
runs the same lists right after, and the table gives the ratios of rows/s and of rows per CPU
second (this build over the baseline: above 1 is faster).  The machine's speed drifts, so compare
within one run; CPU time (of the whole process tree) is less disturbed than wall time by other work
on the machine.  Prints the machine, the date, wall and CPU time, rows/s and the peak resident memory
of the largest process and of the whole process tree (sampled every 0.1 s).  Each run starts after
``sync``.
"""

from __future__ import annotations

import argparse
import datetime
import math
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

if TYPE_CHECKING:
    from green_procurement.catalog import AttributeSpec

MIXES = ("repeated", "realistic", "diverse")
UNITS = ("cái", "chiếc", "bộ", "hộp", "ram", "gói", "thùng", "bóng", "can", "tháng", "lít", "kg", "m2")
BRANDS = ("Rạng Đông", "Điện Quang", "Daikin", "Panasonic", "Toshiba", "Hòa Phát", "Thiên Long", "Double A",
          "Bãi Bằng", "Dell", "HP", "Canon", "Sunhouse", "Vinamilk", "Duy Tân", "Sơn Hà", "VinFast", "LG")

REPEATED_HEADER = ("Mã yêu cầu,Đơn vị mua sắm,Ngày đề nghị,STT,Tên hàng hóa,Số lượng,Đơn vị tính,Đơn giá,Nhãn,"
                   "Tỷ lệ tái chế (%),Hàng sản xuất trong nước,Nhựa dùng một lần,Động cơ,CO2 (g/km)\n")
REPEATED = [
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


def vn(n: int | float) -> str:
    """A number in Vietnamese format: 12.500.000 or 1.234,5."""
    if isinstance(n, int):
        return f"{n:,}".replace(",", ".")
    return f"{n:,.1f}".replace(",", "\0").replace(".", ",").replace("\0", ".")


def _csv_cell(text: str) -> str:
    return f'"{text}"' if "," in text or '"' in text else text


def _request_cells(i: int, units: list[str]) -> str:
    req = i // 10
    return f"YC-{req:07d},{units[req % 40]},{1 + req % 28:02d}/11/2025,{i % 10 + 1}"


def _quantity(rnd: random.Random, i: int) -> str:
    if i % 997 == 996:
        return "không rõ"                       # a bad row: it must come out as an error row
    return str(1 + rnd.randrange(50))


def generate_repeated(path: Path, rows: int, seed: int = 11) -> None:
    rnd = random.Random(seed)
    weights = [1 / (k + 1) for k in range(len(REPEATED))]
    units = [f"Đơn vị số {k + 1} TP Cần Thơ" for k in range(40)]
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(REPEATED_HEADER)
        for i in range(rows):
            desc, unit, price, labels, recycled, domestic, plastic, power = rnd.choices(REPEATED, weights)[0]
            co2 = "0" if power == "electric" else ""
            f.write(f"{_request_cells(i, units)},{desc},{_quantity(rnd, i)},{unit},{vn(price)},{rnd.choice(labels)},"
                    f"{recycled},{domestic},{plastic},{power},{co2}\n")


class Products:
    """Products made from the shipped catalogue: a group's keyword with a brand and a model, a unit,
    a price, 0-2 label claims and values of the catalogue's attributes."""

    def __init__(self, seed: int) -> None:
        from green_procurement import load_catalog

        self.catalog = load_catalog(ROOT / "catalog")
        self.rnd = random.Random(seed)
        self.groups = list(self.catalog.groups.values())
        self.labels = list(self.catalog.labels.values())
        self.attributes = list(self.catalog.attributes.values())

    def header(self) -> str:
        names = [a.name.vi for a in self.attributes]
        return ("Mã yêu cầu,Đơn vị mua sắm,Ngày đề nghị,STT,Tên hàng hóa,Số lượng,Đơn vị tính,Đơn giá,Nhãn,"
                + ",".join(_csv_cell(n) for n in names) + "\n")

    def _claim(self, accepted: list[str]) -> str:
        rnd = self.rnd
        scheme = self.catalog.labels[rnd.choice(accepted)] if accepted and rnd.random() < 0.8 else \
            rnd.choice(self.labels)
        text = scheme.id
        if scheme.grades is not None and rnd.random() < 0.9:
            text += f":{rnd.choice(list(scheme.grades.scale))}"
        r = rnd.random()
        if r < 0.6:
            day = datetime.date(2024, 1, 1) + datetime.timedelta(days=rnd.randrange(4 * 365))
            text += f"@{day:%d/%m/%Y}" if rnd.random() < 0.7 else f"@{day.isoformat()}"
        return text

    def _attribute(self, spec: AttributeSpec) -> str:
        rnd = self.rnd
        if rnd.random() < 0.55:
            return ""
        if spec.type == "boolean":
            return rnd.choice(("có", "không", "x", "có", "không"))
        if spec.type in ("number", "integer"):
            lo = float(spec.minimum if spec.minimum is not None else 0)
            hi = float(spec.maximum if spec.maximum is not None else lo + 500)
            value = rnd.uniform(lo, hi)
            return str(int(value)) if spec.type == "integer" or rnd.random() < 0.6 else _csv_cell(vn(round(value, 1)))
        if spec.values:
            return _csv_cell(rnd.choice(spec.values))
        return f"TCVN {rnd.randrange(1000, 13000)}:20{rnd.randrange(10, 25)}"

    def make(self, n: int) -> list[tuple[str, str, str, str, str]]:
        """``n`` distinct products: (description, unit, price, labels cell, attribute cells)."""
        rnd = self.rnd
        out = []
        for k in range(n):
            group = rnd.choice(self.groups)
            words = list(group.keywords.vi) * 3 + list(group.keywords.en)
            keyword = rnd.choice(words) if words else group.name.vi
            model = f"{rnd.choice('ABCDEFGHKLMNPQRSTX')}{rnd.randrange(10, 9999)}"
            description = f"{keyword[:1].upper()}{keyword[1:]} {rnd.choice(BRANDS)} {model} lô {k}"
            price = int(math.exp(rnd.uniform(math.log(1_000), math.log(2_000_000_000))))
            price = price if price < 10_000 else price // 1000 * 1000
            price_text = vn(price) if rnd.random() < 0.9 else vn(price + 0.5)
            claims = [self._claim(list(group.accepted_labels)) for _ in range(rnd.choice((0, 0, 1, 1, 1, 2)))]
            labels = _csv_cell("; ".join(claims))
            attrs = ",".join(self._attribute(a) for a in self.attributes)
            out.append((_csv_cell(description), rnd.choice(UNITS), _csv_cell(price_text), labels, attrs))
        return out


def generate_products(path: Path, rows: int, mix: str, seed: int = 11) -> None:
    products = Products(seed)
    pool = products.make(2_000 if mix == "realistic" else 20_000)
    rnd = random.Random(seed + 1)
    weights = [1 / (k + 1) for k in range(len(pool))]
    units = [f"Đơn vị số {k + 1} TP Cần Thơ" for k in range(40)]
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(products.header())
        picks = rnd.choices(pool, weights, k=rows) if mix == "realistic" else \
            (pool[i % len(pool)] for i in range(rows))
        for i, (desc, unit, price, labels, attrs) in enumerate(picks):
            f.write(f"{_request_cells(i, units)},{desc},{_quantity(rnd, i)},{unit},{price},{labels},{attrs}\n")


def generate(path: Path, rows: int, mix: str) -> None:
    if mix == "repeated":
        generate_repeated(path, rows)
    else:
        generate_products(path, rows, mix)


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


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(cmd: list[str]) -> tuple[float, float, int, int]:
    """Wall time, CPU time of the whole process tree (less sensitive than wall time to other work on
    the machine), and peak RSS of the largest process and of the tree."""
    os.sync()       # the reports of the run before are on disk: their write-back does not slow this one
    cpu = _cpu_of_children()
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
        sys.exit(f"check failed ({proc.returncode}): {' '.join(cmd)}\n{err}")
    return wall, _cpu_of_children() - cpu, peak_one, peak_tree


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--mix", choices=MIXES, action="append", help="a mix of products (repeatable; default: all)")
    ap.add_argument("--baseline", help="another green-procurement command to time on the same lists")
    ap.add_argument("--keep", type=Path, help="keep the generated lists and reports in this folder")
    ap.add_argument("--extra", nargs=argparse.REMAINDER, default=[], help="more options for check")
    args = ap.parse_args()
    exe = shutil.which("green-procurement")
    commands = {"this": [exe] if exe else [sys.executable, "-m", "green_procurement"]}
    if args.baseline:
        commands["baseline"] = [args.baseline]
    work = args.keep or Path(tempfile.mkdtemp(prefix="gp-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"# bench_check on {platform.node()} ({platform.machine()}, {os.cpu_count()} CPUs), "
          f"Python {platform.python_version()}, {datetime.datetime.now().isoformat(timespec='seconds')}")
    print(f"# {args.rows:,} rows per list; check writes a CSV and a JSON report; this = {commands['this'][0]}"
          + (f", baseline = {args.baseline}" if args.baseline else ""))
    print(f"{'mix':>9} {'build':>8} {'jobs':>4} {'wall s':>8} {'rows/s':>10} {'CPU s':>7} {'rows/CPU s':>10} "
          f"{'RSS largest':>12} {'RSS all':>10}" + ("  this/baseline (rows/s, rows/CPU s)" if args.baseline else ""))
    for mix in args.mix or MIXES:
        src = work / f"list-{mix}-{args.rows}.csv"
        t = time.perf_counter()
        generate(src, args.rows, mix)
        print(f"# {mix}: generated in {time.perf_counter() - t:.1f} s ({src.stat().st_size / 2**20:.0f} MB)")
        outs = []
        for jobs in dict.fromkeys((1, args.jobs)):
            speed: dict[str, float] = {}
            work_rate: dict[str, float] = {}
            for build, base in commands.items():
                out = work / f"{mix}-{build}-j{jobs}"
                cmd = [*base, "check", str(src), "--on", "2025-12-01", "--jobs", str(jobs), "--no-progress",
                       "-o", f"{out}.csv", "-o", f"{out}.json", "--format", "json", *args.extra]
                wall, cpu, one, tree = run(cmd)
                speed[build] = args.rows / wall
                work_rate[build] = args.rows / cpu
                ratio = f"  {speed['this'] / speed['baseline']:8.2f} {work_rate['this'] / work_rate['baseline']:6.2f}" \
                    if build == "baseline" else ""
                print(f"{mix:>9} {build:>8} {jobs:>4} {wall:>8.1f} {speed[build]:>10,.0f} {cpu:>7.1f} "
                      f"{work_rate[build]:>10,.0f} {one / 2**20:>9.0f} MB {tree / 2**20:>7.0f} MB{ratio}")
                outs.append(out)
        if args.jobs != 1:
            same = all(Path(f"{work / mix}-this-j1.{e}").read_bytes() == Path(f"{work / mix}-this-j{args.jobs}.{e}")
                       .read_bytes() for e in ("csv", "json"))
            print(f"# {mix}: reports of --jobs 1 and --jobs {args.jobs} byte-identical: {same}")
        if not args.keep:
            src.unlink()
            for out in outs:
                for ext in ("csv", "json"):
                    Path(f"{out}.{ext}").unlink(missing_ok=True)
    if not args.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
