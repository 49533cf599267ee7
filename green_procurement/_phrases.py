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
from collections.abc import Iterable, Sequence
from itertools import pairwise
from typing import Any

from ._text import _FOLD, Word, fold, fold_each, marked, words

__all__ = ["Found", "Phrase", "PhraseIndex", "Tokens", "prepare", "tokens", "words_of"]

#: Words that join two things in a list: they end a segment.
CONJUNCTIONS = frozenset({"va", "and", "hoac", "or"})
#: Shortest word (in letters) that may match a longer form of itself.
MIN_FORM = 4

#: One scan of a description: a word (1), a clause break (2: ``; | `` new line, a full stop before a space
#: or the end), a separator (3: ``, : / + &``, or a dash between spaces — within a word a dash joins), a
#: bracket or quote (4).
_SCAN = re.compile(r"([^\W_]+)|([;\n\r|]|\.(?=\s|$))|(\s[-–—]+\s|[,:/+&])|([(\[{“«)\]}”»\"])")
_OPEN = frozenset("([{“«")
#: The separators of :data:`_SCAN` alone (groups 2 to 4, the same choice at the same places), for
#: ``re.split``; led by one character class, which the regex engine scans for quickly.  Their kinds.
_SINGLE = r"[;\n\r|,:/+&(\[{“«)\]}”»\"]"
_SEPARATORS = re.compile(rf"([;\n\r|,:/+&(\[{{“«)\]}}”»\".\s](?:(?<={_SINGLE})|(?<=\.)(?=\s|$)|(?<=\s)[-–—]+\s))")
_SEPARATOR_KIND = {**dict.fromkeys(";\n\r|.", 2), **dict.fromkeys("([{“«)]}”»\"", 4)}
#: Where a separator or the dash of a code may be, in a folded (ASCII) text: none, and it is one part.
_SEPARATOR_CHAR = re.compile(r"[;\n\r|,:/+&(\[{)\]}\"\-.](?:(?<!\.)|(?=\s|$))")   # a full stop: before a space
#: A word, unless a dash and a digit follow it (the letters of a code), in a text with no dash before a
#: character beyond ASCII (:data:`_DASH_ODD`, whose next character may be a digit of another script).
_CODE_FREE_WORD = re.compile(r"[^\W_]++(?!-[0-9])")
_DASH_ODD = re.compile(r"-[^\x00-\x7f]")
#: The same in a text where every character beyond ASCII is a letter (:func:`_cut`): a run of anything
#: but ASCII's other characters.
_ASCII_WORD = re.compile(r"[^\x00-/:-@\[-`{-\x7f][^\x00-/:-@\[-`{-\x7f]*+(?!-[0-9])")
#: Bytes kept and bytes made spaces to cut words with ``bytes.translate`` and ``split``: ASCII letters and
#: digits (:func:`words_of`), and also every byte beyond ASCII, in UTF-8 (:func:`_letter_words`).
_ALNUM_BYTES = bytes(c if chr(c).isalnum() and c < 128 else 32 for c in range(256))
_LETTER_BYTES = bytes(c if chr(c).isalnum() or c >= 128 else 32 for c in range(256))
#: A character beyond ASCII that is not a letter folding to one ASCII letter or digit (nor a digit).
_NOT_LETTER = re.compile("[^\x00-\x7f" + "".join(
    re.escape(chr(c)) for c, f in sorted(_FOLD.items()) if len(f) == 1 and f.isascii() and f.isalnum()
    and chr(c).isalnum() and not chr(c).isdigit()) + "]")
#: Characters that fold to more or fewer than one character.
_UNEVEN = re.compile("[" + "".join(re.escape(chr(c)) for c, f in sorted(_FOLD.items()) if len(f) != 1) + "]")

