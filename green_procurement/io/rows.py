"""From the raw cells of one row (already keyed by field) to a :class:`~green_procurement.batch.Row`.

Every problem of a row is collected, in column order, into the row's ``error`` text (one line, each
part ``"<column>: <what is wrong>"``); a row is never dropped and reading never stops at a bad row.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable, Mapping
from decimal import Decimal
from operator import itemgetter
from typing import Any

from .._text import fold
from ..batch import Row
from ..catalog import AttributeSpec, Catalog, LabelScheme
from ..errors import GppError, did_you_mean
from ..model import LabelClaim, LineItem, Scalar, check_attributes, check_price, check_quantity
from .headers import ATTR_PREFIX, CANONICAL
from .numbers import CellError, NumberFormat, Percent, parse_bool, parse_date_cell, parse_number

__all__ = ["RowBuilder", "parse_labels"]

_LABEL_CACHE_SIZE = 1024  # label cells repeat a lot in real lists; parsed claims are immutable
_DASHES = frozenset({"-", "–", "—", "--"})
_CLAIM_SEPARATORS = re.compile(r"[;|\n\r,]")
_CLAIM = re.compile(r"(?P<scheme>[^:@]+?)\s*(?::\s*(?P<grade>[^:@]*?))?\s*(?:@\s*(?P<until>[^:@]*?))?")
_STARS = re.compile(r"(\d+)\s*(?:sao|stars?|★+|\*)?", re.IGNORECASE)


def _blank(value: object) -> bool:
    """An empty cell: nothing, only spaces, or a dash used as "no data"."""
    if value is None:
        return True
    if isinstance(value, str):
        text = value.strip()
        return not text or text in _DASHES
    return False


def _text(value: object) -> str:
    """Cell text, NFC and stripped; ids and codes given as numbers become their digits."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    if isinstance(value, bool):
        raise CellError(f"expected text, found {'true' if value else 'false'} (a yes/no value)")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (float, Decimal)):
        return format(Decimal(repr(value)) if isinstance(value, float) else value, "f")
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, Percent):
        return f"{value.value}%"
    raise CellError(f"expected text, found {'a list' if isinstance(value, (list, tuple)) else 'an object'}")


class _Label:
    """Index of the catalogue's label schemes for matching ids typed in any case."""

    def __init__(self, catalog: Catalog) -> None:
        self.ids = tuple(catalog.labels)
        self.by_lower = {k.lower(): v for k, v in catalog.labels.items()}
        by_fold: dict[str, LabelScheme | None] = {}
        for k, v in catalog.labels.items():
            f = fold(k)
            by_fold[f] = None if f in by_fold else v  # ambiguous folds match nothing
        self.by_fold = by_fold

    def find(self, scheme: str) -> LabelScheme | None:
        s = scheme.strip()
        return self.by_lower.get(s.lower()) or self.by_fold.get(fold(s))


def _grade(scheme: LabelScheme, raw: object, shown: str) -> int | str:
    """A grade checked against the scheme's scale (catalogue spelling kept)."""
    grades = scheme.grades
    text = raw.strip() if isinstance(raw, str) else raw
    if grades is None:
        raise CellError(f"label '{scheme.id}' has no grades, found {shown!r} (write just '{scheme.id}')")
    scale = ", ".join(str(g) for g in grades.scale)
    if grades.numeric:
        value: int | str | None = None
        if isinstance(text, int) and not isinstance(text, bool):
            value = text
        elif isinstance(text, (float, Decimal)):
            try:
                n = parse_number(text)
            except CellError:
                n = None
            value = n if isinstance(n, int) else None
        elif isinstance(text, str) and (m := _STARS.fullmatch(text)):
            value = int(m.group(1))
        if value is None or value not in grades.scale:
            raise CellError(f"grade {text!s} of '{scheme.id}' in {shown!r} is not on its scale ({scale})")
        return value
    if isinstance(text, str):
        for g in grades.scale:
            if fold(str(g)) == fold(text):
                return g
    hint = did_you_mean(str(text), [str(g) for g in grades.scale])
    raise CellError(f"grade {text!s} of '{scheme.id}' in {shown!r} is not on its scale ({scale})"
                    + (f" ({hint})" if hint else ""))


