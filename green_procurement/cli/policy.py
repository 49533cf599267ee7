"""The commands of policy staff: ``validate``, ``test``, ``explain`` and ``diff``."""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from pathlib import Path

from .._messages import msg, text
from ..errors import ERROR, WARNING, Problem
from .common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, error_line, load_engine, located_error_line, say, warn

__all__ = ["cmd_diff", "cmd_explain", "cmd_test", "cmd_validate", "validate_problems"]


# -- validate ---------------------------------------------------------------------------------------

def validate_problems(catalog: Path | None, rules: Path | None) -> tuple[list[Problem], dict[str, int]]:
    """Every problem of a catalogue and rules directory, and counts of what loaded."""
    from ..catalog import check_catalog
    from ..rules import check_rules

    cat, problems = check_catalog(catalog)
    counts: dict[str, int] = {}
    if cat is not None:
        counts = {"labels": len(cat.labels), "product_groups": len(cat.groups),
                  "attributes": len(cat.attributes)}
        if len(cat.certificates):
            counts["certificates"] = len(cat.certificates)
        ruleset, rproblems = check_rules(cat, rules)
        problems = problems + rproblems
        if ruleset is not None:
            from ..compiler import check_limits

            limits = check_limits(ruleset.rules)     # what the default backend, durable-rules, cannot run
            problems += limits
            if not limits:
                counts["rules"] = len(ruleset.rules)
    return sorted(problems, key=Problem.sort_key), counts


def cmd_validate(args: argparse.Namespace) -> int:
    # each problem line is "path:line:col: lỗi|cảnh báo: message; hint [code]" in Vietnamese (the
    # default) or "path:line:col: error|warning: ..." with --lang en; JSON carries both languages
    lang = args.lang
    problems, counts = validate_problems(args.catalog, args.rules)
    errors = sum(p.level == ERROR for p in problems)
    warnings = sum(p.level == WARNING for p in problems)
    if args.format == "json":
        out: dict[str, object] = {"valid": errors == 0, "errors": errors, "warnings": warnings,
                                  "counts": counts, "lang": lang,
                                  "problems": [p.to_dict(lang) for p in problems]}
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        for p in problems:
            print(p.format(lang))
        if args.quiet:
            pass
        elif errors:
            warn(lang, "validate.errors", errors=errors, warnings=warnings)
        else:
            what = ", ".join(text(f"validate.count.{k}", lang, n=n) for k, n in counts.items())
            warn(lang, "validate.valid", what=what, warnings=warnings)
        from ..catalog import default_catalog_dir
        from ..rules import default_rules_dir

        if not args.quiet:
            warn(lang, "validate.checked", catalog=args.catalog or default_catalog_dir(),
                 rules=args.rules or default_rules_dir())
    if any(p.code == "missing-directory" for p in problems):
        return EXIT_USAGE
    if errors or (args.strict and warnings):
        return EXIT_PROBLEMS
    return EXIT_OK


# -- test -------------------------------------------------------------------------------------------

def cmd_test(args: argparse.Namespace) -> int:
    from .. import ruletest

    lang = args.lang
    engine = load_engine(args)
    if engine is None:
        return EXIT_USAGE
    try:
        cases, problems = ruletest.load_cases(args.tests, engine.ruleset, lang=lang)
        errors = [p for p in problems if p.level == ERROR]
        if problems:
            print(ruletest.render_problems(problems, lang), file=sys.stderr)
        if any(p.code == "missing-directory" for p in errors):
            return EXIT_USAGE
        report = ruletest.run_cases(engine, cases, args.on or ruletest.DEFAULT_ON)
        cov = ruletest.coverage(report, engine.ruleset) if args.coverage or args.min_coverage is not None \
            else None
        if args.format == "json":
            out = ruletest.report_to_dict(report, cov, lang)
            out["problems"] = [p.to_dict(lang) for p in problems]
            print(json.dumps(out, ensure_ascii=False, indent=2))
        else:
            print(ruletest.render_text(report, cov, lang, verbose=args.verbose))
    finally:
        engine.close()
    low = cov is not None and args.min_coverage is not None and cov.percent("both") < args.min_coverage
    if low:
        assert cov is not None
        warn(lang, "cli.coverage-low", percent=cov.percent("both"), minimum=args.min_coverage)
    return EXIT_PROBLEMS if (errors or not report.ok or low) else EXIT_OK


