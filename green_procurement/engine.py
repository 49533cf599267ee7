"""The engine: enrich each item, match the rules (durable-rules or the reference), score.

Matching is the only thing the two backends do differently; enrichment (``enrich.py``), applicability
(groups, tags, effective dates), findings, messages, scores and statuses are computed here once for
both.
"""

from __future__ import annotations

import datetime
import string
import threading
import warnings
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from . import ir
from ._messages import msg
from ._schema import Text
from .catalog import ProductGroup
from .enrich import EnrichedItem, Enricher
from .errors import GppError, GppWarning, InputError
from .model import LineItem, PurchaseRequest
from .results import Finding, ItemResult, RequestResult
from .rules import SCORED, Rule, RuleSet, load_ruleset

__all__ = ["BACKENDS", "Engine", "load", "load_default"]

BACKENDS = ("durable", "python")
#: Distinct (group, date, rules met, message values) whose findings are kept for reuse.
SCORE_CACHE = 20_000
_warned = threading.Event()


class Matcher(Protocol):
    name: str

    def met(self, fact: Mapping[str, Any], applicable: Iterable[Rule]) -> set[str]: ...

    def close(self) -> None: ...


def _make_matcher(ruleset: RuleSet, backend: str) -> Matcher:
    from .reference import ReferenceMatcher

    if backend not in BACKENDS:
        raise GppError(f"unknown backend '{backend}'", code="bad-backend",
                       hint=f"use one of {', '.join(BACKENDS)}")
    if backend == "python":
        return ReferenceMatcher(ruleset.rules)
    from . import _durable

    if not _durable.available():
        if not _warned.is_set():
            _warned.set()
            warnings.warn(GppWarning(msg("warning.durable-fallback", reason=_durable.IMPORT_ERROR)),
                          stacklevel=4)
        return ReferenceMatcher(ruleset.rules)
    from .compiler import compile_rules

    return _durable.DurableMatcher(ruleset.rules, compile_rules(ruleset.rules))


