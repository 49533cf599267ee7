"""Results: findings, item results, request results and the outcome of batch rows, with their totals.

``to_dict()`` gives JSON-ready dicts with a stable key order; money is an exact ``int`` or decimal
text (never a float); scores and shares are floats rounded to 2 and 6 decimal places.

One :class:`Totals` counts a set of items (a request, a product group, a procuring unit, a whole
batch run); :class:`RequestResult` and the batch :class:`Summary` both use it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Mapping
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any, Protocol, TypeVar

import attrs

from ._messages import Msg
from ._schema import Text
from .model import Number, json_number

__all__ = ["STATUSES", "Finding", "GroupSummary", "ItemRecord", "ItemResult", "RequestResult", "Summary",
           "Totals", "summarise"]

#: Item statuses in report order.
STATUSES = ("green", "partial", "not_green", "not_prioritised", "error")

_HUNDREDTH = Decimal("0.01")
_MILLIONTH = Decimal("0.000001")


def _round(x: Decimal | None, step: Decimal) -> float | None:
    """``x`` rounded half-even to ``step`` (0.01 for scores, 0.000001 for shares), as a float."""
    if x is None:
        return None
    return float(x.quantize(step, ROUND_HALF_EVEN))      # rounding given by position: 0.16 us less


def _share(part: Number, whole: Number) -> float | None:
    """``part / whole`` rounded to 6 decimal places; None when ``whole`` is 0."""
    if not whole:
        return None
    return _round(Decimal(part) / Decimal(whole), _MILLIONTH)


def _error_text(value: Msg | str | None) -> Msg | None:
    """An item's error as a :class:`Msg` (a plain text is the same in both languages)."""
    if value is None or isinstance(value, Msg):
        return value
    return Msg(str(value), str(value))


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


def score_of(earned: int, possible: int) -> Decimal | None:
    """An item's score: the share of the points possible that it earned, 0–100, exact (None: no
    points possible)."""
    return Decimal(100 * earned) / Decimal(possible) if possible else None


@attrs.frozen
class ItemResult:
    """The score and status of one line item, with every finding.

    ``error`` (status ``error``: the row could not be read or scored) says why in both languages.
    ``value`` is None when the line has no quantity or price (or is an error).  ``package``: the line
    is a whole tender package (its unit or wording, ``classification.packages``); ``groups_found``:
    the groups a *mixed* line names (it is unclassified, and should be split)."""

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
    error: Msg | None = attrs.field(default=None, converter=_error_text)
    row: int | None = None
    package: bool = False
    groups_found: tuple[str, ...] = ()

    @property
    def score(self) -> float | None:
        """0–100 rounded to 2 decimals; None when no applicable rule carries points."""
        return _round(self.score_exact, _HUNDREDTH)

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
            "package": self.package, "groups_found": list(self.groups_found),
        }
        if self.error is not None:
            out["error"] = self.error.to_dict()
        if self.row is not None:
            out["row"] = self.row
        return out


