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
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import Any

import attrs

from ._dexpr import CannotSplit, Expr, and_, fnv1a32, num, or_, split
from ._dexpr import paths as count_paths
from ._messages import msg
from .errors import Problem, RuleError
from .lang import ir
from .lang.fields import ITEM_FIELDS, LABEL, LABEL_FIELDS, LABELS, LIST
from .lang.ops import COMPARE, OPERATORS, PHRASES, PRESENCE, Operator
from .rules import AppliesTo, Rule

__all__ = ["CompiledRule", "CompiledRules", "check_limits", "compile_rules", "fnv1a32"]

GUARD_FIELD = "_kind"
GUARD_VALUE = "item"
MAX_LIVE_PER_RULESET = 60
MAX_PATHS_PER_RULESET = 400
#: One rule's paths in all, and paths that can be true for one fact (durable-rules' error 303 above 64).
MAX_RULE_PATHS = 500
MAX_RULE_LIVE = 64
MAX_LABEL_PARAMS = 3
MAX_LABEL_TERMS = 32
MAX_ATOM_DEPTH = 3


# fields the enrichment always puts in a fact (resp. in every label): "absent" needs no branch
ALWAYS_PRESENT = frozenset(name for name, f in ITEM_FIELDS.items() if f.always)
ALWAYS_PRESENT_LABEL = frozenset(name for name, f in LABEL_FIELDS.items() if f.always)


def _always(field: ir.Field) -> bool:
    if field.scope == LABEL:
        return field.key in ALWAYS_PRESENT_LABEL
    if len(field.path) == 2 and field.path[0].startswith(LABELS + "_"):   # a claim in its slot
        return field.path[1] in ALWAYS_PRESENT_LABEL
    return field.key in ALWAYS_PRESENT


class _TooComplex(Exception):
    """A condition durable-rules cannot express within its limits (message id and its numbers)."""

    def __init__(self, mid: str, **args: int) -> None:
        super().__init__(mid)
        self.mid, self.args_ = mid, args


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


def evaluate_plan(plan: Plan, fired: AbstractSet[str]) -> bool:
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
    #: per ruleset: every rule of it needs a label claim to fire (a fact without labels skips it)
    labelled: tuple[bool, ...] = ()

    def by_name(self) -> dict[str, str]:
        """durable rule name -> IR rule id."""
        return {n: r.rule_id for r in self.rules for n in r.names}


def _negated(op: Operator) -> Operator:
    assert op.negation is not None
    return OPERATORS[op.negation]


def _compare(op: Operator, key: str, value: Any) -> Expr:
    """``key op value`` as durable-rules writes a comparison (equality is implicit)."""
    return {key: value} if not op.durable else {op.durable: {key: value}}


