"""Model objects made from values the row reader has already read to exactly what the model's
converters give: :class:`~green_procurement.model.LineItem` and
:class:`~green_procurement.model.LabelClaim` with every converter skipped, and
:class:`~green_procurement.model.Attributes` that are already in order.

A row's cells are parsed by the readers of :mod:`~green_procurement.io.cells` and
:mod:`~green_procurement.io.numbers` into NFC, stripped, non-empty texts, exact numbers and real
dates: the model's converters would give each of those back unchanged, at about 2 µs an item and
1 µs a label claim, on every row of a list.  The reader builds with these constructors only what it
knows to be such values (checked texts, catalogue ids and grades it has checked once, quantities and
prices through the model's own checks) and the validating constructors for anything else;
``tests/test_io_rows.py`` holds it to giving exactly what the validating constructors give.  Nothing
outside the reader uses them: every other way into the model checks its values.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import attrs

from ..model import Attributes, LabelClaim, LineItem, Scalar

__all__ = ["as_given", "label_claim", "line_item", "sorted_attributes"]

C = TypeVar("C")


def as_given(cls: type[C]) -> Callable[..., C]:
    """A constructor of the frozen attrs class ``cls`` that takes a value for every field, in field
    order, as it is: no converter or validator runs."""
    setters = tuple(getattr(cls, a.name).__set__ for a in attrs.fields(cls))  # type: ignore[arg-type]
    new = object.__new__

    def make(*values: Any) -> C:
        self = new(cls)
        for put, value in zip(setters, values, strict=True):
            put(self, value)
        return self

    make.__doc__ = f"A {cls.__name__} of values taken as they are (see :func:`as_given`)."
    return make


#: ``LineItem(id, description, quantity, unit_price, unit, product_group, code, labels, attributes)``
#: with no converter run.
line_item: Callable[..., LineItem] = as_given(LineItem)
#: ``LabelClaim(scheme, grade, certificate, valid_until)`` with no converter run.
label_claim: Callable[..., LabelClaim] = as_given(LabelClaim)


def sorted_attributes(data: dict[str, Scalar]) -> Attributes:
    """Attributes holding ``data`` itself, whose names are already in order (and which nobody else
    keeps or changes)."""
    return Attributes._of_sorted(data)
