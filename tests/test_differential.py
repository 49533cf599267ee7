"""The durable-rules backend against the reference evaluator: identical findings, always.

Hypothesis draws random *valid* rule sets (conditions over every field, operator, combinator and
label quantifier, with parameters, negations and patterns) and random items around the rules'
thresholds; both backends must return the same met rules for every applicable rule, and the same
result JSON; the durable backend's rules specialised per group and number of claims (and turned round
after their first fact, as after ``SAMPLE`` facts in use) must match as its generic program does.
CI runs at least 2,000 rule sets (the ``ci`` profile is derandomised).
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from green_procurement import _durable
from green_procurement._schema import Text
from green_procurement.catalog import load_catalog
from green_procurement.engine import Engine
from green_procurement.errors import InputError
from green_procurement.lang import ir
from green_procurement.model import LineItem, PurchaseRequest
from green_procurement.rules import AppliesTo, Rule, RuleSet, Scoring

from .conftest import MINI
from .strategies import mini_requests, rule_lists

CATALOG = load_catalog(MINI / "catalog")
ON = datetime.date(2025, 6, 1)
DAYS = st.sampled_from([datetime.date(2024, 12, 31), datetime.date(2025, 6, 1), datetime.date(2026, 1, 1)])


def engines(rules: list) -> tuple[Engine, Engine]:
    rs = RuleSet(CATALOG, tuple(rules), Scoring(70, "reject"), "<generated>", ())
    return Engine(rs, "durable"), Engine(rs, "python")


@pytest.mark.slow
@settings(max_examples=2000)
@given(rule_lists(), st.lists(mini_requests(), min_size=1, max_size=3), DAYS)
def test_backends_agree_on_every_finding(rules: list, requests: list, on: datetime.date) -> None:
    durable, python = engines(rules)
    generic = Engine(durable.ruleset, "durable")
    generic._matcher.specialise = False     # type: ignore[attr-defined]  # the rules as written only
    assert durable.backend == "durable"
    sample = _durable.SAMPLE
    _durable.SAMPLE = 1        # every specialised program is turned round after its first fact
    try:
        for req in requests:
            for i in range(len(req.items)):
                enriched = python.enrich(req, i, on)
                applicable = python.applicable(enriched.group, on)
                want = python._matcher.met(enriched.fact, applicable)
                got = durable._matcher.met(enriched.fact, applicable)
                assert got == want, (enriched.fact, [r.id for r in applicable])
                assert generic._matcher.met(enriched.fact, applicable) == want, enriched.fact
            a = json.dumps(durable.evaluate(req, on).to_dict(), ensure_ascii=False)
            b = json.dumps(python.evaluate(req, on).to_dict(), ensure_ascii=False)
            assert a == b
    finally:
        _durable.SAMPLE = sample
        durable.close()
        generic.close()


# -- the line cache: a repeated item reuses its result only when nothing the result reads differs ----

_READS_ROW = Text("n {quantity} {unit_price} {value} {item_id} {entity} {attributes.recycled_content_pct}",
                  "n {quantity} {value} {item_id}")


@pytest.mark.slow
@settings(max_examples=300)
@given(rule_lists(max_size=4), mini_requests(max_items=4), st.data(), DAYS)
def test_the_line_cache_reuses_a_result_only_when_everything_it_reads_is_the_same(
        rules: list, req: PurchaseRequest, data: st.DataObject, on: datetime.date) -> None:
    # some rules print the row's own values (quantity, value, id, unit...) in their messages
    rules = [attrs.evolve(r, message_not_met=_READS_ROW) if i % 2 else r for i, r in enumerate(rules)]
    rs = RuleSet(CATALOG, tuple(rules), Scoring(70, "reject"), "<generated>", ())
    cached, fresh = Engine(rs, "durable"), Engine(rs, "durable")
    fresh.cache_size = 0
    # the same products again, with other quantities, ids, units and funding
    other = attrs.evolve(req, entity=data.draw(st.sampled_from([None, "Sở Tài chính", "UBND quận Ninh Kiều"])),
                         funding=data.draw(st.sampled_from([None, "state-budget", "other"])),
                         items=tuple(attrs.evolve(it, id=f"b{i}", quantity=data.draw(
                             st.sampled_from([1, 2, Decimal("2.50"), Decimal("2.5"), 7])))
                             for i, it in enumerate(req.items)))
    try:
        for r in (req, other, req, other):
            for i in range(len(r.items)):
                try:
                    want = fresh.evaluate_item(r, i, on).to_dict()
                except InputError as exc:
                    with pytest.raises(InputError) as got:
                        cached.evaluate_item(r, i, on)
                    assert str(got.value) == str(exc)
                    continue
                assert cached.evaluate_item(r, i, on).to_dict() == want
    finally:
        cached.close()
        fresh.close()


def _printing_rule(template: str) -> Rule:
    never = ir.Test(ir.Field("quantity", ir.NUMBER, "item", ("quantity",)), "gt", ir.Const(10**12))
    return Rule("R-PRINT", Text("t", "t"), "basis", AppliesTo(all=True), "criterion", 10, never, Text("m", "m"),
                Text(template, template), None, None)


def test_a_cached_number_attribute_does_not_stand_for_a_yes_no_one() -> None:
    # True == 1 in Python: the item with True must still be refused after the one with 1 was scored
    rs = RuleSet(CATALOG, (_printing_rule("n"),), Scoring(70, "reject"), "<generated>", ())
    engine = Engine(rs, "durable")
    try:
        ok = LineItem(id="1", description="Giấy A4", quantity=1, unit_price=1000,
                      attributes={"recycled_content_pct": 1})
        engine.evaluate_line(ok, ON)
        with pytest.raises(InputError, match="expected a number"):
            engine.evaluate_line(attrs.evolve(ok, attributes={"recycled_content_pct": True}), ON)
    finally:
        engine.close()
