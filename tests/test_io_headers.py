"""Headers of batch files (green_procurement.io.headers): canonical names, synonyms, attributes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from green_procurement.catalog import Catalog
from green_procurement.io import (
    HeaderMap,
)

D = Decimal


# --- headers --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("header", "field"), [
    ("Mã yêu cầu", "request_id"), ("Số yêu cầu", "request_id"), ("Số phiếu", "request_id"),
    ("Đơn vị mua sắm", "entity"), ("Đơn vị", "entity"), ("Đơn vị đề nghị", "entity"),
    ("Đơn vị tính", "unit"), ("ĐVT", "unit"), ("don vi tinh", "unit"), ("ĐƠN VỊ TÍNH", "unit"),
    ("Ngày đề nghị", "request_date"), ("Ngày yêu cầu", "request_date"),
    ("Nguồn vốn", "funding"), ("Nguồn kinh phí", "funding"),
    ("STT", "item_id"), ("Mã dòng", "item_id"), ("Số thứ tự", "item_id"),
    ("Tên hàng hóa", "description"), ("Tên hàng hoá", "description"), ("Tên hàng hoá, dịch vụ", "description"),
    ("Mô tả", "description"), ("Tên sản phẩm", "description"),
    ("Nhóm sản phẩm", "product_group"), ("Nhóm hàng", "product_group"),
    ("Mã hàng", "code"), ("Mã HS", "code"),
    ("Số lượng", "quantity"), ("  số   LƯỢNG ", "quantity"),
    ("Đơn giá", "unit_price"), ("Đơn giá (VNĐ)", "unit_price"), ("Đơn giá (đồng)", "unit_price"),
    ("Đơn giá\n(VNĐ/chiếc)", "unit_price"),
    ("Nhãn", "labels"), ("Nhãn sinh thái", "labels"), ("Nhãn môi trường", "labels"),
    ("Item", "item_id"), ("Description", "description"), ("Qty", "quantity"), ("Unit price", "unit_price"),
    ("Labels", "labels"), ("unit_price", "unit_price"), ("request_id", "request_id"),
    ("attr.recycled_content_pct", "attr.recycled_content_pct"), ("recycled_content_pct", "attr.recycled_content_pct"),
    ("Tỷ lệ tái chế (%)", "attr.recycled_content_pct"), ("xuất xứ Việt Nam", "attr.domestic"),
    ("domestic", "attr.domestic"), ("Số sao", "attr.energy_grade"),
    ("Nhãn năng lượng (sao)", "attr.energy_grade"),
    ("Te\u0302n ha\u0300ng ho\u0301a", "description"),   # decomposed (NFD) text
    ("Thành tiền", None), ("Ghi chú", None), ("Đơn vị tính toán", None), ("attr.colour", None), ("", None),
])
def test_header(catalog: Catalog, header: str, field: str | None) -> None:
    assert HeaderMap(catalog).resolve(header) == field
