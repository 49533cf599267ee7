"""The durable-rules driver: the guardrails of durable-rules-notes.md and docs/durable-rules-findings.md,
one test each (regressions for what broke while building it)."""

from __future__ import annotations

import datetime
import functools
import gc
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import green_procurement as gp
from green_procurement import _durable, compiler
from green_procurement import engine as engine_mod
from green_procurement._schema import Text
from green_procurement.compiler import CompiledRule, CompiledRules, compile_rules, evaluate_plan
from green_procurement.lang import ir
from green_procurement.lang.fields import label_slot
from green_procurement.lang.interp import evaluate as ir_evaluate
from green_procurement.lang.specialise import FALSE, specialise
from green_procurement.model import PurchaseRequest
from green_procurement.rules import AppliesTo, Rule

from .conftest import MINI, needs_durable
from .strategies import default_requests

pytestmark = needs_durable

ON = datetime.date(2025, 6, 1)
T = Text("t", "t")


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20


def label(name: str, typ: str) -> ir.Field:
    return ir.Field(name, typ, "label", (name,))


def rule(when: ir.Cond, rid: str = "R-1") -> Rule:
    return Rule(rid, T, "b", AppliesTo(all=True), "info", 0, when, T, T)


@pytest.mark.slow
def test_200k_evaluations_keep_memory_flat() -> None:
    eng = gp.load_default()
    req = gp.PurchaseRequest.from_dict({"id": "R", "items": [
        {"id": str(i), "description": d, "quantity": 1 + i, "unit_price": 10_000 * (i + 1),
         "labels": [{"scheme": "vn-energy", "grade": 1 + i % 5, "valid_until": "2026-01-01"},
                    {"scheme": "vn-ecolabel"}]}
        for i, d in enumerate(["Máy điều hòa Daikin", "Giấy A4", "Bóng đèn LED 9W", "Ly nhựa", "Xe ô tô điện"])]})
    facts = [eng.enrich(req, i, ON) for i in range(len(req.items))]
    applicable = [eng.applicable(f.group, ON) for f in facts]
    matcher = eng._matcher
    for k in range(5_000):                       # warm up: the C pools reach their working size
        matcher.met(facts[k % 5].fact, applicable[k % 5])
    gc.collect()
    before = rss_mb()
    for k in range(200_000):
        matcher.met(facts[k % 5].fact, applicable[k % 5])
    gc.collect()
    assert rss_mb() - before < 20
    eng.close()


@pytest.mark.slow
def test_creating_and_closing_engines_does_not_leak() -> None:
    def cycle() -> None:
        eng = gp.load(MINI / "catalog", MINI / "rules")
        eng.evaluate({"id": "R", "items": [{"id": "1", "description": "Máy lạnh", "quantity": 1,
                                            "unit_price": 1}]}, ON)
        eng.close()
    for _ in range(50):
        cycle()
    gc.collect()
    before = rss_mb()
    for _ in range(300):
        cycle()
    gc.collect()
    assert rss_mb() - before < 20   # without delete_state + delete_ruleset: ~190 KB per ruleset


def test_or_is_never_written_inside_a_label_element() -> None:
    # durable-rules gets $or inside $iany wrong (findings §1): this rule's label condition is a
    # disjunction, so it must become one $iany per alternative
    when = ir.AnyLabel(ir.Any((ir.Test(label("recognised", ir.BOOLEAN), "eq", ir.Const(False)),
                               ir.Test(label("scheme", ir.TEXT), "eq", ir.Const("epeat")))))
    compiled = compile_rules([rule(when)])
    text = str(compiled.rulesets)
    assert "'$iany': {'labels': {'$or'" not in text and text.count("$iany") == 2
    with _matcher([rule(when)]) as m:
        fact = {"label_count": 1, "labels": [{"scheme": "epeat", "kind": "green", "recognised": True}]}
        assert m.met(fact, [rule(when)]) == {"R-1"}


