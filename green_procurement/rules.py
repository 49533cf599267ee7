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

from . import ir
from ._pattern import PatternError, parse_phrases
from ._schema import Checker, Text
from ._yaml import Document, PathKey, YamlLoadError, load_yaml
from .catalog import ISO_TYPES, KINDS, Catalog, ProductGroup, check_catalog
from .errors import CatalogError, Problem, RuleError, did_you_mean

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
OPS = ("eq", "ne", "gt", "gte", "lt", "lte", "in", "not_in", "exists", "matches")
ORDER_OPS = ("gt", "gte", "lt", "lte")
COMBINATORS = ("all", "any", "not", "any_label", "no_label")
RULE_ID = re.compile(r"[A-Z][A-Z0-9]*(?:[-_.][A-Z0-9]+)*")
SCORING_FILE = "scoring.yaml"
MAX_IN_VALUES = 200
MAX_POINTS = 1000

ITEM_FIELDS: dict[str, str] = {
    "group": ir.TEXT, "priority": ir.BOOLEAN, "classified": ir.BOOLEAN, "tags": ir.LIST,
    "quantity": ir.NUMBER, "unit_price": ir.NUMBER, "value": ir.NUMBER, "description": ir.TEXT,
    "code": ir.TEXT, "unit": ir.TEXT, "entity": ir.TEXT, "funding": ir.TEXT,
    "label_count": ir.NUMBER,
}
LABEL_FIELDS: dict[str, str] = {
    "scheme": ir.TEXT, "kind": ir.TEXT, "iso_type": ir.TEXT, "recognised": ir.BOOLEAN,
    "accepted": ir.BOOLEAN, "valid": ir.BOOLEAN, "expiry_known": ir.BOOLEAN,
    "days_to_expiry": ir.NUMBER, "grade": "grade", "grade_rank": ir.NUMBER, "certificate": ir.TEXT,
}
PLACEHOLDERS = ("item_id", "description", "group", "group_name", "quantity", "unit", "unit_price",
                "value", "code", "entity", "labels")
_ATTR_TYPES = {"boolean": ir.BOOLEAN, "number": ir.NUMBER, "integer": ir.NUMBER, "text": ir.TEXT}


@attrs.frozen
class AppliesTo:
    """Which items a rule applies to: every item, or those of some groups or carrying some tags."""

    all: bool = False
    groups: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()

    def matches(self, group: ProductGroup | None) -> bool:
        if self.all:
            return True
        if group is None:
            return False
        return group.id in self.groups or not self.tags.isdisjoint(group.tags)

    def to_dict(self) -> Any:
        if self.all:
            return "all"
        out: dict[str, list[str]] = {}
        if self.groups:
            out["groups"] = sorted(self.groups)
        if self.tags:
            out["tags"] = sorted(self.tags)
        return out


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
        if self.effective_from is not None and on < self.effective_from:
            return False
        return not (self.effective_to is not None and on > self.effective_to)

    def applies(self, group: ProductGroup | None, on: datetime.date) -> bool:
        return self.in_effect(on) and self.applies_to.matches(group)


@attrs.frozen
class Scoring:
    """Thresholds from ``rules/scoring.yaml``."""

    green_min_score: int | Decimal = 70
    undated_certificates: str = "reject"
    source: str | None = None


@attrs.frozen
class RuleSet:
    """A catalogue plus validated rules and scoring: what an :class:`~green_procurement.Engine` runs.

    ``version`` is the sha256 over every catalogue and rule file loaded (names and bytes)."""

    catalog: Catalog
    rules: tuple[Rule, ...]
    scoring: Scoring
    directory: str
    files: tuple[tuple[str, str], ...]

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
    """The rule files of a rules directory, sorted (``scoring.yaml`` and sub-folders excluded)."""
    return sorted(p for p in root.iterdir()
                  if p.is_file() and p.suffix in (".yaml", ".yml") and p.name != SCORING_FILE)


