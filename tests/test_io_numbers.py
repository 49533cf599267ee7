"""Cells of batch files (green_procurement.io.numbers): numbers in Vietnamese and English format,
yes/no values and dates.  Tables are read row by row: input, then what must come out."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from green_procurement.io import (
    CellError,
    format_number,
    parse_bool,
    parse_date_cell,
    parse_number,
)
from green_procurement.model import to_number

from .strategies import number_like_texts, yes_no_texts

D = Decimal


# --- numbers ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "fmt", "expected"), [
    # Vietnamese: '.' groups thousands, ',' is the decimal mark
    ("12.500.000", "vi", 12500000),
    ("1.234,5", "vi", D("1234.5")),
    ("1,5", "vi", D("1.5")),
    ("0,25", "vi", D("0.25")),
    ("1.234.567,89", "vi", D("1234567.89")),
    ("1.500", "vi", 1500),
    # ... but a single '.' that is not followed by exactly 3 digits is a decimal point
    ("1234.5", "vi", D("1234.5")),
    ("0.25", "vi", D("0.25")),
    ("2.50", "vi", D("2.5")),
    ("0.250", "vi", D("0.25")),        # '0' cannot start a thousands group
    ("1.234", "vi", 1234),             # the ambiguous case reads as thousands under "vi"
    ("1234", "vi", 1234),
    ("007", "vi", 7),
    ("12 500 000", "vi", 12500000),
    ("12\u00a0500\u00a0000", "vi", 12500000),
    ("1 234,5", "vi", D("1234.5")),
    ("-3", "vi", -3),
    ("+3", "vi", 3),
    ("  42  ", "vi", 42),
    # English: ',' groups thousands, '.' is the decimal mark
    ("12,500,000", "en", 12500000),
    ("1,234.5", "en", D("1234.5")),
    ("1.234", "en", D("1.234")),       # the ambiguous case reads as a decimal under "en"
    ("1,234", "en", 1234),
    ("0.25", "en", D("0.25")),
    ("12 500 000", "en", 12500000),
    ("1234", "en", 1234),
])
def test_number_text(text: str, fmt: str, expected: object) -> None:
    got = parse_number(text, fmt)  # type: ignore[arg-type]
    assert got == expected
    assert type(got) is type(expected)


@pytest.mark.parametrize(("text", "fmt", "expected"), [
    ("12.500.000 đ", "vi", 12500000),
    ("12.500.000đ", "vi", 12500000),
    ("12.500.000 VNĐ", "vi", 12500000),
    ("12.500.000 vnd", "vi", 12500000),
    ("12.500.000₫", "vi", 12500000),
    ("12,500,000 VND", "en", 12500000),
])
def test_price_with_currency(text: str, fmt: str, expected: object) -> None:
    assert parse_number(text, fmt, currency=True) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(("value", "expected"), [
    (12500000, 12500000),
    (0.1, D("0.1")),                   # a float becomes the decimal it prints as
    (2.0, 2),
    (D("2.50"), D("2.5")),
    (2**60, 2**60),                    # beyond float precision, exact
])
def test_number_real(value: object, expected: object) -> None:
    got = parse_number(value)
    assert got == expected
    assert type(got) is type(expected)


@pytest.mark.parametrize(("value", "fmt", "message"), [
    ("12,5,00", "vi", "'12,5,00' is not a number (Vietnamese format: 12.500.000 or 1.234,5)"),
    ("abc", "vi", "'abc' is not a number (Vietnamese format: 12.500.000 or 1.234,5)"),
    ("1.2.3", "vi", "'1.2.3' is not a number"),
    ("12.50.000", "vi", "'12.50.000' is not a number"),
    ("12,500,000", "vi", "it looks like English format: use number format 'en'"),
    ("1,5", "en", "'1,5' is not a number (English format: 12,500,000 or 1,234.5"),
    ("1.234,5", "en", "it looks like Vietnamese format: use number format 'vi'"),
    ("", "vi", "the cell is empty, expected a number"),
    ("   ", "vi", "the cell is empty, expected a number"),
    ("12.500.000 đ", "vi", "is not a number"),          # currency only where a price is read
    ("NaN", "vi", "'NaN' is not a number"),
    (float("nan"), "vi", "nan is not a number"),
    (float("inf"), "vi", "inf is not a number"),
    (True, "vi", "found true (a yes/no value)"),
    ([1], "vi", "expected a number, found a list"),
    ("1,23E+07", "vi", "'1,23E+07' is in scientific notation, which a spreadsheet shows when the column is too "
     "narrow and may have rounded (widen the column or format it as a number, then save again)"),
    ("1e400", "en", "'1e400' is in scientific notation"),
])
def test_number_refused(value: object, fmt: str, message: str) -> None:
    with pytest.raises(CellError) as exc:
        parse_number(value, fmt)  # type: ignore[arg-type]
    assert message in str(exc.value)


decimals = st.decimals(min_value=-(10**15), max_value=10**15, places=3, allow_nan=False, allow_infinity=False)
whole = st.integers(min_value=-(10**18), max_value=10**18)


def vietnamese(n: Decimal | int, group: str = ".") -> str:
    """Written the Vietnamese way, independently of the library: Python's ',' grouping, then swapped."""
    text = f"{n:,}" if isinstance(n, int) else f"{n:,f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", group)


