"""The CSV report: one row per input row, UTF-8 with BOM (so Excel reads Vietnamese correctly)."""

from __future__ import annotations

import csv
import functools
import io
import re
from typing import IO, TYPE_CHECKING

from ..results import SharedByFindings
from ._common import COLUMNS, Writer, money_text, neutralise, plain_number, result_row

if TYPE_CHECKING:
    from ..batch import ItemRecord, Summary
    from ..catalog import Catalog

_KEYS = [k for k, _ in COLUMNS]
#: What makes csv.writer (QUOTE_MINIMAL) quote a field: the delimiter, the quote char, CR or LF.
_QUOTE = re.compile(r'[,"\r\n]')
_VALUE = _KEYS.index("value")
_SCORE = _KEYS.index("score")


def csv_cells(values: list[object]) -> list[str]:
    """Result-row values as CSV text: numbers plain (``30000000``, ``1234.5``, ``97.72``), empty for
    none, text neutralised against formula injection."""
    out = [neutralise(v) if isinstance(v, str) else "" if v is None else str(v) for v in values]
    out[_VALUE] = money_text(values[_VALUE])  # type: ignore[arg-type]
    out[_SCORE] = plain_number(values[_SCORE])  # type: ignore[arg-type]
    return out


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "replace")


def _quote(c: str) -> str:
    return '"' + c.replace('"', '""') + '"' if c and _QUOTE.search(c) else c


@functools.lru_cache(maxsize=16384)
def _text_cell(text: str) -> str:
    """A text cell neutralised and quoted (cells repeat: group names, statuses, reasons)."""
    return _quote(neutralise(text))


def _cell(v: object) -> str:
    return _text_cell(v) if type(v) is str else "" if v is None else _quote(str(v))


#: The cells of a record that come from its result alone, by result (see CsvWriter.fragment).
_SHARED = SharedByFindings()
#: The cells before them: source, row, request, unit, item id, description.
_HEAD = 6
assert _KEYS[:_HEAD] == ["source", "row", "request_id", "entity", "item_id", "description"]
assert _HEAD < _SCORE < _VALUE


class CsvWriter(Writer):
    """``.csv``: the columns of :data:`~green_procurement.report.COLUMNS`, headers in the report
    language, comma-separated, CRLF line ends, UTF-8 with BOM."""

    format = "csv"

    def _start(self) -> None:
        self._fh: IO[bytes] = open(self._tmp_path, "wb")
        header = io.StringIO(newline="")
        csv.writer(header).writerow([key if self.lang == "en" else vi for key, vi in COLUMNS])
        self._fh.write(_encode("\ufeff" + header.getvalue()))  # the BOM: Excel then reads the file as UTF-8

    @classmethod
    def fragment(cls, record: ItemRecord, lang: str, catalog: Catalog | None) -> bytes:
        """The CSV line of a record, as csv.writer writes it (minimal quoting, CRLF), encoded.

        The cells after the description, but the value, depend only on the result's group, status,
        score, findings, classification and error: they are made once for the items that share
        them (the engine shares the findings of repeated products)."""
        res = record.result
        key = (res.product_group, res.status, res.score_exact, res.classified_by, res.evidence, res.error, lang,
               id(catalog))
        hit = _SHARED.get(res.findings, key)
        if hit is None or hit[0] is not catalog:
            values = result_row(record, lang, catalog)
            out = [_cell(v) for v in values]
            out[_SCORE] = _quote(plain_number(values[_SCORE]))  # type: ignore[arg-type]
            hit = _SHARED.put(res.findings, key, (catalog, _encode("," + ",".join(out[_HEAD:_VALUE]) + ","),
                                                  _encode("," + ",".join(out[_VALUE + 1:]) + "\r\n")))
        head = ",".join([_cell(record.source), _cell(record.row), _cell(record.request_id), _cell(record.entity),
                         _cell(res.item_id), _cell(res.description)])
        return b"".join((_encode(head), hit[1], _quote(money_text(res.value)).encode(), hit[2]))

    def _write_fragment(self, fragment: bytes) -> None:
        self._fh.write(fragment)

    @classmethod
    def pack(cls, fragments: list[bytes]) -> bytes:
        """The lines of consecutive records."""
        return b"".join(fragments)

    def _write_pack(self, pack: bytes) -> None:
        self._fh.write(pack)
        self._written(self._fh)

    def _finish(self, summary: Summary) -> None:
        self._fh.close()

    def _discard(self) -> None:
        self._fh.close()
