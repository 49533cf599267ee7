"""CSV files: the delimiter sniffed, the header found among the top rows, then one row per record,
streaming (line by line); or, for ``check --jobs N``, blocks of lines that worker processes split."""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator
from operator import itemgetter
from pathlib import Path
from typing import Protocol

from .._messages import csvlib_reason, msg
from ..catalog import Catalog
from .base import (
    HEADER_SEARCH_ROWS,
    BatchFileError,
    Builder,
    FileInfo,
    RawBlock,
    RawRow,
    blank_cells,
    builder_for,
    check_layout,
    check_utf8,
    layout_columns,
    no_header,
    save_as,
)
from .headers import HeaderLayout, HeaderMap
from .rows import Row, RowBuilder

__all__ = ["block_rows", "open_csv"]


class _Records(Protocol):
    """A ``csv.reader``: records, and the number of lines read so far."""

    line_num: int

    def __next__(self) -> list[str]: ...


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == delimiter and not quoted:
            count += 1
    return count


def _cells(line: str, delimiter: str) -> list[str]:
    """The cells of one line, or none if the CSV reader refuses it (the header search then reports it)."""
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return []


def _sniff(lines: list[str], headers: HeaderMap) -> str:
    """The delimiter (``,`` ``;`` or tab) under which the top lines name the most required columns,
    then the one that occurs most often (outside quotes) in the first line."""
    best, best_key = ",", (-1, -1)
    for d in (",", ";", "\t"):
        score = max((headers.required_in(_cells(ln, d)) for ln in lines), default=0)
        key = (score, _count_outside_quotes(lines[0], d) if lines else 0)
        if key > best_key:
            best, best_key = d, key
    return best


def open_csv(reader: FileInfo, path: Path, headers: HeaderMap, builder: Builder,
             block_lines: int = 0) -> Iterator[Row | RawRow | RawBlock]:
    """Open a CSV file for ``reader``: check it and find its header; the rows to come."""
    name = reader.source
    check_utf8(path, name)
    f = path.open(encoding="utf-8-sig", newline="")
    reader.on_close(f.close)
    top: list[str] = []
    for line in f:
        top.append(line)
        if sum(1 for ln in top if ln.strip()) >= HEADER_SEARCH_ROWS:
            break
    delimiter = _sniff([ln for ln in top if ln.strip()], headers)
    reader.delimiter = delimiter
    lines = itertools.chain(top, f)
    rows = csv.reader(lines, delimiter=delimiter)
    seen = 0
    first: list[str] | None = None
    layout: HeaderLayout | None = None
    while seen < HEADER_SEARCH_ROWS:
        start = rows.line_num + 1
        try:
            record = next(rows)
        except StopIteration:
            break
        except csv.Error as exc:
            reason = csvlib_reason(str(exc))
            raise BatchFileError(name, msg("file.csv-unreadable", name=name, reason=reason, line=start),
                                 code="csv-syntax", line=start, hint=save_as()) from None
        if blank_cells(record):
            continue
        seen += 1
        first = first or record
        if headers.required_in(record):
            layout = headers.layout(record)
            reader.header_row = start
            break
    if layout is None:
        raise no_header(name, first, seen, 1 if first is not None else None, headers.columns)
    check_layout(name, layout, msg("file.where.line", line=reader.header_row), reader.header_row)
    reader.use_layout(layout)
    if block_lines > 0:
        return _csv_blocks(reader, lines, rows.line_num, layout, builder, block_lines)
    return _csv_rows(reader, rows, layout, builder)


def _csv_rows(reader: FileInfo, rows: _Records,
              layout: HeaderLayout, builder: Builder) -> Iterator[Row | RawRow]:
    try:
        yield from _csv_records(reader.source, rows, layout, reader.delimiter or ",", builder, 0)
    finally:
        reader.release()


