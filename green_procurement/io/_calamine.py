"""Reading a workbook's sheets with python-calamine (Rust: 20,000 rows in a tenth of the time of
openpyxl's read-only mode, benchmarks/bench_xlsx.py) and giving exactly the values the openpyxl reader
of :mod:`.xlsxfile` gives, or raising :class:`Unsure` where calamine cannot.

calamine does not say a cell's number format, reads an error cell (``#N/A``) and a formula without a
saved value as an empty cell, gives ``5.0`` for the ``5`` openpyxl reads as ``int``, a ``date`` for a
date openpyxl reads as a ``datetime``, and pads every row to the sheet's width.  So before a sheet is
trusted to calamine, its XML is screened (byte searches, no parsing): no error or ISO-date cell, no
formula without a value, no cell whose style has a number format that calamine and openpyxl could read
differently (percentages, durations, any format not on a short list both read the same), every row and
cell numbered.  Values are then made openpyxl's (``5.0`` -> ``5``, a date -> a ``datetime``), and any
value whose openpyxl reading is not certain (a whole number of 16 digits or more, a date before March
1900, a duration) raises :class:`Unsure` from that row on: the caller reads on with openpyxl."""

from __future__ import annotations

import array
import datetime
import functools
import re
import warnings
import zipfile
from collections.abc import Iterator
from typing import IO, Any

__all__ = ["Book", "Unsure", "available"]


class Unsure(Exception):
    """calamine might not give what openpyxl gives here: read this (from this row on) with openpyxl."""


def available() -> bool:
    try:
        import python_calamine  # noqa: F401
    except ImportError:
        return False
    return True


#: Built-in number formats that both readers read alike: plain numbers and text (no date, no %).
_PLAIN_IDS = frozenset({0, 1, 2, 3, 4, 11, 12, 13, 37, 38, 39, 40, 48, 49})
#: Built-in date formats both read as dates.
_DATE_IDS = frozenset(range(14, 23))
_QUOTED = re.compile(r'"[^"]*"')
_PLAIN_CODE = re.compile(r"[0#?,. ()+\-*]*(?:[eE][+\-][0#]+)?[0#?,. ()+\-*]*")
_DATE_CODE = re.compile(r"[dmyhsDMYHS/\-.:, ]+")
_CHUNK = 4 << 20
_CELL_OPEN = (b"<c ", b"<c>", b"<c/>")
_ROW_OPEN = (b"<row ", b"<row>", b"<row/>")
_FORMULA_WITHOUT_VALUE = re.compile(rb"(?:</f>|<f\b[^>]*/>)(?!<v>[^<])")
_V_TEXT = re.compile(rb"<v>([^<]*)</v>")
_MARCH_1900 = datetime.datetime(1900, 3, 1)


def _special_styles(wb: Any) -> set[int]:
    """Indices of the cell styles whose number format calamine might not read as openpyxl does."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS

    special = set()
    for idx, style in enumerate(wb._cell_styles):
        fid = style.numFmtId
        code = BUILTIN_FORMATS.get(fid, "") if fid < 164 else wb._number_formats[fid - 164]
        bare = _QUOTED.sub("", code)
        if idx in wb._timedelta_formats or "%" in bare:
            special.add(idx)
        elif idx in wb._date_formats:
            if not (fid in _DATE_IDS or (fid >= 164 and _DATE_CODE.fullmatch(bare))):
                special.add(idx)
        elif not (fid in _PLAIN_IDS or (fid >= 164 and _PLAIN_CODE.fullmatch(bare))):
            special.add(idx)
    return special


class Book:
    """A workbook opened with calamine, its worksheets in openpyxl's order (charts left out)."""

    def __init__(self, handle: IO[bytes]) -> None:
        from openpyxl.reader.excel import ExcelReader
        from openpyxl.styles.stylesheet import apply_stylesheet
        from openpyxl.utils.datetime import WINDOWS_EPOCH
        from python_calamine import CalamineWorkbook

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                reader = ExcelReader(handle, read_only=True, data_only=True)
                reader.read_manifest()
                reader.read_workbook()
                apply_stylesheet(reader.archive, reader.wb)
            wb = reader.wb
            if wb.epoch != WINDOWS_EPOCH:
                raise Unsure("1904 dates")
            self.archive: zipfile.ZipFile = reader.archive
            self.sheets = [(sheet.name, rel.target) for sheet, rel in reader.parser.find_sheets()
                           if rel.target in reader.valid_files and "chartsheet" not in rel.Type]
            self._special = [b' s="%d"' % i for i in sorted(_special_styles(wb))]
            self._dates = [b' s="%d"' % i for i in sorted(wb._date_formats)]
            handle.seek(0)
            self._book = CalamineWorkbook.from_filelike(handle)
        except Unsure:
            raise
        except Exception as exc:  # openpyxl says what is wrong, in its own words
            raise Unsure(f"{type(exc).__name__}: {exc}") from None
        finally:
            handle.seek(0)

    def close(self) -> None:
        self._book.close()

    def rows(self, title: str, member: str) -> Iterator[list[object]]:
        """Each row of a sheet from row 1 on, as openpyxl's values (raises :class:`Unsure` at the first
        row it cannot give so: before any row if the sheet's XML does not pass the screen)."""
        widths = self._screen(member)
        try:
            sheet = self._book.get_sheet_by_name(title)
        except Exception as exc:
            raise Unsure(f"{type(exc).__name__}: {exc}") from None
        return _values(sheet, widths)

    def _screen(self, member: str) -> array.array[int]:
        """Check a sheet's XML (see the module's text); the width openpyxl gives each row (its last
        cell's column), by row number."""
        widths: array.array[int] = array.array("H")
        with self.archive.open(member) as f:
            carry = b""
            seen_data = False
            while True:
                block = f.read(_CHUNK)
                chunk = carry + block
                cut = len(chunk) if not block else chunk.rfind(b"</row>") + 6
                if cut < 6 and block:       # no row ends in it: read on
                    carry = chunk
                    continue
                part, carry = chunk[:cut], chunk[cut:]
                seen_data = seen_data or b"<sheetData" in part
                if (b' t="e"' in part or b' t="d"' in part
                        or (b"<f" in part and _FORMULA_WITHOUT_VALUE.search(part))
                        or any(s in part for s in self._special)
                        or sum(map(part.count, _CELL_OPEN)) != part.count(b'<c r="')
                        or sum(map(part.count, _ROW_OPEN)) != part.count(b'<row r="')):
                    raise Unsure(member)
                for style in self._dates:
                    _check_dates(part, style)
                _row_widths(part, widths)
                if not block:
                    break
        if not seen_data:       # elements with a namespace prefix (<x:c>...): not screened above
            raise Unsure(member)
        return widths

    def check_header_rows(self, member: str, row_no: int) -> None:
        """Check that the rows up to the header (``row_no``) hold no whole number written with a point
        or an exponent: openpyxl reads ``<v>2025.0</v>`` as 2025.0 (header texts "2025.0"), calamine
        as 2025."""
        head = re.compile(rb'<row r="%d"(?:\s[^>]*)?>.*?</row>' % row_no, re.DOTALL)
        with self.archive.open(member) as f:
            text = b""
            while True:
                block = f.read(1 << 16)
                text += block
                found = head.search(text)
                if found or not block:
                    break
        if found is None:
            raise Unsure(member)
        for v in _V_TEXT.findall(text, 0, found.end()):
            if any(c in v for c in b".eE"):
                try:
                    whole = float(v).is_integer()
                except ValueError:
                    whole = True
                if whole:
                    raise Unsure(member)


