"""Enrichment: what the rules see of a line item (shared by both backends).

Before any rule runs, an item is classified into a product group (:mod:`green_procurement.classify`), its
label claims are checked against the catalogue and dated on the evaluation day, and everything is typed
into one *fact*: a flat-ish dict of ``int``, ``float`` (non-integral numbers, at most 15 significant
digits), ``bool``, NFC ``str``, lists and small dicts, with absent values left out.  The fields a fact
has are those of the fact schema (:mod:`green_procurement.lang.fields`): this module gives one producer
per schema field and builds facts by walking the schema.  Both the durable-rules backend and the reference
interpreter match rules against this same fact, so they can only differ in matching.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from ._memo import Memo
from ._messages import join, msg
from ._text import fold
from .catalog import AttributeSpec, Catalog, Grades, LabelScheme, ProductGroup
from .certificates import TRUSTED
from .classify import Classification, Classifier
from .errors import InputError, suggest
from .lang.fields import (
    ATTRIBUTES,
    DESCRIPTION,
    FOLDED,
    ITEM_FIELDS,
    LABEL_FIELDS,
    LABELS,
    NUMBER,
    PARAMS,
    TEXT,
    grade_path,
)
from .model import LabelClaim, LineItem, Number, PurchaseRequest

__all__ = ["EnrichedItem", "Enricher", "Needs", "fact_number"]

#: Distinct descriptions whose classification is remembered (cleared when full).
CLASSIFICATION_MEMO = 50_000


def fact_number(n: Number) -> int | float:
    """A number as the rules see it: ``int``, or a ``float`` of at most 15 significant digits."""
    if isinstance(n, int):
        return n
    if n == n.to_integral_value():
        return int(n)
    digits = len(n.as_tuple().digits)
    if digits > 15:
        n = round(n, 15 - (digits + n.as_tuple().exponent))  # type: ignore[operator]
    return float(n)


@attrs.frozen
class Needs:
    """What some rules read of a fact beyond the fields every fact has: ``attributes`` (their ids) and
    whether the folded texts ``matches`` reads.  A fact made for them leaves the rest out; every
    attribute and label is still checked."""

    attributes: frozenset[str]
    folded: bool


@attrs.frozen
class EnrichedItem:
    """An item ready for matching: its fact, classification and exact value."""

    item: LineItem
    index: int
    classification: Classification
    value: Number | None          # None when the quantity or the price is not known
    fact: dict[str, Any]
    #: the line is a whole tender package (its wording or its unit, ``classification.packages``)
    package: bool = False

    @property
    def group(self) -> ProductGroup | None:
        return self.classification.group


@attrs.define(slots=True)     # not frozen: made per item, and a frozen class's __init__ costs 3x as much
class _ItemContext:
    item: LineItem
    cls: Classification
    group: ProductGroup | None
    value: Number | None
    entity: str | None
    funding: str | None
    package: bool


@attrs.define(slots=True)     # made per claim, see _ItemContext
class _LabelContext:
    claim: LabelClaim
    scheme: LabelScheme
    group: ProductGroup | None
    on: datetime.date
    accept_undated: bool
    #: the claim checked against the issuers' lists (:meth:`~green_procurement.certificates.Registry.check`)
    registry_status: str = "no_registry"
    reject_unverified: bool = True


def _valid(c: _LabelContext) -> bool:
    status = c.registry_status
    if status == "expired" or (c.reject_unverified and status not in TRUSTED):
        return False
    if c.claim.valid_until is not None:
        return c.on <= c.claim.valid_until
    return c.scheme.validity_years is None or c.accept_undated


#: One producer per item field of the schema: the value, or None when the fact leaves it out.
_ITEM: Mapping[str, Callable[[_ItemContext], Any]] = {
    "group": lambda c: c.group.id if c.group else None,
    "priority": lambda c: bool(c.group and c.group.priority),
    "classified": lambda c: c.group is not None,
    "tags": lambda c: list(c.group.tags) if c.group and c.group.tags else None,
    "quantity": lambda c: None if c.item.quantity is None else fact_number(c.item.quantity),
    "unit_price": lambda c: None if c.item.unit_price is None else fact_number(c.item.unit_price),
    "value": lambda c: None if c.value is None else fact_number(c.value),
    "description": lambda c: c.item.description,
    "code": lambda c: c.item.code,
    "unit": lambda c: c.item.unit,
    "entity": lambda c: c.entity,
    "funding": lambda c: c.funding,
    "label_count": lambda c: len(c.item.labels),
    "mixed": lambda c: c.cls.mixed,
    "package": lambda c: c.package,
}

#: One producer per label field of the schema (``grade`` is written where :func:`grade_path` says).
_LABEL: Mapping[str, Callable[[_LabelContext], Any]] = {
    "scheme": lambda c: c.scheme.id,
    "kind": lambda c: c.scheme.kind,
    "iso_type": lambda c: c.scheme.iso_type,
    "recognised": lambda c: c.scheme.recognised,
    "accepted": lambda c: bool(c.group and c.scheme.id in c.group.accepted_labels),
    "valid": _valid,
    "expiry_known": lambda c: c.claim.valid_until is not None or c.scheme.validity_years is None,
    "days_to_expiry": lambda c: (c.claim.valid_until - c.on).days if c.claim.valid_until is not None else None,
    "grade": lambda c: None,        # written with grade_rank, see Enricher.label
    "grade_rank": lambda c: None,
    "certificate": lambda c: c.claim.certificate,
    "verified": lambda c: c.registry_status == "verified",
    "registry_status": lambda c: c.registry_status,
}

if set(_ITEM) != set(ITEM_FIELDS) or set(_LABEL) != set(LABEL_FIELDS):  # pragma: no cover - a build error
    raise ImportError("enrich.py must give one producer per field of the fact schema (lang/fields.py)")
#: The fields the group fixes (made once per group, see ``Enricher._group_part``), then the others.
_GROUP_ORDER = tuple((name, _ITEM[name]) for name, f in ITEM_FIELDS.items() if f.derived)
_ITEM_ORDER = tuple((name, _ITEM[name]) for name, f in ITEM_FIELDS.items() if not f.derived)
if tuple(ITEM_FIELDS)[:len(_GROUP_ORDER)] != tuple(n for n, _ in _GROUP_ORDER):  # pragma: no cover
    raise ImportError("lang/fields.py must list the fields derived from the group first (a fact keeps that order)")
#: The label fields the scheme fixes (with the item's group, for ``accepted``): made once per (group,
#: scheme), see ``Enricher._scheme_part``; then the fields of the claim itself.
_SCHEME_ORDER = tuple((name, _LABEL[name]) for name, f in LABEL_FIELDS.items() if f.sources == ("scheme",))
_LABEL_ORDER = tuple((name, _LABEL[name]) for name, f in LABEL_FIELDS.items()
                     if f.sources != ("scheme",) and name != "grade_rank")
if tuple(LABEL_FIELDS)[:len(_SCHEME_ORDER)] != tuple(n for n, _ in _SCHEME_ORDER):  # pragma: no cover
    raise ImportError("lang/fields.py must list the label fields fixed by the scheme first (a fact keeps that order)")


class Enricher:
    """Builds facts for one catalogue; ``match_fields`` are the text fields ``matches`` reads, and
    ``phrases`` its phrases (folded): a fact carries the word n-grams of those texts that are phrases."""

    def __init__(self, catalog: Catalog, undated: str, match_fields: Iterable[str],
                 phrases: Iterable[str] = (), unverified: str = "reject") -> None:
        self.catalog = catalog
        self.accept_undated = undated == "accept"
        self.reject_unverified = unverified != "accept"
        self.registry = catalog.certificates
        self.match_fields = tuple(sorted(set(match_fields)))
        self.phrases = frozenset(phrases)
        self.longest_phrase = max((len(p.split()) for p in self.phrases), default=1)
        #: the phrases as a trie of their words: per word, the phrase that ends there (or None) and the
        #: words that may follow
        self._phrase_trie: dict[str, tuple[str | None, dict[str, Any]]] = {}
        for p in sorted(self.phrases):
            level = self._phrase_trie
            words = p.split()
            for k, w in enumerate(words):
                end = p if k == len(words) - 1 else None
                node = level.get(w)
                if node is None:
                    node = level[w] = (end, {})
                elif end is not None:
                    node = level[w] = (end, node[1])
                level = node[1]
        self.classifier = Classifier(catalog)
        #: classifications by description and code: a list names the same products many times.  The
        #: key is the two texts as they are, so the memo never rests (see :class:`Memo`)
        self.memo: Memo[Classification] = Memo(CLASSIFICATION_MEMO, min_rate=0)
        self.groups_lower = {k.lower(): g for k, g in catalog.groups.items()}
        #: per group of the catalogue (and None): the part of a fact its group fixes, made once
        self._group_parts = {g.id if g else None: self._group_part(g) for g in (None, *catalog.groups.values())}
        #: per declared attribute: its check (the value as the fact holds it, or InputError)
        self._attribute_checks = {a.id: _attribute_check(a) for a in catalog.attributes.values()}
        #: per group (and None) and label scheme: the part of a label fact they fix, made once
        self._scheme_parts = {(g.id if g else None, sch.id): self._scheme_part(sch, g)
                              for g in (None, *catalog.groups.values()) for sch in catalog.labels.values()}
        self.labels_lower = {k.lower(): s for k, s in catalog.labels.items()}

    def classification(self, item: LineItem, path: str) -> Classification:
        """The item's product group: the one it names, else by its code or description."""
        return self.classified(item, path)[0]

    def classified(self, item: LineItem, path: str) -> tuple[Classification, list[str] | None]:
        """:meth:`classification`, and the words of the description folded when classification cut
        them (else None), for :meth:`enrich_line`'s ``words``."""
        if item.product_group is not None:
            g = self.groups_lower.get(item.product_group.lower())
            if g is None:
                raise InputError(msg("rules.unknown-group", group=item.product_group),
                                 path=f"{path}.product_group", code="unknown-group",
                                 hint=suggest(item.product_group, self.catalog.groups)
                                 or msg("input.unknown-group.hint"))
            return Classification(g, "product_group", g.id,
                                  package=self.classifier.package_text(item.description)), None
        memo = self.memo
        if not memo.active():
            return self.classifier.classify_whole(item.description, item.code)
        key = (item.description, item.code)          # all that classification reads of an item
        cls = memo.get(key)
        if cls is None:
            cls, words = self.classifier.classify_whole(item.description, item.code)
            memo.put(key, cls)
            return cls, words
        return cls, None

    def enrich(self, request: PurchaseRequest, item: LineItem, index: int, on: datetime.date,
               path: str | None = None) -> EnrichedItem:
        """The fact of ``item`` (the ``index``-th of ``request``) on day ``on``."""
        return self.enrich_line(item, on, entity=request.entity, funding=request.funding,
                                path=path if path is not None else f"items[{index}]", index=index)

    def enrich_line(self, item: LineItem, on: datetime.date, *, entity: str | None = None,
                    funding: str | None = None, path: str = "item", index: int = 0,
                    cls: Classification | None = None, needs: Needs | None = None,
                    words: list[str] | None = None) -> EnrichedItem:
        """The fact of a line item on day ``on``; ``entity`` and ``funding`` come from its request.
        ``cls``: the item's classification when the caller has it; ``needs``: what the rules that
        will read the fact need of it (None: everything); ``words``: the words of the description folded,
        as :meth:`classified` gives them with ``cls``."""
        if cls is None:
            cls = self.classification(item, path)
        group = cls.group
        value = item.value
        package = cls.package or self.classifier.package_unit(item.unit)
        ctx = _ItemContext(item, cls, group, value, entity, funding, package)
        gid = group.id if group is not None else None
        head, params = self._group_parts[gid] if self._own(group) else self._group_part(group)
        fact: dict[str, Any] = dict(head)
        for name, produce in _ITEM_ORDER:
            v = produce(ctx)
            if v is not None:
                fact[name] = v
        if params is not None:
            fact[PARAMS] = dict(params)
        attrs_ = self.attributes(item.attributes, f"{path}.attributes",
                                 needs.attributes if needs is not None else None)
        if attrs_:
            fact[ATTRIBUTES] = attrs_
        if item.labels:
            fact[LABELS] = [self.label(c, group, on, f"{path}.labels[{j}]") for j, c in enumerate(item.labels)]
        if self.match_fields and (needs is None or needs.folded):
            folded = {}
            for name in self.match_fields:
                v = _get_text(fact, name)
                if v is None:
                    continue
                grams = self.phrases_in(words if words is not None and name == DESCRIPTION else fold(v).split())
                if grams:  # absent when empty, like every list in a fact
                    folded[name.replace(".", "__")] = grams
            if folded:
                fact[FOLDED] = folded
        return EnrichedItem(item, index, cls, value, fact, package)

    def phrases_in(self, words: list[str]) -> list[str]:
        """The rules' phrases the words of a folded text hold (``fold(text).split()``), ordered by length
        then position, each once (as if every run of 1..longest words were made and looked up), found by
        walking a trie of the phrases' words from each word."""
        trie, last = self._phrase_trie, len(words)
        found = []
        for i, w in enumerate(words):
            node = trie.get(w)
            j = i
            while node is not None:             # down the trie from word i, one word at a time
                if node[0] is not None:
                    found.append((j - i + 1, i, node[0]))
                j += 1
                if j == last:
                    break
                node = node[1].get(words[j])
        if len(found) > 1:
            found.sort()
            return list(dict.fromkeys(g for _, _, g in found))
        return [g for _, _, g in found]

    def _own(self, group: ProductGroup | None) -> bool:
        """Whether the parts made once per group (:meth:`_group_part`, :meth:`_scheme_part`) serve ``group``:
        None, or a group of this catalogue (a caller may pass a group of its own)."""
        return group is None or self.catalog.groups.get(group.id) is group

    @staticmethod
    def _group_part(group: ProductGroup | None) -> tuple[dict[str, Any], dict[str, Any] | None]:
        """The fields of a fact that ``group`` fixes (the schema's ``derived`` ones), and its parameters
        as a fact holds them (None: it has none)."""
        ctx = _ItemContext(None, None, group, None, None, None, False)  # type: ignore[arg-type]
        head = {name: v for name, produce in _GROUP_ORDER if (v := produce(ctx)) is not None}
        if group is None or not group.params:
            return head, None
        return head, {k: fact_number(v) if isinstance(v, Decimal) else v for k, v in group.params.items()}

    @staticmethod
    def _scheme_part(scheme: LabelScheme, group: ProductGroup | None) -> dict[str, Any]:
        """The fields of a label fact that its scheme (and the item's group) fix."""
        ctx = _LabelContext(None, scheme, group, None, False)  # type: ignore[arg-type]
        return {name: v for name, produce in _SCHEME_ORDER if (v := produce(ctx)) is not None}

    def attributes(self, values: Mapping[str, Any], path: str,
                   kept: frozenset[str] | None = None) -> dict[str, Any]:
        """The attributes of an item as a fact holds them, each checked against the catalogue (only
        those in ``kept`` are returned when it is given)."""
        out: dict[str, Any] = {}
        checks = self._attribute_checks
        for name, v in values.items():
            check = checks.get(name)
            if check is None or v is None:
                continue
            v = check(v, path, name)
            if kept is None or name in kept:
                out[name] = fact_number(v) if isinstance(v, Decimal) else v
        return out

    def label(self, claim: LabelClaim, group: ProductGroup | None, on: datetime.date,
              path: str) -> dict[str, Any]:
        """The fact of one label claim of an item of ``group`` on day ``on``."""
        scheme = self.labels_lower.get(claim.scheme.lower())
        if scheme is None:
            raise InputError(msg("input.unknown-label", scheme=claim.scheme), path=f"{path}.scheme",
                             code="unknown-label",
                             hint=suggest(claim.scheme, self.catalog.labels) or msg("input.unknown-label.hint"))
        status, entry = self.registry.check(scheme.id, claim.certificate, claim.valid_until, on)
        if claim.valid_until is None and entry is not None and entry.valid_until is not None \
                and status in ("verified", "expired"):
            claim = attrs.evolve(claim, valid_until=entry.valid_until)   # the issuer's list dates it
        ctx = _LabelContext(claim, scheme, group, on, self.accept_undated, status, self.reject_unverified)
        gid = group.id if group is not None else None
        fixed = self._scheme_parts.get((gid, scheme.id))
        if fixed is None or not self._own(group):
            fixed = self._scheme_part(scheme, group)
        out = dict(fixed)
        for name, produce in _LABEL_ORDER:
            if name == "grade":
                if claim.grade is not None:
                    grade, rank = _grade(scheme.grades, claim.grade, scheme.id, path)
                    out[grade_path(NUMBER if isinstance(grade, int) else TEXT)[0]] = grade
                    out[grade_path("presence")[0]] = rank
                continue
            v = produce(ctx)
            if v is not None:
                out[name] = v
        return out


