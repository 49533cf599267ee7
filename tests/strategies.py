"""Hypothesis strategies for the data model (all in one module, as attrs does)."""

from __future__ import annotations

import datetime
import functools
import unicodedata
from decimal import Decimal

from hypothesis import strategies as st

from green_procurement.model import MAX_AMOUNT, LabelClaim, LineItem, PurchaseRequest

VI_WORDS = ["Giấy", "văn phòng", "A4", "Điều hòa", "máy lạnh", "ĐÈN LED", "bóng đèn", "máy tính",
            "xách tay", "nhựa", "ly", "xe ô tô", "mực in", "hộp xốp", "Tủ lạnh", "dịch vụ", "vệ sinh"]

texts = st.lists(st.sampled_from(VI_WORDS), min_size=1, max_size=4).map(" ".join)
# the same texts, sometimes decomposed (NFD): the model must normalise them
any_form_texts = st.tuples(texts, st.sampled_from(["NFC", "NFD"])).map(
    lambda t: unicodedata.normalize(t[1], t[0]))
idents = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_-]{0,11}", fullmatch=True)
dates = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2040, 12, 31))

money = st.one_of(
    st.integers(min_value=0, max_value=MAX_AMOUNT),
    st.integers(min_value=2**53 - 5, max_value=2**53 + 5),     # around the float precision edge
    st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
)
quantities = st.one_of(
    st.integers(min_value=1, max_value=10**6),
    st.decimals(min_value=Decimal("0.001"), max_value=10**4, places=3, allow_nan=False,
                allow_infinity=False),
)

label_claims = st.builds(
    LabelClaim,
    scheme=st.sampled_from(["vn-ecolabel", "vn-energy", "epeat", "self-declared"]),
    grade=st.one_of(st.none(), st.integers(1, 5), st.sampled_from(["bronze", "silver", "gold"])),
    certificate=st.one_of(st.none(), idents),
    valid_until=st.one_of(st.none(), dates),
)

attribute_values = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6),
    st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False, allow_infinity=False),
    texts,
)
attributes = st.dictionaries(st.sampled_from(["recycled_content_pct", "domestic", "powertrain",
                                              "single_use_plastic", "energy_grade"]),
                             attribute_values, max_size=4)

line_items = st.builds(
    LineItem,
    id=idents,
    description=any_form_texts,
    quantity=quantities.filter(lambda q: q > 0),
    unit_price=money,
    unit=st.one_of(st.none(), st.sampled_from(["cái", "ram", "bộ", "chiếc", "kg"])),
    product_group=st.one_of(st.none(), st.sampled_from(["office-paper", "air-conditioner", "computer"])),
    code=st.one_of(st.none(), st.sampled_from(["4802.56", "8415.10", "847130"])),
    labels=st.lists(label_claims, max_size=3).map(tuple),
    attributes=attributes,
)


@st.composite
def purchase_requests(draw: st.DrawFn) -> PurchaseRequest:
    items = draw(st.lists(line_items, min_size=1, max_size=6, unique_by=lambda i: i.id))
    return PurchaseRequest(
        id=draw(idents),
        entity=draw(st.one_of(st.none(), any_form_texts)),
        date=draw(st.one_of(st.none(), dates)),
        funding=draw(st.one_of(st.none(), st.just("state-budget"))),
        items=tuple(items),
    )


# -- rules in the IR, over the small test catalogue (tests/data/mini) ---------------------------------
# Differential tests draw random *valid* rule sets from these and compare the two backends.

from green_procurement._pattern import parse_phrases  # noqa: E402
from green_procurement._schema import Text  # noqa: E402
from green_procurement.lang import ir  # noqa: E402
from green_procurement.rules import AppliesTo, Rule  # noqa: E402

MINI_GROUPS = ["office-paper", "air-conditioner", "computer", "catering"]
MINI_TAGS = ["paper", "energy-using", "service"]
MINI_LABELS = ["vn-ecolabel", "vn-energy", "epeat", "self-declared"]
MINI_PARAMS = {"min_energy_grade": ["air-conditioner", "computer"],
               "min_recycled_content_pct": ["office-paper"]}

# numbers close to what the items carry, so comparisons land on both sides and on equality
NUMBERS = [0, 1, 2, 3, 4, 5, 10, 30, 40, 50, 100, 500, 1000, 75000, 15000000, 2**53, 2**53 + 1,
           Decimal("0.5"), Decimal("2.5"), Decimal("0.00001"), Decimal("99.99"), -1]
TEXTS = {
    "group": MINI_GROUPS,
    "description": ["Giấy A4", "Máy điều hòa", "Ly nhựa"],
    "code": ["4802.56", "8415.10", "X1"],
    "unit": ["cái", "ram", "kg"],
    "entity": ["Sở Tài chính", "UBND quận Ninh Kiều"],
    "funding": ["state-budget", "other"],
    "attributes.powertrain": ["electric", "petrol", "diesel"],
}
PATTERNS = ["giấy", "dieu hoa|may lanh", "máy", "ly nhựa|ly giay", "giay a4", "nhua", "dịch vụ|vệ sinh",
            "a4", "hoi nghi|dell", "MÁY LẠNH", "laptop dell|suat an hoi nghi", "8415"]


def _field(name: str, typ: str, scope: str = "item") -> ir.Field:
    if name.startswith("attributes."):
        return ir.Field(name, typ, scope, ("attributes", name[11:]))
    return ir.Field(name, typ, scope, (name,))


ITEM_NUMBER_FIELDS = ["quantity", "unit_price", "value", "label_count", "attributes.recycled_content_pct"]
ITEM_BOOL_FIELDS = ["priority", "classified", "attributes.domestic"]
LABEL_FIELDS = {"scheme": MINI_LABELS, "kind": ["green", "energy", "other"], "iso_type": ["I", "II", "none"]}
LABEL_BOOLS = ["recognised", "accepted", "valid", "expiry_known"]

ops_order = st.sampled_from(["eq", "ne", "gt", "gte", "lt", "lte"])


