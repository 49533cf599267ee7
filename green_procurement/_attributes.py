"""The attributes of a line item: an immutable, hashable mapping (its own module, to keep the input
model, :mod:`green_procurement.model`, within the size the project allows a module)."""

from __future__ import annotations

from collections.abc import ItemsView, Iterator, Mapping, ValuesView
from decimal import Decimal

__all__ = ["Attributes", "Scalar"]

#: An attribute's value: text, yes/no, a number or None (unknown).
Scalar = str | bool | int | Decimal | None


class Attributes(Mapping[str, Scalar]):
    """An immutable, hashable mapping of item attributes (name -> text, yes/no, number or None)."""

    __slots__ = ("_data", "_hash")

    def __init__(self, data: Mapping[str, Scalar] | None = None) -> None:
        self._data: dict[str, Scalar] = dict(sorted((data or {}).items()))
        self._hash: int | None = None

    def __getitem__(self, key: str) -> Scalar:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    # the dict's own views: Mapping's read item by item, in Python
    def items(self) -> ItemsView[str, Scalar]:
        return self._data.items()

    def values(self) -> ValuesView[Scalar]:
        return self._data.values()

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(tuple(self._data.items()))
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Attributes):
            return self._data == other._data
        if isinstance(other, Mapping):
            return self._data == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"Attributes({self._data!r})"

    @classmethod
    def _of_sorted(cls, data: dict[str, Scalar]) -> Attributes:
        """Attributes that keep ``data`` itself: its keys already in order, nobody else holding it."""
        self = cls.__new__(cls)
        self._data, self._hash = data, None
        return self
