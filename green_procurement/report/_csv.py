"""The CSV report: one row per input row, UTF-8 with BOM (so Excel reads Vietnamese correctly)."""

from __future__ import annotations

import csv
import io
from typing import IO, TYPE_CHECKING

from ..results import ItemRecord, Summary
from ._common import COLUMN_KEYS, FORMULA_START, Cell, column_headers, money_text, neutralise, plain_number, result_row
from ._writer import Fragment, Pack, Writer

if TYPE_CHECKING:
    from ..catalog import Catalog

_VALUE = COLUMN_KEYS.index("value")
_FORMULA_FIRST = frozenset(FORMULA_START)
_SCORE = COLUMN_KEYS.index("score")


def csv_cells(values: list[Cell]) -> list[str]:
    """Result-row values as CSV text: numbers plain (``30000000``, ``1234.5``, ``97.72``), empty for
    none, text neutralised against formula injection."""
    out = [v if type(v) is str and v[:1] not in _FORMULA_FIRST else neutralise(v) if isinstance(v, str)
           else "" if v is None else str(v) for v in values]
    value, score = values[_VALUE], values[_SCORE]
    out[_VALUE] = money_text(value if not isinstance(value, (str, float)) else None)
    out[_SCORE] = plain_number(score if isinstance(score, float) else None)
    return out


def _quoted(text: str) -> bool:
    """Whether csv.writer (the excel dialect, QUOTE_MINIMAL) quotes a field: it holds the delimiter, the
    quote character, or a character of the line terminator.  Four substring searches rather than one
    regular expression: a report's longest cells (the reasons, a kilobyte of Vietnamese) usually hold
    none of them, and the regex engine took 4.5 us to scan one, ``in`` 0.2 us."""
    return "," in text or '"' in text or "\n" in text or "\r" in text


def csv_line(cells: list[str]) -> str:
    """One record as :class:`csv.writer` writes it (comma-separated, minimal quoting, doubled quotes,
    CRLF), for a record of two fields or more.  Made here rather than by csv.writer because the
    writer takes about 25 µs for a typical result line (2 kB of Vietnamese reasons) where this takes
    4 µs; tests/test_report.py checks the two agree."""
    return ",".join('"' + c.replace('"', '""') + '"' if _quoted(c) else c for c in cells) + "\r\n"


def csv_record(values: list[Cell]) -> str:
    """``csv_line(csv_cells(values))`` in one pass over the values (a report line is made for every
    row; tests/test_report.py checks the two agree)."""
    quote, first = _quoted, _FORMULA_FIRST
    out: list[str] = []
    for v in values:
        if isinstance(v, str):
            if v[:1] in first:
                v = "'" + v
            out.append('"' + v.replace('"', '""') + '"' if quote(v) else v)
        else:
            out.append("" if v is None else str(v))    # numbers: no delimiter, quote or line break
    value, score = values[_VALUE], values[_SCORE]
    out[_VALUE] = money_text(value if not isinstance(value, (str, float)) else None)
    out[_SCORE] = plain_number(score if isinstance(score, float) else None)
    return ",".join(out) + "\r\n"


def csv_header(cells: list[str]) -> str:
    """The header line, by csv.writer itself."""
    out = io.StringIO(newline="")
    csv.writer(out).writerow(cells)
    return out.getvalue()


class CsvWriter(Writer):
    """``.csv``: the columns of :data:`~green_procurement.report.COLUMN_KEYS`, headers in the report
    language, comma-separated, CRLF line ends, UTF-8 with BOM."""

    format = "csv"

    def _start(self) -> None:
        self._fh: IO[bytes] = open(self._tmp_path, "wb")
        # the BOM: Excel then reads the file as UTF-8
        self._fh.write(("\ufeff" + csv_header(column_headers(self.lang))).encode("utf-8", "replace"))

    @classmethod
    def fragment(cls, record: ItemRecord, lang: str, catalog: Catalog | None) -> Fragment:
        """The CSV line of a record (:func:`csv_record`), encoded (unpaired
        surrogates replaced)."""
        return csv_record(result_row(record, lang, catalog)).encode("utf-8", "replace")


    def _write_fragment(self, fragment: Fragment) -> None:
        self._fh.write(fragment)

    @classmethod
    def pack(cls, fragments: list[Fragment]) -> Pack:
        """The lines of consecutive records."""
        return b"".join(fragments)

    def _write_pack(self, pack: Pack) -> None:
        self._fh.write(pack if isinstance(pack, bytes) else b"".join(pack))
        self._written(self._fh)

    def _finish(self, summary: Summary) -> None:
        self._fh.close()

    def _discard(self) -> None:
        self._fh.close()
