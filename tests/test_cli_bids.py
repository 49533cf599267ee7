"""``green-procurement bids``: output, reports, exit codes, both languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .cli_helpers import run
from .conftest import ROOT

EXAMPLE = str(ROOT / "examples" / "goi-thau-can-tho-2025.csv")


def test_bids_table_in_vietnamese_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = run(["bids", EXAMPLE, "--on", "2025-10-01"], capsys)
    assert rc == 0
    assert "Phần 1" in out and "186.037.500" in out and "BID-ORIGIN-01 cộng 10%: 18.500.000" in out


def test_bids_json_and_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    html, xlsx = tmp_path / "so-sanh.html", tmp_path / "so-sanh.xlsx"
    rc, out, err = run(["bids", EXAMPLE, "--on", "2025-10-01", "--format", "json", "--eco-margin", "5",
                        "-o", str(html), "-o", str(xlsx), "--lang", "en"], capsys)
    assert rc == 0 and html.is_file() and xlsx.is_file()
    assert str(html) in err
    data = json.loads(out)
    lot2 = data["lots"][1]
    assert lot2["lot"] == "2"
    assert [(b["bidder"], b["rank"], b["evaluated_price"]) for b in lot2["bids"]] == [
        ("Công ty TNHH Xuất nhập khẩu Mekong", 1, 37400000), ("Công ty CP Giấy Miền Tây", 2, 38062500),
        ("Công ty TNHH Văn phòng phẩm Xanh", 3, 38850000)]


def test_bids_csv_on_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = run(["bids", EXAMPLE, "--on", "2025-10-01", "--format", "csv", "--lang", "en"], capsys)
    assert rc == 0 and out.splitlines()[0].startswith("lot,rank,bidder")
    assert len(out.splitlines()) == 7


def test_a_row_that_cannot_be_read_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bids.csv"
    path.write_text("Nhà thầu,Giá dự thầu,Xuất xứ,Ghi chú\nA,100,VN,x\nB,abc,CN,\n", encoding="utf-8")
    rc, out, err = run(["bids", str(path), "--on", "2025-10-01"], capsys)
    assert rc == 1
    assert "Giá dự thầu: 'abc' không phải là số" in out
    assert "1 dòng không đọc được" in err and "'Ghi chú'" in err


@pytest.mark.parametrize(("argv", "text"), [
    (["bids", "no-such-file.csv", "--on", "2025-10-01"], "no-such-file.csv"),
    (["bids", EXAMPLE, "--on", "2025-08-03"], "2025-08-04"),
    (["bids", EXAMPLE, "--on", "2025-10-01", "--eco-margin", "120"], "120"),
    (["bids", EXAMPLE, "--on", "2025-10-01", "-o", "report.pdf"], "report.pdf"),
])
def test_usage_problems_exit_2(argv: list[str], text: str, capsys: pytest.CaptureFixture[str]) -> None:
    rc, _, err = run([*argv, "--lang", "en"], capsys)
    assert rc == 2 and text in err and "Traceback" not in err


def test_rules_without_bids_yaml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    (tmp_path / "rules" / "bids.yaml").unlink()
    rc, _, err = run(["bids", EXAMPLE, "--on", "2025-10-01", "--rules", str(tmp_path / "rules")], capsys)
    assert rc == 2 and "bids.yaml" in err


def test_help_in_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = run(["bids", "--help"], capsys)
    assert rc == 0 and "Nghị định 214/2025" in out and "--eco-margin" in out
