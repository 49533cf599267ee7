"""The classifier as main had it before issue 16 made it quicker (``classify.py`` and ``_phrases.py`` at
main 20b24a1), kept verbatim as the specification the quicker one must agree with, result for result
(``tests/test_classify_reference.py``).  Not for use: one slow, plain algorithm to compare against."""

# ruff: noqa
# mypy: ignore-errors

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import pairwise
from typing import Any

import attrs

from green_procurement._text import _FOLD, _TONE_PAIRS, Word, fold, words
from green_procurement.catalog import AppliesTo, Catalog, Keywords, ProductGroup
from green_procurement.classify import Classification, Veto

_TONE_OLD = re.compile("|".join(sorted(_TONE_PAIRS)))


def marked(text: str) -> str:
    """``text`` in lower case NFC with the tone mark placed the same way for old and new spellings
    ("hòa" = "hoà"), diacritics kept."""
    import unicodedata
    text = text.lower()
    if text.isascii():
        return text
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return _TONE_OLD.sub(lambda m: _TONE_PAIRS[m.group()], text)


#: Words that join two things in a list: they end a segment.
CONJUNCTIONS = frozenset({"va", "and", "hoac", "or"})
#: Shortest word (in letters) that may match a longer form of itself.
MIN_FORM = 4

#: One scan of a description: a word (1), a clause break (2: ``; | `` new line, a full stop before a space
#: or the end), a separator (3: ``, : / + &``, or a dash between spaces — within a word a dash joins), a
#: bracket or quote (4).
_SCAN = re.compile(r"([^\W_]+)|([;\n\r|]|\.(?=\s|$))|(\s[-–—]+\s|[,:/+&])|([(\[{“«)\]}”»\"])")
_OPEN = frozenset("([{“«")


class Tokens:
    """The words of a description (``folded``, ``marked``) with their segment and clause numbers and
    whether they stand in brackets or quotes, as parallel lists."""

    __slots__ = ("bracket", "clause", "folded", "marked", "segment")

    def __init__(self) -> None:
        self.folded: list[str] = []
        self.marked: list[str] = []
        self.segment: list[int] = []
        self.clause: list[int] = []
        self.bracket: list[bool] = []

    def __len__(self) -> int:
        return len(self.folded)


def _fold_word(w: str) -> str:
    """The folded form of one word; "" for a word of another script (it folds to nothing)."""
    f = w.translate(_FOLD)
    if f.isascii() and f.isalnum():
        return f
    f = fold(w)
    return "" if " " in f else f


def prepare(text: str) -> tuple[str, str | None]:
    """``text`` as :func:`~green_procurement._text.marked` writes it, and that folded character for
    character when each character folds to one ASCII character (then the folded form of a word is its
    slice, and the words of both are the same), else None: the two inputs of :func:`tokens`."""
    text = marked(text)
    if text.isascii():
        return text, text
    whole = text.translate(_FOLD)
    return text, whole if len(whole) == len(text) and whole.isascii() else None


def tokens(text: str, prepared: tuple[str, str | None] | None = None) -> Tokens:
    """The words of ``text`` with their segment and clause numbers, in one scan (``prepared``: what
    :func:`prepare` gives for ``text``, when the caller has it already)."""
    out = Tokens()
    folded, marks, segments, clauses, brackets = out.folded, out.marked, out.segment, out.clause, out.bracket
    text, whole = prepared or prepare(text)
    segment, clause, depth, quoted = 1, 0, 0, False
    for m in _SCAN.finditer(text):
        kind = m.lastindex
        if kind == 1:
            end = m.end()
            if text[end:end + 1] == "-" and text[end + 1:end + 2].isdigit():
                continue                        # the letters of a code ("TV-01", "RO-10") are not a word
            if whole is not None:
                f = whole[m.start():m.end()]
            else:
                f = _fold_word(m.group())
                if not f:
                    continue
            if f in CONJUNCTIONS:               # "và", "and": the next thing named
                segment += 1
                continue
            folded.append(f)
            marks.append(m.group())
            segments.append(segment)
            clauses.append(clause)
            brackets.append(depth > 0)
        else:
            segment += 1
            if kind == 2:
                clause += 1
            elif kind == 4:
                ch = m.group()
                if ch == '"':                   # a straight quote opens, then closes, a title
                    depth = max(depth + (-1 if quoted else 1), 0)
                    quoted = not quoted
                elif ch in _OPEN:
                    depth += 1
                else:
                    depth = max(depth - 1, 0)
    return out


