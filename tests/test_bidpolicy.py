"""Bid preference settings (``rules/bids.yaml``, green_procurement.bidpolicy): loading and located
validation."""

from __future__ import annotations

import datetime
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from green_procurement.catalog import Catalog
from green_procurement.rules import check_rules, rule_files

from .conftest import ROOT

SHIPPED = (ROOT / "rules" / "bids.yaml").read_text(encoding="utf-8")


def _rules(tmp_path: Path, text: str | None) -> Path:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    if text is None:
        (rules / "bids.yaml").unlink()
    else:
        (rules / "bids.yaml").write_text(text, encoding="utf-8")
    return rules


def test_the_shipped_settings(catalog: Catalog) -> None:
    ruleset, problems = check_rules(catalog, ROOT / "rules")
    assert ruleset is not None and problems == []
    assert ruleset.bids is not None
    assert "bids.yaml" in dict(ruleset.files)                       # in the version hash
    assert all(p.name != "bids.yaml" for p in rule_files(ROOT / "rules"))
    assert ruleset.bids.regime(datetime.date(2025, 8, 3)) is None     # Decree 24/2024 is not encoded
    regime = ruleset.bids.regime(datetime.date(2025, 8, 4))
    assert regime is not None and regime.id == "ND214-2025"
    o = regime.origin
    assert o is not None and (o.country, o.min_domestic_cost_pct, o.full_domestic_cost_pct) == ("VN", 30, 50)
    assert (o.some_full_not_preferred.pct, o.none_full_not_preferred.pct) == (10, Decimal("7.5"))
    assert o.some_full_below_full is not None and o.some_full_below_full.pct == Decimal("2.5")
    assert o.none_full_below_full is None
    assert regime.eco_label is not None and regime.eco_label.margin.pct == 0      # the law sets none
    for m in (o.some_full_not_preferred, o.some_full_below_full, o.none_full_not_preferred,
              regime.eco_label.margin):
        assert "214/2025" in m.basis


def test_a_rules_folder_without_bids_yaml_loads(tmp_path: Path, catalog: Catalog) -> None:
    ruleset, problems = check_rules(catalog, _rules(tmp_path, None))
    assert ruleset is not None and ruleset.bids is None and problems == []


@pytest.mark.parametrize(("old", "new", "code", "line"), [
    ("      min_domestic_cost_pct: 30", "      min_domestic_cost_pct: 130", "out-of-range", None),
    ("      full_domestic_cost_pct: 50", "      full_domestic_cost_pct: 20", "out-of-range", None),
    ("          pct: 2.5", "          pct: two", "wrong-type", None),
    ("      country: VN", "      country: Vietnam", "bad-value", None),
    ("      country: VN", "      contry: VN", "unknown-key", None),
    ("          rule_id: BID-ORIGIN-02", "          rule_id: BID-ORIGIN-01", "duplicate-id", None),
    ("          rule_id: BID-ORIGIN-02", "          rule_id: bid origin 2", "bad-id", None),
    ("        any_label: {kind: {in: [green, energy]}, recognised: true, valid: true}",
     "        any_label: {kind: {in: [green, energy]}, recognized: true}", "unknown-field", None),
    ("    effective: {from: 2025-08-04, to: null}", "    effective: {from: 2025-08-04, to: 2025-01-01}",
     "bad-effective", None),
    ("  - id: ND214-2025", "  - id: ND214-2025\n    extra: 1", "unknown-key", None),
])
def test_problems_are_located(tmp_path: Path, catalog: Catalog, old: str, new: str, code: str,
                              line: int | None) -> None:
    assert old in SHIPPED
    ruleset, problems = check_rules(catalog, _rules(tmp_path, SHIPPED.replace(old, new, 1)))
    assert ruleset is None
    hits = [p for p in problems if p.code == code]
    assert hits, [p.format() for p in problems]
    assert hits[0].path.endswith("bids.yaml") and hits[0].line is not None and hits[0].column is not None
    assert hits[0].message_vi


def test_a_margin_needs_its_basis(tmp_path: Path, catalog: Catalog) -> None:
    text = SHIPPED.replace("      pct: 0\n      basis: >-", "      pct: 0\n      bass: >-", 1)
    _, problems = check_rules(catalog, _rules(tmp_path, text))
    assert {"missing-key", "unknown-key"} <= {p.code for p in problems}


def test_overlapping_periods_are_refused(tmp_path: Path, catalog: Catalog) -> None:
    body = SHIPPED[SHIPPED.index("  - id: ND214-2025"):]
    second = body.replace("ND214-2025", "ND214-BIS").replace("BID-ORIGIN-0", "BID-X-0").replace(
        "BID-ECO-01", "BID-X-ECO").replace("{from: 2025-08-04, to: null}", "{from: 2026-01-01, to: null}")
    _, problems = check_rules(catalog, _rules(tmp_path, SHIPPED + second))
    assert [p.code for p in problems] == ["bad-effective"]
    assert "overlap" in problems[0].message


def test_the_top_key_is_required(tmp_path: Path, catalog: Catalog) -> None:
    _, problems = check_rules(catalog, _rules(tmp_path, "rules: []\n"))
    assert {p.code for p in problems} >= {"missing-key"}
