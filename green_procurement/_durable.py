"""A lean, guarded driver for durable-rules' C engine (``durable_rules_engine``).

durable-rules' Python ``Host`` starts two timer threads per host that steal and lose firings, swallows
exceptions raised in actions, serialises the whole state after every action and cannot delete a
ruleset (``durable-rules-notes.md`` A4, A5, 3.4, 3.5, 6).  We need none of it: our rules only
*record* which rule matched.  So this driver calls the C entry points directly, on the caller's
thread, following the pattern the notes found safe (section 8):

* facts, never events; one fixed sid (``"0"``); a unique ``id`` per fact from a counter; assert, collect
  every firing, retract by id — only one fact is ever stored;
* every rule is guarded by ``_kind == "item"`` (the compiler adds it), so the state fact never matches;
* no Python actions at all: a firing is read from the C result by its rule name, then completed;
  a firing interrupted by an exception is abandoned, so the sid is never left locked;
* JSON is written here: numbers never in the exponent form durable's parser rejects, NFC strings;
* C errors become :class:`RuleError` naming the rule that caused them;
* one lock per matcher: durable-rules is not thread-safe;
* rulesets are deleted (``delete_ruleset``) when the matcher is closed or garbage-collected;
* per product group (and number of label claims) met, the applicable rules are compiled once more,
  specialised (:mod:`green_procurement.lang.specialise`): durable-rules matches them in about half
  the time, since the group's tests are decided and no list of claims is scanned; and once more
  after 64 facts, with the rules that fired for most of them turned round (a firing costs ~1 µs).
"""

from __future__ import annotations

import itertools
import json
import threading
import weakref
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import Any

import attrs

from ._durable_fact import encode, projector
from ._memo import Memo
from .compiler import GUARD_FIELD, GUARD_VALUE, CompiledRule, CompiledRules, compile_rules, evaluate_plan
from .errors import RuleError
from .lang.fields import LABELS, label_slot
from .lang.specialise import group_values, specialise
from .projection import Projector
from .rules import AppliesTo, Rule

try:  # durable-rules does not load on Python >= 3.13, nor where it could not be compiled
    import durable_rules_engine as _C

    IMPORT_ERROR: str | None = None
except ImportError as exc:  # pragma: no cover - exercised only where durable-rules is missing
    _C = None
    IMPORT_ERROR = str(exc)

__all__ = ["DurableMatcher", "available", "encode"]

#: Distinct projections remembered (each ~1 KB); the memo is cleared when full.
DEFAULT_CACHE = 50_000
_names = itertools.count()
#: Label claims a specialised program sends in slots; an item with more is matched with list scans.
MAX_SLOTS = 2
#: Specialised programs one matcher compiles at most (groups x periods x claim counts met); beyond,
#: the generic program serves.  Each holds durable-rules state of ~350 KB (measured: the shipped rules
#: on the diverse benchmark items make 105 programs, +37 MB), so this bounds them to ~56 MB.
MAX_PROGRAMS = 160
#: Facts a specialised program matches before the rules that fired for most of them are compiled
#: the other way round (``DurableMatcher._tune``).
SAMPLE = 64
_SLOT_PREFIX = label_slot(0)[:-1]
_MISSING: Any = object()


def _frozen(value: Any) -> Any:
    """A group value (text, yes/no, tag list, parameter table) as part of a key, its types kept."""
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, dict):
        return tuple((k, type(v).__name__, v) for k, v in value.items())
    return (type(value).__name__, value)


def available() -> bool:
    """True when durable-rules' C engine can be used here."""
    return _C is not None


# A state node's action context is left uninitialised until its first action starts, and
# delete_state then frees garbage pointers (a segfault seen under pytest, where the heap is reused).
# So every ruleset gets this rule, fired once at creation by a fact no item rule can match.
_INIT_RULE = {"gpp_init": {"all": [{"m": {GUARD_FIELD: "init"}}]}}


def _initialise(handle: int) -> None:
    code, state = _C.assert_fact(handle, '{"_kind":"init","id":"init"}')
    if code != 0:  # pragma: no cover - the init rule always matches
        raise RuleError(f"durable-rules did not initialise a ruleset (code {code})", code="engine")
    result = _C.start_action_for_state(handle, state)
    message = result[1] if result else None
    while message:
        message = _C.complete_and_start_action(handle, state)
    _C.retract_fact(handle, '{"id":"init"}')


