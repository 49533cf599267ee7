"""Fuzzing the catalogue and the rules (issue 12): the shipped YAML files, mutated (nasty values, tags,
control characters, deep nesting, huge numbers, lines deleted, doubled, dedented or cut).  ``validate``
and ``gp.load`` may only report located problems (a GppError whose every problem names its file),
never raise anything else.

Examples per run: derandomised by the ``ci`` profile; ``GP_FUZZ_SCALE=10`` runs ten times as many."""

from __future__ import annotations

import collections
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import green_procurement as gp
from green_procurement.cli import validate_problems
from green_procurement.errors import GppError

from .conftest import ROOT
from .strategies import yaml_mutations

SCALE = int(os.environ.get("GP_FUZZ_SCALE", "1"))
FILES = sorted(str(p.relative_to(ROOT)) for d in ("catalog", "rules") for p in (ROOT / d).glob("*.yaml"))
TEXTS = {name: (ROOT / name).read_text(encoding="utf-8") for name in FILES}
SEEN: collections.Counter[str] = collections.Counter()


@pytest.fixture(scope="module")
def policy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A copy of the shipped catalogue and rules (without the rule tests), one file mutated at a time."""
    root = tmp_path_factory.mktemp("policy")
    shutil.copytree(ROOT / "catalog", root / "catalog")
    shutil.copytree(ROOT / "rules", root / "rules", ignore=shutil.ignore_patterns("tests"))
    yield root


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, str]:
    name = draw(st.sampled_from(FILES))
    return name, draw(yaml_mutations(TEXTS[name]))


def check_policy(root: Path, name: str, text: str) -> None:
    path = root / name
    path.write_text(text, encoding="utf-8")
    SEEN["policy sets"] += 1
    try:
        problems, _ = validate_problems(root / "catalog", root / "rules")
        for p in problems:
            assert p.path, p.format()
        SEEN["with errors"] += any(p.level == "error" for p in problems)
        try:
            gp.load(catalog=root / "catalog", rules=root / "rules", backend="python").close()
        except GppError as exc:
            assert exc.problems and all(p.path for p in exc.problems), exc.describe("en")
            assert any(p.level == "error" for p in problems), "gp.load refused what validate accepted"
    finally:
        path.write_text(TEXTS[name], encoding="utf-8")


_HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large]


@settings(max_examples=6 * SCALE, suppress_health_check=_HEALTH)
@given(mutated())
def test_fuzz_policy_files_quick(policy: Path, case: tuple[str, str]) -> None:
    check_policy(policy, *case)


#: Each example validates and loads a whole catalogue and rule set (about 1.4 s with 49 rules and the
#: certificate registries), so CI runs 40; ``GP_FUZZ_SCALE=10`` runs 400 (the development runs fuzzed
#: 1,050 sets, see the issue 12 note).
@pytest.mark.slow
@settings(max_examples=40 * SCALE, suppress_health_check=_HEALTH)
@given(mutated())
def test_fuzz_policy_files(policy: Path, case: tuple[str, str]) -> None:
    check_policy(policy, *case)


def teardown_module() -> None:
    if SEEN:
        print("\nfuzzed catalogue/rule sets:", dict(sorted(SEEN.items())))
