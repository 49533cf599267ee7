"""Batch input (green_procurement.io): formats, headers, numbers, dates, yes/no, labels, error rows and
unreadable files.  Tables are read row by row: input, then what must come out."""

from __future__ import annotations

import datetime
import functools
import io
import json
import sys
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from green_procurement.catalog import Catalog, load_catalog
from green_procurement.errors import InputError
from green_procurement.io import (
    BatchFileError,
    CellError,
    HeaderMap,
    Row,
    format_number,
    parse_bool,
    parse_date_cell,
    parse_labels,
    parse_number,
    read_rows,
    rows_of,
)
from green_procurement.model import to_number

from .conftest import ROOT

D = Decimal


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(ROOT / "catalog")


def read(path: Path | str, catalog: Catalog, **kw: Any) -> list[Row]:
    with read_rows(path, catalog, **kw) as rows:
        return list(rows)


def write(tmp_path: Path, text: str, name: str = "list.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def err(r: Row) -> str | None:
    """A row's error in English (its Vietnamese is tested in tests/test_messages.py)."""
    return None if r.error is None else r.error.en


def only(rows: list[Row]) -> Row:
    assert len(rows) == 1, rows
    return rows[0]


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


# --- labels cells -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("cell", "expected"), [
    ("vn-energy:5@2027-12-31; vn-ecolabel@31/12/2026",
     [("vn-energy", 5, datetime.date(2027, 12, 31)), ("vn-ecolabel", None, datetime.date(2026, 12, 31))]),
    ("vn-ecolabel", [("vn-ecolabel", None, None)]),
    ("VN-Energy : 4", [("vn-energy", 4, None)]),                    # any case, spaces tolerated
    ("vn-energy:5 sao", [("vn-energy", 5, None)]),
    ("epeat:Gold | energy-star", [("epeat", "gold", None), ("energy-star", None, None)]),
    ("vn-ecolabel\nepeat:silver", [("vn-ecolabel", None, None), ("epeat", "silver", None)]),
    (" vn-ecolabel ; ; ", [("vn-ecolabel", None, None)]),
    ("vn-energy : 3 @ 1/6/2027", [("vn-energy", 3, datetime.date(2027, 6, 1))]),
    ("", []),
    (None, []),
    ([{"scheme": "VN-ENERGY", "grade": "5", "valid_until": "31/12/2027"}],
     [("vn-energy", 5, datetime.date(2027, 12, 31))]),
    (["vn-ecolabel@2026-12-31"], [("vn-ecolabel", None, datetime.date(2026, 12, 31))]),
])
def test_labels_cell(catalog: Catalog, cell: object, expected: list[tuple[Any, ...]]) -> None:
    claims = parse_labels(cell, catalog)
    assert [(c.scheme, c.grade, c.valid_until) for c in claims] == expected


@pytest.mark.parametrize(("cell", "message"), [
    ("vn-enrgy:5", "unknown label 'vn-enrgy' in 'vn-enrgy:5' (did you mean 'vn-energy'?)"),
    ("vn-energy:7", "grade 7 of 'vn-energy' in 'vn-energy:7' is not on its scale (1, 2, 3, 4, 5)"),
    ("vn-energy:A", "grade A of 'vn-energy' in 'vn-energy:A' is not on its scale (1, 2, 3, 4, 5)"),
    ("epeat:platinum", "grade platinum of 'epeat' in 'epeat:platinum' is not on its scale (bronze, silver, gold)"),
    ("vn-ecolabel:3", "label 'vn-ecolabel' has no grades, found 'vn-ecolabel:3' (write just 'vn-ecolabel')"),
    ("vn-ecolabel@31/02/2026",
     "valid-until date of 'vn-ecolabel@31/02/2026': '31/02/2026' is not a real date (February 2026 has 28 days)"),
    ("vn-ecolabel@soon", "valid-until date of 'vn-ecolabel@soon': 'soon' is not a date"),
    ("vn-energy:", "'vn-energy:' has ':' but no grade"),
    ([{"scheme": "vn-energy", "stars": 5}], "unknown key 'stars' in a label claim"),
])
def test_labels_cell_refused(catalog: Catalog, cell: object, message: str) -> None:
    with pytest.raises(CellError) as exc:
        parse_labels(cell, catalog)
    assert message in str(exc.value)


# --- headers --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("header", "field"), [
    ("Mã yêu cầu", "request_id"), ("Số yêu cầu", "request_id"), ("Số phiếu", "request_id"),
    ("Đơn vị mua sắm", "entity"), ("Đơn vị", "entity"), ("Đơn vị đề nghị", "entity"),
    ("Đơn vị tính", "unit"), ("ĐVT", "unit"), ("don vi tinh", "unit"), ("ĐƠN VỊ TÍNH", "unit"),
    ("Ngày đề nghị", "request_date"), ("Ngày yêu cầu", "request_date"),
    ("Nguồn vốn", "funding"), ("Nguồn kinh phí", "funding"),
    ("STT", "item_id"), ("Mã dòng", "item_id"), ("Số thứ tự", "item_id"),
    ("Tên hàng hóa", "description"), ("Tên hàng hoá", "description"), ("Tên hàng hoá, dịch vụ", "description"),
    ("Mô tả", "description"), ("Tên sản phẩm", "description"),
    ("Nhóm sản phẩm", "product_group"), ("Nhóm hàng", "product_group"),
    ("Mã hàng", "code"), ("Mã HS", "code"),
    ("Số lượng", "quantity"), ("  số   LƯỢNG ", "quantity"),
    ("Đơn giá", "unit_price"), ("Đơn giá (VNĐ)", "unit_price"), ("Đơn giá (đồng)", "unit_price"),
    ("Đơn giá\n(VNĐ/chiếc)", "unit_price"),
    ("Nhãn", "labels"), ("Nhãn sinh thái", "labels"), ("Nhãn môi trường", "labels"),
    ("Item", "item_id"), ("Description", "description"), ("Qty", "quantity"), ("Unit price", "unit_price"),
    ("Labels", "labels"), ("unit_price", "unit_price"), ("request_id", "request_id"),
    ("attr.recycled_content_pct", "attr.recycled_content_pct"), ("recycled_content_pct", "attr.recycled_content_pct"),
    ("Tỷ lệ tái chế (%)", "attr.recycled_content_pct"), ("xuất xứ Việt Nam", "attr.domestic"),
    ("domestic", "attr.domestic"), ("Số sao", "attr.energy_grade"),
    ("Nhãn năng lượng (sao)", "attr.energy_grade"),
    ("Te\u0302n ha\u0300ng ho\u0301a", "description"),   # decomposed (NFD) text
    ("Thành tiền", None), ("Ghi chú", None), ("Đơn vị tính toán", None), ("attr.colour", None), ("", None),
])
def test_header(catalog: Catalog, header: str, field: str | None) -> None:
    assert HeaderMap(catalog).resolve(header) == field