def _delete(handles: list[int]) -> None:
    # delete_state first: delete_ruleset alone leaks the sid's pools (~190 KB per ruleset, measured)
    while handles:
        h = handles.pop()
        try:
            _C.delete_state(h, "0")
        except Exception:
            pass  # error 309: the sid was never created (no fact ever matched)
        try:
            _C.delete_ruleset(h)
        except Exception:  # pragma: no cover - interpreter shutdown
            pass


class _Outcome:
    """How the outcomes of a tuple of rules are read from the names of the durable rules that fired:
    the rules that always hold, a table from each name to the rules met when it fires ("fires"
    plans), the rules met when none of their names fired (complements), and the plans that branch
    on an atom (read with :func:`~green_procurement.compiler.evaluate_plan`)."""

    __slots__ = ("base", "branching", "by_name", "complements", "constant", "names", "needed", "unless")

    def __init__(self, rules: Iterable[CompiledRule], also: AbstractSet[str] = frozenset()) -> None:
        """``also``: rules met whatever fires (those the caller decided without durable-rules)."""
        constant = set()
        by_name: dict[str, list[str]] = {}
        complements = []
        branching = []
        names: set[str] = set()
        for compiled in rules:
            rid, plan = compiled.rule_id, compiled.plan
            kind = plan[0]
            if kind == "const":
                if plan[1]:
                    constant.add(rid)
                continue
            if kind == "fires":
                for n in plan[1]:
                    by_name.setdefault(n, []).append(rid)
            elif kind == "not":
                complements.append((rid, frozenset(plan[1])))
            else:
                branching.append((rid, plan))
            names.update(compiled.names)
        self.constant = frozenset(constant)
        self.by_name = {n: tuple(ids) for n, ids in by_name.items()}
        #: the rules met unless one of their names fires, and the rules each name rules out
        self.complements = frozenset(rid for rid, _ in complements)
        unless: dict[str, list[str]] = {}
        for rid, ns in complements:
            for n in ns:
                unless.setdefault(n, []).append(rid)
        self.unless = {n: tuple(ids) for n, ids in unless.items()}
        #: met before any firing is read: the constants, ``also`` and the complements
        self.base = frozenset(self.constant | self.complements | also)
        self.branching = tuple(branching)
        self.names = frozenset(names)
        #: some rule needs durable-rules to tell (the others hold or fail whatever the item)
        self.needed = bool(names)

    def met(self, fired: AbstractSet[str]) -> set[str]:
        """The rules met given the names that fired."""
        met = set(self.base)
        if fired:
            by_name, unless = self.by_name, self.unless
            out: set[str] = set()
            for n in fired:
                ids = by_name.get(n)
                if ids:
                    met.update(ids)
                ids = unless.get(n)
                if ids:
                    out.update(ids)
            if out:
                met -= out
        for rid, plan in self.branching:
            if evaluate_plan(plan, fired):
                met.add(rid)
        return met


