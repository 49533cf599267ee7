"""Rule tests written by policy staff: ``rules/tests/*.yaml``.

A rule test file lists *cases*: a realistic purchase line item and what the rules should say about
it.  ``green-procurement test`` runs every case against the loaded rules and reports each
expectation that failed as expected vs actual, then which rules the cases cover::

    # rules/tests/may-lanh.yaml
    on: 2025-06-01                   # optional: evaluation date of every case of the file
    cases:
      - name: "Máy lạnh 5 sao, nhãn còn hạn: xanh"
        on: 2025-06-01               # optional evaluation date (default: the file's `on`, else the
                                     # fixed date given to the runner — never today)
        request: {entity: "Sở Tài chính", funding: state-budget}     # optional
        item:                        # the fields of a line item; id is optional
          description: "Máy điều hòa Daikin 1.5HP"
          quantity: 2
          unit: bộ
          unit_price: 12900000
          product_group: air-conditioner     # optional: otherwise classified from code/description
          code: "8415.10"                    # optional; quote codes so YAML keeps them as text
          labels: [{scheme: vn-energy, grade: 5, valid_until: 2027-12-31}]
          attributes: {domestic: true}
        expect:                      # every key optional, at least one required
          group: air-conditioner     # a product-group id, or null for "unclassified"
          status: green              # green | partial | not_green | not_prioritised
          score: 100                 # 0..100 (compared at 2 decimals), or null for "no score"
          met: [GPP-LABEL-01, GPP-ENERGY-01]      # rules that apply and are met
          not_met: [GPP-ENERGY-04]                # rules that apply and are not met
          not_applicable: [GPP-PLASTIC-01]        # rules that do not apply
        note: "free text, anywhere"

Rules not listed are not checked.  :func:`load_cases` validates the files as strictly as the rule
loader (unknown keys and unknown rule ids with a did-you-mean, bad item fields located at their
line); :func:`run_cases` runs them on an engine; :func:`coverage` says, for every rule, whether some
case saw it met and some case saw it not met; :func:`render_text` and :func:`report_to_dict` present
the result.  Every message is in Vietnamese (``lang="vi"``, the default) or English (``"en"``).

>>> import datetime, green_procurement as gp                                      # doctest: +SKIP
>>> from green_procurement import ruletest                                         # doctest: +SKIP
>>> engine = gp.load_default()                                                     # doctest: +SKIP
>>> cases, problems = ruletest.load_cases(None, engine.ruleset)                    # doctest: +SKIP
>>> report = ruletest.run_cases(engine, cases, datetime.date(2025, 6, 1))          # doctest: +SKIP
>>> print(ruletest.render_text(report, ruletest.coverage(report, engine.ruleset)))  # doctest: +SKIP
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import Any

import attrs

from ._schema import Text
from ._yaml import Document, PathKey, YamlLoadError, load_yaml
from .engine import Engine
from .errors import ERROR, WARNING, GppError, InputError, Problem, closest
from .explain import Explanation, explain_line, fmt_date, rule_applicability
from .model import LineItem, parse_date
from .results import ItemResult
from .rules import RuleSet

__all__ = [
    "DEFAULT_ON",
    "Case",
    "CaseResult",
    "Coverage",
    "Expect",
    "Failure",
    "Report",
    "RuleCoverage",
    "coverage",
    "default_tests_dir",
    "format_problem",
    "load_cases",
    "render_problems",
    "render_text",
    "report_to_dict",
    "run_cases",
]

#: The runner's default evaluation date for a case whose file and case give none (what
#: ``green-procurement test`` uses without ``--on``): fixed, so that a test never depends on today.
DEFAULT_ON = datetime.date(2025, 6, 1)

#: Statuses a case may expect (``error`` is a row that could not be read: a bad item is a problem of
#: the test file instead).
EXPECT_STATUSES = ("green", "partial", "not_green", "not_prioritised")
EXPECT_KEYS = ("group", "status", "score", "met", "not_met", "not_applicable")
RULE_LISTS = ("met", "not_met", "not_applicable")
CASE_REQUIRED = ("name", "item", "expect")
CASE_OPTIONAL = ("on", "request")
FREE_KEYS = ("note",)
TESTS_DIR = "tests"

_OUTCOME_WORD = {
    "met": Text("met (đạt)", "met"),
    "not_met": Text("not_met (chưa đạt)", "not_met"),
    "not_applicable": Text("not_applicable (không áp dụng)", "not_applicable"),
}


# -- model ----------------------------------------------------------------------------------------------

@attrs.frozen
class Expect:
    """What a case expects; ``given`` names the keys the test file set (``group: null`` is given)."""

    given: tuple[str, ...]
    group: str | None = None
    status: str | None = None
    score: Decimal | None = None
    met: tuple[str, ...] = ()
    not_met: tuple[str, ...] = ()
    not_applicable: tuple[str, ...] = ()
    lines: Mapping[str, int] = attrs.field(factory=dict, eq=False)   # key or rule id -> line

    def to_dict(self) -> dict[str, Any]:
        """The expectations as written (only the given keys)."""
        out: dict[str, Any] = {}
        for key in self.given:
            v = getattr(self, key)
            if key == "score" and v is not None:
                v = int(v) if v == v.to_integral_value() else float(v)
            out[key] = list(v) if isinstance(v, tuple) else v
        return out


@attrs.frozen
class Case:
    """One test case of a rule test file."""

    name: str
    item: LineItem
    expect: Expect
    on: datetime.date | None = None
    entity: str | None = None
    funding: str | None = None
    path: str = ""
    line: int | None = None
    index: int = 0

    def location(self) -> str:
        """``file:line`` of the case."""
        return f"{self.path}:{self.line}" if self.line is not None else self.path


@attrs.frozen
class Failure:
    """One expectation that did not hold: ``key`` is group, status, score, met, not_met,
    not_applicable or error; ``expected``/``actual`` are the values as written in YAML."""

    key: str
    expected: str
    actual: str
    rule_id: str | None = None
    line: int | None = None
    actual_text: Text | None = None     # the actual value in words (status reason, classification)
    details: tuple[tuple[Text, Sequence[str], Sequence[str]], ...] = ()   # (label, vi lines, en lines)

    def text(self, lang: str = "vi") -> str:
        """``status: mong đợi green, thực tế partial (…)`` with the detail lines below it."""
        vi = lang == "vi"
        if self.key == "error":
            reason = self.actual_text.get(lang) if self.actual_text else self.actual
            return f"không chạy được ca này: {reason}" if vi else f"the case could not run: {reason}"
        elif self.rule_id is not None:
            exp = _OUTCOME_WORD.get(self.expected, Text(self.expected, self.expected)).get(lang)
            act = _OUTCOME_WORD.get(self.actual, Text(self.actual, self.actual)).get(lang)
            head = (f"{self.rule_id}: mong đợi {exp}, thực tế {act}" if vi
                    else f"{self.rule_id}: expected {exp}, got {act}")
        else:
            head = (f"{self.key}: mong đợi {self.expected}, thực tế {self.actual}" if vi
                    else f"{self.key}: expected {self.expected}, got {self.actual}")
        if self.actual_text is not None:
            head += f" ({self.actual_text.get(lang)})"
        lines = [head]
        for label, vi_lines, en_lines in self.details:
            body = list(vi_lines if vi else en_lines)
            if not body:
                continue
            lines.append(f"  {label.get(lang)}: {body[0].strip()}")
            lines += ["  " + b for b in body[1:]]
        return "\n".join(lines)

    def to_dict(self, lang: str = "vi") -> dict[str, Any]:
        """JSON-ready form (texts in ``lang``)."""
        return {"key": self.key, "rule_id": self.rule_id, "expected": self.expected, "actual": self.actual,
                "line": self.line, "text": self.text(lang)}


@attrs.frozen
class CaseResult:
    """A case, the engine's result for it and the expectations that failed."""

    case: Case
    on: datetime.date
    result: ItemResult | None
    failures: tuple[Failure, ...] = ()

    @property
    def passed(self) -> bool:
        """Every expectation of the case held."""
        return not self.failures

    @property
    def outcomes(self) -> dict[str, str]:
        """Rule id -> ``met``/``not_met`` for every rule that applied."""
        return {f.rule_id: f.outcome for f in self.result.findings} if self.result else {}

    def to_dict(self, lang: str = "vi") -> dict[str, Any]:
        """JSON-ready form (texts in ``lang``)."""
        r = self.result
        return {
            "name": self.case.name, "file": self.case.path, "line": self.case.line,
            "evaluated_on": self.on.isoformat(), "passed": self.passed,
            "expect": self.case.expect.to_dict(),
            "actual": None if r is None else {
                "group": r.product_group, "status": r.status, "score": r.score,
                "met": sorted(k for k, v in self.outcomes.items() if v == "met"),
                "not_met": sorted(k for k, v in self.outcomes.items() if v == "not_met")},
            "failures": [f.to_dict(lang) for f in self.failures],
        }


