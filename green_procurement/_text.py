"""Text folding for case- and diacritics-insensitive matching of Vietnamese and English.

``fold("ĐIỀU HOÀ  Daikin-2HP")`` -> ``"dieu hoa daikin 2hp"``: NFC/NFD-independent, lower case, no
diacritics (``đ`` -> ``d``), every run of characters that are not letters or digits turned into one
space.  The rule operator ``matches`` works on folded text, so "dieu hoa", "Điều hòa" and "ĐIỀU HOÀ"
are the same words.  Keyword classification (``_phrases``) is stricter: in a text with diacritics they
must agree, so "sữa chua" (yoghurt) does not match the keyword "sửa chữa" (repair), while "sua chua",
typed without diacritics, still does.

Folding is one ``str.translate`` with a table built once from Unicode's decompositions, not a
normalisation per call: every description is folded, so it has to be cheap.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["Word", "fold", "fold_each", "words"]

_NON_WORD = re.compile(r"[^0-9a-z]+")
_SPECIAL = {"đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "ø": "o", "Ø": "o", "ß": "ss", "æ": "ae", "Æ": "ae",
            "œ": "oe", "Œ": "oe"}


def _fold_char(ch: str) -> str:
    if ch in _SPECIAL:
        return _SPECIAL[ch]
    return "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c)).lower()


def _table() -> dict[int, str]:
    table = {}
    for code in range(0x80, 0x3000):
        ch = chr(code)
        folded = _fold_char(ch)
        if folded != ch:
            table[code] = folded
    return table


#: Every character below U+3000 whose folded form differs: precomposed letters to their base letters,
#: combining marks to nothing, upper case to lower case.
_FOLD = _table()


def fold(text: str) -> str:
    """Lower-case, diacritic-free, punctuation-free form of ``text`` (ASCII letters, digits, spaces)."""
    folded = text.translate(_FOLD).lower()
    if folded.isalnum() and folded.isascii():     # one word (a unit, a code): nothing to make a space
        return folded
    return _NON_WORD.sub(" ", folded).strip()


def _one_letter(ch: str) -> bool:
    """Does ``ch`` fold to one ASCII letter or digit by dropping the marks of its canonical
    decomposition (after "đ" -> "d"), as :data:`_FOLD` folds it, and is it a letter of a word?"""
    f = ch.translate(_FOLD)
    return (len(f) == 1 and f.isascii() and f.isalnum() and ch.isalnum() and not ch.isdigit() and
            unicodedata.normalize("NFD", ch.replace("đ", "d")).encode("ascii", "ignore").decode() == f)


#: A character other than ASCII and the letters of :func:`_one_letter` (Vietnamese's, for one).
_NOT_ONE_LETTER = re.compile("[^\x00-\x7f" + "".join(re.escape(chr(c)) for c in _FOLD if _one_letter(chr(c))) + "]")


def fold_each(text: str) -> str | None:
    """``text`` folded character for character (``str.translate`` with :data:`_FOLD`) when each character
    folds to one ASCII character, else None.  When every character beyond ASCII is a letter that folds
    by dropping its marks (Vietnamese text, lower case), by Unicode's decomposition, which is quicker."""
    if text.isascii():
        return text
    if _NOT_ONE_LETTER.search(text) is None:
        return unicodedata.normalize("NFD", text.replace("đ", "d")).encode("ascii", "ignore").decode("ascii")
    whole = text.translate(_FOLD)
    return whole if len(whole) == len(text) and whole.isascii() else None


_WORD = re.compile(r"[^\W_]+")
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _tone_pairs() -> dict[str, str]:
    """Old-style tone placement on "oa", "oe", "uy" ("hòa", "thủy") -> new-style ("hoà", "thuỷ")."""
    pairs = {}
    for first in "ou":
        for tone in _TONES:
            for second in "aey":
                old = unicodedata.normalize("NFC", first + tone + second)
                pairs[old] = unicodedata.normalize("NFC", first + second + tone)
    return pairs


_TONE_PAIRS = _tone_pairs()
#: Every old-style pair: its first letter with a tone, then "a", "e" or "y" (all of the combinations).
_TONE_OLD = re.compile("[" + "".join(sorted({p[0] for p in _TONE_PAIRS})) + "][" +
                       "".join(sorted({p[1] for p in _TONE_PAIRS})) + "]")

Word = tuple[str, str]  # (folded, marked): "hoà" -> ("hoa", "hoà")


def marked(text: str) -> str:
    """``text`` in lower case NFC with the tone mark placed the same way for old and new spellings
    ("hòa" = "hoà"), diacritics kept."""
    text = text.lower()
    if text.isascii():
        return text
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if _TONE_OLD.search(text) is None:
        return text
    return _TONE_OLD.sub(lambda m: _TONE_PAIRS[m.group()], text)


def words(text: str) -> tuple[Word, ...]:
    """The words of a text, each as (folded, marked): marked keeps Vietnamese diacritics, lower
    case, with the tone mark placed the same way for old and new spellings ("hòa" = "hoà")."""
    out = []
    for w in _WORD.findall(marked(text)):
        f = w.translate(_FOLD)
        if not (f.isascii() and f.isalnum()):     # letters of other scripts fold to nothing
            f = fold(w)
            if not f or " " in f:
                continue
        out.append((f, w))
    return tuple(out)


def contains_phrase(folded_text: str, folded_phrase: str) -> bool:
    """Whole-word phrase search in folded text ("led" is not found in "ledger")."""
    if not folded_phrase:
        return False
    return f" {folded_phrase} " in f" {folded_text} "