@given(st.one_of(decimals, whole), st.sampled_from([".", " ", "\u00a0"]), st.sampled_from(["", " đ", "đ", " VNĐ"]))
def test_vietnamese_format_round_trip(n: Decimal | int, group: str, currency: str) -> None:
    text = vietnamese(n, group)
    assert parse_number(text, "vi") == to_number(n, "n")
    assert parse_number(text + currency, "vi", currency=True) == to_number(n, "n")
    assert parse_number(format_number(n, "vi"), "vi") == to_number(n, "n")


@given(st.one_of(decimals, whole))
def test_english_format_round_trip(n: Decimal | int) -> None:
    text = f"{n:,}" if isinstance(n, int) else f"{n:,f}"
    assert parse_number(text, "en") == to_number(n, "n")
    assert parse_number(format_number(n, "en"), "en") == to_number(n, "n")


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
       .filter(lambda d: d != d.to_integral_value()))
def test_plain_decimal_point_reads_the_same_in_both_formats(n: Decimal) -> None:
    text = format(n.normalize(), "f")  # "1234.5", "0.25": never 3 digits after the point
    assert parse_number(text, "vi") == parse_number(text, "en") == n


def test_format_number_examples() -> None:
    assert format_number(12500000) == "12.500.000"
    assert format_number(D("1234.5")) == "1.234,5"
    assert format_number(D("1234.5"), "en") == "1,234.5"
    assert format_number(-1000) == "-1.000"


# --- yes/no and dates -------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    ("có", True), ("Có", True), ("CÓ", True), ("co", True), ("không", False), ("Không", False),
    ("khong", False), ("ko", False), ("KO", False), ("x", True), ("X", True), ("✓", True),
    ("yes", True), ("Yes", True), ("no", False), ("NO", False), ("true", True), ("FALSE", False),
    ("1", True), ("0", False), ("đúng", True), ("Đúng", True), ("dung", True), ("sai", False),
    ("  có ", True), (True, True), (False, False), (1, True), (0, False),
])
def test_yes_no(value: object, expected: bool) -> None:
    assert parse_bool(value) is expected


@pytest.mark.parametrize("value", ["maybe", "2", "có thể", 2, D("0.5")])
def test_yes_no_refused(value: object) -> None:
    with pytest.raises(CellError, match="yes/no"):
        parse_bool(value)


@pytest.mark.parametrize(("value", "expected"), [
    ("31/12/2026", datetime.date(2026, 12, 31)),
    ("1/2/2026", datetime.date(2026, 2, 1)),
    ("01/02/2026", datetime.date(2026, 2, 1)),
    ("2026-12-31", datetime.date(2026, 12, 31)),
    ("31-12-2026", datetime.date(2026, 12, 31)),
    ("31.12.2026", datetime.date(2026, 12, 31)),
    ("29/02/2028", datetime.date(2028, 2, 29)),
    (datetime.datetime(2026, 1, 5, 0, 0), datetime.date(2026, 1, 5)),   # an Excel date cell
    (datetime.date(2026, 1, 5), datetime.date(2026, 1, 5)),
])
def test_dates(value: object, expected: datetime.date) -> None:
    assert parse_date_cell(value) == expected