# -- explain ----------------------------------------------------------------------------------------

def _load_item_file(path: Path) -> object:
    from .._messages import jsonlib_reason, os_reason
    from .._yaml import YamlLoadError, load_yaml
    from ..errors import InputError

    if path.suffix.lower() == ".json":
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise InputError(msg("cli.cannot-read-item", path=path, reason=os_reason(exc)), path=str(path),
                             code="unreadable") from None
        except json.JSONDecodeError as exc:
            raise InputError(msg("cli.item-not-json", path=path, reason=jsonlib_reason(exc.msg)), path=str(path),
                             code="bad-json", line=exc.lineno, column=exc.colno) from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise InputError(msg("cli.item-not-json", path=path, reason=str(exc)), path=str(path),
                             code="bad-json") from None
    try:
        doc = load_yaml(path, str(path))
    except YamlLoadError as exc:
        p = exc.problem
        raise InputError(p.msg, path=str(path), line=p.line, column=p.column, code=p.code, hint=p.hint_msg) from None
    if doc.problems:
        p = doc.problems[0]
        raise InputError(p.msg, path=str(path), line=p.line, column=p.column, code=p.code, hint=p.hint_msg)
    return doc.data


def cmd_explain(args: argparse.Namespace) -> int:
    from .. import explain
    from ..errors import GppError
    from ..io import read_rows

    lang = args.lang
    if (args.item_file is None) == (args.row is None):
        warn(lang, "cli.explain.item-or-row")
        return EXIT_USAGE
    engine = load_engine(args)
    if engine is None:
        return EXIT_USAGE
    on = args.on or datetime.date.today()
    try:
        if args.row is not None:
            name, _, num = args.row.rpartition(":")
            if not name or not num.isdigit():
                warn(lang, "cli.explain.bad-row")
                return EXIT_USAGE
            found = None
            with read_rows(name, engine.ruleset.catalog, number_format=args.number_format) as rows:
                for r in rows:
                    if r.row == int(num):
                        found = r
                        break
            if found is None:
                warn(lang, "cli.explain.no-row", name=name, row=num)
                return EXIT_USAGE
            if found.item is None:
                say(lang, "cli.explain.unreadable-row", row=num, name=name,
                    reason=found.error.get(lang) if found.error is not None else "")
                return EXIT_OK
            ex = explain.explain_line(engine, found.item, on, entity=found.entity, funding=found.funding,
                                      lang=lang)
        else:
            data = _load_item_file(args.item_file)
            if isinstance(data, dict) and "items" in data:
                ex = explain.explain_item(engine, data, args.item - 1, on, lang=lang)
            else:
                item = dict(data) if isinstance(data, dict) else {}
                item.setdefault("id", "1")
                ex = explain.explain_line(engine, item, on, lang=lang)
    except GppError as exc:
        print(located_error_line(exc, lang), file=sys.stderr)
        return EXIT_USAGE
    finally:
        engine.close()
    if args.format == "json":
        print(json.dumps(ex.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(explain.render_text(ex, lang))
    return EXIT_OK


# -- diff -------------------------------------------------------------------------------------------

def cmd_diff(args: argparse.Namespace) -> int:
    from .. import diff
    from ..engine import Engine
    from ..errors import GppError
    from ..io import BatchFileError, read_rows
    from ..rules import load_ruleset

    lang = args.lang
    engines = []
    try:
        for catalog, rules in ((args.old_catalog or args.catalog, args.old),
                               (args.new_catalog or args.catalog, args.new)):
            engines.append(Engine(load_ruleset(catalog, rules)))
    except GppError as exc:
        for p in exc.problems:
            print(p.format(lang), file=sys.stderr)
        return EXIT_USAGE
    on = args.on or datetime.date.today()
    try:
        with read_rows(args.file, engines[1].ruleset.catalog, number_format=args.number_format) as rows:
            report = diff.diff_rows(engines[0], engines[1], rows, on)
    except BatchFileError as exc:
        print(error_line(exc, lang), file=sys.stderr)
        return EXIT_USAGE
    finally:
        for e in engines:
            e.close()
    if args.format == "json":
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(diff.render_text(report, lang))
    return EXIT_OK
