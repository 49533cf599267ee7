"""Validation of catalogue and rule files: one row per problem kind, each asserting where it points.

Every case edits one line of a valid catalogue/rules directory (``tests/data/mini`` plus the rule
template below) and names the token the problem must point at: the expected column is where that token
starts on the edited line.
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest

from green_procurement.catalog import check_catalog
from green_procurement.cli import validate_problems
from green_procurement.errors import CatalogError, GppError, InputError, Problem, RuleError
from green_procurement.io import BatchFileError
from green_procurement.rules import load_ruleset

RULE_T = """\
rules:
  - id: GPP-T-01
    title: {vi: "Thử", en: "Test"}
    basis: "Luật BVMT 2020, Điều 146"
    applies_to: {tags: [energy-using]}
    severity: criterion
    points: 10
    when: {any_label: {kind: energy}}
    message:
      met: {vi: "Đạt", en: "Met"}
      not_met: {vi: "Chưa đạt", en: "Not met"}
"""


def run_checks(root: Path) -> list[Problem]:
    """Every problem ``validate`` reports (durable-rules' limits included)."""
    return validate_problems(root / "catalog", root / "rules")[0]


def edit(root: Path, file: str, line: int, text: str, *, insert: bool = False) -> str:
    path = root / file
    if file == "rules/t.yaml" and not path.exists():
        path.write_text(RULE_T, encoding="utf-8")
    lines = path.read_text(encoding="utf-8").split("\n")
    if insert:
        lines.insert(line - 1, text)
    else:
        lines[line - 1] = text
    path.write_text("\n".join(lines), encoding="utf-8")
    return text


def assert_problem(problems: list[Problem], file: str, line: int, column: int | None, code: str,
                   fragment: str, level: str = "error") -> None:
    shown = "\n".join(p.format() for p in problems)
    hits = [p for p in problems if p.path and p.path.endswith(file) and p.code == code
            and p.line == line and p.level == level]
    assert hits, f"no {code} at {file}:{line}; got:\n{shown}"
    if column is not None:
        assert any(p.column == column for p in hits), f"wrong column (want {column}):\n{shown}"
    assert any(fragment in p.format() for p in hits), f"{fragment!r} not in:\n{shown}"


# (case id, file, line, new text, insert?, where the problem points, code, message fragment);
# "where" is a token on the edited line, or (line, column) when the problem belongs to the enclosing
# entry (a missing key is reported where its mapping starts)
CASES = [
    # YAML level
    ("duplicate-key", "catalog/labels.yaml", 4, "    kind: energy", True, "kind", "yaml-duplicate-key",
     "duplicate key 'kind'"),
    ("syntax", "catalog/labels.yaml", 3, "    kind: green: x", False, ": x", "yaml-syntax", "invalid YAML"),
    ("unquoted-no", "catalog/labels.yaml", 6, "    country: NO", False, "NO", "unquoted-boolean",
     'quote it: "NO"'),
    ("merge-key", "catalog/labels.yaml", 4, "    <<: {kind: green}", True, "<<", "yaml-merge-key",
     "merge keys"),
    # labels.yaml
    ("missing-key", "catalog/labels.yaml", 5, "    # issuer removed", False, (2, 5), "missing-key",
     "missing key 'issuer' in labels[0]"),
    ("unknown-key", "catalog/labels.yaml", 5, "    issuerr: x", False, "issuerr", "unknown-key",
     "did you mean 'issuer'?"),
    ("wrong-type", "catalog/labels.yaml", 10, "    recognised: maybe", False, "maybe", "wrong-type",
     "must be true or false"),
    ("bad-kind", "catalog/labels.yaml", 3, "    kind: energi", False, "energi", "bad-value",
     "did you mean 'energy'?"),
    ("bad-iso-type", "catalog/labels.yaml", 7, "    iso_type: IV", False, "IV", "bad-value",
     "I, II, III, none"),
    ("duplicate-label-id", "catalog/labels.yaml", 12, "  - id: vn-ecolabel", False, "vn-ecolabel",
     "duplicate-id", "duplicate label id 'vn-ecolabel'"),
    ("grades-duplicate", "catalog/labels.yaml", 9, "    grades: {scale: [1, 1, 2], best: 2}", False,
     "[1, 1", "bad-grades", "appears twice"),
    ("grades-best", "catalog/labels.yaml", 9, "    grades: {scale: [1, 2, 3], best: 2}", False,
     "2}", "bad-grades", "first or the last"),
    ("grades-mixed", "catalog/labels.yaml", 9, "    grades: {scale: [1, gold], best: gold}", False,
     "[1", "bad-grades", "all be whole numbers or all be texts"),
    ("validity-range", "catalog/labels.yaml", 8, "    validity_years: -1", False, "-1", "out-of-range",
     "between 1 and 50"),
    ("bad-id", "catalog/labels.yaml", 2, "  - id: VN Ecolabel", False, "VN", "bad-id",
     "not a valid id"),
    ("bad-country", "catalog/labels.yaml", 6, "    country: Vietnam", False, "Vietnam", "bad-value",
     "2-letter ISO code"),
    # products.yaml
    ("unknown-accepted-label", "catalog/products.yaml", 10, "    accepted_labels: [vn-ecolabell]", False,
     "vn-ecolabell", "unknown-label", "did you mean 'vn-ecolabel'?"),
    ("param-type", "catalog/products.yaml", 29, '    params: {min_energy_grade: "high"}', False,
     '"high"', "param-type", "same type in every group"),
    ("unquoted-code", "catalog/products.yaml", 9, "    codes: {hs: [4802]}", False, "4802", "wrong-type",
     'quote it: "4802"'),
    ("keywords-no-vi", "catalog/products.yaml", 7, '    keywords: {en: ["copy paper"]}', False, "{en",
     "missing-key", "missing key 'vi'"),
    ("name-no-en", "catalog/products.yaml", 5, '    name: {vi: "Giấy văn phòng"}', False, "{vi",
     "missing-key", "missing key 'en'"),
    ("priority-yes-text", "catalog/products.yaml", 6, '    priority: "yes"', False, '"yes"', "wrong-type",
     "true or false"),
    ("attribute-min-on-boolean", "catalog/attributes.yaml", 9, "    min: 0", True, "min", "not-allowed",
     "only allowed for number"),
    # rules
    ("unknown-operator", "rules/t.yaml", 8, "    when: {value: {gtee: 5}}", False, "gtee",
     "unknown-operator", "did you mean 'gte'?"),
    ("unknown-field", "rules/t.yaml", 8, "    when: {valeu: 5}", False, "valeu", "unknown-field",
     "did you mean 'value'?"),
    ("unknown-attribute", "rules/t.yaml", 8, "    when: {attributes.domestc: true}", False,
     "attributes.domestc", "unknown-field", "did you mean 'domestic'?"),
    ("unknown-group", "rules/t.yaml", 5, "    applies_to: {groups: [air-conditoner]}", False,
     "air-conditoner", "unknown-group", "did you mean 'air-conditioner'?"),
    ("unknown-tag", "rules/t.yaml", 5, "    applies_to: {tags: [energy]}", False, "energy]",
     "unknown-tag", "did you mean 'energy-using'?"),
    ("unknown-scheme", "rules/t.yaml", 8, "    when: {any_label: {scheme: vn-energi}}", False, "vn-energi",
     "unknown-label", "did you mean 'vn-energy'?"),
    ("unknown-group-value", "rules/t.yaml", 8, "    when: {group: {in: [computer, computr]}}", False,
     "computr", "unknown-group", "did you mean 'computer'?"),
    ("missing-param", "rules/t.yaml", 10, '      met: {vi: "{param.min_recycled_content_pct}", en: "M"}',
     False, '"{param', "missing-param", "air-conditioner, computer"),
    ("unknown-param", "rules/t.yaml", 8, "    when: {any_label: {grade: {gte: param.min_grade}}}", False,
     "param.min_grade", "unknown-param", "did you mean 'min_energy_grade'?"),
    ("duplicate-rule-id", "rules/t.yaml", 2, "  - id: GPP-LABEL-01", False, "GPP-LABEL-01", "duplicate-id",
     "first defined at"),
    ("bad-effective", "rules/t.yaml", 12, "    effective: {from: 2025-01-01, to: 2024-12-31}", True,
     "2025-01-01", "bad-effective", "is after"),
    ("missing-basis", "rules/t.yaml", 4, "    # no basis", False, (2, 5), "missing-basis",
     "cite its legal basis"),
    ("empty-basis", "rules/t.yaml", 4, '    basis: ""', False, '""', "missing-basis", "legal basis"),
    ("missing-vi-message", "rules/t.yaml", 11, '      not_met: {en: "Not met"}', False, "{en",
     "missing-message", "no Vietnamese (vi) text"),
    ("missing-en-message", "rules/t.yaml", 10, '      met: {vi: "Đạt", en: ""}', False, '""',
     "missing-message", "no English (en) text"),
    ("points-on-warning", "rules/t.yaml", 6, "    severity: warning", False, (7, 5), "points-not-allowed",
     "cannot carry points"),
    ("criterion-without-points", "rules/t.yaml", 7, "    # no points", False, (2, 5), "missing-key",
     "needs 'points'"),
    ("label-field-outside", "rules/t.yaml", 8, "    when: {kind: energy}", False, "kind", "wrong-scope",
     "inside any_label"),
    ("item-field-inside", "rules/t.yaml", 8, "    when: {any_label: {value: 5}}", False, "value",
     "wrong-scope", "item field"),
    ("type-mismatch", "rules/t.yaml", 8, "    when: {description: {gt: 5}}", False, "5}", "type-mismatch",
     "compares numbers"),
    ("tags-order", "rules/t.yaml", 8, "    when: {tags: {gte: paper}}", False, "paper", "type-mismatch",
     "compares numbers"),
    ("bad-pattern", "rules/t.yaml", 8, '    when: {description: {matches: "ly (nhua"}}', False, "(nhua",
     "bad-pattern", "not a regular expression"),
    ("empty-phrase", "rules/t.yaml", 8, '    when: {description: {matches: "ly nhua||ong hut"}}', False,
     "|ong", "bad-pattern", "empty phrase"),
    ("unknown-placeholder", "rules/t.yaml", 10, '      met: {vi: "Đạt {desc}", en: "Met"}', False,
     '"Đạt', "unknown-placeholder", "did you mean 'description'?"),
    ("bad-severity", "rules/t.yaml", 6, "    severity: must", False, "must", "bad-value",
     "requirement, criterion, warning, info"),
    ("empty-in", "rules/t.yaml", 8, "    when: {group: {in: []}}", False, "[]", "wrong-type",
     "non-empty list"),
    ("rule-id-format", "rules/t.yaml", 2, "  - id: gpp test", False, "gpp", "bad-id", "upper-case"),
    ("nested-label", "rules/t.yaml", 8, "    when: {any_label: {no_label: {valid: true}}}", False,
     "no_label", "nested-label", "cannot stand inside"),
    ("attribute-value", "rules/t.yaml", 8, "    when: {attributes.powertrain: hybrid}", False, "hybrid",
     "bad-value", "electric"),
    ("boolean-order", "rules/t.yaml", 8, "    when: {attributes.domestic: {in: [true]}}", False, "true",
     "type-mismatch", "true or false"),
    ("green-min-score", "rules/scoring.yaml", 2, "  green_min_score: 150", False, "150", "out-of-range",
     "between 0 and 100"),
    ("undated-certificates", "rules/scoring.yaml", 3, "  undated_certificates: maybe", False, "maybe",
     "bad-value", "reject, accept"),
]


@pytest.mark.parametrize(("file", "line", "text", "insert", "at", "code", "fragment"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_problem_is_located(mini: Path, file: str, line: int, text: str, insert: bool,
                            at: str | tuple[int, int] | None, code: str, fragment: str) -> None:
    edit(mini, file, line, text, insert=insert)
    if isinstance(at, tuple):
        line, column = at
    else:
        column = text.index(at) + 1 if at else None
    assert_problem(run_checks(mini), file, line, column, code, fragment)


def test_case_table_covers_enough_problem_kinds() -> None:
    assert len({c[6] for c in CASES}) >= 25 and len(CASES) >= 30


def test_every_problem_is_reported_at_once(mini: Path) -> None:
    edit(mini, "catalog/labels.yaml", 3, "    kind: energi")
    edit(mini, "catalog/labels.yaml", 7, "    iso_type: IV")
    edit(mini, "catalog/products.yaml", 10, "    accepted_labels: [nope]")
    codes = sorted(p.code for p in run_checks(mini))
    assert codes == ["bad-value", "bad-value", "unknown-label"]


def test_rule_problems_in_several_files_are_all_reported(mini: Path) -> None:
    edit(mini, "rules/t.yaml", 8, "    when: {valeu: 5}")
    (mini / "rules" / "u.yaml").write_text(RULE_T.replace("GPP-T-01", "GPP-U-01").replace(
        "severity: criterion", "severity: must"), encoding="utf-8")
    codes = sorted(p.code for p in run_checks(mini))
    assert codes == ["bad-value", "unknown-field"]


def test_catalogue_with_one_problem_is_not_loaded(mini: Path) -> None:
    edit(mini, "catalog/labels.yaml", 3, "    kind: energi")
    cat, problems = check_catalog(mini / "catalog")
    assert cat is None and problems
    with pytest.raises(CatalogError) as info:
        load_ruleset(mini / "catalog", mini / "rules")
    assert info.value.line == 3 and info.value.path.endswith("labels.yaml")


def test_rule_error_is_a_value_error_with_location(mini: Path) -> None:
    edit(mini, "rules/t.yaml", 8, "    when: {valeu: 5}")
    with pytest.raises(ValueError) as info:
        load_ruleset(mini / "catalog", mini / "rules")
    assert isinstance(info.value, RuleError)
    assert (info.value.line, info.value.column) == (8, 12)


def test_missing_products_file(mini: Path) -> None:
    (mini / "catalog" / "products.yaml").unlink()
    assert_problem(run_checks(mini), "products.yaml", None, None, "missing-file", "missing file")  # type: ignore[arg-type]


def test_missing_scoring_file(mini: Path) -> None:
    (mini / "rules" / "scoring.yaml").unlink()
    problems = run_checks(mini)
    assert [p.code for p in problems] == ["missing-file"] and "scoring.yaml" in problems[0].message


def test_missing_directory(tmp_path: Path) -> None:
    cat, problems = check_catalog(tmp_path / "nope")
    assert cat is None and problems[0].code == "missing-directory"


def test_priority_group_without_scored_rule_warns(mini: Path) -> None:
    edit(mini, "catalog/products.yaml", 33, "    priority: true")  # catering
    problems = run_checks(mini)
    assert_problem(problems, "products.yaml", 31, 9, "unscored-priority-group", "catering", level="warning")
    assert not [p for p in problems if p.level == "error"]


def test_alias_bomb_is_refused(mini: Path) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 8):
        lines.append(f"{chr(97 + i)}: &{chr(97 + i)} [" + ", ".join([f"*{chr(96 + i)}"] * 10) + "]")
    (mini / "catalog" / "labels.yaml").write_text("\n".join(lines), encoding="utf-8")
    problems = run_checks(mini)
    assert any(p.code == "yaml-alias-limit" for p in problems), problems


def test_recursive_alias_is_refused(mini: Path) -> None:
    (mini / "catalog" / "labels.yaml").write_text("labels: &a [*a]\n", encoding="utf-8")
    problems = run_checks(mini)
    assert any(p.code == "yaml-alias-limit" and "recursive" in p.message for p in problems)


def test_oversized_file_is_refused(mini: Path) -> None:
    (mini / "catalog" / "labels.yaml").write_text("# x\n" * 600_000, encoding="utf-8")
    problems = run_checks(mini)
    assert any(p.code == "yaml-too-large" for p in problems)


def test_non_utf8_file_is_located(mini: Path) -> None:
    (mini / "catalog" / "labels.yaml").write_bytes("labels:\n  - id: x\n    issuer: B\xe1\xbb".encode(
        "latin-1"))
    problems = run_checks(mini)
    assert_problem(problems, "labels.yaml", 3, None, "yaml-encoding", "not UTF-8")


def test_mini_fixture_is_valid(mini: Path) -> None:
    assert run_checks(mini) == []


@pytest.mark.parametrize("make", [
    lambda: GppError("bad", path="a.yaml", line=3, column=4, code="x", hint="h", message_vi="tệ"),
    lambda: InputError("bad input", path="items[0].quantity", code="bad-input"),
    lambda: BatchFileError("list.csv", "list.csv: CSV error on line 22", line=22, code="csv-syntax", hint="h"),
])
def test_errors_survive_pickling(make: Any) -> None:
    # `check --jobs N` sends a worker's error back to the parent process (an error that cannot be
    # unpickled there made the pool hang)
    error = make()
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error)
    assert str(back) == str(error) and back.args == error.args
    assert (back.path, back.line, back.column, back.code, back.hint, back.problems) == \
        (error.path, error.line, error.column, error.code, error.hint, error.problems)
    assert back.describe("vi") == error.describe("vi")


def test_an_unreadable_rule_file_is_an_error_not_a_skipped_file(mini: Path) -> None:
    # regression (issue 12): a rule file behind a dangling symlink was skipped; validate said "valid"
    # and check ran without its rules
    (mini / "rules" / "gone.yaml").symlink_to(mini / "rules" / "does-not-exist.yaml")
    problems = run_checks(mini)
    assert [p.code for p in problems if p.level == "error"] == ["file-unreadable"]
    assert problems[0].path and problems[0].path.endswith("gone.yaml")
    with pytest.raises(RuleError):
        load_ruleset(mini / "catalog", mini / "rules")


# -- issue 12: validate and gp.load give located errors, never a traceback ---------------------------------
def _load_problem(mini: Path) -> Problem:
    """The one problem of the mini directory, as ``validate`` reports it and as ``gp.load`` raises it."""
    import green_procurement as gp

    problems = [p for p in run_checks(mini) if p.level == "error"]
    assert len(problems) == 1, problems
    with pytest.raises(GppError) as info:
        gp.load(catalog=mini / "catalog", rules=mini / "rules", backend="python")
    assert info.value.line == problems[0].line and info.value.path == problems[0].path
    return problems[0]


def test_control_character_in_a_rule_file_is_located(mini: Path) -> None:
    # regression: PyYAML's ReaderError escaped as a traceback
    edit(mini, "rules/t.yaml", 7, "    points: 10\x07")
    p = _load_problem(mini)
    assert (p.line, p.column, p.code) == (7, 15, "yaml-syntax") and "U+0007" in p.message


def test_nesting_400_deep_is_located(mini: Path) -> None:
    # regression: RecursionError from PyYAML's composer
    edit(mini, "rules/t.yaml", 8, "    when: " + "[" * 400 + "]" * 400)
    p = _load_problem(mini)
    assert (p.line, p.code) == (8, "yaml-too-deep") and "50 levels" in p.message


@pytest.mark.parametrize(("value", "tag"), [("!!timestamp x", "!!timestamp"), ("!!bool maybe", "!!bool"),
                                            ("!!int 12abc", "!!int"), ("!!float x", "!!float")])
def test_explicit_tags_that_cannot_be_built_are_located(mini: Path, value: str, tag: str) -> None:
    # regression: AttributeError (!!timestamp), KeyError (!!bool) escaped as tracebacks
    edit(mini, "rules/t.yaml", 7, f"    points: {value}")
    p = _load_problem(mini)
    assert (p.line, p.column, p.code) == (7, 13, "yaml-syntax")
    assert "invalid value" in p.message


@pytest.mark.parametrize("value", ["1.0e+400000", "1.0e-400000", "9" * 5000, "-" + "9" * 5000],
                         ids=["1e+400000", "1e-400000", "5000-digits", "minus-5000-digits"])
def test_huge_numbers_in_a_rule_file_are_located_before_conversion(mini: Path, value: str) -> None:
    # regression: 1.0e+400000 took seconds, then a ValueError from int(); 5,000 digits showed the whole number
    edit(mini, "rules/t.yaml", 7, f"    points: {value}")
    p = _load_problem(mini)
    assert (p.line, p.column, p.code) == (7, 13, "yaml-number-limit")
    assert len(p.message) < 200
