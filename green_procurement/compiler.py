"""Compile the rule IR into durable-rules ruleset definitions.

durable-rules has no ``not`` and no ``in``, fires a rule once per true ``$or`` branch, lets the
engine's own state fact match unguarded rules, and mis-compares a field with an absent ``$m`` operand
(see ``durable-rules-notes.md``).  The compiler therefore:

* pushes every negation down to the comparisons (negation normal form), writing "absent" explicitly:
  ``not (x >= 5)`` becomes ``x absent or x < 5``;
* lowers ``in`` to an ``$or`` of equalities (only one can be true) and ``not_in`` to ``$and`` of ``$neq``;
* guards every ``$m`` (a ``param.*`` operand) with ``$ex`` on both sides in the same ``$and``, and inside
  label quantifiers splits on whether the parameter is present;
* prefixes every rule with the guard ``_kind == "item"`` and the rule's applicability (groups, tags);
* compiles a rule or its complement (met when it does *not* fire), whichever has fewer paths;
* never writes ``$or`` inside ``$iany``/``$iall`` (durable-rules gets it wrong there): label
  conditions go to disjunctive normal form, one ``$iany`` per conjunction, and a "no label" that
  would need a disjunction inside ``$iall`` becomes a separate rule (an atom) combined by a plan;
* writes ``matches`` as equality against the text's word n-grams, not as a regex;
* never emits an empty ``$and``/``$or``, and packs rules into rulesets so that no ruleset has more than
  60 rule paths that can be true for one fact, nor more than 400 paths in all.

The result is pure data (:class:`CompiledRules`); :mod:`green_procurement._durable` runs it.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import attrs

from . import ir
from .errors import RuleError
from .rules import AppliesTo, Rule

__all__ = ["CompiledRule", "CompiledRules", "compile_rules", "fnv1a32"]

GUARD_FIELD = "_kind"
GUARD_VALUE = "item"
MAX_LIVE_PER_RULESET = 60
MAX_PATHS_PER_RULESET = 400
MAX_LABEL_PARAMS = 3
MAX_LABEL_TERMS = 32
MAX_ATOM_DEPTH = 3
MAX_RULE_COST = 28

Expr = Any  # a durable-rules expression (dict), or True / False while simplifying

# fields the enrichment always puts in a fact (resp. in every label): "absent" needs no branch
ALWAYS_PRESENT = frozenset({"priority", "classified", "quantity", "unit_price", "value", "description",
                            "label_count"})
ALWAYS_PRESENT_LABEL = frozenset({"scheme", "kind", "iso_type", "recognised", "accepted", "valid",
                                  "expiry_known"})


def _always(field: ir.Field) -> bool:
    if field.scope == "label":
        return field.key in ALWAYS_PRESENT_LABEL
    return field.key in ALWAYS_PRESENT


class _NeedsAtom(Exception):
    """"No label satisfies c" needs a disjunction inside ``$iall``, which durable-rules gets wrong:
    the quantifier must become a rule of its own (an atom)."""

    def __init__(self, node: ir.Cond) -> None:
        super().__init__()
        self.node = node


@attrs.frozen
class _Fixed:
    """A sub-condition replaced by a known truth value (the outcome of an atom)."""

    value: bool


#: How a rule's outcome is read from the firings: ("const", bool) | ("fires", names) (one of them
#: fired) | ("not", names) (none fired) | ("if", plan, plan_then, plan_else) — "if" branches on an
#: atom's outcome.
Plan = tuple[Any, ...]


def evaluate_plan(plan: Plan, fired: set[str]) -> bool:
    """The outcome of a rule given the names of the durable rules that fired."""
    kind = plan[0]
    if kind == "fires":
        return any(n in fired for n in plan[1])
    if kind == "not":
        return not any(n in fired for n in plan[1])
    if kind == "const":
        return bool(plan[1])
    return evaluate_plan(plan[2] if evaluate_plan(plan[1], fired) else plan[3], fired)


@attrs.frozen
class CompiledRule:
    """How one IR rule is evaluated on durable-rules: its ``plan`` and the durable rule names it
    uses (``mode`` summarises the plan: fires, complement, always, never or atoms)."""

    rule_id: str
    plan: Plan
    names: tuple[str, ...] = ()

    @property
    def mode(self) -> str:
        kind = self.plan[0]
        if kind == "const":
            return "always" if self.plan[1] else "never"
        return {"fires": "fires", "not": "complement"}.get(kind, "atoms")


@attrs.frozen
class DurableRule:
    name: str
    rule_id: str
    expr: Any
    paths: int
    live: int


@attrs.frozen
class CompiledRules:
    """Ruleset definitions (JSON-ready dicts, without actions) and the plan to read firings."""

    rulesets: tuple[dict[str, Any], ...]
    rules: tuple[CompiledRule, ...]
    fact_keys: frozenset[str]

    def by_name(self) -> dict[str, str]:
        """durable rule name -> IR rule id."""
        return {n: r.rule_id for r in self.rules for n in r.names}


def fnv1a32(text: str) -> int:
    """durable-rules' field-name hash (FNV-1a 32 over the bytes as *signed* chars)."""
    h = 0x811C9DC5
    for b in text.encode("utf-8"):
        h ^= b if b < 128 else (b - 256) & 0xFFFFFFFF
        h = (h * 16777619) & 0xFFFFFFFF
    return h


