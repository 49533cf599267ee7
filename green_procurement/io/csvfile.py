"""CSV files: the delimiter sniffed, the header found among the top rows, then one row per record,
streaming (in blocks of lines); or, for ``check --jobs N``, blocks of lines that worker processes split.

A record the CSV reader refuses (a value longer than its field limit) is one error row, and reading
goes on after the end of that record, so no other row is lost or split.  A row with text only in
columns that are not read is an error row too, not a row dropped as empty."""

from __future__ import annotations

import collections
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
    bad_bytes_problem,
    blank_cells,
    builder_for,
    check_layout,
    check_utf8,
    has_bad_bytes,
    layout_columns,
    no_header,
    save_as,
    unread_only,
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
    # a few lines that are not UTF-8 are error rows (a file in another encoding is refused here)
    bad_bytes = check_utf8(path, name)
    f = path.open(encoding="utf-8-sig", newline="", errors="surrogateescape" if bad_bytes else "strict")
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
        return _csv_blocks(reader, lines, rows.line_num, layout, builder, block_lines, bad_bytes)
    return _csv_rows(reader, lines, rows.line_num, layout, builder, bad_bytes)


#: Lines read at a time when a CSV file is read row by row (memory stays flat).
_STREAM_LINES = 1000


def _csv_rows(reader: FileInfo, lines: Iterator[str], line: int, layout: HeaderLayout,
              builder: Builder, escapes: bool) -> Iterator[Row | RawRow]:
    for block in _csv_blocks(reader, lines, line, layout, builder, _STREAM_LINES, escapes):
        yield from _csv_records(reader.source, block.lines, layout, block.delimiter, builder, block.line,
                                escapes)


def _csv_blocks(reader: FileInfo, lines: Iterator[str], line: int, layout: HeaderLayout,
                builder: Builder, size: int, escapes: bool) -> Iterator[RawBlock]:
    """The lines after the header in blocks of ``size`` lines or a few more: a block that holds a
    double quote (or a NUL, or a line longer than the CSV reader's field limit) is read with the CSV
    reader here, to end it on a record boundary; any other block is whole records already.  ``escapes``:
    the file was read with ``errors="surrogateescape"`` (see :class:`RawBlock`)."""
    delimiter = reader.delimiter or ","
    limit = csv.field_size_limit()
    try:
        while True:
            block = list(itertools.islice(lines, size))
            if not block:
                return
            text = "".join(block)
            if ('"' in text or "\0" in text or (len(text) > limit and max(map(len, block)) > limit)) and \
                    not _strictly_whole(block, delimiter):
                block = _whole_records(block, lines, delimiter)
            yield RawBlock(builder.source, builder.number_format, layout.fields, layout.headers, delimiter, line,
                           block, escapes)
            line += len(block)
    finally:
        reader.release()


def _strictly_whole(block: list[str], delimiter: str) -> bool:
    """Whether the CSV reader in strict mode reads ``block`` to its end without an error: then it is
    whole records (its last one does not go on in a quoted value), as :func:`_whole_records` would
    find, at C speed.  Anything strict mode refuses (a value cut at the end, a value over the field
    limit, a stray quote) leaves the block to :func:`_whole_records`."""
    try:
        collections.deque(csv.reader(block, delimiter=delimiter, strict=True), maxlen=0)
    except csv.Error:
        return False
    return True


def _whole_records(block: list[str], more: Iterator[str], delimiter: str) -> list[str]:
    """``block`` and, if its last record continues on the next lines (a quoted value with line
    breaks), the lines of ``more`` up to the end of that record."""
    taken: list[str] = []

    def feed() -> Iterator[str]:
        for ln in itertools.chain(block, more):
            taken.append(ln)
            yield ln

    source = feed()
    records = csv.reader(source, delimiter=delimiter)
    while len(taken) < len(block):
        before = len(taken)
        try:
            next(records)
        except StopIteration:
            break
        except csv.Error:   # a value over the field limit: the record goes on to its end
            _rest_of_record(taken[before:], source, delimiter)
    return taken