# --- formats --------------------------------------------------------------------------------------------

CSV_VI = """\
Mã yêu cầu;Đơn vị mua sắm;Ngày đề nghị;STT;Tên hàng hóa;Số lượng;Đơn vị tính;Đơn giá (VNĐ);Nhãn;Thành tiền;Ghi chú
YC-01;Sở Tài chính;05/01/2026;1;Giấy A4;10;ram;75.000;vn-ecolabel@31/12/2026;750.000;
YC-01;Sở Tài chính;05/01/2026;2;Điều hòa 2 chiều;2;cái;12.500.000 đ;vn-energy:5@2027-12-31;25.000.000;gấp
"""


def check_vi_rows(rows: list[Row], source: str) -> None:
    assert [(r.row, err(r)) for r in rows] == [(2, None), (3, None)]
    a, b = rows
    assert (a.source, a.request_id, a.entity, a.request_date) == (source, "YC-01", "Sở Tài chính",
                                                                  datetime.date(2026, 1, 5))
    assert a.item is not None and b.item is not None
    assert (a.item.id, a.item.description, a.item.quantity, a.item.unit, a.item.unit_price) == \
        ("1", "Giấy A4", 10, "ram", 75000)
    assert [(c.scheme, c.valid_until) for c in a.item.labels] == [("vn-ecolabel", datetime.date(2026, 12, 31))]
    assert (b.item.unit_price, b.item.labels[0].grade) == (12500000, 5)
    assert (a.item_id, a.description) == ("1", "Giấy A4")


@pytest.mark.parametrize(("delimiter", "encoding"), [
    (";", "utf-8"), (";", "utf-8-sig"), (",", "utf-8"), (",", "utf-8-sig"), ("\t", "utf-8"),
])
def test_csv_delimiters_and_bom(tmp_path: Path, catalog: Catalog, delimiter: str, encoding: str) -> None:
    text = CSV_VI.replace(";", delimiter) if delimiter != "," else \
        "\n".join(",".join(f'"{c}"' if "," in c else c for c in line.split(";")) for line in CSV_VI.splitlines())
    path = write(tmp_path, text, encoding=encoding)
    with read_rows(path, catalog) as reader:
        assert reader.delimiter == delimiter
        assert reader.ignored_columns == ["Thành tiền", "Ghi chú"]
        assert reader.columns["Đơn giá (VNĐ)"] == "unit_price"
        rows = list(reader)
    check_vi_rows(rows, str(path))


def test_csv_english_headers_and_numbers(tmp_path: Path, catalog: Catalog) -> None:
    path = write(tmp_path, 'Item,Description,Qty,Unit,Unit price,Labels\n'
                           '7,Copy paper,"1,200",ream,"75,000.5",EPEAT:gold\n')
    row = only(read(path, catalog, number_format="en"))
    assert row.item is not None
    assert (row.item.id, row.item.quantity, row.item.unit_price) == ("7", 1200, D("75000.5"))
    assert [(c.scheme, c.grade) for c in row.item.labels] == [("epeat", "gold")]


@pytest.mark.parametrize(("fmt", "quantity"), [("vi", 1234), ("en", D("1.234"))])
def test_ambiguous_1_234_in_a_file(tmp_path: Path, catalog: Catalog, fmt: str, quantity: object) -> None:
    path = write(tmp_path, "description,quantity,unit_price\nGiấy,1.234,1000\n")
    row = only(read(path, catalog, number_format=fmt))
    assert row.item is not None and row.item.quantity == quantity


def test_csv_row_numbers_are_physical_lines(tmp_path: Path, catalog: Catalog) -> None:
    path = write(tmp_path, (
        "STT,Tên hàng hóa,Số lượng,Đơn giá\n"        # line 1
        "\n"                                          # line 2: empty, skipped
        '1,"Điều hòa\n2 chiều\ninverter",2,100\n'    # lines 3-5: one row with two embedded newlines
        ",,,\n"                                       # line 6: empty cells only, skipped
        "2,Giấy A4,1,100\r\n"                         # line 7
        "   \n"                                       # line 8
        "3,Bút bi,1,100"                              # line 9, no final newline
    ))
    rows = read(path, catalog)
    assert [(r.row, r.item_id, err(r)) for r in rows] == [(3, "1", None), (7, "2", None), (9, "3", None)]
    assert rows[0].description == "Điều hòa\n2 chiều\ninverter"


def test_unclosed_quote(tmp_path: Path, catalog: Catalog) -> None:
    path = write(tmp_path, 'Mô tả,Số lượng,Đơn giá\nBút,1,1\n"Giấy,1,1\nGhế,2,2\n')
    rows = read(path, catalog)
    assert [(r.row, err(r)) for r in rows] == [
        (2, None),
        (3, 'row has 1 field, the header has 3 (a double quote " in it opens a value that seems never closed)')]


def test_ignored_columns_with_hints(tmp_path: Path, catalog: Catalog) -> None:
    path = write(tmp_path, "Descripton;Tên hàng hóa;Số lượng;Đơn giá;Thành tiền;attr.recyled_content_pct\n")
    with read_rows(path, catalog) as reader:
        assert list(reader) == []
        assert reader.ignored_columns == ["Descripton", "Thành tiền", "attr.recyled_content_pct"]
        assert {k: v.en for k, v in reader.ignored_hints.items()} == {
            "Descripton": "did you mean 'description'?",
            "attr.recyled_content_pct": "did you mean 'attr.recycled_content_pct'?"}


