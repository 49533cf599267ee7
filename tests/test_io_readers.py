"""Reading batch files (green_procurement.io.readers and its csvfile, xlsxfile, jsonfile): formats,
unreadable files, streaming, and CSV in blocks."""

from __future__ import annotations

import datetime
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

from green_procurement.catalog import Catalog
from green_procurement.errors import InputError
from green_procurement.io import (
    BatchFileError,
    Row,
    read_rows,
    rows_of,
)

from .io_helpers import err, only, read, write

D = Decimal


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
        (7, "quantity: duplicate key 'quantity'"),
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
    ("shape.json", b'{"description": "a"}', "{path} does not hold a list of rows (found an object with the keys "
     "description)", '{"rows": [...]}'),
    ("number.json", b"42", "{path} does not hold a list of rows (found a int)", "list of row objects"),
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
    # a file in another encoding is refused, naming its first line that is not UTF-8 (one bad line
    # among good ones is an error row: tests/test_io_csvfile.py)
    text = "Tên hàng hóa,Số lượng,Đơn giá\n" + "Giay,1,1\n" * 30
    path = write(tmp_path, text, "latin.csv")
    path.write_bytes(path.read_bytes() + cp1258("Cà phê,1,1\n") * 12)
    with pytest.raises(BatchFileError) as exc:
        read(path, catalog)
    assert exc.value.line == 32
    assert "line 32" in exc.value.message


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

@pytest.mark.slow
@pytest.mark.parametrize("memo", [0, 4_096], ids=["product-memo-off", "product-memo-on"])
def test_memory_stays_flat_on_100000_rows(tmp_path: Path, catalog: Catalog, memo: int,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A 100,000-row file is read as a stream: opening it and reading the first row allocate little,
    and the number of live objects does not grow with the rows read.  The reader's product memo
    (io/rows.py, PRODUCT_MEMO) holds at most that many items and then starts again: bounded, not flat."""
    import gc
    import tracemalloc

    from green_procurement.io import rows as rows_module

    monkeypatch.setattr(rows_module, "PRODUCT_MEMO", memo)

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
    # keeping every row would hold more than 2 million blocks; a stream holds a few thousand at most,
    # and a full product memo about 20 per item it holds
    assert max(samples) < 50_000 + 20 * memo, samples


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
    assert isinstance(got, list) and [r.row for r in got] == [2, 3, 4, 5]
    assert got[2].error is not None and "NUL" in got[2].error.en


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
