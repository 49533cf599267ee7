"""Results (green_procurement.results): one Totals for a request and for a batch run, the fixed JSON
shape, and an item's error in both languages."""

from __future__ import annotations

import datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from green_procurement._messages import Msg
from green_procurement.results import (
    STATUSES,
    ItemRecord,
    ItemResult,
    RequestResult,
    Summary,
    Totals,
    summarise,
)

DAY = datetime.date(2025, 12, 1)

_results = st.builds(
    ItemResult,
    item_id=st.sampled_from(["1", "2", "3"]), description=st.just("x"),
    product_group=st.sampled_from([None, "office-paper", "air-conditioner"]), priority=st.booleans(),
    value=st.one_of(st.none(), st.integers(0, 10**12), st.decimals(0, 10**6, places=2)),
    score_exact=st.one_of(st.none(), st.decimals(0, 100, places=4)),
    status=st.sampled_from(STATUSES))


@given(st.lists(_results, max_size=12))
def test_a_request_and_a_batch_run_count_the_same(items: list[ItemResult]) -> None:
    request = RequestResult("YC-1", "Sở Y tế", DAY, "v", tuple(items))
    summary = Summary()
    for i, it in enumerate(items):
        summary.add(ItemRecord("a.csv", i + 2, "YC-1", "Sở Y tế", it))
    total = summary.total
    assert (request.total_value, request.green_value, request.score) == (total.value, total.green_value,
                                                                          total.score)
    assert (request.green_share_value, request.green_share_count) == (total.green_share_value,
                                                                      total.green_share_count)
    assert dict(request.status_counts) == total.status_counts
    groups = {g.group: (g.items, g.value, g.green_items, g.green_value, g.green_share_value) for g in request.groups}
    assert groups == {k: (t.items, t.value, t.green_items, t.green_value, t.green_share_value)
                      for k, t in summary.groups.items() if t.items}
    assert summary.rows_read == len(items) == summary.rows_scored + summary.rows_rejected


@given(st.lists(_results, max_size=12), st.integers(0, 12))
def test_totals_merge_as_if_counted_together(items: list[ItemResult], cut: int) -> None:
    a, b = summarise(items[:cut]), summarise(items[cut:])
    a.merge(b)
    assert a == summarise(items)


def test_scores_and_shares_round_half_even() -> None:
    t = Totals()
    t.add_values("green", 3, Decimal("66.665"))
    t.add_values("partial", 1, None)
    assert t.score == 66.66 and t.score_exact == Decimal("66.665")
    assert t.green_share_value == 0.75 and t.green_share_count == 0.5
    assert ItemResult("1", "x", None, False, 1, Decimal("12.345"), "partial").score == 12.34


def test_an_items_error_is_in_both_languages() -> None:
    both = ItemResult("1", "x", None, False, None, None, "error", error=Msg("bad", "sai"))
    assert both.to_dict()["error"] == {"vi": "sai", "en": "bad"}
    # a plain text (e.g. from Engine.error_item) is the same in both
    plain = ItemResult("1", "x", None, False, None, None, "error", error="bad")   # type: ignore[arg-type]
    assert plain.error == Msg("bad", "bad") and plain.to_dict()["error"] == {"vi": "bad", "en": "bad"}
    assert "error" not in ItemResult("1", "x", None, False, 1, None, "not_prioritised").to_dict()


def test_the_summary_lists_the_unnamed_group_and_unit_last() -> None:
    summary = Summary()
    for group, entity in ((None, None), ("b", "Sở B"), ("a", "Sở A")):
        res = ItemResult("1", "x", group, True, 100, Decimal(50), "partial")
        summary.add(ItemRecord("a.csv", 2, "R", entity, res))
    d = summary.to_dict()
    assert [g["group"] for g in d["groups"]] == ["a", "b", None]
    assert [e["entity"] for e in d["entities"]] == ["Sở A", "Sở B", None]
