"""Scoring batch rows: a row becomes an :class:`~green_procurement.results.ItemRecord` (an ``error``
record when it cannot be read or scored, with the reason in both languages); a chunk of rows becomes
its :class:`~green_procurement.results.Summary` and, per report format, the fragments of its records.

Everything here runs where the rows are scored: in the one process of ``check --jobs 1``, or in each
worker process of ``check --jobs N`` (:mod:`green_procurement.batch` hands chunks out and collects
them).  Rows that share a ``request_id`` form one request wherever they stand in the file: an item's
score does not depend on the other items; only the request totals do, and those are aggregated.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator

import attrs

from ._messages import Msg, msg
from .catalog import Catalog
from .engine import Engine
from .errors import GppError
from .io import BatchItem, Row, RowBuilder, rows_of
from .report import Pack, Writer
from .results import ItemRecord, ItemResult, Summary

__all__ = ["Chunk", "Maker", "evaluate_row", "evaluate_rows", "process_chunk"]

#: A report format's fragment maker and its language: ``(writer class, lang)``.
Maker = tuple[type[Writer], str]


def evaluate_rows(engine: Engine, rows: Iterable[Row], on: datetime.date) -> Iterator[ItemRecord]:
    """Score each row (an ``error`` record for a row that cannot be read or scored), in input order."""
    for r in rows:
        yield evaluate_row(engine, r, on)


def _error(engine: Engine, r: Row, reason: Msg) -> ItemResult:
    """The ``error`` result of a row that could not be read (or scored: ``reason`` says why).  It still
    shows the product group its description names, so that the user sees what the row would count
    for once it is fixed (an error row counts in no group's totals)."""
    item_id, description = (r.item.id, r.item.description) if r.item is not None else (r.item_id, r.description)
    group, by, evidence = None, None, None
    if description:
        cls = engine.classify(description)
        if cls.group is not None:
            group, by, evidence = cls.group, cls.by, cls.evidence
    return ItemResult(item_id or "", description or "", group.id if group else None, bool(group and group.priority),
                      None, None, "error", error=reason, row=r.row, classified_by=by, evidence=evidence)


def evaluate_row(engine: Engine, r: Row, on: datetime.date) -> ItemRecord:
    """Score one row; bad input becomes an ``error`` record, never an exception."""
    key = r.request_key
    if r.error is not None or r.item is None:
        return ItemRecord(r.source, r.row, key, r.entity, _error(engine, r, r.error or msg("row.unreadable")))
    try:
        result = engine.evaluate_line(r.item, on, entity=r.entity, funding=r.funding,
                                      path=f"row {r.row}", row=r.row)
    except GppError as exc:
        # the engine names the field by its path in the row ("row 5.labels[0]"): the row is known
        where = exc.path if exc.path and not exc.path.startswith("row ") else None
        problem = exc.msg if where is None else msg("row.problem", column=where, problem=exc.msg)
        hint = exc.hint_msg
        reason = msg("row.engine-error", problem=problem) if hint is None else \
            msg("row.engine-error-hint", problem=problem, hint=hint)
        result = _error(engine, r, reason)
    return ItemRecord(r.source, r.row, key, r.entity, result)


@attrs.frozen
class Chunk:
    """The outcome of a chunk of rows: their summary and, per report format, their fragments in
    one :meth:`~green_procurement.report.Writer.pack`."""

    summary: Summary
    packs: tuple[Pack, ...]

    @property
    def rows(self) -> int:
        return self.summary.rows_read


def process_chunk(engine: Engine, items: list[BatchItem], on: datetime.date, makers: tuple[Maker, ...],
                  builders: dict[tuple[str, str], RowBuilder]) -> Chunk:
    """Parse, score and serialise a chunk of rows; the summary is aggregated here too, so a worker
    sends back a few totals and text instead of one object per row."""
    summary = Summary()
    fragments: tuple[list[bytes], ...] = tuple([] for _ in makers)
    catalog: Catalog = engine.ruleset.catalog
    for row in rows_of(items, builders, catalog):
        record = evaluate_row(engine, row, on)
        summary.add(record)
        for out, (cls, lang) in zip(fragments, makers, strict=True):
            out.append(cls.fragment(record, lang, catalog))
    return Chunk(summary, tuple(cls.pack(f) for f, (cls, _) in zip(fragments, makers, strict=True)))
