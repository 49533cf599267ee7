"""Bilingual messages: every template and every problem the validators, the model and the enricher can
produce has a Vietnamese text; exact Vietnamese for a few rows; ``validate --lang vi|en`` and JSON."""

from __future__ import annotations

import datetime
import json
import re
import string
from pathlib import Path

import pytest

from green_procurement._messages import MESSAGES, Msg, compiler_error, msg, pattern_error, yaml_detail
from green_procurement._pattern import PatternError, parse_phrases
from green_procurement._yaml import YamlLoadError, load_yaml, load_yaml_text
from green_procurement.catalog import check_catalog, load_catalog
from green_procurement.cli import main
from green_procurement.enrich import Enricher
from green_procurement.errors import CatalogError, GppError, InputError, Problem, RuleError, suggest
from green_procurement.model import LabelClaim, LineItem, PurchaseRequest
from green_procurement.rules import check_rules

from .test_validation import CASES, RULE_T, edit, run_checks

# English words of the templates that have no business in a Vietnamese text once quoted names, ids,
# values, {...}/[...] examples, `commands`, paths and dotted field names are taken out
_ENGLISH = re.compile(
    r"\b(must|found|unknown|missing|expected|did|mean|quote|allowed|cannot|needs?|should|the|is|are|not|"
    r"with|and|or|of|a|an|has|have|only|more|than|file|key|keys|value|values|list|mapping|text|number|"
    r"rule|rules|label|group|field|fields|operator|parameter|write|add|remove|use|see|e\.g|between|"
    r"least|whole|date|empty|twice|duplicate|invalid|error|problems?)\b", re.IGNORECASE)
# quoted or bracketed text, `commands`, <placeholders>, paths and dotted names, snake_case and kebab-case
# ids, "key:" of YAML examples, and comma-separated lists of names (allowed keys, fields, values)
_NAMES = re.compile(r"'[^']*'|\"[^\"]*\"|\{[^{}]*\}|\{[^{}]*\{[^{}]*\}[^{}]*\}|\[[^\]]*\]|`[^`]*`|<[^<>]*>"
                    r"|(?:--)?\S*[./]\S*|--\w+|\b\w+(?:[_-]\w+)+\b|\b\w+:(?=\s)|(?:[\w.<>-]+, )+[\w.<>-]+")


def english_left(vi: str) -> list[str]:
    """English template words left in a Vietnamese text (names, ids and values removed first)."""
    return _ENGLISH.findall(_NAMES.sub(" ", vi))


def assert_vietnamese(p: Problem) -> None:
    assert p.message_vi, f"no Vietnamese: {p.format()}"
    assert p.message_vi != p.message, p.format("vi")
    assert not english_left(p.message_vi), (english_left(p.message_vi), p.message_vi)
    if p.hint:
        assert p.hint_vi and p.hint_vi != p.hint, p.format("vi")
        assert not english_left(p.hint_vi), (english_left(p.hint_vi), p.hint_vi)


# -- the templates ---------------------------------------------------------------------------------
# Templates whose two texts are the same once filled with the same plain arguments: pure placeholders,
# where every word comes from an argument that is itself in the reader's language (a Msg) or is the
# user's own text.  Each is listed with why.
SAME_IN_BOTH = {
    "yaml.detail": "{context}, {problem}: PyYAML's two phrases, each a Msg",
    "yaml.problem-hint": "{problem} ({hint}): a problem of a value and its hint, each a Msg",
    "row.problem": "{column}: {problem}: the column as the file names it, and the problem (a Msg)",
    "row.problem-hint": "{column}: {problem} ({hint}): likewise, with a hint (a Msg)",
    "row.engine-error": "{problem}: a Msg of the engine",
    "row.engine-error-hint": "{problem} ({hint}): likewise, with a hint",
    "cli.ignored-column": "'{column}': a header of the user's file, quoted",
    "cli.ignored-column-hint": "'{column}' ({hint}): likewise, with a did-you-mean (a Msg)",
    "catalog.head.iso": "ISO: the standard's name, the same in Vietnamese",
}
#: ... of which these are a name that is the same word in both languages, not placeholders
SAME_WORDS = {"catalog.head.iso"}
# argparse's own texts (argparse.*) take %-style arguments: %s, %(value)r
_PERCENT_ARGS = re.compile(r"%(?:\((\w+)\))?[sdr]")


def _words(template: str) -> str:
    """The letters of a template outside its placeholders: a template with none only arranges its
    arguments (``{subject} ≥ {right}``) and may be the same in both languages."""
    return "".join(ch for literal, _, _, _ in string.Formatter().parse(template) for ch in literal if ch.isalpha())


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def _sample_args(template: str) -> dict[str, object]:
    """A plain argument for every field (the same in both languages, as names and values are): a
    number where the field formats one (``{n:,}``, ``{byte:02x}``), else a text."""
    args: dict[str, object] = {}
    for _, name, spec, _ in string.Formatter().parse(template):
        if name is not None:
            args[name] = 1234567 if spec and spec[-1] in ",xdf" else "ví-dụ"
    return args


