"""Reports of a bid comparison (green_procurement.report.bids): table, CSV, JSON, HTML, Excel."""

from __future__ import annotations

import csv
import datetime
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

import green_procurement as gp
from green_procurement._messages import msg
from green_procurement.bids import BidComparison, rejected_row
from green_procurement.report import ReportError
from green_procurement.report.bids import BID_COLUMNS, bids_csv, bids_html, bids_json, bids_table, write_bids_report

ON = datetime.date(2025, 10, 1)


@pytest.fixture(scope="module")
def comparison() -> BidComparison:
    engine = gp.load_default(backend="python")
    bids = [{"lot": "1", "bidder": "=HYPERLINK(\"x\")", "price": 100, "origin": "CN"},
            {"lot": "1", "bidder": "Công ty <b>A</b>", "price": Decimal("95.5"), "origin": "VN",
             "domestic_cost_pct": 60, "description": "Giấy A4"}]
    rejected = [rejected_row("1", "Công ty C", 4, msg("row.missing-empty"))]
    return engine.compare_bids(bids, ON, rejected=rejected)


def test_table(comparison: BidComparison) -> None:
    text = bids_table(comparison, "vi")
    assert "Phần 1" in text and "Xếp hạng" in text
    assert "BID-ORIGIN-01 cộng 10%: 10" in text and "110" in text
    assert "95,5" in text                                  # money in the Vietnamese format
    assert "không đọc được" in text                        # the rejected row
    assert "Căn cứ của các khoản cộng thêm:" in text and "Nghị định 214/2025" in text
    en = bids_table(comparison, "en")
    assert "Lot 1" in en and "BID-ORIGIN-01 +10%: 10" in en and "Legal basis of the adjustments:" in en


def test_csv_has_exact_money_and_neutralised_formulas(comparison: BidComparison) -> None:
    rows = list(csv.reader(io.StringIO(bids_csv(comparison, "en"))))
    assert rows[0] == list(BID_COLUMNS)
    by = {r[2]: dict(zip(BID_COLUMNS, r, strict=True)) for r in rows[1:]}
    a = by["Công ty <b>A</b>"]
    assert (a["rank"], a["price"], a["evaluated_price"], a["domestic_cost_pct"]) == ("1", "95.5", "95.5", "60")
    formula = by["'=HYPERLINK(\"x\")"]
    assert formula["evaluated_price"] == "110" and formula["adjustments"].startswith("BID-ORIGIN-01")
    assert by["Công ty C"]["error"] and by["Công ty C"]["rank"] == ""
    vi = list(csv.reader(io.StringIO(bids_csv(comparison, "vi"))))
    assert vi[0][:3] == ["Phần", "Xếp hạng", "Nhà thầu"]


def test_json_is_the_comparison(comparison: BidComparison) -> None:
    data = json.loads(bids_json(comparison))
    assert data == json.loads(json.dumps(comparison.to_dict()))
    assert data["lots"][0]["bids"][0]["price"] == "95.5"


def test_html_escapes_and_is_complete(comparison: BidComparison) -> None:
    page = bids_html(comparison, "vi")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "Công ty &lt;b&gt;A&lt;/b&gt;" in page and "<b>A</b>" not in page
    assert 'lang="vi"' in page


@pytest.mark.parametrize("suffix", [".csv", ".json", ".html", ".xlsx"])
def test_write_each_format(tmp_path: Path, comparison: BidComparison, suffix: str) -> None:
    path = tmp_path / f"so-sanh{suffix}"
    write_bids_report(comparison, path, "vi")
    assert path.is_file() and path.stat().st_size > 0
    assert [p.name for p in tmp_path.iterdir()] == [path.name]      # no temporary file left
    if suffix == ".xlsx":
        import openpyxl

        ws = openpyxl.load_workbook(path).active
        rows = list(ws.iter_rows(values_only=True))
        assert rows[0][0] == "Phần" and len(rows) == 4
        assert any(r[2] == "'=HYPERLINK(\"x\")" for r in rows[1:])
        assert any(r[6] == Decimal("95.5") or r[6] == 95.5 for r in rows[1:])


def test_a_bad_path_is_a_report_error(tmp_path: Path, comparison: BidComparison) -> None:
    with pytest.raises(ReportError) as info:
        write_bids_report(comparison, tmp_path / "x.pdf")
    assert info.value.code == "unsupported-format"
    with pytest.raises(ReportError):
        write_bids_report(comparison, tmp_path / "missing" / "x.csv")
