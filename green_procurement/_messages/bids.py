"""Bid comparison: ``rules/bids.yaml`` (``bidpolicy.py``), ``bids.py``, bid files and ``green-procurement bids``."""

from __future__ import annotations

#: id: (English, Vietnamese)
MESSAGES: dict[str, tuple[str, str]] = {
    # rules/bids.yaml
    "bids.what-id": ("id", "mã"),
    "bids.expect-margin": ("a margin {{rule_id, pct, basis}}", "một mức cộng thêm {{rule_id, pct, basis}}"),
    "bids.overlap": ("the periods of '{first}' and '{second}' overlap: one day would have two sets of preferences",
                     "thời gian hiệu lực của '{first}' và '{second}' chồng lên nhau: một ngày sẽ có hai bộ ưu đãi"),
    "bids.overlap.hint": ("end the earlier one the day before the later one starts",
                          "hãy cho bộ trước kết thúc một ngày trước khi bộ sau bắt đầu"),
    "bids.full-below-min": ("full_domestic_cost_pct {full} is below min_domestic_cost_pct {low}",
                            "full_domestic_cost_pct {full} nhỏ hơn min_domestic_cost_pct {low}"),
    # bids (bids.py)
    "bids.origin": ("origin {value!r} is not a country code", "xuất xứ {value!r} không phải là mã quốc gia"),
    "bids.origin.hint": ("write a two-letter ISO code: VN (Việt Nam), CN, JP, KR, TH, US...",
                         "hãy ghi mã ISO gồm hai chữ cái: VN (Việt Nam), CN, JP, KR, TH, US..."),
    "bids.pct": ("a domestic cost share of {value}% is above 100%", "tỷ lệ chi phí trong nước {value}% lớn hơn 100%"),
    "bids.bidder-twice": ("bidder '{bidder}' has another bid in this lot (row {row}): one bid per bidder and lot",
                          "nhà thầu '{bidder}' đã có hồ sơ khác trong phần này (dòng {row}): mỗi nhà thầu một hồ "
                          "sơ cho mỗi phần"),
    "bids.disclaimer": ("Preferences as declared by the bidders, for comparison and ranking only; the evaluation "
                        "team decides on the evidence whether each applies (Decree 214/2025/NĐ-CP Art. 5(4)).",
                        "Ưu đãi theo kê khai của nhà thầu, chỉ để so sánh, xếp hạng; tổ chuyên gia quyết định có "
                        "áp dụng hay không trên cơ sở tài liệu chứng minh (Nghị định 214/2025/NĐ-CP Điều 5 khoản 4)."),
    "bids.pref.origin": ("goods of Vietnamese origin", "hàng hóa xuất xứ Việt Nam"),
    "bids.pref.eco_label": ("eco-labelled or energy-labelled goods", "hàng hóa có nhãn sinh thái, nhãn năng lượng"),
    "bids.note.no-share": ("origin {country} but no domestic production cost share declared: not preferred "
                           "(at least {low}% needed, Decree 214 Art. 6(5))",
                           "xuất xứ {country} nhưng không kê khai tỷ lệ chi phí sản xuất trong nước: không được ưu "
                           "đãi (cần từ {low}%, Nghị định 214 Điều 6 khoản 5)"),
    "bids.note.full": ("Vietnamese origin, domestic cost {share}% (at least {full}%): preferred",
                       "xuất xứ Việt Nam, chi phí trong nước {share}% (từ {full}%): được ưu đãi"),
    "bids.note.reduced": ("Vietnamese origin, domestic cost {share}% (from {low}% to under {full}%): preferred, "
                          "with the reduced margin where another offer reaches {full}%",
                          "xuất xứ Việt Nam, chi phí trong nước {share}% (từ {low}% đến dưới {full}%): được ưu "
                          "đãi, bị cộng mức thấp nếu có hàng chào thầu khác đạt {full}%"),
    "bids.note.below": ("domestic cost {share}% is under {low}%: not preferred as goods of Vietnamese origin",
                        "chi phí trong nước {share}% dưới {low}%: không được ưu đãi hàng xuất xứ Việt Nam"),
    "bids.note.eco": ("a qualifying eco-label or energy label is claimed: preferred as environmentally friendly "
                      "goods",
                      "có nhãn sinh thái hoặc nhãn năng lượng đủ điều kiện: được ưu đãi hàng hóa thân thiện môi "
                      "trường"),
    "bids.note.one": ("entitled to two preferences, only the most favourable counts ({kept}); the margin of the "
                      "other ({dropped}) is added as to a bid not entitled to it (Decree 214 Art. 5(1))",
                      "thuộc hai đối tượng ưu đãi, chỉ tính ưu đãi có lợi nhất ({kept}); mức cộng của ưu đãi "
                      "kia ({dropped}) được cộng như với nhà thầu không được hưởng (Nghị định 214 Điều 5 khoản 1)"),
    "bids.note.alike": ("every bid of the lot stands alike for the preference for {pref}: it is not computed "
                        "(Decree 214 Art. 5(2))",
                        "mọi hồ sơ của phần này như nhau về ưu đãi {pref}: không tính ưu đãi này (Nghị định 214 "
                        "Điều 5 khoản 2)"),
    "bids.note.none-full": ("no offer reaches {full}% domestic cost: nothing is added to preferred goods under "
                            "{full}% (Decree 214 Art. 6(1))",
                            "không có hàng chào thầu nào đạt {full}% chi phí trong nước: không cộng cho hàng được "
                            "ưu đãi dưới {full}% (Nghị định 214 Điều 6 khoản 1)"),
    "bids.note.tie": ("evaluated equal to {others}: the evaluation team applies Decree 214 Art. 140(18)",
                      "bằng giá đánh giá với {others}: tổ chuyên gia xử lý theo Nghị định 214 Điều 140 khoản 18"),
    "bids.no-policy": ("the rules have no bids.yaml: no bid preferences are set",
                       "bộ quy tắc không có tệp bids.yaml: chưa có thiết lập ưu đãi khi so sánh hồ sơ dự thầu"),
    "bids.no-policy.hint": ("copy rules/bids.yaml of the shipped rules into your rules folder",
                            "hãy chép tệp rules/bids.yaml của bộ quy tắc mặc định vào thư mục quy tắc của bạn"),
    "bids.no-regime": ("no bid preference settings are in force on {day} (periods start on {starts})",
                       "không có thiết lập ưu đãi nào có hiệu lực vào ngày {day} (các giai đoạn bắt đầu từ {starts})"),
    "bids.no-regime.hint": ("evaluate on a day inside a period of bids.yaml; packages under earlier rules are "
                            "evaluated by hand",
                            "hãy chọn ngày đánh giá thuộc một giai đoạn của bids.yaml; gói thầu theo quy định cũ "
                            "do tổ chuyên gia tính thủ công"),
    "bids.eco-margin": ("the eco-label margin {value}% is not between 0 and 100",
                        "mức cộng ưu đãi nhãn sinh thái {value}% không nằm trong khoảng từ 0 đến 100"),
    "bids.no-eco": ("the bid preference settings in force have no eco_label part",
                    "thiết lập ưu đãi đang có hiệu lực không có phần eco_label"),
    # bid files (io/bidfile.py)
    "bids.no-header.hint": ("name the columns in the first row, e.g. Phần, Nhà thầu, Hàng hóa, Giá dự thầu, "
                            "Xuất xứ, Tỷ lệ chi phí sản xuất trong nước, Nhãn (or {canonical})",
                            "hãy ghi tên các cột ở dòng đầu tiên, ví dụ Phần, Nhà thầu, Hàng hóa, Giá dự thầu, "
                            "Xuất xứ, Tỷ lệ chi phí sản xuất trong nước, Nhãn (hoặc {canonical})"),
    # reports (report/bids.py)
    "bids.report.title": ("Bid comparison on {day} ({regime})", "So sánh hồ sơ dự thầu ngày {day} ({regime})"),
    "bids.report.lot": ("Lot {lot}", "Phần {lot}"),
    "bids.report.adjustment": ("{rule} +{pct}%: {amount}", "{rule} cộng {pct}%: {amount}"),
    "bids.report.error": ("not read", "không đọc được"),
    "bids.report.notes": ("Notes:", "Ghi chú:"),
    "bids.report.bases": ("Legal basis of the adjustments:", "Căn cứ của các khoản cộng thêm:"),
    "bids.report.sheet": ("Bids", "Hồ sơ dự thầu"),
    "bids.col.lot": ("lot", "Phần"),
    "bids.col.rank": ("rank", "Xếp hạng"),
    "bids.col.bidder": ("bidder", "Nhà thầu"),
    "bids.col.description": ("description", "Hàng hóa"),
    "bids.col.origin": ("origin", "Xuất xứ"),
    "bids.col.domestic_cost_pct": ("domestic_cost_pct", "Tỷ lệ chi phí trong nước (%)"),
    "bids.col.price": ("price", "Giá dự thầu"),
    "bids.col.adjustments": ("adjustments", "Khoản cộng thêm"),
    "bids.col.evaluated_price": ("evaluated_price", "Giá so sánh"),
    "bids.col.tie": ("tie", "Bằng giá"),
    "bids.col.preferences": ("preferences", "Ưu đãi được tính"),
    "bids.col.notes": ("notes", "Ghi chú"),
    "bids.col.error": ("error", "Lỗi"),
    "bids.col.row": ("row", "Dòng"),
    # green-procurement bids
    "cli.bids.help": ("compare the bids of a package with the legal price preferences",
                      "so sánh hồ sơ dự thầu của gói thầu có tính ưu đãi theo quy định"),
    "cli.bids.description": ("Rank the bids of each lot by evaluated price: the price plus the margins of "
                             "rules/bids.yaml (Law on Bidding 22/2023 Art. 10, Decree 214/2025) for goods not of "
                             "Vietnamese origin and goods without a qualifying eco-label. For the evaluation "
                             "team: it decides, on the evidence, whether a preference applies.",
                             "Xếp hạng hồ sơ dự thầu của từng phần theo giá so sánh: giá dự thầu cộng các mức ưu "
                             "đãi trong rules/bids.yaml (Luật Đấu thầu 22/2023 Điều 10, Nghị định 214/2025) cho "
                             "hàng không xuất xứ Việt Nam và hàng không có nhãn sinh thái đủ điều kiện. Dành cho "
                             "tổ chuyên gia: tổ chuyên gia quyết định có áp dụng ưu đãi hay không trên cơ sở tài "
                             "liệu chứng minh."),
    "cli.bids.epilog": ("columns: lot, bidder, description, price (after error correction and deviation "
                        "adjustment, minus discounts), origin (VN, CN...), domestic_cost_pct, labels, "
                        "certificate, attributes; Vietnamese headers accepted.\n"
                        "exit codes: 0 ok; 1 some rows could not be read; 2 usage error, unreadable file, or no "
                        "settings in force on the date",
                        "các cột: Phần, Nhà thầu, Hàng hóa, Giá dự thầu (sau sửa lỗi, hiệu chỉnh sai lệch, trừ "
                        "giảm giá), Xuất xứ (VN, CN...), Tỷ lệ chi phí sản xuất trong nước, Nhãn, Số chứng "
                        "nhận, các thuộc tính; nhận cả tên cột tiếng Anh.\n"
                        "mã thoát: 0 thành công; 1 có dòng không đọc được; 2 sai cách dùng, không đọc được tệp "
                        "hoặc không có thiết lập ưu đãi cho ngày đánh giá"),
    "cli.bids.file": ("a .csv, .xlsx, .json, .jsonl or .yaml file, one row per bid",
                      "tệp .csv, .xlsx, .json, .jsonl hoặc .yaml, mỗi dòng một hồ sơ dự thầu"),
    "cli.bids.output": ("write a report; the format follows the extension: .csv .json .html .xlsx (repeatable)",
                        "ghi báo cáo; định dạng theo phần mở rộng: .csv .json .html .xlsx (dùng được nhiều lần)"),
    "cli.bids.eco-margin": ("the eco-label margin in percent that the bidding documents set (default: "
                            "rules/bids.yaml)",
                            "mức cộng thêm, tính bằng phần trăm, cho hàng không có nhãn sinh thái mà hồ sơ mời "
                            "thầu quy định (mặc định: theo rules/bids.yaml)"),
    "cli.bad-percent": ("{text!r} is not a percentage from 0 to 100",
                        "{text!r} không phải là tỷ lệ phần trăm từ 0 đến 100"),
    "cli.bids.rows-rejected": ("{n} row(s) could not be read: they are not ranked",
                               "{n} dòng không đọc được: các dòng này không được xếp hạng"),
}
