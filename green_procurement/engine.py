"""The engine: enrich each item, match the rules (durable-rules or the reference), score.

Matching is the only thing the two backends do differently; enrichment (``enrich.py``), applicability
(groups, tags, effective dates), findings, messages, scores and statuses are computed here once for
both.  What can be worked out from the rules alone is worked out when the engine is built: which rules
apply to each product group in each period of effective dates, and each message template's parts.

Three memos, all of one kind (:class:`~green_procurement._memo.Memo`: bounded, idle while they miss):
the row memo (:class:`RowMemo`), which reuses the result of an item that repeats an earlier one in every
input the result depends on, its key derived from the data model (``attrs.fields`` of the item's class)
and the rules' IR, never listed by hand; enrichment's classification memo, by description and code; and
the durable backend's projection memo (:mod:`green_procurement.projection`).  ``cache_size = 0`` turns
all three off, and the results do not change.
"""

from __future__ import annotations

import bisect
import datetime
import operator
import threading
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

import attrs

from ._memo import Memo
from ._messages import msg
from ._templates import GROUP_PLACEHOLDERS, Template
from .bids import Bid, BidComparison, BidResult, compare_bids
from .catalog import ProductGroup
from .classify import Classification
from .enrich import EnrichedItem, Enricher, Needs
from .errors import GppError, GppWarning, InputError, RuleError
from .lang import ir
from .lang.fields import ATTRIBUTES, ITEM_FIELDS, LABEL_FIELDS, PLACEHOLDERS, model_sources
from .model import Attributes, LineItem, PurchaseRequest
from .results import Finding, ItemResult, RequestResult, score_of
from .rules import SCORED, Rule, RuleSet, load_ruleset

__all__ = ["BACKENDS", "Engine", "EngineSpec", "RowMemo", "load", "load_default"]

BACKENDS = ("durable", "python")
#: Rows (distinct items, by everything their result depends on) whose results the row memo keeps.
DEFAULT_CACHE = 50_000
_warned = threading.Event()


class Matcher(Protocol):
    name: str

    def met(self, fact: Mapping[str, Any], applicable: Sequence[Rule]) -> set[str]: ...

    def clear(self) -> None: ...

    def close(self) -> None: ...


def _make_matcher(ruleset: RuleSet, backend: str) -> Matcher:
    from .reference import ReferenceMatcher

    if backend not in BACKENDS:
        raise GppError(msg("engine.bad-backend", backend=backend), code="bad-backend",
                       hint=msg("engine.bad-backend.hint", backends=", ".join(BACKENDS)))
    if backend == "python":
        return ReferenceMatcher(ruleset.rules)
    from . import _durable

    if not _durable.available():
        if not _warned.is_set():
            _warned.set()
            warnings.warn(GppWarning(msg("warning.durable-fallback", reason=_durable.IMPORT_ERROR)),
                          stacklevel=4)
        return ReferenceMatcher(ruleset.rules)
    from .compiler import check_limits, compile_rules

    try:
        compiled = compile_rules(ruleset.rules, {g.id: g.tags for g in ruleset.catalog.groups.values()})
    except RuleError as exc:        # say which rules durable-rules cannot run, every one of them
        raise RuleError.from_problems(check_limits(ruleset.rules) or exc.problems) from None
    return _durable.DurableMatcher(ruleset.rules, compiled)


# -- what is worked out from the rules once -------------------------------------------------------------

class _Schedule:
    """The rules that apply to an item of each group on each day, in rule order, and what of the item's
    fact they read: the effective dates cut time into periods in which the applicable rules do not
    change, and each (group, period) gets its tuple and :class:`~green_procurement.enrich.Needs` when
    the engine is built."""

    def __init__(self, rules: tuple[Rule, ...], groups: Iterable[ProductGroup]) -> None:
        bounds: set[datetime.date] = set()
        for r in rules:
            if r.effective_from is not None:
                bounds.add(r.effective_from)
            if r.effective_to is not None and r.effective_to < datetime.date.max:
                bounds.add(r.effective_to + datetime.timedelta(days=1))
        self.all = rules
        self.bounds = sorted(bounds)
        days = [datetime.date.min] + self.bounds      # a day in each period
        self.table: dict[str | None, list[tuple[tuple[Rule, ...], Needs]]] = {}
        needs: dict[tuple[Rule, ...], Needs] = {}
        for g in (None, *groups):
            periods = []
            for d in days:
                applicable = tuple(r for r in rules if r.applies(g, d))
                if applicable not in needs:
                    needs[applicable] = _needs(applicable)
                periods.append((applicable, needs[applicable]))
            self.table[g.id if g else None] = periods

    def plan(self, group: ProductGroup | None, on: datetime.date) -> tuple[tuple[Rule, ...], Needs]:
        """The applicable rules and what they read of the fact."""
        periods = self.table.get(group.id if group else None)
        if periods is None:   # a group of another catalogue (a caller's own): work it out
            applicable = tuple(r for r in self.all if r.applies(group, on))
            return applicable, _needs(applicable)
        return periods[bisect.bisect_right(self.bounds, on)]

    def rules(self, group: ProductGroup | None, on: datetime.date) -> tuple[Rule, ...]:
        return self.plan(group, on)[0]


