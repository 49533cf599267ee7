"""Error types and located problems.

Every error a user can cause derives from :class:`GppError`; each concrete error also subclasses the
built-in that fits (``ValueError``), so callers may catch either.  An error carries the location of the
(first) problem — ``path``, ``line``, ``column`` — and, for validation, *every* problem found, so that a
policy officer sees all of them at once.

Messages and hints are bilingual: ``message`` and ``hint`` are English (for programmers and logs, and
what ``str(error)`` shows); ``message_vi`` and ``hint_vi`` are Vietnamese, for the policy staff who edit
the catalogue and rules.  ``format(lang)``, ``to_dict(lang)`` and :meth:`GppError.describe` choose the
language; a Vietnamese text that is absent falls back to the English one.  The texts come from the
templates of :mod:`green_procurement._messages` (a :class:`Msg` carries both).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

import attrs

from ._messages import Msg, msg

__all__ = [
    "LANGUAGES",
    "CatalogError",
    "GppError",
    "GppWarning",
    "InputError",
    "Msg",
    "Problem",
    "RuleError",
    "closest",
    "did_you_mean",
    "suggest",
]

ERROR = "error"
WARNING = "warning"
#: Languages of messages: Vietnamese (the default for people) and English.
LANGUAGES = ("vi", "en")


def _split(text: str | Msg | None) -> tuple[str | None, str | None]:
    """(English, Vietnamese) of a message given as a :class:`Msg` or as English-only text."""
    if isinstance(text, Msg):
        return text.en, text.vi
    return text, None


def _level_word(level: str, lang: str) -> str:
    if lang == "vi" and level in (ERROR, WARNING):
        return msg(f"word.{level}").vi
    return level


class _Texts:
    """The message and hint of a :class:`Problem` or a :class:`GppError` in a language, or in both."""

    __slots__ = ()
    message: str
    message_vi: str | None
    hint: str | None
    hint_vi: str | None

    def get_message(self, lang: str = "en") -> str:
        """The message in ``lang`` (``vi`` or ``en``)."""
        return self.message_vi if lang == "vi" and self.message_vi is not None else self.message

    def get_hint(self, lang: str = "en") -> str | None:
        """The hint in ``lang``, or None."""
        return self.hint_vi if lang == "vi" and self.hint_vi is not None else self.hint

    @property
    def msg(self) -> Msg:
        """The message in both languages (English where no Vietnamese was given)."""
        return Msg(self.message, self.message_vi if self.message_vi is not None else self.message)

    @property
    def hint_msg(self) -> Msg | None:
        """The hint in both languages, or None."""
        if self.hint is None:
            return None
        return Msg(self.hint, self.hint_vi if self.hint_vi is not None else self.hint)


@attrs.frozen(order=False)
class Problem(_Texts):
    """One located finding of validation (like a yamllint ``LintProblem``).

    ``line`` and ``column`` are 1-based; ``code`` is a stable identifier of the kind of problem
    (``unknown-key``, ``duplicate-id``...), documented in the rules guide.  ``message`` and ``hint`` are
    English, ``message_vi`` and ``hint_vi`` Vietnamese (None: fall back to English); build a bilingual
    problem with :meth:`of`.
    """

    message: str
    code: str
    path: str | None = None
    line: int | None = None
    column: int | None = None
    level: str = ERROR
    hint: str | None = None
    message_vi: str | None = None
    hint_vi: str | None = None

    @classmethod
    def of(cls, message: Msg | str, code: str, path: str | None = None, line: int | None = None,
           column: int | None = None, level: str = ERROR, hint: Msg | str | None = None) -> Problem:
        """A problem from bilingual texts (:class:`Msg`); plain strings are taken as English only."""
        en, vi = _split(message)
        hint_en, hint_vi = _split(hint)
        return cls(en or "", code, path, line, column, level, hint_en, vi, hint_vi)


    def location(self) -> str:
        """``path:line:column`` with the parts that are known."""
        parts = [self.path or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def text(self, lang: str = "en") -> str:
        """``message; hint`` in ``lang``."""
        text, hint = self.get_message(lang), self.get_hint(lang)
        return f"{text}; {hint}" if hint else text

    def format(self, lang: str = "en") -> str:
        """``path:line:col: level: message; hint [code]`` — one line, parsable.

        In Vietnamese (``lang="vi"``) the level reads ``lỗi`` or ``cảnh báo``; the location and the code
        are the same in both languages."""
        return f"{self.location()}: {_level_word(self.level, lang)}: {self.text(lang)} [{self.code}]"

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path or "", self.line or 0, self.column or 0, self.code)

    def to_dict(self, lang: str = "en") -> dict[str, object]:
        """JSON-ready: ``message`` and ``hint`` in ``lang``, and both languages in ``message_en``,
        ``message_vi``, ``hint_en``, ``hint_vi``."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "level": self.level,
            "code": self.code,
            "message": self.get_message(lang),
            "hint": self.get_hint(lang),
            "message_en": self.message,
            "message_vi": self.get_message("vi"),
            "hint_en": self.hint,
            "hint_vi": self.get_hint("vi"),
        }


