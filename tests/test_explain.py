"""``explain``: the trace of why an item scored as it did.

Example items on the shipped rules (green, not green, unclassified, a rule not yet in effect), in
Vietnamese and English; and a property test: the tracing interpreter agrees with the reference
evaluator on every generated condition and item, and an explanation never disagrees with the engine.
"""

from __future__ import annotations

import datetime
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import green_procurement as gp
from green_procurement.catalog import load_catalog
from green_procurement.engine import Engine
from green_procurement.explain import Explanation, explain_item, explain_line, render_text, trace
from green_procurement.lang import interp
from green_procurement.rules import RuleSet, Scoring

from .conftest import MINI
from .strategies import MINI_PARAMS, conditions, mini_requests, rule_lists

ON = datetime.date(2025, 6, 1)


@pytest.fixture(scope="module")
def engine() -> gp.Engine:
    eng = gp.load_default()
    yield eng
    eng.close()


def explain(engine: gp.Engine, lang: str = "vi", on: datetime.date = ON, **item: object) -> Explanation:
    data = {"id": "1", "quantity": 1, "unit_price": 1000000, **item}
    return explain_line(engine, data, on, lang=lang)


AC_3_STARS = {"description": "Máy điều hòa Daikin 1.5HP", "quantity": 2, "unit": "bộ", "unit_price": 12900000,
              "labels": [{"scheme": "vn-energy", "grade": 3, "valid_until": "2027-12-31"}]}


# -- a green item ------------------------------------------------------------------------------------------

def test_green_item(engine: gp.Engine) -> None:
    ex = explain(engine, description="Máy điều hòa Daikin inverter 1.5HP", code="8415.10",
                 labels=[{"scheme": "vn-energy", "grade": 5, "valid_until": "2027-12-31"}],
                 attributes={"tcvn_standard": "TCVN 7830:2021"})
    assert ex.status == "green"
    assert [r.rule.id for r in ex.rules] == [r.id for r in engine.ruleset.rules]   # every rule, in order
    assert ex.rule("GPP-LABEL-01").met and ex.rule("GPP-ENERGY-01").met
    text = render_text(ex)
    assert "Phân loại: air-conditioner (Máy điều hòa không khí), theo mã HS 841510" in text
    assert "40 + 60 = 100 / 100 điểm = 100,00; ngưỡng xanh 70 (GPP-ENERGY-01 40/40, GPP-LABEL-01 60/60)" in text
    assert "Trạng thái: xanh (green): đạt mọi yêu cầu bắt buộc và điểm 100,00 ≥ ngưỡng xanh 70" in text
    assert "✓ GPP-ENERGY-01" in text
    assert ("có nhãn thỏa: nhãn vn-energy còn hiệu lực đến 31/12/2027 (valid = true), hạng 5 ≥ mức tối thiểu 4 "
            "của nhóm air-conditioner") in text
    en = render_text(ex, "en")
    assert "Status: green: every requirement met and score 100.00 ≥ green threshold 70" in en
    assert ("a label satisfies it: label vn-energy valid until 31/12/2027 (valid = true), grade 5 ≥ minimum 4 "
            "of group air-conditioner") in en
    # the engine's own result is what the explanation shows
    assert ex.result == engine.evaluate_line(ex.item, ON)


# -- a not-green item ----------------------------------------------------------------------------------------

def test_not_green_item_names_the_failed_sub_condition_and_the_actual_value(engine: gp.Engine) -> None:
    ex = explain(engine, **AC_3_STARS)
    assert ex.status == "partial"
    r = ex.rule("GPP-ENERGY-01")
    assert r.applies and r.outcome == "not_met" and not r.trace.holds
    vi = render_text(ex, "vi")
    assert "✗ GPP-ENERGY-01 [tiêu chí, 40 điểm]" in vi
    assert "nhãn vn-energy hạng 3 < mức tối thiểu 4 của nhóm air-conditioner (param.min_energy_grade)" in vi
    # an `any`: every alternative that failed is listed, with its actual value
    assert "không phương án nào thỏa (any):" in vi
    assert "không có giá trị attributes.energy_grade (trường không có thì mọi so sánh đều sai)" in vi
    assert "nhãn vn-energy không thuộc [vn-energy-endorsement, energy-star]" in vi
    assert "nhãn vn-energy có kind = energy, không phải green" in vi
    assert "Thông báo: Chưa chứng minh hiệu suất năng lượng từ 4 sao trở lên" in vi
    assert "0 + 60 = 60 / 100 điểm = 60,00; ngưỡng xanh 70" in vi
    assert "Trạng thái: một phần (partial): điểm 60,00 < ngưỡng xanh 70" in vi
    en = render_text(ex, "en")
    assert "label vn-energy grade 3 < minimum 4 of group air-conditioner (param.min_energy_grade)" in en
    assert "no value for attributes.energy_grade (a field that is absent makes every comparison false)" in en
    assert "0 + 60 = 60 / 100 points = 60.00; green threshold 70" in en
    assert "Status: partial: score 60.00 < green threshold 70" in en
    # no_label: the label that violated it
    assert "có nhãn vi phạm (no_label: scheme = vn-energy): [nhãn vn-energy (scheme = vn-energy)]" in vi