class _Program:
    """Compiled rules registered in durable-rules: their rulesets, and what of a fact to send them —
    the keys the rules read and, for rules specialised per number of label claims, the claims in
    their slots (:func:`~green_procurement.lang.fields.label_slot`).  Not locked: its matcher is."""

    def __init__(self, rules: Iterable[Rule], compiled: CompiledRules, *, sample: bool = False) -> None:
        self.rules = {r.id: r for r in rules}
        self.compiled = compiled
        self.by_name = compiled.by_name()
        #: with ``sample``: how many facts were matched, and how often each durable rule fired in them
        #: (None once the program has been tuned, see ``DurableMatcher._tune``)
        self.seen = 0
        self.counts: dict[str, int] | None = {} if sample else None
        keys = {k.split(".")[0] for k in compiled.fact_keys} - {"id", "sid", GUARD_FIELD}
        nested: dict[str, set[str]] = {}
        for k in compiled.fact_keys:
            outer, _, inner = k.partition(".")
            if inner:
                nested.setdefault(outer, set()).add(inner)
        slots = {k for k in keys if k.startswith(_SLOT_PREFIX)}
        self.keys = tuple(sorted(keys))
        self._top = tuple(k for k in self.keys if k not in nested)
        self._nested = tuple((k, tuple(sorted(nested[k]))) for k in self.keys if k in nested and k not in slots)
        #: the label fields sent in each claim's slot (empty: the rules read no slot)
        self._slot_fields = tuple(sorted({f for k in slots for f in nested.get(k, ())}))
        #: the part of a fact these rules read (:func:`~green_procurement._durable_fact.projector`)
        self.project = projector(self._top, self._nested, self._slot_fields)
        self._handles: list[int] = []
        self._finalizer = weakref.finalize(self, _delete, self._handles)
        serial = next(_names)
        for i, definition in enumerate(compiled.rulesets):
            name = f"gpp{serial}_{i}"
            try:
                handle = _C.create_ruleset(name, encode({**definition, **_INIT_RULE}))
            except Exception as exc:
                self.close()
                raise self._diagnose_definition(definition, exc) from None
            self._handles.append(handle)
            _initialise(handle)

    def close(self) -> None:
        self._finalizer()

    @property
    def closed(self) -> bool:
        return not self._handles


    def fire(self, data: dict[str, Any], fid: str, rulesets: Iterable[int] | None = None) -> set[str]:
        """Names of the durable rules that fire for the projected fact ``data`` (each once); ``fid``, the
        fact's id, is letters and digits."""
        data[GUARD_FIELD] = GUARD_VALUE
        data["id"] = fid
        text = encode(data)
        retract = '{"id":"' + fid + '"}'          # fid is "f" and digits: nothing to escape
        names: set[str] = set()
        handles = self._handles
        for idx in range(len(handles)) if rulesets is None else rulesets:
            self._run(handles[idx], idx, text, retract, names)
        counts = self.counts
        if counts is not None:
            self.seen += 1
            for n in names:
                counts[n] = counts.get(n, 0) + 1
        return names

    def _run(self, handle: int, idx: int, text: str, retract: str, names: set[str]) -> None:
        try:
            code, state = _C.assert_fact(handle, text)
        except Exception as exc:
            raise self._diagnose_fact(idx, text, exc) from None
        if code == 1:          # matched no rule: nothing was stored
            return
        if code != 0:          # 2 = same id already stored, 3 = deferred: never expected here
            _C.retract_fact(handle, retract)
            raise RuleError(f"durable-rules refused the fact (code {code})", code="engine")
        try:
            result = _C.start_action_for_state(handle, state)
            message = result[1] if result else None
            while message:
                # message is '{"<rule name>": {...}}'; our rule names need no JSON escaping
                names.add(message[2:message.index('"', 2)])
                message = _C.complete_and_start_action(handle, state)
        except BaseException:
            try:
                _C.abandon_action(handle, state)
            finally:
                _C.retract_fact(handle, retract)
            raise
        _C.retract_fact(handle, retract)

    # -- naming the rule behind a C error ---------------------------------------------------------
    def _culprits(self, definition: Mapping[str, Any], test: Any) -> list[str]:
        bad = []
        for name, rule_def in definition.items():
            h = None
            try:
                h = _C.create_ruleset(f"gppdiag{next(_names)}", encode({name: rule_def, **_INIT_RULE}))
                _initialise(h)
                if test is not None:
                    code, _state = _C.assert_fact(h, test)
                    if code == 0:
                        _C.retract_fact(h, json.dumps({"id": json.loads(test)["id"]}))
            except Exception:
                bad.append(self.by_name.get(name, name))
            finally:
                if h is not None:
                    _delete([h])
        return bad

    def _diagnose_definition(self, definition: Mapping[str, Any], exc: Exception) -> RuleError:
        bad = self._culprits(definition, None)
        return self._error(bad, exc, "could not be registered")

    def _diagnose_fact(self, idx: int, text: str, exc: Exception) -> RuleError:
        bad = self._culprits(self.compiled.rulesets[idx], text)
        return self._error(bad, exc, "failed on an item")

    def _error(self, bad: list[str], exc: Exception, what: str) -> RuleError:
        if isinstance(exc, MemoryError):
            what += " (out of memory)"
        if bad:
            rule = self.rules.get(bad[0])
            return RuleError(f"rule {', '.join(bad)} {what} in durable-rules: {exc}",
                             path=rule.path if rule else None, line=rule.line if rule else None,
                             code="engine", hint="simplify the rule, or use backend='python'")
        return RuleError(f"durable-rules {what}: {exc} (the rules only fail together)", code="engine",
                         hint="too many rules may match one item; report this with the rules used")