def _csv_blocks(reader: FileInfo, lines: Iterator[str], line: int, layout: HeaderLayout,
                builder: Builder, size: int) -> Iterator[RawBlock]:
    """The lines after the header in blocks of ``size`` lines or a few more: a block that holds a
    double quote (or a NUL, or a line longer than the CSV reader's field limit) is read with the CSV
    reader here, to end it on a record boundary; any other block is whole records already."""
    delimiter = reader.delimiter or ","
    limit = csv.field_size_limit()
    try:
        while True:
            block = list(itertools.islice(lines, size))
            if not block:
                return
            text = "".join(block)
            if '"' in text or "\0" in text or (len(text) > limit and max(map(len, block)) > limit):
                block = _whole_records(block, lines, delimiter)
            yield RawBlock(builder.source, builder.number_format, layout.fields, layout.headers, delimiter, line,
                           block)
            line += len(block)
    finally:
        reader.release()


def _whole_records(block: list[str], more: Iterator[str], delimiter: str) -> list[str]:
    """``block`` and, if its last record continues on the next lines (a quoted value with line
    breaks), the lines of ``more`` up to the end of that record."""
    taken: list[str] = []

    def feed() -> Iterator[str]:
        for ln in itertools.chain(block, more):
            taken.append(ln)
            yield ln

    try:
        for _ in csv.reader(feed(), delimiter=delimiter):
            if len(taken) >= len(block):
                break
    except csv.Error:     # the block ends with the bad record: reading it again raises the same error
        pass
    return taken


def block_rows(block: RawBlock, builders: dict[tuple[str, str], RowBuilder], catalog: Catalog) -> Iterator[Row]:
    """The rows of a block, as reading the file row by row gives them; raises BatchFileError where
    that would (a line the CSV reader cannot read)."""
    builder = builder_for(builders, block.source, block.number_format, catalog)
    records = csv.reader(block.lines, delimiter=block.delimiter)
    layout = HeaderLayout(block.fields, block.headers, (), ())
    return _csv_records(block.source, records, layout, block.delimiter, builder, block.line)  # type: ignore[return-value]


def _csv_records(name: str, rows: _Records, layout: HeaderLayout, delimiter: str, builder: Builder,
                 offset: int) -> Iterator[Row | RawRow]:
    """The rows of a CSV reader positioned after the header; ``offset`` is the number of lines read
    before the reader's first line (row numbers are line numbers in the file)."""
    fields = layout.fields
    columns = layout_columns(layout)
    width = len(fields)
    positions = [i for i, f in enumerate(fields) if f is not None]
    used = [f for f in fields if f is not None]
    if len(positions) == 1:       # itemgetter of one index returns the value, not a tuple
        positions.append(positions[0])
        used.append(used[0])
    pick = itemgetter(*positions)
    shown = msg("row.delimiter.tab") if delimiter == "\t" else repr(delimiter)
    while True:
        start = offset + rows.line_num + 1
        try:
            record = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:
            raise BatchFileError(name, msg("file.csv-error", name=name, line=start, reason=csvlib_reason(str(exc))),
                                 code="csv-syntax", line=start,
                                 hint=msg("file.csv-error.hint", save_as=save_as())) from None
        if len(record) == width:
            cells = dict(zip(used, pick(record), strict=True))
        elif not "".join(record).strip():     # an empty line (all cells blank)
            continue
        else:
            cells = {f: v for f, v in zip(fields, record, strict=False) if f is not None}
            n = len(record)
            counted = msg("row.fields.one") if n == 1 else msg("row.fields.many", n=n)
            if any("\n" in v or "\r" in v for v in record) and offset + rows.line_num > start:
                text = msg("row.width.unclosed", fields=counted, width=width)
            elif n > width:
                text = msg("row.width.delimiter", fields=counted, width=width, shown=shown)
            else:
                text = msg("row.width", fields=counted, width=width)
            yield builder.error(start, text, cells)
            continue
        if not "".join(cells.values()).strip():     # only columns that are not read hold something
            continue
        yield builder.build(start, cells, columns)
