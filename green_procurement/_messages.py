"""Bilingual (English / Vietnamese) message templates for validation and input errors.

Every message a user can see from the loaders and validators is a template in :data:`MESSAGES`, keyed
by a stable id, with an English and a Vietnamese text.  :func:`msg` fills both with the *same*
arguments and returns a :class:`Msg`; an argument that is itself a :class:`Msg` (a phrase such as
"a whole number" / "một số nguyên") is filled in the matching language.  Names of keys, fields, ids and
values are arguments, so they reach the user exactly as written in the YAML.

Templates use :meth:`str.format` syntax (``{{`` and ``}}`` for literal braces).  In Vietnamese a
``{n:,}`` groups thousands with dots (``2.097.152``).

Some texts come from code this module does not own (PyYAML's syntax errors, the ``matches`` pattern
parser, the durable-rules compiler); :func:`yaml_detail`, :func:`pattern_error` and
:func:`compiler_error` recognise their fixed phrases and re-fill them from templates here.
"""

from __future__ import annotations

import errno
import re
import string
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ._messages_explain import EXPLAIN

__all__ = ["MESSAGES", "Msg", "compiler_error", "join", "msg", "os_reason", "pattern_error", "yaml_detail"]


@attrs.frozen
class Msg:
    """A filled message: its English and Vietnamese text (``id`` names the template)."""

    en: str
    vi: str
    id: str = ""

    def get(self, lang: str) -> str:
        """The text in ``lang`` (``vi`` or ``en``; anything else gives English)."""
        return self.vi if lang == "vi" else self.en

    def __str__(self) -> str:
        return self.en