# -- expression building with constant folding ---------------------------------------------------

def _dedupe(parts: list[Expr]) -> list[Expr]:
    seen: set[str] = set()
    out = []
    for p in parts:
        key = json.dumps(p, sort_keys=True, default=str)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def _and(parts: Iterable[Expr]) -> Expr:
    out = []
    for p in parts:
        if p is False:
            return False
        if p is True:
            continue
        if isinstance(p, dict) and set(p) == {"$and"}:
            out.extend(p["$and"])
        else:
            out.append(p)
    out = _dedupe(out)
    if not out:
        return True
    return out[0] if len(out) == 1 else {"$and": out}


def _or(parts: Iterable[Expr]) -> Expr:
    out = []
    for p in parts:
        if p is True:
            return True
        if p is False:
            continue
        if isinstance(p, dict) and set(p) == {"$or"}:
            out.extend(p["$or"])
        else:
            out.append(p)
    out = _dedupe(out)
    if not out:
        return False
    return out[0] if len(out) == 1 else {"$or": out}


def _num(v: Any) -> Any:
    if isinstance(v, Decimal):
        return float(v)
    return v


_NEG_OP = {"eq": "ne", "ne": "eq", "gt": "lte", "gte": "lt", "lt": "gte", "lte": "gt", "in": "not_in",
           "not_in": "in"}
_DR_OP = {"gt": "$gt", "gte": "$gte", "lt": "$lt", "lte": "$lte"}