def _rebuild(cls: type[GppError], args: tuple[object, ...], state: dict[str, object]) -> GppError:
    """Unpickle a GppError (see ``GppError.__reduce__``)."""
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class GppError(_Texts, Exception):
    """Root of every error raised by green-procurement for bad input, catalogues or rules.

    Attributes: ``message`` (what is wrong, in words a non-programmer can act on), ``path``,
    ``line``, ``column`` (where known), ``code`` and ``problems`` (all problems, for validation);
    ``message_vi`` and ``hint_vi`` are the Vietnamese texts (None when only English was given).

    ``message`` and ``hint`` may be given as :class:`Msg` (both languages) or as English text, with the
    Vietnamese in ``message_vi``/``hint_vi``.  ``str(error)`` is English; :meth:`describe` gives the
    text in a chosen language.
    """

    def __init__(
        self,
        message: str | Msg,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        code: str = "error",
        hint: str | Msg | None = None,
        problems: Sequence[Problem] | None = None,
        message_vi: str | None = None,
        hint_vi: str | None = None,
    ) -> None:
        #: the catalogue template of the message (``input.unknown-field``...), when it came from one
        self.message_id = message.id if isinstance(message, Msg) else None
        message_en, vi = _split(message)
        hint_en, h_vi = _split(hint)
        message_vi = message_vi if message_vi is not None else vi
        hint_vi = hint_vi if hint_vi is not None else h_vi
        if problems is None:
            problems = (Problem(message_en or "", code, path, line, column, ERROR, hint_en, message_vi, hint_vi),)
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.message: str = message_en or ""
        self.message_vi = message_vi
        self.path = path
        self.line = line
        self.column = column
        self.code = code
        self.hint = hint_en
        self.hint_vi = hint_vi
        super().__init__(self._text())

    def __reduce__(self) -> tuple[object, ...]:
        # picklable whatever a subclass's __init__ takes: ``check --jobs N`` sends the error of a
        # worker process back to the one that reports it
        return (_rebuild, (type(self), self.args, self.__dict__.copy()))


    def describe(self, lang: str = "vi") -> str:
        """Every problem, one parsable line each, in ``lang`` (Vietnamese by default); with several
        problems a first line counts the errors."""
        return self._text(lang)

    @classmethod
    def from_problems(cls, problems: Iterable[Problem]) -> GppError:
        """One error carrying every problem; its location is the first problem's."""
        probs = sorted(problems, key=Problem.sort_key)
        errors = [p for p in probs if p.level == ERROR] or probs
        first = errors[0]
        first_msg: Msg | str = Msg(first.message, first.message_vi) if first.message_vi is not None \
            else first.message
        summary = first_msg if len(errors) == 1 else msg("summary.many", n=len(errors), first=first_msg)
        return cls(
            summary,
            path=first.path,
            line=first.line,
            column=first.column,
            code=first.code,
            hint=first.hint,
            hint_vi=first.hint_vi,
            problems=probs,
        )

    def _text(self, lang: str = "en") -> str:
        if len(self.problems) == 1:
            return self.problems[0].format(lang)
        header = msg("summary.header", n=sum(p.level == ERROR for p in self.problems)).get(lang)
        return "\n".join([header] + ["  " + p.format(lang) for p in self.problems])


class CatalogError(GppError, ValueError):
    """The catalogue (``catalog/*.yaml``) is missing, unreadable or invalid."""


class RuleError(GppError, ValueError):
    """A rule file is invalid, or a rule failed while being evaluated (the message names the rule)."""


class InputError(GppError, ValueError):
    """A purchase request, line item or batch row is invalid; ``path`` names the field
    (``items[3].quantity``) or the file and row."""


class GppWarning(RuntimeWarning):
    """A warning of green-procurement; ``msg`` is its text in both languages (``str()`` is English),
    so that the command line can show it in the user's language, on one line."""

    def __init__(self, message: Msg) -> None:
        super().__init__(message.en)
        self.msg = message


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
    """``"did you mean 'x'?"`` for the closest candidate, or None (English; see :func:`suggest`)."""
    found = suggest(word, candidates)
    return found.en if found is not None else None


def suggest(word: object, candidates: Iterable[str]) -> Msg | None:
    """:func:`did_you_mean` in both languages: ``did you mean 'x'?`` / ``có phải là 'x'?``."""
    best = closest(word, candidates)
    return msg("hint.did-you-mean", best=best) if best is not None else None