def test_title_rows_above_the_header(tmp_path: Path, catalog: Catalog) -> None:
    path = write(tmp_path, "DANH MỤC HÀNG HÓA ĐỀ NGHỊ MUA SẮM;;;\nNăm 2026;;;\n;;;\n"
                           "STT;Tên hàng hóa;Số lượng;Đơn giá\n1;Giấy A4;10;75.000\n")
    with read_rows(path, catalog) as reader:
        rows = list(reader)
        assert reader.header_row == 4
    assert [(r.row, err(r)) for r in rows] == [(5, None)]


def test_no_request_and_no_item_columns(tmp_path: Path, catalog: Catalog) -> None:
    path = write(tmp_path, "Tên hàng hóa,Số lượng,Đơn giá\nGiấy A4,10,75000\nBút,5,3000\n")
    rows = read(path, catalog)
    assert [(r.row, r.request_id, r.item_id) for r in rows] == [(2, None, "2"), (3, None, "3")]
    assert [r.item.id for r in rows if r.item] == ["2", "3"]
    assert rows[0].request_key == str(path)


@pytest.mark.parametrize(("cell", "group"), [
    ("office-paper", "office-paper"),
    ("Office-Paper", "office-paper"),                          # a group id in any case
    ("Màn hình máy tính", "monitor"),                          # the group's Vietnamese name
    ("man hinh may tinh", "monitor"),
    ("Computer monitors", "monitor"),                          # ... or its English name
    ("giay-vp", "giay-vp"),                                    # unknown: kept, the engine reports it
    ("", None),
])
def test_product_group_cell(tmp_path: Path, catalog: Catalog, cell: str, group: str | None) -> None:
    path = write(tmp_path, f"Tên hàng hóa;Nhóm sản phẩm;Số lượng;Đơn giá\nGiấy;{cell};1;1\n")
    row = only(read(path, catalog))
    assert row.item is not None and row.item.product_group == group


def test_attribute_columns(tmp_path: Path, catalog: Catalog) -> None:
    path = write(tmp_path, (
        "Tên hàng hóa;Số lượng;Đơn giá;attr.recycled_content_pct;Hàng trong nước;single_use_plastic;"
        "Số sao;Loại đèn;Tiêu chuẩn TCVN;attr.colour\n"
        "Giấy;1;1;60,5;có;ko;4;LED;TCVN 7830:2021;đỏ\n"
        "Đèn;1;1;;x;;;;;\n"
        "Ly;1;1;-;không;Đúng;5;Halogen;;\n"
    ))
    with read_rows(path, catalog) as reader:
        rows = list(reader)
        assert reader.ignored_columns == ["attr.colour"]
    assert [err(r) for r in rows] == [None, None, None]
    a, b, c = (r.item.attributes for r in rows if r.item)
    assert dict(a) == {"recycled_content_pct": D("60.5"), "domestic": True, "single_use_plastic": False,
                       "energy_grade": 4, "lamp_type": "led", "tcvn_standard": "TCVN 7830:2021"}
    assert dict(b) == {"domestic": True}                              # an empty cell is absent, not "no"
    assert dict(c) == {"domestic": False, "single_use_plastic": True, "energy_grade": 5, "lamp_type": "halogen"}


@pytest.mark.parametrize(("column", "cell", "message"), [
    # a problem names the column by the file's own header
    ("attr.recycled_content_pct", "150", "attr.recycled_content_pct: '150' is above the maximum 100"),
    ("attr.recycled_content_pct", "nhiều",
     "attr.recycled_content_pct: 'nhiều' is not a number (Vietnamese format: 12.500.000 or 1.234,5)"),
    ("domestic", "có lẽ", "domestic: 'có lẽ' is not a yes/no value (write có/không, x, yes/no, true/false or 1/0)"),
    ("Số sao", "4,5", "Số sao: '4,5' is not a whole number"),
    ("Loại đèn", "ledd", "Loại đèn: 'ledd' is not one of led, linear-fluorescent, cfl, incandescent, halogen, "
     "other (did you mean 'led'?)"),
])
def test_attribute_errors(tmp_path: Path, catalog: Catalog, column: str, cell: str, message: str) -> None:
    path = write(tmp_path, f"STT;Tên hàng hóa;Số lượng;Đơn giá;{column}\n9;Giấy;1;1;{cell}\n")
    row = only(read(path, catalog))
    assert (row.row, row.item_id, row.description, row.item) == (2, "9", "Giấy", None)
    assert err(row) == message


def test_xlsx(tmp_path: Path, catalog: Catalog) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Danh mục"
    ws.append(["DANH MỤC HÀNG HÓA"])                                             # row 1: a title
    ws.append([])                                                                # row 2
    ws.append(["STT", "Tên hàng hóa", "Số lượng", "ĐVT", "Đơn giá", "Nhãn", "Ngày đề nghị",
               "Tỷ lệ tái chế", "Hàng trong nước", "Thành tiền"])                 # row 3: the header
    ws.append([1, "Giấy A4", 10, "ram", 75000.0, "vn-ecolabel@31/12/2026", datetime.datetime(2026, 1, 5), 0.5,
               True, "=C4*E4"])                                                 # row 4
    ws.append([])                                                                # row 5: empty
    ws.append([2.0, "Bút bi", 0.1, "cái", "12.500", None, "05/01/2026", 60, "x"])  # row 6
    ws.append([3, "Ghế", 0, "cái", "abc"])                                       # row 7: an error row
    ws["H4"].number_format = "0%"                                                # 0.5 shown as 50 %
    path = tmp_path / "list.xlsx"
    wb.save(path)
    with read_rows(path, catalog) as reader:
        rows = list(reader)
        assert (reader.format, reader.sheet, reader.header_row) == ("xlsx", "Danh mục", 3)
        assert reader.ignored_columns == ["Thành tiền"]
    assert [(r.row, r.item_id) for r in rows] == [(4, "1"), (6, "2"), (7, "3")]
    a, b, c = rows
    assert a.item is not None and b.item is not None
    assert (a.item.quantity, a.item.unit_price, a.request_date) == (10, 75000, datetime.date(2026, 1, 5))
    assert dict(a.item.attributes) == {"recycled_content_pct": 50, "domestic": True}
    assert (b.item.quantity, b.item.unit_price) == (D("0.1"), 12500)
    assert type(b.item.quantity) is Decimal
    assert err(c) == ("Số lượng: must be greater than 0, found 0; Đơn giá: 'abc' is not a number "
                      "(Vietnamese format: 12.500.000 or 1.234,5)")


