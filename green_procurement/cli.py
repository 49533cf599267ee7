"""Command line: ``green-procurement <command>`` (also ``python -m green_procurement``).

Exit codes (every command): 0 ok; 1 the command found problems (``validate``: errors, or warnings with
``--strict``); 2 usage error or unreadable input.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .errors import ERROR, WARNING, Problem

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2

EPILOG = """exit codes: 0 ok; 1 problems found (validate: errors, or warnings with --strict;
check: --fail-on met; test: a case failed); 2 usage error or unreadable input"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _load_engine(args: argparse.Namespace, backend: str = "durable") -> Any:
    """The engine for --catalog/--rules, or None after printing every problem (exit 2)."""
    from .engine import load
    from .errors import GppError

    try:
        return load(args.catalog, args.rules, backend)
    except GppError as exc:
        for p in exc.problems:
            print(p.format(), file=sys.stderr)
        vi = args.lang == "vi"
        print("Không nạp được danh mục/quy tắc; chạy `green-procurement validate` để xem chi tiết" if vi
              else "cannot load the catalogue/rules; run `green-procurement validate` for details",
              file=sys.stderr)
        return None


def _common(p: argparse.ArgumentParser, *, formats: Sequence[str] | None = None) -> None:
    p.add_argument("--catalog", metavar="DIR", type=Path, default=None,
                   help="catalogue directory (default: the shipped catalog/)")
    p.add_argument("--rules", metavar="DIR", type=Path, default=None,
                   help="rules directory (default: the shipped rules/)")
    p.add_argument("--lang", choices=("vi", "en"), default="vi",
                   help="language of messages (default: vi)")
    if formats:
        p.add_argument("--format", choices=formats, default=formats[0],
                       help=f"output format (default: {formats[0]})")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="green-procurement",
                     description="Score public purchase requests against green public procurement "
                                 "criteria (YAML catalogue and rules).",
                     epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    v = sub.add_parser("validate", help="check the catalogue and rule files",
                       description="Check the catalogue and rule files; print every problem as "
                                   "path:line:col: error|warning: message [code].",
                       epilog="exit codes: 0 clean; 1 errors (or warnings with --strict); 2 usage error",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    _common(v, formats=("text", "json"))
    v.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    v.set_defaults(func=cmd_validate)

    c = sub.add_parser(
        "check", help="score procurement lists (CSV, XLSX, JSON, JSONL, YAML, - for JSON lines on stdin)",
        description="Score every row of one or more procurement lists and report per row, request, "
                    "product group and procuring unit.",
        epilog=CHECK_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    c.add_argument("files", nargs="+", metavar="FILE", help="a .csv, .xlsx, .json, .jsonl or .yaml file, or -")
    _common(c, formats=("table", "json", "csv"))
    c.add_argument("--on", metavar="DATE", type=_date_arg, default=None,
                   help="evaluation date, YYYY-MM-DD or dd/mm/yyyy (default: today)")
    c.add_argument("--output", "-o", metavar="PATH", action="append", default=[], type=Path,
                   help="write a report; the format follows the extension: .csv .json .html .xlsx "
                        "(repeatable)")
    c.add_argument("--jobs", "-j", metavar="N", type=_positive_int, default=1,
                   help="worker processes (default 1); the output is identical for any N")
    c.add_argument("--fail-on", metavar="STATUS", action="append", default=[], type=_fail_on,
                   help="exit 1 when some row has this status: not_green, partial (partial or "
                        "not_green) or error; repeatable or comma-separated")
    c.add_argument("--number-format", choices=("vi", "en"), default="vi",
                   help="how to read numbers in CSV cells: vi = 12.500.000 and 1.234,5 (default); "
                        "en = 12,500,000 and 1,234.5")
    c.add_argument("--backend", choices=("durable", "python"), default="durable",
                   help="rule engine (default durable; python is the reference evaluator)")
    c.add_argument("--no-progress", action="store_true", help="no progress line on stderr")
    c.set_defaults(func=cmd_check)
    return parser


CHECK_EPILOG = """numbers: with --number-format vi (the default) a dot groups thousands and a comma
is the decimal mark: 12.500.000 = 12500000, 1.234,5 = 1234.5, and the ambiguous 1.234 = 1234. A single
dot not followed by exactly three digits is a decimal point (1234.5, 0.25). Use --number-format en
for 12,500,000 and 1,234.5 (then 1.234 = 1.234). Cells of .xlsx and .json files are numbers already.

exit codes: 0 ok; 1 --fail-on met; 2 usage error or a file that cannot be read"""


def _date_arg(text: str) -> Any:
    from .model import parse_date

    try:
        return parse_date(text, "--on")
    except Exception:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD or dd/mm/yyyy)") from None


def _positive_int(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return n


FAIL_ON = {"not_green": {"not_green"}, "partial": {"partial", "not_green"}, "error": {"error"}}


def _fail_on(text: str) -> set[str]:
    out: set[str] = set()
    for part in text.split(","):
        part = part.strip()
        if part not in FAIL_ON:
            raise argparse.ArgumentTypeError(f"{part!r} is not one of {', '.join(FAIL_ON)}")
        out |= FAIL_ON[part]
    return out


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("green-procurement")
    except Exception:  # pragma: no cover - not installed
        return "0+unknown"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="replace")
            except (ValueError, OSError):  # pragma: no cover
                pass
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:  # pragma: no cover - interactive
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return EXIT_OK


# -- validate ---------------------------------------------------------------------------------------

def validate_problems(catalog: Path | None, rules: Path | None) -> tuple[list[Problem], dict[str, int]]:
    """Every problem of a catalogue and rules directory, and counts of what loaded."""
    from .catalog import check_catalog
    from .rules import check_rules

    cat, problems = check_catalog(catalog)
    counts: dict[str, int] = {}
    if cat is not None:
        counts = {"labels": len(cat.labels), "product_groups": len(cat.groups),
                  "attributes": len(cat.attributes)}
        ruleset, rproblems = check_rules(cat, rules)
        problems = problems + rproblems
        if ruleset is not None:
            counts["rules"] = len(ruleset.rules)
    return sorted(problems, key=Problem.sort_key), counts


def cmd_validate(args: argparse.Namespace) -> int:
    # each problem line is "path:line:col: lỗi|cảnh báo: message; hint [code]" in Vietnamese (the
    # default) or "path:line:col: error|warning: ..." with --lang en; JSON carries both languages
    problems, counts = validate_problems(args.catalog, args.rules)
    errors = sum(p.level == ERROR for p in problems)
    warnings = sum(p.level == WARNING for p in problems)
    if args.format == "json":
        out: dict[str, Any] = {"valid": errors == 0, "errors": errors, "warnings": warnings,
                               "counts": counts, "lang": args.lang,
                               "problems": [p.to_dict(args.lang) for p in problems]}
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        for p in problems:
            print(p.format(args.lang))
        vi = args.lang == "vi"
        if errors:
            print(f"{errors} lỗi, {warnings} cảnh báo" if vi else f"{errors} error(s), {warnings} warning(s)",
                  file=sys.stderr)
        else:
            what = ", ".join(f"{n} {k}" for k, n in counts.items())
            msg = (f"Hợp lệ ({what}); {warnings} cảnh báo" if vi
                   else f"valid ({what}); {warnings} warning(s)")
            print(msg, file=sys.stderr)
    if errors or (args.strict and warnings):
        return EXIT_PROBLEMS
    return EXIT_OK


# -- check ------------------------------------------------------------------------------------------

class _Progress:
    """A progress line on stderr, only when stderr is a terminal."""

    def __init__(self, enabled: bool, lang: str) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.lang = lang
        self.count = 0
        self.start = 0.0
        self.last = 0.0

    def tick(self) -> None:
        self.count += 1
        if not self.enabled or self.count % 500:
            return
        import time

        now = time.monotonic()
        if not self.start:
            self.start = now
        if now - self.last >= 0.2:
            self.last = now
            rate = self.count / max(now - self.start, 1e-9)
            text = (f"{self.count:,} dòng, {rate:,.0f} dòng/giây" if self.lang == "vi"
                    else f"{self.count:,} rows, {rate:,.0f} rows/s")
            sys.stderr.write(f"\r{text}   ")
            sys.stderr.flush()

    def done(self) -> None:
        if self.enabled and self.count >= 500:
            sys.stderr.write("\r" + " " * 60 + "\r")
            sys.stderr.flush()


def _file_error(exc: Any, lang: str) -> str:
    text = exc.message + (f"; {exc.hint}" if exc.hint else "")
    return f"{'lỗi' if lang == 'vi' else 'error'}: {text}"


def cmd_check(args: argparse.Namespace) -> int:
    import datetime
    import itertools

    from . import batch
    from .errors import GppError
    from .io import BatchFileError, read_rows
    from .report import open_writer, summary_text

    vi = args.lang == "vi"
    engine = _load_engine(args, args.backend)
    if engine is None:
        return EXIT_USAGE
    on = args.on or datetime.date.today()
    catalog = engine.ruleset.catalog
    # open every input first (header checked): an unreadable file stops the run before anything
    # is written
    readers = []
    try:
        for f in args.files:
            readers.append(read_rows(f, catalog, number_format=args.number_format))
    except BatchFileError as exc:
        print(_file_error(exc, args.lang), file=sys.stderr)
        return EXIT_USAGE
    rows_iter = itertools.chain.from_iterable(readers)
    summary = batch.Summary()
    writers = []
    try:
        for out in args.output:
            writers.append(open_writer(out, lang=args.lang, catalog=catalog, version=engine.version,
                                       evaluated_on=on))
        if args.format == "csv":
            writers.append(open_writer("-.csv", lang=args.lang, catalog=catalog, version=engine.version,
                                       evaluated_on=on))
    except GppError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    progress = _Progress(not args.no_progress, args.lang)
    spec = batch.EngineSpec(str(args.catalog) if args.catalog else None,
                            str(args.rules) if args.rules else None, args.backend)
    try:
        for record in batch.run(rows_iter, on, engine=engine, jobs=args.jobs, spec=spec):
            summary.add(record)
            for w in writers:
                w.write(record)
            progress.tick()
    except BatchFileError as exc:   # a file that broke in the middle (e.g. truncated xlsx)
        progress.done()
        print(_file_error(exc, args.lang), file=sys.stderr)
        for w in writers:
            w.abort()
        return EXIT_USAGE
    progress.done()
    for reader in readers:
        if reader.ignored_columns:
            cols = ", ".join(f"'{c}'" + (f" ({reader.ignored_hints[c]})" if c in reader.ignored_hints else "")
                             for c in reader.ignored_columns)
            print(f"{reader.source}: bỏ qua các cột không dùng: {cols}" if vi
                  else f"{reader.source}: ignored columns: {cols}", file=sys.stderr)
    for w in writers:
        w.close(summary)
    engine.close()
    if args.format == "json":
        print(json.dumps({"evaluated_on": on.isoformat(), "version": engine.version, **summary.to_dict()},
                         ensure_ascii=False, indent=2))
    else:
        text = summary_text(summary, lang=args.lang, catalog=catalog)
        print(text, file=sys.stdout if args.format == "table" else sys.stderr)
    for out in args.output:
        print(f"Đã ghi báo cáo: {out}" if vi else f"report written: {out}", file=sys.stderr)
    failing = set().union(*args.fail_on) if args.fail_on else set()
    if failing and any(summary.total.status_counts.get(s, 0) for s in failing):
        return EXIT_PROBLEMS
    return EXIT_OK