@attrs.define
class Totals:
    """Running totals of a set of items (a request, a product group, a procuring unit, or all).

    ``items`` and ``green_items`` count the scored items (an ``error`` item is only counted in
    ``status_counts``); ``value`` and ``green_value`` add up the values of those that have one
    (``unvalued`` counts the scored items without a quantity or price: they are in no value total
    and no value share); ``weighted`` / ``weight`` is the value-weighted mean score of the items
    with a score and a value.  ``packages`` / ``package_value`` count the scored lines that are whole tender
    packages (they are in the totals too: the figures say how much of them is package budgets)."""

    items: int = 0
    value: Number = 0
    green_items: int = 0
    green_value: Number = 0
    weighted: Decimal = Decimal(0)
    weight: Number = 0
    status_counts: dict[str, int] = attrs.field(factory=lambda: dict.fromkeys(STATUSES, 0))
    unvalued: int = 0
    packages: int = 0
    package_value: Number = 0

    def add(self, result: ItemResult) -> None:
        """Count one item result."""
        self.add_values(result.status, result.value, result.score_exact, package=result.package)

    def add_values(self, status: str, value: Number | None, score: Decimal | None,
                   weighted: Decimal | None = None, *, package: bool = False) -> None:
        """Count one item (``weighted`` = score × value, when the caller has it already)."""
        self.status_counts[status] += 1
        if status == "error":
            return
        self.items += 1
        green = status == "green"
        if green:
            self.green_items += 1
        if package:
            self.packages += 1
            if value is not None:
                self.package_value += value
        if value is None:
            self.unvalued += 1
            return
        self.value += value
        if green:
            self.green_value += value
        if score is not None:
            self.weighted += weighted if weighted is not None else score * Decimal(value)
            self.weight += value

    def merge(self, other: Totals) -> None:
        """Add another set of totals (of items counted elsewhere, e.g. by a worker process)."""
        self.items += other.items
        self.value += other.value
        self.green_items += other.green_items
        self.green_value += other.green_value
        self.weighted += other.weighted
        self.weight += other.weight
        self.unvalued += other.unvalued
        self.packages += other.packages
        self.package_value += other.package_value
        for k, n in other.status_counts.items():
            self.status_counts[k] += n

    @property
    def green_share_value(self) -> float | None:
        return _share(self.green_value, self.value)

    @property
    def green_share_count(self) -> float | None:
        return _share(self.green_items, self.items)

    @property
    def score_exact(self) -> Decimal | None:
        """The value-weighted mean score, exact; None when no item has a score."""
        return self.weighted / Decimal(self.weight) if self.weight else None

    @property
    def score(self) -> float | None:
        """The value-weighted mean score rounded to 2 decimals."""
        return _round(self.score_exact, _HUNDREDTH)

    def to_dict(self) -> dict[str, Any]:
        return {"items": self.items, "value": json_number(self.value), "green_items": self.green_items,
                "green_value": json_number(self.green_value), "green_share_value": self.green_share_value,
                "green_share_count": self.green_share_count, "score": self.score,
                "status_counts": dict(self.status_counts), "unvalued": self.unvalued,
                "packages": self.packages, "package_value": json_number(self.package_value)}


def summarise(items: Iterable[ItemResult]) -> Totals:
    """Totals over item results; error items are counted in ``status_counts`` only."""
    totals = Totals()
    for it in items:
        totals.add(it)
    return totals


def _ordered(table: Mapping[str | None, Totals]) -> list[tuple[str | None, Totals]]:
    """Entries sorted by key, the unnamed (None) one last."""
    return sorted(table.items(), key=lambda kv: (kv[0] is None, kv[0] or ""))


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
        return _share(self.green_value, self.value)

    def to_dict(self) -> dict[str, Any]:
        return {"group": self.group, "items": self.items, "value": json_number(self.value),
                "green_items": self.green_items, "green_value": json_number(self.green_value),
                "green_share_value": self.green_share_value}


def _group_summaries(items: Iterable[ItemResult]) -> tuple[GroupSummary, ...]:
    groups: dict[str | None, Totals] = {}
    for it in items:
        if it.status != "error":
            groups.setdefault(it.product_group, Totals()).add(it)
    return tuple(GroupSummary(k, t.items, t.value, t.green_items, t.green_value) for k, t in _ordered(groups))


@attrs.frozen
class RequestResult:
    """The result of one purchase request: every item, totals and shares, date and rule version."""

    request_id: str
    entity: str | None
    evaluated_on: datetime.date
    version: str
    items: tuple[ItemResult, ...]
    totals: Totals = attrs.field(init=False)
    _groups: tuple[GroupSummary, ...] = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "totals", summarise(self.items))
        object.__setattr__(self, "_groups", _group_summaries(self.items))

    @property
    def total_value(self) -> Number:
        return self.totals.value

    @property
    def green_value(self) -> Number:
        return self.totals.green_value

    @property
    def green_share_value(self) -> float | None:
        return self.totals.green_share_value

    @property
    def green_share_count(self) -> float | None:
        return self.totals.green_share_count

    @property
    def score(self) -> float | None:
        """Value-weighted mean of the item scores (items with a score only)."""
        return self.totals.score

    @property
    def status_counts(self) -> Mapping[str, int]:
        return self.totals.status_counts

    @property
    def groups(self) -> tuple[GroupSummary, ...]:
        return self._groups

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
            "unvalued": self.totals.unvalued,
            "packages": self.totals.packages,
            "package_value": json_number(self.totals.package_value),
            "groups": [g.to_dict() for g in self.groups],
            "items": [i.to_dict() for i in self.items],
        }


# -- batch runs ----------------------------------------------------------------------------------------

@attrs.frozen
class ItemRecord:
    """The outcome of one input row of a batch file: where it came from (``source`` file and ``row``
    number), its request and procuring unit, and the item result (an ``error`` result when the row
    could not be read or scored)."""

    source: str
    row: int
    request_id: str
    entity: str | None
    result: ItemResult

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"source": self.source, "row": self.row, "request_id": self.request_id,
                               "entity": self.entity}
        out.update(self.result.to_dict())
        return out