def _scheme(index: _Label, name: str, shown: str) -> LabelScheme:
    found = index.find(name)
    if found is None:
        hint = did_you_mean(name.strip(), index.ids)
        raise CellError(f"unknown label {name.strip()!r} in {shown!r}"
                        + (f" ({hint})" if hint else " (see `green-procurement catalog` for the label ids)"))
    return found


def _until(raw: object, shown: str) -> datetime.date:
    try:
        return parse_date_cell(raw)
    except CellError as exc:
        raise CellError(f"valid-until date of {shown!r}: {exc}") from None


def _parse_claim_text(index: _Label, part: str) -> LabelClaim:
    m = _CLAIM.fullmatch(part)
    if m is None or not m.group("scheme").strip():
        raise CellError(f"{part!r} is not a label claim (write scheme[:grade][@valid_until], "
                        "e.g. vn-energy:5@2027-12-31)")
    scheme = _scheme(index, m.group("scheme"), part)
    grade = _grade(scheme, m.group("grade"), part) if m.group("grade") else None
    until = _until(m.group("until"), part) if m.group("until") else None
    if m.group("grade") is not None and not m.group("grade").strip():
        raise CellError(f"{part!r} has ':' but no grade")
    if m.group("until") is not None and not m.group("until").strip():
        raise CellError(f"{part!r} has '@' but no date")
    return LabelClaim(scheme.id, grade, None, until)


def _parse_claim_mapping(index: _Label, data: Mapping[Any, Any]) -> LabelClaim:
    allowed = ("scheme", "grade", "certificate", "valid_until")
    for key in data:
        if key not in allowed:
            hint = did_you_mean(key, allowed)
            raise CellError(f"unknown key {key!r} in a label claim" + (f" ({hint})" if hint else
                                                                       f" (allowed: {', '.join(allowed)})"))
    raw_scheme = data.get("scheme")
    if not isinstance(raw_scheme, str) or not raw_scheme.strip():
        raise CellError(f"a label claim needs a 'scheme' (a label id), found {data!r}")
    shown = raw_scheme.strip()
    scheme = _scheme(index, raw_scheme, shown)
    grade = None if _blank(data.get("grade")) else _grade(scheme, data["grade"], f"{shown}:{data['grade']}")
    until = None if _blank(data.get("valid_until")) else _until(data["valid_until"], shown)
    certificate = None
    if not _blank(data.get("certificate")):
        certificate = _text(data["certificate"])
    return LabelClaim(scheme.id, grade, certificate, until)


def parse_labels(value: object, catalog: Catalog, *, _index: _Label | None = None) -> tuple[LabelClaim, ...]:
    """Label claims from a ``labels`` cell: ``vn-energy:5@2027-12-31; vn-ecolabel@31/12/2026``.

    Claims are separated by ``;``, ``|``, ``,`` or new lines; each is ``scheme[:grade][@valid_until]``
    with spaces tolerated.  Scheme ids match the catalogue's in any case (the catalogue's id is kept);
    a grade must be on the scheme's scale; the date is ISO or dd/mm/yyyy.  A JSON list of such texts,
    or of objects ``{scheme, grade, certificate, valid_until}``, is read too.  Raises :class:`CellError`.
    """
    index = _index or _Label(catalog)
    if _blank(value):
        return ()
    parts: list[object]
    if isinstance(value, str):
        parts = [p.strip() for p in _CLAIM_SEPARATORS.split(unicodedata.normalize("NFC", value))]
    elif isinstance(value, (list, tuple)):
        parts = list(value)
    else:
        raise CellError(f"expected label claims such as 'vn-energy:5@2027-12-31', found {value!r}")
    claims: list[LabelClaim] = []
    for part in parts:
        if isinstance(part, LabelClaim):
            claims.append(part)
        elif isinstance(part, Mapping):
            claims.append(_parse_claim_mapping(index, part))
        elif isinstance(part, str):
            if part.strip():
                claims.append(_parse_claim_text(index, part.strip()))
        else:
            raise CellError(f"expected a label claim, found {part!r}")
    return tuple(claims)


