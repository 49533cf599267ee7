"""Readers of batch files: CSV, XLSX, JSON, JSON lines, YAML and JSON lines on stdin.

:func:`read_rows` opens a file, finds and maps its header at once (so an unreadable file fails before
the first row, with :class:`BatchFileError`), and then yields one :class:`~green_procurement.batch.Row`
per data row, streaming: CSV and JSON lines are read line by line and XLSX sheets with openpyxl's
read-only mode, so memory does not grow with the file.  JSON and YAML documents are loaded whole.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import itertools
import json
import os
import sys
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from operator import itemgetter
from pathlib import Path
from typing import IO, Any

from .._text import fold
from .._yaml import YamlLoadError, load_yaml_text
from ..batch import Row
from ..catalog import Catalog
from ..errors import InputError
from ..model import to_number
from .headers import CANONICAL, REQUIRED, HeaderLayout, HeaderMap
from .numbers import NumberFormat, Percent, check_number_format
from .rows import RowBuilder

__all__ = ["FORMATS", "BatchFileError", "RawBlock", "RawRow", "RowReader", "read_rows"]

#: File formats by name suffix (anything else is recognised from its content).
FORMATS: Mapping[str, str] = {
    ".csv": "csv", ".tsv": "csv", ".txt": "csv",
    ".xlsx": "xlsx", ".xlsm": "xlsx",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".yaml": "yaml", ".yml": "yaml",
}
STDIN_NAME = "<stdin>"
#: How many non-empty rows at the top of a sheet are searched for the header (title rows above it).
HEADER_SEARCH_ROWS = 10
_CHUNK = 1 << 16
_SAVE_AS = 'save the sheet as "CSV UTF-8 (Comma delimited) (*.csv)" or as an Excel .xlsx workbook'
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


class BatchFileError(InputError):
    """A batch file that cannot be read at all (missing, not UTF-8 text, no usable header, ...).

    ``path`` is the file name as given; ``line`` the line or sheet row when known; the message names
    the file and what is wrong, the hint what to do."""

    def __init__(self, path: str, message: str, *, hint: str | None = None, line: int | None = None,
                 column: int | None = None, code: str = "unreadable-file") -> None:
        super().__init__(message, path=path, line=line, column=column, code=code, hint=hint)


class RowReader(Iterator[Row]):
    """The rows of one batch file, one :class:`Row` per data row, in file order.

    Attributes for the caller (e.g. the CLI): ``source`` (the file name shown in results),
    ``format`` (``csv``, ``xlsx``, ``json``, ``jsonl`` or ``yaml``), ``columns`` (header -> field, e.g.
    ``{"Đơn giá": "unit_price"}``), ``ignored_columns`` (headers that map to no field, in file
    order), ``ignored_hints`` (header -> "did you mean ...?" where one is close), ``header_row``
    (line or sheet row of the header; None for JSON-like formats), ``sheet`` (XLSX sheet name) and
    ``delimiter`` (CSV).  For JSON-like formats the keys are learnt while reading, so ``columns`` and
    ``ignored_columns`` are complete once the rows have been read.

    Use it as an iterator, and close it (or use ``with``) when stopping early.
    """

    def __init__(self, source: str, fmt: str) -> None:
        self.source = source
        self.format = fmt
        self.columns: dict[str, str] = {}
        self.ignored_columns: list[str] = []
        self.ignored_hints: dict[str, str] = {}
        self.header_row: int | None = None
        self.sheet: str | None = None
        self.delimiter: str | None = None
        self._rows: Iterator[Row] = iter(())
        self._closers: list[Callable[[], object]] = []
        self._closed = False

    def __iter__(self) -> RowReader:
        return self

    def __next__(self) -> Row:
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
        self._release()

    def _release(self) -> None:
        while self._closers:
            self._closers.pop()()

    def __enter__(self) -> RowReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # pragma: no cover - never raise from a finaliser
            pass

    def _ignore(self, header: str, hint: str | None) -> None:
        if header not in self.ignored_columns:
            self.ignored_columns.append(header)
            if hint:
                self.ignored_hints[header] = hint

    def _use_layout(self, layout: HeaderLayout) -> None:
        for text, field in zip(layout.headers, layout.fields, strict=True):
            if field is not None:
                self.columns[text] = field
        for text, hint in layout.ignored:
            self._ignore(text, hint)


def read_rows(source: str | os.PathLike[str], catalog: Catalog, *, number_format: NumberFormat = "vi",
              stdin: IO[str] | IO[bytes] | None = None, raw: bool = False, block_lines: int = 0) -> RowReader:
    """Read a batch file row by row: a :class:`RowReader`, which is an iterator of :class:`Row`.

    ``source`` is a path (``.csv``, ``.xlsx``, ``.json``, ``.jsonl``, ``.yaml``; other names are
    recognised from their content) or ``"-"`` for JSON lines on ``stdin`` (default ``sys.stdin``).
    ``number_format`` says how numbers written as text are read: ``"vi"`` (``12.500.000``,
    ``1.234,5``) or ``"en"`` (``12,500,000``, ``1,234.5``).

    Raises :class:`BatchFileError` at once when the file cannot be read at all; a bad row never
    stops reading, it becomes a Row whose ``error`` says what is wrong.

    With ``raw=True`` the reader yields :class:`RawRow` (the cells, not yet parsed) for every row
    it could split into cells, and a Row for the others: the cells can then be parsed elsewhere
    (``check --jobs N`` parses them in the worker processes) with :meth:`RawRow.build`.  With
    ``raw=True`` and ``block_lines=N`` as well, a CSV file's data comes as :class:`RawBlock` items
    of about N lines each, not even split into cells (:meth:`RawBlock.build_rows` does that, with
    the same row numbers, errors and messages as reading row by row).
    """
    fmt_numbers = check_number_format(number_format)
    headers = HeaderMap(catalog)
    if isinstance(source, str) and source == "-":
        reader = RowReader(STDIN_NAME, "jsonl")
        stream: Any = stdin if stdin is not None else getattr(sys.stdin, "buffer", sys.stdin)
        builder = _maybe_raw(RowBuilder(catalog, STDIN_NAME, fmt_numbers), raw)
        reader._rows = _jsonl_rows(reader, stream, headers, builder)
        return reader
    name = os.fspath(source)
    path = Path(name)
    fmt = _detect(path, name)
    reader = RowReader(name, fmt)
    builder = _maybe_raw(RowBuilder(catalog, name, fmt_numbers), raw)
    try:
        if fmt == "csv":
            _open_csv(reader, path, headers, builder, block_lines if raw else 0)
        elif fmt == "xlsx":
            _open_xlsx(reader, path, headers, builder)
        elif fmt == "jsonl":
            _check_utf8(path, name)
            f = path.open("rb")
            reader._closers.append(f.close)
            reader._rows = _jsonl_rows(reader, f, headers, builder)
        else:
            data = _load_document(path, name, fmt)
            reader._rows = _object_rows(reader, _document_rows(data, name), headers, builder)
    except BaseException:
        reader.close()
        raise
    return reader


def _builder(builders: dict[tuple[str, str], RowBuilder], source: str, number_format: str,
             catalog: Catalog) -> RowBuilder:
    """The RowBuilder of a file in ``builders`` (one per file and number format), made on first use."""
    key = (source, number_format)
    b = builders.get(key)
    if b is None:
        b = builders[key] = RowBuilder(catalog, source, number_format)  # type: ignore[arg-type]
    return b


class RawRow:
    """The cells of one row, not yet parsed (``read_rows(..., raw=True)``); picklable."""

    __slots__ = ("cells", "number_format", "row", "source")

    def __init__(self, source: str, row: int, cells: dict[str, Any], number_format: str) -> None:
        self.source, self.row, self.cells, self.number_format = source, row, cells, number_format

    def build(self, builders: dict[tuple[str, str], RowBuilder], catalog: Catalog) -> Row:
        """Parse the cells into a Row (``builders`` caches one RowBuilder per file)."""
        return _builder(builders, self.source, self.number_format, catalog).build(self.row, self.cells)


class RawBlock:
    """Consecutive lines of a CSV file after its header, not yet split into cells
    (``read_rows(..., raw=True, block_lines=N)``); picklable, and cheap to hand to a worker process
    (one list of strings instead of a dictionary of cells per row).

    ``line`` is the number of the line before the first one (the file's line numbers are kept).  A
    block never cuts a record: a quoted value that spans lines stays in one block."""

    __slots__ = ("delimiter", "fields", "line", "lines", "number_format", "source")

    def __init__(self, source: str, number_format: str, fields: tuple[str | None, ...], delimiter: str,
                 line: int, lines: list[str]) -> None:
        self.source, self.number_format, self.fields = source, number_format, fields
        self.delimiter, self.line, self.lines = delimiter, line, lines

    def build_rows(self, builders: dict[tuple[str, str], RowBuilder], catalog: Catalog) -> Iterator[Row]:
        """The rows of the block, as reading the file row by row gives them; raises BatchFileError
        where that would (a line the CSV reader cannot read)."""
        builder = _builder(builders, self.source, self.number_format, catalog)
        records = csv.reader(self.lines, delimiter=self.delimiter)
        return _csv_records(self.source, records, self.fields, self.delimiter, builder, self.line)


class _RawBuilder:
    """Stands in for a RowBuilder: rows that could be split into cells come out as RawRow."""

    def __init__(self, builder: RowBuilder) -> None:
        self._builder = builder
        self.source: str = builder.source
        self.number_format: str = builder.number_format

    def build(self, row: int, cells: Any) -> RawRow:
        return RawRow(self.source, row, dict(cells), self.number_format)

    def error(self, row: int, message: str, cells: Any = None) -> Row:
        return self._builder.error(row, message, cells)


def _maybe_raw(builder: RowBuilder, raw: bool) -> Any:
    return _RawBuilder(builder) if raw else builder


# --- opening and recognising files ------------------------------------------------------------------

def _detect(path: Path, name: str) -> str:
    """The format of a file, from its name and first bytes; BatchFileError when it cannot be read."""
    try:
        if path.is_dir():
            raise BatchFileError(name, f"{name} is a folder, not a file", code="not-a-file",
                                 hint="give the path of a .csv, .xlsx, .json, .jsonl or .yaml file")
        with path.open("rb") as f:
            head = f.read(4096)
    except FileNotFoundError:
        raise BatchFileError(name, f"file not found: {name}", code="file-not-found",
                             hint="check the file name and the folder") from None
    except OSError as exc:
        raise BatchFileError(name, f"cannot open {name}: {exc.strerror or exc}", code="file-unreadable",
                             hint="check that the file exists and that you may read it") from None
    suffix = path.suffix.lower()
    if head.startswith(_OLE_MAGIC) or suffix == ".xls":
        raise BatchFileError(name, f"{name} is an old Excel 97-2003 workbook (.xls), which cannot be read",
                             code="unsupported-format", hint=_SAVE_AS)
    if not head.strip():
        raise BatchFileError(name, f"{name} is empty", code="no-header",
                             hint="the first row must name the columns, e.g. Tên hàng hóa, Số lượng, Đơn giá")
    fmt = FORMATS.get(suffix)
    if fmt in (None, "csv") and head.startswith(_ZIP_MAGIC):
        return "xlsx"  # an Excel workbook saved under another name
    if fmt is None:
        start = head.lstrip(codecs.BOM_UTF8 + b" \t\r\n")[:1]
        fmt = {b"[": "json", b"{": "jsonl"}.get(start, "csv")
    return fmt


def _check_utf8(path: Path, name: str) -> None:
    """Refuse a file that is not UTF-8 text, reading it in chunks (constant memory)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    with path.open("rb") as f:
        first = True
        while chunk := f.read(_CHUNK):
            if first and chunk[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
                raise BatchFileError(name, f"{name} is UTF-16 text (Excel \"Unicode Text\"), not UTF-8",
                                     code="encoding", hint=_SAVE_AS)
            first = False
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                bad = line + chunk[: exc.start].count(b"\n")
                raise BatchFileError(
                    name, f"{name} is not UTF-8 text (byte 0x{chunk[exc.start]:02x} on line {bad}); it was "
                    "probably saved in another encoding", code="encoding", line=bad, hint=_SAVE_AS) from None
            if b"\x00" in chunk:
                bad = line + chunk[: chunk.index(b"\x00")].count(b"\n")
                raise BatchFileError(name, f"{name} is not a text file (it contains NUL bytes, line {bad})",
                                     code="encoding", line=bad, hint=_SAVE_AS)
            line += chunk.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise BatchFileError(name, f"{name} is not UTF-8 text (it ends in the middle of a character)",
                                 code="encoding", line=line, hint=_SAVE_AS) from None


def _no_header(name: str, first: list[str] | None, rows: int, line: int | None = None) -> BatchFileError:
    need = ", ".join(REQUIRED)
    if first is None:
        return BatchFileError(name, f"{name} has no rows", code="no-header",
                              hint="the first row must name the columns, e.g. Tên hàng hóa, Số lượng, Đơn giá")
    shown = ", ".join(repr(c) for c in first[:8] if c) + (", ..." if len(first) > 8 else "")
    return BatchFileError(
        name, f"{name} has no usable header: none of its first {rows} non-empty row(s) names a column "
        f"{need} (first row: {shown})", code="no-header", line=line,
        hint="put the column names in the first row, e.g. STT, Tên hàng hóa, Số lượng, Đơn vị tính, Đơn giá, Nhãn "
        f"(or {', '.join(CANONICAL)})")


def _check_layout(name: str, layout: HeaderLayout, where: str, line: int | None) -> None:
    if layout.duplicates:
        field, a, b = layout.duplicates[0]
        same = f"'{a}' twice" if a == b else f"'{a}' and '{b}'"
        raise BatchFileError(name, f"{name}: the header {where} has {same}, which both mean {field}",
                             code="duplicate-column", line=line, hint="remove or rename one of the columns")
    if layout.missing:
        names = {"description": "Tên hàng hóa / description", "quantity": "Số lượng / quantity",
                 "unit_price": "Đơn giá / unit_price"}
        missing = ", ".join(layout.missing)
        raise BatchFileError(
            name, f"{name}: the header {where} has no {missing} column (columns: "
            f"{', '.join(h for h in layout.headers if h)})", code="missing-column", line=line,
            hint="add or rename the column(s): " + "; ".join(names[m] for m in layout.missing))


def _blank_cells(cells: Iterable[object]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


# --- CSV ----------------------------------------------------------------------------------------

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


def _open_csv(reader: RowReader, path: Path, headers: HeaderMap, builder: Any, block_lines: int = 0) -> None:
    name = reader.source
    _check_utf8(path, name)
    f = path.open(encoding="utf-8-sig", newline="")
    reader._closers.append(f.close)
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
            raise BatchFileError(name, f"{name} is not a readable CSV file: {exc} (line {start})",
                                 code="csv-syntax", line=start, hint=_SAVE_AS) from None
        if _blank_cells(record):
            continue
        seen += 1
        first = first or record
        if headers.required_in(record):
            layout = headers.layout(record)
            reader.header_row = start
            break
    if layout is None:
        raise _no_header(name, first, seen, 1 if first is not None else None)
    _check_layout(name, layout, f"on line {reader.header_row}", reader.header_row)
    reader._use_layout(layout)
    if block_lines > 0:
        reader._rows = _csv_blocks(reader, lines, rows.line_num, layout.fields, builder, block_lines)
    else:
        reader._rows = _csv_rows(reader, rows, layout, builder)


def _csv_rows(reader: RowReader, rows: Any, layout: HeaderLayout, builder: RowBuilder) -> Iterator[Row]:
    try:
        yield from _csv_records(reader.source, rows, layout.fields, reader.delimiter or ",", builder, 0)
    finally:
        reader._release()


def _csv_blocks(reader: RowReader, lines: Iterator[str], line: int, fields: tuple[str | None, ...],
                builder: Any, size: int) -> Iterator[RawBlock]:
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
            yield RawBlock(builder.source, builder.number_format, fields, delimiter, line, block)
            line += len(block)
    finally:
        reader._release()


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


def _csv_records(name: str, rows: Any, fields: tuple[str | None, ...], delimiter: str, builder: Any,
                 offset: int) -> Iterator[Row]:
    """The rows of a CSV reader positioned after the header; ``offset`` is the number of lines read
    before the reader's first line (row numbers are line numbers in the file)."""
    width = len(fields)
    positions = [i for i, f in enumerate(fields) if f is not None]
    used = [fields[i] for i in positions]
    if len(positions) == 1:       # itemgetter of one index returns the value, not a tuple
        positions.append(positions[0])
        used.append(used[0])
    pick = itemgetter(*positions)
    shown = "tab" if delimiter == "\t" else repr(delimiter)
    while True:
        start = offset + rows.line_num + 1
        try:
            record = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:
            raise BatchFileError(name, f"{name}: CSV error on line {start}: {exc}", code="csv-syntax",
                                 line=start, hint="check the quotes on that line; " + _SAVE_AS) from None
        if not "".join(record).strip():     # an empty line (all cells blank)
            continue
        if len(record) == width:
            cells = dict(zip(used, pick(record), strict=True))
        else:
            cells = {f: v for f, v in zip(fields, record, strict=False) if f is not None}
        if len(record) != width:
            msg = f"row has {len(record)} field{'s' if len(record) != 1 else ''}, the header has {width}"
            if any("\n" in v or "\r" in v for v in record) and offset + rows.line_num > start:
                msg += " (a double quote \" in it opens a value that seems never closed)"
            elif len(record) > width:
                msg += f" (a value containing the delimiter {shown} must be in double quotes)"
            yield builder.error(start, msg, cells)
            continue
        if not "".join(cells.values()).strip():     # only columns that are not read hold something
            continue
        yield builder.build(start, cells)


# --- XLSX ---------------------------------------------------------------------------------------

def _excel_value(cell: Any) -> object:
    value = getattr(cell, "value", None)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return value
        # Excel keeps 15 significant digits: 0.1 stays 0.1, 0.30000000000000004 (a sum) is 0.3
        value = to_number(Decimal(format(value, ".15g")), "")
    if isinstance(value, (int, Decimal)):
        if "%" in (getattr(cell, "number_format", None) or ""):
            return Percent(to_number(Decimal(value) * 100, ""))
        return value
    if isinstance(value, (str, datetime.date, datetime.datetime)):
        return value
    return str(value)


def _open_xlsx(reader: RowReader, path: Path, headers: HeaderMap, builder: RowBuilder) -> None:
    name = reader.source
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - openpyxl is an optional dependency
        raise BatchFileError(name, f"cannot read {name}: reading .xlsx files needs the openpyxl package",
                             code="unsupported-format",
                             hint="pip install openpyxl, or save the sheet as CSV UTF-8") from None
    try:
        handle = path.open("rb")  # a file object: openpyxl would refuse a workbook saved as .csv by its name
    except OSError as exc:
        raise BatchFileError(name, f"cannot open {name}: {exc.strerror or exc}", code="file-unreadable") from None
    reader._closers.append(handle.close)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds (BadZipFile, KeyError, ValueError...)
        kind = "not an Excel .xlsx workbook" if isinstance(exc, zipfile.BadZipFile) else \
            f"a damaged or unsupported workbook ({type(exc).__name__}: {exc})"
        raise BatchFileError(name, f"cannot read {name}: it is {kind}", code="bad-xlsx",
                             hint="open it in Excel and save it again as .xlsx, or " + _SAVE_AS) from None
    reader._closers.append(wb.close)
    tried: list[str] = []
    first_seen: tuple[list[str] | None, int] = (None, 0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for ws in wb.worksheets:
                tried.append(ws.title)
                ws.reset_dimensions()
                found = _xlsx_header(ws, headers)
                if found[0] is not None:
                    row_no, header = found[0]
                    layout = headers.layout(header)
                    reader.sheet = ws.title
                    reader.header_row = row_no
                    where = f"in row {row_no} of sheet '{ws.title}'"
                    _check_layout(name, layout, where, row_no)
                    reader._use_layout(layout)
                    reader._rows = _xlsx_rows(reader, ws, row_no, layout, builder)
                    return
                if first_seen[0] is None:
                    first_seen = (found[1], found[2])
    except BatchFileError:
        raise
    except Exception as exc:  # a damaged sheet
        raise BatchFileError(name, f"cannot read {name}: a sheet is damaged ({type(exc).__name__}: {exc})",
                             code="bad-xlsx", hint="open it in Excel and save it again as .xlsx") from None
    err = _no_header(name, first_seen[0], first_seen[1])
    if len(tried) > 1:
        err = BatchFileError(name, f"{err.message} (sheets tried: {', '.join(tried)})", code=err.code, hint=err.hint)
    raise err


def _xlsx_header(ws: Any, headers: HeaderMap) -> tuple[tuple[int, list[str]] | None, list[str] | None, int]:
    seen = 0
    first: list[str] | None = None
    for row_no, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if _blank_cells(row):
            continue
        seen += 1
        texts = ["" if v is None else str(v) for v in row]
        first = first or texts
        if headers.required_in(texts):
            return (row_no, texts), first, seen
        if seen >= HEADER_SEARCH_ROWS:
            break
    return None, first, seen


def _xlsx_rows(reader: RowReader, ws: Any, header_row: int, layout: HeaderLayout,
               builder: RowBuilder) -> Iterator[Row]:
    name = reader.source
    fields = layout.fields
    try:
        rows = ws.iter_rows(min_row=header_row + 1)
        row_no = header_row
        while True:
            row_no += 1
            try:
                row = next(rows)
            except StopIteration:
                return
            except Exception as exc:  # a damaged sheet: openpyxl raises many kinds
                raise BatchFileError(name, f"cannot read {name}: sheet '{ws.title}' is damaged near row "
                                     f"{row_no} ({type(exc).__name__}: {exc})", code="bad-xlsx", line=row_no,
                                     hint="open it in Excel and save it again as .xlsx") from None
            cells = {f: _excel_value(c) for f, c in zip(fields, row, strict=False) if f is not None}
            beyond = [c for c in row[len(fields):] if not _blank_cells([_excel_value(c)])]
            if _blank_cells(cells.values()) and not beyond:
                continue
            if beyond:   # nothing is dropped silently: a value under no header makes the row an error
                letters = ", ".join(getattr(c, "column_letter", "?") for c in beyond)
                yield builder.error(row_no, f"row has values in column(s) {letters}, which have no header "
                                    "(a shifted row?)", cells)
                continue
            yield builder.build(row_no, cells)
    finally:
        reader._release()


# --- JSON, YAML, JSON lines -----------------------------------------------------------------------

def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key {key!r}")
        out[key] = value
    return out


def _json_loads(text: str) -> Any:
    # floats as exact Decimals; NaN/Infinity reach the cell parser, which refuses them by column
    return json.loads(text, parse_float=Decimal, object_pairs_hook=_no_duplicate_keys)


def _load_document(path: Path, name: str, fmt: str) -> Any:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BatchFileError(name, f"cannot read {name}: {exc.strerror or exc}", code="file-unreadable") from None
    if fmt == "yaml":
        try:
            doc = load_yaml_text(raw, name)
        except YamlLoadError as exc:
            p = exc.problem
            raise BatchFileError(name, f"{name} is not readable YAML: {p.message}", line=p.line, column=p.column,
                                 code=p.code, hint=p.hint) from None
        if doc.problems:
            p = doc.problems[0]
            raise BatchFileError(name, f"{name} is not readable YAML: {p.message}", line=p.line, column=p.column,
                                 code=p.code, hint=p.hint)
        return doc.data
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise BatchFileError(name, f"{name} is not UTF-8 text (line {line})", code="encoding", line=line,
                             hint="save it as UTF-8") from None
    try:
        return _json_loads(text)
    except json.JSONDecodeError as exc:
        raise BatchFileError(name, f"{name} is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
                             code="json-syntax", line=exc.lineno, column=exc.colno,
                             hint="check the commas, brackets and quotes there") from None
    except ValueError as exc:
        raise BatchFileError(name, f"{name} is not valid JSON: {exc}", code="json-syntax",
                             hint="each key may appear once per object") from None


_SHAPE_HINT = ('write a list of row objects [{"description": ..., "quantity": ..., "unit_price": ...}, ...], '
               'or {"rows": [...]}, or a purchase request {"id": ..., "items": [...]}')
_REQUEST_KEYS = {"id": "request_id", "request_id": "request_id", "entity": "entity", "date": "request_date",
                 "request_date": "request_date", "funding": "funding"}


def _document_rows(data: Any, name: str) -> Iterator[tuple[int, Any]]:
    """(position, row object) of a JSON/YAML document: a list of rows, ``{"rows": [...]}``, a purchase
    request ``{"id", "entity", "date", "items": [...]}`` or a list of them (``{"requests": [...]}``)."""
    if isinstance(data, Mapping) and "rows" in data and isinstance(data["rows"], list):
        return enumerate(data["rows"], start=1)
    if isinstance(data, Mapping) and "items" in data:
        return _request_rows([data], name)
    if isinstance(data, Mapping) and isinstance(data.get("requests"), list):
        return _request_rows(data["requests"], name)
    if isinstance(data, list):
        if data and all(isinstance(r, Mapping) and "items" in r for r in data):
            return _request_rows(data, name)
        return enumerate(data, start=1)
    found = "nothing" if data is None else f"a {type(data).__name__}" if not isinstance(data, Mapping) else \
        f"an object with the keys {', '.join(map(str, list(data)[:6]))}"
    raise BatchFileError(name, f"{name} does not hold a list of rows (found {found})", code="bad-shape",
                         hint=_SHAPE_HINT)


def _request_rows(requests: list[Any], name: str) -> Iterator[tuple[int, Any]]:
    n = 0
    for req in requests:
        if not isinstance(req, Mapping) or not isinstance(req.get("items"), list):
            raise BatchFileError(name, f"{name}: a purchase request needs an 'items' list", code="bad-shape",
                                 hint=_SHAPE_HINT)
        shared = {_REQUEST_KEYS[k]: v for k, v in req.items() if k in _REQUEST_KEYS}
        for item in req["items"]:
            n += 1
            yield n, ({**shared, **item} if isinstance(item, Mapping) else item)


def _object_cells(reader: RowReader, obj: Mapping[Any, Any], headers: HeaderMap) -> tuple[dict[str, Any], str | None]:
    """Cells keyed by field from a JSON/YAML row object; the second value is a problem, if any."""
    cells: dict[str, Any] = {}
    first: dict[str, str] = {}
    problem = None
    for key, value in obj.items():
        text = str(key)
        field = "attributes" if fold(text) == "attributes" else headers.resolve(text)
        if field is None:
            reader._ignore(text, headers.suggest(text))
            continue
        reader.columns.setdefault(text, field)
        if field in first:
            problem = problem or f"'{first[field]}' and '{text}' both give {field}"
            continue
        first[field] = text
        cells[field] = value
    return cells, problem


def _object_rows(reader: RowReader, rows: Iterable[tuple[int, Any]], headers: HeaderMap,
                 builder: RowBuilder) -> Iterator[Row]:
    for n, obj in rows:
        yield _object_row(reader, n, obj, headers, builder)


def _object_row(reader: RowReader, n: int, obj: Any, headers: HeaderMap, builder: RowBuilder) -> Row:
    if not isinstance(obj, Mapping):
        kind = "a list" if isinstance(obj, list) else "nothing" if obj is None else type(obj).__name__
        return builder.error(n, f"expected an object with the row's columns, found {kind}")
    cells, problem = _object_cells(reader, obj, headers)
    if problem is not None:
        return builder.error(n, problem, cells)
    return builder.build(n, cells)


def _jsonl_rows(reader: RowReader, stream: Any, headers: HeaderMap, builder: RowBuilder) -> Iterator[Row]:
    """One row per non-blank line; a line that is not a JSON object is an error row."""
    try:
        for n, raw in enumerate(stream, start=1):
            if isinstance(raw, bytes):
                try:
                    line = raw.decode("utf-8-sig" if n == 1 else "utf-8")
                except UnicodeDecodeError:
                    yield builder.error(n, "the line is not UTF-8 text (save the file as UTF-8)")
                    continue
            else:
                line = raw.lstrip("\ufeff") if n == 1 else raw
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            try:
                obj = _json_loads(line)
            except json.JSONDecodeError as exc:
                yield builder.error(n, f"the line is not valid JSON: {exc.msg} (column {exc.colno})")
                continue
            except ValueError as exc:
                yield builder.error(n, f"the line is not valid JSON: {exc}")
                continue
            yield _object_row(reader, n, obj, headers, builder)
    except UnicodeDecodeError:
        raise BatchFileError(reader.source, f"{reader.source} is not UTF-8 text", code="encoding",
                             hint="send UTF-8 JSON lines") from None
    finally:
        reader._release()
