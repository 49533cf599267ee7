"""The output of the policy commands: ``validate``, ``diff`` and ``catalog``."""

from __future__ import annotations

#: id: (English, Vietnamese)
MESSAGES: dict[str, tuple[str, str]] = {
    # validate
    "validate.errors": ("{errors:,} error(s), {warnings:,} warning(s)", "{errors:,} lỗi, {warnings:,} cảnh báo"),
    "validate.valid": ("valid ({what}); {warnings:,} warning(s)", "Hợp lệ ({what}); {warnings:,} cảnh báo"),
    "validate.count.labels": ("{n:,} labels", "{n:,} nhãn"),
    "validate.count.product_groups": ("{n:,} product groups", "{n:,} nhóm sản phẩm"),
    "validate.count.attributes": ("{n:,} attributes", "{n:,} thuộc tính"),
    "validate.count.rules": ("{n:,} rules", "{n:,} quy tắc"),
    "validate.checked": ("checked: catalogue {catalog}, rules {rules}",
                         "Đã kiểm tra: danh mục {catalog}, quy tắc {rules}"),
    # catalog
    "catalog.head.id": ("id", "mã"),
    "catalog.head.kind": ("kind", "loại"),
    "catalog.head.name": ("name", "tên"),
    "catalog.head.country": ("country", "nước"),
    "catalog.head.iso": ("ISO", "ISO"),
    "catalog.head.validity": ("validity (years)", "hiệu lực (năm)"),
    "catalog.head.grades": ("grades", "hạng"),
    "catalog.head.recognised": ("recognised", "được công nhận"),
    "catalog.head.priority": ("priority", "ưu tiên"),
    "catalog.head.accepted": ("accepted labels", "nhãn được chấp nhận"),
    "catalog.head.params": ("params", "tham số"),
    "catalog.head.type": ("type", "kiểu"),
    "catalog.head.values": ("allowed values", "giá trị cho phép"),
    "catalog.head.columns": ("other column names", "tên cột khác"),
    # diff
    "diff.title": ("Old rules ({old}) against new ({new}), evaluated on {day}",
                   "So sánh quy tắc cũ ({old}) và mới ({new}), ngày đánh giá {day}"),
    "diff.rows": ("{rows:,} rows; {changed:,} items change status or score",
                  "{rows:,} dòng; {changed:,} mặt hàng thay đổi trạng thái hoặc điểm"),
    "diff.identical": ("The two rule sets are identical.", "Hai bộ quy tắc giống hệt nhau."),
    "diff.what-changed": ("What changed in the rules and catalogue:", "Thay đổi trong quy tắc và danh mục:"),
    "diff.when-edited": ("condition (when) edited", "điều kiện (when) đã sửa"),
    "diff.status-score": ("  status: {before} → {after}; score: {score_before} → {score_after}",
                          "  trạng thái: {before} → {after}; điểm: {score_before} → {score_after}"),
    "diff.no-change": ("No item changes.", "Không mặt hàng nào thay đổi."),
    "diff.totals": ("Totals", "Tổng hợp"),
    "diff.before": ("before", "trước"),
    "diff.after": ("after", "sau"),
    "diff.share-value": ("Green share by value", "Tỷ lệ xanh theo giá trị"),
    "diff.share-count": ("Green share by count", "Tỷ lệ xanh theo số mặt hàng"),
    "diff.score": ("Value-weighted score", "Điểm bình quân theo giá trị"),
    "diff.items": ("Items {status}", "Số mặt hàng {status}"),
    "diff.outcome.met": ("met", "đạt"),
    "diff.outcome.not_met": ("not met", "chưa đạt"),
    "diff.outcome.none": ("not applicable", "không áp dụng"),
}
