"""The HTML report: one self-contained page (inline CSS and SVG; no script, font, image or link to
fetch) with the totals, a per-group chart and the list of items that are not green."""

from __future__ import annotations

import datetime
import html
import json
import os
import shutil
from collections.abc import Sequence
from decimal import Decimal
from typing import IO, TYPE_CHECKING

from ..results import STATUSES, ItemRecord, Summary, Totals
from ._common import (
    catalog_status,
    clip,
    entity_name,
    fmt_int,
    fmt_money,
    fmt_pct,
    fmt_score,
    group_name,
    line_counts,
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
:root{--green:#2e7d32;--amber:#8a5300;--red:#c62828;--grey:#5c5c5c;--line:#c9d1d9;--bg:#f3f5f7;--ink:#1f2328}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;margin:0 auto;
max-width:1200px;padding:1rem 1.5rem 3rem;color:var(--ink);line-height:1.4}
h1{font-size:1.55rem;margin:.4rem 0}h2{font-size:1.15rem;margin:1.6rem 0 .5rem;border-bottom:1px solid var(--line)}
p{margin:.4rem 0}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:0}
dl.meta dt{font-weight:600}dl.meta dd{margin:0;overflow-wrap:anywhere}
.cols{display:flex;flex-wrap:wrap;gap:0 2rem;align-items:flex-start}
table{border-collapse:collapse;margin:.3rem 0 .8rem;font-size:.9rem;max-width:100%}
caption{caption-side:top;text-align:left;font-weight:600;padding:.2rem 0;color:var(--ink)}
th,td{border:1px solid var(--line);padding:.25rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
thead th{background:var(--bg)}tfoot td,tfoot th{font-weight:600;background:var(--bg)}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.wide{width:100%}td.desc{min-width:12rem}td.refs{white-space:normal;min-width:4rem}
td.rows{font-size:.85rem}
code{font-size:.85em;white-space:nowrap}
.badge{display:inline-block;padding:0 .45rem;border-radius:.7rem;font-size:.85em;white-space:nowrap;
border:1px solid currentColor}
.st-green{color:var(--green)}.st-partial{color:var(--amber)}.st-not_green{color:var(--red)}
.st-not_prioritised{color:var(--grey)}.st-error{color:#fff;background:var(--red);border-color:var(--red)}
.note{border-left:4px solid var(--amber);background:#fff8e1;padding:.45rem .8rem;margin:.6rem 0}
svg.chart{display:block;height:auto;max-width:100%}
svg.chart text{font-size:13px;fill:var(--ink);dominant-baseline:middle}
svg.chart .track{fill:#e6e6e6}svg.chart .bar{fill:var(--green)}
body.one-source .src{display:none}
td.nowrap{white-space:nowrap}th.refs-h{width:6rem}
table.reasons td.rows{width:12%}table.reasons .num{width:3.5rem}table.rules td:nth-child(2){width:22%}
table.rules td:nth-child(3){white-space:nowrap}
@media screen and (max-width:1100px){body{padding:.8rem}.badge,td.nowrap{white-space:normal}td.desc{min-width:8rem}
table.items .num{white-space:normal}}
@page{size:A4 landscape;margin:9mm 10mm}
@media print{body{max-width:none;padding:0;font-size:8.5pt;line-height:1.22}table{font-size:7.6pt;margin:.2rem 0 .5rem}
h1{font-size:14pt;margin:0 0 .2rem}h2{font-size:10.5pt;margin:.6rem 0 .25rem;break-after:avoid}
th,td{padding:.06rem .3rem}thead{display:table-header-group}tr{break-inside:avoid}caption{break-after:avoid}
svg.chart{max-height:50mm;width:auto}dl.meta{font-size:7.5pt}table.rules,table.reasons{font-size:7.2pt}.badge{font-size:7pt;padding:0 .3rem}
#chart{break-inside:avoid}}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _day(d: datetime.date | None, lang: str) -> str:
    if d is None:
        return "—"
    return d.isoformat() if lang == "en" else d.strftime("%d/%m/%Y")


class HtmlWriter(Writer):
    """``.html``/``.htm``: a self-contained, offline report page in the report language, for the
    screen and for paper (A4 landscape).

    The summary comes first (rows, totals, statuses with what each means and the green threshold, a
    chart, groups and units); then the items that are not green, each with the numbers of its
    reasons; then every distinct reason once, with the rows it concerns; then the rules, once (title,
    kind, points, legal basis).  Rows are rendered into an anonymous temporary file as they come (at
    most ``max_items``; the rest are counted), reasons are numbered in the order they first appear
    (so the page is the same whatever the number of worker processes), and the page is assembled at
    :meth:`close`."""

    format = "html"

    def __init__(self, path: str | os.PathLike[str], *, lang: str = "vi", catalog: Catalog | None = None,
                 version: str = "", evaluated_on: datetime.date | None = None,
                 rules: Sequence[Rule] = (), green_min_score: int | Decimal | None = None,
                 max_items: int = HTML_ITEM_LIMIT) -> None:
        self.max_items = max_items
        self.non_green = 0
        self.listed = 0
        #: reason (rule id, text) -> its number, the rows it concerns (source, row) and how many there are
        self._reasons: dict[tuple[str | None, str], _Reason] = {}
        self._reasons_left_out = 0
        super().__init__(path, lang=lang, catalog=catalog, version=version, evaluated_on=evaluated_on,
                         rules=rules, green_min_score=green_min_score)

    def _start(self) -> None:
        self._items: IO[bytes] = self._side_file()

    @classmethod
    def fragment(cls, record: ItemRecord, lang: str, catalog: Catalog | None) -> Fragment:
        """A non-green record as JSON ``[row cells, source, row, [[rule id, reason], ...]]`` (the reasons
        are numbered where the page is written); nothing (``b""``) for a green one."""
        res = record.result
        if res.status == "green":
            return b""
        group = "" if res.status == "error" else group_name(catalog, res.product_group, lang)
        cells = (f'<tr><td class="src">{_e(record.source)}</td><td class="nowrap">{_e(record.request_id)}</td>'
                 f'<td class="num">{record.row}</td><td class="desc">{_e(res.description)}</td>'
                 f"<td>{_e(group)}</td>"
                 f'<td><span class="badge st-{_e(res.status)}">{_e(status_label(res.status, lang))}</span></td>'
                 f'<td class="num">{_e(fmt_score(res.score, lang))}</td>'
                 f'<td class="num">{_e(fmt_money(res.value, lang))}</td>')
        return json.dumps([cells, record.source, record.row, reasons(res, lang, catalog)],
                          ensure_ascii=False).encode("utf-8", "replace")

    def _write_fragment(self, fragment: Fragment) -> None:
        if not fragment:
            return
        self.non_green += 1
        cells, source, row, why = json.loads(fragment)
        numbers = []
        for rule, text in why:
            reason = self._reasons.get((rule, text))
            if reason is None:
                if len(self._reasons) >= MAX_REASONS:
                    self._reasons_left_out += 1
                    continue
                reason = self._reasons[(rule, text)] = _Reason(len(self._reasons) + 1)
            reason.add(source, row)
            numbers.append(reason.number)
        if self.listed >= self.max_items:
            return
        self.listed += 1
        refs = ", ".join(str(n) for n in numbers) or "—"
        self._items.write(f'{cells}<td class="num refs">{refs}</td></tr>\n'.encode("utf-8", "replace"))

    def _finish(self, summary: Summary) -> None:
        with open(self._tmp_path, "wb") as out:
            out.write(self._head(summary).encode("utf-8", "replace"))
            self._items.seek(0)
            shutil.copyfileobj(self._items, out, WRITE_CHUNK)
            out.write(self._tail(summary).encode("utf-8", "replace"))
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
            *self._status_lines(),
            "</dl>\n</header>\n<main>\n",
            f'<section id="overview">\n<h2>{_e(tr("overview", lang))}</h2>\n<div class="cols">\n',
            # rows
            f'<table class="kv" id="rows"><caption>{_e(tr("caption.rows", lang))}</caption><tbody>\n',
            self._kv(tr("rows_read", lang), fmt_int(summary.rows_read, lang)),
            self._kv(tr("rows_scored", lang), fmt_int(summary.rows_scored, lang)),
            self._kv(tr("rows_rejected", lang), fmt_int(summary.rows_rejected, lang)),
            self._kv(tr("requests", lang), fmt_int(len(summary.requests), lang)),
            "</tbody></table>\n",
            # totals
            f'<table class="kv" id="totals"><caption>{_e(tr("caption.totals", lang))}</caption><tbody>\n',
            self._kv(tr("total_value", lang), fmt_money(t.value, lang)),
            self._kv(tr("green_value_total", lang), fmt_money(t.green_value, lang)),
            self._kv(tr("share_value", lang), fmt_pct(t.green_share_value, lang)),
            self._kv(tr("share_count", lang), fmt_pct(t.green_share_count, lang)),
            self._kv(tr("score", lang), fmt_score(t.score, lang)),
            *(self._kv(tr(key, lang), fmt_money(v, lang) if kind == "money" else fmt_int(int(v), lang))
              for key, kind, v in line_counts(t)),
            "</tbody></table>\n</div>\n",
            f"<p>{_e(tr('rows_read', lang))} = {_e(tr('rows_scored', lang)).lower()} + "
            f"{_e(tr('rows_rejected', lang)).lower()}: {_e(fmt_int(summary.rows_read, lang))} = "
            f"{_e(fmt_int(summary.rows_scored, lang))} + {_e(fmt_int(summary.rows_rejected, lang))}</p>\n",
            "</section>\n",
            self._status_section(t),
            self._chart(summary),
            self._totals_table("groups", tr("by_group", lang), tr("caption.groups", lang), tr("group", lang),
                               ordered(summary.groups, lambda k: group_name(self.catalog, k, lang)), t),
            self._totals_table("entities", tr("by_entity", lang), tr("caption.entities", lang), tr("entity", lang),
                               ordered(summary.entities, lambda k: entity_name(k, lang)), t),
            self._items_head(),
        ]
        return "".join(parts)

    def _threshold(self) -> str:
        n = self.green_min_score
        return "—" if n is None else fmt_score(float(n), self.lang)

    def _status_section(self, t: Totals) -> str:
        lang = self.lang
        out = [f'<section id="status">\n<h2>{_e(tr("status_counts", lang))}</h2>\n<table>\n',
               f"<caption>{_e(tr('caption.status', lang))}</caption>\n",
               f"<thead><tr><th>{_e(tr('status', lang))}</th><th>{_e(tr('status_code', lang))}</th>"
               f"<th>{_e(tr('meaning', lang))}</th>"
               f'<th class="num">{_e(tr("rows", lang))}</th></tr></thead>\n<tbody>\n']
        for st in STATUSES:
            out.append(f'<tr><td><span class="badge st-{st}">{_e(status_label(st, lang))}</span></td>'
                       f"<td><code>{st}</code></td><td>{_e(tr(f'meaning.{st}', lang, threshold=self._threshold()))}"
                       f'</td><td class="num">{_e(fmt_int(t.status_counts.get(st, 0), lang))}</td></tr>\n')
        out.append("</tbody>\n</table>\n")
        if self.green_min_score is not None:
            out.append(f'<p class="threshold">{_e(tr("threshold", lang, threshold=self._threshold()))}</p>\n')
        out.append("</section>\n")
        return "".join(out)

    @staticmethod
    def _kv(key: str, value: str) -> str:
        return f'<tr><th scope="row">{_e(key)}</th><td class="num">{_e(value)}</td></tr>\n'

    def _totals_table(self, ident: str, heading: str, caption: str, first: str,
                      rows: list[tuple[str | None, str, Totals]], total: Totals) -> str:
        lang = self.lang
        cols = (tr("items", lang), tr("value", lang), tr("green_value", lang), tr("green_share", lang),
                tr("item_score", lang))

        def cells(t: Totals) -> str:
            return "".join(f'<td class="num">{_e(v)}</td>' for v in (
                fmt_int(t.items, lang), fmt_money(t.value, lang), fmt_money(t.green_value, lang),
                fmt_pct(t.green_share_value, lang), fmt_score(t.score, lang)))

        out = [f'<section id="{ident}">\n<h2>{_e(heading)}</h2>\n<table>\n<caption>{_e(caption)}</caption>\n'
               f"<thead><tr><th>{_e(first)}</th>",
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
        out.append(self._truncation_note())
        cols = [("src", tr("source", lang)), ("", tr("request", lang)), ("num", tr("row", lang)),
                ("", tr("description", lang)), ("", tr("group", lang)), ("", tr("status", lang)),
                ("num", tr("item_score", lang)), ("num", tr("value", lang)), ("num", tr("reason_refs", lang))]
        out.append(f'<table class="items wide">\n<caption>{_e(tr("items_caption", lang))}</caption>\n<thead><tr>')
        for cls, header in cols:
            attr = f' class="{cls}"' if cls else ""
            out.append(f'<th scope="col"{attr}>{_e(header)}</th>')
        out.append("</tr></thead>\n<tbody>\n")
        self._table_open = True
        return "".join(out)

    def _tail(self, summary: Summary) -> str:
        out = []
        if self._table_open:
            out.append("</tbody>\n</table>\n")
            out.append(self._truncation_note())
        out.append("</section>\n")
        out.append(self._reasons_section(len(summary.sources) <= 1))
        out.append(self._rules_section())
        out.append("</main>\n</body>\n</html>\n")
        return "".join(out)

    def _reasons_section(self, one_source: bool) -> str:
        lang = self.lang
        if not self._reasons:
            return ""
        out = [f'<section id="reasons">\n<h2>{_e(tr("reasons_title", lang))} ({_e(fmt_int(len(self._reasons), lang))})'
               f"</h2>\n<table class=\"wide reasons\">\n<caption>{_e(tr('reasons_intro', lang))}</caption>\n<thead><tr>"
               f'<th scope="col" class="num">{_e(tr("reason_no", lang))}</th>'
               f'<th scope="col">{_e(tr("rule", lang))}</th><th scope="col">{_e(tr("reason", lang))}</th>'
               f'<th scope="col">{_e(tr("rows_concerned", lang))}</th>'
               f'<th scope="col" class="num">{_e(tr("items", lang))}</th></tr></thead>\n<tbody>\n']
        for (rule, text), reason in self._reasons.items():
            refs = ", ".join(str(row) if one_source else f"{src}:{row}" for src, row in reason.refs)
            if reason.count > len(reason.refs):
                refs += " " + tr("more_refs", lang, n=fmt_int(reason.count - len(reason.refs), lang))
            out.append(f'<tr><td class="num">{reason.number}</td><td>{f"<code>{_e(rule)}</code>" if rule else "—"}'
                       f'</td><td>{_e(text)}</td><td class="rows">{_e(refs)}</td>'
                       f'<td class="num">{_e(fmt_int(reason.count, lang))}</td></tr>\n')
        out.append("</tbody>\n</table>\n")
        if self._reasons_left_out:
            out.append(f'<p class="note" role="note">{_e(tr("more_reasons", lang, n=self._reasons_left_out))}</p>\n')
        out.append("</section>\n")
        return "".join(out)

    def _status_lines(self) -> list[str]:
        """The catalogue's adoption status: a line of the page's head and its statement (issue 14)."""
        status = catalog_status(self.catalog, self.lang)
        if status is None:
            return []
        label, statement = status
        return [f"<dt>{_e(tr('catalog_status', self.lang))}</dt><dd><strong>{_e(label)}</strong>. "
                f"{_e(statement)}</dd>\n"]

    def _rules_section(self) -> str:
        """The rules the reasons above cite, once each, in rule order: a reader of the page needs the
        legal basis of what it asks for, not of every rule in the set (the rule files hold them
        all)."""
        lang = self.lang
        cited = {rule for rule, _text in self._reasons}
        rules = [r for r in self.rules if r.id in cited]
        if not rules:
            return ""
        caption = tr("rules_caption", lang, n=fmt_int(len(rules), lang), total=fmt_int(len(self.rules), lang))
        out = [f'<section id="rules">\n<h2>{_e(tr("rules_title", lang))}</h2>\n<table class="wide rules">\n'
               f"<caption>{_e(caption)}</caption>\n<thead><tr>"
               f'<th scope="col">{_e(tr("rule", lang))}</th><th scope="col">{_e(tr("title_col", lang))}</th>'
               f'<th scope="col">{_e(tr("severity", lang))}</th><th scope="col" class="num">{_e(tr("points", lang))}'
               f'</th><th scope="col">{_e(tr("basis", lang))}</th></tr></thead>\n<tbody>\n']
        for r in rules:
            points = fmt_int(r.points, lang) if r.severity in ("requirement", "criterion") else "—"
            out.append(f"<tr><td><code>{_e(r.id)}</code></td><td>{_e(r.title.get(lang))}</td>"
                       f"<td>{_e(tr(f'severity.{r.severity}', lang))}</td><td class=\"num\">{_e(points)}</td>"
                       f"<td>{_e(r.basis)}</td></tr>\n")
        out.append("</tbody>\n</table>\n</section>\n")
        return "".join(out)


#: Distinct reasons the HTML report lists, and rows named per reason (the rest are counted).
MAX_REASONS = 2_000
MAX_REFS = 200


class _Reason:
    """A distinct reason: its number, the first rows it concerns, and how many rows in all."""

    __slots__ = ("count", "number", "refs")

    def __init__(self, number: int) -> None:
        self.number = number
        self.refs: list[tuple[str, int]] = []
        self.count = 0

    def add(self, source: str, row: int) -> None:
        self.count += 1
        if len(self.refs) < MAX_REFS:
            self.refs.append((source, row))
