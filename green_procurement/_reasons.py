"""Reasons in words: how ``explain`` renders the recording interpreter's trace.

:func:`why` says why a traced condition holds or fails, naming the values read — ``nhãn vn-energy hạng 3
< mức tối thiểu 4 của nhóm air-conditioner`` — in Vietnamese and English from the message catalogue
(``explain.*`` ids; each operator of the rule language is worded by ``explain.op.<name>.holds`` /
``.fails``).  The trace itself comes from :mod:`green_procurement.lang.interp`; nothing here evaluates a
condition.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from ._messages import Msg, msg
from ._templates import format_number
from .catalog import ProductGroup
from .lang import ir
from .lang.fields import BOOLEAN, LABEL, LIST, TEXT
from .lang.interp import Trace
from .lang.ops import MEMBER, OPERATORS, PHRASES, PRESENCE
from .rules import Rule

__all__ = ["Context", "Reason", "fmt_date", "fmt_value", "rule_applicability", "text_of", "why"]


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


def text_of(v: Any) -> Msg:
    """A value in both languages (numbers grouped the Vietnamese or the English way)."""
    return Msg(fmt_value(v, "en"), fmt_value(v, "vi"))


def join(texts: Sequence[Msg], sep: str = "; ") -> Msg:
    """Texts joined in each language."""
    return Msg(sep.join(t.en for t in texts), sep.join(t.vi for t in texts))


@attrs.frozen
class Reason:
    """One line of an explanation, with sub-lines (the alternatives of an ``any``...)."""

    text: Msg
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


@attrs.frozen
class Context:
    """What the reason texts need besides the trace: the fact, the group and the day."""

    fact: Mapping[str, Any]
    group: ProductGroup | None
    on: datetime.date

    def label(self, i: int | None) -> Mapping[str, Any]:
        labels = self.fact.get("labels", ())
        return labels[i] if i is not None and i < len(labels) else {}

    def label_name(self, i: int | None) -> Msg:
        lab = self.label(i)
        scheme = str(lab.get("scheme", "?"))
        same = [x for x in self.fact.get("labels", ()) if x.get("scheme") == scheme]
        if len(same) > 1 and i is not None:
            return msg("explain.label-nth", scheme=scheme, n=i + 1)
        return msg("explain.label", scheme=scheme)

    @property
    def group_id(self) -> str | None:
        return self.group.id if self.group else None


def _test(tr: Trace) -> ir.Test:
    assert isinstance(tr.node, ir.Test)
    return tr.node


def _operand(tr: Trace, ctx: Context) -> Msg:
    node = _test(tr)
    if isinstance(node.operand, ir.Param):
        args = {"value": text_of(tr.operand), "group": ctx.group_id, "name": node.operand.name}
        if node.op in ("gt", "gte"):
            return msg("explain.param-min", **args)
        if node.op in ("lt", "lte"):
            return msg("explain.param-max", **args)
        return msg("explain.param-value", **args)
    assert isinstance(node.operand, ir.Const)
    return text_of(ir.constant(node.operand.value))


def _absent_param(tr: Trace, ctx: Context) -> Msg:
    node = _test(tr)
    assert isinstance(node.operand, ir.Param)
    note = msg("explain.absent-note")
    if ctx.group is None:
        return msg("explain.param-unclassified", name=node.operand.name, note=note)
    return msg("explain.param-missing", group=ctx.group.id, name=node.operand.name, note=note)


def label_state(field: str, value: Any, lab: Mapping[str, Any], ctx: Context) -> Msg | None:
    """The state of a yes/no label field in words (``hết hạn (valid = false)``)."""
    flag = f"({field} = {'true' if value else 'false'})"
    status = lab.get("registry_status", "no_registry")
    if field == "registry_status":
        return msg(f"explain.registry.{value}", flag=f"({field} = {value})") if value != "no_registry" else None
    if field == "verified":
        return msg(f"explain.registry.{status}", flag=flag)
    if field == "valid" and not value and status not in ("verified", "no_registry"):
        return msg("explain.valid.unverified", status=status, flag=flag)
    if field == "valid":
        days = lab.get("days_to_expiry")
        until = fmt_date(ctx.on + datetime.timedelta(days=days)) if isinstance(days, int) else None
        if value:
            return msg("explain.valid.until", until=until, flag=flag) if until else msg("explain.valid.yes", flag=flag)
        return msg("explain.valid.expired", until=until, flag=flag) if until else \
            msg("explain.valid.undated", flag=flag)
    if field == "accepted":
        if ctx.group_id is None:
            return msg("explain.accepted.unclassified", flag=flag)
        return msg("explain.accepted.yes" if value else "explain.accepted.no", group=ctx.group_id, flag=flag)
    if field in ("recognised", "expiry_known"):
        return msg(f"explain.{field}.{'yes' if value else 'no'}", flag=flag)
    return None


def _subject(tr: Trace) -> Msg:
    """How the value read is named: ``attributes.x = 20``, or, inside a label, ``hạng 3``."""
    node = _test(tr)
    name = node.field.name
    v = text_of(tr.value)
    if node.field.scope == LABEL:
        if name == "grade":
            return msg("explain.subject.grade", value=v)
        if name == "scheme":
            return msg("explain.subject.scheme", name=name, value=v)
        return msg("explain.subject.label", name=name, value=v)
    if node.field.type == TEXT and name == "description":
        return msg("explain.subject.text", name=name, value=v)
    return msg("explain.subject.item", name=name, value=v)


def _days_note(tr: Trace) -> Msg | str:
    node = _test(tr)
    if node.field.name == "days_to_expiry" and isinstance(tr.value, int):
        d = tr.value
        return msg("explain.days-expired", days=-d) if d < 0 else msg("explain.days-left", days=d)
    return ""


def _absent_field(tr: Trace) -> Msg:
    node = _test(tr)
    where = "label" if node.field.scope == LABEL else "item"
    return msg(f"explain.absent.{where}", name=node.field.name, note=msg("explain.absent-note"))


def _compare_text(tr: Trace, ctx: Context) -> Msg:
    """Why a comparison holds or fails, naming the actual value."""
    node = _test(tr)
    if tr.absent:
        return _absent_field(tr)
    if tr.param_absent:
        return _absent_param(tr, ctx)
    if node.field.type == BOOLEAN and node.field.scope == LABEL:
        state = label_state(node.field.name, tr.value, ctx.label(tr.label), ctx)
        if state is not None:
            return state
    if node.field.type == LIST:
        return _list_text(tr)
    right = _operand(tr, ctx)
    if node.field.scope == LABEL and node.field.name == "scheme":
        return _scheme_text(node.op, right, tr.holds, _subject(tr))
    return msg(f"explain.op.{node.op}.{'holds' if tr.holds else 'fails'}", subject=_subject(tr), right=right,
               note=_days_note(tr))


def _scheme_text(op: str, right: Msg, holds: bool, subject: Msg) -> Msg:
    """``scheme`` inside a label line, which already names the scheme: ``không phải vn-ecolabel``."""
    if op == "eq":
        return subject if holds else msg("explain.scheme.eq.fails", right=right)
    if op == "ne":
        return msg("explain.scheme.ne.holds" if holds else "explain.scheme.ne.fails", right=right)
    inside = (op == "in") == holds
    return msg("explain.scheme.one-of" if inside else "explain.scheme.none-of", right=right)


def _list_text(tr: Trace) -> Msg:
    node = _test(tr)
    args = {"name": node.field.name, "members": text_of(tr.value), "right": text_of(tr.operand)}
    op = node.operator
    if op.lowering != MEMBER:       # eq / ne: one value
        includes = tr.holds == (op.name == "eq")
        return msg("explain.list.include" if includes else "explain.list.exclude", **args)
    overlap = text_of([m for m in tr.value if m in tr.operand])
    some = tr.holds == (op.name == "in")
    if not some:
        return msg("explain.list.none-of", **args)
    return msg("explain.list.overlap" if op.name == "in" else "explain.list.excluded", overlap=overlap, **args)


def _exists_text(tr: Trace) -> Msg:
    node = _test(tr)
    where = "label" if node.field.scope == LABEL else "item"
    if tr.absent:
        text = msg(f"explain.exists.absent.{where}", name=node.field.name)
    else:
        text = msg(f"explain.exists.present.{where}", name=node.field.name, value=text_of(tr.value))
    assert isinstance(node.operand, ir.Const)
    wanted = msg("explain.exists.wanted" if node.operand.value else "explain.exists.unwanted")
    return msg(f"explain.op.exists.{'holds' if tr.holds else 'fails'}", text=text, wanted=wanted)


def _match_text(tr: Trace) -> Msg:
    node = _test(tr)
    if tr.absent:
        return _absent_field(tr)
    assert isinstance(node.operand, ir.Phrases)
    return msg(f"explain.op.matches.{'holds' if tr.holds else 'fails'}", name=node.field.name, text=tr.value,
               phrase=tr.matched, pattern=node.operand.pattern)


def _atom(tr: Trace, ctx: Context) -> Msg:
    kind = _test(tr).operator.operand
    if kind == PRESENCE:
        return _exists_text(tr)
    if kind == PHRASES:
        return _match_text(tr)
    return _compare_text(tr, ctx)


def _label_line(tr: Trace, ctx: Context) -> Msg:
    """One label claim and why the quantifier's condition holds or fails on it, in one line:
    ``nhãn vn-ecolabel hết hạn (ngày 31/12/2024) (valid = false)``."""
    return msg("explain.label-line", name=ctx.label_name(tr.label), predicate=_label_pred(tr, ctx))


def _is_scheme_eq(tr: Trace) -> bool:
    c = tr.node
    return isinstance(c, ir.Test) and c.field.scope == LABEL and c.field.name == "scheme" and c.op == "eq"


def _label_pred(tr: Trace, ctx: Context) -> Msg:
    """What decides ``tr`` on one label, as a predicate of the label (flat, one line)."""
    node = tr.node
    if isinstance(node, ir.All):
        parts = tr.children if tr.holds else tuple(c for c in tr.children if not c.holds)
        if tr.holds:   # the line already names the scheme: "nhãn vn-energy (scheme = vn-energy)" says nothing
            parts = tuple(c for c in parts if not _is_scheme_eq(c)) or parts
        return join([_label_pred(c, ctx) for c in parts], ", ")
    if isinstance(node, ir.Any):
        if tr.holds:
            return _label_pred(next(c for c in tr.children if c.holds), ctx)
        return msg("explain.no-alternative", alternatives=join([_label_pred(c, ctx) for c in tr.children], " | "))
    if isinstance(node, ir.Not):
        inner = _label_pred(tr.children[0], ctx)
        return inner if tr.holds else msg("explain.negated-label", inner=inner)
    if isinstance(node, ir.Test):
        return _atom(tr, ctx)
    return _flatten(why(tr, ctx))


def _flatten(r: Reason) -> Msg:
    if not r.children:
        return r.text
    return msg("explain.flat", text=r.text, inner=join([_flatten(c) for c in r.children], "; "))


def _cond_text(cond: ir.Cond) -> str:
    if isinstance(cond, ir.All):
        return ", ".join(ir.render(p) for p in cond.parts)
    return ir.render(cond)


def why(tr: Trace, ctx: Context) -> Reason:
    """Why the traced node has its truth value (``tr.holds``), in words, naming the actual values.

    For a node that is false: the failed sub-conditions (every failed part of an ``all``, every
    alternative of an ``any``, every label of an ``any_label``, the violating label of a
    ``no_label``); for a node that is true: what made it true."""
    node = tr.node
    holds = tr.holds
    if isinstance(node, ir.Test):
        return Reason(_atom(tr, ctx))
    if isinstance(node, ir.All):
        parts = [c for c in tr.children if c.holds == holds] if not holds else list(tr.children)
        if len(parts) == 1:
            return why(parts[0], ctx)
        return Reason(msg("explain.all.holds" if holds else "explain.all.fails"), tuple(why(c, ctx) for c in parts))
    if isinstance(node, ir.Any):
        if holds:
            r = why(next(c for c in tr.children if c.holds), ctx)
            return Reason(msg("explain.any.holds", text=r.text), r.children)
        return Reason(msg("explain.any.fails"), tuple(why(c, ctx) for c in tr.children))
    if isinstance(node, ir.Not):
        child = tr.children[0]
        if holds:
            return why(child, ctx)
        if isinstance(child.node, ir.Any):   # name the alternative that made the negated part true
            child = next(c for c in child.children if c.holds)
        return Reason(msg("explain.not.fails", text=_flatten(why(child, ctx))))
    labels = tr.children
    if isinstance(node, ir.AnyLabel):
        if not labels:
            return Reason(msg("explain.no-labels"))
        if holds:
            return Reason(msg("explain.any_label.holds", lines=join([_label_line(c, ctx) for c in labels if c.holds])))
        return Reason(msg("explain.any_label.fails", lines=join([_label_line(c, ctx) for c in labels])))
    assert isinstance(node, ir.NoLabel)
    text = _cond_text(node.cond)
    if holds:
        return Reason(msg("explain.no-labels") if not labels else msg("explain.no_label.holds", cond=text))
    return Reason(msg("explain.no_label.fails", cond=text,
                      lines=join([_label_line(c, ctx) for c in labels if c.holds])))


def rule_applicability(rule: Rule, group: ProductGroup | None, on: datetime.date) -> tuple[Msg, ...]:
    """Why ``rule`` does not apply to an item of ``group`` on day ``on`` (empty: it applies)."""
    out = []
    if rule.effective_from is not None and on < rule.effective_from:
        out.append(msg("explain.not-yet", day=fmt_date(rule.effective_from)))
    if rule.effective_to is not None and on > rule.effective_to:
        out.append(msg("explain.no-longer", day=fmt_date(rule.effective_to)))
    if not rule.applies_to.matches(group):
        scope = _scope_text(rule)
        if group is None:
            out.append(msg("explain.scope.unclassified", scope=scope))
        else:
            out.append(msg("explain.scope.group", group=group.id, scope=scope))
    return tuple(out)


def _scope_text(rule: Rule) -> str:
    parts = []
    if rule.applies_to.groups:
        parts.append("groups: " + ", ".join(sorted(rule.applies_to.groups)))
    if rule.applies_to.tags:
        parts.append("tags: " + ", ".join(sorted(rule.applies_to.tags)))
    if rule.applies_to.unclassified:
        parts.append("unclassified: true")
    return "; ".join(parts) or "all"


#: Operators worded here: every one of the table must have its two messages (tests check the catalogue).
WORDED = tuple(OPERATORS)
