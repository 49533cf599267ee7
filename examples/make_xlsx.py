"""Write mua-sam-can-tho-2025.xlsx from the CSV of the same name, as an Excel user would have it:
numbers and dates in real number/date cells, text elsewhere (the bad cells stay text).

    python examples/make_xlsx.py
"""

from __future__ import annotations

import csv
import datetime
import re
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
NUMERIC = {"Số lượng", "Đơn giá", "Tỷ lệ tái chế (%)", "CO2 (g/km)", "Số sao năng lượng"}
DATE = {"Ngày đề nghị"}


def cell(header: str, text: str) -> object:
    if text == "":
        return None
    if header in NUMERIC and re.fullmatch(r"\d{1,3}(\.\d{3})*(,\d+)?|\d+", text):
        plain = text.replace(".", "").replace(",", ".")
        return float(plain) if "." in plain else int(plain)
    if header in DATE and re.fullmatch(r"\d{2}/\d{2}/\d{4}", text):
        d, m, y = map(int, text.split("/"))
        return datetime.datetime(y, m, d)
    return text


def main() -> None:
    src = HERE / "mua-sam-can-tho-2025.csv"
    with src.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Danh sách mua sắm"
    ws.append(["DANH SÁCH ĐỀ NGHỊ MUA SẮM TÀI SẢN, HÀNG HÓA NĂM 2025"])   # a title row above the header
    ws.append(header)
    for r in rows[1:]:
        ws.append([cell(header[i] if i < len(header) else "", v) for i, v in enumerate(r)])
    for row in ws.iter_rows(min_row=3):
        for c in row:
            if isinstance(c.value, datetime.datetime):
                c.number_format = "DD/MM/YYYY"
            elif isinstance(c.value, (int, float)):
                c.number_format = "#,##0.##"
    wb.save(HERE / "mua-sam-can-tho-2025.xlsx")


if __name__ == "__main__":
    main()
