"""Rule files (``rules/*.yaml``, ``rules/scoring.yaml``): loading, validation and the rule IR.

:func:`check_rules` reports every problem of every file at once, located at file:line:column with a
did-you-mean for misspelt operators, fields, groups, tags and labels.  :func:`load_ruleset` returns a
:class:`RuleSet` — the catalogue, the validated rules and the scoring thresholds, plus a version hash
over every loaded file — or raises :class:`RuleError` (or :class:`CatalogError`).
"""

from __future__ import annotations

import datetime
import hashlib
import re
import string
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from ._messages import Msg, join, msg
from ._schema import Checker, Text, in_period
from ._yaml import PathKey, YamlLoadError, load_yaml
from .bidpolicy import BIDS_FILE, BidPolicy, check_bid_policy
from .catalog import AppliesTo, Catalog, ProductGroup, check_applies_to, check_catalog
from .errors import CatalogError, Problem, RuleError, suggest
from .lang import ir
from .lang.fields import ATTRIBUTES, PARAMS, PLACEHOLDERS
from .lang.parse import ConditionChecker

__all__ = [
    "AppliesTo",
    "Rule",
    "RuleSet",
    "Scoring",
    "check_rules",
    "load_ruleset",
]

SEVERITIES = ("requirement", "criterion", "warning", "info")
SCORED = ("requirement", "criterion")
RULE_ID = re.compile(r"[A-Z][A-Z0-9]*(?:[-_.][A-Z0-9]+)*")
SCORING_FILE = "scoring.yaml"
MAX_POINTS = 1000


@attrs.frozen
class Rule:
    """One validated rule; ``when`` is its condition in the IR (see :mod:`green_procurement.ir`)."""

    id: str
    title: Text
    basis: str
    applies_to: AppliesTo
    severity: str
    points: int
    when: ir.Cond
    message_met: Text
    message_not_met: Text
    effective_from: datetime.date | None = None
    effective_to: datetime.date | None = None
    note: str | None = None
    path: str = attrs.field(default="", eq=False)
    line: int | None = attrs.field(default=None, eq=False)

    def in_effect(self, on: datetime.date) -> bool:
        """The evaluation date is inside ``effective`` (both ends inclusive)."""
        return in_period(on, self.effective_from, self.effective_to)

    def applies(self, group: ProductGroup | None, on: datetime.date) -> bool:
        return self.in_effect(on) and self.applies_to.matches(group)


@attrs.frozen
class Scoring:
    """Thresholds from ``rules/scoring.yaml``."""

    green_min_score: int | Decimal = 70
    undated_certificates: str = "reject"
    source: str | None = None
    #: reject | accept: a claim of a scheme that has a registry (catalog/certificates/) and is not
    #: verified against it (not found, no number, dates that disagree) is not ``valid``
    unverified_certificates: str = "reject"


@attrs.frozen
class RuleSet:
    """A catalogue plus validated rules and scoring: what an :class:`~green_procurement.Engine` runs.

    ``version`` is the sha256 over every catalogue and rule file loaded (names and bytes)."""

    catalog: Catalog
    rules: tuple[Rule, ...]
    scoring: Scoring
    directory: str
    files: tuple[tuple[str, str], ...]
    #: the bid preference settings (``bids.yaml``), None when the rules directory has none
    bids: BidPolicy | None = None

    @property
    def version(self) -> str:
        h = hashlib.sha256()
        for name, digest in (tuple((f"catalog/{n}", d) for n, d in self.catalog.files)
                             + tuple((f"rules/{n}", d) for n, d in self.files)):
            h.update(f"{name}\0{digest}\n".encode())
        return h.hexdigest()

    def rule(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)


def default_rules_dir() -> Path:
    from ._resources import data_dir

    return data_dir("rules")


