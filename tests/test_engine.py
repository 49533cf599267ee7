"""The engine's guarantees: properties over the default rules, thread safety, memory, isolation."""

from __future__ import annotations

import datetime
import functools
import json
import random
import threading
import unicodedata
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import green_procurement as gp
from green_procurement.model import LabelClaim, PurchaseRequest

from .conftest import MINI, needs_durable
from .strategies import default_requests

ON = datetime.date(2025, 6, 1)


def dumps(result: gp.RequestResult) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False, sort_keys=False)


@pytest.mark.slow
@settings(max_examples=150)
@given(default_requests(), st.data())
def test_adding_a_valid_accepted_label_never_lowers_a_score(engine: gp.Engine, req: PurchaseRequest,
                                                            data: st.DataObject) -> None:
    before = engine.evaluate(req, ON)
    index = data.draw(st.integers(0, len(req.items) - 1))
    group = before.items[index].product_group
    if group is None:
        return
    accepted = engine.ruleset.catalog.groups[group].accepted_labels
    if not accepted:
        return
    scheme = engine.ruleset.catalog.labels[data.draw(st.sampled_from(accepted))]
    grade = data.draw(st.sampled_from(scheme.grades.scale)) if scheme.grades else None
    claim = LabelClaim(scheme.id, grade, "C-1", ON + datetime.timedelta(days=400))
    item = req.items[index]
    items = list(req.items)
    items[index] = attrs.evolve(item, labels=(*item.labels, claim))
    after = engine.evaluate(attrs.evolve(req, items=tuple(items)), ON)
    old, new = before.items[index].score_exact, after.items[index].score_exact
    if old is not None:
        assert new is not None and new >= old, (item, claim)


@pytest.mark.slow
@settings(max_examples=100)
@given(default_requests(), st.randoms(use_true_random=False))
def test_item_order_does_not_change_request_totals(engine: gp.Engine, req: PurchaseRequest,
                                                  rnd: random.Random) -> None:
    items = list(req.items)
    rnd.shuffle(items)
    a = engine.evaluate(req, ON).to_dict()
    b = engine.evaluate(attrs.evolve(req, items=tuple(items)), ON).to_dict()
    for key in ("total_value", "green_value", "green_share_value", "green_share_count", "score",
                "status_counts", "groups"):
        assert a[key] == b[key]


def _nfd(req: PurchaseRequest) -> dict:
    def walk(x: object) -> object:
        if isinstance(x, str):
            return unicodedata.normalize("NFD", x)
        if isinstance(x, dict):
            return {k: walk(v) for k, v in x.items()}
        if isinstance(x, list):
            return [walk(v) for v in x]
        return x
    return walk(req.to_dict())  # type: ignore[return-value]


@pytest.mark.slow
@settings(max_examples=100)
@given(default_requests())
def test_nfc_and_nfd_input_give_equal_results(engine: gp.Engine, req: PurchaseRequest) -> None:
    assert dumps(engine.evaluate(_nfd(req), ON)) == dumps(engine.evaluate(req, ON))


@pytest.mark.slow
@settings(max_examples=100)
@given(default_requests())
def test_same_input_gives_byte_identical_json(engine: gp.Engine, req: PurchaseRequest) -> None:
    assert dumps(engine.evaluate(req, ON)) == dumps(engine.evaluate(PurchaseRequest.from_dict(req.to_dict()),
                                                                      ON))


def test_evaluate_many_streams_the_same_results(engine: gp.Engine) -> None:
    reqs = [PurchaseRequest.from_dict({"id": f"R{i}", "items": [
        {"id": "1", "description": "Máy điều hòa 2 chiều 12000BTU", "quantity": i + 1, "unit_price": 9_000_000,
         "labels": [{"scheme": "vn-energy", "grade": 5, "valid_until": "2027-01-01"}]}]}) for i in range(5)]
    stream = engine.evaluate_many(iter(reqs), ON)
    assert not isinstance(stream, list)
    assert [dumps(r) for r in stream] == [dumps(engine.evaluate(r, ON)) for r in reqs]