class Tokens:
    """The words of a description (``folded``, ``marked``) with their segment and clause numbers and
    whether they stand in brackets or quotes, as parallel lists; ``spans``: the (first, last + 1) word
    of each segment that has words; ``bracketed``: some word stands in brackets or quotes."""

    __slots__ = ("bracket", "bracketed", "clause", "folded", "marked", "segment", "spans")

    def __init__(self) -> None:
        self.folded: list[str] = []
        self.marked: list[str] = []
        self.segment: list[int] = []
        self.clause: list[int] = []
        self.bracket: list[bool] = []
        self.spans: list[tuple[int, int]] = []
        self.bracketed = False

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
    return text, fold_each(text)


def tokens(text: str, prepared: tuple[str, str | None] | None = None, whole_words: list[str] | None = None
           ) -> Tokens:
    """The words of ``text`` with their segment and clause numbers (``prepared``: what :func:`prepare`
    gives for ``text``, and ``whole_words`` :func:`words_of` its folded form, when the caller has them).

    Three ways to the same words, the quickest that can take the text: a text whose characters beyond
    ASCII are all letters that fold to one ASCII letter (most Vietnamese) is cut on its folded form with
    byte-level splits (:func:`_cut`); another is cut at its separators by a regular expression, each
    part's words folded with one ``translate``; one with a character that folds to more or fewer than
    one (when :func:`prepare` folded it whole) or with a dash before a character beyond ASCII (is it a
    digit, as in a code?) is read word by word (:func:`_scanned`), as these rules were first written."""
    text, whole = prepared or prepare(text)
    if whole is not None and (whole is text or not _NOT_LETTER.search(text)):
        return _cut(text, whole, whole_words)
    if (whole is not None and _UNEVEN.search(text)) or _DASH_ODD.search(text):
        return _scanned(text, whole)
    runs = []
    parts = _SEPARATORS.split(text)
    segment, clause, depth, quoted = 1, 0, 0, False
    for k in range(0, len(parts), 2):
        if k:
            segment += 1
            clause, depth, quoted = _after(parts[k - 1], clause, depth, quoted)
        ws = _CODE_FREE_WORD.findall(parts[k])
        if not ws:
            continue
        joined = " ".join(ws).translate(_FOLD)
        if joined.isascii():
            fs = joined.split(" ")
        else:
            fs = [_fold_word(w) for w in ws]
            if "" in fs:                        # words of another script
                ws = [w for w, f in zip(ws, fs, strict=True) if f]
                fs = [f for f in fs if f]
        runs.append((segment, clause, depth, ws, fs))
        segment += sum(map(fs.count, CONJUNCTIONS)) if not CONJUNCTIONS.isdisjoint(fs) else 0
    return _segments(runs)


def _after(sep: str, clause: int, depth: int, quoted: bool) -> tuple[int, int, bool]:
    """Clause number, bracket depth and whether a straight quote is open after separator ``sep``."""
    kind = _SEPARATOR_KIND.get(sep)
    if kind == 2:
        return clause + 1, depth, quoted
    if kind == 4:
        if sep == '"':                         # a straight quote opens, then closes, a title
            return clause, max(depth + (-1 if quoted else 1), 0), not quoted
        return clause, depth + 1 if sep in _OPEN else max(depth - 1, 0), quoted
    return clause, depth, quoted


def words_of(whole: str) -> list[str]:
    """The words of a folded text (:func:`prepare`'s second part): its runs of letters and digits."""
    return whole.encode("ascii").translate(_ALNUM_BYTES).decode("ascii").split()


def _letter_words(text: str) -> list[str]:
    """The words of a text whose characters beyond ASCII are all letters: runs of those and of ASCII
    letters and digits (in UTF-8, every byte of a character beyond ASCII is beyond ASCII)."""
    return text.encode("utf-8").translate(_LETTER_BYTES).decode("utf-8").split()


