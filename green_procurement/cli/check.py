"""``green-procurement check``: score batch files, write the reports, print the summary."""

from __future__ import annotations

import argparse
import contextlib
import datetime
import itertools
import sys
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .._messages import text
from .common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, error_line, load_engine, warn

if TYPE_CHECKING:
    from ..io import FileInfo

__all__ = ["Progress", "cmd_check"]


class Progress:
    """A progress line on stderr (rows so far and rows per second, counts grouped for the language),
    only when stderr is a terminal."""

    def __init__(self, enabled: bool, lang: str) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.lang = lang
        self.count = 0
        self.start = 0.0
        self.last = 0.0

    def line(self, now: float) -> str:
        rate = self.count / max(now - self.start, 1e-9)
        return text("cli.progress", self.lang, rows=self.count, rate=rate)

    def tick(self, rows: int = 1) -> None:
        self.count += rows
        if not self.enabled:
            return
        now = time.monotonic()
        if not self.start:
            self.start = now
        if now - self.last >= 0.2:
            self.last = now
            sys.stderr.write(f"\r{self.line(now)}   ")
            sys.stderr.flush()

    def done(self) -> None:
        if self.enabled and self.count >= 500:
            sys.stderr.write("\r" + " " * 60 + "\r")
            sys.stderr.flush()


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
                                       evaluated_on=on, rules=engine.ruleset.rules))
        if args.format == "csv":
            writers.append(open_writer("-.csv", lang=lang, catalog=catalog, version=engine.version,
                                       evaluated_on=on, rules=engine.ruleset.rules))
    except GppError as exc:
        for w in writers:
            w.abort()
        print(exc.describe(lang), file=sys.stderr)
        return EXIT_USAGE
    progress = Progress(not args.no_progress, lang)
    if args.no_cache:
        engine.cache_size = 0
    spec = batch.EngineSpec(str(args.catalog) if args.catalog else None,
                            str(args.rules) if args.rules else None, args.backend, not args.no_cache)
    makers = tuple((type(w), w.lang) for w in writers)
    try:
        with contextlib.closing(batch.run(rows_iter, on, engine=engine, jobs=args.jobs, spec=spec,
                                          makers=makers)) as chunks:
            for chunk in chunks:
                summary.merge(chunk.summary)
                for w, pack in zip(writers, chunk.packs, strict=True):
                    w.write_pack(pack, chunk.rows)
                progress.tick(chunk.rows)
        progress.done()
        _warn_ignored(readers, lang)
        for w in writers:
            w.close(summary)
    except GppError as exc:   # a file that broke in the middle (e.g. truncated xlsx), a worker that died,
        progress.done()       # a full disk: no report is left that looks complete
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
    else:
        print(summary_text(summary, lang=lang, catalog=catalog), file=sys.stdout if args.format == "table"
              else sys.stderr)
    for out in args.output:
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
