"""Running the command line inside the test process: exit code, standard output and standard error."""

from __future__ import annotations

import pytest

from green_procurement.cli import main


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """``main(argv)`` with its exit code (argparse's ``SystemExit`` included) and what it printed."""
    try:
        rc = main(argv)
    except SystemExit as exc:
        rc = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    out = capsys.readouterr()
    return rc, out.out, out.err