class DurableMatcher:
    """Matches rules with durable-rules; safe to share between threads.

    Every rule is compiled once as written (the generic program).  For the facts of each product group
    (and number of label claims, up to :data:`MAX_SLOTS`) met, the applicable rules are also compiled
    specialised to what the group fixes (:mod:`green_procurement.lang.specialise`): the group's tests
    decided, its parameters written in, label quantifiers unrolled over the claims.  Those rulesets are
    cheaper for durable-rules to match (fewer alternatives, no list scans).  After :data:`SAMPLE` facts a
    program is compiled once more with the rules that fired for most of them turned round (condition
    and complement exchanged), so that few rules fire per fact.  Programs are a compiled form of the
    rules, not remembered results; ``specialise=False`` uses the generic program only (the
    differential tests check all of them against the reference)."""

    name = "durable"

    def __init__(self, rules: Iterable[Rule], compiled: CompiledRules, *, specialise: bool = True) -> None:
        if _C is None:  # pragma: no cover
            raise RuleError(f"durable-rules is not available: {IMPORT_ERROR}", code="no-backend",
                            hint='use backend="python"')
        self.rules = {r.id: r for r in rules}
        self.compiled = compiled
        self.plan = {c.rule_id: c for c in compiled.rules}
        self.by_name = compiled.by_name()
        self.specialise = specialise
        self._lock = threading.Lock()
        self._ids = itertools.count()
        self.projector = Projector(self.rules.values())
        self._memo: Memo[frozenset[str]] = Memo(DEFAULT_CACHE if self.projector.sound else 0)
        self.hits = self.misses = 0
        self._plans: dict[int, tuple[Any, ...]] = {}
        self._plan_numbers = itertools.count()
        #: specialised programs by (applicable rules, group values, claims); None: not expressible
        self._programs: dict[tuple[Any, ...], tuple[_Program, _Outcome] | None] = {}
        #: the program last used for (applicable rules, claims, group name), with its group values
        self._recent: dict[tuple[Any, ...], tuple[dict[str, Any], tuple[_Program, _Outcome] | None]] = {}
        self._generic = _Program(self.rules.values(), compiled)
        self.keys = self._generic.keys

    def close(self) -> None:
        """Delete the C rulesets now (also done when the matcher is garbage-collected)."""
        with self._lock:
            self._generic.close()
            for entry in self._programs.values():
                if entry is not None:
                    entry[0].close()
            self._programs.clear()
            self._recent.clear()
            self._memo.clear()

    @property
    def programs(self) -> int:
        """How many specialised programs have been compiled."""
        return sum(1 for p in self._programs.values() if p is not None)

    @property
    def cache_size(self) -> int:
        """Distinct projections memoised (0: no memo).  Always 0 when a rule uses an operator the
        projection cannot key (``projection`` None in the operator table)."""
        return self._memo.size

    @cache_size.setter
    def cache_size(self, size: int) -> None:
        self._memo.size = max(0, int(size)) if self.projector.sound else 0
        self.clear()

    def clear(self) -> None:
        """Forget every memoised firing."""
        with self._lock:
            self._memo.clear()

    def project(self, fact: Mapping[str, Any]) -> dict[str, Any]:
        """The part of a fact the compiled rules read, nested fields too (the rest is not sent to
        durable-rules)."""
        return self._generic.project(fact)

    def fired(self, fact: Mapping[str, Any], rulesets: Sequence[int] | None = None) -> frozenset[str]:
        """Names of the durable rules that fire for ``fact`` (each counted once), in every ruleset or in
        those numbered ``rulesets`` (the others hold no rule the caller reads)."""
        data = self._generic.project(fact)
        with self._lock:
            if self._generic.closed:
                raise RuleError("this engine has been closed", code="closed")
            return frozenset(self._generic.fire(data, f"f{next(self._ids)}", rulesets))

    def met(self, fact: Mapping[str, Any], applicable: Sequence[Rule]) -> set[str]:
        """Ids of the ``applicable`` rules whose condition holds for ``fact``.

        durable-rules is not asked when no applicable rule needs a firing (none applies, or each holds
        or fails whatever the item).  The outcome is memoised by the fact's exact rule-relevant
        projection (:mod:`green_procurement.projection`) for these rules: a printer's outcome does not
        depend on an attribute only a vehicle rule reads.  ``cache_size = 0`` turns the memo off."""
        plans = self._plans.get(id(applicable))
        if plans is None or plans[0] is not applicable:
            plans = self._plans_of(applicable)
        _, outcome, number, projector, rulesets, unlabelled = plans
        if not outcome.needed:
            return set(outcome.constant)
        memo = self._memo
        key = (number, projector.key(fact)) if projector is not None and memo.active() else None
        if key is not None:
            cached = memo.get(key)
            if cached is not None:
                self.hits += 1
                return set(cached)
        if self.specialise:
            met = self._specialised(plans, fact)
        else:
            met = None
        if met is None:
            if fact.get("label_count", 1) == 0:
                rulesets = unlabelled  # the other rulesets hold only rules that need a label claim
            met = outcome.met(self.fired(fact, rulesets))
        if key is not None:
            self.misses += 1
            memo.put(key, frozenset(met))
        return met

    def _specialised(self, plans: tuple[Any, ...], fact: Mapping[str, Any]) -> set[str] | None:
        """The outcome from the program specialised for this fact's group values and claims, compiled
        when first needed; None when there is none (too many programs, or not expressible)."""
        applicable, outcome, number = plans[0], plans[1], plans[2]
        known = group_values(fact)
        labels = fact.get(LABELS) or ()
        slots = len(labels) if len(labels) <= MAX_SLOTS else None
        # the facts of one group carry the same group values: looked up by the group's name first
        near = (number, slots, known.get("group"))
        with self._lock:
            if self._generic.closed:
                raise RuleError("this engine has been closed", code="closed")
            seen = self._recent.get(near)
            if seen is not None and seen[0] == known:
                entry = seen[1]
            else:
                key = (number, slots, tuple((k, _frozen(v)) for k, v in known.items()))
                entry = self._programs.get(key, _MISSING)
                if entry is _MISSING:
                    if len(self._programs) >= MAX_PROGRAMS:
                        return None
                    entry = self._programs[key] = self._compile(applicable, outcome, known, slots)
                self._recent[near] = (known, entry)
            if entry is None:
                return None
            program, spec = entry
            fired = program.fire(program.project(fact), f"f{next(self._ids)}") if spec.needed else set()
            if program.counts is not None and program.seen >= SAMPLE:
                self._tune(program, applicable, outcome, known, slots, near)
        return spec.met(fired)

    def _compile(self, applicable: Sequence[Rule], outcome: _Outcome, known: Mapping[str, Any],
                 slots: int | None, flip: AbstractSet[str] = frozenset()) -> tuple[_Program, _Outcome] | None:
        rules = [attrs.evolve(r, when=specialise(r.when, known, slots), applies_to=AppliesTo(all=True))
                 for r in applicable if r.id not in outcome.constant and self.plan[r.id].plan[0] != "const"]
        try:
            compiled = compile_rules(rules, flip=flip)
            program = _Program(rules, compiled, sample=not flip)
            return program, _Outcome(compiled.rules, outcome.constant)
        except RuleError:      # beyond durable-rules' limits once unrolled: the generic program serves
            return None

    def _tune(self, program: _Program, applicable: Sequence[Rule], outcome: _Outcome, known: Mapping[str, Any],
              slots: int | None, near: tuple[Any, ...]) -> None:
        """After :data:`SAMPLE` facts, compile the program again with the rules that fired for most of
        them turned the other way round (they then fire for few): fewer firings to collect, the same
        outcomes.  Once per program; called under the lock."""
        counts, seen = program.counts or {}, program.seen
        program.counts = None
        flip = {c.rule_id for c in program.compiled.rules if c.plan[0] in ("fires", "not")
                and 2 * sum(counts.get(n, 0) for n in c.names) > seen}
        if not flip:
            return
        tuned = self._compile(applicable, outcome, known, slots, frozenset(flip))
        if tuned is None:
            return
        key = (near[0], slots, tuple((k, _frozen(v)) for k, v in known.items()))
        self._programs[key] = tuned
        self._recent[near] = (dict(known), tuned)
        program.close()

    def _plans_of(self, applicable: Sequence[Rule]) -> tuple[Any, ...]:
        """How to read the outcomes of a tuple of applicable rules, the rulesets that hold them, and
        the projector of those rules; kept per tuple (the schedule hands out one tuple per group and
        period)."""
        outcome = _Outcome(self.plan[r.id] for r in applicable)
        if len(self._plans) > 4096:
            self._plans.clear()
        projector = Projector(applicable)
        rulesets = tuple(i for i, definition in enumerate(self.compiled.rulesets)
                         if outcome.names.intersection(definition))
        labelled = self.compiled.labelled
        unlabelled = tuple(i for i in rulesets if not (i < len(labelled) and labelled[i]))
        entry = (applicable, outcome, next(self._plan_numbers), projector if projector.sound else None,
                 rulesets, unlabelled)
        self._plans[id(applicable)] = entry
        return entry