@attrs.frozen(slots=True)
class Match:
    """A catalogue phrase found in a description: words ``start`` to ``end`` (exclusive)."""

    kind: str
    owner: Any
    phrase: str
    start: int
    end: int
    lang: str
    words: int


class _Node:
    __slots__ = ("children", "entries", "forms")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        #: children a longer word may enter (forms=True), by their first MIN_FORM letters
        self.forms: dict[str, list[tuple[str, _Node]]] = {}
        self.entries: list[tuple[str, Any, str, tuple[Word, ...], bool, str, bool, bool]] = []


_NO = 0        # the word does not match
_LOOSE = 1     # on letters only: the text word has no diacritics, the keyword word has
_EXACT = 2     # with its diacritics (or neither has any)


def _agrees(folded: str, marked: str, k: Word, forms: bool, strict: bool) -> int:
    """How a text word matches phrase word ``k`` (see the module docstring)."""
    if folded != k[0]:
        if not (forms and len(k[0]) >= MIN_FORM and folded.startswith(k[0])):
            return _NO
        marked = marked[:len(k[1])]          # a longer form: its beginning
    if marked == k[1] or not strict:
        return _EXACT
    return _LOOSE if folded.startswith(marked) else _NO


class PhraseIndex:
    """Every phrase of a catalogue, indexed by its words (see the module docstring)."""

    def __init__(self) -> None:
        self._root = _Node()
        #: per kind, the folded one-word phrases and the first two words of the longer ones: a text with
        #: none of these words, nor of these pairs of consecutive words, holds no phrase of that kind
        self.heads: dict[str, tuple[set[str], set[tuple[str, str]]]] = {}

    def add(self, kind: str, owner: Any, phrase: str, lang: str, *, forms: bool = False) -> None:
        anchored = phrase.lstrip().startswith("^")
        ws = words(phrase)
        if not ws:
            return
        single, pairs = self.heads.setdefault(kind, (set(), set()))
        if len(ws) == 1:
            single.add(ws[0][0])
        else:
            pairs.add((ws[0][0], ws[1][0]))
        node = self._root
        for f, _ in ws:
            child = node.children.get(f)
            if child is None:
                child = node.children[f] = _Node()
            if forms and len(f) >= MIN_FORM:
                bucket = node.forms.setdefault(f[:MIN_FORM], [])
                if all(key != f for key, _ in bucket):
                    bucket.append((f, child))
            node = child
        strict = lang == "en" or any(f != m for f, m in ws)
        node.entries.append((kind, owner, phrase.lstrip().lstrip("^").strip(), ws, forms, lang, anchored, strict))

    def may_hold(self, kind: str, folded_words: list[str]) -> bool:
        """False when no phrase of ``kind`` can be among these words (the folded words of a text,
        :func:`prepare`'s second part cut at non-letters); True when one may be."""
        heads = self.heads.get(kind)
        if heads is None:
            return False
        single, pairs = heads
        return not (single.isdisjoint(folded_words) and pairs.isdisjoint(pairwise(folded_words)))

    def find(self, toks: Tokens) -> list[Match]:
        """Every phrase found in ``toks`` (each within one segment)."""
        out: list[Match] = []
        folded, marks, segments = toks.folded, toks.marked, toks.segment
        n = len(folded)
        plain = folded == marks                  # typed wholly without diacritics
        root = self._root
        children, forms = root.children, root.forms
        for i in range(n):
            w = folded[i]
            if w not in children and not (len(w) > MIN_FORM and w[:MIN_FORM] in forms):
                continue                      # no phrase begins with this word
            segment = segments[i]
            opens = i == 0 or segments[i - 1] != segment
            frontier = [(root, i)]
            while frontier:
                node, j = frontier.pop()
                if j >= n or segments[j] != segment:
                    continue
                w = folded[j]
                nexts = []
                child = node.children.get(w)
                if child is not None:
                    nexts.append(child)
                if node.forms and len(w) > MIN_FORM:
                    for key, form_child in node.forms.get(w[:MIN_FORM], ()):
                        if w != key and w.startswith(key):
                            nexts.append(form_child)
                for nxt in nexts:
                    for kind, owner, phrase, ws, word_forms, lang, anchored, strict in nxt.entries:
                        if anchored and not opens:
                            continue
                        if plain or not strict:           # letters decide, and they matched
                            if not word_forms or all(folded[i + k] == ws[k][0] for k in range(len(ws))):
                                out.append(Match(kind, owner, phrase, i, j + 1, lang, len(ws)))
                                continue
                        if marks[i:j + 1] == [w[1] for w in ws]:
                            out.append(Match(kind, owner, phrase, i, j + 1, lang, len(ws)))
                            continue                # every word as written, diacritics and all
                        how = [_agrees(folded[i + k], marks[i + k], ws[k], word_forms, strict)
                               for k in range(len(ws))]
                        if _NO in how:
                            continue
                        if _LOOSE in how:
                            continue          # a text with diacritics left this word without them
                        out.append(Match(kind, owner, phrase, i, j + 1, lang, len(ws)))
                    if nxt.children:
                        frontier.append((nxt, j + 1))
        return out

    def add_all(self, kind: str, owner: Any, phrases: Iterable[tuple[str, str]], *, forms: bool = False) -> None:
        """Add (phrase, language) pairs."""
        for phrase, lang in phrases:
            self.add(kind, owner, phrase, lang, forms=forms)