class _Lowerer:
    """Lowers one condition to a durable expression in negation normal form."""

    def __init__(self) -> None:
        self.keys: set[str] = set()

    def key(self, field: ir.Field, scope: str) -> str:
        if field.scope == "label":
            self.keys.add(f"labels.{field.key}")
            return f"$i.{field.key}"
        self.keys.add(field.key)
        return field.key

    # single comparisons, positive form ------------------------------------------------------------
    def positive(self, field: ir.Field, op: str, value: Any, scope: str) -> Expr:
        k = self.key(field, scope)
        if field.type == ir.LIST:
            # membership in a list field; the list is absent when empty
            if op == "eq":
                return {"$iany": {k: {"$i": value}}}
            if op == "ne":
                return {"$iall": {k: {"$neq": {"$i": value}}}}
            if op == "in":   # no $or inside an element: one $iany per value
                return _or({"$iany": {k: {"$i": v}}} for v in value)
            return {"$iall": {k: _and({"$neq": {"$i": v}} for v in value)}}
        if op == "eq":
            return {k: _num(value)}
        if op == "ne":
            return {"$neq": {k: _num(value)}}
        if op == "in":
            return _or({k: _num(v)} for v in value)
        if op == "not_in":
            return _and({"$neq": {k: _num(v)}} for v in value)
        return {_DR_OP[op]: {k: _num(value)}}

    def exists(self, field: ir.Field, present: bool, scope: str) -> Expr:
        if _always(field):
            return present
        k = self.key(field, scope)
        return {"$ex" if present else "$nex": {k: 1}}

    def compare(self, c: ir.Compare, neg: bool, scope: str, params: dict[str, bool]) -> Expr:
        if isinstance(c.operand, ir.Param):
            return self.param_compare(c, neg, scope, params)
        if not neg:
            return self.positive(c.field, c.op, c.operand.value, scope)
        return _or([self.exists(c.field, False, scope),
                    self.positive(c.field, _NEG_OP[c.op], c.operand.value, scope)])

    def param_compare(self, c: ir.Compare, neg: bool, scope: str, params: dict[str, bool]) -> Expr:
        assert isinstance(c.operand, ir.Param)
        pkey = c.operand.field.key
        self.keys.add(pkey)
        op = _NEG_OP[c.op] if neg else c.op
        fkey = self.key(c.field, scope)
        ref = {"$m": pkey}
        if op == "eq":
            cmp = {fkey: ref}
        elif op == "ne":
            cmp = {"$neq": {fkey: ref}}
        else:
            cmp = {_DR_OP[op]: {fkey: ref}}
        guarded = _and([{"$ex": {fkey: 1}}, {"$ex": {pkey: 1}}, cmp])
        if not neg:
            return guarded
        return _or([{"$nex": {fkey: 1}}, {"$nex": {pkey: 1}}, guarded])

    # conditions ----------------------------------------------------------------------------------
    def lower(self, c: Any, neg: bool, scope: str = "item", params: dict[str, bool] | None = None
              ) -> Expr:
        params = params or {}
        if isinstance(c, _Fixed):
            return c.value != neg
        if isinstance(c, ir.Compare):
            return self.compare(c, neg, scope, params)
        if isinstance(c, ir.Exists):
            return self.exists(c.field, c.present != neg, scope)
        if isinstance(c, ir.Match):
            # the fact carries the text's word n-grams; a phrase matches when it is one of them
            k = self.key(c.folded_field, scope)
            if not neg:
                return _or({"$iany": {k: {"$i": p}}} for p in c.phrases)
            return _or([{"$nex": {k: 1}}, {"$iall": {k: _and({"$neq": {"$i": p}} for p in c.phrases)}}])
        if isinstance(c, ir.All):
            parts = [self.lower(p, neg, scope, params) for p in c.parts]
            return _or(parts) if neg else _and(parts)
        if isinstance(c, ir.Any):
            parts = [self.lower(p, neg, scope, params) for p in c.parts]
            return _and(parts) if neg else _or(parts)
        if isinstance(c, ir.Not):
            return self.lower(c.part, not neg, scope, params)
        exists = isinstance(c, ir.AnyLabel) != neg   # "some label satisfies" vs "no label satisfies"
        return self.quantifier(c, c.cond, exists)

    def quantifier(self, node: ir.Cond, cond: ir.Cond, exists: bool) -> Expr:
        """``exists``: some label satisfies cond; else no label does.  Splits on param presence.
        Inside an element only conjunctions of literals are written (``$or`` there is unreliable)."""
        names = sorted({n.operand.name for n in ir.walk(cond)
                        if isinstance(n, ir.Compare) and isinstance(n.operand, ir.Param)})
        if len(names) > MAX_LABEL_PARAMS:
            raise RuleError(f"a label condition reads more than {MAX_LABEL_PARAMS} parameters")
        self.keys.update(("labels", "label_count"))
        branches = []
        for presence in itertools.product((True, False), repeat=len(names)):
            params = dict(zip(names, presence, strict=True))
            guards = []
            for n, p in params.items():
                self.keys.add(f"param.{n}")
                guards.append({"$ex" if p else "$nex": {f"param.{n}": 1}})
            terms = self.label_dnf(cond, False, params)
            if exists:
                body = _or([_iany(t) for t in terms])
            else:
                body = _and([self.none_satisfy(node, t) for t in terms])
            branches.append(_and([*guards, body]))
        return _or(branches)

    def none_satisfy(self, node: ir.Cond, term: list[_Lit]) -> Expr:
        if not term:
            return {"label_count": 0}
        if len(term) == 1:
            alternatives = term[0].negate()
            if len(alternatives) == 1:
                return _or([{"label_count": 0},
                            {"$iall": {"labels": alternatives[0].render()}}])
        raise _NeedsAtom(node)

    def label_dnf(self, c: Any, neg: bool, params: dict[str, bool]) -> list[list[_Lit]]:
        """Disjunctive normal form of a label condition: a list of conjunctions of literals
        ([] = false, [[]] = true)."""
        if isinstance(c, _Fixed):
            return [[]] if c.value != neg else []
        if isinstance(c, ir.Compare):
            return self.label_compare(c, neg, params)
        if isinstance(c, ir.Exists):
            if _always(c.field):
                return [[]] if c.present != neg else []
            self.key(c.field, "label")
            return [[_Lit("ex" if c.present != neg else "nex", c.field.key, None, False)]]
        if isinstance(c, ir.Not):
            return self.label_dnf(c.part, not neg, params)
        parts = [self.label_dnf(p, neg, params) for p in c.parts]
        conjunction = isinstance(c, ir.All) != neg
        if not conjunction:
            out = [t for p in parts for t in p]
        else:
            out = [[]]
            for p in parts:
                out = [a + b for a in out for b in p]
                if len(out) > MAX_LABEL_TERMS:
                    raise RuleError(f"a label condition expands to more than {MAX_LABEL_TERMS} "
                                    "alternatives")
        return _clean(out)

    def label_compare(self, c: ir.Compare, neg: bool, params: dict[str, bool]) -> list[list[_Lit]]:
        key = c.field.key
        always = _always(c.field)
        self.key(c.field, "label")
        if isinstance(c.operand, ir.Param):
            pkey = c.operand.field.key
            self.keys.add(pkey)
            if not params[c.operand.name]:
                return [[]] if neg else []
            op = _NEG_OP[c.op] if neg else c.op
            lit = _Lit(op, key, ("$m", pkey), always)
            if always:
                return [[lit]]
            if neg:
                return [[_Lit("nex", key, None, False)], [_Lit("ex", key, None, False), lit]]
            return [[_Lit("ex", key, None, False), lit]]
        value = c.operand.value
        op = _NEG_OP[c.op] if neg else c.op
        if op == "in":
            terms = [[_Lit("eq", key, _num(v), always)] for v in value]
        elif op == "not_in":
            terms = [[_Lit("ne", key, _num(v), always) for v in value]]
        else:
            terms = [[_Lit(op, key, _num(value), always)]]
        if neg and not always:
            terms.append([_Lit("nex", key, None, False)])
        return terms


