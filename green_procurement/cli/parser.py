"""The argument parser, built in the language of ``--lang`` (Vietnamese by default): help texts come
from the message catalogue, and argparse's own texts ("usage:", "the following arguments are
required: %s", ...) are looked up by their msgids, as gettext would, while the parser is built and
used (:func:`argparse_in`)."""

from __future__ import annotations

import argparse
import contextlib
import datetime
import sys
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path

from .. import __version__
from .._messages import LANGS, MESSAGES, join, text
from .bids import cmd_bids
from .catalog import cmd_catalog
from .check import cmd_check
from .common import EXIT_USAGE
from .policy import cmd_diff, cmd_explain, cmd_test, cmd_validate
from .registry import cmd_registry_import

__all__ = ["FAIL_ON", "argparse_in", "build_parser", "language_of"]

#: argparse's msgid -> its Vietnamese text (the ``argparse.*`` templates of the catalogue).
_ARGPARSE_VI = {en: vi for mid, (en, vi) in MESSAGES.items() if mid.startswith("argparse.")}


def language_of(argv: Sequence[str]) -> str:
    """The ``--lang`` of a command line (``--lang en`` or ``--lang=en``), before it is parsed; ``vi``
    when it is absent or not a language (the parser then says so, in Vietnamese)."""
    lang = "vi"
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        value = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else \
            arg.partition("=")[2] if arg.startswith("--lang=") else None
        if value in LANGS:
            lang = value
    return lang


@contextlib.contextmanager
def argparse_in(lang: str) -> Iterator[None]:
    """argparse's own texts in ``lang`` while the block runs (argparse looks them up with gettext's
    ``_`` and ``ngettext``, by msgid)."""
    if lang != "vi":
        yield
        return
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]

    def gettext(msgid: str) -> str:
        return _ARGPARSE_VI.get(msgid, msgid)

    def ngettext(singular: str, plural: str, n: int) -> str:
        return gettext(singular if n == 1 else plural)

    argparse._, argparse.ngettext = gettext, ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, argparse._("%(prog)s: error: %(message)s\n")  # type: ignore[attr-defined]
                  % {"prog": self.prog, "message": message})


def _date_arg(lang: str) -> Callable[[str], datetime.date]:
    def parse(value: str) -> datetime.date:
        from ..model import parse_date

        try:
            return parse_date(value, "--on")
        except Exception:
            raise argparse.ArgumentTypeError(text("cli.bad-date", lang, text=value)) from None
    return parse


def _positive_int(lang: str) -> Callable[[str], int]:
    def parse(value: str) -> int:
        try:
            n = int(value)
        except ValueError:
            n = 0
        if n < 1:
            raise argparse.ArgumentTypeError(text("cli.bad-count", lang, text=value))
        return n
    return parse


def _percent(lang: str) -> Callable[[str], Decimal | int]:
    def parse(value: str) -> Decimal | int:
        try:
            n = Decimal(value.strip().rstrip("%").strip().replace(",", "."))
        except ArithmeticError:
            n = Decimal(-1)
        if not n.is_finite() or not 0 <= n <= 100:
            raise argparse.ArgumentTypeError(text("cli.bad-percent", lang, text=value))
        return int(n) if n == n.to_integral_value() else n
    return parse


FAIL_ON = {"not_green": {"not_green"}, "partial": {"partial", "not_green"}, "error": {"error"}}


def _fail_on(lang: str) -> Callable[[str], set[str]]:
    def parse(value: str) -> set[str]:
        out: set[str] = set()
        for part in value.split(","):
            part = part.strip()
            if part not in FAIL_ON:
                raise argparse.ArgumentTypeError(text("cli.bad-status", lang, part=part, choices=join(FAIL_ON)))
            out |= FAIL_ON[part]
        return out
    return parse


