"""The data model: from_dict/to_dict round trip, exact money, dates, NFC, located input errors."""

from __future__ import annotations

import datetime
import json
import numbers
import re
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given

from green_procurement import InputError, LabelClaim, LineItem, PurchaseRequest
from green_procurement.model import Attributes

from .strategies import line_items, purchase_requests


def request_dict(**item_overrides: object) -> dict:
    item = {"id": "1", "description": "Giấy A4", "quantity": 10, "unit": "ram", "unit_price": 75000}
    item.update(item_overrides)
    return {"id": "YC-01", "entity": "Sở Tài chính", "date": "2025-06-01", "items": [item]}


@pytest.mark.slow
@given(purchase_requests())
def test_round_trip(req: PurchaseRequest) -> None:
    assert PurchaseRequest.from_dict(req.to_dict()) == req


@pytest.mark.slow
@given(purchase_requests())
def test_round_trip_through_json(req: PurchaseRequest) -> None:
    text = json.dumps(req.to_dict(), ensure_ascii=False)
    assert PurchaseRequest.from_dict(json.loads(text)) == req


@given(line_items)
def test_every_text_is_nfc(item: LineItem) -> None:
    assert item.description == unicodedata.normalize("NFC", item.description)


def test_money_above_2_53_is_exact() -> None:
    price = 2**53 + 1
    req = PurchaseRequest.from_dict(request_dict(unit_price=price, quantity=3))
    assert req.items[0].unit_price == price
    assert req.items[0].value == 3 * price
    assert req.to_dict()["items"][0]["unit_price"] == price


def test_decimal_money_is_exact_text_in_json() -> None:
    req = PurchaseRequest.from_dict(request_dict(unit_price="1234.50", quantity="0.5"))
    item = req.items[0]
    assert item.unit_price == Decimal("1234.5") and item.quantity == Decimal("0.5")
    assert item.value == Decimal("617.25")
    assert req.to_dict()["items"][0]["unit_price"] == "1234.5"


def test_float_input_keeps_its_decimal_meaning() -> None:
    item = LineItem.from_dict({"id": "a", "description": "x", "quantity": 0.1, "unit_price": 3})
    assert item.quantity == Decimal("0.1")


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-12-31", datetime.date(2026, 12, 31)),
    ("31/12/2026", datetime.date(2026, 12, 31)),
    ("1/2/2026", datetime.date(2026, 2, 1)),
    (datetime.date(2026, 1, 5), datetime.date(2026, 1, 5)),
])
def test_dates_iso_and_vietnamese(text: object, expected: datetime.date) -> None:
    assert LabelClaim.from_dict({"scheme": "vn-ecolabel", "valid_until": text}).valid_until == expected


def test_nfd_and_nfc_input_are_equal() -> None:
    nfc = PurchaseRequest.from_dict(request_dict(description="Điều hòa"))
    nfd = PurchaseRequest.from_dict(request_dict(description=unicodedata.normalize("NFD", "Điều hòa")))
    assert nfc == nfd


def test_attributes_are_hashable_and_compare_as_mapping() -> None:
    a = Attributes({"domestic": True, "recycled_content_pct": 40})
    assert hash(a) == hash(Attributes({"recycled_content_pct": 40, "domestic": True}))
    assert a == {"domestic": True, "recycled_content_pct": 40}


