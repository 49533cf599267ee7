"""Error types and located problems.

Every error a user can cause derives from :class:`GppError`; each concrete error also subclasses the
built-in that fits (``ValueError``), so callers may catch either.  An error carries the location of the
(first) problem — ``path``, ``line``, ``column`` — and, for validation, *every* problem found, so that a
policy officer sees all of them at once.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

import attrs

__all__ = [
    "CatalogError",
    "GppError",
    "InputError",
    "Problem",
    "RuleError",
    "closest",
    "did_you_mean",
]

ERROR = "error"
WARNING = "warning"


@attrs.frozen(order=False)
class Problem:
    """One located finding of validation (like a yamllint ``LintProblem``).

    ``line`` and ``column`` are 1-based; ``code`` is a stable identifier of the kind of problem
    (``unknown-key``, ``duplicate-id``...), documented in the rules guide.
    """

    message: str
    code: str
    path: str | None = None
    line: int | None = None
    column: int | None = None
    level: str = ERROR
    hint: str | None = None

    def location(self) -> str:
        """``path:line:column`` with the parts that are known."""
        parts = [self.path or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def format(self) -> str:
        """``path:line:col: level: message (hint) [code]`` — one line, parsable."""
        text = self.message
        if self.hint:
            text = f"{text}; {self.hint}"
        return f"{self.location()}: {self.level}: {text} [{self.code}]"

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path or "", self.line or 0, self.column or 0, self.code)

    def to_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "level": self.level,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }


class GppError(Exception):
    """Root of every error raised by green-procurement for bad input, catalogues or rules.

    Attributes: ``message`` (what is wrong, in words a non-programmer can act on), ``path``,
    ``line``, ``column`` (where known), ``code`` and ``problems`` (all problems, for validation).
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        code: str = "error",
        hint: str | None = None,
        problems: Sequence[Problem] | None = None,
    ) -> None:
        if problems is None:
            problems = (Problem(message, code, path, line, column, ERROR, hint),)
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        self.code = code
        self.hint = hint
        super().__init__(self._text())

    @classmethod
    def from_problems(cls, problems: Iterable[Problem]) -> GppError:
        """One error carrying every problem; its location is the first problem's."""
        probs = sorted(problems, key=Problem.sort_key)
        errors = [p for p in probs if p.level == ERROR] or probs
        first = errors[0]
        summary = first.message if len(errors) == 1 else f"{len(errors)} problems, first: {first.message}"
        return cls(
            summary,
            path=first.path,
            line=first.line,
            column=first.column,
            code=first.code,
            hint=first.hint,
            problems=probs,
        )

    def _text(self) -> str:
        if len(self.problems) == 1:
            return self.problems[0].format()
        lines = [f"{sum(p.level == ERROR for p in self.problems)} problem(s):"]
        lines += ["  " + p.format() for p in self.problems]
        return "\n".join(lines)


class CatalogError(GppError, ValueError):
    """The catalogue (``catalog/*.yaml``) is missing, unreadable or invalid."""


class RuleError(GppError, ValueError):
    """A rule file is invalid, or a rule failed while being evaluated (the message names the rule)."""


class InputError(GppError, ValueError):
    """A purchase request, line item or batch row is invalid; ``path`` names the field
    (``items[3].quantity``) or the file and row."""


def closest(word: object, candidates: Iterable[str]) -> str | None:
    """The candidate closest to ``word`` (same text in other case first), or None."""
    if not isinstance(word, str):
        return None
    pool = list(candidates)
    lowered = {c.lower(): c for c in pool}
    if word.lower() in lowered and lowered[word.lower()] != word:
        return lowered[word.lower()]
    close = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
    if close:
        return close[0]
    prefixed = [c for c in pool if len(word) >= 3 and c.lower().startswith(word.lower())]
    if len(prefixed) == 1:
        return prefixed[0]
    close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[close[0]] if close else None


def did_you_mean(word: object, candidates: Iterable[str]) -> str | None:
    """``"did you mean 'x'?"`` for the closest candidate, or None."""
    best = closest(word, candidates)
    return f"did you mean '{best}'?" if best is not None else None
