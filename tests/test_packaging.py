"""The built wheel carries the shipped catalogue and rules, and an installed copy finds them from any
working directory."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT

hatchling = pytest.importorskip("hatchling.builders.wheel")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    builder = hatchling.WheelBuilder(str(ROOT))
    return Path(next(iter(builder.build(directory=str(out), versions=["standard"]))))


def test_wheel_contains_catalog_rules_and_py_typed(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for f in (ROOT / "catalog").glob("*.yaml"):
        assert f"green_procurement/_data/catalog/{f.name}" in names
    for f in (ROOT / "rules").rglob("*.yaml"):
        assert f"green_procurement/_data/rules/{f.relative_to(ROOT / 'rules').as_posix()}" in names
    assert "green_procurement/py.typed" in names
    entry = [n for n in names if n.endswith("entry_points.txt")]
    assert entry and "green-procurement = green_procurement.cli:main" in zipfile.ZipFile(wheel).read(
        entry[0]).decode()


def test_installed_copy_finds_its_defaults_from_any_directory(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = ("import green_procurement as gp, json; e = gp.load_default(backend='python'); "
            "print(json.dumps([str(gp.catalog.default_catalog_dir()), len(e.ruleset.rules)]))")
    out = subprocess.run([sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(site)!r}); {code}"],
                         cwd=elsewhere, capture_output=True, text=True, check=True)
    where, n_rules = json.loads(out.stdout)
    assert where.startswith(str(site)) and n_rules >= 15