def _needs(rules: Iterable[Rule]) -> Needs:
    """The attributes, and whether the folded texts, that these rules' conditions and messages read."""
    attributes = set()
    folded = False
    for rule in rules:
        for test in ir.tests(rule.when):
            if isinstance(test.operand, ir.Phrases):
                folded = True
        for name in (*_rule_fields(rule), *_presence_fields(rule)):
            if name.startswith(ATTRIBUTES + "."):
                attributes.add(name[len(ATTRIBUTES) + 1:])
    return Needs(frozenset(attributes), folded)


def _presence_fields(rule: Rule) -> Iterator[str]:
    """The item fields a rule's condition only tests for presence (``exists``)."""
    for test, inside in ir.in_label(rule.when):
        if test.op == "exists" and not inside:
            yield test.field.name


def _rule_fields(rule: Rule) -> Iterator[str]:
    """The fields and placeholders a rule's condition and messages read for their value (a test
    that only asks whether an item field is there is :func:`_presence_fields`)."""
    for test, inside in ir.in_label(rule.when):
        if test.op != "exists" or inside:
            yield test.field.name
        if isinstance(test.operand, ir.Param):
            yield test.operand.field.name
    for node in ir.walk(rule.when):
        if isinstance(node, (ir.AnyLabel, ir.NoLabel)):
            yield "labels"
    for text in (rule.message_met, rule.message_not_met):
        yield from Template.of(text).names


#: Input model fields enrichment reads for every item, whatever the rules: classification reads the
#: group, code and description; label claims and attributes are checked against the catalogue.
_ALWAYS_READ = frozenset({"product_group", "code", "description", "labels", "attributes",
                          "unit"})    # the unit tells a package line (ItemResult.package)
#: Every input field the fact schema and the placeholders know (anything else counts as read).
_KNOWN = (frozenset(s for f in (*ITEM_FIELDS.values(), *LABEL_FIELDS.values()) for s in f.sources)
          | frozenset(s for srcs in PLACEHOLDERS.values() for s in srcs) | _ALWAYS_READ)


#: Types whose values stand for themselves in a key: no value of another of them compares equal.
_PLAIN = frozenset({str, int, type(None)})


def _key_value(v: Any) -> Any:
    """``v`` as part of a memo key that also tells apart values that compare equal across types
    (``True == 1 == Decimal(1)``): an item's values are only type-checked by enrichment."""
    t = type(v)
    if t in _PLAIN:
        return v
    if t is tuple:
        return tuple([x if type(x) in _PLAIN else _key_value(x) for x in v])
    if t is Attributes:        # its values are scalars: their types beside them tell 1 from True
        return tuple(v.items()), tuple(map(type, v.values()))
    get = _FIELD_GETTERS.get(t)
    if get is not None or (attrs.has(t) and (get := _field_getter(t)) is not None):
        # an attrs value (a label claim): its fields and their types, hashed and compared in C rather
        # than by the class's own __hash__ and __eq__
        fields = get(v)
        return t, fields, tuple(map(type, fields))
    if isinstance(v, Mapping):
        return tuple([(k, x if type(x) in _PLAIN else _key_value(x)) for k, x in v.items()])
    return (t, v)


#: Per attrs class met in a key: a function giving the tuple of its field values.
_FIELD_GETTERS: dict[type, Callable[[Any], tuple[Any, ...]]] = {}


def _field_getter(cls: type) -> Callable[[Any], tuple[Any, ...]] | None:
    """The tuple of an attrs instance's field values, for classes of two fields or more (one field
    gives a bare value); None for other classes (keyed as ``(type, value)``)."""
    names = [f.name for f in attrs.fields(cls)]
    if len(names) < 2:
        return None
    get = _FIELD_GETTERS[cls] = operator.attrgetter(*names)
    return get