def rule_files(root: Path) -> list[Path]:
    """The rule files of a rules directory, sorted (``scoring.yaml``, ``bids.yaml`` and sub-folders excluded).

    A ``*.yaml`` entry that is not a folder is a rule file even when it cannot be read (a link to a
    missing file, no permission): loading it then reports the problem, so that no rule file is
    silently left out."""
    return sorted(p for p in root.iterdir()
                  if p.suffix in (".yaml", ".yml") and p.name not in (SCORING_FILE, BIDS_FILE)
                  and (p.is_symlink() or not p.is_dir()))


def check_rules(catalog: Catalog, directory: str | Path | None = None
                ) -> tuple[RuleSet | None, list[Problem]]:
    """Validate a rules directory against a catalogue: the rule set (None on error), all problems."""
    from .catalog import _display

    root = Path(directory) if directory is not None else default_rules_dir()
    problems: list[Problem] = []
    if not root.is_dir():
        problems.append(Problem.of(msg("rules.no-directory", root=root), "missing-directory", str(root),
                                   hint=msg("rules.no-directory.hint")))
        return None, problems
    hashes: list[tuple[str, str]] = []
    rules: list[Rule] = []
    seen: dict[str, tuple[str, int | None]] = {}
    files = rule_files(root)
    if not files:
        problems.append(Problem.of(msg("rules.no-files"), "missing-file", _display(root),
                                   hint=msg("rules.no-files.hint")))
    for path in files:
        try:
            doc = load_yaml(path, _display(path))
        except YamlLoadError as exc:
            problems.append(exc.problem)
            continue
        hashes.append((path.name, hashlib.sha256(path.read_bytes()).hexdigest()))
        c = _RuleChecker(doc, catalog)
        rules += c.rules(seen)
        problems += c.problems

    scoring = None
    spath = root / SCORING_FILE
    if not spath.is_file():
        problems.append(Problem.of(msg("rules.no-scoring"), "missing-file", _display(spath),
                                   hint=msg("rules.no-scoring.hint")))
    else:
        try:
            sdoc = load_yaml(spath, _display(spath))
            hashes.append((SCORING_FILE, hashlib.sha256(spath.read_bytes()).hexdigest()))
            sc = Checker(sdoc)
            scoring = _scoring(sc)
            problems += sc.problems
        except YamlLoadError as exc:
            problems.append(exc.problem)

    bids = None
    bpath = root / BIDS_FILE
    if bpath.is_file():
        try:
            bdoc = load_yaml(bpath, _display(bpath))
            hashes.append((BIDS_FILE, hashlib.sha256(bpath.read_bytes()).hexdigest()))
            bids, bproblems = check_bid_policy(bdoc, catalog)
            problems += bproblems
        except YamlLoadError as exc:
            problems.append(exc.problem)

    problems = list(dict.fromkeys(problems))   # the same problem found twice is reported once
    if any(p.level == "error" for p in problems) or scoring is None:
        return None, problems
    problems += _coverage_warnings(catalog, rules)
    return RuleSet(catalog, tuple(rules), scoring, str(root), tuple(sorted(hashes)), bids), problems


def _coverage_warnings(catalog: Catalog, rules: Iterable[Rule]) -> list[Problem]:
    out = []
    scored = [r for r in rules if r.severity in SCORED and r.points > 0]
    for g in catalog.groups.values():
        if g.priority and not any(r.applies_to.matches(g) for r in scored):
            out.append(Problem.of(msg("rules.unscored-group", group=g.id), "unscored-priority-group", g.path,
                                  g.line, g.column, "warning", msg("rules.unscored-group.hint")))
    return out


def load_ruleset(catalog: str | Path | None = None, rules: str | Path | None = None) -> RuleSet:
    """Load and validate a catalogue and a rules directory (defaults: the shipped ones).

    Raises :class:`CatalogError` or :class:`RuleError` listing every problem; nothing is half loaded.
    """
    cat, cproblems = check_catalog(catalog)
    if cat is None:
        raise CatalogError.from_problems(cproblems)
    ruleset, rproblems = check_rules(cat, rules)
    if ruleset is None:
        raise RuleError.from_problems(rproblems)
    return ruleset