# id: (English, Vietnamese).  Grouped by where they are used; a test checks that both texts of every
# template take the same arguments.
MESSAGES: dict[str, tuple[str, str]] = {
    # -- common words and phrases (arguments of other templates) --------------------------------
    "word.error": ("error", "lỗi"),
    "word.warning": ("warning", "cảnh báo"),
    "summary.many": ("{n} problems, first: {first}", "{n} lỗi, lỗi đầu tiên: {first}"),
    "summary.header": ("{n} problem(s):", "{n} lỗi:"),
    "hint.did-you-mean": ("did you mean '{best}'?", "có phải là '{best}'?"),
    "hint.quote-it": ('quote it: "{plain}"', 'hãy đặt trong dấu ngoặc kép: "{plain}"'),
    "hint.misspelt-key": ("is '{close}' a misspelling of it?", "có phải '{close}' là khóa này bị viết sai chính tả?"),
    "hint.allowed-keys": ("allowed keys: {keys}", "các khóa được phép: {keys}"),
    "hint.allowed": ("allowed: {values}", "các giá trị được phép: {values}"),
    # describing a value that was found
    "found.null": ("nothing (null)", "giá trị rỗng (null)"),
    "found.bool": ("yes/no value {value}", "giá trị đúng/sai {value}"),
    "found.number": ("number {value}", "số {value}"),
    "found.date": ("date {value}", "ngày {value}"),
    "found.text": ("text {value!r}", "chuỗi ký tự {value!r}"),
    "found.list": ("a list", "một danh sách"),
    "found.empty-list": ("an empty list", "một danh sách rỗng"),
    "found.mapping": ("a mapping", "một nhóm khóa"),
    "found.other": ("{type}", "giá trị kiểu {type}"),
    "found.unquoted": ("{found} (YAML reads the unquoted {plain} that way)",
                       "{found} (YAML đọc chữ {plain} không có dấu ngoặc kép thành giá trị này)"),
    # what was expected (the {expected} of schema.wrong)
    "expect.mapping": ("a mapping", "một nhóm khóa"),
    "expect.with-keys": ("{what} with keys {keys}", "{what} có các khóa {keys}"),
    "expect.list": ("a list", "một danh sách"),
    "expect.text": ("text", "một chuỗi ký tự"),
    "expect.text-list": ("a list of texts", "một danh sách chuỗi ký tự"),
    "expect.id": ("an id", "một mã (id)"),
    "expect.bilingual": ("a mapping {{vi: ..., en: ...}}", "một nhóm khóa {{vi: ..., en: ...}}"),
    "expect.boolean": ("true or false", "true hoặc false"),
    "expect.integer": ("a whole number", "một số nguyên"),
    "expect.number": ("a number", "một số"),
    "expect.finite": ("a finite number", "một số hữu hạn"),
    "expect.date": ("a date YYYY-MM-DD", "một ngày dạng YYYY-MM-DD"),
    "expect.date-no-time": ("a date YYYY-MM-DD without a time", "một ngày dạng YYYY-MM-DD, không kèm giờ"),
    "expect.top-list": ("a mapping with a '{key}:' list", "một nhóm khóa có danh sách '{key}:'"),
    "expect.top-scoring": ("a mapping with 'scoring:'", "một nhóm khóa có 'scoring:'"),
    "expect.grades": ("null or a mapping {{scale: [...], best: ...}}",
                      "null hoặc một nhóm khóa {{scale: [...], best: ...}}"),
    "expect.grade-list": ("a list of grades", "một danh sách các hạng"),
    "expect.keywords": ("a mapping {{vi: [...], en: [...]}}", "một nhóm khóa {{vi: [...], en: [...]}}"),
    "expect.params": ("a mapping of parameter names to values", "một nhóm khóa gồm tên tham số và giá trị"),
    "expect.param-value": ("a number, true/false or a text", "một số, true/false hoặc một chuỗi ký tự"),
    "expect.codes": ('a mapping of code systems to lists, e.g. {{hs: ["8415"]}}',
                     'một nhóm khóa gồm hệ mã và danh sách mã, ví dụ {{hs: ["8415"]}}'),
    "expect.applies-to": ("'all' or a mapping {{groups: [...], tags: [...]}}",
                          "'all' hoặc một nhóm khóa {{groups: [...], tags: [...]}}"),
    "expect.effective": ("a mapping {{from: date, to: date}}", "một nhóm khóa {{from: ngày, to: ngày}}"),
    "expect.messages": ("a mapping {{met: {{vi, en}}, not_met: {{vi, en}}}}",
                        "một nhóm khóa {{met: {{vi, en}}, not_met: {{vi, en}}}}"),
    "expect.condition": ("a condition (a mapping such as {{group: office-paper}})",
                         "một điều kiện (một nhóm khóa, ví dụ {{group: office-paper}})"),
    "expect.non-empty-condition": ("a non-empty condition", "một điều kiện không rỗng"),
    "expect.conditions": ("a list of conditions", "một danh sách điều kiện"),
    "expect.in-list": ("a non-empty list of values for '{op}'", "một danh sách giá trị không rỗng cho '{op}'"),
    "expect.single": ("a single value", "một giá trị đơn"),
    "expect.value-or-op": ("a value or {{op: value}}", "một giá trị hoặc {{toán tử: giá trị}}"),
    "expect.grade": ("a grade (a number or a text)", "một hạng (số hoặc chuỗi ký tự)"),
    "range.between": ("between {lo} and {hi}", "nằm trong khoảng từ {lo} đến {hi}"),
    "range.at-least": ("at least {lo}", "lớn hơn hoặc bằng {lo}"),
    # types of fields and parameters
    "type.number": ("number", "số"),
    "type.boolean": ("boolean", "đúng/sai"),
    "type.text": ("text", "chuỗi ký tự"),
    "tname.number": ("a number", "số"),
    "tname.text": ("text", "chuỗi ký tự"),
    "tname.boolean": ("yes/no", "đúng/sai"),
    "tname.list": ("a list", "danh sách"),
    "tname.grade": ("a grade", "hạng"),
    # what kind of id is duplicated
    "what.label": ("label", "nhãn"),
    "what.product-group": ("product group", "nhóm sản phẩm"),
    "what.attribute": ("attribute", "thuộc tính"),
    "what.rule": ("rule", "quy tắc"),
    # -- reading files (_yaml.py) ---------------------------------------------------------------
    "yaml.too-large": ("file is {size:,} bytes, more than the limit of {limit:,}",
                       "tệp có {size:,} byte, vượt quá giới hạn {limit:,} byte"),
    "yaml.too-large.hint": ("split it into several files", "hãy tách thành nhiều tệp nhỏ hơn"),
    "yaml.unreadable": ("cannot read the file: {reason}", "không đọc được tệp: {reason}"),
    "yaml.unreadable.hint": ("check that the file exists and that you may read it",
                             "hãy kiểm tra tệp có tồn tại và bạn có quyền đọc không"),
    "os.enoent": ("No such file or directory", "không tìm thấy tệp hoặc thư mục"),
    "os.eacces": ("Permission denied", "không có quyền truy cập"),
    "os.eisdir": ("Is a directory", "đây là một thư mục, không phải tệp"),
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
    "yaml.alias-bomb": ("the file expands to more than {limit:,} values (alias bomb?)",
                        "tệp bung ra hơn {limit:,} giá trị (có thể là bom bí danh – alias bomb)"),
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
    # -- checking values (_schema.py) -----------------------------------------------------------
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
    # -- the catalogue (catalog.py) -------------------------------------------------------------
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
    "catalog.not-allowed.hint": ("remove it, or change 'type'", "hãy xóa khóa này, hoặc đổi 'type'"),
    "catalog.max-below-min": ("'max' {hi} is smaller than 'min' {lo}", "'max' {hi} nhỏ hơn 'min' {lo}"),
    "catalog.max-below-min.hint": ("swap the two values", "hãy đổi chỗ hai giá trị"),
    # -- rules (rules.py) ---------------------------------------------------------------------
    "rules.no-directory": ("rules directory not found: {root}", "không tìm thấy thư mục quy tắc: {root}"),
    "rules.no-directory.hint": ("pass --rules DIR with *.yaml rule files and scoring.yaml",
                                "hãy chỉ định --rules THƯ_MỤC có chứa các tệp quy tắc *.yaml và scoring.yaml"),
    "rules.no-files": ("no rule files (*.yaml) in the rules directory",
                       "thư mục quy tắc không có tệp quy tắc nào (*.yaml)"),
    "rules.no-files.hint": ("add at least one file with a 'rules:' list",
                            "hãy thêm ít nhất một tệp có danh sách 'rules:'"),
    "rules.no-scoring": ("missing scoring.yaml in the rules directory", "thiếu tệp scoring.yaml trong thư mục quy tắc"),
    "rules.no-scoring.hint": ("create it with 'scoring: {{green_min_score: 70}}'",
                              "hãy tạo tệp này với nội dung 'scoring: {{green_min_score: 70}}'"),
    "rules.unscored-group": ("priority group '{group}' has no rule with points: its items can never be green",
                             "nhóm ưu tiên '{group}' không có quy tắc nào cho điểm: mặt hàng của nhóm này không "
                             "bao giờ được đánh giá là xanh"),
    "rules.unscored-group.hint": ("add a requirement or criterion that applies to it",
                                  "hãy thêm một requirement hoặc criterion áp dụng cho nhóm này"),
    "rules.rule-id": ("rule id '{id}' must be upper-case letters and digits joined by '-'",
                      "mã quy tắc '{id}' phải gồm chữ in hoa không dấu và chữ số, nối với nhau bằng '-'"),
    "rules.rule-id.hint": ("e.g. GPP-ENERGY-01", "ví dụ GPP-ENERGY-01"),
    "rules.missing-basis": ("missing 'basis': every rule must cite its legal basis",
                            "thiếu 'basis': mỗi quy tắc phải nêu căn cứ pháp lý"),
    "rules.missing-basis.hint": ('add basis: "Luật Bảo vệ môi trường 2020, Điều 146; ..."',
                                 'hãy thêm basis: "Luật Bảo vệ môi trường 2020, Điều 146; ..."'),
    "rules.applies-to": ("'applies_to' must be 'all' or a mapping {{groups: [...]}} / {{tags: [...]}}, "
                         "found {value!r}",
                         "'applies_to' phải là 'all' hoặc một nhóm khóa {{groups: [...]}} / {{tags: [...]}}, "
                         "nhưng đang là {value!r}"),
    "rules.applies-to-empty": ("'applies_to' names no group and no tag",
                               "'applies_to' không nêu nhóm sản phẩm hay thẻ (tag) nào"),
    "rules.applies-to-empty.hint": ("write applies_to: all, or list groups or tags",
                                    "hãy viết applies_to: all, hoặc liệt kê groups hay tags"),
    "rules.unknown-group": ("unknown product group '{group}'",
                            "nhóm sản phẩm '{group}' không có trong danh mục"),
    "rules.unknown-group.hint": ("see catalog/products.yaml", "xem các nhóm trong catalog/products.yaml"),
    "rules.unknown-tag": ("unknown tag '{tag}' (no product group has it)",
                          "thẻ '{tag}' không tồn tại (không nhóm sản phẩm nào có thẻ này)"),
    "rules.unknown-tag.hint": ("see the tags in catalog/products.yaml",
                               "xem các thẻ (tags) trong catalog/products.yaml"),
    "rules.criterion-points": ("a criterion needs 'points' (what meeting it earns)",
                               "tiêu chí (criterion) cần có 'points' (số điểm nhận được khi đạt)"),
    "rules.criterion-points.hint": ("add points: 10", "hãy thêm points: 10"),
    "rules.points-not-allowed": ("a {severity} rule cannot carry points",
                                 "quy tắc loại {severity} không được có điểm (points)"),
    "rules.points-not-allowed.hint": ("remove 'points', or make the rule a criterion",
                                      "hãy xóa 'points', hoặc đổi quy tắc thành criterion"),
    "rules.zero-points": ("a criterion must earn more than 0 points",
                          "tiêu chí (criterion) phải cho nhiều hơn 0 điểm"),
    "rules.zero-points.hint": ("e.g. points: 10", "ví dụ points: 10"),
    "rules.bad-effective": ("'effective.from' {start} is after 'effective.to' {end}",
                            "ngày 'effective.from' {start} lại sau ngày 'effective.to' {end}"),
    "rules.bad-effective.hint": ("swap the dates, or correct the year", "hãy đổi chỗ hai ngày, hoặc sửa lại năm"),
    "rules.score-fraction": ("'green_min_score' is {score}: scores run from 0 to 100, so almost every item "
                             "would be green",
                             "'green_min_score' là {score}: điểm tính từ 0 đến 100, nên gần như mọi mặt hàng "
                             "sẽ được xếp xanh"),
    "rules.score-fraction.hint": ("write it as a percentage, e.g. green_min_score: {pct}",
                                  "hãy viết theo thang 100, ví dụ green_min_score: {pct}"),
    "rules.missing-message": ("message '{key}' has no {lang_name} text",
                              "thông điệp '{key}' chưa có nội dung {lang_name}"),
    "rules.missing-message.hint": ('add {lang}: "..."', 'hãy thêm {lang}: "..."'),
    "lang.vi": ("Vietnamese (vi)", "tiếng Việt (vi)"),
    "lang.en": ("English (en)", "tiếng Anh (en)"),
    "rules.bad-braces": ("bad braces in message: {reason}", "dấu ngoặc nhọn trong thông điệp không hợp lệ: {reason}"),
    "rules.bad-braces.hint": ("write {{{{ and }}}} for literal braces",
                              "hãy viết {{{{ và }}}} nếu muốn hiện dấu ngoặc nhọn"),
    "braces.single-close": ("Single '}}' encountered in format string", "có dấu '}}' đứng lẻ"),
    "braces.single-open": ("Single '{{' encountered in format string", "có dấu '{{' đứng lẻ"),
    "braces.unclosed": ("expected '}}' before end of string", "thiếu dấu '}}' trước khi hết chuỗi"),
    "braces.other": ("{reason}", "lỗi cú pháp ({reason})"),
    "rules.placeholder-format": ("placeholder '{{{name}}}' cannot carry a format ('!' or ':')",
                                 "biến thay thế '{{{name}}}' không được kèm định dạng ('!' hoặc ':')"),
    "rules.placeholder-format.hint": ("write just {{{name}}}", "chỉ viết {{{name}}}"),
    "rules.unknown-placeholder": ("unknown placeholder '{{{name}}}'", "biến thay thế '{{{name}}}' không tồn tại"),
    "rules.unknown-placeholder.hint": ("allowed: {names}, attributes.<name>, param.<name>",
                                       "các biến được phép: {names}, attributes.<tên>, param.<tên>"),
    "rules.nested-label": ("'{key}' cannot stand inside another label condition",
                           "'{key}' không được đặt bên trong một điều kiện nhãn khác"),
    "rules.nested-label.hint": ("move it out of the enclosing any_label/no_label",
                                "hãy chuyển nó ra ngoài any_label/no_label đang bao quanh"),
    "rules.item-field-in-label": ("'{name}' is an item field; inside any_label/no_label only label fields can "
                                  "be tested",
                                  "'{name}' là trường của mặt hàng; bên trong any_label/no_label chỉ được kiểm tra "
                                  "các trường của nhãn"),
    "rules.item-field-in-label.hint": ("move it next to any_label, in an all: [...]",
                                       "hãy chuyển nó ra ngang hàng với any_label, trong một all: [...]"),
    "rules.unknown-label-field": ("unknown label field '{name}'", "trường nhãn '{name}' không tồn tại"),
    "rules.unknown-label-field.hint": ("label fields: {names}", "các trường của nhãn: {names}"),
    "rules.unknown-attribute": ("unknown attribute '{name}'", "thuộc tính '{name}' không tồn tại"),
    "rules.unknown-attribute.hint": ("declare it in catalog/attributes.yaml",
                                     "hãy khai báo nó trong catalog/attributes.yaml"),
    "rules.unknown-param": ("unknown parameter '{name}' (no product group has it)",
                            "tham số '{name}' không tồn tại (không nhóm sản phẩm nào có tham số này)"),
    "rules.unknown-param.hint": ("add it to a group's params", "hãy thêm nó vào params của một nhóm sản phẩm"),
    "rules.label-field-outside": ("'{name}' is a label field: test it inside any_label or no_label",
                                  "'{name}' là trường của nhãn: chỉ kiểm tra được bên trong any_label hoặc no_label"),
    "rules.label-field-outside.hint": ("write any_label: {{{name}: ...}}", "hãy viết any_label: {{{name}: ...}}"),
    "rules.unknown-field": ("unknown field or operator '{name}'", "không có trường hay toán tử nào tên '{name}'"),
    "rules.unknown-field.hint": ("fields: {names}, attributes.<name>, param.<name>",
                                 "các trường: {names}, attributes.<tên>, param.<tên>"),
    "rules.missing-param": ("param.{name} is used but group(s) {groups} in applies_to have no '{name}' parameter",
                            "quy tắc dùng param.{name} nhưng (các) nhóm {groups} trong applies_to không có tham số "
                            "'{name}'"),
    "rules.missing-param.hint": ("add {name} to their params in products.yaml, or narrow applies_to",
                                 "hãy thêm {name} vào params của các nhóm đó trong products.yaml, hoặc thu hẹp "
                                 "applies_to"),
    "rules.operator-first": ("operator '{name}' needs a field before it",
                             "toán tử '{name}' cần có một trường đứng trước"),
    "rules.operator-first.hint": ("write <field>: {{{name}: ...}}", "hãy viết <trường>: {{{name}: ...}}"),
    "rules.no-operator": ("no operator given for '{name}'", "chưa có toán tử nào cho '{name}'"),
    "rules.no-operator.hint": ("e.g. {{gte: 50}}", "ví dụ {{gte: 50}}"),
    "rules.list-compare": ("a list cannot be compared with '{name}'", "không thể so sánh '{name}' với một danh sách"),
    "rules.list-compare.hint": ("write {name}: {{in: [...]}}", "hãy viết {name}: {{in: [...]}}"),
    "rules.unknown-operator": ("unknown operator '{op}'", "toán tử '{op}' không tồn tại"),
    "rules.unknown-operator.hint": ("operators: {names}", "các toán tử: {names}"),
    "rules.matches-type": ("'matches' works on text fields; '{name}' is {type}",
                           "'matches' chỉ dùng cho trường chuỗi ký tự; '{name}' có kiểu {type}"),
    "rules.matches-scope": ("'matches' works on item text fields only",
                            "'matches' chỉ dùng cho các trường chuỗi ký tự của mặt hàng"),
    "rules.bad-pattern": ("bad pattern {pattern!r}: {reason}", "mẫu {pattern!r} không hợp lệ: {reason}"),
    "rules.in-too-long": ("'{op}' lists {n} values, more than {limit}", "'{op}' liệt kê {n} giá trị, vượt quá {limit}"),
    "rules.in-too-long.hint": ("split the rule", "hãy tách quy tắc thành nhiều quy tắc"),
    "rules.in-twice": ("a value is listed twice in '{op}'", "có giá trị bị liệt kê hai lần trong '{op}'"),
    "rules.in-twice.hint": ("remove the repeated value", "hãy xóa giá trị bị lặp"),
    "rules.tags-param": ("'tags' cannot be compared with a parameter", "không thể so sánh 'tags' với một tham số"),
    "rules.param-type": ("'{name}' is {type} but param.{param} is {ptype}",
                         "'{name}' có kiểu {type} nhưng param.{param} có kiểu {ptype}"),
    "rules.param-order": ("'{op}' compares numbers; param.{param} is {type}",
                          "'{op}' chỉ so sánh số; param.{param} có kiểu {type}"),
    "rules.order-type": ("'{op}' compares numbers; '{name}' is {type}",
                         "'{op}' chỉ so sánh số; '{name}' có kiểu {type}"),
    "rules.order-type.hint": ("use eq, ne, in or not_in", "hãy dùng eq, ne, in hoặc not_in"),
    "rules.boolean-op": ("'{name}' is yes/no: use true or false with eq or ne",
                         "'{name}' là trường đúng/sai: hãy dùng true hoặc false với eq hoặc ne"),
    "rules.unknown-value.group": ("unknown product group '{value}'", "nhóm sản phẩm '{value}' không có trong danh mục"),
    "rules.unknown-value.tags": ("unknown tag '{value}'", "thẻ '{value}' không có trong danh mục"),
    "rules.unknown-value.scheme": ("unknown label '{value}'", "nhãn '{value}' không có trong danh mục"),
    "rules.unknown-value.kind": ("unknown label kind '{value}'", "loại nhãn '{value}' không hợp lệ"),
    "rules.unknown-value.iso_type": ("unknown ISO type '{value}'", "loại ISO '{value}' không hợp lệ"),
    "rules.unknown-value": ("unknown value of {name} '{value}'", "'{value}' không phải là giá trị hợp lệ của {name}"),
    # the matches pattern parser (_pattern.py)
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
    # the durable-rules compiler (compiler.py), reported by validate
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
    # -- input data (model.py, enrich.py) -------------------------------------------------------
    "input.what.number": ("a number", "một số"),
    "input.what.quantity": ("a quantity", "một số lượng"),
    "input.what.price": ("a price in VND", "một đơn giá (VND)"),
    "input.expected-bool-found": ("expected {what}, found {value!r} (a yes/no value)",
                                  "phải là {what}, nhưng đang là {value!r} (một giá trị đúng/sai)"),
    "input.expected": ("expected {what}, found {value!r}", "phải là {what}, nhưng đang là {value!r}"),
    "input.expected-typed": ("expected {what}, found {type} {value!r}",
                             "phải là {what}, nhưng đang là {type} {value!r}"),
    "input.plain-digits.hint": ("write plain digits with '.' for decimals, e.g. 12500000 or 2.5",
                                "hãy viết chữ số liền nhau, dùng '.' cho phần thập phân, ví dụ 12500000 hoặc 2.5"),
    "input.positive": ("must be greater than 0, found {n}", "phải lớn hơn 0, nhưng đang là {n}"),
    "input.negative": ("must not be negative, found {n}", "không được là số âm, nhưng đang là {n}"),
    "input.limit": ("{n} is larger than the limit {limit:,}", "{n} vượt quá giới hạn {limit:,}"),
    "input.decimals": ("{n} has more than {places} decimal places", "{n} có hơn {places} chữ số thập phân"),
    "input.unreal-date": ("{value!r} is not a real date", "{value!r} không phải là một ngày có thật"),
    "input.unreal-date.hint": ("check the day and month", "hãy kiểm tra lại ngày và tháng"),
    "input.date": ("expected a date, found {value!r}", "phải là một ngày, nhưng đang là {value!r}"),
    "input.date.hint": ("write YYYY-MM-DD or dd/mm/yyyy", "hãy viết theo dạng YYYY-MM-DD hoặc dd/mm/yyyy"),
    "input.required": ("is required", "bắt buộc phải có giá trị"),
    "input.text": ("expected text, found {value!r}", "phải là một chuỗi ký tự, nhưng đang là {value!r}"),
    "input.empty": ("must not be empty", "không được để trống"),
    "input.mapping": ("expected a mapping (object), found {type}",
                      "phải là một nhóm khóa: giá trị (object), nhưng đang là {type}"),
    "input.unknown-field": ("unknown field '{key}'", "trường '{key}' không hợp lệ"),
    "input.unknown-field.hint": ("allowed fields: {names}", "các trường được phép: {names}"),
    "input.attributes": ("expected a mapping of attribute names to values, found {value!r}",
                         "phải là một nhóm khóa gồm tên thuộc tính và giá trị, nhưng đang là {value!r}"),
    "input.attribute-name": ("attribute names must be text, found {key!r}",
                             "tên thuộc tính phải là chuỗi ký tự, nhưng đang là {key!r}"),
    "input.attribute-twice": ("given twice (after Unicode normalisation)",
                              "bị khai báo hai lần (sau khi chuẩn hóa Unicode)"),
    "input.attribute-value": ("expected text, yes/no or a number, found {type}",
                              "phải là chuỗi ký tự, giá trị đúng/sai hoặc một số, nhưng đang là {type}"),
    "input.attribute-value.hint": ("attributes hold single values, not lists or mappings",
                                   "thuộc tính chỉ chứa một giá trị đơn, không phải danh sách hay nhóm khóa"),
    "input.grade": ("expected a grade (number or text), found {value!r}",
                    "phải là một hạng (số hoặc chuỗi ký tự), nhưng đang là {value!r}"),
    "input.grade-whole": ("a numeric grade must be a whole number, found {n}",
                          "hạng dạng số phải là số nguyên, nhưng đang là {n}"),
    "input.labels": ("expected a list of label claims, found {value!r}",
                     "phải là một danh sách nhãn khai báo, nhưng đang là {value!r}"),
    "input.items": ("expected a list of line items, found {value!r}",
                    "phải là một danh sách mặt hàng, nhưng đang là {value!r}"),
    "input.item-twice": ("item id '{id}' is used twice (also at {other})",
                         "mã mặt hàng '{id}' bị dùng hai lần (cũng có ở {other})"),
    "input.item-twice.hint": ("give every line item its own id", "hãy đặt cho mỗi mặt hàng một mã riêng"),
    "input.no-items": ("a purchase request needs at least one line item",
                       "yêu cầu mua sắm cần có ít nhất một mặt hàng"),
    "input.unknown-group.hint": ("leave it empty to classify by description",
                                 "hãy để trống để hệ thống tự phân loại theo mô tả"),
    "input.boolean": ("expected yes/no (true or false), found {value!r}",
                      "phải là giá trị đúng/sai (true hoặc false), nhưng đang là {value!r}"),
    "input.number": ("expected a number, found {value!r}", "phải là một số, nhưng đang là {value!r}"),
    "input.whole": ("expected a whole number, found {value}", "phải là một số nguyên, nhưng đang là {value}"),
    "input.outside": ("{value} is outside {lo}..{hi}", "{value} nằm ngoài khoảng {lo}..{hi}"),
    "input.not-one-of": ("'{value}' is not one of {values}",
                         "'{value}' không phải là một trong các giá trị ({values})"),
    "input.unknown-label": ("unknown label scheme '{scheme}'", "nhãn '{scheme}' không có trong danh mục"),
    "input.unknown-label.hint": ("see `green-procurement catalog labels` for the ids",
                                 "xem danh sách mã nhãn bằng lệnh `green-procurement catalog labels`"),
    "input.no-grades": ("label '{scheme}' has no grades, found grade {grade!r}",
                        "nhãn '{scheme}' không có hạng, nhưng lại được khai báo hạng {grade!r}"),
    "input.no-grades.hint": ("remove the grade", "hãy xóa hạng"),
    "input.off-scale": ("grade {grade!r} is not on the scale of '{scheme}' ({scale})",
                        "hạng {grade!r} không có trong thang của '{scheme}' ({scale})"),
    "pytype.list": ("list", "danh sách"),
    "pytype.tuple": ("tuple", "danh sách"),
    "pytype.dict": ("dict", "nhóm khóa"),
    "pytype.str": ("str", "chuỗi ký tự"),
    "pytype.int": ("int", "số"),
    "pytype.float": ("float", "số"),
    "pytype.Decimal": ("Decimal", "số"),
    "pytype.bool": ("bool", "giá trị đúng/sai"),
    "pytype.NoneType": ("NoneType", "giá trị rỗng"),
    "pytype.other": ("{name}", "kiểu {name}"),
}

