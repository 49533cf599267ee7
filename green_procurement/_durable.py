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
* rulesets are deleted (``delete_ruleset``) when the matcher is closed or garbage-collected.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
import weakref
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from ._memo import Memo
from .compiler import GUARD_FIELD, GUARD_VALUE, CompiledRules, evaluate_plan
from .errors import RuleError
from .projection import Projector
from .rules import Rule

try:  # durable-rules does not load on Python >= 3.13, nor where it could not be compiled
    import durable_rules_engine as _C

    IMPORT_ERROR: str | None = None
except ImportError as exc:  # pragma: no cover - exercised only where durable-rules is missing
    _C = None
    IMPORT_ERROR = str(exc)

__all__ = ["DurableMatcher", "available", "encode"]

#: A float in exponent form (``repr`` always signs the exponent); the literal first makes the scan cheap.
_EXPONENT = re.compile(r"e[-+]\d(?<=\de[-+]\d)")
_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))
#: Distinct projections remembered (each ~1 KB); the memo is cleared when full.
DEFAULT_CACHE = 50_000
_names = itertools.count()


def available() -> bool:
    """True when durable-rules' C engine can be used here."""
    return _C is not None


def _num(v: float) -> str:
    text = repr(v)
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    return text


def _slow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(k, ensure_ascii=False)}:{_slow(v)}"
                              for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_slow(v) for v in value) + "]"
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"not a finite number: {value}")
        return _num(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    return json.dumps(value, ensure_ascii=False)


def encode(value: Any) -> str:
    """JSON for durable-rules: like ``json.dumps`` but never ``1e-05`` (a parse error there)."""
    try:
        text = _ENCODER.encode(value)
    except TypeError:  # Decimal somewhere
        return _slow(value)
    if _EXPONENT.search(text):
        return _slow(value)
    return text


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


class DurableMatcher:
    """Matches rules with durable-rules; safe to share between threads."""

    name = "durable"

    def __init__(self, rules: Iterable[Rule], compiled: CompiledRules) -> None:
        if _C is None:  # pragma: no cover
            raise RuleError(f"durable-rules is not available: {IMPORT_ERROR}", code="no-backend",
                            hint='use backend="python"')
        self.rules = {r.id: r for r in rules}
        self.compiled = compiled
        self.plan = {c.rule_id: c for c in compiled.rules}
        self.by_name = compiled.by_name()
        self.keys = tuple(sorted({k.split(".")[0] for k in compiled.fact_keys} - {"id", "sid", GUARD_FIELD}))
        # the nested keys the rules read: a fact sends only these (smaller JSON, smaller firings)
        nested: dict[str, set[str]] = {}
        for k in compiled.fact_keys:
            outer, _, inner = k.partition(".")
            if inner:
                nested.setdefault(outer, set()).add(inner)
        self._top = tuple(k for k in self.keys if k not in nested)
        self._nested = tuple((k, tuple(sorted(nested[k]))) for k in self.keys if k in nested)
        self._lock = threading.Lock()
        self._ids = itertools.count()
        self.projector = Projector(rules)
        self._memo: Memo[frozenset[str]] = Memo(DEFAULT_CACHE if self.projector.sound else 0)
        self.hits = self.misses = 0
        self._plans: dict[int, tuple[Any, ...]] = {}
        self._plan_numbers = itertools.count()
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
        """Delete the C rulesets now (also done when the matcher is garbage-collected)."""
        with self._lock:
            self._finalizer()
            self._memo.clear()

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
        out = {k: fact[k] for k in self._top if k in fact}
        for outer, inner in self._nested:
            held = fact.get(outer)
            if not held:
                continue
            if isinstance(held, list):          # the label claims
                out[outer] = [{k: lab[k] for k in inner if k in lab} for lab in held]
                continue
            part = {k: held[k] for k in inner if k in held}
            if part:
                out[outer] = part
        return out

    def fired(self, fact: Mapping[str, Any], rulesets: Sequence[int] | None = None) -> frozenset[str]:
        """Names of the durable rules that fire for ``fact`` (each counted once), in every ruleset or in
        those numbered ``rulesets`` (the others hold no rule the caller reads)."""
        data = self.project(fact)
        data[GUARD_FIELD] = GUARD_VALUE
        with self._lock:
            if not self._handles:
                raise RuleError("this engine has been closed", code="closed")
            fid = f"f{next(self._ids)}"
            data["id"] = fid
            text = encode(data)
            retract = '{"id":' + json.dumps(fid) + "}"
            names: set[str] = set()
            handles = self._handles
            for idx in range(len(handles)) if rulesets is None else rulesets:
                self._run(handles[idx], idx, text, retract, names)
        return frozenset(names)

    def met(self, fact: Mapping[str, Any], applicable: Sequence[Rule]) -> set[str]:
        """Ids of the ``applicable`` rules whose condition holds for ``fact``.

        durable-rules is not asked when no applicable rule needs a firing (none applies, or each holds
        or fails whatever the item).  The outcome is memoised by the fact's exact rule-relevant
        projection (:mod:`green_procurement.projection`) for these rules: a printer's outcome does not
        depend on an attribute only a vehicle rule reads.  ``cache_size = 0`` turns the memo off."""
        plans = self._plans.get(id(applicable))
        if plans is None or plans[0] is not applicable:
            plans = self._plans_of(applicable)
        _, needed, constant, number, projector, rulesets, unlabelled = plans
        if not needed:
            return set(constant)
        if fact.get("label_count", 1) == 0:
            rulesets = unlabelled      # the other rulesets hold only rules that need a label claim
        memo = self._memo
        key = (number, projector.key(fact)) if projector is not None and memo.active() else None
        if key is not None:
            cached = memo.get(key)
            if cached is not None:
                self.hits += 1
                return set(cached)
        fired = self.fired(fact, rulesets)
        met = {rid for rid, plan in needed if evaluate_plan(plan, fired)} | constant
        if key is not None:
            self.misses += 1
            memo.put(key, frozenset(met))
        return met

    def _plans_of(self, applicable: Sequence[Rule]) -> tuple[Any, ...]:
        """The plans of a tuple of applicable rules, split into those that read firings and the rules
        that always hold, and the projector of those rules; kept per tuple (the schedule hands out one
        tuple per group and period)."""
        plans = [(r.id, self.plan[r.id].plan) for r in applicable]
        if len(self._plans) > 4096:
            self._plans.clear()
        projector = Projector(applicable)
        needed = tuple((rid, p) for rid, p in plans if p[0] != "const")
        names = {n for rid, _ in needed for n in self.plan[rid].names}
        rulesets = tuple(i for i, definition in enumerate(self.compiled.rulesets) if names.intersection(definition))
        labelled = self.compiled.labelled
        unlabelled = tuple(i for i in rulesets if not (i < len(labelled) and labelled[i]))
        entry = (applicable, needed, frozenset(rid for rid, p in plans if p[0] == "const" and p[1]),
                 next(self._plan_numbers), projector if projector.sound else None, rulesets, unlabelled)
        self._plans[id(applicable)] = entry
        return entry

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
