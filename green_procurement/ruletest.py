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
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_EVEN, Decimal

import attrs

from ._messages import Msg, msg, text
from ._ruletest_load import (
    CASE_OPTIONAL,
    CASE_REQUIRED,
    EXPECT_KEYS,
    EXPECT_STATUSES,
    FREE_KEYS,
    RULE_LISTS,
    TESTS_DIR,
    Case,
    Expect,
    default_tests_dir,
    load_cases,
)
from ._schema import Text
from .certificates import Certificate
from .engine import Engine
from .errors import GppError, Problem
from .explain import Explanation, explain_line, fmt_date, rule_applicability
from .results import ItemResult
from .rules import RuleSet

__all__ = [
    "CASE_OPTIONAL",
    "CASE_REQUIRED",
    "DEFAULT_ON",
    "EXPECT_KEYS",
    "EXPECT_STATUSES",
    "FREE_KEYS",
    "RULE_LISTS",
    "TESTS_DIR",
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

#: A text in both languages: a filled template, or the explanation's own text.
Bilingual = Msg | Text


# -- results --------------------------------------------------------------------------------------------

@attrs.frozen
class Failure:
    """One expectation that did not hold: ``key`` is group, status, score, met, not_met,
    not_applicable or error; ``expected``/``actual`` are the values as written in YAML."""

    key: str
    expected: str
    actual: str
    rule_id: str | None = None
    line: int | None = None
    actual_text: Bilingual | None = None     # the actual value in words (status reason, classification)
    details: tuple[tuple[Bilingual, Sequence[str], Sequence[str]], ...] = ()   # (label, vi lines, en lines)

    def text(self, lang: str = "vi") -> str:
        """``status: mong đợi green, thực tế partial (…)`` with the detail lines below it."""
        if self.key == "error":
            reason = self.actual_text.get(lang) if self.actual_text else self.actual
            return text("ruletest.could-not-run", lang, reason=reason)
        if self.rule_id is not None:
            head = text("ruletest.rule-failed", lang, rule=self.rule_id, expected=_outcome(self.expected, lang),
                        actual=_outcome(self.actual, lang))
        else:
            head = text("ruletest.key-failed", lang, key=self.key, expected=self.expected, actual=self.actual)
        if self.actual_text is not None:
            head += f" ({self.actual_text.get(lang)})"
        lines = [head]
        for label, vi_lines, en_lines in self.details:
            body = list(vi_lines if lang == "vi" else en_lines)
            if not body:
                continue
            lines.append(f"  {label.get(lang)}: {body[0].strip()}")
            lines += ["  " + b for b in body[1:]]
        return "\n".join(lines)

    def to_dict(self, lang: str = "vi") -> dict[str, object]:
        """JSON-ready form (texts in ``lang``)."""
        return {"key": self.key, "rule_id": self.rule_id, "expected": self.expected, "actual": self.actual,
                "line": self.line, "text": self.text(lang)}


def _outcome(outcome: str, lang: str) -> str:
    """``not_met`` as a case writes it, with its meaning in Vietnamese (``not_met (chưa đạt)``)."""
    mid = f"ruletest.outcome.{outcome}"
    return text(mid, lang) if outcome in RULE_LISTS else outcome


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

    def to_dict(self, lang: str = "vi") -> dict[str, object]:
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

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "rules": self.total, "met": self.met_count, "not_met": self.not_met_count, "both": self.both_count,
            "met_pct": self.percent("met"), "not_met_pct": self.percent("not_met"),
            "both_pct": self.percent("both"), "missing_met": self.missing("met"),
            "missing_not_met": self.missing("not_met"),
            "by_rule": [{"rule_id": r.rule_id, "met": list(r.met), "not_met": list(r.not_met)}
                        for r in self.rules],
        }


def format_problem(problem: Problem, lang: str = "vi") -> str:
    """``file:line:col: lỗi: message; hint [code]`` (``error``/``warning`` in English)."""
    return problem.format(lang)


def render_problems(problems: Iterable[Problem], lang: str = "vi") -> str:
    """Every problem on its own line, sorted by file and line."""
    return "\n".join(format_problem(p, lang) for p in sorted(problems, key=Problem.sort_key))


# -- running ----------------------------------------------------------------------------------------------

def _score_str(score: Decimal | None) -> str:
    """A score as written in YAML: ``60``, ``16.67`` or ``null`` (2 decimals, as results give it)."""
    if score is None:
        return "null"
    q = score.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
    return str(int(q)) if q == q.to_integral_value() else format(q.normalize(), "f")