class RowMemo:
    """The engine's row memo: the result of an item, by every input it depends on.

    The key is made of the item's attrs fields (``attrs.fields`` of its class, so a field added to the
    model is in the key until the fact schema says which rule fields it feeds), the request's ``entity``
    and ``funding``, and the day — minus the inputs that no rule condition, no rule message and no step
    of enrichment reads, as worked out from the rules' IR and the fact schema."""

    def __init__(self, rules: Iterable[Rule], size: int = DEFAULT_CACHE) -> None:
        read = set(_ALWAYS_READ)
        presence: set[str] = set()
        for rule in rules:
            for name in _rule_fields(rule):
                read.update(model_sources(name))
            presence.update(s for name in _presence_fields(rule) for s in model_sources(name))
        self.unread = frozenset(_KNOWN - read - presence)
        #: inputs the rules only test for presence (``value: {exists: true}``): keyed by being there
        self.presence_only = frozenset(presence - read)
        self._memo: Memo[tuple[Any, ...]] = Memo(size)
        #: per item class: the function that makes its key (:meth:`_key_maker`)
        self._keys: dict[type, Callable[[Any, datetime.date, str | None, str | None], Any]] = {}

    @property
    def size(self) -> int:
        return self._memo.size

    @size.setter
    def size(self, size: int) -> None:
        self._memo.size = max(0, int(size))
        self._memo.clear()

    def active(self) -> bool:
        """Whether to look this row up (see :class:`~green_procurement._memo.Memo`)."""
        return self._memo.active()

    def key(self, item: LineItem, on: datetime.date, entity: str | None, funding: str | None) -> Any:
        make = self._keys.get(type(item))
        if make is None:
            make = self._keys[type(item)] = self._key_maker(type(item))
        return make(item, on, entity, funding)

    def _key_maker(self, cls: type) -> Callable[[Any, datetime.date, str | None, str | None], Any]:
        """The key of an item of ``cls``, written as one function (a statement per field, no loop over
        field names: it runs for every row): per field in the key, its value (:func:`_key_value`) or,
        for a field only tested for presence, whether it is missing; then entity, funding and the day."""
        parts = []
        lines = ["def key(item, on, entity, funding):"]
        for k, f in enumerate(a for a in attrs.fields(cls) if a.name not in self.unread):
            lines.append(f"    v{k} = item.{f.name}")
            parts.append(f"v{k} is None" if f.name in self.presence_only else
                         f"(v{k} if type(v{k}) in PLAIN else key_value(v{k}))")
        entity = "entity" if "entity" not in self.unread else "None"
        funding = "funding" if "funding" not in self.unread else "None"
        lines.append(f"    return (({''.join(p + ', ' for p in parts)}), {entity}, {funding}, on)")
        namespace: dict[str, Any] = {"PLAIN": _PLAIN, "key_value": _key_value}
        exec(compile("\n".join(lines), f"<row memo key of {cls.__name__}>", "exec"), namespace)
        make: Callable[[Any, datetime.date, str | None, str | None], Any] = namespace["key"]
        return make

    def get(self, key: Any) -> tuple[Any, ...] | None:
        return self._memo.get(key)

    def put(self, key: Any, value: tuple[Any, ...]) -> None:
        self._memo.put(key, value)

    def clear(self) -> None:
        self._memo.clear()


