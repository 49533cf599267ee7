"""Rows of batch files: :class:`Row` (one data row, read or not) and :class:`RowBuilder`, which turns
the raw cells of one row (already keyed by field) into a Row.

Every problem of a row is collected, in column order, into the row's ``error`` (one line in each
language, each part ``"<column>: <what is wrong>"``, the column named by the file's own header); a row
is never dropped and reading never stops at a bad row.  Every item goes through the data model's
converters and checks (:class:`~green_procurement.model.LineItem`), so a row is an item exactly when
the model accepts it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping

import attrs

from .._messages import Msg, msg
from .._text import fold
from ..catalog import AttributeSpec, Catalog
from ..errors import GppError
from ..model import LabelClaim, LineItem, Scalar
from .cells import CellValue, LabelIndex, attribute, blank, free_attribute, parse_labels, text_cell
from .headers import ATTR_PREFIX, CANONICAL
from .numbers import CellError, NumberFormat, parse_date_cell, parse_number

__all__ = ["Cells", "Row", "RowBuilder"]

#: The cells of one row keyed by field (``unit_price``, ``attr.domestic``; ``attributes`` for a
#: nested JSON/YAML object of attributes).
Cells = Mapping[str, CellValue]


@attrs.frozen
class Row:
    """One data row of a batch file, parsed (``item``) or not (``error`` says why, in both languages).

    ``row`` is the 1-based row number a user sees: the line number in a CSV/JSONL file (the header is
    line 1), the sheet row in an XLSX file, the 1-based position in a JSON/YAML list.  ``request_id``
    is None when the file has no request column (then the whole file is one request, named after
    the file).  ``item_id`` and ``description`` are kept as read even for error rows, so that every
    output row can be traced back."""

    source: str
    row: int
    request_id: str | None = None
    entity: str | None = None
    request_date: datetime.date | None = None
    funding: str | None = None
    item: LineItem | None = None
    error: Msg | None = None
    item_id: str | None = None
    description: str | None = None

    @property
    def request_key(self) -> str:
        return self.request_id if self.request_id is not None else self.source


_ORDER = {name: i for i, name in enumerate(CANONICAL)}


class _Problems:
    """The problems of one row, each named by the column the user sees."""

    def __init__(self, columns: Mapping[str, str]) -> None:
        self.columns = columns
        self.found: list[tuple[int, Msg]] = []   # (column order, text)

    def add(self, field: str, problem: Msg, name: str | None = None) -> None:
        column = self.columns.get(field) or name or field
        self.found.append((_ORDER.get(field, len(_ORDER)), msg("row.problem", column=column, problem=problem)))

    def model(self, exc: GppError) -> None:
        """A problem the data model found; its path (``quantity``, ``attributes.x``) names the field."""
        path = exc.path or "row"
        head, sep, rest = path.partition(".")
        field = ATTR_PREFIX + rest if head == "attributes" and sep else re.split(r"\[", head)[0]
        shown = self.columns.get(field) or path
        problem, hint = exc.msg, exc.hint_msg
        order = _ORDER.get(re.split(r"[.\[]", path)[0], len(_ORDER))
        self.found.append((order, msg("row.problem", column=shown, problem=problem) if hint is None
                           else msg("row.problem-hint", column=shown, problem=problem, hint=hint)))

    def joined(self) -> Msg:
        self.found.sort(key=lambda p: p[0])
        return Msg.join([text for _, text in self.found], "; ", "row.problems")


class RowBuilder:
    """Turns the cells of one row, keyed by field (``unit_price``, ``attr.domestic``), into a Row.

    ``columns`` (given with each row: a JSON file's keys may differ from row to row) maps a field to
    the file's own header or key for it, so that a problem names the column as the user wrote it."""

    def __init__(self, catalog: Catalog, source: str, number_format: NumberFormat = "vi") -> None:
        self.catalog = catalog
        self.source = source
        self.number_format: NumberFormat = number_format
        self._labels = LabelIndex(catalog)
        groups: dict[str, str] = {}
        for gid, g in catalog.groups.items():
            for text in (gid, g.name.vi, g.name.en):
                if fold(text):
                    groups.setdefault(fold(text), gid)
        self._groups = groups

    def error(self, row: int, message: Msg, cells: Cells | None = None) -> Row:
        """An error row, keeping what can be read of its ids and description."""
        keep: dict[str, str] = {}
        for key in ("request_id", "entity", "funding", "item_id", "description"):
            value = (cells or {}).get(key)
            if not blank(value):
                try:
                    keep[key] = text_cell(value)
                except CellError:
                    pass
        return Row(source=self.source, row=row, request_id=keep.get("request_id"), entity=keep.get("entity"),
                   funding=keep.get("funding"), error=message, item_id=keep.get("item_id") or str(row),
                   description=keep.get("description"))

    def build(self, row: int, cells: Cells, columns: Mapping[str, str] | None = None) -> Row:
        """The Row for the cells of sheet/line/list row ``row`` (missing keys are empty cells)."""
        problems = _Problems(columns or {})
        fmt = self.number_format

        def read(field: str, parse: Callable[[CellValue], object], *, required: bool = False) -> object:
            value = cells.get(field)
            if blank(value):
                if required:
                    if field not in cells:
                        problems.add(field, msg("row.missing"))
                    elif isinstance(value, str) and value.strip():
                        problems.add(field, msg("row.missing-only", text=value.strip()))
                    else:
                        problems.add(field, msg("row.missing-empty"))
                return None
            try:
                return parse(value)
            except CellError as exc:
                problems.add(field, exc.message)
                return None

        request_id = read("request_id", text_cell)
        entity = read("entity", text_cell)
        request_date = read("request_date", parse_date_cell)
        funding = read("funding", text_cell)
        item_id = read("item_id", text_cell)
        description = read("description", text_cell, required=True)
        group = read("product_group", self._group)
        code = read("code", text_cell)
        quantity = read("quantity", lambda v: parse_number(v, fmt), required=True)
        unit = read("unit", text_cell)
        price = read("unit_price", lambda v: parse_number(v, fmt, currency=True), required=True)
        labels = read("labels", self._parse_labels)
        attributes = self._attributes(cells, problems)

        item = None
        if not problems.found:
            try:
                item = LineItem(id=item_id or str(row), description=description, quantity=quantity,
                                unit_price=price, unit=unit, product_group=group, code=code,
                                labels=labels or (), attributes=attributes)
            except GppError as exc:
                problems.model(exc)
        else:
            # let the model judge the numbers that were read, so that its range errors are reported too
            try:
                LineItem(id="x", description="x", quantity=1 if quantity is None else quantity,
                         unit_price=0 if price is None else price)
            except GppError as exc:
                problems.model(exc)
        if problems.found:
            return Row(source=self.source, row=row, request_id=_str(request_id), entity=_str(entity),
                       request_date=_day(request_date), funding=_str(funding), error=problems.joined(),
                       item_id=_str(item_id) or str(row), description=_str(description))
        assert item is not None
        return Row(source=self.source, row=row, request_id=_str(request_id), entity=_str(entity),
                   request_date=_day(request_date), funding=_str(funding), item=item, item_id=item.id,
                   description=item.description)

    def _attributes(self, cells: Cells, problems: _Problems) -> dict[str, Scalar]:
        """The attribute cells (``attr.<name>`` columns, and a nested ``attributes`` object), typed by
        the catalogue's declarations; empty cells are left out."""
        out: dict[str, Scalar] = {}
        nested = cells.get("attributes")
        if nested is not None and not isinstance(nested, Mapping):
            problems.add("attributes", msg("row.attributes", value=nested))
        pairs: list[tuple[str, object, bool]] = [(k, v, False) for k, v in cells.items() if k.startswith(ATTR_PREFIX)]
        if isinstance(nested, Mapping):
            pairs += [(ATTR_PREFIX + str(k), v, True) for k, v in nested.items()]
        for key, value, inner in pairs:
            name = key[len(ATTR_PREFIX):]
            field = name if inner else key      # a nested key is named as written inside "attributes"
            if name in out:
                problems.add(field, msg("row.attribute-twice"), name)
                continue
            spec = self.catalog.attributes.get(name)
            try:
                parsed = _attribute(spec, value, self.number_format)
            except CellError as exc:
                problems.add(field, exc.message, name)
                continue
            if parsed is not None:
                out[name] = parsed
        return out

    def _parse_labels(self, value: CellValue) -> tuple[LabelClaim, ...]:
        return parse_labels(value, self.catalog, _index=self._labels)

    def _group(self, value: CellValue) -> str:
        text = text_cell(value)
        return self._groups.get(fold(text), text)


def _attribute(spec: AttributeSpec | None, value: object, number_format: NumberFormat) -> Scalar:
    return attribute(spec, value, number_format) if spec is not None else free_attribute(value)


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _day(value: object) -> datetime.date | None:
    return value if isinstance(value, datetime.date) else None

