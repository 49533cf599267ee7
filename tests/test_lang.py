"""The rule-language kernel (green_procurement/lang): one operator table, one fact schema, one interpreter."""

from __future__ import annotations

import datetime
import functools
import string
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import green_procurement as gp
from green_procurement import enrich
from green_procurement._messages import MESSAGES
from green_procurement.lang import fields, interp, ir, ops
from green_procurement.projection import _ABSENT as ABSENT_KEY
from green_procurement.projection import Projector
from green_procurement.rules import AppliesTo, Rule

from .strategies import default_requests

ON = datetime.date(2025, 6, 1)


@pytest.mark.parametrize("name", sorted(ops.OPERATORS))
def test_every_operator_is_worded_by_explain(name: str) -> None:
    for outcome in ("holds", "fails"):
        en, vi = MESSAGES[f"explain.op.{name}.{outcome}"]
        assert en and vi


@pytest.mark.parametrize("name", sorted(ops.OPERATORS))
def test_negation_is_an_operator_of_the_same_kind_and_negates_back(name: str) -> None:
    op = ops.OPERATORS[name]
    if op.negation is None:
        assert op.operand in (ops.PRESENCE, ops.PHRASES)   # negated by flipping the operand / in the compiler
        return
    neg = ops.OPERATORS[op.negation]
    assert neg.negation == name
    assert (neg.operand, neg.types, neg.lowering, neg.param) == (op.operand, op.types, op.lowering, op.param)


SCALARS = st.one_of(st.integers(-5, 5), st.sampled_from([Decimal("1.5"), 2.5, "a", "b", True, False]))


@given(st.sampled_from([n for n, o in ops.OPERATORS.items() if o.negation]), SCALARS, SCALARS,
       st.lists(SCALARS, min_size=1, max_size=3))
def test_an_operator_and_its_negation_never_agree_on_a_present_value(name: str, left: object, right: object,
                                                                     many: list[object]) -> None:
    op, neg = ops.OPERATORS[name], ops.OPERATORS[ops.OPERATORS[name].negation]  # type: ignore[index]
    operand = tuple(many) if op.operand == ops.VALUES else right
    if op.order and any(isinstance(x, (str, bool)) for x in (left, right)):
        # order comparisons are only defined on numbers: both sides are false on a yes/no value
        if isinstance(left, bool) or isinstance(right, bool):
            assert not op.test(left, operand) and not neg.test(left, operand)
        return
    assert op.test(left, operand) != neg.test(left, operand)
    if op.member is not None:
        members = [left, *many]
        assert op.member(members, operand) != neg.member(members, operand)  # type: ignore[misc]


def test_the_fact_schema_has_one_producer_per_field() -> None:
    assert set(enrich._ITEM) == set(fields.ITEM_FIELDS)
    assert set(enrich._LABEL) == set(fields.LABEL_FIELDS)


def test_enriched_facts_have_the_schema_fields_and_the_always_present_ones() -> None:
    engine = gp.load_default(backend="python")
    items = [gp.LineItem("1", "Giấy A4 Double A", 10, 75_000),
             gp.LineItem("2", "Máy lạnh Daikin 1HP", 2, 9_000_000, unit="bộ", code="8415",
                         labels=(gp.LabelClaim("vn-energy", 5, "S-1", datetime.date(2027, 1, 1)),
                                 gp.LabelClaim("epeat", "gold")))]
    req = gp.PurchaseRequest("R", items, entity="Sở Tài chính", funding="state-budget")
    nested = {fields.ATTRIBUTES, fields.PARAMS, fields.LABELS, fields.FOLDED}
    for i in range(len(items)):
        fact = engine.enrich(req, i, ON).fact
        assert set(fact) - nested <= set(fields.ITEM_FIELDS)
        assert {n for n, f in fields.ITEM_FIELDS.items() if f.always} <= set(fact)
        for lab in fact.get("labels", ()):
            keys = set(lab) - {"grade_text"}
            assert keys <= set(fields.LABEL_FIELDS)
            assert {n for n, f in fields.LABEL_FIELDS.items() if f.always} <= keys


