"""Input side of batch checking: read CSV, XLSX, JSON, JSON lines and YAML files into rows.

>>> from green_procurement.io import read_rows                                  # doctest: +SKIP
>>> with read_rows("danh-muc.csv", catalog) as rows:                             # doctest: +SKIP
...     print("ignored columns:", ", ".join(rows.ignored_columns))
...     for row in rows: ...

Each data row becomes one :class:`Row`: parsed (``row.item``) or not (``row.error`` says, in both
languages, which column holds what, and what was expected; the column is named by the file's own
header).  A file that cannot be read at all raises :class:`BatchFileError`.  Headers may be the
canonical names (``unit_price``), Vietnamese or English synonyms (``Đơn giá``, ``Unit price``) or
attribute columns (``attr.domestic``, ``domestic``, ``Hàng sản xuất trong nước``); see
:mod:`green_procurement.io.headers`.  Numbers are read in Vietnamese (default) or English format; see
:func:`parse_number`.

Nothing here depends on scoring or reports: ``io`` imports nothing from ``batch``, ``check``,
``engine``, ``report`` or ``cli``.
"""

from __future__ import annotations

from .base import BatchItem, FileInfo
from .cells import CellValue, parse_labels
from .headers import ALIASES, CANONICAL, REQUIRED, HeaderLayout, HeaderMap
from .numbers import (
    NUMBER_FORMATS,
    CellError,
    NumberFormat,
    Percent,
    format_number,
    parse_bool,
    parse_date_cell,
    parse_number,
)
from .readers import FORMATS, BatchFileError, RawBlock, RawRow, RowReader, read_rows, rows_of
from .rows import Cells, Row, RowBuilder

__all__ = [
    "ALIASES",
    "CANONICAL",
    "FORMATS",
    "NUMBER_FORMATS",
    "REQUIRED",
    "BatchFileError",
    "BatchItem",
    "CellError",
    "CellValue",
    "Cells",
    "FileInfo",
    "HeaderLayout",
    "HeaderMap",
    "NumberFormat",
    "Percent",
    "RawBlock",
    "RawRow",
    "Row",
    "RowBuilder",
    "RowReader",
    "format_number",
    "parse_bool",
    "parse_date_cell",
    "parse_labels",
    "parse_number",
    "read_rows",
    "rows_of",
]