def test_xlsx_header_on_a_later_sheet(tmp_path: Path, catalog: Catalog) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    wb.active.append(["Hướng dẫn: điền danh mục ở trang sau"])
    ws = wb.create_sheet("Danh mục")
    ws.append(["Mô tả", "Số lượng", "Đơn giá"])
    ws.append(["Giấy", 1, 1000])
    path = tmp_path / "list.xlsx"
    wb.save(path)
    with read_rows(path, catalog) as reader:
        rows = list(reader)
        assert reader.sheet == "Danh mục"
    assert [(r.row, err(r)) for r in rows] == [(2, None)]


JSON_ROWS = [
    {"request_id": "YC-01", "item_id": "a", "description": "Giấy A4", "quantity": 10, "unit_price": 75000.5,
     "labels": [{"scheme": "VN-ECOLABEL", "valid_until": "2026-12-31", "certificate": "NX-1"}],
     "attributes": {"recycled_content_pct": 60, "domestic": "có"}},
    {"Tên hàng hóa": "Điều hòa", "Số lượng": "2", "Đơn giá": "12.500.000", "Nhãn": "vn-energy:5",
     "attr.domestic": True, "Ghi chú": "gấp"},
    ["not", "an", "object"],
    {"description": "Ghế", "quantity": 0, "unit_price": 1},
]


def check_json_rows(rows: list[Row]) -> None:
    assert [r.row for r in rows] == [1, 2, 3, 4]
    a, b, c, d = rows
    assert a.item is not None and b.item is not None
    assert (a.request_id, a.item.id, a.item.unit_price) == ("YC-01", "a", D("75000.5"))
    assert a.item.labels[0].scheme == "vn-ecolabel" and a.item.labels[0].certificate == "NX-1"
    assert dict(a.item.attributes) == {"recycled_content_pct": 60, "domestic": True}
    assert (b.item.id, b.item.unit_price, b.item.labels[0].grade) == ("2", 12500000, 5)
    assert err(c) == "expected an object with the row's columns, found a list"
    assert (err(d), d.description) == ("quantity: must be greater than 0, found 0", "Ghế")


@pytest.mark.parametrize("shape", ["list", "rows"])
def test_json(tmp_path: Path, catalog: Catalog, shape: str) -> None:
    data: Any = JSON_ROWS if shape == "list" else {"rows": JSON_ROWS}
    path = write(tmp_path, json.dumps(data, ensure_ascii=False), "list.json")
    with read_rows(path, catalog) as reader:
        rows = list(reader)
        assert reader.ignored_columns == ["Ghi chú"]
    check_json_rows(rows)


def test_json_purchase_request(tmp_path: Path, catalog: Catalog) -> None:
    request = {"id": "YC-9", "entity": "Sở Y tế", "date": "2026-03-01", "funding": "state-budget",
               "items": [{"id": "1", "description": "Giấy", "quantity": 1, "unit_price": 1},
                         {"id": "2", "description": "Bút", "quantity": 2, "unit_price": 3}]}
    path = write(tmp_path, json.dumps(request, ensure_ascii=False), "request.json")
    rows = read(path, catalog)
    assert [(r.row, r.request_id, r.entity, r.request_date, r.funding, r.item_id, err(r)) for r in rows] == [
        (1, "YC-9", "Sở Y tế", datetime.date(2026, 3, 1), "state-budget", "1", None),
        (2, "YC-9", "Sở Y tế", datetime.date(2026, 3, 1), "state-budget", "2", None)]


def test_jsonl(tmp_path: Path, catalog: Catalog) -> None:
    lines = [json.dumps(r, ensure_ascii=False) for r in JSON_ROWS]
    text = "\n".join([lines[0], "", lines[1], '{"description": "x", "quantity": 1,', lines[2], lines[3],
                      '{"description": "y", "quantity": 1, "quantity": 2, "unit_price": 1}',
                      '{"description": "z", "quantity": NaN, "unit_price": 1}']) + "\n"
    path = write(tmp_path, text, "list.jsonl")
    rows = read(path, catalog)
    assert [(r.row, err(r)) for r in rows] == [
        (1, None),
        (3, None),
        (4, "the line is not valid JSON: Expecting property name enclosed in double quotes (column 36)"),
        (5, "expected an object with the row's columns, found a list"),
        (6, "quantity: must be greater than 0, found 0"),
        (7, "the line is not valid JSON: duplicate key 'quantity'"),
        (8, "quantity: nan is not a number"),
    ]


def test_yaml(tmp_path: Path, catalog: Catalog) -> None:
    path = write(tmp_path, (
        "rows:\n"
        "  - {item_id: 1, description: Giấy A4, quantity: 10, unit_price: 75000, labels: 'vn-energy:4'}\n"
        "  - description: Bút\n"
        "    quantity: 2.5\n"
        "    unit_price: '12.500'\n"
        "    request_date: 2026-01-05\n"
        "    attributes: {domestic: yes}\n"
        "  - {description: Ghế, quantity: -1, unit_price: 1}\n"
    ), "list.yaml")
    rows = read(path, catalog)
    assert [(r.row, r.item_id, err(r)) for r in rows] == [
        (1, "1", None), (2, "2", None), (3, "3", "quantity: must be greater than 0, found -1")]
    b = rows[1]
    assert b.item is not None
    assert (b.item.quantity, b.item.unit_price, b.request_date) == (D("2.5"), 12500, datetime.date(2026, 1, 5))
    assert dict(b.item.attributes) == {"domestic": True}