@pytest.mark.parametrize("mid", sorted(MESSAGES))
def test_template_has_vietnamese_with_the_same_arguments(mid: str) -> None:
    en, vi = MESSAGES[mid]
    assert _fields(en) == _fields(vi), mid
    assert sorted(_PERCENT_ARGS.findall(en)) == sorted(_PERCENT_ARGS.findall(vi)), mid
    filled = msg(mid, **_sample_args(en))
    if mid in SAME_IN_BOTH:
        assert filled.vi == filled.en, f"{mid} is listed as the same in both languages but is not"
    elif _words(en):           # a template without words only arranges its arguments ("{subject} ≥ {right}")
        assert filled.vi != filled.en, (mid, filled)
    assert not english_left(_PERCENT_ARGS.sub(" ", vi)), (mid, english_left(vi), vi)


def test_the_same_in_both_templates_are_only_placeholders_and_punctuation() -> None:
    for mid in set(SAME_IN_BOTH) - SAME_WORDS:
        en, vi = MESSAGES[mid]
        literal = "".join(text for text, _, _, _ in string.Formatter().parse(en))
        assert not re.search(r"\w", literal), (mid, literal)
        assert en == vi, mid


def test_msg_fills_both_languages_with_the_same_arguments() -> None:
    m = msg("schema.wrong", name="recognised", expected=msg("expect.boolean"),
            found=msg("found.text", value="maybe"))
    assert m.en == "'recognised' must be true or false, found text 'maybe'"
    assert m.vi == "'recognised' phải là true hoặc false, nhưng đang là chuỗi ký tự 'maybe'"
    assert str(m) == m.en and m.get("vi") == m.vi and m.get("en") == m.en


def test_vietnamese_groups_thousands_with_dots() -> None:
    m = msg("yaml.too-large", size=3_000_000, limit=2 * 1024 * 1024)
    assert m.en == "file is 3,000,000 bytes, more than the limit of 2,097,152"
    assert m.vi == "tệp có 3.000.000 byte, vượt quá giới hạn 2.097.152 byte"


def test_did_you_mean_in_vietnamese() -> None:
    hint = suggest("issuerr", ["issuer", "kind"])
    assert hint == Msg("did you mean 'issuer'?", "có phải là 'issuer'?", "hint.did-you-mean")
    assert suggest("zzz", ["issuer"]) is None


# -- every problem of the validators ---------------------------------------------------------------
@pytest.mark.parametrize(("file", "line", "text", "insert", "code"),
                         [(c[1], c[2], c[3], c[4], c[6]) for c in CASES], ids=[c[0] for c in CASES])
def test_every_validation_case_has_vietnamese(mini: Path, file: str, line: int, text: str, insert: bool,
                                              code: str) -> None:
    edit(mini, file, line, text, insert=insert)
    problems = run_checks(mini)
    assert any(p.code == code for p in problems)
    for p in problems:
        assert_vietnamese(p)


def _write(root: Path, file: str, text: str) -> None:
    (root / file).write_text(text, encoding="utf-8")


def _cert(root: Path, rows: str, header: str = "scheme,certificate,holder,product,valid_from,valid_until,source"
          ) -> None:
    folder = root / "catalog" / "certificates"
    folder.mkdir(exist_ok=True)
    (folder / "x.csv").write_text(header + "\n" + rows + ("\n" if rows else ""), encoding="utf-8")


_BIDS = """bids:
  - id: R1
    title: {vi: "Ưu đãi", en: "Preferences"}
    basis: Luật
    effective: {from: 2025-08-04}
    origin:
      country: VN
      min_domestic_cost_pct: 30
      full_domestic_cost_pct: 50
      some_full:
        not_preferred: {rule_id: X-01, pct: 10, basis: Nghị định}
        below_full: {rule_id: X-02, pct: 2.5, basis: Nghị định}
      none_full:
        not_preferred: {rule_id: X-03, pct: 7.5, basis: Nghị định}
"""


def _rule(when: str = "{any_label: {kind: energy}}", **fields: str) -> str:
    text = RULE_T.replace("{any_label: {kind: energy}}", when)
    for key, value in fields.items():
        text = re.sub(rf"(?m)^    {key}: .*$", f"    {key}: {value}", text)
    return text


