"""Classification: which product group a line item belongs to, and why — or why none.

An item names its group (``product_group``), or is classified by its ``code`` (the longest matching code
prefix of a group) or by the words of its description, with the phrases of the catalogue
(``catalog/products.yaml``):

1. **keywords** of each group, found as whole words within one segment of the text
   (:mod:`green_procurement._phrases`: no keyword across ``, ; ( -``...);
2. **cues** (``classification.cues``): words that show the line is not a purchase of the goods it names —
   a repair, a rental, an installation, a part, a consumable, a material.  A cue vetoes the keywords of
   the groups it names that come after it in its segment and in the list that follows ("sửa chữa máy
   lạnh", "mực máy in, máy photocopy"; see :class:`_Reach`), unless the cue is part of the keyword itself
   or one of its ``unless`` phrases is in the text ("cung cấp và lắp đặt máy lạnh" is a purchase);
3. **exclusions**: a group's own ``exclude_keywords`` found in the same segment rule that group out; the
   catalogue-wide ``exclude_keywords`` rule out every group in their clause;
4. a keyword of a service group (``classification.services``) takes the goods named after it, in the same
   reach, as its object: "In lịch, sổ tay" is printing, not notebooks;
5. in each segment the first keyword left wins — a Vietnamese noun phrase names the thing first and
   then what it is for ("hộp xốp đựng thực phẩm") — and of keywords starting at the same word the longest
   (most words, then most letters: "mực máy in" is toner, not a printer); a tie between groups leaves the
   segment ambiguous.  Words in brackets, quotes, and after a context word ("phục vụ", "cho") count only
   when the rest names no group;
6. one group left: the item is classified; two or more, in different segments: the line names goods of
   several groups (a mixed package) and stays unclassified, with the groups it names listed.

A wrong group is worse than none: every doubt leaves the item unclassified, and the result says why
(:class:`Classification`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import attrs

from ._phrases import Found, Phrase, PhraseIndex, Tokens, prepare, tokens, words_of
from ._text import fold
from .catalog import AppliesTo, Catalog, Keywords, ProductGroup

__all__ = ["Classification", "Classifier", "Veto", "classify"]

_CODE_CLEAN = re.compile(r"[^0-9A-Za-z]")
#: Kinds of phrases in the index.
_KEYWORD, _EXCLUDE, _GLOBAL, _CUE, _UNLESS, _CONTEXT = "keyword", "exclude", "global", "cue", "unless", "context"
_BROAD = "broad"          # a group's broad keywords: a category, not a product
_KEYWORD_KINDS = (_KEYWORD, _BROAD)
#: The lists :meth:`PhraseIndex.collect` sorts found phrases into: keywords (and broad ones), cues, their
#: ``unless`` phrases, exclusions (a group's and the catalogue-wide ones), context words.
_KEYWORDS, _CUES, _UNLESSES, _EXCLUSIONS, _CONTEXTS = range(5)


@attrs.frozen
class Veto:
    """A keyword of ``group`` ruled out by ``by`` (a cue id, ``exclude`` for the group's own exclusion,
    ``global`` for the catalogue-wide one) because of the phrase ``phrase``."""

    group: str
    keyword: str
    by: str
    phrase: str


@attrs.frozen
class Classification:
    """Which group an item belongs to and why (``by``: product_group, code or keyword).

    For an unclassified item: ``reason`` (``no-keyword``, ``vetoed``, ``excluded``, ``ambiguous`` or
    ``mixed``), ``groups_found`` (the groups a mixed line names, or the groups tied), ``vetoes`` (the
    keywords that cues and exclusions ruled out)."""

    group: ProductGroup | None
    by: str | None = None          # "product_group" | "code" | "keyword"
    evidence: str | None = None    # the code prefix or keyword that decided it
    reason: str | None = None      # why unclassified, see above
    groups_found: tuple[str, ...] = ()
    #: the catalogue names of ``groups_found``, in the same order (what a message shows)
    found_names: tuple[Any, ...] = attrs.field(default=(), eq=False, repr=False)
    vetoes: tuple[Veto, ...] = ()
    #: the description says the line is a whole tender package (``classification.packages.words``)
    package: bool = False

    @property
    def excluded_groups(self) -> tuple[str, ...]:
        """Groups ruled out by their own exclusion keywords."""
        return tuple(dict.fromkeys(v.group for v in self.vetoes if v.by == _EXCLUDE))

    @property
    def excluded_by(self) -> str | None:
        """The catalogue-wide exclusion keyword that ruled every group out, if one did."""
        return next((v.phrase for v in self.vetoes if v.by == _GLOBAL), None)

    @property
    def ambiguous(self) -> tuple[str, ...]:
        return self.groups_found if self.reason == "ambiguous" else ()

    @property
    def mixed(self) -> bool:
        """The line names goods of two or more groups."""
        return self.reason == "mixed"

    def to_dict(self) -> dict[str, Any]:
        return {"group": self.group.id if self.group else None, "by": self.by, "evidence": self.evidence,
                "reason": self.reason, "groups_found": list(self.groups_found),
                "vetoes": [attrs.asdict(v) for v in self.vetoes], "package": self.package}


_NO_KEYWORD = Classification(None, reason="no-keyword")


def _strip_code(code: str) -> str:
    return _CODE_CLEAN.sub("", code).upper()


def _pairs(keywords: Keywords) -> Iterable[tuple[str, str]]:
    return [(k, "vi") for k in keywords.vi] + [(k, "en") for k in keywords.en]


class Classifier:
    """Code and phrase classification for one catalogue (see the module docstring); thread-safe."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.codes: list[tuple[str, str, str, ProductGroup]] = []  # (stripped, original, system, group)
        for g in catalog.groups.values():
            for system, codes in g.codes.items():
                for c in codes:
                    self.codes.append((_strip_code(c), c, system, g))
        self._groups = catalog.groups
        index = PhraseIndex()
        index.add_all(_GLOBAL, None, _pairs(catalog.exclude_keywords), forms=True, bucket=_EXCLUSIONS)
        for g in catalog.groups.values():
            index.add_all(_KEYWORD, g, _pairs(g.keywords), bucket=_KEYWORDS)
            index.add_all(_BROAD, g, _pairs(g.broad_keywords), bucket=_KEYWORDS)
            index.add_all(_EXCLUDE, g, _pairs(g.exclude_keywords), forms=True, bucket=_EXCLUSIONS)
        for cue in catalog.cues:
            index.add_all(_CUE, cue, _pairs(cue.keywords), forms=True, bucket=_CUES)
            index.add_all(_UNLESS, cue, _pairs(cue.unless), bucket=_UNLESSES)
        index.add_all(_CONTEXT, None, _pairs(catalog.context_words), bucket=_CONTEXTS)
        self.index = index
        #: a keyword's classification when it decides alone, made once
        self._decided = {p: Classification(p.owner, "keyword", p.phrase) for p in index.phrases
                        if p.bucket == _KEYWORDS}
        packages = catalog.packages
        self._package_units = frozenset(fold(u) for u in packages.units)
        words = [fold(w) for w, _ in _pairs(packages.words) if fold(w)]
        #: the first word of each: a text without one of them as a string has none of the words
        self._package_firsts = tuple({w.split()[0] for w in words})
        self._package_words = re.compile(
            "(?<![a-z0-9])(?:" + "|".join(re.escape(w).replace(r"\ ", "[^a-z0-9]+") for w in words) + ")(?![a-z0-9])"
        ) if words else None

    def classify(self, description: str, code: str | None = None) -> Classification:
        """By code when one of the groups' code prefixes matches it, else by the description."""
        return self.classify_whole(description, code)[0]

    def classify_whole(self, description: str, code: str | None = None
                       ) -> tuple[Classification, list[str] | None]:
        """:meth:`classify`, and the words of the description folded (``fold(description).split()``)
        when classification cut them, else None: a caller that folds the description too need not
        fold it again."""
        if code:
            by_code = self.by_code(code)
            if by_code is not None:
                return by_code, None
        return self._text(description)

    def by_code(self, code: str) -> Classification | None:
        """By the longest code prefix of a group that ``code`` starts with; None if none or two groups'."""
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

    def by_text(self, description: str) -> Classification:
        """By the words of the description (see the module docstring)."""
        return self._text(description)[0]

    def _text(self, description: str) -> tuple[Classification, list[str] | None]:
        prepared = prepare(description)
        # the folded words: those of fold(description) (tests/test_phrases.py), cut once for both uses
        folded_words = words_of(prepared[1]) if prepared[1] is not None else None
        found = self._by_text(description, prepared, folded_words)
        if self._package_words is not None:
            folded = prepared[1] if prepared[1] is not None else fold(description)
            for first in self._package_firsts:
                if first in folded:
                    if self._package_words.search(folded):
                        return attrs.evolve(found, package=True), folded_words
                    break
        return found, folded_words

    def package_text(self, description: str) -> bool:
        """Does the description say the line is a whole tender package ("Gói thầu số 3: ...")?"""
        return self._package_words is not None and self._package_words.search(fold(description)) is not None

    def package_unit(self, unit: str | None) -> bool:
        """Is ``unit`` one of the catalogue's package units ("gói thầu")?"""
        return unit is not None and fold(unit) in self._package_units

    def _by_text(self, description: str, prepared: tuple[str, str | None],
                 folded_words: list[str] | None) -> Classification:
        if folded_words is not None:
            if not self.index.may_hold(_KEYWORD_KINDS, folded_words):
                return _NO_KEYWORD              # no keyword can be in it: nothing to cut into words
        toks = tokens(description, prepared, folded_words)
        found: list[list[Found]] = [[], [], [], [], []]
        self.index.collect(toks, found)
        keywords = found[_KEYWORDS]
        if not keywords:
            return _NO_KEYWORD
        decided = self._decides_alone(toks, found)
        if decided is not None:
            return self._decided[decided]
        kept, vetoes = _surviving(toks, found, self.catalog.services)
        if not kept:
            if vetoes:
                reason = "excluded" if all(v.by == _EXCLUDE for v in vetoes) else "vetoed"
                return Classification(None, reason=reason, vetoes=tuple(vetoes))
            return _NO_KEYWORD
        secondary = _secondary(toks, found[_CONTEXTS])
        segments = _per_segment(toks, kept, secondary)
        used = [seg for seg in segments if not seg[0]] or segments     # brackets, purposes: only if alone
        if all(m[0].kind == _BROAD for seg in used for m in seg[2]):
            # a category narrowed by what follows it: "văn phòng phẩm (mực in)" is toner
            narrower = [seg for seg in segments if seg[0] and any(m[0].kind == _KEYWORD for m in seg[2])]
            used = narrower or used
        groups = list(dict.fromkeys(g for _, gs, _ in used for g in gs))
        if len(groups) > 1:
            reason = "ambiguous" if len(used) == 1 else "mixed"
            ids = tuple(sorted(groups))
            return Classification(None, reason=reason, groups_found=ids, vetoes=tuple(vetoes),
                                  found_names=tuple(self._groups[g].name for g in ids))
        best = max((m for _, _, ms in used for m in ms), key=_length)[0]
        if not vetoes:
            return self._decided[best]
        return Classification(best.owner, "keyword", best.phrase, vetoes=tuple(vetoes))

    @staticmethod
    def _decides_alone(toks: Tokens, found: list[list[Found]]) -> Phrase | None:
        """The common case worked out directly: the keywords left after those inside longer ones are all
        of one group, none in brackets, quotes or after a context word, and no cue or exclusion found
        could rule that group out: the keyword that decides (each segment's first, longest one; the
        longest of those, the first of equals), as the general path would find it; None otherwise."""
        keywords = found[_KEYWORDS]
        owner = keywords[0][0].owner
        for p, _, _ in keywords:
            if p.owner is not owner:
                keywords = _outermost(keywords)
                owner = keywords[0][0].owner
                break
        for x, _, _ in found[_EXCLUSIONS]:
            if x.owner is owner or x.kind == _GLOBAL:
                return None
        for c, _, _ in found[_CUES]:
            if c.owner.vetoes.matches(owner):
                return None
        segment, contexts = toks.segment, found[_CONTEXTS]
        bracket = toks.bracket if toks.bracketed else None
        best: Phrase | None = None
        part, head = -1, -1
        for p, start, _ in keywords:             # by first word: a segment's first match is its head
            if p.kind != _KEYWORD or p.owner is not owner or (bracket is not None and bracket[start]):
                return None
            for _, _, end in contexts:
                if end <= start and segment[end - 1] == segment[start]:
                    return None                  # what the purchase is for ("phục vụ ...")
            if segment[start] != part:
                part, head = segment[start], start
            if start == head and (best is None or p.length > best.length):
                best = p
        return best