@attrs.frozen
class Report:
    """The result of :func:`run_cases`."""

    results: tuple[CaseResult, ...]
    default_on: datetime.date
    version: str = ""
    backend: str = ""

    @property
    def passed(self) -> int:
        """How many cases passed."""
        return sum(r.passed for r in self.results)

    @property
    def failed(self) -> int:
        """How many cases failed (an expectation did not hold, or the case could not run)."""
        return len(self.results) - self.passed

    @property
    def ok(self) -> bool:
        """Every case passed (and there was at least one)."""
        return bool(self.results) and self.failed == 0


@attrs.frozen
class RuleCoverage:
    """Which cases saw one rule met and not met (``file:line`` of each case)."""

    rule_id: str
    met: tuple[str, ...] = ()
    not_met: tuple[str, ...] = ()

    @property
    def both(self) -> bool:
        """Some case saw the rule met and some case saw it not met."""
        return bool(self.met) and bool(self.not_met)


@attrs.frozen
class Coverage:
    """For every rule of a rule set (in rule order), the cases that saw it met / not met."""

    rules: tuple[RuleCoverage, ...]

    @property
    def total(self) -> int:
        """How many rules the rule set has."""
        return len(self.rules)

    @property
    def met_count(self) -> int:
        """Rules seen met by some case."""
        return sum(bool(r.met) for r in self.rules)

    @property
    def not_met_count(self) -> int:
        """Rules seen not met by some case."""
        return sum(bool(r.not_met) for r in self.rules)

    @property
    def both_count(self) -> int:
        """Rules seen both met and not met."""
        return sum(r.both for r in self.rules)

    @property
    def complete(self) -> bool:
        """Every rule was seen both met and not met."""
        return self.both_count == self.total

    def percent(self, which: str) -> float:
        """``met``, ``not_met`` or ``both``: the share of rules covered, 0–100 (100 for no rules)."""
        n = {"met": self.met_count, "not_met": self.not_met_count, "both": self.both_count}[which]
        return round(100.0 * n / self.total, 2) if self.total else 100.0

    def missing(self, which: str) -> list[str]:
        """Rule ids never seen ``met`` (or ``not_met``)."""
        return [r.rule_id for r in self.rules if not getattr(r, which)]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "rules": self.total, "met": self.met_count, "not_met": self.not_met_count, "both": self.both_count,
            "met_pct": self.percent("met"), "not_met_pct": self.percent("not_met"),
            "both_pct": self.percent("both"), "missing_met": self.missing("met"),
            "missing_not_met": self.missing("not_met"),
            "by_rule": [{"rule_id": r.rule_id, "met": list(r.met), "not_met": list(r.not_met)}
                        for r in self.rules],
        }


