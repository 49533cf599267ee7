"""Shared pieces of the report writers: translations, number formatting, the result-row columns,
formula neutralisation and the atomic, context-managed :class:`Writer` base class."""

from __future__ import annotations

import contextlib
import datetime
import os
import secrets
import shutil
import sys
import tempfile
import unicodedata
import weakref
from collections.abc import Callable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any, ClassVar

from ..errors import InputError
from ..model import Number, json_number
from ..results import Finding, ItemResult, SharedByFindings

if TYPE_CHECKING:
    from ..batch import ItemRecord, Summary, Totals
    from ..catalog import Catalog
    from ..rules import Rule

LANGS = ("vi", "en")

#: Report file extensions and their format names.
EXTENSIONS: Mapping[str, str] = {".csv": "csv", ".json": "json", ".html": "html", ".htm": "html",
                                 ".xlsx": "xlsx"}

# -- translations ------------------------------------------------------------------------------------

STATUS_LABELS: Mapping[str, Mapping[str, str]] = {
    "vi": {"green": "xanh", "partial": "một phần", "not_green": "chưa xanh",
           "not_prioritised": "không thuộc danh mục ưu tiên", "error": "lỗi"},
    "en": {"green": "green", "partial": "partial", "not_green": "not green",
           "not_prioritised": "not prioritised", "error": "error"},
}

#: Result columns of the CSV and XLSX reports: (key, Vietnamese header).  The English header is the key.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("source", "Tệp nguồn"),
    ("row", "Dòng"),
    ("request_id", "Mã yêu cầu"),
    ("entity", "Đơn vị mua sắm"),
    ("item_id", "Mã dòng hàng"),
    ("description", "Tên hàng hóa"),
    ("product_group", "Mã nhóm sản phẩm"),
    ("group_name", "Tên nhóm sản phẩm"),
    ("status", "Mã trạng thái"),
    ("status_label", "Trạng thái"),
    ("score", "Điểm"),
    ("value", "Giá trị (VND)"),
    ("green", "Mua sắm xanh"),
    ("met_rules", "Tiêu chí đạt"),
    ("not_met_rules", "Tiêu chí chưa đạt"),
    ("reasons", "Nội dung chưa đạt"),
    ("error", "Lỗi"),
    ("classified_by", "Phân loại theo"),
    ("evidence", "Căn cứ phân loại"),
)

