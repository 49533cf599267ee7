"""Enrichment: what the rules see of a line item (shared by both backends).

Before any rule runs, an item is classified into a product group (explicit id, else its ``code``,
else keywords in its description), its label claims are checked against the catalogue and dated on
the evaluation day, and everything is typed into one *fact*: a flat-ish dict of ``int``, ``float``
(non-integral numbers, at most 15 significant digits), ``bool``, NFC ``str``, lists and small dicts,
with absent values left out.  Both the durable-rules backend and the reference evaluator match rules
against this same fact, so they can only differ in matching.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from ._messages import join, msg
from ._pattern import ngrams
from ._text import Word, fold, word_match, words
from .catalog import Catalog, Grades, ProductGroup
from .errors import InputError, suggest
from .model import LabelClaim, LineItem, Number, PurchaseRequest

__all__ = ["Classification", "EnrichedItem", "Enricher", "classify", "fact_number"]

_CODE_CLEAN = re.compile(r"[^0-9A-Za-z]")
FOLDED = "folded"


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
class Classification:
    """Which group an item belongs to and why (``by``: product_group, code or keyword)."""

    group: ProductGroup | None
    by: str | None = None          # "product_group" | "code" | "keyword"
    evidence: str | None = None    # the code prefix or keyword that decided it
    reason: str | None = None      # why unclassified: "no keyword", "excluded: ...", "ambiguous: a, b"

    def to_dict(self) -> dict[str, Any]:
        return {"group": self.group.id if self.group else None, "by": self.by, "evidence": self.evidence,
                "reason": self.reason}


@attrs.frozen
class EnrichedItem:
    """An item ready for matching: its fact, classification and exact value."""

    item: LineItem
    index: int
    classification: Classification
    value: Number
    fact: dict[str, Any]

    @property
    def group(self) -> ProductGroup | None:
        return self.classification.group


def _strip_code(code: str) -> str:
    return _CODE_CLEAN.sub("", code).upper()


class _Classifier:
    """Code and keyword classification for one catalogue (cached per description and code)."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.codes: list[tuple[str, str, str, ProductGroup]] = []  # (stripped, original, system, group)
        for g in catalog.groups.values():
            for system, codes in g.codes.items():
                for c in codes:
                    self.codes.append((_strip_code(c), c, system, g))
        # every keyword phrase indexed by its first folded word: a description is scanned once
        self.index: dict[str, list[tuple[str, ProductGroup | None, str, tuple[Word, ...], int]]] = {}
        for f, original in catalog.exclude_keywords.folded:
            self._add("global", None, original, f)
        for g in catalog.groups.values():
            for f, original in g.exclude_keywords.folded:
                self._add("exclude", g, original, f)
            for f, original in g.keywords.folded:
                self._add("keyword", g, original, f)
        self.by_text = functools.lru_cache(maxsize=4096)(self._by_text)
        self.by_code = functools.lru_cache(maxsize=4096)(self._by_code)

    def _add(self, kind: str, group: ProductGroup | None, original: str, folded: str) -> None:
        phrase = words(original)
        if phrase:
            self.index.setdefault(phrase[0][0], []).append((kind, group, original, phrase, len(folded)))

    def _by_code(self, code: str) -> Classification | None:
        stripped = _strip_code(code)
        if not stripped:
            return None
        best: list[tuple[int, str, str, ProductGroup]] = []
        for prefix, original, system, g in self.codes:
            if stripped.startswith(prefix):
                if not best or len(prefix) > best[0][0]:
                    best = [(len(prefix), original, system, g)]
                elif len(prefix) == best[0][0] and all(b[3].id != g.id for b in best):
                    best.append((len(prefix), original, system, g))
        if len(best) == 1:
            return Classification(best[0][3], "code", f"{best[0][2]}:{best[0][1]}")
        return None

    def _by_text(self, description: str) -> Classification:
        text = words(description)
        excluded: set[str] = set()
        best: dict[str, tuple[int, str, ProductGroup]] = {}   # group id -> longest keyword found
        first_global: str | None = None
        for i, (folded, _) in enumerate(text):
            for kind, group, original, phrase, length in self.index.get(folded, ()):
                if i + len(phrase) > len(text) or not all(
                        word_match(text[i + j], phrase[j]) for j in range(len(phrase))):
                    continue
                if kind == "global":
                    first_global = first_global or original
                elif kind == "exclude":
                    excluded.add(group.id)  # type: ignore[union-attr]
                elif group.id not in best or length > best[group.id][0]:  # type: ignore[union-attr]
                    best[group.id] = (length, original, group)  # type: ignore[union-attr,index]
        if first_global is not None:
            return Classification(None, reason=f"excluded by '{first_global}'")
        hits = [v for k, v in best.items() if k not in excluded]
        if not hits:
            dropped = sorted(k for k in best if k in excluded)
            if dropped:   # a keyword matched, but the group's own exclude keywords ruled it out
                return Classification(None, reason="excluded by the exclude keywords of " + ", ".join(dropped))
            return Classification(None, reason="no keyword of any group")
        top = max(h[0] for h in hits)
        winners = [h for h in hits if h[0] == top]
        if len(winners) > 1:
            return Classification(None, reason="ambiguous: " + ", ".join(sorted(h[2].id for h in winners)))
        return Classification(winners[0][2], "keyword", winners[0][1])


