"""Small helpers that check loaded YAML values and collect located problems.

A :class:`Checker` walks one :class:`~green_procurement._yaml.Document`; each ``check`` method returns
the clean value (or ``None``) and records a :class:`Problem` at the value's line and column when the
value is wrong.  Validation therefore never stops at the first problem.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import attrs

from ._yaml import Document, PathKey, format_path
from .errors import ERROR, WARNING, Problem, closest, did_you_mean

FREE_KEYS = ("note",)
ID_RE = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")


@attrs.frozen
class Text:
    """A text in Vietnamese and English."""

    vi: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi

    def to_dict(self) -> dict[str, str]:
        return {"vi": self.vi, "en": self.en}


def describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"yes/no value {str(value).lower()}"
    if isinstance(value, (int, Decimal, float)):
        return f"number {value}"
    if isinstance(value, datetime.date):
        return f"date {value.isoformat()}"
    if isinstance(value, str):
        return f"text {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


class Checker:
    """Checks values of one YAML document and collects problems."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.problems: list[Problem] = list(doc.problems)

    # -- recording ---------------------------------------------------------------------------
    def error(self, path: PathKey, message: str, code: str, *, hint: str | None = None,
              key: bool = False, level: str = ERROR) -> None:
        self.problems.append(self.doc.problem(path, message, code, hint=hint, key=key, level=level))

    def warning(self, path: PathKey, message: str, code: str, *, hint: str | None = None) -> None:
        self.error(path, message, code, hint=hint, level=WARNING)

    @property
    def failed(self) -> bool:
        return any(p.level == ERROR for p in self.problems)

    def _found(self, value: Any, path: PathKey) -> tuple[str, str | None]:
        """Describe a wrong value, with a 'quote it' hint when YAML 1.1 changed a plain word."""
        plain = self.doc.plain.get(path)
        if plain is not None and not isinstance(value, str):
            return (f"{describe(value)} (YAML reads the unquoted {plain} that way)",
                    f'quote it: "{plain}"')
        return describe(value), None

    def wrong(self, value: Any, path: PathKey, expected: str, *, code: str = "wrong-type",
              hint: str | None = None) -> None:
        found, qhint = self._found(value, path)
        if qhint:
            code = "unquoted-boolean" if isinstance(value, bool) else code
        self.error(path, f"'{_name(path)}' must be {expected}, found {found}", code, hint=qhint or hint)

    # -- structure ---------------------------------------------------------------------------
    def mapping(self, value: Any, path: PathKey, *, required: Sequence[str] = (),
                optional: Sequence[str] = (), what: str = "a mapping") -> dict[str, Any] | None:
        if not isinstance(value, dict):
            keys = ", ".join(required) if required else ""
            self.wrong(value, path, f"{what}" + (f" with keys {keys}" if keys else ""))
            return None
        allowed = tuple(required) + tuple(optional) + FREE_KEYS
        for k in value:
            if k not in allowed:
                self.error(path + (k,), f"unknown key '{k}'", "unknown-key", key=True,
                           hint=did_you_mean(k, allowed) or f"allowed keys: {', '.join(allowed)}")
        for k in required:
            if k not in value:
                self.error(path, f"missing key '{k}'" + (f" in {format_path(path)}" if path else ""),
                           "missing-key", hint=_close_key(k, value))
        return value

    def seq(self, value: Any, path: PathKey, *, what: str = "a list", allow_empty: bool = True
            ) -> list[Any] | None:
        if not isinstance(value, list):
            self.wrong(value, path, what)
            return None
        if not value and not allow_empty:
            self.error(path, f"'{_name(path)}' must not be empty", "empty")
        return value

    # -- scalars -----------------------------------------------------------------------------
    def text(self, value: Any, path: PathKey, *, what: str = "text") -> str | None:
        if not isinstance(value, str):
            self.wrong(value, path, what)
            return None
        text = unicodedata.normalize("NFC", value).strip()
        if not text:
            self.error(path, f"'{_name(path)}' must not be empty", "empty")
            return None
        return text

    def opt_text(self, data: dict[str, Any], key: str, path: PathKey) -> str | None:
        if data.get(key) is None:
            return None
        return self.text(data[key], path + (key,))

    def ident(self, value: Any, path: PathKey, *, what: str = "an id") -> str | None:
        text = self.text(value, path, what=what)
        if text is not None and not ID_RE.fullmatch(text):
            self.error(path, f"'{text}' is not a valid id", "bad-id",
                       hint="use lowercase letters, digits and '-', e.g. 'air-conditioner'")
            return None
        return text

    def bilingual(self, value: Any, path: PathKey) -> Text | None:
        d = self.mapping(value, path, required=("vi", "en"), what="a mapping {vi: ..., en: ...}")
        if d is None:
            return None
        vi = self.text(d["vi"], path + ("vi",)) if "vi" in d else None
        en = self.text(d["en"], path + ("en",)) if "en" in d else None
        if vi is None or en is None:
            return None
        return Text(vi, en)

    def boolean(self, value: Any, path: PathKey) -> bool | None:
        if not isinstance(value, bool):
            self.wrong(value, path, "true or false")
            return None
        return value

    def integer(self, value: Any, path: PathKey, *, minimum: int | None = None,
                maximum: int | None = None) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, Decimal) and value == value.to_integral_value():
                value = int(value)
            else:
                self.wrong(value, path, "a whole number")
                return None
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            rng = f"between {minimum} and {maximum}" if maximum is not None else f"at least {minimum}"
            self.error(path, f"'{_name(path)}' must be {rng}, found {value}", "out-of-range")
            return None
        return value

    def number(self, value: Any, path: PathKey) -> int | Decimal | None:
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            self.wrong(value, path, "a number")
            return None
        if isinstance(value, Decimal):
            if not value.is_finite():
                self.wrong(value, path, "a finite number")
                return None
            if value == value.to_integral_value():
                return int(value)
            if len(value.normalize().as_tuple().digits) > 15:
                self.error(path, f"{value} has more than 15 significant digits", "out-of-range")
                return None
            return value.normalize()
        return value

    def enum(self, value: Any, path: PathKey, choices: Sequence[str], *, what: str = "") -> str | None:
        if not isinstance(value, str) or value not in choices:
            found, qhint = self._found(value, path)
            hint = qhint or did_you_mean(value, choices)
            code = "unquoted-boolean" if qhint and isinstance(value, bool) else "bad-value"
            self.error(path, f"'{_name(path)}' must be one of {', '.join(map(str, choices))}, "
                       f"found {found}", code, hint=hint)
            return None
        return value

    def date(self, value: Any, path: PathKey) -> datetime.date | None:
        if isinstance(value, datetime.datetime):
            self.wrong(value, path, "a date YYYY-MM-DD without a time")
            return None
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.wrong(value, path, "a date YYYY-MM-DD", hint="e.g. 2022-07-26")
        return None

    def text_list(self, value: Any, path: PathKey, *, ident: bool = False,
                  allow_empty: bool = True) -> list[str]:
        items = self.seq(value, path, what="a list of texts", allow_empty=allow_empty)
        out: list[str] = []
        seen: set[str] = set()
        for i, v in enumerate(items or ()):
            t = self.ident(v, path + (i,)) if ident else self.text(v, path + (i,))
            if t is None:
                continue
            if t in seen:
                self.error(path + (i,), f"'{t}' is listed twice", "duplicate-value")
                continue
            seen.add(t)
            out.append(t)
        return out

    def unique_id(self, ident: str, path: PathKey, seen: dict[str, tuple[str, int | None]],
                  what: str) -> bool:
        """Record an id; report a duplicate (naming where it first appeared)."""
        if ident in seen:
            where, line = seen[ident]
            self.error(path, f"duplicate {what} id '{ident}' (first defined at {where}:{line})",
                       "duplicate-id", hint="ids must be unique; rename one of them")
            return False
        loc = self.doc.loc(path)
        seen[ident] = (self.doc.path, loc.line if loc else None)
        return True


def _name(path: PathKey) -> str:
    for part in reversed(path):
        if isinstance(part, str):
            return part
    return "value"


def _close_key(missing: str, present: Iterable[str]) -> str | None:
    close = closest(missing, [k for k in present if isinstance(k, str)])
    return f"is '{close}' a misspelling of it?" if close else None