class Engine:
    """Scores purchase requests against a :class:`RuleSet`.

    Thread-safe: one engine may be shared by the threads of a web application.  Deterministic: the
    same input, date and rules give byte-identical ``to_dict()`` JSON.  Close it (or use it as a
    context manager) to free durable-rules' memory at once rather than at garbage collection.
    """

    def __init__(self, ruleset: RuleSet, backend: str = "durable") -> None:
        self.ruleset = ruleset
        self._matcher = _make_matcher(ruleset, backend)
        matches = [t for r in ruleset.rules for t in ir.tests(r.when) if isinstance(t.operand, ir.Phrases)]
        self._enricher = Enricher(ruleset.catalog, ruleset.scoring.undated_certificates,
                                  {t.field.name for t in matches},
                                  {p for t in matches for p in t.operand.phrases},  # type: ignore[union-attr]
                                  ruleset.scoring.unverified_certificates)
        self._version = ruleset.version
        self._schedule = _Schedule(ruleset.rules, ruleset.catalog.groups.values())
        self._templates = {r.id: (Template.of(r.message_met), Template.of(r.message_not_met))
                           for r in ruleset.rules}
        self._rows = RowMemo(ruleset.rules)
        self._fixed = self._fixed_findings()
        self._scorings: dict[tuple[str | None, int], tuple[Any, ...]] = {}

    def _fixed_findings(self) -> dict[tuple[str | None, str, bool], Finding]:
        """The findings that are the same for every item of a group: those whose message reads nothing
        but the group (its name, its parameters).  Made once; the others are made per item."""
        out = {}
        for group in (None, *self.ruleset.catalog.groups.values()):
            for rule in self.ruleset.rules:
                pts = rule.points if rule.severity in SCORED else 0
                for ok, template in ((True, self._templates[rule.id][0]), (False, self._templates[rule.id][1])):
                    if not all(n in GROUP_PLACEHOLDERS or n.startswith("param.") for n in template.names):
                        continue
                    text = template.fill_for_group(group)
                    out[(group.id if group else None, rule.id, ok)] = Finding(
                        rule.id, rule.severity, "met" if ok else "not_met", pts if ok else 0, pts, rule.basis,
                        text, rule.title)
        return out

    # -- public --------------------------------------------------------------------------------------
    @property
    def backend(self) -> str:
        """``durable`` or ``python``: the backend actually in use."""
        return self._matcher.name

    @property
    def cache_size(self) -> int:
        """How many entries each memo keeps — the row memo, the classification memo and the durable
        backend's projection memo (:mod:`green_procurement._memo`); 0 turns them all off."""
        return self._rows.size

    @cache_size.setter
    def cache_size(self, size: int) -> None:
        size = max(0, int(size))
        self._rows.size = size
        self._enricher.memo.size = size
        self._enricher.memo.clear()
        if hasattr(self._matcher, "cache_size"):
            self._matcher.cache_size = size
        self._matcher.clear()

    @property
    def version(self) -> str:
        """sha256 over every catalogue and rule file this engine loaded."""
        return self._version

    def evaluate(self, request: PurchaseRequest | Mapping[str, Any],
                 on: datetime.date | None = None) -> RequestResult:
        """Score one purchase request on day ``on`` (default: today).

        Raises :class:`InputError` for a bad request (unknown label scheme, grade off the scale,
        an attribute of the wrong type...), naming the field path."""
        req = request if isinstance(request, PurchaseRequest) else PurchaseRequest.from_dict(request)
        day = _day(on)
        items = tuple(self.evaluate_item(req, i, day) for i in range(len(req.items)))
        return self.request_result(req, items, day)

    def evaluate_many(self, requests: Iterable[PurchaseRequest | Mapping[str, Any]],
                      on: datetime.date | None = None) -> Iterator[RequestResult]:
        """Score requests one by one as they come (a generator); same results as :meth:`evaluate`."""
        day = _day(on)
        for request in requests:
            yield self.evaluate(request, day)

    def evaluate_item(self, request: PurchaseRequest, index: int, on: datetime.date,
                      path: str | None = None) -> ItemResult:
        """Score the ``index``-th item of ``request``."""
        return self.evaluate_line(request.items[index], on, entity=request.entity, funding=request.funding,
                                  path=path if path is not None else f"items[{index}]")

    def evaluate_line(self, item: LineItem, on: datetime.date, *, entity: str | None = None,
                      funding: str | None = None, path: str = "item", row: int | None = None) -> ItemResult:
        """Score one line item outside a request (batch use); ``entity``/``funding`` as its request's,
        ``row`` the batch row number recorded in the result.  Uses the row memo (:class:`RowMemo`)."""
        memo = self._rows
        key = memo.key(item, on, entity, funding) if memo.active() else None
        if key is not None:
            hit = memo.get(key)
            if hit is not None:
                gid, priority, score, status, findings, by, evidence, package, found = hit
                return ItemResult(item.id, item.description, gid, priority, item.value, score, status, findings,
                                  by, evidence, None, row, package, found)
        enricher = self._enricher
        cls, words = enricher.classified(item, path)
        applicable, needs = self._schedule.plan(cls.group, on)
        enriched = enricher.enrich_line(item, on, entity=entity, funding=funding, path=path, cls=cls, needs=needs,
                                        words=words)
        result = self._score(enriched, self._matcher.met(enriched.fact, applicable), applicable, row)
        if key is not None:
            memo.put(key, (result.product_group, result.priority, result.score_exact, result.status,
                           result.findings, result.classified_by, result.evidence, result.package,
                           result.groups_found))
        return result

    def enrich(self, request: PurchaseRequest, index: int, on: datetime.date,
               path: str | None = None) -> EnrichedItem:
        """The enriched fact the rules see for one item."""
        return self._enricher.enrich(request, request.items[index], index, on, path)

    def classify(self, description: str, code: str | None = None) -> Classification:
        """The product group the catalogue gives a description (and item code), with the evidence
        or the reason it gives none: what :meth:`evaluate` would use for an item without a
        ``product_group``."""
        return self._enricher.classifier.classify(description, code)

    def applicable(self, group: ProductGroup | None, on: datetime.date) -> tuple[Rule, ...]:
        """The rules that apply to an item of ``group`` on day ``on``, in rule order."""
        return self._schedule.rules(group, on)

    def met(self, enriched: EnrichedItem, on: datetime.date) -> set[str]:
        """Ids of the applicable rules whose condition holds (the backend's only job)."""
        return self._matcher.met(enriched.fact, self.applicable(enriched.group, on))

    def score(self, enriched: EnrichedItem, met: set[str], on: datetime.date, *,
              row: int | None = None) -> ItemResult:
        """Findings, score and status of an item from the set of rules it meets."""
        return self._score(enriched, met, self.applicable(enriched.group, on), row)

    def _scoring(self, gid: str | None, applicable: tuple[Rule, ...]) -> tuple[Any, ...]:
        """What scoring an item of group ``gid`` under ``applicable`` needs of each rule — its id, points,
        whether it is a requirement, its two findings when they are the same for every item of the
        group (else None), the rule —, the points possible and the score of each number of points
        earned (up to :data:`_SCORE_TABLE` of them); worked out once per group and tuple."""
        key = (gid, id(applicable))
        plan = self._scorings.get(key)
        if plan is not None and plan[0] is applicable:
            return plan
        rows = []
        possible = 0
        for rule in applicable:
            pts = rule.points if rule.severity in SCORED else 0
            possible += pts
            rows.append((rule.id, pts, rule.severity == "requirement", self._fixed.get((gid, rule.id, True)),
                         self._fixed.get((gid, rule.id, False)), rule))
        if len(self._scorings) > 4096:
            self._scorings.clear()
        scores = tuple(score_of(earned, possible) for earned in range(possible + 1)) \
            if possible <= _SCORE_TABLE else ()
        plan = self._scorings[key] = (applicable, tuple(rows), possible, scores)
        return plan

    def _score(self, enriched: EnrichedItem, met: set[str], applicable: tuple[Rule, ...],
               row: int | None) -> ItemResult:
        group = enriched.group
        _, rows, possible, scores = self._scoring(group.id if group else None, applicable)
        findings = []
        earned = 0
        requirements_met = True
        templates = self._templates
        for rid, pts, requirement, if_met, if_not, rule in rows:
            if rid in met:
                earned += pts
                finding = if_met
                if finding is None:
                    finding = Finding(rid, rule.severity, "met", pts, pts, rule.basis,
                                      templates[rid][0].fill(enriched), rule.title)
            else:
                if requirement:
                    requirements_met = False
                finding = if_not
                if finding is None:
                    finding = Finding(rid, rule.severity, "not_met", 0, pts, rule.basis,
                                      templates[rid][1].fill(enriched), rule.title)
            findings.append(finding)
        score = scores[earned] if 0 <= earned < len(scores) else score_of(earned, possible)
        threshold = self.ruleset.scoring.green_min_score
        if group is None or not group.priority:
            status = "not_prioritised"
        elif requirements_met and possible and 100 * earned >= threshold * possible:
            status = "green"
        elif earned > 0:
            status = "partial"
        else:
            status = "not_green"
        cls = enriched.classification
        item = enriched.item
        return ItemResult(item.id, item.description, group.id if group else None,
                          bool(group and group.priority), enriched.value, score, status, tuple(findings), cls.by,
                          cls.evidence if cls.by else cls.reason, None, row, enriched.package,
                          cls.groups_found if cls.mixed else ())

    def request_result(self, request: PurchaseRequest, items: Iterable[ItemResult],
                       on: datetime.date) -> RequestResult:
        """Assemble a request result from item results (some may be ``error`` items in batch use)."""
        return RequestResult(request.id, request.entity, on, self._version, tuple(items))

    def error_item(self, item_id: str, description: str, error: GppError | str,
                   row: int | None = None) -> ItemResult:
        """An ``error`` item result: the row could not be read or scored; ``error`` says why."""
        return ItemResult(item_id, description, None, False, None, None, "error", (), None, None,
                          str(error), row)

    def compare_bids(self, bids: Iterable[Bid | Mapping[str, Any]], on: datetime.date | None = None, *,
                     eco_margin: int | Decimal | None = None, rejected: Iterable[BidResult] = ()) -> BidComparison:
        """Rank the bids of each lot by evaluated price with the preferences of ``rules/bids.yaml`` in force
        on ``on`` (see :mod:`green_procurement.bids`); ``eco_margin`` is the eco-label margin the bidding
        documents set, in percent.  Raises :class:`InputError` for a bad bid or a day no settings cover."""
        return compare_bids(self.ruleset, self._enricher, bids, _day(on), self._version, eco_margin=eco_margin,
                            rejected=rejected)

    def close(self) -> None:
        """Release the backend's resources (durable-rules rulesets)."""
        self._matcher.close()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- integration: repr, pickling, DataFrames (issue 15) ---------------------------------------------
    def __repr__(self) -> str:
        rs, cat = self.ruleset, self.ruleset.catalog
        return (f"<Engine catalog={cat.directory!r} ({len(cat.labels)} labels, {len(cat.groups)} groups, "
                f"{len(cat.attributes)} attributes) rules={rs.directory!r} ({len(rs.rules)} rules) "
                f"version={self._version[:12]} backend={self.backend}>")

    @property
    def spec(self) -> EngineSpec:
        """How to load this engine again elsewhere (a worker process, a Dask worker): its folders
        (None for the shipped ones), backend, cache and version hash, which the loaded copy must have."""
        return EngineSpec(_folder(self.ruleset.catalog.directory, "catalog"), _folder(self.ruleset.directory, "rules"),
                          self.backend, self.cache_size > 0, self._version)

    def __reduce__(self) -> tuple[Any, ...]:
        # an engine holds durable-rules handles and locks: it travels as its spec and is loaded again
        return (EngineSpec.load, (self.spec,))

    def evaluate_frame(self, df: Any, on: datetime.date | None = None, lang: str = "vi") -> Any:
        """Score a pandas DataFrame of batch rows: one output row per input row, the report's columns
        (:func:`green_procurement.frame.evaluate_frame`; needs the ``pandas`` extra)."""
        from .frame import evaluate_frame

        return evaluate_frame(self, df, on=on, lang=lang)