def _attribute_check(spec: AttributeSpec) -> Callable[[Any, str, str], Any]:
    """The check of one attribute's values against its declaration, made once per attribute: it returns
    the value (an alias mapped to the declared value), or raises InputError naming ``path.name``."""
    kind = spec.type
    if kind == "boolean":
        def boolean(v: Any, path: str, name: str) -> Any:
            if v is True or v is False:
                return v
            raise InputError(msg("input.boolean", value=v), path=f"{path}.{name}", code="bad-input")
        return boolean
    if kind == "number" or kind == "integer":
        lo, hi, whole = spec.minimum, spec.maximum, kind == "integer"

        def number(v: Any, path: str, name: str) -> Any:
            if isinstance(v, bool) or not isinstance(v, (int, Decimal)):
                raise InputError(msg("input.number", value=v), path=f"{path}.{name}", code="bad-input")
            if whole and not isinstance(v, int):
                raise InputError(msg("input.whole", value=v), path=f"{path}.{name}", code="bad-input")
            if (lo is not None and v < lo) or (hi is not None and v > hi):
                raise InputError(msg("input.outside", value=v, lo=lo, hi=hi), path=f"{path}.{name}",
                                 code="bad-input")
            return v
        return number
    values = spec.values

    def text(v: Any, path: str, name: str) -> Any:
        if not isinstance(v, str):
            raise InputError(msg("input.text", value=v), path=f"{path}.{name}", code="bad-input")
        if values is not None and v not in values:
            found = spec.value_of(v)     # a word clerks write for a value (aliases)
            if found is None:
                raise InputError(msg("input.not-one-of", value=v, values=join(values)),
                                 path=f"{path}.{name}", code="bad-input", hint=suggest(v, values))
            return found
        return v
    return text


def _grade(grades: Grades | None, grade: int | str, scheme: str, path: str) -> tuple[int | str, int]:
    where = f"{path}.grade"
    if grades is None:
        raise InputError(msg("input.no-grades", scheme=scheme, grade=grade), path=where,
                         code="bad-grade", hint=msg("input.no-grades.hint"))
    if grades.numeric and isinstance(grade, str) and grade.strip().isdigit():
        grade = int(grade.strip())
    elif not grades.numeric and isinstance(grade, str):
        lowered = {str(g).lower(): g for g in grades.scale}
        grade = lowered.get(grade.strip().lower(), grade)
    rank = grades.rank(grade)
    if rank is None:
        scale = ", ".join(str(g) for g in grades.scale)
        raise InputError(msg("input.off-scale", grade=grade, scheme=scheme, scale=scale),
                         path=where, code="bad-grade")
    return grade, rank


def _get_text(fact: Mapping[str, Any], name: str) -> str | None:
    if name.startswith(ATTRIBUTES + "."):
        v = fact.get(ATTRIBUTES, {}).get(name[len(ATTRIBUTES) + 1:])
    else:
        v = fact.get(name)
    return v if isinstance(v, str) else None