def number_compare(field: ir.Field, params: list[str]) -> st.SearchStrategy[ir.Cond]:
    consts = st.builds(lambda op, v: ir.Test(field, op, ir.Const(v)), ops_order, st.sampled_from(NUMBERS))
    lists = st.builds(lambda op, vs: ir.Test(field, op, ir.Const(tuple(dict.fromkeys(vs)))),
                      st.sampled_from(["in", "not_in"]), st.lists(st.sampled_from(NUMBERS), min_size=1,
                                                                    max_size=3))
    options = [consts, lists]
    if params:
        options.append(st.builds(lambda op, p: ir.Test(field, op, ir.Param(p, ir.NUMBER)), ops_order,
                                 st.sampled_from(params)))
    return st.one_of(*options)


def text_compare(field: ir.Field, values: list[str]) -> st.SearchStrategy[ir.Cond]:
    return st.one_of(
        st.builds(lambda op, v: ir.Test(field, op, ir.Const(v)), st.sampled_from(["eq", "ne"]),
                  st.sampled_from(values)),
        st.builds(lambda op, vs: ir.Test(field, op, ir.Const(tuple(dict.fromkeys(vs)))),
                  st.sampled_from(["in", "not_in"]), st.lists(st.sampled_from(values), min_size=1,
                                                              max_size=3)),
    )


def bool_compare(field: ir.Field) -> st.SearchStrategy[ir.Cond]:
    return st.builds(lambda op, v: ir.Test(field, op, ir.Const(v)), st.sampled_from(["eq", "ne"]),
                     st.booleans())


def exists(field: ir.Field) -> st.SearchStrategy[ir.Cond]:
    return st.builds(lambda b: ir.Test(field, "exists", ir.Const(b)), st.booleans())


def match(field: ir.Field) -> st.SearchStrategy[ir.Cond]:
    def build(p: str) -> ir.Test:
        return ir.Test(field, "matches", ir.Phrases(p, parse_phrases(p)))
    return st.sampled_from(PATTERNS).map(build)


def label_leaves(params: list[str]) -> st.SearchStrategy[ir.Cond]:
    grade = ir.Field("grade", ir.NUMBER, "label", ("grade",))
    grade_text = ir.Field("grade", ir.TEXT, "label", ("grade_text",))
    leaves = [number_compare(grade, params),
              text_compare(grade_text, ["bronze", "silver", "gold"]),
              number_compare(ir.Field("grade_rank", ir.NUMBER, "label", ("grade_rank",)), []),
              number_compare(ir.Field("days_to_expiry", ir.NUMBER, "label", ("days_to_expiry",)), []),
              exists(ir.Field("days_to_expiry", ir.NUMBER, "label", ("days_to_expiry",))),
              exists(ir.Field("grade", ir.NUMBER, "label", ("grade_rank",))),
              exists(ir.Field("certificate", ir.TEXT, "label", ("certificate",)))]
    leaves += [text_compare(ir.Field(n, ir.TEXT, "label", (n,)), v) for n, v in LABEL_FIELDS.items()]
    leaves += [bool_compare(ir.Field(n, ir.BOOLEAN, "label", (n,))) for n in LABEL_BOOLS]
    return st.one_of(*leaves)


@functools.cache
def label_conditions(params: tuple[str, ...]) -> st.SearchStrategy[ir.Cond]:
    return st.recursive(label_leaves(list(params)), _combine, max_leaves=4)


def _combine(children: st.SearchStrategy[ir.Cond]) -> st.SearchStrategy[ir.Cond]:
    return st.one_of(
        st.lists(children, min_size=2, max_size=3).map(lambda ps: ir.All(tuple(ps))),
        st.lists(children, min_size=2, max_size=3).map(lambda ps: ir.Any(tuple(ps))),
        children.map(ir.Not),
    )


def item_leaves(params: list[str], with_match: bool) -> st.SearchStrategy[ir.Cond]:
    leaves = [number_compare(_field(n, ir.NUMBER), params) for n in ITEM_NUMBER_FIELDS]
    leaves += [text_compare(_field(n, ir.TEXT), v) for n, v in TEXTS.items()]
    leaves += [bool_compare(_field(n, ir.BOOLEAN)) for n in ITEM_BOOL_FIELDS]
    leaves += [text_compare(_field("tags", ir.LIST), MINI_TAGS)]
    leaves += [exists(_field(n, ir.TEXT)) for n in ("code", "group", "attributes.powertrain", "tags")]
    leaves += [label_conditions(tuple(params)).map(ir.AnyLabel),
               label_conditions(tuple(params)).map(ir.NoLabel)]
    if with_match:
        leaves += [match(_field("description", ir.TEXT)), match(_field("code", ir.TEXT))]
    return st.one_of(*leaves)


@functools.cache
def conditions(params: tuple[str, ...], with_match: bool = True) -> st.SearchStrategy[ir.Cond]:
    return st.recursive(item_leaves(list(params), with_match), _combine, max_leaves=6)


@st.composite
def rules(draw: st.DrawFn, index: int = 0) -> Rule:
    """A random valid rule over the mini catalogue (params only where every applicable group has them)."""
    kind = draw(st.sampled_from(["all", "groups", "tags"]))
    if kind == "all":
        applies = AppliesTo(all=True)
        groups = MINI_GROUPS
    elif kind == "groups":
        chosen = draw(st.lists(st.sampled_from(MINI_GROUPS), min_size=1, max_size=3, unique=True))
        applies = AppliesTo(groups=frozenset(chosen))
        groups = chosen
    else:
        tags = draw(st.lists(st.sampled_from(MINI_TAGS), min_size=1, max_size=2, unique=True))
        applies = AppliesTo(tags=frozenset(tags))
        groups = [g for g, t in (("office-paper", "paper"), ("air-conditioner", "energy-using"),
                                 ("computer", "energy-using"), ("catering", "service")) if t in tags]
    # "all" rules may read any parameter here (validation would refuse it): this exercises the
    # absent-parameter paths on unclassified items, whose semantics are defined all the same
    params = [p for p, gs in MINI_PARAMS.items() if set(groups) <= set(gs)] if kind != "all" \
        else list(MINI_PARAMS)
    when = draw(conditions(tuple(params)))
    severity = draw(st.sampled_from(["requirement", "criterion", "warning", "info"]))
    points = draw(st.integers(1, 50)) if severity in ("requirement", "criterion") else 0
    effective = draw(st.sampled_from([(None, None), (datetime.date(2025, 1, 1), None),
                                      (None, datetime.date(2025, 6, 1))]))
    t = Text("t", "t")
    return Rule(f"R-{index}", t, "basis", applies, severity, points, when, Text("m {group}", "m"),
                Text("n {param.min_energy_grade}" if params == ["min_energy_grade"] else "n", "n"),
                effective[0], effective[1])