def _scoring(c: Checker) -> Scoring | None:
    top = c.mapping(c.doc.data, (), required=("scoring",), what=msg("expect.top-scoring"))
    if top is None or "scoring" not in top:
        return None
    d = c.mapping(top["scoring"], ("scoring",), required=("green_min_score",),
                  optional=("undated_certificates", "unverified_certificates", "source"))
    if d is None:
        return None
    before = len(c.problems)
    score = c.number(d["green_min_score"], ("scoring", "green_min_score")) \
        if "green_min_score" in d else None
    if score is not None and not 0 <= score <= 100:
        c.range_error(("scoring", "green_min_score"), score, 0, 100)
    elif score is not None and 0 < score <= 1:
        c.warning(("scoring", "green_min_score"), msg("rules.score-fraction", score=score), "score-fraction",
                  hint=msg("rules.score-fraction.hint", pct=int(score * 100) if score * 100 == int(score * 100)
                           else score * 100))
    undated = "reject"
    if "undated_certificates" in d:
        undated = c.enum(d["undated_certificates"], ("scoring", "undated_certificates"),
                         ("reject", "accept")) or "reject"
    unverified = "reject"
    if "unverified_certificates" in d:
        unverified = c.enum(d["unverified_certificates"], ("scoring", "unverified_certificates"),
                            ("reject", "accept")) or "reject"
    source = c.opt_text(d, "source", ("scoring",))
    if len(c.problems) != before or score is None:
        return None
    return Scoring(score, undated, source, unverified)


