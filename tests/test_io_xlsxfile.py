"""Excel purchase lists (green_procurement.io.xlsxfile): formulas without a saved value, rows with text
only in unread columns, and workbooks that would expand beyond the limits (issue 12)."""

from __future__ import annotations

import datetime
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import event, given, settings

from green_procurement.catalog import Catalog
from green_procurement.io import BatchFileError, _calamine, xlsxfile

from .io_helpers import err, read
from .strategies import write_workbook, xlsx_workbooks


def _book(path: Path, rows: list[list[object]]) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Tên hàng hóa", "Số lượng", "Đơn giá", "Ghi chú"])
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_a_formula_without_a_saved_value_is_named(tmp_path: Path, catalog: Catalog) -> None:
    # regression: reported as "the cell is empty" (openpyxl gives None for it)
    path = _book(tmp_path / "list.xlsx", [["Giấy A4", 2, "=B2*37500", None], ["Bút", 1, 5000, None]])
    rows = read(path, catalog)
    assert "Đơn giá: the cell holds the formula =B2*37500 but no saved value" in (err(rows[0]) or "")
    assert rows[1].item is not None


def test_a_row_with_text_only_in_an_unread_column_is_an_error_row(tmp_path: Path, catalog: Catalog) -> None:
    # regression: the row was silently dropped
    path = _book(tmp_path / "list.xlsx", [["Giấy A4", 2, 75000, None], [None, None, None, "chỉ có ghi chú"]])
    rows = read(path, catalog)
    assert [r.row for r in rows] == [2, 3]
    assert "text only in 'Ghi chú'" in (err(rows[1]) or "")


def _with_strings(tmp_path: Path, text: str) -> Path:
    """A workbook whose one shared string (cell A2) is ``text``."""
    good = _book(tmp_path / "good.xlsx", [["x", 1, 1, None]])
    out = tmp_path / "list.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<c r="A2" t="inlineStr"><is><t>x</t></is></c>', b'<c r="A2" t="s"><v>0</v></c>')
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
            dst.writestr(info, data)
        dst.writestr("xl/sharedStrings.xml", '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.'
                     'openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>' + text +
                     "</t></si></sst>")
    return out


def test_a_shared_string_longer_than_a_cell_is_refused_before_loading(tmp_path: Path, catalog: Catalog) -> None:
    # regression: a 300 KB file holding one 300 MB string took 100 s and 4 GB
    assert [r.description for r in read(_with_strings(tmp_path, "Giấy A4"), catalog)] == ["Giấy A4"]
    path = _with_strings(tmp_path, "A" * 40_000)
    with pytest.raises(BatchFileError, match="longer than a cell may hold"):
        read(path, catalog)


@pytest.mark.slow
def test_a_decompression_bomb_is_refused_at_once(tmp_path: Path, catalog: Catalog) -> None:
    path = _with_strings(tmp_path, "A" * (40 << 20))
    assert path.stat().st_size < 200_000
    start = time.process_time()
    with pytest.raises(BatchFileError, match="decompression bomb"):
        read(path, catalog)
    assert time.process_time() - start < 2


# --- python-calamine reads what openpyxl reads (issue 15: the faster reader, openpyxl where it cannot) -------

def _outcome(path: Path, catalog: Catalog, reader: str, monkeypatch: pytest.MonkeyPatch) -> tuple[object, ...]:
    """What reading gives with one reader: the rows (their repr too: 5 and Decimal("5") are ==), or the
    file's error in both languages with its code, line and hint."""
    monkeypatch.setattr(xlsxfile, "READER", reader)
    try:
        rows = read(path, catalog)
    except BatchFileError as exc:
        return ("error", exc.code, exc.msg.en, exc.msg.vi, exc.line, exc.hint_msg)
    return ("rows", rows, repr(rows))


