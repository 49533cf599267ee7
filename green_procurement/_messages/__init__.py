"""The one catalogue of user-facing text, in Vietnamese and English.

Every text a user can see — validation problems, row errors, file errors, command-line help and usage
errors, warnings, progress, report labels and command output — is a template in :data:`MESSAGES`,
keyed by a stable id, with an English and a Vietnamese text.  :func:`msg` fills both with the *same*
arguments and returns a :class:`Msg`; the caller shows ``m.get(lang)`` (``lang`` is ``vi``, the
default for people, or ``en``).  An argument that is itself a :class:`Msg` (a phrase such as "a whole
number" / "một số nguyên") is filled in the matching language.  Names of keys, fields, columns, ids
and values are arguments, so they reach the user exactly as written.

The templates live in one module per area (``common``, ``files``, ``schema``, ``catalog``,
``rules``, ``pattern``, ``compiler``, ``model``, ``batch``, ``report``, ``cli``, ``commands``,
``ruletest``, ``pyyaml``, ``explain``, ``certificates``, ``bids``); :data:`MESSAGES` merges them (an id
defined twice is an error at import).

Templates use :meth:`str.format` syntax (``{{`` and ``}}`` for literal braces).  In Vietnamese a
``{n:,}`` groups thousands with dots (``2.097.152``) and a decimal comma (``{x:,.1f}`` -> ``45,2``).

Two kinds of text come from code this package does not own: PyYAML's problem texts, looked up by
their exact English text in :mod:`._messages.pyyaml` (:func:`yaml_detail`, :func:`value_reason`),
and the durable-rules compiler's limits (:func:`compiler_error`).
"""

from __future__ import annotations

import errno
import re
import string
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from . import (
    batch,
    bids,
    catalog,
    certificates,
    cli,
    commands,
    common,
    compiler,
    explain,
    files,
    model,
    pattern,
    pyyaml,
    report,
    rules,
    ruletest,
    schema,
)

__all__ = ["LANGS", "MESSAGES", "Msg", "compiler_error", "csvlib_reason", "fmt_count", "join", "jsonlib_reason",
           "msg", "os_reason", "pattern_error", "text", "yaml_detail"]

#: Languages of every message: Vietnamese (the default for people) and English.
LANGS = ("vi", "en")


@attrs.frozen
class Msg:
    """A filled message: its English and Vietnamese text (``id`` names the template)."""

    en: str
    vi: str
    id: str = ""

    def get(self, lang: str) -> str:
        """The text in ``lang`` (``vi`` or ``en``; anything else gives English)."""
        return self.vi if lang == "vi" else self.en

    def to_dict(self) -> dict[str, str]:
        """``{"vi": ..., "en": ...}``, like the messages of rule findings."""
        return {"vi": self.vi, "en": self.en}

    def __str__(self) -> str:
        return self.en

    @classmethod
    def join(cls, parts: Sequence[Msg], sep: str = "; ", id: str = "") -> Msg:
        """Messages joined with ``sep`` in each language."""
        return cls(sep.join(p.en for p in parts), sep.join(p.vi for p in parts), id)


