"""Reading numbers and money: the one parser of the package.

The data model (``PurchaseRequest.from_dict``, the :class:`~green_procurement.model.LineItem`
converters) and the cells of batch files (:mod:`green_procurement.io`) read numbers here, so the
library and ``green-procurement check`` read ``"75.000"`` alike (75000 under the default Vietnamese
format).

Vietnamese spreadsheets write ``12.500.000`` (``.`` groups thousands) and ``1.234,5`` (``,`` is the
decimal mark); English ones write ``12,500,000`` and ``1,234.5``.  :func:`parse_number` reads either,
as chosen by ``number_format``, and always gives an exact number (``int``, or ``Decimal`` when not
whole) — never a float.  :func:`exact` turns a number that is already one (``int``, ``Decimal``,
``float``, and NumPy's integer and float scalars, recognised by :mod:`numbers` without importing
NumPy) into the same exact form.

Bounded work: a number may have at most :data:`MAX_DIGITS` digits and a power of ten of at most
:data:`MAX_EXPONENT` either way; both are checked *before* any conversion (``int()`` of a 5,000-digit
text raises, and ``int(Decimal("1e1000000"))`` runs for minutes).

Every problem raises :class:`NumberError` (a ``ValueError``) whose ``message`` says, in both
languages, what was found and what was expected, without naming a column or a field: the caller
(the row builder, the data model) adds that.
"""

from __future__ import annotations

import numbers
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Literal

from ._messages import Msg, msg
from .errors import InputError

__all__ = [
    "MAX_DIGITS",
    "MAX_EXPONENT",
    "NUMBER_FORMATS",
    "Number",
    "NumberError",
    "NumberFormat",
    "Percent",
    "check_number_format",
    "exact",
    "format_number",
    "kind",
    "parse_number",
    "plain_text",
    "shorten",
    "size_problem",
]

Number = int | Decimal
NumberFormat = Literal["vi", "en"]
NUMBER_FORMATS: tuple[str, ...] = ("vi", "en")

#: Most digits a number may have (money needs 19 before the decimal mark and 6 after it).
MAX_DIGITS = 50
#: Largest power of ten, either way, of a number (1e50 and 1e-50 are the extremes).
MAX_EXPONENT = 50
#: An int of more bits than this has more than MAX_DIGITS digits.
_MAX_BITS = int(MAX_DIGITS * 3.3219280948873626) + 1


class NumberError(ValueError):
    """A value that cannot be read as a number; ``message`` says why in both languages
    (``str(error)`` is the English text)."""

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


def check_number_format(number_format: object, path: str = "number_format") -> NumberFormat:
    """``number_format`` itself, or :class:`InputError` when it is not ``"vi"`` or ``"en"``."""
    if number_format not in NUMBER_FORMATS:
        raise InputError(msg("cell.number-format", value=number_format), path=path, code="bad-input",
                         hint=msg("cell.number-format.hint"))
    return "vi" if number_format == "vi" else "en"


def shorten(text: str, limit: int = 40) -> str:
    """A text cut to about ``limit`` characters for a message (``1234567…890``), whole when short."""
    if len(text) <= limit:
        return text
    return f"{text[:limit - 12]}…{text[-8:]}"