# problems the CASES table does not produce: (id, edit of the mini directory, code expected)
EXTRA = [
    ("too-large", lambda r: _write(r, "catalog/labels.yaml", "# x\n" * 600_000), "yaml-too-large"),
    ("encoding", lambda r: (r / "catalog/labels.yaml").write_bytes(b"labels:\n  - id: B\xe1\xbb"), "yaml-encoding"),
    ("aliases", lambda r: _write(r, "catalog/labels.yaml", "a: &a x\nb: [" + ", ".join(["*a"] * 101) + "]"),
     "yaml-alias-limit"),
    ("alias-bomb", lambda r: _write(r, "catalog/labels.yaml", "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "\n".join(
        f"{chr(97 + i)}: &{chr(97 + i)} [" + ", ".join([f"*{chr(96 + i)}"] * 10) + "]" for i in range(1, 8))),
     "yaml-alias-limit"),
    ("recursive-alias", lambda r: _write(r, "catalog/labels.yaml", "labels: &a [*a]\n"), "yaml-alias-limit"),
    ("too-deep", lambda r: _write(r, "catalog/labels.yaml", "labels: " + "[" * 60 + "]" * 60), "yaml-too-deep"),
    ("number-limit", lambda r: _write(r, "catalog/labels.yaml", "labels: 1.0e+4000"), "yaml-number-limit"),
    ("control-character", lambda r: _write(r, "catalog/labels.yaml", "labels: \x07"), "yaml-syntax"),
    ("bad-tag", lambda r: _write(r, "catalog/labels.yaml", "labels: !!bool maybe"), "yaml-syntax"),
    ("tab", lambda r: _write(r, "catalog/labels.yaml", "labels:\n\t- id: x\n"), "yaml-syntax"),
    ("bad-date", lambda r: edit(r, "catalog/labels.yaml", 8, "    validity_years: 2025-13-45"), "yaml-syntax"),
    ("complex-key", lambda r: edit(r, "catalog/labels.yaml", 4, "    ? [a, b]\n    : x", insert=True), "yaml-syntax"),
    ("unclosed", lambda r: edit(r, "catalog/labels.yaml", 3, "    kind: [green"), "yaml-syntax"),
    ("no-products", lambda r: (r / "catalog/products.yaml").unlink(), "missing-file"),
    ("no-scoring", lambda r: (r / "rules/scoring.yaml").unlink(), "missing-file"),
    ("no-rule-files", lambda r: (r / "rules/labels.yaml").unlink(), "missing-file"),
    ("unscored", lambda r: edit(r, "catalog/products.yaml", 33, "    priority: true"), "unscored-priority-group"),
    ("score-fraction", lambda r: edit(r, "rules/scoring.yaml", 2, "  green_min_score: 0.7"), "score-fraction"),
    ("top-not-mapping", lambda r: _write(r, "catalog/attributes.yaml", "- a\n"), "wrong-type"),
    ("empty-list", lambda r: _write(r, "catalog/attributes.yaml", "attributes: []\n"), "empty"),
    ("empty-keywords", lambda r: edit(r, "catalog/products.yaml", 7, "    keywords: {vi: [], en: []}"), "empty"),
    ("keyword-punct", lambda r: edit(r, "catalog/products.yaml", 7, '    keywords: {vi: ["--"], en: []}'),
     "bad-value"),
    ("keyword-split", lambda r: edit(r, "catalog/products.yaml", 7, '    keywords: {vi: ["giấy và bìa"], en: []}'),
     "phrase-never-matches"),
    ("code-punct", lambda r: edit(r, "catalog/products.yaml", 9, '    codes: {hs: ["--"]}'), "bad-value"),
    ("duplicate-tag", lambda r: edit(r, "catalog/products.yaml", 11, "    tags: [paper, paper]"),
     "duplicate-value"),
    ("param-note", lambda r: edit(r, "catalog/products.yaml", 12, "    params: {note: 5}"), "bad-id"),
    ("param-name", lambda r: edit(r, "catalog/products.yaml", 12, "    params: {Min: 5}"), "bad-id"),
    ("param-list", lambda r: edit(r, "catalog/products.yaml", 12, "    params: {min_x: [1]}"), "wrong-type"),
    ("grades-short", lambda r: edit(r, "catalog/labels.yaml", 9, "    grades: {scale: [1], best: 1}"), "bad-grades"),
    ("grades-type", lambda r: edit(r, "catalog/labels.yaml", 9, "    grades: [1, 2]"), "wrong-type"),
    ("values-on-number", lambda r: edit(r, "catalog/attributes.yaml", 5, "    values: [a]", insert=True),
     "not-allowed"),
    ("max-below-min", lambda r: edit(r, "catalog/attributes.yaml", 5, "    max: -1"), "out-of-range"),
    ("digits", lambda r: edit(r, "catalog/attributes.yaml", 5, "    max: 1.0000000000000001"), "out-of-range"),
    ("infinite", lambda r: edit(r, "catalog/attributes.yaml", 5, "    max: .inf"), "wrong-type"),
    ("bilingual-text", lambda r: edit(r, "catalog/attributes.yaml", 6, "    name: Tỷ lệ"), "wrong-type"),
    ("null-id", lambda r: edit(r, "catalog/attributes.yaml", 2, "  - id: null"), "wrong-type"),
    ("rules-top", lambda r: _write(r, "rules/t.yaml", "rule: []\n"), "unknown-key"),
    ("scoring-number", lambda r: _write(r, "rules/scoring.yaml", "scoring: {green_min_score: high}\n"),
     "wrong-type"),
    ("rule-not-mapping", lambda r: _write(r, "rules/t.yaml", "rules: [x]\n"), "wrong-type"),
    ("applies-to-text", lambda r: _write(r, "rules/t.yaml", _rule(applies_to="al")), "bad-value"),
    ("applies-to-empty", lambda r: _write(r, "rules/t.yaml", _rule(applies_to="{groups: []}")), "empty"),
    ("zero-points", lambda r: _write(r, "rules/t.yaml", _rule(points="0")), "out-of-range"),
    ("points-range", lambda r: _write(r, "rules/t.yaml", _rule(points="5000")), "out-of-range"),
    ("points-text", lambda r: _write(r, "rules/t.yaml", _rule(points="ten")), "wrong-type"),
    ("effective-datetime", lambda r: _write(r, "rules/t.yaml", _rule() + "    effective: {from: 2025-01-01 10:00}\n"),
     "wrong-type"),
    ("effective-text", lambda r: _write(r, "rules/t.yaml", _rule() + "    effective: {from: soon}\n"), "wrong-type"),
    ("effective-list", lambda r: _write(r, "rules/t.yaml", _rule() + "    effective: [2025]\n"), "wrong-type"),
    ("message-text", lambda r: _write(r, "rules/t.yaml", RULE_T.replace(
        '      met: {vi: "Đạt", en: "Met"}\n      not_met: {vi: "Chưa đạt", en: "Not met"}', "      Đạt")),
     "wrong-type"),
    ("met-text", lambda r: _write(r, "rules/t.yaml", RULE_T.replace('met: {vi: "Đạt", en: "Met"}', "met: Đạt")),
     "wrong-type"),
    ("braces", lambda r: _write(r, "rules/t.yaml", RULE_T.replace('"Đạt"', '"Đạt }"')), "bad-placeholder"),
    ("braces-open", lambda r: _write(r, "rules/t.yaml", RULE_T.replace('"Đạt"', '"Đạt {x"')), "bad-placeholder"),
    ("placeholder-format", lambda r: _write(r, "rules/t.yaml", RULE_T.replace('"Đạt"', '"Đạt {value:,}"')),
     "bad-placeholder"),
    ("placeholder-unknown", lambda r: _write(r, "rules/t.yaml", RULE_T.replace('"Đạt"', '"Đạt {zzzz}"')),
     "unknown-placeholder"),
    ("condition-text", lambda r: _write(r, "rules/t.yaml", _rule("always")), "wrong-type"),
    ("condition-empty", lambda r: _write(r, "rules/t.yaml", _rule("{}")), "wrong-type"),
    ("any-empty", lambda r: _write(r, "rules/t.yaml", _rule("{any: []}")), "empty"),
    ("any-text", lambda r: _write(r, "rules/t.yaml", _rule("{any: x}")), "wrong-type"),
    ("unknown-label-field", lambda r: _write(r, "rules/t.yaml", _rule("{any_label: {zzzz: 1}}")), "unknown-field"),
    ("unknown-field-far", lambda r: _write(r, "rules/t.yaml", _rule("{zzzz: 1}")), "unknown-field"),
    ("unknown-attribute-far", lambda r: _write(r, "rules/t.yaml", _rule("{attributes.zzzz: 1}")), "unknown-field"),
    ("unknown-param-far", lambda r: _write(r, "rules/t.yaml", _rule("{param.zzzz: 1}")), "unknown-param"),
    ("unknown-param-operand", lambda r: _write(r, "rules/t.yaml", _rule("{value: {gt: param.zzzz}}")),
     "unknown-param"),
    ("operator-first", lambda r: _write(r, "rules/t.yaml", _rule("{gte: 5}")), "unknown-field"),
    ("no-operator", lambda r: _write(r, "rules/t.yaml", _rule("{value: {}}")), "empty"),
    ("list-compare", lambda r: _write(r, "rules/t.yaml", _rule("{value: [1, 2]}")), "wrong-type"),
    ("unknown-op-far", lambda r: _write(r, "rules/t.yaml", _rule("{value: {zzzz: 1}}")), "unknown-operator"),
    ("unknown-op-unknown-field", lambda r: _write(r, "rules/t.yaml", _rule("{valeu: {gtee: 1}}")),
     "unknown-operator"),
    ("exists-text", lambda r: _write(r, "rules/t.yaml", _rule("{code: {exists: maybe}}")), "wrong-type"),
    ("matches-number", lambda r: _write(r, "rules/t.yaml", _rule('{value: {matches: "x"}}')), "type-mismatch"),
    ("matches-label", lambda r: _write(r, "rules/t.yaml", _rule('{any_label: {certificate: {matches: "x"}}}')),
     "type-mismatch"),
    ("pattern-long", lambda r: _write(r, "rules/t.yaml", _rule('{description: {matches: "a b c d e f g"}}')),
     "bad-pattern"),
    ("pattern-many", lambda r: _write(r, "rules/t.yaml", _rule(
        '{description: {matches: "' + "|".join(f"w{i}" for i in range(25)) + '"}}')), "bad-pattern"),
    ("in-long", lambda r: _write(r, "rules/t.yaml", _rule(
        "{value: {in: [" + ", ".join(map(str, range(201))) + "]}}")), "out-of-range"),
    ("in-twice", lambda r: _write(r, "rules/t.yaml", _rule("{value: {in: [1, 1]}}")), "duplicate-value"),
    ("tags-param", lambda r: _write(r, "rules/t.yaml", _rule(
        "{tags: param.min_energy_grade}", applies_to="{groups: [air-conditioner]}")), "type-mismatch"),
    ("param-type", lambda r: _write(r, "rules/t.yaml", _rule(
        "{description: param.min_energy_grade}", applies_to="{groups: [air-conditioner]}")), "type-mismatch"),
    ("operand-list", lambda r: _write(r, "rules/t.yaml", _rule("{value: {gt: [1]}}")), "wrong-type"),
    ("operand-eq-list", lambda r: _write(r, "rules/t.yaml", _rule("{value: {eq: [1]}}")), "wrong-type"),
    ("grade-bool", lambda r: _write(r, "rules/t.yaml", _rule("{any_label: {grade: true}}")), "unquoted-boolean"),
    ("grade-list", lambda r: _write(r, "rules/t.yaml", _rule("{any_label: {grade: {eq: {a: 1}}}}")), "wrong-type"),
    ("boolean-gt", lambda r: _write(r, "rules/t.yaml", _rule("{priority: {gt: true}}")), "type-mismatch"),
    ("label-kind", lambda r: _write(r, "rules/t.yaml", _rule("{any_label: {kind: zzzz}}")), "bad-value"),
    ("iso-type", lambda r: _write(r, "rules/t.yaml", _rule("{any_label: {iso_type: zzzz}}")), "bad-value"),
    ("unknown-group-far", lambda r: _write(r, "rules/t.yaml", _rule(applies_to="{groups: [zzzz]}")),
     "unknown-group"),
    ("unknown-tag-far", lambda r: _write(r, "rules/t.yaml", _rule(applies_to="{tags: [zzzz]}")), "unknown-tag"),
    # certificate registries (catalog/certificates/) and the bid preference settings (rules/bids.yaml)
    ("cert-validity", lambda r: _cert(r, "vn-ecolabel,1,A,B,2025-02-01,2025-01-01,s"), "bad-validity"),
    ("cert-scheme", lambda r: _cert(r, "vn-ecolabl,1,A,B,,,s"), "unknown-label"),
    ("cert-twice", lambda r: _cert(r, "vn-ecolabel,1,A,B,,,s\nvn-ecolabel,1,C,D,,,s"), "duplicate-id"),
    ("cert-empty", lambda r: _cert(r, "vn-ecolabel,,A,B,,,s"), "empty"),
    ("cert-date", lambda r: _cert(r, "vn-ecolabel,1,A,B,hôm qua,,s"), "wrong-type"),
    ("cert-width", lambda r: _cert(r, "vn-ecolabel,1,A,B,,,s,x"), "bad-value"),
    ("cert-column", lambda r: _cert(r, "", "scheme,certificate,source,expiry"), "unknown-key"),
    ("cert-no-column", lambda r: _cert(r, "", "scheme,certificate"), "missing-key"),
    ("cert-column-twice", lambda r: _cert(r, "", "scheme,certificate,source,source"), "duplicate-value"),
    ("cert-not-utf8", lambda r: (r / "catalog/certificates").mkdir() or (r / "catalog/certificates/x.csv")
     .write_bytes(b"scheme,certificate,source\nvn-ecolabel,1,C\xf4ng ty\n"), "file-unreadable"),
    ("cert-number", lambda r: _cert(r, "vn-ecolabel," + "9" * 101 + ",A,B,,,s"), "bad-value"),
    ("bids-overlap", lambda r: _write(r, "rules/bids.yaml", _BIDS + _BIDS.replace("bids:\n", "").replace(
        "R1", "R2").replace("X-0", "Y-0")), "bad-effective"),
    ("bids-pct", lambda r: _write(r, "rules/bids.yaml", _BIDS.replace("pct: 10", "pct: 110")), "out-of-range"),
    ("bids-full", lambda r: _write(r, "rules/bids.yaml", _BIDS.replace("full_domestic_cost_pct: 50",
                                                                       "full_domestic_cost_pct: 10")), "out-of-range"),
    ("bids-basis", lambda r: _write(r, "rules/bids.yaml", _BIDS.replace("    basis: Luật\n", "")), "missing-basis"),
    ("bids-id", lambda r: _write(r, "rules/bids.yaml", _BIDS.replace("X-01", "X-02")), "duplicate-id"),
    ("too-complex", lambda r: _write(r, "rules/t.yaml", _rule("{any: [" + ", ".join(
        f"{{all: [{{quantity: {{gt: {i}}}}}, {{unit_price: {{gt: {i}}}}}]}}" for i in range(1, 70)) + "]}")),
     "too-complex"),
]


