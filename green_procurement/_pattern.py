"""The ``matches`` operand: phrases separated by ``|``, matched as whole words.

``matches: "ly nhựa|cốc nhựa|ống hút"`` holds when the text contains one of the phrases as whole words,
ignoring case, diacritics and punctuation ("Ly nhựa 500ml" contains "ly nhua").  This is deliberately
not a regular expression: durable-rules' own regex dialect gave wrong answers for simple patterns such
as ``.* dich vu .* .*`` (``docs/durable-rules-findings.md``), so both backends compare words instead —
the reference by phrase search in the folded text, durable-rules by equality against the text's word
n-grams.
"""

from __future__ import annotations

from ._messages import Msg, msg
from ._text import fold

MAX_PHRASES = 20
MAX_WORDS = 6
_REGEX_CHARS = set(".*+?()[]{}^$\\")


class PatternError(ValueError):
    """A ``matches`` operand that cannot be used: ``message`` and ``hint`` in both languages,
    ``position`` the offset in the pattern."""

    def __init__(self, message: Msg, position: int, hint: Msg | None = None) -> None:
        super().__init__(message.en)
        self.message, self.position, self.hint = message, position, hint


def parse_phrases(pattern: str) -> tuple[str, ...]:
    """The folded phrases of a ``matches`` operand, or :class:`PatternError` with a position."""
    for i, ch in enumerate(pattern):
        if ch in _REGEX_CHARS:
            raise PatternError(msg("pattern.char", char=ch), i, msg("pattern.char.hint"))
    phrases: list[str] = []
    pos = 0
    for part in pattern.split("|"):
        folded = fold(part)
        if not folded:
            raise PatternError(msg("pattern.empty"), pos, msg("pattern.empty.hint"))
        if len(folded.split()) > MAX_WORDS:
            raise PatternError(msg("pattern.long", n=MAX_WORDS), pos, msg("pattern.long.hint"))
        if folded not in phrases:
            phrases.append(folded)
        pos += len(part) + 1
    if len(phrases) > MAX_PHRASES:
        raise PatternError(msg("pattern.many", n=MAX_PHRASES), 0, msg("pattern.many.hint"))
    return tuple(phrases)
