"""Loading and checking rule test files (``rules/tests/*.yaml``) for :mod:`green_procurement.ruletest`:
the cases they hold (:class:`Case`, :class:`Expect`) and every problem, located at file:line:column,
in both languages."""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path

import attrs

from ._messages import Msg, join, msg
from ._yaml import Document, PathKey, YamlLoadError, load_yaml
from .certificates import COLUMNS as CERT_COLUMNS
from .certificates import OPTIONAL as CERT_OPTIONAL
from .certificates import REQUIRED as CERT_REQUIRED
from .certificates import Certificate, check_entry
from .errors import ERROR, WARNING, InputError, Problem, suggest
from .model import LineItem, parse_date
from .rules import RuleSet

__all__ = ["CASE_OPTIONAL", "CASE_REQUIRED", "EXPECT_KEYS", "EXPECT_STATUSES", "FREE_KEYS", "RULE_LISTS",
           "TESTS_DIR", "Case", "Expect", "default_tests_dir", "load_cases"]

#: Statuses a case may expect (``error`` is a row that could not be read: a bad item is a problem of
#: the test file instead).
EXPECT_STATUSES = ("green", "partial", "not_green", "not_prioritised")
EXPECT_KEYS = ("group", "status", "score", "met", "not_met", "not_applicable")
RULE_LISTS = ("met", "not_met", "not_applicable")
CASE_REQUIRED = ("name", "item", "expect")
CASE_OPTIONAL = ("on", "request")
FREE_KEYS = ("note",)
TESTS_DIR = "tests"


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

    def to_dict(self) -> dict[str, object]:
        """The expectations as written (only the given keys)."""
        out: dict[str, object] = {}
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
    #: certificates the test file adds to the catalogue's registries for its cases (``certificates:``)
    certificates: tuple[Certificate, ...] = ()

    def location(self) -> str:
        """``file:line`` of the case."""
        return f"{self.path}:{self.line}" if self.line is not None else self.path


