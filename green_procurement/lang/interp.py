"""The recording interpreter: the semantics of the rule IR, in one place.

:func:`compile` turns a condition into a Python closure over an enriched fact.  With ``record=True`` the
closure returns a :class:`Trace` — every node's truth value, the values it read and, inside a label
quantifier, the label it was evaluated on; every sub-condition is evaluated, so ``explain`` can list
each alternative that failed.  Without, it returns the verdict only and stops at the first decisive
part.  Both closures are built by the same code from the same atoms (the operator table's ``test`` /
``member`` and the absent-field rule), so the verdict is the trace's verdict: the reference backend runs
the plain closure, ``explain`` renders the trace, and a property test checks they agree.

Semantics: a field that is absent makes a condition on it false (``exists: false`` excepted); a
``param.<name>`` operand the item's group does not have makes it false; ``tags`` (a list) compares by
membership; ``matches`` looks for whole-word phrases among the text's folded word n-grams, which the
enrichment puts in the fact; ``not`` negates the whole sub-condition; ``any_label`` holds when some label
claim satisfies its condition, ``no_label`` when none does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

from .fields import LABEL, LABELS, LIST
from .ir import ABSENT, All, AnyLabel, Cond, Const, Not, Param, Phrases, Test, constant, lookup
from .ir import Any as AnyOf
from .ops import PHRASES, PRESENCE

__all__ = ["Trace", "compile", "evaluate", "trace"]

Fact = Mapping[str, Any]
#: A compiled node: (fact, label fact or None, label index or None) -> bool, or Trace when recording.
Node = Callable[[Fact, "Fact | None", "int | None"], Any]


@attrs.frozen
class Trace:
    """How one IR node evaluated on an item (and, inside a label quantifier, on one label claim).

    ``holds`` is the node's truth value.  For a :class:`~.ir.Test`: ``value`` is the value read (or
    :data:`~.ir.ABSENT`), ``operand`` the resolved operand (a parameter's value, or ``ABSENT`` when the
    group has no such parameter), ``matched`` the phrase ``matches`` found.  ``label`` is the index of the
    label claim the node was evaluated on; ``children`` the sub-traces (for ``any_label``/``no_label``,
    one per label claim)."""

    node: Cond
    holds: bool
    value: Any = ABSENT
    operand: Any = ABSENT
    matched: str | None = None
    label: int | None = None
    children: tuple[Trace, ...] = ()

    @property
    def absent(self) -> bool:
        """The tested field is absent."""
        return isinstance(self.node, Test) and self.value is ABSENT

    @property
    def param_absent(self) -> bool:
        """The field is present but the ``param.<name>`` it is compared with is not."""
        node = self.node
        return (isinstance(node, Test) and isinstance(node.operand, Param) and self.value is not ABSENT
                and self.operand is ABSENT)


def _getter(path: tuple[str, ...]) -> Callable[[Fact | None], Any]:
    """A fast ``lookup(data, path)``: facts are dicts, nested at most two levels for rule fields."""
    if len(path) == 1:
        key = path[0]

        def get1(data: Fact | None) -> Any:
            return ABSENT if data is None else data.get(key, ABSENT)
        return get1
    if len(path) == 2:
        outer, inner = path

        def get2(data: Fact | None) -> Any:
            held = None if data is None else data.get(outer)
            return held.get(inner, ABSENT) if isinstance(held, Mapping) else ABSENT
        return get2
    return lambda data: lookup(data, path)


def _test(node: Test, record: bool) -> Node:
    op = node.operator
    get = _getter(node.field.path)
    on_label = node.field.scope == LABEL
    if op.operand == PRESENCE:
        assert isinstance(node.operand, Const)
        wanted = bool(node.operand.value)

        def presence(fact: Fact, label: Fact | None, index: int | None) -> Any:
            v = get(label if on_label else fact)
            holds = (v is not ABSENT) == wanted
            return Trace(node, holds, v, label=index) if record else holds
        return presence
    if op.operand == PHRASES:
        assert isinstance(node.operand, Phrases)
        phrases = node.operand.phrases
        grams_of = _getter(node.folded_path)

        def matches(fact: Fact, label: Fact | None, index: int | None) -> Any:
            v = get(label if on_label else fact)
            if v is ABSENT:
                return Trace(node, False, label=index) if record else False
            grams = grams_of(fact)
            hit = None if grams is ABSENT else next((p for p in phrases if p in grams), None)
            return Trace(node, hit is not None, v, matched=hit, label=index) if record else hit is not None
        return matches
    test = op.member if node.field.type == LIST else op.test
    assert test is not None
    if isinstance(node.operand, Param):
        param = _getter(node.operand.field.path)

        def with_param(fact: Fact, label: Fact | None, index: int | None) -> Any:
            v = get(label if on_label else fact)
            if v is ABSENT:
                return Trace(node, False, label=index) if record else False
            right = param(fact)
            if right is ABSENT:
                return Trace(node, False, v, label=index) if record else False
            holds = test(v, right)
            return Trace(node, holds, v, right, label=index) if record else holds
        return with_param
    assert isinstance(node.operand, Const)
    right = constant(node.operand.value)

    def with_const(fact: Fact, label: Fact | None, index: int | None) -> Any:
        v = get(label if on_label else fact)
        if v is ABSENT:
            return Trace(node, False, label=index) if record else False
        holds = test(v, right)
        return Trace(node, holds, v, right, label=index) if record else holds
    return with_const


def _build(node: Cond, record: bool) -> Node:
    if isinstance(node, Test):
        return _test(node, record)
    if isinstance(node, (All, AnyOf)):
        parts = tuple(_build(p, record) for p in node.parts)
        every = isinstance(node, All)
        if record:
            def combine(fact: Fact, label: Fact | None, index: int | None) -> Any:
                children = tuple(p(fact, label, index) for p in parts)
                holds = all(c.holds for c in children) if every else any(c.holds for c in children)
                return Trace(node, holds, label=index, children=children)
            return combine
        if every:
            return lambda fact, label, index: all(p(fact, label, index) for p in parts)
        return lambda fact, label, index: any(p(fact, label, index) for p in parts)
    if isinstance(node, Not):
        part = _build(node.part, record)
        if record:
            def negate(fact: Fact, label: Fact | None, index: int | None) -> Any:
                child = part(fact, label, index)
                return Trace(node, not child.holds, label=index, children=(child,))
            return negate
        return lambda fact, label, index: not part(fact, label, index)
    inner = _build(node.cond, record)
    some = isinstance(node, AnyLabel)
    if record:
        def quantify(fact: Fact, label: Fact | None, index: int | None) -> Any:
            labels: Sequence[Fact] = fact.get(LABELS, ())
            children = tuple(inner(fact, lab, i) for i, lab in enumerate(labels))
            found = any(c.holds for c in children)
            return Trace(node, found if some else not found, label=index, children=children)
        return quantify

    def exists(fact: Fact, label: Fact | None, index: int | None) -> bool:
        labels: Sequence[Fact] = fact.get(LABELS, ())
        found = any(inner(fact, lab, i) for i, lab in enumerate(labels))
        return found if some else not found
    return exists


def compile(cond: Cond, *, record: bool = False) -> Callable[[Fact], Any]:
    """A closure evaluating ``cond`` on an enriched fact: its verdict (``bool``), or with ``record``
    its :class:`Trace`."""
    node = _build(cond, record)
    return lambda fact: node(fact, None, None)


def evaluate(cond: Cond, fact: Fact) -> bool:
    """Does ``cond`` hold for ``fact``?"""
    return bool(compile(cond)(fact))


def trace(cond: Cond, fact: Fact) -> Trace:
    """Evaluate ``cond`` on ``fact``, recording every step."""
    result: Trace = compile(cond, record=True)(fact)
    return result