MESSAGES.update(EXPLAIN)

class _Formatter(string.Formatter):
    """Fills a template in one language: :class:`Msg` arguments in that language, and in Vietnamese
    ``{n:,}`` groups thousands with a dot."""

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def get_value(self, key: Any, args: Any, kwargs: Mapping[str, Any]) -> Any:
        value = super().get_value(key, args, kwargs)
        return value.get(self.lang) if isinstance(value, Msg) else value

    def format_field(self, value: Any, format_spec: str) -> str:
        text = super().format_field(value, format_spec)
        if self.lang == "vi" and "," in format_spec and isinstance(value, int):
            text = text.replace(",", ".")
        return text


_EN, _VI = _Formatter("en"), _Formatter("vi")


def msg(mid: str, /, **args: Any) -> Msg:
    """The message ``mid`` of :data:`MESSAGES` filled with ``args`` in English and Vietnamese."""
    en, vi = MESSAGES[mid]
    return Msg(_EN.vformat(en, (), args), _VI.vformat(vi, (), args), mid)


def join(items: Iterable[object], sep: str = ", ") -> str:
    """Ids or values joined for a message (they stay as written, in both languages)."""
    return sep.join(map(str, items))


def type_name(value: object) -> Msg:
    """The Python type of a value, in words."""
    name = type(value).__name__
    return msg(f"pytype.{name}") if f"pytype.{name}" in MESSAGES else msg("pytype.other", name=name)


