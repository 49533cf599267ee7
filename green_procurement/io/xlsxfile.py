"""Excel workbooks (``.xlsx``): the first sheet whose top rows hold a header, read with python-calamine
where it gives the rows openpyxl gives (:mod:`._calamine`: 8x faster) and with openpyxl's read-only
(streaming) mode otherwise; cell values keep their types (numbers, dates, percentages).

Bounded work: before calamine or openpyxl opens a workbook, its zip members may hold at most
:data:`MAX_UNZIPPED_BYTES` in all, none may expand more than :data:`MAX_RATIO` times (a decompression
bomb: 300 KB holding a 300 MB text), and no shared string may be longer than :data:`MAX_CELL_CHARS`
(Excel's own limit for a cell), which is checked by streaming the shared-string table (openpyxl
loads it whole).  A formula cell without a saved value (as scripts write them) is an error naming the
formula, not an empty cell."""

from __future__ import annotations

import datetime
import warnings
import xml.parsers.expat
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from .._messages import join, msg
from .._numbers import NumberError, exact
from ._calamine import Book, Unsure, available
from .base import (
    HEADER_SEARCH_ROWS,
    BatchFileError,
    Builder,
    FileInfo,
    RawRow,
    blank_cells,
    check_layout,
    layout_columns,
    no_header,
    save_as,
    unread_only,
)
from .cells import BadCell, CellValue
from .headers import HeaderLayout, HeaderMap
from .numbers import Percent
from .rows import Row

__all__ = ["open_xlsx"]

#: "auto": read with python-calamine where it is installed (openpyxl where it cannot give the same
#: rows); "openpyxl": always openpyxl (the tests compare the two).
READER = "auto"

# openpyxl has no type information: its workbooks, sheets and cells are Any here.

#: Most bytes the members of a workbook may expand to, in all.
MAX_UNZIPPED_BYTES = 1 << 30
#: Largest expansion of one member (bytes out per byte in) once it expands to more than 16 MiB.
MAX_RATIO = 200
_RATIO_FROM = 16 << 20
#: Longest text of a cell (Excel's limit).
MAX_CELL_CHARS = 32_767


class _TooLong(Exception):
    def __init__(self, index: int, length: int) -> None:
        super().__init__(index, length)
        self.index, self.length = index, length


def _check_zip(handle: IO[bytes], name: str) -> None:
    """Refuse a workbook that would expand beyond the limits, before calamine or openpyxl reads any of it."""
    try:
        archive = zipfile.ZipFile(handle)
    except zipfile.BadZipFile:
        return      # openpyxl says it is not a workbook, in its own words
    try:
        members = archive.infolist()
        total = sum(m.file_size for m in members)
        if total > MAX_UNZIPPED_BYTES:
            raise BatchFileError(name, msg("file.xlsx-too-large", name=name, size=total, limit=MAX_UNZIPPED_BYTES),
                                 code="xlsx-limit", hint=msg("file.xlsx-limit.hint"))
        for m in members:
            if m.file_size > _RATIO_FROM and m.file_size > MAX_RATIO * max(m.compress_size, 1):
                raise BatchFileError(name, msg("file.xlsx-bomb", name=name, member=m.filename, size=m.file_size,
                                               packed=m.compress_size), code="xlsx-limit",
                                     hint=msg("file.xlsx-limit.hint"))
        for m in members:
            if m.filename.lower().endswith("sharedstrings.xml"):
                _check_strings(archive, m, name)
    finally:
        archive.close()
        handle.seek(0)


def _check_strings(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str) -> None:
    """Stream the shared-string table (expat, constant memory): no string over MAX_CELL_CHARS."""
    state = {"index": -1, "length": 0, "inside": 0}

    def start(tag: str, _attrs: object) -> None:
        if tag.rpartition(":")[2] == "si":
            state["index"] += 1
            state["length"] = 0
            state["inside"] = 1

    def end(tag: str) -> None:
        if tag.rpartition(":")[2] == "si":
            state["inside"] = 0

    def text(data: str) -> None:
        if state["inside"]:
            state["length"] += len(data)
            if state["length"] > MAX_CELL_CHARS:
                raise _TooLong(state["index"], state["length"])

    parser = xml.parsers.expat.ParserCreate()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        with archive.open(member) as f:
            parser.ParseFile(f)
    except _TooLong as exc:
        raise BatchFileError(name, msg("file.xlsx-long-string", name=name, index=exc.index + 1,
                                       limit=MAX_CELL_CHARS), code="xlsx-limit",
                             hint=msg("file.xlsx-limit.hint")) from None
    except (xml.parsers.expat.ExpatError, zipfile.BadZipFile, OSError, EOFError, ValueError):
        return      # damaged: openpyxl reports it