# -- messages ----------------------------------------------------------------------------------------------

def _describe(value: Any, lang: str) -> str:
    vi = lang == "vi"
    if value is None:
        return "để trống (null)" if vi else "nothing (null)"
    if isinstance(value, bool):
        return (f"giá trị có/không {str(value).lower()}" if vi else f"yes/no value {str(value).lower()}")
    if isinstance(value, (int, Decimal, float)):
        return (f"số {value}" if vi else f"number {value}")
    if isinstance(value, datetime.date):
        return (f"ngày {value.isoformat()}" if vi else f"date {value.isoformat()}")
    if isinstance(value, str):
        return (f"chữ {value!r}" if vi else f"text {value!r}")
    if isinstance(value, list):
        return "một danh sách" if vi else "a list"
    if isinstance(value, dict):
        return "một bảng khóa: giá trị" if vi else "a mapping"
    return type(value).__name__


def _did_you_mean(word: object, candidates: Iterable[str], lang: str) -> str | None:
    best = closest(word, candidates)
    if best is None:
        return None
    return f"có phải là '{best}'?" if lang == "vi" else f"did you mean '{best}'?"


# English InputError texts of the data model -> Vietnamese (the rest is kept, in a Vietnamese frame)
_VI_INPUT: list[tuple[re.Pattern[str], str]] = [(re.compile(p), r) for p, r in [
    (r"unknown field '(.+)'", "không có trường '{0}' trong mục hàng"),
    (r"is required", "bắt buộc phải có"),
    (r"must not be empty", "không được để trống"),
    (r"must be greater than 0, found (.+)", "phải lớn hơn 0 (đang là {0})"),
    (r"must not be negative, found (.+)", "không được âm (đang là {0})"),
    (r"(.+) is larger than the limit (.+)", "{0} vượt giới hạn {1}"),
    (r"(.+) has more than (\d+) decimal places", "{0} có quá {1} chữ số thập phân"),
    (r"(.+) has more than (\d+) significant digits", "{0} có quá {1} chữ số có nghĩa"),
    (r"expected (?:a number|a quantity|a price in VND), found (.+)", "phải là một số, đang là {0}"),
    (r"expected a date, found (.+)", "phải là một ngày (YYYY-MM-DD hoặc dd/mm/yyyy), đang là {0}"),
    (r"(.+) is not a real date", "{0} không phải là ngày có thật"),
    (r"expected text, found (.+)", "phải là chữ, đang là {0}"),
    (r"expected yes/no \(true or false\), found (.+)", "phải là true hoặc false, đang là {0}"),
    (r"expected a whole number, found (.+)", "phải là số nguyên, đang là {0}"),
    (r"expected a number, found (.+)", "phải là một số, đang là {0}"),
    (r"(.+) is outside (.+)\.\.(.+)", "{0} nằm ngoài khoảng cho phép {1}..{2}"),
    (r"'(.+)' is not one of (.+)", "'{0}' không thuộc các giá trị cho phép: {1}"),
    (r"unknown label scheme '(.+)'", "không có nhãn '{0}' trong danh mục nhãn (catalog/labels.yaml)"),
    (r"label '(.+)' has no grades, found grade (.+)", "nhãn '{0}' không có hạng, nhưng mục hàng ghi hạng {1}"),
    (r"grade (.+) is not on the scale of '(.+)' \((.+)\)", "hạng {0} không có trong thang hạng của nhãn '{1}' ({2})"),
    (r"unknown product group '(.+)'", "không có nhóm sản phẩm '{0}' trong danh mục (catalog/products.yaml)"),
    (r"expected a list of label claims, found (.+)", "labels phải là một danh sách nhãn, đang là {0}"),
    (r"expected a mapping of attribute names to values, found (.+)",
     "attributes phải là bảng tên thuộc tính: giá trị, đang là {0}"),
    (r"expected a mapping \(object\), found (.+)", "phải là một bảng khóa: giá trị, đang là {0}"),
    (r"a numeric grade must be a whole number, found (.+)", "hạng bằng số phải là số nguyên, đang là {0}"),
    (r"expected a grade \(number or text\), found (.+)", "hạng phải là số hoặc chữ, đang là {0}"),
    (r"expected text, yes/no or a number, found (.+)", "thuộc tính phải là chữ, true/false hoặc số, đang là {0}"),
    (r"attribute names must be text, found (.+)", "tên thuộc tính phải là chữ, đang là {0}"),
    (r"given twice \(after Unicode normalisation\)", "bị ghi hai lần"),
]]
_VI_HINT: list[tuple[re.Pattern[str], str]] = [(re.compile(p), r) for p, r in [
    (r"did you mean '(.+)'\?", "có phải là '{0}'?"),
    (r"allowed fields: (.+)", "các trường hợp lệ: {0}"),
    (r"write plain digits .*", "viết số liền, dùng dấu chấm cho phần thập phân, ví dụ 12500000 hoặc 2.5"),
    (r"write YYYY-MM-DD or dd/mm/yyyy", "viết YYYY-MM-DD hoặc dd/mm/yyyy"),
    (r"check the day and month", "kiểm tra lại ngày và tháng"),
    (r"remove the grade", "bỏ hạng (grade) đi"),
    (r"leave it empty to classify by description", "để trống thì hệ thống phân loại theo mô tả"),
    (r"see `green-procurement catalog labels` for the ids",
     "xem mã nhãn bằng lệnh `green-procurement catalog labels`"),
    (r"attributes hold single values, not lists or mappings",
     "mỗi thuộc tính chỉ có một giá trị, không phải danh sách hay bảng"),
]]