def _cut(text: str, whole: str, whole_words: list[str] | None) -> Tokens:
    """:func:`tokens` of a text whose characters beyond ASCII are all letters that fold to one ASCII
    letter: its folded form ``whole`` has the same words and separators in the same places, and those
    are ASCII (words: runs of letters and digits), so ``whole`` is cut, and ``text`` at the same places.
    ``whole_words``: :func:`words_of` ``whole``, when the caller has them."""
    if _SEPARATOR_CHAR.search(whole) is None:  # one part, no code: the words of the whole text
        fs = words_of(whole) if whole_words is None else whole_words
        if fs and CONJUNCTIONS.isdisjoint(fs):  # one segment, the usual description
            m = len(fs)
            one = Tokens.__new__(Tokens)
            if whole is text:
                ws = fs
            else:                                # between spaces only: the same splits in both
                ws = text.split() if whole.split() == fs else _letter_words(text)
            one.folded, one.marked, one.segment, one.clause = fs, ws, [1] * m, [0] * m
            one.bracket, one.spans, one.bracketed = [False] * m, [(0, m)], False
            return one
        return _segments([(1, 0, 0, fs if whole is text else _letter_words(text), fs)])
    runs = []
    parts = _SEPARATORS.split(whole)
    segment, clause, depth, quoted, pos = 1, 0, 0, False, 0
    for k in range(0, len(parts), 2):
        if k:
            sep = parts[k - 1]
            pos += len(sep)
            segment += 1
            clause, depth, quoted = _after(sep, clause, depth, quoted)
        chunk = parts[k]
        if "-" not in chunk:                     # no code: the words are the runs of letters
            fs = words_of(chunk)
            ws = fs if whole is text else _letter_words(text[pos:pos + len(chunk)])
        else:
            fs = _ASCII_WORD.findall(chunk)
            ws = fs if whole is text else _ASCII_WORD.findall(text, pos, pos + len(chunk))
        if fs:
            runs.append((segment, clause, depth, ws, fs))
            segment += sum(map(fs.count, CONJUNCTIONS)) if not CONJUNCTIONS.isdisjoint(fs) else 0
        pos += len(chunk)
    return _segments(runs)


def _segments(runs: list[tuple[int, int, int, list[str], list[str]]]) -> Tokens:
    """Tokens of parts of a text: (first segment number, clause, bracket depth, marked words, folded
    words) each; a conjunction among the words begins a new segment."""
    out = Tokens()
    folded, marks, segments, clauses, brackets, spans = (out.folded, out.marked, out.segment, out.clause,
                                                          out.bracket, out.spans)
    n = 0
    for segment, clause, depth, ws, fs in runs:
        pieces = [(ws, fs)]
        if not CONJUNCTIONS.isdisjoint(fs):     # "và", "and": the next thing named
            pieces = [([], [])]
            for w, f in zip(ws, fs, strict=True):
                if f in CONJUNCTIONS:
                    pieces.append(([], []))
                else:
                    pieces[-1][0].append(w)
                    pieces[-1][1].append(f)
        for rw, rf in pieces:
            m = len(rf)
            if m:
                folded += rf
                marks += rw
                segments += [segment] * m
                clauses += [clause] * m
                brackets += [depth > 0] * m
                spans.append((n, n + m))
                n += m
                if depth:
                    out.bracketed = True
            segment += 1
    return out


def _scanned(text: str, whole: str | None) -> Tokens:
    """:func:`tokens` word by word: for the texts its quicker cut cannot take (see there)."""
    out = Tokens()
    folded, marks, segments, clauses, brackets = out.folded, out.marked, out.segment, out.clause, out.bracket
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
            clause, depth, quoted = _after(m.group(), clause, depth, quoted)
    out.bracketed = True in brackets
    first = 0
    for i in range(1, len(segments) + 1):
        if i == len(segments) or segments[i] != segments[first]:
            out.spans.append((first, i))
            first = i
    return out