@attrs.frozen
class _Lit:
    """A literal on one label field (inside ``$iany``/``$iall``)."""

    op: str            # eq ne gt gte lt lte ex nex
    key: str
    value: Any
    always: bool       # the field is in every label

    def render(self) -> dict[str, Any]:
        k = f"$i.{self.key}"
        value = {"$m": self.value[1]} if isinstance(self.value, tuple) else self.value
        if self.op == "eq":
            return {k: value}
        if self.op == "ex":
            return {"$ex": {k: 1}}
        if self.op == "nex":
            return {"$nex": {k: 1}}
        return {_DR_OP.get(self.op, "$neq"): {k: value}}

    def negate(self) -> list[_Lit]:
        """Alternatives (each one literal) that hold exactly when this literal does not."""
        if self.op in ("ex", "nex"):
            return [_Lit("nex" if self.op == "ex" else "ex", self.key, None, False)]
        neg = _Lit(_NEG_OP[self.op], self.key, self.value, self.always)
        return [neg] if self.always else [_Lit("nex", self.key, None, False), neg]


def _clean(terms: list[list[_Lit]]) -> list[list[_Lit]]:
    """Drop repeated literals and contradictory conjunctions (x present and absent, x == a and b)."""
    out = []
    seen: set[tuple[_Lit, ...]] = set()
    for t in terms:
        lits = tuple(dict.fromkeys(t))
        present = {lt.key for lt in lits if lt.op != "nex"}
        absent = {lt.key for lt in lits if lt.op == "nex"}
        eqs: dict[str, Any] = {}
        bad = bool(present & absent)
        for lt in lits:
            if lt.op == "eq" and not isinstance(lt.value, tuple):
                if lt.key in eqs and eqs[lt.key] != lt.value:
                    bad = True
                eqs[lt.key] = lt.value
        if not bad and lits not in seen:
            seen.add(lits)
            out.append(list(lits))
    return out


