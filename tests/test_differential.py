"""The durable-rules backend against the reference evaluator: identical findings, always.

Hypothesis draws random *valid* rule sets (conditions over every field, operator, combinator and
label quantifier, with parameters, negations and patterns) and random items around the rules'
thresholds; both backends must return the same met rules for every applicable rule, and the same
result JSON.  CI runs at least 2,000 rule sets (the ``ci`` profile is derandomised).
"""

from __future__ import annotations

import datetime
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from green_procurement.catalog import load_catalog
from green_procurement.engine import Engine
from green_procurement.rules import RuleSet, Scoring

from .conftest import MINI
from .strategies import mini_requests, rule_lists

CATALOG = load_catalog(MINI / "catalog")
DAYS = st.sampled_from([datetime.date(2024, 12, 31), datetime.date(2025, 6, 1), datetime.date(2026, 1, 1)])


def engines(rules: list) -> tuple[Engine, Engine]:
    rs = RuleSet(CATALOG, tuple(rules), Scoring(70, "reject"), "<generated>", ())
    return Engine(rs, "durable"), Engine(rs, "python")


@settings(max_examples=2000)
@given(rule_lists(), st.lists(mini_requests(), min_size=1, max_size=3), DAYS)
def test_backends_agree_on_every_finding(rules: list, requests: list, on: datetime.date) -> None:
    durable, python = engines(rules)
    assert durable.backend == "durable"
    try:
        for req in requests:
            for i in range(len(req.items)):
                enriched = python.enrich(req, i, on)
                applicable = python.applicable(enriched.group, on)
                want = python._matcher.met(enriched.fact, applicable)
                got = durable._matcher.met(enriched.fact, applicable)
                assert got == want, (enriched.fact, [r.id for r in applicable])
            a = json.dumps(durable.evaluate(req, on).to_dict(), ensure_ascii=False)
            b = json.dumps(python.evaluate(req, on).to_dict(), ensure_ascii=False)
            assert a == b
    finally:
        durable.close()
