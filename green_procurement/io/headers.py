"""Column headers of batch files: canonical names, Vietnamese and English synonyms, attribute columns.

A header is compared after :func:`~green_procurement._text.fold` (case, diacritics, spaces and
punctuation ignored) and must match an alias *exactly*: "Đơn vị" is the procuring unit, "Đơn vị tính"
the unit of measure.  A header that does not match as written is tried once more without a bracketed
part, so "Đơn giá (VNĐ/chiếc)" is the unit price.

Fields are named by their canonical column (``unit_price``); an attribute column by ``attr.<id>``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence

import attrs

from .._messages import Msg, msg
from .._text import fold
from ..catalog import Catalog

__all__ = ["ALIASES", "CANONICAL", "LINE_ITEMS", "REQUIRED", "ColumnSet", "HeaderLayout", "HeaderMap"]

#: The canonical columns, in the order a batch file usually has them.
CANONICAL: tuple[str, ...] = (
    "request_id", "entity", "request_date", "funding", "item_id", "description", "product_group", "code",
    "quantity", "unit", "unit_price", "labels", "certificate",
)
#: Columns a batch file must have.
REQUIRED: tuple[str, ...] = ("description", "quantity", "unit_price")
ATTR_PREFIX = "attr."

#: Synonyms of each canonical column (besides the canonical name itself), Vietnamese and English.
ALIASES: Mapping[str, tuple[str, ...]] = {
    "request_id": ("Mã yêu cầu", "Số yêu cầu", "Số phiếu", "Mã phiếu", "Số đề nghị", "Mã đề nghị",
                   "Request", "Request ID", "Request no", "Request number", "Requisition",
                   "Requisition no", "Purchase request", "PR no"),
    "entity": ("Đơn vị mua sắm", "Đơn vị", "Đơn vị đề nghị", "Đơn vị yêu cầu", "Cơ quan", "Bên mời thầu",
               "Chủ đầu tư", "Entity", "Procuring entity", "Procuring unit", "Buyer", "Department"),
    "request_date": ("Ngày đề nghị", "Ngày yêu cầu", "Ngày lập", "Ngày", "Date", "Request date"),
    "funding": ("Nguồn vốn", "Nguồn kinh phí", "Nguồn ngân sách", "Funding", "Funding source",
                "Source of funds"),
    "item_id": ("STT", "Mã dòng", "Số thứ tự", "TT", "ID", "Item", "Item ID", "Item no", "Line",
                "Line no", "No"),
    "description": ("Tên hàng hóa", "Tên hàng hóa, dịch vụ", "Tên hàng hóa dịch vụ", "Tên hàng",
                    "Tên hàng hóa/dịch vụ", "Mô tả", "Mô tả hàng hóa", "Tên sản phẩm", "Tên sản phẩm, dịch vụ",
                    "Tên dịch vụ", "Tên vật tư", "Description", "Item description", "Product",
                    "Product name", "Goods", "Goods and services"),
    "product_group": ("Nhóm sản phẩm", "Nhóm hàng", "Nhóm hàng hóa", "Nhóm", "Mã nhóm", "Product group",
                      "Group", "Category"),
    "code": ("Mã hàng", "Mã HS", "Mã hàng hóa", "Mã sản phẩm", "Mã số HS", "Code", "HS code",
             "Product code", "Item code"),
    "quantity": ("Số lượng", "SL", "Khối lượng", "Quantity", "Qty"),
    "unit": ("Đơn vị tính", "ĐVT", "Unit", "Units", "UoM", "Unit of measure"),
    "unit_price": ("Đơn giá", "Đơn giá (VNĐ)", "Đơn giá (đồng)", "Đơn giá dự toán", "Đơn giá dự kiến", "Giá",
                   "Unit price", "Price", "Unit price (VND)", "Price (VND)"),
    "labels": ("Nhãn", "Nhãn sinh thái", "Nhãn môi trường", "Nhãn xanh", "Nhãn năng lượng",
               "Chứng nhận", "Label", "Labels", "Eco-label", "Eco-labels", "Ecolabels", "Certifications"),
    # the certificate number of a row's one label claim (several claims: scheme#number in the labels cell)
    "certificate": ("Số chứng nhận", "Số giấy chứng nhận", "Số quyết định chứng nhận", "Mã số chứng nhận",
                    "Số hiệu chứng nhận", "Certificate", "Certificate no", "Certificate number",
                    "Certificate No.", "Label certificate"),
}


@attrs.frozen
class ColumnSet:
    """The columns a kind of file has: ``canonical`` names in their usual order, their ``aliases``,
    the ``required`` ones (a header row is the first top row that names one of them), how a hint
    names each required column (``required_names``), the message id of the hint for a file without
    a header (it takes ``{canonical}``), and whether the catalogue's attribute columns are read too.
    Purchase lists use :data:`LINE_ITEMS`; bid lists and issuers' certificate lists have their own."""

    canonical: tuple[str, ...]
    aliases: Mapping[str, tuple[str, ...]]
    required: tuple[str, ...]
    required_names: Mapping[str, str]
    no_header_hint: str = "file.no-header.hint"
    attributes: bool = True


