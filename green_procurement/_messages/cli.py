"""The command line (``cli/``): help, usage errors (argparse's own messages, by their msgids), progress and
the lines every command prints around its output."""

from __future__ import annotations

#: id: (English, Vietnamese)
MESSAGES: dict[str, tuple[str, str]] = {
}