class _Lowerer:
    """Lowers one condition to a durable expression in negation normal form."""

    def __init__(self) -> None:
        self.keys: set[str] = set()

    def key(self, field: ir.Field, scope: str) -> str:
        if field.scope == LABEL:
            self.keys.add(f"labels.{field.key}")
            return f"$i.{field.key}"
        self.keys.add(field.key)
        return field.key

    # single comparisons, positive form (the "compare" and "member" lowering cases) -------------------
    def positive(self, field: ir.Field, op: Operator, value: Any, scope: str) -> Expr:
        k = self.key(field, scope)
        if field.type == LIST:
            # membership in a list field; the list is absent when empty; no $or inside an element
            if op.lowering == COMPARE:
                return {"$iany": {k: {"$i": value}}} if not op.durable else \
                    {"$iall": {k: {op.durable: {"$i": value}}}}
            if not op.durable:
                return or_({"$iany": {k: {"$i": v}}} for v in value)
            return {"$iall": {k: and_({op.durable: {"$i": v}} for v in value)}}
        if op.lowering == COMPARE:
            return _compare(op, k, num(value))
        if not op.durable:      # in: one of the equalities (only one can be true)
            return or_({k: num(v)} for v in value)
        return and_({op.durable: {k: num(v)}} for v in value)

    def exists(self, field: ir.Field, present: bool, scope: str) -> Expr:
        if _always(field):
            return present
        k = self.key(field, scope)
        return {"$ex" if present else "$nex": {k: 1}}

    def test(self, c: ir.Test, neg: bool, scope: str, params: dict[str, bool]) -> Expr:
        op = c.operator
        if op.lowering == PRESENCE:
            assert isinstance(c.operand, ir.Const)
            return self.exists(c.field, bool(c.operand.value) != neg, scope)
        if op.lowering == PHRASES:
            # the fact carries the text's word n-grams; a phrase matches when it is one of them
            assert isinstance(c.operand, ir.Phrases)
            folded = ir.Field(f"folded({c.field.name})", LIST, c.field.scope, c.folded_path)
            k = self.key(folded, scope)
            if not neg:
                return or_({"$iany": {k: {"$i": p}}} for p in c.operand.phrases)
            return or_([{"$nex": {k: 1}}, {"$iall": {k: and_({"$neq": {"$i": p}} for p in c.operand.phrases)}}])
        if isinstance(c.operand, ir.Param):
            return self.param_compare(c, neg, scope)
        assert isinstance(c.operand, ir.Const)
        if not neg:
            return self.positive(c.field, op, c.operand.value, scope)
        return or_([self.exists(c.field, False, scope),
                    self.positive(c.field, _negated(op), c.operand.value, scope)])

    def param_compare(self, c: ir.Test, neg: bool, scope: str) -> Expr:
        assert isinstance(c.operand, ir.Param)
        pkey = c.operand.field.key
        self.keys.add(pkey)
        op = _negated(c.operator) if neg else c.operator
        fkey = self.key(c.field, scope)
        guarded = and_([{"$ex": {fkey: 1}}, {"$ex": {pkey: 1}}, _compare(op, fkey, {"$m": pkey})])
        if not neg:
            return guarded
        return or_([{"$nex": {fkey: 1}}, {"$nex": {pkey: 1}}, guarded])

    # conditions ----------------------------------------------------------------------------------
    def lower(self, c: Any, neg: bool, scope: str = "item", params: dict[str, bool] | None = None
              ) -> Expr:
        params = params or {}
        if isinstance(c, _Fixed):
            return c.value != neg
        if isinstance(c, ir.Test):
            return self.test(c, neg, scope, params)
        if isinstance(c, ir.All):
            parts = [self.lower(p, neg, scope, params) for p in c.parts]
            return or_(parts) if neg else and_(parts)
        if isinstance(c, ir.Any):
            parts = [self.lower(p, neg, scope, params) for p in c.parts]
            return and_(parts) if neg else or_(parts)
        if isinstance(c, ir.Not):
            return self.lower(c.part, not neg, scope, params)
        exists = isinstance(c, ir.AnyLabel) != neg   # "some label satisfies" vs "no label satisfies"
        return self.quantifier(c, c.cond, exists)

    def quantifier(self, node: ir.Cond, cond: ir.Cond, exists: bool) -> Expr:
        """``exists``: some label satisfies cond; else no label does.  Splits on param presence.
        Inside an element only conjunctions of literals are written (``$or`` there is unreliable)."""
        names = sorted({n.operand.name for n in ir.tests(cond) if isinstance(n.operand, ir.Param)})
        if len(names) > MAX_LABEL_PARAMS:
            raise _TooComplex("compiler.label-params", n=MAX_LABEL_PARAMS)
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
                body = or_([_iany(t) for t in terms])
            else:
                body = and_([self.none_satisfy(node, t) for t in terms])
            branches.append(and_([*guards, body]))
        return or_(branches)

    def none_satisfy(self, node: ir.Cond, term: list[_Lit]) -> Expr:
        if not term:
            return {"label_count": 0}
        if len(term) == 1:
            alternatives = term[0].negate()
            if len(alternatives) == 1:
                return or_([{"label_count": 0},
                            {"$iall": {"labels": alternatives[0].render()}}])
        raise _NeedsAtom(node)

    def label_dnf(self, c: Any, neg: bool, params: dict[str, bool]) -> list[list[_Lit]]:
        """Disjunctive normal form of a label condition: a list of conjunctions of literals
        ([] = false, [[]] = true)."""
        if isinstance(c, _Fixed):
            return [[]] if c.value != neg else []
        if isinstance(c, ir.Test):
            if c.operator.lowering == PRESENCE:
                assert isinstance(c.operand, ir.Const)
                present = bool(c.operand.value) != neg
                if _always(c.field):
                    return [[]] if present else []
                self.key(c.field, LABEL)
                return [[_Lit("ex" if present else "nex", c.field.key, None, False)]]
            return self.label_compare(c, neg, params)
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
                    raise _TooComplex("compiler.label-terms", n=MAX_LABEL_TERMS)
        return _clean(out)

    def label_compare(self, c: ir.Test, neg: bool, params: dict[str, bool]) -> list[list[_Lit]]:
        key = c.field.key
        always = _always(c.field)
        self.key(c.field, LABEL)
        op = _negated(c.operator) if neg else c.operator
        if isinstance(c.operand, ir.Param):
            pkey = c.operand.field.key
            self.keys.add(pkey)
            if not params[c.operand.name]:
                return [[]] if neg else []
            lit = _Lit(op.name, key, ("$m", pkey), always)
            if always:
                return [[lit]]
            if neg:
                return [[_Lit("nex", key, None, False)], [_Lit("ex", key, None, False), lit]]
            return [[_Lit("ex", key, None, False), lit]]
        assert isinstance(c.operand, ir.Const)
        value = c.operand.value
        if op.lowering == COMPARE:
            terms = [[_Lit(op.name, key, num(value), always)]]
        elif not op.durable:       # in: one term per value
            terms = [[_Lit("eq", key, num(v), always)] for v in value]  # type: ignore[union-attr]
        else:                      # not_in: every value differs
            terms = [[_Lit("ne", key, num(v), always) for v in value]]  # type: ignore[union-attr]
        if neg and not always:
            terms.append([_Lit("nex", key, None, False)])
        return terms


