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
            print(p.format(args.lang), file=sys.stderr)
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
    c.add_argument("--no-cache", action="store_true",
                   help="do not memoise rule matching by each item's rule-relevant projection (slower; "
                        "the results are the same)")
    c.set_defaults(func=cmd_check)

    t = sub.add_parser("test", help="run the rule test cases (rules/tests/*.yaml)",
                       description="Run the rule test cases written by policy staff and report every "
                                   "expectation that failed, at its file:line.",
                       epilog="exit codes: 0 every case passed (and coverage reached --min-coverage); "
                              "1 a case failed, a test file has problems or coverage is too low; "
                              "2 usage error or unreadable catalogue/rules/tests folder",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    _common(t, formats=("text", "json"))
    t.add_argument("--tests", metavar="DIR", type=Path, default=None,
                   help="folder of test files (default: the tests folder of --rules)")
    t.add_argument("--on", metavar="DATE", type=_date_arg, default=None,
                   help="evaluation date of cases that give none (default 2025-06-01, never today)")
    t.add_argument("--coverage", action="store_true",
                   help="list the rules never seen both met and not met by a case")
    t.add_argument("--min-coverage", metavar="P", type=float, default=None,
                   help="fail when fewer than P %% of the rules are seen both met and not met")
    t.add_argument("--verbose", "-v", action="store_true", help="also list the cases that passed")
    t.set_defaults(func=cmd_test)

    e = sub.add_parser("explain", help="explain how one item is scored, rule by rule",
                       description="For one item: the classification, then for every rule whether it "
                                   "applies, and if not met the sub-condition and the value that failed "
                                   "it; then the score arithmetic and the status.",
                       epilog="ITEM is a .yaml/.json file holding one line item (description, quantity, "
                              "unit_price, labels, attributes...) or one purchase request (id, items; "
                              "choose the item with --item). Or use --row FILE:N for row N of a batch "
                              "file.\nexit codes: 0 ok; 2 usage error or unreadable input",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    e.add_argument("item_file", nargs="?", metavar="ITEM", type=Path, help="a .yaml or .json item or request")
    _common(e, formats=("text", "json"))
    e.add_argument("--row", metavar="FILE:N", help="row N of a batch file (as numbered in check's reports)")
    e.add_argument("--item", metavar="N", type=_positive_int, default=1,
                   help="which item of a request file (1 = the first)")
    e.add_argument("--on", metavar="DATE", type=_date_arg, default=None, help="evaluation date (default: today)")
    e.add_argument("--number-format", choices=("vi", "en"), default="vi", help="numbers in --row CSV files")
    e.set_defaults(func=cmd_explain)

    d = sub.add_parser("diff", help="impact of a rule change on a past purchase list",
                       description="Score a purchase list with the old and the new rules and list the "
                                   "items whose status or score changes, with the rules that caused it, "
                                   "and the totals before and after.",
                       epilog="exit codes: 0 ok (also when items change); 2 usage error or unreadable input",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    d.add_argument("file", metavar="FILE", help="a purchase list (.csv, .xlsx, .json, .jsonl, .yaml)")
    d.add_argument("--old", metavar="RULES_DIR", type=Path, required=True, help="the rules before the change")
    d.add_argument("--new", metavar="RULES_DIR", type=Path, required=True, help="the rules after the change")
    d.add_argument("--old-catalog", metavar="DIR", type=Path, default=None,
                   help="the catalogue before the change (default: --catalog)")
    d.add_argument("--new-catalog", metavar="DIR", type=Path, default=None,
                   help="the catalogue after the change, e.g. new group parameters (default: --catalog)")
    _common(d, formats=("text", "json"))
    d.add_argument("--on", metavar="DATE", type=_date_arg, default=None, help="evaluation date (default: today)")
    d.add_argument("--number-format", choices=("vi", "en"), default="vi", help="numbers in CSV files")
    d.set_defaults(func=cmd_diff)

    g = sub.add_parser("catalog", help="list the eco-labels, product groups or attributes of the catalogue",
                       description="Look up catalogue ids, names, accepted labels and parameters.",
                       epilog="exit codes: 0 ok; 2 usage error or unreadable catalogue",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    g.add_argument("what", nargs="?", choices=("labels", "products", "attributes"), default="products")
    _common(g, formats=("table", "json"))
    g.add_argument("--kind", choices=("green", "energy", "carbon", "recycling", "other"),
                   help="labels of this kind only")
    g.add_argument("--tag", metavar="TAG", help="product groups carrying this tag only")
    g.set_defaults(func=cmd_catalog)
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
            names = _COUNT_NAMES_VI if vi else _COUNT_NAMES_EN
            what = ", ".join(f"{n} {names.get(k, k)}" for k, n in counts.items())
            msg = (f"Hợp lệ ({what}); {warnings} cảnh báo" if vi
                   else f"valid ({what}); {warnings} warning(s)")
            print(msg, file=sys.stderr)
        from .catalog import default_catalog_dir
        from .rules import default_rules_dir

        where = (f"{args.catalog or default_catalog_dir()}", f"{args.rules or default_rules_dir()}")
        print((f"Đã kiểm tra: danh mục {where[0]}, quy tắc {where[1]}" if vi
               else f"checked: catalogue {where[0]}, rules {where[1]}"), file=sys.stderr)
    if any(p.code == "missing-directory" for p in problems):
        return EXIT_USAGE
    if errors or (args.strict and warnings):
        return EXIT_PROBLEMS
    return EXIT_OK


_COUNT_NAMES_VI = {"labels": "nhãn", "product_groups": "nhóm sản phẩm", "attributes": "thuộc tính",
                   "rules": "quy tắc"}
_COUNT_NAMES_EN = {"labels": "labels", "product_groups": "product groups", "attributes": "attributes",
                   "rules": "rules"}


# -- check ------------------------------------------------------------------------------------------

class _Progress:
    """A progress line on stderr, only when stderr is a terminal."""

    def __init__(self, enabled: bool, lang: str) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.lang = lang
        self.count = 0
        self.start = 0.0
        self.last = 0.0

    def tick(self, rows: int = 1) -> None:
        self.count += rows
        if not self.enabled:
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
    hint = exc.get_hint(lang)
    text = exc.get_message(lang) + (f"; {hint}" if hint else "")
    return f"{'lỗi' if lang == 'vi' else 'error'}: {text}"


def cmd_check(args: argparse.Namespace) -> int:
    import datetime
    import itertools

    from . import batch
    from .errors import GppError
    from .io import BatchFileError, read_rows
    from .report import compact_json, open_writer, summary_text
    from .results import Summary

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
            readers.append(read_rows(f, catalog, number_format=args.number_format, raw=True,
                                     block_lines=batch.CHUNK_ROWS))
    except BatchFileError as exc:
        print(_file_error(exc, args.lang), file=sys.stderr)
        return EXIT_USAGE
    rows_iter = itertools.chain.from_iterable(readers)
    summary = Summary()
    writers = []
    try:
        for out in args.output:
            writers.append(open_writer(out, lang=args.lang, catalog=catalog, version=engine.version,
                                       evaluated_on=on, rules=engine.ruleset.rules))
        if args.format == "csv":
            writers.append(open_writer("-.csv", lang=args.lang, catalog=catalog, version=engine.version,
                                       evaluated_on=on, rules=engine.ruleset.rules))
    except GppError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    progress = _Progress(not args.no_progress, args.lang)
    if args.no_cache:
        engine.cache_size = 0
    spec = batch.EngineSpec(str(args.catalog) if args.catalog else None,
                            str(args.rules) if args.rules else None, args.backend, not args.no_cache)
    makers = tuple((type(w), w.lang) for w in writers)
    try:
        for chunk in batch.run(rows_iter, on, engine=engine, jobs=args.jobs, spec=spec, makers=makers):
            summary.merge(chunk.summary)
            for w, pack in zip(writers, chunk.packs, strict=True):
                w.write_pack(pack, chunk.rows)
            progress.tick(chunk.rows)
    except BatchFileError as exc:   # a file that broke in the middle (e.g. truncated xlsx)
        progress.done()
        print(_file_error(exc, args.lang), file=sys.stderr)
        for w in writers:
            w.abort()
        return EXIT_USAGE
    progress.done()
    for reader in readers:
        if reader.ignored_columns:
            cols = ", ".join(f"'{c}'" + (f" ({reader.ignored_hints[c].get(args.lang)})" if c in reader.ignored_hints
                                          else "")
                             for c in reader.ignored_columns)
            print(f"{reader.source}: bỏ qua các cột không dùng: {cols}" if vi
                  else f"{reader.source}: ignored columns: {cols}", file=sys.stderr)
    for w in writers:
        w.close(summary)
    engine.close()
    if args.format == "json":
        # compact, and written as it is made: a run may have a hundred thousand requests
        entries = itertools.chain((("evaluated_on", on.isoformat()), ("version", engine.version)),
                                  summary.iter_dict())
        sys.stdout.writelines(compact_json(entries))
        sys.stdout.write("\n")
    else:
        text = summary_text(summary, lang=args.lang, catalog=catalog)
        print(text, file=sys.stdout if args.format == "table" else sys.stderr)
    for out in args.output:
        print(f"Đã ghi báo cáo: {out}" if vi else f"report written: {out}", file=sys.stderr)
    failing = set().union(*args.fail_on) if args.fail_on else set()
    if failing and any(summary.total.status_counts.get(s, 0) for s in failing):
        return EXIT_PROBLEMS
    return EXIT_OK


# -- test -------------------------------------------------------------------------------------------

def cmd_test(args: argparse.Namespace) -> int:
    from . import ruletest

    engine = _load_engine(args)
    if engine is None:
        return EXIT_USAGE
    try:
        cases, problems = ruletest.load_cases(args.tests, engine.ruleset, lang=args.lang)
        errors = [p for p in problems if p.level == ERROR]
        if problems:
            print(ruletest.render_problems(problems, args.lang), file=sys.stderr)
        if any(p.code == "missing-directory" for p in errors):
            return EXIT_USAGE
        report = ruletest.run_cases(engine, cases, args.on or ruletest.DEFAULT_ON)
        cov = ruletest.coverage(report, engine.ruleset) if args.coverage or args.min_coverage is not None \
            else None
        if args.format == "json":
            out = ruletest.report_to_dict(report, cov, args.lang)
            out["problems"] = [p.to_dict(args.lang) for p in problems]
            print(json.dumps(out, ensure_ascii=False, indent=2))
        else:
            print(ruletest.render_text(report, cov, args.lang, verbose=args.verbose))
    finally:
        engine.close()
    low = cov is not None and args.min_coverage is not None and cov.percent("both") < args.min_coverage
    if low:
        print((f"Độ bao phủ {cov.percent('both')} % < mức tối thiểu {args.min_coverage} %" if args.lang == "vi"
               else f"coverage {cov.percent('both')} % < minimum {args.min_coverage} %"), file=sys.stderr)
    return EXIT_PROBLEMS if (errors or not report.ok or low) else EXIT_OK


# -- explain ----------------------------------------------------------------------------------------

def _load_item_file(path: Path) -> Any:
    from ._yaml import YamlLoadError, load_yaml
    from .errors import InputError

    if path.suffix.lower() == ".json":
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise InputError(f"cannot read {path}: {exc.strerror}", path=str(path), code="unreadable") from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise InputError(f"{path} is not valid JSON: {exc}", path=str(path), code="bad-json") from None
    try:
        doc = load_yaml(path, str(path))
    except YamlLoadError as exc:
        raise InputError(exc.problem.message, path=str(path), line=exc.problem.line,
                         column=exc.problem.column, code=exc.problem.code, hint=exc.problem.hint) from None
    if doc.problems:
        p = doc.problems[0]
        raise InputError(p.message, path=str(path), line=p.line, column=p.column, code=p.code, hint=p.hint)
    return doc.data


def cmd_explain(args: argparse.Namespace) -> int:
    import datetime

    from . import explain
    from .errors import GppError
    from .io import read_rows

    vi = args.lang == "vi"
    if (args.item_file is None) == (args.row is None):
        print("lỗi: cần đúng một trong hai: tệp ITEM hoặc --row TỆP:N" if vi
              else "error: give either an ITEM file or --row FILE:N", file=sys.stderr)
        return EXIT_USAGE
    engine = _load_engine(args)
    if engine is None:
        return EXIT_USAGE
    on = args.on or datetime.date.today()
    try:
        if args.row is not None:
            name, _, num = args.row.rpartition(":")
            if not name or not num.isdigit():
                print("lỗi: --row phải có dạng TỆP:SỐ_DÒNG, ví dụ danh-sach.csv:12" if vi
                      else "error: --row must be FILE:ROW, e.g. list.csv:12", file=sys.stderr)
                return EXIT_USAGE
            found = None
            with read_rows(name, engine.ruleset.catalog, number_format=args.number_format) as rows:
                for r in rows:
                    if r.row == int(num):
                        found = r
                        break
            if found is None:
                print(f"lỗi: {name} không có dòng dữ liệu số {num}" if vi
                      else f"error: {name} has no data row {num}", file=sys.stderr)
                return EXIT_USAGE
            if found.item is None:
                reason = found.error.get(args.lang) if found.error is not None else ""
                print(f"Dòng {num} của {name} không đọc được: {reason}" if vi
                      else f"row {num} of {name} cannot be read: {reason}")
                return EXIT_OK
            ex = explain.explain_line(engine, found.item, on, entity=found.entity, funding=found.funding,
                                      lang=args.lang)
        else:
            data = _load_item_file(args.item_file)
            if isinstance(data, dict) and "items" in data:
                ex = explain.explain_item(engine, data, args.item - 1, on, lang=args.lang)
            else:
                item = dict(data) if isinstance(data, dict) else {}
                item.setdefault("id", "1")
                ex = explain.explain_line(engine, item, on, lang=args.lang)
    except GppError as exc:
        where = exc.path or ""
        loc = f"{where}:{exc.line}:{exc.column}: " if exc.line else (f"{where}: " if where else "")
        msg = exc.get_message(args.lang) if hasattr(exc, "get_message") else exc.message
        hint = exc.get_hint(args.lang) if hasattr(exc, "get_hint") else exc.hint
        print(f"{loc}{'lỗi' if vi else 'error'}: {msg}" + (f"; {hint}" if hint else ""), file=sys.stderr)
        return EXIT_USAGE
    finally:
        engine.close()
    if args.format == "json":
        print(json.dumps(ex.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(explain.render_text(ex, args.lang))
    return EXIT_OK


# -- diff -------------------------------------------------------------------------------------------

def cmd_diff(args: argparse.Namespace) -> int:
    import datetime

    from . import diff
    from .engine import Engine
    from .errors import GppError
    from .io import BatchFileError, read_rows
    from .rules import load_ruleset

    engines = []
    try:
        for catalog, rules in ((args.old_catalog or args.catalog, args.old),
                               (args.new_catalog or args.catalog, args.new)):
            engines.append(Engine(load_ruleset(catalog, rules)))
    except GppError as exc:
        for p in exc.problems:
            print(p.format(args.lang), file=sys.stderr)
        return EXIT_USAGE
    on = args.on or datetime.date.today()
    try:
        with read_rows(args.file, engines[1].ruleset.catalog, number_format=args.number_format) as rows:
            report = diff.diff_rows(engines[0], engines[1], rows, on)
    except BatchFileError as exc:
        print(_file_error(exc, args.lang), file=sys.stderr)
        return EXIT_USAGE
    finally:
        for e in engines:
            e.close()
    if args.format == "json":
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(diff.render_text(report, args.lang))
    return EXIT_OK


# -- catalog ----------------------------------------------------------------------------------------

def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    from .report import display_width

    widths = [max([display_width(h), *(display_width(r[i]) for r in rows)]) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c + " " * (w - display_width(c)) for c, w in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def cmd_catalog(args: argparse.Namespace) -> int:
    from .catalog import check_catalog

    vi = args.lang == "vi"
    cat, problems = check_catalog(args.catalog)
    if cat is None:
        for p in problems:
            print(p.format(args.lang), file=sys.stderr)
        return EXIT_USAGE
    lang = args.lang
    if args.what == "labels":
        labels = [x for x in cat.labels.values() if args.kind is None or x.kind == args.kind]
        data = [{"id": x.id, "kind": x.kind, "name": x.name.to_dict(), "issuer": x.issuer, "country": x.country,
                 "iso_type": x.iso_type, "validity_years": x.validity_years,
                 "grades": list(x.grades.scale) if x.grades else None, "recognised": x.recognised,
                 "source": x.source, "note": x.note} for x in labels]
        headers = (["mã", "loại", "tên", "nước", "ISO", "hiệu lực (năm)", "hạng", "được công nhận"] if vi
                   else ["id", "kind", "name", "country", "ISO", "validity (years)", "grades", "recognised"])
        rows = [[x.id, x.kind, x.name.get(lang), x.country, x.iso_type, str(x.validity_years or "—"),
                 ",".join(map(str, x.grades.scale)) if x.grades else "—",
                 ("có" if x.recognised else "không") if vi else ("yes" if x.recognised else "no")] for x in labels]
    elif args.what == "products":
        groups = [g for g in cat.groups.values() if args.tag is None or args.tag in g.tags]
        data = [{"id": g.id, "name": g.name.to_dict(), "priority": g.priority,
                 "accepted_labels": list(g.accepted_labels),
                 "tags": list(g.tags), "params": {k: (str(v) if not isinstance(v, (bool, int, str)) else v)
                                                  for k, v in g.params.items()},
                 "keywords": {"vi": list(g.keywords.vi), "en": list(g.keywords.en)},
                 "codes": {k: list(v) for k, v in g.codes.items()}, "source": g.source, "note": g.note}
                for g in groups]
        headers = (["mã", "tên", "ưu tiên", "nhãn được chấp nhận", "tham số"] if vi
                   else ["id", "name", "priority", "accepted labels", "params"])
        rows = [[g.id, g.name.get(lang), ("có" if g.priority else "không") if vi else ("yes" if g.priority else "no"),
                 ", ".join(g.accepted_labels) or "—", ", ".join(f"{k}={v}" for k, v in g.params.items()) or "—"]
                for g in groups]
    else:
        attrs_ = list(cat.attributes.values())
        data = [{"id": a.id, "type": a.type, "name": a.name.to_dict(),
                 "min": None if a.minimum is None else str(a.minimum),
                 "max": None if a.maximum is None else str(a.maximum),
                 "values": list(a.values) if a.values else None, "columns": list(a.columns)} for a in attrs_]
        headers = (["mã", "kiểu", "tên", "giá trị cho phép", "tên cột khác"] if vi
                   else ["id", "type", "name", "allowed values", "other column names"])
        rows = [[a.id, a.type, a.name.get(lang),
                 ", ".join(a.values) if a.values else (f"{a.minimum}..{a.maximum}" if a.minimum is not None
                                                       or a.maximum is not None else "—"),
                 ", ".join(a.columns) or "—"] for a in attrs_]
    if args.format == "json":
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(_table(headers, rows))
    return EXIT_OK