def _ends_quoted(text: str, delimiter: str, quoted: bool) -> bool:
    """Whether ``text``, read from the start of a field (inside a quoted value when ``quoted``), ends
    inside a quoted value, as the CSV reader reads it (``""`` is a quote inside a quoted value; a quote
    inside an unquoted value is a plain character)."""
    i, n = 0, len(text)
    at_start = not quoted
    while i < n:
        if quoted:
            j = text.find('"', i)
            if j < 0:
                return True
            if text.startswith('"', j + 1):
                i = j + 2
                continue
            quoted, at_start, i = False, False, j + 1
            continue
        if at_start and text[i] == '"':
            quoted, i = True, i + 1
            continue
        ends = [k for k in (text.find(delimiter, i), text.find("\n", i), text.find("\r", i)) if k >= 0]
        if not ends:
            return False
        i, at_start = min(ends) + 1, True
    return quoted


def _rest_of_record(read: list[str], more: Iterator[str], delimiter: str) -> int:
    """After the CSV reader refused a record whose lines so far are ``read``: take the lines of
    ``more`` up to the end of that record (a quoted value may go on over several lines); how many."""
    quoted = _ends_quoted("".join(read), delimiter, False)
    taken = 0
    while quoted:
        line = next(more, None)
        if line is None:
            break
        taken += 1
        quoted = _ends_quoted(line, delimiter, True)
    return taken


def block_rows(block: RawBlock, builders: dict[tuple[str, str], RowBuilder], catalog: Catalog) -> Iterator[Row]:
    """The rows of a block, as reading the file row by row gives them."""
    builder = builder_for(builders, block.source, block.number_format, catalog)
    layout = HeaderLayout(block.fields, block.headers, (), ())
    return _csv_records(block.source, block.lines, layout, block.delimiter, builder, block.line,  # type: ignore[return-value]
                        block.escapes)


def _csv_records(name: str, lines: list[str], layout: HeaderLayout, delimiter: str, builder: Builder,
                 offset: int, escapes: bool = True) -> Iterator[Row | RawRow]:
    """The rows of whole records of a CSV file after its header; ``offset`` is the number of lines
    before the first one (row numbers are line numbers in the file); ``escapes``: the file was read
    with ``errors="surrogateescape"`` (else only a NUL can make a line that is not text)."""
    source = iter(lines)
    rows: _Records = csv.reader(source, delimiter=delimiter)
    skipped = 0                 # lines taken past a refused record (the reader did not count them)
    bad_bytes = has_bad_bytes("".join(lines), escapes)    # a line that is not UTF-8, or a NUL
    fields = layout.fields
    columns = layout_columns(layout)
    width = len(fields)
    positions = [i for i, f in enumerate(fields) if f is not None]
    used = [f for f in fields if f is not None]
    if len(positions) == 1:       # itemgetter of one index returns the value, not a tuple
        positions.append(positions[0])
        used.append(used[0])
    pick = itemgetter(*positions)
    every = positions == list(range(width))     # every column is read: a record's cells as they are
    shown = msg("row.delimiter.tab") if delimiter == "\t" else repr(delimiter)
    while True:
        at = skipped + rows.line_num
        start = offset + at + 1
        try:
            record = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:    # a value over the field limit: this record is an error, the rest goes on
            skipped += _rest_of_record(lines[at:skipped + rows.line_num], source, delimiter)
            yield builder.error(start, msg("row.csv-error", reason=csvlib_reason(str(exc))))
            continue
        if bad_bytes and (problem := bad_bytes_problem("".join(record))) is not None:
            yield builder.error(start, problem)
            continue
        if len(record) == width:
            cells = dict(zip(used, record if every else pick(record), strict=True))
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
        if not "".join(cells.values()).strip():
            if "".join(record).strip():     # text only in columns that are not read: say so
                yield builder.error(start, unread_only(layout, record), cells)
            continue
        yield builder.build(start, cells, columns)

