"""The reference backend: the recording interpreter's verdict, rule by rule.

It is the test oracle for the durable-rules backend (``backend="python"``) and the fallback where
durable-rules cannot be imported.  Each rule's condition is compiled once by
:func:`green_procurement.lang.interp.compile` — the same code that records ``explain``'s trace — and run
on the same enriched fact the durable backend receives.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from .lang import interp
from .rules import Rule

__all__ = ["ReferenceMatcher"]


class ReferenceMatcher:
    """Matches rules by running their compiled conditions; thread-safe (no shared mutable state)."""

    name = "python"

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules = tuple(rules)
        self._conditions: dict[str, Callable[[Mapping[str, Any]], bool]] = {
            r.id: interp.compile(r.when) for r in self.rules}

    def met(self, fact: Mapping[str, Any], applicable: Sequence[Rule]) -> set[str]:
        """Ids of the ``applicable`` rules whose condition holds for ``fact``."""
        conditions = self._conditions
        return {r.id for r in applicable if conditions[r.id](fact)}

    def clear(self) -> None:
        """Nothing is memoised."""

    def close(self) -> None:
        """Nothing to release."""
