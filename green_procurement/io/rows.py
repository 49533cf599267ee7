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
from operator import itemgetter

import attrs

from .._memo import Memo
from .._messages import Msg, msg
from .._text import fold
from ..catalog import AttributeSpec, Catalog
from ..certificates import certificate_key
from ..errors import GppError
from ..model import Attributes, LabelClaim, LineItem, Scalar, check_price, check_quantity, nfc
from ._trusted import line_item, sorted_attributes
from .cells import DASHES as _DASHES
from .cells import (
    AttributeReader,
    BadCell,
    CellValue,
    LabelIndex,
    attribute,
    attribute_reader,
    blank,
    free_attribute,
    parse_labels,
    text_cell,
)
from .headers import ATTR_PREFIX, CANONICAL
from .numbers import CellError, NumberFormat, parse_date_cell, parse_number

__all__ = ["Cells", "Row", "RowBuilder"]

#: Distinct products a RowBuilder remembers (see :meth:`RowBuilder.build`; 0 turns the memo off).
PRODUCT_MEMO = 4_096

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
    """The problems of one row, each named by the column the user sees (``columns``: field -> the
    file's header for it; an attribute inside a JSON ``attributes`` object is named as written)."""

    def __init__(self, columns: Mapping[str, str], found: list[tuple[str, Msg]]) -> None:
        self.columns = columns
        self.found = [(_ORDER.get(field, len(_ORDER)),
                       msg("row.problem", column=self._name(field), problem=problem)) for field, problem in found]

    def _name(self, field: str) -> str:
        shown = self.columns.get(field)
        if shown is not None:
            return shown
        return field[len(ATTR_PREFIX):] if field.startswith(ATTR_PREFIX) else field

    def model(self, exc: GppError) -> Msg:
        """Add a problem the data model found (its path, ``quantity`` or ``attributes.x``, names the
        field); the problems so far."""
        path = exc.path or "row"
        head, sep, rest = path.partition(".")
        field = ATTR_PREFIX + rest if head == "attributes" and sep else head.split("[")[0]
        shown = self.columns.get(field) or path
        problem, hint = exc.msg, exc.hint_msg
        order = _ORDER.get(re.split(r"[.\[]", path)[0], len(_ORDER))
        self.found.append((order, msg("row.problem", column=shown, problem=problem) if hint is None
                           else msg("row.problem-hint", column=shown, problem=problem, hint=hint)))
        return self.joined()

    def joined(self) -> Msg:
        self.found.sort(key=lambda p: p[0])
        return Msg.join([text for _, text in self.found], "; ", "row.problems")


def _blank_text(value: str) -> bool:
    """A text cell that holds nothing: only spaces, or a dash used as "no data"."""
    text = value.strip()
    return not text or text in _DASHES


def _missing(field: str, value: object, cells: Cells) -> Msg:
    """Why a required cell counts as missing."""
    if field not in cells:
        return msg("row.missing")
    if isinstance(value, str) and value.strip():
        return msg("row.missing-only", text=value.strip())
    return msg("row.missing-empty")


#: A cell reader of :class:`RowBuilder`: (field, parser, required).
Reader = tuple[str, Callable[[CellValue], object], bool]


def _read_cells(readers: tuple[tuple[int, Reader], ...], size: int, cells: Cells,
                found: list[tuple[str, Msg]]) -> list[object]:
    """The values of ``size`` readers, in order (None for an empty or unreadable cell, and for the
    readers not in ``readers``: their cell is not in the row and they are not required); each
    problem goes to ``found`` as (field, problem).  ``readers`` pairs a reader with its place."""
    got: list[object] = [None] * size
    dashes = _DASHES
    for i, (field, parse, required) in readers:
        value = cells.get(field)
        if value is None or (type(value) is str and (not (text := value.strip()) or text in dashes)):
            if required:
                found.append((field, _missing(field, value, cells)))
            continue
        if type(value) is BadCell:
            found.append((field, value.message))
            continue
        try:
            got[i] = parse(value)
        except CellError as exc:
            found.append((field, exc.message))
    return got