@attrs.frozen
class _Lit:
    """A literal on one label field (inside ``$iany``/``$iall``)."""

    op: str            # a compare operator of the table (eq ne gt gte lt lte), or ex / nex
    key: str
    value: Any
    always: bool       # the field is in every label

    def render(self) -> dict[str, Any]:
        k = f"$i.{self.key}"
        value = {"$m": self.value[1]} if isinstance(self.value, tuple) else self.value
        if self.op == "ex":
            return {"$ex": {k: 1}}
        if self.op == "nex":
            return {"$nex": {k: 1}}
        return _compare(OPERATORS[self.op], k, value)

    def negate(self) -> list[_Lit]:
        """Alternatives (each one literal) that hold exactly when this literal does not."""
        if self.op in ("ex", "nex"):
            return [_Lit("nex" if self.op == "ex" else "ex", self.key, None, False)]
        neg = _Lit(_negated(OPERATORS[self.op]).name, self.key, self.value, self.always)
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
        parts.append(or_({"group": g} for g in sorted(applies.groups)))
    if applies.tags:
        parts.append(or_({"$iany": {"tags": {"$i": t}}} for t in sorted(applies.tags)))
    if applies.unclassified:
        parts.append({"classified": False})
    return or_(parts)


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
    def __init__(self, flip: AbstractSet[str] = frozenset()) -> None:
        self.durable: list[DurableRule] = []
        self.keys: set[str] = {"id", "sid", GUARD_FIELD}
        self.flip = flip

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
            except _TooComplex as exc:
                raise _too_complex(rule, exc.mid, "compiler.split.hint", **exc.args_) from None
            if cond is True or cond is False:
                return ("const", cond != negate)
            full = and_([{GUARD_FIELD: GUARD_VALUE}, _applicability(rule.applies_to), cond])
            paths, live = count_paths(full)
            options.append((live, paths, negate, full, lw.keys))
        if options:
            live, paths, negate, full, keys = min(options, key=lambda o: o[:3])
            if rule.id in self.flip and depth == 0:   # the other way round, when durable-rules can take it
                turned = [o for o in options if o[2] != negate and o[1] <= MAX_RULE_PATHS and o[0] <= MAX_RULE_LIVE]
                if turned:
                    live, paths, negate, full, keys = turned[0]
            if paths > MAX_RULE_PATHS or live > MAX_RULE_LIVE:
                raise _too_complex(rule, "compiler.paths", "compiler.shorten.hint", paths=paths, live=live)
            self.keys |= keys
            if rule.applies_to.groups:
                self.keys.add("group")
            if rule.applies_to.tags:
                self.keys.add("tags")
            if rule.applies_to.unclassified:
                self.keys.add("classified")
            names = []
            try:
                chunks = split(full)
            except CannotSplit as exc:
                kind = "compiler.together" if exc.args[0] == "together" else "compiler.complex"
                raise _too_complex(rule, kind, "compiler.split.hint") from None
            for chunk in chunks:
                name = f"r{index}_{len(self.durable)}"
                c_paths, c_live = count_paths(chunk)
                self.durable.append(DurableRule(name, rule.id, chunk, c_paths, c_live))
                names.append(name)
            return ("not" if negate else "fires", tuple(names))
        assert isinstance(atom_node, (ir.AnyLabel, ir.NoLabel))
        if depth >= MAX_ATOM_DEPTH:
            raise _too_complex(rule, "compiler.no-label", "compiler.split.hint")
        # the atom: "some label satisfies c" (always expressible); then the rule with it fixed
        some = ir.AnyLabel(atom_node.cond)
        atom = self.plan(rule, some, index, depth + 1)
        is_any = isinstance(atom_node, ir.AnyLabel)
        then = self.plan(rule, _substitute(when, atom_node, is_any), index, depth + 1)
        other = self.plan(rule, _substitute(when, atom_node, not is_any), index, depth + 1)
        return ("if", atom, then, other)


