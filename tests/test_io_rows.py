"""Rows of batch files (green_procurement.io.rows): error rows name the column as the file does, and the
builder makes exactly the items the model does."""

from __future__ import annotations

import contextlib
import functools
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from green_procurement.catalog import Catalog, load_catalog

from .conftest import ROOT
from .io_helpers import err, read, write
from .strategies import list_rows

D = Decimal


# --- error rows ---------------------------------------------------------------------------------------

HEADER = "Ngày đề nghị,STT,Tên hàng hóa,Số lượng,Đơn vị tính,Đơn giá,Nhãn\n"
# a problem names the column by the file's own header (Vietnamese texts: tests/test_messages.py)


@pytest.mark.parametrize(("line", "message"), [
    ("05/01/2026,7,Giấy A4,10,ram,abc,",
     "Đơn giá: 'abc' is not a number (Vietnamese format: 12.500.000 or 1.234,5)"),
    ('05/01/2026,7,Giấy A4,10,ram,"12,5,00",',
     "Đơn giá: '12,5,00' is not a number (Vietnamese format: 12.500.000 or 1.234,5)"),
    ("05/01/2026,7,Giấy A4,0,ram,75000,", "Số lượng: must be greater than 0, found 0"),
    ("05/01/2026,7,Giấy A4,-2,ram,75000,", "Số lượng: must be greater than 0, found -2"),
    ("05/01/2026,7,Giấy A4,10,ram,-5,", "Đơn giá: must not be negative, found -5"),
    ("05/01/2026,7,Giấy A4,10,ram,75000,vn-enrgy:5",
     "Nhãn: unknown label 'vn-enrgy' in 'vn-enrgy:5' (did you mean 'vn-energy'?)"),
    ("05/01/2026,7,Giấy A4,10,ram,75000,vn-energy:7",
     "Nhãn: grade 7 of 'vn-energy' in 'vn-energy:7' is not on its scale (1, 2, 3, 4, 5)"),
    ("31/02/2026,7,Giấy A4,10,ram,75000,",
     "Ngày đề nghị: '31/02/2026' is not a real date (February 2026 has 28 days)"),
    ("05/01/2026,7,Giấy A4,10,ram,75000,vn-ecolabel@31/02/2026",
     "Nhãn: valid-until date of 'vn-ecolabel@31/02/2026': '31/02/2026' is not a real date "
     "(February 2026 has 28 days)"),
    ("05/01/2026,7,,10,ram,75000,", "Tên hàng hóa: missing (the cell is empty)"),
    ("05/01/2026,7,Giấy A4,10,ram", "row has 5 fields, the header has 7"),
    ("05/01/2026,7,Giấy A4,10,ram,12,500,", "row has 8 fields, the header has 7 (a value containing the "
     "delimiter ',' must be in double quotes)"),
    ("05/01/2026,7,Giấy A4,0,ram,abc,vn-enrgy",
     "Số lượng: must be greater than 0, found 0; Đơn giá: 'abc' is not a number (Vietnamese format: "
     "12.500.000 or 1.234,5); Nhãn: unknown label 'vn-enrgy' in 'vn-enrgy' (did you mean 'vn-energy'?)"),
])
def test_error_rows(tmp_path: Path, catalog: Catalog, line: str, message: str) -> None:
    path = write(tmp_path, HEADER + "05/01/2026,1,Bút,1,cái,1000,\n" + line + "\n"
                 + "05/01/2026,3,Ghế,1,cái,1000,\n")
    rows = read(path, catalog)
    assert [(r.row, r.error is None) for r in rows] == [(2, True), (3, False), (4, True)]  # reading goes on
    bad = rows[1]
    assert (bad.row, bad.item, bad.item_id) == (3, None, "7")
    assert bad.description == (None if ",7,," in line else "Giấy A4")
    assert err(bad) == message


# --- the reader builds exactly what the model would, and a builder keeps no state between rows ---

