"""Rule tests written by policy staff (``rules/tests/*.yaml``): loading, running, coverage, reports.

The shipped cases must all pass and cover every shipped rule both met and not met; bad test files give
located problems with a did-you-mean; a failing case prints each expectation as expected vs actual.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

import green_procurement as gp
from green_procurement import ruletest as rt
from green_procurement.errors import Problem

from .conftest import MINI, ROOT

ON = datetime.date(2025, 6, 1)


@pytest.fixture(scope="module")
def mini_engine() -> gp.Engine:
    eng = gp.load(MINI / "catalog", MINI / "rules")
    yield eng
    eng.close()


def write(tmp_path: Path, text: str, name: str = "t.yaml") -> Path:
    d = tmp_path / "tests"
    d.mkdir(exist_ok=True)
    (d / name).write_text(text, encoding="utf-8")
    return d


def texts(problems: list[Problem], lang: str = "vi") -> str:
    return "\n".join(rt.format_problem(p, lang) for p in problems)


# -- the shipped cases -------------------------------------------------------------------------------------------

def test_shipped_cases_all_pass_and_cover_every_rule_both_ways(engine: gp.Engine) -> None:
    cases, problems = rt.load_cases(None, engine.ruleset)
    assert problems == []
    assert len(cases) >= 40
    report = rt.run_cases(engine, cases, ON)
    assert report.ok, rt.render_text(report)
    cov = rt.coverage(report, engine.ruleset)
    assert cov.total == len(engine.ruleset.rules) == 49
    assert cov.complete, rt.render_text(report, cov)
    assert (cov.percent("met"), cov.percent("not_met"), cov.percent("both")) == (100.0, 100.0, 100.0)
    text = rt.render_text(report, cov)
    assert "Độ phủ quy tắc: 49/49 quy tắc có ca đạt (100%), 49/49 có ca chưa đạt (100%), 49/49 có cả hai." in text
    assert f"Kết quả: {len(cases)} ca, {len(cases)} đạt, 0 không đạt" in text


def test_shipped_cases_do_not_depend_on_the_runner_date(engine: gp.Engine) -> None:
    cases, _ = rt.load_cases(None, engine.ruleset)
    assert rt.run_cases(engine, cases, datetime.date(2039, 1, 1)).ok


def test_every_shipped_case_asserts_its_status_and_rules(engine: gp.Engine) -> None:
    cases, _ = rt.load_cases(ROOT / "rules" / "tests", engine.ruleset)
    files = {c.path for c in cases}
    assert len(files) >= 5                                     # several files, by theme
    for c in cases:
        assert c.expect.status is not None, c.location()
        assert c.expect.met or c.expect.not_met or c.expect.not_applicable, c.location()
    names = [c.name for c in cases]
    assert len(set(names)) == len(names)


# -- bad test files: located problems ------------------------------------------------------------------------------

CASE = """\
cases:
  - name: "Máy lạnh 3 sao"
    item:
      description: "Máy lạnh Panasonic 1HP"
      quantity: 2
      unit_price: 8490000
      labels: [{scheme: vn-energy, grade: 3, valid_until: 2026-12-31}]
    expect:
      status: partial
      met: [GPP-LABEL-01]
      not_met: [GPP-ENERGY-01]
