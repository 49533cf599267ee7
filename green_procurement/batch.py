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

import contextlib
import datetime
import itertools
import json
import multiprocessing
import os
import shutil
import tempfile
from collections import deque
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from .engine import Engine
from .errors import GppError
from .model import LineItem, Number, json_number
from .results import STATUSES, ItemResult, SharedByFindings

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

    def to_json(self) -> str:
        """``json.dumps(self.to_dict(), ensure_ascii=False)``, byte for byte, but reusing the JSON of
        findings shared by many items (the engine shares identical findings tuples)."""
        res = self.result
        head = {"source": self.source, "row": res.row if res.row is not None else self.row,
                "request_id": self.request_id, "entity": self.entity, "item_id": res.item_id,
                "description": res.description, "product_group": res.product_group, "priority": res.priority,
                "value": json_number(res.value), "score": res.score, "status": res.status}
        tail: dict[str, Any] = {"classified_by": res.classified_by, "evidence": res.evidence}
        if res.error is not None:
            tail["error"] = res.error
        return (json.dumps(head, ensure_ascii=False, allow_nan=False)[:-1] + ', "findings": '
                + _findings_json(res.findings) + ", " + json.dumps(tail, ensure_ascii=False, allow_nan=False)[1:])


    def to_report_json(self, lang: str) -> str:
        """The compact form the JSON report writes: like :meth:`to_json`, but a finding is only
        ``rule_id``, ``outcome``, ``points`` and, when not met, its ``message`` in ``lang`` (the
        severity, basis, title and maximum points of every rule are written once, under
        ``rules``; a met finding's text is its rule's ``message.met``)."""
        head, value, shared = self._report_json_parts(lang)
        return f"{head}, {shared[0]}, {value}, {shared[1]}"

    def to_report_json_bytes(self, lang: str) -> bytes:
        """:meth:`to_report_json` encoded as UTF-8 (unpaired surrogates replaced)."""
        head, value, shared = self._report_json_parts(lang)
        return b"".join((head.encode("utf-8", "replace"), shared[2], value.encode(), shared[3]))

    def _report_json_parts(self, lang: str) -> tuple[str, str, tuple[Any, ...]]:
        """The JSON of the record's own fields, of its value, and the shared parts: what follows the
        description and the value depends only on the result's group, status, score, findings,
        classification and error, so it is made (and encoded) once for the items that share them."""
        res = self.result
        j = _scalar_json
        key = (res.product_group, res.priority, res.status, res.score_exact, res.classified_by, res.evidence,
               res.error, lang)
        hit = _REPORT_JSON.get(res.findings, key)
        if hit is None:
            mid = f'"product_group": {j(res.product_group)}, "priority": {j(res.priority)}'
            tail = (f'"score": {j(res.score)}, "status": {j(res.status)}, '
                    f'"findings": {_compact_findings_json(res.findings, lang)}, '
                    f'"classified_by": {j(res.classified_by)}, "evidence": {j(res.evidence)}')
            if res.error is not None:
                tail += f', "error": {j(res.error)}'
            tail += "}"
            hit = _REPORT_JSON.put(res.findings, key, (mid, tail, b", " + mid.encode("utf-8", "replace") + b", ",
                                                       b", " + tail.encode("utf-8", "replace")))
        head = (f'{{"source": {j(self.source)}, "row": {j(res.row if res.row is not None else self.row)}, '
                f'"request_id": {j(self.request_id)}, "entity": {j(self.entity)}, "item_id": {j(res.item_id)}, '
                f'"description": {j(res.description)}')
        return head, f'"value": {j(json_number(res.value))}', hit


_encode_str = json.encoder.encode_basestring   # the C encoder json.dumps(ensure_ascii=False) uses


def _scalar_json(v: Any) -> str:
    """``json.dumps(v, ensure_ascii=False)`` for a str, int, float, bool or None."""
    if type(v) is str:
        return _encode_str(v)
    if type(v) is int:
        return int.__repr__(v)
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if type(v) is float:
        if v != v or v in (float("inf"), float("-inf")):
            raise ValueError(f"not a finite number: {v}")
        return float.__repr__(v)
    return json.dumps(v, ensure_ascii=False, allow_nan=False)