def test_expired_label_absent_attribute_and_requirement_not_met(engine: gp.Engine) -> None:
    ex = explain(engine, description="Giấy A4 Double A 80gsm", quantity=100, unit_price=75000,
                 labels=[{"scheme": "vn-ecolabel", "valid_until": "2024-12-31"}])
    assert ex.status == "not_green"
    vi = render_text(ex, "vi")
    assert "không nhãn nào thỏa: [nhãn vn-ecolabel hết hạn (ngày 31/12/2024) (valid = false)]" in vi
    assert "không có giá trị attributes.recycled_content_pct (trường không có thì mọi so sánh đều sai)" in vi
    assert "có nhãn vi phạm (no_label: days_to_expiry < 0): [nhãn vn-ecolabel có days_to_expiry = -152 < 0 " \
           "(đã hết hạn 152 ngày)]" in vi
    assert "Trạng thái: chưa xanh (not_green): chưa đạt yêu cầu GPP-LABEL-01" in vi
    en = render_text(ex, "en")
    assert "no label satisfies it: [label vn-ecolabel expired (on 31/12/2024) (valid = false)]" in en
    assert "requirement GPP-LABEL-01 not met" in en


def test_recycled_content_below_the_group_minimum(engine: gp.Engine) -> None:
    ex = explain(engine, description="Giấy photo A4 IK Plus", attributes={"recycled_content_pct": 20})
    reason = "\n".join(ex.rule("GPP-MATERIAL-01").reason.lines("vi"))
    assert ("attributes.recycled_content_pct = 20 < mức tối thiểu 30 của nhóm office-paper "
            "(param.min_recycled_content_pct)") in reason
    assert "\n".join(ex.rule("GPP-MATERIAL-01").reason.lines("en")).count("minimum 30 of group office-paper") == 1


def test_label_not_accepted_for_the_group(engine: gp.Engine) -> None:
    ex = explain(engine, description="Giấy in văn phòng Excel A4", labels=[{"scheme": "vn-energy", "grade": 5}])
    text = render_text(ex)
    assert ("nhãn vn-energy không thuộc danh sách nhãn được chấp nhận của nhóm office-paper (accepted = false)"
            in text)


def test_negation_names_what_made_the_negated_part_true(engine: gp.Engine) -> None:
    ex = explain(engine, description="Bóng đèn compact Điện Quang 20W")
    r = ex.rule("GPP-PHASEOUT-01")
    assert r.outcome == "not_met"
    text = "\n".join(r.reason.lines("vi"))
    assert 'điều kiện bị phủ định (`not`) lại đúng: description "Bóng đèn compact Điện Quang 20W" chứa cụm từ ' \
           '"compact"' in text
    assert "Trạng thái: chưa xanh (not_green): chưa đạt yêu cầu GPP-PHASEOUT-01, GPP-LABEL-01" in render_text(ex)


# -- an unclassified item --------------------------------------------------------------------------------------

