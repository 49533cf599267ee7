"""The input data model: purchase requests, line items and label claims.

Instances are immutable (attrs, frozen) and hold clean values: every text NFC-normalised and stripped,
money and quantities as ``int`` (or ``Decimal`` when not whole — exact at any size), dates as
:class:`datetime.date`.  ``from_dict`` accepts JSON-like input and raises :class:`InputError` naming
the field path (``items[3].quantity``); ``to_dict`` gives the JSON-ready form back, and
``from_dict(to_dict(x)) == x``.
"""

from __future__ import annotations

import datetime
import numbers
import re
import unicodedata
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from ._attributes import Attributes, Scalar
from ._messages import Msg, join, msg, type_name
from ._numbers import Number, NumberError, NumberFormat, check_number_format, parse_number, plain_text
from .errors import InputError, suggest

__all__ = [
    "Attributes",
    "LabelClaim",
    "LineItem",
    "Number",
    "PurchaseRequest",
    "check_attributes",
    "check_price",
    "check_quantity",
    "is_missing",
    "parse_date",
    "to_number",
]

#: Largest accepted unit price or line value, in VND (far above any real purchase, inside int64).
MAX_AMOUNT = 10**18
#: Largest accepted quantity.
MAX_QUANTITY = 10**12
#: Most decimal places a quantity or price may carry.
MAX_DECIMALS = 6


def _err(path: str, message: Msg, hint: Msg | None = None) -> InputError:
    return InputError(message, path=path, code="bad-input", hint=hint)


_WHAT = {"a number": "input.what.number", "a quantity": "input.what.quantity",
         "a price in VND": "input.what.price"}


def _what(what: str) -> Msg:
    return msg(_WHAT[what]) if what in _WHAT else Msg(what, what)


def nfc(text: str) -> str:
    """NFC-normalise and strip a text."""
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text.strip()


def is_missing(value: object) -> bool:
    """None, or the missing-value marker of a pandas or NumPy table (NaN, ``NaT``, ``NA``): what
    ``df.to_dict("records")`` gives for an empty cell.  An optional field takes it as absent."""
    if value is None:
        return True
    if isinstance(value, float):
        return value != value
    if isinstance(value, Decimal):
        return value.is_nan()
    if isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral):
        return bool(value != value)
    return type(value).__name__ in ("NaTType", "NAType")


def _absent(value: object) -> bool:
    """An optional number not given: missing (:func:`is_missing`) or a blank text."""
    return is_missing(value) or (isinstance(value, str) and not value.strip())


def to_number(value: object, path: str, *, what: str = "a number", number_format: NumberFormat = "vi") -> Number:
    """Exact number from int, Decimal, float, NumPy scalars or text (read as ``check`` reads a cell, in
    ``number_format``: ``"75.000"`` is 75000 in the default Vietnamese format); whole values become
    ``int``.  Raises :class:`InputError` naming ``path``.

    ``what`` is one of "a number", "a quantity", "a price in VND" (other texts are shown as given)."""
    if type(value) is int and -_FAST_INT < value < _FAST_INT:      # the common case, before any message
        return value
    try:
        return parse_number(value, number_format)
    except NumberError as exc:
        if isinstance(value, str):
            raise _err(path, msg("input.expected-because", what=_what(what), problem=exc.message),
                       msg(f"input.number-text.hint.{number_format}")) from None
        if isinstance(value, bool):
            raise _err(path, msg("input.expected-bool-found", what=_what(what), value=value)) from None
        if isinstance(value, (numbers.Real, Decimal)):
            raise _err(path, msg("input.expected-because", what=_what(what), problem=exc.message)) from None
        raise _err(path, msg("input.expected-typed", what=_what(what), type=type_name(value),
                             value=value)) from None


#: ints below this need no check of their size (far inside MAX_DIGITS)
_FAST_INT = 10**30


