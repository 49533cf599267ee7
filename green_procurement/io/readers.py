"""Reading batch files: CSV, XLSX, JSON, JSON lines, YAML and JSON lines on stdin.

:func:`read_rows` opens a file, finds and maps its header at once (so an unreadable file fails before
the first row, with :class:`BatchFileError`), and then yields one :class:`~green_procurement.io.Row`
per data row, streaming: CSV and JSON lines are read line by line and XLSX sheets with openpyxl's
read-only mode, so memory does not grow with the file.  JSON and YAML documents are loaded whole.
The formats have a module each (:mod:`.csvfile`, :mod:`.xlsxfile`, :mod:`.jsonfile`).
"""

from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Literal, cast, overload

from .._messages import msg
from ..catalog import Catalog
from .base import (
    BatchFileError,
    BatchItem,
    Builder,
    RawBlock,
    RawBuilder,
    RawRow,
    RowReader,
    check_utf8,
    save_as,
)
from .csvfile import block_rows, open_csv
from .headers import LINE_ITEMS, ColumnSet, HeaderMap
from .jsonfile import document_rows, jsonl_rows, load_document, object_rows
from .numbers import NumberFormat, check_number_format
from .rows import Row, RowBuilder
from .xlsxfile import open_xlsx

__all__ = ["FORMATS", "BatchFileError", "RawBlock", "RawRow", "RowReader", "read_rows", "rows_of"]

#: File formats by name suffix (anything else is recognised from its content).
FORMATS: Mapping[str, str] = {
    ".csv": "csv", ".tsv": "csv", ".txt": "csv",
    ".xlsx": "xlsx", ".xlsm": "xlsx",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".yaml": "yaml", ".yml": "yaml",
}
STDIN_NAME = "<stdin>"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


@overload
def read_rows(source: str | os.PathLike[str], catalog: Catalog, *, number_format: NumberFormat = ...,
              stdin: IO[str] | IO[bytes] | None = ..., raw: Literal[False] = ...,
              block_lines: int = ..., columns: ColumnSet = ...) -> RowReader[Row]: ...


@overload
def read_rows(source: str | os.PathLike[str], catalog: Catalog, *, number_format: NumberFormat = ...,
              stdin: IO[str] | IO[bytes] | None = ..., raw: Literal[True],
              block_lines: int = ..., columns: ColumnSet = ...) -> RowReader[BatchItem]: ...


def read_rows(source: str | os.PathLike[str], catalog: Catalog, *, number_format: NumberFormat = "vi",
              stdin: IO[str] | IO[bytes] | None = None, raw: bool = False,
              block_lines: int = 0, columns: ColumnSet = LINE_ITEMS) -> RowReader[Row] | RowReader[BatchItem]:
    """Read a batch file row by row: a :class:`RowReader`, which is an iterator of :class:`Row`.

    ``source`` is a path (``.csv``, ``.xlsx``, ``.json``, ``.jsonl``, ``.yaml``; other names are
    recognised from their content) or ``"-"`` for JSON lines on ``stdin`` (default ``sys.stdin``).
    ``number_format`` says how numbers written as text are read: ``"vi"`` (``12.500.000``,
    ``1.234,5``) or ``"en"`` (``12,500,000``, ``1,234.5``).

    Raises :class:`BatchFileError` at once when the file cannot be read at all; a bad row never
    stops reading, it becomes a Row whose ``error`` says what is wrong.

    With ``raw=True`` the reader yields :class:`RawRow` (the cells, not yet parsed) for every row
    it could split into cells, and a Row for the others: the cells can then be parsed elsewhere
    (``check --jobs N`` parses them in the worker processes) with :func:`rows_of`.  With
    ``raw=True`` and ``block_lines=N`` as well, a CSV file's data comes as :class:`RawBlock` items
    of about N lines each, not even split into cells (:func:`rows_of` does that, with the same row
    numbers, errors and messages as reading row by row).

    ``columns`` says which columns the file has (default: a purchase list's); other kinds of lists
    (bids, an issuer's certificates) are read with ``raw=True`` and their cells parsed by their own
    builders.
    """
    fmt_numbers = check_number_format(number_format)
    headers = HeaderMap(catalog, columns)
    reader: RowReader[BatchItem]
    if isinstance(source, str) and source == "-":
        reader = RowReader(STDIN_NAME, "jsonl")
        stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", sys.stdin)
        builder = _maybe_raw(RowBuilder(catalog, STDIN_NAME, fmt_numbers), raw)
        reader._rows = jsonl_rows(reader, stream, headers, builder)
        return _typed(reader, raw)
    name = os.fspath(source)
    path = Path(name)
    fmt = _detect(path, name)
    reader = RowReader(name, fmt)
    builder = _maybe_raw(RowBuilder(catalog, name, fmt_numbers), raw)
    rows: Iterator[BatchItem]
    try:
        if fmt == "csv":
            rows = open_csv(reader, path, headers, builder, block_lines if raw else 0)
        elif fmt == "xlsx":
            rows = open_xlsx(reader, path, headers, builder)
        elif fmt == "jsonl":
            check_utf8(path, name)      # a file in another encoding; a few bad lines are error rows
            f = path.open("rb")
            reader.on_close(f.close)
            rows = jsonl_rows(reader, f, headers, builder)
        else:
            data = load_document(path, name, fmt)
            rows = object_rows(reader, document_rows(data, name), headers, builder)
    except BaseException:
        reader.close()
        raise
    reader._rows = rows
    return _typed(reader, raw)


