"""PyYAML's own problem texts, looked up by their exact English text.

A PyYAML syntax error has a *context* ("while parsing a block mapping") and a *problem* ("expected
<block end>, but found '-'").  Both are built from fixed phrases: the English text of every template
here is PyYAML's phrase exactly as PyYAML writes it, so a phrase is found by looking its text up
(:data:`BY_TEXT`), never by a pattern.  Problems of the form ``<expected>, but found <token>`` (or
``but got``) are looked up part by part; ``<token>`` is PyYAML's ``repr`` of a token name or of a
character.  A phrase that is not here is shown in English inside a Vietnamese frame
(``pyyaml.untranslated``).
"""

from __future__ import annotations

#: id: (English, Vietnamese).  The English text of a ``pyyaml.phrase.*``, ``pyyaml.expected.*`` and
#: ``pyyaml.token.*`` template is PyYAML's text, letter for letter.
MESSAGES: dict[str, tuple[str, str]] = {
    # contexts
    "pyyaml.phrase.block-mapping": ("while parsing a block mapping", "khi đọc một nhóm khóa"),
    "pyyaml.phrase.block-collection": ("while parsing a block collection", "khi đọc một khối danh sách"),
    "pyyaml.phrase.flow-mapping": ("while parsing a flow mapping", "khi đọc một nhóm khóa {{...}}"),
    "pyyaml.phrase.flow-sequence": ("while parsing a flow sequence", "khi đọc một danh sách [...]"),
    "pyyaml.phrase.node": ("while parsing a node", "khi đọc một giá trị"),
    "pyyaml.phrase.block-node": ("while parsing a block node", "khi đọc một giá trị"),
    "pyyaml.phrase.flow-node": ("while parsing a flow node", "khi đọc một giá trị"),
    "pyyaml.phrase.parse-tag": ("while parsing a tag", "khi đọc một thẻ kiểu (!)"),
    "pyyaml.phrase.scan-tag": ("while scanning a tag", "khi đọc một thẻ kiểu (!)"),
    "pyyaml.phrase.simple-key": ("while scanning a simple key", "khi đọc một khóa"),
    "pyyaml.phrase.quoted": ("while scanning a quoted scalar", "khi đọc một chuỗi trong dấu ngoặc kép"),
    "pyyaml.phrase.double-quoted": ("while scanning a double-quoted scalar",
                                    "khi đọc một chuỗi trong dấu ngoặc kép"),
    "pyyaml.phrase.single-quoted": ("while scanning a single-quoted scalar",
                                    "khi đọc một chuỗi trong dấu ngoặc đơn"),
    "pyyaml.phrase.plain": ("while scanning a plain scalar", "khi đọc một giá trị"),
    "pyyaml.phrase.block-scalar": ("while scanning a block scalar", "khi đọc một khối chữ (| hoặc >)"),
    "pyyaml.phrase.alias": ("while scanning an alias", "khi đọc một bí danh (*)"),
    "pyyaml.phrase.anchor": ("while scanning an anchor", "khi đọc một neo (&)"),
    "pyyaml.phrase.directive": ("while scanning a directive", "khi đọc một chỉ thị (%)"),
    "pyyaml.phrase.next-token": ("while scanning for the next token", "khi đọc tiếp"),
    "pyyaml.phrase.composing-mapping": ("while composing a mapping", "khi dựng một nhóm khóa"),
    "pyyaml.phrase.constructing-mapping": ("while constructing a mapping", "khi dựng một nhóm khóa"),
    # problems without a variable part
    "pyyaml.phrase.mapping-values": ("mapping values are not allowed here",
                                     "không được có giá trị (dấu ':') ở đây"),
    "pyyaml.phrase.sequence-entries": ("sequence entries are not allowed here",
                                       "không được có phần tử danh sách ('-') ở đây"),
    "pyyaml.phrase.mapping-keys": ("mapping keys are not allowed here", "không được có khóa ở đây"),
    "pyyaml.phrase.no-colon": ("could not find expected ':'", "không tìm thấy dấu ':' cần có"),
    "pyyaml.phrase.tab": ("found character '\\t' that cannot start any token",
                          "gặp ký tự tab, không được dùng tab để thụt lề hay bắt đầu giá trị"),
    "pyyaml.phrase.end-of-stream": ("found unexpected end of stream", "tệp kết thúc đột ngột"),
    "pyyaml.phrase.document-separator": ("found unexpected document separator",
                                         "gặp dấu phân cách tài liệu (---) không mong đợi"),
    "pyyaml.phrase.second-occurrence": ("second occurrence", "lần xuất hiện thứ hai"),
    "pyyaml.phrase.indentation": ("invalid indentation or unclosed '[' or '{{'",
                                  "thụt lề sai hoặc thiếu dấu đóng ']' hay '}}'"),
    "pyyaml.phrase.single-document": ("expected a single document in the stream",
                                      "tệp chỉ được chứa một tài liệu YAML"),
    "pyyaml.phrase.another-document": ("but found another document", "nhưng lại gặp thêm một tài liệu khác"),
    "pyyaml.phrase.unhashable-key": ("found unhashable key", "gặp một khóa không phải chuỗi ký tự đơn giản"),
    "pyyaml.phrase.month": ("month must be in 1..12", "tháng phải từ 1 đến 12"),
    "pyyaml.phrase.day": ("day is out of range for month", "ngày không có trong tháng đó"),
    # problems that end in one value (PyYAML's repr of a name or a character)
    "pyyaml.found.character": ("found character {x} that cannot start any token",
                               "gặp ký tự {x} không được phép đứng đầu một giá trị"),
    "pyyaml.found.alias": ("found undefined alias {x}", "bí danh {x} chưa được định nghĩa"),
    "pyyaml.found.anchor": ("found duplicate anchor {x}; first occurrence", "neo {x} bị trùng; lần xuất hiện đầu tiên"),
    "pyyaml.found.escape": ("found unknown escape character {x}", "ký tự thoát {x} không hợp lệ"),
    "pyyaml.found.tag-handle": ("found undefined tag handle {x}", "thẻ {x} chưa được định nghĩa"),
    "pyyaml.found.constructor": ("could not determine a constructor for the tag {x}", "không hỗ trợ thẻ kiểu {x}"),
    "pyyaml.found.year": ("year {x} is out of range", "năm {x} nằm ngoài phạm vi cho phép"),
    # "<expected>, but found <token>"
    "pyyaml.but-found": ("{expected}, but found {found}", "{expected}, nhưng gặp {found}"),
    "pyyaml.but-got": ("{expected}, but got {found}", "{expected}, nhưng gặp {found}"),
    "pyyaml.expected.block-end": ("expected <block end>", "cần chỗ kết thúc khối (thụt lề)"),
    "pyyaml.expected.node": ("expected the node content", "cần nội dung của giá trị"),
    "pyyaml.expected.document-start": ("expected '<document start>'", "cần đầu tài liệu"),
    "pyyaml.expected.comma-bracket": ("expected ',' or ']'", "cần ',' hoặc ']'"),
    "pyyaml.expected.comma-brace": ("expected ',' or '}}'", "cần ',' hoặc '}}'"),
    "pyyaml.expected.alphanumeric": ("expected alphabetic or numeric character", "cần chữ cái hoặc chữ số"),
    "pyyaml.expected.line-break": ("expected a comment or a line break", "cần chú thích hoặc xuống dòng"),
    "pyyaml.expected.space": ("expected ' '", "cần một dấu cách"),
    "pyyaml.expected.empty": ("expected the empty value", "cần giá trị rỗng"),
    "pyyaml.expected.digit": ("expected a digit", "cần một chữ số"),
    "pyyaml.token.block-end": ("<block end>", "chỗ kết thúc khối (thụt lề)"),
    "pyyaml.token.block-mapping-start": ("<block mapping start>", "một nhóm khóa mới"),
    "pyyaml.token.block-sequence-start": ("<block sequence start>", "một danh sách mới"),
    "pyyaml.token.block-entry": ("<block entry>", "một phần tử danh sách '-'"),
    "pyyaml.token.scalar": ("<scalar>", "một giá trị"),
    "pyyaml.token.stream-end": ("<stream end>", "cuối tệp"),
    "pyyaml.token.document-start": ("<document start>", "đầu tài liệu"),
    "pyyaml.token.document-end": ("<document end>", "cuối tài liệu"),
    "pyyaml.token.alias": ("<alias>", "một bí danh"),
    "pyyaml.token.anchor": ("<anchor>", "một neo"),
    "pyyaml.token.tag": ("<tag>", "một thẻ kiểu"),
    "pyyaml.token.directive": ("<directive>", "một chỉ thị"),
    "pyyaml.token.dash": ("-", "một phần tử danh sách '-'"),
    "pyyaml.token.question": ("?", "một khóa phức '?'"),
    "pyyaml.token.flow-mapping-start": ("<flow mapping start>", "'{{'"),
    "pyyaml.token.flow-sequence-start": ("<flow sequence start>", "'['"),
    # the frame of a phrase that is not here
    "pyyaml.untranslated": ("{text}", "{text} (thông báo gốc của PyYAML, bằng tiếng Anh)"),
}