def os_reason(exc: OSError) -> Msg:
    """Why a file could not be read."""
    code = {errno.ENOENT: "os.enoent", errno.EACCES: "os.eacces", errno.EPERM: "os.eacces",
            errno.EISDIR: "os.eisdir"}.get(exc.errno or 0)
    return msg(code) if code else msg("os.other", reason=exc.strerror or str(exc))


# -- texts from code this module does not own ------------------------------------------------------

def _recognise(text: str, table: Iterable[tuple[str, str]]) -> Msg | None:
    for pattern, mid in table:
        m = re.fullmatch(pattern, text, re.DOTALL)
        if m:
            return msg(mid, **m.groupdict())
    return None


_PATTERN_TABLE = (
    (r"'(?P<char>.)' is not allowed", "pattern.char"),
    (r"empty phrase \(nothing between two '\|', or only punctuation\)", "pattern.empty"),
    (r"a phrase has more than (?P<n>\d+) words", "pattern.long"),
    (r"more than (?P<n>\d+) phrases", "pattern.many"),
)
_PATTERN_HINTS = {
    "pattern.char": "pattern.char.hint", "pattern.empty": "pattern.empty.hint",
    "pattern.long": "pattern.long.hint", "pattern.many": "pattern.many.hint",
}


def pattern_error(message: str, hint: str | None) -> tuple[Msg, Msg | None]:
    """A :class:`~green_procurement._pattern.PatternError` (message, hint) in both languages."""
    found = _recognise(message, _PATTERN_TABLE)
    if found is None:
        return Msg(message, message), (Msg(hint, hint) if hint else None)
    return found, msg(_PATTERN_HINTS[found.id])