def test_no_label_with_a_disjunction_becomes_an_atom() -> None:
    # "no valid energy label" needs a disjunction inside $iall; so does the complement of the second
    # quantifier, so neither polarity avoids the atom
    none_valid_energy = ir.NoLabel(ir.All((ir.Test(label("kind", ir.TEXT), "eq", ir.Const("energy")),
                                           ir.Test(label("valid", ir.BOOLEAN), "eq", ir.Const(True)))))
    some_valid_green = ir.AnyLabel(ir.All((ir.Test(label("kind", ir.TEXT), "eq", ir.Const("green")),
                                           ir.Test(label("valid", ir.BOOLEAN), "eq", ir.Const(True)))))
    when = ir.All((none_valid_energy, some_valid_green))
    plan = compile_rules([rule(when)]).rules[0].plan
    assert plan[0] == "if"
    with _matcher([rule(when)]) as m:
        r = [rule(when)]
        green = {"kind": "green", "valid": True}
        assert m.met({"label_count": 0}, r) == set()
        assert m.met({"label_count": 1, "labels": [green]}, r) == {"R-1"}
        assert m.met({"label_count": 2, "labels": [{"kind": "energy", "valid": False}, green]}, r) == {"R-1"}
        assert m.met({"label_count": 2, "labels": [{"kind": "energy", "valid": True}, green]}, r) == set()


def test_evaluate_plan() -> None:
    assert evaluate_plan(("fires", ("a", "b")), {"b"})
    assert evaluate_plan(("not", ("a",)), {"b"})
    assert evaluate_plan(("if", ("fires", ("x",)), ("const", True), ("const", False)), {"x"})
    assert not evaluate_plan(("if", ("fires", ("x",)), ("const", True), ("const", False)), set())


def test_large_rules_are_split_within_the_expression_budget() -> None:
    # 14 alternatives with label conjunctions exceed durable-rules' 32-entry expression sequence
    # (error 113 at registration, findings §1); the compiler splits the rule
    alts = tuple(ir.AnyLabel(ir.All((ir.Test(label("scheme", ir.TEXT), "eq", ir.Const(f"s{i}")),
                                     ir.Test(label("valid", ir.BOOLEAN), "eq", ir.Const(True)))))
                 for i in range(14))
    r = rule(ir.Any(alts))
    compiled = compile_rules([r])
    assert len(compiled.rules[0].names) > 1
    with _matcher([r]) as m:
        fact = {"label_count": 1, "labels": [{"scheme": "s13", "valid": True}]}
        assert m.met(fact, [r]) == {"R-1"}


def test_numbers_never_reach_durable_in_exponent_form() -> None:
    assert _durable.encode({"x": 0.00001, "y": [1e-7], "z": 2.5}) == '{"x":0.00001,"y":[0.0000001],"z":2.5}'
    r = rule(ir.Test(ir.Field("unit_price", ir.NUMBER, "item", ("unit_price",)), "lt",
                        ir.Const(__import__("decimal").Decimal("0.00002"))))
    with _matcher([r]) as m:
        assert m.met({"unit_price": 0.00001}, [r]) == {"R-1"}


_json_scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20),
                         st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=8),
                         st.sampled_from(["e-5", "1e+20", "value-e-1"]))
_json_trees = st.recursive(_json_scalars, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(max_size=4), inner, max_size=3), max_leaves=12)


@given(_json_trees)
def test_encode_is_json_that_reads_back_equal_and_never_in_exponent_form(value: object) -> None:
    import json
    import re
    def numbers_as_floats(x: object) -> object:   # 4.7e+16 is written 47000000000000000: read as int
        if isinstance(x, dict):
            return {k: numbers_as_floats(v) for k, v in x.items()}
        if isinstance(x, list):
            return [numbers_as_floats(v) for v in x]
        return float(x) if isinstance(x, (int, float)) and not isinstance(x, bool) else x
    text = _durable.encode(value)
    assert numbers_as_floats(json.loads(text)) == numbers_as_floats(value)
    # outside strings, no number is written as 1e-05 / 1e+20
    outside = re.sub(r'"(?:[^"\\]|\\.)*"', '""', text)
    assert not re.search(r"\d[eE]", outside)
    if not re.search(r"\d[eE]", json.dumps(value)):   # nothing to rewrite: exactly json.dumps' text
        assert text == json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _project_spec(fact: dict, top: tuple, nested: tuple, slot_fields: tuple) -> dict:
    """What a program sends of a fact (the comprehensions the generated projector replaced)."""
    out = {k: fact[k] for k in top if k in fact}
    for outer, inner in nested:
        held = fact.get(outer)
        if not held:
            continue
        if isinstance(held, list):
            out[outer] = [{k: lab[k] for k in inner if k in lab} for lab in held]
            continue
        part = {k: held[k] for k in inner if k in held}
        if part:
            out[outer] = part
    if slot_fields:
        for j, lab in enumerate(fact.get("labels") or ()):
            out[label_slot(j)] = {k: lab[k] for k in slot_fields if k in lab}
    return out


