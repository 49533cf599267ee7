"""Batch checking in chunks: rows are cut into chunks of 1,000 (or one block of CSV lines) and scored
in this process or in a pool of worker processes, in input order, with at most a few chunks in
flight per worker, so memory does not grow with the number of rows.

What a chunk becomes (its summary and its report fragments) is :mod:`green_procurement.check`'s job;
this module only hands chunks out and collects them: workers are started with the ``spawn`` method
and load the same engine as the parent (:class:`EngineSpec`), and the report text of a chunk comes
back through a file in ``/dev/shm`` where there is one (a pipe costs the parent four copies of every
byte).  Chunk k goes to worker k mod N, not to whichever is free: each worker then sees the same rows
in every run, and its memos (the engine's, the row builder's) see a stream of rows that keeps the
order of the file; handed out as workers come free, a list whose products come back in a cycle
(every 20,000 rows, say) reaches each worker in a random interleaving, and the workers' memos
miss more (measured: 15 % more CPU per row on the benchmark's diverse list).

Faults end the run, never hang it: a worker that dies (killed by the system or by a signal) or stops
(SIGSTOP) raises :class:`WorkerError` within a second; one that sends nothing for
:data:`STALL_SECONDS` is taken as hung.  However the run ends (an error, Ctrl-C, SIGTERM turned into
an exception by the command line), the workers are stopped and the shared-memory folder removed.
Workers ignore Ctrl-C (the parent stops them) and exit when their parent is gone.
"""

from __future__ import annotations

import contextlib
import datetime
import itertools
import multiprocessing
import os
import shutil
import signal
import tempfile
import threading
import time
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool

import attrs

from ._messages import msg
from .check import Chunk, Maker, process_chunk
from .engine import Engine, EngineSpec
from .errors import GppError
from .io import BatchItem, RawBlock, RowBuilder
from .report import Pack
from .results import Summary

__all__ = ["CHUNK_ROWS", "STALL_SECONDS", "EngineSpec", "WorkerError", "run"]

#: A worker that sends nothing back for this long (and at least 20 times its slowest chunk so far)
#: is taken as hung, and the run ends.
STALL_SECONDS = 600.0
#: How often the parent looks at its workers while it waits.
_POLL_SECONDS = 0.5


class WorkerError(GppError):
    """A worker process of ``check --jobs N`` died, stopped or hung: the run cannot be complete."""

#: Rows sent to a worker process at a time, and chunks in flight per worker (bounded memory).
CHUNK_ROWS = 1000
IN_FLIGHT_PER_WORKER = 3


_worker_engine: Engine | None = None
_worker_builders: dict[tuple[str, str], RowBuilder] = {}


def _init_worker(spec: EngineSpec, parent: int) -> None:
    global _worker_engine
    import warnings

    # Ctrl-C reaches every process of the terminal's group: the parent stops the workers, which must
    # not print a KeyboardInterrupt traceback each
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(parent,), daemon=True, name="parent-watch").start()
    warnings.simplefilter("ignore")   # the parent already warned about a missing durable-rules
    _worker_engine = spec.load()


def _exit_with(parent: int) -> None:
    """Exit, quietly, as soon as the parent process is gone (killed with SIGKILL, say): an orphan
    would finish its chunk and print a BrokenPipeError traceback sending it back."""
    while os.getppid() == parent:
        time.sleep(_POLL_SECONDS)
    os._exit(1)


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
    copies of every byte (3 GB for a million rows), a file in memory one.  Its name holds the
    process id (``green-procurement-<pid>-...``), to tell whose it is."""
    root = "/dev/shm"
    if not (os.path.isdir(root) and os.access(root, os.W_OK | os.X_OK)):
        return None
    try:
        return tempfile.mkdtemp(prefix=f"green-procurement-{os.getpid()}-", dir=root)
    except OSError:
        return None


def _worker_state(pid: int) -> str | None:
    """The state letter of a process (``R``, ``S``, ``T`` stopped, ``Z`` dead...), where /proc tells."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0].decode()
    except (OSError, IndexError):
        return None


