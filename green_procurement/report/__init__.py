"""Report output of ``green-procurement check``: CSV, JSON, HTML and Excel report files, written as the
rows are scored, and the summary printed on the terminal.

Every writer streams: memory does not grow with the number of rows (a run may have a million).

>>> summary = Summary()
>>> with open_writer("report.xlsx", lang="vi", catalog=engine.ruleset.catalog,
...                  version=engine.version, evaluated_on=day) as writer:     # doctest: +SKIP
...     for record in evaluate_rows(engine, rows, day):
...         summary.add(record)
...         writer.write(record)
...     writer.close(summary)
>>> print(summary_text(summary, lang="vi", catalog=engine.ruleset.catalog))  # doctest: +SKIP

The report appears under its name only when :meth:`Writer.close` succeeds; if anything goes wrong
before (an exception in the ``with`` block), nothing is left behind.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ._common import (
    COLUMNS,
    EXTENSIONS,
    FORMULA_START,
    STATUS_LABELS,
    ReportError,
    Writer,
    display_width,
    fmt_money,
    fmt_pct,
    neutralise,
    result_row,
)
from ._csv import CsvWriter
from ._html import HTML_ITEM_LIMIT, HtmlWriter
from ._json import JsonWriter
from ._text import summary_text
from ._xlsx import XLSX_MAX_ROWS, XlsxWriter

if TYPE_CHECKING:
    from ..catalog import Catalog
    from ..rules import Rule

__all__ = [
    "COLUMNS",
    "EXTENSIONS",
    "FORMULA_START",
    "HTML_ITEM_LIMIT",
    "STATUS_LABELS",
    "XLSX_MAX_ROWS",
    "CsvWriter",
    "HtmlWriter",
    "JsonWriter",
    "ReportError",
    "Writer",
    "XlsxWriter",
    "display_width",
    "fmt_money",
    "fmt_pct",
    "neutralise",
    "open_writer",
    "result_row",
    "summary_text",
    "writer_class",
]

_WRITERS: dict[str, type[Writer]] = {"csv": CsvWriter, "json": JsonWriter, "html": HtmlWriter,
                                     "xlsx": XlsxWriter}


def writer_class(path: str | os.PathLike[str]) -> type[Writer]:
    """The writer class for a report path, chosen by its extension (case-insensitive).

    Raises :class:`ReportError` (an :class:`~green_procurement.InputError`) for any other extension."""
    suffix = Path(path).suffix.lower()
    fmt = EXTENSIONS.get(suffix)
    if fmt is None:
        supported = ", ".join(EXTENSIONS)
        what = f"'{suffix}' is not a report format" if suffix else "the file name has no extension"
        raise ReportError(f"cannot write a report to {os.fspath(path)}: {what}; "
                          f"supported extensions: {supported}", path=os.fspath(path), code="unsupported-format",
                          hint="name the report file e.g. report.csv, report.xlsx, report.json or report.html")
    return _WRITERS[fmt]


def open_writer(path: str | os.PathLike[str], *, lang: str, catalog: Catalog | None, version: str,
                evaluated_on: datetime.date, rules: Sequence[Rule] = ()) -> Writer:
    """Open a streaming report writer for ``path``; the format follows the extension (``.csv``,
    ``.json``, ``.html``/``.htm``, ``.xlsx``).

    ``lang`` (``vi`` or ``en``) is the language of headers, labels and messages; ``catalog`` gives
    the product group names; ``version`` and ``evaluated_on`` are the engine's version and the
    evaluation date, recorded in the report.  Call ``write(record)`` once per input row in input
    order and ``close(summary)`` at the end; use the writer as a context manager so that a failure
    leaves no half-written file.  Raises :class:`ReportError` for an unsupported extension or
    language, or a path that cannot be written.  ``rules`` (the engine's) are listed once in the JSON
    report."""
    cls = writer_class(path)
    return cls(path, lang=lang, catalog=catalog, version=version, evaluated_on=evaluated_on, rules=rules)
