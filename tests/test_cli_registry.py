"""``green-procurement registry import``: an issuer's list into a registry file; exit codes, both
languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from .cli_helpers import run
from .conftest import ROOT

SAMPLE_LIST = str(ROOT / "docs" / "examples" / "danh-sach-chung-nhan-mau.csv")


def test_import_to_stdout_and_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, err = run(["registry", "import", SAMPLE_LIST, "--scheme", "vn-ecolabel"], capsys)
    assert rc == 0
    assert out.splitlines()[0] == "scheme,certificate,holder,product,valid_from,valid_until,source,note"
    assert len(out.splitlines()) == 3
    assert "[duplicate-id]" in err and "đã đọc 3 dòng: 2 chứng nhận, 1 dòng ghi lại, 0 lỗi" in err
    target = tmp_path / "vn-ecolabel.yaml"
    rc, _, err = run(["registry", "import", SAMPLE_LIST, "--scheme", "vn-ecolabel", "-o", str(target),
                      "--lang", "en"], capsys)
    assert rc == 0 and "wrote 2 certificate(s)" in err
    # the written file is a valid registry of a catalogue
    import shutil

    from green_procurement.catalog import check_catalog

    cat = tmp_path / "catalog"
    shutil.copytree(ROOT / "catalog", cat)
    shutil.copy(target, cat / "certificates" / "imported.yaml")
    catalog, problems = check_catalog(cat)
    assert catalog is not None and problems == [] and len(catalog.certificates) == 2


def test_import_with_errors_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "list.csv"
    src.write_text("Số quyết định,Ngày cấp,Ngày hết hạn\n1,2025-01-01,2024-01-01\n", encoding="utf-8")
    target = tmp_path / "out.csv"
    rc, _, err = run(["registry", "import", str(src), "--scheme", "vn-ecolabel", "--source", "s",
                      "-o", str(target)], capsys)
    assert rc == 1 and not target.exists()
    assert "[bad-validity]" in err and "chưa ghi gì" in err


@pytest.mark.parametrize(("argv", "text"), [
    (["--scheme", "vn-ecolab"], "did you mean 'vn-ecolabel'?"),
    (["--scheme", "vn-ecolabel", "-o", "x.txt"], "x.txt"),
    (["--scheme", "vn-ecolabel", "--catalog", "no-such-dir"], "no-such-dir"),
])
def test_import_usage_problems_exit_2(argv: list[str], text: str, capsys: pytest.CaptureFixture[str]) -> None:
    rc, _, err = run(["registry", "import", SAMPLE_LIST, *argv, "--lang", "en"], capsys)
    assert rc == 2 and text in err


def test_import_needs_a_scheme(capsys: pytest.CaptureFixture[str]) -> None:
    rc, _, err = run(["registry", "import", SAMPLE_LIST], capsys)
    assert rc == 2 and "--scheme" in err


def test_help_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = run(["registry", "import", "--help", "--lang", "en"], capsys)
    assert rc == 0 and "only a complete list should be loaded" in out
