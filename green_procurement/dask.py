"""Scoring on a Dask cluster: a Dask DataFrame partition by partition (:func:`evaluate`,
:func:`summarize`), or the chunks of ``check --scheduler ADDRESS`` (:func:`run`).

>>> import dask.dataframe as dd, green_procurement as gp                      # doctest: +SKIP
>>> from green_procurement import dask as gpd                                # doctest: +SKIP
>>> ddf = dd.from_pandas(gp.read_list("danh-sach.xlsx"), npartitions=8)       # doctest: +SKIP
>>> results = gpd.evaluate(ddf, on=datetime.date(2025, 12, 1))                # lazy, any scheduler
>>> summary = gpd.summarize(ddf, on=datetime.date(2025, 12, 1))               # doctest: +SKIP

What travels to the workers is an :class:`~green_procurement.EngineSpec` (the catalogue and rules
folders, None for the shipped ones, and their version hash): each worker process loads the engine
once and checks that its files have the same hash, so every worker scores with the rules the caller
loaded.  A partition is scored as :func:`green_procurement.frame.evaluate_frame` scores a frame, and
a chunk of ``check`` rows as :func:`green_procurement.check.process_chunk` does (the same fragments,
so the reports are byte-identical to ``--jobs N``); row numbers come from the frame's index (see
:func:`~green_procurement.frame.evaluate_frame`), so they stay those of the original file.  Dask and
``distributed`` are an optional extra (``pip install green-procurement[dask]``).
"""

from __future__ import annotations

import datetime
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._messages import msg
from .check import Chunk, Maker, process_chunk
from .engine import Engine, EngineSpec, _day
from .errors import GppError
from .frame import FRAME_DTYPES, frame_records, records_frame
from .io import BatchItem, RowBuilder
from .io.numbers import NumberFormat
from .report import COLUMN_KEYS
from .results import Summary

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["engine_spec", "evaluate", "meta", "run", "summarize"]

#: Chunks in flight per worker thread of the cluster (``check --scheduler``).
IN_FLIGHT_PER_WORKER = 3
#: Seconds to wait for the scheduler of ``check --scheduler``.
CONNECT_TIMEOUT = 20

_engines: dict[EngineSpec, Engine] = {}
_lock = threading.Lock()
_local = threading.local()      # each worker thread's row builders (one per file)


