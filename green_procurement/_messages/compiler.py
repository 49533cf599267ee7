"""Limits of the durable-rules compiler (``compiler.py``), reported by ``validate``."""

from __future__ import annotations

#: id: (English, Vietnamese)
MESSAGES: dict[str, tuple[str, str]] = {
    "compiler.label-params": ("rule {rule}: a label condition reads more than {n} parameters",
                              "quy tắc {rule}: một điều kiện nhãn dùng hơn {n} tham số"),
    "compiler.label-terms": ("rule {rule}: a label condition expands to more than {n} alternatives",
                             "quy tắc {rule}: một điều kiện nhãn bung ra hơn {n} phương án"),
    "compiler.paths": ("rule {rule} expands to {paths} alternatives ({live} may hold at once); durable-rules "
                       "allows at most 500 (64 at once)",
                       "quy tắc {rule} bung ra {paths} phương án ({live} phương án có thể cùng đúng); durable-rules "
                       "chỉ cho phép tối đa 500 (64 cùng lúc)"),
    "compiler.no-label": ("rule {rule} has too many no_label conditions for durable-rules",
                          "quy tắc {rule} có quá nhiều điều kiện no_label so với khả năng của durable-rules"),
    "compiler.together": ("rule {rule} tests too many conditions together for durable-rules",
                          "quy tắc {rule} kiểm tra quá nhiều điều kiện cùng lúc so với khả năng của durable-rules"),
    "compiler.complex": ("rule {rule} is too complex for durable-rules",
                         "quy tắc {rule} quá phức tạp so với khả năng của durable-rules"),
    "compiler.hash": ("field names '{a}' and '{b}' collide in durable-rules' 32-bit hash",
                      "tên trường '{a}' và '{b}' trùng mã băm 32-bit trong durable-rules"),
    "compiler.other": ("{message}", "durable-rules không biểu diễn được quy tắc này ({message})"),
    "compiler.split.hint": ("split the rule", "hãy tách quy tắc thành nhiều quy tắc nhỏ hơn"),
    "compiler.shorten.hint": ("split the rule, or shorten its in/any lists",
                              "hãy tách quy tắc, hoặc rút ngắn các danh sách in/any của nó"),
    "compiler.rename.hint": ("rename one attribute or parameter", "hãy đổi tên một thuộc tính hoặc tham số"),
}