def _describe(value: object) -> Msg:
    """A found value in words ("number 5", "a list")."""
    if value is None:
        return msg("ruletest.found.null")
    if isinstance(value, bool):
        return msg("ruletest.found.bool", value=str(value).lower())
    if isinstance(value, (int, Decimal, float)):
        return msg("ruletest.found.number", value=value)
    if isinstance(value, datetime.date):
        return msg("ruletest.found.date", value=value.isoformat())
    if isinstance(value, str):
        return msg("ruletest.found.text", value=value)
    if isinstance(value, list):
        return msg("ruletest.found.list")
    if isinstance(value, dict):
        return msg("ruletest.found.mapping")
    return msg("ruletest.found.other", type=type(value).__name__)


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
    both languages; ``lang`` is kept for callers of earlier versions); a case with a problem is left
    out."""
    del lang
    root = Path(directory) if directory is not None else default_tests_dir(ruleset)
    if not root.is_dir():
        return [], [Problem.of(msg("ruletest.no-directory", root=root), "missing-directory", str(root),
                               hint=msg("ruletest.no-directory.hint"))]
    files = sorted(p for p in root.iterdir() if p.is_file() and p.suffix in (".yaml", ".yml"))
    if not files:
        return [], [Problem.of(msg("ruletest.no-files"), "missing-file", _display(root),
                               hint=msg("ruletest.no-files.hint"))]
    cases: list[Case] = []
    problems: list[Problem] = []
    for path in files:
        shown = _display(path)
        try:
            doc = load_yaml(path, shown)
        except YamlLoadError as exc:
            problems.append(exc.problem)
            continue
        checker = _CaseChecker(doc, ruleset)
        cases += checker.cases()
        problems += checker.problems
    return cases, sorted(problems, key=Problem.sort_key)


_DECIMAL_REPR = re.compile(r"Decimal\('([^']*)'\)")
_MISSING = object()


def _lookup(data: object, path: PathKey) -> object:
    cur = data
    for part in path:
        if isinstance(part, int) and isinstance(cur, list) and part < len(cur):
            cur = cur[part]
        elif isinstance(part, str) and isinstance(cur, dict) and part in cur:
            cur = cur[part]
        else:
            return _MISSING
    return cur


class _CaseChecker:
    """Validates one test file."""

    def __init__(self, doc: Document, ruleset: RuleSet | None) -> None:
        self.doc = doc
        self.ruleset = ruleset
        self.problems: list[Problem] = list(doc.problems)
        self.rule_ids = tuple(r.id for r in ruleset.rules) if ruleset else None
        self.file_on: datetime.date | None = None
        self.file_certificates: tuple[Certificate, ...] = ()
        self.enricher = None
        if ruleset is not None:
            from .enrich import Enricher

            self.enricher = Enricher(ruleset.catalog, ruleset.scoring.undated_certificates, (),
                                     unverified=ruleset.scoring.unverified_certificates)

    # -- recording --
    def err(self, path: PathKey, message: Msg, code: str, hint: Msg | None = None, *, key: bool = False,
            level: str = ERROR) -> None:
        loc = self.doc.loc(path, key=key)
        self.problems.append(Problem.of(message, code, self.doc.path, loc.line if loc else None,
                                        loc.column if loc else None, level, hint))

    def wrong(self, value: object, path: PathKey, expected: str) -> None:
        name = next((p for p in reversed(path) if isinstance(p, str)), "value")
        plain = self.doc.plain.get(path)
        hint = msg("ruletest.quote-it", plain=plain) if plain is not None and not isinstance(value, str) else None
        self.err(path, msg("ruletest.wrong", name=name, expected=msg(f"ruletest.expect.{expected}"),
                           found=_describe(value)), "wrong-type", hint)

    def mapping(self, value: object, path: PathKey, required: Sequence[str], optional: Sequence[str],
                expected: str) -> dict[str, object] | None:
        if not isinstance(value, dict):
            self.wrong(value, path, expected)
            return None
        allowed = (*required, *optional, *FREE_KEYS)
        for k in value:
            if k not in allowed:
                self.err(path + (k,), msg("ruletest.unknown-key", key=k), "unknown-key",
                         suggest(k, allowed) or msg("ruletest.allowed-keys", keys=join(allowed)), key=True)
        for k in required:
            if k not in value:
                self.err(path, msg("ruletest.missing-key", key=k), "missing-key", msg("ruletest.add-key", key=k))
        return value

    def text(self, value: object, path: PathKey) -> str | None:
        if not isinstance(value, str):
            self.wrong(value, path, "text")
            return None
        text = unicodedata.normalize("NFC", value).strip()
        if not text:
            name = next((p for p in reversed(path) if isinstance(p, str)), "value")
            self.err(path, msg("ruletest.empty", name=name), "empty")
            return None
        return text

    def date(self, value: object, path: PathKey) -> datetime.date | None:
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value
        if isinstance(value, str):
            try:
                return parse_date(value, "on")
            except InputError:
                pass
        self.wrong(value, path, "date")
        return None

    # -- the file --
    def cases(self) -> list[Case]:
        top = self.mapping(self.doc.data, (), ("cases",), ("on", "certificates"), "top")
        if top is None or "cases" not in top:
            return []
        self.file_on = self.date(top["on"], ("on",)) if top.get("on") is not None else None
        if top.get("certificates") is not None:
            self.file_certificates = self.certificates(top["certificates"])
        lst = top["cases"]
        if not isinstance(lst, list):
            self.wrong(lst, ("cases",), "cases")
            return []
        if not lst:
            self.err(("cases",), msg("ruletest.cases-empty"), "empty", msg("ruletest.cases-empty.hint"))
        out = []
        names: dict[str, int | None] = {}
        for i, entry in enumerate(lst):
            case = self.case(entry, i)
            if case is None:
                continue
            if case.name in names:
                self.err(("cases", i, "name"), msg("ruletest.name-twice", name=case.name, line=names[case.name]),
                         "duplicate-name", msg("ruletest.name-twice.hint"), level=WARNING)
            names.setdefault(case.name, case.line)
            out.append(case)
        return out

    def case(self, entry: object, i: int) -> Case | None:
        p: PathKey = ("cases", i)
        d = self.mapping(entry, p, CASE_REQUIRED, CASE_OPTIONAL, "case")
        if d is None:
            return None
        before = len(self.problems)
        name = self.text(d["name"], p + ("name",)) if "name" in d else None
        on = self.date(d["on"], p + ("on",)) if d.get("on") is not None else self.file_on
        entity = funding = None
        if d.get("request") is not None:
            req = self.mapping(d["request"], p + ("request",), (), ("entity", "funding"), "request")
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
        return Case(name, item, expect, on, entity, funding, self.doc.path, loc.line if loc else None, i,
                    self.file_certificates)

    def certificates(self, value: object) -> tuple[Certificate, ...]:
        """The file's ``certificates:`` (entries as in a registry file of catalog/certificates/)."""
        p: PathKey = ("certificates",)
        if not isinstance(value, list):
            self.wrong(value, p, "certificates")
            return ()
        labels = tuple(self.ruleset.catalog.labels) if self.ruleset is not None else None
        out: list[Certificate] = []
        seen: dict[tuple[str, str], int | None] = {}
        for i, entry in enumerate(value):
            ep = p + (i,)
            d = self.mapping(entry, ep, CERT_REQUIRED, CERT_OPTIONAL, "certificate")
            if d is None or not all(k in d for k in CERT_REQUIRED):
                continue

            def problem(column: str, message: Msg, code: str, hint: Msg | None, ep: PathKey = ep,
                        d: dict[str, object] = d) -> None:
                self.err(ep + (column,) if column in d else ep, message, code, hint)

            values = {k: (str(v) if k == "certificate" and isinstance(v, int) and not isinstance(v, bool) else v)
                      for k, v in d.items() if k in CERT_COLUMNS}
            cert = check_entry(values, labels, problem)
            if cert is None:
                continue
            loc = self.doc.loc(ep)
            line = loc.line if loc else None
            if cert.key in seen:
                self.err(ep + ("certificate",), msg("cert.twice", scheme=cert.scheme, number=cert.certificate,
                                                    where=self.doc.path, line=seen[cert.key]), "duplicate-id",
                         msg("cert.twice.hint"))
                continue
            seen[cert.key] = line
            out.append(attrs.evolve(cert, path=self.doc.path, line=line))
        return tuple(out)

    def item(self, value: object, p: PathKey, i: int, on: datetime.date | None) -> LineItem | None:
        if not isinstance(value, dict):
            self.wrong(value, p, "item")
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
        problem = Msg(_DECIMAL_REPR.sub(r"\1", exc.msg.en), _DECIMAL_REPR.sub(r"\1", exc.msg.vi))
        hint = exc.hint_msg
        value = _lookup(self.doc.data, path)
        plain = self.doc.plain.get(path)
        if plain is not None and exc.message_id == "input.text" and value is not _MISSING \
                and not isinstance(value, str):
            hint = msg("ruletest.quote-it", plain=plain)
        self.err(path, msg("ruletest.item-problem", where=where or "item", problem=problem), exc.code, hint,
                 key=exc.message_id == "input.unknown-field")

    def expect(self, value: object, p: PathKey) -> Expect | None:
        d = self.mapping(value, p, (), EXPECT_KEYS, "expect")
        if d is None:
            return None
        given = tuple(k for k in EXPECT_KEYS if k in d)
        if not given:
            self.err(p, msg("ruletest.expect-empty"), "empty", msg("ruletest.expect-empty.hint",
                                                                   keys=join(EXPECT_KEYS)))
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
                self.err(p + ("group",), msg("ruletest.unknown-group", group=group), "unknown-group",
                         suggest(group, self.ruleset.catalog.groups) or msg("ruletest.unknown-group.hint"))
        status = None
        if "status" in d:
            v = d["status"]
            if not isinstance(v, str) or v not in EXPECT_STATUSES:
                self.err(p + ("status",), msg("ruletest.bad-status", statuses=join(EXPECT_STATUSES),
                                              found=_describe(v)), "bad-value", suggest(v, EXPECT_STATUSES))
            else:
                status = v
        score = None
        if d.get("score") is not None:
            v = d["score"]
            if isinstance(v, bool) or not isinstance(v, (int, Decimal)) or (
                    isinstance(v, Decimal) and not v.is_finite()):
                self.wrong(v, p + ("score",), "score")
            elif not 0 <= v <= 100:
                self.err(p + ("score",), msg("ruletest.bad-score", score=v), "out-of-range")
            else:
                score = Decimal(v)
        lists: dict[str, tuple[str, ...]] = {}
        seen: dict[str, str] = {}
        for key in RULE_LISTS:
            if key in d:
                lists[key] = tuple(self.rule_list(d[key], p + (key,), key, seen, lines))
        if len(self.problems) != before:
            return None
        return Expect(given, group, status, score, lists.get("met", ()), lists.get("not_met", ()),
                      lists.get("not_applicable", ()), lines)

    def rule_list(self, value: object, p: PathKey, key: str, seen: dict[str, str],
                  lines: dict[str, int]) -> list[str]:
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.wrong(value, p, "rules")
            return []
        out = []
        for j, v in enumerate(value):
            rid = self.text(v, p + (j,))
            if rid is None:
                continue
            if self.rule_ids is not None and rid not in self.rule_ids:
                self.err(p + (j,), msg("ruletest.unknown-rule", rule=rid), "unknown-rule",
                         suggest(rid, self.rule_ids) or msg("ruletest.unknown-rule.hint"))
                continue
            if rid in seen:
                other = seen[rid]
                if other == key:
                    self.err(p + (j,), msg("ruletest.rule-twice", rule=rid, key=key), "duplicate-value",
                             msg("ruletest.rule-twice.hint"))
                else:
                    self.err(p + (j,), msg("ruletest.contradiction", rule=rid, other=other, key=key),
                             "contradiction", msg("ruletest.contradiction.hint"))
                continue
            seen[rid] = key
            loc = self.doc.loc(p + (j,))
            if loc:
                lines[rid] = loc.line
            out.append(rid)
        return out

