"""Classification quality on real procurement descriptions: coverage, precision, wrong priority groups.

    python benchmarks/bench_classify.py [--set benchmarks/classification/descriptions.csv]
                                        [--catalog DIR] [--errors dev] [--baseline PYTHON]
    python benchmarks/bench_classify.py --speed [--against CHECKOUT] [--items N] [--repeat R]

The labelled set (``benchmarks/classification/``, see its README) holds real Vietnamese descriptions
published by public buyers, each labelled with the product group it belongs to (``none`` when it belongs
to no shipped group, ``mixed`` when it names goods of several groups), split by source document into
``dev`` (used while tuning the catalogue) and ``test`` (kept aside: only its totals are printed).

Figures per split:

* coverage — share of rows given a group;
* precision — share of groups given that are the labelled group;
* wrong priority — share of priority-group assignments that are wrong (target <= 2 %);
* recall — share of rows that clearly belong to a shipped group (``clear=yes``) given that group
  (target >= 95 %);
* mixed found — share of ``mixed`` rows left unclassified with two or more groups listed;
* invariance — rows whose group changes when the text is written in NFD, upper case or without
  diacritics (must be 0).

Then a confusion table per labelled group (label -> groups given) of the dev split, or with
``--confusion test`` of the test split (for the report, not for tuning).  ``--errors dev`` lists the dev
rows classified wrongly (never the test rows).  ``--baseline PYTHON``
runs the same on another installed version (e.g. main's wheel) and prints its figures beside.

``--speed`` times classification alone (``Classifier.classify`` of a description, no code, no memo) on
bench_engine's ``unique`` and ``diverse`` descriptions and on this set, and prints µs per description.
With ``--against CHECKOUT`` (a source tree, e.g. ``/work/main``) the same descriptions are also timed
with that tree's library, each version in its own subprocess of this interpreter, the two timed pass by
pass in turn (best of ``--repeat`` passes each), and compared: the ratio other/this, and whether every
classification (``to_dict``: group, evidence, reason, groups found, vetoes, package; and the names of
the groups found) is identical.
"""

from __future__ import annotations

import argparse
import collections
import csv
import datetime
import json
import os
import platform
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_SET = HERE / "classification" / "descriptions.csv"
#: Group ids renamed since the set was labelled: old label -> ids that count as right.
RENAMED: dict[str, tuple[str, ...]] = {"vehicle": ("car", "motorcycle")}  # split by issue 14
#: Groups added to the catalogue after the set was labelled: a row labelled ``none`` with this cue (the
#: labeller's reason) is right when given one of these groups.
ADDED: dict[str, tuple[str, ...]] = {
    "special_vehicle": ("special-vehicle",),
    # service groups added by issue 14 (accommodation and venues, equipment rental, waste collection, laundry)
    "service": ("accommodation-venue", "equipment-rental", "waste-collection", "laundry-service"),
    "rental": ("accommodation-venue", "equipment-rental"),
}


def _classify_all(rows: list[dict[str, str]], catalog: str | None) -> list[dict[str, Any]]:
    """Run in the interpreter under test: group, groups found and reason per row (and variants)."""
    from green_procurement.catalog import load_catalog
    from green_procurement.classify import Classifier

    clf = Classifier(load_catalog(catalog))
    out = []
    for r in rows:
        text = r["description"]
        c = clf.classify(text)
        found = tuple(getattr(c, "groups_found", ()) or ())
        variants = {
            "nfd": unicodedata.normalize("NFD", text),
            "upper": text.upper(),
            "ascii": "".join(ch for ch in unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
                             if not unicodedata.combining(ch)),
        }
        changed = [k for k, v in variants.items() if k != "ascii" and
                   (clf.classify(v).group or None) != c.group]
        out.append({"group": c.group.id if c.group else None, "found": list(found),
                    "by": c.by, "evidence": c.evidence, "reason": c.reason, "variant_changes": changed})
    return out


def _groups(catalog: str | None) -> dict[str, bool]:
    from green_procurement.catalog import load_catalog

    return {g.id: g.priority for g in load_catalog(catalog).groups.values()}


def _right(label: str, group: str | None, cue: str = "") -> bool:
    if group is None:
        return False
    if label == "none":
        return group in ADDED.get(cue, ())
    return group == label or group in RENAMED.get(label, ())


