"""Explain why an item scored as it did: a trace of every rule, for policy staff.

:func:`explain_item` (or :func:`explain_line`) enriches an item exactly as the engine does, then
walks the rule set in rule order and says, for every rule, whether it applies (and if not, why: the
item's group is outside the rule's groups/tags, or the rule is not in effect on the evaluation day),
whether it is met, and — for a rule not met — which sub-condition failed and on which actual value,
in words: ``nhãn vn-energy hạng 3 < mức tối thiểu 4 của nhóm air-conditioner``.  It ends with the
score arithmetic and the status with its reason.

The trace comes from a *tracing interpreter* of the rule IR (:func:`trace`) that reads the same
enriched fact as the engine; its boolean result is, by construction and by a property test, the same
as :func:`green_procurement.reference.evaluate`.  The outcome and score shown are the engine's own
(whatever backend it runs); a disagreement with the trace would be reported in the explanation.

Every text exists in Vietnamese and English (:class:`~green_procurement._schema.Text`);
:func:`render_text` picks one, :meth:`Explanation.to_dict` gives a JSON-ready form.

>>> import datetime, green_procurement as gp                                 # doctest: +SKIP
>>> from green_procurement.explain import explain_line, render_text          # doctest: +SKIP
>>> item = gp.LineItem(id="1", description="Máy lạnh Daikin 1HP", quantity=1, unit_price=9_000_000,
...                    labels=[gp.LabelClaim("vn-energy", grade=3)])         # doctest: +SKIP
>>> print(render_text(explain_line(gp.load_default(), item, datetime.date(2025, 6, 1))))  # doctest: +SKIP
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

import attrs

from . import ir
from ._schema import Text
from .catalog import ProductGroup
from .engine import Engine, format_number
from .enrich import Classification, EnrichedItem
from .errors import GppError, InputError
from .model import LineItem, PurchaseRequest, json_number
from .results import ItemResult
from .rules import SCORED, Rule

__all__ = [
    "Explanation",
    "Reason",
    "RuleExplanation",
    "Trace",
    "explain_item",
    "explain_line",
    "fmt_date",
    "fmt_value",
    "render_text",
    "rule_applicability",
    "trace",
    "why",
]

ABSENT_NOTE = Text("trường không có thì mọi so sánh đều sai",
                   "a field that is absent makes every comparison false")

SEVERITY_TEXT = {
    "requirement": Text("yêu cầu bắt buộc", "requirement"),
    "criterion": Text("tiêu chí", "criterion"),
    "warning": Text("cảnh báo", "warning"),
    "info": Text("thông tin", "information"),
}
STATUS_TEXT = {
    "green": Text("xanh", "green"),
    "partial": Text("một phần", "partial"),
    "not_green": Text("chưa xanh", "not green"),
    "not_prioritised": Text("không thuộc danh mục ưu tiên", "not prioritised"),
    "error": Text("lỗi", "error"),
}


def _t(vi: str, en: str) -> Text:
    return Text(vi, en)


def _join(texts: Sequence[Text], sep: str = "; ") -> Text:
    return Text(sep.join(t.vi for t in texts), sep.join(t.en for t in texts))


def fmt_date(d: datetime.date) -> str:
    """``dd/mm/yyyy``, as Vietnamese documents write dates (also used in English output)."""
    return d.strftime("%d/%m/%Y")


def fmt_value(v: Any, lang: str) -> str:
    """A value as a policy officer wrote it in YAML: ``true``, ``12.500.000`` (vi), ``[a, b]``."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float, Decimal)):
        return format_number(v, lang)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(fmt_value(x, lang) for x in v) + "]"
    if isinstance(v, datetime.date):
        return fmt_date(v)
    return str(v)


def _val(v: Any) -> Text:
    return Text(fmt_value(v, "vi"), fmt_value(v, "en"))


def _score_text(score: Decimal, lang: str) -> str:
    q = score.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
    return format_number(q, lang) if q != q.to_integral_value() else \
        format_number(int(q), lang) + (",00" if lang == "vi" else ".00")


# -- the tracing interpreter ---------------------------------------------------------------------------

