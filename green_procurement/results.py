"""Results: findings, item results and request results, with their fixed JSON shape.

``to_dict()`` gives JSON-ready dicts with a stable key order; money is an exact ``int`` or decimal
text (never a float); scores and shares are floats rounded to 2 and 6 decimal places.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any, Protocol

import attrs

from ._schema import Text
from .model import Number, json_number

__all__ = ["STATUSES", "Finding", "GroupSummary", "ItemResult", "RequestResult", "summarise"]

#: Item statuses in report order.
STATUSES = ("green", "partial", "not_green", "not_prioritised", "error")


class SharedByFindings:
    """Values made from an item result's findings (with other hashable parts in ``key``), once per
    findings tuple: the engine gives every item of a repeated product the same tuple, so a report
    makes the text of those findings once.  Values are keyed by the tuple's identity, checked on
    every hit (an id reused after the tuple is gone never returns its value); at most ``size`` are
    kept.  Not part of the public API."""

    __slots__ = ("_size", "_values")

    def __init__(self, size: int = 4096) -> None:
        self._size = size
        self._values: dict[tuple[int, Any], tuple[tuple[Finding, ...], Any]] = {}

    def get(self, findings: tuple[Finding, ...], key: Any = None) -> Any:
        """The value put for ``findings`` (this very tuple) and ``key``, or None."""
        hit = self._values.get((id(findings), key))
        return hit[1] if hit is not None and hit[0] is findings else None

    def put(self, findings: tuple[Finding, ...], key: Any, value: Any) -> Any:
        """Keep ``value`` for ``findings`` and ``key``; returns it."""
        if len(self._values) >= self._size:
            self._values.clear()
        self._values[(id(findings), key)] = (findings, value)
        return value


_ROUNDED: dict[tuple[Decimal, int], float] = {}


def _round(x: Decimal | None, places: int) -> float | None:
    if x is None:
        return None
    key = (x, places)
    hit = _ROUNDED.get(key)   # scores repeat across items
    if hit is None:
        hit = float(x.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN))
        if len(_ROUNDED) >= 4096:
            _ROUNDED.clear()
        _ROUNDED[key] = hit
    return hit


class Bilingual(Protocol):
    """A text in Vietnamese and English: a rule's title (:class:`~green_procurement._schema.Text`) or
    a rule message filled for one item, written when read."""

    @property
    def vi(self) -> str: ...

    @property
    def en(self) -> str: ...

    def get(self, lang: str) -> str: ...

    def to_dict(self) -> dict[str, str]: ...


@attrs.frozen
class Finding:
    """The outcome of one applicable rule for one item."""

    rule_id: str
    severity: str
    outcome: str            # "met" | "not_met"
    points: int             # points earned (0 when not met)
    max_points: int         # points the rule can earn
    basis: str
    message: Bilingual
    title: Text

    @property
    def met(self) -> bool:
        return self.outcome == "met"

    def to_dict(self) -> dict[str, Any]:
        return {"rule_id": self.rule_id, "severity": self.severity, "outcome": self.outcome,
                "points": self.points, "basis": self.basis, "message": self.message.to_dict(),
                "max_points": self.max_points, "title": self.title.to_dict()}


@attrs.frozen
class ItemResult:
    """The score and status of one line item, with every finding."""

    item_id: str
    description: str
    product_group: str | None
    priority: bool
    value: Number | None
    score_exact: Decimal | None
    status: str
    findings: tuple[Finding, ...] = ()
    classified_by: str | None = None
    evidence: str | None = None
    error: str | None = None
    row: int | None = None

    @property
    def score(self) -> float | None:
        """0–100 rounded to 2 decimals; None when no applicable rule carries points."""
        return _round(self.score_exact, 2)

    @property
    def green(self) -> bool:
        return self.status == "green"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "item_id": self.item_id, "description": self.description,
            "product_group": self.product_group, "priority": self.priority,
            "value": json_number(self.value), "score": self.score, "status": self.status,
            "findings": [f.to_dict() for f in self.findings],
            "classified_by": self.classified_by, "evidence": self.evidence,
        }
        if self.error is not None:
            out["error"] = self.error
        if self.row is not None:
            out["row"] = self.row
        return out


@attrs.frozen
class GroupSummary:
    """Totals of one product group (``group`` None: unclassified items)."""

    group: str | None
    items: int
    value: Number
    green_items: int
    green_value: Number

    @property
    def green_share_value(self) -> float | None:
        return _round(Decimal(self.green_value) / Decimal(self.value), 6) if self.value else None

    def to_dict(self) -> dict[str, Any]:
        return {"group": self.group, "items": self.items, "value": json_number(self.value),
                "green_items": self.green_items, "green_value": json_number(self.green_value),
                "green_share_value": self.green_share_value}


@attrs.frozen
class Totals:
    total_value: Number
    green_value: Number
    items: int
    green_items: int
    score_exact: Decimal | None
    status_counts: Mapping[str, int]
    groups: tuple[GroupSummary, ...]


def summarise(items: Iterable[ItemResult]) -> Totals:
    """Totals over item results; error items are counted in ``status_counts`` only."""
    total: Number = 0
    green: Number = 0
    n = green_n = 0
    weighted = Decimal(0)
    weight: Number = 0
    counts = dict.fromkeys(STATUSES, 0)
    groups: dict[str | None, list[Any]] = {}
    for it in items:
        counts[it.status] += 1
        if it.status == "error" or it.value is None:
            continue
        n += 1
        total += it.value
        g = groups.setdefault(it.product_group, [0, 0, 0, 0])
        g[0] += 1
        g[1] += it.value
        if it.green:
            green_n += 1
            green += it.value
            g[2] += 1
            g[3] += it.value
        if it.score_exact is not None:
            weighted += it.score_exact * Decimal(it.value)
            weight += it.value
    score = weighted / Decimal(weight) if weight else None
    ordered = sorted(groups.items(), key=lambda kv: (kv[0] is None, kv[0] or ""))
    summaries = tuple(GroupSummary(k, v[0], v[1], v[2], v[3]) for k, v in ordered)
    return Totals(total, green, n, green_n, score, counts, summaries)


@attrs.frozen
class RequestResult:
    """The result of one purchase request: every item, totals and shares, date and rule version."""

    request_id: str
    entity: str | None
    evaluated_on: datetime.date
    version: str
    items: tuple[ItemResult, ...]
    totals: Totals = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "totals", summarise(self.items))

    @property
    def total_value(self) -> Number:
        return self.totals.total_value

    @property
    def green_value(self) -> Number:
        return self.totals.green_value

    @property
    def green_share_value(self) -> float | None:
        t = self.totals
        return _round(Decimal(t.green_value) / Decimal(t.total_value), 6) if t.total_value else None

    @property
    def green_share_count(self) -> float | None:
        t = self.totals
        return _round(Decimal(t.green_items) / Decimal(t.items), 6) if t.items else None

    @property
    def score(self) -> float | None:
        """Value-weighted mean of the item scores (items with a score only)."""
        return _round(self.totals.score_exact, 2)

    @property
    def status_counts(self) -> Mapping[str, int]:
        return self.totals.status_counts

    @property
    def groups(self) -> tuple[GroupSummary, ...]:
        return self.totals.groups

    def to_dict(self) -> dict[str, Any]:
        """The fixed result shape (design.md), JSON-ready, stable key order."""
        return {
            "request_id": self.request_id,
            "entity": self.entity,
            "evaluated_on": self.evaluated_on.isoformat(),
            "version": self.version,
            "total_value": json_number(self.total_value),
            "green_value": json_number(self.green_value),
            "green_share_value": self.green_share_value,
            "green_share_count": self.green_share_count,
            "score": self.score,
            "status_counts": dict(self.status_counts),
            "groups": [g.to_dict() for g in self.groups],
            "items": [i.to_dict() for i in self.items],
        }