_COMPILER_TABLE = (
    (r"rule (?P<rule>\S+): a label condition reads more than (?P<n>\d+) parameters", "compiler.label-params"),
    (r"rule (?P<rule>\S+): a label condition expands to more than (?P<n>\d+) alternatives",
     "compiler.label-terms"),
    (r"rule (?P<rule>\S+) expands to (?P<paths>\d+) alternatives \((?P<live>\d+) may hold at once\); "
     r"durable-rules allows at most 500 \(64 at once\)", "compiler.paths"),
    (r"rule (?P<rule>\S+) has too many no_label conditions for durable-rules", "compiler.no-label"),
    (r"rule (?P<rule>\S+) tests too many conditions together for durable-rules", "compiler.together"),
    (r"rule (?P<rule>\S+) is too complex for durable-rules", "compiler.complex"),
    (r"field names '(?P<a>[^']*)' and '(?P<b>[^']*)' collide in durable-rules' 32-bit hash", "compiler.hash"),
)
_COMPILER_HINTS = (
    ("split the rule", "compiler.split.hint"),
    ("split the rule, or shorten its in/any lists", "compiler.shorten.hint"),
    ("rename one attribute or parameter", "compiler.rename.hint"),
)


def compiler_error(message: str, hint: str | None) -> tuple[Msg, Msg | None]:
    """A compiler :class:`~green_procurement.errors.RuleError` (message, hint) in both languages."""
    found = _recognise(message, _COMPILER_TABLE) or msg("compiler.other", message=message)
    if hint is None:
        return found, None
    hint_id = dict(_COMPILER_HINTS).get(hint)
    return found, msg(hint_id) if hint_id else Msg(hint, hint)


