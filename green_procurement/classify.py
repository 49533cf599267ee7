"""Classification: which product group a line item belongs to, and why.

An item names its group (``product_group``), or is classified by its ``code`` (the longest matching code
prefix of a group) or by keywords in its description (:class:`Classifier`).  The result says which code or
keyword decided it, or why the item stays unclassified: a wrong group is worse than none.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import attrs

from ._text import Word, word_match, words
from .catalog import Catalog, ProductGroup

__all__ = ["Classification", "Classifier", "classify"]

_CODE_CLEAN = re.compile(r"[^0-9A-Za-z]")


@attrs.frozen
class Classification:
    """Which group an item belongs to and why (``by``: product_group, code or keyword)."""

    group: ProductGroup | None
    by: str | None = None          # "product_group" | "code" | "keyword"
    evidence: str | None = None    # the code prefix or keyword that decided it
    reason: str | None = None      # why unclassified: "no keyword", "excluded: ...", "ambiguous: a, b"
    excluded_by: str | None = None              # the global exclusion keyword found
    excluded_groups: tuple[str, ...] = ()       # groups whose keyword matched but whose exclusions did too
    ambiguous: tuple[str, ...] = ()             # groups tied on the longest keyword

    def to_dict(self) -> dict[str, Any]:
        return {"group": self.group.id if self.group else None, "by": self.by, "evidence": self.evidence,
                "reason": self.reason}


def _strip_code(code: str) -> str:
    return _CODE_CLEAN.sub("", code).upper()


class Classifier:
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

    def classify(self, description: str, code: str | None = None) -> Classification:
        """By code when one of the groups' code prefixes matches it, else by keywords."""
        if code:
            by_code = self.by_code(code)
            if by_code is not None:
                return by_code
        return self.by_text(description)

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
                if group is None:       # a global exclusion keyword
                    first_global = first_global or original
                elif kind == "exclude":
                    excluded.add(group.id)
                elif group.id not in best or length > best[group.id][0]:
                    best[group.id] = (length, original, group)
        if first_global is not None:
            return Classification(None, reason=f"excluded by '{first_global}'", excluded_by=first_global)
        hits = [v for k, v in best.items() if k not in excluded]
        if not hits:
            dropped = sorted(k for k in best if k in excluded)
            if dropped:   # a keyword matched, but the group's own exclude keywords ruled it out
                return Classification(None, reason="excluded by the exclude keywords of " + ", ".join(dropped),
                                      excluded_groups=tuple(dropped))
            return Classification(None, reason="no keyword of any group")
        top = max(h[0] for h in hits)
        winners = [h for h in hits if h[0] == top]
        if len(winners) > 1:
            tied = tuple(sorted(h[2].id for h in winners))
            return Classification(None, reason="ambiguous: " + ", ".join(tied), ambiguous=tied)
        return Classification(winners[0][2], "keyword", winners[0][1])


def classify(catalog: Catalog, description: str, code: str | None = None) -> Classification:
    """Classify a description (and optional code) without an explicit group."""
    return Classifier(catalog).classify(description, code)
