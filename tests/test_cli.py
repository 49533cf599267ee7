"""The command line's parser and what every command shares: help and usage errors in the language of
--lang (Vietnamese by default), argparse's own texts looked up by msgid, warnings on one line."""

from __future__ import annotations

import argparse
import inspect
import threading
import warnings
from pathlib import Path

import pytest

from green_procurement import _durable
from green_procurement import engine as engine_mod
from green_procurement._messages import MESSAGES
from green_procurement.cli.check import Progress
from green_procurement.cli.parser import argparse_in, language_of

from .cli_helpers import run as cli_run
from .conftest import ROOT

EXAMPLE = str(ROOT / "examples" / "mua-sam-can-tho-2025.csv")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    return cli_run(list(argv), capsys)


@pytest.mark.parametrize(("argv", "lang"), [
    ([], "vi"), (["check", "x", "--lang", "en"], "en"), (["check", "--lang=en", "x"], "en"),
    (["check", "--lang", "fr"], "vi"), (["check", "--", "--lang", "en"], "vi"), (["--lang"], "vi"),
])
def test_the_language_is_known_before_parsing(argv: list[str], lang: str) -> None:
    assert language_of(argv) == lang


def test_help_is_vietnamese_by_default_and_english_with_lang_en(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--help")
    assert code == 0
    assert out.startswith("cách dùng: green-procurement check")
    assert "tùy chọn:" in out and "hiện hướng dẫn này rồi thoát" in out
    assert "số tiến trình làm việc" in out and "usage:" not in out
    code, out, _ = run(capsys, "check", "--help", "--lang", "en")
    assert code == 0 and out.startswith("usage: green-procurement check")
    assert "options:" in out and "worker processes" in out


@pytest.mark.parametrize(("argv", "vi", "en"), [
    (["diff", EXAMPLE], "lỗi: thiếu các tham số bắt buộc: --old, --new",
     "error: the following arguments are required: --old, --new"),
    (["check", EXAMPLE, "--format", "xml"], "lỗi: tham số --format: lựa chọn không hợp lệ: 'xml'",
     "error: argument --format: invalid choice: 'xml'"),
    (["check", EXAMPLE, "--bogus"], "lỗi: tham số không nhận ra: --bogus", "error: unrecognized arguments: --bogus"),
    (["check", EXAMPLE, "--jobs", "0"], "'0' không phải là số nguyên từ 1 trở lên",
     "'0' is not a whole number of at least 1"),
    (["check", EXAMPLE, "--fail-on", "red"], "'red' không phải là một trong not_green, partial, error",
     "'red' is not one of not_green, partial, error"),
])
def test_usage_errors_in_both_languages(capsys: pytest.CaptureFixture[str], argv: list[str], vi: str,
                                        en: str) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2 and vi in err and "cách dùng:" in err, err
    code, _, err = run(capsys, *argv, "--lang", "en")
    assert code == 2 and en in err and "usage:" in err, err


def test_argparse_texts_are_argparse_msgids() -> None:
    # a translation is found by argparse's exact text: every one must be a text argparse asks for
    source = inspect.getsource(argparse)
    for mid, (en, _vi) in MESSAGES.items():
        if mid.startswith("argparse."):
            assert repr(en) in source or f'"{en}"' in source, (mid, en)


def test_argparse_is_left_as_it_was() -> None:
    before = argparse._  # type: ignore[attr-defined]
    with argparse_in("vi"):
        assert argparse._("usage: ") == "cách dùng: "  # type: ignore[attr-defined]
        assert argparse._("something else") == "something else"  # type: ignore[attr-defined]
    assert argparse._ is before  # type: ignore[attr-defined]


def test_progress_groups_thousands_in_each_language() -> None:
    p = Progress(False, "vi", start=0.0)
    p.count = 12_500
    assert p.line(2.0) == "12.500 dòng, 6.250 dòng/giây"
    p.lang = "en"
    assert p.line(2.0) == "12,500 rows, 6,250 rows/s"


def test_progress_shows_percent_and_time_left_and_no_absurd_first_rate() -> None:
    p = Progress(False, "vi", total=1_000_000, start=100.0)
    p.count = 1000                      # the first chunk, read in a microsecond: no rate yet
    assert p.line(100.000001) == " 0% 1.000/1.000.000 dòng"
    p.count = 450_000
    assert p.line(110.0) == "45% 450.000/1.000.000 dòng, 45.000 dòng/giây, còn 0:12"
    p.lang = "en"
    p.count = 999_999
    assert p.line(3700.0).startswith("99% 999,999/1,000,000 rows") and p.line(3700.0).endswith("0:00 left")
    p.count = 10_000
    assert p.line(3700.0).endswith(" 3 rows/s, 99:00:00 left")
    assert "rows/s" not in Progress(False, "en", start=5.0).line(5.5)


def test_the_rows_of_a_file_are_estimated_for_the_percentage(tmp_path: Path) -> None:
    from green_procurement.cli.check import estimate_rows

    assert estimate_rows([EXAMPLE]) == 42
    assert estimate_rows([EXAMPLE, str(ROOT / "examples" / "mua-sam-can-tho-2025.xlsx")]) in (84, 85)  # a title row
    assert estimate_rows(["-"]) is None and estimate_rows([str(tmp_path / "missing.csv")]) is None


def test_rejected_rows_are_listed_like_a_linter_s_problems(capsys: pytest.CaptureFixture[str],
                                                           tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    lines = Path(EXAMPLE).read_text(encoding="utf-8").splitlines()
    big.write_text("\n".join([lines[0], *lines[1:] * 5]) + "\n", encoding="utf-8")    # 30 rejected rows
    code, _out, err = run(capsys, "check", str(big), "--on", "2025-12-01", "--lang", "en", "--format", "json")
    listed = [line for line in err.splitlines() if ": rejected: " in line]
    assert code == 0 and len(listed) == 20
    assert listed[0] == f"{big}:17: rejected: Đơn giá: 'mười triệu' is not a number (Vietnamese format: " \
                        "12.500.000 or 1.234,5)"
    assert "… and 10 more rejected rows (every one is in the report, status 'error')" in err
    code, out, err = run(capsys, "check", EXAMPLE, "--on", "2025-12-01", "--quiet", "-o", str(tmp_path / "r.csv"))
    assert code == 0 and out == ""
    assert err.splitlines() == [line for line in err.splitlines() if ": bị loại: " in line] and err.count("\n") == 6


def test_a_missing_durable_rules_is_one_translated_line(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_durable, "_C", None)
    monkeypatch.setattr(_durable, "IMPORT_ERROR", "undefined symbol: PyEval_CallObject")
    for lang, line in (("vi", "cảnh báo: không nạp được durable-rules ở đây (undefined symbol: PyEval_CallObject); "
                               "dùng bộ đánh giá tham chiếu thuần Python, cho cùng kết quả"),
                       ("en", "warning: durable-rules cannot be loaded here (undefined symbol: PyEval_CallObject); "
                              "using the pure-Python reference backend, which gives the same results")):
        monkeypatch.setattr(engine_mod, "_warned", threading.Event())
        with warnings.catch_warnings():
            warnings.simplefilter("default")
            code, _, err = run(capsys, "check", EXAMPLE, "--on", "2025-12-01", "--format", "json", "--lang", lang)
        assert code == 0
        assert err.splitlines()[0] == line
        assert "RuntimeWarning" not in err and "warnings.warn" not in err


# -- ./catalog and ./rules of the working folder --------------------------------------------------------

def _working_copy(tmp_path: Path) -> Path:
    import shutil

    for name in ("catalog", "rules"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return tmp_path


def test_commands_check_the_rules_of_the_working_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # the policy-staff trap: a broken rule file in ./rules must not be reported "valid"
    box = _working_copy(tmp_path)
    with (box / "rules" / "energy.yaml").open("a", encoding="utf-8") as f:
        f.write("broken: [\n")
    monkeypatch.chdir(box)
    code, _out, err = run(capsys, "validate", "--lang", "en")
    assert code == 1
    assert err.splitlines()[0] == ("using ./catalog, ./rules from the working folder "
                                   "(--catalog/--rules choose others)")
    code, _out, err = run(capsys, "validate")
    assert code == 1 and err.startswith("dùng ./catalog, ./rules trong thư mục đang đứng")
    # --rules still wins: the shipped rules are valid; the catalogue still comes from ./catalog
    code, _out, err = run(capsys, "validate", "--rules", str(ROOT / "rules"), "--lang", "en")
    assert code == 0
    assert err.splitlines()[0] == "using ./catalog from the working folder (--catalog/--rules choose others)"
    code, _out, err = run(capsys, "check", EXAMPLE, "--on", "2025-12-01", "--lang", "en")
    assert code == 2 and "cannot load" in err


def test_the_shipped_ones_are_used_elsewhere_and_quiet_says_nothing(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "rules").mkdir()          # a folder without YAML in it is not a rule set
    monkeypatch.chdir(tmp_path)
    code, _out, err = run(capsys, "validate", "--lang", "en")
    assert code == 0 and "working folder" not in err
    box = _working_copy(tmp_path / "w")
    monkeypatch.chdir(box)
    code, out, err = run(capsys, "catalog", "labels", "--quiet", "--format", "json")
    assert code == 0 and err == "" and out.lstrip()[:1] in ("[", "{")
    code, _out, err = run(capsys, "check", EXAMPLE, "--on", "2025-12-01", "--lang", "en", "--format", "json")
    assert code == 0 and err.splitlines()[0].startswith("using ./catalog, ./rules")