def test_unclassified_item_says_why_and_that_no_priority_rule_applies(engine: gp.Engine) -> None:
    ex = explain(engine, description="Sửa chữa máy lạnh phòng họp")
    assert ex.group is None and ex.status == "not_prioritised"
    # only the line checks apply to an unclassified line, and they are met: one kind of goods, a value
    assert [(r.rule.id, r.outcome) for r in ex.rules if r.applies] == [("GPP-LINE-01", "met"), ("GPP-LINE-02", "met")]
    vi = render_text(ex)
    assert "chưa phân loại: mô tả có \"sửa chữa\" (Sửa chữa, bảo trì" in vi
    assert "Quy tắc theo nhóm hàng ưu tiên không áp dụng" in vi
    assert ("GPP-LABEL-01 [yêu cầu bắt buộc, 60 điểm] Có nhãn hợp lệ được chấp nhận cho nhóm hàng: không áp dụng: "
            "mặt hàng chưa phân loại, quy tắc chỉ áp dụng cho nhóm/nhãn (tags: label-based)") in vi
    assert "Điểm: không quy tắc tính điểm nào áp dụng: điểm để trống (null)" in vi
    assert "Trạng thái: không thuộc danh mục ưu tiên (not_prioritised): mặt hàng chưa phân loại" in vi
    en = render_text(ex, "en")
    assert 'unclassified: the description has "sửa chữa" (Repair, maintenance' in en
    assert "No rule for priority product groups applies" in en


def test_unclassified_without_keyword_and_with_unknown_code(engine: gp.Engine) -> None:
    ex = explain(engine, description="Kệ trưng bày gỗ sồi", code="9403.30")
    assert "mã 9403.30 không khớp mã của nhóm nào; mô tả không khớp từ khóa của nhóm nào" in render_text(ex)
    assert ex.to_dict()["classification"]["reason"] == "no-keyword"


def test_group_outside_the_rule_scope(engine: gp.Engine) -> None:
    ex = explain(engine, description="Giấy A4 Double A")
    assert ex.rule("GPP-ENERGY-01").not_applicable[0].vi == \
        "không áp dụng: nhóm office-paper không thuộc nhóm/nhãn của quy tắc (tags: energy-label)"
    assert ex.rule("GPP-ENERGY-01").not_applicable[0].en == \
        "does not apply: group office-paper is not among the rule's groups/tags (tags: energy-label)"


# -- a rule not yet in effect ----------------------------------------------------------------------------------

def test_rule_not_yet_in_effect(engine: gp.Engine) -> None:
    bag = {"description": "Túi ni lông đựng hàng 30x40", "attributes": {"film_thickness_um": 20}}
    before = explain(engine, **bag)
    r = before.rule("GPP-PLASTIC-04")
    assert not r.applies
    assert [t.vi for t in r.not_applicable] == ["chưa có hiệu lực (từ 01/01/2026)"]
    assert [t.en for t in r.not_applicable] == ["not yet in effect (from 01/01/2026)"]
    assert ("GPP-PLASTIC-04 [cảnh báo] Túi ni lông khó phân hủy sinh học cỡ nhỏ (dưới 50 × 50 cm), màng dưới 50 µm: "
            "chưa có hiệu lực (từ 01/01/2026)") in render_text(before)
    after = explain(engine, on=datetime.date(2026, 3, 1), **bag)
    assert after.rule("GPP-PLASTIC-04").outcome == "not_met"
    assert "attributes.film_thickness_um = 20 < 50" in "\n".join(after.rule("GPP-PLASTIC-04").reason.lines("vi"))
    lamp = explain(engine, on=datetime.date(2023, 6, 1), description="Bóng đèn compact 20W")
    assert lamp.rule("GPP-PHASEOUT-01").not_applicable[0].vi == "chưa có hiệu lực (từ 15/07/2023)"


def test_rule_no_longer_in_effect() -> None:
    import attrs

    eng = gp.load(MINI / "catalog", MINI / "rules", backend="python")
    rules = tuple(attrs.evolve(r, effective_to=datetime.date(2024, 12, 31)) if r.id == "GPP-RECYCLED-01" else r
                  for r in eng.ruleset.rules)
    eng2 = Engine(attrs.evolve(eng.ruleset, rules=rules), "python")
    ex = explain_line(eng2, {"id": "1", "description": "Giấy A4", "quantity": 1, "unit_price": 1}, ON)
    assert [t.vi for t in ex.rule("GPP-RECYCLED-01").not_applicable] == ["hết hiệu lực (đến 31/12/2024)"]


# -- API details -------------------------------------------------------------------------------------------------