_FINDINGS_JSON = SharedByFindings()
_COMPACT_JSON = SharedByFindings()
_REPORT_JSON = SharedByFindings()


def _compact_findings_json(findings: tuple[Any, ...], lang: str) -> str:
    hit: str | None = _COMPACT_JSON.get(findings, lang)
    if hit is not None:
        return hit
    out = []
    for f in findings:
        d: dict[str, Any] = {"rule_id": f.rule_id, "outcome": f.outcome, "points": f.points}
        if f.outcome != "met":
            d["message"] = f.message.get(lang)
        out.append(d)
    text: str = _COMPACT_JSON.put(findings, lang, json.dumps(out, ensure_ascii=False, allow_nan=False))
    return text


def _findings_json(findings: tuple[Any, ...]) -> str:
    text: str | None = _FINDINGS_JSON.get(findings)
    if text is None:
        text = _FINDINGS_JSON.put(findings, None, json.dumps([f.to_dict() for f in findings], ensure_ascii=False,
                                                             allow_nan=False))
    return text


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
                                      path=f"row {r.row}", row=r.row)
    except GppError as exc:
        where = f"{exc.path}: " if exc.path and not exc.path.startswith("row ") else ""
        reason = f"{where}{exc.message}" + (f" ({exc.hint})" if exc.hint else "")
        result = engine.error_item(r.item.id, r.item.description, reason, r.row)
    return ItemRecord(r.source, r.row, key, r.entity, result)


@attrs.frozen
class EngineSpec:
    """How a worker process loads the same engine as the parent."""

    catalog: str | None = None
    rules: str | None = None
    backend: str = "durable"
    cache: bool = True

    def load(self) -> Engine:
        from .engine import load

        engine = load(self.catalog and Path(self.catalog), self.rules and Path(self.rules), self.backend)
        if not self.cache:
            engine.cache_size = 0
        return engine


_worker_engine: Engine | None = None
_worker_builders: dict[Any, Any] = {}

#: A report format's fragment maker and its language: ``(writer class, lang)``.
Maker = tuple[Any, str]


def _init_worker(spec: EngineSpec) -> None:
    global _worker_engine
    import warnings

    warnings.simplefilter("ignore")   # the parent already warned about a missing durable-rules
    _worker_engine = spec.load()


@attrs.frozen
class Chunk:
    """The outcome of a chunk of rows: their summary and, per report format, their fragments in
    one :meth:`~green_procurement.report.Writer.pack`."""

    summary: Summary
    packs: tuple[Any, ...]

    @property
    def rows(self) -> int:
        return self.summary.rows_read


def process_chunk(engine: Engine, items: list[Any], on: datetime.date, makers: tuple[Maker, ...],
                  builders: dict[Any, Any]) -> Chunk:
    """Parse, score and serialise a chunk of rows; the summary is aggregated here too, so a worker
    sends back a few totals and text instead of one object per row."""
    summary = Summary()
    fragments: tuple[list[Any], ...] = tuple([] for _ in makers)
    catalog = engine.ruleset.catalog
    for row in _rows(items, builders, catalog):
        record = evaluate_row(engine, row, on)
        summary.add_row(summary_row(record))
        for out, (cls, lang) in zip(fragments, makers, strict=True):
            out.append(cls.fragment(record, lang, catalog))
    return Chunk(summary, tuple(cls.pack(f) for f, (cls, _) in zip(fragments, makers, strict=True)))


def _rows(items: list[Any], builders: dict[Any, Any], catalog: Any) -> Iterator[Row]:
    """The rows of a chunk: Row as it is, RawRow parsed, RawBlock split and parsed."""
    for item in items:
        if isinstance(item, Row):
            yield item
        elif hasattr(item, "build_rows"):
            yield from item.build_rows(builders, catalog)
        else:
            yield item.build(builders, catalog)


def _chunks(items: Iterable[Any]) -> Iterator[list[Any]]:
    """Items in lists of 1,000 rows; a RawBlock (already about that many lines) is a list alone."""
    pending: list[Any] = []
    for item in items:
        if hasattr(item, "build_rows"):
            if pending:
                yield pending
                pending = []
            yield [item]
            continue
        pending.append(item)
        if len(pending) >= CHUNK_ROWS:
            yield pending
            pending = []
    if pending:
        yield pending