class _Plan:
    """What the keys of a row decide for every row that has the same keys in the same order (the
    rows of one CSV or XLSX file all do): which readers have a cell to read (the others read
    nothing, and only a required one says so), and how each attribute cell is read.

    ``declared``: every attribute cell is one the catalogue declares (with names and values as the
    model keeps them) and there is no nested ``attributes`` object, so the values read are exactly
    what the model's converter would keep, and they go to :class:`LineItem` as an immutable
    :class:`~green_procurement.model.Attributes` instead of being checked a second time; the other
    values read are too (checked texts, catalogue group ids that are clean texts), so the row's item is
    made without running the model's converters again (:mod:`._trusted`), but for the range checks of
    its quantity and price (``test_reader_items_are_the_items_the_model_builds`` and
    ``test_trusted_items_are_the_items_the_model_builds`` hold the builder to that)."""

    __slots__ = ("attribute_cells", "attributes", "declared", "keys", "readers")

    def __init__(self, builder: RowBuilder, keys: tuple[str, ...]) -> None:
        self.keys = keys
        self.readers = tuple((i, r) for i, r in enumerate(builder._readers) if r[2] or r[0] in keys)
        specs = builder.catalog.attributes
        read: list[tuple[int, str, str, AttributeReader]] = []
        declared = "attributes" not in keys
        for key in keys:
            if key[:5] != ATTR_PREFIX:
                continue
            name = key[5:]
            spec = specs.get(name)
            if spec is None:
                read.append((len(read), key, name, free_attribute))
                declared = False
                continue
            read.append((len(read), key, name, attribute_reader(spec, builder.number_format)))
            values = (*(spec.values or ()), *spec.aliases.values())
            declared = declared and bool(name) and nfc(name) == name and all(nfc(v) == v for v in values)
        self.declared = declared and builder._clean_groups
        if self.declared:       # in the order of their names: the order Attributes keeps them in
            read.sort(key=lambda r: r[2])
        #: (place among the attribute cells, key, name, reader) of each attribute cell, in the order
        #: they are read; ``attribute_cells`` gives their values, in that order
        self.attributes = tuple(read)
        self.attribute_cells = _getter(tuple(r[1] for r in read))


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
        #: every group id is a text the model keeps as it is (the catalogue's schema sees to that when
        #: it is read from files)
        self._clean_groups = all(gid and nfc(gid) == gid for gid in catalog.groups)
        fmt = number_format

        def quantity(value: CellValue) -> object:
            return parse_number(value, fmt)

        def price(value: CellValue) -> object:
            return parse_number(value, fmt, currency=True)

        #: (field, parser, required) of the cells that are not attributes, in the order build() reads them
        self._readers: tuple[Reader, ...] = (
            ("request_id", text_cell, False), ("entity", text_cell, False), ("request_date", parse_date_cell, False),
            ("funding", text_cell, False), ("item_id", text_cell, False), ("description", text_cell, True),
            ("product_group", self._group, False), ("code", text_cell, False), ("quantity", quantity, False),
            ("unit", text_cell, False), ("unit_price", price, False), ("labels", self._parse_labels, False))
        #: the cells that belong to the row, not to the product (the others all feed LineItem)
        item_fields = attrs.fields_dict(LineItem)
        self._row_readers = tuple((i, r) for i, r in enumerate(r for r in self._readers
                                                                 if r[0] not in item_fields))
        self._row_fields = frozenset(r[0] for _, r in self._row_readers)
        self._plan: _Plan | None = None
        #: products already read, by their cells (field and text): a list names a product many times
        self.memo: Memo[LineItem] = Memo(PRODUCT_MEMO)

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
        """The Row for the cells of sheet/line/list row ``row`` (missing keys are empty cells).

        A product whose cells (every cell but the row's own: request, unit, date, funding, item id)
        were read before without a problem is not parsed again: its item's checked values go through
        the model's converters once more under the new row's id (an immutable ``Attributes`` and
        ``LabelClaim`` pass as they are).  Same Row either way; ``memo.size = 0`` turns this off."""
        memo = self.memo
        key = None
        if memo.active():
            key = tuple([kv for kv in cells.items() if kv[0] not in self._row_fields])
            seen = memo.get(key)
            if seen is not None:
                fast = self._again(row, cells, seen)
                if fast is not None:
                    return fast
        out = self._build(row, cells, columns)
        if key is not None and out.item is not None:
            memo.put(key, out.item)
        return out

    def _again(self, row: int, cells: Cells, seen: LineItem) -> Row | None:
        """The Row of a product read before, or None when a cell of the row itself has a problem
        (the full path then says what)."""
        found: list[tuple[str, Msg]] = []
        readers = self._row_readers
        got = dict(zip((r[0] for _, r in readers), _read_cells(readers, len(readers), cells, found),
                       strict=True))
        if found:
            return None
        # the model's own values, under an id read as a text: nothing to convert again (io/_trusted.py)
        item = line_item(got["item_id"] or str(row), seen.description, seen.quantity, seen.unit_price, seen.unit,
                         seen.product_group, seen.code, seen.labels, seen.attributes)
        return Row(self.source, row, _str(got["request_id"]), _str(got["entity"]), _day(got["request_date"]),
                   _str(got["funding"]), item, None, item.id, item.description)

    def _plan_of(self, cells: Cells) -> _Plan:
        """The plan of a row's keys: the last one made, when the keys are the same."""
        keys = tuple(cells)
        plan = self._plan
        if plan is None or plan.keys != keys:
            plan = self._plan = _Plan(self, keys)
        return plan

    def _build(self, row: int, cells: Cells, columns: Mapping[str, str] | None) -> Row:
        found: list[tuple[str, Msg]] = []      # (field, problem)
        plan = self._plan_of(cells)
        got = _read_cells(plan.readers, len(self._readers), cells, found)
        request_id, entity, request_date, funding, item_id, description, group, code, quantity, unit, price, \
            labels = got
        number = cells.get("certificate")
        if type(number) is BadCell:
            found.append(("certificate", number.message))
        elif number is not None and not (type(number) is str and _blank_text(number)) and \
                not any(f == "labels" for f, _ in found):
            labels = self._certificate(labels, number, found)   # type: ignore[arg-type]
        attributes = self._attributes(cells, found, plan)

        item = error = None
        if not found:
            try:
                if plan.declared:
                    # every value is already what the model's converters give (io/_trusted.py); the
                    # quantity and the price still go through the model's range checks
                    item = line_item(item_id or str(row), description,
                                     None if quantity is None else check_quantity(quantity),
                                     None if price is None else check_price(price),
                                     unit, group, code, labels or (), attributes)
                else:
                    item = LineItem(id=item_id or str(row), description=description, quantity=quantity,
                                    unit_price=price, unit=unit, product_group=group, code=code,
                                    labels=labels or (), attributes=attributes)
            except GppError as exc:
                error = _Problems(columns or {}, found).model(exc)
        else:
            # let the model judge the numbers that were read, so that its range errors are reported too
            problems = _Problems(columns or {}, found)
            try:
                LineItem(id="x", description="x", quantity=1 if quantity is None else quantity,
                         unit_price=0 if price is None else price)
            except GppError as exc:
                problems.model(exc)
            error = problems.joined()
        if error is not None or item is None:
            return Row(self.source, row, _str(request_id), _str(entity), _day(request_date), _str(funding), None,
                       error, _str(item_id) or str(row), _str(description))
        return Row(self.source, row, _str(request_id), _str(entity), _day(request_date), _str(funding), item, None,
                   item.id, item.description)

    def typed(self, cells: Cells) -> dict[str, object]:
        """The cells of a row, each parsed as :meth:`build` parses it (numbers, dates, yes/no values,
        attribute values by their declaration) where it can be, as written where it cannot (or is
        empty), so that :meth:`build` reads the result as it reads the cells; labels stay text."""
        out: dict[str, object] = dict(cells)
        readers = {field: parse for field, parse, _ in self._readers if field not in ("labels", "product_group")}
        specs = self.catalog.attributes
        for key, value in cells.items():
            if value is None or (type(value) is str and _blank_text(value)):
                out[key] = value if type(value) is str and value.strip() else None   # a dash says so
                continue
            try:
                if key in readers:
                    out[key] = readers[key](value)
                elif key[:5] == ATTR_PREFIX and key[5:] in specs:
                    out[key] = attribute(specs[key[5:]], value, self.number_format)
            except CellError:
                pass
        return out

    def _attributes(self, cells: Cells, found: list[tuple[str, Msg]],
                    plan: _Plan) -> dict[str, Scalar] | Attributes:
        """The attribute cells (``attr.<name>`` columns, and a nested ``attributes`` object), typed by
        the catalogue's declarations; empty cells are left out.  Problems go to ``found`` as
        (field, problem): the field is ``attr.<name>``, or the name as written inside ``attributes``.
        Attributes ready for the model when the plan says they are all declared ones."""
        out: dict[str, Scalar] = {}
        dashes = _DASHES
        bad: list[tuple[int, str, Msg]] = []      # (place, key, problem), told in the file's order
        # names differ: they are the keys of one mapping
        for (at, key, name, read), value in zip(plan.attributes, plan.attribute_cells(cells), strict=True):
            if type(value) is str:
                if not value:                       # most attribute cells are empty
                    continue
                text = value.strip()                # _blank_text, inline
                if not text or text in dashes:
                    continue
            elif value is None:
                continue
            elif type(value) is BadCell:
                bad.append((at, key, value.message))
                continue
            try:
                parsed = read(value)
            except CellError as exc:
                bad.append((at, key, exc.message))
                continue
            if parsed is not None:
                out[name] = parsed
        if bad:
            bad.sort(key=itemgetter(0))
            found.extend((key, problem) for _, key, problem in bad)
        if plan.declared:       # read in the order of their names (see _Plan)
            return sorted_attributes(out)
        nested = cells.get("attributes")
        if isinstance(nested, Mapping):
            specs = self.catalog.attributes
            for name, inner in nested.items():
                self._attribute(str(name), str(name), inner, specs.get(str(name)), out, found)
        elif nested is not None:
            found.append(("attributes", msg("row.attributes", value=nested)))
        return out

    def _attribute(self, name: str, field: str, value: object, spec: AttributeSpec | None, out: dict[str, Scalar],
                   found: list[tuple[str, Msg]]) -> None:
        if name in out:
            found.append((field, msg("row.attribute-twice")))
            return
        try:
            parsed = attribute(spec, value, self.number_format) if spec is not None else free_attribute(value)
        except CellError as exc:
            found.append((field, exc.message))
            return
        if parsed is not None:
            out[name] = parsed

    def _certificate(self, labels: tuple[LabelClaim, ...] | None, value: CellValue,
                     found: list[tuple[str, Msg]]) -> tuple[LabelClaim, ...] | None:
        """The row's one label claim with the number of the ``certificate`` column."""
        try:
            number = text_cell(value)
        except CellError as exc:
            found.append(("certificate", exc.message))
            return labels
        claims = labels or ()
        if len(claims) != 1:
            found.append(("certificate", msg("cert.row.many-claims", n=len(claims)) if claims
                          else msg("cert.row.no-claim")))
            return labels
        (claim,) = claims
        if claim.certificate is not None and certificate_key(claim.certificate) != certificate_key(number):
            found.append(("certificate", msg("cert.row.differs", claim=claim.certificate, number=number)))
            return labels
        return (attrs.evolve(claim, certificate=number),)

    def _parse_labels(self, value: CellValue) -> tuple[LabelClaim, ...]:
        return parse_labels(value, self.catalog, _index=self._labels)

    def _group(self, value: CellValue) -> str:
        text = text_cell(value)
        return self._groups.get(fold(text), text)


def _getter(keys: tuple[str, ...]) -> Callable[[Cells], tuple[CellValue, ...]]:
    """The values of ``keys`` in a row's cells, as one tuple."""
    if len(keys) > 1:
        return itemgetter(*keys)
    return lambda cells: tuple(cells[k] for k in keys)


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _day(value: object) -> datetime.date | None:
    return value if isinstance(value, datetime.date) else None

