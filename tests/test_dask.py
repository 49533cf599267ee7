"""Dask (``dask.py``): partitions scored as check scores rows, the summary equal to check's, the engine
travelling as a spec, and ``check --scheduler`` on a LocalCluster of 2 worker processes."""

from __future__ import annotations

import datetime
import filecmp
import pickle
from pathlib import Path

import pytest

import green_procurement as gp
from green_procurement import check
from green_procurement.cli import main
from green_procurement.io import read_rows
from green_procurement.results import Summary

from .conftest import ROOT

#: Each test here starts a Dask scheduler or workers (seconds): the file runs in the full suite
#: (`.ci/run`), not in the quick `-m "not slow"` part.
pytestmark = pytest.mark.slow

pd = pytest.importorskip("pandas")
dd = pytest.importorskip("dask.dataframe")
gpd = pytest.importorskip("green_procurement.dask")

EXAMPLE = ROOT / "examples" / "mua-sam-can-tho-2025.csv"
ON = datetime.date(2025, 12, 1)


def _check_summary(path: Path) -> Summary:
    engine = gp.load_default(backend="python")
    summary = Summary()
    with read_rows(path, engine.ruleset.catalog) as rows:
        for record in check.evaluate_rows(engine, rows, ON):
            summary.add(record)
    return summary


def test_partitions_on_the_local_scheduler_give_check_s_results_and_summary() -> None:
    df = gp.read_list(EXAMPLE)
    ddf = dd.from_pandas(df, npartitions=4)
    out = gpd.evaluate(ddf, on=ON, lang="en", backend="python").compute(scheduler="sync")
    whole = gp.load_default(backend="python").evaluate_frame(df, on=ON, lang="en")
    assert list(out["row"]) == list(df.index)           # the file's row numbers, across partitions
    def plain(df: pd.DataFrame) -> list[list[object]]:
        return [[None if v is None or v is pd.NA or v != v else v for v in row]
                for row in df.astype(object).itertuples(index=False, name=None)]

    assert plain(out) == plain(whole)
    summary = gpd.summarize(ddf, on=ON, backend="python", scheduler="sync")
    assert summary.to_dict() == _check_summary(EXAMPLE).to_dict()


def test_the_spec_pickles_and_checks_the_version(tmp_path: Path) -> None:
    spec = gpd.engine_spec(backend="python")
    assert spec.catalog is None and spec.rules is None     # the shipped ones: each worker has its own copy
    assert pickle.loads(pickle.dumps(spec)) == spec
    import shutil

    shutil.copytree(ROOT / "catalog", tmp_path / "catalog")
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    local = gpd.engine_spec(tmp_path / "catalog", tmp_path / "rules", backend="python")
    assert local.version == spec.version
    (tmp_path / "rules" / "scoring.yaml").write_text("scoring:\n  green_min_score: 60\n", encoding="utf-8")
    with pytest.raises(gp.GppError) as info:          # the files changed after the spec was made
        local.load()
    assert info.value.code == "version-mismatch"


def test_an_unreachable_scheduler_is_a_usage_error(capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    monkeypatch.setattr(gpd, "CONNECT_TIMEOUT", 1)
    code = main(["check", str(EXAMPLE), "--on", "2025-12-01", "--scheduler", "tcp://127.0.0.1:9", "--lang", "en",
                 "-o", str(tmp_path / "r.csv")])
    assert code == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in capsys.readouterr().err
    assert not (tmp_path / "r.csv").exists()


@pytest.mark.slow
def test_a_local_cluster_of_two_worker_processes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) \
            as cluster, distributed.Client(cluster) as client:
        ddf = dd.from_pandas(gp.read_list(EXAMPLE), npartitions=4)
        out = gpd.evaluate(ddf, on=ON).compute()
        assert len(out) == 42 and list(out["row"]) == list(range(2, 44))
        assert len(client.run(lambda: sorted(gpd._engines))) == 2          # loaded on both workers
        summary = gpd.summarize(ddf, on=ON)
        assert summary.to_dict() == _check_summary(EXAMPLE).to_dict()
        # check --scheduler: the same report bytes as --jobs 2
        for name in ("r.csv", "r.json"):      # (an .xlsx holds the time it was zipped)
            assert main(["check", str(EXAMPLE), "--on", "2025-12-01", "--scheduler", cluster.scheduler_address,
                         "-o", str(tmp_path / f"dask-{name}")]) == 0
            assert main(["check", str(EXAMPLE), "--on", "2025-12-01", "--jobs", "2",
                         "-o", str(tmp_path / f"jobs-{name}")]) == 0
            assert filecmp.cmp(tmp_path / f"dask-{name}", tmp_path / f"jobs-{name}", shallow=False), name
    capsys.readouterr()
