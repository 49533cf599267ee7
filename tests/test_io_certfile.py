"""Issuers' lists read for ``registry import`` (green_procurement.io.certfile)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from green_procurement.catalog import Catalog
from green_procurement.io import BatchFileError
from green_procurement.io.certfile import read_issuer_list

D = datetime.date
VI_HEADER = "STT,Số quyết định,Tên doanh nghiệp,Tên sản phẩm,Ngày cấp,Ngày hết hạn,Nguồn\n"


def _write(tmp_path: Path, text: str, name: str = "list.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_vietnamese_headers_dates_and_numbers(tmp_path: Path, catalog: Catalog) -> None:
    path = _write(tmp_path, VI_HEADER + "1,123/QĐ-BNNMT,Công ty X,Bao bì,15/03/2025,14/03/2028,https://mae.gov.vn\n"
                                        "2,124,Công ty Y,Túi,2025-04-01,,https://mae.gov.vn\n")
    result = read_issuer_list(path, catalog, "vn-ecolabel")
    assert result.problems == () and result.rows == 2 and result.ignored_columns == ("STT",)
    a, b = result.entries
    assert (a.scheme, a.certificate, a.holder, a.valid_from, a.valid_until, a.line) == \
        ("vn-ecolabel", "123/QĐ-BNNMT", "Công ty X", D(2025, 3, 15), D(2028, 3, 14), 2)
    assert b.certificate == "124" and b.valid_until is None


def test_english_headers_and_a_default_source(tmp_path: Path, catalog: Catalog) -> None:
    path = _write(tmp_path, "Certificate no,Company,Product,Issue date,Expiry date\nUS-1,Acme,Laptop,2024-01-01,"
                            "2026-01-01\n")
    result = read_issuer_list(path, catalog, "epeat", default_source="https://epeat.net (2025-12-01)")
    (entry,) = result.entries
    assert (entry.scheme, entry.holder, entry.source) == ("epeat", "Acme", "https://epeat.net (2025-12-01)")


def test_xlsx_lists_are_read_with_their_dates(tmp_path: Path, catalog: Catalog) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Danh sách sản phẩm được chứng nhận"])           # a title row above the header
    ws.append(["Số quyết định", "Tên doanh nghiệp", "Ngày cấp", "Ngày hết hạn"])
    ws.append([2025, "Công ty Z", datetime.datetime(2025, 1, 2), datetime.datetime(2028, 1, 1)])
    path = tmp_path / "list.xlsx"
    wb.save(path)
    result = read_issuer_list(path, catalog, "vn-ecolabel", default_source="MAE (2025)")
    (entry,) = result.entries
    assert (entry.certificate, entry.valid_from, entry.valid_until, entry.line) == \
        ("2025", D(2025, 1, 2), D(2028, 1, 1), 3)


@pytest.mark.parametrize(("rows", "codes", "levels", "entries"), [
    # the same certificate twice with the same data: kept once, a warning
    ("1,1/QĐ,A,B,2025-01-01,2028-01-01,s\n2,1/QĐ,A,B,2025-01-01,2028-01-01,s\n", ["duplicate-id"], ["warning"], 1),
    # with other data: an error
    ("1,1/QĐ,A,B,2025-01-01,2028-01-01,s\n2,1/qd,A,B,2025-01-01,2029-01-01,s\n", ["duplicate-id"], ["error"], 1),
    ("1,,A,B,2025-01-01,2028-01-01,s\n", ["empty"], ["error"], 0),
    ("1,1/QĐ,A,B,2025-01-01,2024-01-01,s\n", ["bad-validity"], ["error"], 0),
    ("1,1/QĐ,A,B,hôm qua,,s\n", ["wrong-type"], ["error"], 0),
    ("1,1/QĐ,A,B,,,\n", ["empty"], ["error"], 0),
])
def test_problems_name_the_row_and_column(tmp_path: Path, catalog: Catalog, rows: str, codes: list[str],
                                          levels: list[str], entries: int) -> None:
    result = read_issuer_list(_write(tmp_path, VI_HEADER + rows), catalog, "vn-ecolabel")
    assert [p.code for p in result.problems] == codes
    assert [p.level for p in result.problems] == levels
    assert len(result.entries) == entries
    p = result.problems[0]
    assert p.path == str(tmp_path / "list.csv") and p.line is not None and p.message_vi


def test_a_row_of_another_label_is_refused(tmp_path: Path, catalog: Catalog) -> None:
    path = _write(tmp_path, "Nhãn,Số quyết định,Nguồn\nvn-energy,1,s\nvn-ecolabel,2,s\n")
    result = read_issuer_list(path, catalog, "vn-ecolabel")
    assert [(p.code, p.line) for p in result.problems] == [("bad-value", 2)]
    assert [e.certificate for e in result.entries] == ["2"]


def test_no_source_says_how_to_give_one(tmp_path: Path, catalog: Catalog) -> None:
    result = read_issuer_list(_write(tmp_path, "Số quyết định\n1\n"), catalog, "vn-ecolabel")
    (p,) = result.problems
    assert "--source" in (p.hint or "") and "--source" in (p.hint_vi or "")


def test_a_file_without_the_number_column_cannot_be_read(tmp_path: Path, catalog: Catalog) -> None:
    with pytest.raises(BatchFileError) as info:
        read_issuer_list(_write(tmp_path, "Tên doanh nghiệp,Ngày cấp\nA,2025-01-01\n"), catalog, "vn-ecolabel")
    assert info.value.code == "no-header"
    assert "Số quyết định" in (info.value.hint or "")