@pytest.mark.parametrize(("value", "message"), [
    ("31/02/2026", "'31/02/2026' is not a real date (February 2026 has 28 days)"),
    ("29/02/2025", "'29/02/2025' is not a real date (February 2025 has 28 days)"),
    ("31/04/2026", "'31/04/2026' is not a real date (April 2026 has 30 days)"),
    ("2026-02-30", "'2026-02-30' is not a real date (February 2026 has 28 days)"),
    ("12/13/2026", "'12/13/2026' is not a real date (there is no month 13)"),
    ("tomorrow", "'tomorrow' is not a date (write dd/mm/yyyy or yyyy-mm-dd)"),
    ("12/2026", "'12/2026' is not a date (write dd/mm/yyyy or yyyy-mm-dd)"),
    (45000, "expected a date (dd/mm/yyyy or yyyy-mm-dd), found the number 45000"),
])
def test_dates_refused(value: object, message: str) -> None:
    with pytest.raises(CellError) as exc:
        parse_date_cell(value)
    assert str(exc.value) == message


@given(st.from_regex(r"[0-9]{1,9}[.,][0-9]{1,8}", fullmatch=True), st.sampled_from(["vi", "en"]),
       st.booleans(), st.booleans())
def test_the_plain_decimal_fast_path_reads_what_the_full_parser_reads(
        text: str, number_format: str, currency: bool, percent: bool) -> None:
    # parse_number reads "65,4" (vi) or "65.4" (en) without its general path (issue 16): same value
    # (or the same refusal) as the general path gives
    from green_procurement._numbers import _parse_text

    slow = _parse_text(text, number_format, currency=currency, percent=percent)  # type: ignore[arg-type]
    try:
        fast = parse_number(text, number_format, currency=currency, percent=percent)  # type: ignore[arg-type]
    except CellError:
        fast = None
    assert (type(fast), str(fast)) == (type(slow), str(slow))


def _outcome(parse: Any, *args: Any, **kw: Any) -> object:
    """What a parser gives: the number with its type, or the error's message."""
    try:
        n = parse(*args, **kw)
    except CellError as exc:
        return exc.message
    return type(n), n, str(n)


@given(number_like_texts, st.sampled_from(["vi", "en"]), st.booleans(), st.booleans())
@example("1.234,50", "vi", False, False)
@example("1,234.50", "en", False, False)
@example("007,0", "vi", False, False)
@example("1.234.567.890.123,5", "vi", True, False)
@example("12,", "vi", False, False)                 # a mark with no digits after it
@example(",5", "vi", False, False)
@example("01.234,5", "vi", False, False)            # not grouped: a leading nought
def test_common_numbers_read_as_the_patterns_read_them(text: str, fmt: str, currency: bool, percent: bool) -> None:
    # parse_number reads the common forms (digits, grouped digits, a decimal mark) without its
    # patterns; the number (its type and its digits too) or the message is the patterns' own
    from green_procurement._numbers import _parse_general

    fast = _outcome(parse_number, text, fmt, currency=currency, percent=percent)
    general = _outcome(_parse_general, text, text.strip(), fmt, currency=currency, percent=percent) \
        if text.strip() else _outcome(parse_number, text, fmt)
    assert fast == general


@given(yes_no_texts)
def test_yes_no_spellings_read_as_folding_reads_them(text: str) -> None:
    # parse_bool knows the usual spellings (có, KHÔNG, x...) without folding them; any text reads
    # as folding it reads, messages included
    from green_procurement.io.numbers import _parse_bool

    assert _outcome(parse_bool, text) == _outcome(_parse_bool, text)


def test_every_known_yes_no_spelling_reads_as_folding_reads_it() -> None:
    from green_procurement.io.numbers import _SPELLED, _parse_bool

    assert {"có", "Không", "KHÔNG", "x", "X"} <= set(_SPELLED)
    assert all(parse_bool(text) is _parse_bool(text) for text in _SPELLED)