#: Packs at least this large go back from a worker through a file in ``spill`` (see run()).
SPILL_BYTES = 1 << 16


def _work(items: list[Any], on: datetime.date, makers: tuple[Maker, ...], spill: str | None = None) -> Chunk:
    assert _worker_engine is not None
    chunk = process_chunk(_worker_engine, items, on, makers, _worker_builders)
    if spill is None:
        return chunk
    return attrs.evolve(chunk, packs=tuple(_spill(pack, spill) for pack in chunk.packs))


class _Spilled:
    """A report pack a worker left in a file (``path``) instead of sending its bytes."""

    __slots__ = ("path",)

    def __init__(self, path: str) -> None:
        self.path = path

    def take(self) -> bytes:
        """The bytes, and the file removed."""
        with open(self.path, "rb") as f:
            data = f.read()
        os.unlink(self.path)
        return data


_spilled = itertools.count()


def _spill(pack: Any, folder: str) -> Any:
    if type(pack) is not bytes or len(pack) < SPILL_BYTES:
        return pack
    path = os.path.join(folder, f"{os.getpid()}-{next(_spilled)}")
    try:
        with open(path, "xb") as f:
            f.write(pack)
    except OSError:     # shared memory full or gone: send the bytes through the pipe instead
        with contextlib.suppress(OSError):
            os.unlink(path)
        return pack
    return _Spilled(path)


def _unspill(chunk: Chunk) -> Chunk:
    if not any(isinstance(p, _Spilled) for p in chunk.packs):
        return chunk
    return attrs.evolve(chunk, packs=tuple(p.take() if isinstance(p, _Spilled) else p for p in chunk.packs))


def _spill_folder() -> str | None:
    """A private folder in shared memory (``/dev/shm``) for the report text of chunks in flight, or
    None where there is none: sending megabytes through a pipe costs the parent process about four
    copies of every byte (3 GB for a million rows), a file in memory one."""
    root = "/dev/shm"
    if not (os.path.isdir(root) and os.access(root, os.W_OK | os.X_OK)):
        return None
    try:
        return tempfile.mkdtemp(prefix="green-procurement-", dir=root)
    except OSError:
        return None


def run(rows: Iterable[Any], on: datetime.date, *, engine: Engine | None = None, jobs: int = 1,
        spec: EngineSpec | None = None, makers: tuple[Maker, ...] = ()) -> Iterator[Chunk]:
    """Score rows (Row, RawRow or RawBlock) in input order, in chunks of 1,000 rows (or one
    RawBlock), each with its summary and its report fragments: in this process (``jobs=1``, with
    ``engine``) or in ``jobs`` worker processes (each loads the engine from ``spec``, then parses,
    scores, aggregates and serialises its chunks; this process only reads lines or cells and writes
    text).  The chunks, and so every total and every report, are the same either way; at most
    ``jobs × 3`` chunks are in flight, so memory stays bounded."""
    chunks = _chunks(rows)
    if jobs <= 1:
        if engine is None:
            engine = (spec or EngineSpec()).load()
        builders: dict[Any, Any] = {}
        for chunk in chunks:
            yield process_chunk(engine, chunk, on, makers, builders)
        return
    ctx = multiprocessing.get_context("spawn")
    spill = _spill_folder()
    try:
        with ctx.Pool(jobs, initializer=_init_worker, initargs=(spec or EngineSpec(),)) as pool:
            pending: deque[Any] = deque()
            for chunk in chunks:
                pending.append(pool.apply_async(_work, (chunk, on, makers, spill)))
                while len(pending) >= jobs * IN_FLIGHT_PER_WORKER:
                    yield _unspill(pending.popleft().get())
            while pending:
                yield _unspill(pending.popleft().get())
    finally:
        if spill is not None:
            shutil.rmtree(spill, ignore_errors=True)


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
        self.add_values(result.status, result.value, result.score_exact)

    def add_values(self, status: str, value: Number | None, score: Decimal | None,
                   weighted: Decimal | None = None) -> None:
        """Count one item (``weighted`` = score × value, when the caller has it already)."""
        self.status_counts[status] += 1
        if status == "error" or value is None:
            return
        self.items += 1
        self.value += value
        if status == "green":
            self.green_items += 1
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
        for k, n in other.status_counts.items():
            self.status_counts[k] += n

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
        return float((self.weighted / Decimal(self.weight)).quantize(_HUNDREDTH))

    def to_dict(self) -> dict[str, Any]:
        return {"items": self.items, "value": json_number(self.value), "green_items": self.green_items,
                "green_value": json_number(self.green_value), "green_share_value": self.green_share_value,
                "green_share_count": self.green_share_count, "score": self.score,
                "status_counts": dict(self.status_counts)}