"""


def test_typo_in_a_rule_id_is_located_with_a_did_you_mean(tmp_path: Path) -> None:
    ruleset = gp.load_ruleset()
    d = write(tmp_path, CASE.replace("met: [GPP-LABEL-01]", "met: [GPP-LABLE-01]"))
    cases, problems = rt.load_cases(d, ruleset)
    assert cases == []
    assert len(problems) == 1
    p = problems[0]
    assert (p.line, p.column, p.code) == (10, 13, "unknown-rule")
    assert p.path.endswith("tests/t.yaml")
    assert texts(problems, "vi").endswith(
        "t.yaml:10:13: lỗi: không có quy tắc 'GPP-LABLE-01' trong bộ quy tắc; có phải là 'GPP-LABEL-01'? "
        "[unknown-rule]")
    assert texts(problems, "en").endswith(
        "t.yaml:10:13: error: unknown rule 'GPP-LABLE-01'; did you mean 'GPP-LABEL-01'? [unknown-rule]")


def test_unknown_keys_have_a_did_you_mean(tmp_path: Path) -> None:
    d = write(tmp_path, CASE.replace("    expect:", "    expected:").replace("      status:", "      stauts:"))
    _, problems = rt.load_cases(d, gp.load_ruleset())
    shown = texts(problems)
    assert "t.yaml:8:5: lỗi: khóa 'expected' không hợp lệ; có phải là 'expect'? [unknown-key]" in shown
    assert "t.yaml:2:5: lỗi: thiếu khóa 'expect'; thêm expect: ... [missing-key]" in shown
    d = write(tmp_path, CASE.replace("      status:", "      stauts:"))
    _, problems = rt.load_cases(d, gp.load_ruleset(), lang="en")
    assert [(p.line, p.column, p.code) for p in problems] == [(9, 7, "unknown-key")]
    assert "unknown key 'stauts'; did you mean 'status'?" in texts(problems, "en")


def test_bad_item_fields_are_located_at_the_item(tmp_path: Path) -> None:
    ruleset = gp.load_ruleset()
    d = write(tmp_path, CASE.replace("quantity: 2", "quantity: 0"))
    _, problems = rt.load_cases(d, ruleset)
    assert [(p.line, p.column, p.code) for p in problems] == [(5, 17, "bad-input")]
    assert "mục hàng: quantity: phải lớn hơn 0" in texts(problems)
    assert "item: quantity: must be greater than 0, found 0" in texts(problems, "en")
    # an unknown field, a grade off the scale, an unknown label scheme (catalogue checks)
    d = write(tmp_path, CASE.replace("      quantity: 2\n", "      quantity: 2\n      colour: trắng\n"))
    _, problems = rt.load_cases(d, ruleset)
    assert [(p.line, p.column) for p in problems] == [(6, 7)]
    assert "colour" in texts(problems) and "did you mean" not in texts(problems)
    d = write(tmp_path, CASE.replace("grade: 3", "grade: 7"))
    _, problems = rt.load_cases(d, ruleset, lang="en")
    assert [(p.line, p.code) for p in problems] == [(7, "bad-grade")]
    assert "labels[0].grade: grade 7 is not on the scale of 'vn-energy'" in texts(problems, "en")
    d = write(tmp_path, CASE.replace("scheme: vn-energy,", "scheme: vn-enrgy,"))
    _, problems = rt.load_cases(d, ruleset, lang="en")
    assert [(p.line, p.code) for p in problems] == [(7, "unknown-label")]
    assert "did you mean 'vn-energy'?" in texts(problems, "en")


def test_an_unquoted_code_is_a_number_and_the_hint_says_quote_it(tmp_path: Path) -> None:
    d = write(tmp_path, CASE.replace("      quantity: 2\n", "      quantity: 2\n      code: 8415.10\n"))
    _, problems = rt.load_cases(d, gp.load_ruleset())
    assert [(p.line, p.column) for p in problems] == [(6, 13)]
    assert 'hãy đặt trong dấu nháy: "8415.10"' in texts(problems)


def test_unknown_status_group_score_and_contradictions(tmp_path: Path) -> None:
    text = CASE.replace("status: partial", "status: greeen\n      group: air-conditionr\n      score: 120") \
        .replace("not_met: [GPP-ENERGY-01]", "not_met: [GPP-ENERGY-01, GPP-LABEL-01]")
    _, problems = rt.load_cases(write(tmp_path, text), gp.load_ruleset())
    got = {(p.line, p.code) for p in problems}
    assert got == {(9, "bad-value"), (10, "unknown-group"), (11, "out-of-range"), (13, "contradiction")}
    shown = texts(problems)
    assert "'status' phải là một trong green, partial, not_green, not_prioritised, đang là chữ 'greeen'; " \
           "có phải là 'green'?" in shown
    assert "có phải là 'air-conditioner'?" in shown
    assert "quy tắc 'GPP-LABEL-01' vừa ở 'met' vừa ở 'not_met'" in shown


def test_an_empty_expect_and_a_wrong_type(tmp_path: Path) -> None:
    text = "cases:\n  - name: 'x'\n    item: {description: 'Giấy A4', quantity: 1, unit_price: 1}\n    expect: {}\n" \
           "  - name: 5\n    item: []\n    expect: {met: GPP-LABEL-01}\n"
    _, problems = rt.load_cases(write(tmp_path, text), gp.load_ruleset())
    assert [(p.line, p.code) for p in problems] == [(4, "empty"), (5, "wrong-type"), (6, "wrong-type")]
    assert "'expect' cần ít nhất một điều mong đợi" in texts(problems)


def test_yaml_problems_are_reported_located(tmp_path: Path) -> None:
    d = write(tmp_path, CASE.replace("      unit_price: 8490000", "      unit_price: 8490000\n     bad: [")
              , "a.yaml")
    write(tmp_path, CASE.replace("      status: partial", "      status: partial\n      status: green"), "b.yaml")
    _, problems = rt.load_cases(d, gp.load_ruleset())
    codes = [(Path(p.path).name, p.code) for p in problems]
    assert ("a.yaml", "yaml-syntax") in codes and ("b.yaml", "yaml-duplicate-key") in codes
    assert all(p.line for p in problems)
    assert "lỗi:" in texts(problems) and "YAML" in texts(problems)


def test_a_missing_or_empty_tests_directory_is_a_clear_problem(tmp_path: Path) -> None:
    cases, problems = rt.load_cases(tmp_path / "nowhere")
    assert cases == [] and [p.code for p in problems] == ["missing-directory"]
    assert "không tìm thấy thư mục ca kiểm thử" in texts(problems)
    assert "rule tests directory not found" in texts(problems, "en")
    empty = tmp_path / "empty"
    empty.mkdir()
    _, problems = rt.load_cases(empty)
    assert [p.code for p in problems] == ["missing-file"]
    assert "không có tệp *.yaml nào" in texts(problems)


def test_the_default_directory_is_the_rule_sets_tests() -> None:
    assert rt.default_tests_dir(gp.load_ruleset()).resolve() == ROOT / "rules" / "tests"
    assert rt.default_tests_dir(gp.load_ruleset(MINI / "catalog", MINI / "rules")) == MINI / "rules" / "tests"


# -- running and reporting ----------------------------------------------------------------------------------------

WRONG = CASE.replace("status: partial", "status: green\n      score: 100\n      group: air-conditioner") \
    .replace("met: [GPP-LABEL-01]", "met: [GPP-LABEL-01, GPP-ENERGY-01]") \
    .replace("not_met: [GPP-ENERGY-01]", "not_met: [GPP-LABEL-02]\n      not_applicable: [GPP-ENERGY-04]")


def test_a_failing_case_prints_each_expectation_as_expected_vs_actual(tmp_path: Path, engine: gp.Engine) -> None:
    cases, problems = rt.load_cases(write(tmp_path, WRONG), engine.ruleset)
    assert problems == []
    report = rt.run_cases(engine, cases, ON)
    assert not report.ok and report.failed == 1
    failures = report.results[0].failures
    assert [(f.key, f.rule_id, f.expected, f.actual) for f in failures] == [
        ("status", None, "green", "partial"), ("score", None, "100", "60"),
        ("met", "GPP-ENERGY-01", "met", "not_met"), ("not_met", "GPP-LABEL-02", "not_met", "met"),
        ("not_applicable", "GPP-ENERGY-04", "not_applicable", "not_met")]
    vi = rt.render_text(report)
    assert vi.startswith(f'{cases[0].path}:2: ✗ "Máy lạnh 3 sao" (ngày 01/06/2025)')
    assert "dòng 9: status: mong đợi green, thực tế partial (một phần (partial): điểm 60,00 < ngưỡng xanh 70)" \
        in vi
    assert "dòng 10: score: mong đợi 100, thực tế 60" in vi
    assert "dòng 12: GPP-ENERGY-01: mong đợi met (đạt), thực tế not_met (chưa đạt)" in vi
    assert "nhãn vn-energy hạng 3 < mức tối thiểu 4 của nhóm air-conditioner" in vi
    # the rule's not_met message tells the officer what to ask for
    assert "thông báo not_met của quy tắc: Chưa chứng minh hiệu suất năng lượng từ 4 sao trở lên." in vi
    assert "Kết quả: 1 ca, 0 đạt, 1 không đạt" in vi
    en = rt.render_text(report, lang="en")
    assert "line 9: status: expected green, got partial (partial: score 60.00 < green threshold 70)" in en
    assert "GPP-ENERGY-01: expected met, got not_met" in en
    assert "the rule's not_met message: Energy efficiency of 4 stars or more is not shown." in en


def test_a_rule_expected_but_not_applicable_says_why(tmp_path: Path, engine: gp.Engine) -> None:
    text = CASE.replace("met: [GPP-LABEL-01]", "met: [GPP-LABEL-01, GPP-PLASTIC-04]")
    cases, _ = rt.load_cases(write(tmp_path, text), engine.ruleset)
    report = rt.run_cases(engine, cases, ON)
    f = report.results[0].failures[0]
    assert (f.rule_id, f.actual) == ("GPP-PLASTIC-04", "not_applicable")
    assert "lý do: chưa có hiệu lực (từ 01/01/2026); không áp dụng: nhóm air-conditioner không thuộc nhóm/nhãn " \
           "của quy tắc (groups: plastic-bag)" in f.text("vi")


def test_dates_case_then_file_then_runner(tmp_path: Path, mini_engine: gp.Engine) -> None:
    text = """\
