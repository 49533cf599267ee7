"""The ``matches`` pattern parser (``_pattern.py``)."""

from __future__ import annotations

#: id: (English, Vietnamese)
MESSAGES: dict[str, tuple[str, str]] = {
    "pattern.char": ("'{char}' is not allowed", "không được dùng ký tự '{char}'"),
    "pattern.char.hint": ("matches takes words or phrases separated by |, not a regular expression",
                          "matches nhận các từ hoặc cụm từ cách nhau bởi |, không phải biểu thức chính quy (regex)"),
    "pattern.empty": ("empty phrase (nothing between two '|', or only punctuation)",
                      "có cụm từ rỗng (không có gì giữa hai dấu '|', hoặc chỉ có dấu câu)"),
    "pattern.empty.hint": ("remove the extra '|'", "hãy xóa dấu '|' thừa"),
    "pattern.long": ("a phrase has more than {n} words", "có cụm từ dài hơn {n} từ"),
    "pattern.long.hint": ("shorten it", "hãy rút ngắn cụm từ"),
    "pattern.many": ("more than {n} phrases", "có hơn {n} cụm từ"),
    "pattern.many.hint": ("split the rule", "hãy tách quy tắc thành nhiều quy tắc"),
}