def _outermost(every: list[Found]) -> list[Found]:
    """The keywords not inside a longer one: "phô tô" in "máy phô tô" is not a mention of its own."""
    return every if len(every) < 2 else [
        m for m in every if not any(o is not m and o[1] <= m[1] and m[2] <= o[2] and
                                    o[2] - o[1] > m[2] - m[1] for o in every)]


def _length(m: Found) -> tuple[int, int]:
    return m[0].length


class _Reach:
    """Where a cue or a service word acts: the rest of its segment, and the list that follows it in the
    same clause — the next segments as long as each begins with a keyword ("mực máy in, máy photocopy,
    máy fax"; "In lịch, sổ tay").  A segment that begins otherwise ("..., mua máy lạnh") ends the list."""

    def __init__(self, toks: Tokens, keywords: list[Found]) -> None:
        self.toks = toks
        self.starts = {m[1] for m in keywords}
        #: (segment, clause, first word) of each segment with words
        self.segments = [(toks.segment[a], toks.clause[a], a) for a, _ in toks.spans]
        self._cache: dict[int, frozenset[int]] = {}

    def of(self, start: int) -> frozenset[int]:
        """The segments reached from the word at ``start``."""
        hit = self._cache.get(start)
        if hit is None:
            seg, clause = self.toks.segment[start], self.toks.clause[start]
            out = {seg}
            following = [s for s in self.segments if s[0] > seg]
            for s, c, first in following:
                if c != clause or first not in self.starts:
                    break
                out.add(s)
            hit = self._cache[start] = frozenset(out)
        return hit

    def covers(self, word: Found, target: Found, *, before_only: bool, clause: bool = False) -> bool:
        """Does ``word`` act on ``target``: target after it in its segment (or anywhere there when not
        ``before_only``), or in a segment of its list (with ``clause``: anywhere after it in its clause),
        and not a part of the same words."""
        if word[1] >= target[1] and word[2] <= target[2]:
            return False                     # the cue is a word of the keyword itself
        toks = self.toks
        if clause and toks.clause[target[1]] == toks.clause[word[1]]:
            return not before_only or target[1] >= word[1]
        seg = toks.segment[word[1]]
        tseg = toks.segment[target[1]]
        if tseg == seg:
            return not before_only or target[1] >= word[1]
        return tseg in self.of(word[1])