@pytest.mark.parametrize("binary", [False, True])
def test_stdin_json_lines(catalog: Catalog, binary: bool) -> None:
    text = ('{"description": "Giấy", "quantity": "1.234", "unit_price": "75.000 đ"}\n'
            '\n'
            'description,quantity\n'
            '{"Tên hàng hóa": "Bút", "Số lượng": 2, "Đơn giá": 3000, "request_id": "YC-2"}\n')
    stream: Any = io.BytesIO(("\ufeff" + text).encode()) if binary else io.StringIO(text)
    rows = read("-", catalog, stdin=stream)
    assert [(r.source, r.row, r.request_id, err(r)) for r in rows] == [
        ("<stdin>", 1, None, None),
        ("<stdin>", 3, None, "the line is not valid JSON: Expecting value (column 1)"),
        ("<stdin>", 4, "YC-2", None),
    ]
    assert rows[0].item is not None and (rows[0].item.quantity, rows[0].item.unit_price) == (1234, 75000)


def test_stdin_default_is_sys_stdin(monkeypatch: pytest.MonkeyPatch, catalog: Catalog) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"description": "a", "quantity": 1, "unit_price": 2}\n'))
    assert [err(r) for r in read("-", catalog)] == [None]


# --- error rows ---------------------------------------------------------------------------------------

HEADER = "Ngày đề nghị,STT,Tên hàng hóa,Số lượng,Đơn vị tính,Đơn giá,Nhãn\n"
# a problem names the column by the file's own header (Vietnamese texts: tests/test_messages.py)


@pytest.mark.parametrize(("line", "message"), [
    ("05/01/2026,7,Giấy A4,10,ram,abc,",
     "Đơn giá: 'abc' is not a number (Vietnamese format: 12.500.000 or 1.234,5)"),
    ('05/01/2026,7,Giấy A4,10,ram,"12,5,00",',
     "Đơn giá: '12,5,00' is not a number (Vietnamese format: 12.500.000 or 1.234,5)"),
    ("05/01/2026,7,Giấy A4,0,ram,75000,", "Số lượng: must be greater than 0, found 0"),
    ("05/01/2026,7,Giấy A4,-2,ram,75000,", "Số lượng: must be greater than 0, found -2"),
    ("05/01/2026,7,Giấy A4,10,ram,-5,", "Đơn giá: must not be negative, found -5"),
    ("05/01/2026,7,Giấy A4,,ram,75000,", "Số lượng: missing (the cell is empty)"),
    ("05/01/2026,7,Giấy A4,10,ram,75000,vn-enrgy:5",
     "Nhãn: unknown label 'vn-enrgy' in 'vn-enrgy:5' (did you mean 'vn-energy'?)"),
    ("05/01/2026,7,Giấy A4,10,ram,75000,vn-energy:7",
     "Nhãn: grade 7 of 'vn-energy' in 'vn-energy:7' is not on its scale (1, 2, 3, 4, 5)"),
    ("31/02/2026,7,Giấy A4,10,ram,75000,",
     "Ngày đề nghị: '31/02/2026' is not a real date (February 2026 has 28 days)"),
    ("05/01/2026,7,Giấy A4,10,ram,75000,vn-ecolabel@31/02/2026",
     "Nhãn: valid-until date of 'vn-ecolabel@31/02/2026': '31/02/2026' is not a real date "
     "(February 2026 has 28 days)"),
    ("05/01/2026,7,,10,ram,75000,", "Tên hàng hóa: missing (the cell is empty)"),
    ("05/01/2026,7,Giấy A4,10,ram", "row has 5 fields, the header has 7"),
    ("05/01/2026,7,Giấy A4,10,ram,12,500,", "row has 8 fields, the header has 7 (a value containing the "
     "delimiter ',' must be in double quotes)"),
    ("05/01/2026,7,Giấy A4,0,ram,abc,vn-enrgy",
     "Số lượng: must be greater than 0, found 0; Đơn giá: 'abc' is not a number (Vietnamese format: "
     "12.500.000 or 1.234,5); Nhãn: unknown label 'vn-enrgy' in 'vn-enrgy' (did you mean 'vn-energy'?)"),
])
def test_error_rows(tmp_path: Path, catalog: Catalog, line: str, message: str) -> None:
    path = write(tmp_path, HEADER + "05/01/2026,1,Bút,1,cái,1000,\n" + line + "\n"
                 + "05/01/2026,3,Ghế,1,cái,1000,\n")
    rows = read(path, catalog)
    assert [(r.row, r.error is None) for r in rows] == [(2, True), (3, False), (4, True)]  # reading goes on
    bad = rows[1]
    assert (bad.row, bad.item, bad.item_id) == (3, None, "7")
    assert bad.description == (None if ",7,," in line else "Giấy A4")
    assert err(bad) == message


# --- unreadable files -----------------------------------------------------------------------------------

def cp1258(text: str) -> bytes:
    """Text in the Windows Vietnamese code page (tone marks as combining characters), as old Excel saves it."""
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            out += unicodedata.normalize("NFC", d[:-1]).encode("cp1258") + d[-1].encode("cp1258")
    return out