@functools.cache
def _default_catalog() -> Catalog:
    return load_catalog(ROOT / "catalog")


_cell_texts = st.one_of(
    st.sampled_from(["Giấy A4", " Giay\u0301 in ", "-", "", "  ", "1.000", "2,5", "0", "-3", "1e3", "12%",
                     "có", "không", "vn-ecolabel", "Nhãn sinh thái Việt Nam", "abc", "1234567890123456789"]),
    st.text(max_size=8),
)
_cell_values = st.one_of(_cell_texts, st.none(), st.booleans(), st.integers(-5, 10**20),
                         st.decimals(allow_nan=False, allow_infinity=False, places=4,
                                     min_value=-10, max_value=10**18),
                         st.floats(allow_nan=False, allow_infinity=False, width=32))
_attr_names = st.sampled_from(["attr.domestic", "attr.recycled_content", "attr.energy_stars", "attr.",
                               "attr. ", "attr.ghi cha\u0301", "attr.Màu", "attr.x",
                               # declared ones of every type: rows with only these hand the model an
                               # Attributes it keeps as it is (io/rows.py, _Plan.declared)
                               "attr.recycled_content_pct", "attr.energy_grade", "attr.powertrain",
                               "attr.main_material", "attr.tcvn_standard", "attr.single_use_plastic"])
_declared_values = st.one_of(_cell_values, st.sampled_from(
    ["xăng", "XANG", "Petrol", "điện", "Led", "gỗ", "wood", "45,5", "100", "101", "3", "2,5", "có", "x"]))


@given(description=st.one_of(st.sampled_from(["Giấy A4", "Bóng đèn LED 9W "]), _cell_values),
       quantity=st.one_of(st.sampled_from(["10", "1.000", 3, Decimal("2.5")]), _cell_values),
       price=st.one_of(st.sampled_from(["95.000", "0", 120000, "1.234.567 đ"]), _cell_values),
       unit=_cell_values, labels=st.one_of(st.just(None), _cell_values),
       attrs=st.dictionaries(_attr_names, _declared_values, max_size=3))
def test_reader_items_are_the_items_the_model_builds(
        description: Any, quantity: Any, price: Any, unit: Any, labels: Any,
        attrs: dict[str, Any]) -> None:
    import attrs as attrs_lib

    from green_procurement.io.rows import RowBuilder

    cells = {"description": description, "quantity": quantity, "unit_price": price, "unit": unit,
             "labels": labels, **attrs}
    row = RowBuilder(_default_catalog(), "t.csv").build(2, cells)
    if row.item is not None:
        # evolve runs every converter of the model again (attributes given as a plain dict, which
        # the model checks): nothing may change, nothing may be refused
        again = attrs_lib.evolve(row.item, attributes=dict(row.item.attributes))
        assert again == row.item
        assert list(again.attributes.items()) == list(row.item.attributes.items())


def _general_path() -> Any:
    """The row reader with its fast paths off: every item and label claim made by the model's
    validating constructors, every Attributes sorted by the model (io/_trusted.py)."""
    from unittest import mock

    from green_procurement.io import cells, rows
    from green_procurement.model import Attributes, LabelClaim, LineItem

    stack = contextlib.ExitStack()
    stack.enter_context(mock.patch.object(rows, "line_item", lambda *values: LineItem(*values)))
    stack.enter_context(mock.patch.object(cells, "label_claim", lambda *values: LabelClaim(*values)))
    stack.enter_context(mock.patch.object(rows, "sorted_attributes", Attributes))
    return stack


