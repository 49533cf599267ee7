"""Report output of ``green-procurement check``: CSV, JSON, HTML and Excel report files, written as the
rows are scored, and the summary printed on the terminal.

Every writer streams: memory does not grow with the number of rows (a run may have a million).

>>> summary = Summary()
>>> with open_writer("report.xlsx", lang="vi", catalog=engine.ruleset.catalog,
...                  version=engine.version, evaluated_on=day) as writer:     # doctest: +SKIP
...     for record in check.evaluate_rows(engine, rows, day):
...         summary.add(record)
...         writer.write(record)
...     writer.close(summary)
>>> print(summary_text(summary, lang="vi", catalog=engine.ruleset.catalog))  # doctest: +SKIP

The report appears under its name only when :meth:`Writer.close` succeeds; if anything goes wrong
before (an exception in the ``with`` block), nothing is left behind.

What a format writes for one record is its *fragment* (:meth:`Writer.fragment`, ``bytes``): worker
processes make fragments, the process that owns the files writes them.  Nothing here depends on how
rows are read, scored or spread over processes: ``report`` imports nothing from ``batch``, ``check``
or ``cli``.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from .._messages import join, msg
from ._common import (
    COLUMN_KEYS,
    COLUMNS,
    EXTENSIONS,
    FORMULA_START,
    STATUS_LABELS,
    column_headers,
    display_width,
    fmt_money,
    fmt_pct,
    neutralise,
    result_row,
)
from ._csv import CsvWriter
from ._html import HTML_ITEM_LIMIT, HtmlWriter
from ._json import JsonWriter, compact_json
from ._text import format_table, summary_text
from ._writer import Fragment, Pack, ReportError, Writer, check_output
from ._xlsx import XLSX_MAX_ROWS, XlsxWriter

if TYPE_CHECKING:
    from ..catalog import Catalog
    from ..rules import Rule

__all__ = [
    "COLUMNS",
    "COLUMN_KEYS",
    "EXTENSIONS",
    "FORMULA_START",
    "HTML_ITEM_LIMIT",
    "STATUS_LABELS",
    "XLSX_MAX_ROWS",
    "CsvWriter",
    "Fragment",
    "HtmlWriter",
    "JsonWriter",
    "Pack",
    "ReportError",
    "Writer",
    "XlsxWriter",
    "check_output",
    "column_headers",
    "compact_json",
    "display_width",
    "fmt_money",
    "fmt_pct",
    "format_table",
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
        what = msg("report.not-a-format", suffix=suffix) if suffix else msg("report.no-extension")
        raise ReportError(msg("report.bad-extension", path=os.fspath(path), what=what, supported=join(EXTENSIONS)),
                          path=os.fspath(path), code="unsupported-format", hint=msg("report.bad-extension.hint"))
    return _WRITERS[fmt]


def open_writer(path: str | os.PathLike[str], *, lang: str, catalog: Catalog | None, version: str,
                evaluated_on: datetime.date, rules: Sequence[Rule] = (),
                green_min_score: int | Decimal | None = None) -> Writer:
    """Open a streaming report writer for ``path``; the format follows the extension (``.csv``,
    ``.json``, ``.html``/``.htm``, ``.xlsx``).

    ``lang`` (``vi`` or ``en``) is the language of headers, labels and messages; ``catalog`` gives
    the product group names; ``version`` and ``evaluated_on`` are the engine's version and the
    evaluation date, recorded in the report.  Call ``write(record)`` once per input row in input
    order and ``close(summary)`` at the end; use the writer as a context manager so that a failure
    leaves no half-written file.  Raises :class:`ReportError` for an unsupported extension or
    language, or a path that cannot be written.  ``rules`` (the engine's) are listed once in the JSON
    report, and in the HTML report's legend, which also states ``green_min_score`` (the threshold of
    ``rules/scoring.yaml``)."""
    cls = writer_class(path)
    return cls(path, lang=lang, catalog=catalog, version=version, evaluated_on=evaluated_on, rules=rules,
               green_min_score=green_min_score)