@pytest.mark.parametrize(("change", "code"), [e[1:] for e in EXTRA], ids=[e[0] for e in EXTRA])
def test_every_other_problem_has_vietnamese(mini: Path, change, code: str) -> None:  # type: ignore[no-untyped-def]
    change(mini)
    problems = run_checks(mini)
    assert any(p.code == code for p in problems), "\n".join(p.format() for p in problems)
    for p in problems:
        assert_vietnamese(p)


def test_missing_directories_have_vietnamese(tmp_path: Path) -> None:
    _, problems = check_catalog(tmp_path / "nope")
    catalog = load_catalog(Path(__file__).parent / "data" / "mini" / "catalog")
    _, rproblems = check_rules(catalog, tmp_path / "nope")
    assert [p.code for p in problems + rproblems] == ["missing-directory", "missing-directory"]
    for p in problems + rproblems:
        assert_vietnamese(p)


def test_unreadable_file_has_vietnamese(tmp_path: Path) -> None:
    with pytest.raises(YamlLoadError) as info:
        load_yaml(tmp_path)  # a folder
    p = info.value.problem
    assert p.code == "file-unreadable"
    assert p.message_vi == "không đọc được tệp: đây là một thư mục, không phải tệp"
    assert_vietnamese(p)


def test_codes_of_the_sources_are_all_exercised() -> None:
    """Every problem code written in the validating modules is produced by a test above."""
    root = Path(__file__).resolve().parent.parent / "green_procurement"
    written = set()
    for name in ("_yaml.py", "_schema.py", "catalog.py", "rules.py", "certificates.py", "bidpolicy.py"):
        written |= set(re.findall(r'"((?:yaml-)?[a-z]+(?:-[a-z]+)+|empty)"', (root / name).read_text("utf-8")))
    exercised = {c[6] for c in CASES} | {e[2] for e in EXTRA} | {"missing-directory", "file-unreadable"}
    assert written - exercised == set()