def figures(rows: list[dict[str, str]], preds: list[dict[str, Any]], priority: dict[str, bool],
            labelled: set[str]) -> dict[str, Any]:
    n = len(rows)
    given = [(r, p) for r, p in zip(rows, preds, strict=True) if p["group"]]
    # precision is over the groups the set was labelled with (and those ADDED for a labeller's cue):
    # a group added later for context (furniture, medical...) given to a "none" row is not a mistake
    judged = [(r, p) for r, p in given if p["group"] in labelled]
    right = [1 for r, p in judged if _right(r["label"], p["group"], r["cue"])]
    prio = [(r, p) for r, p in given if priority.get(p["group"], False)]
    wrong_prio = [1 for r, p in prio if not _right(r["label"], p["group"], r["cue"])]
    clear = [(r, p) for r, p in zip(rows, preds, strict=True) if r["clear"] == "yes" and r["label"] not in
             ("none", "mixed")]
    found = [1 for r, p in clear if _right(r["label"], p["group"], r["cue"])]
    mixed = [(r, p) for r, p in zip(rows, preds, strict=True) if r["label"] == "mixed"]
    mixed_ok = [1 for r, p in mixed if not p["group"] and len(p["found"]) >= 2]
    changes = sum(1 for p in preds if p["variant_changes"])

    def pct(a: int, b: int) -> str:
        return f"{100 * a / b:.1f} %" if b else "—"

    return {"rows": n, "coverage": pct(len(given), n), "precision": pct(len(right), len(judged)),
            "wrong_priority": f"{pct(len(wrong_prio), len(prio))} ({len(wrong_prio)}/{len(prio)})",
            "recall": f"{pct(len(found), len(clear))} ({len(found)}/{len(clear)})",
            "mixed_found": f"{pct(len(mixed_ok), len(mixed))} ({len(mixed_ok)}/{len(mixed)})",
            "invariance_breaks": changes}


def run_here(rows: list[dict[str, str]], catalog: str | None) -> tuple[list[dict[str, Any]], dict[str, bool]]:
    return _classify_all(rows, catalog), _groups(catalog)


def run_baseline(python: str, set_path: Path, catalog: str | None) -> tuple[list[dict[str, Any]], dict[str, bool]]:
    """Classify with another interpreter (another installed version), through this same script."""
    cmd = [python, str(Path(__file__).resolve()), "--set", str(set_path), "--dump"]
    if catalog:
        cmd += ["--catalog", catalog]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd="/").stdout
    data = json.loads(out)
    return data["preds"], data["priority"]


def _old_classify_all(rows: list[dict[str, str]], catalog: str | None) -> list[dict[str, Any]]:
    """An installed version without green_procurement.classify (before the classifier had its module)."""
    from green_procurement.catalog import load_catalog
    from green_procurement.enrich import classify

    cat = load_catalog(catalog)
    out = []
    for r in rows:
        c = classify(cat, r["description"])
        nfd = classify(cat, unicodedata.normalize("NFD", r["description"]))
        out.append({"group": c.group.id if c.group else None, "found": [], "by": c.by, "evidence": c.evidence,
                    "reason": c.reason, "variant_changes": [] if nfd.group == c.group else ["nfd"]})
    return out


def _speed_worker(root: str, data: str) -> None:
    """In a subprocess: import the library from ``root`` and classify the sets of descriptions in
    ``data``; then, for each line read, time one pass over the set it names and print µs per
    description; at end of input print every classification (``to_dict`` and group names) as JSON."""
    import time

    sys.path.insert(0, root)
    from green_procurement.catalog import load_catalog
    from green_procurement.classify import Classifier

    sets = json.loads(Path(data).read_text("utf-8"))
    clf = Classifier(load_catalog())
    classify = clf.classify
    results = {name: [[classify(t).to_dict(), list(classify(t).found_names)] for t in texts]
               for name, texts in sets.items()}           # and a warm-up
    print(json.dumps({"module": sys.modules["green_procurement"].__file__}), flush=True)
    for line in sys.stdin:
        texts = sets[line.strip()]
        start = time.perf_counter()
        for t in texts:
            classify(t)
        print(1e6 * (time.perf_counter() - start) / len(texts), flush=True)
    print(json.dumps(results, default=str))