def run_cases(engine: Engine, cases: Iterable[Case], default_on: datetime.date) -> Report:
    """Run every case on ``engine`` (on its own ``on`` date, else ``default_on``).

    Never raises for a bad case: an item the engine refuses is a failed case with the reason.  The cases
    of a file that declares ``certificates:`` run on an engine whose registries also hold them."""
    results = []
    engines: dict[tuple[Certificate, ...], Engine] = {}
    try:
        for case in cases:
            run_on = engine
            if case.certificates:
                run_on = engines.get(case.certificates) or engines.setdefault(
                    case.certificates, _with_certificates(engine, case.certificates))
            results.append(_run_case(run_on, case, case.on or default_on))
    finally:
        for e in engines.values():
            e.close()
    return Report(tuple(results), default_on, engine.version, engine.backend)


def _with_certificates(engine: Engine, entries: Sequence[Certificate]) -> Engine:
    """An engine on the same rules and backend whose catalogue's registries also hold ``entries``."""
    ruleset = engine.ruleset
    catalog = attrs.evolve(ruleset.catalog, certificates=ruleset.catalog.certificates.merged(entries))
    return Engine(attrs.evolve(ruleset, catalog=catalog), engine.backend)


def _run_case(engine: Engine, case: Case, on: datetime.date) -> CaseResult:
    try:
        result = engine.evaluate_line(case.item, on, entity=case.entity, funding=case.funding,
                                      path=f"cases[{case.index}].item")
    except GppError as exc:
        where = f"{exc.path}: " if exc.path else ""
        reason = Msg(where + exc.msg.en, where + exc.msg.vi)
        return CaseResult(case, on, None, (Failure("error", "", reason.en, line=case.line, actual_text=reason),))
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
                                        msg("ruletest.no-such-rule")))
                continue
            if actual == key:
                continue
            failures.append(_rule_failure(engine, explain(), key, actual, rid, exp.lines.get(rid), on))
    return CaseResult(case, on, result, tuple(failures))


def _rule_failure(engine: Engine, ex: Explanation, expected: str, actual: str, rid: str, line: int | None,
                  on: datetime.date) -> Failure:
    details: list[tuple[Bilingual, Sequence[str], Sequence[str]]] = []
    if actual == "not_applicable":
        rule = engine.ruleset.rule(rid)
        reasons = rule_applicability(rule, ex.group, on)
        details.append((msg("ruletest.why"), ["; ".join(t.vi for t in reasons)],
                        ["; ".join(t.en for t in reasons)]))
    else:
        rex = ex.rule(rid)
        if rex.reason is not None:
            details.append((msg("ruletest.why"), rex.reason.lines("vi"), rex.reason.lines("en")))
        if rex.message is not None:
            details.append((msg("ruletest.rule-message", outcome=actual),
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
    lines: list[str] = []
    for cr in report.results:
        c = cr.case
        when = text("ruletest.on", lang, day=fmt_date(cr.on))
        if cr.passed:
            if verbose:
                lines.append(f'{c.location()}: ✓ "{c.name}" ({when})')
            continue
        lines.append(f'{c.location()}: ✗ "{c.name}" ({when})')
        for f in cr.failures:
            where = text("ruletest.at-line", lang, line=f.line) if f.line else ""
            body = f.text(lang).split("\n")
            lines.append(f"    {where}{body[0]}")
            lines += ["      " + b for b in body[1:]]
    n = len(report.results)
    lines.append(text("ruletest.result", lang, cases=n, passed=report.passed, failed=report.failed,
                      day=fmt_date(report.default_on)))
    if n == 0:
        lines.append(text("ruletest.no-cases", lang))
    if cov is not None:
        lines += _coverage_lines(cov, lang)
    return "\n".join(lines)


def _pct(x: float, lang: str) -> str:
    number = f"{x:.0f}" if x == int(x) else f"{x:.1f}"
    return number.replace(".", ",") if lang == "vi" else number


def _coverage_lines(cov: Coverage, lang: str) -> list[str]:
    out = [text("ruletest.coverage", lang, met=cov.met_count, total=cov.total, met_pct=_pct(cov.percent("met"), lang),
                not_met=cov.not_met_count, not_met_pct=_pct(cov.percent("not_met"), lang), both=cov.both_count)]
    for r in cov.rules:
        if r.both:
            continue
        mid = "ruletest.never-applies" if not r.met and not r.not_met else \
            "ruletest.never-met" if not r.met else "ruletest.never-not-met"
        out.append(text(mid, lang, rule=r.rule_id))
    return out


def report_to_dict(report: Report, cov: Coverage | None = None, lang: str = "vi") -> dict[str, object]:
    """JSON-ready report: summary, every case (expected, actual, failures) and the coverage."""
    out: dict[str, object] = {
        "default_on": report.default_on.isoformat(), "version": report.version, "backend": report.backend,
        "cases": len(report.results), "passed": report.passed, "failed": report.failed, "ok": report.ok,
        "results": [r.to_dict(lang) for r in report.results],
    }
    if cov is not None:
        out["coverage"] = cov.to_dict()
    return out
