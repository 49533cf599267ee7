"""What the readers of every format share: :class:`BatchFileError`, :class:`RowReader`, rows not yet
parsed (:class:`RawRow`), the header checks and the UTF-8 check."""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from .._messages import Msg, join, msg
from ..catalog import Catalog
from ..errors import InputError
from .headers import LINE_ITEMS, ColumnSet, HeaderLayout
from .numbers import NumberFormat
from .rows import Cells, Row, RowBuilder

__all__ = ["BatchFileError", "BatchItem", "Builder", "FileInfo", "RawBlock", "RawRow", "RowReader"]

#: How many non-empty rows at the top of a sheet are searched for the header (title rows above it).
HEADER_SEARCH_ROWS = 10
_CHUNK = 1 << 16


class BatchFileError(InputError):
    """A batch file that cannot be read at all (missing, not UTF-8 text, no usable header, ...).

    ``path`` is the file name as given; ``line`` the line or sheet row when known; the message names
    the file and what is wrong, the hint what to do (both in both languages)."""

    def __init__(self, path: str, message: Msg, *, hint: Msg | None = None, line: int | None = None,
                 column: int | None = None, code: str = "unreadable-file") -> None:
        super().__init__(message, path=path, line=line, column=column, code=code, hint=hint)


def save_as() -> Msg:
    """The hint for a file that is not UTF-8 CSV or .xlsx."""
    return msg("file.save-as")


class RawRow:
    """The cells of one row, not yet parsed (``read_rows(..., raw=True)``); picklable.

    ``columns`` maps a field to the file's header for it (for messages)."""

    __slots__ = ("cells", "columns", "number_format", "row", "source")

    def __init__(self, source: str, row: int, cells: dict[str, object], number_format: NumberFormat,
                 columns: Mapping[str, str]) -> None:
        self.source, self.row, self.cells, self.number_format = source, row, cells, number_format
        self.columns = columns

    def build(self, builders: dict[tuple[str, str], RowBuilder], catalog: Catalog) -> Row:
        """Parse the cells into a Row (``builders`` caches one RowBuilder per file)."""
        builder = builder_for(builders, self.source, self.number_format, catalog)
        return builder.build(self.row, self.cells, self.columns)  # type: ignore[arg-type]


class RawBlock:
    """Consecutive lines of a CSV file after its header, not yet split into cells
    (``read_rows(..., raw=True, block_lines=N)``); picklable, and cheap to hand to a worker process
    (one list of strings instead of a dictionary of cells per row).  ``fields`` and ``headers`` are
    the file's columns (field or None, and the header as written); ``line`` is the number of the
    line before the first one (the file's line numbers are kept).  A block never cuts a record: a
    quoted value that spans lines stays in one block.  ``escapes``: the file was read with
    ``errors="surrogateescape"`` (:func:`check_utf8` found lines that are not UTF-8), so the lines
    may hold bytes that are not text; False when it was read strictly.
    :func:`~green_procurement.io.rows_of` splits and parses it."""

    __slots__ = ("delimiter", "escapes", "fields", "headers", "line", "lines", "number_format", "source")

    def __init__(self, source: str, number_format: NumberFormat, fields: tuple[str | None, ...],
                 headers: tuple[str, ...], delimiter: str, line: int, lines: list[str],
                 escapes: bool = True) -> None:
        self.source, self.number_format, self.fields, self.headers = source, number_format, fields, headers
        self.delimiter, self.line, self.lines, self.escapes = delimiter, line, lines, escapes


#: What a reader yields: a row parsed, or (``raw=True``) a row's cells or a block of CSV lines to
#: parse elsewhere (``check --jobs N`` parses them in worker processes).
BatchItem = Row | RawRow | RawBlock


def builder_for(builders: dict[tuple[str, str], RowBuilder], source: str, number_format: NumberFormat,
                catalog: Catalog) -> RowBuilder:
    """The RowBuilder of a file in ``builders`` (one per file and number format), made on first use."""
    key = (source, number_format)
    b = builders.get(key)
    if b is None:
        b = builders[key] = RowBuilder(catalog, source, number_format)
    return b


class Builder(Protocol):
    """What a reader hands the cells of a row to: a :class:`RowBuilder` (rows parsed at once) or a
    raw builder (rows handed on as :class:`RawRow`)."""

    source: str
    number_format: NumberFormat

    def build(self, row: int, cells: Cells, columns: Mapping[str, str] | None = None) -> Row | RawRow: ...

    def error(self, row: int, message: Msg, cells: Cells | None = None) -> Row: ...


