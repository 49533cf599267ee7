"""Cell values of batch files: numbers in Vietnamese or English format, yes/no values and dates.

Vietnamese spreadsheets write ``12.500.000`` (``.`` groups thousands) and ``1.234,5`` (``,`` is the
decimal mark); English ones write ``12,500,000`` and ``1,234.5``.  :func:`parse_number` reads either,
as chosen by ``number_format``, and always gives an exact number (``int``, or ``Decimal`` when not
whole) — never a float.

Every parser raises :class:`CellError` (a ``ValueError``) whose :class:`~green_procurement._messages.Msg`
says, in both languages, what was found and what was expected, without the column name: the row
builder prefixes the user's own column header.
"""

from __future__ import annotations

import calendar
import datetime
import re
import unicodedata
from decimal import Decimal
from typing import Literal

from .._messages import Msg, msg
from .._text import fold
from ..errors import InputError
from ..model import Number, to_number

__all__ = [
    "NUMBER_FORMATS",
    "CellError",
    "NumberFormat",
    "Percent",
    "check_number_format",
    "format_number",
    "parse_bool",
    "parse_date_cell",
    "parse_number",
]

NumberFormat = Literal["vi", "en"]
NUMBER_FORMATS: tuple[str, ...] = ("vi", "en")


class CellError(ValueError):
    """A cell value that cannot be read; ``message`` names the value and what was expected, in both
    languages (``str(error)`` is the English text)."""

    def __init__(self, message: Msg) -> None:
        super().__init__(message.en)
        self.message = message


class Percent:
    """A spreadsheet number shown as a percentage (the cell holds 0.5, the user sees 50 %).

    ``value`` is the number as shown (50); only percentage attributes accept it."""

    __slots__ = ("value",)

    def __init__(self, value: Number) -> None:
        self.value = value

    def __repr__(self) -> str:
        return f"Percent({self.value!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Percent) and other.value == self.value

    def __hash__(self) -> int:
        return hash(("Percent", self.value))


def check_number_format(number_format: object) -> NumberFormat:
    """``number_format`` itself, or :class:`InputError` when it is not ``"vi"`` or ``"en"``."""
    if number_format not in NUMBER_FORMATS:
        raise InputError(msg("cell.number-format", value=number_format), path="number_format", code="bad-input",
                         hint=msg("cell.number-format.hint"))
    return "vi" if number_format == "vi" else "en"


_SPACES = "\u0020\u00a0\u202f\u2009"  # space, no-break space, narrow no-break space, thin space
_CURRENCY = re.compile(r"\s*(?:₫|đ|đồng|vnđ|vnd|dong)\.?$", re.IGNORECASE)
_PERCENT = re.compile(r"\s*%$")
_LEAD = r"[1-9]\d{0,2}"
_VI = re.compile(
    rf"(?P<int>{_LEAD}(?:\.\d{{3}})+|{_LEAD}(?:[{_SPACES}]\d{{3}})+|\d+)?(?:,(?P<frac>\d+))?")
_VI_DOT = re.compile(  # a single '.' that cannot be a thousands separator is a decimal point
    rf"(?P<int>{_LEAD}(?:[{_SPACES}]\d{{3}})+|\d+)?\.(?P<frac>\d+)")
_EN = re.compile(
    rf"(?P<int>{_LEAD}(?:,\d{{3}})+|{_LEAD}(?:[{_SPACES}]\d{{3}})+|\d+)?(?:\.(?P<frac>\d+))?")
_SEPARATORS = re.compile(rf"[.,{_SPACES}]")
_SCIENTIFIC = re.compile(r"[+-]?[\d.,]+[eE][+-]?\d+")
#: A whole number with its thousands grouped, in each format (what _VI and _EN read as such).
_GROUPED = {"vi": re.compile(rf"{_LEAD}(?:\.\d{{3}})+"), "en": re.compile(rf"{_LEAD}(?:,\d{{3}})+")}


def _expected(text: str, number_format: NumberFormat) -> Msg:
    if _SCIENTIFIC.fullmatch(text.strip()):
        return msg("cell.scientific", text=text)
    expected = msg(f"cell.format.{number_format}")
    other: NumberFormat = "en" if number_format == "vi" else "vi"
    if _parse_text(text, other, currency=True, percent=True) is not None:
        return msg("cell.not-number-other", text=text, expected=expected, other=other,
                   other_name=msg(f"cell.format-name.{other}"))
    return msg("cell.not-number", text=text, expected=expected)


def _parse_text(text: str, number_format: NumberFormat, *, currency: bool, percent: bool) -> Number | None:
    """The number a text means in ``number_format``, or None when it is not one."""
    s = unicodedata.normalize("NFC", text).strip()
    if currency:
        s = _CURRENCY.sub("", s)
    if percent:
        s = _PERCENT.sub("", s)
    sign = ""
    if s[:1] in ("+", "-", "\u2212"):
        sign, s = ("-" if s[0] != "+" else ""), s[1:].lstrip()
    m = (_VI if number_format == "vi" else _EN).fullmatch(s)
    if m is None and number_format == "vi":
        m = _VI_DOT.fullmatch(s)
    if m is None or not (m.group("int") or m.group("frac")):
        return None
    whole = _SEPARATORS.sub("", m.group("int") or "0")
    literal = f"{sign}{whole}" + (f".{m.group('frac')}" if m.group("frac") else "")
    return to_number(Decimal(literal), "")