def _attribute(spec: AttributeSpec, value: object, number_format: NumberFormat) -> Scalar:
    """An attribute value typed by its declaration (None when the cell is empty)."""
    if _blank(value):
        return None
    if spec.type == "boolean":
        return parse_bool(value)
    if spec.type in ("number", "integer"):
        n = parse_number(value, number_format, percent=True)
        if spec.type == "integer" and not isinstance(n, int):
            raise CellError(f"{_show(value)} is not a whole number")
        if spec.minimum is not None and n < spec.minimum:
            raise CellError(f"{_show(value)} is below the minimum {spec.minimum}")
        if spec.maximum is not None and n > spec.maximum:
            raise CellError(f"{_show(value)} is above the maximum {spec.maximum}")
        if isinstance(n, Decimal) and len(n.as_tuple().digits) > 15:
            raise CellError(f"{_show(value)} has more than 15 significant digits")
        return n
    text = _text(value)
    if spec.values is not None:
        for v in spec.values:
            if fold(v) == fold(text):
                return v
        hint = did_you_mean(text, spec.values)
        raise CellError(f"{text!r} is not one of {', '.join(spec.values)}" + (f" ({hint})" if hint else ""))
    return text


def _free_attribute(value: object) -> Scalar:
    """An attribute the catalogue does not declare (no rule reads it): kept as given."""
    if _blank(value):
        return None
    if isinstance(value, (bool, int, Decimal)):
        return value
    if isinstance(value, float):
        return parse_number(value)
    return _text(value)


def _show(value: object) -> str:
    return repr(value) if isinstance(value, str) else str(getattr(value, "value", value))


