"""Cell values of batch files: numbers in Vietnamese or English format, yes/no values and dates.

Numbers are read by the package's one number parser, :mod:`green_procurement._numbers` (re-exported
here: :func:`parse_number`, :func:`format_number`...), which the data model uses too; this module adds
yes/no values and dates.

Every parser raises :class:`CellError` (a ``ValueError``) whose :class:`~green_procurement._messages.Msg`
says, in both languages, what was found and what was expected, without the column name: the row
builder prefixes the user's own column header.
"""

from __future__ import annotations

import calendar
import datetime
import re
from decimal import Decimal

from .._messages import msg
from .._numbers import (
    NUMBER_FORMATS,
    NumberError,
    NumberFormat,
    Percent,
    check_number_format,
    format_number,
    kind,
    parse_number,
)
from .._text import fold

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

CellError = NumberError
"""A cell value that cannot be read; ``message`` names the value and what was expected, in both
languages (``str(error)`` is the English text).  The same class as the number parser's error."""


_TRUE = frozenset({"co", "yes", "y", "true", "t", "1", "x", "dung", "d", "dat", "v", "ok", "c"})
_FALSE = frozenset({"khong", "ko", "k", "no", "n", "false", "f", "0", "sai", "khong co", "khong dat"})
_CHECKS = frozenset("xX✓✔☑√")


def parse_bool(value: object) -> bool:
    """A yes/no cell: có/không, có/ko, x, yes/no, true/false, 1/0, đúng/sai (any case, with or without
    diacritics), or a real boolean.  An empty cell is *absent*, not "no": the caller decides."""
    if type(value) is str and (known := _SPELLED.get(value)) is not None:   # có, không, x...: no folding
        return known
    return _parse_bool(value)


def _parse_bool(value: object) -> bool:
    """:func:`parse_bool` of any value, by folding a text."""
    if isinstance(value, str):      # the common case first: a cell of a CSV file is text
        text = value.strip()
        if text in _CHECKS:
            return True
        key = fold(text)
        if key in _TRUE:
            return True
        if key in _FALSE:
            return False
        raise CellError(msg("cell.not-yes-no", value=value))
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, Decimal)) and value in (0, 1):
        return bool(value)
    if isinstance(value, float) and value in (0.0, 1.0):
        return bool(value)
    raise CellError(msg("cell.expected-yes-no", kind=_kind(value)))


def _spellings() -> dict[str, bool]:
    """The yes/no value of texts as lists spell them, each read once by :func:`_parse_bool`: the words
    it reads in lower case, upper case and capitalised, and in Vietnamese with their diacritics."""
    words = {*_TRUE, *_FALSE, *_CHECKS, "có", "không", "đúng", "đạt", "không có", "không đạt"}
    out: dict[str, bool] = {}
    for word in words:
        for text in (word, word.upper(), word.capitalize()):
            try:
                out[text] = _parse_bool(text)
            except CellError:
                pass
    return out


#: texts -> their yes/no value, without folding them again for every cell
_SPELLED = _spellings()


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


_kind = kind
