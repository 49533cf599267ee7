"""Shared pieces of the report writers: labels in the report language (from the message catalogue),
number formatting, the result-row columns, formula neutralisation and terminal display width."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from .._messages import LANGS, text
from ..model import Number, json_number
from ..results import STATUSES, Finding, ItemRecord, ItemResult, Totals

if TYPE_CHECKING:
    from ..catalog import Catalog

#: Report file extensions and their format names.
EXTENSIONS: Mapping[str, str] = {".csv": "csv", ".json": "json", ".html": "html", ".htm": "html",
                                 ".xlsx": "xlsx"}

# -- labels ------------------------------------------------------------------------------------------

#: The result columns of the CSV and XLSX reports, in order.
COLUMN_KEYS: tuple[str, ...] = (
    "source", "row", "request_id", "entity", "item_id", "description", "product_group", "group_name", "status",
    "status_label", "score", "value", "green", "met_rules", "not_met_rules", "reasons", "error", "classified_by",
    "evidence", "package", "groups_found",
)


def column_headers(lang: str) -> list[str]:
    """The headers of :data:`COLUMN_KEYS` in ``lang`` (in English a column's header is its key)."""
    return [text(f"column.{k}", lang) for k in COLUMN_KEYS]


#: (key, Vietnamese header) of every result column.
COLUMNS: tuple[tuple[str, str], ...] = tuple(zip(COLUMN_KEYS, column_headers("vi"), strict=True))

#: lang -> status -> label (``not_green`` -> ``chưa xanh`` / ``not green``).
STATUS_LABELS: Mapping[str, Mapping[str, str]] = {lang: {s: text(f"status.{s}", lang) for s in STATUSES}
                                                  for lang in LANGS}


def tr(key: str, lang: str, **fields: object) -> str:
    """The report text ``key`` in ``lang`` (``vi`` or ``en``), with ``{fields}`` filled in."""
    return text(f"report.{key}", "en" if lang == "en" else "vi", **fields)


#: lang -> (text of "yes", text of "no"): the "green" column of every row.
_YES_NO = {lang: (tr("yes", lang), tr("no", lang)) for lang in LANGS}


def status_label(status: str, lang: str) -> str:
    """``not_green`` -> ``chưa xanh`` (vi) / ``not green`` (en)."""
    return STATUS_LABELS["en" if lang == "en" else "vi"].get(status, status)


def group_name(catalog: Catalog | None, group: str | None, lang: str) -> str:
    """The catalogue name of a product group in ``lang``; its id when the catalogue does not know it."""
    if group is None:
        return tr("unclassified", lang)
    if catalog is not None:
        g = catalog.groups.get(group)
        if g is not None:
            return g.name.get(lang)
    return group


def catalog_status(catalog: Catalog | None, lang: str) -> tuple[str, str] | None:
    """The catalogue's adoption status as the reports show it (issue 14): a short label ("đề xuất,
    chưa được phê duyệt (07/12/2026)") and the catalogue's own statement, in ``lang``; None when the
    catalogue does not say (``products.yaml``, ``adoption``)."""
    adoption = catalog.adoption if catalog is not None else None
    if adoption is None:
        return None
    day = adoption.date.isoformat() if lang == "en" else adoption.date.strftime("%d/%m/%Y")
    label = tr("catalog_status.adopted", lang, decision=adoption.decision or day) if adoption.adopted else \
        tr("catalog_status.proposal", lang, date=day)
    return label, adoption.text.get(lang)


def entity_name(entity: str | None, lang: str) -> str:
    return entity if entity else tr("no_entity", lang)


# -- numbers -----------------------------------------------------------------------------------------

def _localise(number: str, lang: str) -> str:
    """English-style ``1,234.5`` -> Vietnamese-style ``1.234,5`` for vi."""
    if lang == "en":
        return number
    return number.replace(",", "\0").replace(".", ",").replace("\0", ".")


def fmt_int(n: int, lang: str) -> str:
    """``12500000`` -> ``12.500.000`` (vi) or ``12,500,000`` (en)."""
    return _localise(f"{n:,}", lang)


def fmt_money(n: Number | None, lang: str) -> str:
    """An exact amount with thousands separators; ``—`` for none."""
    if n is None:
        return "—"
    if isinstance(n, Decimal):
        if n == n.to_integral_value():
            return fmt_int(int(n), lang)
        return _localise(f"{n:,f}", lang)
    return fmt_int(int(n), lang)


def fmt_pct(share: float | None, lang: str) -> str:
    """A share 0..1 as a percentage with one decimal: ``45,2 %`` (vi), ``45.2%`` (en); ``—`` for none."""
    if share is None:
        return "—"
    pct = (Decimal(repr(share)) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{pct:f}%" if lang == "en" else f"{pct:f}".replace(".", ",") + " %"


def fmt_score(score: float | None, lang: str) -> str:
    """A score 0..100 with up to two decimals (``97,72`` / ``97.72``); ``—`` for none."""
    if score is None:
        return "—"
    number = f"{score:.2f}".rstrip("0").rstrip(".")
    return number.replace(".", ",") if lang == "vi" else number


def plain_number(x: float | None) -> str:
    """A float as plain text for data files: ``100.0`` -> ``100``, ``97.72`` -> ``97.72``."""
    if x is None:
        return ""
    return str(int(x)) if x == int(x) else repr(x)


def money_text(n: Number | None) -> str:
    """Exact money for data files: ``30000000`` or ``1234.5``; empty for none."""
    v = json_number(n)
    return "" if v is None else str(v)


# -- result rows -------------------------------------------------------------------------------------

_SEVERITY_ORDER = {"requirement": 0, "criterion": 1, "warning": 2, "info": 3}


def not_met(result: ItemResult) -> list[Finding]:
    """The not-met findings of a result, most serious first (requirement, criterion, warning, info),
    rule order within a severity."""
    found = [f for f in result.findings if f.outcome != "met"]
    found.sort(key=_severity)
    return found


#: A value of a result row: text, the row number, the score, the exact money value, or none.
Cell = str | int | float | Decimal | None


def result_row(record: ItemRecord, lang: str, catalog: Catalog | None) -> list[Cell]:
    """The values of :data:`COLUMN_KEYS` for one record: text, ``int`` (row), ``float`` (score) or the
    exact money value (``int``/``Decimal``); None for an empty cell.  Text is not yet neutralised."""
    res = record.result
    met_ids = []
    missing = []
    for f in res.findings:
        if f.outcome == "met":
            met_ids.append(f.rule_id)
        else:
            missing.append(f)
    if len(missing) > 1:
        missing.sort(key=_severity)
    status = res.status
    return [
        record.source,
        record.row,
        record.request_id,
        record.entity,
        res.item_id,
        res.description,
        res.product_group,
        None if status == "error" else group_name(catalog, res.product_group, lang),
        status,
        status_label(status, lang),
        res.score,
        res.value,
        _YES_NO["en" if lang == "en" else "vi"][status != "green"],
        " ".join(met_ids),
        " ".join([f.rule_id for f in missing]),
        " | ".join([f.message.get(lang) for f in missing]),
        None if res.error is None else res.error.get(lang),
        res.classified_by,
        res.evidence,
        _YES_NO["en" if lang == "en" else "vi"][not res.package],
        " ".join(res.groups_found) or None,
    ]


def line_counts(t: Totals) -> list[tuple[str, str, Number]]:
    """The summary rows about lines that the value figures leave out or hold in bulk, as
    (report text key, "int" or "money", value): scored lines without a value, and lines that are
    whole tender packages with their value.  Empty when there are none (the usual list)."""
    out: list[tuple[str, str, Number]] = []
    if t.unvalued:
        out.append(("unvalued", "int", t.unvalued))
    if t.packages:
        out.append(("packages", "int", t.packages))
        out.append(("package_value", "money", t.package_value))
    return out


def _severity(f: Finding) -> int:
    return _SEVERITY_ORDER.get(f.severity, 9)


def reasons(result: ItemResult, lang: str, catalog: Catalog | None) -> list[tuple[str | None, str]]:
    """Why an item is not green, as (rule id or None, text): the error; for a not-prioritised item
    why (group off the priority list, or not classified); then the not-met findings' messages."""
    if result.status == "error":
        return [(None, result.error.get(lang) if result.error is not None else "")]
    out: list[tuple[str | None, str]] = []
    if result.status == "not_prioritised":
        if result.product_group is None:
            out.append((None, tr("not_classified", lang, why=result.evidence or "—")))
        else:
            out.append((None, tr("not_priority_group", lang,
                                 name=group_name(catalog, result.product_group, lang))))
    out.extend((f.rule_id, f.message.get(lang)) for f in not_met(result))
    return out


def ordered(totals: Mapping[str | None, Totals],
            name: Callable[[str | None], str]) -> list[tuple[str | None, str, Totals]]:
    """(key, display name, totals) by value, largest first; ties by name; the unnamed key last."""
    rows = [(k, name(k), t) for k, t in totals.items()]
    rows.sort(key=lambda r: (r[0] is None, -r[2].value, r[1].casefold(), r[0] or ""))
    return rows


# -- formula neutralisation --------------------------------------------------------------------------

#: Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"), plus their
#: full-width forms.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


_FORMULA_FIRST = frozenset(FORMULA_START)


def neutralise(cell: str) -> str:
    """Prefix ``'`` to a text cell that a spreadsheet would read as a formula (starts with ``=``,
    ``+``, ``-``, ``@``, a tab or a carriage return), as OWASP advises against CSV injection."""
    return "'" + cell if cell[:1] in _FORMULA_FIRST else cell


# -- display width (terminal) ------------------------------------------------------------------------

def char_width(ch: str) -> int:
    """Terminal columns of one character: 0 for combining marks and format characters, 2 for wide
    East Asian characters, 1 otherwise."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(s: str) -> int:
    """Terminal columns ``s`` takes (Vietnamese in NFC or NFD form alike)."""
    return sum(char_width(ch) for ch in s)


def clip(s: str, width: int) -> str:
    """``s`` cut to at most ``width`` columns, ending in ``…`` when cut (never inside a character
    and its combining marks)."""
    if display_width(s) <= width:
        return s
    out: list[str] = []
    used = 0
    for ch in s:
        w = char_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"