def _iany(term: list[_Lit]) -> Expr:
    if not term:
        return {"$gt": {"label_count": 0}}
    inner = term[0].render() if len(term) == 1 else {"$and": [lt.render() for lt in term]}
    return {"$iany": {"labels": inner}}


def _applicability(applies: AppliesTo) -> Expr:
    if applies.all:
        return True
    parts = []
    if applies.groups:
        parts.append(_or({"group": g} for g in sorted(applies.groups)))
    if applies.tags:
        parts.append(_or({"$iany": {"tags": {"$i": t}}} for t in sorted(applies.tags)))
    return _or(parts)


def _needs(e: Expr) -> tuple[set[str], set[str], dict[str, Any]]:
    """What an expression's top-level conjuncts require: fields present, fields absent, and
    field == constant.  Used to find ``$or`` branches that cannot hold together."""
    present: set[str] = set()
    absent: set[str] = set()
    equal: dict[str, Any] = {}
    for part in (e["$and"] if isinstance(e, dict) and "$and" in e else [e]):
        if not isinstance(part, dict) or len(part) != 1:
            continue
        (op, body), = part.items()
        if op == "$nex":
            absent.update(body)
        elif op in ("$ex", "$gt", "$gte", "$lt", "$lte", "$neq", "$mt"):
            present.update(body)
        elif op in ("$iany", "$iall"):
            present.update(body)
        elif not op.startswith("$"):
            present.add(op)
            if not isinstance(body, dict):
                equal[op] = body
    return present, absent, equal


def _exclusive(a: tuple[set[str], set[str], dict[str, Any]],
               b: tuple[set[str], set[str], dict[str, Any]]) -> bool:
    if a[0] & b[1] or a[1] & b[0]:
        return True
    return any(k in b[2] and b[2][k] != v for k, v in a[2].items())


def _paths(e: Expr) -> tuple[int, int]:
    """(DNF paths, most paths that can be true at once) of an expression — durable-rules expands
    ``$or`` into alternatives, and more than 64 holding at once for one fact is error 303.  The
    second number is an upper bound: ``$or`` branches that exclude each other (x absent / x present,
    x == a / x == b) are not counted together."""
    if not isinstance(e, dict):
        return 1, 1
    if "$and" in e:
        total, live = 1, 1
        for p in e["$and"]:
            t, lv = _paths(p)
            total *= t
            live *= lv
        return total, live
    if "$or" in e:
        branches = e["$or"]
        parts = [_paths(p) for p in branches]
        total = sum(t for t, _ in parts)
        if len(branches) > 16:   # large in-lists: equalities on one field exclude each other
            needs = [_needs(b) for b in branches]
            eq_keys = {frozenset(n[2]) for n in needs}
            exclusive = len(eq_keys) == 1 and all(len(n[2]) == 1 for n in needs)
            return total, max(lv for _, lv in parts) if exclusive else sum(lv for _, lv in parts)
        needs = [_needs(b) for b in branches]
        n = len(branches)
        if n > 10:   # exhaustive search would be slow: count every branch (a safe upper bound)
            return total, sum(lv for _, lv in parts)
        best = 0
        # the heaviest set of branches that can all hold together (small n: exhaustive)
        for mask in range(1, 1 << n):
            chosen = [i for i in range(n) if mask >> i & 1]
            if any(_exclusive(needs[i], needs[j]) for x, i in enumerate(chosen) for j in chosen[x + 1:]):
                continue
            best = max(best, sum(parts[i][1] for i in chosen))
        return total, best
    return 1, 1