class RawBuilder:
    """Stands in for a RowBuilder: rows that could be split into cells come out as RawRow."""

    def __init__(self, builder: RowBuilder) -> None:
        self._builder = builder
        self.source: str = builder.source
        self.number_format: NumberFormat = builder.number_format

    def build(self, row: int, cells: Cells, columns: Mapping[str, str] | None = None) -> RawRow:
        return RawRow(self.source, row, dict(cells), self.number_format, columns or {})

    def error(self, row: int, message: Msg, cells: Cells | None = None) -> Row:
        return self._builder.error(row, message, cells)


class FileInfo:
    """What a reader learns of its file, and the file handles it must close.

    Attributes for the caller (e.g. the CLI): ``source`` (the file name shown in results),
    ``format`` (``csv``, ``xlsx``, ``json``, ``jsonl`` or ``yaml``), ``columns`` (header -> field, e.g.
    ``{"Đơn giá": "unit_price"}``), ``ignored_columns`` (headers that map to no field, in file
    order), ``ignored_hints`` (header -> "did you mean ...?" where one is close), ``header_row``
    (line or sheet row of the header; None for JSON-like formats), ``sheet`` (XLSX sheet name) and
    ``delimiter`` (CSV).  For JSON-like formats the keys are learnt while reading, so ``columns`` and
    ``ignored_columns`` are complete once the rows have been read."""

    def __init__(self, source: str, fmt: str) -> None:
        self.source = source
        self.format = fmt
        self.columns: dict[str, str] = {}
        self.ignored_columns: list[str] = []
        self.ignored_hints: dict[str, Msg] = {}
        self.header_row: int | None = None
        self.sheet: str | None = None
        self.delimiter: str | None = None
        self._closers: list[Callable[[], object]] = []

    def release(self) -> None:
        """Close the file handles (the readers call it when their rows end)."""
        while self._closers:
            self._closers.pop()()

    def on_close(self, closer: Callable[[], object]) -> None:
        """Call ``closer`` when the reader is closed."""
        self._closers.append(closer)

    def ignore(self, header: str, hint: Msg | None) -> None:
        """Record a header (or JSON key) that maps to no field."""
        if header not in self.ignored_columns:
            self.ignored_columns.append(header)
            if hint:
                self.ignored_hints[header] = hint

    def use_layout(self, layout: HeaderLayout) -> None:
        """Record the columns of a header row."""
        for text, field in zip(layout.headers, layout.fields, strict=True):
            if field is not None:
                self.columns[text] = field
        for text, hint in layout.ignored:
            self.ignore(text, hint)


T = TypeVar("T", bound=BatchItem)


