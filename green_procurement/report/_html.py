"""The HTML report: one self-contained page (inline CSS and SVG; no script, font, image or link to
fetch) with the totals, a per-group chart and the list of items that are not green."""

from __future__ import annotations

import datetime
import html
import os
import shutil
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING

from ..results import STATUSES, ItemRecord, Summary, Totals
from ._common import (
    clip,
    entity_name,
    fmt_int,
    fmt_money,
    fmt_pct,
    fmt_score,
    group_name,
    ordered,
    reasons,
    status_label,
    tr,
)
from ._json import WRITE_CHUNK
from ._writer import Fragment, Writer

if TYPE_CHECKING:
    from ..catalog import Catalog
    from ..rules import Rule

#: Most items listed in the HTML report; the rest are counted (the CSV/JSON/XLSX reports have all).
HTML_ITEM_LIMIT = 10_000

_CSS = """
:root{--green:#2e7d32;--amber:#b26a00;--red:#c62828;--grey:#616161;--line:#d0d7de;--bg:#f6f8fa}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;margin:0 auto;
max-width:1200px;padding:1rem 1.5rem 3rem;color:#1f2328;line-height:1.45}
h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.2rem;margin:2rem 0 .6rem;border-bottom:1px solid var(--line)}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:0}
dl.meta dt{font-weight:600}dl.meta dd{margin:0;overflow-wrap:anywhere}
table{border-collapse:collapse;margin:.3rem 0 1rem;font-size:.92rem}
th,td{border:1px solid var(--line);padding:.3rem .55rem;text-align:left;vertical-align:top}
thead th{background:var(--bg)}tfoot td,tfoot th{font-weight:600;background:var(--bg)}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.items{width:100%}table.items td.desc{min-width:14rem}
ul.reasons{margin:0;padding-left:1.1rem}ul.reasons li{margin:.1rem 0}
code{font-size:.85em}
.badge{display:inline-block;padding:0 .45rem;border-radius:.7rem;font-size:.85em;white-space:nowrap;
border:1px solid currentColor}
.st-green{color:var(--green)}.st-partial{color:var(--amber)}.st-not_green{color:var(--red)}
.st-not_prioritised{color:var(--grey)}.st-error{color:#fff;background:var(--red);border-color:var(--red)}
.note{border-left:4px solid var(--amber);background:#fff8e1;padding:.5rem .8rem;margin:.6rem 0}
svg.chart{display:block;height:auto;max-width:100%}
svg.chart text{font-size:13px;fill:#1f2328;dominant-baseline:middle}
svg.chart .track{fill:#e6e6e6}svg.chart .bar{fill:var(--green)}
body.one-source .src{display:none}
@media print{body{max-width:none}h2{break-after:avoid}tr{break-inside:avoid}}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _day(d: datetime.date | None, lang: str) -> str:
    if d is None:
        return "—"
    return d.isoformat() if lang == "en" else d.strftime("%d/%m/%Y")


class HtmlWriter(Writer):
    """``.html``/``.htm``: a self-contained, offline report page in the report language.

    The items that are not green are rendered into an anonymous temporary file as they come (at most
    ``max_items`` of them; the rest are only counted) and the page is assembled at :meth:`close`."""

    format = "html"

    def __init__(self, path: str | os.PathLike[str], *, lang: str = "vi", catalog: Catalog | None = None,
                 version: str = "", evaluated_on: datetime.date | None = None,
                 rules: Sequence[Rule] = (), max_items: int = HTML_ITEM_LIMIT) -> None:
        self.max_items = max_items
        self.non_green = 0
        self.listed = 0
        super().__init__(path, lang=lang, catalog=catalog, version=version, evaluated_on=evaluated_on,
                         rules=rules)

    def _start(self) -> None:
        self._items: IO[bytes] = self._side_file()

    @classmethod
    def fragment(cls, record: ItemRecord, lang: str, catalog: Catalog | None) -> Fragment:
        """The table row of a non-green record, encoded; nothing (``b""``) for a green one."""
        res = record.result
        if res.status == "green":
            return b""
        why = reasons(res, lang, catalog)
        if why:
            lis = "".join(f"<li>{f'<code>{_e(rule)}</code> ' if rule else ''}{_e(text)}</li>" for rule, text in why)
            reason_html = f'<ul class="reasons">{lis}</ul>'
        else:
            reason_html = "—"
        group = "" if res.status == "error" else group_name(catalog, res.product_group, lang)
        return (f'<tr><td class="src">{_e(record.source)}</td><td>{_e(record.request_id)}</td>'
                f'<td class="num">{record.row}</td><td class="desc">{_e(res.description)}</td>'
                f"<td>{_e(group)}</td>"
                f'<td><span class="badge st-{_e(res.status)}">{_e(status_label(res.status, lang))}</span></td>'
                f'<td class="num">{_e(fmt_score(res.score, lang))}</td>'
                f'<td class="num">{_e(fmt_money(res.value, lang))}</td><td>{reason_html}</td></tr>\n'
                ).encode("utf-8", "replace")

    def _write_fragment(self, fragment: Fragment) -> None:
        if not fragment:
            return
        self.non_green += 1
        if self.listed >= self.max_items:
            return
        self.listed += 1
        self._items.write(fragment)

    def _finish(self, summary: Summary) -> None:
        with open(self._tmp_path, "wb") as out:
            out.write(self._head(summary).encode("utf-8", "replace"))
            self._items.seek(0)
            shutil.copyfileobj(self._items, out, WRITE_CHUNK)
            out.write(self._tail().encode("utf-8", "replace"))
        self._items.close()

    def _discard(self) -> None:
        self._items.close()

    # -- page parts --------------------------------------------------------------------------------
    def _head(self, summary: Summary) -> str:
        lang = self.lang
        t = summary.total
        title = tr("title", lang)
        one_source = len(summary.sources) <= 1
        parts = [
            "<!DOCTYPE html>\n",
            f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n',
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
            f"<title>{_e(title)} — {_e(_day(self.evaluated_on, lang))}</title>\n",
            f"<style>{_CSS}</style>\n</head>\n",
            f'<body class="{"one-source" if one_source else "many-sources"}">\n<header>\n',
            f"<h1>{_e(title)}</h1>\n<dl class=\"meta\">\n",
            f"<dt>{_e(tr('evaluated_on', lang))}</dt><dd>{_e(_day(self.evaluated_on, lang))}</dd>\n",
            f"<dt>{_e(tr('version', lang))}</dt><dd><code>{_e(self.version or '—')}</code></dd>\n",
            f"<dt>{_e(tr('sources', lang))}</dt><dd>{_e(', '.join(summary.sources) or '—')}</dd>\n",
            "</dl>\n</header>\n<main>\n",
            # rows
            f'<section id="rows">\n<h2>{_e(tr("rows", lang))}</h2>\n<table class="kv"><tbody>\n',
            self._kv(tr("rows_read", lang), fmt_int(summary.rows_read, lang)),
            self._kv(tr("rows_scored", lang), fmt_int(summary.rows_scored, lang)),
            self._kv(tr("rows_rejected", lang), fmt_int(summary.rows_rejected, lang)),
            self._kv(tr("requests", lang), fmt_int(len(summary.requests), lang)),
            "</tbody></table>\n",
            f"<p>{_e(tr('rows_read', lang))} = {_e(tr('rows_scored', lang)).lower()} + "
            f"{_e(tr('rows_rejected', lang)).lower()}: {_e(fmt_int(summary.rows_read, lang))} = "
            f"{_e(fmt_int(summary.rows_scored, lang))} + {_e(fmt_int(summary.rows_rejected, lang))}</p>\n",
            "</section>\n",
            # totals
            f'<section id="totals">\n<h2>{_e(tr("totals", lang))}</h2>\n<table class="kv"><tbody>\n',
            self._kv(tr("total_value", lang), fmt_money(t.value, lang)),
            self._kv(tr("green_value_total", lang), fmt_money(t.green_value, lang)),
            self._kv(tr("share_value", lang), fmt_pct(t.green_share_value, lang)),
            self._kv(tr("share_count", lang), fmt_pct(t.green_share_count, lang)),
            self._kv(tr("score", lang), fmt_score(t.score, lang)),
            "</tbody></table>\n</section>\n",
            # statuses
            f'<section id="status">\n<h2>{_e(tr("status_counts", lang))}</h2>\n<table>\n',
            f"<thead><tr><th>{_e(tr('status', lang))}</th><th>{_e(tr('status_code', lang))}</th>"
            f'<th class="num">{_e(tr("rows", lang))}</th></tr></thead>\n<tbody>\n',
            *(f'<tr><td><span class="badge st-{s}">{_e(status_label(s, lang))}</span></td><td><code>{s}</code></td>'
              f'<td class="num">{_e(fmt_int(t.status_counts.get(s, 0), lang))}</td></tr>\n' for s in STATUSES),
            "</tbody>\n</table>\n</section>\n",
            self._chart(summary),
            self._totals_table("groups", tr("by_group", lang), tr("group", lang),
                               ordered(summary.groups, lambda k: group_name(self.catalog, k, lang)), t),
            self._totals_table("entities", tr("by_entity", lang), tr("entity", lang),
                               ordered(summary.entities, lambda k: entity_name(k, lang)), t),
            self._items_head(),
        ]
        return "".join(parts)

    @staticmethod
    def _kv(key: str, value: str) -> str:
        return f'<tr><th scope="row">{_e(key)}</th><td class="num">{_e(value)}</td></tr>\n'

    def _totals_table(self, ident: str, heading: str, first: str,
                      rows: list[tuple[str | None, str, Totals]], total: Totals) -> str:
        lang = self.lang
        cols = (tr("items", lang), tr("value", lang), tr("green_value", lang), tr("green_share", lang),
                tr("item_score", lang))

        def cells(t: Totals) -> str:
            return "".join(f'<td class="num">{_e(v)}</td>' for v in (
                fmt_int(t.items, lang), fmt_money(t.value, lang), fmt_money(t.green_value, lang),
                fmt_pct(t.green_share_value, lang), fmt_score(t.score, lang)))

        out = [f'<section id="{ident}">\n<h2>{_e(heading)}</h2>\n<table>\n<thead><tr><th>{_e(first)}</th>',
               *(f'<th class="num">{_e(c)}</th>' for c in cols), "</tr></thead>\n<tbody>\n"]
        for _key, name, t in rows:
            out.append(f"<tr><td>{_e(name)}</td>{cells(t)}</tr>\n")
        out.append(f'</tbody>\n<tfoot><tr><th scope="row">{_e(tr("total", lang))}</th>{cells(total)}</tr>'
                   "</tfoot>\n</table>\n</section>\n")
        return "".join(out)

    def _chart(self, summary: Summary) -> str:
        """A horizontal bar chart (inline SVG) of the green share by value, one bar per product group."""
        lang = self.lang
        rows = ordered(summary.groups, lambda k: group_name(self.catalog, k, lang))
        head = f'<section id="chart">\n<h2>{_e(tr("chart", lang))}</h2>\n'
        if not rows:
            return head + f"<p>{_e(tr('no_scored', lang))}</p>\n</section>\n"
        label_w, gap, track_w, pct_w, row_h, bar_h, pad = 300, 8, 360, 80, 26, 16, 6
        track_x = label_w + gap
        width = track_x + track_w + gap + pct_w
        height = 2 * pad + row_h * len(rows)
        out = [head,
               f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
               f'aria-labelledby="chart-title chart-desc" viewBox="0 0 {width} {height}" '
               f'width="{width}" height="{height}">\n',
               f'<title id="chart-title">{_e(tr("chart", lang))}</title>\n',
               f'<desc id="chart-desc">{_e(tr("chart_desc", lang))}</desc>\n']
        for i, (_key, name, t) in enumerate(rows):
            y = pad + i * row_h
            mid = y + row_h / 2
            bar_y = y + (row_h - bar_h) / 2
            share = t.green_share_value
            bar_w = round(track_w * min(max(share or 0.0, 0.0), 1.0), 1)
            pct = fmt_pct(share, lang)
            label = (f"{name}: {pct} ({fmt_money(t.green_value, lang)} / {fmt_money(t.value, lang)} VND)")
            out.append(
                f'<g class="bar-row"><title>{_e(label)}</title>'
                f'<text x="{label_w}" y="{mid}" text-anchor="end">{_e(clip(name, 42))}</text>'
                f'<rect class="track" x="{track_x}" y="{bar_y}" width="{track_w}" height="{bar_h}" rx="2" />'
                f'<rect class="bar" x="{track_x}" y="{bar_y}" width="{bar_w}" height="{bar_h}" rx="2" />'
                f'<text x="{track_x + track_w + gap}" y="{mid}">{_e(pct)}</text></g>\n')
        out.append("</svg>\n</section>\n")
        return "".join(out)

    def _truncation_note(self) -> str:
        more = self.non_green - self.listed
        if more <= 0:
            return ""
        text = tr("truncated", self.lang, shown=fmt_int(self.listed, self.lang), more=fmt_int(more, self.lang))
        return f'<p class="note" role="note"><strong>{_e(text)}</strong></p>\n'

    def _items_head(self) -> str:
        lang = self.lang
        out = [f'<section id="items">\n<h2>{_e(tr("non_green", lang))} ({_e(fmt_int(self.non_green, lang))})</h2>\n']
        if not self.non_green:
            out.append(f"<p>{_e(tr('none_non_green', lang))}</p>\n")
            self._table_open = False
            return "".join(out)
        out.append(f"<p>{_e(tr('non_green_intro', lang))}</p>\n")
        out.append(self._truncation_note())
        cols = [("src", tr("source", lang)), ("", tr("request", lang)), ("num", tr("row", lang)),
                ("", tr("description", lang)), ("", tr("group", lang)), ("", tr("status", lang)),
                ("num", tr("item_score", lang)), ("num", tr("value", lang)), ("", tr("reasons", lang))]
        out.append('<table class="items">\n<thead><tr>')
        for cls, header in cols:
            attr = f' class="{cls}"' if cls else ""
            out.append(f"<th{attr}>{_e(header)}</th>")
        out.append("</tr></thead>\n<tbody>\n")
        self._table_open = True
        return "".join(out)

    def _tail(self) -> str:
        out = []
        if self._table_open:
            out.append("</tbody>\n</table>\n")
            out.append(self._truncation_note())
        out.append("</section>\n</main>\n</body>\n</html>\n")
        return "".join(out)
