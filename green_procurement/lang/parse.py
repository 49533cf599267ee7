"""Rule conditions: from YAML to the IR, every problem located at file:line:column.

:class:`ConditionChecker` is the part of the rule-file checker (:mod:`green_procurement.rules`) that reads
``when:`` — field names from the fact schema (:mod:`.fields`), operators and their operands from the
operator table (:mod:`.ops`) — and builds :mod:`.ir` nodes.  It never raises on bad input: it records a
problem with a did-you-mean and returns None.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from .._messages import MESSAGES, Msg, join, msg, pattern_error
from .._pattern import PatternError, parse_phrases
from .._schema import Checker
from .._yaml import Document, PathKey
from ..catalog import ISO_TYPES, KINDS, Catalog, ProductGroup
from ..errors import Problem, suggest
from . import ir
from .fields import (
    ATTRIBUTES,
    BOOLEAN,
    GRADE,
    ITEM,
    ITEM_FIELDS,
    LABEL,
    LABEL_FIELDS,
    LIST,
    NUMBER,
    PARAMS,
    TEXT,
    grade_path,
)
from .ops import OPERATORS, PHRASES, PRESENCE, VALUES, Operator, names

__all__ = ["COMBINATORS", "MAX_IN_VALUES", "ConditionChecker"]

COMBINATORS = ("all", "any", "not", "any_label", "no_label")
MAX_IN_VALUES = 200
_ATTR_TYPES = {"boolean": BOOLEAN, "number": NUMBER, "integer": NUMBER, "text": TEXT}
_CHOICE_CODES = {"group": "unknown-group", "tags": "unknown-tag", "scheme": "unknown-label"}


def tname(t: str) -> Msg | str:
    """A field type in words ("a number" / "số")."""
    return msg(f"tname.{t}") if f"tname.{t}" in MESSAGES else t


class ConditionChecker(Checker):
    """Reads the conditions of one rule file against a catalogue.

    ``scope_groups`` are the groups the rule being read applies to (None: unknown), so that a
    ``param.<name>`` that some of them lack is reported where it is used."""

    def __init__(self, doc: Document, catalog: Catalog) -> None:
        super().__init__(doc)
        self.catalog = catalog
        self.attr_ids = tuple(catalog.attributes)
        self.param_names = tuple(sorted(catalog.param_names))
        self.tags = tuple(sorted(catalog.tags))
        self.groups = tuple(catalog.groups)
        self.labels = tuple(catalog.labels)
        self.scope_groups: list[ProductGroup] | None = None

    # -- what rules and bid settings both carry ------------------------------------------------------
    def basis(self, d: dict[str, Any], p: PathKey) -> str | None:
        """``d``'s ``basis`` (the legal citation, required), or None after reporting it missing."""
        if d.get("basis") is None or (isinstance(d["basis"], str) and not d["basis"].strip()):
            self.error(p + ("basis",) if "basis" in d else p, msg("rules.missing-basis"), "missing-basis",
                       hint=msg("rules.missing-basis.hint"))
            return None
        return self.text(d["basis"], p + ("basis",))

    def effective(self, value: Any, p: PathKey) -> tuple[datetime.date | None, datetime.date | None]:
        """An ``effective: {from, to}`` period (either end open; absent: always)."""
        if value is None:
            return None, None
        d = self.mapping(value, p, optional=("from", "to"), what=msg("expect.effective"))
        if d is None:
            return None, None
        start = self.date(d["from"], p + ("from",)) if d.get("from") is not None else None
        end = self.date(d["to"], p + ("to",)) if d.get("to") is not None else None
        if start and end and start > end:
            self.error(p + ("from",), msg("rules.bad-effective", start=start, end=end), "bad-effective",
                       hint=msg("rules.bad-effective.hint"))
        return start, end

    def _line(self, p: PathKey) -> int | None:
        loc = self.doc.loc(p, key=True)
        return loc.line if loc else None

    # -- combinators -----------------------------------------------------------------------------
    def cond(self, value: Any, p: PathKey, scope: str) -> ir.Cond | None:
        if not isinstance(value, dict) or not value:
            self.wrong(value, p, msg("expect.condition") if not isinstance(value, dict)
                       else msg("expect.non-empty-condition"))
            return None
        line = self._line(p)
        parts: list[ir.Cond | None] = []
        for key, sub in value.items():
            kp = p + (key,)
            if key in ("all", "any"):
                parts.append(self._combination(key, sub, kp, scope))
            elif key == "not":
                sub_c = self.cond(sub, kp, scope)
                parts.append(ir.Not(sub_c, self._line(kp)) if sub_c is not None else None)
            elif key in ("any_label", "no_label"):
                parts.append(self._quantifier(key, sub, kp, scope))
            else:
                parts.append(self.field_cond(key, sub, kp, scope))
        if any(x is None for x in parts):
            return None
        done = [x for x in parts if x is not None]
        return done[0] if len(done) == 1 else ir.All(tuple(done), line)

    def _combination(self, key: str, sub: Any, kp: PathKey, scope: str) -> ir.Cond | None:
        lst = self.seq(sub, kp, what=msg("expect.conditions"), allow_empty=False)
        if not lst:
            return None
        subs = [self.cond(x, kp + (i,), scope) for i, x in enumerate(lst)]
        done = [s for s in subs if s is not None]
        if len(done) != len(subs):
            return None
        if len(done) == 1:
            return done[0]
        return ir.All(tuple(done), self._line(kp)) if key == "all" else ir.Any(tuple(done), self._line(kp))

    def _quantifier(self, key: str, sub: Any, kp: PathKey, scope: str) -> ir.Cond | None:
        if scope == LABEL:
            self.error(kp, msg("rules.nested-label", key=key), "nested-label", key=True,
                       hint=msg("rules.nested-label.hint"))
            return None
        sub_c = self.cond(sub, kp, LABEL)
        if sub_c is None:
            return None
        return ir.AnyLabel(sub_c, self._line(kp)) if key == "any_label" else ir.NoLabel(sub_c, self._line(kp))

    # -- fields ------------------------------------------------------------------------------------
    def resolve_field(self, name: str, p: PathKey, scope: str) -> ir.Field | None:
        if scope == LABEL:
            if name in LABEL_FIELDS:
                return ir.Field(name, LABEL_FIELDS[name].type, LABEL, (name,))
            if name in ITEM_FIELDS or name.startswith((ATTRIBUTES + ".", PARAMS + ".")):
                self.error(p, msg("rules.item-field-in-label", name=name), "wrong-scope", key=True,
                           hint=msg("rules.item-field-in-label.hint"))
                return None
            self.error(p, msg("rules.unknown-label-field", name=name), "unknown-field", key=True,
                       hint=suggest(name, list(LABEL_FIELDS) + list(COMBINATORS))
                       or msg("rules.unknown-label-field.hint", names=join(LABEL_FIELDS)))
            return None
        if name in ITEM_FIELDS:
            return ir.Field(name, ITEM_FIELDS[name].type, ITEM, (name,))
        if name.startswith(ATTRIBUTES + "."):
            attr = name[len(ATTRIBUTES) + 1:]
            spec = self.catalog.attributes.get(attr)
            if spec is None:
                self.error(p, msg("rules.unknown-attribute", name=attr), "unknown-field", key=True,
                           hint=suggest(attr, self.attr_ids) or msg("rules.unknown-attribute.hint"))
                return None
            return ir.Field(name, _ATTR_TYPES[spec.type], ITEM, (ATTRIBUTES, attr))
        if name.startswith(PARAMS + "."):
            pname = name[len(PARAMS) + 1:]
            ptype = self.catalog.param_type(pname)
            if ptype is None:
                self.error(p, msg("rules.unknown-param", name=pname), "unknown-param", key=True,
                           hint=suggest(pname, self.param_names) or msg("rules.unknown-param.hint"))
                return None
            self.param_available(pname, p, key=True)
            return ir.Param(pname, ptype).field
        if name in LABEL_FIELDS:
            self.error(p, msg("rules.label-field-outside", name=name), "wrong-scope", key=True,
                       hint=msg("rules.label-field-outside.hint", name=name))
            return None
        self.error(p, msg("rules.unknown-field", name=name), "unknown-field", key=True,
                   hint=suggest(name, list(ITEM_FIELDS) + list(COMBINATORS) + list(names()))
                   or msg("rules.unknown-field.hint", names=join(ITEM_FIELDS)))
        return None

    def param_available(self, pname: str, p: PathKey, *, key: bool = False) -> bool:
        groups = self.scope_groups
        if groups is None:
            return True
        lacking = [g.id for g in groups if pname not in g.params]
        if lacking:
            shown = ", ".join(lacking[:5]) + (" ..." if len(lacking) > 5 else "")
            self.error(p, msg("rules.missing-param", name=pname, groups=shown), "missing-param", key=key,
                       hint=msg("rules.missing-param.hint", name=pname))
            return False
        return True

    def field_cond(self, name: str, value: Any, p: PathKey, scope: str) -> ir.Cond | None:
        if name in OPERATORS:
            self.error(p, msg("rules.operator-first", name=name), "unknown-field", key=True,
                       hint=msg("rules.operator-first.hint", name=name))
            return None
        fld = self.resolve_field(name, p, scope)
        if isinstance(value, dict):
            if not value:
                self.error(p, msg("rules.no-operator", name=name), "empty", hint=msg("rules.no-operator.hint"))
                return None
            ops = value
        elif isinstance(value, list):
            self.error(p, msg("rules.list-compare", name=name), "wrong-type",
                       hint=msg("rules.list-compare.hint", name=name))
            return None
        else:
            ops = {"eq": value}
        if fld is None:
            for op in ops:  # still report unknown operators
                if op not in OPERATORS:
                    self._unknown_operator(op, p + (op,))
            return None
        parts = []
        for op, operand in ops.items():
            op_p = p + (op,) if isinstance(value, dict) else p
            parts.append(self.op_cond(fld, op, operand, op_p, isinstance(value, dict)))
        done = [x for x in parts if x is not None]
        if len(done) != len(parts):
            return None
        return done[0] if len(done) == 1 else ir.All(tuple(done), self._line(p))

    def _unknown_operator(self, op: str, p: PathKey) -> None:
        self.error(p, msg("rules.unknown-operator", op=op), "unknown-operator", key=True,
                   hint=suggest(op, names()) or msg("rules.unknown-operator.hint", names=join(names())))

    # -- operators -----------------------------------------------------------------------------------
    def op_cond(self, fld: ir.Field, name: str, operand: Any, p: PathKey, explicit: bool) -> ir.Cond | None:
        op = OPERATORS.get(name)
        if op is None:
            self._unknown_operator(name, p)
            return None
        line = self._line(p)
        if op.operand == PRESENCE:
            present = self.boolean(operand, p)
            if present is None:
                return None
            if fld.type == GRADE:
                fld = ir.Field(fld.name, NUMBER, LABEL, grade_path("presence"))
            return ir.Test(fld, op.name, ir.Const(present), line)
        if op.operand == PHRASES:
            return self._phrases(fld, op, operand, p, explicit, line)
        if op.operand == VALUES:
            return self._values(fld, op, operand, p, line)
        if isinstance(operand, str) and operand.startswith(PARAMS + "."):
            param = self.param_operand(fld, op, operand, p)
            if param is None:
                return None
            fld2 = self._grade_field(fld, param.type)
            if fld2.type == LIST:
                self.error(p, msg("rules.tags-param"), "type-mismatch")
                return None
            return ir.Test(fld2, op.name, param, line)
        if isinstance(operand, (list, dict)):
            self.wrong(operand, p, msg("expect.single") if op.name != "eq" else msg("expect.value-or-op"))
            return None
        cv = self.constant(fld, operand, p, op)
        if cv is None:
            return None
        return ir.Test(cv[0], op.name, ir.Const(cv[1]), line)

    def _phrases(self, fld: ir.Field, op: Operator, operand: Any, p: PathKey, explicit: bool,
                 line: int | None) -> ir.Cond | None:
        if fld.type not in op.types:
            self.error(p, msg("rules.matches-type", name=fld.name, type=tname(fld.type)), "type-mismatch",
                       key=explicit)
            return None
        if fld.scope != ITEM:
            self.error(p, msg("rules.matches-scope"), "type-mismatch", key=explicit)
            return None
        pat = self.text(operand, p)
        if pat is None:
            return None
        try:
            phrases = parse_phrases(pat)
        except PatternError as exc:
            loc = self.doc.loc(p)
            offset = 1 if p in self.doc.quoted else 0
            col = (loc.column + exc.position + offset) if loc else None
            reason, hint = pattern_error(exc.message, exc.hint)
            self.problems.append(Problem.of(msg("rules.bad-pattern", pattern=pat, reason=reason),
                                            "bad-pattern", self.doc.path, loc.line if loc else None, col,
                                            hint=hint))
            return None
        return ir.Test(fld, op.name, ir.Phrases(pat, phrases), line)

    def _values(self, fld: ir.Field, op: Operator, operand: Any, p: PathKey, line: int | None) -> ir.Cond | None:
        if not isinstance(operand, list) or not operand:
            self.wrong(operand, p, msg("expect.in-list", op=op.name))
            return None
        if len(operand) > MAX_IN_VALUES:
            self.error(p, msg("rules.in-too-long", op=op.name, n=len(operand), limit=MAX_IN_VALUES),
                       "out-of-range", hint=msg("rules.in-too-long.hint"))
            return None
        vals = []
        fld2 = fld
        for i, v in enumerate(operand):
            cv = self.constant(fld, v, p + (i,), op)
            if cv is None:
                return None
            fld2, val = cv
            vals.append(val)
        if len(set(vals)) != len(vals):
            self.error(p, msg("rules.in-twice", op=op.name), "duplicate-value", hint=msg("rules.in-twice.hint"))
            return None
        return ir.Test(fld2, op.name, ir.Const(tuple(vals)), line)

    def _grade_field(self, fld: ir.Field, operand_type: str) -> ir.Field:
        if fld.type != GRADE:
            return fld
        kind = TEXT if operand_type == TEXT else NUMBER
        return ir.Field(fld.name, kind, LABEL, grade_path(kind))

    def param_operand(self, fld: ir.Field, op: Operator, operand: str, p: PathKey) -> ir.Param | None:
        pname = operand[len(PARAMS) + 1:]
        ptype = self.catalog.param_type(pname)
        if ptype is None:
            self.error(p, msg("rules.unknown-param", name=pname), "unknown-param",
                       hint=suggest(pname, self.param_names) or msg("rules.unknown-param.hint"))
            return None
        ftype = fld.type if fld.type != GRADE else ptype
        if fld.type == LIST:
            ftype = TEXT
        if ftype != ptype:
            self.error(p, msg("rules.param-type", name=fld.name, type=tname(fld.type), param=pname,
                              ptype=tname(ptype)), "type-mismatch")
            return None
        if op.order and ptype != NUMBER:
            self.error(p, msg("rules.param-order", op=op.name, param=pname, type=tname(ptype)), "type-mismatch")
            return None
        if not self.param_available(pname, p):
            return None
        return ir.Param(pname, ptype)

    def constant(self, fld: ir.Field, value: Any, p: PathKey, op: Operator) -> tuple[ir.Field, ir.Scalar] | None:
        ftype = fld.type
        if ftype == GRADE:
            if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
                self.wrong(value, p, msg("expect.grade"))
                return None
            fld = self._grade_field(fld, TEXT if isinstance(value, str) else NUMBER)
            ftype = fld.type
        if op.order and ftype != NUMBER:
            self.error(p, msg("rules.order-type", op=op.name, name=fld.name, type=tname(ftype)), "type-mismatch",
                       hint=msg("rules.order-type.hint"))
            return None
        if ftype == NUMBER:
            num = self.number(value, p)
            return (fld, num) if num is not None else None
        if ftype == BOOLEAN:
            if ftype not in op.types:
                self.error(p, msg("rules.boolean-op", name=fld.name), "type-mismatch")
                return None
            b = self.boolean(value, p)
            return (fld, b) if b is not None else None
        text = self.text(value, p)
        if text is None:
            return None
        choices = self.choices(fld)
        if choices is not None and text not in choices:
            mid = f"rules.unknown-value.{fld.name}"
            self.error(p, msg(mid, value=text) if mid in MESSAGES else
                       msg("rules.unknown-value", name=fld.name, value=text), _CHOICE_CODES.get(fld.name, "bad-value"),
                       hint=suggest(text, choices) or msg("hint.allowed", values=join(list(choices)[:12])))
            return None
        return fld, text

    def choices(self, fld: ir.Field) -> Sequence[str] | None:
        if fld.name == "group":
            return self.groups
        if fld.name == "tags":
            return self.tags
        if fld.scope == LABEL:
            return {"scheme": self.labels, "kind": KINDS, "iso_type": ISO_TYPES}.get(fld.name)
        if fld.name.startswith(ATTRIBUTES + "."):
            return self.catalog.attributes[fld.path[1]].values
        return None