@st.composite
def rule_lists(draw: st.DrawFn, max_size: int = 8) -> list[Rule]:
    n = draw(st.integers(1, max_size))
    return [draw(rules(i)) for i in range(n)]


mini_label_claims = st.one_of(
    st.builds(LabelClaim, scheme=st.just("vn-energy"), grade=st.one_of(st.none(), st.integers(1, 5)),
              valid_until=st.one_of(st.none(), dates), certificate=st.one_of(st.none(), st.just("C-1"))),
    st.builds(LabelClaim, scheme=st.just("epeat"), grade=st.sampled_from([None, "bronze", "silver", "gold"]),
              valid_until=st.one_of(st.none(), dates)),
    st.builds(LabelClaim, scheme=st.sampled_from(["vn-ecolabel", "self-declared", "VN-Ecolabel"]),
              valid_until=st.one_of(st.none(), dates)),
)

mini_attributes = st.fixed_dictionaries({}, optional={
    "recycled_content_pct": st.sampled_from([0, 10, 30, 40, Decimal("29.5"), 100]),
    "domestic": st.booleans(),
    "powertrain": st.sampled_from(["electric", "petrol", "diesel"]),
    "unknown_attr": st.just("ignored"),
})

mini_items = st.builds(
    LineItem,
    id=st.just("x"),
    description=st.one_of(any_form_texts, st.sampled_from(
        ["Giấy A4 Double A", "Máy điều hòa Daikin 2HP", "Ly nhựa dùng một lần", "Laptop Dell",
         "Suất ăn hội nghị", "Sửa chữa máy lạnh", "giấy vệ sinh", "MÁY LẠNH"])),
    quantity=st.sampled_from([1, 2, 3, 10, 100, Decimal("0.5"), Decimal("2.5"), 2**39]),
    unit_price=st.sampled_from([0, 500, 75000, 15000000, 2**53 + 1, Decimal("0.00001"), Decimal("99.99")]),
    unit=st.one_of(st.none(), st.sampled_from(["cái", "ram", "kg"])),
    product_group=st.one_of(st.none(), st.none(), st.sampled_from(MINI_GROUPS)),
    code=st.one_of(st.none(), st.sampled_from(["4802.56", "8415.10", "X1"])),
    labels=st.lists(mini_label_claims, max_size=3).map(tuple),
    attributes=mini_attributes,
)


@st.composite
def mini_requests(draw: st.DrawFn, max_items: int = 6) -> PurchaseRequest:
    items = draw(st.lists(mini_items, min_size=1, max_size=max_items))
    items = [attrs_evolve(it, id=str(i)) for i, it in enumerate(items)]
    return PurchaseRequest(id="R", entity=draw(st.one_of(st.none(), st.sampled_from(TEXTS["entity"]))),
                           funding=draw(st.one_of(st.none(), st.sampled_from(TEXTS["funding"]))),
                           items=tuple(items))


def attrs_evolve(inst, **changes):  # type: ignore[no-untyped-def]
    import attrs

    return attrs.evolve(inst, **changes)


# -- requests over the shipped catalogue ------------------------------------------------------------

DEFAULT_DESCRIPTIONS = [
    "Giấy A4 Double A 80gsm", "Giấy photo A4 IK Plus", "Máy tính xách tay Dell Latitude 5440",
    "Máy tính để bàn HP ProDesk", "Màn hình máy tính Dell 24 inch", "Máy in laser HP LaserJet M211",
    "Hộp mực in HP 12A", "Bóng đèn LED 9W Rạng Đông", "Đèn tuýp LED 1m2 18W", "Bóng đèn compact 20W",
    "Bóng đèn huỳnh quang T8 1m2", "Máy điều hòa Daikin 1.5HP inverter", "Máy lạnh Panasonic 1HP",
    "Tủ lạnh Samsung 300 lít", "Pin AA Panasonic", "Nước rửa chén Sunlight 4kg", "Ly nhựa dùng một lần 500ml",
    "Ống hút nhựa", "Túi ni lông đựng rác", "Sơn nước nội thất Dulux", "Gạch ốp lát ceramic 60x60",
    "Xe ô tô 7 chỗ Toyota Innova", "Xe máy Honda Vision", "Suất ăn hội nghị", "Dịch vụ vệ sinh văn phòng",
    "In ấn tài liệu hội nghị", "Thuê xe ô tô 7 chỗ", "Sửa chữa máy lạnh", "Bàn làm việc gỗ", "Sữa chua",
]


def _attribute_values(spec) -> st.SearchStrategy:  # type: ignore[no-untyped-def]
    if spec.type == "boolean":
        return st.booleans()
    if spec.type == "integer":
        return st.integers(int(spec.minimum if spec.minimum is not None else 0),
                           int(spec.maximum if spec.maximum is not None else 100))
    if spec.type == "number":
        lo = spec.minimum if spec.minimum is not None else 0
        hi = spec.maximum if spec.maximum is not None else 1000
        return st.one_of(st.integers(int(lo), int(hi)),
                         st.decimals(min_value=lo, max_value=hi, places=1, allow_nan=False,
                                     allow_infinity=False))
    if spec.values:
        return st.sampled_from(list(spec.values))
    return st.sampled_from(["TCVN 7830:2021", "TCVN 11844:2017", "khác"])


@functools.lru_cache(maxsize=1)
def _default_catalog():  # type: ignore[no-untyped-def]
    from green_procurement import load_catalog

    return load_catalog()


@functools.lru_cache(maxsize=1)
def default_label_claims() -> st.SearchStrategy[LabelClaim]:
    cat = _default_catalog()

    def for_scheme(scheme):  # type: ignore[no-untyped-def]
        grades = st.sampled_from(list(scheme.grades.scale)) if scheme.grades else st.none()
        return st.builds(LabelClaim, scheme=st.just(scheme.id), grade=st.one_of(st.none(), grades),
                         certificate=st.one_of(st.none(), st.just("QĐ-123/2024")),
                         valid_until=st.one_of(st.none(), dates))
    return st.one_of(*[for_scheme(s) for s in cat.labels.values()])


