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
from ._messages import MESSAGES, Msg, compiler_error, join, msg, pattern_error
from ._pattern import PatternError, parse_phrases
from ._schema import Checker, Text
from ._yaml import Document, PathKey, YamlLoadError, load_yaml
from .catalog import ISO_TYPES, KINDS, Catalog, ProductGroup, check_catalog
from .errors import CatalogError, Problem, RuleError, suggest

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
            c = Checker(sdoc)
            scoring = _scoring(c)
            problems += c.problems
        except YamlLoadError as exc:
            problems.append(exc.problem)

    problems = list(dict.fromkeys(problems))   # the same problem found twice is reported once
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
            message, hint = compiler_error(exc.message, exc.hint)
            out.append(Problem.of(message, exc.code, rule.path, rule.line, None, "error", hint))
    return out


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
                  optional=("undated_certificates", "source"))
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
        basis = None
        if d.get("basis") is None or (isinstance(d["basis"], str) and not d["basis"].strip()):
            self.error(p + ("basis",) if "basis" in d else p, msg("rules.missing-basis"), "missing-basis",
                       hint=msg("rules.missing-basis.hint"))
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
            self.error(p, msg("rules.applies-to", value=value), "bad-value", hint=suggest(value, ["all"]))
            return None
        d = self.mapping(value, p, optional=("groups", "tags"), what=msg("expect.applies-to"))
        if d is None:
            return None
        if not d.get("groups") and not d.get("tags"):
            self.error(p, msg("rules.applies-to-empty"), "empty", hint=msg("rules.applies-to-empty.hint"))
            return None
        ok = True
        groups = self.text_list(d["groups"], p + ("groups",), ident=True) if d.get("groups") else []
        for j, g in enumerate(groups):
            if g not in self.catalog.groups:
                ok = False
                self.error(p + ("groups", j), msg("rules.unknown-group", group=g), "unknown-group",
                           hint=suggest(g, self.groups) or msg("rules.unknown-group.hint"))
        tags = self.text_list(d["tags"], p + ("tags",), ident=True) if d.get("tags") else []
        for j, t in enumerate(tags):
            if t not in self.tags:
                ok = False
                self.error(p + ("tags", j), msg("rules.unknown-tag", tag=t), "unknown-tag",
                           hint=suggest(t, self.tags) or msg("rules.unknown-tag.hint"))
        return AppliesTo(False, frozenset(groups), frozenset(tags)) if ok else None

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

    def effective(self, value: Any, p: PathKey) -> tuple[datetime.date | None, datetime.date | None]:
        if value is None:
            return None, None
        d = self.mapping(value, p, optional=("from", "to"), what=msg("expect.effective"))
        if d is None:
            return None, None
        start = self.date(d["from"], p + ("from",)) if d.get("from") is not None else None
        end = self.date(d["to"], p + ("to",)) if d.get("to") is not None else None
        if start and end and start > end:
            self.error(p + ("from",), msg("rules.bad-effective", start=start, end=end), "bad-effective",
                       hint=msg("rules.bad-effective.hint"))
        return start, end

    def messages(self, value: Any, p: PathKey) -> tuple[Text | None, Text | None]:
        d = self.mapping(value, p, required=("met", "not_met"),
                         what=msg("expect.messages"))
        if d is None:
            return None, None
        out = []
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
        allowed = PLACEHOLDERS + tuple(f"attributes.{a}" for a in self.attr_ids) + tuple(
            f"param.{n}" for n in self.param_names)
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
            elif name.startswith("param."):
                self.param_available(name[6:], p)

    # -- conditions --------------------------------------------------------------------------
    def cond(self, value: Any, p: PathKey, scope: str) -> ir.Cond | None:
        if not isinstance(value, dict) or not value:
            self.wrong(value, p, msg("expect.condition") if not isinstance(value, dict)
                       else msg("expect.non-empty-condition"))
            return None
        line = self._line(p)
        parts: list[ir.Cond | None] = []
        for key, sub in value.items():
            kp = p + (key,)
            if key in ("all", "any"):
                lst = self.seq(sub, kp, what=msg("expect.conditions"), allow_empty=False)
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
                    self.error(kp, msg("rules.nested-label", key=key), "nested-label", key=True,
                               hint=msg("rules.nested-label.hint"))
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
                self.error(p, msg("rules.item-field-in-label", name=name), "wrong-scope", key=True,
                           hint=msg("rules.item-field-in-label.hint"))
                return None
            self.error(p, msg("rules.unknown-label-field", name=name), "unknown-field", key=True,
                       hint=suggest(name, list(LABEL_FIELDS) + list(COMBINATORS))
                       or msg("rules.unknown-label-field.hint", names=join(LABEL_FIELDS)))
            return None
        if name in ITEM_FIELDS:
            return ir.Field(name, ITEM_FIELDS[name], "item", (name,))
        if name.startswith("attributes."):
            attr = name[len("attributes."):]
            spec = self.catalog.attributes.get(attr)
            if spec is None:
                self.error(p, msg("rules.unknown-attribute", name=attr), "unknown-field", key=True,
                           hint=suggest(attr, self.attr_ids) or msg("rules.unknown-attribute.hint"))
                return None
            return ir.Field(name, _ATTR_TYPES[spec.type], "item", ("attributes", attr))
        if name.startswith("param."):
            pname = name[len("param."):]
            ptype = self.catalog.param_type(pname)
            if ptype is None:
                self.error(p, msg("rules.unknown-param", name=pname), "unknown-param", key=True,
                           hint=suggest(pname, self.param_names) or msg("rules.unknown-param.hint"))
                return None
            self.param_available(pname, p, key=True)
            return ir.Param(pname, ptype).field
        if name in LABEL_FIELDS:
            self.error(p, msg("rules.label-field-outside", name=name), "wrong-scope", key=True,
                       hint=msg("rules.label-field-outside.hint", name=name))
            return None
        self.error(p, msg("rules.unknown-field", name=name), "unknown-field", key=True,
                   hint=suggest(name, list(ITEM_FIELDS) + list(COMBINATORS) + list(OPS))
                   or msg("rules.unknown-field.hint", names=join(ITEM_FIELDS)))
        return None

    def param_available(self, pname: str, p: PathKey, *, key: bool = False) -> bool:
        groups = self.scope_groups
        if groups is None:
            return True
        lacking = [g.id for g in groups if pname not in g.params]
        if lacking:
            shown = ", ".join(lacking[:5]) + (" ..." if len(lacking) > 5 else "")
            self.error(p, msg("rules.missing-param", name=pname, groups=shown), "missing-param", key=key,
                       hint=msg("rules.missing-param.hint", name=pname))
            return False
        return True

    def field_cond(self, name: str, value: Any, p: PathKey, scope: str) -> ir.Cond | None:
        if name in OPS:
            self.error(p, msg("rules.operator-first", name=name), "unknown-field", key=True,
                       hint=msg("rules.operator-first.hint", name=name))
            return None
        fld = self.resolve_field(name, p, scope)
        if isinstance(value, dict):
            if not value:
                self.error(p, msg("rules.no-operator", name=name), "empty", hint=msg("rules.no-operator.hint"))
                return None
            ops = value
        elif isinstance(value, list):
            self.error(p, msg("rules.list-compare", name=name), "wrong-type",
                       hint=msg("rules.list-compare.hint", name=name))
            return None
        else:
            ops = {"eq": value}
        if fld is None:
            for op in ops:  # still report unknown operators
                if op not in OPS:
                    self.error(p + (op,), msg("rules.unknown-operator", op=op), "unknown-operator", key=True,
                               hint=suggest(op, OPS) or msg("rules.unknown-operator.hint", names=join(OPS)))
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
            self.error(p, msg("rules.unknown-operator", op=op), "unknown-operator", key=True,
                       hint=suggest(op, OPS) or msg("rules.unknown-operator.hint", names=join(OPS)))
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
                self.error(p, msg("rules.matches-type", name=fld.name, type=_tname(fld.type)), "type-mismatch",
                           key=explicit)
                return None
            if fld.scope != "item":
                self.error(p, msg("rules.matches-scope"), "type-mismatch", key=explicit)
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
                reason, hint = pattern_error(exc.message, exc.hint)
                self.problems.append(Problem.of(msg("rules.bad-pattern", pattern=pat, reason=reason),
                                                "bad-pattern", self.doc.path, loc.line if loc else None, col,
                                                hint=hint))
                return None
            return ir.Match(fld, pat, phrases, line)
        if op in ("in", "not_in"):
            if not isinstance(operand, list) or not operand:
                self.wrong(operand, p, msg("expect.in-list", op=op))
                return None
            if len(operand) > MAX_IN_VALUES:
                self.error(p, msg("rules.in-too-long", op=op, n=len(operand), limit=MAX_IN_VALUES),
                           "out-of-range", hint=msg("rules.in-too-long.hint"))
                return None
            vals = []
            for i, v in enumerate(operand):
                cv = self.constant(fld, v, p + (i,), op)
                if cv is None:
                    return None
                fld2, val = cv
                vals.append(val)
            if len(set(vals)) != len(vals):
                self.error(p, msg("rules.in-twice", op=op), "duplicate-value", hint=msg("rules.in-twice.hint"))
                return None
            return ir.Compare(fld2, op, ir.Const(tuple(vals)), line)
        if isinstance(operand, str) and operand.startswith("param."):
            param = self.param_operand(fld, op, operand, p)
            if param is None:
                return None
            fld2 = self._grade_field(fld, param.type)
            if fld2.type == ir.LIST:
                self.error(p, msg("rules.tags-param"), "type-mismatch")
                return None
            return ir.Compare(fld2, op, param, line)
        if isinstance(operand, (list, dict)):
            self.wrong(operand, p, msg("expect.single") if op != "eq" else msg("expect.value-or-op"))
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
            self.error(p, msg("rules.unknown-param", name=pname), "unknown-param",
                       hint=suggest(pname, self.param_names) or msg("rules.unknown-param.hint"))
            return None
        ftype = fld.type if fld.type != "grade" else ptype
        if fld.type == ir.LIST:
            ftype = ir.TEXT
        if ftype != ptype:
            self.error(p, msg("rules.param-type", name=fld.name, type=_tname(fld.type), param=pname,
                              ptype=_tname(ptype)), "type-mismatch")
            return None
        if op in ORDER_OPS and ptype != ir.NUMBER:
            self.error(p, msg("rules.param-order", op=op, param=pname, type=_tname(ptype)), "type-mismatch")
            return None
        if not self.param_available(pname, p):
            return None
        return ir.Param(pname, ptype)

    def constant(self, fld: ir.Field, value: Any, p: PathKey, op: str
                 ) -> tuple[ir.Field, ir.Scalar] | None:
        ftype = fld.type
        if ftype == "grade":
            if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
                self.wrong(value, p, msg("expect.grade"))
                return None
            fld = self._grade_field(fld, ir.TEXT if isinstance(value, str) else ir.NUMBER)
            ftype = fld.type
        if op in ORDER_OPS and ftype != ir.NUMBER:
            self.error(p, msg("rules.order-type", op=op, name=fld.name, type=_tname(ftype)), "type-mismatch",
                       hint=msg("rules.order-type.hint"))
            return None
        if ftype == ir.NUMBER:
            num = self.number(value, p)
            return (fld, num) if num is not None else None
        if ftype == ir.BOOLEAN:
            if op not in ("eq", "ne"):
                self.error(p, msg("rules.boolean-op", name=fld.name), "type-mismatch")
                return None
            b = self.boolean(value, p)
            return (fld, b) if b is not None else None
        text = self.text(value, p)
        if text is None:
            return None
        choices = self.choices(fld)
        if choices is not None and text not in choices:
            mid = f"rules.unknown-value.{fld.name}"
            code = {"group": "unknown-group", "tags": "unknown-tag", "scheme": "unknown-label"}.get(
                fld.name, "bad-value")
            self.error(p, msg(mid, value=text) if mid in MESSAGES else
                       msg("rules.unknown-value", name=fld.name, value=text), code,
                       hint=suggest(text, choices) or msg("hint.allowed", values=join(list(choices)[:12])))
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


def _tname(t: str) -> Msg | str:
    return msg(f"tname.{t}") if f"tname.{t}" in MESSAGES else t


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
