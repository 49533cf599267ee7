"""Excel purchase lists (green_procurement.io.xlsxfile): formulas without a saved value, rows with text
only in unread columns, and workbooks that would expand beyond the limits (issue 12)."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest

from green_procurement.catalog import Catalog
from green_procurement.io import BatchFileError

from .io_helpers import err, read


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