@functools.lru_cache(maxsize=1)
def default_attributes() -> st.SearchStrategy[dict]:
    cat = _default_catalog()
    return st.fixed_dictionaries({}, optional={a.id: _attribute_values(a) for a in cat.attributes.values()})


# -- cells of a purchase list as a CSV file gives them (texts), over the shipped catalogue ----------------
# Mostly what real lists hold (so that most rows are items), sometimes what they should not: the row
# reader's fast paths are held to what its general path and the model make of the same cells.

def _cell_text(common: list[str], odd: list[str], *, empty: bool = False) -> st.SearchStrategy[str]:
    """One of ``common`` (or, for an ``empty`` column, often nothing) nearly always, as a row's 30 cells
    are mostly good; now and then (1 in 8, 1 in 64 for an ``empty`` column) an ``odd`` one or any text."""
    common_cell, odd_cell = st.sampled_from(common), st.one_of(st.sampled_from(odd), st.text(max_size=6))
    if not empty:
        return st.integers(0, 7).flatmap(lambda k: odd_cell if k == 0 else common_cell)
    return st.integers(0, 63).flatmap(lambda k: odd_cell if k == 0 else st.just("") if k < 30 else common_cell)


_ODD_CELLS = ["", " ", "-", "–", "0", "-3", "1e3", "12%", "abc", " 12 ", "1.234", "1.234,5", "1,234.5",
              "12.500.000 đ", "1234567890123456789012", "x", "Có", "KHÔNG", "không có", "có\u0301"]


def _attribute_cell_texts(spec) -> st.SearchStrategy[str]:  # type: ignore[no-untyped-def]
    if spec.type == "boolean":
        common = ["có", "không", "x", "X", "Có", "Không", "yes", "no", "1", "0", "đúng", "sai", "✓", "ko"]
    elif spec.type == "integer":
        common = [str(spec.minimum or 0), "3", "003", " 4 ", "3,0"]
    elif spec.type == "number":
        common = ["7", "44,9", "54", "100", "0,05", "12 %", "007", "5,0", "99,99999", "2,50", "1.000,5"]
        common = [t for t in common if spec.maximum is None or t[:1] != "1"]
    elif spec.values:
        common = [*spec.values, *spec.aliases, *(v.upper() for v in spec.values), spec.values[0].title()]
    else:
        common = ["TCVN 7830:2021", " TCVN 11844:2017 ", "khác", "Giay\u0301"]
    return _cell_text(common, _ODD_CELLS, empty=True)


def _claim_texts(cat) -> st.SearchStrategy[str]:  # type: ignore[no-untyped-def]
    def claim(scheme: str, grade: str, until: str, number: str) -> str:
        return f"{scheme}{grade}{until}{number}"

    def of_scheme(label) -> st.SearchStrategy[str]:  # type: ignore[no-untyped-def]
        scale = [str(g) for g in label.grades.scale] if label.grades else []
        grades = ["", *(f":{g}" for g in scale), *(f": {g.upper()} " for g in scale[:1])]
        return st.builds(claim, st.sampled_from([label.id, label.id.upper()]), st.sampled_from(grades),
                         st.sampled_from(["", "@31/12/2026", "@2026-12-31", "@1/1/2027", "@ 30.06.2026 "]),
                         st.sampled_from(["", "", "#12/QĐ-BNNMT", "#QĐ-123/2024 "]))

    odd = st.builds(claim, st.sampled_from([*cat.labels, "nhãn lạ", "vn-enrgy", ""]),
                    st.sampled_from(["", ":9", ":gold", ":", ":4 sao", ":cfp"]),
                    st.sampled_from(["", "@31/02/2026", "@2024-13-01", "@"]), st.sampled_from(["", "#"]))
    graded = [of_scheme(label) for label in cat.labels.values() if label.grades is not None]
    good = st.one_of(st.one_of(*graded), st.one_of(*[of_scheme(label) for label in cat.labels.values()]))
    return st.integers(0, 7).flatmap(lambda k: odd if k == 0 else good)


#: Texts made of the marks of a label claim (``:``, ``@``, ``#``), spaces and line breaks of several
#: kinds, and a few letters and digits: claims as written, and every way of getting one wrong.
claim_like_texts = st.one_of(
    st.text(alphabet=st.sampled_from(list(":@#:@# \t\n\r\u00a0\u2028\x1cae9/-.Đ")), max_size=14),
    st.lists(st.sampled_from(["vn-energy", "epeat", " ", ":", ": ", "5", " gold ", "@", "@ ", "31/12/2026",
                              "2027-01-01", "#", "# ", "12/QĐ-BNNMT", "\n", "a#b", ""]), max_size=7).map("".join),
)


#: Texts made of digits, both formats' marks and a few other characters: numbers as lists write them
#: (1234, 12.500.000, 65,4, 1.234,5, 1,234.5, 007,50) and every way of getting one wrong.
number_like_texts = st.one_of(
    st.text(alphabet=st.sampled_from(list("0123456789.,.,00  -+%đ\u00a0e٣")), max_size=19),
    st.lists(st.sampled_from(["0", "1", "12", "123", "007", ".", ",", ".000", ",000", ".5", ",5", ",50", "00",
                              "1.234", "1,234", " ", "%", " đ", "-"]), max_size=8).map("".join),
)


#: Yes/no cells as lists write them, in any case, with spaces, in NFD, and other texts.
yes_no_texts = st.one_of(
    st.tuples(st.sampled_from(["có", "không", "x", "Có", "KHÔNG", "đúng", "sai", "yes", "No", "1", "0", "ko",
                               "không có", "✓", "Đạt", "maybe", "c", "ok", "TRUE", "k", "dung"]),
              st.sampled_from([str.lower, str.upper, str.capitalize, str.title]), st.sampled_from(["NFC", "NFD"]),
              st.sampled_from(["", " ", "\u00a0"])).map(
        lambda t: t[3] + unicodedata.normalize(t[2], t[1](t[0])) + t[3]),
    st.text(max_size=5),
)