class RowBuilder:
    """Turns the cells of one row, keyed by field (``unit_price``, ``attr.domestic``), into a Row."""

    def __init__(self, catalog: Catalog, source: str, number_format: NumberFormat = "vi") -> None:
        self.catalog = catalog
        self.source = source
        self.number_format = number_format
        self._labels = _Label(catalog)
        groups: dict[str, str] = {}
        for gid, g in catalog.groups.items():
            for text in (gid, getattr(g.name, "vi", None), getattr(g.name, "en", None)):
                if isinstance(text, str) and fold(text):
                    groups.setdefault(fold(text), gid)
        self._groups = groups
        self._label_cache: dict[str, tuple[LabelClaim, ...] | str] = {}
        self._memo: dict[tuple[str, str], Any] = {}
        self._picks: dict[tuple[str, ...], Callable[[Mapping[str, Any]], tuple[Any, ...]]] = {}
        self._parts: dict[tuple[Any, tuple[Any, ...]], tuple[Any, ...]] = {}
        self._row_parsers = (_text, _text, parse_date_cell, _text, _text,
                             lambda v: parse_number(v, number_format))

    def error(self, row: int, message: str, cells: Mapping[str, Any] | None = None) -> Row:
        """An error row, keeping what can be read of its ids and description."""
        keep: dict[str, Any] = {}
        for key in ("request_id", "entity", "funding", "item_id", "description"):
            value = (cells or {}).get(key)
            if not _blank(value):
                try:
                    keep[key] = _text(value)
                except CellError:
                    pass
        return Row(source=self.source, row=row, request_id=keep.get("request_id"), entity=keep.get("entity"),
                   funding=keep.get("funding"), error=message, item_id=keep.get("item_id") or str(row),
                   description=keep.get("description"))

    def build(self, row: int, cells: Mapping[str, Any]) -> Row:
        """The Row for the cells of sheet/line/list row ``row`` (missing keys are empty cells)."""
        fast = self._repeat(row, cells)
        return fast if fast is not None else self._build(row, cells)

    def _repeat(self, row: int, cells: Mapping[str, Any]) -> Row | None:
        """The fast path for a row whose item cells (all but the ids and the quantity) are the text
        of an earlier row that parsed cleanly: purchase lists repeat the same products.  None when
        anything is not plain (non-text cells, a nested mapping, any problem): :meth:`_build` then
        does the whole row, so errors are reported exactly as without this path."""
        layout = tuple(cells)
        pick = self._picks.get(layout)
        if pick is None:
            if len(self._picks) >= 64 or "attributes" in cells:
                return None
            part_fields = [k for k in layout if k not in _ROW_FIELDS]
            if not part_fields or "quantity" not in cells:
                return None
            part_fields.append(part_fields[0])        # at least two: itemgetter then gives a tuple
            pick = self._picks[layout] = itemgetter(*part_fields)
        key = pick(cells)
        for v in key:
            if type(v) is not str:
                return None
        part = self._parts.get((pick, key))    # per layout: the same texts under other columns differ
        if part is None:
            return None
        memo = self._memo
        values = []
        for field, parse in zip(_ROW_FIELDS, self._row_parsers, strict=True):
            value = cells.get(field)
            if value is None:
                values.append(None)
                continue
            if type(value) is not str:
                return None
            hit = memo.get((field, value), _MISS)
            if hit is _MISS:
                hit = self._cell(field, value, parse)
            if type(hit) is _Failed:
                return None
            values.append(None if hit is _BLANK else hit)
        request_id, entity, request_date, funding, item_id, quantity = values
        if quantity is None:
            return None
        try:
            quantity = check_quantity(quantity)
        except GppError:
            return None
        description, group, code, unit, price, labels, attributes = part
        item = LineItem.trusted(item_id or str(row), description, quantity, price, unit, group, code, labels,
                                attributes)
        return Row(source=self.source, row=row, request_id=request_id, entity=entity, request_date=request_date,
                   funding=funding, item=item, item_id=item.id, description=description)

    def _cell(self, field: str, value: str, parse: Callable[[str], Any]) -> Any:
        """A text cell parsed (or _BLANK, or _Failed with the reason), memoised: purchase lists
        repeat the same cells (units, prices, labels, dates), so each is parsed once."""
        if _blank(value):
            hit: Any = _BLANK
        else:
            try:
                hit = parse(value)
            except CellError as exc:
                hit = _Failed(str(exc))
        if len(self._memo) >= _MEMO_SIZE:
            self._memo.clear()
        self._memo[(field, value)] = hit
        return hit

    def _remember(self, cells: Mapping[str, Any], item: LineItem) -> None:
        """Keep the parsed item cells of a clean row for :meth:`_repeat`."""
        pick = self._picks.get(tuple(cells))
        if pick is None:
            return
        key = pick(cells)
        if all(type(v) is str for v in key):
            if len(self._parts) >= _PARTS_SIZE:
                self._parts.clear()
            self._parts[(pick, key)] = (item.description, item.product_group, item.code, item.unit, item.unit_price,
                                item.labels, item.attributes)

    def _build(self, row: int, cells: Mapping[str, Any]) -> Row:
        problems: list[tuple[str, str]] = []  # (field, text), sorted into column order at the end
        fmt = self.number_format

        def problem(field: str, text: str) -> None:
            problems.append((field, f"{field}: {text}"))

        memo = self._memo

        def read(field: str, parse: Any, *, required: bool = False) -> Any:
            value = cells.get(field)
            if type(value) is str:
                # purchase lists repeat the same cells (units, prices, labels, dates): parse each once
                hit = memo.get((field, value), _MISS)
                if hit is _MISS:
                    hit = self._cell(field, value, parse)
                if hit is not _BLANK:
                    if type(hit) is _Failed:
                        problem(field, hit.text)
                        return None
                    return hit
            if _blank(value):
                if not required:
                    return None
                if field not in cells:
                    problem(field, "missing")
                elif isinstance(value, str) and value.strip():
                    problem(field, f"missing (the cell holds only {value.strip()!r})")
                else:
                    problem(field, "missing (the cell is empty)")
                return None
            try:
                return parse(value)
            except CellError as exc:
                problem(field, str(exc))
                return None

        request_id = read("request_id", _text)
        entity = read("entity", _text)
        request_date = read("request_date", parse_date_cell)
        funding = read("funding", _text)
        item_id = read("item_id", _text)
        description = read("description", _text, required=True)
        group = read("product_group", self._group)
        code = read("code", _text)
        quantity = read("quantity", lambda v: parse_number(v, fmt), required=True)
        unit = read("unit", _text)
        price = read("unit_price", lambda v: parse_number(v, fmt, currency=True), required=True)
        labels = read("labels", self._parse_labels)
        attributes: dict[str, Scalar] = {}
        nested = cells.get("attributes")
        if nested is not None and not isinstance(nested, Mapping):
            problem("attributes", f"expected an object of attribute names to values, found {nested!r}")
        for key, value in list(cells.items()) + [(ATTR_PREFIX + str(k), v) for k, v in
                                                  (nested.items() if isinstance(nested, Mapping) else ())]:
            if not key.startswith(ATTR_PREFIX):
                continue
            name = key[len(ATTR_PREFIX):]
            spec = self.catalog.attributes.get(name)
            if name in attributes:
                problem(name, "given twice")
                continue
            def parse_attribute(v: object, spec: AttributeSpec | None = spec) -> Scalar:
                return _attribute(spec, v, fmt) if spec is not None else _free_attribute(v)

            if type(value) is str:      # text cells repeat: parsed once, like the other cells
                hit = memo.get((key, value), _MISS)
                if hit is _MISS:
                    hit = self._cell(key, value, parse_attribute)
            else:
                try:
                    hit = parse_attribute(value)
                except CellError as exc:
                    hit = _Failed(str(exc))
            if type(hit) is _Failed:
                problem(name, hit.text)
                continue
            if hit is not None and hit is not _BLANK:   # both mean an empty cell
                attributes[name] = hit

        item = None
        if not problems:
            try:
                # texts, labels and dates are parsed and normalised already: only the model's checks
                # of numbers and attributes remain (tests/test_io.py proves the item is the same)
                item = LineItem.trusted(item_id or str(row), description, check_quantity(quantity),
                                        check_price(price), unit, group, code, labels or (),
                                        check_attributes(attributes))
            except GppError as exc:
                problems.append(_model_error(exc))
            else:
                self._remember(cells, item)
        else:
            # let the model judge the fields that were read, so that its range errors are reported too
            try:
                LineItem(id="x", description="x",
                         quantity=1 if quantity is None else quantity,
                         unit_price=0 if price is None else price)
            except GppError as exc:
                problems.append(_model_error(exc))
        if problems:
            problems.sort(key=lambda p: _ORDER.get(p[0], len(_ORDER)))
            return Row(source=self.source, row=row, request_id=request_id, entity=entity, request_date=request_date,
                       funding=funding, error="; ".join(text for _, text in problems),
                       item_id=item_id or str(row), description=description)
        return Row(source=self.source, row=row, request_id=request_id, entity=entity, request_date=request_date,
                   funding=funding, item=item, item_id=item.id if item else None, description=description)

    def _parse_labels(self, value: object) -> tuple[LabelClaim, ...]:
        if not isinstance(value, str):
            return parse_labels(value, self.catalog, _index=self._labels)
        cached = self._label_cache.get(value)
        if cached is None:
            try:
                cached = parse_labels(value, self.catalog, _index=self._labels)
            except CellError as exc:
                cached = str(exc)
            if len(self._label_cache) >= _LABEL_CACHE_SIZE:
                self._label_cache.clear()
            self._label_cache[value] = cached
        if isinstance(cached, str):
            raise CellError(cached)
        return cached

    def _group(self, value: object) -> str:
        text = _text(value)
        return self._groups.get(fold(text), text)


_ORDER = {name: i for i, name in enumerate(CANONICAL)}
#: The cells of a row that are not the item's own (ids, date, quantity), in this order: see RowBuilder._repeat.
_ROW_FIELDS = ("request_id", "entity", "request_date", "funding", "item_id", "quantity")
_MISS = object()
_BLANK = object()
_MEMO_SIZE = 8_192
_PARTS_SIZE = 2_048        # distinct products remembered (each holds a parsed item's cells)


class _Failed:
    """A cell value that could not be parsed (memoised with its message)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def _model_error(exc: GppError) -> tuple[str, str]:
    path = exc.path or "row"
    text = f"{path}: {exc.message}" + (f" ({exc.hint})" if exc.hint else "")
    return re.split(r"[.\[]", path)[0], text