_TEXT: Mapping[str, tuple[str, str]] = {
    "title": ("Báo cáo kiểm tra mua sắm xanh", "Green procurement check report"),
    "evaluated_on": ("Ngày đánh giá", "Evaluated on"),
    "version": ("Phiên bản danh mục và tiêu chí", "Catalogue and rules version"),
    "sources": ("Tệp nguồn", "Source files"),
    "rows": ("Số dòng", "Rows"),
    "rows_read": ("Số dòng đã đọc", "Rows read"),
    "rows_scored": ("Số dòng đã chấm điểm", "Rows scored"),
    "rows_rejected": ("Số dòng bị từ chối (lỗi)", "Rows rejected (errors)"),
    "scored": ("đã chấm điểm", "scored"),
    "rejected": ("bị từ chối (lỗi)", "rejected (errors)"),
    "requests": ("Số yêu cầu mua sắm", "Purchase requests"),
    "totals": ("Tổng hợp", "Totals"),
    "total": ("Tổng cộng", "Total"),
    "total_value": ("Tổng giá trị (VND)", "Total value (VND)"),
    "green_value_total": ("Giá trị mua sắm xanh (VND)", "Green value (VND)"),
    "share_value": ("Tỷ lệ xanh theo giá trị", "Green share by value"),
    "share_count": ("Tỷ lệ xanh theo số mặt hàng", "Green share by count"),
    "score": ("Điểm bình quân (theo giá trị)", "Score (value-weighted)"),
    "status": ("Trạng thái", "Status"),
    "status_code": ("Mã trạng thái", "Status code"),
    "status_counts": ("Số dòng theo trạng thái", "Rows per status"),
    "by_group": ("Theo nhóm sản phẩm", "By product group"),
    "by_entity": ("Theo đơn vị mua sắm", "By procuring unit"),
    "group": ("Nhóm sản phẩm", "Product group"),
    "group_id": ("Mã nhóm", "Group id"),
    "entity": ("Đơn vị mua sắm", "Procuring unit"),
    "items": ("Số mặt hàng", "Items"),
    "value": ("Giá trị (VND)", "Value (VND)"),
    "green_value": ("Giá trị xanh (VND)", "Green value (VND)"),
    "green_share": ("Tỷ lệ xanh", "Green share"),
    "item_score": ("Điểm", "Score"),
    "chart": ("Tỷ lệ mua sắm xanh theo giá trị, theo nhóm sản phẩm",
              "Green share by value, per product group"),
    "chart_desc": ("Mỗi thanh là một nhóm sản phẩm; độ dài thanh là tỷ lệ giá trị mua sắm xanh "
                   "trên tổng giá trị của nhóm.",
                   "One bar per product group; the bar length is the green value as a share of the "
                   "group's value."),
    "no_scored": ("Không có mặt hàng nào được chấm điểm.", "No item was scored."),
    "non_green": ("Các mặt hàng chưa xanh", "Items that are not green"),
    "non_green_intro": ("Mọi dòng có trạng thái khác «xanh» (một phần, chưa xanh, không thuộc danh mục "
                        "ưu tiên, lỗi), theo thứ tự trong tệp nguồn, kèm lý do.",
                        "Every row whose status is not green (partial, not green, not prioritised, "
                        "error), in input order, with the reasons."),
    "none_non_green": ("Mọi mặt hàng đều xanh.", "Every item is green."),
    "request": ("Yêu cầu", "Request"),
    "row": ("Dòng", "Row"),
    "source": ("Tệp", "File"),
    "description": ("Tên hàng hóa", "Description"),
    "reasons": ("Lý do", "Reasons"),
    "unclassified": ("(chưa phân loại)", "(unclassified)"),
    "no_entity": ("(không ghi đơn vị)", "(no unit given)"),
    "more_rows": ("… và {n} dòng khác (xem tệp báo cáo)", "… and {n} more (see the report file)"),
    "truncated": ("Danh sách chỉ liệt kê {shown} mặt hàng đầu tiên; còn {more} mặt hàng chưa xanh khác "
                  "không được hiển thị ở đây. Báo cáo CSV, JSON hoặc Excel (.xlsx) của cùng lần kiểm tra "
                  "có đầy đủ tất cả các dòng.",
                  "Only the first {shown} items are listed; {more} more items that are not green are not "
                  "shown here. The CSV, JSON or Excel (.xlsx) report of the same run has every row."),
    "not_priority_group": ("Nhóm «{name}» không thuộc danh mục sản phẩm ưu tiên mua sắm xanh.",
                           "The group “{name}” is not on the priority list for green procurement."),
    "not_classified": ("Chưa xác định được nhóm sản phẩm ({why}).",
                       "The product group could not be determined ({why})."),
    "yes": ("có", "yes"),
    "no": ("không", "no"),
    "summary_title": ("Kết quả kiểm tra mua sắm xanh", "Green procurement check"),
    "results_sheet": ("Kết quả", "Results"),
    "summary_sheet": ("Tổng hợp", "Summary"),
}


def tr(key: str, lang: str, **fields: object) -> str:
    """The text ``key`` in ``lang`` (``vi`` or ``en``), with ``{fields}`` filled in."""
    vi, en = _TEXT[key]
    text = en if lang == "en" else vi
    return text.format(**fields) if fields else text


def status_label(status: str, lang: str) -> str:
    """``not_green`` -> ``chưa xanh`` (vi) / ``not green`` (en)."""
    return STATUS_LABELS["en" if lang == "en" else "vi"].get(status, status)


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ReportError(f"unknown report language {lang!r}: use 'vi' or 'en'", code="bad-language")
    return lang


def group_name(catalog: Catalog | None, group: str | None, lang: str) -> str:
    """The catalogue name of a product group in ``lang``; its id when the catalogue does not know it."""
    if group is None:
        return tr("unclassified", lang)
    if catalog is not None:
        g = catalog.groups.get(group)
        if g is not None:
            return g.name.get(lang)
    return group


def entity_name(entity: str | None, lang: str) -> str:
    return entity if entity else tr("no_entity", lang)


# -- numbers -----------------------------------------------------------------------------------------

def _localise(text: str, lang: str) -> str:
    """English-style ``1,234.5`` -> Vietnamese-style ``1.234,5`` for vi."""
    if lang == "en":
        return text
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def fmt_int(n: int, lang: str) -> str:
    """``12500000`` -> ``12.500.000`` (vi) or ``12,500,000`` (en)."""
    return _localise(f"{n:,}", lang)


def fmt_money(n: Number | None, lang: str) -> str:
    """An exact amount with thousands separators; ``—`` for none."""
    if n is None:
        return "—"
    if isinstance(n, Decimal):
        if n == n.to_integral_value():
            return fmt_int(int(n), lang)
        return _localise(f"{n:,f}", lang)
    return fmt_int(int(n), lang)