# -- exact Vietnamese, row by row -------------------------------------------------------------------
EXACT = [
    ("unknown-key", "catalog/labels.yaml", 5, "    issuerr: x", "unknown-key",
     "khóa 'issuerr' không hợp lệ; có phải là 'issuer'?"),
    ("unquoted-no", "catalog/labels.yaml", 6, "    country: NO", "unquoted-boolean",
     "'country' phải là một chuỗi ký tự, nhưng đang là giá trị đúng/sai false (YAML đọc chữ NO không có "
     'dấu ngoặc kép thành giá trị này); hãy đặt trong dấu ngoặc kép: "NO"'),
    ("missing-basis", "rules/t.yaml", 4, "    # no basis", "missing-basis",
     "thiếu 'basis': mỗi quy tắc phải nêu căn cứ pháp lý; "
     'hãy thêm basis: "Luật Bảo vệ môi trường 2020, Điều 146; ..."'),
    ("missing-param", "rules/t.yaml", 10, '      met: {vi: "{param.min_recycled_content_pct}", en: "M"}',
     "missing-param",
     "quy tắc dùng param.min_recycled_content_pct nhưng (các) nhóm air-conditioner, computer trong applies_to "
     "không có tham số 'min_recycled_content_pct'; hãy thêm min_recycled_content_pct vào params của các nhóm "
     "đó trong products.yaml, hoặc thu hẹp applies_to"),
    ("unknown-operator", "rules/t.yaml", 8, "    when: {value: {gtee: 5}}", "unknown-operator",
     "toán tử 'gtee' không tồn tại; có phải là 'gte'?"),
    ("validity-range", "catalog/labels.yaml", 8, "    validity_years: -1", "out-of-range",
     "'validity_years' phải nằm trong khoảng từ 1 đến 50, nhưng đang là -1"),
    ("missing-key", "catalog/labels.yaml", 5, "    # issuer removed", "missing-key",
     "thiếu khóa 'issuer' trong labels[0]"),
]