def classify(catalog: Catalog, description: str, code: str | None = None) -> Classification:
    """Classify a description (and optional code) without an explicit group."""
    return Enricher(catalog, "reject", frozenset()).classifier_for(description, code)


class Enricher:
    """Builds facts for one catalogue; ``match_fields`` are the text fields ``matches`` reads."""

    def __init__(self, catalog: Catalog, undated: str, match_fields: Iterable[str],
                 longest_phrase: int = 1) -> None:
        self.catalog = catalog
        self.accept_undated = undated == "accept"
        self.match_fields = tuple(sorted(set(match_fields)))
        self.longest_phrase = longest_phrase
        self.classifier = _Classifier(catalog)
        self.groups_lower = {k.lower(): g for k, g in catalog.groups.items()}
        self.labels_lower = {k.lower(): s for k, s in catalog.labels.items()}
        self._label_cache: dict[tuple[Any, ...], dict[str, Any]] = {}

    def classifier_for(self, description: str, code: str | None) -> Classification:
        if code:
            by_code = self.classifier.by_code(code)
            if by_code is not None:
                return by_code
        return self.classifier.by_text(description)

    def classification(self, item: LineItem, path: str) -> Classification:
        if item.product_group is not None:
            g = self.groups_lower.get(item.product_group.lower())
            if g is None:
                raise InputError(msg("rules.unknown-group", group=item.product_group),
                                 path=f"{path}.product_group", code="unknown-group",
                                 hint=suggest(item.product_group, self.catalog.groups)
                                 or msg("input.unknown-group.hint"))
            return Classification(g, "product_group", g.id)
        return self.classifier_for(item.description, item.code)

    def enrich(self, request: PurchaseRequest, item: LineItem, index: int, on: datetime.date,
               path: str | None = None) -> EnrichedItem:
        """The fact of ``item`` (the ``index``-th of ``request``) on day ``on``."""
        return self.enrich_line(item, on, entity=request.entity, funding=request.funding,
                                path=path if path is not None else f"items[{index}]", index=index)

    def enrich_line(self, item: LineItem, on: datetime.date, *, entity: str | None = None,
                    funding: str | None = None, path: str = "item", index: int = 0) -> EnrichedItem:
        """The fact of a line item on day ``on``; ``entity`` and ``funding`` come from its request."""
        cls = self.classification(item, path)
        group = cls.group
        value = item.value
        fact: dict[str, Any] = {
            "priority": bool(group and group.priority),
            "classified": group is not None,
            "quantity": fact_number(item.quantity),
            "unit_price": fact_number(item.unit_price),
            "value": fact_number(value),
            "description": item.description,
            "label_count": len(item.labels),
        }
        if group is not None:
            fact["group"] = group.id
            if group.tags:
                fact["tags"] = list(group.tags)
            if group.params:
                fact["param"] = {k: fact_number(v) if isinstance(v, Decimal) else v
                                 for k, v in group.params.items()}
        for key, val in (("code", item.code), ("unit", item.unit), ("entity", entity),
                         ("funding", funding)):
            if val is not None:
                fact[key] = val
        attrs_ = self.attributes(item.attributes, f"{path}.attributes")
        if attrs_:
            fact["attributes"] = attrs_
        if item.labels:
            fact["labels"] = [self.label(c, group, on, f"{path}.labels[{j}]")
                              for j, c in enumerate(item.labels)]
        if self.match_fields:
            folded = {}
            for name in self.match_fields:
                v = _get_text(fact, name)
                grams = _ngrams(v, self.longest_phrase) if v is not None else None
                if grams:  # absent when empty, like every list in a fact
                    folded[name.replace(".", "__")] = grams
            if folded:
                fact[FOLDED] = folded
        return EnrichedItem(item, index, cls, value, fact)

    def attributes(self, values: Mapping[str, Any], path: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, v in values.items():
            spec = self.catalog.attributes.get(name)
            if spec is None or v is None:
                continue
            where = f"{path}.{name}"
            if spec.type == "boolean":
                if not isinstance(v, bool):
                    raise InputError(msg("input.boolean", value=v), path=where, code="bad-input")
                out[name] = v
            elif spec.type in ("number", "integer"):
                if isinstance(v, bool) or not isinstance(v, (int, Decimal)):
                    raise InputError(msg("input.number", value=v), path=where, code="bad-input")
                if spec.type == "integer" and not isinstance(v, int):
                    raise InputError(msg("input.whole", value=v), path=where, code="bad-input")
                if (spec.minimum is not None and v < spec.minimum) or \
                        (spec.maximum is not None and v > spec.maximum):
                    raise InputError(msg("input.outside", value=v, lo=spec.minimum, hi=spec.maximum),
                                     path=where, code="bad-input")
                out[name] = fact_number(v)
            else:
                if not isinstance(v, str):
                    raise InputError(msg("input.text", value=v), path=where, code="bad-input")
                if spec.values is not None and v not in spec.values:
                    raise InputError(msg("input.not-one-of", value=v, values=join(spec.values)), path=where,
                                     code="bad-input", hint=suggest(v, spec.values))
                out[name] = v
        return out

    def label(self, claim: LabelClaim, group: ProductGroup | None, on: datetime.date,
              path: str) -> dict[str, Any]:
        """The fact of one label claim.  Shared between items with the same claim, group and date
        (facts are never modified), so the same claims in a long list are checked once."""
        key = (claim, group.id if group else None, on)
        hit = self._label_cache.get(key)
        if hit is None:
            hit = self._label(claim, group, on, path)
            if len(self._label_cache) >= 8192:
                self._label_cache.clear()
            self._label_cache[key] = hit
        return hit

    def _label(self, claim: LabelClaim, group: ProductGroup | None, on: datetime.date,
               path: str) -> dict[str, Any]:
        scheme = self.labels_lower.get(claim.scheme.lower())
        if scheme is None:
            raise InputError(msg("input.unknown-label", scheme=claim.scheme), path=f"{path}.scheme",
                             code="unknown-label",
                             hint=suggest(claim.scheme, self.catalog.labels) or msg("input.unknown-label.hint"))
        out: dict[str, Any] = {
            "scheme": scheme.id,
            "kind": scheme.kind,
            "iso_type": scheme.iso_type,
            "recognised": scheme.recognised,
            "accepted": bool(group and scheme.id in group.accepted_labels),
        }
        if claim.valid_until is not None:
            out["valid"] = on <= claim.valid_until
            out["expiry_known"] = True
            out["days_to_expiry"] = (claim.valid_until - on).days
        elif scheme.validity_years is None:
            out["valid"] = True
            out["expiry_known"] = True
        else:
            out["valid"] = self.accept_undated
            out["expiry_known"] = False
        if claim.grade is not None:
            grade, rank = _grade(scheme.grades, claim.grade, scheme.id, path)
            out["grade" if isinstance(grade, int) else "grade_text"] = grade
            out["grade_rank"] = rank
        if claim.certificate is not None:
            out["certificate"] = claim.certificate
        return out


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


@functools.lru_cache(maxsize=4096)
def _ngrams(text: str, longest: int) -> list[str]:
    # shared between items with the same text: the fact's list is never modified
    return ngrams(fold(text), longest)


def _get_text(fact: Mapping[str, Any], name: str) -> str | None:
    if name.startswith("attributes."):
        v = fact.get("attributes", {}).get(name[len("attributes."):])
    else:
        v = fact.get(name)
    return v if isinstance(v, str) else None