on: 2016-01-01
cases:
  - name: "trước ngày hiệu lực"
    item: {description: "Máy lạnh", quantity: 1, unit_price: 1}
    expect: {not_applicable: [GPP-ENERGY-01]}
  - name: "sau ngày hiệu lực"
    on: 2018-01-01
    item: {description: "Máy lạnh", quantity: 1, unit_price: 1}
    expect: {not_met: [GPP-ENERGY-01]}
"""
    cases, problems = rt.load_cases(write(tmp_path, text), mini_engine.ruleset)
    assert problems == [] and [c.on for c in cases] == [datetime.date(2016, 1, 1), datetime.date(2018, 1, 1)]
    assert rt.run_cases(mini_engine, cases, ON).ok
    # without dates the runner's default is used, never today
    cases, _ = rt.load_cases(write(tmp_path, text.replace("on: 2016-01-01\n", "").replace("    on: 2018-01-01\n",
                                                                                          "")), mini_engine.ruleset)
    report = rt.run_cases(mini_engine, cases, datetime.date(2016, 6, 1))
    assert [r.on for r in report.results] == [datetime.date(2016, 6, 1)] * 2
    assert [r.passed for r in report.results] == [True, False]


def test_a_case_the_engine_refuses_is_a_failure_not_a_crash(tmp_path: Path, engine: gp.Engine) -> None:
    text = CASE.replace("scheme: vn-energy,", "scheme: vn-enrgy,")
    cases, problems = rt.load_cases(write(tmp_path, text))          # no rule set: catalogue not checked
    assert problems == []
    report = rt.run_cases(engine, cases, ON)
    f = report.results[0].failures[0]
    assert f.key == "error"
    assert f.text("vi").startswith("không chạy được ca này: cases[0].item.labels[0].scheme:")
    assert "vn-enrgy" in f.text("en")
    assert rt.coverage(report, engine.ruleset).met_count == 0


def test_report_to_dict_is_json_ready(tmp_path: Path, engine: gp.Engine) -> None:
    cases, _ = rt.load_cases(write(tmp_path, WRONG), engine.ruleset)
    report = rt.run_cases(engine, cases, ON)
    d = rt.report_to_dict(report, rt.coverage(report, engine.ruleset), lang="en")
    json.dumps(d, ensure_ascii=False)
    assert (d["cases"], d["passed"], d["failed"], d["ok"]) == (1, 0, 1, False)
    case = d["results"][0]
    assert case["expect"]["status"] == "green" and case["actual"]["status"] == "partial"
    assert case["actual"]["score"] == 60.0 and "GPP-LABEL-01" in case["actual"]["met"]
    assert case["failures"][0] == {"key": "status", "rule_id": None, "expected": "green", "actual": "partial",
                                   "line": 9, "text": "status: expected green, got partial (partial: score 60.00 "
                                                      "< green threshold 70)"}
    assert d["coverage"]["rules"] == 49


# -- coverage -------------------------------------------------------------------------------------------------------

MINI_CASES = """\
cases:
  - name: "Giấy A4 có nhãn, tái chế 50%"
    item:
      description: "Giấy A4 Double A"
      quantity: 10
      unit_price: 75000
      labels: [{scheme: vn-ecolabel, valid_until: 2026-12-31}]
      attributes: {recycled_content_pct: 50}
    expect: {status: green, met: [GPP-LABEL-01, GPP-RECYCLED-01]}
  - name: "Ly nhựa chưa phân loại"
    item: {description: "Ly nhựa 500ml", quantity: 100, unit_price: 900}
    expect: {status: not_prioritised}