def test_explain_item_of_a_request_equals_explain_line(engine: gp.Engine) -> None:
    request = {"id": "YC-1", "entity": "Sở Tài chính", "funding": "state-budget",
               "items": [{"id": "a", "description": "Giấy A4", "quantity": 1, "unit_price": 1},
                         {"id": "b", **AC_3_STARS}]}
    a = explain_item(engine, request, 1, ON, lang="en")
    b = explain_line(engine, {"id": "b", **AC_3_STARS}, ON, entity="Sở Tài chính", funding="state-budget",
                     lang="en")
    assert a.to_dict() == b.to_dict()
    assert a.lang == "en" and render_text(a) == render_text(b, "en")
    with pytest.raises(gp.InputError):
        explain_item(engine, request, 2, ON)
    with pytest.raises(gp.InputError):
        explain_line(engine, {"id": "x", "description": "Giấy A4", "quantity": 1, "unit_price": 1,
                              "labels": [{"scheme": "vn-ecolable"}]}, ON)


def test_to_dict_is_json_ready_and_deterministic(engine: gp.Engine) -> None:
    ex = explain(engine, **AC_3_STARS)
    d = ex.to_dict()
    text = json.dumps(d, ensure_ascii=False)
    assert text == json.dumps(explain(engine, **AC_3_STARS).to_dict(), ensure_ascii=False)
    assert d["status"] == {"status": "partial", "text": "một phần (partial): điểm 60,00 < ngưỡng xanh 70"}
    rule = next(r for r in d["rules"] if r["rule_id"] == "GPP-ENERGY-01")
    assert rule["outcome"] == "not_met" and rule["trace"]["ok"] is False
    first = rule["trace"]["children"][0]["children"][0]     # any -> any_label -> the label
    grade = next(c for c in first["children"] if c["field"] == "grade")
    assert grade == {"cond": "grade ≥ param.min_energy_grade", "ok": False, "field": "grade", "actual": 3,
                     "absent": False, "param": "min_energy_grade", "param_value": 4, "label": 0}
    assert d["disagreements"] == []
    assert d["score"]["earned"] == 60 and d["score"]["possible"] == 100


def test_unknown_language(engine: gp.Engine) -> None:
    with pytest.raises(gp.GppError):
        explain(engine, lang="fr", description="Giấy A4")


# -- property: the tracing interpreter is the reference semantics ------------------------------------------------

MINI_CATALOG = load_catalog(MINI / "catalog")
DAYS = st.sampled_from([datetime.date(2024, 12, 31), datetime.date(2025, 6, 1), datetime.date(2026, 1, 1)])
_ENRICHER = Engine(RuleSet(MINI_CATALOG, (), Scoring(70, "reject"), "<generated>", ()), "python")


@pytest.mark.slow
@settings(max_examples=1000)
@given(conditions(tuple(MINI_PARAMS)), mini_requests(max_items=3), DAYS)
def test_trace_equals_the_reference_evaluator(cond, request, on) -> None:  # type: ignore[no-untyped-def]
    for i in range(len(request.items)):
        fact = _ENRICHER.enrich(request, i, on).fact
        assert trace(cond, fact).holds == interp.evaluate(cond, fact)


@pytest.mark.slow
@settings(max_examples=300)
@given(rule_lists(), mini_requests(max_items=2), DAYS)
def test_explanations_of_generated_rules_agree_with_the_engine(rules, request, on) -> None:  # type: ignore[no-untyped-def]
    eng = Engine(RuleSet(MINI_CATALOG, tuple(rules), Scoring(70, "reject"), "<generated>", ()), "python")
    for i in range(len(request.items)):
        ex = explain_item(eng, request, i, on)
        assert not any(r.disagrees for r in ex.rules)
        assert ex.result == eng.evaluate_item(request, i, on)
        for r in ex.rules:
            if r.applies:
                assert r.trace.holds == interp.evaluate(r.rule.when, ex.enriched.fact) == r.met
        json.dumps(ex.to_dict(), ensure_ascii=False)
        assert render_text(ex, "vi") and render_text(ex, "en")


def test_durable_backend_explanations_match_the_engine() -> None:
    with gp.load(MINI / "catalog", MINI / "rules") as eng:
        for desc in ("Giấy A4", "Ly nhựa", "Máy lạnh"):
            item = {"id": "1", "description": desc, "quantity": 1, "unit_price": 1,
                    "labels": [{"scheme": "vn-energy", "grade": 4}]}
            ex = explain_line(eng, item, ON)
            assert not any(r.disagrees for r in ex.rules)
            assert ex.result == eng.evaluate_line(ex.item, ON)
