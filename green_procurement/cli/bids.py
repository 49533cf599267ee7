"""``green-procurement bids``: compare the bids of a package with the legal preferences."""

from __future__ import annotations

import argparse
import datetime
import sys

from .._messages import text
from ..errors import GppError
from .common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, error_line, load_engine, located_error_line, warn

__all__ = ["cmd_bids"]


def _ignored(lang: str, reader: object) -> None:
    """Warn about the columns of a file that map to nothing (with a did-you-mean)."""
    columns = getattr(reader, "ignored_columns", ())
    if columns:
        hints = getattr(reader, "ignored_hints", {})
        shown = ", ".join(text("cli.ignored-column-hint", lang, column=c, hint=hints[c]) if c in hints
                          else text("cli.ignored-column", lang, column=c) for c in columns)
        warn(lang, "cli.ignored-columns", source=getattr(reader, "source", ""), columns=shown)


def cmd_bids(args: argparse.Namespace) -> int:
    from ..bids import regime_for
    from ..io import BatchFileError
    from ..io.bidfile import read_bids
    from ..report.bids import bids_csv, bids_json, bids_table, write_bids_report

    lang = args.lang
    engine = load_engine(args, "python")      # bids need no rule matching: no durable-rules ruleset
    if engine is None:
        return EXIT_USAGE
    on = args.on or datetime.date.today()
    try:
        regime_for(engine.ruleset.bids, on, args.eco_margin)
        with read_bids(args.file, engine.ruleset.catalog, number_format=args.number_format) as reader:
            rows = list(reader)
        bids = [r.bid for r in rows if r.bid is not None]
        rejected = [r.error for r in rows if r.error is not None]
        comparison = engine.compare_bids(bids, on, eco_margin=args.eco_margin, rejected=rejected)
        for out in args.output:
            write_bids_report(comparison, out, lang)
    except BatchFileError as exc:
        print(error_line(exc, lang), file=sys.stderr)
        return EXIT_USAGE
    except GppError as exc:
        print(located_error_line(exc, lang), file=sys.stderr)
        return EXIT_USAGE
    finally:
        engine.close()
    _ignored(lang, reader)
    render = {"json": bids_json, "csv": bids_csv}.get(args.format, bids_table)
    sys.stdout.write(render(comparison, lang))
    for out in args.output:
        warn(lang, "cli.report-written", path=out)
    if comparison.errors:
        warn(lang, "cli.bids.rows-rejected", n=comparison.errors)
        return EXIT_PROBLEMS
    return EXIT_OK
