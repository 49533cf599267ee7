"""Checking values of YAML documents (``_schema.py``)."""

from __future__ import annotations

#: id: (English, Vietnamese)
MESSAGES: dict[str, tuple[str, str]] = {
    "schema.wrong": ("'{name}' must be {expected}, found {found}",
                     "'{name}' phải là {expected}, nhưng đang là {found}"),
    "schema.wrong-file": ("the file must be {expected}, found {found}",
                          "nội dung tệp phải là {expected}, nhưng đang là {found}"),
    "schema.unknown-key": ("unknown key '{key}'", "khóa '{key}' không hợp lệ"),
    "schema.missing-key": ("missing key '{key}'", "thiếu khóa '{key}'"),
    "schema.missing-key-in": ("missing key '{key}' in {where}", "thiếu khóa '{key}' trong {where}"),
    "schema.empty": ("'{name}' must not be empty", "'{name}' không được để trống"),
    "schema.bad-id": ("'{text}' is not a valid id", "'{text}' không phải là mã (id) hợp lệ"),
    "schema.bad-id.hint": ("use lowercase letters, digits and '-', e.g. 'air-conditioner'",
                           "chỉ dùng chữ thường không dấu, chữ số và '-', ví dụ 'air-conditioner'"),
    "schema.range": ("'{name}' must be {range}, found {value}", "'{name}' phải {range}, nhưng đang là {value}"),
    "schema.digits": ("{value} has more than 15 significant digits", "{value} có hơn 15 chữ số có nghĩa"),
    "schema.enum": ("'{name}' must be one of {choices}, found {found}",
                    "'{name}' phải là một trong các giá trị ({choices}), nhưng đang là {found}"),
    "schema.date.hint": ("e.g. 2022-07-26", "ví dụ 2022-07-26"),
    "schema.listed-twice": ("'{value}' is listed twice", "'{value}' bị liệt kê hai lần"),
    "schema.listed-twice.hint": ("remove one of them", "hãy xóa bớt một lần"),
    "schema.duplicate-id": ("duplicate {what} id '{id}' (first defined at {where}:{line})",
                            "mã {what} '{id}' bị trùng (đã khai báo lần đầu tại {where}:{line})"),
    "schema.duplicate-id.hint": ("ids must be unique; rename one of them",
                                 "mỗi mã phải là duy nhất; hãy đổi tên một trong hai"),
}
