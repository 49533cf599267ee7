"""Batch checking: rows in, one result row out per input row, totals aggregated on the way.

The pipeline is streaming: :mod:`green_procurement.io` yields :class:`Row` objects one at a time,
:func:`evaluate_rows` scores each into an :class:`ItemRecord` (or an ``error`` record with the reason)
and :class:`Summary` aggregates totals per request, product group and procuring unit without keeping
the rows.  Memory therefore does not grow with the number of rows; only with the number of distinct
requests, groups and units.

Rows that share a ``request_id`` form one request wherever they stand in the file (an item's score
does not depend on the other items; only the request totals do, and those are aggregated).
"""

from __future__ import annotations

import datetime
import itertools
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from .engine import Engine
from .errors import GppError
from .model import LineItem, Number, json_number
from .results import STATUSES, ItemResult

__all__ = ["EngineSpec", "ItemRecord", "Row", "Summary", "Totals", "evaluate_rows", "run"]

#: Rows sent to a worker process at a time, and chunks in flight per worker (bounded memory).
CHUNK_ROWS = 1000
IN_FLIGHT_PER_WORKER = 3


@attrs.frozen
class Row:
    """One data row of a batch file, parsed (``item``) or not (``error`` says why).

    ``row`` is the 1-based row number a user sees: the line number in a CSV/JSONL file (the header is
    line 1), the sheet row in an XLSX file, the 1-based position in a JSON/YAML list.  ``request_id``
    is None when the file has no request column (then the whole file is one request, named after
    the file).  ``item_id`` and ``description`` are kept as read even for error rows, so that every
    output row can be traced back."""

    source: str
    row: int
    request_id: str | None = None
    entity: str | None = None
    request_date: datetime.date | None = None
    funding: str | None = None
    item: LineItem | None = None
    error: str | None = None
    item_id: str | None = None
    description: str | None = None

    @property
    def request_key(self) -> str:
        return self.request_id if self.request_id is not None else self.source


@attrs.frozen
class ItemRecord:
    """The outcome of one input row: its location, request and the item result."""

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


def evaluate_rows(engine: Engine, rows: Iterable[Row], on: datetime.date) -> Iterator[ItemRecord]:
    """Score each row (an ``error`` record for a row that cannot be read or scored), in input order."""
    for r in rows:
        yield evaluate_row(engine, r, on)


def evaluate_row(engine: Engine, r: Row, on: datetime.date) -> ItemRecord:
    """Score one row; bad input becomes an ``error`` record, never an exception."""
    key = r.request_key
    if r.error is not None or r.item is None:
        return ItemRecord(r.source, r.row, key, r.entity,
                          engine.error_item(r.item_id or "", r.description or "", r.error or "unreadable row",
                                            r.row))
    try:
        result = engine.evaluate_line(r.item, on, entity=r.entity, funding=r.funding,
                                      path=f"row {r.row}")
    except GppError as exc:
        where = f"{exc.path}: " if exc.path and not exc.path.startswith("row ") else ""
        reason = f"{where}{exc.message}" + (f" ({exc.hint})" if exc.hint else "")
        result = engine.error_item(r.item.id, r.item.description, reason, r.row)
    return ItemRecord(r.source, r.row, key, r.entity, attrs.evolve(result, row=r.row))


@attrs.frozen
class EngineSpec:
    """How a worker process loads the same engine as the parent."""

    catalog: str | None = None
    rules: str | None = None
    backend: str = "durable"

    def load(self) -> Engine:
        from .engine import load

        return load(self.catalog and Path(self.catalog), self.rules and Path(self.rules), self.backend)


_worker_engine: Engine | None = None


def _init_worker(spec: EngineSpec) -> None:
    global _worker_engine
    import warnings

    warnings.simplefilter("ignore")   # the parent already warned about a missing durable-rules
    _worker_engine = spec.load()


def _work(rows: list[Row], on: datetime.date) -> list[ItemRecord]:
    assert _worker_engine is not None
    return [evaluate_row(_worker_engine, r, on) for r in rows]


