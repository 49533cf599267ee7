"""`green-procurement check` end to end: exit codes, outputs, --jobs, stdin, unreadable files."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from green_procurement.cli import main

from .conftest import ROOT

#: Each test here starts the command line, which loads the catalogue and rules from YAML (about a
#: second): the file runs in the full suite (`.ci/run`), not in the quick `-m "not slow"` part.
pytestmark = pytest.mark.slow

EXAMPLE_CSV = ROOT / "examples" / "mua-sam-can-tho-2025.csv"
EXAMPLE_XLSX = ROOT / "examples" / "mua-sam-can-tho-2025.xlsx"
ON = ["--on", "2025-12-01"]


def run(*args: str) -> int:
    return main([*args])


def test_example_csv_is_scored_and_every_row_accounted_for(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("check", str(EXAMPLE_CSV), *ON, "--format", "json", "--lang", "en") == 0
    out = json.loads(capsys.readouterr().out)
    assert out["rows_read"] == 42 == out["rows_scored"] + out["rows_rejected"]
    assert out["rows_rejected"] == 6
    assert len(out["requests"]) == 6 and len(out["entities"]) == 6
    assert out["evaluated_on"] == "2025-12-01"


def test_xlsx_example_gives_the_same_results_as_the_csv(tmp_path: Path) -> None:
    assert run("check", str(EXAMPLE_CSV), *ON, "-o", str(tmp_path / "a.json"), "--format", "json") == 0
    assert run("check", str(EXAMPLE_XLSX), *ON, "-o", str(tmp_path / "b.json"), "--format", "json") == 0
    a = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    b = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    strip = [{k: v for k, v in it.items() if k not in ("source", "row", "error")} for it in a["items"]]
    assert strip == [{k: v for k, v in it.items() if k not in ("source", "row", "error")} for it in b["items"]]


@pytest.mark.parametrize(("fail_on", "code"), [
    ([], 0),
    (["--fail-on", "error"], 1),            # the example has 6 bad rows
    (["--fail-on", "not_green"], 1),
    (["--fail-on", "partial,error"], 1),
])
def test_exit_codes_follow_fail_on(fail_on: list[str], code: int) -> None:
    assert run("check", str(EXAMPLE_CSV), *ON, "--format", "json", *fail_on) == code


def test_fail_on_is_not_met_by_a_clean_green_list(tmp_path: Path) -> None:
    f = tmp_path / "ok.csv"
    f.write_text("Tên hàng hóa,Số lượng,Đơn giá,Nhãn\n"
                 "Máy điều hòa Daikin Inverter 1.5HP,2,12.900.000,vn-energy:5@31/12/2027\n", encoding="utf-8")
    assert run("check", str(f), *ON, "--fail-on", "not_green,partial,error", "--format", "json") == 0


@pytest.mark.parametrize(("content", "fragment"), [
    (None, "not found"),
    (b"\xff\xfe\x00\x00garbage", "UTF-"),
    ("Ghi chú,Thành tiền\nx,1\n", "header"),
])
def test_unreadable_file_exits_2_naming_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 content: object, fragment: str) -> None:
    f = tmp_path / "danh-sach.csv"
    if isinstance(content, bytes):
        f.write_bytes(content)
    elif isinstance(content, str):
        f.write_text(content, encoding="utf-8")
    assert run("check", str(f), *ON, "--lang", "en", "-o", str(tmp_path / "r.csv")) == 2
    err = capsys.readouterr().err
    assert "danh-sach.csv" in err and fragment in err
    assert not (tmp_path / "r.csv").exists()           # nothing written for an unreadable input


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        run("check", str(EXAMPLE_CSV), "--on", "31/02/2026")
    # usage errors are in the chosen language, Vietnamese by default
    assert info.value.code == 2 and "'31/02/2026' không phải là ngày" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        run("check", str(EXAMPLE_CSV), "--on", "31/02/2026", "--lang", "en")
    assert info.value.code == 2 and "'31/02/2026' is not a date" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        run("check", str(EXAMPLE_CSV), "--fail-on", "red")
    assert info.value.code == 2


def test_unknown_report_extension_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("check", str(EXAMPLE_CSV), *ON, "-o", str(tmp_path / "r.pdf")) == 2
    assert ".csv" in capsys.readouterr().err


@pytest.mark.slow
def test_jobs_2_gives_byte_identical_output(tmp_path: Path) -> None:
    one, two = tmp_path / "1", tmp_path / "2"
    one.mkdir()
    two.mkdir()
    big = tmp_path / "big.csv"
    lines = EXAMPLE_CSV.read_text(encoding="utf-8").splitlines()
    body = lines[1:] * 60                                    # 2,520 rows: several chunks per worker
    big.write_text("\n".join([lines[0], *body]) + "\n", encoding="utf-8")
    before = _spill_folders()
    for d, jobs in ((one, "1"), (two, "2")):
        assert run("check", str(big), *ON, "--jobs", jobs, "-o", str(d / "r.csv"), "-o", str(d / "r.json"),
                   "--format", "json") == 0
    for name in ("r.csv", "r.json"):
        assert (one / name).read_bytes() == (two / name).read_bytes()
    assert _spill_folders() == before        # the workers' report text in shared memory is gone


def _spill_folders() -> set[str]:
    # this process's folders only: another run of the suite on the machine has its own
    import glob
    import os

    return set(glob.glob(f"/dev/shm/green-procurement-{os.getpid()}-*"))


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("line", [3, 22])
def test_a_value_over_the_csv_size_limit_is_one_error_row(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                          jobs: str, line: int) -> None:
    # regressions: on line 3 the delimiter sniffing raised a traceback; further down, the error of a
    # worker process could not be sent back and --jobs 2 hung; then the whole file was refused
    # (issue 12: one error row instead, every other row scored)
    path = tmp_path / "long.csv"
    path.write_text("Tên hàng hóa,Số lượng,Đơn giá\n" + "Bút,1,1\n" * (line - 2) + "x" * 140_000 + ",1,1\nBàn,1,1\n",
                    encoding="utf-8")
    before = _spill_folders()
    assert run("check", str(path), *ON, "--jobs", jobs, "-o", str(tmp_path / "r.json"), "--lang", "en") == 0
    assert _spill_folders() == before
    err = capsys.readouterr().err
    assert "Traceback" not in err
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    items = report["items"]
    assert len(items) == line            # every row of the file: line - 2 pens, the long row, the table
    bad = [i for i in items if i["status"] == "error"]
    assert [i["row"] for i in bad] == [line]
    assert "field larger than field limit" in bad[0]["error"]


def test_stdin_json_lines(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [{"request_id": "R1", "description": "Giấy A4 Double A", "quantity": 10, "unit_price": 75000,
             "labels": "vn-ecolabel@31/12/2026"},
            {"request_id": "R1", "description": "Ly nhựa dùng một lần", "quantity": 100, "unit_price": "800"}]
    stdin = io.TextIOWrapper(io.BytesIO("\n".join(json.dumps(r, ensure_ascii=False) for r in rows).encode()))
    monkeypatch.setattr(sys, "stdin", stdin)
    assert run("check", "-", *ON, "--format", "json") == 0
    out = json.loads(capsys.readouterr().out)
    assert out["rows_read"] == 2 and out["total"]["status_counts"]["green"] == 1


def test_csv_to_stdout_one_row_per_input_row(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("check", str(EXAMPLE_CSV), *ON, "--format", "csv", "--lang", "en") == 0
    captured = capsys.readouterr()
    import csv as csv_mod

    rows = list(csv_mod.reader(io.StringIO(captured.out.lstrip("\ufeff"))))
    assert len(rows) == 1 + 42
    assert "rows read" in captured.err.lower()


def test_progress_is_silent_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    exe = shutil.which("green-procurement") or ""
    cmd = [exe] if exe else [sys.executable, "-m", "green_procurement"]
    proc = subprocess.run([*cmd, "check", str(EXAMPLE_CSV), *ON, "--format", "json"], capture_output=True,
                          text=True, cwd=tmp_path)
    assert proc.returncode == 0 and "\r" not in proc.stderr


def test_html_report_contains_chart_and_every_non_green_item(tmp_path: Path) -> None:
    out = tmp_path / "bao-cao.html"
    assert run("check", str(EXAMPLE_CSV), *ON, "-o", str(out), "-o", str(tmp_path / "r.json")) == 0
    html = out.read_text(encoding="utf-8")
    items = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["items"]
    assert "<svg" in html
    import html as html_mod

    for it in items:
        if it["status"] != "green" and it["description"]:
            assert html_mod.escape(it["description"]) in html


def test_no_cache_gives_byte_identical_reports(tmp_path: Path) -> None:
    for name, extra in (("cached", []), ("uncached", ["--no-cache"])):
        assert run("check", str(EXAMPLE_CSV), *ON, "-o", str(tmp_path / f"{name}.json"),
                   "-o", str(tmp_path / f"{name}.csv"), "--format", "json", *extra) == 0
    for ext in ("json", "csv"):
        assert (tmp_path / f"cached.{ext}").read_bytes() == (tmp_path / f"uncached.{ext}").read_bytes()


# -- issue 12: output safety ---------------------------------------------------------------------------
@pytest.mark.parametrize("example", [EXAMPLE_CSV, EXAMPLE_XLSX], ids=["csv", "xlsx"])
@pytest.mark.parametrize("spelling", ["same", "dot", "dotdot", "hardlink"])
def test_output_that_is_an_input_is_refused_before_any_work(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                            monkeypatch: pytest.MonkeyPatch, example: Path,
                                                            spelling: str) -> None:
    # regression: check LIST --output LIST overwrote the input with the report (also ./x vs ../dir/x)
    work = tmp_path / "dir"
    work.mkdir()
    data = work / f"list{example.suffix}"
    shutil.copy(example, data)
    original = data.read_bytes()
    monkeypatch.chdir(work)
    output = {"same": data.name, "dot": f"./{data.name}", "dotdot": f"../dir/{data.name}",
              "hardlink": str(tmp_path / f"other{example.suffix}")}[spelling]
    if spelling == "hardlink":
        (tmp_path / f"other{example.suffix}").hardlink_to(data)
    assert run("check", data.name, *ON, "-o", output, "--lang", "en") == 2
    err = capsys.readouterr().err
    assert "is the input file" in err and "Traceback" not in err
    assert data.read_bytes() == original
    assert sorted(p.name for p in work.iterdir()) == [data.name]        # no temporary file either


@pytest.mark.parametrize(("output", "fragment"), [
    ("{tmp}", "it is a folder"),
    ("{tmp}/missing/r.csv", "does not exist"),
    ("/proc/r.csv", "cannot write the report"),
    ("{tmp}/r.csv:{tmp}/./r.csv", "is given twice"),
])
def test_an_output_that_cannot_be_written_is_refused_before_any_work(tmp_path: Path, output: str, fragment: str,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    outs = [a for o in output.format(tmp=tmp_path).split(":") for a in ("-o", o)]
    assert run("check", str(EXAMPLE_CSV), *ON, *outs, "--lang", "en") == 2
    err = capsys.readouterr().err
    assert fragment in err and "Traceback" not in err
    assert not list(tmp_path.glob("**/*.part")) and not (tmp_path / "r.csv").exists()


def test_an_existing_report_keeps_its_permissions(tmp_path: Path) -> None:
    # regression: a 0600 report was replaced by a 0644 one (anyone could read the new one)
    report = tmp_path / "r.csv"
    report.write_text("old", encoding="utf-8")
    report.chmod(0o600)
    assert run("check", str(EXAMPLE_CSV), *ON, "-o", str(report)) == 0
    assert report.stat().st_mode & 0o777 == 0o600 and report.read_text(encoding="utf-8-sig") != "old"


def test_a_full_disk_is_a_message_and_exit_2_with_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    # regression: a traceback, and the half-written report left behind
    import errno

    from green_procurement.report import CsvWriter

    def full(self: object, pack: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(CsvWriter, "_write_pack", full)
    assert run("check", str(EXAMPLE_CSV), *ON, "-o", str(tmp_path / "r.csv"), "-o", str(tmp_path / "r.json"),
               "--lang", "en") == 2
    err = capsys.readouterr().err
    assert "No space left on device" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_standard_output_on_a_full_device_is_a_message_and_exit_2(tmp_path: Path, fmt: str) -> None:
    # regression: `check LIST > /dev/full` ended in a traceback
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "green_procurement", "check", str(EXAMPLE_CSV), *ON,
                               "--format", fmt, "--lang", "en", "-o", str(tmp_path / "r.json")],
                              stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert "No space left on device" in proc.stderr and "Traceback" not in proc.stderr
    assert not list(tmp_path.glob("*.part"))


# -- issue 12: one bad cell never ends the run --------------------------------------------------------------
_GOOD = '{"Tên hàng hóa": "Giấy A4", "Số lượng": 1, "Đơn giá": 75000}'
BAD_LISTS = {
    "digits.csv": "Tên hàng hóa,Số lượng,Đơn giá\nGiấy A4,1," + "9" * 5000 + "\nBút bi,2,5000\n",
    "deep.jsonl": "\n".join([_GOOD, '{"Tên hàng hóa": "X", "Số lượng": 1, "Đơn giá": 1, "attributes": '
                             + "[" * 1000 + "]" * 1000 + "}", _GOOD]) + "\n",
    "deep.json": "[" + _GOOD + ', {"Tên hàng hóa": "X", "Số lượng": 1, "Đơn giá": ' + "[" * 1000 + "]" * 1000 + "}]",
    "control.yaml": '- {"Tên hàng hóa": "Giấy\x07", "Số lượng": 1, "Đơn giá": 1000}\n- ' + _GOOD + "\n",
    "tags.yaml": '- {"Tên hàng hóa": !!timestamp x, "Số lượng": 1, "Đơn giá": 1000}\n'
                 '- {"Tên hàng hóa": "Bút", "Số lượng": !!bool maybe, "Đơn giá": 1000}\n- ' + _GOOD + "\n",
    "huge.json": '[{"Tên hàng hóa": "Giấy", "Số lượng": 1, "Đơn giá": 1e1000000}, ' + _GOOD + "]",
    "huge.yaml": '- {"Tên hàng hóa": "Giấy", "Số lượng": 1, "Đơn giá": 1.0e+400000}\n- ' + _GOOD + "\n",
}


@pytest.mark.parametrize("name", list(BAD_LISTS))
def test_one_bad_cell_is_one_error_row_not_a_crashed_run(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                         name: str) -> None:
    # regression: a traceback and exit 1 (like --fail-on) for the whole run, or minutes of CPU
    path = tmp_path / name
    path.write_text(BAD_LISTS[name], encoding="utf-8")
    assert run("check", str(path), *ON, "--format", "json", "--lang", "en", "-o", str(tmp_path / "r.json")) == 0
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    summary = json.loads(out.out)
    rows_in = BAD_LISTS[name].count("\n") - (1 if name.endswith(".csv") else 0) if not name.endswith(".json") \
        else BAD_LISTS[name].count('"Tên hàng hóa"')
    assert summary["rows_read"] == rows_in == summary["rows_scored"] + summary["rows_rejected"]
    assert summary["rows_scored"] >= 1


def test_standard_output_piped_into_head_is_not_an_error(tmp_path: Path) -> None:
    # a closed pipe is not a full disk: `check --format csv | head -1` ends quietly, exit 0
    big = tmp_path / "big.csv"
    lines = EXAMPLE_CSV.read_text(encoding="utf-8").splitlines()
    big.write_text("\n".join([lines[0], *lines[1:] * 50]) + "\n", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "green_procurement", "check", str(big), *ON, "--format", "csv"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().startswith("\ufeffTệp nguồn,")
    proc.stdout.close()
    assert proc.stderr is not None
    with proc.stderr:
        err = proc.stderr.read()
    assert proc.wait(timeout=120) == 0, err
    assert "Traceback" not in err and "Exception ignored" not in err


def test_rows_as_they_come_missing_price_mixed_package_and_bad_price(tmp_path: Path) -> None:
    # issue 13: a missing price or quantity is not an error; a mixed package line is unclassified with
    # its groups; a package line is counted apart; an unreadable price is an error row with its group
    src = tmp_path / "asis.csv"
    src.write_text("Tên hàng hóa,Số lượng,Đơn giá,Đơn vị tính\n"
                   "Máy điều hòa Daikin 1HP,2,,cái\n"
                   "Gói thầu số 3: máy photocopy; điều hòa,1,500000000,gói thầu\n"
                   "Máy tính xách tay Dell,,20000000,chiếc\n"
                   "Giấy A4,10,mười,ram\n", encoding="utf-8")
    out = tmp_path / "out.json"
    assert main(["check", str(src), "--on", "2025-12-01", "--quiet", "-o", str(out)]) == 0
    report = json.loads(out.read_text("utf-8"))
    items = {i["row"]: i for i in report["items"]}
    assert [items[r]["status"] for r in (2, 3, 4, 5)] == ["not_green", "not_prioritised", "not_green", "error"]
    assert items[2]["product_group"] == "air-conditioner" and items[2]["value"] is None
    assert items[4]["product_group"] == "computer" and items[4]["value"] is None
    assert {"rule_id": "GPP-LINE-02", "outcome": "not_met"} in [
        {k: f[k] for k in ("rule_id", "outcome")} for f in items[2]["findings"]]
    assert items[3]["package"] is True and items[3]["groups_found"] == ["air-conditioner", "printer"]
    assert items[3]["product_group"] is None and items[3]["value"] == 500_000_000
    assert items[5]["product_group"] == "office-paper" and "mười" in items[5]["error"]
    total = report["summary"]["total"]
    assert total["items"] == 3 and total["unvalued"] == 2 and total["value"] == 500_000_000
    assert total["packages"] == 1 and total["package_value"] == 500_000_000
    assert report["summary"]["rows_read"] == 4 and report["summary"]["rows_rejected"] == 1
