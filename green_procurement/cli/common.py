"""What every command shares: exit codes, printing in the chosen language, loading the engine, and
showing errors and warnings on one line."""

from __future__ import annotations

import argparse
import contextlib
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .._messages import text
from ..errors import GppError, GppWarning

if TYPE_CHECKING:
    from ..engine import Engine

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


def say(lang: str, mid: str, /, *, file: TextIO | None = None, **args: object) -> None:
    """Print the message ``mid`` in ``lang`` (to standard output unless ``file`` is given)."""
    print(text(mid, lang, **args), file=file if file is not None else sys.stdout)


def warn(lang: str, mid: str, /, **args: object) -> None:
    """Print the message ``mid`` in ``lang`` on standard error."""
    say(lang, mid, file=sys.stderr, **args)


def error_line(exc: GppError, lang: str) -> str:
    """``lỗi: message; hint`` (``error: ...``) of an error, in ``lang``."""
    hint = exc.get_hint(lang)
    if hint:
        return text("cli.error-hint", lang, text=exc.get_message(lang), hint=hint)
    return text("cli.error", lang, text=exc.get_message(lang))


def located_error_line(exc: GppError, lang: str) -> str:
    """``path:line:col: lỗi: message; hint`` of an error, in ``lang``."""
    where = exc.path or ""
    loc = f"{where}:{exc.line}:{exc.column}" if exc.line else where
    hint = exc.get_hint(lang)
    if not loc:
        return error_line(exc, lang)
    if hint:
        return text("cli.located-error-hint", lang, where=loc, text=exc.get_message(lang), hint=hint)
    return text("cli.located-error", lang, where=loc, text=exc.get_message(lang))


@contextlib.contextmanager
def warnings_in(lang: str) -> Iterator[None]:
    """Show the package's warnings (:class:`~green_procurement.errors.GppWarning`) as one line in
    ``lang`` on standard error, instead of Python's ``file:line: RuntimeWarning: ...`` block."""
    shown = warnings.showwarning

    def show(message: Warning | str, category: type[Warning], filename: str, lineno: int,
             file: TextIO | None = None, line: str | None = None) -> None:
        if isinstance(message, GppWarning):
            warn(lang, "cli.warning", text=message.msg.get(lang))
        else:
            shown(message, category, filename, lineno, file, line)

    warnings.showwarning = show
    try:
        yield
    finally:
        warnings.showwarning = shown


#: The working folder's own copies that commands use when present (``--catalog``/``--rules`` win).
WORKING_DIRS = ("catalog", "rules")


def _has_yaml(folder: Path) -> bool:
    try:
        return folder.is_dir() and any(p.suffix in (".yaml", ".yml") for p in folder.iterdir())
    except OSError:
        return False


def working_folder_dirs(args: argparse.Namespace) -> list[str]:
    """Point ``args.catalog``/``args.rules`` left unset at ``./catalog`` and ``./rules`` when the
    working folder has them (a folder with YAML files in it), so that policy staff editing those
    files check what they edit rather than the copy installed with the package; the shipped ones
    otherwise.  Returns the folders taken from the working folder, to be named to the user (none
    when the working folder's copy is the shipped one itself, as in a source checkout)."""
    from .._resources import data_dir

    used = []
    for name in WORKING_DIRS:
        if not hasattr(args, name) or getattr(args, name) is not None:
            continue
        if name == "rules" and getattr(args, "command", None) == "diff":   # diff names both rule sets
            continue
        local = Path(name)
        if not _has_yaml(local):
            continue
        setattr(args, name, local)
        try:
            shipped = local.resolve() == data_dir(name).resolve()
        except OSError:  # pragma: no cover
            shipped = False
        if not shipped:
            used.append(f"./{name}")
    return used


def load_engine(args: argparse.Namespace, backend: str = "durable") -> Engine | None:
    """The engine for --catalog/--rules, or None after printing every problem (exit 2)."""
    from ..engine import load

    try:
        return load(args.catalog, args.rules, backend)
    except GppError as exc:
        for p in exc.problems:
            print(p.format(args.lang), file=sys.stderr)
        warn(args.lang, "cli.cannot-load")
        return None