def _substitute(c: Any, target: ir.Cond, value: bool) -> Any:
    """``c`` with the node ``target`` (by identity) replaced by a fixed truth value."""
    if c is target:
        return _Fixed(value)
    if isinstance(c, (ir.All, ir.Any)):
        return type(c)(tuple(_substitute(p, target, value) for p in c.parts), c.line)
    if isinstance(c, ir.Not):
        return ir.Not(_substitute(c.part, target, value), c.line)
    return c


class _Compiler:
    def __init__(self) -> None:
        self.durable: list[DurableRule] = []
        self.keys: set[str] = {"id", "sid", GUARD_FIELD}

    def plan(self, rule: Rule, when: Any, index: int, depth: int = 0) -> Plan:
        """Compile ``when`` (or its complement, whichever has fewer paths); atoms where needed."""
        options = []
        atom_node = None
        for negate in (False, True):
            lw = _Lowerer()
            try:
                cond = lw.lower(when, negate)
            except _NeedsAtom as exc:
                atom_node = atom_node or exc.node
                continue
            except RuleError as exc:
                raise RuleError(f"rule {rule.id}: {exc.message}", path=rule.path, line=rule.line,
                                code="too-complex", hint="split the rule") from None
            if cond is True or cond is False:
                return ("const", cond != negate)
            full = _and([{GUARD_FIELD: GUARD_VALUE}, _applicability(rule.applies_to), cond])
            paths, live = _paths(full)
            options.append((live, paths, negate, full, lw.keys))
        if options:
            live, paths, negate, full, keys = min(options, key=lambda o: o[:3])
            if paths > 500 or live > 64:
                raise RuleError(f"rule {rule.id} expands to {paths} alternatives ({live} may hold at "
                                "once); durable-rules allows at most 500 (64 at once)", path=rule.path,
                                line=rule.line, code="too-complex",
                                hint="split the rule, or shorten its in/any lists")
            self.keys |= keys
            if rule.applies_to.groups:
                self.keys.add("group")
            if rule.applies_to.tags:
                self.keys.add("tags")
            names = []
            for chunk in _split(full, rule):
                name = f"r{index}_{len(self.durable)}"
                c_paths, c_live = _paths(chunk)
                self.durable.append(DurableRule(name, rule.id, chunk, c_paths, c_live))
                names.append(name)
            return ("not" if negate else "fires", tuple(names))
        assert atom_node is not None
        if depth >= MAX_ATOM_DEPTH:
            raise RuleError(f"rule {rule.id} has too many no_label conditions for durable-rules",
                            path=rule.path, line=rule.line, code="too-complex", hint="split the rule")
        # the atom: "some label satisfies c" (always expressible); then the rule with it fixed
        some = ir.AnyLabel(atom_node.cond)  # type: ignore[attr-defined]
        atom = self.plan(rule, some, index, depth + 1)
        is_any = isinstance(atom_node, ir.AnyLabel)
        then = self.plan(rule, _substitute(when, atom_node, is_any), index, depth + 1)
        other = self.plan(rule, _substitute(when, atom_node, not is_any), index, depth + 1)
        return ("if", atom, then, other)