@functools.lru_cache(maxsize=1)
def list_rows() -> st.SearchStrategy[dict[str, str]]:
    """The cells of a row of a CSV purchase list with every column of the shipped catalogue, keyed
    by field (``description``, ``attr.domestic``), in the same order in every row."""
    cat = _default_catalog()
    claims = st.lists(_claim_texts(cat), max_size=3).flatmap(
        lambda cs: st.sampled_from(["; ", ";", " | ", ", ", "\n"]).map(lambda sep: sep.join(cs)))
    fields: dict[str, st.SearchStrategy[str]] = {
        "request_id": _cell_text(["YC-1", "YC-2"], _ODD_CELLS),
        "entity": _cell_text(["Sở Tài chính", "UBND quận Ninh Kiều"], _ODD_CELLS),
        "request_date": _cell_text(["01/11/2025", "2025-11-01", "1/2/2026", "15.10.2025"],
                                   ["31/02/2026", "2025-13-01", "01/11/25", *_ODD_CELLS]),
        "item_id": _cell_text(["1", "2", "A-7"], _ODD_CELLS),
        "description": _cell_text(["Giấy A4", "Bóng đèn LED 9W ", "Máy điều hòa 1HP", "Giay\u0301 in"],
                                  _ODD_CELLS),
        # the model's range checks: nought, negative, too large, too many decimals
        "quantity": _cell_text(["10", "1.000", "3", "2,5", "1"],
                               ["0", "-3", "0,0000001", "1.000.000.000.001", "0,5", "", "abc"]),
        "unit": _cell_text(["cái", "ram", "bộ"], _ODD_CELLS),
        "unit_price": _cell_text(["95.000", "45.000", "1.234,5", "0", "120000", "1.359.392.000"],
                                 ["-5", "0,0000001", "1.000.000.000.000.000.001", "0,5", "", "x"]),
        "labels": st.one_of(st.just(""), claims),
    }
    fields.update({f"attr.{a.id}": _attribute_cell_texts(a) for a in cat.attributes.values()})
    order = list(fields)
    return st.fixed_dictionaries(fields).map(lambda cells: {k: cells[k] for k in order})


@st.composite
def default_requests(draw: st.DrawFn, max_items: int = 5) -> PurchaseRequest:
    n = draw(st.integers(1, max_items))
    items = []
    for i in range(n):
        items.append(LineItem(
            id=str(i + 1),
            description=draw(st.sampled_from(DEFAULT_DESCRIPTIONS)),
            quantity=draw(st.sampled_from([1, 2, 5, 10, 100, Decimal("2.5")])),
            unit_price=draw(st.sampled_from([0, 15000, 75000, 850000, 15000000, 950000000, 2**53 + 1])),
            unit=draw(st.sampled_from([None, "cái", "ram", "bộ"])),
            code=draw(st.sampled_from([None, None, "8415.10", "4802.56", "8703"])),
            labels=tuple(draw(st.lists(default_label_claims(), max_size=3))),
            attributes=draw(default_attributes()),
        ))
    return PurchaseRequest(id="YC-1", entity=draw(st.sampled_from([None, "Sở Tài chính", "UBND quận Cái Răng"])),
                           funding=draw(st.sampled_from([None, "state-budget"])), items=tuple(items))


# -- fuzzing (issue 12): mutations of the shipped YAML, and purchase lists with bad cells ----------------------
# What a bad input may get is a GppError with a location, never another exception; a purchase list
# that can be read gives one row per non-blank row.

#: YAML values that broke (or could break) the loaders and validators: tags, control characters,
#: deep nesting, huge numbers, aliases, odd dates, unbalanced brackets.
NASTY_YAML = [
    "", "~", "null", "yes", "NO", "0", "-1", "1e400", "1.0e+400000", "1.0e-400000", "9" * 5000, "-" + "9" * 60,
    ".nan", ".inf", "-.inf", "!!timestamp x", "!!bool maybe", "!!int 12abc", "!!float x", "!!binary x",
    "!!python/object:os.system x", "!foo bar", "!!set {a}", "!!omap [a]", "&a x", "*a", "*nope",
    "[" * 60 + "]" * 60, "[" * 400 + "]" * 400, "{a: [b, {c: d}]}", "'unterminated", '"\\x"', "\x07", "\x1b[31m",
    "\t", "2025-13-45", "2025-02-30", "0x1F", "0o17", "190:20:30", "1_000", "x" * 5000, "vn-energy",
    "param.min_energy_grade", "{gte: param.nope}", "{matches: '('}", "{in: []}", "{any_label: {}}", "[]", "{}",
    "? [a, b]", "<<: *a", "- - -", ": :", "\ufeff", "\u2028", "Điều hòa", "'💥'",
]


@st.composite
def yaml_mutations(draw: st.DrawFn, text: str) -> str:
    """``text`` (a shipped YAML file) with one to three mutations: a value replaced by a nasty one,
    a line deleted, doubled or dedented, nasty text inserted anywhere, or the file cut short."""
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["value", "value", "delete", "double", "dedent", "insert", "cut"]))
        i = draw(st.integers(0, max(len(lines) - 1, 0)))
        nasty = draw(st.one_of(st.sampled_from(NASTY_YAML), st.text(max_size=8)))
        if kind == "value" and ":" in lines[i]:
            head, _, _ = lines[i].partition(":")
            lines[i] = f"{head}: {nasty}"
        elif kind == "delete" and len(lines) > 1:
            del lines[i]
        elif kind == "double":
            lines.insert(i, lines[i])
        elif kind == "dedent":
            lines[i] = lines[i][2:]
        elif kind == "insert":
            col = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:col] + nasty + lines[i][col:]
        elif kind == "cut":
            lines = lines[: i + 1]
    return "\n".join(lines)


class Cell:
    """A cell of a generated purchase list, as each format writes it: ``text`` (CSV, and XLSX unless
    ``xlsx`` is given), ``json`` (the JSON text of the value) and ``yaml`` (the YAML text)."""

    def __init__(self, text: str, json_text: str | None = None, yaml_text: str | None = None,
                 xlsx: object = None) -> None:
        import json

        self.text = text
        self.json = json_text if json_text is not None else json.dumps(text, ensure_ascii=False)
        self.yaml = yaml_text if yaml_text is not None else json.dumps(text)    # JSON strings are YAML
        self.xlsx = xlsx if xlsx is not None else text

    def __repr__(self) -> str:
        return f"Cell({self.text[:30]!r}, {self.json[:30]!r}, {self.yaml[:30]!r})"

    @property
    def blank(self) -> bool:
        return not self.text.strip() and self.json in ('""', '" "', "null") and self.xlsx in ("", " ", None)


