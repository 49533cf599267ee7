"""Reports of a bid comparison (``green-procurement bids``): a table for the terminal, and CSV, JSON,
HTML and Excel files, in Vietnamese or English.

Per bid: lot, rank, bidder, goods, origin, domestic cost share, price, adjustments (rule id, percentage,
amount, basis), evaluated price, tie, the preferences counted, notes, and the error of a row that could
not be read.  Money is exact: plain digits (``12402500``, ``1234.5``) in CSV, JSON and Excel, grouped for
the language (``12.402.500``) in the table and HTML.  A file appears under its name only once written
whole (a temporary file next to it is renamed).
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
from collections.abc import Callable
from pathlib import Path

from .._messages import join, msg, text
from ..bids import BidComparison, BidResult, number_text
from ._common import EXTENSIONS, fmt_money, money_text, neutralise
from ._text import _safe, format_table
from ._writer import ReportError, _remove, _reserve, check_lang
from ._xlsx import xlsx_value

__all__ = ["BID_COLUMNS", "bids_csv", "bids_html", "bids_json", "bids_table", "write_bids_report"]

#: The columns of the CSV and Excel reports, in order.
BID_COLUMNS = ("lot", "rank", "bidder", "description", "origin", "domestic_cost_pct", "price", "adjustments",
               "evaluated_price", "tie", "preferences", "notes", "error", "row")


def _t(mid: str, lang: str, **args: object) -> str:
    return text(mid, lang, **args)


def _adjustment_text(b: BidResult, lang: str) -> str:
    return "; ".join(_t("bids.report.adjustment", lang, rule=a.rule_id, pct=number_text(a.pct).get(lang),
                        amount=fmt_money(a.amount, lang)) for a in b.adjustments)


def _preferences(b: BidResult, lang: str) -> str:
    return ", ".join(_t(f"bids.pref.{p}", lang) for p in b.preferences)


def _rows(comparison: BidComparison) -> list[BidResult]:
    return [b for lot in comparison.lots for b in lot.bids]


def bids_table(comparison: BidComparison, lang: str = "vi") -> str:
    """The comparison for the terminal: a table per lot, then the notes."""
    check_lang(lang)
    out = [_t("bids.report.title", lang, day=comparison.evaluated_on.isoformat(), regime=comparison.regime),
           comparison.regime_title.get(lang), msg("bids.disclaimer").get(lang)]
    heads = [_t(f"bids.col.{c}", lang) for c in ("rank", "bidder", "origin", "price", "adjustments",
                                                  "evaluated_price")]
    for lot in comparison.lots:
        out += ["", _t("bids.report.lot", lang, lot=lot.lot)]
        rows = []
        for b in lot.bids:
            origin = b.origin or "—"
            if b.domestic_cost_pct is not None:
                origin += f" {number_text(b.domestic_cost_pct).get(lang)}%"
            rank = "—" if b.rank is None else (f"{b.rank}=" if b.tie else str(b.rank))
            rows.append([rank, _safe(b.bidder), origin, fmt_money(b.price, lang),
                         _adjustment_text(b, lang) or "—",
                         fmt_money(b.evaluated_price, lang) if b.error is None else _t("bids.report.error", lang)])
        out += format_table(heads, rows, [False, False, False, True, False, True])
        notes = [f"  * {n.get(lang)}" for n in lot.notes]
        for b in lot.bids:
            for n in ([b.error] if b.error is not None else []) + list(b.notes):
                notes.append(f"  - {_safe(b.bidder)}: {_safe(n.get(lang))}")
        if notes:
            out += [_t("bids.report.notes", lang), *notes]
    bases = sorted({(a.rule_id, a.basis) for b in _rows(comparison) for a in b.adjustments})
    if bases:
        out += ["", _t("bids.report.bases", lang), *(f"  {rid}: {basis}" for rid, basis in bases)]
    return "\n".join(out) + "\n"


def _cells(b: BidResult, lang: str) -> list[object]:
    return [b.lot, b.rank, b.bidder, b.description, b.origin, b.domestic_cost_pct, b.price,
            _adjustment_text(b, lang), b.evaluated_price, b.tie, _preferences(b, lang),
            " | ".join(n.get(lang) for n in b.notes), None if b.error is None else b.error.get(lang), b.row]


def _plain(v: object, lang: str) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return _t("report.yes" if v else "report.no", lang)
    if isinstance(v, str):
        return neutralise(v)
    if isinstance(v, int):
        return str(v)
    return money_text(v)    # type: ignore[arg-type]


def bids_csv(comparison: BidComparison, lang: str = "vi") -> str:
    """One row per bid (:data:`BID_COLUMNS`; headers in ``lang``); money as plain exact digits."""
    check_lang(lang)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([_t(f"bids.col.{c}", lang) for c in BID_COLUMNS])
    for b in _rows(comparison):
        w.writerow([_plain(v, lang) for v in _cells(b, lang)])
    return buf.getvalue()


def bids_json(comparison: BidComparison, lang: str = "vi") -> str:
    """``{"evaluated_on", "version", "regime", "note", "lots": [{"lot", "bids": [...], "notes"}]}``."""
    del lang
    return json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2) + "\n"


def _e(s: object) -> str:
    return html.escape(str(s), quote=True)


def bids_html(comparison: BidComparison, lang: str = "vi") -> str:
    """A self-contained HTML page: a table per lot, notes below it."""
    check_lang(lang)
    title = _t("bids.report.title", lang, day=comparison.evaluated_on.isoformat(), regime=comparison.regime)
    out = [f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n<title>{_e(title)}</title>\n'
           "<style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse;margin:.5em 0}"
           "th,td{border:1px solid #bbb;padding:.25em .5em;vertical-align:top}td.n{text-align:right;"
           "white-space:nowrap}.note{color:#555}</style>\n</head>\n<body>\n",
           f"<h1>{_e(title)}</h1>\n<p>{_e(comparison.regime_title.get(lang))}</p>\n"
           f'<p class="note">{_e(msg("bids.disclaimer").get(lang))}</p>\n']
    cols = ("rank", "bidder", "description", "origin", "price", "adjustments", "evaluated_price", "notes")
    for lot in comparison.lots:
        out.append(f"<section>\n<h2>{_e(_t('bids.report.lot', lang, lot=lot.lot))}</h2>\n<table>\n<thead><tr>")
        out += [f"<th>{_e(_t(f'bids.col.{c}', lang))}</th>" for c in cols]
        out.append("</tr></thead>\n<tbody>\n")
        for b in lot.bids:
            origin = (b.origin or "—") + (f" {number_text(b.domestic_cost_pct).get(lang)}%"
                                          if b.domestic_cost_pct is not None else "")
            adj = "<br>".join(_e(_t("bids.report.adjustment", lang, rule=a.rule_id, pct=number_text(a.pct).get(lang),
                                    amount=fmt_money(a.amount, lang))) + f'<br><span class="note">{_e(a.basis)}</span>'
                              for a in b.adjustments) or "—"
            notes = "<br>".join(_e(n.get(lang)) for n in ([b.error] if b.error else []) + list(b.notes))
            rank = "—" if b.rank is None else (f"{b.rank}=" if b.tie else str(b.rank))
            out.append(f"<tr><td>{_e(rank)}</td><td>{_e(b.bidder)}</td><td>{_e(b.description)}</td>"
                       f"<td>{_e(origin)}</td><td class=\"n\">{_e(fmt_money(b.price, lang))}</td><td>{adj}</td>"
                       f"<td class=\"n\">{_e(fmt_money(b.evaluated_price, lang))}</td><td>{notes}</td></tr>\n")
        out.append("</tbody>\n</table>\n")
        if lot.notes:
            out.append("<ul>" + "".join(f"<li>{_e(n.get(lang))}</li>" for n in lot.notes) + "</ul>\n")
        out.append("</section>\n")
    out.append("</body>\n</html>\n")
    return "".join(out)


def _xlsx(comparison: BidComparison, lang: str, path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet(_t("bids.report.sheet", lang))
    ws.append([_t(f"bids.col.{c}", lang) for c in BID_COLUMNS])
    for b in _rows(comparison):
        row: list[object] = []
        for v in _cells(b, lang):
            if isinstance(v, bool):
                row.append(_t("report.yes" if v else "report.no", lang))
            else:      # exact numbers where Excel holds them exactly, else their text; safe text
                row.append(xlsx_value(v))   # type: ignore[arg-type]
        ws.append(row)
    wb.save(path)


_WRITERS: dict[str, Callable[[BidComparison, str], str]] = {"csv": bids_csv, "json": bids_json, "html": bids_html}


def write_bids_report(comparison: BidComparison, path: str | os.PathLike[str], lang: str = "vi") -> None:
    """Write the report whose format the extension of ``path`` names (``.csv``, ``.json``, ``.html``,
    ``.xlsx``); raises :class:`~green_procurement.report.ReportError` for another extension or a path
    that cannot be written."""
    check_lang(lang)
    target = Path(path)
    fmt = EXTENSIONS.get(target.suffix.lower())
    if fmt is None:
        suffix = target.suffix.lower()
        what = msg("report.not-a-format", suffix=suffix) if suffix else msg("report.no-extension")
        raise ReportError(msg("report.bad-extension", path=os.fspath(path), what=what, supported=join(EXTENSIONS)),
                          path=os.fspath(path), code="unsupported-format", hint=msg("report.bad-extension.hint"))
    tmp = _reserve(target, target.parent if str(target.parent) else Path("."))
    try:
        if fmt == "xlsx":
            _xlsx(comparison, lang, tmp)
        else:
            tmp.write_text(_WRITERS[fmt](comparison, lang), encoding="utf-8", newline="")
        os.replace(tmp, target)
    except BaseException:
        _remove(str(tmp))
        raise

