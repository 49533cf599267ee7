"""Text folding for case- and diacritics-insensitive matching of Vietnamese and English.

``fold("ĐIỀU HOÀ  Daikin-2HP")`` -> ``"dieu hoa daikin 2hp"``: NFC/NFD-independent, lower case, no
diacritics (``đ`` -> ``d``), every run of characters that are not letters or digits turned into one
space.  Keyword classification and the rule operator ``matches`` both work on folded text, so
"dieu hoa", "Điều hòa" and "ĐIỀU HOÀ" are the same words.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")
_SPECIAL = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe"})


@functools.lru_cache(maxsize=65536)
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