# PyYAML's syntax errors: a context ("while parsing a block mapping") and a problem ("expected <block
# end>, but found '-'"), each translated phrase by phrase; an unknown phrase stays in English.
_YAML_PHRASES: tuple[tuple[str, str], ...] = (
    (r"while parsing a block mapping", "khi đọc một nhóm khóa"),
    (r"while parsing a block collection", "khi đọc một khối danh sách"),
    (r"while parsing a flow mapping", "khi đọc một nhóm khóa {...}"),
    (r"while parsing a flow sequence", "khi đọc một danh sách [...]"),
    (r"while parsing a (?:block |flow )?node", "khi đọc một giá trị"),
    (r"while parsing a tag|while scanning a tag", "khi đọc một thẻ kiểu (!)"),
    (r"while scanning a simple key", "khi đọc một khóa"),
    (r"while scanning a (?:double-|single-)?quoted scalar", "khi đọc một chuỗi trong dấu ngoặc kép"),
    (r"while scanning a plain scalar", "khi đọc một giá trị"),
    (r"while scanning a block scalar", "khi đọc một khối chữ (| hoặc >)"),
    (r"while scanning an alias", "khi đọc một bí danh (*)"),
    (r"while scanning an anchor", "khi đọc một neo (&)"),
    (r"while scanning a directive", "khi đọc một chỉ thị (%)"),
    (r"while scanning for the next token", "khi đọc tiếp"),
    (r"while composing a mapping", "khi dựng một nhóm khóa"),
    (r"mapping values are not allowed here", "không được có giá trị (dấu ':') ở đây"),
    (r"sequence entries are not allowed here", "không được có phần tử danh sách ('-') ở đây"),
    (r"mapping keys are not allowed here", "không được có khóa ở đây"),
    (r"could not find expected ':'", "không tìm thấy dấu ':' cần có"),
    (r"found character '\\t' that cannot start any token",
     "gặp ký tự tab, không được dùng tab để thụt lề hay bắt đầu giá trị"),
    (r"found character (?P<x>.+) that cannot start any token", "gặp ký tự {x} không được phép đứng đầu một giá trị"),
    (r"found unexpected end of stream", "tệp kết thúc đột ngột"),
    (r"found unexpected document separator", "gặp dấu phân cách tài liệu (---) không mong đợi"),
    (r"found undefined alias (?P<x>.+)", "bí danh {x} chưa được định nghĩa"),
    (r"found duplicate anchor (?P<x>.+); first occurrence", "neo {x} bị trùng; lần xuất hiện đầu tiên"),
    (r"second occurrence", "lần xuất hiện thứ hai"),
    (r"found unknown escape character (?P<x>.+)", "ký tự thoát {x} không hợp lệ"),
    (r"found undefined tag handle (?P<x>.+)", "thẻ {x} chưa được định nghĩa"),
    (r"invalid indentation or unclosed '\[' or '\{'", "thụt lề sai hoặc thiếu dấu đóng ']' hay '}'"),
    (r"expected a single document in the stream", "tệp chỉ được chứa một tài liệu YAML"),
    (r"but found another document", "nhưng lại gặp thêm một tài liệu khác"),
    (r"expected (?P<x>.+?), but (?:found|got) (?P<y>.+)", "cần {x}, nhưng gặp {y}"),
)
_YAML_TOKENS = {
    "<block end>": "chỗ kết thúc khối (thụt lề)",
    "<block mapping start>": "một nhóm khóa mới",
    "<block sequence start>": "một danh sách mới",
    "<block entry>": "một phần tử danh sách '-'",
    "<scalar>": "một giá trị",
    "<stream end>": "cuối tệp",
    "<document start>": "đầu tài liệu",
    "<document end>": "cuối tài liệu",
    "<alias>": "một bí danh",
    "<anchor>": "một neo",
    "<tag>": "một thẻ kiểu",
    "<directive>": "một chỉ thị",
    "-": "một phần tử danh sách '-'",
    "?": "một khóa phức '?'",
    "<flow mapping start>": "'{'",
    "<flow sequence start>": "'['",
    "the node content": "nội dung của giá trị",
    "alphabetic or numeric character": "chữ cái hoặc chữ số",
    "a comment or a line break": "chú thích hoặc xuống dòng",
}