def _translate(text: str | None, table: list[tuple[re.Pattern[str], str]]) -> str | None:
    if text is None:
        return None
    for pattern, repl in table:
        m = pattern.fullmatch(text)
        if m:
            return repl.format(*m.groups())
    return None


#: Problems carry both languages (``message_vi``/``hint_vi``) when the installed errors module has them.
_BILINGUAL = "message_vi" in attrs.fields_dict(Problem)


def _problem(vi: str, en: str, code: str, path: str | None, line: int | None = None, column: int | None = None,
             level: str = ERROR, hint: tuple[str | None, str | None] = (None, None), lang: str = "vi") -> Problem:
    """A problem in both languages where :class:`Problem` supports it, else in ``lang``."""
    if _BILINGUAL:
        return Problem(en, code, path, line, column, level, hint[1], vi, hint[0])  # type: ignore[call-arg]
    vi_side = lang == "vi"
    return Problem(vi if vi_side else en, code, path, line, column, level, hint[0] if vi_side else hint[1])


def _message(p: Problem | GppError, lang: str) -> str:
    if lang == "vi" and getattr(p, "message_vi", None):
        return str(p.message_vi)  # type: ignore[union-attr]
    return p.message


def _hint(p: Problem | GppError, lang: str) -> str | None:
    if lang == "vi" and getattr(p, "hint_vi", None):
        return str(p.hint_vi)  # type: ignore[union-attr]
    return p.hint


def _yaml_problem(p: Problem, lang: str) -> Problem:
    """A YAML loading problem with its Vietnamese text (translated here when the loader gave none)."""
    if getattr(p, "message_vi", None):
        return p
    vi = _yaml_problem_vi(p)
    if vi is p:
        return p
    if _BILINGUAL:
        return attrs.evolve(p, message_vi=vi.message, hint_vi=vi.hint)  # type: ignore[misc]
    return vi if lang == "vi" else p


def _yaml_problem_vi(p: Problem) -> Problem:
    """A YAML loading problem (written in English by the loader) in Vietnamese."""
    m = re.fullmatch(r"duplicate key '(.+)' \(first at line (\d+)\).*", p.message)
    if m:
        msg = (f"khóa '{m.group(1)}' bị ghi hai lần (lần đầu ở dòng {m.group(2)}); YAML sẽ âm thầm chỉ giữ "
               "lần sau cùng")
        hint = "xóa hoặc đổi tên một trong hai"
    elif p.code == "yaml-syntax":
        msg = f"tệp YAML sai cú pháp ({p.message.removeprefix('invalid YAML: ')})"
        hint = "kiểm tra thụt lề, dấu hai chấm và dấu nháy"
    elif p.code == "yaml-merge-key":
        msg, hint = "không hỗ trợ khóa gộp (<<)", "viết đầy đủ các khóa"
    elif p.code == "yaml-encoding":
        msg, hint = "tệp không phải văn bản UTF-8", "lưu lại tệp với mã hóa UTF-8"
    elif p.code == "yaml-too-large":
        msg, hint = "tệp quá lớn", "chia thành nhiều tệp nhỏ hơn"
    elif p.code == "yaml-alias-limit":
        msg, hint = f"dùng quá nhiều bí danh (alias) YAML ({p.message})", "viết các giá trị ra đầy đủ"
    elif p.code == "file-unreadable":
        msg, hint = f"không đọc được tệp ({p.message})", "kiểm tra quyền đọc tệp"
    else:
        return p
    return attrs.evolve(p, message=msg, hint=hint)


def format_problem(problem: Problem, lang: str = "vi") -> str:
    """``file:line:col: lỗi: message; hint [code]`` (``error``/``warning`` in English)."""
    level = problem.level
    if lang == "vi":
        level = {"error": "lỗi", "warning": "cảnh báo"}.get(level, level)
    hint = _hint(problem, lang)
    text = _message(problem, lang) + (f"; {hint}" if hint else "")
    return f"{problem.location()}: {level}: {text} [{problem.code}]"


def render_problems(problems: Iterable[Problem], lang: str = "vi") -> str:
    """Every problem on its own line, sorted by file and line."""
    return "\n".join(format_problem(p, lang) for p in sorted(problems, key=Problem.sort_key))


# -- loading ------------------------------------------------------------------------------------------------

def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def default_tests_dir(ruleset: RuleSet | None = None) -> Path:
    """``<rules>/tests``: of the rule set's directory, or of the shipped rules."""
    if ruleset is not None and ruleset.directory and not ruleset.directory.startswith("<"):
        return Path(ruleset.directory) / TESTS_DIR
    from .rules import default_rules_dir

    return default_rules_dir() / TESTS_DIR


def load_cases(directory: str | Path | None = None, ruleset: RuleSet | None = None, *,
               lang: str = "vi") -> tuple[list[Case], list[Problem]]:
    """Load and validate every ``*.yaml`` test file of ``directory`` (default ``<rules>/tests``).

    With ``ruleset``, rule ids and groups are checked against it and every item is enriched once
    against its catalogue (unknown label schemes, grades off the scale, attributes of the wrong
    type).  Returns the valid cases and every problem (each located at file:line:column, message in
    ``lang``); a case with a problem is left out."""
    root = Path(directory) if directory is not None else default_tests_dir(ruleset)
    if not root.is_dir():
        return [], [_problem(
            f"không tìm thấy thư mục ca kiểm thử: {root}", f"rule tests directory not found: {root}",
            "missing-directory", str(root),
            hint=("tạo thư mục này và đặt vào các tệp *.yaml có danh sách 'cases:' (xem hướng dẫn ở đầu "
                  "green_procurement/ruletest.py)",
                  "create it with *.yaml files holding a 'cases:' list (see green_procurement/ruletest.py)"),
            lang=lang)]
    files = sorted(p for p in root.iterdir() if p.is_file() and p.suffix in (".yaml", ".yml"))
    if not files:
        return [], [_problem(
            "thư mục ca kiểm thử không có tệp *.yaml nào", "no rule test files (*.yaml) in the directory",
            "missing-file", _display(root),
            hint=("thêm ít nhất một tệp có danh sách 'cases:'", "add at least one file with a 'cases:' list"),
            lang=lang)]
    cases: list[Case] = []
    problems: list[Problem] = []
    for path in files:
        shown = _display(path)
        try:
            doc = load_yaml(path, shown)
        except YamlLoadError as exc:
            problems.append(_yaml_problem(exc.problem, lang))
            continue
        checker = _CaseChecker(doc, ruleset, lang)
        cases += checker.cases()
        problems += checker.problems
    return cases, sorted(problems, key=Problem.sort_key)