class Phrase:
    """A catalogue phrase in a :class:`PhraseIndex`: its ``kind`` and ``owner`` (what the caller gave),
    its text, words, language, and what :meth:`PhraseIndex.find` needs to match it."""

    __slots__ = ("anchored", "bucket", "forms", "kind", "lang", "length", "marks", "owner", "phrase", "size",
                 "strict", "words")

    def __init__(self, kind: str, owner: Any, phrase: str, ws: tuple[Word, ...], lang: str, *,
                 forms: bool, bucket: int) -> None:
        self.kind, self.owner, self.lang, self.forms, self.bucket = kind, owner, lang, forms, bucket
        self.anchored = phrase.lstrip().startswith("^")
        self.phrase = phrase.lstrip().lstrip("^").strip()
        self.words = ws
        self.marks = [m for _, m in ws]
        self.size = len(ws)
        #: what decides between two phrases found at the same word: more words, then more letters
        self.length = (len(ws), len(self.phrase))
        self.strict = lang == "en" or any(f != m for f, m in ws)

    def __repr__(self) -> str:
        return f"Phrase({self.kind!r}, {self.phrase!r}, {self.lang!r})"


#: A phrase found in a description: the phrase and its first and last + 1 word.
Found = tuple[Phrase, int, int]


class _Node:
    __slots__ = ("children", "entries", "forms")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        #: children a longer word may enter (forms=True), by their first MIN_FORM letters
        self.forms: dict[str, list[tuple[str, _Node]]] = {}
        self.entries: list[Phrase] = []


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


def _longer(w: str, bucket: list[tuple[str, _Node]]) -> bool:
    """Is ``w`` a longer form of one of the words of ``bucket`` (a node's ``forms`` for its beginning)?"""
    for key, _ in bucket:
        if w != key and w.startswith(key):
            return True
    return False


def _form_matches(e: Phrase, toks: Tokens, i: int, plain: bool) -> bool:
    """Does ``e``, reached through a longer form of one of its words, match the words from ``i`` on?"""
    ws, folded, marks = e.words, toks.folded, toks.marked
    if (plain or not e.strict) and not e.forms:
        return True
    if marks[i:i + e.size] == e.marks:
        return True
    how = [_agrees(folded[i + k], marks[i + k], ws[k], e.forms, e.strict) for k in range(e.size)]
    return _NO not in how and _LOOSE not in how