def _yaml_phrase(text: str) -> str:
    for pattern, vi in _YAML_PHRASES:
        m = re.fullmatch(pattern, text.strip(), re.DOTALL)
        if m:
            parts = {k: _yaml_token(v) for k, v in m.groupdict().items()}
            return vi.format(**parts) if parts else vi
    return text


def _yaml_token(token: str) -> str:
    bare = token.strip("'\"")
    if bare in _YAML_TOKENS:
        return _YAML_TOKENS[bare]
    return re.sub(r"(?<=') or (?=')", " hoặc ", token)  # "',' or ']'"


_VALUE_REASONS = (
    (r"month must be in 1\.\.12", "tháng phải từ 1 đến 12"),
    (r"day is out of range for month", "ngày không có trong tháng đó"),
    (r"year (?P<x>-?\d+) is out of range", "năm {x} nằm ngoài phạm vi cho phép"),
    (r"could not determine a constructor for the tag (?P<x>.+)", "không hỗ trợ thẻ kiểu {x}"),
)


def yaml_detail(context: str | None, problem: str | None) -> Msg:
    """The detail of a PyYAML syntax error ("context, problem") in both languages."""
    if not problem and not context:
        return msg("yaml.syntax.generic")
    if context and problem:
        return msg("yaml.detail", context=Msg(context, _yaml_phrase(context)),
                   problem=Msg(problem, _yaml_phrase(problem)))
    text = problem or context or ""
    return Msg(text, _yaml_phrase(text))


def value_reason(reason: str) -> Msg:
    """Why PyYAML could not build a value (a date such as 2025-13-01, an unknown tag)."""
    for pattern, vi in _VALUE_REASONS:
        m = re.fullmatch(pattern, reason.strip())
        if m:
            return Msg(reason, vi.format(**m.groupdict()))
    return Msg(reason, reason)
