"""The policy-staff commands: test, explain, diff, catalog — good and bad input, both languages."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from green_procurement.cli import main

from .conftest import ROOT

#: Each test here starts the command line, which loads the catalogue and rules from YAML (about a
#: second): the file runs in the full suite (`.ci/run`), not in the quick `-m "not slow"` part.
pytestmark = pytest.mark.slow

EXAMPLE = ROOT / "examples" / "mua-sam-can-tho-2025.csv"


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    dst = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", dst)
    return dst


# -- test -------------------------------------------------------------------------------------------

def test_shipped_cases_pass_with_full_coverage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", "--coverage", "--min-coverage", "100"]) == 0
    out = capsys.readouterr().out
    assert "49/49" in out


def test_typo_in_a_rule_id_is_located_with_a_suggestion(rules_copy: Path, capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    bad = rules_copy / "tests" / "zz-typo.yaml"
    bad.write_text("cases:\n  - name: typo\n    item: {description: Giấy A4, quantity: 1, unit_price: 1}\n"
                   "    expect: {met: [GPP-LABLE-01]}\n", encoding="utf-8")
    assert main(["test", "--rules", str(rules_copy), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "zz-typo.yaml:4:" in err and "GPP-LABLE-01" in err and "GPP-LABEL-01" in err


def test_failing_case_prints_expected_and_actual(rules_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (rules_copy / "tests" / "zz-fail.yaml").write_text(
        "on: 2025-06-01\ncases:\n  - name: máy lạnh 3 sao\n"
        "    item: {description: Máy lạnh Panasonic 1HP, quantity: 1, unit_price: 8490000,\n"
        "           labels: [{scheme: vn-energy, grade: 3, valid_until: 2027-06-30}]}\n"
        "    expect: {status: green}\n", encoding="utf-8")
    assert main(["test", "--rules", str(rules_copy)]) == 1
    out = capsys.readouterr().out
    assert "zz-fail.yaml:3" in out and "mong đợi green" in out and "partial" in out


def test_low_coverage_fails(rules_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for f in (rules_copy / "tests").glob("*.yaml"):
        if f.name != sorted(p.name for p in (rules_copy / "tests").glob("*.yaml"))[0]:
            f.unlink()
    assert main(["test", "--rules", str(rules_copy), "--min-coverage", "90", "--lang", "en"]) == 1
    assert "coverage" in capsys.readouterr().err


def test_missing_tests_directory_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", "--tests", str(tmp_path / "none")]) == 2
    assert "none" in capsys.readouterr().err


def test_test_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", "--format", "json", "--coverage"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["coverage"]["both"] == out["coverage"]["rules"] == 49


# -- explain ----------------------------------------------------------------------------------------

def test_explain_a_row_of_a_batch_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "--row", f"{EXAMPLE}:11", "--on", "2025-12-01", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "grade 3 < minimum 4 of group air-conditioner" in out


def test_explain_an_item_file_in_vietnamese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "item.yaml"
    f.write_text("description: Giấy A4 Double A\nquantity: 100\nunit_price: 75000\n"
                 "labels: [{scheme: vn-ecolabel, valid_until: 2024-12-31}]\n", encoding="utf-8")
    assert main(["explain", str(f), "--on", "2025-06-01"]) == 0
    out = capsys.readouterr().out
    assert "office-paper" in out and "hết hạn" in out and "Trạng thái" in out


def test_explain_an_unclassified_item(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "item.json"
    f.write_text(json.dumps({"description": "Sửa chữa máy lạnh", "quantity": 1, "unit_price": 500000}),
                 encoding="utf-8")
    assert main(["explain", str(f), "--on", "2025-06-01", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "unclassified" in out.lower() and "sửa chữa" in out


def test_explain_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "item.yaml"
    f.write_text("description: Giấy A4\nquantity: 0\nunit_price: 1\n", encoding="utf-8")
    assert main(["explain", str(f), "--lang", "en"]) == 2
    assert "quantity" in capsys.readouterr().err
    assert main(["explain", "--row", f"{EXAMPLE}:999"]) == 2
    assert main(["explain"]) == 2


def test_explain_item_that_is_not_json_is_located_in_the_user_s_language(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # regression: Python's English JSON error, with no line and column, in a Vietnamese message
    f = tmp_path / "item.json"
    f.write_text('{"id": "1", "description": "x",,}\n', encoding="utf-8")
    assert main(["explain", str(f), "--on", "2025-06-01"]) == 2
    err = capsys.readouterr().err
    assert f"{f}:1:32: lỗi:" in err and "cần tên khóa đặt trong dấu ngoặc kép" in err and "Expecting" not in err


# -- diff -------------------------------------------------------------------------------------------

def test_diff_with_no_change(capsys: pytest.CaptureFixture[str]) -> None:
    rules = str(ROOT / "rules")
    assert main(["diff", str(EXAMPLE), "--old", rules, "--new", rules, "--on", "2025-12-01", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "0 items change" in out and "identical" in out


def test_diff_shows_the_impact_of_a_stricter_threshold(rules_copy: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    scoring = rules_copy / "scoring.yaml"
    scoring.write_text(scoring.read_text(encoding="utf-8").replace("green_min_score: 70", "green_min_score: 100"),
                       encoding="utf-8")
    assert main(["diff", str(EXAMPLE), "--old", str(ROOT / "rules"), "--new", str(rules_copy),
                 "--on", "2025-12-01", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["changed_items"] > 0
    before, after = out["totals"]["before"], out["totals"]["after"]
    assert after["green_share_value"] < before["green_share_value"]
    assert all(c["status"]["before"] == "green" and c["status"]["after"] == "partial" for c in out["changes"])


def test_diff_missing_directory_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(EXAMPLE), "--old", str(tmp_path / "x"), "--new", str(ROOT / "rules")]) == 2
    assert "x" in capsys.readouterr().err


# -- catalog ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("args", "fragment"), [
    (["catalog", "labels", "--kind", "energy"], "vn-energy"),
    (["catalog", "products", "--lang", "en"], "Office and copy paper"),
    (["catalog", "products", "--tag", "vehicle"], "vehicle-hire"),
    (["catalog", "attributes"], "recycled_content_pct"),
])
def test_catalog_listing(args: list[str], fragment: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args) == 0
    assert fragment in capsys.readouterr().out


def test_catalog_json_and_missing_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalog", "labels", "--format", "json"]) == 0
    labels = json.loads(capsys.readouterr().out)
    assert labels[0]["id"] == "vn-ecolabel" and len(labels) >= 15
    assert main(["catalog", "--catalog", str(tmp_path / "none")]) == 2


def test_diff_says_why_when_only_a_threshold_changed(rules_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scoring = rules_copy / "scoring.yaml"
    scoring.write_text(scoring.read_text(encoding="utf-8").replace("green_min_score: 70", "green_min_score: 80"),
                       encoding="utf-8")
    assert main(["diff", str(EXAMPLE), "--old", str(ROOT / "rules"), "--new", str(rules_copy),
                 "--on", "2025-12-01", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "scoring: green_min_score 70 → 80" in out
    assert out.count("green_min_score 70 → 80") >= 2          # in the header and under each changed item


def test_diff_previews_a_catalogue_parameter_change(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cat = tmp_path / "catalog"
    shutil.copytree(ROOT / "catalog", cat)
    products = cat / "products.yaml"
    text = products.read_text(encoding="utf-8")
    products.write_text(text.replace("min_energy_grade: 4", "min_energy_grade: 5"), encoding="utf-8")
    rules = str(ROOT / "rules")
    assert main(["diff", str(EXAMPLE), "--old", rules, "--new", rules, "--new-catalog", str(cat),
                 "--on", "2025-12-01", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert any(c["what"] == "param.min_energy_grade" and c["after"] == "5" for c in out["rule_changes"])
    assert out["changed_items"] >= 1