class _CaseChecker:
    """Validates one test file; messages in ``lang``."""

    def __init__(self, doc: Document, ruleset: RuleSet | None, lang: str) -> None:
        self.doc = doc
        self.ruleset = ruleset
        self.lang = lang
        self.problems: list[Problem] = [_yaml_problem(p, lang) for p in doc.problems]
        self.rule_ids = tuple(r.id for r in ruleset.rules) if ruleset else None
        self.file_on: datetime.date | None = None
        self.enricher = None
        if ruleset is not None:
            from .enrich import Enricher

            self.enricher = Enricher(ruleset.catalog, ruleset.scoring.undated_certificates, ())

    # -- recording --
    def err(self, path: PathKey, vi: str, en: str, code: str, hint: tuple[str | None, str | None] = (None, None),
            *, key: bool = False, level: str = ERROR) -> None:
        loc = self.doc.loc(path, key=key)
        self.problems.append(_problem(vi, en, code, self.doc.path, loc.line if loc else None,
                                      loc.column if loc else None, level, hint, self.lang))

    def wrong(self, value: Any, path: PathKey, what_vi: str, what_en: str) -> None:
        name = next((p for p in reversed(path) if isinstance(p, str)), "value")
        plain = self.doc.plain.get(path)
        hint: tuple[str | None, str | None] = (None, None)
        if plain is not None and not isinstance(value, str):
            hint = (f'nếu là chữ, hãy đặt trong dấu nháy: "{plain}"', f'if it is text, quote it: "{plain}"')
        self.err(path, f"'{name}' phải là {what_vi}, đang là {_describe(value, 'vi')}",
                 f"'{name}' must be {what_en}, found {_describe(value, 'en')}", "wrong-type", hint)

    def mapping(self, value: Any, path: PathKey, required: Sequence[str], optional: Sequence[str],
                what_vi: str, what_en: str) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.wrong(value, path, what_vi, what_en)
            return None
        allowed = (*required, *optional, *FREE_KEYS)
        for k in value:
            if k not in allowed:
                dym = (_did_you_mean(k, allowed, "vi"), _did_you_mean(k, allowed, "en"))
                self.err(path + (k,), f"khóa '{k}' không hợp lệ", f"unknown key '{k}'", "unknown-key",
                         (dym[0] or f"các khóa hợp lệ: {', '.join(allowed)}",
                          dym[1] or f"allowed keys: {', '.join(allowed)}"), key=True)
        for k in required:
            if k not in value:
                self.err(path, f"thiếu khóa '{k}'", f"missing key '{k}'", "missing-key",
                         (f"thêm {k}: ...", f"add {k}: ..."))
        return value

    def text(self, value: Any, path: PathKey) -> str | None:
        if not isinstance(value, str):
            self.wrong(value, path, "chữ", "text")
            return None
        import unicodedata

        text = unicodedata.normalize("NFC", value).strip()
        if not text:
            name = next((p for p in reversed(path) if isinstance(p, str)), "value")
            self.err(path, f"'{name}' không được để trống", f"'{name}' must not be empty", "empty")
            return None
        return text

    def date(self, value: Any, path: PathKey) -> datetime.date | None:
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value
        if isinstance(value, str):
            try:
                return parse_date(value, "on")
            except InputError:
                pass
        self.wrong(value, path, "một ngày YYYY-MM-DD (hoặc dd/mm/yyyy)", "a date YYYY-MM-DD (or dd/mm/yyyy)")
        return None

    # -- the file --
    def cases(self) -> list[Case]:
        data = self.doc.data
        top = self.mapping(data, (), ("cases",), ("on",), "một bảng có khóa 'cases:'", "a mapping with 'cases:'")
        if top is None or "cases" not in top:
            return []
        self.file_on = self.date(top["on"], ("on",)) if top.get("on") is not None else None
        lst = top["cases"]
        if not isinstance(lst, list):
            self.wrong(lst, ("cases",), "một danh sách các ca", "a list of cases")
            return []
        if not lst:
            self.err(("cases",), "danh sách 'cases' đang trống", "'cases' is empty", "empty",
                     ("thêm ít nhất một ca", "add at least one case"))
        out = []
        names: dict[str, int | None] = {}
        for i, entry in enumerate(lst):
            case = self.case(entry, i)
            if case is None:
                continue
            if case.name in names:
                self.err(("cases", i, "name"), f"tên ca '{case.name}' trùng với ca ở dòng {names[case.name]}",
                         f"case name '{case.name}' is also used at line {names[case.name]}", "duplicate-name",
                         ("đặt tên khác cho một trong hai ca", "rename one of them"), level=WARNING)
            names.setdefault(case.name, case.line)
            out.append(case)
        return out

    def case(self, entry: Any, i: int) -> Case | None:
        p: PathKey = ("cases", i)
        d = self.mapping(entry, p, CASE_REQUIRED, CASE_OPTIONAL, "một ca (bảng có name, item, expect)",
                         "a case (a mapping with name, item, expect)")
        if d is None:
            return None
        before = len(self.problems)
        name = self.text(d["name"], p + ("name",)) if "name" in d else None
        on = self.date(d["on"], p + ("on",)) if d.get("on") is not None else self.file_on
        entity = funding = None
        if d.get("request") is not None:
            req = self.mapping(d["request"], p + ("request",), (), ("entity", "funding"),
                               "một bảng {entity, funding}", "a mapping {entity, funding}")
            if req is not None:
                entity = self.text(req["entity"], p + ("request", "entity")) if req.get("entity") is not None \
                    else None
                funding = self.text(req["funding"], p + ("request", "funding")) \
                    if req.get("funding") is not None else None
        item = self.item(d["item"], p + ("item",), i, on) if "item" in d else None
        expect = self.expect(d["expect"], p + ("expect",)) if "expect" in d else None
        if len(self.problems) != before or name is None or item is None or expect is None:
            return None
        loc = self.doc.loc(p)
        return Case(name, item, expect, on, entity, funding, self.doc.path, loc.line if loc else None, i)

    def item(self, value: Any, p: PathKey, i: int, on: datetime.date | None) -> LineItem | None:
        if not isinstance(value, dict):
            self.wrong(value, p, "một mục hàng (bảng description, quantity, unit_price, ...)",
                       "a line item (a mapping of description, quantity, unit_price, ...)")
            return None
        data = {k: v for k, v in value.items() if k not in FREE_KEYS}
        data.setdefault("id", str(i + 1))
        try:
            item = LineItem.from_dict(data, "")
        except InputError as exc:
            self.input_problem(exc, p, "")
            return None
        if self.enricher is not None:
            try:
                self.enricher.enrich_line(item, on or datetime.date(2025, 1, 1), path="item")
            except InputError as exc:
                self.input_problem(exc, p, "item")
                return None
        return item

    def input_problem(self, exc: InputError, base: PathKey, prefix: str) -> None:
        """Locate an InputError of the data model (``labels[0].grade``) inside the item."""
        where = exc.path or ""
        if prefix and where.startswith(prefix):
            where = where[len(prefix):].lstrip(".")
        sub = tuple(int(idx) if idx else key for key, idx in re.findall(r"([^.\[\]]+)|\[(\d+)\]", where))
        path = base + sub
        key = exc.message.startswith("unknown field")
        shown = where or "item"
        message = _DECIMAL_REPR.sub(r"\1", exc.message)
        msg_vi = _DECIMAL_REPR.sub(r"\1", getattr(exc, "message_vi", None) or "") or \
            _translate(message, _VI_INPUT) or f"không hợp lệ: {message}"
        hint_vi = getattr(exc, "hint_vi", None) or _translate(exc.hint, _VI_HINT) or exc.hint
        hint_en = exc.hint
        value = _lookup(self.doc.data, path)
        plain = self.doc.plain.get(path)
        if plain is not None and message.startswith("expected text") and value is not _MISSING \
                and not isinstance(value, str):
            hint_vi = f'nếu là chữ, hãy đặt trong dấu nháy: "{plain}"'
            hint_en = f'if it is text, quote it: "{plain}"'
        self.err(path, f"mục hàng: {shown}: {msg_vi}", f"item: {shown}: {message}", exc.code,
                 (hint_vi, hint_en), key=key)

    def expect(self, value: Any, p: PathKey) -> Expect | None:
        d = self.mapping(value, p, (), EXPECT_KEYS, "một bảng các điều mong đợi (status, met, ...)",
                         "a mapping of expectations (status, met, ...)")
        if d is None:
            return None
        given = tuple(k for k in EXPECT_KEYS if k in d)
        if not given:
            self.err(p, "'expect' cần ít nhất một điều mong đợi", "'expect' needs at least one expectation",
                     "empty", (f"thêm một trong các khóa: {', '.join(EXPECT_KEYS)}",
                               f"add one of: {', '.join(EXPECT_KEYS)}"))
            return None
        before = len(self.problems)
        lines: dict[str, int] = {}
        for k in given:
            loc = self.doc.loc(p + (k,), key=True)
            if loc:
                lines[k] = loc.line
        group = None
        if d.get("group") is not None:
            group = self.text(d["group"], p + ("group",))
            if group is not None and self.ruleset is not None and group not in self.ruleset.catalog.groups:
                groups = list(self.ruleset.catalog.groups)
                self.err(p + ("group",), f"không có nhóm sản phẩm '{group}' trong danh mục",
                         f"unknown product group '{group}'", "unknown-group",
                         (_did_you_mean(group, groups, "vi") or "xem catalog/products.yaml; ghi null nếu mong đợi "
                          "mặt hàng chưa phân loại",
                          _did_you_mean(group, groups, "en") or "see catalog/products.yaml; write null for "
                          "an unclassified item"))
        status = None
        if "status" in d:
            v = d["status"]
            if not isinstance(v, str) or v not in EXPECT_STATUSES:
                self.err(p + ("status",),
                         f"'status' phải là một trong {', '.join(EXPECT_STATUSES)}, đang là {_describe(v, 'vi')}",
                         f"'status' must be one of {', '.join(EXPECT_STATUSES)}, found {_describe(v, 'en')}",
                         "bad-value",
                         (_did_you_mean(v, EXPECT_STATUSES, "vi"), _did_you_mean(v, EXPECT_STATUSES, "en")))
            else:
                status = v
        score = None
        if d.get("score") is not None:
            v = d["score"]
            if isinstance(v, bool) or not isinstance(v, (int, Decimal)) or (
                    isinstance(v, Decimal) and not v.is_finite()):
                self.wrong(v, p + ("score",), "một số từ 0 đến 100 (hoặc null)", "a number from 0 to 100 (or null)")
            elif not 0 <= v <= 100:
                self.err(p + ("score",), f"'score' phải từ 0 đến 100, đang là {v}",
                         f"'score' must be between 0 and 100, found {v}", "out-of-range")
            else:
                score = Decimal(v)
        lists: dict[str, tuple[str, ...]] = {}
        seen: dict[str, str] = {}
        for key in RULE_LISTS:
            if key not in d:
                continue
            ids = self.rule_list(d[key], p + (key,), key, seen, lines)
            lists[key] = tuple(ids)
        if len(self.problems) != before:
            return None
        return Expect(given, group, status, score, lists.get("met", ()), lists.get("not_met", ()),
                      lists.get("not_applicable", ()), lines)

    def rule_list(self, value: Any, p: PathKey, key: str, seen: dict[str, str],
                  lines: dict[str, int]) -> list[str]:
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.wrong(value, p, "một danh sách mã quy tắc, ví dụ [GPP-LABEL-01]",
                       "a list of rule ids, e.g. [GPP-LABEL-01]")
            return []
        out = []
        for j, v in enumerate(value):
            rid = self.text(v, p + (j,))
            if rid is None:
                continue
            if self.rule_ids is not None and rid not in self.rule_ids:
                self.err(p + (j,), f"không có quy tắc '{rid}' trong bộ quy tắc", f"unknown rule '{rid}'",
                         "unknown-rule",
                         (_did_you_mean(rid, self.rule_ids, "vi") or "xem mã quy tắc trong rules/*.yaml",
                          _did_you_mean(rid, self.rule_ids, "en") or "see the rule ids in rules/*.yaml"))
                continue
            if rid in seen:
                other = seen[rid]
                if other == key:
                    self.err(p + (j,), f"quy tắc '{rid}' được ghi hai lần trong '{key}'",
                             f"rule '{rid}' is listed twice in '{key}'", "duplicate-value",
                             ("xóa một lần ghi", "remove one of them"))
                else:
                    self.err(p + (j,),
                             f"quy tắc '{rid}' vừa ở '{other}' vừa ở '{key}': một ca không thể mong đợi cả hai",
                             f"rule '{rid}' is in both '{other}' and '{key}': a case cannot expect both",
                             "contradiction", ("giữ lại một trong hai", "keep only one"))
                continue
            seen[rid] = key
            loc = self.doc.loc(p + (j,))
            if loc:
                lines[rid] = loc.line
            out.append(rid)
        return out


