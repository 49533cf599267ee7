"""The one kind of memo the engine keeps: bounded, switchable off, and idle on lists where it would not pay.

A memo remembers a pure function's result by a key made from the data model (the owner of the memo says
which fields).  Making a key costs time, so a memo that misses nearly always — a list of products that
never repeat — is worse than none.  Each memo therefore counts its hits over a window of lookups; when
fewer than ``min_rate`` of them hit, it rests: :meth:`Memo.active` says False (the caller makes no key)
for most of the next ``REST`` rows.  One row in ``SAMPLE_EVERY`` still looks up and stores while it rests,
so that products recurring further apart than a window (a list cycling through 20,000 products) are
learnt: when a window of those sampled lookups hits often enough, the memo wakes.  The decision depends
only on the order of the rows, never on the clock, and can only change speed: a result is the same
whether it came from the memo or not (the test suite runs with ``cache_size = 0`` too).

Thread-safe for the engine's use: dictionary operations are atomic, and the counters only steer speed.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Generic, TypeVar

__all__ = ["Memo"]

V = TypeVar("V")

#: Lookups per sampling window, share of hits below which the memo rests, rows it then rests for, and
#: while resting, one row in how many still looks up and stores.
WINDOW = 2048
MIN_RATE = 0.05
REST = 32768
SAMPLE_EVERY = 8


class Memo(Generic[V]):
    """A bounded memo (cleared when full) that rests while it does not pay; ``size`` 0 turns it off."""

    __slots__ = ("_data", "_hits", "_lookups", "_resting", "min_rate", "size")

    def __init__(self, size: int, *, min_rate: float = MIN_RATE) -> None:
        """``min_rate`` 0: never rest.  That suits a memo whose key costs nothing next to the work it
        saves (a description's classification): resting there only delays finding the products that
        recur further apart than a sampling window (a list cycling through 20,000 products)."""
        self.size = max(0, int(size))
        self.min_rate = min_rate
        self._data: dict[Hashable, V] = {}
        self._hits = self._lookups = self._resting = 0

    def active(self) -> bool:
        """Whether to make a key for this row at all (False: off, or resting)."""
        if not self.size:
            return False
        if self._resting:
            self._resting -= 1
            return self._resting % SAMPLE_EVERY == 0
        return True

    def get(self, key: Hashable) -> V | None:
        """The remembered value, or None; counts the lookup for the hit rate."""
        try:
            value = self._data.get(key)
        except TypeError:         # an unhashable value (bad input anyway): no memo
            value = None
        self._lookups += 1
        if value is not None:
            self._hits += 1
        if self._lookups >= WINDOW:
            # rest (again) while the window's lookups hit too rarely; wake as soon as they do not
            self._resting = REST if self._hits < self.min_rate * self._lookups else 0
            self._hits = self._lookups = 0
        return value

    def put(self, key: Hashable, value: V) -> None:
        if not self.size:
            return
        if len(self._data) >= self.size:
            self._data.clear()     # a simple bound: memory stays flat on any input
        try:
            self._data[key] = value
        except TypeError:
            pass

    def clear(self) -> None:
        """Forget every value and start sampling afresh."""
        self._data.clear()
        self._hits = self._lookups = self._resting = 0

    def __len__(self) -> int:
        return len(self._data)
