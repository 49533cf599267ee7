"""Bid lists (green_procurement.io.bidfile): Vietnamese and English headers, every format, a row error
naming the file's own column."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest

from green_procurement.catalog import Catalog
from green_procurement.io import BatchFileError
from green_procurement.io.bidfile import read_bids

from .conftest import ROOT

VI = "Phần,Nhà thầu,Hàng hóa,Giá dự thầu,Xuất xứ,Tỷ lệ chi phí sản xuất trong nước,Nhãn,Số chứng nhận\n"


def _read(path: Path, catalog: Catalog, **kw: object) -> list:  # type: ignore[type-arg]
    with read_bids(path, catalog, **kw) as reader:   # type: ignore[arg-type]
        return list(reader)


def _csv(tmp_path: Path, text: str, name: str = "bids.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_vietnamese_csv(tmp_path: Path, catalog: Catalog) -> None:
    rows = _read(_csv(tmp_path, VI + '1,Công ty A,Máy lạnh 1.5HP,"12.500.000 đ",Việt Nam,55%,vn-energy:5,\n'
                                     "1,Công ty B,Máy lạnh,11.900.000,th,,vn-ecolabel@2027-01-01,12/QĐ-BNNMT\n"),
                 catalog)
    a, b = (r.bid for r in rows)
    assert (a.lot, a.bidder, a.price, a.origin, a.domestic_cost_pct, a.row) == ("1", "Công ty A", 12_500_000, "VN",
                                                                                55, 2)
    assert [(c.scheme, c.grade) for c in a.labels] == [("vn-energy", 5)]
    assert b.origin == "TH" and b.domestic_cost_pct is None
    assert [(c.scheme, c.certificate) for c in b.labels] == [("vn-ecolabel", "12/QĐ-BNNMT")]


def test_english_headers_without_a_lot_and_english_numbers(tmp_path: Path, catalog: Catalog) -> None:
    path = _csv(tmp_path, "Bidder,Description,Bid price,Origin,Domestic cost share\nAcme,LED lamp,\"1,234.5\",VN,"
                          "40\n")
    (row,) = _read(path, catalog, number_format="en")
    assert (row.bid.lot, row.bid.price, row.bid.domestic_cost_pct) == ("1", Decimal("1234.5"), 40)


def test_json_and_attributes(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "bids.json"
    path.write_text(json.dumps([{"lot": 2, "bidder": "A", "description": "Giấy A4", "price": 70000.5,
                                 "origin": "VN", "domestic_cost_pct": 60, "labels": ["vn-ecolabel@2027-01-01"],
                                 "recycled_content_pct": 40}]), encoding="utf-8")
    (row,) = _read(path, catalog)
    assert (row.bid.lot, row.bid.price) == ("2", Decimal("70000.5"))
    assert dict(row.bid.attributes) == {"recycled_content_pct": 40}


def test_xlsx(tmp_path: Path, catalog: Catalog) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Bảng so sánh giá"])
    ws.append(["Phần", "Nhà thầu", "Giá dự thầu", "Xuất xứ", "Tỷ lệ chi phí trong nước"])
    ws.append([1, "Công ty A", 12500000, "VN", 0.55])
    ws.cell(3, 5).number_format = "0%"
    path = tmp_path / "bids.xlsx"
    wb.save(path)
    (row,) = _read(path, catalog)
    assert (row.bid.lot, row.bid.price, row.bid.domestic_cost_pct) == ("1", 12500000, 55)


@pytest.mark.parametrize(("line", "message"), [
    ("1,Công ty A,Giấy,abc,VN,60,,", "Giá dự thầu: 'abc' is not a number (Vietnamese format: 12.500.000 or 1.234,5)"),
    ("1,,Giấy,100,VN,60,,", "Nhà thầu: missing (the cell is empty)"),
    ("1,Công ty A,Giấy,100,Vietnamm,60,,", "Xuất xứ: origin 'Vietnamm' is not a country code"),
    ("1,Công ty A,Giấy,100,VN,160,,", "Tỷ lệ chi phí sản xuất trong nước: 160 is above the maximum 100"),
    ("1,Công ty A,Giấy,100,VN,60,vn-ecolabl,", "Nhãn: unknown label 'vn-ecolabl' in 'vn-ecolabl' (did you mean "
                                                "'vn-ecolabel'?)"),
    ("1,Công ty A,Giấy,100,VN,60,,12/QĐ", "Số chứng nhận: a certificate number is given but the row claims no "
                                           "label"),
    ("1,Công ty A,Giấy,100", "row has 4 fields, the header has 8"),
])
def test_row_errors_name_the_column_and_reading_goes_on(tmp_path: Path, catalog: Catalog, line: str,
                                                        message: str) -> None:
    rows = _read(_csv(tmp_path, VI + line + "\n2,Công ty B,Giấy,100,CN,,,\n"), catalog)
    assert [r.row for r in rows] == [2, 3]
    bad, good = rows
    assert bad.bid is None and bad.error is not None and bad.error.error.en == message
    assert bad.error.error.vi != message and bad.error.row == 2
    assert good.bid is not None


def test_a_file_without_bidder_or_price_cannot_be_read(tmp_path: Path, catalog: Catalog) -> None:
    with pytest.raises(BatchFileError) as info:
        _read(_csv(tmp_path, "Phần,Nhà thầu,Xuất xứ\n1,A,VN\n"), catalog)
    assert info.value.code == "missing-column"
    assert "Giá dự thầu / price" in (info.value.hint or "")
    with pytest.raises(BatchFileError) as info:
        _read(_csv(tmp_path, "a,b\n1,2\n"), catalog)
    assert info.value.code == "no-header" and "Nhà thầu" in (info.value.hint or "")


def test_the_example_file_reads_cleanly(catalog: Catalog) -> None:
    rows = _read(ROOT / "examples" / "goi-thau-can-tho-2025.csv", catalog)
    assert rows and all(r.bid is not None for r in rows)
    assert {r.bid.lot for r in rows} == {"1", "2"}
    assert datetime.date(2025, 10, 1)      # the guides compare it on 2025-10-01


def test_a_bid_without_a_price_is_a_row_error_naming_the_column(tmp_path: Path, catalog: Catalog) -> None:
    # a purchase list may lack prices (the value is then unknown); a bid is ranked by its price
    rows = _read(_csv(tmp_path, VI + "1,Công ty A,Giấy A4,,VN,60%,,\n1,Công ty B,Giấy A4,90.000,VN,60%,,\n"), catalog)
    assert rows[0].bid is None and "Giá dự thầu" in str(rows[0].error.error)
    assert rows[1].bid is not None and rows[1].bid.price == 90_000