_MISSING = object()
_DECIMAL_REPR = re.compile(r"Decimal\('([^']*)'\)")


def _lookup(data: Any, path: PathKey) -> Any:
    cur = data
    for part in path:
        if isinstance(part, int) and isinstance(cur, list) and part < len(cur):
            cur = cur[part]
        elif isinstance(part, str) and isinstance(cur, dict) and part in cur:
            cur = cur[part]
        else:
            return _MISSING
    return cur


# -- running ----------------------------------------------------------------------------------------------

def _score_str(score: Decimal | None) -> str:
    """A score as written in YAML: ``60``, ``16.67`` or ``null`` (2 decimals, as results give it)."""
    if score is None:
        return "null"
    q = score.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
    return str(int(q)) if q == q.to_integral_value() else format(q.normalize(), "f")


def run_cases(engine: Engine, cases: Iterable[Case], default_on: datetime.date) -> Report:
    """Run every case on ``engine`` (on its own ``on`` date, else ``default_on``).

    Never raises for a bad case: an item the engine refuses is a failed case with the reason."""
    results = []
    for case in cases:
        results.append(_run_case(engine, case, case.on or default_on))
    return Report(tuple(results), default_on, engine.version, engine.backend)


def _run_case(engine: Engine, case: Case, on: datetime.date) -> CaseResult:
    try:
        result = engine.evaluate_line(case.item, on, entity=case.entity, funding=case.funding,
                                      path=f"cases[{case.index}].item")
    except GppError as exc:
        where = f"{exc.path}: " if exc.path else ""
        text = Text(where + _message(exc, "vi"), where + _message(exc, "en"))
        return CaseResult(case, on, None, (Failure("error", "", text.en, line=case.line, actual_text=text),))
    exp = case.expect
    failures: list[Failure] = []
    explanation: list[Explanation] = []

    def explain() -> Explanation:
        if not explanation:
            explanation.append(explain_line(engine, case.item, on, case.entity, case.funding))
        return explanation[0]

    if "group" in exp.given and exp.group != result.product_group:
        cls = explain().classification_text()
        failures.append(Failure("group", exp.group or "null", result.product_group or "null",
                                line=exp.lines.get("group"), actual_text=cls))
    if "status" in exp.given and exp.status != result.status:
        failures.append(Failure("status", exp.status or "", result.status, line=exp.lines.get("status"),
                                actual_text=explain().status_text()))
    if "score" in exp.given:
        want = _score_str(exp.score)
        got = _score_str(result.score_exact)
        if want != got:
            failures.append(Failure("score", want, got, line=exp.lines.get("score"),
                                    actual_text=explain().score_text()))
    outcomes = {f.rule_id: f for f in result.findings}
    known = {r.id for r in engine.ruleset.rules}
    for key in RULE_LISTS:
        for rid in getattr(exp, key):
            finding = outcomes.get(rid)
            actual = finding.outcome if finding else "not_applicable"
            if rid not in known:
                failures.append(Failure(key, key, "unknown", rid, exp.lines.get(rid),
                                        Text("không có quy tắc này trong bộ quy tắc", "no such rule in the rule set")))
                continue
            if actual == key:
                continue
            failures.append(_rule_failure(engine, explain(), key, actual, rid, exp.lines.get(rid), on))
    return CaseResult(case, on, result, tuple(failures))


