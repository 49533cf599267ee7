"""DataFrames (``frame.py``): read_list reads as check reads, evaluate_frame scores as check scores,
typed output, NumPy scalars and missing values."""

from __future__ import annotations

import datetime
import sys
from decimal import Decimal

import pytest

import green_procurement as gp
from green_procurement import check
from green_procurement.io import read_rows
from green_procurement.report import COLUMN_KEYS, result_row

from .conftest import ROOT

pd = pytest.importorskip("pandas")
np = pytest.importorskip("numpy")

EXAMPLE = ROOT / "examples" / "mua-sam-can-tho-2025.csv"
ON = datetime.date(2025, 12, 1)


@pytest.fixture(scope="module")
def engine() -> gp.Engine:
    eng = gp.load_default(backend="python")
    yield eng
    eng.close()


def _check_rows(engine: gp.Engine, path: object, lang: str) -> list[list[object]]:
    """What check writes for a file: the report's row of each record."""
    with read_rows(path, engine.ruleset.catalog) as rows:
        return [result_row(r, lang, engine.ruleset.catalog) for r in check.evaluate_rows(engine, rows, ON)]


@pytest.mark.parametrize("name", ["mua-sam-can-tho-2025.csv", "mua-sam-can-tho-2025.xlsx"])
def test_a_read_list_frame_scores_as_check_scores_the_file(engine: gp.Engine, name: str) -> None:
    path = ROOT / "examples" / name
    df = gp.read_list(path)
    assert df.index.name == "row" and df.attrs["source"] == str(path)
    out = engine.evaluate_frame(df, on=ON, lang="en")
    assert list(out.columns) == list(COLUMN_KEYS) and len(out) == len(df)
    expected = _check_rows(engine, path, "en")
    got = [[None if pd.isna(v) else v for v in row] for row in out.itertuples(index=False, name=None)]
    for e, g in zip(expected, got, strict=True):
        e = list(e)
        e[COLUMN_KEYS.index("green")] = e[COLUMN_KEYS.index("status")] == "green"
        assert g == e


def test_read_list_types_the_cells_and_keeps_what_it_cannot_read() -> None:
    df = gp.read_list(EXAMPLE)
    assert df.loc[2, "unit_price"] == 75_000 and type(df.loc[2, "unit_price"]) is int
    assert df.loc[2, "request_date"] == datetime.date(2025, 11, 3)
    assert df.loc[2, "attr.domestic"] is False
    assert df.attrs["ignored_columns"] == ["Ghi chú"]
    # a price that is not a number stays as written, so the frame's error is check's error
    assert "mười triệu" in set(df["unit_price"])
    assert str(gp.read_list(EXAMPLE.with_suffix(".xlsx"))["quantity"].dtype) in ("Int64", "object")


def test_numpy_scalars_missing_values_and_vietnamese_headers(engine: gp.Engine) -> None:
    df = pd.DataFrame({
        "Tên hàng hóa": ["Máy điều hòa Daikin 12000BTU inverter", "Giấy A4 tái chế", None, "Xe ô tô điện VinFast"],
        "Số lượng": np.array([2, 10, 1, 1], dtype=np.int64),
        "Đơn giá": [np.float64(12_500_000), np.int32(70_000), 5, pd.NA],
        "Nhãn": ["vn-energy:5@31/12/2027", np.nan, None, None],
        "Ngày đề nghị": pd.to_datetime(["2025-11-03", None, "2025-11-04", "2025-11-04"]),
        "Động cơ": [None, None, None, "điện"],
        "attr.recycled_content_pct": [pd.NA, np.int64(60), pd.NA, pd.NA],
    })
    out = engine.evaluate_frame(df, on=ON, lang="en")
    assert list(out["row"]) == [1, 2, 3, 4]
    assert out.loc[0, "value"] == 25_000_000 and out.loc[0, "status"] != "error"
    assert out.loc[1, "product_group"] == "office-paper"
    assert out.loc[2, "status"] == "error" and "tên hàng hóa" in out.loc[2, "error"].lower()
    # no price (pd.NA): scored all the same, value unknown, and GPP-LINE-02 says so
    assert out.loc[3, "status"] != "error" and pd.isna(out.loc[3, "value"])
    assert "GPP-LINE-02" in out.loc[3, "not_met_rules"]
    assert str(out["value"].dtype) == "Int64" and str(out["score"].dtype) == "Float64"
    assert str(out["green"].dtype) == "boolean" and str(out["status"].dtype).startswith("string")


def test_money_beyond_int64_stays_exact(engine: gp.Engine) -> None:
    df = pd.DataFrame({"description": ["Giấy A4", "Giấy A4"], "quantity": [10**7, 3],
                       "unit_price": [10**12 + 1, "1,5"]})
    out = engine.evaluate_frame(df, on=ON)
    assert out["value"].dtype == object, out.loc[0, "error"]
    assert out.loc[0, "value"] == 10**19 + 10**7 and out.loc[1, "value"] == Decimal("4.5")


def test_row_numbers_follow_the_index(engine: gp.Engine) -> None:
    df = pd.DataFrame({"description": ["Giấy A4"] * 3, "quantity": [1] * 3, "unit_price": [1000] * 3},
                      index=pd.Index([10, 11, 12]))
    assert list(engine.evaluate_frame(df, on=ON)["row"]) == [11, 12, 13]
    df.index = pd.Index([5, 6, 7], name="row")
    assert list(engine.evaluate_frame(df, on=ON)["row"]) == [5, 6, 7]
    df.index = pd.Index(["a", "b", "c"])
    out = engine.evaluate_frame(df, on=ON)
    assert list(out["row"]) == [1, 2, 3] and list(out.index) == ["a", "b", "c"]


def test_without_pandas_the_error_says_which_extra(monkeypatch: pytest.MonkeyPatch, engine: gp.Engine) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(gp.GppError) as info:
        gp.read_list(EXAMPLE)
    assert "green-procurement[pandas]" in (info.value.get_hint("en") or "")