def fmt_pct(share: float | None, lang: str) -> str:
    """A share 0..1 as a percentage with one decimal: ``45,2 %`` (vi), ``45.2%`` (en); ``—`` for none."""
    if share is None:
        return "—"
    pct = (Decimal(repr(share)) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{pct:f}%" if lang == "en" else f"{pct:f}".replace(".", ",") + " %"


def fmt_score(score: float | None, lang: str) -> str:
    """A score 0..100 with up to two decimals (``97,72`` / ``97.72``); ``—`` for none."""
    if score is None:
        return "—"
    text = f"{score:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "vi" else text


def plain_number(x: float | None) -> str:
    """A float as plain text for data files: ``100.0`` -> ``100``, ``97.72`` -> ``97.72``."""
    if x is None:
        return ""
    return str(int(x)) if x == int(x) else repr(x)


# -- result rows -------------------------------------------------------------------------------------

_SEVERITY_ORDER = {"requirement": 0, "criterion": 1, "warning": 2, "info": 3}


def not_met(result: ItemResult) -> list[Finding]:
    """The not-met findings of a result, most serious first (requirement, criterion, warning, info),
    rule order within a severity."""
    found = [f for f in result.findings if f.outcome != "met"]
    found.sort(key=lambda f: _SEVERITY_ORDER.get(f.severity, 9))
    return found


_COLUMNS = SharedByFindings()


def _finding_columns(res: ItemResult, lang: str) -> tuple[str, str, str]:
    """Met rule ids, not-met rule ids and not-met messages; computed once per shared findings tuple."""
    hit: tuple[str, str, str] | None = _COLUMNS.get(res.findings, lang)
    if hit is not None:
        return hit
    missing = not_met(res)
    columns: tuple[str, str, str] = _COLUMNS.put(res.findings, lang, (
        " ".join(f.rule_id for f in res.findings if f.outcome == "met"), " ".join(f.rule_id for f in missing),
        " | ".join(f.message.get(lang) for f in missing)))
    return columns


def result_row(record: ItemRecord, lang: str, catalog: Catalog | None) -> list[str | int | float | Number | None]:
    """The values of :data:`COLUMNS` for one record: text, ``int`` (row), ``float`` (score) or the
    exact money value (``int``/``Decimal``); None for an empty cell.  Text is not yet neutralised."""
    res = record.result
    met_ids, missing_ids, messages = _finding_columns(res, lang)
    is_error = res.status == "error"
    return [
        record.source,
        record.row,
        record.request_id,
        record.entity,
        res.item_id,
        res.description,
        res.product_group,
        None if is_error else group_name(catalog, res.product_group, lang),
        res.status,
        status_label(res.status, lang),
        res.score,
        res.value,
        tr("yes" if res.green else "no", lang),
        met_ids,
        missing_ids,
        messages,
        res.error,
        res.classified_by,
        res.evidence,
    ]


def reasons(result: ItemResult, lang: str, catalog: Catalog | None) -> list[tuple[str | None, str]]:
    """Why an item is not green, as (rule id or None, text): the error; for a not-prioritised item
    why (group off the priority list, or not classified); then the not-met findings' messages."""
    if result.status == "error":
        return [(None, result.error or "")]
    out: list[tuple[str | None, str]] = []
    if result.status == "not_prioritised":
        if result.product_group is None:
            out.append((None, tr("not_classified", lang, why=result.evidence or "—")))
        else:
            out.append((None, tr("not_priority_group", lang,
                                 name=group_name(catalog, result.product_group, lang))))
    out.extend((f.rule_id, f.message.get(lang)) for f in not_met(result))
    return out


def ordered(totals: Mapping[str | None, Totals],
            name: Callable[[str | None], str]) -> list[tuple[str | None, str, Totals]]:
    """(key, display name, totals) by value, largest first; ties by name; the unnamed key last."""
    rows = [(k, name(k), t) for k, t in totals.items()]
    rows.sort(key=lambda r: (r[0] is None, -r[2].value, r[1].casefold(), r[0] or ""))
    return rows


# -- formula neutralisation --------------------------------------------------------------------------

#: Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"), plus their
#: full-width forms.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


_FORMULA_FIRST = frozenset(FORMULA_START)


def neutralise(text: str) -> str:
    """Prefix ``'`` to a text cell that a spreadsheet would read as a formula (starts with ``=``,
    ``+``, ``-``, ``@``, a tab or a carriage return), as OWASP advises against CSV injection."""
    return "'" + text if text[:1] in _FORMULA_FIRST else text


# -- display width (terminal) ------------------------------------------------------------------------

def char_width(ch: str) -> int:
    """Terminal columns of one character: 0 for combining marks and format characters, 2 for wide
    East Asian characters, 1 otherwise."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Terminal columns ``text`` takes (Vietnamese in NFC or NFD form alike)."""
    return sum(char_width(ch) for ch in text)


def clip(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` columns, ending in ``…`` when cut (never inside a character
    and its combining marks)."""
    if display_width(text) <= width:
        return text
    out: list[str] = []
    used = 0
    for ch in text:
        w = char_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


# -- the writer base class ---------------------------------------------------------------------------

class ReportError(InputError):
    """A report cannot be written: an unsupported file extension or language, or an output path that
    cannot be created (missing folder, a folder in the way, no permission)."""


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.remove(path)


_OPEN, _CLOSED, _ABORTED = "open", "closed", "aborted"
#: Bytes of report written between two requests to the kernel to start writing them to disk.
WRITEBACK_BYTES = 64 << 20


class Writer:
    """Writes one report file, streaming: :meth:`write` once per record in input order, then
    :meth:`close` with the run's :class:`~green_procurement.batch.Summary`.

    The report is written to a temporary file next to ``path`` and renamed to ``path`` only when
    :meth:`close` succeeds; an exception (inside a ``with`` block, or in :meth:`close`) or
    :meth:`abort` removes it, so a half-written report never appears under the final name and an
    existing file there is left as it was.  Leaving the ``with`` block without calling :meth:`close`
    also discards the output.

    The path ``-.csv`` (``-.json``, ``-.html``, ``-.xlsx``) means standard output in that format: the
    report is built in a temporary file and copied to standard output by :meth:`close`, so a run
    that fails prints nothing.
    """

    format: ClassVar[str] = ""

    def __init__(self, path: str | os.PathLike[str], *, lang: str = "vi", catalog: Catalog | None = None,
                 version: str = "", evaluated_on: datetime.date | None = None,
                 rules: Sequence[Rule] = ()) -> None:
        self.path = Path(path)
        self.rules = tuple(rules)
        self.lang = check_lang(lang)
        self.catalog = catalog
        self.version = version
        self.evaluated_on = evaluated_on
        self.rows_written = 0
        self._state = _OPEN
        self._flushed_to = 0
        self.to_stdout = is_stdout(path)
        self._dir = Path(tempfile.gettempdir()) if self.to_stdout else self.path.parent
        self._tmp_path = _reserve(self.path, self._dir, check=not self.to_stdout)
        self._finalizer = weakref.finalize(self, _remove, str(self._tmp_path))
        try:
            self._start()
        except BaseException:
            self.abort()
            raise

    # -- public ------------------------------------------------------------------------------------
    @property
    def closed(self) -> bool:
        """True once the report is complete (closed) or discarded (aborted)."""
        return self._state != _OPEN

    def write(self, record: ItemRecord) -> None:
        """Add one record (call once per input row, in input order)."""
        self.write_fragment(self.fragment(record, self.lang, self.catalog))

    @classmethod
    def fragment(cls, record: ItemRecord, lang: str, catalog: Catalog | None) -> Any:
        """What this format writes for one record, as plain picklable data (a CSV line, a JSON
        text...).  Pure: ``check --jobs N`` computes fragments in the worker processes and the
        parent only writes them with :meth:`write_fragment`, so the output is the same for any N."""
        raise NotImplementedError

    def write_fragments(self, fragments: list[Any]) -> None:
        """Add the fragments of consecutive records (a chunk), as :meth:`write_fragment` would one
        by one."""
        self.write_pack(self.pack(fragments), len(fragments))

    @classmethod
    def pack(cls, fragments: list[Any]) -> Any:
        """The fragments of consecutive records in one piece, cheap to send from a worker process
        and to write (CSV and JSON: one bytes object).  By default the list itself."""
        return fragments

    def write_pack(self, pack: Any, rows: int) -> None:
        """Add the ``rows`` records of a :meth:`pack`."""
        if self._state != _OPEN:
            raise ValueError(f"report writer for {self.path} is {self._state}")
        if rows:
            self._write_pack(pack)      # rows_written still counts the records before the pack
            self.rows_written += rows

    def _write_pack(self, pack: Any) -> None:
        for f in pack:                  # the default pack: the fragment list
            self._write_fragment(f)

    def write_fragment(self, fragment: Any) -> None:
        """Add the fragment of one record (from :meth:`fragment`, same language and catalogue)."""
        if self._state != _OPEN:
            raise ValueError(f"report writer for {self.path} is {self._state}")
        self._write_fragment(fragment)
        self.rows_written += 1

    def close(self, summary: Summary) -> None:
        """Finish the report with the run's totals and move it to its final name (idempotent)."""
        if self._state == _CLOSED:
            return
        if self._state == _ABORTED:
            raise ValueError(f"report writer for {self.path} was aborted")
        try:
            self._finish(summary)
            if self.to_stdout:
                _copy_to_stdout(self._tmp_path)
                os.remove(self._tmp_path)
            else:
                with open(self._tmp_path, "rb+") as fh:
                    os.fsync(fh.fileno())
                os.replace(self._tmp_path, self.path)
        except BaseException:
            self.abort()
            raise
        self._finalizer.detach()
        self._state = _CLOSED

    def abort(self) -> None:
        """Discard the report: close and delete every temporary file; nothing appears at ``path``."""
        if self._state != _OPEN:
            return
        self._state = _ABORTED
        with contextlib.suppress(Exception):
            self._discard()
        self._finalizer()

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._state == _OPEN:
            self.abort()

    # -- for subclasses ----------------------------------------------------------------------------
    def _start(self) -> None:
        """Open the output (the temporary file is ``self._tmp_path``)."""

    def _write_fragment(self, fragment: Any) -> None:
        raise NotImplementedError

    def _finish(self, summary: Summary) -> None:
        """Write the rest and close every file handle."""
        raise NotImplementedError

    def _discard(self) -> None:
        """Close every file handle (the temporary report file is then deleted by the base class)."""

    def _written(self, fh: IO[bytes]) -> None:
        """Ask the kernel, every :data:`WRITEBACK_BYTES`, to start writing the report out to disk
        (``posix_fadvise``, which does not wait): a million rows make 3 GB of reports, and the
        fsync of :meth:`close` then waits for the last part only, not for all of it."""
        end = fh.tell()
        if end - self._flushed_to < WRITEBACK_BYTES:
            return
        fh.flush()
        advise = getattr(os, "posix_fadvise", None)
        if advise is not None:
            with contextlib.suppress(OSError):
                advise(fh.fileno(), self._flushed_to, end - self._flushed_to, os.POSIX_FADV_DONTNEED)
        self._flushed_to = end

    def _side_file(self) -> IO[bytes]:
        """An anonymous temporary file in the report's folder (deleted when closed), for the parts of
        a report that are streamed before the parts that come first in the file."""
        return tempfile.TemporaryFile("w+b", dir=self._dir)


def is_stdout(path: str | os.PathLike[str]) -> bool:
    """True for ``-.csv``, ``-.json``, ``-.html``, ``-.htm``, ``-.xlsx``: standard output in that format."""
    name = os.fspath(path)
    return isinstance(name, str) and name[:1] == "-" and name[1:].lower() in EXTENSIONS


def _copy_to_stdout(path: Path) -> None:
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    with open(path, "rb") as src:
        if buffer is not None:
            shutil.copyfileobj(src, buffer, 1 << 20)
            buffer.flush()
        else:  # a text-only stream (e.g. io.StringIO)
            for chunk in iter(lambda: src.read(1 << 20), b""):
                sys.stdout.write(chunk.decode("utf-8", "replace"))
            sys.stdout.flush()


def _reserve(path: Path, parent: Path, *, check: bool = True) -> Path:
    """Create an empty temporary file in ``parent`` (the report's folder, so that the final rename is
    atomic)."""
    if check and path.is_dir():
        raise ReportError(f"cannot write the report to {path}: it is a folder", path=str(path),
                          code="unwritable-output", hint="give a file name such as report.csv")
    if not parent.is_dir():
        raise ReportError(f"cannot write the report to {path}: the folder {parent} does not exist",
                          path=str(path), code="unwritable-output", hint="create the folder first")
    for _ in range(100):
        tmp = parent / f".{path.name}.{secrets.token_hex(4)}.part"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        except OSError as exc:
            raise ReportError(f"cannot write the report to {path}: {exc.strerror or exc}", path=str(path),
                              code="unwritable-output",
                              hint="choose a folder you can write to") from exc
        os.close(fd)
        return tmp
    raise ReportError(f"cannot create a temporary file next to {path}", path=str(path),  # pragma: no cover
                      code="unwritable-output")



def money_text(n: Number | None) -> str:
    """Exact money for data files: ``30000000`` or ``1234.5``; empty for none."""
    v = json_number(n)
    return "" if v is None else str(v)
