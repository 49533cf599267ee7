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
start of a segment: "^in" is the verb (to print) that opens "In sổ tay hướng dẫn".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import attrs

from ._text import _FOLD, Word, fold, marked, words

__all__ = ["Match", "PhraseIndex", "Tokens", "tokens"]

#: Words that join two things in a list: they end a segment.
CONJUNCTIONS = frozenset({"va", "and", "hoac", "or"})
#: Shortest word (in letters) that may match a longer form of itself.
MIN_FORM = 4

_CLAUSES = re.compile(r"[;\n\r|]|\.(?=\s|$)")
_SEGMENTS = re.compile(r"([(\[{“«)\]}”»\"])|[,:/+&]")
#: A dash between spaces separates things like a comma ("xe máy - trạm y tế"); within a word it joins.
_DASHES = re.compile(r"\s[-–—]+\s")
_OPEN, _CLOSE = frozenset("([{“«"), frozenset(")]}”»")
_WORDS = re.compile(r"[^\W_]+")


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


def _fold_each(words_: list[str]) -> tuple[list[str], list[str]]:
    """Folded words one by one, dropping those of other scripts (they fold to nothing)."""
    folds, kept = [], []
    for w in words_:
        f = w.translate(_FOLD)
        if not (f.isascii() and f.isalnum()):
            f = fold(w)
            if not f or " " in f:
                continue
        folds.append(f)
        kept.append(w)
    return folds, kept


def _extend(out: Tokens, folds: list[str], words_: list[str], segment: int, clause: int, inside: bool) -> None:
    n = len(folds)
    if n:
        out.folded.extend(folds)
        out.marked.extend(words_)
        out.segment.extend([segment] * n)
        out.clause.extend([clause] * n)
        out.bracket.extend([inside] * n)


def tokens(text: str) -> Tokens:
    """The words of ``text`` with their segment and clause numbers."""
    out = Tokens()
    segment = depth = 0
    quoted = False
    text = marked(text)
    if "-" in text or "–" in text or "—" in text:
        text = _DASHES.sub(",", text)
    for clause, part in enumerate(_CLAUSES.split(text)):
        segment += 1
        pieces = _SEGMENTS.split(part)
        for k, piece in enumerate(pieces):
            if k % 2:                         # a separator: a bracket or quote, or None for the others
                segment += 1
                if piece is None:
                    continue
                if piece == '"':              # a straight quote opens, then closes, a title
                    depth = max(depth + (-1 if quoted else 1), 0)
                    quoted = not quoted
                elif piece in _OPEN:
                    depth += 1
                elif piece in _CLOSE:
                    depth = max(depth - 1, 0)
                continue
            if not piece:
                continue
            inside = depth > 0
            words_ = _WORDS.findall(piece)
            if piece.isascii():
                folds = words_
            else:                               # one translation of the piece, split the same way
                translated = piece.translate(_FOLD)
                folds = _WORDS.findall(translated)
                if len(folds) != len(words_) or not translated.isascii():
                    folds, words_ = _fold_each(words_)
            start = 0
            for k, f in enumerate(folds):
                if f in CONJUNCTIONS:           # "và", "and": the next thing named
                    _extend(out, folds[start:k], words_[start:k], segment, clause, inside)
                    segment += 1
                    start = k + 1
            _extend(out, folds[start:], words_[start:], segment, clause, inside)
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

    def add(self, kind: str, owner: Any, phrase: str, lang: str, *, forms: bool = False) -> None:
        anchored = phrase.lstrip().startswith("^")
        ws = words(phrase)
        if not ws:
            return
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