# -- bad input: each row names the field path and says what is wrong ----------------------------------
@pytest.mark.parametrize(("overrides", "path", "fragment"), [
    ({"quantity": 0}, "items[0].quantity", "greater than 0"),
    ({"quantity": -2}, "items[0].quantity", "greater than 0"),
    ({"quantity": "abc"}, "items[0].quantity", "expected a quantity"),
    ({"quantity": True}, "items[0].quantity", "yes/no"),
    ({"unit_price": -1}, "items[0].unit_price", "must not be negative"),
    ({"unit_price": "12,500,000"}, "items[0].unit_price", "number_format='en'"),
    ({"unit_price": 10**19}, "items[0].unit_price", "larger than the limit"),
    ({"unit_price": "0.1234567"}, "items[0].unit_price", "decimal places"),
    ({"description": "   "}, "items[0].description", "must not be empty"),
    ({"description": None}, "items[0].description", "is required"),
    ({"labels": [{"scheme": "vn-ecolabel", "valid_until": "31/02/2026"}]},
     "items[0].labels[0].valid_until", "not a real date"),
    ({"labels": [{"scheme": "vn-ecolabel", "valid_until": "next year"}]},
     "items[0].labels[0].valid_until", "expected a date"),
    ({"labels": [{"grade": 5}]}, "items[0].labels[0].scheme", "is required"),
    ({"labels": [{"scheme": "vn-energy", "grade": 4.5}]}, "items[0].labels[0].grade", "whole number"),
    ({"labels": "vn-ecolabel"}, "items[0].labels", "list of label claims"),
    ({"attributes": {"materials": ["a", "b"]}}, "items[0].attributes.materials", "single values"),
    ({"unit_prise": 5}, "items[0].unit_prise", "did you mean 'unit_price'"),
])
def test_bad_item_input_names_the_field(overrides: dict, path: str, fragment: str) -> None:
    with pytest.raises(InputError) as info:
        PurchaseRequest.from_dict(request_dict(**overrides))
    assert info.value.path == path
    assert fragment in str(info.value)
    # and in Vietnamese, for the people who fill in the purchase lists
    vi = info.value.message_vi
    assert vi and vi != info.value.message
    assert not re.search(r"\b(expected|found|must|required|unknown|did you mean)\b", vi), vi
    assert info.value.describe("vi").startswith(f"{path}: lỗi: {vi}")


@pytest.mark.parametrize(("overrides", "expected"), [
    ({"quantity": 0}, "items[0].quantity: lỗi: phải lớn hơn 0, nhưng đang là 0 [bad-input]"),
    ({"unit_price": "12,500,000"}, "items[0].unit_price: lỗi: phải là một đơn giá (VND): '12,500,000' không phải "
     "là số (định dạng Việt Nam: 12.500.000 hoặc 1.234,5; có vẻ đây là định dạng tiếng Anh: hãy dùng định dạng số "
     "'en' (--number-format en)); số ghi dạng chữ được đọc theo định dạng Việt Nam (12.500.000 hoặc 1.234,5); "
     "dùng number_format='en' cho dạng 12,500,000 hoặc 1,234.5 [bad-input]"),
    ({"description": None}, "items[0].description: lỗi: bắt buộc phải có giá trị [bad-input]"),
    ({"unit_prise": 5}, "items[0].unit_prise: lỗi: trường 'unit_prise' không hợp lệ; có phải là 'unit_price'? "
     "[bad-input]"),
    ({"labels": [{"scheme": "vn-ecolabel", "valid_until": "31/02/2026"}]},
     "items[0].labels[0].valid_until: lỗi: '31/02/2026' không phải là một ngày có thật; hãy kiểm tra lại ngày "
     "và tháng [bad-input]"),
])
def test_bad_item_input_in_vietnamese(overrides: dict, expected: str) -> None:
    with pytest.raises(InputError) as info:
        PurchaseRequest.from_dict(request_dict(**overrides))
    assert info.value.describe("vi") == expected


def test_duplicate_item_ids_are_refused() -> None:
    data = request_dict()
    data["items"].append(dict(data["items"][0]))
    with pytest.raises(InputError) as info:
        PurchaseRequest.from_dict(data)
    assert info.value.path == "items[1].id" and "used twice" in str(info.value)


def test_request_needs_items() -> None:
    with pytest.raises(InputError, match="at least one line item"):
        PurchaseRequest.from_dict({"id": "x", "items": []})


def test_input_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        PurchaseRequest.from_dict({"items": []})


# -- issue 12: the library reads money as ``check`` does ------------------------------------------------
class _Int64:
    """Stands in for numpy.int64 (an Integral that is not an int), so the test needs no NumPy."""

    def __init__(self, v: int) -> None:
        self.v = v

    def __int__(self) -> int:
        return self.v

    __index__ = __int__


class _Float64(float):
    """Stands in for numpy.float64: a float whose repr() is not a number."""

    def __repr__(self) -> str:
        return f"np.float64({float(self)!r})"


numbers.Integral.register(_Int64)


def test_from_dict_reads_75_000_as_check_does() -> None:
    # regression: from_dict read "75.000" as 75 while check read 75,000 (a silent 1000x error)
    req = PurchaseRequest.from_dict(request_dict(unit_price="75.000", quantity="1.234,5"))
    assert req.items[0].unit_price == 75000
    assert req.items[0].quantity == Decimal("1234.5")
    item = LineItem(id="1", description="Giấy", quantity="2", unit_price="12.500.000")
    assert item.unit_price == 12500000


