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

from ._messages import fmt_count, text
from .check import evaluate_row
from .engine import Engine
from .io import Row
from .results import ItemRecord, ItemResult, Summary

__all__ = ["Change", "DiffReport", "diff_rows", "render_text"]


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
                       ("undated_certificates", sa.undated_certificates, sb.undated_certificates),
                       ("unverified_certificates", sa.unverified_certificates, sb.unverified_certificates)):
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
    number = f"{100 * x:.1f} %"
    return number.replace(".", ",") if lang == "vi" else number


def _score(x: float | None, lang: str) -> str:
    if x is None:
        return "—"
    number = f"{x:.2f}"
    return number.replace(".", ",") if lang == "vi" else number


def render_text(report: DiffReport, lang: str = "vi") -> str:
    """A report a policy officer can read: what changes, for which items, and why."""
    def t(mid: str, **args: object) -> str:
        return text(mid, lang, **args)

    def status(s: str) -> str:
        return t(f"status.{s}")

    def outcome(o: str | None) -> str:
        return t(f"diff.outcome.{o or 'none'}")

    day = f"{report.evaluated_on:%d/%m/%Y}" if lang == "vi" else report.evaluated_on.isoformat()
    out = [t("diff.title", old=report.old_version[:12], new=report.new_version[:12], day=day),
           t("diff.rows", rows=report.after.rows_read, changed=len(report.changes))]
    if report.old_version == report.new_version:
        out.append(t("diff.identical"))
    elif report.rule_changes:
        out.append(t("diff.what-changed"))
        for rid, what, a, b in report.rule_changes:
            out.append(f"  {rid}: {t('diff.when-edited')}" if what == "when" else f"  {rid}: {what} {a} → {b}")
    out.append("")
    for c in report.changes:
        out.append(f"{c.source}:{c.row} [{c.request_id}] {c.description}")
        out.append(t("diff.status-score", before=status(c.before.status), after=status(c.after.status),
                     score_before=_score(c.before.score, lang), score_after=_score(c.after.score, lang)))
        for rule, was, now in c.rules:
            out.append(f"    {rule}: {outcome(was)} → {outcome(now)}")
        if not c.rules:   # the same rules hold: the change comes from points, severity or thresholds
            touched = {f.rule_id for f in c.after.findings}
            for rid, what, a, b in report.rule_changes:
                if rid in touched or rid == "scoring" or (c.after.product_group and
                                                          rid == f"group {c.after.product_group}"):
                    out.append(f"    {rid}: {what} {a} → {b}")
    if not report.changes:
        out.append(t("diff.no-change"))
    out.append("")
    old, new = report.before.total, report.after.total
    head = (t("diff.totals"), t("diff.before"), t("diff.after"))
    lines = [
        (t("diff.share-value"), _pct(old.green_share_value, lang), _pct(new.green_share_value, lang)),
        (t("diff.share-count"), _pct(old.green_share_count, lang), _pct(new.green_share_count, lang)),
        (t("diff.score"), _score(old.score, lang), _score(new.score, lang)),
    ]
    lines += [(t("diff.items", status=status(s)), fmt_count(old.status_counts[s], lang),
               fmt_count(new.status_counts[s], lang)) for s in old.status_counts]
    width = max(len(x[0]) for x in [*lines, head])
    out.append(f"{head[0]:<{width}}  {head[1]:>10}  {head[2]:>10}")
    out += [f"{n:<{width}}  {x:>10}  {y:>10}" for n, x, y in lines]
    return "\n".join(out)