def run(rows: Iterable[Row], on: datetime.date, *, engine: Engine | None = None, jobs: int = 1,
        spec: EngineSpec | None = None) -> Iterator[ItemRecord]:
    """Score rows in input order: in this process (``jobs=1``, with ``engine``) or in ``jobs`` worker
    processes (each loads the engine from ``spec``).  The output is the same either way; at most
    ``jobs × 3`` chunks of 1,000 rows are in flight, so memory stays bounded."""
    if jobs <= 1:
        if engine is None:
            engine = (spec or EngineSpec()).load()
        yield from evaluate_rows(engine, rows, on)
        return
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(jobs, initializer=_init_worker, initargs=(spec or EngineSpec(),)) as pool:
        pending: deque[Any] = deque()
        it = iter(rows)
        while True:
            chunk = list(itertools.islice(it, CHUNK_ROWS))
            if not chunk:
                break
            pending.append(pool.apply_async(_work, (chunk, on)))
            while len(pending) >= jobs * IN_FLIGHT_PER_WORKER:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


@attrs.define
class Totals:
    """Running totals of a set of items (a request, a product group, a procuring unit, or all)."""

    items: int = 0
    value: Number = 0
    green_items: int = 0
    green_value: Number = 0
    weighted: Decimal = Decimal(0)
    weight: Number = 0
    status_counts: dict[str, int] = attrs.field(factory=lambda: dict.fromkeys(STATUSES, 0))

    def add(self, result: ItemResult) -> None:
        self.status_counts[result.status] += 1
        if result.status == "error" or result.value is None:
            return
        self.items += 1
        self.value += result.value
        if result.green:
            self.green_items += 1
            self.green_value += result.value
        if result.score_exact is not None:
            self.weighted += result.score_exact * Decimal(result.value)
            self.weight += result.value

    @property
    def green_share_value(self) -> float | None:
        return _ratio(self.green_value, self.value)

    @property
    def green_share_count(self) -> float | None:
        return _ratio(self.green_items, self.items)

    @property
    def score(self) -> float | None:
        if not self.weight:
            return None
        return float((self.weighted / Decimal(self.weight)).quantize(Decimal("0.01")))

    def to_dict(self) -> dict[str, Any]:
        return {"items": self.items, "value": json_number(self.value), "green_items": self.green_items,
                "green_value": json_number(self.green_value), "green_share_value": self.green_share_value,
                "green_share_count": self.green_share_count, "score": self.score,
                "status_counts": dict(self.status_counts)}


def _ratio(a: Number, b: Number) -> float | None:
    if not b:
        return None
    return float((Decimal(a) / Decimal(b)).quantize(Decimal("0.000001")))


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

    def add(self, record: ItemRecord) -> None:
        self.rows_read += 1
        if record.source not in self.sources:
            self.sources.append(record.source)
        res = record.result
        if res.status == "error":
            self.rows_rejected += 1
        else:
            self.rows_scored += 1
        self.total.add(res)
        req = self.requests.get(record.request_id)
        if req is None:
            req = self.requests[record.request_id] = Totals()
            self.request_entities[record.request_id] = record.entity
        req.add(res)
        if res.status != "error":
            grp = self.groups.get(res.product_group)
            if grp is None:
                grp = self.groups[res.product_group] = Totals()
            grp.add(res)
        ent = self.entities.get(record.entity)
        if ent is None:
            ent = self.entities[record.entity] = Totals()
        ent.add(res)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, stable order (groups and units sorted, the unnamed one last)."""
        def ordered(d: dict[str | None, Totals], key: str) -> list[dict[str, Any]]:
            return [{key: k, **t.to_dict()} for k, t in sorted(d.items(), key=lambda kv: (kv[0] is None,
                                                                                            kv[0] or ""))]
        return {
            "rows_read": self.rows_read, "rows_scored": self.rows_scored, "rows_rejected": self.rows_rejected,
            "sources": list(self.sources),
            "total": self.total.to_dict(),
            "groups": ordered(self.groups, "group"),
            "entities": ordered(self.entities, "entity"),
            "requests": [{"request_id": k, "entity": self.request_entities.get(k), **t.to_dict()}
                         for k, t in self.requests.items()],
        }