@pytest.mark.parametrize(("name", "content", "message", "hint"), [
    ("missing.csv", None, "file not found: {path}", "check the file name"),
    ("folder.csv", "DIR", "{path} is a folder, not a file", ".csv"),
    ("latin.csv", cp1258("Tên hàng hóa,Số lượng,Đơn giá\nGiấy,1,1\n"), "{path} is not UTF-8 text",
     "CSV UTF-8"),
    ("latin1.csv", "Mô tả;Số lượng;Đơn giá\nCafé;1;1\n".encode("latin-1", errors="replace"),
     "{path} is not UTF-8 text", "CSV UTF-8"),
    ("unicode.txt", "Tên hàng hóa\tSố lượng\tĐơn giá\n".encode("utf-16"), "{path} is UTF-16 text", "CSV UTF-8"),
    ("nul.csv", b"description,quantity,unit_price\x00\n", "{path} is not a text file", "CSV UTF-8"),
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "{path} is an old Excel 97-2003 workbook",
     ".xlsx"),
    ("broken.xlsx", b"this is not a workbook at all", "cannot read {path}: it is not an Excel .xlsx workbook",
     "save it again"),
    ("zip.xlsx", b"PK\x03\x04 this is not really a zip archive",
     "cannot read {path}: it is not an Excel .xlsx workbook", "save it again"),
    ("empty.csv", b"", "{path} is empty", "Tên hàng hóa"),
    ("blank.csv", b"\n\n  \n", "{path} is empty", "Tên hàng hóa"),
    ("data-only.csv", "1,Giấy A4,10,75000\n2,Bút,5,3000\n".encode(),
     "{path} has no usable header: none of its first 2 non-empty row(s) names a column description, quantity, "
     "unit_price (first row: '1', 'Giấy A4', '10', '75000')", "column names"),
    ("no-price.csv", "STT,Tên hàng hóa,Số lượng,Thành tiền\n1,Giấy,1,1\n".encode(),
     "{path}: the header on line 1 has no unit_price column (columns: STT, Tên hàng hóa, Số lượng, Thành tiền)",
     "Đơn giá / unit_price"),
    ("no-description.csv", "STT;Số lượng;Đơn giá\n".encode(), "has no description column",
     "Tên hàng hóa / description"),
    ("twice.csv", "Tên hàng hóa,Số lượng,Đơn giá,unit_price\n".encode(),
     "{path}: the header on line 1 has 'Đơn giá' and 'unit_price', which both mean unit_price", "rename"),
    ("twice-attr.csv", "Mô tả,SL,Giá,attr.domestic,Hàng trong nước\n".encode(),
     "'attr.domestic' and 'Hàng trong nước', which both mean attr.domestic", "rename"),
    ("bad.json", b'[{"description": "a",\n "quantity": 1,,}]', "{path} is not valid JSON: Expecting property name "
     "enclosed in double quotes (line 2, column 16)", "commas"),
    ("dupe.json", b'[{"description": "a", "description": "b"}]', "{path} is not valid JSON: duplicate key",
     "once"),
    ("shape.json", b'{"description": "a"}', "{path} does not hold a list of rows (found an object with the keys "
     "description)", '{"rows": [...]}'),
    ("number.json", b"42", "{path} does not hold a list of rows (found a int)", "list of row objects"),
    ("dupe.yaml", b"- {description: a, quantity: 1, unit_price: 1, quantity: 2}\n",
     "{path} is not readable YAML: duplicate key 'quantity'", "remove or rename"),
    ("syntax.yaml", b"- description: [a\n", "{path} is not readable YAML: invalid YAML", "indentation"),
])
def test_unreadable_files(tmp_path: Path, catalog: Catalog, name: str, content: bytes | str | None,
                          message: str, hint: str) -> None:
    path = tmp_path / name
    if content == "DIR":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    with pytest.raises(BatchFileError) as exc:
        read(path, catalog)
    err = exc.value
    assert isinstance(err, InputError)
    assert err.path == str(path)
    assert message.format(path=path) in err.message
    assert str(path) in str(err)
    assert err.hint is not None and hint in err.hint


def test_unreadable_file_line_numbers(tmp_path: Path, catalog: Catalog) -> None:
    path = write(tmp_path, "Tên hàng hóa,Số lượng,Đơn giá\nGiấy,1,1\n", "latin.csv")
    path.write_bytes(path.read_bytes() + cp1258("Cà phê,1,1\n"))
    with pytest.raises(BatchFileError) as exc:
        read(path, catalog)
    assert exc.value.line == 3
    assert "line 3" in exc.value.message


def test_excel_file_under_a_csv_name_is_read_as_xlsx(tmp_path: Path, catalog: Catalog) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    wb.active.append(["Mô tả", "Số lượng", "Đơn giá"])
    wb.active.append(["Giấy", 1, 1000])
    path = tmp_path / "saved-from-excel.csv"
    wb.save(path)
    assert [(r.row, r.error) for r in read(path, catalog)] == [(2, None)]


def test_bad_number_format(tmp_path: Path, catalog: Catalog) -> None:
    with pytest.raises(InputError, match="number format must be 'vi' or 'en'"):
        read_rows(write(tmp_path, "description,quantity,unit_price\n"), catalog, number_format="fr")  # type: ignore[arg-type]


def test_closing_early_releases_the_file(tmp_path: Path, catalog: Catalog) -> None:
    path = write(tmp_path, "description,quantity,unit_price\n" + "Giấy,1,1\n" * 10)
    reader = read_rows(path, catalog)
    assert next(reader).row == 2
    reader.close()
    assert list(reader) == []


# --- streaming -------------------------------------------------------------------------------------------

def test_memory_stays_flat_on_100000_rows(tmp_path: Path, catalog: Catalog) -> None:
    """A 100,000-row file is read as a stream: opening it and reading the first row allocate little,
    and the number of live objects does not grow with the rows read."""
    import gc
    import tracemalloc

    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8") as f:
        f.write("STT;Tên hàng hóa;Số lượng;Đơn vị tính;Đơn giá;Nhãn\n")
        for i in range(100_000):
            f.write(f"{i};Giấy in A4 loại {i % 97};{i % 50 + 1};ram;{i % 900 + 1}.500;vn-ecolabel@31/12/2026\n")
    assert path.stat().st_size > 5_000_000

    tracemalloc.start()
    try:
        reader = read_rows(path, catalog)
        first = next(reader)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert first.row == 2 and first.error is None
    assert peak < 1_000_000, f"opening the file and reading one row took {peak:,} bytes"

    samples = []
    count = 1
    gc.collect()
    base = sys.getallocatedblocks()
    with reader:
        for row in reader:
            count += 1
            assert row.error is None
            if count % 10_000 == 0:
                samples.append(sys.getallocatedblocks() - base)
    assert count == 100_000
    # keeping every row would hold more than 2 million blocks; a stream holds a few thousand at most
    assert max(samples) < 50_000, samples