_CODE_CLEAN = re.compile(r"[^0-9A-Za-z]")
_WORD = re.compile(r"[^\W_]+")
#: Kinds of phrases in the index.
_KEYWORD, _EXCLUDE, _GLOBAL, _CUE, _UNLESS, _CONTEXT = "keyword", "exclude", "global", "cue", "unless", "context"
_BROAD = "broad"          # a group's broad keywords: a category, not a product


def _strip_code(code: str) -> str:
    return _CODE_CLEAN.sub("", code).upper()


def _pairs(keywords: Keywords) -> Iterable[tuple[str, str]]:
    return [(k, "vi") for k in keywords.vi] + [(k, "en") for k in keywords.en]


_NO_KEYWORD = Classification(None, reason="no-keyword")


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
        index.add_all(_GLOBAL, None, _pairs(catalog.exclude_keywords), forms=True)
        for g in catalog.groups.values():
            index.add_all(_KEYWORD, g, _pairs(g.keywords))
            index.add_all(_BROAD, g, _pairs(g.broad_keywords))
            index.add_all(_EXCLUDE, g, _pairs(g.exclude_keywords), forms=True)
        for cue in catalog.cues:
            index.add_all(_CUE, cue, _pairs(cue.keywords), forms=True)
            index.add_all(_UNLESS, cue, _pairs(cue.unless))
        index.add_all(_CONTEXT, None, _pairs(catalog.context_words))
        self.index = index
        packages = catalog.packages
        self._package_units = frozenset(fold(u) for u in packages.units)
        words = [fold(w) for w, _ in _pairs(packages.words) if fold(w)]
        self._package_words = re.compile(
            "(?<![a-z0-9])(?:" + "|".join(re.escape(w).replace(r"\ ", "[^a-z0-9]+") for w in words) + ")(?![a-z0-9])"
        ) if words else None

    def classify(self, description: str, code: str | None = None) -> Classification:
        """By code when one of the groups' code prefixes matches it, else by the description."""
        if code:
            by_code = self.by_code(code)
            if by_code is not None:
                return by_code
        return self.by_text(description)

    def by_code(self, code: str) -> Classification | None:
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
        prepared = prepare(description)
        found = self._by_text(description, prepared)
        if self._package_words is not None and self._package_words.search(
                prepared[1] if prepared[1] is not None else fold(description)):
            return attrs.evolve(found, package=True)
        return found

    def package_text(self, description: str) -> bool:
        """Does the description say the line is a whole tender package ("Gói thầu số 3: ...")?"""
        return self._package_words is not None and self._package_words.search(fold(description)) is not None

    def package_unit(self, unit: str | None) -> bool:
        """Is ``unit`` one of the catalogue's package units ("gói thầu")?"""
        return unit is not None and fold(unit) in self._package_units

    def _by_text(self, description: str, prepared: tuple[str, str | None]) -> Classification:
        if prepared[1] is not None:
            folded_words = _WORD.findall(prepared[1])
            if not (self.index.may_hold(_KEYWORD, folded_words) or self.index.may_hold(_BROAD, folded_words)):
                return _NO_KEYWORD              # no keyword can be in it: nothing to cut into words
        toks = tokens(description, prepared)
        found = self.index.find(toks)
        if not found:
            return _NO_KEYWORD
        simple = _simple(toks, found)
        if simple is not None:
            return simple
        keywords, vetoes = _surviving(toks, found, self.catalog.services)
        if not keywords:
            if vetoes:
                reason = "excluded" if all(v.by == _EXCLUDE for v in vetoes) else "vetoed"
                return Classification(None, reason=reason, vetoes=tuple(vetoes))
            return _NO_KEYWORD
        secondary = _secondary(toks, found)
        segments = _per_segment(toks, keywords, secondary)
        used = [seg for seg in segments if not seg[0]] or segments     # brackets, purposes: only if alone
        if all(m.kind == _BROAD for seg in used for m in seg[2]):
            # a category narrowed by what follows it: "văn phòng phẩm (mực in)" is toner
            narrower = [seg for seg in segments if seg[0] and any(m.kind == _KEYWORD for m in seg[2])]
            used = narrower or used
        groups = list(dict.fromkeys(g for _, gs, _ in used for g in gs))
        if len(groups) > 1:
            reason = "ambiguous" if len(used) == 1 else "mixed"
            ids = tuple(sorted(groups))
            return Classification(None, reason=reason, groups_found=ids, vetoes=tuple(vetoes),
                                  found_names=tuple(self._groups[g].name for g in ids))
        best = max((m for _, _, ms in used for m in ms), key=_length)
        return Classification(best.owner, "keyword", best.phrase, vetoes=tuple(vetoes))