def check_rules(catalog: Catalog, directory: str | Path | None = None
                ) -> tuple[RuleSet | None, list[Problem]]:
    """Validate a rules directory against a catalogue: the rule set (None on error), all problems."""
    from .catalog import _display

    root = Path(directory) if directory is not None else default_rules_dir()
    problems: list[Problem] = []
    if not root.is_dir():
        problems.append(Problem(f"rules directory not found: {root}", "missing-directory", str(root),
                                hint="pass --rules DIR with *.yaml rule files and scoring.yaml"))
        return None, problems
    hashes: list[tuple[str, str]] = []
    rules: list[Rule] = []
    seen: dict[str, tuple[str, int | None]] = {}
    files = rule_files(root)
    if not files:
        problems.append(Problem("no rule files (*.yaml) in the rules directory", "missing-file",
                                _display(root), hint="add at least one file with a 'rules:' list"))
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
        problems.append(Problem("missing scoring.yaml in the rules directory", "missing-file",
                                _display(spath),
                                hint="create it with 'scoring: {green_min_score: 70}'"))
    else:
        try:
            sdoc = load_yaml(spath, _display(spath))
            hashes.append((SCORING_FILE, hashlib.sha256(spath.read_bytes()).hexdigest()))
            c = Checker(sdoc)
            scoring = _scoring(c)
            problems += c.problems
        except YamlLoadError as exc:
            problems.append(exc.problem)

    if any(p.level == "error" for p in problems) or scoring is None:
        return None, problems
    problems += _engine_limits(rules)
    if any(p.level == "error" for p in problems):
        return None, problems
    problems += _coverage_warnings(catalog, rules)
    return RuleSet(catalog, tuple(rules), scoring, str(root), tuple(sorted(hashes))), problems


def _engine_limits(rules: Iterable[Rule]) -> list[Problem]:
    """Rules the durable-rules compiler cannot express (too many alternatives), one problem each."""
    from .compiler import compile_rules

    out = []
    for rule in rules:
        try:
            compile_rules([rule])
        except RuleError as exc:
            out.append(Problem(exc.message, exc.code, rule.path, rule.line, None, "error", exc.hint))
    return out


def _coverage_warnings(catalog: Catalog, rules: Iterable[Rule]) -> list[Problem]:
    out = []
    scored = [r for r in rules if r.severity in SCORED and r.points > 0]
    for g in catalog.groups.values():
        if g.priority and not any(r.applies_to.matches(g) for r in scored):
            out.append(Problem(f"priority group '{g.id}' has no rule with points: its items can never "
                               "be green", "unscored-priority-group", g.path, g.line, g.column,
                               "warning", "add a requirement or criterion that applies to it"))
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
    top = c.mapping(c.doc.data, (), required=("scoring",), what="a mapping with 'scoring:'")
    if top is None or "scoring" not in top:
        return None
    d = c.mapping(top["scoring"], ("scoring",), required=("green_min_score",),
                  optional=("undated_certificates", "source"))
    if d is None:
        return None
    before = len(c.problems)
    score = c.number(d["green_min_score"], ("scoring", "green_min_score")) \
        if "green_min_score" in d else None
    if score is not None and not 0 <= score <= 100:
        c.error(("scoring", "green_min_score"), f"'green_min_score' must be between 0 and 100, found "
                f"{score}", "out-of-range")
    undated = "reject"
    if "undated_certificates" in d:
        undated = c.enum(d["undated_certificates"], ("scoring", "undated_certificates"),
                         ("reject", "accept")) or "reject"
    source = c.opt_text(d, "source", ("scoring",))
    if len(c.problems) != before or score is None:
        return None
    return Scoring(score, undated, source)


