"""The command line (``cli/``): help, usage errors (argparse's own messages, looked up by their
msgids), progress, and the lines every command prints around its output."""

from __future__ import annotations

#: id: (English, Vietnamese)
MESSAGES: dict[str, tuple[str, str]] = {
    # -- argparse's own messages: the English text is argparse's msgid, letter for letter ----------------
    "argparse.usage": ("usage: ", "cách dùng: "),
    "argparse.options": ("options", "tùy chọn"),
    "argparse.positionals": ("positional arguments", "tham số"),
    "argparse.help": ("show this help message and exit", "hiện hướng dẫn này rồi thoát"),
    "argparse.required": ("the following arguments are required: %s", "thiếu các tham số bắt buộc: %s"),
    "argparse.invalid-choice": ("invalid choice: %(value)r (choose from %(choices)s)",
                                "lựa chọn không hợp lệ: %(value)r (chọn một trong %(choices)s)"),
    "argparse.unrecognized": ("unrecognized arguments: %s", "tham số không nhận ra: %s"),
    "argparse.argument": ("argument %(argument_name)s: %(message)s", "tham số %(argument_name)s: %(message)s"),
    "argparse.invalid-value": ("invalid %(type)s value: %(value)r", "giá trị %(type)s không hợp lệ: %(value)r"),
    "argparse.one-argument": ("expected one argument", "cần một giá trị"),
    "argparse.at-most-one": ("expected at most one argument", "cần nhiều nhất một giá trị"),
    "argparse.at-least-one": ("expected at least one argument", "cần ít nhất một giá trị"),
    "argparse.ambiguous": ("ambiguous option: %(option)s could match %(matches)s",
                           "tùy chọn mơ hồ: %(option)s có thể là %(matches)s"),
    "argparse.not-allowed": ("not allowed with argument %s", "không được dùng cùng tham số %s"),
    "argparse.ignored": ("ignored explicit argument %r", "giá trị %r bị bỏ qua"),
    "argparse.one-of": ("one of the arguments %s is required", "cần một trong các tham số %s"),
    "argparse.unexpected": ("unexpected option string: %s", "tùy chọn không mong đợi: %s"),
    "argparse.error": ("%(prog)s: error: %(message)s\n", "%(prog)s: lỗi: %(message)s\n"),
    "argparse.n-arguments": ("expected %s argument", "cần %s giá trị"),
    "argparse.n-arguments-plural": ("expected %s arguments", "cần %s giá trị"),
    # -- the parser -------------------------------------------------------------------------------------
    "cli.description": ("Score public purchase requests against green public procurement criteria (YAML "
                        "catalogue and rules).",
                        "Chấm điểm yêu cầu mua sắm công theo tiêu chí mua sắm công xanh (danh mục và quy tắc "
                        "bằng YAML)."),
    "cli.epilog": ("exit codes: 0 ok; 1 problems found (validate: errors, or warnings with --strict;\n"
                   "check: --fail-on met; test: a case failed); 2 usage error or unreadable input",
                   "mã thoát: 0 thành công; 1 có vấn đề (validate: có lỗi, hoặc cảnh báo khi dùng --strict;\n"
                   "check: gặp trạng thái nêu ở --fail-on; test: có ca không đạt); 2 sai cách dùng hoặc không "
                   "đọc được đầu vào"),
    "cli.version": ("show the version and exit", "hiện phiên bản rồi thoát"),
    "cli.commands": ("COMMAND", "LỆNH"),
    "cli.catalog": ("catalogue directory (default: ./catalog when the working folder has one, else the shipped "
                    "catalog/)",
                    "thư mục danh mục (mặc định: ./catalog nếu thư mục đang đứng có, nếu không thì catalog/ đi "
                    "kèm)"),
    "cli.rules": ("rules directory (default: ./rules when the working folder has one, else the shipped rules/)",
                  "thư mục quy tắc (mặc định: ./rules nếu thư mục đang đứng có, nếu không thì rules/ đi kèm)"),
    "cli.quiet": ("print only problems (no progress, summary or notices)",
                  "chỉ in các vấn đề (không in tiến độ, tóm tắt hay thông báo)"),
    "cli.lang": ("language of messages (default: vi)", "ngôn ngữ của thông báo (mặc định: vi)"),
    "cli.format": ("output format (default: {default})", "định dạng đầu ra (mặc định: {default})"),
    "cli.on": ("evaluation date, YYYY-MM-DD or dd/mm/yyyy (default: today)",
               "ngày đánh giá, YYYY-MM-DD hoặc dd/mm/yyyy (mặc định: hôm nay)"),
    "cli.number-format": ("how to read numbers in CSV cells: vi = 12.500.000 and 1.234,5 (default); en = "
                          "12,500,000 and 1,234.5",
                          "cách đọc số trong ô CSV: vi = 12.500.000 và 1.234,5 (mặc định); en = 12,500,000 và "
                          "1,234.5"),
    # validate
    "cli.validate.help": ("check the catalogue and rule files", "kiểm tra các tệp danh mục và quy tắc"),
    "cli.validate.description": ("Check the catalogue and rule files; print every problem as "
                                 "path:line:col: error|warning: message [code].",
                                 "Kiểm tra các tệp danh mục và quy tắc; in mọi vấn đề dạng "
                                 "tệp:dòng:cột: lỗi|cảnh báo: nội dung [mã]."),
    "cli.validate.epilog": ("exit codes: 0 clean; 1 errors (or warnings with --strict); 2 usage error",
                            "mã thoát: 0 không có vấn đề; 1 có lỗi (hoặc cảnh báo khi dùng --strict); 2 sai cách "
                            "dùng"),
    "cli.validate.strict": ("exit 1 on warnings too", "thoát với mã 1 cả khi chỉ có cảnh báo"),
    # check
    "cli.check.help": ("score procurement lists (CSV, XLSX, JSON, JSONL, YAML, - for JSON lines on stdin)",
                       "chấm danh sách mua sắm (CSV, XLSX, JSON, JSONL, YAML, - cho các dòng JSON từ stdin)"),
    "cli.check.description": ("Score every row of one or more procurement lists and report per row, request, "
                              "product group and procuring unit.",
                              "Chấm mọi dòng của một hoặc nhiều danh sách mua sắm và báo cáo theo dòng, yêu cầu, "
                              "nhóm sản phẩm và đơn vị mua sắm."),
    "cli.check.epilog": ("numbers: with --number-format vi (the default) a dot groups thousands and a comma\n"
                         "is the decimal mark: 12.500.000 = 12500000, 1.234,5 = 1234.5, and the ambiguous 1.234 = "
                         "1234. A single\ndot not followed by exactly three digits is a decimal point (1234.5, "
                         "0.25). Use --number-format en\nfor 12,500,000 and 1,234.5 (then 1.234 = 1.234). Cells of "
                         ".xlsx and .json files are numbers already.\n\nexit codes: 0 ok; 1 --fail-on met; 2 usage "
                         "error or a file that cannot be read",
                         "số: với --number-format vi (mặc định) dấu chấm phân nhóm hàng nghìn và dấu phẩy là\n"
                         "dấu thập phân: 12.500.000 = 12500000, 1.234,5 = 1234,5, và số mơ hồ 1.234 = 1234. Một "
                         "dấu chấm\nkhông theo sau bởi đúng ba chữ số là dấu thập phân (1234.5, 0.25). Dùng "
                         "--number-format en\ncho 12,500,000 và 1,234.5 (khi đó 1.234 = 1,234). Ô của tệp .xlsx và "
                         ".json đã là số sẵn.\n\nmã thoát: 0 thành công; 1 gặp trạng thái nêu ở --fail-on; 2 sai "
                         "cách dùng hoặc có tệp không đọc được"),
    "cli.check.files": ("a .csv, .xlsx, .json, .jsonl or .yaml file, or -",
                        "một tệp .csv, .xlsx, .json, .jsonl hoặc .yaml, hoặc -"),
    "cli.check.output": ("write a report; the format follows the extension: .csv .json .html .xlsx (repeatable)",
                         "ghi một báo cáo; định dạng theo phần mở rộng: .csv .json .html .xlsx (dùng được nhiều "
                         "lần)"),
    "cli.check.jobs": ("worker processes (default 1); the output is identical for any N",
                       "số tiến trình làm việc (mặc định 1); kết quả giống hệt nhau với mọi N"),
    "cli.check.fail-on": ("exit 1 when some row has this status: not_green, partial (partial or not_green) or "
                          "error; repeatable or comma-separated",
                          "thoát với mã 1 khi có dòng mang trạng thái này: 'not_green', 'partial' ('partial' hoặc "
                          "'not_green') hoặc 'error'; dùng được nhiều lần hoặc ngăn cách bằng dấu phẩy"),
    "cli.check.backend": ("rule engine (default durable; python is the reference evaluator)",
                          "bộ máy quy tắc (mặc định durable; python là bộ đánh giá tham chiếu)"),
    "cli.check.scheduler": ("score on the Dask cluster whose scheduler is at ADDRESS (e.g. tcp://10.0.0.5:8786; "
                            "needs the dask extra); the reports are the same as with --jobs",
                            "chấm trên cụm Dask có bộ điều phối ở ADDRESS (ví dụ tcp://10.0.0.5:8786; cần gói "
                            "phụ dask); báo cáo giống hệt khi dùng --jobs"),
    "cli.check.no-progress": ("no progress line on stderr", "không in dòng tiến độ ra stderr"),
    "cli.check.no-cache": ("do not memoise rule matching by each item's rule-relevant projection (slower; the "
                           "results are the same)",
                           "không ghi nhớ kết quả so khớp quy tắc theo phần dữ liệu mặt hàng mà quy tắc đọc (chậm "
                           "hơn; kết quả như nhau)"),
    # test
    "cli.test.help": ("run the rule test cases (rules/tests/*.yaml)",
                      "chạy các ca kiểm thử quy tắc (rules/tests/*.yaml)"),
    "cli.test.description": ("Run the rule test cases written by policy staff and report every expectation that "
                             "failed, at its file:line.",
                             "Chạy các ca kiểm thử quy tắc do cán bộ chính sách viết và báo mọi điều mong đợi "
                             "không đạt, kèm tệp:dòng."),
    "cli.test.epilog": ("exit codes: 0 every case passed (and coverage reached --min-coverage); 1 a case failed, a "
                        "test file has problems or coverage is too low; 2 usage error or unreadable "
                        "catalogue/rules/tests folder",
                        "mã thoát: 0 mọi ca đều đạt (và độ bao phủ đạt --min-coverage); 1 có ca không đạt, tệp "
                        "kiểm thử có vấn đề hoặc độ bao phủ quá thấp; 2 sai cách dùng hoặc không đọc được thư mục "
                        "danh mục/quy tắc/kiểm thử"),
    "cli.test.tests": ("folder of test files (default: the tests folder of --rules)",
                       "thư mục tệp kiểm thử (mặc định: thư mục tests của --rules)"),
    "cli.test.on": ("evaluation date of cases that give none (default 2025-06-01, never today)",
                    "ngày đánh giá của các ca không ghi ngày (mặc định 2025-06-01, không bao giờ là hôm nay)"),
    "cli.test.coverage": ("list the rules never seen both met and not met by a case",
                          "liệt kê các quy tắc chưa có ca nào thấy cả đạt lẫn chưa đạt"),
    "cli.test.min-coverage": ("fail when fewer than P %% of the rules are seen both met and not met",
                              "báo không đạt khi dưới P %% số quy tắc được thấy cả đạt lẫn chưa đạt"),
    "cli.test.verbose": ("also list the cases that passed", "liệt kê cả các ca đạt"),
    # explain
    "cli.explain.help": ("explain how one item is scored, rule by rule",
                         "giải thích cách chấm một mặt hàng, theo từng quy tắc"),
    "cli.explain.description": ("For one item: the classification, then for every rule whether it applies, and "
                                "if not met the sub-condition and the value that failed it; then the score "
                                "arithmetic and the status.",
                                "Với một mặt hàng: cách phân loại, rồi với mỗi quy tắc: có áp dụng không, nếu chưa "
                                "đạt thì điều kiện con và giá trị làm nó không đạt; sau đó là cách tính điểm và "
                                "trạng thái."),
    "cli.explain.epilog": ("ITEM is a .yaml/.json file holding one line item (description, quantity, "
                           "unit_price, labels, attributes...) or one purchase request (id, items; choose the item "
                           "with --item). Or use --row FILE:N for row N of a batch file.\nexit codes: 0 ok; 2 usage "
                           "error or unreadable input",
                           "ITEM là một tệp .yaml/.json chứa một mặt hàng (description, quantity, unit_price, "
                           "labels, attributes...) hoặc một yêu cầu mua sắm (id, items; chọn mặt hàng bằng --item). "
                           "Hoặc dùng --row TỆP:N cho dòng N của một tệp danh sách.\nmã thoát: 0 thành công; 2 sai "
                           "cách dùng hoặc không đọc được đầu vào"),
    "cli.explain.item-file": ("a .yaml or .json item or request", "một tệp .yaml hoặc .json: mặt hàng hoặc yêu cầu"),
    "cli.explain.row": ("row N of a batch file (as numbered in check's reports)",
                        "dòng N của một tệp danh sách (đánh số như trong báo cáo của check)"),
    "cli.explain.item": ("which item of a request file (1 = the first)",
                         "mặt hàng thứ mấy của tệp yêu cầu (1 = mặt hàng đầu tiên)"),
    "cli.explain.on": ("evaluation date (default: today)", "ngày đánh giá (mặc định: hôm nay)"),
    "cli.explain.number-format": ("numbers in --row CSV files", "cách đọc số trong tệp CSV của --row"),
    # diff
    "cli.diff.help": ("impact of a rule change on a past purchase list",
                      "tác động của việc sửa quy tắc lên một danh sách mua sắm cũ"),
    "cli.diff.description": ("Score a purchase list with the old and the new rules and list the items whose "
                             "status or score changes, with the rules that caused it, and the totals before and "
                             "after.",
                             "Chấm một danh sách mua sắm bằng quy tắc cũ và quy tắc mới, liệt kê các mặt hàng "
                             "thay đổi trạng thái hoặc điểm kèm quy tắc gây ra thay đổi, và tổng hợp trước và "
                             "sau."),
    "cli.diff.epilog": ("exit codes: 0 ok (also when items change); 2 usage error or unreadable input",
                        "mã thoát: 0 thành công (kể cả khi có mặt hàng thay đổi); 2 sai cách dùng hoặc không đọc "
                        "được đầu vào"),
    "cli.diff.file": ("a purchase list (.csv, .xlsx, .json, .jsonl, .yaml)",
                      "một danh sách mua sắm (.csv, .xlsx, .json, .jsonl, .yaml)"),
    "cli.diff.old": ("the rules before the change", "quy tắc trước khi sửa"),
    "cli.diff.new": ("the rules after the change", "quy tắc sau khi sửa"),
    "cli.diff.old-catalog": ("the catalogue before the change (default: --catalog)",
                             "danh mục trước khi sửa (mặc định: --catalog)"),
    "cli.diff.new-catalog": ("the catalogue after the change, e.g. new group parameters (default: --catalog)",
                             "danh mục sau khi sửa, ví dụ tham số nhóm mới (mặc định: --catalog)"),
    "cli.diff.number-format": ("numbers in CSV files", "cách đọc số trong tệp CSV"),
    # catalog
    "cli.catalog.help": ("list the eco-labels, product groups or attributes of the catalogue",
                         "liệt kê nhãn sinh thái, nhóm sản phẩm hoặc thuộc tính của danh mục"),
    "cli.catalog.description": ("Look up catalogue ids, names, accepted labels and parameters.",
                                "Tra cứu mã, tên, nhãn được chấp nhận và tham số trong danh mục."),
    "cli.catalog.epilog": ("exit codes: 0 ok; 2 usage error or unreadable catalogue",
                           "mã thoát: 0 thành công; 2 sai cách dùng hoặc không đọc được danh mục"),
    "cli.catalog.what": ("what to list: labels, products (default) or attributes",
                         "liệt kê gì: labels (nhãn), products (nhóm sản phẩm, mặc định) hoặc attributes (thuộc "
                         "tính)"),
    "cli.catalog.kind": ("labels of this kind only", "chỉ các nhãn thuộc loại này"),
    "cli.catalog.tag": ("product groups carrying this tag only", "chỉ các nhóm sản phẩm có thẻ này"),
    # values of options
    "cli.bad-date": ("{text!r} is not a date (YYYY-MM-DD or dd/mm/yyyy)",
                     "{text!r} không phải là ngày (YYYY-MM-DD hoặc dd/mm/yyyy)"),
    "cli.bad-count": ("{text!r} is not a whole number of at least 1", "{text!r} không phải là số nguyên từ 1 trở lên"),
    "cli.bad-status": ("{part!r} is not one of {choices}", "{part!r} không phải là một trong {choices}"),
    # -- what the commands print around their output -----------------------------------------------------
    "cli.error": ("error: {text}", "lỗi: {text}"),
    "cli.error-hint": ("error: {text}; {hint}", "lỗi: {text}; {hint}"),
    "cli.located-error": ("{where}: error: {text}", "{where}: lỗi: {text}"),
    "cli.located-error-hint": ("{where}: error: {text}; {hint}", "{where}: lỗi: {text}; {hint}"),
    "cli.interrupted": ("interrupted", "đã dừng"),
    "cli.terminated": ("stopped by a termination signal (SIGTERM); no report was left half-written",
                       "đã dừng do nhận tín hiệu kết thúc (SIGTERM); không có báo cáo nào bị ghi dở"),
    "cli.stdout-failed": ("cannot write to the standard output: {reason}",
                          "không ghi được ra đầu ra chuẩn: {reason}"),
    "cli.cannot-load": ("cannot load the catalogue/rules; run `green-procurement validate` for details",
                        "Không nạp được danh mục/quy tắc; chạy `green-procurement validate` để xem chi tiết"),
    "warning.durable-fallback": ("durable-rules cannot be loaded here ({reason}); using the pure-Python "
                                 "reference backend, which gives the same results",
                                 "không nạp được durable-rules ở đây ({reason}); dùng bộ đánh giá tham chiếu thuần "
                                 "Python, cho cùng kết quả"),
    "cli.warning": ("warning: {text}", "cảnh báo: {text}"),
    "cli.working-folder": ("using {dirs} from the working folder (--catalog/--rules choose others)",
                           "dùng {dirs} trong thư mục đang đứng (--catalog/--rules để chọn thư mục khác)"),
    "cli.progress": ("{rows:,} rows, {rate:,.0f} rows/s", "{rows:,} dòng, {rate:,.0f} dòng/giây"),
    "cli.progress-rows": ("{rows:,} rows", "{rows:,} dòng"),
    "cli.progress-total-start": ("{pct:>2}% {rows:,}/{total:,} rows", "{pct:>2}% {rows:,}/{total:,} dòng"),
    "cli.progress-total": ("{pct:>2}% {rows:,}/{total:,} rows, {rate:,.0f} rows/s, {left} left",
                           "{pct:>2}% {rows:,}/{total:,} dòng, {rate:,.0f} dòng/giây, còn {left}"),
    "cli.rejected-row": ("{where}: rejected: {reason}", "{where}: bị loại: {reason}"),
    "cli.rejected-more": ("… and {n:,} more rejected rows (every one is in the report, status 'error')",
                          "… và {n:,} dòng bị loại khác (tất cả có trong báo cáo, trạng thái 'error')"),
    "cli.ignored-columns": ("{source}: ignored columns: {columns}", "{source}: bỏ qua các cột không dùng: {columns}"),
    "cli.ignored-column": ("'{column}'", "'{column}'"),
    "cli.ignored-column-hint": ("'{column}' ({hint})", "'{column}' ({hint})"),
    "cli.report-written": ("report written: {path}", "Đã ghi báo cáo: {path}"),
    "cli.cannot-read-item": ("cannot read {path}: {reason}", "không đọc được {path}: {reason}"),
    "cli.item-not-json": ("{path} is not valid JSON: {reason}", "{path} không phải JSON hợp lệ: {reason}"),
    "cli.explain.item-or-row": ("error: give either an ITEM file or --row FILE:N",
                                "lỗi: cần đúng một trong hai: tệp ITEM hoặc --row TỆP:N"),
    "cli.explain.bad-row": ("error: --row must be FILE:ROW, e.g. list.csv:12",
                            "lỗi: --row phải có dạng TỆP:SỐ_DÒNG, ví dụ danh-sach.csv:12"),
    "cli.explain.no-row": ("error: {name} has no data row {row}", "lỗi: {name} không có dòng dữ liệu số {row}"),
    "cli.explain.unreadable-row": ("row {row} of {name} cannot be read: {reason}",
                                   "Dòng {row} của {name} không đọc được: {reason}"),
    "cli.coverage-low": ("coverage {percent} % < minimum {minimum} %",
                         "Độ bao phủ {percent} % < mức tối thiểu {minimum} %"),
}