def _merge(*areas: Mapping[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for area in areas:
        for mid, texts in area.items():
            if mid in merged:
                raise ValueError(f"message id {mid!r} is defined twice")
            merged[mid] = texts
    return merged


#: id: (English, Vietnamese), every template of every area.  A test checks that both texts of every
#: template take the same arguments and differ.
MESSAGES: dict[str, tuple[str, str]] = _merge(
    common.MESSAGES, files.MESSAGES, schema.MESSAGES, catalog.MESSAGES, rules.MESSAGES, pattern.MESSAGES,
    compiler.MESSAGES, model.MESSAGES, batch.MESSAGES, report.MESSAGES, cli.MESSAGES, commands.MESSAGES,
    ruletest.MESSAGES, pyyaml.MESSAGES, explain.MESSAGES, certificates.MESSAGES,
    bids.MESSAGES)


class _Formatter(string.Formatter):
    """Fills a template in one language: :class:`Msg` arguments in that language, and in Vietnamese
    numbers with ``,`` in their format group thousands with ``.`` and take ``,`` as decimal mark."""

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def get_value(self, key: int | str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
        value = super().get_value(key, args, kwargs)
        return value.get(self.lang) if isinstance(value, Msg) else value

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        # a user's value shown with !r: never longer than a line, and never an error (repr() of an
        # int of more than 4,300 digits raises)
        if conversion == "r":
            try:
                shown = repr(value)
            except ValueError:
                shown = _huge(value)
            return shown if len(shown) <= _SHOWN else f"{shown[:_SHOWN - 12]}…{shown[-8:]}"
        return super().convert_field(value, conversion)

    def format_field(self, value: Any, format_spec: str) -> str:
        try:
            text: str = super().format_field(value, format_spec)
        except ValueError:
            if not isinstance(value, int):
                raise
            text = _huge(value)
        if self.lang == "vi" and "," in format_spec and isinstance(value, (int, float)):
            text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
        return text


#: Longest text of a value shown with !r in a message.
_SHOWN = 120


def _huge(value: object) -> str:
    """An int too large to print, as its number of digits."""
    bits = value.bit_length() if isinstance(value, int) else 0
    return f"<{int(bits * 0.30103) + 1} digits>"


_EN, _VI = _Formatter("en"), _Formatter("vi")


def msg(mid: str, /, **args: Any) -> Msg:
    """The message ``mid`` of :data:`MESSAGES` filled with ``args`` in English and Vietnamese."""
    en, vi = MESSAGES[mid]
    return Msg(_EN.vformat(en, (), args), _VI.vformat(vi, (), args), mid)


def text(mid: str, lang: str, /, **args: Any) -> str:
    """The message ``mid`` filled with ``args`` in ``lang`` only."""
    en, vi = MESSAGES[mid]
    return _VI.vformat(vi, (), args) if lang == "vi" else _EN.vformat(en, (), args)


def fmt_count(n: int, lang: str) -> str:
    """A count with thousands grouped: ``12.500`` (vi) or ``12,500`` (en)."""
    return text("common.count", lang, n=n)


def join(items: Iterable[object], sep: str = ", ") -> str:
    """Ids or values joined for a message (they stay as written, in both languages)."""
    return sep.join(map(str, items))


def type_name(value: object) -> Msg:
    """The Python type of a value, in words."""
    name = type(value).__name__
    return msg(f"pytype.{name}") if f"pytype.{name}" in MESSAGES else msg("pytype.other", name=name)


def os_reason(exc: OSError) -> Msg:
    """Why a file could not be read."""
    code = {errno.ENOENT: "os.enoent", errno.EACCES: "os.eacces", errno.EPERM: "os.eacces",
            errno.EISDIR: "os.eisdir", errno.ENOSPC: "os.enospc", errno.EROFS: "os.erofs"}.get(exc.errno or 0)
    return msg(code) if code else msg("os.other", reason=exc.strerror or str(exc))


# -- the matches pattern parser ------------------------------------------------------------------------

def pattern_error(message: Msg | str, hint: Msg | str | None) -> tuple[Msg, Msg | None]:
    """A :class:`~green_procurement._pattern.PatternError` (message, hint) in both languages (the
    parser raises with :class:`Msg` already; a plain text is the same in both)."""
    def both(t: Msg | str) -> Msg:
        return t if isinstance(t, Msg) else Msg(t, t)
    return both(message), (both(hint) if hint is not None else None)


# -- the durable-rules compiler ------------------------------------------------------------------------
# compiler.py raises RuleError with English text; its limits are recognised here and re-filled from
# the compiler templates (compiler.py is to raise with Msg directly, then this goes away)

_COMPILER_TABLE = (
    (r"rule (?P<rule>\S+): a label condition reads more than (?P<n>\d+) parameters", "compiler.label-params"),
    (r"rule (?P<rule>\S+): a label condition expands to more than (?P<n>\d+) alternatives",
     "compiler.label-terms"),
    (r"rule (?P<rule>\S+) expands to (?P<paths>\d+) alternatives \((?P<live>\d+) may hold at once\); "
     r"durable-rules allows at most 500 \(64 at once\)", "compiler.paths"),
    (r"rule (?P<rule>\S+) has too many no_label conditions for durable-rules", "compiler.no-label"),
    (r"rule (?P<rule>\S+) tests too many conditions together for durable-rules", "compiler.together"),
    (r"rule (?P<rule>\S+) is too complex for durable-rules", "compiler.complex"),
    (r"field names '(?P<a>[^']*)' and '(?P<b>[^']*)' collide in durable-rules' 32-bit hash", "compiler.hash"),
)


def compiler_error(message: Msg | str, hint: Msg | str | None) -> tuple[Msg, Msg | None]:
    """A compiler :class:`~green_procurement.errors.RuleError` (message, hint) in both languages."""
    if isinstance(message, Msg):
        found = message
    else:
        found = msg("compiler.other", message=message)
        for pattern_, mid in _COMPILER_TABLE:
            m = re.fullmatch(pattern_, message, re.DOTALL)
            if m:
                found = msg(mid, **m.groupdict())
                break
    if hint is None or isinstance(hint, Msg):
        return found, hint
    hint_id = _COMPILER_HINTS.get(hint)
    return found, msg(hint_id) if hint_id else Msg(hint, hint)


def _by_text(area: Mapping[str, tuple[str, str]]) -> dict[str, str]:
    """English text -> id of the templates of ``area`` that take no argument."""
    return {_EN.vformat(en, (), {}): mid for mid, (en, _) in area.items()
            if "{" not in en.replace("{{", "").replace("}}", "")}


_COMPILER_HINTS = {en: mid for en, mid in _by_text(compiler.MESSAGES).items() if mid.endswith(".hint")}


# -- PyYAML --------------------------------------------------------------------------------------------

class _Phrases:
    """Fixed phrases of a library (``<prefix>.phrase.*``: the whole text; ``<prefix>.found.*``: a text
    that ends in one value ``{x}``), looked up by their exact English text."""

    def __init__(self, prefix: str) -> None:
        area = {mid: t for mid, t in MESSAGES.items() if mid.startswith(prefix + ".")}
        self.whole = {en: mid for en, mid in _by_text(area).items() if ".phrase." in mid}
        self.one_value: dict[tuple[str, str], str] = {}
        for mid, (en, _) in area.items():
            if ".found." in mid:
                before, _, after = _EN.vformat(en.replace("{x}", "\0"), (), {}).partition("\0")
                self.one_value[(before, after)] = mid
        self.untranslated = prefix + ".untranslated"

    def find(self, phrase: str) -> Msg | None:
        """The phrase in both languages (English as given), or None when it is not one of these."""
        mid = self.whole.get(phrase)
        if mid is not None:
            return Msg(phrase, msg(mid).vi, mid)
        for (before, after), one in self.one_value.items():
            if phrase.startswith(before) and phrase.endswith(after) and len(phrase) > len(before) + len(after):
                return Msg(phrase, msg(one, x=phrase[len(before):len(phrase) - len(after)]).vi, one)
        return None

    def lookup(self, phrase: str) -> Msg:
        """:meth:`find`, or the English text in a Vietnamese frame."""
        return self.find(phrase) or msg(self.untranslated, text=phrase)


_PYYAML = _Phrases("pyyaml")
_JSONLIB = _Phrases("jsonlib")
_CSVLIB = _Phrases("csvlib")
#: PyYAML's ``expected ...`` phrases and token names, by their exact English text.
_BY_TEXT = _by_text(pyyaml.MESSAGES)


def jsonlib_reason(reason: str) -> Msg:
    """A problem text of Python's :mod:`json` module (``Expecting ',' delimiter``) in both languages."""
    return _JSONLIB.lookup(reason)


def csvlib_reason(reason: str) -> Msg:
    """A problem text of Python's :mod:`csv` module (``field larger than field limit (131072)``) in both
    languages."""
    return _CSVLIB.lookup(reason)


def _pyyaml_id(phrase: str, prefix: str) -> str | None:
    mid = _BY_TEXT.get(phrase)
    return mid if mid is not None and mid.startswith(prefix) else None


def _token(found: str) -> Msg | str:
    """PyYAML's ``repr`` of a token name (``'<block end>'``) in words; a character as it is."""
    mid = _pyyaml_id(found.strip("'\""), "pyyaml.token.")
    return msg(mid) if mid else found


def pyyaml_phrase(phrase: str) -> Msg:
    """One of PyYAML's texts (a context or a problem) in both languages: its English is PyYAML's."""
    phrase = phrase.strip()
    known = _PYYAML.find(phrase)
    if known is not None:
        return known
    for sep, frame in ((", but found ", "pyyaml.but-found"), (", but got ", "pyyaml.but-got")):
        expected, cut, found = phrase.partition(sep)
        exp_id = _pyyaml_id(expected, "pyyaml.expected.") if cut else None
        if exp_id is not None:
            return Msg(phrase, msg(frame, expected=msg(exp_id), found=_token(found)).vi, frame)
    return msg("pyyaml.untranslated", text=phrase)


def yaml_detail(context: str | None, problem: str | None) -> Msg:
    """The detail of a PyYAML syntax error ("context, problem") in both languages."""
    if not problem and not context:
        return msg("yaml.syntax.generic")
    if context and problem:
        return msg("yaml.detail", context=pyyaml_phrase(context), problem=pyyaml_phrase(problem))
    return pyyaml_phrase(problem or context or "")


def value_reason(reason: str) -> Msg:
    """Why PyYAML could not build a value (a date such as 2025-13-01, an unknown tag)."""
    return pyyaml_phrase(reason)