class PhraseIndex:
    """Every phrase of a catalogue, indexed by its words (see the module docstring)."""

    def __init__(self) -> None:
        self._root = _Node()
        #: per kind, the folded one-word phrases and the first two words of the longer ones: a text with
        #: none of these words, nor of these pairs of consecutive words, holds no phrase of that kind
        self.heads: dict[str, tuple[set[str], set[tuple[str, str]]]] = {}
        self.phrases: list[Phrase] = []
        self.buckets = 1
        #: :attr:`heads` of one kind or the union for several, by :meth:`may_hold`'s ``kinds``
        self._heads: dict[str | tuple[str, ...], tuple[frozenset[str], frozenset[tuple[str, str]]]] = {}

    def add(self, kind: str, owner: Any, phrase: str, lang: str, *, forms: bool = False, bucket: int = 0) -> None:
        """Add a phrase; :meth:`collect` puts where it is found in the list ``bucket``."""
        ws = words(phrase)
        if not ws:
            return
        self._heads.clear()
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
                bucket_ = node.forms.setdefault(f[:MIN_FORM], [])
                if all(key != f for key, _ in bucket_):
                    bucket_.append((f, child))
            node = child
        entry = Phrase(kind, owner, phrase, ws, lang, forms=forms, bucket=bucket)
        node.entries.append(entry)
        self.phrases.append(entry)
        self.buckets = max(self.buckets, bucket + 1)

    def may_hold(self, kinds: str | tuple[str, ...], folded_words: list[str]) -> bool:
        """False when no phrase of ``kinds`` (a kind or several) can be among these words (the folded
        words of a text, :func:`prepare`'s second part cut at non-letters); True when one may be."""
        heads = self._heads.get(kinds)
        if heads is None:
            parts = [self.heads[k] for k in ((kinds,) if isinstance(kinds, str) else kinds) if k in self.heads]
            heads = self._heads[kinds] = (frozenset().union(*(p[0] for p in parts)),
                                          frozenset().union(*(p[1] for p in parts)))
        single, pairs = heads
        return not (single.isdisjoint(folded_words) and pairs.isdisjoint(pairwise(folded_words)))

    def find(self, toks: Tokens) -> list[Found]:
        """Every phrase found in ``toks`` (each within one segment), by first word, then as
        :meth:`collect` visits them."""
        out: list[Found] = []
        self.collect(toks, [out] * self.buckets)
        return out

    def collect(self, toks: Tokens, into: Sequence[list[Found]]) -> None:
        """Append every phrase found in ``toks`` to ``into[its bucket]``, in one pass over the words:
        from each word that begins a phrase, down the trie of phrase words (a word's longer forms too,
        for phrases added with ``forms``: then depth first, see :meth:`_branching`)."""
        folded, marks = toks.folded, toks.marked
        plain = folded == marks                  # typed wholly without diacritics
        root = self._root
        first, forms = root.children.get, root.forms
        for a, b in toks.spans:
            for i in range(a, b):
                w = folded[i]
                if len(w) > MIN_FORM and w[:MIN_FORM] in forms and _longer(w, forms[w[:MIN_FORM]]):
                    self._branching(toks, into, [(root, i, True)], a, b, plain)
                    continue
                node = first(w)
                j = i                            # one path down the trie, while no longer form may branch
                while node is not None:
                    for e in node.entries:
                        if (plain or not e.strict or marks[i:j + 1] == e.marks) and not (e.anchored and i != a):
                            into[e.bucket].append((e, i, j + 1))
                    j += 1
                    if j == b or not node.children:
                        break
                    w = folded[j]
                    if node.forms and len(w) > MIN_FORM and w[:MIN_FORM] in node.forms and \
                            _longer(w, node.forms[w[:MIN_FORM]]):
                        self._branching(toks, into, [(node, j, True)], a, b, plain)
                        break
                    node = node.children.get(w)

    @staticmethod
    def _branching(toks: Tokens, into: Sequence[list[Found]], frontier: list[tuple[_Node, int, bool]], a: int,
                   b: int, plain: bool) -> None:
        """:meth:`collect` from where a word may enter a longer-form child: every path, depth first,
        the last child's first (the order matches were always found in)."""
        folded, marks = toks.folded, toks.marked
        while frontier:
            node, j, exact = frontier.pop()
            if j >= b:
                continue
            w = folded[j]
            child = node.children.get(w)
            nexts = [] if child is None else [(child, exact)]
            if node.forms and len(w) > MIN_FORM:
                for key, form_child in node.forms.get(w[:MIN_FORM], ()):
                    if w != key and w.startswith(key):
                        nexts.append((form_child, False))
            for nxt, same in nexts:
                for e in nxt.entries:
                    first = j + 1 - e.size
                    if e.anchored and first != a:
                        continue
                    if same:                   # every word as in the phrase (folded)
                        if not (plain or not e.strict or marks[first:j + 1] == e.marks):
                            continue           # ... but a diacritic differs
                    elif not _form_matches(e, toks, first, plain):
                        continue
                    into[e.bucket].append((e, first, j + 1))
                if nxt.children:
                    frontier.append((nxt, j + 1, same))

    def add_all(self, kind: str, owner: Any, phrases: Iterable[tuple[str, str]], *, forms: bool = False,
                bucket: int = 0) -> None:
        """Add (phrase, language) pairs."""
        for phrase, lang in phrases:
            self.add(kind, owner, phrase, lang, forms=forms, bucket=bucket)
