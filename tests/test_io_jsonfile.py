"""JSON, JSON-lines and YAML purchase lists (green_procurement.io.jsonfile): whatever is wrong with one
value, every row comes out, and only its own row is an error (issue 12)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from green_procurement.catalog import Catalog

from .io_helpers import err, read, write

GOOD = {"Tên hàng hóa": "Giấy A4", "Số lượng": 1, "Đơn giá": 75000}


def _jsonl(rows: list[str]) -> str:
    return "\n".join(rows) + "\n"


def test_jsonl_line_nested_1000_deep_keeps_the_good_lines(tmp_path: Path, catalog: Catalog) -> None:
    # regression: a RecursionError stopped the whole run and the good lines were lost
    deep = '{"Tên hàng hóa": "X", "Số lượng": 1, "Đơn giá": 1, "attributes": ' + "[" * 1000 + "]" * 1000 + "}"
    path = write(tmp_path, _jsonl([json.dumps(GOOD), deep, json.dumps(GOOD)]), "list.jsonl")
    rows = read(path, catalog)
    assert [r.row for r in rows] == [1, 2, 3]
    assert rows[0].item is not None and rows[2].item is not None
    assert "nested more than 50 levels" in (err(rows[1]) or "")


def test_json_document_with_a_row_nested_1000_deep(tmp_path: Path, catalog: Catalog) -> None:
    # regression: RecursionError for the whole file
    deep = '{"Tên hàng hóa": "X", "Số lượng": 1, "Đơn giá": ' + "[" * 1000 + "]" * 1000 + "}"
    path = write(tmp_path, f"[{json.dumps(GOOD)},\n{deep},\n{json.dumps(GOOD)}]", "list.json")
    rows = read(path, catalog)
    assert [r.row for r in rows] == [1, 2, 3]
    assert rows[0].item is not None and rows[2].item is not None
    assert "line 2, column" in (err(rows[1]) or "") and "50 levels" in (err(rows[1]) or "")


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_a_number_of_5000_digits_is_one_error_row(tmp_path: Path, catalog: Catalog, fmt: str) -> None:
    # regression: ValueError (int conversion limit) from the JSON reader stopped the run
    bad = '{"Tên hàng hóa": "X", "Số lượng": 1, "Đơn giá": ' + "9" * 5000 + "}"
    text = f"[{json.dumps(GOOD)}, {bad}]" if fmt == "json" else _jsonl([json.dumps(GOOD), bad])
    rows = read(write(tmp_path, text, f"list.{fmt}"), catalog)
    assert rows[0].item is not None
    assert "Đơn giá: 99999" in (err(rows[1]) or "") and "more than 50 digits" in (err(rows[1]) or "")


def test_1e1000000_is_refused_at_once(tmp_path: Path, catalog: Catalog) -> None:
    # regression: 65 bytes of JSON ran for more than a minute (int(Decimal) before the range check)
    path = write(tmp_path, '[{"Tên hàng hóa": "Giấy", "Số lượng": 1, "Đơn giá": 1e1000000}]', "list.json")
    start = time.process_time()
    rows = read(path, catalog)
    assert time.process_time() - start < 2
    assert "out of range" in (err(rows[0]) or "")


def test_yaml_1e400000_is_refused_at_once(tmp_path: Path, catalog: Catalog) -> None:
    # regression: 6-8 s, then a traceback
    path = write(tmp_path, '- {"Tên hàng hóa": "Giấy", "Số lượng": 1, "Đơn giá": 1.0e+400000}\n', "list.yaml")
    start = time.process_time()
    rows = read(path, catalog)
    assert time.process_time() - start < 2
    assert "Đơn giá" in (err(rows[0]) or "") and "out of range" in (err(rows[0]) or "")


def test_yaml_explicit_tags_are_error_rows(tmp_path: Path, catalog: Catalog) -> None:
    # regression: AttributeError (!!timestamp x) and KeyError (!!bool maybe) stopped the run
    text = ('- {"Tên hàng hóa": !!timestamp x, "Số lượng": 1, "Đơn giá": 1000}\n'
            '- {"Tên hàng hóa": "Bút", "Số lượng": !!bool maybe, "Đơn giá": 1000}\n'
            '- {"Tên hàng hóa": "Thước", "Số lượng": 1, "Đơn giá": 1000}\n')
    rows = read(write(tmp_path, text, "list.yaml"), catalog)
    assert [r.row for r in rows] == [1, 2, 3]
    assert "line 1, column 20" in (err(rows[0]) or "") and "!!timestamp" in (err(rows[0]) or "")
    assert "!!bool" in (err(rows[1]) or "")
    assert rows[2].item is not None


def test_yaml_control_character_is_kept_as_text(tmp_path: Path, catalog: Catalog) -> None:
    # regression: PyYAML's ReaderError stopped the run; a CSV cell keeps such a character, so does YAML
    text = '- {"Tên hàng hóa": "Giấy\x07 A4", "Số lượng": 1, "Đơn giá": 1000}\n- {"Tên hàng hóa": "Bút", ' \
           '"Số lượng": 1, "Đơn giá": 1000}\n'
    rows = read(write(tmp_path, text, "list.yaml"), catalog)
    assert [r.item.description for r in rows if r.item] == ["Giấy\x07 A4", "Bút"]


def test_yaml_row_nested_too_deep_and_duplicate_keys_are_error_rows(tmp_path: Path, catalog: Catalog) -> None:
    text = ('- {"Tên hàng hóa": "A", "Số lượng": 1, "Đơn giá": ' + "[" * 400 + "]" * 400 + "}\n"
            '- {"Tên hàng hóa": "B", "Số lượng": 1, "Số lượng": 2, "Đơn giá": 1}\n'
            '- {"Tên hàng hóa": "C", "Số lượng": 1, "Đơn giá": 1}\n')
    rows = read(write(tmp_path, text, "list.yaml"), catalog)
    assert [r.row for r in rows] == [1, 2, 3]
    assert "50 levels" in (err(rows[0]) or "")
    assert "duplicate key 'Số lượng'" in (err(rows[1]) or "")
    assert rows[2].item is not None


def test_yaml_anchor_named_twice_takes_the_new_value(tmp_path: Path, catalog: Catalog) -> None:
    # found by fuzzing: PyYAML refused the whole list ("found duplicate anchor")
    text = ('- {"Tên hàng hóa": &t "Giấy", "Số lượng": 1, "Đơn giá": 1}\n'
            '- {"Tên hàng hóa": &t "Bút", "Số lượng": 1, "Đơn giá": 1, "Ghi chú": *t}\n')
    rows = read(write(tmp_path, text, "list.yaml"), catalog)
    assert [r.description for r in rows] == ["Giấy", "Bút"]


def test_json_duplicate_key_is_an_error_row_not_a_refused_file(tmp_path: Path, catalog: Catalog) -> None:
    text = '[{"Tên hàng hóa": "A", "Số lượng": 1, "Số lượng": 2, "Đơn giá": 1}, ' + json.dumps(GOOD) + "]"
    rows = read(write(tmp_path, text, "list.json"), catalog)
    assert "duplicate key 'Số lượng'" in (err(rows[0]) or "") and rows[1].item is not None


@pytest.mark.slow
def test_a_13000_row_yaml_list_is_not_an_alias_bomb(tmp_path: Path, catalog: Catalog) -> None:
    # regression: refused as an "alias bomb" (100,000 values at most, whatever the file's size)
    row = ('- {{"Mã yêu cầu": "YC-1", "Đơn vị mua sắm": *dv, "STT": {i}, "Tên hàng hóa": "Giấy A4 {i}", '
           '"Số lượng": 2, "Đơn vị tính": "ram", "Đơn giá": 75000, "Nhãn": "vn-ecolabel"}}\n')
    text = '- {"Mã yêu cầu": "YC-1", "Đơn vị mua sắm": &dv "Sở Tài chính", "STT": 0, "Tên hàng hóa": "Bút", ' \
           '"Số lượng": 1, "Đơn giá": 5000}\n' + "".join(row.format(i=i) for i in range(1, 13_000))
    rows = read(write(tmp_path, text, "list.yaml"), catalog)
    assert len(rows) == 13_000 and all(r.item is not None for r in rows)
    assert rows[-1].entity == "Sở Tài chính"


def test_yaml_alias_bomb_is_still_refused(tmp_path: Path, catalog: Catalog) -> None:
    from green_procurement.io import BatchFileError

    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"{chr(97 + i)}: &{chr(97 + i)} [" + ", ".join([f"*{chr(96 + i)}"] * 10) + "]" for i in range(1, 8)]
    with pytest.raises(BatchFileError, match="alias bomb"):
        read(write(tmp_path, "\n".join(lines), "list.yaml"), catalog)
