"""Chunking and the worker pool (green_procurement.batch): chunks of 1,000 rows or one block of CSV
lines, in input order; worker processes give the chunks this process gives; report text comes back
through files in shared memory, or through the pipe when they cannot be written."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

import green_procurement as gp
from green_procurement.batch import CHUNK_ROWS, SPILL_BYTES, EngineSpec, Sent, _chunks, _spill, _unspill, run
from green_procurement.io import RawBlock, Row, read_rows
from green_procurement.report import CsvWriter, JsonWriter
from green_procurement.results import Summary

from .conftest import ROOT

EXAMPLE = ROOT / "examples" / "mua-sam-can-tho-2025.csv"
DAY = datetime.date(2025, 12, 1)


def test_rows_go_in_chunks_of_1000_and_a_block_goes_alone() -> None:
    rows = [Row("a.csv", i) for i in range(2 * CHUNK_ROWS + 5)]
    block = RawBlock("b.csv", "vi", ("description",), ("Tên hàng hóa",), ",", 1, ["x\n"])
    chunks = list(_chunks([*rows[:3], block, *rows[3:]]))
    assert [len(c) for c in chunks] == [3, 1, CHUNK_ROWS, CHUNK_ROWS, 2]
    assert chunks[1] == [block]
    assert [r for c in chunks for r in c if r is not block] == rows      # input order kept


def test_report_text_goes_back_through_a_file_or_else_through_the_pipe(tmp_path: Path) -> None:
    big, small = b"x" * SPILL_BYTES, b"y" * 10
    spilled = _spill(big, str(tmp_path))
    assert not isinstance(spilled, bytes) and len(list(tmp_path.iterdir())) == 1
    assert _spill(small, str(tmp_path)) is small                   # small packs are sent as they are
    assert _unspill(Sent(Summary(), (spilled, small))).packs == (big, small)
    assert list(tmp_path.iterdir()) == []                          # the file is gone once read
    # a folder that cannot take the file (full, removed): the bytes go through the pipe instead
    assert _spill(big, str(tmp_path / "gone")) is big


@pytest.mark.slow
def test_worker_processes_give_the_chunks_of_this_process() -> None:
    makers = ((CsvWriter, "vi"), (JsonWriter, "en"))
    engine = gp.load_default()
    catalog = engine.ruleset.catalog

    def chunks(jobs: int) -> list[tuple[object, object]]:
        with read_rows(EXAMPLE, catalog, raw=True, block_lines=7) as items:
            return [(c.summary.to_dict(), c.packs)
                    for c in run(items, DAY, engine=engine, jobs=jobs, spec=EngineSpec(), makers=makers)]

    one = chunks(1)
    assert len(one) > 3
    assert chunks(2) == one
    engine.close()