def _rule(when: ir.Cond) -> Rule:
    title = gp._schema.Text("t", "t")  # type: ignore[attr-defined]
    return Rule("R-1", title, "basis", AppliesTo(all=True), "criterion", 10, when, title, title)


def test_the_projection_refuses_an_operator_it_cannot_key(monkeypatch: pytest.MonkeyPatch) -> None:
    quantity = ir.Field("quantity", fields.NUMBER, fields.ITEM, ("quantity",))
    when = ir.Test(quantity, "gt", ir.Const(5))
    assert Projector([_rule(when)]).sound
    table = dict(ops.OPERATORS)
    table["gt"] = attrs.evolve(table["gt"], projection=None)   # an operator the projection does not know
    monkeypatch.setattr(ops, "OPERATORS", table)
    monkeypatch.setattr(ir, "OPERATORS", table)
    assert not Projector([_rule(when)]).sound


@given(st.integers(-3, 3), st.booleans())
def test_the_compiled_verdict_is_the_traces_verdict(q: int, labelled: bool) -> None:
    quantity = ir.Field("quantity", fields.NUMBER, fields.ITEM, ("quantity",))
    valid = ir.Field("valid", fields.BOOLEAN, fields.LABEL, ("valid",))
    cond = ir.Any((ir.Test(quantity, "gte", ir.Const(1)),
                   ir.NoLabel(ir.Test(valid, "eq", ir.Const(True)))))
    fact = {"quantity": q, "labels": [{"valid": True}] if labelled else []}
    assert interp.evaluate(cond, fact) == interp.trace(cond, fact).holds == (q >= 1 or not labelled)


def test_a_placeholder_in_a_message_is_a_known_name() -> None:
    # every name the fact schema offers to messages is one the engine can fill
    from green_procurement._templates import _placeholder

    engine = gp.load_default(backend="python")
    enriched = engine.enrich(gp.PurchaseRequest("R", (gp.LineItem("1", "Giấy A4", 1, 1),)), 0, ON)
    for name in fields.PLACEHOLDERS:
        text = _placeholder(name, enriched, "vi")
        assert text and "{" not in text, name
    assert all(n.isidentifier() for n in fields.PLACEHOLDERS)
    assert not any(f for _, f, _, _ in string.Formatter().parse("plain text") if f)


@settings(max_examples=50, deadline=None)
@given(default_requests(max_items=4))
def test_projection_keys_are_the_field_classes_of_the_spec(request: gp.PurchaseRequest) -> None:
    # regression (issue 16): each field's class is computed by a function made once per field; the key
    # must be the one the spec (Projector._class, kind by kind) gives
    engine = _reference_engine()
    on = datetime.date(2025, 6, 1)
    for i in range(len(request.items)):
        enriched = engine.enrich(request, i, on)
        projector = Projector(engine.applicable(enriched.group, on))
        fact = enriched.fact
        params = fact.get("param", {})
        want: list[object] = [fact.get("group")]
        for path, spec in projector._item_fields:
            if len(path) == 1:
                want.append(Projector._class(spec, fact.get(path[0], ABSENT_KEY), params))
        nested: dict[str, dict[str, object]] = {}
        for path, spec in projector._item_fields:
            if len(path) == 2:
                nested.setdefault(path[0], {})[path[1]] = spec
        for outer, specs in sorted(nested.items()):
            held = fact.get(outer) or {}
            want.append(tuple(sorted((n, Projector._class(specs[n], v, params))
                                     for n, v in held.items() if n in specs)))
        if projector._uses_labels:
            classes = [tuple(Projector._class(spec, lab.get(path[0], ABSENT_KEY), params)
                             for path, spec in projector._label_fields) for lab in fact.get("labels", ())]
            want.append(tuple(sorted(classes, key=repr)) if len(classes) > 1 else tuple(classes))
        assert projector.key(fact) == tuple(want)


@functools.lru_cache(maxsize=1)
def _reference_engine() -> gp.Engine:
    return gp.load_default(backend="python")