def _simple(toks: Tokens, found: list[Match]) -> Classification | None:
    """The common case worked out directly: only keywords of one group, nothing in brackets or quotes,
    so nothing can veto them and each part's first, longest keyword gives the evidence (as the general
    path would); None otherwise."""
    owner = found[0].owner
    for m in found:
        if m.kind != _KEYWORD or m.owner is not owner:
            return None
    if True in toks.bracket:
        return None
    parts: dict[int, list[Match]] = {}
    for m in found:
        parts.setdefault(toks.segment[m.start], []).append(m)
    best: Match | None = None
    for ms in parts.values():
        head = min(m.start for m in ms)
        top = max(_length(m) for m in ms if m.start == head)
        for m in ms:
            if m.start == head and _length(m) == top and (best is None or _length(m) > _length(best)):
                best = m
    assert best is not None
    return Classification(owner, "keyword", best.phrase)


def _length(m: Match) -> tuple[int, int]:
    return (m.words, len(m.phrase))


class _Reach:
    """Where a cue or a service word acts: the rest of its segment, and the list that follows it in the
    same clause — the next segments as long as each begins with a keyword ("mực máy in, máy photocopy,
    máy fax"; "In lịch, sổ tay").  A segment that begins otherwise ("..., mua máy lạnh") ends the list."""

    def __init__(self, toks: Tokens, keywords: list[Match]) -> None:
        self.toks = toks
        self.starts = {m.start for m in keywords}
        self.segments: list[tuple[int, int, int]] = []        # (segment, clause, first token)
        for i, (seg, clause) in enumerate(zip(toks.segment, toks.clause, strict=True)):
            if not self.segments or self.segments[-1][0] != seg:
                self.segments.append((seg, clause, i))
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

    def covers(self, word: Match, target: Match, *, before_only: bool, clause: bool = False) -> bool:
        """Does ``word`` act on ``target``: target after it in its segment (or anywhere there when not
        ``before_only``), or in a segment of its list (with ``clause``: anywhere after it in its clause),
        and not a part of the same words."""
        if word.start >= target.start and word.end <= target.end:
            return False                     # the cue is a word of the keyword itself
        toks = self.toks
        if clause and toks.clause[target.start] == toks.clause[word.start]:
            return not before_only or target.start >= word.start
        seg = toks.segment[word.start]
        tseg = toks.segment[target.start]
        if tseg == seg:
            return not before_only or target.start >= word.start
        return tseg in self.of(word.start)