def _amount(value: object, path: str, *, positive: bool, limit: int, what: str,
            number_format: NumberFormat = "vi") -> Number:
    if type(value) is int and 0 < value <= limit:       # fast path: most quantities and prices
        return value
    n = to_number(value, path, what=what, number_format=number_format)
    if positive and n <= 0:
        raise _err(path, msg("input.positive", n=n))
    if not positive and n < 0:
        raise _err(path, msg("input.negative", n=n))
    if n > limit:
        raise _err(path, msg("input.limit", n=n, limit=limit))
    if isinstance(n, Decimal) and -n.as_tuple().exponent > MAX_DECIMALS:  # type: ignore[operator]
        raise _err(path, msg("input.decimals", n=n, places=MAX_DECIMALS))
    return n


_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_date(value: object, path: str) -> datetime.date:
    """A date from ``date``, ISO ``YYYY-MM-DD`` or Vietnamese ``dd/mm/yyyy`` text."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        m = _ISO.fullmatch(text)
        parts = (m.group(1), m.group(2), m.group(3)) if m else None
        if parts is None and (m := _DMY.fullmatch(text)):
            parts = (m.group(3), m.group(2), m.group(1))
        if parts is not None:
            try:
                return datetime.date(int(parts[0]), int(parts[1]), int(parts[2]))
            except ValueError:
                raise _err(path, msg("input.unreal-date", value=value), msg("input.unreal-date.hint")) from None
    raise _err(path, msg("input.date", value=value), msg("input.date.hint"))


def _text(value: object, path: str, *, required: bool = True) -> str | None:
    if value is None or (type(value) is not str and is_missing(value)):
        if required:
            raise _err(path, msg("input.required"))
        return None
    if not isinstance(value, str):
        raise _err(path, msg("input.text", value=value))
    text = nfc(value)
    if not text:
        if required:
            raise _err(path, msg("input.empty"))
        return None
    return text


def _ident(value: object, path: str, *, required: bool = True) -> str | None:
    """Ids may be given as numbers (row numbers, codes, a NumPy integer, a whole float of a pandas
    column); they are kept as text."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        value = str(int(value)) if int(value).bit_length() <= 256 else value
    elif isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        value = str(int(value))
    return _text(value, path, required=required)


