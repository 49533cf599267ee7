"""``green-procurement check``: score batch files, write the reports, print the summary."""

from __future__ import annotations

import argparse
import contextlib
import datetime
import itertools
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .._messages import text
from .common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, error_line, load_engine, warn

if TYPE_CHECKING:
    from ..io import FileInfo
    from ..results import Summary

__all__ = ["Progress", "cmd_check", "estimate_rows"]


class Progress:
    """A progress line on stderr, only when stderr is a terminal: rows so far, and once a second has
    passed the rate; with ``total`` (an estimate of the rows) also the percentage and the time left.
    Counts are grouped as the language writes them (``12.500`` / ``12,500``).  The rate is never
    shown from the first chunk alone (a chunk read in a microsecond would show trillions a second).
    """

    #: Seconds before a rate (and a time left) is shown, and between two updates of the line.
    WARMUP = 1.0
    EVERY = 0.2

    def __init__(self, enabled: bool, lang: str, total: int | None = None, *, start: float | None = None) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.lang = lang
        self.total = total if total and total > 0 else None
        self.count = 0
        self.start = time.monotonic() if start is None else start
        self.last = 0.0
        self.width = 0

    def line(self, now: float) -> str:
        elapsed = now - self.start
        rows = self.count
        if self.total is None:
            if elapsed < self.WARMUP or not rows:
                return text("cli.progress-rows", self.lang, rows=rows)
            return text("cli.progress", self.lang, rows=rows, rate=rows / elapsed)
        pct = min(99, 100 * rows // self.total)
        if elapsed < self.WARMUP or not rows:
            return text("cli.progress-total-start", self.lang, pct=pct, rows=rows, total=self.total)
        rate = rows / elapsed
        left = max(0, int((self.total - rows) / rate)) if rows < self.total else 0
        return text("cli.progress-total", self.lang, pct=pct, rows=rows, total=self.total, rate=rate,
                    left=f"{left // 3600}:{left // 60 % 60:02d}:{left % 60:02d}" if left >= 3600
                    else f"{left // 60}:{left % 60:02d}")

    def tick(self, rows: int = 1) -> None:
        self.count += rows
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.last >= self.EVERY:
            self.last = now
            out = self.line(now)
            self.width = max(self.width, len(out))
            sys.stderr.write(f"\r{out.ljust(self.width)}")
            sys.stderr.flush()

    def done(self) -> None:
        if self.enabled and self.width:
            sys.stderr.write("\r" + " " * self.width + "\r")
            sys.stderr.flush()


def estimate_rows(paths: list[str]) -> int | None:
    """About how many data rows the files hold (for the percentage): the lines of a CSV or JSON
    lines file, the rows of an XLSX sheet as its dimension says; None when one cannot be told."""
    from ..io import FORMATS

    total = 0
    for name in paths:
        fmt = FORMATS.get(Path(name).suffix.lower()) if name != "-" else None
        try:
            if fmt in ("csv", "jsonl"):
                with open(name, "rb") as f:
                    lines = 0
                    while block := f.read(1 << 20):
                        lines += block.count(b"\n")
                total += lines - (fmt == "csv")
            elif fmt == "xlsx":
                from openpyxl import load_workbook

                wb = load_workbook(name, read_only=True)
                try:
                    total += max(0, (wb.worksheets[0].max_row or 0) - 1)
                finally:
                    wb.close()
            else:
                return None
        except Exception:    # the reader says what is wrong with the file; the estimate just gives up
            return None
    return total or None


def _rejected(summary: Summary, lang: str) -> None:
    """The rejected rows as a linter lists problems: ``file:row: reason``, the first ones, then a count."""
    for source, row, reason in summary.rejected:
        print(text("cli.rejected-row", lang, where=f"{source}:{row}", reason=reason.get(lang) if reason else ""),
              file=sys.stderr)
    more = summary.rows_rejected - len(summary.rejected)
    if more > 0:
        warn(lang, "cli.rejected-more", n=more)


def cmd_check(args: argparse.Namespace) -> int:
    from .. import batch
    from ..errors import GppError
    from ..io import BatchItem, RowReader, read_rows
    from ..report import check_output, compact_json, open_writer, summary_text
    from ..results import Summary

    lang = args.lang
    # an output that is an input (./x vs ../dir/x too), a folder or cannot be written: refused before
    # any work, so that no input is ever overwritten
    try:
        for i, out in enumerate(args.output):
            check_output(out, args.files, args.output[:i])
    except GppError as exc:
        print(error_line(exc, lang), file=sys.stderr)
        return EXIT_USAGE
    engine = load_engine(args, args.backend)
    if engine is None:
        return EXIT_USAGE
    on = args.on or datetime.date.today()
    catalog = engine.ruleset.catalog
    # open every input first (header checked): an unreadable file stops the run before anything
    # is written
    readers: list[RowReader[BatchItem]] = []
    try:
        for f in args.files:
            readers.append(read_rows(f, catalog, number_format=args.number_format, raw=True,
                                     block_lines=batch.CHUNK_ROWS))
    except GppError as exc:
        print(error_line(exc, lang), file=sys.stderr)
        return EXIT_USAGE
    rows_iter = itertools.chain.from_iterable(readers)
    summary = Summary()
    writers = []
    try:
        for out in args.output:
            writers.append(open_writer(out, lang=lang, catalog=catalog, version=engine.version,
                                       evaluated_on=on, rules=engine.ruleset.rules,
                                       green_min_score=engine.ruleset.scoring.green_min_score))
        if args.format == "csv":
            writers.append(open_writer("-.csv", lang=lang, catalog=catalog, version=engine.version,
                                       evaluated_on=on, rules=engine.ruleset.rules))
    except GppError as exc:
        for w in writers:
            w.abort()
        print(exc.describe(lang), file=sys.stderr)
        return EXIT_USAGE
    show = not (args.no_progress or args.quiet) and sys.stderr.isatty()
    progress = Progress(show, lang, estimate_rows(list(args.files)) if show else None)
    if args.no_cache:
        engine.cache_size = 0
    spec = batch.EngineSpec(str(args.catalog) if args.catalog else None,
                            str(args.rules) if args.rules else None, args.backend, not args.no_cache)
    makers = tuple((type(w), w.lang) for w in writers)
    if args.scheduler:      # a Dask cluster: the workers load the engine from its spec, version checked
        from .. import dask as gp_dask

        chunks = gp_dask.run(rows_iter, on, spec=engine.spec, address=args.scheduler, makers=makers)
    else:
        chunks = batch.run(rows_iter, on, engine=engine, jobs=args.jobs, spec=spec, makers=makers)
    try:
        with contextlib.ExitStack() as stack:
            close = getattr(chunks, "close", None)
            if close is not None:       # the worker pool is stopped however the loop ends
                stack.callback(close)
            for chunk in chunks:
                summary.merge(chunk.summary)
                for w, pack in zip(writers, chunk.packs, strict=True):
                    w.write_pack(pack, chunk.rows)
                progress.tick(chunk.rows)
        progress.done()
        _rejected(summary, lang)
        if not args.quiet:
            _warn_ignored(readers, lang)
        for w in writers:
            w.close(summary)
    except GppError as exc:   # a file that broke in the middle (e.g. truncated xlsx); a cluster not reached;
        progress.done()       # a worker that died; a full disk: no report is left that looks complete
        for w in writers:
            w.abort()
        print(error_line(exc, lang), file=sys.stderr)
        return EXIT_USAGE
    except BaseException:     # Ctrl-C, SIGTERM: nothing half-written stays (the workers are stopped)
        for w in writers:
            w.abort()
        raise
    finally:
        for reader in readers:
            reader.close()
    engine.close()
    if args.format == "json":
        # compact, and written as it is made: a run may have a hundred thousand requests
        entries = itertools.chain((("evaluated_on", on.isoformat()), ("version", engine.version)),
                                  summary.iter_dict())
        sys.stdout.writelines(compact_json(entries))
        sys.stdout.write("\n")
    elif not args.quiet:
        print(summary_text(summary, lang=lang, catalog=catalog), file=sys.stdout if args.format == "table"
              else sys.stderr)
    for out in args.output:
        if not args.quiet:
            warn(lang, "cli.report-written", path=out)
    failing = set().union(*args.fail_on) if args.fail_on else set()
    if failing and any(summary.total.status_counts.get(s, 0) for s in failing):
        return EXIT_PROBLEMS
    return EXIT_OK


def _warn_ignored(readers: Sequence[FileInfo], lang: str) -> None:
    """Say which columns of each file were not read."""
    for reader in readers:
        if reader.ignored_columns:
            hints = reader.ignored_hints
            columns = ", ".join(text("cli.ignored-column-hint", lang, column=c, hint=hints[c]) if c in hints
                                else text("cli.ignored-column", lang, column=c) for c in reader.ignored_columns)
            warn(lang, "cli.ignored-columns", source=reader.source, columns=columns)
