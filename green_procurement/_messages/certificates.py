"""Certificate registries (``certificates.py``, ``catalog/certificates/``) and ``registry import``."""

from __future__ import annotations

#: id: (English, Vietnamese)
MESSAGES: dict[str, tuple[str, str]] = {
    "cert.empty": ("'{column}' is empty: every certificate needs it",
                   "'{column}' đang để trống: chứng nhận nào cũng phải có"),
    "cert.empty.scheme.hint": ("write the label's catalogue id, e.g. vn-ecolabel",
                               "hãy ghi mã nhãn trong danh mục, ví dụ vn-ecolabel"),
    "cert.empty.certificate.hint": ("write the certificate (decision) number as the issuer publishes it",
                                    "hãy ghi số chứng nhận (số quyết định) đúng như tổ chức cấp nhãn công bố"),
    "cert.empty.source.hint": ("write where the entry was read: the issuer's page (URL) and its date",
                               "hãy ghi nơi lấy thông tin: trang của tổ chức cấp nhãn (URL) và ngày đăng"),
    "cert.date": ("'{column}' must be a date (YYYY-MM-DD or dd/mm/yyyy), found {value!r}",
                  "'{column}' phải là ngày (YYYY-MM-DD hoặc dd/mm/yyyy), nhưng đang là {value!r}"),
    "cert.date.hint": ("e.g. 2027-06-30", "ví dụ 2027-06-30"),
    "cert.text": ("'{column}' must be text, found {value!r}",
                  "'{column}' phải là chuỗi ký tự, nhưng đang là {value!r}"),
    "cert.unknown-scheme": ("scheme '{scheme}' is not a label of catalog/labels.yaml",
                            "nhãn '{scheme}' không có trong catalog/labels.yaml"),
    "cert.unknown-scheme.hint": ("use a label id of catalog/labels.yaml",
                                 "hãy dùng mã nhãn có trong catalog/labels.yaml"),
    "cert.too-long": ("the certificate number is longer than {limit} characters",
                      "số chứng nhận dài hơn {limit} ký tự"),
    "cert.ends-before": ("'valid_until' {end} is before 'valid_from' {start}",
                         "'valid_until' {end} sớm hơn 'valid_from' {start}"),
    "cert.ends-before.hint": ("check the two dates against the certification decision",
                              "hãy đối chiếu hai ngày với quyết định chứng nhận"),
    "cert.unreadable": ("cannot read the registry file {name}", "không đọc được tệp danh sách chứng nhận {name}"),
    "cert.twice": ("certificate '{number}' of '{scheme}' is listed twice (first in {where}, line {line})",
                   "chứng nhận '{number}' của nhãn '{scheme}' được ghi hai lần (lần đầu ở {where}, dòng {line})"),
    "cert.twice.hint": ("keep one entry per certificate; a renewed certificate has a new number",
                        "mỗi chứng nhận chỉ ghi một lần; chứng nhận cấp lại có số mới"),
    "cert.not-utf8": ("{name} is not UTF-8 text", "{name} không phải văn bản mã hóa UTF-8"),
    "cert.not-utf8.hint": ("save it as CSV UTF-8", "hãy lưu lại dưới dạng CSV UTF-8"),
    "cert.csv": ("the CSV text cannot be read: {reason}", "không đọc được nội dung CSV: {reason}"),
    "cert.column-twice": ("column '{column}' appears twice", "cột '{column}' xuất hiện hai lần"),
    "cert.unknown-column": ("unknown column '{column}'", "cột '{column}' không hợp lệ"),
    "cert.columns.hint": ("the columns are {columns}", "các cột gồm {columns}"),
    "cert.missing-column": ("the header has no '{column}' column", "dòng tiêu đề thiếu cột '{column}'"),
    "cert.width": ("the row has {cells} cells, the header {columns}",
                   "dòng này có {cells} ô, dòng tiêu đề có {columns} ô"),
    "cert.width.hint": ("quote a value that holds the delimiter",
                        "hãy đặt trong dấu ngoặc kép giá trị có chứa dấu phân cách"),
    # label claims in batch files
    "cert.cell.no-number": ("{part!r} has '#' but no certificate number",
                            "{part!r} có dấu '#' nhưng thiếu số chứng nhận"),
    "cert.row.no-claim": ("a certificate number is given but the row claims no label",
                          "có số chứng nhận nhưng dòng này không khai báo nhãn nào"),
    "cert.row.many-claims": ("a certificate number is given but the row claims {n} labels: write it as "
                             "scheme#number in the labels cell",
                             "có số chứng nhận nhưng dòng này khai báo {n} nhãn: hãy ghi mã_nhãn#số_chứng_nhận "
                             "trong ô nhãn"),
    "cert.row.differs": ("the labels cell gives certificate {claim!r}, this column {number!r}",
                         "ô nhãn ghi số chứng nhận {claim!r}, cột này ghi {number!r}"),
    # rule test files (rules/tests/*.yaml, key certificates:)
    "ruletest.expect.certificates": ("a list of certificates (scheme, certificate, source, ...)",
                                     "một danh sách chứng nhận (scheme, certificate, source, ...)"),
    "ruletest.expect.certificate": ("a certificate (a mapping with scheme, certificate, source)",
                                    "một chứng nhận (bảng có scheme, certificate, source)"),
    # explain: a claim checked against the issuers' lists
    "explain.registry.verified": ("confirmed by the issuer's list {flag}",
                                  "đã đối chiếu danh sách của tổ chức cấp nhãn: khớp {flag}"),
    "explain.registry.not_found": ("number not in the issuer's list {flag}",
                                   "số chứng nhận không có trong danh sách của tổ chức cấp nhãn {flag}"),
    "explain.registry.expired": ("not in force on the day according to the issuer's list {flag}",
                                 "không có hiệu lực vào ngày đánh giá theo danh sách của tổ chức cấp nhãn {flag}"),
    "explain.registry.mismatch": ("expiry date differs from the issuer's list {flag}",
                                  "ngày hết hạn khác với danh sách của tổ chức cấp nhãn {flag}"),
    "explain.registry.no_number": ("no certificate number to check against the issuer's list {flag}",
                                   "không có số chứng nhận để đối chiếu danh sách của tổ chức cấp nhãn {flag}"),
    "explain.registry.no_registry": ("no issuer's list loaded for this label {flag}",
                                     "chưa nạp danh sách của tổ chức cấp nhãn cho nhãn này {flag}"),
    "explain.valid.unverified": ("not confirmed by the issuer's list ({status}), so it does not count as valid {flag}",
                                 "chưa được danh sách của tổ chức cấp nhãn xác nhận ({status}), nên không được tính là "
                                 "còn hiệu lực {flag}"),
    # green-procurement registry import
    "cert.import.no-header.hint": ("name the columns in the first row, e.g. Số quyết định, Tên doanh nghiệp, "
                                   "Tên sản phẩm, Ngày cấp, Ngày hết hạn (or {canonical})",
                                   "hãy ghi tên các cột ở dòng đầu tiên, ví dụ Số quyết định, Tên doanh nghiệp, "
                                   "Tên sản phẩm, Ngày cấp, Ngày hết hạn (hoặc {canonical})"),
    "cert.import.bad-row": ("the row cannot be read", "không đọc được dòng này"),
    "cert.import.other-scheme": ("the row is of label {found!r}, the import of {scheme!r}",
                                 "dòng này thuộc nhãn {found!r}, trong khi đang nhập danh sách của nhãn {scheme!r}"),
    "cert.import.no-source": ("no source for this row", "dòng này không có nguồn"),
    "cert.import.no-source.hint": ("add a Source column, or give --source \"URL (date)\" for the whole list",
                                   "hãy thêm cột Nguồn, hoặc ghi --source \"URL (ngày)\" cho cả danh sách"),
    "cert.import.same-twice": ("certificate {number!r} is listed again with the same data as row {row}: kept once",
                               "chứng nhận {number!r} được ghi lại với cùng nội dung như dòng {row}: chỉ giữ một lần"),
    "cert.import.same-twice.hint": ("nothing to do", "không cần làm gì"),
    "cert.import.differs": ("certificate {number!r} is listed again with other data than row {row}",
                            "chứng nhận {number!r} được ghi lại với nội dung khác dòng {row}"),
    "cert.import.differs.hint": ("check both rows against the issuer's list and keep the right one",
                                 "hãy đối chiếu hai dòng với danh sách của tổ chức cấp nhãn và giữ dòng đúng"),
    # green-procurement registry import
    "cli.registry.help": ("certificate registries: import an issuer's list",
                          "danh sách chứng nhận: nhập danh sách của tổ chức cấp nhãn"),
    "cli.registry.description": ("Work with the issuers' lists of certificates kept in catalog/certificates/.",
                                 "Làm việc với danh sách chứng nhận của các tổ chức cấp nhãn lưu trong "
                                 "catalog/certificates/."),
    "cli.registry.epilog": ("see green-procurement registry import --help",
                            "xem green-procurement registry import --help"),
    "cli.registry.actions": ("ACTION", "THAO_TÁC"),
    "cli.registry.import.help": ("turn an issuer's CSV/XLSX list into a registry file",
                                 "chuyển danh sách CSV/XLSX của tổ chức cấp nhãn thành tệp danh sách chứng nhận"),
    "cli.registry.import.description": ("Read an issuer's list of certified products (CSV, XLSX or JSON; Vietnamese "
                                        "or English headers such as Số quyết định, Tên doanh nghiệp, Ngày cấp, "
                                        "Ngày hết hạn), check every row and write a registry file for "
                                        "catalog/certificates/.",
                                        "Đọc danh sách sản phẩm được chứng nhận của tổ chức cấp nhãn (CSV, XLSX "
                                        "hoặc JSON; tên cột tiếng Việt hoặc tiếng Anh như Số quyết định, Tên "
                                        "doanh nghiệp, Ngày cấp, Ngày hết hạn), kiểm tra từng dòng và ghi tệp "
                                        "danh sách chứng nhận cho catalog/certificates/."),
    "cli.registry.import.epilog": ("only a complete list should be loaded: once a label has a registry, a claim "
                                   "of it that the list does not confirm does not count (rules/scoring.yaml).\n"
                                   "exit codes: 0 written; 1 problems in the list (nothing written); 2 usage "
                                   "error or unreadable file",
                                   "chỉ nạp danh sách đầy đủ: khi một nhãn đã có danh sách, khai báo nhãn đó mà "
                                   "danh sách không xác nhận sẽ không được tính (rules/scoring.yaml).\n"
                                   "mã thoát: 0 đã ghi; 1 danh sách có lỗi (không ghi gì); 2 sai cách dùng hoặc "
                                   "không đọc được tệp"),
    "cli.registry.import.file": ("the issuer's list: .csv, .xlsx, .json or .jsonl",
                                 "danh sách của tổ chức cấp nhãn: tệp .csv, .xlsx, .json hoặc .jsonl"),
    "cli.registry.import.scheme": ("the label's catalogue id, e.g. vn-ecolabel",
                                   "mã nhãn trong danh mục, ví dụ vn-ecolabel"),
    "cli.registry.import.output": ("the registry file to write (.csv or .yaml; default: CSV on standard output)",
                                   "tệp danh sách chứng nhận cần ghi (.csv hoặc .yaml; mặc định: CSV ra màn hình)"),
    "cli.registry.import.source": ("the source of rows without one: the issuer's page (URL) and its date",
                                   "nguồn cho các dòng không ghi nguồn: trang của tổ chức cấp nhãn (URL) và ngày"),
    "cli.registry.unknown-scheme": ("error: label '{scheme}' is not in the catalogue ({hint})",
                                    "lỗi: nhãn '{scheme}' không có trong danh mục ({hint})"),
    "cli.registry.schemes": ("labels: {ids}", "các nhãn: {ids}"),
    "cli.registry.bad-output": ("error: {path}: a registry file ends in .csv or .yaml",
                                "lỗi: {path}: tệp danh sách chứng nhận phải có đuôi .csv hoặc .yaml"),
    "cli.registry.summary": ("{rows} row(s) read: {n} certificate(s), {duplicates} listed again, {errors} error(s)",
                             "đã đọc {rows} dòng: {n} chứng nhận, {duplicates} dòng ghi lại, {errors} lỗi"),
    "cli.registry.not-written": ("nothing written: correct the list and import it again",
                                 "chưa ghi gì: hãy sửa danh sách rồi nhập lại"),
    "cli.registry.empty": ("the list has no certificate: nothing written",
                           "danh sách không có chứng nhận nào: không ghi gì"),
    "cli.registry.header": ("Registry of '{scheme}', imported from {file} by green-procurement registry import.",
                            "Danh sách chứng nhận của '{scheme}', nhập từ {file} bằng green-procurement registry "
                            "import."),
    "cli.registry.written": ("wrote {n} certificate(s) to {path}", "đã ghi {n} chứng nhận vào {path}"),
    "cli.registry.unwritable": ("error: cannot write {path}: {reason}", "lỗi: không ghi được {path}: {reason}"),
    "cli.registry.next": ("put the file in catalog/certificates/ and run green-procurement validate",
                          "hãy đặt tệp vào catalog/certificates/ rồi chạy green-procurement validate"),
    "validate.count.certificates": ("{n:,} certificates", "{n:,} chứng nhận"),
}