def _check_keys(data: object, path: str, allowed: tuple[str, ...], required: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(data, Mapping):
        raise _err(path or "<input>", msg("input.mapping", type=type_name(data)))
    for key in data:
        if key not in allowed:
            where = f"{path}.{key}" if path else str(key)
            raise _err(where, msg("input.unknown-field", key=key), suggest(key, allowed)
                       or msg("input.unknown-field.hint", names=join(allowed)))
    for key in required:
        if data.get(key) is None:
            where = f"{path}.{key}" if path else key
            raise _err(where, msg("input.required"))
    return dict(data)


_NO_ATTRIBUTES = Attributes()


def _attributes(value: object, path: str) -> Attributes:
    if value is None or is_missing(value):
        return _NO_ATTRIBUTES
    if isinstance(value, Attributes):
        return value
    if not isinstance(value, Mapping):
        raise _err(path, msg("input.attributes", value=value))
    out: dict[str, Scalar] = {}
    for key, val in value.items():
        name = nfc(key) if isinstance(key, str) else ""
        if not name:
            raise _err(path, msg("input.attribute-name", key=key))
        if name in out:
            raise _err(f"{path}.{name}", msg("input.attribute-twice"))
        if val is None or isinstance(val, bool):
            out[name] = val
        elif isinstance(val, str):
            out[name] = nfc(val)
        elif type(val) is int and -_FAST_INT < val < _FAST_INT:
            out[name] = val
        elif is_missing(val):
            out[name] = None
        elif isinstance(val, (numbers.Real, Decimal)):
            where = f"{path}.{name}"
            num = to_number(val, where)
            if isinstance(num, Decimal) and len(num.as_tuple().digits) > 15:
                raise _err(where, msg("schema.digits", value=num))
            out[name] = num
        else:
            raise _err(f"{path}.{name}", msg("input.attribute-value", type=type_name(val)),
                       msg("input.attribute-value.hint"))
    return Attributes(out)


def _grade(value: object, path: str) -> int | str | None:
    if value is None or is_missing(value):
        return None
    if isinstance(value, bool):
        raise _err(path, msg("input.grade", value=value))
    if isinstance(value, (numbers.Real, Decimal)):
        n = to_number(value, path)
        if not isinstance(n, int):
            raise _err(path, msg("input.grade-whole", n=n))
        return n
    return _text(value, path)


# -- the converters of the model's fields: every value goes through them ----------------------------

def _required(text: str | None) -> str:
    assert text is not None     # _text and _ident raise rather than give None for a required field
    return text


def _scheme(value: object) -> str:
    return _required(_text(value, "scheme"))


def _claim_grade(value: object) -> int | str | None:
    return _grade(value, "grade")


def _certificate(value: object) -> str | None:
    return _ident(value, "certificate", required=False)


def _valid_until(value: object) -> datetime.date | None:
    return None if is_missing(value) else parse_date(value, "valid_until")


def _item_id(value: object) -> str:
    if type(value) is str and (text := nfc(value)):    # the common case, checked as _ident would
        return text
    return _required(_ident(value, "id"))


def _description(value: object) -> str:
    if type(value) is str and (text := nfc(value)):
        return text
    return _required(_text(value, "description"))


def _quantity(value: object) -> Number | None:
    if value is None or (type(value) is not int and is_missing(value)):
        return None
    return _amount(value, "quantity", positive=True, limit=MAX_QUANTITY, what="a number")


def _unit_price(value: object) -> Number | None:
    if value is None or (type(value) is not int and is_missing(value)):
        return None
    return _amount(value, "unit_price", positive=False, limit=MAX_AMOUNT, what="a number")


def _optional_text(value: object, path: str) -> str | None:
    """``_text(value, path, required=False)``, with the common cases (a text, nothing) first."""
    if value is None or (type(value) is not str and is_missing(value)):
        return None
    if type(value) is str:
        return nfc(value) or None
    return _text(value, path, required=False)


def _unit(value: object) -> str | None:
    return _optional_text(value, "unit")


def _product_group(value: object) -> str | None:
    return _optional_text(value, "product_group")


def _code(value: object) -> str | None:
    if value is None or type(value) is str:
        return _optional_text(value, "code")
    return _ident(value, "code", required=False)


def _item_labels(value: object) -> tuple[LabelClaim, ...]:
    if type(value) is tuple and all(type(c) is LabelClaim for c in value):   # checked by their own converters
        return tuple(value)
    return _labels(value, "labels")


def _item_attributes(value: object) -> Attributes:
    return _attributes(value, "attributes")


def _request_id(value: object) -> str:
    return _required(_ident(value, "id"))


def _request_items(value: object) -> tuple[LineItem, ...]:
    return _items(value, "items")


def _entity(value: object) -> str | None:
    return _text(value, "entity", required=False)


def _request_date(value: object) -> datetime.date | None:
    return None if is_missing(value) else parse_date(value, "date")


def _funding(value: object) -> str | None:
    return _text(value, "funding", required=False)



@attrs.frozen
class LabelClaim:
    """A claim that the product carries an eco-label: ``scheme`` is a catalogue label id;
    ``grade`` (e.g. energy stars), ``certificate`` number and ``valid_until`` date are optional."""

    scheme: str = attrs.field(converter=_scheme)
    grade: int | str | None = attrs.field(default=None, converter=_claim_grade)
    certificate: str | None = attrs.field(default=None, converter=_certificate)
    valid_until: datetime.date | None = attrs.field(default=None, converter=_valid_until)

    _FIELDS = ("scheme", "grade", "certificate", "valid_until")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], path: str = "") -> LabelClaim:
        """Build from a mapping; errors name the field (``items[0].labels[1].valid_until``)."""
        d = _check_keys(data, path, cls._FIELDS, ("scheme",))
        p = f"{path}." if path else ""
        return cls(
            scheme=_text(d.get("scheme"), f"{p}scheme"),
            grade=_grade(d.get("grade"), f"{p}grade"),
            certificate=_ident(d.get("certificate"), f"{p}certificate", required=False),
            valid_until=None if is_missing(d.get("valid_until")) else parse_date(d["valid_until"],
                                                                                  f"{p}valid_until"),
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping (dates as ISO text); absent optional fields are omitted."""
        out: dict[str, Any] = {"scheme": self.scheme}
        if self.grade is not None:
            out["grade"] = self.grade
        if self.certificate is not None:
            out["certificate"] = self.certificate
        if self.valid_until is not None:
            out["valid_until"] = self.valid_until.isoformat()
        return out


def _labels(value: object, path: str) -> tuple[LabelClaim, ...]:
    if value is None or (type(value) is tuple and not value) or is_missing(value):
        return ()
    if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)):
        raise _err(path, msg("input.labels", value=value))
    out = []
    for i, claim in enumerate(value):
        if isinstance(claim, LabelClaim):
            out.append(claim)
        else:
            out.append(LabelClaim.from_dict(claim, f"{path}[{i}]"))
    return tuple(out)


def check_attributes(value: Mapping[str, object], path: str = "attributes") -> Attributes:
    """Attributes as LineItem accepts them (names and values checked and normalised), or InputError."""
    return _attributes(dict(value), path)


def check_quantity(value: object, path: str = "quantity") -> Number:
    """A quantity as LineItem accepts it (a number > 0 within the limits), or InputError."""
    return _amount(value, path, positive=True, limit=MAX_QUANTITY, what="a number")


def check_price(value: object, path: str = "unit_price") -> Number:
    """A unit price as LineItem accepts it (a number >= 0 within the limits), or InputError."""
    return _amount(value, path, positive=False, limit=MAX_AMOUNT, what="a number")


@attrs.frozen
class LineItem:
    """One line of a purchase request.

    ``product_group`` is a catalogue group id; when absent the engine classifies the item from
    ``code`` or from the description.  ``unit_price`` is in VND.  A line as published may lack its
    quantity or its price (None): it is classified and scored all the same, its ``value`` is None
    (unknown, never 0) and it is left out of value totals and value shares.
    """

    id: str = attrs.field(converter=_item_id)
    description: str = attrs.field(converter=_description)
    quantity: Number | None = attrs.field(default=None, converter=_quantity)
    unit_price: Number | None = attrs.field(default=None, converter=_unit_price)
    unit: str | None = attrs.field(default=None, converter=_unit)
    product_group: str | None = attrs.field(default=None, converter=_product_group)
    code: str | None = attrs.field(default=None, converter=_code)
    labels: tuple[LabelClaim, ...] = attrs.field(default=(), converter=_item_labels)
    attributes: Attributes = attrs.field(factory=Attributes, converter=_item_attributes)

    _FIELDS = ("id", "description", "product_group", "code", "quantity", "unit", "unit_price",
               "labels", "attributes")

    @property
    def value(self) -> Number | None:
        """``quantity × unit_price``, exact; None when either is not known."""
        if self.quantity is None or self.unit_price is None:
            return None
        v = self.quantity * self.unit_price
        return int(v) if isinstance(v, Decimal) and v == v.to_integral_value() else v

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], path: str = "", *, number_format: NumberFormat = "vi") -> LineItem:
        """Build from a mapping; errors name the field path.  Numbers given as text are read as
        ``green-procurement check`` reads a cell, in ``number_format`` (``"vi"``: ``75.000`` is 75000;
        ``"en"``: ``75,000``); NaN in an optional field (pandas' empty cell) is taken as absent."""
        fmt = check_number_format(number_format)
        d = _check_keys(data, path, cls._FIELDS, ("id", "description"))
        p = f"{path}." if path else ""
        quantity, price = d.get("quantity"), d.get("unit_price")
        return cls(
            id=_ident(d.get("id"), f"{p}id"),
            description=_text(d.get("description"), f"{p}description"),
            quantity=None if _absent(quantity) else _amount(
                quantity, f"{p}quantity", positive=True, limit=MAX_QUANTITY, what="a quantity",
                number_format=fmt),
            unit_price=None if _absent(price) else _amount(
                price, f"{p}unit_price", positive=False, limit=MAX_AMOUNT, what="a price in VND",
                number_format=fmt),
            unit=_text(d.get("unit"), f"{p}unit", required=False),
            product_group=_text(d.get("product_group"), f"{p}product_group", required=False),
            code=_ident(d.get("code"), f"{p}code", required=False),
            labels=_labels(d.get("labels"), f"{p}labels"),
            attributes=_attributes(d.get("attributes"), f"{p}attributes"),
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping; whole numbers stay ``int``, others become decimal text."""
        out: dict[str, Any] = {"id": self.id, "description": self.description}
        if self.product_group is not None:
            out["product_group"] = self.product_group
        if self.code is not None:
            out["code"] = self.code
        if self.quantity is not None:
            out["quantity"] = _model_number(self.quantity)
        if self.unit is not None:
            out["unit"] = self.unit
        if self.unit_price is not None:
            out["unit_price"] = _model_number(self.unit_price)
        out["labels"] = [c.to_dict() for c in self.labels]
        # attribute decimals (<= 15 significant digits) survive a float exactly: Decimal(repr(float(d)))
        out["attributes"] = {k: float(v) if isinstance(v, Decimal) else v
                             for k, v in self.attributes.items()}
        return out


def _model_number(n: Number) -> int | str:
    """A quantity or price for ``to_dict``: ``int`` as is, a decimal as text that ``from_dict`` reads
    back in either number format (``1.2340`` for 1.234, which is 1234 in Vietnamese format)."""
    return n if isinstance(n, int) else plain_text(n)


def json_number(n: Number | None) -> int | str | None:
    """Money and quantities for JSON: ``int`` as is, ``Decimal`` as exact text, never float."""
    if n is None or isinstance(n, int):
        return n
    return format(n, "f")


def _items(value: object, path: str, number_format: NumberFormat = "vi") -> tuple[LineItem, ...]:
    if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)):
        raise _err(path, msg("input.items", value=value))
    out: list[LineItem] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(value):
        li = item if isinstance(item, LineItem) else LineItem.from_dict(item, f"{path}[{i}]",
                                                                         number_format=number_format)
        if li.id in seen:
            raise _err(f"{path}[{i}].id", msg("input.item-twice", id=li.id, other=f"{path}[{seen[li.id]}]"),
                       msg("input.item-twice.hint"))
        seen[li.id] = i
        out.append(li)
    if not out:
        raise _err(path, msg("input.no-items"))
    return tuple(out)


@attrs.frozen
class PurchaseRequest:
    """A purchase request (yêu cầu mua sắm) of a procuring unit (``entity``) with its line items."""

    id: str = attrs.field(converter=_request_id)
    items: tuple[LineItem, ...] = attrs.field(converter=_request_items)
    entity: str | None = attrs.field(default=None, converter=_entity)
    date: datetime.date | None = attrs.field(default=None, converter=_request_date)
    funding: str | None = attrs.field(default=None, converter=_funding)

    _FIELDS = ("id", "entity", "date", "funding", "items")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, number_format: NumberFormat = "vi") -> PurchaseRequest:
        """Build from a JSON-like mapping; raises :class:`InputError` naming the field path.

        Quantities and prices given as text are read as ``green-procurement check`` reads a cell, in
        ``number_format``: ``"vi"`` (default: ``"75.000"`` is 75000, ``"1.234,5"`` is 1234.5) or
        ``"en"`` (``"75,000"``, ``"1,234.5"``).  Numbers may be ``int``, ``Decimal``, ``float`` or NumPy
        scalars, so ``items=df.to_dict("records")`` works; NaN in an optional field is taken as absent,
        in a quantity or price it is an error."""
        fmt = check_number_format(number_format)
        d = _check_keys(data, "", cls._FIELDS, ("id", "items"))
        return cls(
            id=_ident(d.get("id"), "id"),
            entity=_text(d.get("entity"), "entity", required=False),
            date=None if is_missing(d.get("date")) else parse_date(d["date"], "date"),
            funding=_text(d.get("funding"), "funding", required=False),
            items=_items(d.get("items"), "items", fmt),
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping, stable key order."""
        out: dict[str, Any] = {"id": self.id}
        if self.entity is not None:
            out["entity"] = self.entity
        if self.date is not None:
            out["date"] = self.date.isoformat()
        if self.funding is not None:
            out["funding"] = self.funding
        out["items"] = [i.to_dict() for i in self.items]
        return out