@pytest.mark.parametrize(("file", "line", "text", "code", "expected"), [e[1:] for e in EXACT],
                         ids=[e[0] for e in EXACT])
def test_exact_vietnamese(mini: Path, file: str, line: int, text: str, code: str, expected: str) -> None:
    edit(mini, file, line, text)
    hits = [p for p in run_checks(mini) if p.code == code]
    assert [p.text("vi") for p in hits] == [expected]
    assert hits[0].format("vi").endswith(f": lỗi: {expected} [{code}]")


def test_english_is_unchanged_and_the_default(mini: Path) -> None:
    edit(mini, "catalog/labels.yaml", 5, "    issuerr: x", insert=True)
    (p,) = run_checks(mini)
    assert p.message == "unknown key 'issuerr'" and p.hint == "did you mean 'issuer'?"
    assert p.format() == p.format("en")
    assert p.format().endswith(":5:5: error: unknown key 'issuerr'; did you mean 'issuer'? [unknown-key]")


def test_foreign_texts_are_recognised() -> None:
    """Phrases of PyYAML (looked up by their exact text), the pattern parser (which raises with
    templates) and the compiler get their Vietnamese from templates."""
    assert yaml_detail("while parsing a block mapping", "expected <block end>, but found '-'").vi == \
        "khi đọc một nhóm khóa, cần chỗ kết thúc khối (thụt lề), nhưng gặp một phần tử danh sách '-'"
    with pytest.raises(PatternError) as info:
        parse_phrases("ly (nhựa)")
    assert pattern_error(info.value.message, info.value.hint)[0].vi == "không được dùng ký tự '('"
    message, hint = compiler_error("field names 'a' and 'b' collide in durable-rules' 32-bit hash",
                                   "rename one attribute or parameter")
    assert message.en == "field names 'a' and 'b' collide in durable-rules' 32-bit hash"
    assert message.vi == "tên trường 'a' và 'b' trùng mã băm 32-bit trong durable-rules"
    assert hint is not None and hint.vi == "hãy đổi tên một thuộc tính hoặc tham số"