def speed(args: argparse.Namespace, rows: list[dict[str, str]]) -> None:
    """Time classification alone in this checkout (and ``--against``'s): each version in a subprocess
    of its own, the two driven pass by pass in turn, so that the machine's drift hits both alike."""
    import tempfile

    sys.path.insert(0, str(HERE))
    import bench_engine

    sets = {mix: [it.description for it in bench_engine.items(mix, args.items)] for mix in ("unique", "diverse")}
    sets["descriptions.csv"] = [r["description"] for r in rows]
    print(f"# bench_classify --speed on {platform.node()} ({platform.machine()}, {os.cpu_count()} CPUs), "
          f"Python {platform.python_version()}, {datetime.datetime.now().isoformat(timespec='seconds')}")
    print(f"# µs per description: Classifier.classify(description), no code; the best of {args.repeat} passes "
          "over each set, each version in its own subprocess, the versions pass by pass in turn")
    roots = {"this": str(HERE.parent)}
    if args.against:
        roots["against"] = str(Path(args.against).resolve())
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "sets.json"
        data.write_text(json.dumps(sets), "utf-8")
        procs = {name: subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--speed-worker", root,
                                         str(data)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                        cwd=tmp) for name, root in roots.items()}
        for name, proc in procs.items():
            assert proc.stdout is not None
            line = proc.stdout.readline()
            if not line:
                sys.exit(f"{name} ({roots[name]}) failed")
            print(f"# {name}: {json.loads(line)['module']}")
        us: dict[str, dict[str, float]] = {name: {} for name in procs}
        for _ in range(args.repeat):
            for set_name in sets:
                for name, proc in procs.items():
                    assert proc.stdin is not None and proc.stdout is not None
                    proc.stdin.write(set_name + "\n")
                    proc.stdin.flush()
                    t = float(proc.stdout.readline())
                    us[name][set_name] = min(t, us[name].get(set_name, t))
        results = {}
        for name, proc in procs.items():
            out, _ = proc.communicate("")
            results[name] = json.loads(out)
    print(f"\n{'set':<18} {'n':>6} " + " ".join(f"{k + ' µs':>12}" for k in procs) +
          ("   ratio against/this   identical" if "against" in procs else ""))
    for set_name, texts in sets.items():
        line = f"{set_name:<18} {len(texts):>6} " + " ".join(f"{us[k][set_name]:>12.2f}" for k in procs)
        if "against" in procs:
            a, b = results["against"][set_name], results["this"][set_name]
            diff = sum(1 for x, y in zip(a, b, strict=True) if x != y)
            line += f"   {us['against'][set_name] / us['this'][set_name]:>18.2f}×   " + \
                ("yes" if diff == 0 else f"NO: {diff} differ")
        print(line)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", type=Path, default=DEFAULT_SET)
    ap.add_argument("--catalog", default=None, help="catalogue directory (default: the installed one)")
    ap.add_argument("--errors", choices=["dev"], help="list the wrongly classified rows of the dev split")
    ap.add_argument("--confusion", choices=["dev", "test"], default="dev", help="split of the confusion table")
    ap.add_argument("--baseline", metavar="PYTHON", help="an interpreter with another installed version")
    ap.add_argument("--dump", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--speed", action="store_true", help="time classification alone (see the docstring)")
    ap.add_argument("--against", metavar="CHECKOUT", help="with --speed: another source tree to compare")
    ap.add_argument("--items", type=int, default=20_000, help="with --speed: bench_engine descriptions per mix")
    ap.add_argument("--repeat", type=int, default=15, help="with --speed: passes over each set (best counts)")
    ap.add_argument("--speed-worker", nargs=2, metavar=("ROOT", "DATA"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.speed_worker:
        _speed_worker(*args.speed_worker)
        return
    with args.set.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    if args.speed:
        speed(args, rows)
        return
    if args.dump:
        try:
            preds = _classify_all(rows, args.catalog)
        except ImportError:
            preds = _old_classify_all(rows, args.catalog)
        print(json.dumps({"preds": preds, "priority": _groups(args.catalog)}))
        return
    print(f"# bench_classify on {platform.node()} ({platform.machine()}), Python {platform.python_version()}, "
          f"{datetime.datetime.now().isoformat(timespec='seconds')}")
    print(f"# set: {args.set} ({len(rows)} rows)")
    runs = {"this": run_here(rows, args.catalog)}
    if args.baseline:
        runs["baseline"] = run_baseline(args.baseline, args.set, args.catalog)
    keys = ["rows", "coverage", "precision", "wrong_priority", "recall", "mixed_found", "invariance_breaks"]
    labelled = {r["label"] for r in rows} | {g for gs in ADDED.values() for g in gs} | {
        g for gs in RENAMED.values() for g in gs}
    print(f"\n{'version':<10} {'split':<6} " + " ".join(f"{k:>17}" for k in keys))
    for name, (preds, priority) in runs.items():
        for split in ("dev", "test"):
            idx = [i for i, r in enumerate(rows) if r["split"] == split]
            fig = figures([rows[i] for i in idx], [preds[i] for i in idx], priority, labelled)
            print(f"{name:<10} {split:<6} " + " ".join(f"{fig[k]!s:>17}" for k in keys))
    preds, priority = runs["this"]
    print(f"\nconfusion ({args.confusion}): label -> groups given (— = none)")
    table: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for r, p in zip(rows, preds, strict=True):
        if r["split"] != args.confusion:
            continue
        table[r["label"]][p["group"] or ("mixed" if len(p["found"]) >= 2 else "—")] += 1
    for label in sorted(table):
        total = sum(table[label].values())
        parts = ", ".join(f"{g} {n}" for g, n in table[label].most_common())
        print(f"  {label:<26} {total:>4}: {parts}")
    if args.errors == "dev":
        print("\nwrong on dev (label | given | reason | description):")
        for r, p in zip(rows, preds, strict=True):
            if r["split"] != "dev":
                continue
            wrong_group = p["group"] in labelled and not _right(r["label"], p["group"], r["cue"])
            missed = (r["clear"] == "yes" and r["label"] not in ("none", "mixed")
                      and not _right(r["label"], p["group"], r["cue"]))
            mixed_missed = r["label"] == "mixed" and (p["group"] or len(p["found"]) < 2)
            if wrong_group or missed or mixed_missed:
                print(f"  {r['id']} {r['label']} | {p['group'] or p['found'] or '—'} | "
                      f"{p['evidence'] or p['reason']} | {r['description'][:110]}")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
