"""``green-procurement catalog``: look up the eco-labels, product groups and attributes."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from .._messages import text
from .common import EXIT_OK, EXIT_USAGE

__all__ = ["cmd_catalog"]


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    from ..report import display_width

    widths = [max([display_width(h), *(display_width(r[i]) for r in rows)]) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c + " " * (w - display_width(c)) for c, w in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def cmd_catalog(args: argparse.Namespace) -> int:
    from ..catalog import check_catalog

    lang = args.lang
    cat, problems = check_catalog(args.catalog)
    if cat is None:
        for p in problems:
            print(p.format(lang), file=sys.stderr)
        return EXIT_USAGE

    def heads(*keys: str) -> list[str]:
        return [text(f"catalog.head.{k}", lang) for k in keys]

    def yes_no(flag: bool) -> str:
        return text("report.yes" if flag else "report.no", lang)

    data: list[dict[str, object]]
    if args.what == "labels":
        labels = [x for x in cat.labels.values() if args.kind is None or x.kind == args.kind]
        data = [{"id": x.id, "kind": x.kind, "name": x.name.to_dict(), "issuer": x.issuer, "country": x.country,
                 "iso_type": x.iso_type, "validity_years": x.validity_years,
                 "grades": list(x.grades.scale) if x.grades else None, "recognised": x.recognised,
                 "source": x.source, "note": x.note} for x in labels]
        headers = heads("id", "kind", "name", "country", "iso", "validity", "grades", "recognised")
        rows = [[x.id, x.kind, x.name.get(lang), x.country, x.iso_type, str(x.validity_years or "—"),
                 ",".join(map(str, x.grades.scale)) if x.grades else "—", yes_no(x.recognised)] for x in labels]
    elif args.what == "products":
        groups = [g for g in cat.groups.values() if args.tag is None or args.tag in g.tags]
        data = [{"id": g.id, "name": g.name.to_dict(), "priority": g.priority,
                 "accepted_labels": list(g.accepted_labels),
                 "tags": list(g.tags), "params": {k: (str(v) if not isinstance(v, (bool, int, str)) else v)
                                                  for k, v in g.params.items()},
                 "keywords": {"vi": list(g.keywords.vi), "en": list(g.keywords.en)},
                 "codes": {k: list(v) for k, v in g.codes.items()}, "source": g.source, "note": g.note}
                for g in groups]
        headers = heads("id", "name", "priority", "accepted", "params")
        rows = [[g.id, g.name.get(lang), yes_no(g.priority), ", ".join(g.accepted_labels) or "—",
                 ", ".join(f"{k}={v}" for k, v in g.params.items()) or "—"] for g in groups]
    else:
        attributes = list(cat.attributes.values())
        data = [{"id": a.id, "type": a.type, "name": a.name.to_dict(),
                 "min": None if a.minimum is None else str(a.minimum),
                 "max": None if a.maximum is None else str(a.maximum),
                 "values": list(a.values) if a.values else None, "columns": list(a.columns)} for a in attributes]
        headers = heads("id", "type", "name", "values", "columns")
        rows = [[a.id, a.type, a.name.get(lang),
                 ", ".join(a.values) if a.values else (f"{a.minimum}..{a.maximum}" if a.minimum is not None
                                                       or a.maximum is not None else "—"),
                 ", ".join(a.columns) or "—"] for a in attributes]
    if args.format == "json":
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(_table(headers, rows))
    return EXIT_OK