def test_yaml_text_loader_has_vietnamese() -> None:
    with pytest.raises(YamlLoadError) as info:
        load_yaml_text("a: [b\n", "x.yaml")
    assert_vietnamese(info.value.problem)


# -- Problem and GppError ---------------------------------------------------------------------------
def test_problem_falls_back_to_english() -> None:
    p = Problem("something odd", "odd", "f.yaml", 3, 1, hint="fix it")
    assert p.format("vi") == "f.yaml:3:1: lỗi: something odd; fix it [odd]"
    assert p.to_dict("vi")["message"] == "something odd"


def test_problem_to_dict_has_both_languages() -> None:
    p = Problem.of(msg("schema.unknown-key", key="x"), "unknown-key", "f.yaml", 1, 2, "warning",
                   suggest("x", ["xy"]))
    d = p.to_dict("vi")
    assert d["message"] == d["message_vi"] == "khóa 'x' không hợp lệ"
    assert d["hint"] == d["hint_vi"] == "có phải là 'xy'?"
    assert d["message_en"] == "unknown key 'x'" and d["hint_en"] == "did you mean 'xy'?"
    assert p.to_dict()["message"] == "unknown key 'x'" and d["level"] == "warning"
    assert p.format("vi").startswith("f.yaml:1:2: cảnh báo: ")


def test_error_from_problems_describes_in_both_languages(mini: Path) -> None:
    edit(mini, "catalog/labels.yaml", 3, "    kind: energi")
    edit(mini, "catalog/labels.yaml", 7, "    iso_type: IV")
    _, problems = check_catalog(mini / "catalog")
    err = CatalogError.from_problems(problems)
    assert err.message.startswith("2 problems, first: 'kind' must be one of")
    assert err.message_vi is not None and err.message_vi.startswith("2 lỗi, lỗi đầu tiên: 'kind' phải là")
    assert err.get_hint("vi") == "có phải là 'energy'?" and err.hint == "did you mean 'energy'?"
    assert str(err).startswith("2 problem(s):\n") and "error: 'kind' must be" in str(err)
    text = err.describe("vi")
    assert text.startswith("2 lỗi:\n") and "lỗi: 'kind' phải là một trong các giá trị" in text
    assert err.describe("en") == str(err)


def test_error_accepts_msg_or_english() -> None:
    e = RuleError(msg("rules.no-files"), hint=msg("rules.no-files.hint"), code="missing-file")
    assert e.message == "no rule files (*.yaml) in the rules directory"
    assert e.message_vi == "thư mục quy tắc không có tệp quy tắc nào (*.yaml)"
    assert e.problems[0].hint_vi == "hãy thêm ít nhất một tệp có danh sách 'rules:'"
    plain = GppError("plain English", code="x")
    assert plain.message_vi is None and plain.get_message("vi") == "plain English"
    assert plain.describe("vi") == "<input>: lỗi: plain English [x]"


# -- input errors (model.py, enrich.py) -------------------------------------------------------------
def test_model_error_has_vietnamese() -> None:
    with pytest.raises(InputError) as info:
        LineItem.from_dict({"id": "1", "description": "x", "quantity": 1, "unit_prise": 5})
    e = info.value
    assert e.message == "unknown field 'unit_prise'" and e.hint == "did you mean 'unit_price'?"
    assert (e.message_vi, e.hint_vi) == ("trường 'unit_prise' không hợp lệ", "có phải là 'unit_price'?")
    assert e.describe("vi") == "unit_prise: lỗi: trường 'unit_prise' không hợp lệ; có phải là 'unit_price'? " \
                               "[bad-input]"


def test_request_errors_have_vietnamese() -> None:
    for data in ({"id": "x", "items": []}, {"id": "x", "items": "a"}, [1],
                 {"id": "x", "items": [{"id": 1, "description": "a", "quantity": 1, "unit_price": 1}] * 2}):
        with pytest.raises(InputError) as info:
            PurchaseRequest.from_dict(data)  # type: ignore[arg-type]
        assert_vietnamese(info.value.problems[0])


ITEM = {"id": "1", "description": "Máy lạnh", "quantity": 1, "unit_price": 100}