def test_from_dict_number_format_en() -> None:
    req = PurchaseRequest.from_dict(request_dict(unit_price="75,000", quantity="1.5"), number_format="en")
    assert req.items[0].unit_price == 75000 and req.items[0].quantity == Decimal("1.5")
    with pytest.raises(InputError, match="number format must be 'vi' or 'en'"):
        PurchaseRequest.from_dict(request_dict(), number_format="fr")  # type: ignore[arg-type]


def test_decimal_that_the_formats_read_differently_round_trips() -> None:
    # to_dict writes 1.234 so that from_dict (Vietnamese format by default) does not read 1234
    item = LineItem.from_dict({"id": "a", "description": "x", "quantity": Decimal("1.234"), "unit_price": 5})
    assert LineItem.from_dict(item.to_dict()) == item
    assert LineItem.from_dict(item.to_dict(), number_format="en") == item


def test_numpy_like_scalars_are_numbers() -> None:
    # regression: numpy.float64 raised decimal.InvalidOperation, numpy.int64 was refused
    req = PurchaseRequest.from_dict(request_dict(unit_price=_Float64(1234.5), quantity=_Int64(3), id=_Int64(7)))
    item = req.items[0]
    assert item.unit_price == Decimal("1234.5") and item.quantity == 3 and item.id == "7"


def test_real_numpy_and_pandas_records() -> None:
    np = pytest.importorskip("numpy")
    items = [{"id": np.int64(1), "description": "Giấy A4", "quantity": np.int64(10), "unit_price": np.float64(75000.0),
              "unit": float("nan"), "product_group": np.nan, "code": None},
             {"id": np.int64(2), "description": "Bút bi", "quantity": np.float32(2.5), "unit_price": np.int32(5000),
              "unit": "cây", "product_group": float("nan"), "code": np.nan}]
    req = PurchaseRequest.from_dict({"id": np.int64(9), "date": float("nan"), "items": items})
    assert [(i.id, i.quantity, i.unit_price, i.unit) for i in req.items] == [
        ("1", 10, 75000, None), ("2", Decimal("2.5"), 5000, "cây")]


@pytest.mark.parametrize(("price", "fragment"), [
    (float("inf"), "not a number"),
    (_Float64(float("inf")), "not a number"),
    (10**5000, "more than 50 digits"),
    (Decimal("1e1000000"), "out of range"),
    ("9" * 5000, "more than 50 digits"),
], ids=["inf", "numpy-inf", "10**5000", "1e1000000", "5000-digit-text"])
def test_nan_inf_and_huge_values_are_input_errors_naming_the_field(price: object, fragment: str) -> None:
    # regression: 10**5000 raised ValueError; Decimal("1e1000000") ran for minutes in int()
    with pytest.raises(InputError) as info:
        PurchaseRequest.from_dict(request_dict(unit_price=price))
    assert info.value.path == "items[0].unit_price"
    assert fragment in str(info.value)
    assert len(str(info.value)) < 400


@pytest.mark.parametrize("missing", [None, float("nan"), Decimal("NaN"), "", "  "], ids=repr)
def test_a_line_without_quantity_or_price_is_an_item_without_value(missing: object) -> None:
    # rows as they come (issue 13): a published line may lack its price or quantity; NaN is pandas'
    # empty cell.  The item is kept, its value unknown (None, never 0).
    for field in ("quantity", "unit_price"):
        item = PurchaseRequest.from_dict(request_dict(**{field: missing})).items[0]
        assert getattr(item, field) is None and item.value is None
        assert field not in item.to_dict()
        assert LineItem.from_dict(item.to_dict()) == item
    assert LineItem("1", "Giấy A4").value is None
    assert LineItem("1", "Giấy A4", 2, 75_000).value == 150_000


def test_nan_in_an_optional_field_is_absent() -> None:
    nan = float("nan")
    req = PurchaseRequest.from_dict(request_dict(unit=nan, labels=nan, attributes={"x": nan}))
    assert req.items[0].unit is None and req.items[0].labels == () and req.items[0].attributes == {"x": None}
