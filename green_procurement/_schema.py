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

from ._messages import Msg, join, msg
from ._yaml import Document, PathKey, format_path
from .errors import ERROR, WARNING, Problem, closest, suggest

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


def describe(value: Any) -> Msg:
    """A found value in words ("number 5", "a list")."""
    if value is None:
        return msg("found.null")
    if isinstance(value, bool):
        return msg("found.bool", value=str(value).lower())
    if isinstance(value, (int, Decimal, float)):
        return msg("found.number", value=value)
    if isinstance(value, datetime.date):
        return msg("found.date", value=value.isoformat())
    if isinstance(value, str):
        return msg("found.text", value=value)
    if isinstance(value, list):
        return msg("found.list") if value else msg("found.empty-list")
    if isinstance(value, dict):
        return msg("found.mapping")
    return msg("found.other", type=type(value).__name__)


class Checker:
    """Checks values of one YAML document and collects problems."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.problems: list[Problem] = list(doc.problems)

    # -- recording ---------------------------------------------------------------------------
    def error(self, path: PathKey, message: Msg, code: str, *, hint: Msg | None = None,
              key: bool = False, level: str = ERROR) -> None:
        self.problems.append(self.doc.problem(path, message, code, hint=hint, key=key, level=level))

    def warning(self, path: PathKey, message: Msg, code: str, *, hint: Msg | None = None) -> None:
        self.error(path, message, code, hint=hint, level=WARNING)

    @property
    def failed(self) -> bool:
        return any(p.level == ERROR for p in self.problems)

    def _found(self, value: Any, path: PathKey, *, quote: bool = True) -> tuple[Msg, Msg | None]:
        """Describe a wrong value, with a 'quote it' hint when YAML 1.1 changed a plain word (and
        ``quote``: text would be accepted there)."""
        plain = self.doc.plain.get(path)
        if plain and value is not None and not isinstance(value, str):
            return (msg("found.unquoted", found=describe(value), plain=plain),
                    msg("hint.quote-it", plain=plain) if quote else None)
        return describe(value), None

    def wrong(self, value: Any, path: PathKey, expected: Msg, *, code: str = "wrong-type",
              hint: Msg | None = None, quote: bool = True) -> None:
        """``'name' must be <expected>, found <value>``; ``quote=False`` where text is no answer either
        (a number, true/false or a date is expected), so no "quote it" hint."""
        found, qhint = self._found(value, path, quote=quote)
        if qhint:
            code = "unquoted-boolean" if isinstance(value, bool) else code
        name = _name(path)
        message = msg("schema.wrong", name=name, expected=expected, found=found) if name is not None else \
            msg("schema.wrong-file", expected=expected, found=found)
        self.error(path, message, code, hint=qhint or hint)

    # -- structure ---------------------------------------------------------------------------
    def mapping(self, value: Any, path: PathKey, *, required: Sequence[str] = (),
                optional: Sequence[str] = (), what: Msg | None = None) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            # a caller's ``what`` says what the mapping holds; the default one lists the keys
            expected = what or (msg("expect.with-keys", what=msg("expect.mapping"), keys=join(required))
                                if required else msg("expect.mapping"))
            self.wrong(value, path, expected)
            return None
        allowed = tuple(required) + tuple(optional) + FREE_KEYS
        for k in value:
            if k not in allowed:
                self.error(path + (k,), msg("schema.unknown-key", key=k), "unknown-key", key=True,
                           hint=suggest(k, allowed) or msg("hint.allowed-keys", keys=join(allowed)))
        for k in required:
            if k not in value:
                self.error(path, msg("schema.missing-key-in", key=k, where=format_path(path)) if path
                           else msg("schema.missing-key", key=k), "missing-key",
                           hint=_close_key(k, [x for x in value if x not in allowed]))
        return value

    def seq(self, value: Any, path: PathKey, *, what: Msg | None = None, allow_empty: bool = True
            ) -> list[Any] | None:
        if not isinstance(value, list):
            self.wrong(value, path, what or msg("expect.list"))
            return None
        if not value and not allow_empty:
            self.error(path, msg("schema.empty", name=_name(path) or ""), "empty")
        return value

    # -- scalars -----------------------------------------------------------------------------
    def text(self, value: Any, path: PathKey, *, what: Msg | None = None) -> str | None:
        if not isinstance(value, str):
            self.wrong(value, path, what or msg("expect.text"))
            return None
        text = unicodedata.normalize("NFC", value).strip()
        if not text:
            self.error(path, msg("schema.empty", name=_name(path) or ""), "empty")
            return None
        return text

    def opt_text(self, data: dict[str, Any], key: str, path: PathKey) -> str | None:
        if data.get(key) is None:
            return None
        return self.text(data[key], path + (key,))

    def ident(self, value: Any, path: PathKey, *, what: Msg | None = None) -> str | None:
        text = self.text(value, path, what=what or msg("expect.id"))
        if text is not None and not ID_RE.fullmatch(text):
            self.error(path, msg("schema.bad-id", text=text), "bad-id", hint=msg("schema.bad-id.hint"))
            return None
        return text

    def bilingual(self, value: Any, path: PathKey) -> Text | None:
        d = self.mapping(value, path, required=("vi", "en"), what=msg("expect.bilingual"))
        if d is None:
            return None
        vi = self.text(d["vi"], path + ("vi",)) if "vi" in d else None
        en = self.text(d["en"], path + ("en",)) if "en" in d else None
        if vi is None or en is None:
            return None
        return Text(vi, en)

    def boolean(self, value: Any, path: PathKey) -> bool | None:
        if not isinstance(value, bool):
            self.wrong(value, path, msg("expect.boolean"), quote=False)
            return None
        return value

    def integer(self, value: Any, path: PathKey, *, minimum: int | None = None,
                maximum: int | None = None) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, Decimal) and value == value.to_integral_value():
                value = int(value)
            else:
                self.wrong(value, path, msg("expect.integer"), quote=False)
                return None
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            self.range_error(path, value, minimum, maximum)
            return None
        return value

    def range_error(self, path: PathKey, value: Any, minimum: Any, maximum: Any = None) -> None:
        """``'name' must be between minimum and maximum`` (or ``at least minimum``)."""
        rng = msg("range.between", lo=minimum, hi=maximum) if maximum is not None else \
            msg("range.at-least", lo=minimum)
        self.error(path, msg("schema.range", name=_name(path) or "", range=rng, value=value), "out-of-range")

    def number(self, value: Any, path: PathKey) -> int | Decimal | None:
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            self.wrong(value, path, msg("expect.number"), quote=False)
            return None
        if isinstance(value, Decimal):
            if not value.is_finite():
                self.wrong(value, path, msg("expect.finite"), quote=False)
                return None
            if value == value.to_integral_value():
                return int(value)
            if len(value.normalize().as_tuple().digits) > 15:
                self.error(path, msg("schema.digits", value=value), "out-of-range")
                return None
            return value.normalize()
        return value

    def enum(self, value: Any, path: PathKey, choices: Sequence[str]) -> str | None:
        if not isinstance(value, str) or value not in choices:
            found, qhint = self._found(value, path)
            # "quote it" only helps when the quoted text is one of the choices (NO, yes...)
            if qhint is not None and self.doc.plain.get(path) not in choices:
                qhint = None
            hint = qhint or suggest(value, choices) or msg("hint.allowed", values=join(choices))
            code = "unquoted-boolean" if qhint and isinstance(value, bool) else "bad-value"
            self.error(path, msg("schema.enum", name=_name(path) or "", choices=join(choices), found=found), code,
                       hint=hint)
            return None
        return value

    def date(self, value: Any, path: PathKey) -> datetime.date | None:
        if isinstance(value, datetime.datetime):
            self.wrong(value, path, msg("expect.date-no-time"), quote=False)
            return None
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.wrong(value, path, msg("expect.date"), hint=msg("schema.date.hint"), quote=False)
        return None

    def text_list(self, value: Any, path: PathKey, *, ident: bool = False,
                  allow_empty: bool = True) -> list[str]:
        items = self.seq(value, path, what=msg("expect.text-list"), allow_empty=allow_empty)
        out: list[str] = []
        seen: set[str] = set()
        for i, v in enumerate(items or ()):
            t = self.ident(v, path + (i,)) if ident else self.text(v, path + (i,))
            if t is None:
                continue
            if t in seen:
                self.error(path + (i,), msg("schema.listed-twice", value=t), "duplicate-value",
                           hint=msg("schema.listed-twice.hint"))
                continue
            seen.add(t)
            out.append(t)
        return out

    def unique_id(self, ident: str, path: PathKey, seen: dict[str, tuple[str, int | None]],
                  what: Msg) -> bool:
        """Record an id; report a duplicate (naming where it first appeared)."""
        if ident in seen:
            where, line = seen[ident]
            self.error(path, msg("schema.duplicate-id", what=what, id=ident, where=where, line=line),
                       "duplicate-id", hint=msg("schema.duplicate-id.hint"))
            return False
        loc = self.doc.loc(path)
        seen[ident] = (self.doc.path, loc.line if loc else None)
        return True


def _name(path: PathKey) -> str | None:
    """The name of the value at ``path``: its key, with the indexes after it (``codes.hs[0]`` ->
    ``hs[0]``); None for the whole file."""
    for i in range(len(path) - 1, -1, -1):
        if isinstance(path[i], str):
            return format_path(path[i:])
    return format_path(path) or None


def _close_key(missing: str, present: Iterable[str]) -> Msg | None:
    close = closest(missing, [k for k in present if isinstance(k, str)])
    return msg("hint.misspelt-key", close=close) if close else None


def in_period(on: datetime.date, start: datetime.date | None, end: datetime.date | None) -> bool:
    """``on`` lies in an ``effective`` period (both ends inclusive; None: open), as rules and bid
    settings read it."""
    if start is not None and on < start:
        return False
    return not (end is not None and on > end)