@attrs.frozen
class Trace:
    """How one IR node evaluated on an item (and, inside a label quantifier, on one label claim).

    ``ok`` is the node's truth value; ``actual`` the value read from the fact (``None`` with
    ``absent`` true when the field is missing); ``right`` the resolved operand (a parameter's value);
    ``label`` the index of the label claim the node was evaluated on; ``children`` the sub-traces —
    for ``any_label``/``no_label`` one per label claim."""

    cond: ir.Cond
    ok: bool
    actual: Any = None
    absent: bool = False
    right: Any = None
    param_absent: bool = False
    matched: str | None = None
    label: int | None = None
    children: tuple[Trace, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: the node (``ir.render``), its truth value, the values read and sub-traces."""
        out: dict[str, Any] = {"cond": ir.render(self.cond), "ok": self.ok}
        if isinstance(self.cond, (ir.Compare, ir.Exists, ir.Match)):
            out["field"] = self.cond.field.name
            out["actual"] = None if self.absent else _json(self.actual)
            out["absent"] = self.absent
        if isinstance(self.cond, ir.Compare) and isinstance(self.cond.operand, ir.Param):
            out["param"] = self.cond.operand.name
            out["param_value"] = None if self.param_absent else _json(self.right)
        if self.matched is not None:
            out["matched"] = self.matched
        if self.label is not None:
            out["label"] = self.label
        if self.children:
            out["children"] = [c.to_dict() for c in self.children]
        return out


def _json(v: Any) -> Any:
    if isinstance(v, Decimal):
        return json_number(v) if v == v.to_integral_value() else float(v)
    if isinstance(v, tuple):
        return [_json(x) for x in v]
    return v


def trace(cond: ir.Cond, fact: Mapping[str, Any], label: Mapping[str, Any] | None = None,
          label_index: int | None = None) -> Trace:
    """Evaluate ``cond`` on ``fact`` (and ``label``) recording every step.

    Same semantics as :func:`green_procurement.reference.evaluate` (``trace(c, f).ok ==
    evaluate(c, f)`` always); every sub-condition is evaluated, not only up to the first decisive one,
    so that an explanation can list every alternative that failed."""
    if isinstance(cond, ir.Compare):
        scope = label if cond.field.scope == "label" else fact
        value = ir.lookup(scope, cond.field.path) if scope is not None else ir.ABSENT
        if value is ir.ABSENT:
            return Trace(cond, False, absent=True, label=label_index)
        if isinstance(cond.operand, ir.Param):
            right = ir.lookup(fact, cond.operand.field.path)
            if right is ir.ABSENT:
                return Trace(cond, False, value, param_absent=True, label=label_index)
        else:
            right = ir.constant(cond.operand.value)
        if cond.field.type == ir.LIST:
            if cond.op == "eq":
                ok = right in value
            elif cond.op == "ne":
                ok = right not in value
            elif cond.op == "in":
                ok = any(m in right for m in value)
            else:
                ok = not any(m in right for m in value)
        else:
            ok = ir.compare(cond.op, value, right)
        return Trace(cond, bool(ok), value, right=right, label=label_index)
    if isinstance(cond, ir.Exists):
        scope = label if cond.field.scope == "label" else fact
        value = ir.lookup(scope, cond.field.path) if scope is not None else ir.ABSENT
        present = value is not ir.ABSENT
        return Trace(cond, present == cond.present, value if present else None, absent=not present,
                     label=label_index)
    if isinstance(cond, ir.Match):
        from ._text import contains_phrase, fold

        text = ir.lookup(fact, cond.field.path)
        if text is ir.ABSENT:
            return Trace(cond, False, absent=True, label=label_index)
        folded = fold(text)
        hit = next((p for p in cond.phrases if contains_phrase(folded, p)), None)
        return Trace(cond, hit is not None, text, matched=hit, label=label_index)
    if isinstance(cond, (ir.All, ir.Any)):
        parts = tuple(trace(p, fact, label, label_index) for p in cond.parts)
        ok = all(p.ok for p in parts) if isinstance(cond, ir.All) else any(p.ok for p in parts)
        return Trace(cond, ok, label=label_index, children=parts)
    if isinstance(cond, ir.Not):
        part = trace(cond.part, fact, label, label_index)
        return Trace(cond, not part.ok, label=label_index, children=(part,))
    labels = fact.get("labels", ())
    per_label = tuple(trace(cond.cond, fact, lab, i) for i, lab in enumerate(labels))
    found = any(t.ok for t in per_label)
    return Trace(cond, found if isinstance(cond, ir.AnyLabel) else not found, label=label_index,
                 children=per_label)


# -- human reasons ---------------------------------------------------------------------------------------

@attrs.frozen
class Reason:
    """One line of an explanation, with sub-lines (the alternatives of an ``any``...)."""

    text: Text
    children: tuple[Reason, ...] = ()

    def lines(self, lang: str, indent: int = 0) -> list[str]:
        """The reason and its sub-reasons as indented text lines."""
        out = ["  " * indent + self.text.get(lang)]
        for c in self.children:
            sub = c.lines(lang, indent + 1)
            sub[0] = "  " * (indent + 1) + "- " + sub[0].lstrip()
            out += sub
        return out

    def to_dict(self, lang: str) -> dict[str, Any]:
        """``{"text": ..., "children": [...]}`` in ``lang``."""
        out: dict[str, Any] = {"text": self.text.get(lang)}
        if self.children:
            out["children"] = [c.to_dict(lang) for c in self.children]
        return out


_NEG = {"eq": "≠", "ne": "=", "gt": "≤", "gte": "<", "lt": "≥", "lte": ">"}
_POS = {"eq": "=", "ne": "≠", "gt": ">", "gte": "≥", "lt": "<", "lte": "≤"}
ORDER = ("gt", "gte", "lt", "lte")

_GRADE = _t("hạng", "grade")


@attrs.frozen
class _Ctx:
    """What the reason texts need besides the trace: the fact, the group and the day."""

    fact: Mapping[str, Any]
    group: ProductGroup | None
    on: datetime.date

    def label(self, i: int | None) -> Mapping[str, Any]:
        labels = self.fact.get("labels", ())
        return labels[i] if i is not None and i < len(labels) else {}

    def label_name(self, i: int | None) -> Text:
        lab = self.label(i)
        scheme = str(lab.get("scheme", "?"))
        same = [x for x in self.fact.get("labels", ()) if x.get("scheme") == scheme]
        if len(same) > 1 and i is not None:
            return _t(f"nhãn {scheme} (thứ {i + 1})", f"label {scheme} (#{i + 1})")
        return _t(f"nhãn {scheme}", f"label {scheme}")

    @property
    def group_id(self) -> str | None:
        return self.group.id if self.group else None


def _operand(tr: Trace, op: str, ctx: _Ctx) -> Text:
    cond = tr.cond
    assert isinstance(cond, ir.Compare)
    if isinstance(cond.operand, ir.Param):
        name, g = cond.operand.name, ctx.group_id
        v = _val(tr.right)
        if op in ("gt", "gte"):
            return _t(f"mức tối thiểu {v.vi} của nhóm {g} (param.{name})",
                      f"minimum {v.en} of group {g} (param.{name})")
        if op in ("lt", "lte"):
            return _t(f"mức tối đa {v.vi} của nhóm {g} (param.{name})",
                      f"maximum {v.en} of group {g} (param.{name})")
        return _t(f"{v.vi} (param.{name} của nhóm {g})", f"{v.en} (param.{name} of group {g})")
    return _val(ir.constant(cond.operand.value))


def _absent_param(tr: Trace, ctx: _Ctx) -> Text:
    cond = tr.cond
    assert isinstance(cond, ir.Compare) and isinstance(cond.operand, ir.Param)
    name = cond.operand.name
    if ctx.group is None:
        return _t(f"mặt hàng chưa phân loại nên không có param.{name} ({ABSENT_NOTE.vi})",
                  f"the item is unclassified, so it has no param.{name} ({ABSENT_NOTE.en})")
    return _t(f"nhóm {ctx.group.id} không có tham số param.{name} ({ABSENT_NOTE.vi})",
              f"group {ctx.group.id} has no parameter param.{name} ({ABSENT_NOTE.en})")


def _label_state(field: str, value: Any, lab: Mapping[str, Any], ctx: _Ctx) -> Text | None:
    """The state of a yes/no label field in words (``hết hạn (valid = false)``)."""
    flag = f"({field} = {'true' if value else 'false'})"
    g = ctx.group_id
    if field == "valid":
        days = lab.get("days_to_expiry")
        if value:
            if isinstance(days, int):
                until = fmt_date(ctx.on + datetime.timedelta(days=days))
                return _t(f"còn hiệu lực đến {until} {flag}", f"valid until {until} {flag}")
            return _t(f"còn hiệu lực {flag}", f"valid {flag}")
        if isinstance(days, int):
            until = fmt_date(ctx.on + datetime.timedelta(days=days))
            return _t(f"hết hạn (ngày {until}) {flag}", f"expired (on {until}) {flag}")
        return _t(f"không ghi ngày hết hạn nên chưa được tính là còn hiệu lực {flag}",
                  f"has no expiry date, so it does not count as valid {flag}")
    if field == "accepted":
        if g is None:
            return _t(f"không được chấp nhận vì mặt hàng chưa phân loại {flag}",
                      f"not accepted because the item is unclassified {flag}")
        if value:
            return _t(f"được chấp nhận cho nhóm {g} {flag}", f"accepted for group {g} {flag}")
        return _t(f"không thuộc danh sách nhãn được chấp nhận của nhóm {g} {flag}",
                  f"not on the list of labels accepted for group {g} {flag}")
    if field == "recognised":
        if value:
            return _t(f"được công nhận trong mua sắm công {flag}", f"recognised for public procurement {flag}")
        return _t(f"chưa được công nhận (tự công bố hoặc chưa chính thức) {flag}",
                  f"not recognised (self-declared or not official) {flag}")
    if field == "expiry_known":
        if value:
            return _t(f"đã biết ngày hết hạn {flag}", f"expiry date known {flag}")
        return _t(f"không ghi ngày hết hạn {flag}", f"no expiry date given {flag}")
    return None


def _subject(tr: Trace, ctx: _Ctx) -> Text:
    """How the value read is named: ``attributes.x = 20``, or, inside a label, ``hạng 3``."""
    cond = tr.cond
    assert isinstance(cond, (ir.Compare, ir.Exists, ir.Match))
    name = cond.field.name
    v = _val(tr.actual)
    if cond.field.scope == "label":
        if name == "grade":
            return _t(f"{_GRADE.vi} {v.vi}", f"{_GRADE.en} {v.en}")
        if name == "scheme":
            return _t(f"(scheme = {v.vi})", f"(scheme = {v.en})")
        return _t(f"có {name} = {v.vi}", f"has {name} = {v.en}")
    if cond.field.type == ir.TEXT and name in ("description",):
        return _t(f'{name} "{v.vi}"', f'{name} "{v.en}"')
    return _t(f"{name} = {v.vi}", f"{name} = {v.en}")


def _days_note(tr: Trace) -> Text:
    cond = tr.cond
    if isinstance(cond, ir.Compare) and cond.field.name == "days_to_expiry" and isinstance(tr.actual, int):
        d = tr.actual
        if d < 0:
            return _t(f" (đã hết hạn {-d} ngày)", f" (expired {-d} days ago)")
        return _t(f" (còn {d} ngày)", f" ({d} days left)")
    return _t("", "")


def _absent_field(tr: Trace) -> Text:
    cond = tr.cond
    assert isinstance(cond, (ir.Compare, ir.Exists, ir.Match))
    name = cond.field.name
    if cond.field.scope == "label":
        return _t(f"không ghi {name} ({ABSENT_NOTE.vi})", f"has no {name} ({ABSENT_NOTE.en})")
    return _t(f"không có giá trị {name} ({ABSENT_NOTE.vi})", f"no value for {name} ({ABSENT_NOTE.en})")


def _compare_text(tr: Trace, ctx: _Ctx, holds: bool) -> Text:
    """Why a comparison holds (``holds``) or fails, naming the actual value."""
    cond = tr.cond
    assert isinstance(cond, ir.Compare)
    if tr.absent:
        return _absent_field(tr)
    if tr.param_absent:
        return _absent_param(tr, ctx)
    op = cond.op
    if cond.field.type == ir.BOOLEAN and cond.field.scope == "label":
        state = _label_state(cond.field.name, tr.actual, ctx.label(tr.label), ctx)
        if state is not None:
            return state
    if cond.field.type == ir.LIST:
        return _list_text(tr, holds)
    subj = _subject(tr, ctx)
    right = _operand(tr, op, ctx)
    if cond.field.scope == "label" and cond.field.name == "scheme":
        return _scheme_text(op, right, holds, subj)
    if op in ORDER:
        sym = _POS[op] if holds else _NEG[op]
        note = _days_note(tr)
        return _t(f"{subj.vi} {sym} {right.vi}{note.vi}", f"{subj.en} {sym} {right.en}{note.en}")
    if op == "eq":
        if holds:
            return subj
        return _t(f"{subj.vi}, không phải {right.vi}", f"{subj.en}, not {right.en}")
    if op == "ne":
        if holds:
            return _t(f"{subj.vi} ≠ {right.vi}", f"{subj.en} ≠ {right.en}")
        return _t(f"{subj.vi} (quy tắc cần khác {right.vi})", f"{subj.en} (the rule needs anything but {right.en})")
    if op == "in":
        if holds:
            return _t(f"{subj.vi}, thuộc {right.vi}", f"{subj.en}, one of {right.en}")
        return _t(f"{subj.vi}, không thuộc {right.vi}", f"{subj.en}, not one of {right.en}")
    if holds:  # not_in
        return _t(f"{subj.vi}, không thuộc danh sách loại trừ {right.vi}",
                  f"{subj.en}, not in the excluded list {right.en}")
    return _t(f"{subj.vi}, thuộc danh sách loại trừ {right.vi}", f"{subj.en}, in the excluded list {right.en}")


def _scheme_text(op: str, right: Text, holds: bool, subj: Text) -> Text:
    """``scheme`` inside a label line, which already names the scheme: ``không phải vn-ecolabel``."""
    if op == "eq":
        return subj if holds else _t(f"không phải {right.vi}", f"is not {right.en}")
    if op == "ne":
        return _t(f"khác {right.vi}", f"is not {right.en}") if holds else \
            _t(f"(quy tắc cần nhãn khác {right.vi})", f"(the rule needs a label other than {right.en})")
    inside = (op == "in") == holds
    return _t(f"thuộc {right.vi}", f"is one of {right.en}") if inside else \
        _t(f"không thuộc {right.vi}", f"is not one of {right.en}")


def _list_text(tr: Trace, holds: bool) -> Text:
    cond = tr.cond
    assert isinstance(cond, ir.Compare)
    members = _val(tr.actual)
    right = _val(tr.right)
    name = cond.field.name
    if cond.op == "eq":
        return (_t(f"{name} {members.vi} có {right.vi}", f"{name} {members.en} include {right.en}") if holds
                else _t(f"{name} {members.vi} không có {right.vi}", f"{name} {members.en} do not include {right.en}"))
    if cond.op == "ne":
        return (_t(f"{name} {members.vi} không có {right.vi}", f"{name} {members.en} do not include {right.en}")
                if holds else _t(f"{name} {members.vi} có {right.vi}", f"{name} {members.en} include {right.en}"))
    overlap = [m for m in tr.actual if m in tr.right]
    ov = _val(overlap)
    none_of = _t(f"{name} {members.vi} không có giá trị nào thuộc {right.vi}",
                 f"{name} {members.en} include none of {right.en}")
    if cond.op == "in":
        return _t(f"{name} {members.vi} có {ov.vi} thuộc {right.vi}",
                  f"{name} {members.en} include {ov.en} of {right.en}") if holds else none_of
    return none_of if holds else _t(f"{name} {members.vi} có {ov.vi} thuộc danh sách loại trừ {right.vi}",
                                    f"{name} {members.en} include {ov.en}, in the excluded list {right.en}")


def _exists_text(tr: Trace) -> Text:
    cond = tr.cond
    assert isinstance(cond, ir.Exists)
    name = cond.field.name
    if tr.absent:
        if cond.field.scope == "label":
            return _t(f"không ghi {name}", f"has no {name}")
        return _t(f"không có giá trị {name}", f"no value for {name}")
    v = _val(tr.actual)
    if cond.field.scope == "label":
        return _t(f"có ghi {name} = {v.vi}", f"has {name} = {v.en}")
    return _t(f"có giá trị {name} = {v.vi}", f"{name} is given: {v.en}")


def _match_text(tr: Trace) -> Text:
    cond = tr.cond
    assert isinstance(cond, ir.Match)
    if tr.absent:
        return _absent_field(tr)
    if tr.ok:
        return _t(f'{cond.field.name} "{tr.actual}" chứa cụm từ "{tr.matched}"',
                  f'{cond.field.name} "{tr.actual}" contains "{tr.matched}"')
    return _t(f'{cond.field.name} "{tr.actual}" không chứa cụm từ nào trong "{cond.pattern}"',
              f'{cond.field.name} "{tr.actual}" contains none of "{cond.pattern}"')


def _label_line(tr: Trace, ctx: _Ctx) -> Text:
    """One label claim and why the quantifier's condition holds or fails on it, in one line:
    ``nhãn vn-ecolabel hết hạn (ngày 31/12/2024) (valid = false)``."""
    name = ctx.label_name(tr.label)
    pred = _label_pred(tr, ctx)
    return _t(f"{name.vi} {pred.vi}", f"{name.en} {pred.en}")


def _label_pred(tr: Trace, ctx: _Ctx) -> Text:
    """What decides ``tr`` on one label, as a predicate of the label (flat, one line)."""
    cond = tr.cond
    if isinstance(cond, ir.All):
        parts = tr.children if tr.ok else tuple(c for c in tr.children if not c.ok)
        if tr.ok:   # the line already names the scheme: "nhãn vn-energy (scheme = vn-energy)" says nothing
            parts = tuple(c for c in parts if not _is_scheme_eq(c)) or parts
        return _join([_label_pred(c, ctx) for c in parts], ", ")
    if isinstance(cond, ir.Any):
        if tr.ok:
            return _label_pred(next(c for c in tr.children if c.ok), ctx)
        alts = _join([_label_pred(c, ctx) for c in tr.children], " | ")
        return _t(f"không thỏa phương án nào ({alts.vi})", f"meets no alternative ({alts.en})")
    if isinstance(cond, ir.Not):
        inner = _label_pred(tr.children[0], ctx)
        if tr.ok:
            return inner
        return _t(f"lại thỏa điều kiện bị phủ định (not): {inner.vi}", f"meets the negated condition (not): {inner.en}")
    if isinstance(cond, (ir.Compare, ir.Exists, ir.Match)):
        return why(tr, ctx).text
    return _flatten(why(tr, ctx))


def _is_scheme_eq(tr: Trace) -> bool:
    c = tr.cond
    return isinstance(c, ir.Compare) and c.field.scope == "label" and c.field.name == "scheme" and c.op == "eq"


def _flatten(r: Reason) -> Text:
    if not r.children:
        return r.text
    inner = _join([_flatten(c) for c in r.children], "; ")
    return _t(f"{r.text.vi} ({inner.vi})", f"{r.text.en} ({inner.en})")


def _cond_text(cond: ir.Cond) -> str:
    if isinstance(cond, ir.All):
        return ", ".join(ir.render(p) for p in cond.parts)
    return ir.render(cond)


def why(tr: Trace, ctx: _Ctx) -> Reason:
    """Why the traced node has its truth value (``tr.ok``), in words, naming the actual values.

    For a node that is false: the failed sub-conditions (every failed part of an ``all``, every
    alternative of an ``any``, every label of an ``any_label``, the violating label of a
    ``no_label``); for a node that is true: what made it true."""
    cond = tr.cond
    holds = tr.ok
    if isinstance(cond, ir.Compare):
        return Reason(_compare_text(tr, ctx, holds))
    if isinstance(cond, ir.Exists):
        text = _exists_text(tr)
        if not holds:
            want = _t("quy tắc cần có (exists: true)", "the rule needs it (exists: true)") if cond.present \
                else _t("quy tắc cần không có (exists: false)", "the rule needs it absent (exists: false)")
            text = _t(f"{text.vi} — {want.vi}", f"{text.en} — {want.en}")
        return Reason(text)
    if isinstance(cond, ir.Match):
        return Reason(_match_text(tr))
    if isinstance(cond, ir.All):
        parts = [c for c in tr.children if c.ok == holds] if not holds else list(tr.children)
        if len(parts) == 1:
            return why(parts[0], ctx)
        if holds:
            return Reason(_t("thỏa mọi điều kiện (all):", "every condition holds (all):"),
                          tuple(why(c, ctx) for c in parts))
        return Reason(_t("chưa thỏa:", "not satisfied:"), tuple(why(c, ctx) for c in parts))
    if isinstance(cond, ir.Any):
        if holds:
            first = next(c for c in tr.children if c.ok)
            r = why(first, ctx)
            return Reason(_t(f"thỏa phương án: {r.text.vi}", f"an alternative holds: {r.text.en}"), r.children)
        return Reason(_t("không phương án nào thỏa (any):", "no alternative holds (any):"),
                      tuple(why(c, ctx) for c in tr.children))
    if isinstance(cond, ir.Not):
        child = tr.children[0]
        if holds:
            return why(child, ctx)
        if isinstance(child.cond, ir.Any):   # name the alternative that made the negated part true
            child = next(c for c in child.children if c.ok)
        flat = _flatten(why(child, ctx))
        return Reason(_t(f"điều kiện bị phủ định (not) lại đúng: {flat.vi}",
                         f"the negated condition (not) holds: {flat.en}"))
    labels = tr.children
    if isinstance(cond, ir.AnyLabel):
        if not labels:
            return Reason(_t("mặt hàng không kê khai nhãn nào", "the item claims no label"))
        if holds:
            lines = _join([_label_line(c, ctx) for c in labels if c.ok])
            return Reason(_t(f"có nhãn thỏa: {lines.vi}", f"a label satisfies it: {lines.en}"))
        lines = _join([_label_line(c, ctx) for c in labels])
        return Reason(_t(f"không nhãn nào thỏa: [{lines.vi}]", f"no label satisfies it: [{lines.en}]"))
    # NoLabel
    text = _cond_text(cond.cond)
    if holds:
        if not labels:
            return Reason(_t("mặt hàng không kê khai nhãn nào", "the item claims no label"))
        return Reason(_t(f"không nhãn nào có {text}", f"no label has {text}"))
    lines = _join([_label_line(c, ctx) for c in labels if c.ok])
    return Reason(_t(f"có nhãn vi phạm (no_label: {text}): [{lines.vi}]",
                     f"a label violates it (no_label: {text}): [{lines.en}]"))


# -- applicability -------------------------------------------------------------------------------------

def rule_applicability(rule: Rule, group: ProductGroup | None, on: datetime.date) -> tuple[Text, ...]:
    """Why ``rule`` does not apply to an item of ``group`` on day ``on`` (empty: it applies)."""
    out = []
    if rule.effective_from is not None and on < rule.effective_from:
        d = fmt_date(rule.effective_from)
        out.append(_t(f"chưa có hiệu lực (từ {d})", f"not yet in effect (from {d})"))
    if rule.effective_to is not None and on > rule.effective_to:
        d = fmt_date(rule.effective_to)
        out.append(_t(f"hết hiệu lực (đến {d})", f"no longer in effect (until {d})"))
    if not rule.applies_to.matches(group):
        scope = _scope_text(rule)
        if group is None:
            out.append(_t(f"không áp dụng: mặt hàng chưa phân loại, quy tắc chỉ áp dụng cho nhóm/nhãn ({scope})",
                          f"does not apply: the item is unclassified and the rule applies only to ({scope})"))
        else:
            out.append(_t(f"không áp dụng: nhóm {group.id} không thuộc nhóm/nhãn của quy tắc ({scope})",
                          f"does not apply: group {group.id} is not among the rule's groups/tags ({scope})"))
    return tuple(out)


def _scope_text(rule: Rule) -> str:
    parts = []
    if rule.applies_to.groups:
        parts.append("groups: " + ", ".join(sorted(rule.applies_to.groups)))
    if rule.applies_to.tags:
        parts.append("tags: " + ", ".join(sorted(rule.applies_to.tags)))
    return "; ".join(parts) or "all"


# -- the explanation -------------------------------------------------------------------------------------

@attrs.frozen
class RuleExplanation:
    """One rule for one item: applicability, outcome, and the reasons."""

    rule: Rule
    applies: bool
    not_applicable: tuple[Text, ...] = ()
    outcome: str | None = None          # "met" | "not_met" when it applies
    points: int = 0                      # points earned
    max_points: int = 0                  # points the rule can earn (0 for warning/info)
    trace: Trace | None = None
    reason: Reason | None = None         # why met / not met
    message: Text | None = None          # the rule's message for this outcome (placeholders filled)
    disagrees: bool = False              # the trace and the engine disagree (a bug to report)

    @property
    def met(self) -> bool:
        """The rule applies and is met."""
        return self.outcome == "met"

    def to_dict(self, lang: str = "vi") -> dict[str, Any]:
        """JSON-ready form with texts in ``lang``."""
        out: dict[str, Any] = {
            "rule_id": self.rule.id, "title": self.rule.title.get(lang), "severity": self.rule.severity,
            "applies": self.applies,
        }
        if not self.applies:
            out["not_applicable"] = [t.get(lang) for t in self.not_applicable]
            return out
        out.update({"outcome": self.outcome, "points": self.points, "max_points": self.max_points,
                    "reason": self.reason.to_dict(lang) if self.reason else None,
                    "message": self.message.get(lang) if self.message else None,
                    "trace": self.trace.to_dict() if self.trace else None})
        if self.disagrees:
            out["disagrees"] = True
        return out


@attrs.frozen
class Explanation:
    """Why an item scored as it did: classification, enriched values, every rule, score, status."""

    item: LineItem
    on: datetime.date
    lang: str
    enriched: EnrichedItem
    result: ItemResult
    rules: tuple[RuleExplanation, ...]
    threshold: int | Decimal
    entity: str | None = None
    funding: str | None = None

    @property
    def classification(self) -> Classification:
        """The group the engine found and how (explicit id, code, keyword) or why none."""
        return self.enriched.classification

    @property
    def group(self) -> ProductGroup | None:
        """The item's product group (None: unclassified)."""
        return self.enriched.group

    @property
    def status(self) -> str:
        """The engine's status of the item (green, partial, not_green, not_prioritised)."""
        return self.result.status

    def rule(self, rule_id: str) -> RuleExplanation:
        """The explanation of one rule, by id (KeyError if the rule set has no such rule)."""
        for r in self.rules:
            if r.rule.id == rule_id:
                return r
        raise KeyError(rule_id)

    # -- sections as texts --
    def classification_text(self) -> Text:
        """How the item was classified (or why it was not)."""
        return _classification_text(self.enriched, self.item)

    def score_text(self) -> Text:
        """The score arithmetic: ``60 + 0 = 60 / 100 điểm = 60,00; ngưỡng xanh 70``."""
        scored = [r for r in self.rules if r.applies and r.max_points > 0]
        thr = self.threshold
        thr_vi, thr_en = format_number(thr, "vi"), format_number(thr, "en")
        if not scored:
            return _t(f"không quy tắc tính điểm nào áp dụng: điểm để trống (null); ngưỡng xanh {thr_vi}",
                      f"no scored rule applies: the score is empty (null); green threshold {thr_en}")
        earned = sum(r.points for r in scored)
        possible = sum(r.max_points for r in scored)
        score = Decimal(100 * earned) / Decimal(possible)
        terms = " + ".join(str(r.points) for r in scored)
        detail = ", ".join(f"{r.rule.id} {r.points}/{r.max_points}" for r in scored)
        return _t(f"{terms} = {earned} / {possible} điểm = {_score_text(score, 'vi')}; ngưỡng xanh {thr_vi} "
                  f"({detail})",
                  f"{terms} = {earned} / {possible} points = {_score_text(score, 'en')}; green threshold "
                  f"{thr_en} ({detail})")

    def status_text(self) -> Text:
        """The status and the reason for it: ``một phần: chưa đạt yêu cầu GPP-LABEL-01``."""
        return _status_text(self)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready explanation (texts in the explanation's language)."""
        lang = self.lang
        cls = self.classification
        g = self.group
        return {
            "item": self.item.to_dict(),
            "evaluated_on": self.on.isoformat(),
            "lang": lang,
            "classification": {**cls.to_dict(), "group_name": g.name.get(lang) if g else None,
                               "priority": bool(g and g.priority),
                               "text": self.classification_text().get(lang)},
            "facts": _facts_dict(self.enriched),
            "rules": [r.to_dict(lang) for r in self.rules],
            "score": {"earned": sum(r.points for r in self.rules if r.applies),
                      "possible": sum(r.max_points for r in self.rules if r.applies),
                      "score": self.result.score, "green_min_score": _json(self.threshold),
                      "text": self.score_text().get(lang)},
            "status": {"status": self.result.status, "text": self.status_text().get(lang)},
            "disagreements": [r.rule.id for r in self.rules if r.disagrees],
        }


def _facts_dict(enriched: EnrichedItem) -> dict[str, Any]:
    fact = enriched.fact
    out = {k: v for k, v in fact.items() if k not in ("labels", "attributes", "param", "folded")}
    out["labels"] = [dict(x) for x in fact.get("labels", ())]
    out["attributes"] = dict(fact.get("attributes", {}))
    out["param"] = dict(fact.get("param", {}))
    return out


_REASON_EXCLUDED = re.compile(r"excluded by '(.*)'")
_REASON_AMBIGUOUS = re.compile(r"ambiguous: (.*)")
_REASON_GROUP_EXCLUDED = re.compile(r"excluded by the exclude keywords of (.*)")


def _classification_text(enriched: EnrichedItem, item: LineItem) -> Text:
    cls = enriched.classification
    g = cls.group
    if g is not None:
        name = _t(f"{g.id} ({g.name.vi})", f"{g.id} ({g.name.en})")
        if cls.by == "product_group":
            how = _t("theo product_group khai báo trong mục hàng", "from the product_group given on the item")
        elif cls.by == "code":
            ev = cls.evidence or ""
            system, _, code = ev.partition(":")
            how = _t(f"theo mã {system.upper()} {code} (mã mục hàng {item.code})",
                     f"by {system.upper()} code {code} (item code {item.code})")
        else:
            how = _t(f'theo từ khóa "{cls.evidence}" trong mô tả',
                     f'by the keyword "{cls.evidence}" in the description')
        prio = _t("thuộc danh mục ưu tiên", "on the priority list") if g.priority else \
            _t("không thuộc danh mục ưu tiên: mặt hàng sẽ có trạng thái not_prioritised",
               "not on the priority list: the item gets status not_prioritised")
        return _t(f"{name.vi}, {how.vi}; {prio.vi}", f"{name.en}, {how.en}; {prio.en}")
    reason = cls.reason or ""
    code_note = _t("", "")
    if item.code:
        code_note = _t(f"mã {item.code} không khớp mã của nhóm nào; ", f"code {item.code} matches no group's code; ")
    if m := _REASON_GROUP_EXCLUDED.fullmatch(reason):
        why_ = _t(f"mô tả khớp từ khóa của nhóm {m.group(1)} nhưng cũng có từ khóa loại trừ của nhóm đó "
                  "(exclude_keywords)",
                  f"the description matches a keyword of {m.group(1)} but also one of that group's "
                  "exclude_keywords")
    elif m := _REASON_EXCLUDED.fullmatch(reason):
        why_ = _t(f'mô tả có từ khóa loại trừ "{m.group(1)}" (sửa chữa, linh kiện, dịch vụ đi kèm... '
                  "không phải là mua chính sản phẩm)",
                  f'the description has the exclusion keyword "{m.group(1)}" (repairs, parts, related '
                  "services... are not a purchase of the product itself)")
    elif m := _REASON_AMBIGUOUS.fullmatch(reason):
        why_ = _t(f"mô tả khớp từ khóa dài như nhau của nhiều nhóm ({m.group(1)}), không thể chọn một nhóm",
                  f"the description matches equally long keywords of several groups ({m.group(1)}), so no "
                  "group is chosen")
    else:
        why_ = _t("mô tả không khớp từ khóa của nhóm nào", "the description matches no group's keyword")
    return _t(f"chưa phân loại: {code_note.vi}{why_.vi}. Quy tắc theo nhóm hàng ưu tiên không áp dụng, "
              "mặt hàng có trạng thái not_prioritised. Nếu đây là hàng cần chấm, hãy ghi product_group hoặc mã "
              "HS cho mục hàng, hoặc bổ sung từ khóa cho nhóm phù hợp trong catalog/products.yaml",
              f"unclassified: {code_note.en}{why_.en}. No rule for priority product groups applies and the "
              "item gets status not_prioritised. If it should be scored, give the item a product_group or an "
              "HS code, or add a keyword to the right group in catalog/products.yaml")


def _status_text(ex: Explanation) -> Text:
    status = ex.result.status
    name = STATUS_TEXT.get(status, _t(status, status))
    head = _t(f"{name.vi} ({status})", name.en if name.en == status else f"{name.en} ({status})")
    g = ex.group
    if status == "not_prioritised":
        why_ = _t("mặt hàng chưa phân loại", "the item is unclassified") if g is None else \
            _t(f"nhóm {g.id} không thuộc danh mục ưu tiên", f"group {g.id} is not on the priority list")
        return _t(f"{head.vi}: {why_.vi}", f"{head.en}: {why_.en}")
    unmet = [r.rule.id for r in ex.rules if r.applies and r.rule.severity == "requirement" and not r.met]
    score = ex.result.score_exact
    thr = ex.threshold
    reasons: list[Text] = []
    if unmet:
        ids = ", ".join(unmet)
        reasons.append(_t(f"chưa đạt yêu cầu {ids}", f"requirement {ids} not met"))
    if score is None:
        reasons.append(_t("không có quy tắc tính điểm nào áp dụng", "no scored rule applies"))
    elif status == "green":
        reasons.append(_t(f"đạt mọi yêu cầu bắt buộc và điểm {_score_text(score, 'vi')} ≥ ngưỡng xanh "
                          f"{format_number(thr, 'vi')}",
                          f"every requirement met and score {_score_text(score, 'en')} ≥ green threshold "
                          f"{format_number(thr, 'en')}"))
    elif score < thr:
        reasons.append(_t(f"điểm {_score_text(score, 'vi')} < ngưỡng xanh {format_number(thr, 'vi')}",
                          f"score {_score_text(score, 'en')} < green threshold {format_number(thr, 'en')}"))
    if status == "not_green" and score is not None:
        reasons.append(_t("không đạt điểm nào", "no points earned"))
    r = _join(reasons)
    return _t(f"{head.vi}: {r.vi}", f"{head.en}: {r.en}")


def explain_item(engine: Engine, request: PurchaseRequest | Mapping[str, Any], index: int,
                 on: datetime.date, lang: str = "vi") -> Explanation:
    """Explain the ``index``-th item of ``request`` on day ``on``.

    Raises :class:`~green_procurement.InputError` for a bad request (as :meth:`Engine.evaluate`)."""
    req = request if isinstance(request, PurchaseRequest) else PurchaseRequest.from_dict(request)
    if not 0 <= index < len(req.items):
        raise InputError(f"the request has no item number {index} (it has {len(req.items)})",
                         path=f"items[{index}]", code="bad-input",
                         hint=f"use an index from 0 to {len(req.items) - 1}")
    enriched = engine.enrich(req, index, on)
    return _explain(engine, enriched, on, _lang(lang), req.entity, req.funding)


def explain_line(engine: Engine, item: LineItem | Mapping[str, Any], on: datetime.date,
                 entity: str | None = None, funding: str | None = None, lang: str = "vi") -> Explanation:
    """Explain one line item outside a request; ``entity``/``funding`` as its request's."""
    li = item if isinstance(item, LineItem) else LineItem.from_dict(item, "item")
    req = PurchaseRequest(id="explain", items=(li,), entity=entity, funding=funding)
    enriched = engine.enrich(req, 0, on, path="item")
    return _explain(engine, enriched, on, _lang(lang), req.entity, req.funding)


def _lang(lang: str) -> str:
    if lang not in ("vi", "en"):
        raise GppError(f"unknown language '{lang}'", code="bad-lang", hint="use vi or en")
    return lang


def _explain(engine: Engine, enriched: EnrichedItem, on: datetime.date, lang: str,
             entity: str | None, funding: str | None) -> Explanation:
    met = engine.met(enriched, on)
    result = engine.score(enriched, met, on)
    findings = {f.rule_id: f for f in result.findings}
    ctx = _Ctx(enriched.fact, enriched.group, on)
    out = []
    for rule in engine.ruleset.rules:
        if not rule.applies(enriched.group, on):
            out.append(RuleExplanation(rule, False, rule_applicability(rule, enriched.group, on)))
            continue
        tr = trace(rule.when, enriched.fact)
        finding = findings.get(rule.id)
        ok = rule.id in met
        max_pts = rule.points if rule.severity in SCORED else 0
        out.append(RuleExplanation(rule, True, (), "met" if ok else "not_met", max_pts if ok else 0, max_pts,
                                   tr, why(tr, ctx), finding.message if finding else None, tr.ok != ok))
    return Explanation(enriched.item, on, lang, enriched, result, tuple(out),
                       engine.ruleset.scoring.green_min_score, entity, funding)


# -- text rendering ----------------------------------------------------------------------------------------

def _label_claim_text(i: int, lab: Mapping[str, Any], ex: Explanation) -> Text:
    claim = ex.item.labels[i] if i < len(ex.item.labels) else None
    scheme = ex.enriched.fact["labels"][i]["scheme"]
    parts_vi, parts_en = [scheme], [scheme]
    grade = lab.get("grade", lab.get("grade_text"))
    if grade is not None:
        parts_vi.append(f"hạng {grade}")
        parts_en.append(f"grade {grade}")
    if claim is not None and claim.certificate:
        parts_vi.append(f"số {claim.certificate}")
        parts_en.append(f"no. {claim.certificate}")
    if claim is not None and claim.valid_until is not None:
        d = lab.get("days_to_expiry")
        parts_vi.append(f"hạn đến {fmt_date(claim.valid_until)} (days_to_expiry = {d})")
        parts_en.append(f"valid until {fmt_date(claim.valid_until)} (days_to_expiry = {d})")
    ctx = _Ctx(ex.enriched.fact, ex.group, ex.on)
    states = [_label_state(f, lab.get(f), lab, ctx) for f in ("valid", "accepted", "recognised")]
    st = _join([s for s in states if s is not None], ", ")
    kind = lab.get("kind")
    return _t(f"{' '.join(parts_vi)} [kind {kind}]: {st.vi}", f"{' '.join(parts_en)} [kind {kind}]: {st.en}")


def render_text(explanation: Explanation, lang: str | None = None) -> str:
    """The explanation as text for a policy officer (``lang``: vi or en; default the explanation's)."""
    ex = explanation
    lang = _lang(lang or ex.lang)
    vi = lang == "vi"
    item = ex.item
    fact = ex.enriched.fact
    lines: list[str] = []
    qty = format_number(item.quantity, lang)
    price = format_number(item.unit_price, lang)
    value = format_number(ex.enriched.value, lang)
    unit = f" {item.unit}" if item.unit else ""
    lines.append((f"Mặt hàng {item.id}: {item.description} — {qty}{unit} × {price} = {value} đồng "
                  f"(ngày đánh giá {fmt_date(ex.on)})") if vi else
                 (f"Item {item.id}: {item.description} — {qty}{unit} × {price} = {value} VND "
                  f"(evaluated on {fmt_date(ex.on)})"))
    lines.append(("Phân loại: " if vi else "Classification: ") + ex.classification_text().get(lang))
    lines.append("Dữ liệu dùng để chấm:" if vi else "Values the rules read:")
    labels = fact.get("labels", ())
    if labels:
        lines.append("  Nhãn:" if vi else "  Labels:")
        for i, lab in enumerate(labels):
            lines.append(f"    {i + 1}. " + _label_claim_text(i, lab, ex).get(lang))
    else:
        lines.append("  Nhãn: không kê khai" if vi else "  Labels: none claimed")
    attrs_ = fact.get("attributes", {})
    if attrs_:
        lines.append(("  Thuộc tính: " if vi else "  Attributes: ")
                     + ", ".join(f"{k} = {fmt_value(v, lang)}" for k, v in attrs_.items()))
    else:
        lines.append("  Thuộc tính: không có" if vi else "  Attributes: none")
    params = fact.get("param", {})
    if params:
        lines.append(("  Tham số của nhóm: " if vi else "  Group parameters: ")
                     + ", ".join(f"{k} = {fmt_value(v, lang)}" for k, v in params.items()))
    other = [f"{k} = {fmt_value(fact[k], lang)}" for k in ("tags", "code", "entity", "funding") if k in fact]
    if other:
        lines.append(("  Khác: " if vi else "  Other: ") + ", ".join(other))
    n_app = sum(r.applies for r in ex.rules)
    lines.append(f"Quy tắc ({len(ex.rules)}, áp dụng {n_app}):" if vi else
                 f"Rules ({len(ex.rules)}, {n_app} apply):")
    for r in ex.rules:
        sev = SEVERITY_TEXT[r.rule.severity].get(lang)
        pts = (f", {r.rule.points} điểm" if vi else f", {r.rule.points} points") \
            if r.rule.severity in SCORED and r.rule.points else ""
        head = f"{r.rule.id} [{sev}{pts}] {r.rule.title.get(lang)}"
        if not r.applies:
            lines.append(f"  – {head}: " + "; ".join(t.get(lang) for t in r.not_applicable))
            continue
        if r.met:
            got = (f"ĐẠT (+{r.points})" if vi else f"MET (+{r.points})") if r.max_points else ("ĐẠT" if vi else "MET")
            lines.append(f"  ✓ {head}: {got}")
        else:
            got = (f"CHƯA ĐẠT (0/{r.max_points})" if vi else f"NOT MET (0/{r.max_points})") if r.max_points \
                else ("CHƯA ĐẠT" if vi else "NOT MET")
            lines.append(f"  ✗ {head}: {got}")
        if r.reason is not None:
            label = ("vì: " if vi else "because: ") if r.met else ("lý do: " if vi else "why: ")
            sub = r.reason.lines(lang, 3)
            sub[0] = "      " + label + sub[0].lstrip()
            lines += sub
        if r.message is not None and not r.met:
            lines.append(("      Thông báo: " if vi else "      Message: ") + r.message.get(lang))
        if r.disagrees:
            lines.append("      CẢNH BÁO: bộ máy và phần giải thích cho kết quả khác nhau; hãy báo lỗi này"
                         if vi else "      WARNING: the engine and the explanation disagree; please report it")
    lines.append(("Điểm: " if vi else "Score: ") + ex.score_text().get(lang))
    lines.append(("Trạng thái: " if vi else "Status: ") + ex.status_text().get(lang))
    return "\n".join(lines)