def _surviving(toks: Tokens, found: list[Match], services: AppliesTo
               ) -> tuple[list[Match], list[Veto]]:
    """The keyword matches no cue or exclusion rules out and no service takes as its object, with the
    vetoes."""
    every = [m for m in found if m.kind == _KEYWORD or m.kind == _BROAD]
    # a keyword inside a longer one is not a mention of its own ("phô tô" in "máy phô tô")
    keywords = every if len(every) < 2 else [
        m for m in every if not any(o is not m and o.start <= m.start and m.end <= o.end and
                                    o.end - o.start > m.end - m.start for o in every)]
    if len(every) == len(found) and not any(services.matches(m.owner) for m in keywords):
        return keywords, []                      # nothing can veto: no cue, exclusion or service word
    reach = _Reach(toks, keywords)
    cancelled = {id(m.owner) for m in found if m.kind == _UNLESS}
    cues = sorted((m for m in found if m.kind == _CUE and id(m.owner) not in cancelled), key=lambda m: -m.words)
    exclusions = [m for m in found if m.kind in (_EXCLUDE, _GLOBAL)]
    service_words = [m for m in keywords if services.matches(m.owner)]
    kept: list[Match] = []
    vetoes: list[Veto] = []
    for m in keywords:
        group: ProductGroup = m.owner
        veto = _excluded(toks, m, exclusions)
        if veto is None:
            for c in cues:
                if c.owner.vetoes.matches(group) and reach.covers(c, m, before_only=c.lang == "vi",
                                                                  clause=c.owner.reach == "clause"):
                    veto = Veto(group.id, m.phrase, c.owner.id, c.phrase)
                    break
        if veto is None and not services.matches(group):
            for sv in service_words:
                if sv.end <= m.start and reach.covers(sv, m, before_only=True):
                    veto = Veto(group.id, m.phrase, f"object:{sv.owner.id}", sv.phrase)
                    break
        if veto is None:
            kept.append(m)
        elif veto not in vetoes:
            vetoes.append(veto)
    return kept, vetoes


def _excluded(toks: Tokens, m: Match, exclusions: list[Match]) -> Veto | None:
    """A group's own exclusion in the keyword's segment, or a catalogue-wide one in its clause."""
    segment, clause = toks.segment[m.start], toks.clause[m.start]
    for x in exclusions:
        if (x.kind == _GLOBAL and toks.clause[x.start] == clause) or \
                (x.owner is m.owner and toks.segment[x.start] == segment):
            return Veto(m.owner.id, m.phrase, x.kind, x.phrase)
    return None


def _secondary(toks: Tokens, found: list[Match]) -> set[int]:
    """Words that say what the purchase is for rather than what it is: in brackets or quotes, or after
    a context word ("phục vụ", "cho") in the same segment."""
    out = {i for i, inside in enumerate(toks.bracket) if inside}
    for m in found:
        if m.kind == _CONTEXT:
            segment = toks.segment[m.start]
            i = m.end
            while i < len(toks) and toks.segment[i] == segment:
                out.add(i)
                i += 1
    return out


def _per_segment(toks: Tokens, keywords: list[Match], secondary: set[int]
                 ) -> list[tuple[bool, list[str], list[Match]]]:
    """Per segment part with a keyword (the words that name the purchase, or those that are secondary):
    whether it is secondary, the groups of its deciding keywords (two or more when tied: the first ones,
    longest first) and those keywords."""
    parts: dict[tuple[int, bool], list[Match]] = {}
    for m in keywords:
        parts.setdefault((toks.segment[m.start], m.start in secondary), []).append(m)
    out = []
    for (_, second), ms in parts.items():
        head = min(m.start for m in ms)                  # the first thing named
        top = max(_length(m) for m in ms if m.start == head)
        winners = [m for m in ms if m.start == head and _length(m) == top]
        out.append((second, list(dict.fromkeys(m.owner.id for m in winners)), winners))
    return out
