"""Bid comparison (green_procurement.bids, Engine.compare_bids): the margins of Decree 214/2025 Art. 6 and
11 as set in rules/bids.yaml, one preference per bidder (Art. 5(1)), nothing computed when every bid is
alike (Art. 5(2)), ranking with the tie rule of Law Art. 10(2)(a); exact money."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings

import green_procurement as gp
from green_procurement.bids import Bid, BidComparison, BidResult
from green_procurement.errors import InputError

from .strategies import bid_lists

ON = datetime.date(2025, 10, 1)
ECO = [{"scheme": "vn-ecolabel", "valid_until": "2027-12-31"}]


@pytest.fixture(scope="module")
def engine() -> gp.Engine:
    return gp.load_default(backend="python")


def bid(bidder: str, price: Any, origin: str | None = None, share: Any = None, labels: Any = (), lot: str = "1",
        description: str = "Giấy A4 80gsm") -> dict[str, Any]:
    out: dict[str, Any] = {"lot": lot, "bidder": bidder, "price": price, "description": description,
                           "labels": list(labels)}
    if origin is not None:
        out["origin"] = origin
    if share is not None:
        out["domestic_cost_pct"] = share
    return out


def results(comparison: BidComparison, lot: str = "1") -> dict[str, BidResult]:
    (found,) = [x for x in comparison.lots if x.lot == lot]
    return {b.bidder: b for b in found.bids}


def adj(r: BidResult) -> list[tuple[str, Any]]:
    return [(a.rule_id, a.amount) for a in r.adjustments]


# -- Decree 214/2025 Art. 6 ---------------------------------------------------------------------------

def test_some_goods_reach_50_percent(engine: gp.Engine) -> None:
    # Art. 6(2)(a): non-preferred goods +10 %, preferred goods under 50 % +2.5 %, 50 % or more nothing
    r = results(engine.compare_bids([bid("A", 100_000_000, "VN", 60), bid("B", 95_000_000, "CN"),
                                     bid("C", 97_000_000, "VN", 40)], ON))
    assert adj(r["A"]) == [] and r["A"].evaluated_price == 100_000_000
    assert adj(r["B"]) == [("BID-ORIGIN-01", 9_500_000)] and r["B"].evaluated_price == 104_500_000
    assert adj(r["C"]) == [("BID-ORIGIN-02", 2_425_000)] and r["C"].evaluated_price == 99_425_000
    assert [(k, v.rank) for k, v in r.items()] == [("C", 1), ("A", 2), ("B", 3)]
    assert r["A"].preferences == r["C"].preferences == ("origin",) and r["B"].preferences == ()


def test_no_goods_reach_50_percent(engine: gp.Engine) -> None:
    # Art. 6(1)(a): non-preferred +7.5 %, preferred under 50 % nothing
    comparison = engine.compare_bids([bid("A", 100, "VN", 35), bid("B", 95, "TH")], ON)
    r = results(comparison)
    assert adj(r["A"]) == [] and adj(r["B"]) == [("BID-ORIGIN-03", Decimal("7.125"))]
    assert r["B"].evaluated_price == Decimal("102.125")          # exact, never rounded to a float
    assert any("Art. 6(1)" in n.en for n in comparison.lots[0].notes)


@pytest.mark.parametrize(("origin", "share", "preferred", "note"), [
    ("VN", 29, False, "under 30%"),
    ("VN", 30, True, "from 30% to under 50%"),
    ("VN", None, False, "no domestic production cost share declared"),
    ("Việt Nam", 80, True, "at least 50%"),
    ("JP", 80, False, None),
])
def test_who_is_preferred_as_vietnamese_goods(engine: gp.Engine, origin: str, share: Any, preferred: bool,
                                              note: str | None) -> None:
    r = results(engine.compare_bids([bid("X", 100, origin, share), bid("Y", 100, "CN")], ON))["X"]
    assert ("origin" in r.preferences) is preferred
    if note is not None:
        assert any(note in n.en for n in r.notes), [n.en for n in r.notes]


def test_every_bid_alike_computes_nothing(engine: gp.Engine) -> None:
    # Art. 5(2): all foreign goods (or all preferred alike): no margin at all
    comparison = engine.compare_bids([bid("A", 100, "CN"), bid("B", 90, "TH")], ON)
    assert all(not b.adjustments for b in comparison.lots[0].bids)
    assert any("Art. 5(2)" in n.en for n in comparison.lots[0].notes)
    both_vn = engine.compare_bids([bid("A", 100, "VN", 70), bid("B", 90, "VN", 55)], ON)
    assert all(not b.adjustments for b in both_vn.lots[0].bids)


# -- the eco-label preference (Decree 214 Art. 11) ------------------------------------------------------

def test_the_eco_margin_is_zero_unless_the_bidding_documents_set_one(engine: gp.Engine) -> None:
    bids = [bid("A", 100, "CN", labels=ECO), bid("B", 98, "CN")]
    r = results(engine.compare_bids(bids, ON))
    assert adj(r["A"]) == adj(r["B"]) == [] and r["B"].rank == 1
    assert r["A"].preferences == ("eco_label",)
    r = results(engine.compare_bids(bids, ON, eco_margin=5))
    assert adj(r["B"]) == [("BID-ECO-01", Decimal("4.9"))] and r["A"].rank == 1


def test_which_claims_qualify(engine: gp.Engine) -> None:
    bids = [bid("expired", 100, labels=[{"scheme": "vn-ecolabel", "valid_until": "2024-01-01"}]),
            bid("energy", 100, labels=[{"scheme": "vn-energy", "grade": 3}]),
            bid("self", 100, labels=[{"scheme": "self-declared"}]),
            bid("carbon", 100, labels=[{"scheme": "carbon-trust"}]),
            bid("foreign", 100, labels=[{"scheme": "eu-ecolabel"}])]
    r = results(engine.compare_bids(bids, ON, eco_margin=5))
    assert {k for k, v in r.items() if "eco_label" in v.preferences} == {"energy", "foreign"}


def test_a_bidder_entitled_twice_gets_the_most_favourable_only(engine: gp.Engine) -> None:
    # Art. 5(1): C (Vietnamese 60 % and eco-labelled) keeps the origin preference (10 % > 5 %); the eco
    # margin is added to it as to a bidder without a label, so it cannot gain 15 % over D
    bids = [bid("C", 100, "VN", 60, ECO), bid("D", 100, "CN"), bid("E", 100, "CN", labels=ECO)]
    r = results(engine.compare_bids(bids, ON, eco_margin=5))
    assert r["C"].preferences == ("origin",) and adj(r["C"]) == [("BID-ECO-01", 5)]
    assert sorted(adj(r["D"])) == [("BID-ECO-01", 5), ("BID-ORIGIN-01", 10)]
    assert adj(r["E"]) == [("BID-ORIGIN-01", 10)]
    assert r["D"].evaluated_price - r["C"].evaluated_price == 10
    assert any("Art. 5(1)" in n.en for n in r["C"].notes)
    # with a larger eco margin the eco preference is the most favourable one; C then stands with the
    # foreign bids for the origin preference, which nobody else has: it is not computed (Art. 5(2))
    r = results(engine.compare_bids(bids, ON, eco_margin=12))
    assert r["C"].preferences == ("eco_label",) and adj(r["C"]) == adj(r["E"]) == []
    assert adj(r["D"]) == [("BID-ECO-01", 12)]


# -- ranking ----------------------------------------------------------------------------------------------

def test_a_preferred_bid_ranks_first_among_equals_and_other_ties_share_a_rank(engine: gp.Engine) -> None:
    r = results(engine.compare_bids([bid("A", 100, "CN"), bid("B", 100, "CN", labels=ECO), bid("C", 100, "CN"),
                                     bid("D", 120, "CN")], ON))
    assert (r["B"].rank, r["A"].rank, r["C"].rank, r["D"].rank) == (1, 2, 2, 4)
    assert r["A"].tie and r["C"].tie and not r["B"].tie
    assert any("Art. 140(18)" in n.en for n in r["A"].notes)


def test_lots_are_compared_apart_and_keep_their_order(engine: gp.Engine) -> None:
    comparison = engine.compare_bids([bid("A", 100, "VN", 60, lot="2"), bid("B", 90, "CN", lot="1"),
                                      bid("A", 95, "CN", lot="1"), bid("B", 100, "CN", lot="2")], ON)
    assert [x.lot for x in comparison.lots] == ["2", "1"]
    assert adj(results(comparison, "2")["B"]) == [("BID-ORIGIN-01", 10)]
    assert all(not b.adjustments for b in results(comparison, "1").values())


def test_a_bidder_twice_in_a_lot_is_an_error_row(engine: gp.Engine) -> None:
    comparison = engine.compare_bids([bid("A", 100), bid("A", 90)], ON)
    r = comparison.lots[0].bids
    assert [(b.rank, b.error is not None) for b in r] == [(1, False), (None, True)]
    assert comparison.errors == 1


@given(bid_lists())
@settings(max_examples=60)
def test_evaluated_price_is_the_price_plus_the_adjustments_and_ranks_follow_it(bids: list[Bid]) -> None:
    engine = _ENGINE
    comparison = engine.compare_bids(bids, ON, eco_margin=Decimal("2.5"))
    seen = 0
    for lot in comparison.lots:
        ranked = [b for b in lot.bids if b.error is None]
        seen += len(lot.bids)
        for b in ranked:
            assert b.price is not None and b.evaluated_price is not None
            assert Decimal(b.evaluated_price) == Decimal(b.price) + sum(Decimal(a.amount) for a in b.adjustments)
            assert all(not isinstance(v, float) for v in (b.price, b.evaluated_price))
            for a in b.adjustments:
                assert Decimal(a.amount) == Decimal(b.price) * Decimal(a.pct) / 100
        keys = [(Decimal(b.evaluated_price or 0), not b.preferences) for b in ranked]
        assert keys == sorted(keys)
        assert [b.rank for b in ranked] == sorted(b.rank for b in ranked)     # type: ignore[type-var]
        assert ranked[0].rank == 1 if ranked else True
    assert seen == len(bids)                        # every bid accounted for
    text = json.dumps(comparison.to_dict())          # money as int or exact text, never float
    assert "e+" not in text


_ENGINE = gp.load_default(backend="python")


# -- input and settings -----------------------------------------------------------------------------

@pytest.mark.parametrize(("data", "path"), [
    ({"bidder": "A"}, "bids[0].price"),
    ({"bidder": "A", "price": -1}, "bids[0].price"),
    ({"bidder": "A", "price": 1, "origin": "Vietnamm"}, "bids[0].origin"),
    ({"bidder": "A", "price": 1, "domestic_cost_pct": 120}, "bids[0].domestic_cost_pct"),
    ({"bidder": "A", "price": 1, "prices": 2}, "bids[0].prices"),
    ({"bidder": "A", "price": 1, "labels": [{"scheme": "vn-ecolabl"}]}, "bids[0].labels[0].scheme"),
])
def test_bad_bids_raise_input_errors_naming_the_field(engine: gp.Engine, data: dict[str, Any], path: str) -> None:
    with pytest.raises(InputError) as info:
        engine.compare_bids([data], ON)
    assert info.value.path == path
    assert info.value.message_vi


def test_no_settings_before_decree_214(engine: gp.Engine) -> None:
    with pytest.raises(InputError) as info:
        engine.compare_bids([bid("A", 1)], datetime.date(2025, 8, 3))
    assert info.value.code == "no-bid-rules" and "2025-08-04" in info.value.message


@pytest.mark.parametrize("margin", [-1, 101])
def test_the_eco_margin_is_a_percentage(engine: gp.Engine, margin: int) -> None:
    with pytest.raises(InputError):
        engine.compare_bids([bid("A", 1)], ON, eco_margin=margin)


def test_to_dict_has_the_documented_shape(engine: gp.Engine) -> None:
    d = engine.compare_bids([bid("A", 100, "VN", 60), bid("B", Decimal("95.5"), "CN")], ON).to_dict()
    assert list(d) == ["evaluated_on", "version", "regime", "note", "lots"]
    (lot,) = d["lots"]
    assert list(lot) == ["lot", "bids", "notes"]
    b = lot["bids"][1]
    assert {"lot", "bidder", "price", "adjustments", "evaluated_price", "rank"} <= set(b)
    assert b["price"] == "95.5" and b["evaluated_price"] == "105.05"
    assert b["adjustments"] == [{"rule_id": "BID-ORIGIN-01", "pct": 10, "amount": "9.55",
                                 "basis": b["adjustments"][0]["basis"]}]
    assert "214/2025" in b["adjustments"][0]["basis"]
