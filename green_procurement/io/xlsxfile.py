"""Excel workbooks (``.xlsx``): the first sheet whose top rows hold a header, read with openpyxl's
read-only (streaming) mode; cell values keep their types (numbers, dates, percentages)."""

from __future__ import annotations

import datetime
import warnings
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from .._messages import join, msg
from ..model import to_number
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
)
from .cells import CellValue
from .headers import HeaderLayout, HeaderMap
from .numbers import Percent
from .rows import Row

__all__ = ["open_xlsx"]

# openpyxl has no type information: its workbooks, sheets and cells are Any here.


def _excel_value(cell: Any) -> CellValue:
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


def open_xlsx(reader: FileInfo, path: Path, headers: HeaderMap, builder: Builder) -> Iterator[Row | RawRow]:
    """Open a workbook for ``reader``: find the sheet with a header; the rows to come."""
    name = reader.source
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - openpyxl is a dependency
        raise BatchFileError(name, msg("file.needs-openpyxl", name=name), code="unsupported-format",
                             hint=msg("file.needs-openpyxl.hint")) from None
    try:
        handle = path.open("rb")  # a file object: openpyxl would refuse a workbook saved as .csv by its name
    except OSError as exc:
        raise BatchFileError(name, msg("file.cannot-open", name=name, reason=exc.strerror or str(exc)),
                             code="file-unreadable") from None
    reader.on_close(handle.close)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds (BadZipFile, KeyError, ValueError...)
        text = msg("file.not-xlsx", name=name) if isinstance(exc, zipfile.BadZipFile) else \
            msg("file.bad-xlsx", name=name, reason=f"{type(exc).__name__}: {exc}")
        raise BatchFileError(name, text, code="bad-xlsx", hint=msg("file.bad-xlsx.hint", save_as=save_as())) from None
    reader.on_close(wb.close)
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
                    check_layout(name, layout, msg("file.where.sheet", row=row_no, sheet=ws.title), row_no)
                    reader.use_layout(layout)
                    return _xlsx_rows(reader, ws, row_no, layout, builder)
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


def _xlsx_header(ws: Any, headers: HeaderMap) -> tuple[tuple[int, list[str]] | None, list[str] | None, int]:
    seen = 0
    first: list[str] | None = None
    for row_no, row in enumerate(ws.iter_rows(values_only=True), start=1):
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


def _xlsx_rows(reader: FileInfo, ws: Any, header_row: int, layout: HeaderLayout,
               builder: Builder) -> Iterator[Row | RawRow]:
    name = reader.source
    fields = layout.fields
    columns = layout_columns(layout)
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
                raise BatchFileError(name, msg("file.damaged-near", name=name, sheet=ws.title, row=row_no,
                                               reason=f"{type(exc).__name__}: {exc}"),
                                     code="bad-xlsx", line=row_no, hint=msg("file.resave-xlsx.hint")) from None
            cells = {f: _excel_value(c) for f, c in zip(fields, row, strict=False) if f is not None}
            beyond = [c for c in row[len(fields):] if not blank_cells([_excel_value(c)])]
            if blank_cells(cells.values()) and not beyond:
                continue
            if beyond:   # nothing is dropped silently: a value under no header makes the row an error
                letters = ", ".join(getattr(c, "column_letter", "?") for c in beyond)
                yield builder.error(row_no, msg("row.beyond-header", letters=letters), cells)
                continue
            yield builder.build(row_no, cells, columns)
    finally:
        reader.release()