def _require(module: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise GppError(msg("dask.no-dask"), code="missing-extra", hint=msg("dask.no-dask.hint")) from None


def worker_engine(spec: EngineSpec) -> Engine:
    """The engine of ``spec`` in this process: loaded (and its version checked) on first use."""
    with _lock:
        engine = _engines.get(spec)
        if engine is None:
            import warnings

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")     # the caller already warned about a missing durable-rules
                engine = _engines[spec] = spec.load()
        return engine


def engine_spec(catalog: str | Path | None = None, rules: str | Path | None = None, *,
                backend: str = "durable", engine: Engine | None = None) -> EngineSpec:
    """The spec the workers load: of ``engine``, or of the catalogue and rules given (loaded here
    first, so a problem in them is reported at once, with its file, line and column)."""
    if engine is None:
        from .engine import load

        engine = load(catalog, rules, backend)
        spec = engine.spec
        engine.close()
        return spec
    return engine.spec


# -- Dask DataFrames ---------------------------------------------------------------------------------------

def meta() -> pd.DataFrame:
    """An empty frame with the output columns and dtypes (Dask's ``meta``)."""
    pd = _require("pandas")
    data = {k: pd.array([], dtype=object if FRAME_DTYPES[k] == "money" else FRAME_DTYPES[k]) for k in COLUMN_KEYS}
    return pd.DataFrame(data, columns=list(COLUMN_KEYS))


def _score_partition(part: pd.DataFrame, spec: EngineSpec, on: datetime.date, lang: str,
                     number_format: NumberFormat, source: str | None) -> pd.DataFrame:
    engine = worker_engine(spec)
    records = list(frame_records(engine, part, on, number_format=number_format, source=source))
    out = records_frame(records, lang, engine.ruleset.catalog, index=part.index)
    out["value"] = out["value"].astype(object)     # one dtype in every partition: exact int/Decimal
    return out


def _summarize_partition(part: pd.DataFrame, spec: EngineSpec, on: datetime.date, number_format: NumberFormat,
                         source: str | None) -> Summary:
    summary = Summary()
    for record in frame_records(worker_engine(spec), part, on, number_format=number_format, source=source):
        summary.add(record)
    return summary


def evaluate(ddf: Any, *, catalog: str | Path | None = None, rules: str | Path | None = None,
             on: datetime.date | None = None, lang: str = "vi", backend: str = "durable",
             engine: Engine | None = None, number_format: NumberFormat = "vi",
             source: str | None = None) -> Any:
    """Score a Dask DataFrame of batch rows partition by partition: a lazy Dask DataFrame with one
    row per input row and the columns of :func:`green_procurement.frame.evaluate_frame` (``value``
    as exact ``int``/``Decimal`` objects), indexed like ``ddf``.  Runs on whatever scheduler
    computes it (threads, processes, a ``distributed`` cluster)."""
    _require("dask.dataframe")
    spec = engine_spec(catalog, rules, backend=backend, engine=engine)
    name = source or str(getattr(ddf, "attrs", {}).get("source") or "") or None
    return ddf.map_partitions(_score_partition, spec, _day(on), lang, number_format, name, meta=meta(),
                              align_dataframes=False)


def summarize(ddf: Any, *, catalog: str | Path | None = None, rules: str | Path | None = None,
              on: datetime.date | None = None, backend: str = "durable", engine: Engine | None = None,
              number_format: NumberFormat = "vi", source: str | None = None, **compute: Any) -> Summary:
    """The :class:`~green_procurement.results.Summary` of a Dask DataFrame of batch rows, as ``check``
    makes it for the same rows: each partition summarised where it lies, the summaries merged here in
    partition order.  ``compute`` goes to :func:`dask.compute` (e.g. ``scheduler=...``)."""
    dask = _require("dask")
    spec = engine_spec(catalog, rules, backend=backend, engine=engine)
    day = _day(on)
    parts = [dask.delayed(_summarize_partition)(p, spec, day, number_format, source) for p in ddf.to_delayed()]
    total = Summary()
    for s in dask.compute(*parts, **compute):
        total.merge(s)
    return total


# -- check --scheduler -----------------------------------------------------------------------------------

def _work(spec: EngineSpec, items: list[BatchItem], on: datetime.date, makers: tuple[Maker, ...]) -> Chunk:
    engine = worker_engine(spec)
    builders: dict[tuple[str, str], RowBuilder] = getattr(_local, "builders", None) or {}
    _local.builders = builders
    return process_chunk(engine, items, on, makers, builders)


def run(rows: Iterable[BatchItem], on: datetime.date, *, spec: EngineSpec, address: str,
        makers: tuple[Maker, ...] = ()) -> Iterator[Chunk]:
    """Score batch rows on the Dask cluster at ``address`` (a scheduler address such as
    ``tcp://10.0.0.5:8786``) in the chunks of ``check --jobs N`` (:func:`green_procurement.batch.run`),
    in input order, with a few chunks in flight per worker thread: the same chunks, summaries and
    report fragments as ``--jobs N``."""
    from .batch import _chunks  # the chunks of --jobs N: the same summaries and fragments

    chunks = _chunks(rows)
    distributed = _require("distributed")
    try:
        client = distributed.Client(address, set_as_default=False, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        raise GppError(msg("dask.cannot-connect", address=address, reason=str(exc) or type(exc).__name__),
                       code="scheduler-unreachable", hint=msg("dask.cannot-connect.hint")) from None
    with client:
        threads = max(1, sum(client.nthreads().values()))
        pending: deque[Any] = deque()
        for chunk in chunks:
            pending.append(client.submit(_work, spec, chunk, on, makers, pure=False))
            while len(pending) >= threads * IN_FLIGHT_PER_WORKER:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
