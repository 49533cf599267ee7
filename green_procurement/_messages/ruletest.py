"""Rule test files and the ``test`` command (``ruletest/``)."""

from __future__ import annotations

#: id: (English, Vietnamese)
MESSAGES: dict[str, tuple[str, str]] = {
    # -- what a test file must look like ------------------------------------------------------------------
    "ruletest.no-directory": ("rule tests directory not found: {root}", "không tìm thấy thư mục ca kiểm thử: {root}"),
    "ruletest.no-directory.hint": ("create it with *.yaml files holding a 'cases:' list (see "
                                   "green_procurement/ruletest.py)",
                                   "tạo thư mục này và đặt vào các tệp *.yaml có danh sách 'cases:' (xem hướng dẫn "
                                   "ở đầu green_procurement/ruletest.py)"),
    "ruletest.no-files": ("no rule test files (*.yaml) in the directory",
                          "thư mục ca kiểm thử không có tệp *.yaml nào"),
    "ruletest.no-files.hint": ("add at least one file with a 'cases:' list",
                               "thêm ít nhất một tệp có danh sách 'cases:'"),
    "ruletest.wrong": ("'{name}' must be {expected}, found {found}", "'{name}' phải là {expected}, đang là {found}"),
    "ruletest.quote-it": ('if it is text, quote it: "{plain}"', 'nếu là chữ, hãy đặt trong dấu nháy: "{plain}"'),
    "ruletest.unknown-key": ("unknown key '{key}'", "khóa '{key}' không hợp lệ"),
    "ruletest.allowed-keys": ("allowed keys: {keys}", "các khóa hợp lệ: {keys}"),
    "ruletest.missing-key": ("missing key '{key}'", "thiếu khóa '{key}'"),
    "ruletest.add-key": ("add {key}: ...", "thêm {key}: ..."),
    "ruletest.empty": ("'{name}' must not be empty", "'{name}' không được để trống"),
    "ruletest.cases-empty": ("'cases' is empty", "danh sách 'cases' đang trống"),
    "ruletest.cases-empty.hint": ("add at least one case", "thêm ít nhất một ca"),
    "ruletest.name-twice": ("case name '{name}' is also used at line {line}",
                            "tên ca '{name}' trùng với ca ở dòng {line}"),
    "ruletest.name-twice.hint": ("rename one of them", "đặt tên khác cho một trong hai ca"),
    "ruletest.item-problem": ("item: {where}: {problem}", "mục hàng: {where}: {problem}"),
    "ruletest.expect-empty": ("'expect' needs at least one expectation", "'expect' cần ít nhất một điều mong đợi"),
    "ruletest.expect-empty.hint": ("add one of: {keys}", "thêm một trong các khóa: {keys}"),
    "ruletest.unknown-group": ("unknown product group '{group}'", "không có nhóm sản phẩm '{group}' trong danh mục"),
    "ruletest.unknown-group.hint": ("see catalog/products.yaml; write null for an unclassified item",
                                    "xem catalog/products.yaml; ghi null nếu mong đợi mặt hàng chưa phân loại"),
    "ruletest.bad-status": ("'status' must be one of {statuses}, found {found}",
                            "'status' phải là một trong {statuses}, đang là {found}"),
    "ruletest.bad-score": ("'score' must be between 0 and 100, found {score}",
                           "'score' phải từ 0 đến 100, đang là {score}"),
    "ruletest.unknown-rule": ("unknown rule '{rule}'", "không có quy tắc '{rule}' trong bộ quy tắc"),
    "ruletest.unknown-rule.hint": ("see the rule ids in rules/*.yaml", "xem mã quy tắc trong rules/*.yaml"),
    "ruletest.rule-twice": ("rule '{rule}' is listed twice in '{key}'",
                            "quy tắc '{rule}' được ghi hai lần trong '{key}'"),
    "ruletest.rule-twice.hint": ("remove one of them", "xóa một lần ghi"),
    "ruletest.contradiction": ("rule '{rule}' is in both '{other}' and '{key}': a case cannot expect both",
                               "quy tắc '{rule}' vừa ở '{other}' vừa ở '{key}': một ca không thể mong đợi cả hai"),
    "ruletest.contradiction.hint": ("keep only one", "giữ lại một trong hai"),
    # what a value should be (the {expected} of ruletest.wrong)
    "ruletest.expect.text": ("text", "chữ"),
    "ruletest.expect.date": ("a date YYYY-MM-DD (or dd/mm/yyyy)", "một ngày YYYY-MM-DD (hoặc dd/mm/yyyy)"),
    "ruletest.expect.top": ("a mapping with 'cases:'", "một bảng có khóa 'cases:'"),
    "ruletest.expect.cases": ("a list of cases", "một danh sách các ca"),
    "ruletest.expect.case": ("a case (a mapping with name, item, expect)", "một ca (bảng có name, item, expect)"),
    "ruletest.expect.request": ("a mapping {{entity, funding}}", "một bảng {{entity, funding}}"),
    "ruletest.expect.item": ("a line item (a mapping of description, quantity, unit_price, ...)",
                             "một mục hàng (bảng description, quantity, unit_price, ...)"),
    "ruletest.expect.expect": ("a mapping of expectations (status, met, ...)",
                               "một bảng các điều mong đợi (status, met, ...)"),
    "ruletest.expect.score": ("a number from 0 to 100 (or null)", "một số từ 0 đến 100 (hoặc null)"),
    "ruletest.expect.rules": ("a list of rule ids, e.g. [GPP-LABEL-01]",
                              "một danh sách mã quy tắc, ví dụ [GPP-LABEL-01]"),
    # describing a value that was found (the {found} of ruletest.wrong)
    "ruletest.found.null": ("nothing (null)", "để trống (null)"),
    "ruletest.found.bool": ("yes/no value {value}", "giá trị có/không {value}"),
    "ruletest.found.number": ("number {value}", "số {value}"),
    "ruletest.found.date": ("date {value}", "ngày {value}"),
    "ruletest.found.text": ("text {value!r}", "chữ {value!r}"),
    "ruletest.found.list": ("a list", "một danh sách"),
    "ruletest.found.mapping": ("a mapping", "một bảng khóa: giá trị"),
    "ruletest.found.other": ("{type}", "giá trị kiểu {type}"),
    # -- running the cases -----------------------------------------------------------------------------------
    "ruletest.could-not-run": ("the case could not run: {reason}", "không chạy được ca này: {reason}"),
    "ruletest.rule-failed": ("{rule}: expected {expected}, got {actual}",
                             "{rule}: mong đợi {expected}, thực tế {actual}"),
    "ruletest.key-failed": ("{key}: expected {expected}, got {actual}",
                            "{key}: mong đợi {expected}, thực tế {actual}"),
    "ruletest.outcome.met": ("met", "met (đạt)"),
    "ruletest.outcome.not_met": ("not_met", "not_met (chưa đạt)"),
    "ruletest.outcome.not_applicable": ("not_applicable", "not_applicable (không áp dụng)"),
    "ruletest.no-such-rule": ("no such rule in the rule set", "không có quy tắc này trong bộ quy tắc"),
    "ruletest.why": ("why", "lý do"),
    "ruletest.rule-message": ("the rule's {outcome} message", "thông báo {outcome} của quy tắc"),
    # -- the report --------------------------------------------------------------------------------------------
    "ruletest.on": ("on {day}", "ngày {day}"),
    "ruletest.at-line": ("line {line}: ", "dòng {line}: "),
    "ruletest.result": ("Result: {cases:,} case(s), {passed:,} passed, {failed:,} failed (default evaluation date "
                        "{day}).",
                        "Kết quả: {cases:,} ca, {passed:,} đạt, {failed:,} không đạt (ngày đánh giá mặc định "
                        "{day})."),
    "ruletest.no-cases": ("There are no test cases.", "Chưa có ca kiểm thử nào."),
    "ruletest.coverage": ("Rule coverage: {met}/{total} rules seen met ({met_pct}%), {not_met}/{total} seen not met "
                          "({not_met_pct}%), {both}/{total} both.",
                          "Độ phủ quy tắc: {met}/{total} quy tắc có ca đạt ({met_pct}%), {not_met}/{total} có ca "
                          "chưa đạt ({not_met_pct}%), {both}/{total} có cả hai."),
    "ruletest.never-applies": ("  {rule}: no case where it applies — add one case that meets it and one that does "
                               "not",
                               "  {rule}: chưa có ca nào mà quy tắc này áp dụng — hãy thêm một ca nó đạt và một ca "
                               "nó chưa đạt"),
    "ruletest.never-met": ("  {rule}: no case meets it — add a case that meets it",
                           "  {rule}: chưa có ca nào mà quy tắc này đạt — hãy thêm một ca nó đạt"),
    "ruletest.never-not-met": ("  {rule}: no case fails it — add a case where it is not met",
                               "  {rule}: chưa có ca nào mà quy tắc này chưa đạt — hãy thêm một ca nó chưa đạt"),
}