_keys = st.sampled_from(["a", "b", "value", "x'y", 'q"z', "gấy"])
_small_maps = st.dictionaries(_keys, st.integers() | st.none() | st.text(max_size=2), max_size=4)


@given(st.fixed_dictionaries({}, optional={"a": st.integers(), "value": st.none(), "b": _small_maps,
                                           "attributes": _small_maps | st.just({}),
                                           "labels": st.lists(_small_maps, max_size=20)}),
       st.lists(_keys, unique=True).map(tuple),
       st.lists(st.tuples(st.sampled_from(["b", "attributes", "labels"]), st.lists(_keys, unique=True).map(tuple)),
                unique_by=lambda t: t[0]).map(tuple),
       st.lists(_keys, unique=True).map(tuple))
def test_the_generated_projection_is_its_spec(fact: dict, top: tuple, nested: tuple, slot_fields: tuple) -> None:
    from green_procurement._durable_fact import projector
    got = projector(top, nested, slot_fields)(fact)
    want = _project_spec(fact, top, nested, slot_fields)
    assert got == want and list(got) == list(want)          # the same keys in the same order
    assert _durable.encode(got) == _durable.encode(want)


def test_c_error_becomes_a_rule_error_naming_the_rule() -> None:
    bad = CompiledRules(({"r0_0": {"all": [{"m": {"$and": [{"_kind": "item"}, {"cat": ["a", "b"]}]}}]}},),
                        (CompiledRule("GPP-BAD-01", ("fires", ("r0_0",)), ("r0_0",)),), frozenset({"cat"}))
    with pytest.raises(gp.RuleError) as info:
        _durable.DurableMatcher([rule(ir.Test(ir.Field("code", ir.TEXT, "item", ("code",)), "exists", ir.Const(True)),
                                      "GPP-BAD-01")], bad)
    assert "GPP-BAD-01" in str(info.value) and "error code" in str(info.value)


def test_missing_durable_rules_falls_back_to_the_reference_and_warns_once(monkeypatch: pytest.MonkeyPatch
                                                                          ) -> None:
    monkeypatch.setattr(_durable, "_C", None)
    monkeypatch.setattr(_durable, "IMPORT_ERROR", "undefined symbol: PyEval_CallObject")
    monkeypatch.setattr(engine_mod, "_warned", __import__("threading").Event())
    with pytest.warns(RuntimeWarning, match="reference backend"):
        a = gp.load(MINI / "catalog", MINI / "rules")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        b = gp.load(MINI / "catalog", MINI / "rules")       # no second warning
    assert a.backend == b.backend == "python"


class _matcher:
    def __init__(self, rules: list[Rule]) -> None:
        self.m = _durable.DurableMatcher(rules, compile_rules(rules))

    def __enter__(self) -> _durable.DurableMatcher:
        return self.m

    def __exit__(self, *exc: object) -> None:
        self.m.close()


@pytest.mark.slow
def test_rules_that_need_a_label_claim_get_rulesets_a_line_without_claims_skips() -> None:
    engine = gp.load_default()
    try:
        compiled = engine._matcher.compiled           # type: ignore[attr-defined]
        assert len(compiled.labelled) == len(compiled.rulesets) and any(compiled.labelled)
        for definition, labelled in zip(compiled.rulesets, compiled.labelled, strict=True):
            assert labelled == all(compiler._needs_label(d["all"][0]["m"]) for d in definition.values())
        on = datetime.date(2025, 6, 1)
        for labels in ((), ({"scheme": "vn-ecolabel", "valid_until": "2027-01-01", "certificate": "1/QĐ"},)):
            item = {"id": "1", "description": "Giấy A4 80gsm", "quantity": 1, "unit_price": 75000, "labels": labels}
            durable = engine.evaluate({"id": "R", "items": [item]}, on).to_dict()
            with gp.load_default(backend="python") as ref:
                assert ref.evaluate({"id": "R", "items": [item]}, on).to_dict() == durable
    finally:
        engine.close()


# -- specialised programs (issue 16): the rules compiled per group and number of claims -----------------

