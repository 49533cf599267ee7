"""The operators of the rule language: one table, read by everything that handles a condition.

A condition on a field is ``field: {op: operand}`` (``field: value`` is ``eq``).  Each row of
:data:`OPERATORS` says, for one operator:

* ``negation`` — the operator that holds exactly when this one does not, on a present value
  (``gt`` / ``lte``); None where negation is not an operator (``exists`` flips its operand);
* ``operand`` — what the YAML gives: one value, a list of values, true/false, or ``|``-phrases;
* ``types`` — the field types it applies to, and ``param`` — whether the operand may be ``param.<name>``;
* ``test`` — its meaning in Python on a present value (``member`` for list fields such as ``tags``);
* ``lowering`` and ``durable`` — how the durable-rules compiler writes it (the lowering case in
  :mod:`green_procurement.compiler`, and the durable-rules comparison of the ``compare`` case);
* ``projection`` — how the projection memo keys a field compared with it (None: it cannot, and the
  memo is then not used at all);
* ``symbol`` — how :func:`~green_procurement.lang.ir.render` writes it; ``explain`` words it with the
  messages ``explain.op.<name>.holds`` / ``explain.op.<name>.fails``.

Semantics shared by every operator: a field that is absent makes the condition false, except
``exists: false``.  Adding an operator is one row here, one lowering case in the compiler and its
documentation in the guides.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

from .fields import BOOLEAN, LIST, NUMBER, TEXT

__all__ = ["OPERATORS", "ORDER", "Operator", "names"]

#: What an operator's operand is.
VALUE = "value"          # one value (or param.<name>)
VALUES = "values"        # a non-empty list of values
PRESENCE = "presence"    # true / false
PHRASES = "phrases"      # "word|other phrase"

#: Lowering cases of the durable-rules compiler.
COMPARE = "compare"
MEMBER = "member"

#: Projection classes: a number by its sign against each threshold; a value by whether it is one of
#: the constants; presence; which phrases a text contains.
P_ORDER = "order"
P_EQUAL = "equal"
P_PRESENCE = "presence"
P_PHRASES = "phrases"


def _ordered(cmp: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    def test(left: Any, right: Any) -> bool:
        # yes/no values are not ordered (True > 0 would hold in Python)
        if left is True or left is False or right is True or right is False:
            return False
        return bool(cmp(left, right))
    return test


def _eq(left: Any, right: Any) -> bool:
    return bool(left == right)


def _ne(left: Any, right: Any) -> bool:
    return bool(left != right)


def _in(left: Any, right: Sequence[Any]) -> bool:
    return left in right


def _not_in(left: Any, right: Sequence[Any]) -> bool:
    return left not in right


def _has(members: Sequence[Any], right: Any) -> bool:
    return right in members


def _lacks(members: Sequence[Any], right: Any) -> bool:
    return right not in members


def _has_any(members: Sequence[Any], right: Sequence[Any]) -> bool:
    return any(m in right for m in members)


def _has_none(members: Sequence[Any], right: Sequence[Any]) -> bool:
    return not any(m in right for m in members)


def _present(present: Any, wanted: Any) -> bool:
    return bool(present) == bool(wanted)


def _contains(grams: Sequence[str], phrases: Sequence[str]) -> bool:
    return any(p in grams for p in phrases)


@attrs.frozen
class Operator:
    """One operator of the rule language (see the module docstring)."""

    name: str
    negation: str | None
    operand: str
    types: frozenset[str]
    param: bool
    test: Callable[[Any, Any], bool]
    member: Callable[[Any, Any], bool] | None
    lowering: str
    durable: str
    projection: str | None
    symbol: str

    @property
    def order(self) -> bool:
        """An order comparison (numbers only)."""
        return self.types == frozenset({NUMBER})


_ALL_SCALARS = frozenset({NUMBER, TEXT, BOOLEAN})

OPERATORS: Mapping[str, Operator] = {op.name: op for op in (
    Operator("eq", "ne", VALUE, _ALL_SCALARS | {LIST}, True, _eq, _has, COMPARE, "", P_EQUAL, "="),
    Operator("ne", "eq", VALUE, _ALL_SCALARS | {LIST}, True, _ne, _lacks, COMPARE, "$neq", P_EQUAL, "≠"),
    Operator("gt", "lte", VALUE, frozenset({NUMBER}), True, _ordered(operator.gt), None, COMPARE, "$gt",
             P_ORDER, ">"),
    Operator("gte", "lt", VALUE, frozenset({NUMBER}), True, _ordered(operator.ge), None, COMPARE, "$gte",
             P_ORDER, "≥"),
    Operator("lt", "gte", VALUE, frozenset({NUMBER}), True, _ordered(operator.lt), None, COMPARE, "$lt",
             P_ORDER, "<"),
    Operator("lte", "gt", VALUE, frozenset({NUMBER}), True, _ordered(operator.le), None, COMPARE, "$lte",
             P_ORDER, "≤"),
    Operator("in", "not_in", VALUES, frozenset({NUMBER, TEXT, LIST}), False, _in, _has_any, MEMBER, "",
             P_EQUAL, "in"),
    Operator("not_in", "in", VALUES, frozenset({NUMBER, TEXT, LIST}), False, _not_in, _has_none, MEMBER, "$neq",
             P_EQUAL, "not in"),
    Operator("exists", None, PRESENCE, _ALL_SCALARS | {LIST}, False, _present, None, PRESENCE, "",
             P_PRESENCE, "exists"),
    Operator("matches", None, PHRASES, frozenset({TEXT}), False, _contains, None, PHRASES, "", P_PHRASES,
             "matches"),
)}

#: The order comparisons (numbers only).
ORDER: tuple[str, ...] = tuple(name for name, op in OPERATORS.items() if op.order)


def names() -> tuple[str, ...]:
    """Every operator name, in table order (for did-you-mean and the guides)."""
    return tuple(OPERATORS)