def _excel_value(value: object, number_format: str = "") -> CellValue:
    """A cell's value as the row builder takes it (``number_format``: the cell's, openpyxl only)."""
    if isinstance(value, bool) or value is None or isinstance(value, BadCell):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return value
        # Excel keeps 15 significant digits: 0.1 stays 0.1, 0.30000000000000004 (a sum) is 0.3
        try:
            value = exact(Decimal(format(value, ".15g")))
        except NumberError:     # 1e300: the cell parser says it is out of range
            return Decimal(format(value, ".15g"))
    if isinstance(value, (int, Decimal)):
        if "%" in number_format:
            try:
                return Percent(exact(Decimal(value) * 100))
            except NumberError:
                return value
        return value
    if isinstance(value, str) and len(value) > MAX_CELL_CHARS:     # an inline string (a shared one is checked)
        return BadCell(msg("cell.too-long", length=len(value), limit=MAX_CELL_CHARS))
    if isinstance(value, (str, datetime.date, datetime.datetime)):
        return value
    return str(value)


def _cells(row: Sequence[Any]) -> list[CellValue]:
    """The values of a row of openpyxl cells."""
    return [_excel_value(getattr(c, "value", None), getattr(c, "number_format", None) or "") for c in row]


def open_xlsx(reader: FileInfo, path: Path, headers: HeaderMap, builder: Builder) -> Iterator[Row | RawRow]:
    """Open a workbook for ``reader``: find the sheet with a header; the rows to come.  Read with
    python-calamine where it is installed and gives what openpyxl gives (see :mod:`._calamine`), with
    openpyxl otherwise."""
    name = reader.source
    try:
        import openpyxl  # noqa: F401
    except ImportError:  # pragma: no cover - openpyxl is a dependency
        raise BatchFileError(name, msg("file.needs-openpyxl", name=name), code="unsupported-format",
                             hint=msg("file.needs-openpyxl.hint")) from None
    try:
        handle = path.open("rb")  # a file object: openpyxl would refuse a workbook saved as .csv by its name
    except OSError as exc:
        raise BatchFileError(name, msg("file.cannot-open", name=name, reason=exc.strerror or str(exc)),
                             code="file-unreadable") from None
    reader.on_close(handle.close)
    _check_zip(handle, name)
    if READER == "auto" and available():
        try:
            return _open_calamine(reader, handle, headers, builder)
        except Unsure:
            handle.seek(0)
    return _open_openpyxl(reader, handle, headers, builder)


def _load(handle: IO[bytes], name: str) -> Any:
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds (BadZipFile, KeyError, ValueError...)
        text = msg("file.not-xlsx", name=name) if isinstance(exc, zipfile.BadZipFile) else \
            msg("file.bad-xlsx", name=name, reason=f"{type(exc).__name__}: {exc}")
        raise BatchFileError(name, text, code="bad-xlsx", hint=msg("file.bad-xlsx.hint", save_as=save_as())) from None


def _open_calamine(reader: FileInfo, handle: IO[bytes], headers: HeaderMap,
                   builder: Builder) -> Iterator[Row | RawRow]:
    """The rows read with calamine; :class:`.Unsure` before any row where openpyxl must read."""
    name = reader.source
    book = Book(handle)
    reader.on_close(book.close)
    for title, member in book.sheets:
        rows = book.rows(title, member)
        found = _find_header(rows, headers)[0]
        if found is None:
            continue
        row_no, header = found
        book.check_header_rows(member, row_no)
        layout = headers.layout(header)
        reader.sheet = title
        reader.header_row = row_no
        check_layout(name, layout, msg("file.where.sheet", row=row_no, sheet=title), row_no)
        reader.use_layout(layout)

        def resume(row: int, title: str = title) -> Iterator[Sequence[CellValue]]:
            handle.seek(0)
            wb = _load(handle, name)
            reader.on_close(wb.close)
            ws = wb[title]
            ws.reset_dimensions()
            return map(_cells, _sheet_rows(ws, row))
        values = ([_excel_value(v) for v in r] for r in rows)
        return _xlsx_rows(reader, title, row_no, layout, builder, values, resume)
    raise Unsure("no header: openpyxl's rows make the message")


