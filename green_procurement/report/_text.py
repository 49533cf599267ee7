"""The terminal summary of a batch run: plain text, aligned columns (Vietnamese diacritics and wide
characters measured with :mod:`unicodedata`), numbers formatted for the language."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..results import STATUSES, Summary, Totals
from ._common import (
    catalog_status,
    clip,
    display_width,
    entity_name,
    fmt_int,
    fmt_money,
    fmt_pct,
    fmt_score,
    group_name,
    line_counts,
    ordered,
    status_label,
    tr,
)
from ._writer import check_lang

if TYPE_CHECKING:
    from ..catalog import Catalog

#: Widest name column (terminal columns) in the summary tables; longer names end in "…".
NAME_WIDTH = 48


def _safe(text: str) -> str:
    """Text for a terminal: control characters (escape sequences, tabs, new lines) shown as U+FFFD."""
    return "".join("\ufffd" if unicodedata.category(ch) == "Cc" else ch for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * max(width - display_width(text), 0)
    return gap + text if right else text + gap


def format_table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[bool]) -> list[str]:
    """Lines of a table with columns aligned by display width (two spaces between columns, a dashed
    line under the header); ``right[i]`` right-aligns column ``i``."""
    widths = [display_width(h) for h in headers]
    for row in rows:
        widths = [max(w, display_width(c)) for w, c in zip(widths, row, strict=True)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(_pad(c, w, r) for c, w, r in zip(cells, widths, right, strict=True)).rstrip()

    return [line(headers), "  ".join("-" * w for w in widths), *(line(r) for r in rows)]


def summary_text(summary: Summary, *, lang: str = "vi", catalog: Catalog | None = None,
                 max_rows: int | None = 40) -> str:
    """The summary of a batch run for the terminal, in ``lang`` (``vi``: ``12.500.000``, ``45,2 %``;
    ``en``: ``12,500,000``, ``45.2%``): rows read = scored + rejected, rows per status, a table per
    product group and per procuring unit (items, value, green value, green share by value; largest
    value first, at most ``max_rows`` rows each, None for all) and the overall totals."""
    check_lang(lang)
    t = summary.total

    def n(x: int) -> str:
        return fmt_int(x, lang)

    status = catalog_status(catalog, lang)
    out = [tr("summary_title", lang),
           *([f"{tr('catalog_status', lang)}: {status[0]}"] if status is not None else []),
           f"{tr('rows_read', lang)}: {n(summary.rows_read)} = {n(summary.rows_scored)} {tr('scored', lang)} + "
           f"{n(summary.rows_rejected)} {tr('rejected', lang)}",
           f"{tr('requests', lang)}: {n(len(summary.requests))}", ""]

    out += format_table([tr("status", lang), tr("rows", lang)],
                        [[status_label(s, lang), n(t.status_counts.get(s, 0))] for s in STATUSES],
                        [False, True])

    def table(heading: str, first: str, rows: list[tuple[str | None, str, Totals]]) -> list[str]:
        shown = rows if max_rows is None else rows[:max_rows]
        body = [[clip(_safe(name), NAME_WIDTH), n(tt.items), fmt_money(tt.value, lang),
                 fmt_money(tt.green_value, lang), fmt_pct(tt.green_share_value, lang)] for _k, name, tt in shown]
        body.append([tr("total", lang), n(t.items), fmt_money(t.value, lang), fmt_money(t.green_value, lang),
                     fmt_pct(t.green_share_value, lang)])
        lines = ["", heading]
        lines += format_table([first, tr("items", lang), tr("value", lang), tr("green_value", lang),
                               tr("green_share", lang)], body, [False, True, True, True, True])
        if len(rows) > len(shown):
            lines.insert(-1, tr("more_rows", lang, n=n(len(rows) - len(shown))))
        return lines

    if summary.groups:
        out += table(tr("by_group", lang), tr("group", lang),
                     ordered(summary.groups, lambda k: group_name(catalog, k, lang)))
    if summary.entities:
        out += table(tr("by_entity", lang), tr("entity", lang),
                     ordered(summary.entities, lambda k: entity_name(k, lang)))

    out += ["", tr("totals", lang)]
    out += format_table(["", ""], [
        [tr("total_value", lang), fmt_money(t.value, lang)],
        [tr("green_value_total", lang), fmt_money(t.green_value, lang)],
        [tr("share_value", lang), fmt_pct(t.green_share_value, lang)],
        [tr("share_count", lang), fmt_pct(t.green_share_count, lang)],
        [tr("score", lang), fmt_score(t.score, lang)],
        *([tr(key, lang), fmt_money(v, lang) if kind == "money" else n(int(v))] for key, kind, v in line_counts(t)),
    ], [False, True])[2:]
    return "\n".join(out) + "\n"