class _RuleChecker(Checker):
    def __init__(self, doc: Document, catalog: Catalog) -> None:
        super().__init__(doc)
        self.catalog = catalog
        self.attr_ids = tuple(catalog.attributes)
        self.param_names = tuple(sorted(catalog.param_names))
        self.tags = tuple(sorted(catalog.tags))
        self.groups = tuple(catalog.groups)
        self.labels = tuple(catalog.labels)
        self.scope_groups: list[ProductGroup] | None = None  # groups the current rule applies to

    # -- rules -------------------------------------------------------------------------------
    def rules(self, seen: dict[str, tuple[str, int | None]]) -> list[Rule]:
        top = self.mapping(self.doc.data, (), required=("rules",), what="a mapping with a 'rules:' list")
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
                self.error(p + ("id",), f"rule id '{rid}' must be upper-case letters and digits "
                           "joined by '-'", "bad-id", hint="e.g. GPP-ENERGY-01")
                rid = None
            elif rid is not None and not self.unique_id(rid, p + ("id",), seen, "rule"):
                rid = None
        title = self.bilingual(d["title"], p + ("title",)) if "title" in d else None
        basis = None
        if d.get("basis") is None or (isinstance(d["basis"], str) and not d["basis"].strip()):
            self.error(p + ("basis",) if "basis" in d else p,
                       "missing 'basis': every rule must cite its legal basis", "missing-basis",
                       hint="add basis: \"Luật Bảo vệ môi trường 2020, Điều 146; ...\"")
        else:
            basis = self.text(d["basis"], p + ("basis",))
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
        if value == "all":
            return AppliesTo(all=True)
        if isinstance(value, str):
            self.error(p, f"'applies_to' must be 'all' or a mapping {{groups: [...]}} / {{tags: [...]}}, "
                       f"found {value!r}", "bad-value", hint=did_you_mean(value, ["all"]))
            return None
        d = self.mapping(value, p, optional=("groups", "tags"),
                         what="'all' or a mapping {groups: [...], tags: [...]}")
        if d is None:
            return None
        if not d.get("groups") and not d.get("tags"):
            self.error(p, "'applies_to' names no group and no tag", "empty",
                       hint="write applies_to: all, or list groups or tags")
            return None
        ok = True
        groups = self.text_list(d["groups"], p + ("groups",), ident=True) if d.get("groups") else []
        for j, g in enumerate(groups):
            if g not in self.catalog.groups:
                ok = False
                self.error(p + ("groups", j), f"unknown product group '{g}'", "unknown-group",
                           hint=did_you_mean(g, self.groups) or "see catalog/products.yaml")
        tags = self.text_list(d["tags"], p + ("tags",), ident=True) if d.get("tags") else []
        for j, t in enumerate(tags):
            if t not in self.tags:
                ok = False
                self.error(p + ("tags", j), f"unknown tag '{t}' (no product group has it)", "unknown-tag",
                           hint=did_you_mean(t, self.tags) or "see the tags in catalog/products.yaml")
        return AppliesTo(False, frozenset(groups), frozenset(tags)) if ok else None

    def groups_of(self, applies: AppliesTo | None) -> list[ProductGroup] | None:
        if applies is None:
            return None
        return [g for g in self.catalog.groups.values() if applies.matches(g)]

    def points(self, d: dict[str, Any], p: PathKey, severity: str | None) -> int:
        if "points" not in d or d["points"] is None:
            if severity == "criterion":
                self.error(p, "a criterion needs 'points' (what meeting it earns)", "missing-key",
                           hint="add points: 10")
            return 0
        if severity in ("warning", "info"):
            self.error(p + ("points",), f"a {severity} rule cannot carry points", "points-not-allowed",
                       key=True, hint="remove 'points', or make the rule a criterion")
            return 0
        pts = self.integer(d["points"], p + ("points",), minimum=0, maximum=MAX_POINTS)
        if pts == 0 and severity == "criterion":
            self.error(p + ("points",), "a criterion must earn more than 0 points", "out-of-range")
        return pts or 0

    def effective(self, value: Any, p: PathKey) -> tuple[datetime.date | None, datetime.date | None]:
        if value is None:
            return None, None
        d = self.mapping(value, p, optional=("from", "to"), what="a mapping {from: date, to: date}")
        if d is None:
            return None, None
        start = self.date(d["from"], p + ("from",)) if d.get("from") is not None else None
        end = self.date(d["to"], p + ("to",)) if d.get("to") is not None else None
        if start and end and start > end:
            self.error(p + ("from",), f"'effective.from' {start} is after 'effective.to' {end}",
                       "bad-effective", hint="swap the dates, or correct the year")
        return start, end

    def messages(self, value: Any, p: PathKey) -> tuple[Text | None, Text | None]:
        d = self.mapping(value, p, required=("met", "not_met"),
                         what="a mapping {met: {vi, en}, not_met: {vi, en}}")
        if d is None:
            return None, None
        out = []
        for key in ("met", "not_met"):
            if key not in d:
                out.append(None)
                continue
            mp = p + (key,)
            m = self.mapping(d[key], mp, required=(), optional=("vi", "en"),
                             what="a mapping {vi: ..., en: ...}")
            if m is None:
                out.append(None)
                continue
            texts = {}
            for lang in ("vi", "en"):
                if m.get(lang) is None or (isinstance(m[lang], str) and not m[lang].strip()):
                    name = "Vietnamese (vi)" if lang == "vi" else "English (en)"
                    self.error(mp + (lang,) if lang in m else mp,
                               f"message '{key}' has no {name} text", "missing-message",
                               hint=f"add {lang}: \"...\"")
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
            self.error(p, f"bad braces in message: {exc}", "bad-placeholder",
                       hint="write {{ and }} for literal braces")
            return
        allowed = PLACEHOLDERS + tuple(f"attributes.{a}" for a in self.attr_ids) + tuple(
            f"param.{n}" for n in self.param_names)
        for _, name, spec, conv in parsed:
            if name is None:
                continue
            if spec or conv:
                self.error(p, f"placeholder '{{{name}}}' cannot carry a format ('!' or ':')",
                           "bad-placeholder")
            elif name not in allowed:
                self.error(p, f"unknown placeholder '{{{name}}}'", "unknown-placeholder",
                           hint=did_you_mean(name, allowed) or f"allowed: {', '.join(PLACEHOLDERS)}, "
                           "attributes.<name>, param.<name>")
            elif name.startswith("param."):
                self.param_available(name[6:], p)

    # -- conditions --------------------------------------------------------------------------
    def cond(self, value: Any, p: PathKey, scope: str) -> ir.Cond | None:
        if not isinstance(value, dict) or not value:
            self.wrong(value, p, "a condition (a mapping such as {group: office-paper})"
                       if not isinstance(value, dict) else "a non-empty condition")
            return None
        line = self._line(p)
        parts: list[ir.Cond | None] = []
        for key, sub in value.items():
            kp = p + (key,)
            if key in ("all", "any"):
                lst = self.seq(sub, kp, what="a list of conditions", allow_empty=False)
                if not lst:
                    parts.append(None)
                    continue
                subs = [self.cond(x, kp + (i,), scope) for i, x in enumerate(lst)]
                if None in subs:
                    parts.append(None)
                elif len(subs) == 1:
                    parts.append(subs[0])
                else:
                    node = ir.All(tuple(subs), self._line(kp)) if key == "all" else \
                        ir.Any(tuple(subs), self._line(kp))  # type: ignore[arg-type]
                    parts.append(node)
            elif key == "not":
                sub_c = self.cond(sub, kp, scope)
                parts.append(ir.Not(sub_c, self._line(kp)) if sub_c is not None else None)
            elif key in ("any_label", "no_label"):
                if scope == "label":
                    self.error(kp, f"'{key}' cannot stand inside another label condition",
                               "nested-label", key=True)
                    parts.append(None)
                    continue
                sub_c = self.cond(sub, kp, "label")
                if sub_c is None:
                    parts.append(None)
                else:
                    cls = ir.AnyLabel if key == "any_label" else ir.NoLabel
                    parts.append(cls(sub_c, self._line(kp)))
            else:
                parts.append(self.field_cond(key, sub, kp, scope))
        if None in parts:
            return None
        if len(parts) == 1:
            return parts[0]
        return ir.All(tuple(parts), line)  # type: ignore[arg-type]

    def _line(self, p: PathKey) -> int | None:
        loc = self.doc.loc(p, key=True)
        return loc.line if loc else None

    def resolve_field(self, name: str, p: PathKey, scope: str) -> ir.Field | None:
        if scope == "label":
            if name in LABEL_FIELDS:
                return ir.Field(name, LABEL_FIELDS[name], "label", (name,))
            if name in ITEM_FIELDS or name.startswith(("attributes.", "param.")):
                self.error(p, f"'{name}' is an item field; inside any_label/no_label only label fields "
                           "can be tested", "wrong-scope", key=True,
                           hint="move it next to any_label, in an all: [...]")
                return None
            self.error(p, f"unknown label field '{name}'", "unknown-field", key=True,
                       hint=did_you_mean(name, list(LABEL_FIELDS) + list(COMBINATORS))
                       or f"label fields: {', '.join(LABEL_FIELDS)}")
            return None
        if name in ITEM_FIELDS:
            return ir.Field(name, ITEM_FIELDS[name], "item", (name,))
        if name.startswith("attributes."):
            attr = name[len("attributes."):]
            spec = self.catalog.attributes.get(attr)
            if spec is None:
                self.error(p, f"unknown attribute '{attr}'", "unknown-field", key=True,
                           hint=did_you_mean(attr, self.attr_ids) or "declare it in catalog/attributes.yaml")
                return None
            return ir.Field(name, _ATTR_TYPES[spec.type], "item", ("attributes", attr))
        if name.startswith("param."):
            pname = name[len("param."):]
            ptype = self.catalog.param_type(pname)
            if ptype is None:
                self.error(p, f"unknown parameter '{pname}' (no product group has it)", "unknown-param",
                           key=True, hint=did_you_mean(pname, self.param_names))
                return None
            self.param_available(pname, p, key=True)
            return ir.Param(pname, ptype).field
        if name in LABEL_FIELDS:
            self.error(p, f"'{name}' is a label field: test it inside any_label or no_label",
                       "wrong-scope", key=True, hint=f"write any_label: {{{name}: ...}}")
            return None
        self.error(p, f"unknown field or operator '{name}'", "unknown-field", key=True,
                   hint=did_you_mean(name, list(ITEM_FIELDS) + list(COMBINATORS) + list(OPS))
                   or f"fields: {', '.join(ITEM_FIELDS)}, attributes.<name>, param.<name>")
        return None

    def param_available(self, pname: str, p: PathKey, *, key: bool = False) -> bool:
        groups = self.scope_groups
        if groups is None:
            return True
        lacking = [g.id for g in groups if pname not in g.params]
        if lacking:
            shown = ", ".join(lacking[:5]) + (" ..." if len(lacking) > 5 else "")
            self.error(p, f"param.{pname} is used but group(s) {shown} in applies_to have no "
                       f"'{pname}' parameter", "missing-param", key=key,
                       hint=f"add {pname} to their params in products.yaml, or narrow applies_to")
            return False
        return True

    def field_cond(self, name: str, value: Any, p: PathKey, scope: str) -> ir.Cond | None:
        if name in OPS:
            self.error(p, f"operator '{name}' needs a field before it", "unknown-field", key=True,
                       hint=f"write <field>: {{{name}: ...}}")
            return None
        fld = self.resolve_field(name, p, scope)
        if isinstance(value, dict):
            if not value:
                self.error(p, f"no operator given for '{name}'", "empty", hint="e.g. {gte: 50}")
                return None
            ops = value
        elif isinstance(value, list):
            self.error(p, f"a list cannot be compared with '{name}'", "wrong-type",
                       hint=f"write {name}: {{in: [...]}}")
            return None
        else:
            ops = {"eq": value}
        if fld is None:
            for op in ops:  # still report unknown operators
                if op not in OPS:
                    self.error(p + (op,), f"unknown operator '{op}'", "unknown-operator", key=True,
                               hint=did_you_mean(op, OPS))
            return None
        parts = []
        for op, operand in ops.items():
            op_p = p + (op,) if isinstance(value, dict) else p
            parts.append(self.op_cond(fld, op, operand, op_p, isinstance(value, dict)))
        if None in parts:
            return None
        return parts[0] if len(parts) == 1 else ir.All(tuple(parts), self._line(p))  # type: ignore[arg-type]

    def op_cond(self, fld: ir.Field, op: str, operand: Any, p: PathKey, explicit: bool) -> ir.Cond | None:
        line = self._line(p)
        if op not in OPS:
            self.error(p, f"unknown operator '{op}'", "unknown-operator", key=True,
                       hint=did_you_mean(op, OPS) or f"operators: {', '.join(OPS)}")
            return None
        if op == "exists":
            present = self.boolean(operand, p)
            if present is None:
                return None
            if fld.type == "grade":
                fld = ir.Field("grade", ir.NUMBER, "label", ("grade_rank",))
            return ir.Exists(fld, present, line)
        if op == "matches":
            if fld.type not in (ir.TEXT,):
                self.error(p, f"'matches' works on text fields; '{fld.name}' is {_tname(fld.type)}",
                           "type-mismatch", key=explicit)
                return None
            if fld.scope != "item":
                self.error(p, "'matches' works on item text fields only", "type-mismatch", key=explicit)
                return None
            pat = self.text(operand, p)
            if pat is None:
                return None
            try:
                phrases = parse_phrases(pat)
            except PatternError as exc:
                loc = self.doc.loc(p)
                offset = 1 if p in self.doc.quoted else 0
                col = (loc.column + exc.position + offset) if loc else None
                self.problems.append(Problem(f"bad pattern {pat!r}: {exc.message}", "bad-pattern",
                                             self.doc.path, loc.line if loc else None, col,
                                             hint=exc.hint))
                return None
            return ir.Match(fld, pat, phrases, line)
        if op in ("in", "not_in"):
            if not isinstance(operand, list) or not operand:
                self.wrong(operand, p, f"a non-empty list of values for '{op}'")
                return None
            if len(operand) > MAX_IN_VALUES:
                self.error(p, f"'{op}' lists {len(operand)} values, more than {MAX_IN_VALUES}",
                           "out-of-range")
                return None
            vals = []
            for i, v in enumerate(operand):
                cv = self.constant(fld, v, p + (i,), op)
                if cv is None:
                    return None
                fld2, val = cv
                vals.append(val)
            if len(set(vals)) != len(vals):
                self.error(p, f"a value is listed twice in '{op}'", "duplicate-value")
                return None
            return ir.Compare(fld2, op, ir.Const(tuple(vals)), line)
        if isinstance(operand, str) and operand.startswith("param."):
            param = self.param_operand(fld, op, operand, p)
            if param is None:
                return None
            fld2 = self._grade_field(fld, param.type)
            if fld2.type == ir.LIST:
                self.error(p, "'tags' cannot be compared with a parameter", "type-mismatch")
                return None
            return ir.Compare(fld2, op, param, line)
        if isinstance(operand, (list, dict)):
            self.wrong(operand, p, "a single value" if op != "eq" else "a value or {op: value}")
            return None
        cv = self.constant(fld, operand, p, op)
        if cv is None:
            return None
        fld2, val = cv
        return ir.Compare(fld2, op, ir.Const(val), line)

    def _grade_field(self, fld: ir.Field, operand_type: str) -> ir.Field:
        if fld.type != "grade":
            return fld
        if operand_type == ir.TEXT:
            return ir.Field("grade", ir.TEXT, "label", ("grade_text",))
        return ir.Field("grade", ir.NUMBER, "label", ("grade",))

    def param_operand(self, fld: ir.Field, op: str, operand: str, p: PathKey) -> ir.Param | None:
        pname = operand[len("param."):]
        ptype = self.catalog.param_type(pname)
        if ptype is None:
            self.error(p, f"unknown parameter '{pname}' (no product group has it)", "unknown-param",
                       hint=did_you_mean(pname, self.param_names) or "add it to a group's params")
            return None
        ftype = fld.type if fld.type != "grade" else ptype
        if fld.type == ir.LIST:
            ftype = ir.TEXT
        if ftype != ptype:
            self.error(p, f"'{fld.name}' is {_tname(fld.type)} but param.{pname} is {_tname(ptype)}",
                       "type-mismatch")
            return None
        if op in ORDER_OPS and ptype != ir.NUMBER:
            self.error(p, f"'{op}' compares numbers; param.{pname} is {_tname(ptype)}", "type-mismatch")
            return None
        if not self.param_available(pname, p):
            return None
        return ir.Param(pname, ptype)

    def constant(self, fld: ir.Field, value: Any, p: PathKey, op: str
                 ) -> tuple[ir.Field, ir.Scalar] | None:
        ftype = fld.type
        if ftype == "grade":
            if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
                self.wrong(value, p, "a grade (a number or a text)")
                return None
            fld = self._grade_field(fld, ir.TEXT if isinstance(value, str) else ir.NUMBER)
            ftype = fld.type
        if op in ORDER_OPS and ftype != ir.NUMBER:
            self.error(p, f"'{op}' compares numbers; '{fld.name}' is {_tname(ftype)}", "type-mismatch",
                       hint="use eq, ne, in or not_in")
            return None
        if ftype == ir.NUMBER:
            num = self.number(value, p)
            return (fld, num) if num is not None else None
        if ftype == ir.BOOLEAN:
            if op not in ("eq", "ne"):
                self.error(p, f"'{fld.name}' is yes/no: use true or false with eq or ne", "type-mismatch")
                return None
            b = self.boolean(value, p)
            return (fld, b) if b is not None else None
        text = self.text(value, p)
        if text is None:
            return None
        choices = self.choices(fld)
        if choices is not None and text not in choices:
            what = {"group": "product group", "tags": "tag", "scheme": "label", "kind": "label kind",
                    "iso_type": "ISO type"}.get(fld.name, f"value of {fld.name}")
            code = {"group": "unknown-group", "tags": "unknown-tag", "scheme": "unknown-label"}.get(
                fld.name, "bad-value")
            self.error(p, f"unknown {what} '{text}'", code,
                       hint=did_you_mean(text, choices) or f"allowed: {', '.join(list(choices)[:12])}")
            return None
        return fld, text

    def choices(self, fld: ir.Field) -> tuple[str, ...] | None:
        if fld.name == "group":
            return self.groups
        if fld.name == "tags":
            return self.tags
        if fld.scope == "label":
            return {"scheme": self.labels, "kind": KINDS, "iso_type": ISO_TYPES}.get(fld.name)
        if fld.name.startswith("attributes."):
            spec = self.catalog.attributes[fld.path[1]]
            return spec.values
        return None


def _tname(t: str) -> str:
    return {"number": "a number", "text": "text", "boolean": "yes/no", "list": "a list",
            "grade": "a grade"}.get(t, t)


def rules_by_id(rules: Iterable[Rule]) -> Mapping[str, Rule]:
    return {r.id: r for r in rules}
