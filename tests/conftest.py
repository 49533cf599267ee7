"""Shared fixtures.  Hypothesis runs the deterministic ``ci`` profile unless HYPOTHESIS_PROFILE says
otherwise (``dev`` explores new random examples each run)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import green_procurement as gp
from green_procurement import _durable

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", deadline=None, max_examples=200)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
MINI = DATA / "mini"


#: durable-rules loads here (it does not on Python 3.13+, where the library uses its reference backend).
DURABLE = _durable.available()
#: Marks a test that needs durable-rules itself, not just the default backend's results.
needs_durable = pytest.mark.skipif(not DURABLE, reason=f"durable-rules cannot load here ({_durable.IMPORT_ERROR})")


@pytest.fixture(scope="module", params=["durable", "python"])
def engine(request: pytest.FixtureRequest) -> Iterator[gp.Engine]:
    """The default engine on each backend: a test using it runs on both (modules that need one
    particular engine define their own ``engine``); the durable one is skipped where durable-rules
    cannot load."""
    if request.param == "durable" and not DURABLE:
        pytest.skip(f"durable-rules cannot load here ({_durable.IMPORT_ERROR})")
    eng = gp.load_default(backend=request.param)
    yield eng
    eng.close()


@pytest.fixture(scope="module")
def catalog() -> gp.Catalog:
    """The shipped catalogue."""
    return gp.load_catalog(ROOT / "catalog")


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the small test catalogue and rules (``catalog/`` and ``rules/``)."""
    dst = tmp_path / "mini"
    shutil.copytree(MINI, dst)
    return dst