def _rule_failure(engine: Engine, ex: Explanation, expected: str, actual: str, rid: str, line: int | None,
                  on: datetime.date) -> Failure:
    details: list[tuple[Text, Sequence[str], Sequence[str]]] = []
    if actual == "not_applicable":
        rule = engine.ruleset.rule(rid)
        reasons = rule_applicability(rule, ex.group, on)
        details.append((Text("lý do", "why"), ["; ".join(t.vi for t in reasons)],
                        ["; ".join(t.en for t in reasons)]))
    else:
        rex = ex.rule(rid)
        if rex.reason is not None:
            details.append((Text("lý do", "why"), rex.reason.lines("vi"), rex.reason.lines("en")))
        if rex.message is not None:
            details.append((Text(f"thông báo {actual} của quy tắc", f"the rule's {actual} message"),
                            [rex.message.vi], [rex.message.en]))
    return Failure(expected, expected, actual, rid, line, None, tuple(details))


# -- coverage -----------------------------------------------------------------------------------------------

def coverage(report: Report, ruleset: RuleSet) -> Coverage:
    """For every rule of ``ruleset``: the cases whose findings have it met, and not met.

    A case counts whether or not it asserted the rule; cases that could not run do not count."""
    met: dict[str, list[str]] = {r.id: [] for r in ruleset.rules}
    not_met: dict[str, list[str]] = {r.id: [] for r in ruleset.rules}
    for cr in report.results:
        for rid, outcome in cr.outcomes.items():
            target = met if outcome == "met" else not_met
            if rid in target:
                target[rid].append(cr.case.location())
    return Coverage(tuple(RuleCoverage(r.id, tuple(met[r.id]), tuple(not_met[r.id])) for r in ruleset.rules))


