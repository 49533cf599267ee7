"""Engine throughput: the durable-rules backend against the pure-Python reference, in one process.

    python benchmarks/bench_engine.py [--items N] [--repeat R] [--no-cache]

Runs the shipped rules over the same N line items with both backends and prints items/s and the ratio
durable/reference for two item mixes:

* ``unique``: every item different (description, quantity, price, labels, attributes);
* ``realistic``: items drawn from a product list with a Zipf-like distribution, as in real purchase
  lists where a few products repeat many times.

Then items/s at 15, 60 and 240 rules (the shipped rules, subsets or copies with new ids).
Every figure is the best of R runs, all measured in this one process; absolute times drift between
machines and runs, the ratios are what to compare.  Each timed run starts with the result caches
empty (a repeat of the same items would otherwise measure cache hits only); with the cache on,
only the durable backend memoises results, so ``--no-cache`` gives the like-for-like ratio.
Items are enriched inside the timed loop (``Engine.evaluate_line``), as in real use.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

import attrs

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import green_procurement as gp
from green_procurement.engine import Engine
from green_procurement.model import LabelClaim, LineItem
from green_procurement.rules import RuleSet

ON = datetime.date(2025, 6, 1)

PRODUCTS = [
    ("Giấy A4 Double A 80gsm", "ram", 75_000, [("vn-ecolabel", None)], {"recycled_content_pct": 30}),
    ("Máy điều hòa Daikin Inverter 1.5HP", "bộ", 12_900_000, [("vn-energy", 5)], {"domestic": False}),
    ("Máy lạnh Panasonic 1HP", "bộ", 8_490_000, [("vn-energy", 3)], {}),
    ("Bóng đèn LED bulb 9W Rạng Đông", "bóng", 45_000, [("vn-energy", 4)], {"domestic": True}),
    ("Đèn tuýp LED T8 1m2 18W", "bộ", 95_000, [], {"lamp_life_h": 20000}),
    ("Máy tính xách tay Dell Latitude 5440", "chiếc", 18_500_000, [("epeat", "gold")], {}),
    ("Máy tính để bàn HP ProDesk 400", "bộ", 15_600_000, [("energy-star", None)], {}),
    ("Màn hình máy tính Dell 24 inch", "chiếc", 4_390_000, [("vn-energy", 4)], {}),
    ("Máy in laser HP LaserJet Pro", "chiếc", 7_900_000, [], {}),
    ("Hộp mực in HP 76A", "hộp", 2_150_000, [], {}),
    ("Ly nhựa dùng một lần 350ml", "cái", 800, [], {"single_use_plastic": True}),
    ("Nước rửa chén Sunlight 3.6kg", "can", 125_000, [("vn-ecolabel", None)], {}),
    ("Xe ô tô điện VinFast VF e34", "chiếc", 710_000_000, [], {"powertrain": "electric", "co2_g_per_km": 0}),
    ("Xe ô tô 7 chỗ Toyota Innova", "chiếc", 1_250_000_000, [("vn-energy-vehicle", None)],
     {"powertrain": "petrol", "co2_g_per_km": 178}),
    ("Suất ăn hội nghị", "suất", 120_000, [], {"organic": True}),
    ("Dịch vụ vệ sinh văn phòng", "tháng", 18_000_000, [], {"waste_sorting": True}),
    ("Tủ lạnh Samsung Inverter 256 lít", "chiếc", 9_990_000, [("vn-energy", 5)], {}),
    ("Sửa chữa máy lạnh", "gói", 2_500_000, [], {}),
    ("Bàn làm việc gỗ", "cái", 2_800_000, [], {}),
    ("Gạch ốp lát ceramic 60x60", "m2", 185_000, [("vn-ecolabel", None)], {}),
]


def _item(i: int, product: tuple, rnd: random.Random, unique: bool) -> LineItem:
    desc, unit, price, labels, attrs_ = product
    claims = []
    for scheme, grade in labels:
        valid = datetime.date(2024, 1, 1) + datetime.timedelta(days=rnd.randrange(1400)) if unique else \
            datetime.date(2026, 12, 31)
        claims.append(LabelClaim(scheme, grade, None, valid))
    if unique:
        desc = f"{desc} lô {i}"
        price = price + i
        attrs_ = dict(attrs_)
        if "recycled_content_pct" in attrs_:
            attrs_["recycled_content_pct"] = Decimal(i % 1000) / 10
    return LineItem(str(i), desc, 1 + (i % 50 if unique else 0), price, unit, None, None, tuple(claims), attrs_)


def items(mix: str, n: int, seed: int = 7) -> list[LineItem]:
    rnd = random.Random(seed)
    if mix == "unique":
        return [_item(i, PRODUCTS[i % len(PRODUCTS)], rnd, True) for i in range(n)]
    weights = [1 / (k + 1) for k in range(len(PRODUCTS))]       # Zipf, s = 1
    return [_item(i, rnd.choices(PRODUCTS, weights)[0], rnd, False) for i in range(n)]


def rate(engine: Engine, batch: list[LineItem], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        # every timed pass starts with no result memoised (setting cache_size clears the caches),
        # or the second pass over the same items would only measure cache hits
        engine.cache_size = engine.cache_size
        t = time.perf_counter()
        for it in batch:
            engine.evaluate_line(it, ON, entity="Sở Tài chính", funding="state-budget")
        best = min(best, time.perf_counter() - t)
    return len(batch) / best


def scaled(ruleset: RuleSet, n: int) -> RuleSet:
    rules = list(ruleset.rules)
    out = []
    k = 0
    while len(out) < n:
        for r in rules:
            if len(out) == n:
                break
            out.append(r if k == 0 else attrs.evolve(r, id=f"{r.id}-C{k}"))
        k += 1
    return attrs.evolve(ruleset, rules=tuple(out))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-cache", action="store_true", help="disable the durable backend's result cache")
    args = ap.parse_args()
    print(f"# bench_engine on {platform.node()} ({platform.machine()}, {os.cpu_count()} CPUs), "
          f"Python {platform.python_version()}, {datetime.datetime.now().isoformat(timespec='seconds')}")
    print(f"# {args.items:,} items per mix, best of {args.repeat}; shipped rules")
    ruleset = gp.load_ruleset()
    engines = {b: Engine(ruleset, b) for b in ("durable", "python")}
    if args.no_cache:
        engines["durable"].cache_size = 0
    print(f"{'mix':<10} {'durable items/s':>16} {'reference items/s':>18} {'durable/reference':>18}")
    for mix in ("unique", "realistic"):
        batch = items(mix, args.items)
        for e in engines.values():          # warm up caches and code paths
            rate(e, batch[:2000], 1)
        d, p = rate(engines["durable"], batch, args.repeat), rate(engines["python"], batch, args.repeat)
        print(f"{mix:<10} {d:>16,.0f} {p:>18,.0f} {d / p:>18.2f}")
    print(f"\n{'rules':<10} {'durable items/s':>16} {'reference items/s':>18} {'durable/reference':>18}")
    batch = items("unique", max(args.items // 4, 2000))
    for n in (15, 60, 240):
        rs = scaled(ruleset, n)
        d_eng, p_eng = Engine(rs, "durable"), Engine(rs, "python")
        if args.no_cache:
            d_eng.cache_size = 0
        rate(d_eng, batch[:500], 1)
        d, p = rate(d_eng, batch, args.repeat), rate(p_eng, batch, args.repeat)
        print(f"{n:<10} {d:>16,.0f} {p:>18,.0f} {d / p:>18.2f}")
        d_eng.close()


if __name__ == "__main__":
    main()
