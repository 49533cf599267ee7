"""Label cells of batch files (green_procurement.io.cells)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import example, given

from green_procurement.catalog import Catalog
from green_procurement.io import (
    CellError,
    parse_labels,
)

from .strategies import claim_like_texts

D = Decimal


# --- labels cells -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("cell", "expected"), [
    ("vn-energy:5@2027-12-31; vn-ecolabel@31/12/2026",
     [("vn-energy", 5, datetime.date(2027, 12, 31)), ("vn-ecolabel", None, datetime.date(2026, 12, 31))]),
    ("vn-ecolabel", [("vn-ecolabel", None, None)]),
    ("VN-Energy : 4", [("vn-energy", 4, None)]),                    # any case, spaces tolerated
    ("vn-energy:5 sao", [("vn-energy", 5, None)]),
    ("epeat:Gold | energy-star", [("epeat", "gold", None), ("energy-star", None, None)]),
    ("vn-ecolabel\nepeat:silver", [("vn-ecolabel", None, None), ("epeat", "silver", None)]),
    (" vn-ecolabel ; ; ", [("vn-ecolabel", None, None)]),
    ("vn-energy : 3 @ 1/6/2027", [("vn-energy", 3, datetime.date(2027, 6, 1))]),
    ("", []),
    (None, []),
    ([{"scheme": "VN-ENERGY", "grade": "5", "valid_until": "31/12/2027"}],
     [("vn-energy", 5, datetime.date(2027, 12, 31))]),
    (["vn-ecolabel@2026-12-31"], [("vn-ecolabel", None, datetime.date(2026, 12, 31))]),
])
def test_labels_cell(catalog: Catalog, cell: object, expected: list[tuple[Any, ...]]) -> None:
    claims = parse_labels(cell, catalog)
    assert [(c.scheme, c.grade, c.valid_until) for c in claims] == expected


@given(claim_like_texts)
@example("vn-energy#12\n3")            # '.' of the pattern stops at a line break
@example(" \u00a0:5")                  # a scheme of spaces only
@example("vn-energy@2027:5")           # marks out of order
@example("epeat : gold : silver")       # a mark twice
def test_a_claim_is_split_as_its_pattern_reads_it(text: str) -> None:
    # claim_parts splits a claim as written at its marks rather than by the (backtracking) pattern;
    # the texts, and what is not a claim at all, are the pattern's
    from green_procurement.io.cells import _CLAIM, claim_parts

    m = _CLAIM.fullmatch(text)
    assert claim_parts(text) == (None if m is None else m.group("scheme", "grade", "until", "number"))


@pytest.mark.parametrize(("cell", "message"), [
    ("vn-enrgy:5", "unknown label 'vn-enrgy' in 'vn-enrgy:5' (did you mean 'vn-energy'?)"),
    ("vn-energy:7", "grade 7 of 'vn-energy' in 'vn-energy:7' is not on its scale (1, 2, 3, 4, 5)"),
    ("vn-energy:A", "grade A of 'vn-energy' in 'vn-energy:A' is not on its scale (1, 2, 3, 4, 5)"),
    ("epeat:platinum", "grade platinum of 'epeat' in 'epeat:platinum' is not on its scale (bronze, silver, gold)"),
    ("vn-ecolabel:3", "label 'vn-ecolabel' has no grades, found 'vn-ecolabel:3' (write just 'vn-ecolabel')"),
    ("vn-ecolabel@31/02/2026",
     "valid-until date of 'vn-ecolabel@31/02/2026': '31/02/2026' is not a real date (February 2026 has 28 days)"),
    ("vn-ecolabel@soon", "valid-until date of 'vn-ecolabel@soon': 'soon' is not a date"),
    ("vn-energy:", "'vn-energy:' has ':' but no grade"),
    ([{"scheme": "vn-energy", "stars": 5}], "unknown key 'stars' in a label claim"),
])
def test_labels_cell_refused(catalog: Catalog, cell: object, message: str) -> None:
    with pytest.raises(CellError) as exc:
        parse_labels(cell, catalog)
    assert message in str(exc.value)


# --- certificate numbers in label cells (issue 14: scheme[:grade][@valid_until][#number]) ---------------

@pytest.mark.parametrize(("cell", "expected"), [
    ("vn-ecolabel@2027-06-30#12/QĐ-BNNMT", [("vn-ecolabel", None, datetime.date(2027, 6, 30), "12/QĐ-BNNMT")]),
    ("vn-ecolabel # 12 / QĐ-BNNMT", [("vn-ecolabel", None, None, "12 / QĐ-BNNMT")]),
    ("epeat:gold#US-123; vn-energy:5", [("epeat", "gold", None, "US-123"), ("vn-energy", 5, None, None)]),
    ("vn-energy:4@1/6/2027#ĐL-9", [("vn-energy", 4, datetime.date(2027, 6, 1), "ĐL-9")]),
])
def test_labels_cell_with_a_certificate_number(catalog: Catalog, cell: object,
                                               expected: list[tuple[Any, ...]]) -> None:
    claims = parse_labels(cell, catalog)
    assert [(c.scheme, c.grade, c.valid_until, c.certificate) for c in claims] == expected


def test_a_hash_without_a_number_is_refused(catalog: Catalog) -> None:
    with pytest.raises(CellError) as info:
        parse_labels("vn-ecolabel@2027-01-01#", catalog)
    assert info.value.message.en == "'vn-ecolabel@2027-01-01#' has '#' but no certificate number"
    assert info.value.message.vi == "'vn-ecolabel@2027-01-01#' có dấu '#' nhưng thiếu số chứng nhận"