@given(st.lists(list_rows(), min_size=1, max_size=4))
def test_trusted_items_are_the_items_the_model_builds(cells: list[dict[str, str]]) -> None:
    # the reader makes the model objects of a list's rows without running the model's converters
    # again (io/_trusted.py): the same rows, errors and all, as when every object is made by the
    # model's validating constructors, down to the order of the attributes
    from green_procurement.io.rows import RowBuilder

    fast = RowBuilder(_default_catalog(), "t.csv")
    general = RowBuilder(_default_catalog(), "t.csv")
    for line, row in enumerate(cells, start=2):
        got = fast.build(line, row)
        with _general_path():
            want = general.build(line, row)
        assert got == want
        if got.item is not None and want.item is not None:
            assert list(vars_of(got.item)) == list(vars_of(want.item))
            assert list(got.item.attributes.items()) == list(want.item.attributes.items())
            assert [list(vars_of(c)) for c in got.item.labels] == [list(vars_of(c)) for c in want.item.labels]


@given(st.lists(list_rows(), min_size=1, max_size=4))
def test_declared_attributes_read_as_any_others(cells: list[dict[str, str]]) -> None:
    # a file whose attribute columns are all declared ones has them read in the order of their
    # names (the order the model keeps), and made into the item as they are; an undeclared column
    # (empty here) makes the builder read every column in the file's order and the model check
    # them: the same rows, the same problems in the same (the file's) order
    from green_procurement.io.rows import RowBuilder

    declared = RowBuilder(_default_catalog(), "t.csv")
    other = RowBuilder(_default_catalog(), "t.csv")
    for line, row in enumerate(cells, start=2):
        got = declared.build(line, row)
        assert declared._plan is not None and declared._plan.declared
        assert got == other.build(line, {**row, "attr.ghi chú": ""})
        assert other._plan is not None and not other._plan.declared


def vars_of(obj: Any) -> Any:
    """The fields of an attrs object with their types (1 and True, 1 and Decimal(1) are equal)."""
    import attrs as attrs_lib

    return ((a.name, type(v := getattr(obj, a.name)), v) for a in attrs_lib.fields(type(obj)))


def test_csv_row_with_only_unread_columns_is_not_an_item(tmp_path: Path, catalog: Catalog) -> None:
    # a totals line under the list: only the "Thành tiền" column (which check does not read) holds
    # something; it is not an item, but an error row that says so (issue 12: nothing is dropped
    # silently), while the rows around it keep their line numbers
    path = write(tmp_path, "Tên hàng hóa,Số lượng,Đơn giá,Thành tiền\n"
                           "Giấy A4,10,75.000,750.000\n"
                           ", ,,750.000\n"
                           "Bút bi,5,3.000,15.000\n")
    rows = read(path, catalog)
    assert [(r.row, r.description, err(r)) for r in rows] == [
        (2, "Giấy A4", None),
        (3, None, "the row has text only in 'Thành tiền', a column that is not read; Tên hàng hóa, Số lượng, "
                  "Đơn giá are empty"),
        (4, "Bút bi", None)]


def _mostly(*valid: str, rare: Any = None) -> Any:
    """The valid values most of the time (so that products repeat), sometimes a rare one."""
    common = st.sampled_from(valid)
    return common if rare is None else st.integers(0, 19).flatmap(lambda k: rare if k == 19 else common)


_pool_cells = st.fixed_dictionaries({
    "request_id": _mostly("YC-1", "YC-2", rare=st.sampled_from([" ", "-", "YC-1 "])),
    "item_id": _mostly("1", "2", rare=st.one_of(st.just(""), st.text(max_size=3))),
    "request_date": _mostly("01/11/2025", "2025-11-01", rare=st.sampled_from(["31/02/2026", ""])),
    "description": _mostly("Giấy A4", "Bóng đèn LED 9W", rare=st.sampled_from(["", "-"])),
    "quantity": _mostly("10", "1.000", "3", rare=st.one_of(st.sampled_from(["0", "-2", "", "abc", "2,5"]),
                                                             _cell_values)),
    "unit_price": _mostly("95.000", "45.000", rare=st.sampled_from(["0", "1.234.567 đ", "-5", "x"])),
    "labels": _mostly("", "vn-ecolabel@31/12/2026", rare=st.sampled_from(["nhãn lạ", "vn-energy:9"])),
    "attr.domestic": _mostly("", "có", rare=st.sampled_from(["không", "maybe"])),
    "attr.": _mostly("", rare=st.just("x")),
})