def _shown(value: object) -> Msg | str:
    """A number or text for a message, never longer than about 40 characters (and never a call of
    ``str()`` on a huge int, which raises)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > _MAX_BITS:
        return msg("number.huge-int", digits=int(value.bit_length() * 0.30103) + 1)
    if isinstance(value, str):
        return shorten(value)
    try:
        return shorten(str(value))
    except ValueError:  # pragma: no cover - defensive
        return type(value).__name__


def size_problem(value: Decimal | int) -> Msg | None:
    """Why a number is outside the limits (too many digits, too large or too small a power of ten),
    or None.  Cheap: nothing is converted."""
    if isinstance(value, int):
        if value.bit_length() > _MAX_BITS:
            return msg("number.digits", value=_shown(value), limit=MAX_DIGITS)
        return None
    if not value.is_finite():
        return None
    if len(value.as_tuple().digits) > MAX_DIGITS:
        return msg("number.digits", value=_shown(value), limit=MAX_DIGITS)
    if value and not -MAX_EXPONENT <= value.adjusted() <= MAX_EXPONENT:
        return msg("number.exponent", value=_shown(value), limit=MAX_EXPONENT)
    return None


def _exact_decimal(value: Decimal) -> Number:
    problem = size_problem(value)
    if problem is not None:
        raise NumberError(problem)
    return _whole_or_normal(value)


def _whole_or_normal(value: Decimal) -> Number:
    """A Decimal within the limits as the parser gives it: ``int`` when whole, else normalised."""
    return int(value) if value == value.to_integral_value() else value.normalize()


def exact(value: object) -> Number:
    """An exact number from a number: ``int``, ``Decimal``, ``float`` (the decimal it prints as:
    0.1 -> ``Decimal("0.1")``), or any other :class:`numbers.Integral` or :class:`numbers.Real`
    (NumPy's ``int64`` and ``float64``...); whole values become ``int``.  Raises
    :class:`NumberError` for NaN, infinities, yes/no values, values outside the limits and anything
    that is not a number."""
    if type(value) is int:
        if value.bit_length() > _MAX_BITS:
            raise NumberError(msg("number.digits", value=_shown(value), limit=MAX_DIGITS))
        return value
    if isinstance(value, bool):
        raise NumberError(msg("cell.number-yes-no", value="true" if value else "false"))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise NumberError(msg("cell.non-finite", value=value))
        return _exact_decimal(value)
    if isinstance(value, numbers.Integral):
        return exact(int(value))
    if isinstance(value, numbers.Real):
        f = float(value)        # NumPy's float64 is a float whose repr() is "np.float64(1.5)"
        if f != f or f in (float("inf"), float("-inf")):
            raise NumberError(msg("cell.non-finite", value=f))
        if type(value) is not float and not isinstance(value, float):
            try:            # float32 and the like: the decimal they print as (0.1, not 0.100000001...)
                return _exact_decimal(Decimal(str(value)))
            except (InvalidOperation, ValueError):
                pass
        return _exact_decimal(Decimal(repr(f)))
    raise NumberError(msg("cell.expected-number", kind=kind(value)))


def kind(value: object) -> Msg:
    """What a value is, in words ("the number 5", "a list"), for a message saying it is wrong."""
    if isinstance(value, bool):
        return msg("kind.true" if value else "kind.false")
    if isinstance(value, (int, float, Decimal)):
        return msg("kind.number", value=_shown(value))
    if isinstance(value, (list, tuple)):
        return msg("kind.list")
    if isinstance(value, dict):
        return msg("kind.object")
    if isinstance(value, Percent):
        return msg("kind.percentage", value=value.value)
    if value is None:
        return msg("kind.nothing")
    return msg("kind.other", type=type(value).__name__, value=value)


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
#: (thousands separator, decimal mark) of each format.
_MARKS = {"vi": (".", ","), "en": (",", ".")}


def _expected(text: str, number_format: NumberFormat) -> Msg:
    shown = shorten(text)
    if _SCIENTIFIC.fullmatch(text.strip()):
        return msg("cell.scientific", text=shown)
    expected = msg(f"cell.format.{number_format}")
    other: NumberFormat = "en" if number_format == "vi" else "vi"
    if _parse_text(text, other, currency=True, percent=True) is not None:
        return msg("cell.not-number-other", text=shown, expected=expected, other=other,
                   other_name=msg(f"cell.format-name.{other}"))
    return msg("cell.not-number", text=shown, expected=expected)


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
    return _exact_decimal(Decimal(literal))


def parse_number(value: object, number_format: NumberFormat = "vi", *, currency: bool = False,
                 percent: bool = False) -> Number:
    """An exact number from a text in ``number_format``, or from a real number (:func:`exact`).

    Text: ``"vi"`` reads ``12.500.000`` -> 12500000, ``1.234,5`` -> 1234.5 and ``1,5`` -> 1.5; a single
    ``.`` that cannot be a thousands separator (``1234.5``, ``0.25``) is a decimal point, so only the
    ambiguous ``1.234`` reads 1234.  ``"en"`` reads ``12,500,000`` and ``1,234.5``; ``1.234`` -> 1.234
    and ``1,5`` is refused.  Spaces may group thousands (``12 500 000``); ``currency`` allows a trailing
    ``đ``/``VNĐ``/``VND``/``₫``, ``percent`` a trailing ``%`` (and :class:`Percent` cells).
    A text of more than :data:`MAX_DIGITS` digits is refused before it is converted.
    """
    if isinstance(value, str):
        text = value.strip()
        if not text:
            raise NumberError(msg("cell.empty-number"))
        if len(text) <= 18 and text.isascii():     # the common cases, fast: 1234, 12.500.000, 65,4, 1.234,5
            if text.isdigit():
                return int(text)
            group, mark = _MARKS[number_format]
            whole, point, frac = text.partition(mark)
            if (whole.isdigit() or _GROUPED[number_format].fullmatch(whole)) and (not point or frac.isdigit()):
                # what _parse_text reads (18 characters are within the limits), without its patterns
                whole = whole.replace(group, "")
                frac = frac.rstrip("0")     # _whole_or_normal: a whole number is an int, else normalised
                return Decimal(f"{whole}.{frac}") if frac else int(whole)
        return _parse_general(value, text, number_format, currency=currency, percent=percent)
    if isinstance(value, Percent):
        if not percent:
            raise NumberError(msg("cell.percentage", value=value.value))
        return value.value
    return exact(value)


def _parse_general(value: str, text: str, number_format: NumberFormat, *, currency: bool,
                   percent: bool) -> Number:
    """:func:`parse_number` of a text (``text``: ``value`` stripped, not empty) by its patterns, in every
    form it reads."""
    if len(text) > MAX_DIGITS:
        digits = sum(ch.isdigit() for ch in text)
        if digits > MAX_DIGITS:
            raise NumberError(msg("number.digits", value=shorten(text), limit=MAX_DIGITS))
    n = _parse_text(value, number_format, currency=currency, percent=percent)
    if n is None:
        raise NumberError(_expected(value, number_format))
    return n


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


def plain_text(value: Number) -> str:
    """A number as text that :func:`parse_number` reads back to the same value in *either* format:
    ``1234.5``, and ``1.2340`` for 1.234 (``1.234`` alone is 1234 in Vietnamese format)."""
    if isinstance(value, int):
        return str(value)
    text = format(value, "f")
    if _AMBIGUOUS.fullmatch(text):
        text += "0"
    return text


#: A decimal that the two formats read differently: one to three digits, '.', three digits.
_AMBIGUOUS = re.compile(r"-?[1-9]\d{0,2}\.\d{3}")
