"""The Excel report (``.xlsx``), written with openpyxl in write-only (streaming) mode: a results sheet
with the CSV columns, numbers as numbers, and a summary sheet."""

from __future__ import annotations

import contextlib
import datetime
import json
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .._messages import msg
from ..results import STATUSES, ItemRecord, Summary, Totals
from ._common import (
    COLUMN_KEYS,
    Cell,
    catalog_status,
    column_headers,
    entity_name,
    group_name,
    line_counts,
    neutralise,
    ordered,
    result_row,
    status_label,
    tr,
)
from ._writer import Fragment, ReportError, Writer

if TYPE_CHECKING:
    from ..catalog import Catalog

# openpyxl has no type information: its workbook, sheets and cells are Any here.

#: Rows per sheet in Excel (header included); further results continue on a new sheet.
XLSX_MAX_ROWS = 1_048_576
#: Characters per cell in Excel; longer text is cut and ends in "…".
XLSX_MAX_CELL = 32_767
#: Numbers with more significant digits than this are written as exact text (Excel keeps 15).
XLSX_MAX_DIGITS = 15

_KEYS = COLUMN_KEYS
_VALUE = _KEYS.index("value")
#: Characters XML 1.0 (so Excel) cannot store, as openpyxl defines them (replaced by U+FFFD).
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
#: A value of a results row once converted for Excel.
XlsxValue = str | int | float | None
_WIDTHS = {"source": 14, "row": 7, "request_id": 12, "entity": 22, "item_id": 9, "description": 40,
           "product_group": 16, "group_name": 26, "status": 14, "status_label": 16, "score": 8,
           "value": 16, "green": 8, "met_rules": 24, "not_met_rules": 24, "reasons": 60, "error": 30,
           "classified_by": 12, "evidence": 20}


def xlsx_text(text: str) -> str:
    """A text cell as Excel can hold it: characters it cannot store replaced by U+FFFD, cut to
    :data:`XLSX_MAX_CELL` characters (ending in "…"), neutralised against formula injection."""
    text = _ILLEGAL.sub("\ufffd", text)
    if len(text) > XLSX_MAX_CELL:
        text = text[:XLSX_MAX_CELL - 1] + "…"
    return neutralise(text)


def xlsx_value(v: Cell) -> XlsxValue:
    """A result-row value for Excel: numbers as numbers where Excel holds them exactly, text as
    :func:`xlsx_text` makes it."""
    if v is None or isinstance(v, float):
        return v
    if isinstance(v, (int, Decimal)):
        return xlsx_number(v)
    return xlsx_text(str(v))


def xlsx_number(n: int | Decimal) -> int | float | str:
    """An exact amount as an Excel number when Excel can hold it exactly (at most 15 significant
    digits), else as its exact decimal text."""
    if isinstance(n, int):
        return n if abs(n) < 10**XLSX_MAX_DIGITS else str(n)
    if len(n.normalize().as_tuple().digits) <= XLSX_MAX_DIGITS:
        return int(n) if n == n.to_integral_value() else float(n)
    return format(n, "f")