class _Watch:
    """Waits for the result of a chunk, looking at the workers meanwhile: one that died or stopped,
    or a result that does not come for a long time, ends the run with a WorkerError."""

    def __init__(self, pools: list[ProcessPoolExecutor], stall: float) -> None:
        self.pools = pools
        self.stall = stall
        self.slowest = 0.0

    def result(self, future: Future[Sent]) -> Sent:
        start = time.monotonic()
        limit = max(self.stall, 20 * self.slowest)
        while True:
            try:
                sent = future.result(timeout=_POLL_SECONDS)
            except FutureTimeout:
                waited = time.monotonic() - start
                self._check_workers()
                if waited > limit:
                    raise WorkerError(msg("batch.worker-hung", seconds=int(waited)), code="worker-hung",
                                      hint=msg("batch.worker.hint")) from None
                continue
            except BrokenProcessPool:
                raise _died() from None
            self.slowest = max(self.slowest, time.monotonic() - start)
            return sent

    def _check_workers(self) -> None:
        for pid in [pid for pool in self.pools for pid in list(getattr(pool, "_processes", None) or {})]:
            state = _worker_state(pid)
            if state in ("T", "t"):
                raise WorkerError(msg("batch.worker-stopped", pid=pid), code="worker-hung",
                                  hint=msg("batch.worker.hint"))
            if state in ("Z", "X"):
                raise _died()


def _died() -> WorkerError:
    return WorkerError(msg("batch.worker-died"), code="worker-died", hint=msg("batch.worker.hint"))


def _start_workers(pools: list[ProcessPoolExecutor]) -> None:
    """Start the worker of each pool now, with Ctrl-C ignored from their first instruction (a
    disposition a process inherits): a Ctrl-C while a worker is still starting Python would otherwise
    print a traceback or a 'Fatal Python error'.  This process blocks Ctrl-C meanwhile rather than
    lose it: one that comes while the workers start is raised once they have (the pools' threads,
    started here, keep it blocked, so that it always reaches the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        for pool in pools:
            pool.submit(os.getpid)
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        for pool in pools:
            pool.submit(os.getpid)
    finally:
        signal.signal(signal.SIGINT, previous)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _stop(pools: list[ProcessPoolExecutor]) -> None:
    """Stop the workers at once (a run that ends early does not wait for their chunks)."""
    for pool in pools:
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            with contextlib.suppress(Exception):
                process.kill()
    for pool in pools:
        pool.shutdown(wait=True, cancel_futures=True)


def run(rows: Iterable[BatchItem], on: datetime.date, *, engine: Engine | None = None, jobs: int = 1,
        spec: EngineSpec | None = None, makers: tuple[Maker, ...] = (),
        stall_seconds: float = STALL_SECONDS) -> Generator[Chunk, None, None]:
    """Score rows (Row, RawRow or RawBlock) in input order, in chunks of 1,000 rows (or one
    RawBlock), each with its summary and its report fragments: in this process (``jobs=1``, with
    ``engine``) or in ``jobs`` worker processes (each loads the engine from ``spec``, then parses,
    scores, aggregates and serialises its chunks; this process only reads lines or cells and writes
    text).  The chunks, and so every total and every report, are the same either way; at most
    ``jobs × 3`` chunks are in flight, so memory stays bounded.  A worker that dies, stops or sends
    nothing for ``stall_seconds`` raises :class:`WorkerError`; close the iterator (or let an exception
    through it) and the workers are stopped and their files removed."""
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
    pools: list[ProcessPoolExecutor] = []
    try:
        # one pool of one worker per job: chunk k goes to worker k mod jobs (see _submit)
        for _ in range(jobs):
            pools.append(ProcessPoolExecutor(1, mp_context=ctx, initializer=_init_worker,
                                             initargs=(spec or EngineSpec(), os.getpid())))
        _start_workers(pools)
        watch = _Watch(pools, stall_seconds)
        try:
            pending: deque[Future[Sent]] = deque()
            for k, chunk in enumerate(chunks):
                pending.append(pools[k % jobs].submit(_work, chunk, on, makers, spill))
                while len(pending) >= jobs * IN_FLIGHT_PER_WORKER:
                    yield _unspill(watch.result(pending.popleft()))
            while pending:
                yield _unspill(watch.result(pending.popleft()))
        except BrokenProcessPool:   # seen when handing out a chunk
            _stop(pools)
            raise _died() from None
        except BaseException:   # an error, Ctrl-C, SIGTERM, or the caller closing the iterator
            _stop(pools)
            raise
        for pool in pools:
            pool.shutdown(wait=True)
    except BaseException:       # a pool that could not start: the ones started are stopped
        _stop(pools)
        raise
    finally:
        if spill is not None:
            shutil.rmtree(spill, ignore_errors=True)
