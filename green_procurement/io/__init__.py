"""Input side of batch checking: read CSV, XLSX, JSON, JSON lines and YAML files into rows.

>>> from green_procurement.io import read_rows                                  # doctest: +SKIP
>>> with read_rows("danh-muc.csv", catalog) as rows:                             # doctest: +SKIP
...     print("ignored columns:", ", ".join(rows.ignored_columns))
...     for row in rows: ...

Each data row becomes one :class:`~green_procurement.batch.Row`: parsed (``row.item``) or not
(``row.error`` says which column holds what, and what was expected).  A file that cannot be read at
all raises :class:`BatchFileError`.  Headers may be the canonical names (``unit_price``), Vietnamese
or English synonyms (``Đơn giá``, ``Unit price``) or attribute columns (``attr.domestic``,
``domestic``, ``Hàng sản xuất trong nước``); see :mod:`green_procurement.io.headers`.  Numbers are
read in Vietnamese (default) or English format; see :func:`parse_number`.
"""

from __future__ import annotations

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
from .readers import FORMATS, BatchFileError, RawBlock, RawRow, RowReader, read_rows
from .rows import RowBuilder, parse_labels

__all__ = [
    "ALIASES",
    "CANONICAL",
    "FORMATS",
    "NUMBER_FORMATS",
    "REQUIRED",
    "BatchFileError",
    "CellError",
    "HeaderLayout",
    "HeaderMap",
    "NumberFormat",
    "Percent",
    "RawBlock",
    "RawRow",
    "RowBuilder",
    "RowReader",
    "format_number",
    "parse_bool",
    "parse_date_cell",
    "parse_labels",
    "parse_number",
    "read_rows",
]
