"""Batch checking in chunks: rows are cut into chunks of 1,000 (or one block of CSV lines) and scored
in this process or in a pool of worker processes, in input order, with at most a few chunks in
flight per worker, so memory does not grow with the number of rows.

What a chunk becomes (its summary and its report fragments) is :mod:`green_procurement.check`'s job;
this module only hands chunks out and collects them: workers are started with the ``spawn`` method
and load the same engine as the parent (:class:`EngineSpec`), and the report text of a chunk comes
back through a file in ``/dev/shm`` where there is one (a pipe costs the parent four copies of every
byte).
"""

from __future__ import annotations

import contextlib
import datetime
import itertools
import multiprocessing
import os
import shutil
import tempfile
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing.pool import AsyncResult

import attrs

from .check import Chunk, Maker, process_chunk
from .engine import Engine, EngineSpec
from .io import BatchItem, RawBlock, RowBuilder
from .report import Pack
from .results import Summary

__all__ = ["CHUNK_ROWS", "EngineSpec", "run"]

#: Rows sent to a worker process at a time, and chunks in flight per worker (bounded memory).
CHUNK_ROWS = 1000
IN_FLIGHT_PER_WORKER = 3


_worker_engine: Engine | None = None
_worker_builders: dict[tuple[str, str], RowBuilder] = {}


def _init_worker(spec: EngineSpec) -> None:
    global _worker_engine
    import warnings

    warnings.simplefilter("ignore")   # the parent already warned about a missing durable-rules
    _worker_engine = spec.load()


def _chunks(items: Iterable[BatchItem]) -> Iterator[list[BatchItem]]:
    """Items in lists of 1,000 rows; a RawBlock (already about that many lines) is a list alone."""
    pending: list[BatchItem] = []
    for item in items:
        if isinstance(item, RawBlock):
            if pending:
                yield pending
                pending = []
            yield [item]
            continue
        pending.append(item)
        if len(pending) >= CHUNK_ROWS:
            yield pending
            pending = []
    if pending:
        yield pending


#: Packs at least this large go back from a worker through a file in ``spill`` (see run()).
SPILL_BYTES = 1 << 16


def _work(items: list[BatchItem], on: datetime.date, makers: tuple[Maker, ...],
          spill: str | None = None) -> Sent:
    """A worker's job: one chunk, its large packs left in files in ``spill``."""
    assert _worker_engine is not None
    chunk = process_chunk(_worker_engine, items, on, makers, _worker_builders)
    return Sent(chunk.summary, tuple(chunk.packs if spill is None else (_spill(p, spill) for p in chunk.packs)))


class Spilled:
    """A report pack a worker left in a file (``path``) instead of sending its bytes."""

    __slots__ = ("path",)

    def __init__(self, path: str) -> None:
        self.path = path

    def take(self) -> bytes:
        """The bytes, and the file removed."""
        with open(self.path, "rb") as f:
            data = f.read()
        os.unlink(self.path)
        return data


@attrs.frozen
class Sent:
    """A chunk as a worker sends it back: its packs, or the files where large ones were left."""

    summary: Summary
    packs: tuple[Pack | Spilled, ...]


_spilled = itertools.count()


def _spill(pack: Pack, folder: str) -> Pack | Spilled:
    if type(pack) is not bytes or len(pack) < SPILL_BYTES:
        return pack
    path = os.path.join(folder, f"{os.getpid()}-{next(_spilled)}")
    try:
        with open(path, "xb") as f:
            f.write(pack)
    except OSError:     # shared memory full or gone: send the bytes through the pipe instead
        with contextlib.suppress(OSError):
            os.unlink(path)
        return pack
    return Spilled(path)


def _unspill(sent: Sent) -> Chunk:
    """The chunk a worker sent, its spilled packs read back (and their files removed)."""
    return Chunk(sent.summary, tuple(p.take() if isinstance(p, Spilled) else p for p in sent.packs))


def _spill_folder() -> str | None:
    """A private folder in shared memory (``/dev/shm``) for the report text of chunks in flight, or
    None where there is none: sending megabytes through a pipe costs the parent process about four
    copies of every byte (3 GB for a million rows), a file in memory one."""
    root = "/dev/shm"
    if not (os.path.isdir(root) and os.access(root, os.W_OK | os.X_OK)):
        return None
    try:
        return tempfile.mkdtemp(prefix="green-procurement-", dir=root)
    except OSError:
        return None


def run(rows: Iterable[BatchItem], on: datetime.date, *, engine: Engine | None = None, jobs: int = 1,
        spec: EngineSpec | None = None, makers: tuple[Maker, ...] = ()) -> Iterator[Chunk]:
    """Score rows (Row, RawRow or RawBlock) in input order, in chunks of 1,000 rows (or one
    RawBlock), each with its summary and its report fragments: in this process (``jobs=1``, with
    ``engine``) or in ``jobs`` worker processes (each loads the engine from ``spec``, then parses,
    scores, aggregates and serialises its chunks; this process only reads lines or cells and writes
    text).  The chunks, and so every total and every report, are the same either way; at most
    ``jobs × 3`` chunks are in flight, so memory stays bounded."""
    chunks = _chunks(rows)
    if jobs <= 1:
        if engine is None:
            engine = (spec or EngineSpec()).load()
        builders: dict[tuple[str, str], RowBuilder] = {}
        for chunk in chunks:
            yield process_chunk(engine, chunk, on, makers, builders)
        return
    ctx = multiprocessing.get_context("spawn")
    spill = _spill_folder()
    try:
        with ctx.Pool(jobs, initializer=_init_worker, initargs=(spec or EngineSpec(),)) as pool:
            pending: deque[AsyncResult[Sent]] = deque()
            for chunk in chunks:
                pending.append(pool.apply_async(_work, (chunk, on, makers, spill)))
                while len(pending) >= jobs * IN_FLIGHT_PER_WORKER:
                    yield _unspill(pending.popleft().get())
            while pending:
                yield _unspill(pending.popleft().get())
    finally:
        if spill is not None:
            shutil.rmtree(spill, ignore_errors=True)
