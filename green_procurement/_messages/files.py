"""Reading YAML files (``_yaml.py``): size, encoding, syntax, aliases, duplicate keys; operating-system reasons."""

from __future__ import annotations

#: id: (English, Vietnamese)
MESSAGES: dict[str, tuple[str, str]] = {
    "yaml.too-large": ("file is {size:,} bytes, more than the limit of {limit:,}",
                       "tệp có {size:,} byte, vượt quá giới hạn {limit:,} byte"),
    "yaml.too-large.hint": ("split it into several files", "hãy tách thành nhiều tệp nhỏ hơn"),
    "yaml.unreadable": ("cannot read the file: {reason}", "không đọc được tệp: {reason}"),
    "yaml.unreadable.hint": ("check that the file exists and that you may read it",
                             "hãy kiểm tra tệp có tồn tại và bạn có quyền đọc không"),
    "os.enoent": ("No such file or directory", "không tìm thấy tệp hoặc thư mục"),
    "os.eacces": ("Permission denied", "không có quyền truy cập"),
    "os.eisdir": ("Is a directory", "đây là một thư mục, không phải tệp"),
    "os.enospc": ("No space left on device", "hết dung lượng trên đĩa"),
    "os.erofs": ("Read-only file system", "hệ thống tệp chỉ cho phép đọc"),
    "os.other": ("{reason}", "lỗi hệ thống ({reason})"),
    "yaml.encoding": ("the file is not UTF-8 text", "tệp không phải văn bản mã hóa UTF-8"),
    "yaml.encoding.hint": ("save it as UTF-8", "hãy lưu lại tệp với bảng mã UTF-8"),
    "yaml.syntax": ("invalid YAML: {detail}", "YAML không hợp lệ: {detail}"),
    "yaml.syntax.generic": ("invalid YAML", "YAML không hợp lệ"),
    "yaml.syntax.hint": ("check indentation, colons and quotes",
                         "hãy kiểm tra thụt lề, dấu hai chấm và dấu ngoặc kép"),
    "yaml.detail": ("{context}, {problem}", "{context}, {problem}"),
    "yaml.invalid-value": ("invalid value {value!r}: {reason}", "giá trị {value!r} không hợp lệ: {reason}"),
    "yaml.invalid-value.hint": ("quote it if it is text", "nếu đây là chữ, hãy đặt trong dấu ngoặc kép"),
    "yaml.alias-limit": ("more than {limit} aliases (*name) in one file",
                         "tệp có hơn {limit} bí danh (*tên)"),
    "yaml.alias-limit.hint": ("write the values out in full", "hãy viết đầy đủ các giá trị thay vì dùng bí danh"),
    "yaml.alias-bomb": ("the file's aliases expand it to more than {limit:,} values, more than 10 times what is "
                        "written (alias bomb?)",
                        "các bí danh làm tệp bung ra hơn {limit:,} giá trị, gấp hơn 10 lần số giá trị được viết "
                        "(có thể là bom bí danh – alias bomb)"),
    "yaml.too-deep": ("lists and mappings nested more than {limit} levels deep",
                      "danh sách và nhóm khóa lồng nhau sâu hơn {limit} cấp"),
    "yaml.too-deep.hint": ("flatten the structure", "hãy giảm bớt số cấp lồng nhau"),
    "yaml.number-limit.hint": ("write a number of ordinary size, or quote it if it is text",
                               "hãy ghi một số có độ lớn bình thường, hoặc đặt trong dấu ngoặc kép nếu đây là chữ"),
    "yaml.control-character": ("the file contains the control character {code}, which YAML does not allow",
                               "tệp chứa ký tự điều khiển {code}, YAML không cho phép ký tự này"),
    "yaml.control-character.hint": ("remove it (it is invisible in most editors; it often comes from copying "
                                    "text out of another program)",
                                    "hãy xóa ký tự đó (hầu hết trình soạn thảo không hiển thị nó; thường do sao "
                                    "chép văn bản từ một chương trình khác)"),
    "yaml.not-a-tag-value": ("not a valid {tag} value", "không phải giá trị {tag} hợp lệ"),
    "yaml.problem-hint": ("{problem} ({hint})", "{problem} ({hint})"),
    "yaml.alias-recursive": ("an alias refers to a value that contains it (recursive alias)",
                             "một bí danh trỏ tới chính giá trị chứa nó (bí danh đệ quy)"),
    "yaml.merge-key": ("merge keys (<<) are not supported", "không hỗ trợ khóa gộp (<<)"),
    "yaml.merge-key.hint": ("write the keys out in full", "hãy viết đầy đủ từng khóa"),
    "yaml.complex-key": ("a mapping key must be plain text",
                         "khóa phải là một chuỗi ký tự đơn giản, không phải danh sách hay nhóm khóa"),
    "yaml.duplicate-key": ("duplicate key '{key}' (first at line {line}); YAML would silently keep only "
                           "the last one",
                           "khóa '{key}' bị lặp lại (lần đầu ở dòng {line}); YAML sẽ âm thầm chỉ giữ lại "
                           "giá trị cuối cùng"),
    "yaml.duplicate-key.hint": ("remove or rename one of them", "hãy xóa hoặc đổi tên một trong hai khóa"),
}