class RowReader(FileInfo, Iterator[T], Generic[T]):
    """The rows of one batch file, one :class:`Row` per data row, in file order (see
    :class:`FileInfo` for what it tells of the file).

    Use it as an iterator, and close it (or use ``with``) when stopping early.  With ``raw=True``
    (:func:`~green_procurement.io.read_rows`) it yields :class:`RawRow` and :class:`RawBlock` items
    too, to be parsed elsewhere.
    """

    def __init__(self, source: str, fmt: str) -> None:
        super().__init__(source, fmt)
        self._rows: Iterator[T] = iter(())
        self._closed = False

    def __iter__(self) -> RowReader[T]:
        return self

    def __next__(self) -> T:
        try:
            return next(self._rows)
        except StopIteration:
            self.close()
            raise

    def close(self) -> None:
        """Release the open file (idempotent)."""
        if self._closed:
            return
        self._closed = True
        close = getattr(self._rows, "close", None)
        if close is not None:
            close()
        self.release()

    def __enter__(self) -> RowReader[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # pragma: no cover - never raise from a finaliser
            pass


def blank_cells(cells: Iterable[object]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def check_utf8(path: Path, name: str) -> bool:
    """Check that a file is UTF-8 text, reading it in chunks of whole lines (constant memory).

    A file that is not (a UTF-16 file, one saved in another encoding: its first line, or more than
    10 lines and more than 1 line in 20, are not UTF-8 or hold NUL bytes) raises BatchFileError.  A
    few bad lines in a UTF-8 file are the problem of their rows only: True says there are some (read
    the file with ``errors="surrogateescape"``; :func:`has_bad_bytes` finds them)."""
    line = 1
    bad: dict[int, int | None] = {}     # line -> the first byte that is not UTF-8 (None: a NUL)
    with path.open("rb") as f:
        first = True
        while chunk := f.read(_CHUNK):
            if first and chunk[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
                raise BatchFileError(name, msg("file.utf16", name=name), code="encoding", hint=save_as())
            first = False
            if not chunk.endswith(b"\n"):
                chunk += f.readline()       # whole lines: no character is cut in two
            try:
                chunk.decode("utf-8")
                clean = b"\x00" not in chunk
            except UnicodeDecodeError:
                clean = False
            if not clean:
                for i, text in enumerate(chunk.split(b"\n")):
                    try:
                        text.decode("utf-8")
                    except UnicodeDecodeError as exc:
                        bad.setdefault(line + i, text[exc.start])
                    if b"\x00" in text:
                        bad.setdefault(line + i, None)
                if len(bad) > _MAX_BAD_LINES and len(bad) * 20 > line:
                    break
            line += chunk.count(b"\n")
    if not bad:
        return False
    first_bad = min(bad)
    if first_bad == 1 or (len(bad) > _MAX_BAD_LINES and len(bad) * 20 > line):
        byte = bad[first_bad]
        if byte is None:
            raise BatchFileError(name, msg("file.nul", name=name, line=first_bad), code="encoding", line=first_bad,
                                 hint=save_as())
        raise BatchFileError(name, msg("file.not-utf8-byte", name=name, byte=byte, line=first_bad),
                             code="encoding", line=first_bad, hint=save_as())
    return True


#: More lines than this (and 1 in 20) that are not UTF-8: the file is in another encoding.
_MAX_BAD_LINES = 10
_BAD_BYTES = re.compile("[\x00\udc80-\udcff]")


def has_bad_bytes(text: str, escapes: bool = True) -> bool:
    """Whether text read with ``errors="surrogateescape"`` holds bytes that are not UTF-8, or NUL;
    ``escapes`` False: the text was decoded strictly, so only a NUL can be there."""
    if "\x00" in text:
        return True
    if not escapes:
        return False
    try:                    # a text that encodes holds no surrogate: one C pass, twice the regex's speed
        text.encode("utf-8")
        return False
    except UnicodeEncodeError:
        return _BAD_BYTES.search(text) is not None


def bad_bytes_problem(text: str) -> Msg | None:
    """Why a line is not text (a byte that is not UTF-8, a NUL), or None."""
    found = _BAD_BYTES.search(text)
    if found is None:
        return None
    return msg("row.line-nul") if found.group() == "\x00" else msg("row.line-not-utf8")


def no_header(name: str, first: list[str] | None, rows: int, line: int | None = None,
              columns: ColumnSet = LINE_ITEMS) -> BatchFileError:
    """The error of a file none of whose top rows names the required columns."""
    if first is None:
        return BatchFileError(name, msg("file.no-rows", name=name), code="no-header",
                              hint=msg("file.first-row.hint"))
    shown = ", ".join(repr(c) for c in first[:8] if c) + (", ..." if len(first) > 8 else "")
    return BatchFileError(name, msg("file.no-header", name=name, rows=rows, need=join(columns.required), shown=shown),
                          code="no-header", line=line,
                          hint=msg(columns.no_header_hint, canonical=join(columns.canonical)))


def check_layout(name: str, layout: HeaderLayout, where: Msg, line: int | None) -> None:
    """Refuse a header that names a field twice or lacks a required one."""
    if layout.duplicates:
        field, a, b = layout.duplicates[0]
        text = msg("file.header-twice", name=name, where=where, first=a, field=field) if a == b else \
            msg("file.header-both", name=name, where=where, first=a, second=b, field=field)
        raise BatchFileError(name, text, code="duplicate-column", line=line, hint=msg("file.header-twice.hint"))
    if layout.missing:
        raise BatchFileError(
            name, msg("file.missing-column", name=name, where=where, missing=join(layout.missing),
                      columns=join(h for h in layout.headers if h)),
            code="missing-column", line=line,
            hint=msg("file.missing-column.hint",
                     names=join((layout.columns.required_names.get(m, m) for m in layout.missing), "; ")))


def layout_columns(layout: HeaderLayout) -> dict[str, str]:
    """Field -> the header the file gives it."""
    return {f: h for h, f in zip(layout.headers, layout.fields, strict=True) if f is not None}


def unread_only(layout: HeaderLayout, values: Iterable[object]) -> Msg:
    """The error of a row whose text is all in columns that are not read (``Ghi chú``...): such a row
    is not dropped as empty."""
    unread = [h for h, f, v in zip(layout.headers, layout.fields, values, strict=False)
              if f is None and not blank_cells([v])]
    needed = [h for h, f in zip(layout.headers, layout.fields, strict=True) if f in layout.columns.required]
    return msg("row.unread-only", columns=join(f"'{c}'" for c in unread), needed=join(needed))