@pytest.mark.parametrize(("changes", "code"), [
    ({"product_group": "air-conditoner"}, "unknown-group"),
    ({"product_group": "zzzz"}, "unknown-group"),
    ({"attributes": {"domestic": "yes"}}, "bad-input"),
    ({"attributes": {"recycled_content_pct": "x"}}, "bad-input"),
    ({"attributes": {"recycled_content_pct": 101}}, "bad-input"),
    ({"attributes": {"powertrain": 5}}, "bad-input"),
    ({"attributes": {"powertrain": "hybrid"}}, "bad-input"),
    ({"attributes": {"powertrain": "electrc"}}, "bad-input"),
    ({"labels": [{"scheme": "vn-energi"}]}, "unknown-label"),
    ({"labels": [{"scheme": "zzzz"}]}, "unknown-label"),
    ({"labels": [{"scheme": "vn-ecolabel", "grade": 3}]}, "bad-grade"),
    ({"labels": [{"scheme": "vn-energy", "grade": 7}]}, "bad-grade"),
])
def test_enrich_errors_have_vietnamese(changes: dict, code: str) -> None:
    catalog = load_catalog(Path(__file__).parent / "data" / "mini" / "catalog")
    item = LineItem.from_dict({**ITEM, **changes})
    with pytest.raises(InputError) as info:
        Enricher(catalog, "reject", ()).enrich_line(item, datetime.date(2025, 1, 1))
    assert info.value.code == code
    assert_vietnamese(info.value.problems[0])


def test_label_claim_errors_have_vietnamese() -> None:
    for data in ({"scheme": "x", "valid_until": "31/02/2026"}, {"scheme": "x", "grade": True},
                 {"scheme": "x", "valid_until": "soon"}, {"scheme": "x", "grade": 2.5}, {"grade": 1},
                 {"scheme": "x", "zzz": 1}, "x"):
        with pytest.raises(InputError) as info:
            LabelClaim.from_dict(data)  # type: ignore[arg-type]
        assert_vietnamese(info.value.problems[0])


# -- the command line -------------------------------------------------------------------------------
LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<level>lỗi|cảnh báo|error|warning): "
                  r"(?P<text>.+) \[(?P<code>[a-z0-9-]+)\]$")


def _validate(mini: Path, *extra: str) -> list[str]:
    return ["validate", "--catalog", str(mini / "catalog"), "--rules", str(mini / "rules"), *extra]


def test_cli_validate_in_vietnamese_by_default(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(mini, "catalog/labels.yaml", 5, "    issuerr: x", insert=True)
    assert main(_validate(mini)) == 1
    out, err = capsys.readouterr()
    (line,) = out.splitlines()
    m = LINE.match(line)
    assert m and m["path"].endswith("labels.yaml") and (m["line"], m["col"]) == ("5", "5")
    assert (m["level"], m["text"], m["code"]) == ("lỗi", "khóa 'issuerr' không hợp lệ; có phải là 'issuer'?",
                                                  "unknown-key")
    assert err.splitlines()[0] == "1 lỗi, 0 cảnh báo" and "Đã kiểm tra" in err
    assert main(_validate(mini, "--lang", "vi")) == 1
    assert capsys.readouterr().out == out


def test_cli_validate_in_english(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(mini, "catalog/labels.yaml", 5, "    issuerr: x", insert=True)
    assert main(_validate(mini, "--lang", "en")) == 1
    out, err = capsys.readouterr()
    m = LINE.match(out.strip())
    assert m and (m["line"], m["col"], m["level"], m["code"]) == ("5", "5", "error", "unknown-key")
    assert m["text"] == "unknown key 'issuerr'; did you mean 'issuer'?"
    assert err.splitlines()[0] == "1 error(s), 0 warning(s)" and "checked" in err


def test_cli_validate_warning_in_both_languages(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(mini, "catalog/products.yaml", 33, "    priority: true")
    assert main(_validate(mini)) == 0
    vi = LINE.match(capsys.readouterr().out.strip())
    assert vi and vi["level"] == "cảnh báo" and vi["text"].startswith("nhóm ưu tiên 'catering' không có")
    assert main(_validate(mini, "--lang", "en", "--strict")) == 1
    en = LINE.match(capsys.readouterr().out.strip())
    assert en and en["level"] == "warning" and en["code"] == vi["code"] == "unscored-priority-group"


def test_cli_validate_json_has_both_languages(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(mini, "catalog/labels.yaml", 5, "    issuerr: x", insert=True)
    assert main(_validate(mini, "--format", "json")) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["valid"] is False and data["errors"] == 1 and data["lang"] == "vi"
    (p,) = data["problems"]
    assert p["message"] == p["message_vi"] == "khóa 'issuerr' không hợp lệ"
    assert p["message_en"] == "unknown key 'issuerr'"
    assert (p["hint_vi"], p["hint_en"]) == ("có phải là 'issuer'?", "did you mean 'issuer'?")
    assert (p["level"], p["code"], p["line"], p["column"]) == ("error", "unknown-key", 5, 5)
    assert main(_validate(mini, "--format", "json", "--lang", "en")) == 1
    (p_en,) = json.loads(capsys.readouterr().out)["problems"]
    assert p_en["message"] == "unknown key 'issuerr'" and p_en["message_vi"] == p["message_vi"]


def test_cli_validate_clean(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(_validate(mini)) == 0
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("Hợp lệ (")
