"""CSV purchase lists (green_procurement.io.csvfile): one row out per row in, whatever is wrong with one
cell (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from green_procurement.catalog import Catalog
from green_procurement.io import read_rows, rows_of

from .io_helpers import err, read, write

HEAD = "Tên hàng hóa,Số lượng,Đơn giá,Ghi chú\n"


def _both(path: Path, catalog: Catalog) -> list[list[tuple[int, str | None]]]:
    """(row, error) read row by row, and read in blocks as check --jobs N reads it: the two must agree."""
    one = [(r.row, err(r)) for r in read(path, catalog)]
    with read_rows(path, catalog, raw=True, block_lines=2) as items:
        blocks = [(r.row, err(r)) for r in rows_of(items, {}, catalog)]
    return [one, blocks]


def test_a_row_with_text_only_in_an_unread_column_is_an_error_row(tmp_path: Path, catalog: Catalog) -> None:
    # regression: the row was silently dropped
    path = write(tmp_path, HEAD + "Giấy,1,1000,\n,,,chỉ có ghi chú\n,,,\n")
    for rows in _both(path, catalog):
        assert rows == [(2, None), (3, "the row has text only in 'Ghi chú', a column that is not read; Tên hàng hóa, "
                                      "Số lượng, Đơn giá are empty")]


@pytest.mark.parametrize("quoted", [False, True])
def test_one_cell_over_the_field_limit_is_one_error_row(tmp_path: Path, catalog: Catalog, quoted: bool) -> None:
    # regression: the whole file was refused
    big = "A" * 140_000
    if quoted:      # a quoted value over several lines: the reader must go on after its end, not inside it
        big = '"' + "\n".join(["B" * 1000] * 140) + ',""x""",1,1000,ghi chú'
    else:
        big += ",1,1000,"
    path = write(tmp_path, HEAD + "Giấy,1,1000,\n" + big + "\nBút,2,5000,\n")
    last = 4 if not quoted else 143
    for rows in _both(path, catalog):
        assert [r for r, _ in rows] == [2, 3, last]
        assert rows[0][1] is None and rows[2][1] is None
        assert "the CSV reader cannot read this row: field larger than field limit" in (rows[1][1] or "")


def test_a_number_of_5000_digits_is_one_error_row(tmp_path: Path, catalog: Catalog) -> None:
    # regression: ValueError (int conversion limit) with a traceback, exit 1
    path = write(tmp_path, HEAD + "Giấy A4,1," + "9" * 5000 + ",\nBút bi,2,5000,\n")
    for rows in _both(path, catalog):
        assert rows[1] == (3, None)
        assert "Đơn giá: " + "9" * 28 + "…" + "9" * 8 + " has more than 50 digits" in (rows[0][1] or "")


def test_one_line_that_is_not_utf8_is_one_error_row(tmp_path: Path, catalog: Catalog) -> None:
    # issue 12 (nothing lost, whatever the encoding of one cell): the whole file was refused
    path = write(tmp_path, HEAD + "Giấy,1,1000,\n")
    path.write_bytes(path.read_bytes() + "Cà phê,1,1000,\n".encode("cp1258") + "Bút,2,5000,\n".encode())
    for rows in _both(path, catalog):
        assert rows == [(2, None), (3, "the line is not UTF-8 text (save the file as UTF-8)"), (4, None)]


def test_a_nul_byte_in_one_cell_is_one_error_row(tmp_path: Path, catalog: Catalog) -> None:
    path = write(tmp_path, HEAD + "Giấy,1,1000,\nLy\x00nhựa,1,800,\nBút,2,5000,\n")
    for rows in _both(path, catalog):
        assert [r for r, _ in rows] == [2, 3, 4] and rows[0][1] is None and rows[2][1] is None
        assert "the line holds a NUL character" in (rows[1][1] or "")


@given(st.text(alphabet='ab,;"\n\r\0', max_size=60), st.integers(1, 8), st.sampled_from([",", ";"]))
def test_a_block_the_strict_reader_reads_whole_is_whole_records(text: str, k: int, delimiter: str) -> None:
    # the parent of check --jobs N cuts a CSV file into blocks of whole records; a block the strict
    # CSV reader reads to its end is taken as it is (issue 16), which must be what the record by
    # record cut gives
    import io

    from green_procurement.io.csvfile import _strictly_whole, _whole_records

    lines = list(io.StringIO(text, newline=""))
    block, more = lines[:k], lines[k:]
    if block and _strictly_whole(block, delimiter):
        assert _whole_records(list(block), iter(more), delimiter) == block


@given(st.text(st.sampled_from(["a", "ệ", ",", "\n", "\x00", "\udc80", "\udcff", "\ud800", "\udc7f", "😀"])
               | st.characters(), max_size=30))
def test_bad_bytes_are_found_by_the_quick_check_as_by_the_pattern(text: str) -> None:
    # regression (issue 16): has_bad_bytes first tries one UTF-8 encode of the whole block
    from green_procurement.io.base import _BAD_BYTES, has_bad_bytes

    assert has_bad_bytes(text) == (_BAD_BYTES.search(text) is not None)
    # a text decoded strictly holds no surrogate escape: only a NUL is looked for
    assert has_bad_bytes(text, escapes=False) == ("\x00" in text)