def test_threads_sharing_one_engine_equal_sequential() -> None:
    eng = gp.load_default()
    reqs = [PurchaseRequest.from_dict(_sample(i)) for i in range(120)]
    expected = [dumps(eng.evaluate(r, ON)) for r in reqs]
    got = _in_threads(eng, reqs)
    eng.close()
    assert got == expected


def _in_threads(eng: gp.Engine, reqs: list[PurchaseRequest], n: int = 8) -> list[str]:
    """The results of ``reqs`` evaluated by ``n`` threads sharing ``eng``, started together."""
    got: dict[int, str] = {}
    errors: list[BaseException] = []
    start = threading.Barrier(n)

    def work(k: int) -> None:
        try:
            start.wait()
            for i in range(k, len(reqs), n):
                got[i] = dumps(eng.evaluate(reqs[i], ON))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    return [got[i] for i in range(len(reqs))]


@pytest.mark.slow
@needs_durable
def test_threads_compiling_specialised_programs_at_once_agree_with_the_reference() -> None:
    # regression guard (issue 16): the durable matcher compiles a program per group and claim count
    # the first time one is met; eight threads meet them together on a fresh engine, memos off
    eng = gp.load_default()
    eng.cache_size = 0
    with gp.load_default(backend="python") as ref:
        reqs = [PurchaseRequest.from_dict(_sample(i)) for i in range(96)]
        expected = [dumps(ref.evaluate(r, ON)) for r in reqs]
    got = _in_threads(eng, reqs)
    programs = eng._matcher.programs           # type: ignore[attr-defined]
    eng.close()
    assert programs > 1
    assert got == expected


def _sample(i: int) -> dict:
    descriptions = ["Giấy A4 Double A 80gsm", "Máy điều hòa Daikin 1.5HP", "Bóng đèn LED 9W Rạng Đông",
                    "Ly nhựa dùng một lần 500ml", "Máy tính xách tay Dell Latitude", "Xe ô tô 7 chỗ"]
    labels = [[], [{"scheme": "vn-energy", "grade": 3 + i % 3, "valid_until": "2026-12-31"}],
              [{"scheme": "vn-ecolabel", "valid_until": "2024-01-01"}], [{"scheme": "self-declared"}]]
    return {"id": f"YC-{i}", "entity": "Sở Tài chính", "items": [
        {"id": str(j), "description": descriptions[(i + j) % 6], "quantity": 1 + j, "unit_price": 100_000 * (i + 1),
         "labels": labels[(i * j) % 4], "attributes": {"recycled_content_pct": (i * 7) % 100}}
        for j in range(4)]}


