"""Command line: ``green-procurement <command>`` (also ``python -m green_procurement``).

Every text it prints comes from the message catalogue, in the language of ``--lang`` (Vietnamese by
default), help and usage errors included.  Exit codes (every command): 0 ok; 1 the command found
problems (``validate``: errors, or warnings with ``--strict``); 2 usage error or unreadable input.
One module per command family: :mod:`.check`, :mod:`.policy` (validate, test, explain, diff),
:mod:`.catalog`, :mod:`.bids`, :mod:`.registry`; the parser in :mod:`.parser`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from .common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, warn, warnings_in
from .parser import argparse_in, build_parser, language_of
from .policy import validate_problems

__all__ = ["EXIT_OK", "EXIT_PROBLEMS", "EXIT_USAGE", "build_parser", "main", "validate_problems"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="replace")
            except (ValueError, OSError):  # pragma: no cover
                pass
    args_list = list(sys.argv[1:] if argv is None else argv)
    lang = language_of(args_list)
    with argparse_in(lang):
        args = build_parser(lang).parse_args(args_list)
    try:
        with warnings_in(args.lang):
            return int(args.func(args))
    except KeyboardInterrupt:  # pragma: no cover - interactive
        warn(args.lang, "cli.interrupted")
        return 130
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return EXIT_OK
