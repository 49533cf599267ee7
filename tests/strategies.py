"""Hypothesis strategies for the data model (all in one module, as attrs does)."""

from __future__ import annotations

import datetime
import unicodedata
from decimal import Decimal

from hypothesis import strategies as st

from green_procurement.model import MAX_AMOUNT, LabelClaim, LineItem, PurchaseRequest

VI_WORDS = ["Giấy", "văn phòng", "A4", "Điều hòa", "máy lạnh", "ĐÈN LED", "bóng đèn", "máy tính",
            "xách tay", "nhựa", "ly", "xe ô tô", "mực in", "hộp xốp", "Tủ lạnh", "dịch vụ", "vệ sinh"]

texts = st.lists(st.sampled_from(VI_WORDS), min_size=1, max_size=4).map(" ".join)
# the same texts, sometimes decomposed (NFD): the model must normalise them
any_form_texts = st.tuples(texts, st.sampled_from(["NFC", "NFD"])).map(
    lambda t: unicodedata.normalize(t[1], t[0]))
idents = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_-]{0,11}", fullmatch=True)
dates = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2040, 12, 31))

money = st.one_of(
    st.integers(min_value=0, max_value=MAX_AMOUNT),
    st.integers(min_value=2**53 - 5, max_value=2**53 + 5),     # around the float precision edge
    st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
)
quantities = st.one_of(
    st.integers(min_value=1, max_value=10**6),
    st.decimals(min_value=Decimal("0.001"), max_value=10**4, places=3, allow_nan=False,
                allow_infinity=False),
)

label_claims = st.builds(
    LabelClaim,
    scheme=st.sampled_from(["vn-ecolabel", "vn-energy", "epeat", "self-declared"]),
    grade=st.one_of(st.none(), st.integers(1, 5), st.sampled_from(["bronze", "silver", "gold"])),
    certificate=st.one_of(st.none(), idents),
    valid_until=st.one_of(st.none(), dates),
)

attribute_values = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6),
    st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False, allow_infinity=False),
    texts,
)
attributes = st.dictionaries(st.sampled_from(["recycled_content_pct", "domestic", "powertrain",
                                              "single_use_plastic", "energy_grade"]),
                             attribute_values, max_size=4)

line_items = st.builds(
    LineItem,
    id=idents,
    description=any_form_texts,
    quantity=quantities.filter(lambda q: q > 0),
    unit_price=money,
    unit=st.one_of(st.none(), st.sampled_from(["cái", "ram", "bộ", "chiếc", "kg"])),
    product_group=st.one_of(st.none(), st.sampled_from(["office-paper", "air-conditioner", "computer"])),
    code=st.one_of(st.none(), st.sampled_from(["4802.56", "8415.10", "847130"])),
    labels=st.lists(label_claims, max_size=3).map(tuple),
    attributes=attributes,
)


@st.composite
def purchase_requests(draw: st.DrawFn) -> PurchaseRequest:
    items = draw(st.lists(line_items, min_size=1, max_size=6, unique_by=lambda i: i.id))
    return PurchaseRequest(
        id=draw(idents),
        entity=draw(st.one_of(st.none(), any_form_texts)),
        date=draw(st.one_of(st.none(), dates)),
        funding=draw(st.one_of(st.none(), st.just("state-budget"))),
        items=tuple(items),
    )
