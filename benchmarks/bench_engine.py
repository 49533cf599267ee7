"""Engine throughput: the durable-rules backend against the pure-Python reference, in one process.

    python benchmarks/bench_engine.py [--items N] [--repeat R] [--no-cache] [--mix unique,realistic,diverse]
                                      [--baseline PYTHON [--burst N] [--rounds R]]

Runs the shipped rules over the same N line items with both backends and prints items/s and the ratio
durable/reference for three item mixes:

* ``unique``: every item different (description, quantity, price, labels, attributes), 20 products;
* ``realistic``: items drawn from a product list with a Zipf-like distribution, as in real purchase
  lists where a few products repeat many times;
* ``diverse``: 20,000 distinct products made from the shipped catalogue's group keywords, each item
  with its own price, quantity, 0–2 label claims (schemes, grades, dates) and attribute values.

Then items/s at 15, 60 and 240 rules (the shipped rules, subsets or copies with new ids).
Every figure is the best of R runs, in items per CPU second of this one process (single-threaded: the
same as wall time on a quiet machine, and less disturbed by other work on it); absolute times drift between
machines and runs, the ratios are what to compare.  Each timed run starts with the result caches
empty (a repeat of the same items would otherwise measure cache hits only); ``--no-cache`` turns the
caches off.  Items are enriched inside the timed loop (``Engine.evaluate_line``), as in real use.

``--baseline PYTHON`` compares with another installed version of the library (e.g. main's wheel in its
own virtualenv), in this run: a second process with that interpreter builds the same engines and items,
and the two processes then run bursts of ``--burst`` items in turn (A B B A ...), each timing its own
CPU, ``--rounds`` bursts each per mix, backend and rule count.  Both builds so meet the same moments
of the machine, whose speed drifts by ±20 % within minutes on a shared VM: the ratio of the summed
CPU times is what to read (it moves by a few per cent between runs where the best-of-R figures of two
runs made one after the other moved by a third).  The table then gives both builds' items/s from the
bursts and the ratio.

``--no-cache`` sets ``cache_size = 0``, which in some versions leaves other memos on (main's engine kept
a score memo, a label memo and classification ``lru_cache`` s with no switch).  ``--all-memos-off``
also empties, for either build alike, every dictionary attribute named ``*_cache`` of the engine and its
enricher before each item and unwraps every ``functools.lru_cache`` of the package, so that both
builds do all the work for every item.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

if "--installed" not in sys.argv:      # this checkout, not whatever version is installed
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import green_procurement as gp
from green_procurement.engine import Engine
from green_procurement.model import LabelClaim, LineItem
from green_procurement.rules import RuleSet

ON = datetime.date(2025, 6, 1)
MIXES = ("unique", "realistic", "diverse")

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
BRANDS = ["Daikin", "Panasonic", "Dell", "HP", "Canon", "Rạng Đông", "Điện Quang", "Samsung", "LG", "Toshiba",
          "Thiên Long", "Double A", "Sunlight", "Vinamilk", "Philips", "Sharp", "Asus", "Lenovo", "Ricoh", "Brother"]


def _item(i: int, product: tuple[Any, ...], rnd: random.Random, unique: bool) -> LineItem:
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


def _diverse_products(catalog: Any, n: int, rnd: random.Random) -> list[tuple[Any, ...]]:
    """n distinct products named from the catalogue's group keywords, with their group's labels and the
    attributes its rules read."""
    groups = list(catalog.groups.values())
    numeric = [a for a in catalog.attributes.values() if a.type in ("number", "integer")]
    out = []
    for k in range(n):
        g = rnd.choice(groups)
        keyword = rnd.choice(g.keywords.vi or g.keywords.en).lstrip("^")
        desc = f"{keyword.capitalize()} {rnd.choice(BRANDS)} model {k:05d}"
        labels = []
        for _ in range(rnd.choice((0, 1, 1, 2))):
            scheme = catalog.labels[rnd.choice(g.accepted_labels or tuple(catalog.labels))]
            grade = rnd.choice(scheme.grades.scale) if scheme.grades else None
            labels.append((scheme.id, grade))
        attributes: dict[str, Any] = {}
        for spec in rnd.sample(numeric, k=min(2, len(numeric))):
            lo = int(spec.minimum if spec.minimum is not None else 0)
            hi = int(spec.maximum if spec.maximum is not None else 100)
            attributes[spec.id] = rnd.randint(lo, max(lo, min(hi, lo + 200)))
        out.append((desc, "cái", rnd.randrange(10_000, 50_000_000), labels, attributes))
    return out


def items(mix: str, n: int, seed: int = 7) -> list[LineItem]:
    rnd = random.Random(seed)
    if mix == "unique":
        return [_item(i, PRODUCTS[i % len(PRODUCTS)], rnd, True) for i in range(n)]
    if mix == "diverse":
        products = _diverse_products(gp.load_catalog(), 20_000, rnd)
        out = []
        for i in range(n):
            desc, unit, price, labels, attributes = rnd.choice(products)
            claims = tuple(LabelClaim(s, g, None, datetime.date(2024, 1, 1) + datetime.timedelta(
                days=rnd.randrange(1400)) if rnd.random() < 0.8 else None) for s, g in labels)
            out.append(LineItem(str(i), desc, rnd.randrange(1, 500), price + rnd.randrange(100_000), unit, None, None,
                                claims, attributes))
        return out
    weights = [1 / (k + 1) for k in range(len(PRODUCTS))]       # Zipf, s = 1
    return [_item(i, rnd.choices(PRODUCTS, weights)[0], rnd, False) for i in range(n)]


class _NoStore(dict):  # type: ignore[type-arg]
    """A dictionary that keeps nothing: a memo turned off from outside."""

    def __setitem__(self, key: Any, value: Any) -> None:
        pass


def all_memos_off(engine: Engine) -> None:
    """Every ``*_cache`` dictionary of the engine and its enricher keeps nothing, and every
    ``lru_cache`` of the package is unwrapped (see the module docstring)."""
    for owner in (engine, getattr(engine, "_enricher", None), getattr(engine, "_matcher", None)):
        if owner is None:
            continue
        for name, value in list(vars(owner).items()):
            if name.endswith("_cache") and type(value) is dict:
                setattr(owner, name, _NoStore())
            elif hasattr(value, "cache_clear") and hasattr(value, "__wrapped__"):
                setattr(owner, name, value.__wrapped__)
    for mod_name, mod in list(sys.modules.items()):
        if mod_name.startswith("green_procurement") and mod is not None:
            for name, value in list(vars(mod).items()):
                if hasattr(value, "cache_clear") and hasattr(value, "__wrapped__"):
                    setattr(mod, name, value.__wrapped__)
            for value in list(vars(mod).values()):       # classes whose methods are lru-wrapped
                if isinstance(value, type) and value.__module__ == mod_name:
                    for attr, member in list(vars(value).items()):
                        if hasattr(member, "cache_clear") and hasattr(member, "__wrapped__"):
                            setattr(value, attr, member.__wrapped__)


def rate(engine: Engine, batch: list[LineItem], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        # every timed pass starts with no result memoised (setting cache_size clears the caches),
        # or the second pass over the same items would only measure cache hits
        engine.cache_size = engine.cache_size
        t = time.process_time()
        for it in batch:
            engine.evaluate_line(it, ON, entity="Sở Tài chính", funding="state-budget")
        best = min(best, time.process_time() - t)
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


def measure(args: argparse.Namespace) -> dict[str, Any]:
    """items/s per mix and per rule count, for both backends."""
    ruleset = gp.load_ruleset()
    engines = {b: Engine(ruleset, b) for b in ("durable", "python")}
    if args.no_cache or args.all_memos_off:
        for e in engines.values():
            e.cache_size = 0
            if args.all_memos_off:
                all_memos_off(e)
    out: dict[str, Any] = {"mixes": {}, "rules": {}}
    for mix in args.mix.split(","):
        batch = items(mix, args.items)
        for e in engines.values():          # warm up code paths
            rate(e, batch[:2000], 1)
        out["mixes"][mix] = {b: rate(e, batch, args.repeat) for b, e in engines.items()}
    batch = items("unique", max(args.items // 4, 2000))
    for n in (15, 60, 240):
        rs = scaled(ruleset, n)
        scaled_engines = {b: Engine(rs, b) for b in ("durable", "python")}
        for e in scaled_engines.values():
            if args.no_cache or args.all_memos_off:
                e.cache_size = 0
                if args.all_memos_off:
                    all_memos_off(e)
            rate(e, batch[:500], 1)
        out["rules"][str(n)] = {b: rate(e, batch, args.repeat) for b, e in scaled_engines.items()}
        for e in scaled_engines.values():
            e.close()
    return out


class _Bursts:
    """One build's engines and items, measured a burst at a time: ``run(what, n)`` scores the next ``n``
    items of a mix (cycling) with a backend and returns the CPU seconds taken.  ``what`` is
    ``(mix, backend, rules)``; rules None: the shipped rules (the unique mix at a rule count otherwise)."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.ruleset = gp.load_ruleset()
        self.engines: dict[tuple[int | None, str], Engine] = {}
        self.batches: dict[str, list[LineItem]] = {}
        self.pos: dict[tuple[str, str, int | None], int] = {}

    def _engine(self, backend: str, rules: int | None) -> Engine:
        key = (rules, backend)
        if key not in self.engines:
            e = Engine(self.ruleset if rules is None else scaled(self.ruleset, rules), backend)
            if self.args.no_cache or self.args.all_memos_off:
                e.cache_size = 0
                if self.args.all_memos_off:
                    all_memos_off(e)
            self.engines[key] = e
        return self.engines[key]

    def run(self, what: tuple[str, str, int | None], n: int) -> float:
        mix, backend, rules = what
        engine = self._engine(backend, rules)
        if mix not in self.batches:
            self.batches[mix] = items(mix, self.args.items)
        batch = self.batches[mix]
        pos = self.pos.get(what)
        if pos is None:
            # first burst: untimed, warm the code paths up and let durable compile (and tune) its programs,
            # on other items of the mix (the same ones would leave a baseline's memos holding them)
            for it in items(mix, self.args.items, seed=8):
                engine.evaluate_line(it, ON, entity="Sở Tài chính", funding="state-budget")
            pos = 0
        engine.cache_size = engine.cache_size    # no result memoised from an earlier burst
        chunk = [batch[(pos + k) % len(batch)] for k in range(n)]
        self.pos[what] = pos + n
        t = time.process_time()
        for it in chunk:
            engine.evaluate_line(it, ON, entity="Sở Tài chính", funding="state-budget")
        return time.process_time() - t