def _surviving(toks: Tokens, found: list[list[Found]], services: AppliesTo) -> tuple[list[Found], list[Veto]]:
    """The keyword matches (``found``: what :meth:`PhraseIndex.collect` sorted) no cue or exclusion
    rules out and no service takes as its object, with the vetoes."""
    keywords = _outermost(found[_KEYWORDS])
    service_words = [m for m in keywords if services.matches(m[0].owner)]
    if not (service_words or found[_CUES] or found[_EXCLUSIONS]):
        return keywords, []                      # nothing can veto: no cue, exclusion or service word
    reach = _Reach(toks, keywords)
    cancelled = {id(m[0].owner) for m in found[_UNLESSES]}
    cues = sorted((m for m in found[_CUES] if id(m[0].owner) not in cancelled), key=lambda m: -m[0].size)
    exclusions = found[_EXCLUSIONS]
    kept: list[Found] = []
    vetoes: list[Veto] = []
    for m in keywords:
        group: ProductGroup = m[0].owner
        veto = _excluded(toks, m, exclusions)
        if veto is None:
            for c in cues:
                cue = c[0].owner
                if cue.vetoes.matches(group) and reach.covers(c, m, before_only=c[0].lang == "vi",
                                                              clause=cue.reach == "clause"):
                    veto = Veto(group.id, m[0].phrase, cue.id, c[0].phrase)
                    break
        if veto is None and not services.matches(group):
            for sv in service_words:
                if sv[2] <= m[1] and reach.covers(sv, m, before_only=True):
                    veto = Veto(group.id, m[0].phrase, f"object:{sv[0].owner.id}", sv[0].phrase)
                    break
        if veto is None:
            kept.append(m)
        elif veto not in vetoes:
            vetoes.append(veto)
    return kept, vetoes