def _deep(n: int) -> Cell:
    return Cell("[" * n, "[" * n + "]" * n, "[" * n + "]" * n)


#: Cells that broke (or could break) reading or scoring, with good ones among them.
GOOD_CELLS = [Cell("Giấy A4 Double A"), Cell("75.000"), Cell("12,500,000"), Cell("1.234,5"), Cell("10", "10", "10"),
              Cell("vn-energy:5@2027-12-31"), Cell("vn-ecolabel@31/12/2026"), Cell("31/12/2026"), Cell("có"),
              Cell("cái"), Cell("2025-06-01"), Cell("Máy điều hòa 2 chiều 12000BTU")]
BAD_CELLS = [
    Cell(""), Cell("   "), Cell("-"), Cell("9" * 5000, "9" * 5000, "9" * 5000),
    Cell("1e1000000", "1e1000000", "1.0e+400000"),
    Cell("NaN", "NaN", ".nan"), Cell("Infinity", "-Infinity", "-.inf"), Cell("a\x07b"), Cell("\x1b[31mđỏ"),
    Cell("line\u2028sep"), Cell("=SUM(A1:A3)", xlsx="=SUM(A1:A3)"), Cell("x" * 40_000),
    Cell("tab\there"), Cell('quote " inside'), Cell("comma, semicolon; pipe |"), Cell("new\nline"),
    Cell("!!timestamp x", yaml_text="!!timestamp x"), Cell("!!bool maybe", yaml_text="!!bool maybe"),
    Cell("!foo bar", yaml_text="!foo bar"), Cell("true", "true", "yes", xlsx=True), Cell("0", "0", "0", xlsx=0),
    Cell("-5", "-5", "-5", xlsx=-5), Cell("1.5", "1.5", "1.5", xlsx=1.5), Cell("{}", "{}", "{}"),
    Cell("[1, 2]", "[1, 2]", "[1, 2]"), Cell("null", "null", "null"), _deep(60), _deep(1000),
    Cell("bogus:99@31/02/2026"), Cell("vn-energy:9"), Cell("💥" * 10), Cell("\ufeffBOM"),
    Cell("Giấy", '"Giấy"', "&a Giấy"),
]
cells = st.one_of(st.sampled_from(GOOD_CELLS), st.sampled_from(BAD_CELLS),
                  st.text(max_size=12).map(lambda t: Cell(t)))

#: Headers of generated lists: the three required ones are always there.
REQUIRED_HEADERS = ["Tên hàng hóa", "Số lượng", "Đơn giá"]
OPTIONAL_HEADERS = ["Mã yêu cầu", "Đơn vị mua sắm", "Ngày đề nghị", "STT", "Nhãn", "Đơn vị tính", "Nhóm sản phẩm",
                    "Ghi chú", "Tỷ lệ tái chế (%)", "Hàng sản xuất trong nước", "attr.energy_grade", "Cột lạ"]


#: Good cells of the required columns, so that most rows are scored (a bad cell is drawn now and then).
_GOOD_FOR = {
    "Tên hàng hóa": [Cell("Giấy A4 Double A 80gsm"), Cell("Máy điều hòa 2 chiều 12000BTU"), Cell("Bóng đèn LED 9W"),
                     Cell("Ly nhựa dùng một lần"), Cell("Dịch vụ sửa chữa máy in")],
    "Số lượng": [Cell("10", "10", "10", xlsx=10), Cell("2"), Cell("1,5"), Cell("200", "200", "200", xlsx=200)],
    "Đơn giá": [Cell("75.000"), Cell("12.500.000 đ"), Cell("68000", "68000", "68000", xlsx=68000), Cell("1.234,5")],
    "Nhãn": [Cell("vn-energy:5@2027-12-31"), Cell("vn-ecolabel@31/12/2026"), Cell("")],
}


@st.composite
def purchase_lists(draw: st.DrawFn) -> tuple[str, list[str], list[list[Cell]]]:
    """(format, headers, rows of cells) of a purchase list with bad cells among good ones."""
    fmt = draw(st.sampled_from(["csv", "xlsx", "json", "jsonl", "yaml"]))
    extra = draw(st.lists(st.sampled_from(OPTIONAL_HEADERS), unique=True, max_size=4))
    headers = list(draw(st.permutations(REQUIRED_HEADERS + extra)))
    column = {h: st.one_of(st.sampled_from(_GOOD_FOR[h]), st.sampled_from(_GOOD_FOR[h]), st.sampled_from(_GOOD_FOR[h]),
                           cells) if h in _GOOD_FOR else cells for h in headers}
    rows = draw(st.lists(st.tuples(*(column[h] for h in headers)).map(list), min_size=1, max_size=6))
    return fmt, headers, rows


# -- certificate registries and bids (issue 14) ----------------------------------------------------------

certificate_numbers = st.from_regex(r"[0-9]{1,4}/Q[DĐ]-(BNNMT|BTNMT|TCMT)", fullmatch=True)
registry_texts = st.one_of(st.none(), texts)


@st.composite
def certificates(draw: st.DrawFn, scheme: str = "vn-ecolabel"):  # type: ignore[no-untyped-def]
    """A registry entry (green_procurement.certificates.Certificate) with consistent dates."""
    from green_procurement.certificates import Certificate

    start = draw(st.one_of(st.none(), dates))
    end = draw(st.one_of(st.none(), dates))
    if start is not None and end is not None and end < start:
        start, end = end, start
    return Certificate(scheme, draw(certificate_numbers), draw(texts), draw(registry_texts), draw(registry_texts),
                       start, end, draw(st.one_of(st.none(), texts)))


bid_prices = st.one_of(
    st.integers(min_value=0, max_value=10**15),
    st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False, allow_infinity=False),
)
bid_shares = st.one_of(st.none(), st.integers(0, 100),
                       st.decimals(min_value=0, max_value=100, places=1, allow_nan=False, allow_infinity=False))


