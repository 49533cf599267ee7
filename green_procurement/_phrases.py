"""Phrases in a description: its words in segments and clauses, and an index of catalogue phrases.

A description is cut into *segments* at the punctuation that separates things — ``, ; : ( ) [ ] | / + &``,
a dash between spaces — and at the words "và", "and", "hoặc", "or": a keyword is never found across a
segment boundary ("xe máy, trạm y tế" holds no "máy trạm"), and two segments naming goods of two groups
make a mixed line.  Segments sit in *clauses*, cut at ``;``, a full stop and new lines.  Words in brackets
and quotes are marked: they usually describe the item named before them, or quote a title.

:class:`PhraseIndex` finds every catalogue phrase (keywords, exclusions, cues) in one pass over the words,
through a trie of folded words.  A Vietnamese phrase written wholly without diacritics matches on letters
("dieu hoa" finds "Điều hòa").  A phrase written with diacritics, and an English phrase, must agree on
them: "đặc san" is not "Đặc sản", "van" is not "văn", "trứng" is not "Trung".  A text typed wholly without
diacritics matches every phrase on its letters ("may dieu hoa" finds "máy điều hòa"); in a text with
diacritics every word must agree, since a word left without them is usually another word: "Sữa chua"
(yoghurt) is not "sửa chữa" (repair).  Phrases added with
``forms=True`` (exclusions and cues) also match longer forms of their words of four letters or more:
"thuê máy photo" finds "thuê máy photocopy".  A phrase written with a leading ``^`` matches only at the
start of a segment: "^in" is the verb (to print) that opens "In sổ tay hướng dẫn".  The letters of a
code joined to its digits by a dash ("TV-01", a consultant's post) are not words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import pairwise
from typing import Any

import attrs

from ._text import _FOLD, Word, fold, marked, words

__all__ = ["Match", "PhraseIndex", "Tokens", "prepare", "tokens"]

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