#: Scores worked out when a rule tuple is first scored, for up to this many points possible.
_SCORE_TABLE = 1000


def _folder(directory: str, name: str) -> str | None:
    """``directory`` as an absolute path, or None when it is the shipped ``name`` folder."""
    from ._resources import data_dir

    path = Path(directory).resolve()
    return None if path == data_dir(name).resolve() else str(path)


@attrs.frozen
class EngineSpec:
    """How another process loads the same engine: catalogue and rules folders (None: the shipped
    ones), backend, row memo on or off, and the version hash the loaded rules must have (None: any).
    Picklable; :meth:`load` raises :class:`GppError` when the files there are not the same."""

    catalog: str | None = None
    rules: str | None = None
    backend: str = "durable"
    cache: bool = True
    version: str | None = None

    def load(self) -> Engine:
        engine = load(self.catalog and Path(self.catalog), self.rules and Path(self.rules), self.backend)
        if self.version is not None and engine.version != self.version:
            engine.close()
            raise GppError(msg("engine.version-mismatch", expected=self.version[:12], found=engine.version[:12]),
                           code="version-mismatch", hint=msg("engine.version-mismatch.hint"))
        if not self.cache:
            engine.cache_size = 0
        return engine


def _day(on: datetime.date | None) -> datetime.date:
    if on is None:
        return datetime.date.today()
    if isinstance(on, datetime.datetime):
        return on.date()
    if not isinstance(on, datetime.date):
        raise InputError(msg("engine.bad-day", value=repr(on)), path="on", code="bad-input")
    return on


def load(catalog: str | Path | None = None, rules: str | Path | None = None,
         backend: str = "durable") -> Engine:
    """Load a catalogue and rules directory into an :class:`Engine`.

    Raises :class:`CatalogError` or :class:`RuleError` listing every problem (file:line:column)."""
    return Engine(load_ruleset(catalog, rules), backend)


def load_default(backend: str = "durable") -> Engine:
    """An :class:`Engine` on the shipped catalogue and rules."""
    return load(None, None, backend)