def build_parser(lang: str = "vi") -> argparse.ArgumentParser:
    """The parser of every command, its help in ``lang`` (build it inside :func:`argparse_in` for
    argparse's own texts in that language too)."""
    def t(mid: str, **args: object) -> str:
        return text(mid, lang, **args)

    raw = argparse.RawDescriptionHelpFormatter
    parser = _Parser(prog="green-procurement", description=t("cli.description"), epilog=t("cli.epilog"),
                     formatter_class=raw)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}", help=t("cli.version"))
    sub = parser.add_subparsers(dest="command", metavar=t("cli.commands"), parser_class=_Parser)
    sub.required = True

    def common(p: argparse.ArgumentParser, formats: Sequence[str] | None = None) -> None:
        p.add_argument("--catalog", metavar="DIR", type=Path, default=None, help=t("cli.catalog"))
        p.add_argument("--rules", metavar="DIR", type=Path, default=None, help=t("cli.rules"))
        p.add_argument("--lang", choices=LANGS, default="vi", help=t("cli.lang"))
        p.add_argument("--quiet", "-q", action="store_true", help=t("cli.quiet"))
        if formats:
            p.add_argument("--format", choices=formats, default=formats[0], help=t("cli.format", default=formats[0]))

    def command(name: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=t(f"cli.{name}.help"), description=t(f"cli.{name}.description"),
                              epilog=t(f"cli.{name}.epilog"), formatter_class=raw)

    date, count, fail_on = _date_arg(lang), _positive_int(lang), _fail_on(lang)

    v = command("validate")
    common(v, ("text", "json"))
    v.add_argument("--strict", action="store_true", help=t("cli.validate.strict"))
    v.set_defaults(func=cmd_validate)

    c = command("check")
    c.add_argument("files", nargs="+", metavar="FILE", help=t("cli.check.files"))
    common(c, ("table", "json", "csv"))
    c.add_argument("--on", metavar="DATE", type=date, default=None, help=t("cli.on"))
    c.add_argument("--output", "-o", metavar="PATH", action="append", default=[], type=Path,
                   help=t("cli.check.output"))
    c.add_argument("--jobs", "-j", metavar="N", type=count, default=1, help=t("cli.check.jobs"))
    c.add_argument("--fail-on", metavar="STATUS", action="append", default=[], type=fail_on,
                   help=t("cli.check.fail-on"))
    c.add_argument("--number-format", choices=LANGS, default="vi", help=t("cli.number-format"))
    c.add_argument("--backend", choices=("durable", "python"), default="durable", help=t("cli.check.backend"))
    c.add_argument("--no-progress", action="store_true", help=t("cli.check.no-progress"))
    c.add_argument("--no-cache", action="store_true", help=t("cli.check.no-cache"))
    c.add_argument("--scheduler", metavar="ADDRESS", default=None, help=t("cli.check.scheduler"))
    c.set_defaults(func=cmd_check)

    e = command("test")
    common(e, ("text", "json"))
    e.add_argument("--tests", metavar="DIR", type=Path, default=None, help=t("cli.test.tests"))
    e.add_argument("--on", metavar="DATE", type=date, default=None, help=t("cli.test.on"))
    e.add_argument("--coverage", action="store_true", help=t("cli.test.coverage"))
    e.add_argument("--min-coverage", metavar="P", type=float, default=None, help=t("cli.test.min-coverage"))
    e.add_argument("--verbose", "-v", action="store_true", help=t("cli.test.verbose"))
    e.set_defaults(func=cmd_test)

    x = command("explain")
    x.add_argument("item_file", nargs="?", metavar="ITEM", type=Path, help=t("cli.explain.item-file"))
    common(x, ("text", "json"))
    x.add_argument("--row", metavar="FILE:N", help=t("cli.explain.row"))
    x.add_argument("--item", metavar="N", type=count, default=1, help=t("cli.explain.item"))
    x.add_argument("--on", metavar="DATE", type=date, default=None, help=t("cli.explain.on"))
    x.add_argument("--number-format", choices=LANGS, default="vi", help=t("cli.explain.number-format"))
    x.set_defaults(func=cmd_explain)

    d = command("diff")
    d.add_argument("file", metavar="FILE", help=t("cli.diff.file"))
    d.add_argument("--old", metavar="RULES_DIR", type=Path, required=True, help=t("cli.diff.old"))
    d.add_argument("--new", metavar="RULES_DIR", type=Path, required=True, help=t("cli.diff.new"))
    d.add_argument("--old-catalog", metavar="DIR", type=Path, default=None, help=t("cli.diff.old-catalog"))
    d.add_argument("--new-catalog", metavar="DIR", type=Path, default=None, help=t("cli.diff.new-catalog"))
    common(d, ("text", "json"))
    d.add_argument("--on", metavar="DATE", type=date, default=None, help=t("cli.explain.on"))
    d.add_argument("--number-format", choices=LANGS, default="vi", help=t("cli.diff.number-format"))
    d.set_defaults(func=cmd_diff)

    b = command("bids")
    b.add_argument("file", metavar="FILE", help=t("cli.bids.file"))
    common(b, ("table", "json", "csv"))
    b.add_argument("--on", metavar="DATE", type=date, default=None, help=t("cli.on"))
    b.add_argument("--output", "-o", metavar="PATH", action="append", default=[], type=Path,
                   help=t("cli.bids.output"))
    b.add_argument("--eco-margin", metavar="PCT", type=_percent(lang), default=None, help=t("cli.bids.eco-margin"))
    b.add_argument("--number-format", choices=LANGS, default="vi", help=t("cli.number-format"))
    b.set_defaults(func=cmd_bids)

    r = command("registry")
    actions = r.add_subparsers(dest="action", metavar=t("cli.registry.actions"), parser_class=_Parser)
    actions.required = True
    ri = actions.add_parser("import", help=t("cli.registry.import.help"),
                            description=t("cli.registry.import.description"),
                            epilog=t("cli.registry.import.epilog"), formatter_class=raw)
    ri.add_argument("file", metavar="FILE", help=t("cli.registry.import.file"))
    ri.add_argument("--scheme", metavar="ID", required=True, help=t("cli.registry.import.scheme"))
    ri.add_argument("--output", "-o", metavar="PATH", type=Path, default=None, help=t("cli.registry.import.output"))
    ri.add_argument("--source", metavar="TEXT", default=None, help=t("cli.registry.import.source"))
    ri.add_argument("--number-format", choices=LANGS, default="vi", help=t("cli.number-format"))
    common(ri)
    ri.set_defaults(func=cmd_registry_import)

    g = command("catalog")
    g.add_argument("what", nargs="?", choices=("labels", "products", "attributes"), default="products",
                   help=t("cli.catalog.what"))
    common(g, ("table", "json"))
    g.add_argument("--kind", choices=("green", "energy", "carbon", "recycling", "other"), help=t("cli.catalog.kind"))
    g.add_argument("--tag", metavar="TAG", help=t("cli.catalog.tag"))
    g.set_defaults(func=cmd_catalog)
    return parser