#: Rejected rows a :class:`Summary` names (``check`` lists them on stderr, then counts the rest).
REJECTED_KEPT = 20


@attrs.define
class Summary:
    """Aggregates of a batch run: rows read/scored/rejected, totals overall and per request, product
    group and procuring unit (``entity``).  Rows read always equals rows scored plus rows rejected."""

    rows_read: int = 0
    rows_scored: int = 0
    rows_rejected: int = 0
    total: Totals = attrs.field(factory=Totals)
    requests: dict[str, Totals] = attrs.field(factory=dict)
    request_entities: dict[str, str | None] = attrs.field(factory=dict)
    groups: dict[str | None, Totals] = attrs.field(factory=dict)
    entities: dict[str | None, Totals] = attrs.field(factory=dict)
    sources: list[str] = attrs.field(factory=list)
    #: The first :data:`REJECTED_KEPT` rejected rows, in input order: (source, row, reason).
    rejected: list[tuple[str, int, Msg | None]] = attrs.field(factory=list)

    def add(self, record: ItemRecord) -> None:
        """Count one record."""
        res = record.result
        status, value, score = res.status, res.value, res.score_exact
        self.rows_read += 1
        if record.source not in self.sources:
            self.sources.append(record.source)
        if status == "error":
            self.rows_rejected += 1
            if len(self.rejected) < REJECTED_KEPT:
                self.rejected.append((record.source, record.row, res.error))
        else:
            self.rows_scored += 1
        weighted = score * Decimal(value) if score is not None and value is not None else None
        package = res.package
        self.total.add_values(status, value, score, weighted, package=package)
        req = self.requests.get(record.request_id)
        if req is None:
            req = self.requests[record.request_id] = Totals()
            self.request_entities[record.request_id] = record.entity
        req.add_values(status, value, score, weighted, package=package)
        if status != "error":
            grp = self.groups.get(res.product_group)
            if grp is None:
                grp = self.groups[res.product_group] = Totals()
            grp.add_values(status, value, score, weighted, package=package)
        ent = self.entities.get(record.entity)
        if ent is None:
            ent = self.entities[record.entity] = Totals()
        ent.add_values(status, value, score, weighted, package=package)

    def merge(self, other: Summary) -> None:
        """Add the summary of the rows that follow (a chunk scored elsewhere): totals add up, and
        requests, groups and units keep the order in which they first appeared."""
        self.rows_read += other.rows_read
        self.rows_scored += other.rows_scored
        self.rows_rejected += other.rows_rejected
        self.rejected.extend(other.rejected[:max(0, REJECTED_KEPT - len(self.rejected))])
        for src in other.sources:
            if src not in self.sources:
                self.sources.append(src)
        self.total.merge(other.total)
        _merge_table(self.requests, other.requests)
        _merge_table(self.groups, other.groups)
        _merge_table(self.entities, other.entities)
        for k, e in other.request_entities.items():
            self.request_entities.setdefault(k, e)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, stable order (groups and units sorted, the unnamed one last)."""
        return {k: list(v) if isinstance(v, Iterator) else v for k, v in self.iter_dict()}

    def iter_dict(self) -> Iterator[tuple[str, object]]:
        """The entries of :meth:`to_dict` in order, with its lists (groups, units, requests) as
        iterators: a run may have a hundred thousand requests, and a writer need not hold the
        dictionaries of all of them at once."""
        def ordered(d: dict[str | None, Totals], key: str) -> Iterator[dict[str, object]]:
            return ({key: k, **t.to_dict()} for k, t in _ordered(d))

        yield "rows_read", self.rows_read
        yield "rows_scored", self.rows_scored
        yield "rows_rejected", self.rows_rejected
        yield "sources", list(self.sources)
        yield "total", self.total.to_dict()
        yield "groups", ordered(self.groups, "group")
        yield "entities", ordered(self.entities, "entity")
        yield "requests", ({"request_id": k, "entity": self.request_entities.get(k), **t.to_dict()}
                           for k, t in self.requests.items())


_K = TypeVar("_K", str, "str | None")


def _merge_table(mine: dict[_K, Totals], theirs: Mapping[_K, Totals]) -> None:
    for k, t in theirs.items():
        have = mine.get(k)
        if have is None:
            mine[k] = t
        else:
            have.merge(t)