@pytest.mark.slow
@given(st.lists(st.tuples(st.integers(2, 9), _pool_cells), min_size=5, max_size=30))
def test_repeated_rows_parse_as_if_each_were_the_first(rows: list[tuple[int, dict[str, Any]]]) -> None:
    from green_procurement.io.rows import RowBuilder

    shared = RowBuilder(_default_catalog(), "t.csv")
    for line, cells in rows:
        # a builder that has seen other rows (repeated products) reads a row as a fresh one does
        assert shared.build(line, cells) == RowBuilder(_default_catalog(), "t.csv").build(line, cells)


@given(st.lists(st.tuples(st.integers(2, 9), st.dictionaries(st.sampled_from(
    ["description", "quantity", "unit_price", "labels", "request_id", "entity", "attributes"]),
    _cell_values, max_size=5), st.dictionaries(_attr_names, _declared_values, max_size=3),
    st.booleans()), min_size=1, max_size=12))
def test_a_builder_reads_rows_of_changing_keys_as_fresh_ones(
        rows: list[tuple[int, dict[str, Any], dict[str, Any], bool]]) -> None:
    # a RowBuilder decides what to read once per set of keys (a file's header) and keeps that plan
    # while the keys stay the same: rows whose keys change (JSON objects), or come in another
    # order, are read as a builder that never saw another row reads them
    from green_procurement.io.rows import RowBuilder

    shared = RowBuilder(_default_catalog(), "t.json")
    for line, base, attrs, attrs_first in rows:
        cells = {**attrs, **base} if attrs_first else {**base, **attrs}
        assert shared.build(line, cells) == RowBuilder(_default_catalog(), "t.json").build(line, cells)


_CLEAN = {"request_id": "YC-1", "item_id": "1", "request_date": "01/11/2025", "description": "Giấy A4",
          "quantity": "10", "unit_price": "95.000", "labels": "vn-ecolabel@31/12/2026", "attr.domestic": "có"}


@pytest.mark.parametrize(("changes", "error"), [
    ({}, None),
    ({"quantity": "0"}, "quantity: must be greater than 0"),
    ({"quantity": "-2"}, "quantity: must be greater than 0"),
    ({"quantity": "abc"}, "quantity:"),
    ({"quantity": "1" + "0" * 20}, "quantity:"),
    ({"quantity": ""}, None),           # rows as they come: an item without a value
    ({"unit_price": "-"}, None),
    ({"request_date": "31/02/2026"}, "request_date: '31/02/2026' is not a real date"),
    ({"item_id": ""}, None),
    ({"request_id": "-"}, None),
])
def test_a_repeated_product_row_is_checked_like_the_first(changes: dict[str, str], error: str | None) -> None:
    from green_procurement.io.rows import RowBuilder

    shared = RowBuilder(_default_catalog(), "t.csv")
    assert shared.build(2, _CLEAN).error is None
    second = {**_CLEAN, **changes}
    row = shared.build(3, second)
    assert row == RowBuilder(_default_catalog(), "t.csv").build(3, second)
    assert (row.error is None) if error is None else (error in (err(row) or "")), row.error
    if error is None:
        assert row.item is not None and row.item.id == (second["item_id"] or "3")


def test_a_repeated_text_under_other_columns_is_not_the_same_product() -> None:
    # regression (of a fast path since removed): products remembered by their cell texts alone, so a
    # JSON row whose keys come in another order could take the price of an earlier row from its labels
    from green_procurement.io.rows import RowBuilder

    shared = RowBuilder(_default_catalog(), "list.json")
    first = {"description": "Giấy A4", "quantity": "2", "unit_price": "75000", "labels": ""}
    swapped = {"description": "Giấy A4", "quantity": "2", "labels": "75000", "unit_price": ""}
    assert shared.build(1, first).error is None
    row = shared.build(2, swapped)
    assert row == RowBuilder(_default_catalog(), "list.json").build(2, swapped)
    assert row.item is None and "labels: unknown label '75000'" in (err(row) or "")


