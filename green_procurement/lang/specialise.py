"""Partial evaluation of a condition for the facts of one product group.

Part of an item's fact follows from its product group alone: the fields the fact schema marks
``derived`` (``group``, ``priority``, ``classified``, ``tags``) and the group's parameters
(``param.*``) — :data:`~green_procurement.lang.fields.GROUP_KEYS`.  Given those values, a condition
can be simplified before any item is seen: a test of a group field becomes true or false (decided by
the recording interpreter, :mod:`.interp`, so with the same semantics as every backend), a comparison
with ``param.x`` becomes a comparison with the parameter's value (or false when the group has no such
parameter), and what that decides is folded away.  The durable-rules backend compiles a condition so
simplified for each group it meets (:mod:`green_procurement._durable`): fewer alternatives, no
parameter guards, fewer fields sent per item.

Given also the number of label claims ``n``, a label quantifier becomes a plain condition on the
claims' slots (:func:`~green_procurement.lang.fields.label_slot`): "some claim satisfies c" is
``c(claim 0) or … or c(claim n-1)``, "no claim satisfies c" is ``not c(claim 0) and …`` (``false`` and
``true`` when there is none), each claim's fields read as item fields ``labels_<j>.<field>``.
durable-rules tests a nested field by a hash lookup but scans a list for every ``$iany`` (about 1 µs
each per fact, measured), so a claim in a slot costs a fraction of a quantifier.

The result is an ordinary IR condition, true exactly when the input condition is true on a fact with
these group values (and, with ``n``, with the claims in their slots); :data:`TRUE` and :data:`FALSE`
are the empty ``all``/``any``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .fields import GROUP_KEYS, ITEM, LABEL, label_slot
from .interp import evaluate
from .ir import ABSENT, All, AnyLabel, Cond, Const, Field, Not, Param, Phrases, Test, lookup, walk
from .ir import Any as AnyOf

__all__ = ["FALSE", "TRUE", "group_values", "specialise"]

#: GROUP_KEYS in a fixed order (a tuple iterates faster than a set)
_GROUP_KEYS = tuple(sorted(GROUP_KEYS))
TRUE: Cond = All(())
FALSE: Cond = AnyOf(())


def group_values(fact: Mapping[str, Any]) -> dict[str, Any]:
    """The values of a fact that its product group fixes (absent ones left out)."""
    return {k: fact[k] for k in _GROUP_KEYS if k in fact}


def _fixed(test: Test) -> bool:
    return test.field.scope == ITEM and test.field.path[0] in GROUP_KEYS and not isinstance(test.operand, Phrases)


def specialise(cond: Cond, known: Mapping[str, Any], labels: int | None = None) -> Cond:
    """``cond`` for the facts whose group values are ``known`` (see :func:`group_values`) and, unless
    ``labels`` is None, that have that many label claims, sent in their slots."""
    if isinstance(cond, Test):
        if _fixed(cond):
            return TRUE if evaluate(cond, known) else FALSE
        if isinstance(cond.operand, Param):
            value = lookup(known, cond.operand.field.path)
            if value is ABSENT:        # a comparison with a parameter the group lacks is false
                return FALSE
            return Test(cond.field, cond.op, Const(value), cond.line)
        return cond
    if isinstance(cond, (All, AnyOf)):
        every = isinstance(cond, All)
        decisive, neutral = (FALSE, TRUE) if every else (TRUE, FALSE)
        parts = []
        for p in cond.parts:
            s = specialise(p, known, labels)
            if s == decisive:
                return decisive
            if s != neutral:
                parts.append(s)
        if len(parts) == 1:
            return parts[0]
        return type(cond)(tuple(parts), cond.line)
    if isinstance(cond, Not):
        part = specialise(cond.part, known, labels)
        if part == TRUE:
            return FALSE
        if part == FALSE:
            return TRUE
        return Not(part, cond.line)
    inner = specialise(cond.cond, known, labels)
    some = isinstance(cond, AnyLabel)
    if inner == FALSE:               # no label can satisfy false
        return FALSE if some else TRUE
    if labels is None or any(isinstance(t, Test) and isinstance(t.operand, Phrases) for t in walk(inner)):
        return type(cond)(inner, cond.line)
    claims = [_in_slot(inner, j) for j in range(labels)]
    if some:
        return specialise(AnyOf(tuple(claims), cond.line), known)
    return specialise(All(tuple(Not(c, cond.line) for c in claims), cond.line), known)


def _in_slot(cond: Cond, index: int) -> Cond:
    """A label condition read on the ``index``-th claim's slot (its label fields as item fields)."""
    if isinstance(cond, Test):
        f = cond.field
        if f.scope != LABEL:
            return cond
        slot = label_slot(index)
        return Test(Field(f"{slot}.{f.name}", f.type, ITEM, (slot, *f.path)), cond.op, cond.operand, cond.line)
    if isinstance(cond, (All, AnyOf)):
        return type(cond)(tuple(_in_slot(p, index) for p in cond.parts), cond.line)
    if isinstance(cond, Not):
        return Not(_in_slot(cond.part, index), cond.line)
    return cond       # a quantifier inside a quantifier reads the item's claims, not this one
