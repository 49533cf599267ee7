"""The catalogue (``catalog.py``): labels, product groups, attributes."""

from __future__ import annotations

#: id: (English, Vietnamese)
MESSAGES: dict[str, tuple[str, str]] = {
    "catalog.no-directory": ("catalogue directory not found: {root}", "không tìm thấy thư mục danh mục: {root}"),
    "catalog.no-directory.hint": ("pass --catalog DIR with labels.yaml and products.yaml",
                                  "hãy chỉ định --catalog THƯ_MỤC có chứa labels.yaml và products.yaml"),
    "catalog.missing-file": ("missing file {name} in the catalogue directory",
                             "thiếu tệp {name} trong thư mục danh mục"),
    "catalog.missing-file.hint": ("create {name} (see docs/yaml-format.md)",
                                  "hãy tạo tệp {name} (xem docs/yaml-format.md)"),
    "catalog.country": ("'country' must be a 2-letter ISO code (VN, EU...) or INT, found '{country}'",
                        "'country' phải là mã ISO gồm 2 chữ cái in hoa (VN, EU...) hoặc INT, nhưng đang là "
                        "'{country}'"),
    "catalog.grades": ("'scale' is not a grade scale: {reason}", "'scale' không phải là thang hạng hợp lệ: {reason}"),
    "catalog.grades.too-short": ("a scale needs at least two grades", "thang cần có ít nhất hai hạng"),
    "catalog.grades.mixed": ("grades of a scale must all be whole numbers or all be texts",
                             "các hạng trong thang phải cùng là số nguyên hoặc cùng là chuỗi ký tự"),
    "catalog.grades.twice": ("a grade appears twice in the scale", "có một hạng xuất hiện hai lần trong thang"),
    "catalog.grades.hint": ("e.g. {{scale: [1, 2, 3, 4, 5], best: 5}}", "ví dụ {{scale: [1, 2, 3, 4, 5], best: 5}}"),
    "catalog.best": ("'best' must be the first or the last grade of the scale ({first} or {last}), found {best!r}",
                     "'best' phải là hạng đầu tiên hoặc hạng cuối cùng của thang ({first} hoặc {last}), "
                     "nhưng đang là {best!r}"),
    "catalog.best.hint": ("list the scale from worst to best (or best to worst)",
                          "hãy liệt kê thang từ hạng thấp nhất đến cao nhất (hoặc ngược lại)"),
    "catalog.keyword-empty": ("keyword '{word}' has no letters or digits",
                              "từ khóa '{word}' không có chữ cái hay chữ số nào"),
    "catalog.phrase-split": ("'{word}' is never found: a description is cut into parts at '{cut}', and a "
                             "phrase is only found within one part",
                             "'{word}' không bao giờ được tìm thấy: tên hàng được cắt thành từng phần tại "
                             "'{cut}', và một cụm từ chỉ được tìm trong một phần"),
    "catalog.phrase-split.hint": ("write the words on each side of it as separate phrases",
                                  "hãy viết các từ ở mỗi bên thành những cụm từ riêng"),
    "catalog.unknown-label": ("accepted label '{label}' is not in labels.yaml",
                              "nhãn được chấp nhận '{label}' không có trong labels.yaml"),
    "catalog.unknown-label.hint": ("add it to labels.yaml or remove it here",
                                   "hãy thêm nhãn này vào labels.yaml hoặc xóa nó khỏi đây"),
    "catalog.param-note": ("'note' cannot be a parameter name", "'note' không được dùng làm tên tham số"),
    "catalog.param-note.hint": ("move the note out of 'params'", "hãy chuyển ghi chú ra ngoài 'params'"),
    "catalog.param-name": ("parameter name '{name}' must be lowercase letters, digits and '_'",
                           "tên tham số '{name}' chỉ được gồm chữ thường không dấu, chữ số và '_'"),
    "catalog.param-name.hint": ("e.g. min_energy_grade", "ví dụ min_energy_grade"),
    "catalog.param-type": ("parameter '{name}' is {type} here but {other} in group '{group}'",
                           "tham số '{name}' ở đây có kiểu {type} nhưng ở nhóm '{group}' lại có kiểu {other}"),
    "catalog.param-type.hint": ("a parameter must have the same type in every group",
                                "một tham số phải có cùng kiểu trong mọi nhóm"),
    "catalog.code-empty": ("code '{code}' has no letters or digits", "mã '{code}' không có chữ cái hay chữ số nào"),
    "catalog.minmax-type": ("'{key}' is only allowed for number and integer attributes",
                            "'{key}' chỉ dùng được cho thuộc tính có type là 'number' hoặc 'integer'"),
    "catalog.values-type": ("'values' is only allowed for text attributes",
                            "'values' chỉ dùng được cho thuộc tính có type là 'text'"),
    "catalog.aliases-need-values": ("'aliases' is only allowed for a text attribute with 'values'",
                                    "'aliases' chỉ dùng được cho thuộc tính kiểu 'text' có 'values'"),
    "catalog.aliases.hint": ("write aliases as {{value: [word, ...]}} with a value from 'values', e.g. "
                             "{{petrol: [xăng]}}",
                             "hãy viết aliases dạng {{giá trị: [từ, ...]}} với giá trị lấy từ 'values', ví dụ "
                             "{{petrol: [xăng]}}"),
    "catalog.alias-taken": ("the word '{word}' already stands for '{other}'",
                            "từ '{word}' đã được dùng cho giá trị '{other}'"),
    "catalog.alias-taken.hint": ("a word can stand for one value only; remove it from one of them",
                                 "mỗi từ chỉ dùng cho một giá trị; hãy xóa nó ở một trong hai chỗ"),
    "catalog.not-allowed.hint": ("remove it, or change 'type'", "hãy xóa khóa này, hoặc đổi 'type'"),
    "catalog.max-below-min": ("'max' {hi} is smaller than 'min' {lo}", "'max' {hi} nhỏ hơn 'min' {lo}"),
    "catalog.max-below-min.hint": ("swap the two values", "hãy đổi chỗ hai giá trị"),
}