def _too_complex(rule: Rule, mid: str, hint: str, **args: int) -> RuleError:
    return RuleError(msg(mid, rule=rule.id, **args), path=rule.path, line=rule.line, code="too-complex",
                     hint=msg(hint))


def _names(plan: Plan) -> tuple[str, ...]:
    if plan[0] in ("fires", "not"):
        return tuple(plan[1])
    if plan[0] == "if":
        return _names(plan[1]) + _names(plan[2]) + _names(plan[3])
    return ()


def compile_rules(rules: Sequence[Rule], groups: Mapping[str, Iterable[str]] | None = None, *,
                  flip: AbstractSet[str] = frozenset()) -> CompiledRules:
    """Compile IR rules to durable-rules definitions (see the module docstring).

    ``groups`` (product group id -> its tags) lets the packing count, for each group, only the paths of
    the rules that apply to it: an item has one group, so rules of other groups cannot fire with it,
    and more rules fit in one ruleset (each ruleset costs one assert and retract per item).
    ``flip``: ids of rules to compile the other way round from the default choice (the condition
    rather than its complement, or the reverse) — a rule that holds for most items fires less as its
    complement; either way the plan reads the same outcome."""
    comp = _Compiler(flip)
    compiled = []
    for i, rule in enumerate(rules):
        plan = comp.plan(rule, rule.when, i)
        compiled.append(CompiledRule(rule.id, plan, _names(plan)))
    by_id = {r.id: r for r in rules}
    keys: list[str | None] = [None, *(groups or {})]

    def scope(dr: DurableRule) -> list[str | None]:
        """The groups (None: unclassified) for which the durable rule can fire."""
        applies = by_id[dr.rule_id].applies_to
        if groups is None or applies.all:
            return keys
        return [g for g in keys if (applies.unclassified if g is None else
                                    g in applies.groups or not applies.tags.isdisjoint(groups[g]))]

    # pack into rulesets: at most 60 paths true at once for one item and 400 paths per ruleset; the
    # rules that need a label claim to fire apart, so that a line without claims skips their rulesets
    rulesets: list[dict[str, Any]] = []
    labelled: list[bool] = []
    loads: list[tuple[int, dict[str | None, int]]] = []
    for dr in comp.durable:
        where = scope(dr)
        needs = _needs_label(dr.expr)
        idx = next((i for i, (p, lv) in enumerate(loads)
                    if labelled[i] == needs and p + dr.paths <= MAX_PATHS_PER_RULESET
                    and all(lv.get(g, 0) + dr.live <= MAX_LIVE_PER_RULESET for g in where)), None)
        if idx is None:
            idx = len(loads)
            loads.append((0, {}))
            rulesets.append({})
            labelled.append(needs)
        p, lv = loads[idx]
        for g in where:
            lv[g] = lv.get(g, 0) + dr.live
        loads[idx] = (p + dr.paths, lv)
        rulesets[idx][dr.name] = {"all": [{"m": dr.expr}]}
    _check_hashes(comp.keys)
    return CompiledRules(tuple(rulesets), tuple(compiled), frozenset(comp.keys), tuple(labelled))


def _needs_label(expr: Expr) -> bool:
    """Whether ``expr`` can only hold for a fact with at least one label claim (``$iany`` over the
    labels, or ``label_count > 0``, in every alternative)."""
    if not isinstance(expr, dict) or len(expr) != 1:
        return False
    ((key, value),) = expr.items()
    if key == "$and":
        return any(_needs_label(p) for p in value)
    if key == "$or":
        return all(_needs_label(p) for p in value)
    if key == "$iany":
        return isinstance(value, dict) and "labels" in value
    return key == "$gt" and value == {"label_count": 0}


def _check_hashes(keys: Iterable[str]) -> None:
    seen: dict[int, str] = {}
    for k in sorted(keys):
        h = fnv1a32(k)
        if h in seen and seen[h] != k:
            raise RuleError(msg("compiler.hash", a=seen[h], b=k), code="hash-collision",
                            hint=msg("compiler.rename.hint"))
        seen[h] = k


def check_limits(rules: Iterable[Rule]) -> list[Problem]:
    """The rules durable-rules cannot express (too many alternatives...), one located problem each.

    ``validate`` reports them, and a durable engine refuses to load them; the reference backend
    (``backend="python"``) runs them."""
    out = []
    for rule in rules:
        try:
            compile_rules([rule])
        except RuleError as exc:
            out.append(Problem(exc.message, exc.code, rule.path, rule.line, None, "error", exc.hint,
                               exc.message_vi, exc.hint_vi))
    return out
