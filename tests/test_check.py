"""Scoring batch rows (green_procurement.check): a row becomes a record, or an ``error`` record with the
reason in both languages; a chunk becomes its summary and the fragments the writers would make."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest

import green_procurement as gp
from green_procurement._messages import Msg
from green_procurement.check import evaluate_row, evaluate_rows, process_chunk
from green_procurement.io import Row, read_rows
from green_procurement.model import LineItem
from green_procurement.report import CsvWriter, HtmlWriter, JsonWriter, XlsxWriter
from green_procurement.results import Summary

from .conftest import ROOT

EXAMPLE = ROOT / "examples" / "mua-sam-can-tho-2025.csv"
DAY = datetime.date(2025, 12, 1)


@pytest.fixture(scope="module")
def engine() -> Iterator[gp.Engine]:
    eng = gp.load_default(backend="python")
    yield eng
    eng.close()


def test_an_unreadable_row_is_an_error_record_with_its_reason(engine: gp.Engine) -> None:
    reason = Msg("Đơn giá: 'x' is not a number", "Đơn giá: 'x' không phải là số")
    record = evaluate_row(engine, Row("a.csv", 7, "YC-1", "Sở Y tế", error=reason, item_id="3",
                                      description="Ghế"), DAY)
    assert (record.source, record.row, record.request_id, record.entity) == ("a.csv", 7, "YC-1", "Sở Y tế")
    res = record.result
    assert (res.status, res.item_id, res.description, res.row, res.error) == ("error", "3", "Ghế", 7, reason)
    assert res.to_dict()["error"] == {"vi": "Đơn giá: 'x' không phải là số", "en": "Đơn giá: 'x' is not a number"}


def test_a_row_the_engine_refuses_is_an_error_record_in_both_languages(engine: gp.Engine) -> None:
    item = LineItem(id="1", description="Giấy A4", quantity=1, unit_price=1000, product_group="giay-la")
    record = evaluate_row(engine, Row("a.csv", 2, item=item), DAY)
    res = record.result
    assert res.status == "error" and res.error is not None and res.item_id == "1"
    assert "unknown product group 'giay-la'" in res.error.en
    assert "nhóm sản phẩm 'giay-la' không có trong danh mục" in res.error.vi
    assert record.request_id == "a.csv"          # no request column: the file is the request


def test_a_row_without_an_item_or_a_reason_is_still_accounted_for(engine: gp.Engine) -> None:
    res = evaluate_row(engine, Row("a.csv", 4), DAY).result
    assert res.status == "error" and res.error is not None and res.error.vi == "dòng không đọc được"


@pytest.mark.parametrize("writers", [(CsvWriter, JsonWriter), (HtmlWriter, XlsxWriter)])
def test_a_chunk_is_what_its_rows_are_one_by_one(engine: gp.Engine, writers: tuple[type, type]) -> None:
    catalog = engine.ruleset.catalog
    makers = ((writers[0], "vi"), (writers[1], "en"))
    with read_rows(EXAMPLE, catalog, raw=True, block_lines=1000) as items:
        chunk = process_chunk(engine, list(items), DAY, makers, {})
    with read_rows(EXAMPLE, catalog) as rows:
        records = list(evaluate_rows(engine, rows, DAY))
    summary = Summary()
    for r in records:
        summary.add(r)
    assert chunk.rows == len(records) == 42
    assert chunk.summary.to_dict() == summary.to_dict()
    for (cls, lang), pack in zip(makers, chunk.packs, strict=True):
        assert pack == cls.pack([cls.fragment(r, lang, catalog) for r in records])
