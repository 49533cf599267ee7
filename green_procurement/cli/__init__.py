"""Command line: ``green-procurement <command>`` (also ``python -m green_procurement``).

Every text it prints comes from the message catalogue, in the language of ``--lang`` (Vietnamese by
default), help and usage errors included.  Exit codes (every command): 0 ok; 1 the command found
problems (``validate``: errors, or warnings with ``--strict``); 2 usage error or unreadable input.
One module per command family: :mod:`.check`, :mod:`.policy` (validate, test, explain, diff),
:mod:`.catalog`, :mod:`.bids`, :mod:`.registry`; the parser in :mod:`.parser`.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Sequence
from typing import Any

from .._messages import os_reason
from .common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, warn, warnings_in, working_folder_dirs
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
    local = working_folder_dirs(args)
    if local and not getattr(args, "quiet", False):
        warn(args.lang, "cli.working-folder", dirs=", ".join(local))
    previous = _on_sigterm()
    try:
        with warnings_in(args.lang):
            code = int(args.func(args))
        sys.stdout.flush()      # a full disk or a closed pipe shows here, not as Python exits
        return code
    except KeyboardInterrupt:
        warn(args.lang, "cli.interrupted")
        return 130
    except Terminated:
        warn(args.lang, "cli.terminated")
        return 143
    except BrokenPipeError:  # e.g. piped into head
        _drop_stdout()
        return EXIT_OK
    except OSError as exc:   # standard output on a full disk (> /dev/full)
        _drop_stdout()
        warn(args.lang, "cli.stdout-failed", reason=os_reason(exc))
        return EXIT_USAGE
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


class Terminated(BaseException):
    """SIGTERM, raised in the main thread (like KeyboardInterrupt for Ctrl-C) so that every ``finally``
    runs: reports half-written are removed, worker processes stopped, shared memory released."""


def _raise_terminated(signum: int, frame: object) -> None:
    raise Terminated


def _on_sigterm() -> Any:
    """Turn SIGTERM into :class:`Terminated` while a command runs (main thread only); the handler it
    replaces, to put back (None: nothing to put back)."""
    if threading.current_thread() is not threading.main_thread():
        return None
    previous = signal.getsignal(signal.SIGTERM)
    signal.signal(signal.SIGTERM, _raise_terminated)
    return previous


def _drop_stdout() -> None:
    """Point standard output at /dev/null: what is still buffered cannot be written, and Python would
    say so in a traceback as it exits."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