class Engine:
    """Scores purchase requests against a :class:`RuleSet`.

    Thread-safe: one engine may be shared by the threads of a web application.  Deterministic: the
    same input, date and rules give byte-identical ``to_dict()`` JSON.  Close it (or use it as a
    context manager) to free durable-rules' memory at once rather than at garbage collection.
    """

    def __init__(self, ruleset: RuleSet, backend: str = "durable") -> None:
        self.ruleset = ruleset
        self._matcher = _make_matcher(ruleset, backend)
        matches = [n for r in ruleset.rules for n in ir.walk(r.when) if isinstance(n, ir.Match)]
        longest = max((len(p.split()) for m in matches for p in m.phrases), default=1)
        self._enricher = Enricher(ruleset.catalog, ruleset.scoring.undated_certificates,
                                  {m.field.name for m in matches}, longest)
        self._version = ruleset.version
        self._applicable_cache: dict[tuple[str | None, datetime.date], tuple[Rule, ...]] = {}
        self._placeholder_cache: dict[Any, tuple[tuple[Rule, ...], tuple[str, ...]]] = {}
        self._score_cache: dict[Any, tuple[tuple[Finding, ...], Decimal | None, str]] = {}
        self._met_cache: dict[Any, frozenset[str]] = {}
        self._line_cache: dict[Any, tuple[Any, ...]] = {}
        self._line_inputs = _row_inputs(ruleset.rules)

    # -- public --------------------------------------------------------------------------------------
    @property
    def backend(self) -> str:
        """``durable`` or ``python``: the backend actually in use."""
        return self._matcher.name

    @property
    def cache_size(self) -> int:
        """How many distinct rule-relevant projections the durable backend memoises (0 = off)."""
        return int(getattr(self._matcher, "cache_size", 0))

    @cache_size.setter
    def cache_size(self, size: int) -> None:
        if hasattr(self._matcher, "cache_size"):
            self._matcher.cache_size = max(0, int(size))
            self._matcher._cache.clear()
            self._met_cache.clear()
            self._line_cache.clear()

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
        ``row`` the batch row number recorded in the result.

        With the cache on (``cache_size``), the result of an item that repeats an earlier one in
        everything the result depends on (the item but its id, the quantity, the unit and the
        funding when no rule or message reads them; the date) is reused without enriching it again:
        purchase lists repeat the same products."""
        key = self._line_key(item, on, entity, funding) if self.cache_size else None
        if key is not None:
            try:
                hit = self._line_cache.get(key)
            except TypeError:   # an unhashable attribute value (the item is bad input anyway)
                key = hit = None
            if hit is not None:
                gid, priority, score, status, findings, by, evidence = hit
                return ItemResult(item.id, item.description, gid, priority, item.value, score, status, findings,
                                  by, evidence, None, row)
        enriched = self._enricher.enrich_line(item, on, entity=entity, funding=funding, path=path)
        result = self.score(enriched, self.met(enriched, on), on, row=row)
        if key is not None:
            if len(self._line_cache) >= self.cache_size:
                self._line_cache.clear()
            self._line_cache[key] = (result.product_group, result.priority, result.score_exact, result.status,
                                     result.findings, result.classified_by, result.evidence)
        return result

    def _line_key(self, item: LineItem, on: datetime.date, entity: str | None,
                  funding: str | None) -> tuple[Any, ...]:
        """Everything the result of ``item`` depends on (unhashable if an attribute value is)."""
        quantity, with_entity, with_funding, with_id = self._line_inputs
        return (item.description, item.product_group, item.code, item.unit, _exact(item.unit_price), item.labels,
                tuple((k, _exact(v)) for k, v in item.attributes.items()),
                _exact(item.quantity) if quantity else None, entity if with_entity else None,
                funding if with_funding else None, item.id if with_id else None, on)

    def enrich(self, request: PurchaseRequest, index: int, on: datetime.date,
               path: str | None = None) -> EnrichedItem:
        """The enriched fact the rules see for one item."""
        return self._enricher.enrich(request, request.items[index], index, on, path)

    def applicable(self, group: ProductGroup | None, on: datetime.date) -> tuple[Rule, ...]:
        """The rules that apply to an item of ``group`` on day ``on``, in rule order."""
        key = (group.id if group else None, on)
        cached = self._applicable_cache.get(key)
        if cached is None:
            cached = tuple(r for r in self.ruleset.rules if r.applies(group, on))
            if len(self._applicable_cache) > 4096:
                self._applicable_cache.clear()
            self._applicable_cache[key] = cached
        return cached

    def met(self, enriched: EnrichedItem, on: datetime.date) -> set[str]:
        """Ids of the applicable rules whose condition holds (the backend's only job).

        With the durable backend the answer is memoised by the fact's rule-relevant projection
        (:mod:`green_procurement.projection`) and the date; ``cache_size = 0`` turns that off."""
        projector = getattr(self._matcher, "projector", None)
        if projector is None or not self.cache_size:
            return self._matcher.met(enriched.fact, self.applicable(enriched.group, on))
        key = (projector.key(enriched.fact), on)
        hit = self._met_cache.get(key)
        if hit is None:
            hit = frozenset(self._matcher.met(enriched.fact, self.applicable(enriched.group, on)))
            if len(self._met_cache) >= self.cache_size:
                self._met_cache.clear()
            self._met_cache[key] = hit
        return hit  # type: ignore[return-value]

    def score(self, enriched: EnrichedItem, met: set[str], on: datetime.date, *,
              row: int | None = None) -> ItemResult:
        """Findings, score and status of an item from the set of rules it meets.

        The findings depend only on the group, the date, the rules met and the values of the message
        placeholders the applicable rules use, so they are computed once per distinct combination
        (purchase lists repeat the same products) and shared."""
        group = enriched.group
        gid = group.id if group else None
        applicable, names = self._applicable_with_placeholders(group, on)
        values = tuple(_placeholder_key(n, enriched) for n in names)
        key = (gid, on, met if isinstance(met, frozenset) else frozenset(met), values)
        cached = self._score_cache.get(key)
        if cached is None:
            cached = self._score(group, applicable, met, enriched)
            if len(self._score_cache) >= SCORE_CACHE:
                self._score_cache.clear()
            self._score_cache[key] = cached
        findings, score, status = cached
        cls = enriched.classification
        return ItemResult(enriched.item.id, enriched.item.description, gid, bool(group and group.priority),
                          enriched.value, score, status, findings, cls.by,
                          cls.evidence if cls.by else cls.reason, None, row)

    def _applicable_with_placeholders(self, group: ProductGroup | None, on: datetime.date
                                      ) -> tuple[tuple[Rule, ...], tuple[str, ...]]:
        key = (group.id if group else None, on)
        hit = self._placeholder_cache.get(key)
        if hit is None:
            rules = self.applicable(group, on)
            names = dict.fromkeys(name for r in rules for name in _placeholders(r))
            # placeholders that only depend on the group are already in the cache key
            hit = (rules, tuple(sorted(n for n in names if n not in _GROUP_PLACEHOLDERS
                                       and not n.startswith("param."))))
            if len(self._placeholder_cache) > 4096:
                self._placeholder_cache.clear()
            self._placeholder_cache[key] = hit
        return hit

    def _score(self, group: ProductGroup | None, applicable: tuple[Rule, ...], met: set[str],
               enriched: EnrichedItem) -> tuple[tuple[Finding, ...], Decimal | None, str]:
        findings = []
        earned = possible = 0
        requirements_met = True
        for rule in applicable:
            ok = rule.id in met
            pts = rule.points if rule.severity in SCORED else 0
            possible += pts
            if ok:
                earned += pts
            elif rule.severity == "requirement":
                requirements_met = False
            text = rule.message_met if ok else rule.message_not_met
            findings.append(Finding(rule.id, rule.severity, "met" if ok else "not_met", pts if ok else 0,
                                    pts, rule.basis, self._fill(text, enriched), rule.title))
        score = Decimal(100 * earned) / Decimal(possible) if possible else None
        threshold = self.ruleset.scoring.green_min_score
        if group is None or not group.priority:
            status = "not_prioritised"
        elif requirements_met and possible and 100 * earned >= threshold * possible:
            status = "green"
        elif earned > 0:
            status = "partial"
        else:
            status = "not_green"
        return tuple(findings), score, status

    def request_result(self, request: PurchaseRequest, items: Iterable[ItemResult],
                       on: datetime.date) -> RequestResult:
        """Assemble a request result from item results (some may be ``error`` items in batch use)."""
        return RequestResult(request.id, request.entity, on, self._version, tuple(items))

    def error_item(self, item_id: str, description: str, error: GppError | str,
                   row: int | None = None) -> ItemResult:
        """An ``error`` item result: the row could not be read or scored; ``error`` says why."""
        return ItemResult(item_id, description, None, False, None, None, "error", (), None, None,
                          str(error), row)

    def close(self) -> None:
        """Release the backend's resources (durable-rules rulesets)."""
        self._matcher.close()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- messages ----------------------------------------------------------------------------------
    def _fill(self, text: Text, enriched: EnrichedItem) -> Text:
        if "{" not in text.vi and "{" not in text.en:
            return text
        return Text(_fill(text.vi, enriched, "vi"), _fill(text.en, enriched, "en"))


def _day(on: datetime.date | None) -> datetime.date:
    if on is None:
        return datetime.date.today()
    if isinstance(on, datetime.datetime):
        return on.date()
    if not isinstance(on, datetime.date):
        raise InputError(f"on: expected a date, found {on!r}", path="on", code="bad-input")
    return on


def format_number(n: Any, lang: str) -> str:
    """``12500000`` -> ``12.500.000`` (vi) or ``12,500,000`` (en)."""
    if isinstance(n, bool):
        return ("có" if n else "không") if lang == "vi" else ("yes" if n else "no")
    if isinstance(n, float):
        n = Decimal(repr(n))
    if isinstance(n, Decimal):
        text = f"{n:,f}" if n != n.to_integral_value() else f"{int(n):,}"
    elif isinstance(n, int):
        text = f"{n:,}"
    else:
        return str(n)
    if lang == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


_GROUP_PLACEHOLDERS = frozenset({"group", "group_name"})


def _placeholders(rule: Rule) -> Iterator[str]:
    """The placeholder names of a rule's messages (``{quantity}``, ``{param.min_energy_grade}``...)."""
    for text in (rule.message_met, rule.message_not_met):
        for lang_text in (text.vi, text.en):
            if "{" in lang_text:
                for _, name, _, _ in string.Formatter().parse(lang_text):
                    if name is not None:
                        yield name


def _exact(v: Any) -> Any:
    """``v`` as a cache key that also tells apart values of other types that compare equal
    (``True == 1``): an item's values are not checked before it is enriched."""
    return v if type(v) is str or v is None else (type(v), v)


def _row_inputs(rules: Iterable[Rule]) -> tuple[bool, bool, bool, bool]:
    """Whether any rule's condition or message reads (the quantity or the value, the procuring
    unit, the funding, the item id): when none does, items that differ only in those share a result."""
    fields: set[str] = set()
    for rule in rules:
        for node in ir.walk(rule.when):
            field = getattr(node, "field", None)
            if isinstance(field, ir.Field) and field.scope == "item":
                fields.add(field.path[0])
        fields.update(_placeholders(rule))
    return (bool(fields & {"quantity", "value"}), "entity" in fields, "funding" in fields, "item_id" in fields)


def _placeholder_key(name: str, enriched: EnrichedItem) -> Any:
    """What a placeholder's text depends on, cheaply (a cache key, not the text)."""
    fact = enriched.fact
    if name == "labels":
        return tuple((lab["scheme"], lab.get("grade", lab.get("grade_text"))) for lab in fact.get("labels", ()))
    if name.startswith("attributes."):
        return fact.get("attributes", {}).get(name[11:])
    item = enriched.item
    if name == "item_id":
        return item.id
    if name == "description":
        return item.description
    if name == "quantity":
        return item.quantity
    if name == "unit_price":
        return item.unit_price
    if name == "value":
        return enriched.value
    return fact.get(name)


def _placeholder(name: str, enriched: EnrichedItem, lang: str) -> str:
    item: LineItem = enriched.item
    fact = enriched.fact
    group = enriched.group
    none = "(không có)" if lang == "vi" else "(none)"
    if name == "item_id":
        return item.id
    if name == "description":
        return item.description
    if name == "group":
        return group.id if group else none
    if name == "group_name":
        return group.name.get(lang) if group else ("chưa phân loại" if lang == "vi" else "unclassified")
    if name in ("quantity", "unit_price", "value"):
        return format_number({"quantity": item.quantity, "unit_price": item.unit_price,
                              "value": enriched.value}[name], lang)
    if name == "labels":   # the catalogue's ids, as the rules saw them
        parts = [lab["scheme"] + (f":{lab.get('grade', lab.get('grade_text'))}"
                                  if "grade_rank" in lab else "") for lab in fact.get("labels", ())]
        return ", ".join(parts) if parts else none
    if name in ("code", "unit", "entity"):
        v = fact.get(name)
        return v if v is not None else none
    if name.startswith("attributes."):
        v = fact.get("attributes", {}).get(name[11:])
    elif name.startswith("param."):
        v = fact.get("param", {}).get(name[6:])
    else:  # pragma: no cover - validated
        return "{" + name + "}"
    return none if v is None else format_number(v, lang) if not isinstance(v, str) else v


def _fill(template: str, enriched: EnrichedItem, lang: str) -> str:
    out = []
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        out.append(literal)
        if name is not None:
            out.append(_placeholder(name, enriched, lang))
    return "".join(out)


def load(catalog: str | Path | None = None, rules: str | Path | None = None,
         backend: str = "durable") -> Engine:
    """Load a catalogue and rules directory into an :class:`Engine`.

    Raises :class:`CatalogError` or :class:`RuleError` listing every problem (file:line:column)."""
    return Engine(load_ruleset(catalog, rules), backend)


def load_default(backend: str = "durable") -> Engine:
    """An :class:`Engine` on the shipped catalogue and rules."""
    return load(None, None, backend)