# --- the reader builds exactly what the model would, and a builder keeps no state between rows ---

@functools.cache
def _default_catalog() -> Catalog:
    return load_catalog(ROOT / "catalog")


_cell_texts = st.one_of(
    st.sampled_from(["Giấy A4", " Giay\u0301 in ", "-", "", "  ", "1.000", "2,5", "0", "-3", "1e3", "12%",
                     "có", "không", "vn-ecolabel", "Nhãn sinh thái Việt Nam", "abc", "1234567890123456789"]),
    st.text(max_size=8),
)
_cell_values = st.one_of(_cell_texts, st.none(), st.booleans(), st.integers(-5, 10**20),
                         st.decimals(allow_nan=False, allow_infinity=False, places=4,
                                     min_value=-10, max_value=10**18),
                         st.floats(allow_nan=False, allow_infinity=False, width=32))
_attr_names = st.sampled_from(["attr.domestic", "attr.recycled_content", "attr.energy_stars", "attr.",
                               "attr. ", "attr.ghi cha\u0301", "attr.Màu", "attr.x"])


@given(description=st.one_of(st.sampled_from(["Giấy A4", "Bóng đèn LED 9W "]), _cell_values),
       quantity=st.one_of(st.sampled_from(["10", "1.000", 3, Decimal("2.5")]), _cell_values),
       price=st.one_of(st.sampled_from(["95.000", "0", 120000, "1.234.567 đ"]), _cell_values),
       unit=_cell_values, labels=st.one_of(st.just(None), _cell_values),
       attrs=st.dictionaries(_attr_names, _cell_values, max_size=3))
def test_reader_items_are_the_items_the_model_builds(
        description: Any, quantity: Any, price: Any, unit: Any, labels: Any,
        attrs: dict[str, Any]) -> None:
    import attrs as attrs_lib

    from green_procurement.io.rows import RowBuilder

    cells = {"description": description, "quantity": quantity, "unit_price": price, "unit": unit,
             "labels": labels, **attrs}
    row = RowBuilder(_default_catalog(), "t.csv").build(2, cells)
    if row.item is not None:
        # evolve runs every converter of the model again (attributes given as a plain dict, which
        # the model checks): nothing may change, nothing may be refused
        again = attrs_lib.evolve(row.item, attributes=dict(row.item.attributes))
        assert again == row.item
        assert list(again.attributes.items()) == list(row.item.attributes.items())


def test_csv_row_with_only_unread_columns_is_not_an_item(tmp_path: Path, catalog: Catalog) -> None:
    # a totals line under the list: only the "Thành tiền" column (which check does not read) holds
    # something; it is not an item, while the rows around it keep their line numbers
    path = write(tmp_path, "Tên hàng hóa,Số lượng,Đơn giá,Thành tiền\n"
                           "Giấy A4,10,75.000,750.000\n"
                           ", ,,750.000\n"
                           "Bút bi,5,3.000,15.000\n")
    rows = read(path, catalog)
    assert [(r.row, r.description, err(r)) for r in rows] == [(2, "Giấy A4", None), (4, "Bút bi", None)]


def _mostly(*valid: str, rare: Any = None) -> Any:
    """The valid values most of the time (so that products repeat), sometimes a rare one."""
    common = st.sampled_from(valid)
    return common if rare is None else st.integers(0, 19).flatmap(lambda k: rare if k == 19 else common)


_pool_cells = st.fixed_dictionaries({
    "request_id": _mostly("YC-1", "YC-2", rare=st.sampled_from([" ", "-", "YC-1 "])),
    "item_id": _mostly("1", "2", rare=st.one_of(st.just(""), st.text(max_size=3))),
    "request_date": _mostly("01/11/2025", "2025-11-01", rare=st.sampled_from(["31/02/2026", ""])),
    "description": _mostly("Giấy A4", "Bóng đèn LED 9W", rare=st.sampled_from(["", "-"])),
    "quantity": _mostly("10", "1.000", "3", rare=st.one_of(st.sampled_from(["0", "-2", "", "abc", "2,5"]),
                                                             _cell_values)),
    "unit_price": _mostly("95.000", "45.000", rare=st.sampled_from(["0", "1.234.567 đ", "-5", "x"])),
    "labels": _mostly("", "vn-ecolabel@31/12/2026", rare=st.sampled_from(["nhãn lạ", "vn-energy:9"])),
    "attr.domestic": _mostly("", "có", rare=st.sampled_from(["không", "maybe"])),
    "attr.": _mostly("", rare=st.just("x")),
})


@given(st.lists(st.tuples(st.integers(2, 9), _pool_cells), min_size=5, max_size=30))
def test_repeated_rows_parse_as_if_each_were_the_first(rows: list[tuple[int, dict[str, Any]]]) -> None:
    from green_procurement.io.rows import RowBuilder

    shared = RowBuilder(_default_catalog(), "t.csv")
    for line, cells in rows:
        # a builder that has seen other rows (repeated products) reads a row as a fresh one does
        assert shared.build(line, cells) == RowBuilder(_default_catalog(), "t.csv").build(line, cells)


_CLEAN = {"request_id": "YC-1", "item_id": "1", "request_date": "01/11/2025", "description": "Giấy A4",
          "quantity": "10", "unit_price": "95.000", "labels": "vn-ecolabel@31/12/2026", "attr.domestic": "có"}


@pytest.mark.parametrize(("changes", "error"), [
    ({}, None),
    ({"quantity": "0"}, "quantity: must be greater than 0"),
    ({"quantity": "-2"}, "quantity: must be greater than 0"),
    ({"quantity": "abc"}, "quantity:"),
    ({"quantity": "1" + "0" * 20}, "quantity:"),
    ({"quantity": ""}, "quantity: missing"),
    ({"request_date": "31/02/2026"}, "request_date: '31/02/2026' is not a real date"),
    ({"item_id": ""}, None),
    ({"request_id": "-"}, None),
])
def test_a_repeated_product_row_is_checked_like_the_first(changes: dict[str, str], error: str | None) -> None:
    from green_procurement.io.rows import RowBuilder

    shared = RowBuilder(_default_catalog(), "t.csv")
    assert shared.build(2, _CLEAN).error is None
    second = {**_CLEAN, **changes}
    row = shared.build(3, second)
    assert row == RowBuilder(_default_catalog(), "t.csv").build(3, second)
    assert (row.error is None) if error is None else (error in (err(row) or "")), row.error
    if error is None:
        assert row.item is not None and row.item.id == (second["item_id"] or "3")