class _Spy:
    """Counts the workbooks openpyxl opens (a fallback) while calamine is the reader."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.opened = 0
        load = xlsxfile._load

        def counting(handle: object, name: str) -> object:
            self.opened += 1
            return load(handle, name)  # type: ignore[arg-type]
        monkeypatch.setattr(xlsxfile, "_load", counting)


def _same(path: Path, catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> int:
    """Assert that both readers give the same; how many workbooks openpyxl opened on the calamine path."""
    if not _calamine.available():
        pytest.skip("python-calamine is not installed")
    expected = _outcome(path, catalog, "openpyxl", monkeypatch)
    spy = _Spy(monkeypatch)
    got = _outcome(path, catalog, "auto", monkeypatch)
    assert got == expected
    return spy.opened


@pytest.mark.slow      # 150 workbooks written and read twice
@settings(max_examples=150)
@given(sheets=xlsx_workbooks())
def test_calamine_and_openpyxl_give_the_same_rows(sheets: list[dict[str, object]], catalog: Catalog,
                                                  tmp_path_factory: pytest.TempPathFactory) -> None:
    # rows, error rows, messages, row numbers, header detection (title rows above it, a notes sheet
    # before it, none at all), blank rows, merged cells, dates, numbers as text, huge numbers, formats
    path = tmp_path_factory.mktemp("xlsx") / "list.xlsx"
    write_workbook(sheets, path)
    with pytest.MonkeyPatch.context() as mp:
        opened = _same(path, catalog, mp)
    event("read with openpyxl" if opened else "read with calamine")


def test_a_plain_list_is_read_with_calamine_alone(tmp_path: Path, catalog: Catalog,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    path = _book(tmp_path / "list.xlsx", [["Giấy A4", 2, 75000, None], ["Bút", 1.5, "5.000 đ", "ghi chú"],
                                          [None, None, None, None], ["Đèn", 3, 120000, datetime.date(2025, 1, 2)],
                                          ["Ghế", 1, 1500000, None, "lạc cột"]])
    assert _same(path, catalog, monkeypatch) == 0


def _styled(tmp_path: Path, fmt: str, value: object) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Tên hàng hóa", "Số lượng", "Đơn giá", "Tỷ lệ tái chế (%)"])
    ws.append(["Giấy A4", 2, 75000, value])
    ws.append(["Bút", 1, 5000, None])
    ws["D2"].number_format = fmt
    wb.save(tmp_path / "list.xlsx")
    return tmp_path / "list.xlsx"


@pytest.mark.parametrize(("fmt", "value"), [("0%", 0.25), ("0.00%", 1), ("[h]:mm", 1.25), ("mm:ss", 0.01),
                                            ("#,##0 [$₫-42A]", 5), ("#,##0;[Red]-#,##0", -5)])
def test_a_format_calamine_cannot_read_as_openpyxl_does_falls_back(tmp_path: Path, catalog: Catalog,
                                                                   monkeypatch: pytest.MonkeyPatch, fmt: str,
                                                                   value: object) -> None:
    # calamine does not say a cell's format: 25% would be read as 0.25, not Percent(25)
    assert _same(_styled(tmp_path, fmt, value), catalog, monkeypatch) == 1


@pytest.mark.parametrize("value", ["=B2*37500", "#N/A", "#DIV/0!"])
def test_a_formula_without_a_value_or_an_error_cell_falls_back(tmp_path: Path, catalog: Catalog,
                                                               monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    # calamine reads both as an empty cell: openpyxl names the formula, or gives the error's text
    path = _book(tmp_path / "list.xlsx", [["Giấy A4", 2, value, None], ["Bút", 1, 5000, None]])
    assert _same(path, catalog, monkeypatch) == 1


@pytest.mark.parametrize("value", [1_234_567_890_123_456_789, datetime.datetime(1900, 1, 5),
                                   datetime.timedelta(hours=3)])
def test_a_value_calamine_may_read_otherwise_hands_over_to_openpyxl_from_its_row(
        tmp_path: Path, catalog: Catalog, monkeypatch: pytest.MonkeyPatch, value: object) -> None:
    # row 3 holds it: rows 2 came from calamine, rows 3 on from openpyxl, the same as openpyxl alone
    path = _book(tmp_path / "list.xlsx", [["Giấy A4", 2, 75000, None], ["Bút", 1, 5000, value],
                                          ["Đèn", 3, 120000, None]])
    assert _same(path, catalog, monkeypatch) == 1


def test_a_header_row_reaching_styled_empty_cells_keeps_openpyxl_s_width(tmp_path: Path, catalog: Catalog,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # openpyxl's header row ends at its last cell, a styled empty one here: a value under it is not
    # "beyond the header" (calamine pads every row to the sheet's width)
    import openpyxl
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Tên hàng hóa", "Số lượng", "Đơn giá"])
    ws["E1"].font = Font(bold=True)
    ws.append(["Giấy A4", 2, 75000, None, "ở cột E", "ở cột F"])
    wb.save(tmp_path / "list.xlsx")
    assert _same(tmp_path / "list.xlsx", catalog, monkeypatch) == 0


def test_a_whole_number_written_with_a_point_in_the_header_rows_falls_back(tmp_path: Path, catalog: Catalog,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    # openpyxl reads <v>2025.0</v> as 2025.0 (the header texts say "2025.0"), calamine as 2025.0 = 2025
    path = _book(tmp_path / "list.xlsx", [["Giấy A4", 2, 75000, None]])
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(b"</c></row>", b'</c><c r="E1" t="n"><v>2025.0</v></c></row>', 1)
    with zipfile.ZipFile(path, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    assert _same(path, catalog, monkeypatch) == 1


def test_the_bounds_are_checked_before_calamine_reads(tmp_path: Path, catalog: Catalog,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    def never(*_args: object) -> None:
        raise AssertionError("calamine opened a workbook over the limits")
    monkeypatch.setattr(xlsxfile, "Book", never)
    with pytest.raises(BatchFileError) as exc:
        read(_with_strings(tmp_path, "x" * 40_000), catalog)
    assert exc.value.code == "xlsx-limit"