def serve(args: argparse.Namespace) -> None:
    """The baseline's side of :func:`interleaved`: a burst per line of stdin, its CPU seconds on stdout."""
    bursts = _Bursts(args)
    for line in sys.stdin:
        mix, backend, rules, n = json.loads(line)
        print(json.dumps(bursts.run((mix, backend, rules), n)), flush=True)


def interleaved(args: argparse.Namespace) -> dict[str, Any]:
    """Items per CPU second of this build and of ``args.baseline``, from bursts run in turn."""
    cmd = [args.baseline, str(Path(__file__).resolve()), "--installed", "--serve", "--items", str(args.items)] \
        + (["--no-cache"] if args.no_cache else []) + (["--all-memos-off"] if args.all_memos_off else [])
    other = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd="/")
    assert other.stdin is not None and other.stdout is not None
    mine = _Bursts(args)

    def theirs(what: tuple[str, str, int | None], n: int) -> float:
        assert other.stdin is not None and other.stdout is not None
        other.stdin.write(json.dumps([*what, n]) + "\n")
        other.stdin.flush()
        line = other.stdout.readline()
        if not line:
            raise SystemExit(f"the baseline {args.baseline} stopped (see its error above)")
        return float(json.loads(line))

    whats: list[tuple[str, tuple[str, str, int | None]]] = []
    for mix in args.mix.split(","):
        whats += [(f"mix:{mix}", (mix, b, None)) for b in ("durable", "python")]
    for n in (15, 60, 240):
        whats += [(f"rules:{n}", ("unique", b, n)) for b in ("durable", "python")]
    out: dict[str, Any] = {}
    try:
        for name, what in whats:
            cpu = {"this": 0.0, "base": 0.0}
            for r in range(args.rounds):
                order = (("this", mine.run), ("base", theirs)) if r % 4 in (0, 3) else \
                    (("base", theirs), ("this", mine.run))
                for who, run in order:
                    cpu[who] += run(what, args.burst)
            done = args.rounds * args.burst
            out.setdefault(name, {})[what[1]] = (done / cpu["this"], done / cpu["base"])
    finally:
        other.stdin.close()
        other.wait()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-cache", action="store_true", help="turn the result caches off")
    ap.add_argument("--all-memos-off", action="store_true",
                    help="also empty every *_cache dictionary and unwrap every lru_cache, in both builds")
    ap.add_argument("--mix", default=",".join(MIXES), help="comma-separated mixes (default: all three)")
    ap.add_argument("--baseline", metavar="PYTHON", help="an interpreter with another installed version")
    ap.add_argument("--burst", type=int, default=1000, help="items per burst with --baseline (default 1,000)")
    ap.add_argument("--rounds", type=int, default=20, help="bursts per build and case with --baseline")
    ap.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--installed", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve:
        serve(args)
        return
    print(f"# bench_engine on {platform.node()} ({platform.machine()}, {os.cpu_count()} CPUs), "
          f"Python {platform.python_version()}, {datetime.datetime.now().isoformat(timespec='seconds')}")
    memos = "every memo off" if args.all_memos_off else "caches off" if args.no_cache else "caches on"
    if args.baseline:
        print(f"# {args.items:,} items per mix; shipped rules; {memos}; baseline {args.baseline}: the same items "
              f"and engines in a second process, {args.rounds} bursts of {args.burst:,} items each, in turn "
              "(items per CPU second over all bursts)")
        table = interleaved(args)
        print(f"\n{'case':<11} {'durable':>9} {'baseline':>9} {'ratio':>7}   {'reference':>9} {'baseline':>9} "
              f"{'ratio':>7}   {'durable/reference':>17}")
        for name, r in table.items():
            (d, db), (p, pb) = r["durable"], r["python"]
            print(f"{name:<11} {d:>9,.0f} {db:>9,.0f} {d / db:>6.2f}x   {p:>9,.0f} {pb:>9,.0f} {p / pb:>6.2f}x   "
                  f"{d / p:>17.2f}")
        return
    print(f"# {args.items:,} items per mix, best of {args.repeat} (items per CPU second); shipped rules; {memos}")
    this = measure(args)
    head = f"{'durable items/s':>16} {'reference items/s':>18} {'durable/reference':>18}"
    for title, table_ in (("mix", this["mixes"]), ("rules", this["rules"])):
        print(f"\n{title:<10} {head}")
        for name, r in table_.items():
            print(f"{name:<10} {r['durable']:>16,.0f} {r['python']:>18,.0f} {r['durable'] / r['python']:>18.2f}")


if __name__ == "__main__":
    main()