"""


def test_coverage_of_a_small_rule_set(tmp_path: Path, mini_engine: gp.Engine) -> None:
    cases, problems = rt.load_cases(write(tmp_path, MINI_CASES), mini_engine.ruleset)
    assert problems == []
    report = rt.run_cases(mini_engine, cases, ON)
    assert report.ok, rt.render_text(report)
    cov = rt.coverage(report, mini_engine.ruleset)
    # outcomes count whether or not the case asserted them
    assert [(r.rule_id, bool(r.met), bool(r.not_met)) for r in cov.rules] == [
        ("GPP-LABEL-01", True, False), ("GPP-ENERGY-01", False, False), ("GPP-LABEL-EXPIRED", True, False),
        ("GPP-RECYCLED-01", True, False), ("GPP-PLASTIC-01", True, True)]
    assert (cov.total, cov.met_count, cov.not_met_count, cov.both_count) == (5, 4, 1, 1)
    assert (cov.percent("met"), cov.percent("not_met"), cov.percent("both")) == (80.0, 20.0, 20.0)
    assert cov.missing("met") == ["GPP-ENERGY-01"]
    assert cov.missing("not_met") == ["GPP-LABEL-01", "GPP-ENERGY-01", "GPP-LABEL-EXPIRED", "GPP-RECYCLED-01"]
    assert not cov.complete
    plastic = cov.rules[-1]
    assert plastic.met == (f"{cases[0].path}:2",) and plastic.not_met == (f"{cases[1].path}:10",)
    vi = rt.render_text(report, cov)
    assert "Độ phủ quy tắc: 4/5 quy tắc có ca đạt (80%), 1/5 có ca chưa đạt (20%), 1/5 có cả hai." in vi
    assert "GPP-ENERGY-01: chưa có ca nào mà quy tắc này áp dụng" in vi
    assert "GPP-LABEL-01: chưa có ca nào mà quy tắc này chưa đạt — hãy thêm một ca nó chưa đạt" in vi
    en = rt.render_text(report, cov, "en")
    assert "Rule coverage: 4/5 rules seen met (80%), 1/5 seen not met (20%), 1/5 both." in en
    assert cov.to_dict()["missing_met"] == ["GPP-ENERGY-01"]


def test_coverage_of_no_cases(mini_engine: gp.Engine) -> None:
    report = rt.run_cases(mini_engine, [], ON)
    cov = rt.coverage(report, mini_engine.ruleset)
    assert not report.ok and (cov.met_count, cov.not_met_count) == (0, 0)
    assert "Chưa có ca kiểm thử nào." in rt.render_text(report, cov)