def _cost(e: Expr) -> int:
    """What an expression spends of durable-rules' per-rule expression sequence: every ``$and`` and
    ``$or`` (inside elements too) appends two entries, every ``$m`` reference one; 32 entries is
    error 113 at registration (``rete.c`` ``MAX_SEQUENCE_EXPRESSIONS``)."""
    if isinstance(e, dict):
        n = 0
        for k, v in e.items():
            if k in ("$and", "$or"):
                n += 2
            elif k == "$m":
                n += 1
            n += _cost(v)
        return n
    if isinstance(e, list):
        return sum(_cost(x) for x in e)
    return 0


def _split(e: Expr, rule: Rule) -> list[Expr]:
    """Expressions whose disjunction is ``e``, each within durable-rules' expression budget."""
    if _cost(e) <= MAX_RULE_COST:
        return [e]
    if isinstance(e, dict) and "$or" in e:
        pieces = [q for c in e["$or"] for q in _split(c, rule)]
    elif isinstance(e, dict) and "$and" in e:
        parts = e["$and"]
        ors = [i for i, c in enumerate(parts) if isinstance(c, dict) and "$or" in c]
        if not ors:
            raise RuleError(f"rule {rule.id} tests too many conditions together for durable-rules",
                            path=rule.path, line=rule.line, code="too-complex", hint="split the rule")
        i = max(ors, key=lambda k: _cost(parts[k]))
        rest = parts[:i] + parts[i + 1:]
        pieces = []
        for alt in parts[i]["$or"]:
            pieces += _split(_and([*rest, alt]), rule)
    else:  # pragma: no cover - an atom is always within budget
        raise RuleError(f"rule {rule.id} is too complex for durable-rules", code="too-complex")
    chunks: list[list[Expr]] = []
    for piece in pieces:
        for chunk in chunks:
            if _cost(_or([*chunk, piece])) <= MAX_RULE_COST:
                chunk.append(piece)
                break
        else:
            chunks.append([piece])
    return [_or(c) for c in chunks]


def _names(plan: Plan) -> tuple[str, ...]:
    if plan[0] in ("fires", "not"):
        return tuple(plan[1])
    if plan[0] == "if":
        return _names(plan[1]) + _names(plan[2]) + _names(plan[3])
    return ()


def compile_rules(rules: Sequence[Rule]) -> CompiledRules:
    """Compile IR rules to durable-rules definitions (see the module docstring)."""
    comp = _Compiler()
    compiled = []
    for i, rule in enumerate(rules):
        plan = comp.plan(rule, rule.when, i)
        compiled.append(CompiledRule(rule.id, plan, _names(plan)))
    # pack into rulesets: at most 60 paths true at once and 400 paths per ruleset
    rulesets: list[dict[str, Any]] = []
    load: list[tuple[int, int]] = []
    for dr in comp.durable:
        idx = next((i for i, (p, lv) in enumerate(load)
                    if p + dr.paths <= MAX_PATHS_PER_RULESET and lv + dr.live <= MAX_LIVE_PER_RULESET),
                   None)
        if idx is None:
            idx = len(load)
            load.append((0, 0))
            rulesets.append({})
        p, lv = load[idx]
        load[idx] = (p + dr.paths, lv + dr.live)
        rulesets[idx][dr.name] = {"all": [{"m": dr.expr}]}
    _check_hashes(comp.keys)
    return CompiledRules(tuple(rulesets), tuple(compiled), frozenset(comp.keys))


def _check_hashes(keys: Iterable[str]) -> None:
    seen: dict[int, str] = {}
    for k in sorted(keys):
        h = fnv1a32(k)
        if h in seen and seen[h] != k:
            raise RuleError(f"field names '{seen[h]}' and '{k}' collide in durable-rules' 32-bit hash",
                            code="hash-collision", hint="rename one attribute or parameter")
        seen[h] = k