def parse_number(value: object, number_format: NumberFormat = "vi", *, currency: bool = False,
                 percent: bool = False) -> Number:
    """An exact number from a cell: text in ``number_format``, or a real number from XLSX/JSON/YAML.

    Text: ``"vi"`` reads ``12.500.000`` -> 12500000, ``1.234,5`` -> 1234.5 and ``1,5`` -> 1.5; a single
    ``.`` that cannot be a thousands separator (``1234.5``, ``0.25``) is a decimal point, so only the
    ambiguous ``1.234`` reads 1234.  ``"en"`` reads ``12,500,000`` and ``1,234.5``; ``1.234`` -> 1.234
    and ``1,5`` is refused.  Spaces may group thousands (``12 500 000``); ``currency`` allows a trailing
    ``đ``/``VNĐ``/``VND``/``₫``, ``percent`` a trailing ``%`` (and :class:`Percent` cells).
    Floats become the decimal they print as (0.1 -> ``Decimal("0.1")``); NaN and infinities are refused.
    """
    if isinstance(value, Percent):
        if not percent:
            raise CellError(msg("cell.percentage", value=value.value))
        return value.value
    if isinstance(value, bool):
        raise CellError(msg("cell.number-yes-no", value="true" if value else "false"))
    if isinstance(value, (int, float, Decimal)):
        try:
            return to_number(value, "")
        except InputError:
            raise CellError(msg("cell.non-finite", value=value)) from None
    if isinstance(value, str):
        text = value.strip()
        if not text:
            raise CellError(msg("cell.empty-number"))
        if len(text) <= 18 and text.isascii():     # the common cases, fast: 1234 and 12.500.000
            if text.isdigit():
                return int(text)
            if _GROUPED[number_format].fullmatch(text):
                return int(text.replace("." if number_format == "vi" else ",", ""))
        n = _parse_text(value, number_format, currency=currency, percent=percent)
        if n is None:
            raise CellError(_expected(value, number_format))
        return n
    raise CellError(msg("cell.expected-number", kind=_kind(value)))


def _group3(digits: str, sep: str) -> str:
    head = len(digits) % 3 or 3
    return sep.join([digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)])


def format_number(value: Number, number_format: NumberFormat = "vi") -> str:
    """Write an exact number the way :func:`parse_number` reads it back: ``12.500.000`` and ``1.234,5``
    (``"vi"``) or ``12,500,000`` and ``1,234.5`` (``"en"``)."""
    group, point = (".", ",") if number_format == "vi" else (",", ".")
    text = format(Decimal(value), "f")
    sign = ""
    if text.startswith("-"):
        sign, text = "-", text[1:]
    whole, _, frac = text.partition(".")
    out = sign + _group3(whole, group)
    return f"{out}{point}{frac}" if frac else out


_TRUE = frozenset({"co", "yes", "y", "true", "t", "1", "x", "dung", "d", "dat", "v", "ok", "c"})
_FALSE = frozenset({"khong", "ko", "k", "no", "n", "false", "f", "0", "sai", "khong co", "khong dat"})
_CHECKS = frozenset("xX✓✔☑√")


def parse_bool(value: object) -> bool:
    """A yes/no cell: có/không, có/ko, x, yes/no, true/false, 1/0, đúng/sai (any case, with or without
    diacritics), or a real boolean.  An empty cell is *absent*, not "no": the caller decides."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, Decimal)) and value in (0, 1):
        return bool(value)
    if isinstance(value, float) and value in (0.0, 1.0):
        return bool(value)
    if isinstance(value, str):
        text = value.strip()
        if text in _CHECKS:
            return True
        key = fold(text)
        if key in _TRUE:
            return True
        if key in _FALSE:
            return False
        raise CellError(msg("cell.not-yes-no", value=value))
    raise CellError(msg("cell.expected-yes-no", kind=_kind(value)))


_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DMY = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?")


def _real_date(text: str, year: int, month: int, day: int) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        pass
    if not 1 <= month <= 12:
        raise CellError(msg("cell.no-month", text=text, month=month))
    if not 1 <= year <= 9999:
        raise CellError(msg("cell.bad-year", text=text, year=year))
    last = calendar.monthrange(year, month)[1]
    raise CellError(msg("cell.days", text=text, month=msg(f"month.{month}"), year=year, days=last))


def parse_date_cell(value: object) -> datetime.date:
    """A date from a cell: ``dd/mm/yyyy`` or ``d/m/yyyy`` (also with ``-`` or ``.``), ISO ``yyyy-mm-dd``,
    or a real date (an Excel date cell, a YAML date).  An impossible date such as ``31/02/2026`` is
    refused with the reason."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if m := _ISO.fullmatch(text):
            return _real_date(text, int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if m := _DMY.fullmatch(text):
            return _real_date(text, int(m.group(4)), int(m.group(3)), int(m.group(1)))
        raise CellError(msg("cell.not-date", value=value))
    raise CellError(msg("cell.expected-date", kind=_kind(value)))


def kind(value: object) -> Msg:
    """What a cell holds, in words ("the number 5", "a list"), for a message saying it is wrong."""
    if isinstance(value, bool):
        return msg("kind.true" if value else "kind.false")
    if isinstance(value, (int, float, Decimal)):
        return msg("kind.number", value=value)
    if isinstance(value, (list, tuple)):
        return msg("kind.list")
    if isinstance(value, dict):
        return msg("kind.object")
    if isinstance(value, Percent):
        return msg("kind.percentage", value=value.value)
    if value is None:
        return msg("kind.nothing")
    return msg("kind.other", type=type(value).__name__, value=value)


_kind = kind