def _open_openpyxl(reader: FileInfo, handle: IO[bytes], headers: HeaderMap,
                   builder: Builder) -> Iterator[Row | RawRow]:
    name = reader.source
    wb = _load(handle, name)
    reader.on_close(wb.close)
    tried: list[str] = []
    first_seen: tuple[list[str] | None, int] = (None, 0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for ws in wb.worksheets:
                tried.append(ws.title)
                ws.reset_dimensions()
                found = _find_header(ws.iter_rows(values_only=True), headers)
                if found[0] is not None:
                    row_no, header = found[0]
                    layout = headers.layout(header)
                    reader.sheet = ws.title
                    reader.header_row = row_no
                    check_layout(name, layout, msg("file.where.sheet", row=row_no, sheet=ws.title), row_no)
                    reader.use_layout(layout)
                    return _xlsx_rows(reader, ws.title, row_no, layout, builder,
                                      map(_cells, _sheet_rows(ws, row_no + 1)), None)
                if first_seen[0] is None:
                    first_seen = (found[1], found[2])
    except BatchFileError:
        raise
    except Exception as exc:  # a damaged sheet
        raise BatchFileError(name, msg("file.damaged-sheet", name=name, reason=f"{type(exc).__name__}: {exc}"),
                             code="bad-xlsx", hint=msg("file.resave-xlsx.hint")) from None
    err = no_header(name, first_seen[0], first_seen[1], columns=headers.columns)
    if len(tried) > 1:
        err = BatchFileError(name, msg("file.sheets-tried", problem=err.msg, sheets=join(tried)), code=err.code,
                             hint=err.hint_msg)
    raise err


def _find_header(rows: Iterable[Sequence[object]],
                 headers: HeaderMap) -> tuple[tuple[int, list[str]] | None, list[str] | None, int]:
    """The header's row number and texts among the first rows (numbered from 1), the first non-blank
    row's texts and how many non-blank rows were seen."""
    seen = 0
    first: list[str] | None = None
    for row_no, row in enumerate(rows, start=1):
        if blank_cells(row):
            continue
        seen += 1
        texts = ["" if v is None else str(v) for v in row]
        first = first or texts
        if headers.required_in(texts):
            return (row_no, texts), first, seen
        if seen >= HEADER_SEARCH_ROWS:
            break
    return None, first, seen


def _xlsx_rows(reader: FileInfo, sheet: str, header_row: int, layout: HeaderLayout, builder: Builder,
               rows: Iterator[Sequence[CellValue]],
               resume: Callable[[int], Iterator[Sequence[CellValue]]] | None) -> Iterator[Row | RawRow]:
    """The rows under the header; ``resume(row)``: the rows from ``row`` on read with openpyxl, for when
    calamine cannot read on."""
    name = reader.source
    fields = layout.fields
    width = len(fields)
    columns = layout_columns(layout)
    try:
        row_no = header_row
        while True:
            row_no += 1
            try:
                row = next(rows)
            except StopIteration:
                return
            except Unsure:
                if resume is None:  # pragma: no cover - only calamine's rows raise it
                    raise
                rows, resume = resume(row_no), None
                row_no -= 1
                continue
            except Exception as exc:  # a damaged sheet: openpyxl raises many kinds
                raise BatchFileError(name, msg("file.damaged-near", name=name, sheet=sheet, row=row_no,
                                               reason=f"{type(exc).__name__}: {exc}"),
                                     code="bad-xlsx", line=row_no, hint=msg("file.resave-xlsx.hint")) from None
            cells = {f: v for f, v in zip(fields, row, strict=False) if f is not None}
            beyond = [i for i, v in enumerate(row[width:], width + 1) if not blank_cells([v])]
            if blank_cells(cells.values()) and not beyond:
                values = row[:width]
                if not blank_cells(values):     # text only in columns that are not read: say so
                    yield builder.error(row_no, unread_only(layout, values), cells)
                continue
            if beyond:   # nothing is dropped silently: a value under no header makes the row an error
                letters = ", ".join(_letter(i) for i in beyond)
                yield builder.error(row_no, msg("row.beyond-header", letters=letters), cells)
                continue
            yield builder.build(row_no, cells, columns)
    finally:
        reader.release()


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(column))


def _sheet_rows(ws: Any, min_row: int) -> Iterator[tuple[Any, ...]]:
    """The cells of a read-only sheet's rows from ``min_row`` on, as ``ws.iter_rows(min_row=...)`` gives
    them, except that a formula cell without a saved value holds a :class:`BadCell` (openpyxl gives
    None, as for an empty cell)."""
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class Parser(WorkSheetParser):
        def parse_cell(self, element: Any) -> Any:
            cell = super().parse_cell(element)
            if cell["value"] is None and (formula := element.find(FORMULA_TAG)) is not None:
                cell["value"] = BadCell(msg("cell.formula-no-value", formula="=" + (formula.text or "")))
            return cell

    book = ws.parent
    counter = min_row
    with ws._get_source() as src:
        parser = Parser(src, ws._shared_strings, data_only=book.data_only, epoch=book.epoch,
                        date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
        for idx, row in parser.parse():
            if idx < min_row:
                continue
            while counter < idx:        # rows the sheet leaves out are empty
                counter += 1
                yield ()
            counter += 1
            yield ws._get_row(row, 1, None, False)