# -- rendering ----------------------------------------------------------------------------------------------

def render_text(report: Report, cov: Coverage | None = None, lang: str = "vi", *, verbose: bool = False) -> str:
    """The report as text: each failing case (``file:line``, name, every failed expectation as
    expected vs actual), a summary, and the coverage with the rules still to cover."""
    vi = lang == "vi"
    lines: list[str] = []
    for cr in report.results:
        c = cr.case
        when = f"ngày {fmt_date(cr.on)}" if vi else f"on {fmt_date(cr.on)}"
        if cr.passed:
            if verbose:
                lines.append(f'{c.location()}: ✓ "{c.name}" ({when})')
            continue
        lines.append(f'{c.location()}: ✗ "{c.name}" ({when})')
        for f in cr.failures:
            where = f"dòng {f.line}: " if vi and f.line else (f"line {f.line}: " if f.line else "")
            body = f.text(lang).split("\n")
            lines.append(f"    {where}{body[0]}")
            lines += ["      " + b for b in body[1:]]
    n = len(report.results)
    if vi:
        lines.append(f"Kết quả: {n} ca, {report.passed} đạt, {report.failed} không đạt "
                     f"(ngày đánh giá mặc định {fmt_date(report.default_on)}).")
    else:
        lines.append(f"Result: {n} case(s), {report.passed} passed, {report.failed} failed "
                     f"(default evaluation date {fmt_date(report.default_on)}).")
    if n == 0:
        lines.append("Chưa có ca kiểm thử nào." if vi else "There are no test cases.")
    if cov is not None:
        lines += _coverage_lines(cov, lang)
    return "\n".join(lines)


def _pct(x: float, lang: str) -> str:
    text = f"{x:.0f}" if x == int(x) else f"{x:.1f}"
    return text.replace(".", ",") if lang == "vi" else text


def _coverage_lines(cov: Coverage, lang: str) -> list[str]:
    vi = lang == "vi"
    out = [
        (f"Độ phủ quy tắc: {cov.met_count}/{cov.total} quy tắc có ca đạt ({_pct(cov.percent('met'), lang)}%), "
         f"{cov.not_met_count}/{cov.total} có ca chưa đạt ({_pct(cov.percent('not_met'), lang)}%), "
         f"{cov.both_count}/{cov.total} có cả hai.") if vi else
        (f"Rule coverage: {cov.met_count}/{cov.total} rules seen met ({_pct(cov.percent('met'), lang)}%), "
         f"{cov.not_met_count}/{cov.total} seen not met ({_pct(cov.percent('not_met'), lang)}%), "
         f"{cov.both_count}/{cov.total} both.")]
    for r in cov.rules:
        if r.both:
            continue
        if not r.met and not r.not_met:
            out.append(f"  {r.rule_id}: chưa có ca nào mà quy tắc này áp dụng — hãy thêm một ca nó đạt và một ca "
                       "nó chưa đạt" if vi else
                       f"  {r.rule_id}: no case where it applies — add one case that meets it and one that does not")
        elif not r.met:
            out.append(f"  {r.rule_id}: chưa có ca nào mà quy tắc này đạt — hãy thêm một ca nó đạt" if vi else
                       f"  {r.rule_id}: no case meets it — add a case that meets it")
        else:
            out.append(f"  {r.rule_id}: chưa có ca nào mà quy tắc này chưa đạt — hãy thêm một ca nó chưa đạt"
                       if vi else f"  {r.rule_id}: no case fails it — add a case where it is not met")
    return out


def report_to_dict(report: Report, cov: Coverage | None = None, lang: str = "vi") -> dict[str, Any]:
    """JSON-ready report: summary, every case (expected, actual, failures) and the coverage."""
    out: dict[str, Any] = {
        "default_on": report.default_on.isoformat(), "version": report.version, "backend": report.backend,
        "cases": len(report.results), "passed": report.passed, "failed": report.failed, "ok": report.ok,
        "results": [r.to_dict(lang) for r in report.results],
    }
    if cov is not None:
        out["coverage"] = cov.to_dict()
    return out