_PRODUCT_CELLS = st.sampled_from([
    {"description": "Giấy A4", "quantity": "10", "unit_price": "95.000", "labels": "vn-ecolabel@31/12/2026",
     "attr.domestic": "có"},
    {"description": "Máy điều hòa 1HP", "quantity": "2", "unit_price": "", "labels": "vn-energy:5"},
    {"description": "Bút bi", "quantity": "", "unit_price": "1.234,5", "labels": ""},
    {"description": "Giấy A4", "quantity": "abc", "unit_price": "95.000", "labels": "vn-enrgy"},
])
_ROW_CELLS = st.fixed_dictionaries({
    "request_id": st.sampled_from(["YC-1", "YC-2", "", "-"]),
    "item_id": st.sampled_from(["", "7", "x"]),
    "request_date": st.sampled_from(["01/11/2025", "31/02/2026", ""]),
    "entity": st.sampled_from(["Sở Tài chính", ""]),
    "funding": st.sampled_from(["state-budget", ""]),
})


@given(st.lists(st.tuples(_PRODUCT_CELLS, _ROW_CELLS), min_size=1, max_size=40))
def test_the_product_memo_changes_no_row(rows: list[tuple[dict[str, str], dict[str, str]]]) -> None:
    # a builder that remembers products (issue 16: repeated products are not parsed again) gives the
    # same Row as one with the memo off, whatever came before, row-level problems included
    from green_procurement.io.rows import RowBuilder

    shared = RowBuilder(_default_catalog(), "t.csv")
    off = RowBuilder(_default_catalog(), "t.csv")
    off.memo.size = 0
    for line, (product, own) in enumerate(rows, start=2):
        cells = {**own, **product}
        assert shared.build(line, cells) == off.build(line, cells)


# --- the certificate column (issue 14) ------------------------------------------------------------------

CERT_HEADER = "Tên hàng hóa,Số lượng,Đơn giá,Nhãn,Số chứng nhận\n"


@pytest.mark.parametrize(("line", "certificate", "error"), [
    ("Giấy A4,10,75000,vn-ecolabel@2027-01-01,12/QĐ-BNNMT", "12/QĐ-BNNMT", None),
    ("Giấy A4,10,75000,vn-ecolabel#12/qd-bnnmt,12/QĐ-BNNMT", "12/QĐ-BNNMT", None),   # the same number
    ("Giấy A4,10,75000,vn-ecolabel,", None, None),
    ("Giấy A4,10,75000,,12/QĐ-BNNMT", None,
     "Số chứng nhận: a certificate number is given but the row claims no label"),
    ("Giấy A4,10,75000,vn-ecolabel; epeat:gold,12/QĐ-BNNMT", None,
     "Số chứng nhận: a certificate number is given but the row claims 2 labels: write it as scheme#number in "
     "the labels cell"),
    ("Giấy A4,10,75000,vn-ecolabel#13/QĐ,12/QĐ-BNNMT", None,
     "Số chứng nhận: the labels cell gives certificate '13/QĐ', this column '12/QĐ-BNNMT'"),
])
def test_certificate_column(tmp_path: Path, catalog: Catalog, line: str, certificate: str | None,
                            error: str | None) -> None:
    (row,) = read(write(tmp_path, CERT_HEADER + line + "\n"), catalog)
    if error is None:
        assert row.error is None and row.item is not None
        assert [c.certificate for c in row.item.labels] == ([certificate] if row.item.labels else [])
    else:
        assert row.error is not None and row.error.en == error
        assert row.error.vi != row.error.en
