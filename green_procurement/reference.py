"""The reference evaluator: a small pure-Python interpreter of the rule IR.

It is the test oracle for the durable-rules backend (``backend="python"``) and the fallback where
durable-rules cannot be imported.  It reads the same enriched fact as the durable backend and
implements the semantics stated in :mod:`green_procurement.ir` directly, without cleverness.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from . import ir
from ._text import contains_phrase, fold
from .rules import Rule

__all__ = ["ReferenceMatcher", "evaluate"]

def evaluate(cond: ir.Cond, fact: Mapping[str, Any], label: Mapping[str, Any] | None = None) -> bool:
    """Does ``cond`` hold for ``fact`` (and, inside a label quantifier, for ``label``)?"""
    if isinstance(cond, ir.Compare):
        scope = label if cond.field.scope == "label" else fact
        value = ir.lookup(scope, cond.field.path) if scope is not None else ir.ABSENT
        if value is ir.ABSENT:
            return False
        if isinstance(cond.operand, ir.Param):
            right = ir.lookup(fact, cond.operand.field.path)
            if right is ir.ABSENT:
                return False
        else:
            right = ir.constant(cond.operand.value)
        if cond.field.type == ir.LIST:
            members = value
            if cond.op == "eq":
                return right in members
            if cond.op == "ne":
                return right not in members
            if cond.op == "in":
                return any(m in right for m in members)
            return not any(m in right for m in members)
        return ir.compare(cond.op, value, right)
    if isinstance(cond, ir.Exists):
        scope = label if cond.field.scope == "label" else fact
        present = scope is not None and ir.lookup(scope, cond.field.path) is not ir.ABSENT
        return present == cond.present
    if isinstance(cond, ir.Match):
        text = ir.lookup(fact, cond.field.path)
        if text is ir.ABSENT:
            return False
        folded = fold(text)
        return any(contains_phrase(folded, p) for p in cond.phrases)
    if isinstance(cond, ir.All):
        return all(evaluate(p, fact, label) for p in cond.parts)
    if isinstance(cond, ir.Any):
        return any(evaluate(p, fact, label) for p in cond.parts)
    if isinstance(cond, ir.Not):
        return not evaluate(cond.part, fact, label)
    labels = fact.get("labels", ())
    found = any(evaluate(cond.cond, fact, lab) for lab in labels)
    return found if isinstance(cond, ir.AnyLabel) else not found


class ReferenceMatcher:
    """Matches rules by interpreting their IR; thread-safe (no shared mutable state)."""

    name = "python"

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules = tuple(rules)

    def met(self, fact: Mapping[str, Any], applicable: Iterable[Rule]) -> set[str]:
        """Ids of the ``applicable`` rules whose condition holds for ``fact``."""
        return {r.id for r in applicable if evaluate(r.when, fact)}

    def close(self) -> None:
        """Nothing to release."""