@pytest.mark.slow
@settings(max_examples=30, deadline=None)
@given(default_requests(max_items=4), st.sampled_from([datetime.date(2024, 1, 1), ON, datetime.date(2031, 6, 1)]))
def test_specialised_programs_match_as_the_generic_program_and_the_reference(request: PurchaseRequest,
                                                                              on: datetime.date) -> None:
    engine, generic, reference = _default_engines()
    for i in range(len(request.items)):
        enriched = reference.enrich(request, i, on)
        applicable = reference.applicable(enriched.group, on)
        want = reference._matcher.met(enriched.fact, applicable)
        assert engine._matcher.met(enriched.fact, applicable) == want, enriched.fact
        assert generic._matcher.met(enriched.fact, applicable) == want, enriched.fact


@functools.lru_cache(maxsize=1)
def _default_engines() -> tuple[gp.Engine, gp.Engine, gp.Engine]:
    engine, generic, reference = gp.load_default(), gp.load_default(), gp.load_default(backend="python")
    for e in (engine, generic, reference):
        e.cache_size = 0
    generic._matcher.specialise = False        # type: ignore[attr-defined]
    return engine, generic, reference


def test_a_label_quantifier_is_unrolled_over_the_claims_up_to_the_slot_limit() -> None:
    grade = ir.Field("grade", ir.NUMBER, "label", ("grade",))
    some = ir.AnyLabel(ir.All((ir.Test(label("scheme", ir.TEXT), "eq", ir.Const("vn-energy")),
                               ir.Test(grade, "gte", ir.Param("min_grade", ir.NUMBER)))))
    none = ir.NoLabel(ir.Test(label("valid", ir.BOOLEAN), "eq", ir.Const(False)))
    rules = [rule(some, "R-SOME"), rule(none, "R-NONE")]
    with _matcher(rules) as m:
        m.cache_size = 0           # every fact reaches the programs
        for n in range(_durable.MAX_SLOTS + 3):
            for params in ({"min_grade": 4}, {}):
                labels = [{"scheme": "vn-ecolabel", "valid": True, "grade": 5}] * n
                hit = dict(labels[-1], scheme="vn-energy", valid=n % 2 == 0) if n else None
                fact = {"label_count": n, "labels": labels[:-1] + [hit] if hit else [], "param": params}
                want = {r.id for r in rules if ir_evaluate(r.when, fact)}
                assert m.met(fact, rules) == want, (n, params)
        assert m.programs == 2 * (_durable.MAX_SLOTS + 1) + 2      # beyond the limit: one per parameter table


def test_specialisation_decides_the_group_tests_and_writes_the_parameters_in() -> None:
    group = ir.Field("group", ir.TEXT, "item", ("group",))
    price = ir.Field("unit_price", ir.NUMBER, "item", ("unit_price",))
    cond = ir.Any((ir.All((ir.Test(group, "eq", ir.Const("paper")), ir.Test(price, "lt", ir.Param("max", ir.NUMBER)))),
                   ir.AnyLabel(ir.Test(label("valid", ir.BOOLEAN), "eq", ir.Const(True)))))
    assert specialise(cond, {"group": "paper", "param": {"max": 5}}, 0) == ir.Test(price, "lt", ir.Const(5))
    assert specialise(cond, {"group": "toner"}, 0) == FALSE
    assert specialise(cond, {"group": "paper"}, 0) == FALSE            # no such parameter: false
    one = specialise(cond, {"group": "toner"}, 1)
    assert isinstance(one, ir.Test) and one.field.path == (label_slot(0), "valid")


def test_rules_that_fire_for_most_facts_are_turned_round_and_outcomes_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_durable, "SAMPLE", 4)
    reference = _default_engines()[2]
    fresh = gp.load_default()
    fresh.cache_size = 0
    try:
        matcher = fresh._matcher                   # type: ignore[attr-defined]
        item = {"id": "1", "description": "Giấy A4 80gsm", "quantity": 2, "unit_price": 75000,
                "labels": [{"scheme": "vn-ecolabel", "valid_until": "2027-01-01", "certificate": "1/QĐ"}]}
        request = PurchaseRequest.from_dict({"id": "R", "items": [item]})
        enriched = reference.enrich(request, 0, ON)
        applicable = reference.applicable(enriched.group, ON)
        want = reference._matcher.met(enriched.fact, applicable)
        firings = []
        for _ in range(8):
            assert matcher.met(enriched.fact, applicable) == want
            (program, _outcome), = [p for p in matcher._programs.values() if p is not None]
            firings.append(len(program.fire(program.project(enriched.fact), "probe")))
        assert program.counts is None                       # tuned
        assert firings[-1] < firings[0]                     # the rules met for every fact no longer fire
    finally:
        fresh.close()