class _RuleChecker(ConditionChecker):
    """Checks one rule file; conditions are read by :class:`~green_procurement.lang.parse.ConditionChecker`."""

    # -- rules -------------------------------------------------------------------------------
    def rules(self, seen: dict[str, tuple[str, int | None]]) -> list[Rule]:
        top = self.mapping(self.doc.data, (), required=("rules",), what=msg("expect.top-list", key="rules"))
        if top is None or "rules" not in top:
            return []
        out = []
        for i, entry in enumerate(self.seq(top["rules"], ("rules",), allow_empty=False) or ()):
            rule = self.rule(entry, ("rules", i), seen)
            if rule is not None:
                out.append(rule)
        return out

    def rule(self, entry: Any, p: PathKey, seen: dict[str, tuple[str, int | None]]) -> Rule | None:
        d = self.mapping(entry, p, required=("id", "title", "applies_to", "severity", "when", "message"),
                         optional=("basis", "points", "effective"))
        if d is None:
            return None
        before = len(self.problems)
        rid = None
        if "id" in d:
            rid = self.text(d["id"], p + ("id",))
            if rid is not None and not RULE_ID.fullmatch(rid):
                self.error(p + ("id",), msg("rules.rule-id", id=rid), "bad-id", hint=msg("rules.rule-id.hint"))
                rid = None
            elif rid is not None and not self.unique_id(rid, p + ("id",), seen, msg("what.rule")):
                rid = None
        title = self.bilingual(d["title"], p + ("title",)) if "title" in d else None
        basis = self.basis(d, p)
        applies = self.applies_to(d["applies_to"], p + ("applies_to",)) if "applies_to" in d else None
        severity = self.enum(d["severity"], p + ("severity",), SEVERITIES) if "severity" in d else None
        points = self.points(d, p, severity)
        self.scope_groups = self.groups_of(applies)
        when = self.cond(d["when"], p + ("when",), "item") if "when" in d else None
        met, not_met = self.messages(d["message"], p + ("message",)) if "message" in d else (None, None)
        eff_from, eff_to = self.effective(d.get("effective"), p + ("effective",))
        note = self.opt_text(d, "note", p)
        self.scope_groups = None
        if len(self.problems) != before or None in (rid, title, basis, applies, severity, when, met,
                                                    not_met):
            return None
        loc = self.doc.loc(p)
        return Rule(rid, title, basis, applies, severity, points, when, met, not_met,  # type: ignore[arg-type]
                    eff_from, eff_to, note, self.doc.path, loc.line if loc else None)

    def applies_to(self, value: Any, p: PathKey) -> AppliesTo | None:
        return check_applies_to(self, value, p, self.catalog.groups)

    def groups_of(self, applies: AppliesTo | None) -> list[ProductGroup] | None:
        if applies is None:
            return None
        return [g for g in self.catalog.groups.values() if applies.matches(g)]

    def points(self, d: dict[str, Any], p: PathKey, severity: str | None) -> int:
        if "points" not in d or d["points"] is None:
            if severity == "criterion":
                self.error(p, msg("rules.criterion-points"), "missing-key", hint=msg("rules.criterion-points.hint"))
            return 0
        if severity in ("warning", "info"):
            self.error(p + ("points",), msg("rules.points-not-allowed", severity=severity), "points-not-allowed",
                       key=True, hint=msg("rules.points-not-allowed.hint"))
            return 0
        pts = self.integer(d["points"], p + ("points",), minimum=0, maximum=MAX_POINTS)
        if pts == 0 and severity == "criterion":
            self.error(p + ("points",), msg("rules.zero-points"), "out-of-range", hint=msg("rules.zero-points.hint"))
        return pts or 0

    def messages(self, value: Any, p: PathKey) -> tuple[Text | None, Text | None]:
        d = self.mapping(value, p, required=("met", "not_met"),
                         what=msg("expect.messages"))
        if d is None:
            return None, None
        out: list[Text | None] = []
        for key in ("met", "not_met"):
            if key not in d:
                out.append(None)
                continue
            mp = p + (key,)
            m = self.mapping(d[key], mp, required=(), optional=("vi", "en"), what=msg("expect.bilingual"))
            if m is None:
                out.append(None)
                continue
            texts = {}
            for lang in ("vi", "en"):
                if m.get(lang) is None or (isinstance(m[lang], str) and not m[lang].strip()):
                    self.error(mp + (lang,) if lang in m else mp,
                               msg("rules.missing-message", key=key, lang_name=msg(f"lang.{lang}")),
                               "missing-message", hint=msg("rules.missing-message.hint", lang=lang))
                    continue
                t = self.text(m[lang], mp + (lang,))
                if t is not None:
                    self.placeholders(t, mp + (lang,))
                    texts[lang] = t
            out.append(Text(texts["vi"], texts["en"]) if len(texts) == 2 else None)
        return out[0], out[1]

    def placeholders(self, text: str, p: PathKey) -> None:
        try:
            parsed = list(string.Formatter().parse(text))
        except ValueError as exc:
            self.error(p, msg("rules.bad-braces", reason=_brace_reason(str(exc))), "bad-placeholder",
                       hint=msg("rules.bad-braces.hint"))
            return
        allowed = tuple(PLACEHOLDERS) + tuple(f"{ATTRIBUTES}.{a}" for a in self.attr_ids) + tuple(
            f"{PARAMS}.{n}" for n in self.param_names)
        for _, name, spec, conv in parsed:
            if name is None:
                continue
            if spec or conv:
                self.error(p, msg("rules.placeholder-format", name=name), "bad-placeholder",
                           hint=msg("rules.placeholder-format.hint", name=name))
            elif name not in allowed:
                self.error(p, msg("rules.unknown-placeholder", name=name), "unknown-placeholder",
                           hint=suggest(name, allowed) or msg("rules.unknown-placeholder.hint",
                                                              names=join(PLACEHOLDERS)))
            elif name.startswith(PARAMS + "."):
                self.param_available(name[len(PARAMS) + 1:], p)


_BRACES = {
    "Single '}' encountered in format string": "braces.single-close",
    "Single '{' encountered in format string": "braces.single-open",
    "expected '}' before end of string": "braces.unclosed",
}


def _brace_reason(reason: str) -> Msg:
    """Why :class:`string.Formatter` refused a message, in both languages."""
    return msg(_BRACES[reason]) if reason in _BRACES else msg("braces.other", reason=reason)


def rules_by_id(rules: Iterable[Rule]) -> Mapping[str, Rule]:
    return {r.id: r for r in rules}