def test_a_repeated_text_under_other_columns_is_not_the_same_product() -> None:
    # regression (of a fast path since removed): products remembered by their cell texts alone, so a
    # JSON row whose keys come in another order could take the price of an earlier row from its labels
    from green_procurement.io.rows import RowBuilder

    shared = RowBuilder(_default_catalog(), "list.json")
    first = {"description": "Giấy A4", "quantity": "2", "unit_price": "75000", "labels": ""}
    swapped = {"description": "Giấy A4", "quantity": "2", "labels": "75000", "unit_price": ""}
    assert shared.build(1, first).error is None
    row = shared.build(2, swapped)
    assert row == RowBuilder(_default_catalog(), "list.json").build(2, swapped)
    assert row.item is None and "unit_price: missing" in (err(row) or "")


# --- CSV in blocks (what `check` hands to worker processes) --------------------------------------------

def _in_blocks(path: Path, catalog: Catalog, lines: int) -> list[Row] | tuple[str, int | None]:
    """The rows of ``path`` read in RawBlock of ``lines`` lines and split again (a worker's view);
    the message and line of the BatchFileError instead, if reading fails."""
    from green_procurement.io import RawBlock

    builders: dict[Any, Any] = {}
    out: list[Row] = []
    try:
        with read_rows(path, catalog, raw=True, block_lines=lines) as items:
            for block in items:
                assert isinstance(block, RawBlock), block
                out.extend(rows_of([block], builders, catalog))
    except BatchFileError as exc:
        return (exc.message, exc.line)
    return out


def _row_by_row(path: Path, catalog: Catalog) -> list[Row] | tuple[str, int | None]:
    try:
        return read(path, catalog)
    except BatchFileError as exc:
        return (exc.message, exc.line)


# Lines a CSV file may hold: plain rows, quoted values with delimiters, doubled quotes and line
# breaks that span lines, blank lines, rows of the wrong width, stray quotes inside values, CRLF
# and lone CR line ends, a NUL byte.
_LINES = [
    "Bút bi,2,5.000\n", "Giấy A4,10,75.000\r\n", "\n", ",,\n", "   \n", '"Bàn, gỗ",1,2.800.000\n',
    '"Ghế ""xoay""",3,900.000\n', '"Điều hòa\n', '2 chiều",1,12.900.000\n', 'inverter"",2,5\n',
    'Màn hình 24",1,4.390.000\n', "Bút,1\n", "Bút,1,2,3\n", "Đèn LED,4,45.000\r", '"Giấy,1,1\n',
    "Ly\x00nhựa,1,800\n", "Nước rửa chén,1,125.000",
]


@given(st.lists(st.sampled_from(_LINES), max_size=30), st.sampled_from([1, 2, 3, 5, 1000]))
def test_blocks_give_the_rows_and_errors_of_reading_row_by_row(catalog: Catalog, tmp_path_factory: Any,
                                                               lines: list[str], size: int) -> None:
    path = tmp_path_factory.mktemp("blocks") / "list.csv"
    path.write_bytes(("Tên hàng hóa,Số lượng,Đơn giá\n" + "".join(lines)).encode("utf-8"))
    assert _in_blocks(path, catalog, size) == _row_by_row(path, catalog)


def test_a_block_never_cuts_a_quoted_value(tmp_path: Path, catalog: Catalog) -> None:
    path = write(tmp_path, 'Tên hàng hóa,Số lượng,Đơn giá\nBút,1,1\n"Điều hòa\n2 chiều\ninverter",2,100\nGhế,3,3\n')
    from green_procurement.io import RawBlock

    with read_rows(path, catalog, raw=True, block_lines=2) as items:
        blocks = list(items)
    assert all(isinstance(b, RawBlock) for b in blocks)
    # line 3 opens a value that ends on line 5: the first block (lines 2 and 3) takes lines 4 and 5 too
    assert [(b.line, len(b.lines)) for b in blocks] == [(1, 4), (5, 1)]
    rows = _in_blocks(path, catalog, 2)
    assert isinstance(rows, list)
    assert [(r.row, r.description) for r in rows] == [(2, "Bút"), (3, "Điều hòa\n2 chiều\ninverter"), (6, "Ghế")]


def test_a_nul_byte_is_reported_on_its_line_in_blocks_too(tmp_path: Path, catalog: Catalog) -> None:
    path = write(tmp_path, "Tên hàng hóa,Số lượng,Đơn giá\nBút,1,1\nGhế,2,2\nLy\x00nhựa,1,800\nBàn,1,1\n")
    got = _in_blocks(path, catalog, 2)
    assert got == _row_by_row(path, catalog)
    assert isinstance(got, tuple) and got[1] == 4 and "NUL" in got[0]


def test_plain_lines_are_cut_into_blocks_without_the_csv_reader(tmp_path: Path, catalog: Catalog,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    # regression: a block of wide lines (more text in all than the CSV field limit, though no line
    # comes near it) was read with csv.reader in the parent, the work the blocks exist to avoid
    from green_procurement.io import csvfile

    def refuse(*args: object) -> None:
        raise AssertionError("read with the CSV reader")

    monkeypatch.setattr(csvfile, "_whole_records", refuse)
    line = "Giấy A4 " + "x" * 300 + ",1,75.000\n"
    path = write(tmp_path, "Tên hàng hóa,Số lượng,Đơn giá\n" + line * 1000)
    rows = _in_blocks(path, catalog, 1000)
    assert isinstance(rows, list) and len(rows) == 1000 and rows[-1].row == 1001