def test_two_engines_with_different_rules_stay_independent(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(MINI, tmp_path / "mini")
    rules = tmp_path / "mini" / "rules" / "scoring.yaml"
    strict = tmp_path / "strict"
    shutil.copytree(tmp_path / "mini", strict)
    (strict / "rules" / "scoring.yaml").write_text("scoring: {green_min_score: 100}\n", encoding="utf-8")
    assert rules.exists()
    a = gp.load(tmp_path / "mini" / "catalog", tmp_path / "mini" / "rules")
    b = gp.load(strict / "catalog", strict / "rules")
    req = {"id": "R", "items": [{"id": "1", "description": "Máy lạnh 1HP", "quantity": 1, "unit_price": 1,
                                 "labels": [{"scheme": "vn-energy", "grade": 3, "valid_until": "2030-01-01"}]}]}
    ra, rb = a.evaluate(req, ON), b.evaluate(req, ON)
    assert a.version != b.version and ra.version == a.version and rb.version == b.version
    assert ra.items[0].score == rb.items[0].score == 60.0
    assert (ra.items[0].status, rb.items[0].status) == ("partial", "partial")
    req["items"][0]["labels"][0]["grade"] = 5
    assert a.evaluate(req, ON).items[0].status == "green"
    assert b.evaluate(req, ON).items[0].status == "green"
    b.close()
    assert a.evaluate(req, ON).items[0].status == "green"   # closing b leaves a working
    a.close()


@needs_durable
def test_closed_engine_refuses_to_evaluate() -> None:
    eng = gp.load(MINI / "catalog", MINI / "rules")
    eng.close()
    with pytest.raises(gp.RuleError, match="closed"):
        eng.evaluate(_sample(0), ON)


def test_result_shape_has_the_fixed_names(engine: gp.Engine) -> None:
    d = engine.evaluate(_sample(1), ON).to_dict()
    assert list(d)[:15] == ["request_id", "entity", "evaluated_on", "version", "total_value", "green_value",
                            "green_share_value", "green_share_count", "score", "status_counts", "unvalued",
                            "packages", "package_value", "groups", "items"]
    item = d["items"][0]
    assert list(item)[:8] == ["item_id", "description", "product_group", "priority", "value", "score",
                              "status", "findings"]
    assert list(item["findings"][0])[:6] == ["rule_id", "severity", "outcome", "points", "basis", "message"]
    assert d["evaluated_on"] == "2025-06-01" and len(d["version"]) == 64


def test_bad_item_raises_input_error_naming_the_field(engine: gp.Engine) -> None:
    bad = _sample(0)
    bad["items"][2]["labels"] = [{"scheme": "vn-ecolabell"}]
    with pytest.raises(gp.InputError) as info:
        engine.evaluate(bad, ON)
    assert info.value.path == "items[2].labels[0].scheme"
    assert "did you mean 'vn-ecolabel'" in str(info.value)


def test_grade_off_the_scale_is_bad_input(engine: gp.Engine) -> None:
    bad = _sample(0)
    bad["items"][0]["labels"] = [{"scheme": "vn-energy", "grade": 7}]
    with pytest.raises(gp.InputError, match="not on the scale"):
        engine.evaluate(bad, ON)


def test_money_stays_exact_above_2_53(engine: gp.Engine) -> None:
    req = {"id": "R", "items": [{"id": "1", "description": "Xe ô tô điện 5 chỗ", "quantity": 3,
                                 "unit_price": 2**53 + 1}]}
    d = engine.evaluate(req, ON).to_dict()
    assert d["total_value"] == 3 * (2**53 + 1) and d["items"][0]["value"] == 3 * (2**53 + 1)


@pytest.mark.slow
@settings(max_examples=100)
@given(default_requests())
def test_the_match_cache_does_not_change_results(req: PurchaseRequest) -> None:
    cached, uncached = _CACHED, _UNCACHED
    assert dumps(cached.evaluate(req, ON)) == dumps(uncached.evaluate(req, ON))
    assert dumps(cached.evaluate(req, ON)) == dumps(uncached.evaluate(req, ON))   # now from the cache


_CACHED = gp.load_default()
_UNCACHED = gp.load_default()
_UNCACHED.cache_size = 0


# -- the row memo: its key comes from the data model and the rules ---------------------------------------

def test_a_field_added_to_the_model_is_part_of_the_row_memo_key() -> None:
    engine = gp.load_default(backend="python")
    plus = attrs.make_class("LineItemPlus", {"extra": attrs.field(default=None)}, bases=(gp.LineItem,),
                            frozen=True)
    a = plus("1", "Giấy A4 Double A", 1, 75_000, extra=1)
    b = plus("1", "Giấy A4 Double A", 1, 75_000, extra=2)
    assert engine._rows.key(a, ON, None, None) != engine._rows.key(b, ON, None, None)
    # the plain model: two items that differ only in their id (which no rule or message reads) share a key
    x, y = gp.LineItem("1", "Giấy A4 Double A", 1, 75_000), gp.LineItem("2", "Giấy A4 Double A", 1, 75_000)
    assert engine._rows.key(x, ON, None, None) == engine._rows.key(y, ON, None, None)


def test_the_row_memo_keeps_what_a_rule_reads(mini: Path) -> None:
    rule = (mini / "rules" / "qty.yaml")
    rule.write_text("""rules:
  - id: QTY-01
    title: {vi: "Số lượng", en: "Quantity"}
    basis: "test"
    applies_to: all
    severity: info
    when: {quantity: {gt: 5}}
    message: {met: {vi: "nhiều", en: "many"}, not_met: {vi: "ít", en: "few"}}
""", encoding="utf-8")
    engine = gp.load(mini / "catalog", mini / "rules", backend="python")
    few, many = gp.LineItem("1", "Giấy A4", 1, 75_000), gp.LineItem("1", "Giấy A4", 9, 75_000)
    assert engine._rows.key(few, ON, None, None) != engine._rows.key(many, ON, None, None)
    assert [f.outcome for f in engine.evaluate_line(few, ON).findings if f.rule_id == "QTY-01"] == ["not_met"]
    assert [f.outcome for f in engine.evaluate_line(many, ON).findings if f.rule_id == "QTY-01"] == ["met"]


def test_values_equal_across_types_do_not_share_a_row_memo_key() -> None:
    engine = gp.load_default(backend="python")
    one = gp.LineItem("1", "Giấy A4", 1, 75_000, attributes={"domestic": 1})
    yes = gp.LineItem("1", "Giấy A4", 1, 75_000, attributes={"domestic": True})
    assert engine._rows.key(one, ON, None, None) != engine._rows.key(yes, ON, None, None)
    # the same for each pair of 1, 1.0, Decimal(1), True in an attribute (Attributes is keyed by a fast path)
    ones = [gp.LineItem("1", "Giấy A4", 1, 75_000, attributes={"recycled_content_pct": v})
            for v in (1, 1.0, Decimal(1), True)]
    stored = {(type(v), v) for item in ones for v in item.attributes.values()}   # the model's own types
    assert len({engine._rows.key(item, ON, None, None) for item in ones}) == len(stored) >= 2
    assert engine.evaluate_line(yes, ON).status != "error"
    with pytest.raises(gp.InputError):     # after the good item is memoised, the bad one still fails
        engine.evaluate_line(one, ON)


def test_label_claims_share_a_row_memo_key_only_when_they_are_equal() -> None:
    # label claims are keyed by their fields and those fields' types (issue 16: hashed in C rather than
    # by LabelClaim's own __hash__ and __eq__); every field counts
    engine = gp.load_default(backend="python")
    day = datetime.date(2026, 1, 1)
    claims = [gp.LabelClaim("vn-energy", 5, "C-1", day), gp.LabelClaim("vn-energy", 4, "C-1", day),
              gp.LabelClaim("vn-energy", "5", "C-1", day), gp.LabelClaim("vn-energy", 5, "C-2", day),
              gp.LabelClaim("vn-energy", 5, "C-1", None), gp.LabelClaim("vn-ecolabel", None, "C-1", day),
              gp.LabelClaim("vn-energy", 5, "C-1", datetime.date(2026, 1, 2))]
    items = [gp.LineItem("1", "Máy lạnh", 1, 9_000_000, labels=(c,)) for c in claims]
    keys = [engine._rows.key(item, ON, None, None) for item in items]
    for a, ka in zip(claims, keys, strict=True):
        for b, kb in zip(claims, keys, strict=True):
            assert (ka == kb) == (a == b and type(a.grade) is type(b.grade)), (a, b)
    twin = gp.LineItem("1", "Máy lạnh", 1, 9_000_000, labels=(gp.LabelClaim("vn-energy", 5, "C-1", day),))
    assert engine._rows.key(twin, ON, None, None) == keys[0]


def test_amounts_only_tested_for_presence_are_keyed_by_presence() -> None:
    # GPP-LINE-02 asks only whether the line has a value (`value: {exists: true}`, no amount in its
    # message): one product at two prices shares a row memo entry, a line without a price does not
    engine = gp.load_default(backend="python")
    fresh = gp.load_default(backend="python")
    fresh.cache_size = 0
    assert engine._rows.presence_only == {"quantity", "unit_price"}
    cheap = gp.LineItem("1", "Máy điều hòa Daikin 1HP", 2, 9_000_000)
    dear = gp.LineItem("2", "Máy điều hòa Daikin 1HP", 3, 12_500_000)
    unpriced = gp.LineItem("3", "Máy điều hòa Daikin 1HP", 2)
    key = engine._rows.key
    assert key(cheap, ON, None, None) == key(dear, ON, None, None) != key(unpriced, ON, None, None)
    for item in (cheap, dear, unpriced, dear, unpriced):
        assert engine.evaluate_line(item, ON) == fresh.evaluate_line(item, ON)


def test_a_rule_that_reads_an_amount_keys_it_by_value(mini: Path) -> None:
    (mini / "rules" / "price.yaml").write_text("""rules:
  - id: PRICE-01
    title: {vi: "Có giá", en: "Priced"}
    basis: "test"
    applies_to: all
    severity: info
    when: {unit_price: {exists: true}}
    message: {met: {vi: "giá {unit_price}", en: "price {unit_price}"}, not_met: {vi: "không", en: "none"}}
""", encoding="utf-8")
    engine = gp.load(mini / "catalog", mini / "rules", backend="python")
    assert "unit_price" not in engine._rows.presence_only     # its message shows the price
    a, b = gp.LineItem("1", "Giấy A4", 1, 75_000), gp.LineItem("1", "Giấy A4", 1, 80_000)
    assert engine._rows.key(a, ON, None, None) != engine._rows.key(b, ON, None, None)
    assert [f.message.en for f in engine.evaluate_line(b, ON).findings if f.rule_id == "PRICE-01"] == \
        ["price 80,000"]


@settings(max_examples=150)
@given(st.data())
def test_the_phrases_a_fact_carries_are_the_word_ngrams_that_are_phrases(data: st.DataObject) -> None:
    # regression (issue 16): enrichment finds the rules' phrases by their first word instead of making
    # every n-gram of the text; the list (and its order) must be what the n-grams gave
    enricher = _DEFAULT_ENGINE()._enricher
    phrases = sorted(enricher.phrases)
    words = sorted({w for p in phrases for w in p.split()}) + ["x", "1", "led"]
    pieces = data.draw(st.lists(st.one_of(st.sampled_from(phrases), st.sampled_from(words)), max_size=12))
    folded = " ".join(pieces)
    want = [g for g in ngrams(folded, enricher.longest_phrase) if g in enricher.phrases]
    assert enricher.phrases_in(folded.split()) == want


@settings(max_examples=60)
@given(default_requests())
def test_a_fact_is_the_same_with_the_description_folded_by_classification(request: gp.PurchaseRequest) -> None:
    # enrichment reuses the letters classification folded (Enricher.classified -> enrich_line's whole)
    enricher = _DEFAULT_ENGINE()._enricher
    for i, item in enumerate(request.items):
        path = f"items[{i}]"
        try:
            cls, words = enricher.classified(item, path)
            alone = enricher.enrich_line(item, ON, path=path)
        except gp.InputError:
            continue
        assert enricher.enrich_line(item, ON, path=path, cls=cls, words=words).fact == alone.fact


def ngrams(folded: str, longest: int) -> list[str]:
    """The spec: every run of 1..``longest`` consecutive words of a folded text, without repeats (what
    enrichment computed before issue 16)."""
    words = folded.split()
    out: dict[str, None] = {}
    for n in range(1, longest + 1):
        for i in range(len(words) - n + 1):
            out[" ".join(words[i:i + n])] = None
    return list(out)


@functools.lru_cache(maxsize=1)
def _DEFAULT_ENGINE() -> gp.Engine:
    return gp.load_default(backend="python")


def test_a_score_outside_the_plans_table_is_worked_out() -> None:
    # regression (issue 16): the score table of a scoring plan is indexed by the points earned; a rule
    # made in code with negative points (the loader refuses them) must not read the table from its end
    from green_procurement.engine import Engine
    from green_procurement.results import score_of

    ruleset = gp.load_ruleset()
    odd = attrs.evolve(ruleset, rules=tuple(attrs.evolve(r, points=-10) if r.id == "GPP-LABEL-01" else r
                                            for r in ruleset.rules))
    engine = Engine(odd, "python")
    # an energy label of grade 1: the label rule is met (-10), the energy rule (40 points) is not
    cooler = gp.LineItem("1", "Máy lạnh Daikin 1.5HP", 1, 12_900_000,
                         labels=(gp.LabelClaim("vn-energy", 1, None, datetime.date(2030, 1, 1)),))
    result = engine.evaluate_line(cooler, ON)
    earned = sum(f.points for f in result.findings)
    possible = sum(f.max_points for f in result.findings)
    assert earned < 0 <= possible          # the case the table cannot hold
    assert result.score_exact == score_of(earned, possible)
