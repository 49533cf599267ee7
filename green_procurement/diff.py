"""Impact of a rule change on a past purchase list: ``green-procurement diff``.

Every row of the list is scored with the old and with the new rules (same catalogue, same date).
The result lists the items whose status or score changes, before -> after, with the rules whose
outcome changed (a rule that now applies, no longer applies, or flips between met and not met),
and the totals before and after: green share by value and by count, counts per status.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

import attrs

from .check import evaluate_row
from .engine import Engine
from .io import Row
from .results import ItemRecord, ItemResult, Summary

__all__ = ["Change", "DiffReport", "diff_rows", "render_text"]

_STATUS_VI = {"green": "xanh", "partial": "một phần", "not_green": "chưa xanh",
              "not_prioritised": "không thuộc danh mục ưu tiên", "error": "lỗi"}
_OUTCOME_VI = {"met": "đạt", "not_met": "chưa đạt", None: "không áp dụng"}
_OUTCOME_EN = {"met": "met", "not_met": "not met", None: "not applicable"}


@attrs.frozen
class Change:
    """One item whose status or score differs between the old and the new rules."""

    source: str
    row: int
    request_id: str
    item_id: str
    description: str
    before: ItemResult
    after: ItemResult
    rules: tuple[tuple[str, str | None, str | None], ...]   # (rule id, old outcome, new outcome)

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "row": self.row, "request_id": self.request_id,
                "item_id": self.item_id, "description": self.description,
                "status": {"before": self.before.status, "after": self.after.status},
                "score": {"before": self.before.score, "after": self.after.score},
                "rules": [{"rule_id": r, "before": a, "after": b} for r, a, b in self.rules]}


@attrs.define
class DiffReport:
    """Items that changed, the totals before and after, and what changed in the rules."""

    old_version: str
    new_version: str
    evaluated_on: datetime.date
    before: Summary = attrs.field(factory=Summary)
    after: Summary = attrs.field(factory=Summary)
    changes: list[Change] = attrs.field(factory=list)
    rule_changes: list[tuple[str, str, str, str]] = attrs.field(factory=list)  # (id, what, old, new)

    def to_dict(self) -> dict[str, Any]:
        def totals(s: Summary) -> dict[str, Any]:
            t = s.total
            return {"items": t.items, "value": t.to_dict()["value"], "green_value": t.to_dict()["green_value"],
                    "green_share_value": t.green_share_value, "green_share_count": t.green_share_count,
                    "score": t.score, "status_counts": dict(t.status_counts)}
        return {"evaluated_on": self.evaluated_on.isoformat(), "old_version": self.old_version,
                "new_version": self.new_version, "rows_read": self.after.rows_read,
                "rule_changes": [{"rule_id": r, "what": w, "before": a, "after": b}
                                 for r, w, a, b in self.rule_changes],
                "changed_items": len(self.changes),
                "totals": {"before": totals(self.before), "after": totals(self.after)},
                "changes": [c.to_dict() for c in self.changes]}


def _outcomes(result: ItemResult) -> dict[str, str]:
    return {f.rule_id: f.outcome for f in result.findings}


def compare(old: ItemRecord, new: ItemRecord) -> Change | None:
    """The change between two scorings of the same row, or None when status and score agree."""
    a, b = old.result, new.result
    if a.status == b.status and a.score_exact == b.score_exact:
        return None
    oa, ob = _outcomes(a), _outcomes(b)
    ids = list(dict.fromkeys([*oa, *ob]))
    rules = tuple((r, oa.get(r), ob.get(r)) for r in ids if oa.get(r) != ob.get(r))
    return Change(new.source, new.row, new.request_id, b.item_id, b.description, a, b, rules)


def _show(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, datetime.date):
        return v.isoformat()
    return str(v)


def rule_changes(old: Engine, new: Engine) -> list[tuple[str, str, str, str]]:
    """What differs between two rule sets and catalogues: rules added or removed, a rule's severity,
    points, scope, dates or condition, the scoring thresholds, and group parameters."""
    out: list[tuple[str, str, str, str]] = []
    a = {r.id: r for r in old.ruleset.rules}
    b = {r.id: r for r in new.ruleset.rules}
    for rid in [*a, *(r for r in b if r not in a)]:
        if rid not in b:
            out.append((rid, "rule", "present", "removed"))
        elif rid not in a:
            out.append((rid, "rule", "absent", "added"))
        else:
            ra, rb = a[rid], b[rid]
            for what, x, y in (("severity", ra.severity, rb.severity), ("points", ra.points, rb.points),
                               ("applies_to", ra.applies_to.to_dict(), rb.applies_to.to_dict()),
                               ("effective.from", ra.effective_from, rb.effective_from),
                               ("effective.to", ra.effective_to, rb.effective_to)):
                if x != y:
                    out.append((rid, what, _show(x), _show(y)))
            if ra.when != rb.when:
                out.append((rid, "when", "", ""))
    sa, sb = old.ruleset.scoring, new.ruleset.scoring
    for what, x, y in (("green_min_score", sa.green_min_score, sb.green_min_score),
                       ("undated_certificates", sa.undated_certificates, sb.undated_certificates)):
        if x != y:
            out.append(("scoring", what, _show(x), _show(y)))
    ga, gb = old.ruleset.catalog.groups, new.ruleset.catalog.groups
    for gid in ga.keys() & gb.keys():
        for name in sorted(set(ga[gid].params) | set(gb[gid].params)):
            x, y = ga[gid].params.get(name), gb[gid].params.get(name)
            if x != y:
                out.append((f"group {gid}", f"param.{name}", _show(x), _show(y)))
        if ga[gid].accepted_labels != gb[gid].accepted_labels:
            out.append((f"group {gid}", "accepted_labels", ", ".join(ga[gid].accepted_labels),
                        ", ".join(gb[gid].accepted_labels)))
    return sorted(out, key=lambda c: (c[0].startswith(("scoring", "group")), c[0], c[1]))


def diff_rows(old: Engine, new: Engine, rows: Iterable[Row], on: datetime.date) -> DiffReport:
    """Score every row with both engines; streaming, one row at a time."""
    report = DiffReport(old.version, new.version, on, rule_changes=rule_changes(old, new))
    for row in rows:
        a, b = evaluate_row(old, row, on), evaluate_row(new, row, on)
        report.before.add(a)
        report.after.add(b)
        change = compare(a, b)
        if change is not None:
            report.changes.append(change)
    return report


def _pct(x: float | None, lang: str) -> str:
    if x is None:
        return "—"
    text = f"{100 * x:.1f} %"
    return text.replace(".", ",") if lang == "vi" else text


def _score(x: float | None, lang: str) -> str:
    if x is None:
        return "—"
    text = f"{x:.2f}"
    return text.replace(".", ",") if lang == "vi" else text


def render_text(report: DiffReport, lang: str = "vi") -> str:
    """A report a policy officer can read: what changes, for which items, and why."""
    vi = lang == "vi"
    status = (lambda s: _STATUS_VI.get(s, s)) if vi else (lambda s: s.replace("_", " "))
    outcome = _OUTCOME_VI if vi else _OUTCOME_EN
    out = []
    if vi:
        out.append(f"So sánh quy tắc cũ ({report.old_version[:12]}) và mới ({report.new_version[:12]}), "
                   f"ngày đánh giá {report.evaluated_on:%d/%m/%Y}")
        out.append(f"{report.after.rows_read} dòng; {len(report.changes)} mặt hàng thay đổi trạng thái hoặc điểm")
    else:
        out.append(f"Old rules ({report.old_version[:12]}) against new ({report.new_version[:12]}), "
                   f"evaluated on {report.evaluated_on.isoformat()}")
        out.append(f"{report.after.rows_read} rows; {len(report.changes)} items change status or score")
    if report.old_version == report.new_version:
        out.append("Hai bộ quy tắc giống hệt nhau." if vi else "The two rule sets are identical.")
    elif report.rule_changes:
        out.append("Thay đổi trong quy tắc và danh mục:" if vi else "What changed in the rules and catalogue:")
        for rid, what, a, b in report.rule_changes:
            if what == "when":
                out.append(f"  {rid}: " + ("điều kiện (when) đã sửa" if vi else "condition (when) edited"))
            else:
                out.append(f"  {rid}: {what} {a} → {b}")
    out.append("")
    for c in report.changes:
        where = f"{c.source}:{c.row}"
        out.append(f"{where} [{c.request_id}] {c.description}")
        out.append(("  trạng thái: " if vi else "  status: ") + f"{status(c.before.status)} → {status(c.after.status)}"
                   + ("; điểm: " if vi else "; score: ") + f"{_score(c.before.score, lang)} → "
                   f"{_score(c.after.score, lang)}")
        for rule, a, b in c.rules:
            out.append(f"    {rule}: {outcome[a]} → {outcome[b]}")
        if not c.rules:   # the same rules hold: the change comes from points, severity or thresholds
            touched = {f.rule_id for f in c.after.findings}
            for rid, what, a, b in report.rule_changes:
                if rid in touched or rid == "scoring" or (c.after.product_group and
                                                          rid == f"group {c.after.product_group}"):
                    out.append(f"    {rid}: {what} {a} → {b}")
    if not report.changes:
        out.append("Không mặt hàng nào thay đổi." if vi else "No item changes.")
    out.append("")
    b, a = report.before.total, report.after.total
    head = ("Tổng hợp", "trước", "sau") if vi else ("Totals", "before", "after")
    lines = [
        ("Tỷ lệ xanh theo giá trị" if vi else "Green share by value",
         _pct(b.green_share_value, lang), _pct(a.green_share_value, lang)),
        ("Tỷ lệ xanh theo số mặt hàng" if vi else "Green share by count",
         _pct(b.green_share_count, lang), _pct(a.green_share_count, lang)),
        ("Điểm bình quân theo giá trị" if vi else "Value-weighted score", _score(b.score, lang), _score(a.score, lang)),
    ]
    lines += [((f"Số mặt hàng {status(s)}" if vi else f"Items {status(s)}"), str(b.status_counts[s]),
               str(a.status_counts[s])) for s in b.status_counts]
    width = max(len(x[0]) for x in [*lines, head])
    out.append(f"{head[0]:<{width}}  {head[1]:>10}  {head[2]:>10}")
    out += [f"{n:<{width}}  {x:>10}  {y:>10}" for n, x, y in lines]
    return "\n".join(out)
