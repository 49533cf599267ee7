"""``green-procurement registry import``: an issuer's list of certificates into a registry file of
``catalog/certificates/``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .._messages import text
from ..errors import GppError
from .common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, error_line, say, warn

__all__ = ["cmd_registry_import"]


def _ignored(lang: str, result: object) -> None:
    columns = getattr(result, "ignored_columns", ())
    if columns:
        shown = ", ".join(text("cli.ignored-column", lang, column=c) for c in columns)
        warn(lang, "cli.ignored-columns", source=getattr(result, "source", ""), columns=shown)


def cmd_registry_import(args: argparse.Namespace) -> int:
    from ..catalog import load_catalog
    from ..certificates import registry_csv, registry_yaml
    from ..errors import suggest
    from ..io import BatchFileError
    from ..io.certfile import read_issuer_list

    lang = args.lang
    try:
        catalog = load_catalog(args.catalog)
    except GppError as exc:
        for p in exc.problems:
            print(p.format(lang), file=sys.stderr)
        warn(lang, "cli.cannot-load")
        return EXIT_USAGE
    if args.scheme not in catalog.labels:
        hint = suggest(args.scheme, catalog.labels)
        warn(lang, "cli.registry.unknown-scheme", scheme=args.scheme,
             hint=hint.get(lang) if hint else text("cli.registry.schemes", lang, ids=", ".join(catalog.labels)))
        return EXIT_USAGE
    out: Path | None = args.output
    if out is not None and out.suffix.lower() not in (".csv", ".yaml", ".yml"):
        warn(lang, "cli.registry.bad-output", path=out)
        return EXIT_USAGE
    try:
        result = read_issuer_list(args.file, catalog, args.scheme, default_source=args.source,
                                  number_format=args.number_format)
    except BatchFileError as exc:
        print(error_line(exc, lang), file=sys.stderr)
        return EXIT_USAGE
    for p in result.problems:
        print(p.format(lang), file=sys.stderr)
    _ignored(lang, result)
    warn(lang, "cli.registry.summary", rows=result.rows, n=len(result.entries), duplicates=result.duplicates,
         errors=result.errors)
    if result.errors:
        warn(lang, "cli.registry.not-written")
        return EXIT_PROBLEMS
    if not result.entries:
        warn(lang, "cli.registry.empty")
        return EXIT_PROBLEMS
    if out is None:
        sys.stdout.write(registry_csv(result.entries))
        return EXIT_OK
    header = [text("cli.registry.header", lang, scheme=args.scheme, file=os.path.basename(str(args.file)))]
    body = registry_csv(result.entries) if out.suffix.lower() == ".csv" else registry_yaml(result.entries, header)
    try:
        _write_atomic(out, body)
    except OSError as exc:
        warn(lang, "cli.registry.unwritable", path=out, reason=exc.strerror or str(exc))
        return EXIT_USAGE
    warn(lang, "cli.registry.written", path=out, n=len(result.entries))
    say(lang, "cli.registry.next", file=sys.stderr)
    return EXIT_OK


def _write_atomic(path: Path, body: str) -> None:
    tmp = path.with_name(f".{path.name}.part")
    tmp.write_text(body, encoding="utf-8", newline="")
    os.replace(tmp, path)