def _excluded(toks: Tokens, m: Found, exclusions: list[Found]) -> Veto | None:
    """A group's own exclusion in the keyword's segment, or a catalogue-wide one in its clause."""
    segment, clause = toks.segment[m[1]], toks.clause[m[1]]
    for x, start, _ in exclusions:
        if (x.kind == _GLOBAL and toks.clause[start] == clause) or \
                (x.owner is m[0].owner and toks.segment[start] == segment):
            return Veto(m[0].owner.id, m[0].phrase, x.kind, x.phrase)
    return None


def _secondary(toks: Tokens, contexts: list[Found]) -> set[int]:
    """Words that say what the purchase is for rather than what it is: in brackets or quotes, or after
    a context word ("phục vụ", "cho") in the same segment."""
    out = {i for i, inside in enumerate(toks.bracket) if inside} if toks.bracketed else set()
    for _, _, end in contexts:
        segment = toks.segment[end - 1]
        i = end
        while i < len(toks) and toks.segment[i] == segment:
            out.add(i)
            i += 1
    return out


def _per_segment(toks: Tokens, keywords: list[Found], secondary: set[int]
                 ) -> list[tuple[bool, list[str], list[Found]]]:
    """Per segment part with a keyword (the words that name the purchase, or those that are secondary):
    whether it is secondary, the groups of its deciding keywords (two or more when tied: the first ones,
    longest first) and those keywords."""
    parts: dict[tuple[int, bool], list[Found]] = {}
    for m in keywords:
        parts.setdefault((toks.segment[m[1]], m[1] in secondary), []).append(m)
    out = []
    for (_, second), ms in parts.items():
        head = min(m[1] for m in ms)                  # the first thing named
        top = max(_length(m) for m in ms if m[1] == head)
        winners = [m for m in ms if m[1] == head and _length(m) == top]
        out.append((second, list(dict.fromkeys(m[0].owner.id for m in winners)), winners))
    return out


def classify(catalog: Catalog, description: str, code: str | None = None) -> Classification:
    """Classify a description (and optional code) without an explicit group."""
    return Classifier(catalog).classify(description, code)