def _typed(reader: RowReader[BatchItem], raw: bool) -> RowReader[Row] | RowReader[BatchItem]:
    # without raw, every builder is a RowBuilder: the reader yields nothing but Row
    return reader if raw else cast(RowReader[Row], reader)


def _maybe_raw(builder: RowBuilder, raw: bool) -> Builder:
    return RawBuilder(builder) if raw else builder


def rows_of(items: Iterable[BatchItem], builders: dict[tuple[str, str], RowBuilder], catalog: Catalog) -> Iterator[Row]:
    """The rows of reader items: a Row as it is, a RawRow parsed, a RawBlock split and parsed
    (``builders`` keeps one RowBuilder per file, made on first use)."""
    for item in items:
        if isinstance(item, Row):
            yield item
        elif isinstance(item, RawBlock):
            yield from block_rows(item, builders, catalog)
        else:
            yield item.build(builders, catalog)


def _detect(path: Path, name: str) -> str:
    """The format of a file, from its name and first bytes; BatchFileError when it cannot be read."""
    try:
        if path.is_dir():
            raise BatchFileError(name, msg("file.folder", name=name), code="not-a-file",
                                 hint=msg("file.folder.hint"))
        with path.open("rb") as f:
            head = f.read(4096)
    except FileNotFoundError:
        raise BatchFileError(name, msg("file.not-found", name=name), code="file-not-found",
                             hint=msg("file.not-found.hint")) from None
    except OSError as exc:
        raise BatchFileError(name, msg("file.cannot-open", name=name, reason=exc.strerror or str(exc)),
                             code="file-unreadable", hint=msg("file.cannot-open.hint")) from None
    suffix = path.suffix.lower()
    if head.startswith(_OLE_MAGIC) or suffix == ".xls":
        raise BatchFileError(name, msg("file.xls", name=name), code="unsupported-format", hint=save_as())
    if not head.strip():
        raise BatchFileError(name, msg("file.empty", name=name), code="no-header", hint=msg("file.first-row.hint"))
    fmt = FORMATS.get(suffix)
    if fmt in (None, "csv") and head.startswith(_ZIP_MAGIC):
        return "xlsx"  # an Excel workbook saved under another name
    if fmt is None:
        start = head.lstrip(codecs.BOM_UTF8 + b" \t\r\n")[:1]
        fmt = {b"[": "json", b"{": "jsonl"}.get(start, "csv")
    return fmt
