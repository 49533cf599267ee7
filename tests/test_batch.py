"""Chunking and the worker pool (green_procurement.batch): chunks of 1,000 rows or one block of CSV
lines, in input order; worker processes give the chunks this process gives; report text comes back
through files in shared memory, or through the pipe when they cannot be written."""

from __future__ import annotations

import contextlib
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


# -- issue 12: a worker that dies, stops or is signalled ends the run, and nothing is left behind -------------
import os  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402


def _big_list(tmp_path: Path, copies: int = 400) -> Path:
    """The example list many times over: long enough that a run with --jobs 2 is still going when the
    test acts on it."""
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "big.csv"
    path.write_text("\n".join([lines[0], *lines[1:] * copies]) + "\n", encoding="utf-8")
    return path


def _until(condition: object, seconds: float = 60) -> None:
    """Wait (polling) until ``condition()`` holds; fail after ``seconds``."""
    end = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < end, "timed out"
        time.sleep(0.05)


def _workers(parent: int) -> list[int]:
    """The worker processes (spawned by multiprocessing) of a process."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                cmdline = f.read()
        except (OSError, IndexError, ValueError):
            continue
        if ppid == parent and b"spawn_main" in cmdline:
            found.append(int(entry))
    return found


def _start(tmp_path: Path, *extra: str, session: bool = False) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-m", "green_procurement", "check", str(_big_list(tmp_path)), "--on", "2025-12-01",
           "--jobs", "2", "-o", str(tmp_path / "out" / "r.csv"), "--lang", "en", *extra]
    (tmp_path / "out").mkdir()
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=session)


def _ignores_ctrl_c(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            mask = next(int(ln.split()[1], 16) for ln in f if ln.startswith("SigIgn:"))
    except (OSError, StopIteration):
        return False
    return bool(mask & (1 << (signal.SIGINT - 1)))


def _running(proc: subprocess.Popen[str], tmp_path: Path) -> None:
    """Wait until the run has its report file open and both workers started."""
    _until(lambda: list((tmp_path / "out").glob("*.part")) and len(_workers(proc.pid)) == 2
           and all(_ignores_ctrl_c(w) for w in _workers(proc.pid)))


def _nothing_left(proc: subprocess.Popen[str], tmp_path: Path, err: str) -> None:
    assert list((tmp_path / "out").iterdir()) == [], "a report, or a .part file, was left"
    assert not [d for d in os.listdir("/dev/shm") if d.startswith(f"green-procurement-{proc.pid}-")]
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
    assert "leaked semaphore" not in err and "resource_tracker" not in err, err
    assert _workers(proc.pid) == []


@pytest.mark.slow
def test_a_killed_worker_ends_the_run_within_seconds(tmp_path: Path) -> None:
    # regression: check --jobs N waited forever for the chunk of a worker killed by the OOM killer
    proc = _start(tmp_path)
    _running(proc, tmp_path)
    os.kill(_workers(proc.pid)[0], signal.SIGKILL)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 2, err
    assert "a worker process stopped unexpectedly" in err
    _nothing_left(proc, tmp_path, err)


@pytest.mark.slow
def test_a_stopped_worker_ends_the_run_within_seconds(tmp_path: Path) -> None:
    proc = _start(tmp_path)
    _running(proc, tmp_path)
    stopped = _workers(proc.pid)[0]
    os.kill(stopped, signal.SIGSTOP)
    try:
        _, err = proc.communicate(timeout=30)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(stopped, signal.SIGCONT)
    assert proc.returncode == 2, err
    assert f"worker process {stopped} is stopped" in err
    _nothing_left(proc, tmp_path, err)


@pytest.mark.slow
def test_sigterm_leaves_no_part_file_shared_memory_or_traceback(tmp_path: Path) -> None:
    # regression: .part files, a /dev/shm/green-procurement-* folder and semaphores were left, and the
    # orphaned workers printed BrokenPipeError tracebacks
    proc = _start(tmp_path)
    _running(proc, tmp_path)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 143, err
    assert "SIGTERM" in err
    _nothing_left(proc, tmp_path, err)


@pytest.mark.slow
def test_ctrl_c_leaves_no_part_file_shared_memory_or_traceback(tmp_path: Path) -> None:
    proc = _start(tmp_path, session=True)
    _running(proc, tmp_path)
    os.killpg(proc.pid, signal.SIGINT)      # as a terminal does: every process of the group
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "interrupted" in err
    _nothing_left(proc, tmp_path, err)