def summary_row(record: ItemRecord) -> tuple[Any, ...]:
    """What :class:`Summary` needs of a record, as a small picklable tuple."""
    res = record.result
    return (record.source, record.request_id, record.entity, res.status, res.product_group, res.value,
            res.score_exact)


_HUNDREDTH = Decimal("0.01")
_MILLIONTH = Decimal("0.000001")


def _ratio(a: Number, b: Number) -> float | None:
    if not b:
        return None
    return float((Decimal(a) / Decimal(b)).quantize(_MILLIONTH))


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
        """Count one record."""
        self.add_row(summary_row(record))

    def add_row(self, row: tuple[Any, ...]) -> None:
        """Count one row given as :func:`summary_row` (what worker processes send back)."""
        source, request_id, entity, status, group, value, score = row
        self.rows_read += 1
        if source not in self.sources:
            self.sources.append(source)
        if status == "error":
            self.rows_rejected += 1
        else:
            self.rows_scored += 1
        weighted = score * Decimal(value) if score is not None and value is not None else None
        self.total.add_values(status, value, score, weighted)
        req = self.requests.get(request_id)
        if req is None:
            req = self.requests[request_id] = Totals()
            self.request_entities[request_id] = entity
        req.add_values(status, value, score, weighted)
        if status != "error":
            grp = self.groups.get(group)
            if grp is None:
                grp = self.groups[group] = Totals()
            grp.add_values(status, value, score, weighted)
        ent = self.entities.get(entity)
        if ent is None:
            ent = self.entities[entity] = Totals()
        ent.add_values(status, value, score, weighted)

    def merge(self, other: Summary) -> None:
        """Add the summary of the rows that follow (a chunk scored elsewhere): totals add up, and
        requests, groups and units keep the order in which they first appeared."""
        self.rows_read += other.rows_read
        self.rows_scored += other.rows_scored
        self.rows_rejected += other.rows_rejected
        for src in other.sources:
            if src not in self.sources:
                self.sources.append(src)
        self.total.merge(other.total)
        for table, theirs in ((self.requests, other.requests), (self.groups, other.groups),
                              (self.entities, other.entities)):
            for k, t in theirs.items():
                mine = table.get(k)
                if mine is None:
                    table[k] = t
                else:
                    mine.merge(t)
        for k, e in other.request_entities.items():
            self.request_entities.setdefault(k, e)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, stable order (groups and units sorted, the unnamed one last)."""
        return {k: list(v) if isinstance(v, Iterator) else v for k, v in self.iter_dict()}

    def iter_dict(self) -> Iterator[tuple[str, Any]]:
        """The entries of :meth:`to_dict` in order, with its lists (groups, units, requests) as
        iterators: a run may have a hundred thousand requests, and a writer need not hold the
        dictionaries of all of them at once."""
        def ordered(d: dict[str | None, Totals], key: str) -> Iterator[dict[str, Any]]:
            return ({key: k, **t.to_dict()} for k, t in sorted(d.items(), key=lambda kv: (kv[0] is None,
                                                                                           kv[0] or "")))
        yield "rows_read", self.rows_read
        yield "rows_scored", self.rows_scored
        yield "rows_rejected", self.rows_rejected
        yield "sources", list(self.sources)
        yield "total", self.total.to_dict()
        yield "groups", ordered(self.groups, "group")
        yield "entities", ordered(self.entities, "entity")
        yield "requests", ({"request_id": k, "entity": self.request_entities.get(k), **t.to_dict()}
                           for k, t in self.requests.items())
