"""The project's rule matching against two peer engines, on the same enriched items, in one process.

    pip install ".[bench]"            # zen-engine and rule-engine
    python benchmarks/bench_peers.py [--items 20000] [--repeat 3]

Three rules of the shipped defaults — GPP-LABEL-01 (a valid, recognised label accepted for the group),
GPP-ENERGY-01 (energy grade at or above the group's minimum, or an accepted endorsement or eco-label)
and GPP-MATERIAL-01 (recycled content at or above the group's minimum, or an accepted eco-label or
recycling label) — are run on the same enriched items (facts, as the engine builds them) by:

* the project, durable-rules backend, result caches off;
* the project, reference backend (the compiled recording interpreter);
* GoRules zen-engine, a JDM graph (input node -> an expression node with one expression per rule ->
  output node), run with ``ZenEngine.evaluate`` and a loader (the fastest of its graph calls here);
* rule-engine, one ``Rule`` per rule.

The peers get the same facts with absent parts written as empty (their languages have no "absent"),
made before timing.  Each engine's answer (which of the three rules apply and are met) is checked
against the project's reference backend item by item; any difference stops the run.  Items/s are the
best of R runs; the machine, Python and date are printed, and ratios are measured in this one run.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import green_procurement as gp
from green_procurement.engine import Engine
from green_procurement.model import LabelClaim, LineItem

ON = datetime.date(2025, 6, 1)
RULES = ("GPP-LABEL-01", "GPP-ENERGY-01", "GPP-MATERIAL-01")

# -- the three rules in the peers' languages (hand-written from rules/*.yaml) ----------------------------

ZEN = {
    "GPP-LABEL-01": "some(tags, # == 'label-based') and some(labels, #.accepted and #.recognised and #.valid)",
    "GPP-ENERGY-01": (
        "some(tags, # == 'energy-label') and ("
        "some(labels, #.scheme == 'vn-energy' and #.valid and #.grade != null and param.min_energy_grade != null"
        " and #.grade >= param.min_energy_grade)"
        " or (attributes.energy_grade != null and param.min_energy_grade != null"
        " and attributes.energy_grade >= param.min_energy_grade)"
        " or some(labels, (#.scheme == 'vn-energy-endorsement' or #.scheme == 'energy-star') and #.accepted"
        " and #.valid)"
        " or some(labels, #.kind == 'green' and #.accepted and #.recognised and #.valid))"),
    "GPP-MATERIAL-01": (
        "group == 'office-paper' and ("
        "(attributes.recycled_content_pct != null and param.min_recycled_content_pct != null"
        " and attributes.recycled_content_pct >= param.min_recycled_content_pct)"
        " or some(labels, (#.kind == 'green' or #.kind == 'recycling') and #.accepted and #.recognised"
        " and #.valid))"),
}

RULE_ENGINE = {
    "GPP-LABEL-01": ("'label-based' in tags and "
                     "[l for l in labels if l['accepted'] and l['recognised'] and l['valid']].length > 0"),
    "GPP-ENERGY-01": (
        "'energy-label' in tags and ("
        "[l for l in labels if l['scheme'] == 'vn-energy' and l['valid'] and l&['grade'] != null"
        " and param&['min_energy_grade'] != null and l['grade'] >= param['min_energy_grade']].length > 0"
        " or (attributes&['energy_grade'] != null and param&['min_energy_grade'] != null"
        " and attributes['energy_grade'] >= param['min_energy_grade'])"
        " or [l for l in labels if l['scheme'] in ['vn-energy-endorsement', 'energy-star'] and l['accepted']"
        " and l['valid']].length > 0"
        " or [l for l in labels if l['kind'] == 'green' and l['accepted'] and l['recognised']"
        " and l['valid']].length > 0)"),
    "GPP-MATERIAL-01": (
        "group == 'office-paper' and ("
        "(attributes&['recycled_content_pct'] != null and param&['min_recycled_content_pct'] != null"
        " and attributes['recycled_content_pct'] >= param['min_recycled_content_pct'])"
        " or [l for l in labels if l['kind'] in ['green', 'recycling'] and l['accepted'] and l['recognised']"
        " and l['valid']].length > 0)"),
}

# -- items ----------------------------------------------------------------------------------------------

PRODUCTS = [
    ("Giấy A4 Double A 80gsm", "ram", 75_000), ("Giấy in văn phòng A4 70gsm", "ram", 68_000),
    ("Máy điều hòa Daikin Inverter 1.5HP", "bộ", 12_900_000), ("Máy lạnh Panasonic 1HP", "bộ", 8_490_000),
    ("Bóng đèn LED bulb 9W Rạng Đông", "bóng", 45_000), ("Đèn tuýp LED T8 1m2 18W", "bộ", 95_000),
    ("Máy tính xách tay Dell Latitude 5440", "chiếc", 18_500_000), ("Màn hình máy tính Dell 24 inch", "chiếc",
                                                                   4_390_000),
    ("Máy in laser HP LaserJet Pro", "chiếc", 7_900_000), ("Tủ lạnh Samsung Inverter 256 lít", "chiếc", 9_990_000),
    ("Bút bi Thiên Long TL-027", "hộp", 55_000), ("Bìa hồ sơ nhựa A4", "cái", 12_000),
    ("Nước rửa chén Sunlight 3.6kg", "can", 125_000), ("Bàn làm việc gỗ", "cái", 2_800_000),
]
SCHEMES = [("vn-energy", [3, 4, 5]), ("vn-ecolabel", [None]), ("energy-star", [None]), ("epeat", ["gold", "silver"]),
           ("eu-ecolabel", [None]), ("vn-energy-endorsement", [None]), ("self-declared", [None])]


def items(n: int, seed: int = 5) -> list[LineItem]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        desc, unit, price = rnd.choice(PRODUCTS)
        claims = []
        for _ in range(rnd.choice([0, 1, 1, 2])):
            scheme, grades = rnd.choice(SCHEMES)
            until = None if rnd.random() < 0.2 else ON + datetime.timedelta(days=rnd.randrange(-400, 900))
            claims.append(LabelClaim(scheme, rnd.choice(grades), None, until))
        attributes: dict[str, Any] = {}
        if rnd.random() < 0.5:
            attributes["recycled_content_pct"] = Decimal(rnd.randrange(0, 1000)) / 10
        if rnd.random() < 0.3:
            attributes["energy_grade"] = rnd.randrange(1, 6)
        out.append(LineItem(str(i), f"{desc} lô {i}", rnd.randrange(1, 200), price + rnd.randrange(1000), unit,
                            None, None, tuple(claims), attributes))
    return out


def peer_view(fact: dict[str, Any]) -> dict[str, Any]:
    """The fact with absent parts written as empty, numbers as floats (the peers' input)."""
    def number(v: Any) -> Any:
        return float(v) if isinstance(v, Decimal) else v
    return {"group": fact.get("group"), "tags": list(fact.get("tags", [])),
            "labels": [{k: number(v) for k, v in lab.items()} for lab in fact.get("labels", [])],
            "attributes": {k: number(v) for k, v in fact.get("attributes", {}).items()},
            "param": {k: number(v) for k, v in fact.get("param", {}).items()}}


def best(fn: Callable[[], None], n: int, repeat: int) -> float:
    top = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        top = min(top, time.perf_counter() - t)
    return n / top


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    try:
        import rule_engine
        import zen
    except ImportError:
        sys.exit('bench_peers needs the peers: pip install ".[bench]" (zen-engine, rule-engine)')
    from importlib.metadata import version

    print(f"# bench_peers on {platform.node()} ({platform.machine()}, {os.cpu_count()} CPUs), Python "
          f"{platform.python_version()}, {datetime.datetime.now().isoformat(timespec='seconds')}")
    print(f"# zen-engine {version('zen-engine')}, rule-engine {version('rule-engine')}, "
          f"green-procurement {version('green-procurement')}; {args.items:,} items, best of {args.repeat}")
    full = gp.load_ruleset()
    ruleset = attrs.evolve(full, rules=tuple(full.rule(r) for r in RULES))
    engines = {b: Engine(ruleset, b) for b in ("durable", "python")}
    for e in engines.values():
        e.cache_size = 0
    ref = engines["python"]
    batch = items(args.items)
    enriched = [ref._enricher.enrich_line(it, ON) for it in batch]
    facts = [x.fact for x in enriched]
    applicable = [ref.applicable(x.group, ON) for x in enriched]
    views = [peer_view(f) for f in facts]
    expected = [frozenset(ref._matcher.met(f, a)) for f, a in zip(facts, applicable, strict=True)]

    graph = json.dumps({
        "nodes": [{"id": "in", "type": "inputNode", "name": "Request", "position": {"x": 0, "y": 0}},
                  {"id": "rules", "type": "expressionNode", "name": "Rules", "position": {"x": 200, "y": 0},
                   "content": {"expressions": [{"id": f"e{i}", "key": rid, "value": ZEN[rid]}
                                               for i, rid in enumerate(RULES)]}},
                  {"id": "out", "type": "outputNode", "name": "Response", "position": {"x": 400, "y": 0}}],
        "edges": [{"id": "a", "sourceId": "in", "targetId": "rules", "type": "edge"},
                  {"id": "b", "sourceId": "rules", "targetId": "out", "type": "edge"}]})
    # ZenEngine.evaluate with a loader keeps the parsed graph (10x faster than ZenDecision.evaluate here)
    zen_engine = zen.ZenEngine({"loader": lambda key: graph})
    context = rule_engine.Context(resolver=rule_engine.resolve_item, default_value=None)
    compiled = {rid: rule_engine.Rule(RULE_ENGINE[rid], context=context) for rid in RULES}

    def project(name: str) -> Callable[[int], frozenset[str]]:
        matcher = engines[name]._matcher
        return lambda i: frozenset(matcher.met(facts[i], applicable[i]))

    def zen_met(i: int) -> frozenset[str]:
        result = zen_engine.evaluate("rules.json", views[i])["result"]
        return frozenset(rid for rid in RULES if result[rid])

    def rule_engine_met(i: int) -> frozenset[str]:
        return frozenset(rid for rid, rule in compiled.items() if rule.matches(views[i]))

    runners = {"project, durable-rules (caches off)": project("durable"),
               "project, reference (compiled interpreter)": project("python"),
               "zen-engine, JDM expression graph": zen_met,
               "rule-engine": rule_engine_met}
    rates = {}
    for name, run in runners.items():
        for i in range(len(batch)):           # checked item by item before timing
            if run(i) != expected[i]:
                sys.exit(f"{name} disagrees on item {i}: {sorted(run(i))} != {sorted(expected[i])}\n"
                         f"{json.dumps(views[i], ensure_ascii=False)}")
        rates[name] = best(lambda run=run: [run(i) for i in range(len(batch))], len(batch), args.repeat)
    met = sum(len(e) for e in expected)
    print(f"# every engine gave the same answer on all {len(batch):,} items ({met:,} rules met in all)\n")
    zen_rate = rates["zen-engine, JDM expression graph"]
    print(f"{'engine':<44} {'items/s':>12} {'vs zen graph':>13}")
    for name, rate in rates.items():
        print(f"{name:<44} {rate:>12,.0f} {rate / zen_rate:>13.2f}")
    for e in engines.values():
        e.close()


if __name__ == "__main__":
    main()
