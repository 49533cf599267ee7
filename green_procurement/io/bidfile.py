"""Bid lists (``green-procurement bids FILE``): CSV, XLSX, JSON, JSON lines or YAML, one row per bid.

Columns (:data:`BIDS`): ``lot, bidder, description, price, origin, domestic_cost_pct, labels`` and
``certificate``, the catalogue's attribute columns, ``product_group`` and ``code``; the Vietnamese names of
bidding documents are accepted (``Phần``/``Lô``, ``Nhà thầu``, ``Giá dự thầu``, ``Xuất xứ``, ``Tỷ lệ chi
phí sản xuất trong nước``...).  ``bidder`` and ``price`` are required; without a ``lot`` column the file is
one lot.  The goods' cells (description, labels, certificate, attributes) are read as a purchase list's
(:class:`~green_procurement.io.RowBuilder`), so a problem is reported the same way, naming the file's own
column; every row gives a :class:`~green_procurement.bids.Bid` or the error of its row.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping

import attrs

from .._messages import Msg, msg
from ..bids import DEFAULT_LOT, Bid, BidResult, _country, rejected_row
from ..catalog import Catalog
from ..errors import GppError
from ..model import Attributes
from .base import BatchItem, FileInfo, RawRow
from .cells import BadCell, blank, text_cell
from .headers import ALIASES, ColumnSet
from .numbers import CellError, NumberFormat, parse_number
from .readers import RowReader, read_rows
from .rows import Row, RowBuilder

__all__ = ["BIDS", "BidReader", "BidRow", "read_bids"]

#: The columns of a bid list and the names bidding documents give them.
BIDS = ColumnSet(
    canonical=("lot", "bidder", "description", "price", "origin", "domestic_cost_pct", "labels", "certificate",
               "product_group", "code"),
    aliases={
        "lot": ("Phần", "Lô", "Phần lô", "Số lô", "Số phần", "Lot", "Lot no", "Lot number"),
        "bidder": ("Nhà thầu", "Tên nhà thầu", "Đơn vị dự thầu", "Nhà thầu liên danh", "Bidder", "Tenderer",
                   "Supplier", "Vendor"),
        "description": ("Hàng hóa", "Tên hàng hóa", "Mô tả", "Hàng hóa chào thầu", "Tên hàng hóa chào thầu",
                        "Description", "Goods", "Item"),
        "price": ("Giá dự thầu", "Giá dự thầu sau sửa lỗi", "Giá dự thầu sau giảm giá", "Giá chào", "Giá",
                  "Price", "Bid price", "Corrected price", "Offer price"),
        "origin": ("Xuất xứ", "Nước xuất xứ", "Xuất xứ hàng hóa", "Origin", "Country of origin", "Made in"),
        "domestic_cost_pct": ("Tỷ lệ chi phí sản xuất trong nước", "Tỷ lệ chi phí trong nước", "Tỷ lệ nội địa hóa",
                              "Chi phí sản xuất trong nước", "Domestic cost share", "Domestic cost",
                              "Domestic content"),
        "labels": ALIASES["labels"],
        "certificate": ALIASES["certificate"],
        "product_group": ALIASES["product_group"],
        "code": ("Mã hàng", "Mã HS", "Mã hàng hóa", "HS code", "Code"),
    },
    required=("bidder", "price"),
    required_names={"bidder": "Nhà thầu / bidder", "price": "Giá dự thầu / price"},
    no_header_hint="bids.no-header.hint",
)


@attrs.frozen
class BidRow:
    """One row of a bid list: the bid, or (``error``) why it could not be read, as a result row."""

    row: int
    bid: Bid | None = None
    error: BidResult | None = None


class BidReader(FileInfo, Iterator[BidRow]):
    """The rows of a bid list (see :class:`~green_procurement.io.FileInfo` for what it tells of the
    file); close it, or use ``with``, when stopping early."""

    def __init__(self, inner: RowReader[BatchItem], rows: Iterator[BidRow]) -> None:
        super().__init__(inner.source, inner.format)
        self._inner, self._rows = inner, rows
        # the same objects as the inner reader's: JSON keys are learnt while reading
        self.columns, self.ignored_columns, self.ignored_hints = inner.columns, inner.ignored_columns, \
            inner.ignored_hints
        self.header_row, self.sheet, self.delimiter = inner.header_row, inner.sheet, inner.delimiter

    def __iter__(self) -> BidReader:
        return self

    def __next__(self) -> BidRow:
        return next(self._rows)

    def close(self) -> None:
        self._inner.close()

    def __enter__(self) -> BidReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_bids(source: str | os.PathLike[str], catalog: Catalog, *,
              number_format: NumberFormat = "vi") -> BidReader:
    """The rows of a bid list, one :class:`BidRow` per data row.  Raises
    :class:`~green_procurement.io.BatchFileError` when the file cannot be read at all."""
    inner = read_rows(source, catalog, number_format=number_format, raw=True, columns=BIDS)
    builder = RowBuilder(catalog, inner.source, number_format)

    def rows() -> Iterator[BidRow]:
        for item in inner:
            if isinstance(item, RawRow):
                yield _bid(item.row, item.cells, item.columns, builder, number_format)
            elif isinstance(item, Row):
                yield BidRow(item.row, error=rejected_row(None, None, item.row,
                                                          item.error or msg("cert.import.bad-row")))

    return BidReader(inner, rows())


def _bid(row: int, cells: Mapping[str, object], columns: Mapping[str, str], builder: RowBuilder,
         number_format: NumberFormat) -> BidRow:
    problems: list[Msg] = []

    def problem(field: str, message: Msg) -> None:
        problems.append(msg("row.problem", column=columns.get(field, field), problem=message))

    def text(field: str) -> str | None:
        value = cells.get(field)
        if blank(value):
            return None
        try:
            return text_cell(value)
        except CellError as exc:
            problem(field, exc.message)
            return None

    lot, bidder, description = text("lot"), text("bidder"), text("description")
    if bidder is None and blank(cells.get("bidder")):
        problem("bidder", msg("row.missing-empty"))
    origin = None
    raw_origin = text("origin")
    if raw_origin is not None:
        try:
            origin = _country(raw_origin, "origin")
        except GppError as exc:
            problem("origin", exc.msg)
    share = None
    raw_share = cells.get("domestic_cost_pct")
    if type(raw_share) is BadCell:
        problem("domestic_cost_pct", raw_share.message)
    elif not blank(raw_share):
        try:
            share = parse_number(cells["domestic_cost_pct"], number_format, percent=True)
            if not 0 <= share <= 100:
                problem("domestic_cost_pct", msg("cell.above" if share > 100 else "cell.below", value=share,
                                                 maximum=100, minimum=0))
                share = None
        except CellError as exc:
            problem("domestic_cost_pct", exc.message)
    # the goods: as a purchase list's line item (quantity 1 at the bid price)
    item_cells = {k: v for k, v in cells.items()
                  if k in ("labels", "certificate", "product_group", "code") or k.startswith("attr.")}
    item_cells.update({"description": description or bidder or str(row), "quantity": 1,
                       "unit_price": cells.get("price")})
    item_columns = dict(columns)
    if "price" in columns:
        item_columns["unit_price"] = columns["price"]
    built = builder.build(row, item_cells, item_columns)   # type: ignore[arg-type]
    if built.error is not None:
        problems.append(built.error)
    elif built.item is not None and built.item.unit_price is None:   # a purchase list may lack prices; a bid not
        problem("price", msg("row.missing-empty"))
    price = built.item.unit_price if built.item is not None else None
    if problems or built.item is None or price is None or bidder is None:
        error = Msg.join(problems, "; ", "row.problems") if problems else msg("cert.import.bad-row")
        return BidRow(row, error=rejected_row(lot, bidder, row, error, description))
    item = built.item
    attributes = dict(item.attributes)
    declared = attributes.pop("domestic_cost_pct", None)
    if share is None and declared is not None and not isinstance(declared, (bool, str)):
        share = declared
    bid = Bid(lot or DEFAULT_LOT, bidder, price, description or "", origin, share, item.labels,
              Attributes(attributes), item.product_group, item.code, row)
    return BidRow(row, bid=bid)