def _check_dates(part: bytes, style: bytes) -> None:
    """Raise :class:`Unsure` for a date cell whose number openpyxl reads otherwise than calamine: past
    9999 ("#VALUE!" for openpyxl, a number for calamine), before March 1900 (Excel's 29 February 1900)."""
    pos = 0
    find = part.find
    while (at := find(style, pos)) >= 0:
        close = find(b"</c>", at)
        v = find(b"<v>", at, close)
        pos = at + 1
        if v < 0 or close < 0:
            continue
        try:
            number = float(part[v + 3:find(b"<", v + 3)])
        except ValueError:
            raise Unsure("a date cell that is not a number") from None
        if not (0 <= number < 1 or 61 <= number < 2_958_466):
            raise Unsure("a date openpyxl reads otherwise")


def _row_widths(part: bytes, widths: array.array[int]) -> None:
    """Record the column of the last cell of each row that ends in ``part``."""
    pos = 0
    find, rfind = part.find, part.rfind
    while (end := find(b"</row>", pos)) >= 0:
        start = rfind(b'<row r="', pos, end)
        cell = rfind(b'<c r="', start, end)
        pos = end + 6
        if start < 0 or cell < 0:
            continue
        row = int(part[start + 8:find(b'"', start + 8)])
        column = _column(part[cell + 6:cell + 9])
        if row >= len(widths):
            widths.extend([0] * (row + 1 - len(widths)))
        widths[row] = column


@functools.lru_cache(maxsize=4096)
def _column(coordinate: bytes) -> int:
    """The column of a cell from the start of its reference (``b"AB1"`` -> 28)."""
    n = 0
    for c in coordinate:
        if not 65 <= c <= 90:
            break
        n = n * 26 + c - 64
    return n


def _values(sheet: Any, widths: array.array[int]) -> Iterator[list[object]]:
    """The rows as openpyxl gives them: each as wide as its last cell in the XML (``widths``).
    calamine 0.9 gives the rows from row 1 on, the columns from the sheet's first used one on."""
    if not sheet.height:
        return
    top, left = sheet.start
    width = sheet.end[1] + 1 - left
    pad: list[object] = [None] * left
    checked = False
    n = len(widths)
    for i, row in enumerate(sheet.iter_rows()):
        if len(row) != width:
            raise Unsure("calamine's rows are not as wide as its sheet")
        w = widths[i + 1] if i + 1 < n else 0
        values = (pad + [_value(v) for v in row[:w - left]])[:w] if w > left else pad[:w]
        if len(values) < w:     # empty cells with a style, beyond the sheet's values
            values += [None] * (w - len(values))
        if not checked and any(v is not None for v in values):
            if i != top:    # another release of calamine starts elsewhere: the row numbers would be wrong
                raise Unsure("calamine's rows do not start where its sheet says")
            checked = True
        yield values


def _value(v: object) -> object:
    t = type(v)
    if t is str:
        return v or None
    if t is float:
        f: float = v  # type: ignore[assignment]
        if f.is_integer() and -1e15 < f < 1e15:
            return int(f)
        if f.is_integer() or f != f or f in (float("inf"), float("-inf")):
            raise Unsure("a whole number of 16 digits or more: openpyxl may read it as an exact int")
        return f
    if t is bool or t is datetime.time:
        return v
    if t is datetime.date:
        d: datetime.date = v  # type: ignore[assignment]
        v = datetime.datetime(d.year, d.month, d.day)
    if type(v) is datetime.datetime and v >= _MARCH_1900:
        return v
    raise Unsure(f"a value openpyxl may read otherwise: {v!r}")
