"""Text folding for case- and diacritics-insensitive matching of Vietnamese and English.

``fold("ĐIỀU HOÀ  Daikin-2HP")`` -> ``"dieu hoa daikin 2hp"``: NFC/NFD-independent, lower case, no
diacritics (``đ`` -> ``d``), every run of characters that are not letters or digits turned into one
space.  The rule operator ``matches`` works on folded text, so "dieu hoa", "Điều hòa" and "ĐIỀU HOÀ"
are the same words.  Keyword classification (:func:`phrase_in`) is stricter where both sides carry
diacritics: "sữa chua" (yoghurt) does not match the keyword "sửa chữa" (repair), while "sua chua",
typed without diacritics, still does.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")
_SPECIAL = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe"})


@functools.lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Lower-case, diacritic-free, punctuation-free form of ``text`` (ASCII letters, digits, spaces)."""
    decomposed = unicodedata.normalize("NFD", text.translate(_SPECIAL))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return _NON_WORD.sub(" ", stripped).strip()


def contains_phrase(folded_text: str, folded_phrase: str) -> bool:
    """Whole-word phrase search in folded text ("led" is not found in "ledger")."""
    if not folded_phrase:
        return False
    return f" {folded_phrase} " in f" {folded_text} "


_TONE_SWAP = re.compile("([ouOU])([\u0300\u0301\u0303\u0309\u0323])([aeyAEY])")
_WORD = re.compile(r"[^\W_]+")

Word = tuple[str, str]  # (folded, marked): "hoà" -> ("hoa", "hoà")


@functools.lru_cache(maxsize=4096)
def words(text: str) -> tuple[Word, ...]:
    """The words of a text, each as (folded, marked): marked keeps Vietnamese diacritics, lower
    case, with the tone mark placed the same way for old and new spellings ("hòa" = "hoà")."""
    nfd = _TONE_SWAP.sub(r"\1\3\2", unicodedata.normalize("NFD", text.lower()))
    out = []
    for w in _WORD.findall(unicodedata.normalize("NFC", nfd)):
        f = fold(w)
        if f and " " not in f:
            out.append((f, w))
    return tuple(out)


def word_match(t: Word, k: Word) -> bool:
    """Does text word ``t`` match keyword word ``k``?"""
    # a word written without diacritics (text or keyword) matches on letters alone; two words that
    # both carry diacritics must agree on them: "sữa chua" (yoghurt) is not "sửa chữa" (repair)
    if t[0] != k[0]:
        return False
    return t[0] == t[1] or k[0] == k[1] or t[1] == k[1]


def phrase_in(text: tuple[Word, ...], phrase: tuple[Word, ...]) -> bool:
    """Whole-word phrase search, case-insensitive and diacritics-aware (see :func:`_word_match`)."""
    n = len(phrase)
    if not n:
        return False
    for i in range(len(text) - n + 1):
        if all(word_match(text[i + j], phrase[j]) for j in range(n)):
            return True
    return False
