"""Issuers' lists of certificates (CSV, XLSX, JSON) read into registry entries for
``green-procurement registry import``.

Headers are mapped like those of a purchase list (case, diacritics and punctuation ignored), with the
Vietnamese and English names issuers use (``Số quyết định``, ``Tên doanh nghiệp``, ``Ngày cấp``,
``Ngày hết hạn``...; :data:`ISSUER_LIST`).  Every row is checked as a registry file's entry is
(:func:`green_procurement.certificates.check_entry`): a problem names the row and the column as the file
writes it.  A certificate listed twice is reported: the same data twice is kept once (a warning),
different data is an error.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping

import attrs

from .._messages import Msg, msg
from ..catalog import Catalog
from ..certificates import COLUMNS, Certificate, check_entry
from ..errors import ERROR, WARNING, Problem, suggest
from .base import RawBlock, RawRow
from .cells import blank, text_cell
from .headers import ColumnSet
from .numbers import CellError, NumberFormat
from .readers import read_rows

__all__ = ["ISSUER_LIST", "ImportResult", "read_issuer_list"]

#: The columns of an issuer's list and the names issuers give them.
ISSUER_LIST = ColumnSet(
    canonical=COLUMNS,
    aliases={
        "scheme": ("Nhãn", "Loại nhãn", "Mã nhãn", "Label", "Scheme", "Ecolabel"),
        "certificate": ("Số quyết định", "Số QĐ", "Số quyết định chứng nhận", "Số chứng nhận", "Số giấy chứng nhận",
                        "Mã số chứng nhận", "Mã số sản phẩm", "Số hiệu chứng nhận", "Certificate", "Certificate no",
                        "Certificate number", "Decision no", "Decision number", "Licence no", "License number",
                        "Registration no", "Registration number"),
        "holder": ("Tên doanh nghiệp", "Doanh nghiệp", "Tên tổ chức", "Tổ chức", "Đơn vị được chứng nhận",
                   "Tổ chức được chứng nhận", "Cơ sở sản xuất", "Nhà sản xuất", "Company", "Holder", "Licensee",
                   "Manufacturer", "Applicant", "Certificate holder"),
        "product": ("Tên sản phẩm", "Sản phẩm", "Tên sản phẩm, dịch vụ", "Sản phẩm, dịch vụ", "Tên hàng hóa",
                    "Product", "Product name", "Products", "Model"),
        "valid_from": ("Ngày cấp", "Ngày quyết định", "Ngày hiệu lực", "Ngày chứng nhận", "Có hiệu lực từ",
                       "Hiệu lực từ", "Issue date", "Date of issue", "Issued", "Valid from", "Certification date"),
        "valid_until": ("Ngày hết hạn", "Hết hạn", "Hiệu lực đến", "Có hiệu lực đến", "Expiry date", "Expiry",
                        "Expires", "Valid until", "Valid to", "Expiration date"),
        "source": ("Nguồn", "Nguồn thông tin", "Source", "URL", "Link"),
        "note": ("Ghi chú", "Note", "Notes", "Remarks"),
    },
    required=("certificate",),
    required_names={"certificate": "Số quyết định / certificate"},
    no_header_hint="cert.import.no-header.hint",
    attributes=False,
)


@attrs.frozen
class ImportResult:
    """What an issuer's list gave: the entries (in file order, each once), every problem (errors and
    warnings, located at the file's row), and counts."""

    entries: tuple[Certificate, ...]
    problems: tuple[Problem, ...]
    rows: int
    duplicates: int
    ignored_columns: tuple[str, ...] = ()
    source: str = ""

    @property
    def errors(self) -> int:
        return sum(p.level == ERROR for p in self.problems)


def read_issuer_list(source: str | os.PathLike[str], catalog: Catalog, scheme: str, *,
                     default_source: str | None = None, number_format: NumberFormat = "vi") -> ImportResult:
    """Read an issuer's list of certificates of label ``scheme`` (a catalogue id).  A ``source`` column,
    when present, gives each row's source, else ``default_source`` does.  Raises
    :class:`~green_procurement.io.BatchFileError` when the file cannot be read at all."""
    name = os.fspath(source)
    entries: dict[tuple[str, str], tuple[Certificate, int]] = {}
    problems: list[Problem] = []
    rows = duplicates = 0
    labels = tuple(catalog.labels)
    with read_rows(source, catalog, number_format=number_format, raw=True, columns=ISSUER_LIST) as reader:
        for item in reader:
            rows += 1
            if isinstance(item, RawBlock):     # pragma: no cover - only with block_lines
                continue
            if not isinstance(item, RawRow):   # a row the reader could not split into cells
                problems.append(Problem.of(item.error or msg("cert.import.bad-row"), "bad-value", name, item.row))
                continue
            entry = _entry(item.cells, item.row, name, scheme, default_source, labels, item.columns, problems)
            if entry is None:
                continue
            first = entries.get(entry.key)
            if first is None:
                entries[entry.key] = (entry, item.row)
                continue
            duplicates += 1
            if first[0] == entry:
                problems.append(Problem.of(msg("cert.import.same-twice", number=entry.certificate, row=first[1]),
                                           "duplicate-id", name, item.row, level=WARNING,
                                           hint=msg("cert.import.same-twice.hint")))
            else:
                problems.append(Problem.of(msg("cert.import.differs", number=entry.certificate, row=first[1]),
                                           "duplicate-id", name, item.row, hint=msg("cert.import.differs.hint")))
        ignored = tuple(reader.ignored_columns)
    ordered = tuple(e for e, _ in entries.values())
    return ImportResult(ordered, tuple(sorted(problems, key=Problem.sort_key)), rows, duplicates, ignored, name)


def _cell(value: object) -> object:
    """A cell as :func:`check_entry` reads it: text, a date, or None."""
    if blank(value):
        return None
    if isinstance(value, datetime.datetime):
        return value.date() if value.time() == datetime.time() else value
    if isinstance(value, datetime.date):
        return value
    try:
        return text_cell(value)
    except CellError:
        return value


def _entry(cells: Mapping[str, object], row: int, name: str, scheme: str, default_source: str | None,
           labels: tuple[str, ...], columns: Mapping[str, str], problems: list[Problem]) -> Certificate | None:
    values = {c: _cell(cells.get(c)) for c in COLUMNS}
    given = values.get("scheme")
    if given is None:
        values["scheme"] = scheme
    elif given != scheme:
        shown = columns.get("scheme", "scheme")
        problems.append(Problem.of(msg("row.problem", column=shown,
                                       problem=msg("cert.import.other-scheme", found=given, scheme=scheme)),
                                   "bad-value", name, row, hint=suggest(given, labels)))
        return None
    if values.get("source") is None and default_source:
        values["source"] = default_source

    def problem(column: str, message: Msg, code: str, hint: Msg | None) -> None:
        if column == "source" and values.get("source") is None:
            message, hint = msg("cert.import.no-source"), msg("cert.import.no-source.hint")
        shown = columns.get(column, column)
        problems.append(Problem.of(msg("row.problem", column=shown, problem=message), code, name, row,
                                   hint=hint))

    entry = check_entry(values, labels, problem)
    return None if entry is None else attrs.evolve(entry, path=name, line=row)
