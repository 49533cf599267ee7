"""The engine's one kind of memo (``_memo``): bounded, off at size 0, resting while it does not pay."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from green_procurement import _memo
from green_procurement._memo import Memo


def test_size_zero_is_off() -> None:
    memo: Memo[int] = Memo(0)
    assert not memo.active()
    memo.put("a", 1)
    assert memo.get("a") is None and len(memo) == 0


def test_a_full_memo_starts_again() -> None:
    memo: Memo[int] = Memo(3)
    for k in range(3):
        memo.put(k, k)
    memo.put(3, 3)
    assert len(memo) == 1 and memo.get(3) == 3 and memo.get(0) is None


def test_unhashable_keys_are_no_memo() -> None:
    memo: Memo[int] = Memo(10)
    memo.put(["a"], 1)  # type: ignore[arg-type]
    assert memo.get(["a"]) is None  # type: ignore[arg-type]


def test_a_memo_that_misses_rests_looking_up_one_row_in_eight() -> None:
    memo: Memo[int] = Memo(100_000)
    for k in range(_memo.WINDOW):            # every key new: no hit at all
        assert memo.active()
        assert memo.get(k) is None
        memo.put(k, k)
    looked = 0
    for k in range(2 * _memo.REST):          # still no hit: it keeps resting, sampling one row in eight
        if memo.active():
            looked += 1
            assert memo.get(-k - 1) is None
    assert looked == 2 * _memo.REST // _memo.SAMPLE_EVERY


def test_a_resting_memo_wakes_on_products_that_recur_further_apart_than_a_window() -> None:
    # regression (issue 16): on a list cycling through 20,000 products the row memo missed its first
    # window, rested, stored nothing while resting and so never found a product again: the whole list
    # was evaluated row by row.  Resting, it still looks up and stores one row in eight; once those
    # hit often enough it wakes, and from the third round on nearly every row is found.
    products = 20_000
    memo: Memo[int] = Memo(50_000)
    hits = []
    for _ in range(6):
        found = 0
        for k in range(products):
            if memo.active():
                if memo.get(k) is None:
                    memo.put(k, k)
                else:
                    found += 1
        hits.append(found)
    assert hits[0] == 0
    assert hits[3] > 0.95 * products and hits[-1] == products


def test_a_memo_that_hits_keeps_working() -> None:
    memo: Memo[int] = Memo(100_000)
    memo.put("x", 1)
    for _ in range(3 * _memo.WINDOW):
        assert memo.active()
        assert memo.get("x") == 1


def test_a_memo_with_min_rate_zero_never_rests_on_products_that_recur_far_apart() -> None:
    # regression (issue 16): a list cycling through 20,000 products missed every lookup of its first
    # window, so the classification memo rested and then stayed nearly empty: 15% of rows classified
    # from the memo instead of 90%.  Its key costs nothing, so it never rests now.
    products = 3 * _memo.WINDOW
    for min_rate, expected in ((_memo.MIN_RATE, False), (0, True)):
        memo: Memo[int] = Memo(100_000, min_rate=min_rate)
        hits = 0
        for k in list(range(products)) * 3:
            if memo.active():
                if memo.get(k) is None:
                    memo.put(k, k)
                else:
                    hits += 1
        assert (hits == 2 * products) is expected


def test_the_classification_memo_never_rests() -> None:
    import green_procurement as gp

    engine = gp.load_default(backend="python")
    assert engine._enricher.memo.min_rate == 0


@given(st.lists(st.integers(0, 30), max_size=300), st.integers(0, 8))
def test_a_value_from_the_memo_is_the_value_put(keys: list[int], size: int) -> None:
    memo: Memo[int] = Memo(size)
    for k in keys:
        if memo.active():
            got = memo.get(k)
            if got is None:
                memo.put(k, k * k)
            else:
                assert got == k * k
        assert len(memo) <= size