#: The columns of a purchase list (``green-procurement check``).
LINE_ITEMS = ColumnSet(CANONICAL, ALIASES, REQUIRED, {
    "description": "Tên hàng hóa / description", "quantity": "Số lượng / quantity",
    "unit_price": "Đơn giá / unit_price"})

_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def _key(text: str) -> str:
    return fold(text)


@attrs.frozen
class HeaderLayout:
    """How one header row maps: ``fields[i]`` is the field of column ``i`` (None: ignored or empty).

    ``ignored`` lists the non-empty headers that map to nothing, with a did-you-mean hint or None;
    ``duplicates`` lists (field, first header, second header) for fields named twice."""

    fields: tuple[str | None, ...]
    headers: tuple[str, ...]
    ignored: tuple[tuple[str, Msg | None], ...]
    duplicates: tuple[tuple[str, str, str], ...]
    columns: ColumnSet = LINE_ITEMS

    @property
    def mapped(self) -> frozenset[str]:
        """The fields that have a column."""
        return frozenset(f for f in self.fields if f is not None)

    @property
    def missing(self) -> tuple[str, ...]:
        """Required fields without a column."""
        return tuple(f for f in self.columns.required if f not in self.mapped)


class HeaderMap:
    """Resolves header names (and JSON keys) to fields for one catalogue.

    Precedence when two aliases fold to the same text: canonical names and their synonyms, then
    ``attr.<id>`` and the attribute ids, then each attribute's ``columns``, then its names."""

    def __init__(self, catalog: Catalog, columns: ColumnSet = LINE_ITEMS) -> None:
        self.columns = columns
        table: dict[str, str] = {}
        shown: dict[str, str] = {}  # field -> how to write it, for did-you-mean

        def add(alias: str, target: str) -> None:
            k = _key(alias)
            if k and k not in table:
                table[k] = target

        for name in columns.canonical:
            add(name, name)
            shown[name] = name
        for name, aliases in columns.aliases.items():
            for alias in aliases:
                add(alias, name)
        specs = list(catalog.attributes.values()) if columns.attributes else []
        for spec in specs:
            target = ATTR_PREFIX + spec.id
            add(target, target)
            add(spec.id, target)
            shown[target] = target
        for spec in specs:
            for col in spec.columns:
                add(col, ATTR_PREFIX + spec.id)
        for spec in specs:
            for text in (getattr(spec.name, "vi", None), getattr(spec.name, "en", None)):
                if isinstance(text, str):
                    add(text, ATTR_PREFIX + spec.id)
        self._table = table
        self._shown = shown
        self.attribute_ids = frozenset(s.id for s in specs)

    def resolve(self, header: object) -> str | None:
        """The field a header names (``unit_price``, ``attr.domestic``), or None."""
        if header is None:
            return None
        text = str(header)
        target = self._table.get(_key(text))
        if target is None and ("(" in text or "[" in text):
            target = self._table.get(_key(_BRACKETS.sub(" ", text)))
        return target

    def suggest(self, header: str) -> Msg | None:
        """``did you mean 'x'?`` for a header that maps to nothing but is close to a known one."""
        k = _key(header)
        if not k:
            return None
        close = difflib.get_close_matches(k, list(self._table), n=1, cutoff=0.8)
        if not close:
            return None
        target = self._table[close[0]]
        return msg("hint.did-you-mean", best=self._shown.get(target, target))

    def layout(self, headers: Sequence[object]) -> HeaderLayout:
        """Map a header row; see :class:`HeaderLayout`."""
        fields: list[str | None] = []
        texts: list[str] = []
        ignored: list[tuple[str, Msg | None]] = []
        duplicates: list[tuple[str, str, str]] = []
        first: dict[str, str] = {}
        for h in headers:
            text = "" if h is None else " ".join(str(h).split())
            texts.append(text)
            if not text:
                fields.append(None)
                continue
            field = self.resolve(text)
            if field is None:
                ignored.append((text, self.suggest(text)))
            elif field in first:
                duplicates.append((field, first[field], text))
                field = None
            else:
                first[field] = text
            fields.append(field)
        return HeaderLayout(tuple(fields), tuple(texts), tuple(ignored), tuple(duplicates), self.columns)

    def required_in(self, headers: Iterable[object]) -> int:
        """How many of the required fields a row of headers names (to find the header row)."""
        found = {self.resolve(h) for h in headers if h is not None and str(h).strip()}
        return sum(1 for f in self.columns.required if f in found)