@st.composite
def bid_lists(draw: st.DrawFn, max_bids: int = 8):  # type: ignore[no-untyped-def]
    """Bids (green_procurement.bids.Bid) of one to three lots, bidders unique per lot."""
    from green_procurement.bids import Bid

    n = draw(st.integers(1, max_bids))
    out = []
    for i in range(n):
        labels = draw(st.lists(st.sampled_from([
            LabelClaim("vn-ecolabel", valid_until=datetime.date(2030, 1, 1)),
            LabelClaim("vn-energy", grade=5), LabelClaim("eu-ecolabel"), LabelClaim("self-declared")]),
            max_size=2, unique=True))
        out.append(Bid(draw(st.sampled_from(["1", "2", "3"])), f"B{i}", draw(bid_prices),
                       draw(st.sampled_from(["Máy lạnh 1.5HP", "Giấy A4", "Đèn LED 18W"])),
                       draw(st.sampled_from(["VN", "CN", "TH", None])), draw(bid_shares), tuple(labels)))
    return out


# --- Excel workbooks for the differential test of the two .xlsx readers (calamine, openpyxl) ----------------

#: Values of workbook cells: text (numbers as text among them), numbers small and huge, yes/no, dates,
#: error values and formulas (no saved value: openpyxl writes none), labels, blanks.
XLSX_VALUES = [
    None, None, None, "", " ", "-", "Giấy A4", "Máy điều hòa 2 chiều 12000BTU", "75.000", "0012", "1,5",
    "vn-energy:5@2027-12-31", "31/12/2026", "có", "O'Brien", 'a "quote"', "x" * 40, 0, 1, -5, 10, 200, 68000,
    12_500_000, 123_456_789_012_345, 1.5, 0.1, 0.30000000000000004, -0.0, 2.5, 1e-7, True, False,
    datetime.datetime(2025, 11, 3), datetime.datetime(2025, 11, 3, 14, 30, 5), datetime.date(2026, 12, 31),
    datetime.time(8, 30),
]
#: Values only openpyxl reads as openpyxl does (calamine hands over), drawn in some workbooks only.
XLSX_AWKWARD = ["#N/A", "#DIV/0!", "=B2*2", 1_234_567_890_123_456, 10**20, 1e20, 2.5e15,
                datetime.datetime(1899, 12, 31), datetime.timedelta(hours=30)]
#: Number formats a cell is given now and then.
XLSX_FORMATS = ["General", "0", "#,##0", "0.00", "0%", "0.00%", "dd/mm/yyyy", "yyyy-mm-dd", "d/m/yyyy h:mm",
                "[h]:mm", "mm:ss", '#,##0 "đ"', "#,##0 [$₫-42A]", "@", "0.00E+00", "#,##0;[Red]-#,##0"]
_XLSX_HEADERS = REQUIRED_HEADERS + OPTIONAL_HEADERS[:6] + ["", "Số lượng"]


#: Number formats both readers read alike (the others make calamine hand over).
XLSX_PLAIN_FORMATS = ["General", "0", "#,##0", "0.00", "dd/mm/yyyy", "yyyy-mm-dd", '#,##0 "đ"', "@"]


@st.composite
def xlsx_cells(draw: st.DrawFn, awkward: bool = False) -> tuple[object, str | None]:
    """(value, number format or None) of one cell; ``awkward``: values and formats calamine cannot read
    as openpyxl does too."""
    text = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=8)  # openpyxl refuses control chars
    values = st.sampled_from(XLSX_VALUES + XLSX_AWKWARD) if awkward else st.sampled_from(XLSX_VALUES)
    value = draw(values | text | st.integers(-10**6, 10**6))
    fmt = draw(st.none() | st.none() | st.none()
               | st.sampled_from(XLSX_FORMATS if awkward else XLSX_PLAIN_FORMATS))
    return value, fmt


@st.composite
def xlsx_sheets(draw: st.DrawFn) -> dict[str, object]:
    """A sheet: ``rows`` of cells (title rows, blank rows, a header or none, data rows, some wider than
    the header), ``styled``: empty cells with a style (openpyxl's rows reach them), ``merged`` ranges."""
    rows: list[list[tuple[object, str | None]]] = []
    for _ in range(draw(st.integers(0, 3))):        # a title, blank rows above the header
        rows.append(draw(st.sampled_from([[], [("Danh sách mua sắm 2025", None)], [(None, None), ("Đơn vị:", None)],
                                          [(2025, None)], [(2025.0, None)],
                                          [(datetime.date(2025, 1, 1), "dd/mm/yyyy")]])))
    if draw(st.booleans()) or draw(st.booleans()):
        header = draw(st.lists(st.sampled_from(_XLSX_HEADERS), min_size=3, max_size=8))
        if draw(st.integers(0, 4)):
            header = draw(st.permutations(REQUIRED_HEADERS)) + header[3:]
        rows.append([(h or None, None) for h in header])
    width = max([len(r) for r in rows] + [3])
    awkward = draw(st.integers(0, 3)) == 0
    for _ in range(draw(st.integers(0, 6))):
        n = draw(st.integers(0, width + 2))
        rows.append(draw(st.lists(xlsx_cells(awkward), min_size=n, max_size=n)))
    styled = draw(st.lists(st.tuples(st.integers(1, len(rows) + 2), st.integers(1, width + 3)), max_size=3))
    merged = draw(st.lists(st.tuples(st.integers(1, len(rows) + 1), st.integers(1, width)), max_size=2))
    return {"rows": rows, "styled": styled, "merged": merged}


@st.composite
def xlsx_workbooks(draw: st.DrawFn) -> list[dict[str, object]]:
    """Sheets of a workbook: mostly one, sometimes a notes sheet (or an empty one) first."""
    sheets = [draw(xlsx_sheets())]
    if draw(st.integers(0, 3)) == 0:
        sheets.insert(0, draw(st.sampled_from([{"rows": [], "styled": [], "merged": []},
                                               {"rows": [[("Ghi chú", None)], [("Xem trang sau", None)]],
                                                "styled": [], "merged": []}])))
    return sheets


def write_workbook(sheets: list[dict[str, object]], path: object) -> None:
    """Write the sheets of :func:`xlsx_workbooks` with openpyxl."""
    import openpyxl
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for i, spec in enumerate(sheets):
        ws = wb.create_sheet(f"Trang {i + 1}")
        for r, row in enumerate(spec["rows"], 1):  # type: ignore[attr-defined]
            for c, (value, fmt) in enumerate(row, 1):
                if value is None and fmt is None:
                    continue
                cell = ws.cell(r, c)
                cell.value = value
                if fmt is not None:
                    cell.number_format = fmt
        for r, c in spec["styled"]:  # type: ignore[attr-defined]
            if ws.cell(r, c).value is None:
                ws.cell(r, c).font = Font(bold=True)
        for r, c in spec["merged"]:  # type: ignore[attr-defined]
            ws.merge_cells(start_row=r, start_column=c, end_row=r, end_column=c + 1)
    wb.save(path)