class XlsxWriter(Writer):
    """``.xlsx``: sheet "Kết quả"/"Results" with the :data:`COLUMNS` (header row frozen, filter on),
    then sheet "Tổng hợp"/"Summary".  Every text cell is neutralised against formula injection;
    characters Excel cannot store are replaced by U+FFFD."""

    format = "xlsx"

    def _start(self) -> None:
        try:
            from openpyxl import Workbook
            from openpyxl.cell import WriteOnlyCell
            from openpyxl.styles import Font
        except ImportError as exc:  # pragma: no cover - openpyxl is installed with the package
            raise ReportError(msg("report.needs-openpyxl"), path=str(self.path), code="missing-dependency") from exc
        self._Cell = WriteOnlyCell
        self._bold = Font(bold=True)
        self._wb = Workbook(write_only=True)
        # the summary is known last, but is the sheet a reader opens first: made now, filled at close
        self._summary_ws = self._wb.create_sheet(tr("summary_sheet", self.lang))
        self._sheet_no = 0
        self._new_results_sheet()

    # -- cells -------------------------------------------------------------------------------------
    def _value(self, v: Cell | bool | datetime.date) -> XlsxValue | bool | datetime.date:
        if isinstance(v, (bool, datetime.date)):
            return v
        return xlsx_value(v)

    def _styled(self, ws: Any, value: Cell | bool | datetime.date, *, bold: bool = False,
                number_format: str | None = None) -> Any:
        cell = self._Cell(ws, value=self._value(value))
        if bold:
            cell.font = self._bold
        if number_format and isinstance(cell.value, (int, float)):
            cell.number_format = number_format
        return cell

    # -- results -----------------------------------------------------------------------------------
    def _new_results_sheet(self) -> None:
        from openpyxl.utils import get_column_letter

        self._sheet_no += 1
        title = tr("results_sheet", self.lang) + (f" {self._sheet_no}" if self._sheet_no > 1 else "")
        ws = self._wb.create_sheet(title)
        for i, key in enumerate(_KEYS, 1):
            ws.column_dimensions[get_column_letter(i)].width = _WIDTHS.get(key, 14)
        ws.freeze_panes = "A2"
        _page_setup(ws, header_row=True)
        ws.append([self._styled(ws, header, bold=True) for header in column_headers(self.lang)])
        self._ws = ws
        self._sheet_rows = 1

    def _close_results_sheet(self) -> None:
        from openpyxl.utils import get_column_letter

        self._ws.auto_filter.ref = f"A1:{get_column_letter(len(_KEYS))}{self._sheet_rows}"

    @classmethod
    def fragment(cls, record: ItemRecord, lang: str, catalog: Catalog | None) -> Fragment:
        """The results-row values of a record as Excel takes them (:func:`xlsx_value`), as a JSON
        list (cells are made when the row is written)."""
        return json.dumps([xlsx_value(v) for v in result_row(record, lang, catalog)]).encode()

    def _write_fragment(self, fragment: Fragment) -> None:
        if self._sheet_rows >= XLSX_MAX_ROWS:
            self._close_results_sheet()
            self._new_results_sheet()
        ws = self._ws
        row: list[XlsxValue | Any] = json.loads(fragment)   # a cell object may replace a value
        value = row[_VALUE]
        if isinstance(value, int):
            row[_VALUE] = self._styled(ws, value, number_format="#,##0")
        ws.append(row)
        self._sheet_rows += 1

    # -- summary -----------------------------------------------------------------------------------
    def _finish(self, summary: Summary) -> None:
        self._close_results_sheet()
        self._write_summary(summary)
        # the same bytes for the same results (--jobs 1 and N, a rerun): no clock in the file
        if isinstance(self.evaluated_on, datetime.date):
            stamp = datetime.datetime.combine(self.evaluated_on, datetime.time())
            self._wb.properties.created = self._wb.properties.modified = stamp
        self._wb.save(self._tmp_path)

    def _write_summary(self, summary: Summary) -> None:
        lang = self.lang
        ws = self._summary_ws
        _page_setup(ws, header_row=False)
        ws.column_dimensions["A"].width = 40
        for col in "BCDEFG":
            ws.column_dimensions[col].width = 18
        s, b = self._styled, True
        money, pct = "#,##0", "0.0%"
        date_format = "yyyy-mm-dd" if lang == "en" else "dd/mm/yyyy"
        t = summary.total
        ws.append([s(ws, tr("title", lang), bold=b)])
        day = self._Cell(ws, value=self.evaluated_on)
        if isinstance(self.evaluated_on, datetime.date):
            day.number_format = date_format
        ws.append([tr("evaluated_on", lang), day])
        ws.append([tr("version", lang), self._value(self.version)])
        ws.append([tr("sources", lang), self._value(", ".join(summary.sources))])
        status = catalog_status(self.catalog, lang)
        if status is not None:
            ws.append([tr("catalog_status", lang), self._value(f"{status[0]}. {status[1]}")])
        ws.append([])
        ws.append([tr("rows_read", lang), summary.rows_read])
        ws.append([tr("rows_scored", lang), summary.rows_scored])
        ws.append([tr("rows_rejected", lang), summary.rows_rejected])
        ws.append([tr("requests", lang), len(summary.requests)])
        ws.append([])
        ws.append([tr("total_value", lang), s(ws, t.value, number_format=money)])
        ws.append([tr("green_value_total", lang), s(ws, t.green_value, number_format=money)])
        ws.append([tr("share_value", lang), s(ws, t.green_share_value, number_format=pct)])
        ws.append([tr("share_count", lang), s(ws, t.green_share_count, number_format=pct)])
        ws.append([tr("score", lang), t.score])
        for key, kind, v in line_counts(t):
            ws.append([tr(key, lang), s(ws, v, number_format=money) if kind == "money" else v])
        ws.append([])
        ws.append([s(ws, tr("status", lang), bold=b), s(ws, tr("status_code", lang), bold=b),
                   s(ws, tr("rows", lang), bold=b)])
        for st in STATUSES:
            ws.append([status_label(st, lang), st, t.status_counts.get(st, 0)])
        ws.append([])
        groups = ordered(summary.groups, lambda k: group_name(self.catalog, k, lang))
        self._totals(ws, tr("group", lang), [(k, n, tt) for k, n, tt in groups], t, with_key=True)
        ws.append([])
        units = ordered(summary.entities, lambda k: entity_name(k, lang))
        self._totals(ws, tr("entity", lang), units, t, with_key=False)

    def _totals(self, ws: Any, first: str, rows: list[tuple[str | None, str, Totals]], total: Totals,
                *, with_key: bool) -> None:
        lang, s = self.lang, self._styled
        heads = [first] + ([tr("group_id", lang)] if with_key else []) + [
            tr("items", lang), tr("value", lang), tr("green_value", lang), tr("green_share", lang),
            tr("item_score", lang)]
        ws.append([s(ws, h, bold=True) for h in heads])

        def line(name: str, key: str | None, t: Totals, bold: bool = False) -> list[Any]:
            cells = [s(ws, name, bold=bold)] + ([self._value(key)] if with_key else [])
            return cells + [s(ws, t.items, bold=bold), s(ws, t.value, bold=bold, number_format="#,##0"),
                            s(ws, t.green_value, bold=bold, number_format="#,##0"),
                            s(ws, t.green_share_value, bold=bold, number_format="0.0%"),
                            s(ws, t.score, bold=bold)]

        for key, name, t in rows:
            ws.append(line(name, key, t))
        ws.append(line(tr("total", lang), None, total, bold=True))

    def _discard(self) -> None:
        # openpyxl keeps each write-only sheet in a temporary file until the workbook is saved: finish
        # and delete them now rather than at interpreter exit
        for ws in getattr(getattr(self, "_wb", None), "worksheets", ()):
            writer = getattr(ws, "_writer", None)
            if writer is None:
                continue
            with contextlib.suppress(Exception):
                if not ws.closed:
                    ws.close()
            with contextlib.suppress(Exception):
                writer.cleanup()


def _page_setup(ws: Any, *, header_row: bool) -> None:
    """Print a sheet on A4 landscape, all columns on the page width, the header row on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9                 # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0               # as many pages down as it takes
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if header_row:
        ws.print_title_rows = "1:1"
