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
    return parser


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
    problems, counts = validate_problems(args.catalog, args.rules)
    errors = sum(p.level == ERROR for p in problems)
    warnings = sum(p.level == WARNING for p in problems)
    if args.format == "json":
        out: dict[str, Any] = {"valid": errors == 0, "errors": errors, "warnings": warnings,
                               "counts": counts, "problems": [p.to_dict() for p in problems]}
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        for p in problems:
            print(p.format())
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