#: Pieces of descriptions that are not catalogue words: separators, conjunctions, brackets and quotes,
#: codes, and characters that fold oddly (to nothing, to two letters, to punctuation, not at all).
_AWKWARD = [" ", " ", ", ", ",", ";", ":", "/", "+", "&", "|", ".", ". ", "\n", "\r\n", " - ", " – ", "—", "-",
            "(", ")", "[", "]", "{", "}", "“", "”", "«", "»", '"', "và", "hoặc", "and", "or", "Và", "TV-01",
            "RO-10", "x-2", "ab-²", "-é", "1.5HP", "80gsm", "m²", "ß", "e\u0301", "\u0340", "\u037e", "\u1fef",
            "中", "\xa0", "\u2003", "Å", "\u212a", "ǅ", "_", "đ", "Đ", "ø", "hòa", "thủy", "HOÀ", "ỏe", "ụy", "uỷ",
            "\t", "\x1c", "*", "'", "#", "%", "=", "!", "?", "~", "@", "$", "<", ">", "^", "`", "\\", "x*y", "m_2",
            "o'clock", "50%"]


#: What cuts a description into segments and clauses, or puts words in brackets: drawn more often.
_STRUCTURE = ['"', '"', '"', "(", ")", "(", ")", "[", "“", "”", ", ", ". ", ";", "\n", " - ", "/", "và", "hoặc"]


@functools.lru_cache(maxsize=1)
def _catalogue_phrases() -> tuple[list[str], list[str]]:
    """Every phrase classification looks for in the shipped catalogue, and their words."""
    cat = _default_catalog()
    lists = [cat.exclude_keywords, cat.context_words, cat.packages.words]
    for g in cat.groups.values():
        lists += [g.keywords, g.broad_keywords, g.exclude_keywords]
    for cue in cat.cues:
        lists += [cue.keywords, cue.unless]
    phrases = sorted({p.lstrip("^") for k in lists for p in (*k.vi, *k.en)})
    return phrases, sorted({w for p in phrases for w in p.split()})


def _unmarked(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
                   if not unicodedata.combining(c))


@st.composite
def catalogue_texts(draw: st.DrawFn) -> str:
    """Descriptions made of the shipped catalogue's phrases (keywords, exclusions, cues, context words),
    their words, longer forms of them, separators and awkward characters, in any case, composed or not,
    with or without diacritics: what the classifier's quick paths must read as the plain one does."""
    phrases, words = _catalogue_phrases()
    piece = st.one_of(st.sampled_from(phrases), st.sampled_from(words),
                      st.sampled_from(words).map(lambda w: w + "copy"), st.sampled_from(_AWKWARD),
                      st.sampled_from(_STRUCTURE))
    parts = draw(st.lists(piece, max_size=14))
    joiners = draw(st.lists(st.sampled_from([" ", " ", " ", "", ", ", "-", " và "]), min_size=len(parts),
                            max_size=len(parts)))
    text = "".join(j + p for j, p in zip(joiners, parts, strict=True))
    form = draw(st.sampled_from(["as is", "as is", "upper", "title", "nfd", "unmarked"]))
    if form == "upper":
        return text.upper()
    if form == "title":
        return text.title()
    if form == "nfd":
        return unicodedata.normalize("NFD", text)
    return _unmarked(text) if form == "unmarked" else text


# -- records of batch results (what the report writers turn into fragments) ------------------------

from green_procurement._messages import Msg  # noqa: E402
from green_procurement.results import Finding, ItemRecord, ItemResult  # noqa: E402

#: Texts that a report line must quote, escape or neutralise, and ones that look like its own syntax.
report_texts = st.one_of(
    texts, st.text(max_size=12),
    st.sampled_from(['', ',', '"', 'a"b', "x\r\ny", "\n", "=1+2", "-3", "@x", "\t", "\uff1d1",
                     'x, "findings": 0, y', ', "findings": 0, ', "\\", '\\"', "lone \ud800 surrogate", "a\x00b",
                     "Tủ lạnh, 2 cửa", "Đồ gỗ, bàn ghế"]))
_bilingual = st.builds(Msg, report_texts, report_texts)
findings = st.builds(
    Finding, rule_id=st.sampled_from(["GPP-A-01", "GPP-B-02", "GPP-LABEL-01"]),
    severity=st.sampled_from(["requirement", "criterion", "warning", "info", "other"]),
    outcome=st.sampled_from(["met", "not_met", "not_applicable"]), points=st.integers(0, 40),
    max_points=st.integers(0, 40), basis=texts, message=_bilingual, title=st.builds(Text, texts, texts))
item_results = st.builds(
    ItemResult, item_id=report_texts, description=report_texts,
    product_group=st.one_of(st.none(), st.sampled_from(["office-paper", "furniture", "unknown-group"])),
    priority=st.booleans(),
    value=st.one_of(st.none(), money, st.integers(-10**20, 10**20),
                    st.decimals(allow_nan=False, allow_infinity=False, places=3)),
    score_exact=st.one_of(st.none(), st.decimals(min_value=0, max_value=100, places=4)),
    status=st.sampled_from(["green", "partial", "not_green", "not_prioritised", "error"]),
    findings=st.lists(findings, max_size=5).map(tuple),
    classified_by=st.one_of(st.none(), st.sampled_from(["keyword", "code", "given"])),
    evidence=st.one_of(st.none(), report_texts), error=st.one_of(st.none(), _bilingual),
    row=st.one_of(st.none(), st.integers(1, 10**6)), package=st.booleans(),
    groups_found=st.lists(st.sampled_from(["office-paper", "furniture", 'odd "group", x']), max_size=3).map(tuple))
item_records = st.builds(ItemRecord, source=report_texts, row=st.integers(1, 10**6), request_id=report_texts,
                         entity=st.one_of(st.none(), report_texts), result=item_results)
