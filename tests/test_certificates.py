"""Certificate registries (``catalog/certificates/``): loading and validation, the check of a claim, the
label fields ``verified`` and ``registry_status`` and the ``unverified_certificates`` policy."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import green_procurement as gp
from green_procurement.catalog import check_catalog
from green_procurement.certificates import (
    STATUSES,
    Certificate,
    Registry,
    certificate_key,
    check_registry,
    registry_csv,
    registry_yaml,
)
from green_procurement.lang.fields import LABEL_FIELDS

from .strategies import certificates

ROOT = Path(__file__).resolve().parent.parent
D = datetime.date
LABELS = ("vn-ecolabel", "vn-energy", "eu-ecolabel")
HEADER = "scheme,certificate,holder,product,valid_from,valid_until,source\n"


START, END = D(2024, 1, 1), D(2026, 12, 31)


def _entry(number: str = "12/QĐ-BNNMT", start: D | None = START, end: D | None = END,
           scheme: str = "vn-ecolabel") -> Certificate:
    return Certificate(scheme, number, "https://example.org/list (2025-01-01)", "Công ty A", "Giấy", start, end)


def _registry(*entries: Certificate) -> Registry:
    return Registry().merged(entries)


# -- the key and the check --------------------------------------------------------------------------

def test_numbers_compare_without_case_spaces_or_the_stroke_of_d() -> None:
    assert certificate_key("12/QĐ-BNNMT") == certificate_key(" 12 / qd-bnnmt ") == "12/qd-bnnmt"
    assert certificate_key("12/QĐ-BNNMT") != certificate_key("21/QĐ-BNNMT")


@pytest.mark.parametrize(("number", "until", "on", "status"), [
    ("12/QĐ-BNNMT", None, D(2025, 6, 1), "verified"),
    ("12/qd-bnnmt", D(2026, 12, 31), D(2025, 6, 1), "verified"),
    ("12/QĐ-BNNMT", D(2026, 12, 31), D(2026, 12, 31), "verified"),      # the last day is covered
    ("12/QĐ-BNNMT", D(2026, 12, 31), D(2027, 1, 1), "expired"),
    ("12/QĐ-BNNMT", None, D(2023, 12, 31), "expired"),                   # not yet in force
    ("12/QĐ-BNNMT", D(2027, 6, 30), D(2025, 6, 1), "mismatch"),
    ("99/QĐ-BNNMT", None, D(2025, 6, 1), "not_found"),
    (None, D(2026, 12, 31), D(2025, 6, 1), "no_number"),
])
def test_check_finds_each_status(number: str | None, until: D | None, on: D, status: str) -> None:
    reg = _registry(_entry())
    found, entry = reg.check("vn-ecolabel", number, until, on)
    assert found == status
    assert (entry is not None) == (status in ("verified", "expired", "mismatch"))


def test_a_scheme_without_entries_has_no_registry() -> None:
    reg = _registry(_entry())
    assert reg.check("vn-energy", "12/QĐ-BNNMT", None, D(2025, 6, 1)) == ("no_registry", None)
    assert Registry().check("vn-ecolabel", None, None, D(2025, 6, 1)) == ("no_registry", None)
    assert reg.schemes == {"vn-ecolabel"}


@given(st.lists(certificates(), min_size=1, max_size=6), st.data())
def test_status_is_one_of_the_documented_and_verified_covers_the_day(entries: list[Certificate],
                                                                      data: st.DataObject) -> None:
    reg = _registry(*entries)
    entry = data.draw(st.sampled_from(entries))
    on = data.draw(st.dates(min_value=D(2000, 1, 1), max_value=D(2040, 12, 31)))
    status, _ = reg.check("vn-ecolabel", entry.certificate, None, on)
    assert status in STATUSES
    latest = reg.find("vn-ecolabel", entry.certificate)
    assert latest is not None
    assert (status == "verified") == latest.covers(on)


# -- files --------------------------------------------------------------------------------------------

def _folder(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "certificates"
    folder.mkdir()
    for name, text in files.items():
        (folder / name.replace("_", ".", 1)).write_text(text, encoding="utf-8")
    return folder


def test_csv_and_yaml_files_load_and_other_files_are_left_alone(tmp_path: Path) -> None:
    folder = _folder(tmp_path, a_csv=HEADER + "vn-ecolabel,12/QĐ-BNNMT,A,Giấy,2024-01-01,31/12/2026,src\n",
                     b_yaml="certificates:\n  - {scheme: vn-ecolabel, certificate: 13, source: src,"
                            " valid_until: 2027-01-31}\n",
                     README_md="not a registry\n")
    reg, problems, hashes = check_registry(folder, LABELS)
    assert problems == []
    assert sorted(name for name, _ in hashes) == ["certificates/a.csv", "certificates/b.yaml"]
    a = reg.find("vn-ecolabel", "12/QĐ-BNNMT")
    assert a is not None and a.valid_until == D(2026, 12, 31) and a.line == 2
    b = reg.find("vn-ecolabel", "13")
    assert b is not None and b.certificate == "13" and b.valid_from is None


@pytest.mark.parametrize(("text", "code", "line", "column"), [
    (HEADER + "vn-ecolabl,1,A,B,,,src\n", "unknown-label", 2, 1),
    (HEADER + "vn-ecolabel,,A,B,,,src\n", "empty", 2, 2),
    (HEADER + "vn-ecolabel,1,A,B,,,\n", "empty", 2, 7),
    (HEADER + "vn-ecolabel,1,A,B,2025-13-01,,src\n", "wrong-type", 2, 5),
    (HEADER + "vn-ecolabel,1,A,B,2025-02-01,2025-01-01,src\n", "bad-validity", 2, 6),
    (HEADER + "vn-ecolabel,1,A,B,,,src,extra\n", "bad-value", 2, None),
    (HEADER + "vn-ecolabel,1,A,B,,,src\nvn-ecolabel, 1 ,C,D,,,src\n", "duplicate-id", 3, None),
    ("scheme,certificate,holder,product,valid_from,valid_until,source,expiry\n", "unknown-key", 1, 8),
    ("scheme,certificate,holder\n", "missing-key", 1, None),
    ("scheme,certificate,certificate,source\n", "duplicate-value", 1, 3),
])
def test_csv_problems_are_located(tmp_path: Path, text: str, code: str, line: int, column: int | None) -> None:
    _, problems, _ = check_registry(_folder(tmp_path, x_csv=text), LABELS)
    hits = [p for p in problems if p.code == code]
    assert hits, [p.format() for p in problems]
    assert (hits[0].path, hits[0].line, hits[0].column) == (str(tmp_path / "certificates" / "x.csv"), line, column)
    assert hits[0].message_vi and hits[0].message_vi != hits[0].message


def test_unknown_scheme_has_a_did_you_mean(tmp_path: Path) -> None:
    _, problems, _ = check_registry(_folder(tmp_path, x_csv=HEADER + "vn-ecolabl,1,A,B,,,src\n"), LABELS)
    assert problems[0].hint == "did you mean 'vn-ecolabel'?"


def test_a_certificate_in_two_files_is_refused_naming_the_first(tmp_path: Path) -> None:
    row = "vn-ecolabel,1/QĐ,A,B,,,src\n"
    reg, problems, _ = check_registry(_folder(tmp_path, a_csv=HEADER + row, b_csv=HEADER + row), LABELS)
    assert [p.code for p in problems] == ["duplicate-id"]
    assert "a.csv" in problems[0].message and problems[0].path.endswith("b.csv")
    assert len(reg) == 0     # any error: nothing is loaded


@pytest.mark.parametrize(("text", "code"), [
    ("certificates:\n  - {scheme: vn-ecolabel, certificate: '1'}\n", "missing-key"),
    ("certificates:\n  - {scheme: vn-ecolabel, certificate: '1', source: s, expires: 2025-01-01}\n", "unknown-key"),
    ("certificates:\n  - {scheme: vn-ecolabel, certificate: '1', source: s, valid_until: soon}\n", "wrong-type"),
    ("certificates:\n  - {scheme: vn-ecolabel, certificate: [1], source: s}\n", "wrong-type"),
    ("entries: []\n", "missing-key"),
    ("certificates: [\n", "yaml-syntax"),
])
def test_yaml_problems_are_located(tmp_path: Path, text: str, code: str) -> None:
    _, problems, _ = check_registry(_folder(tmp_path, x_yaml=text), LABELS)
    assert code in {p.code for p in problems}, [p.format() for p in problems]
    assert all(p.line is not None for p in problems)


def test_empty_files_and_an_empty_list_give_no_registry(tmp_path: Path) -> None:
    reg, problems, _ = check_registry(_folder(tmp_path, a_csv="", b_csv=HEADER, c_yaml="certificates: []\n"),
                                      LABELS)
    assert problems == [] and len(reg) == 0 and reg.schemes == frozenset()


def test_a_file_that_is_not_utf8_is_reported(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "x.csv").write_bytes(HEADER.encode() + "vn-ecolabel,1,Công ty,,,,s\n".encode("cp1258"))
    _, problems, _ = check_registry(folder, LABELS)
    assert [(p.code, p.line) for p in problems] == [("file-unreadable", 2)]


@given(st.lists(certificates(), max_size=5, unique_by=lambda c: c.key))
def test_written_registry_files_load_back_the_same(entries: list[Certificate]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        for name, text in (("r.csv", registry_csv(entries)), ("r.yaml", registry_yaml(entries, ["a header"]))):
            folder = Path(tmp) / name.replace(".", "-")
            folder.mkdir()
            (folder / name).write_text(text, encoding="utf-8")
            reg, problems, _ = check_registry(folder, LABELS)
            assert problems == []
            assert sorted(reg, key=lambda c: c.key) == sorted(entries, key=lambda c: c.key)


def test_the_catalogue_loads_its_registries_and_hashes_them(tmp_path: Path) -> None:
    cat = tmp_path / "catalog"
    shutil.copytree(ROOT / "catalog", cat)
    (cat / "certificates" / "extra.csv").write_text(HEADER + "vn-ecolabel,1/QĐ,A,B,,,src\n", encoding="utf-8")
    catalog, problems = check_catalog(cat)
    assert catalog is not None and problems == []
    assert len(catalog.certificates) == 1
    assert ("certificates/extra.csv", catalog.files[[n for n, _ in catalog.files].index("certificates/extra.csv")][1]) \
        in catalog.files
    (cat / "certificates" / "extra.csv").write_text(HEADER + "vn-ecolabl,1/QĐ,A,B,,,src\n", encoding="utf-8")
    catalog, problems = check_catalog(cat)
    assert catalog is None and [p.code for p in problems] == ["unknown-label"]


def test_the_shipped_registry_is_empty_and_honest() -> None:
    cat = gp.load_catalog(ROOT / "catalog")
    assert len(cat.certificates) == 0          # no public list with decision numbers was found
    notes = (ROOT / "catalog" / "certificates" / "vn-ecolabel.yaml").read_text(encoding="utf-8")
    assert "vneconomy.vn" in notes and "UNCERTAIN" in notes


# -- label fields and the policy ----------------------------------------------------------------------

def test_the_fact_schema_declares_the_new_label_fields() -> None:
    assert LABEL_FIELDS["verified"].type == "boolean" and LABEL_FIELDS["verified"].always
    assert LABEL_FIELDS["registry_status"].type == "text" and LABEL_FIELDS["registry_status"].always


def _engine(tmp_path: Path, backend: str, scoring: str | None = None) -> gp.Engine:
    cat, rules = tmp_path / "catalog", tmp_path / "rules"
    if not cat.exists():
        shutil.copytree(ROOT / "catalog", cat)
        shutil.copytree(ROOT / "rules", rules)
        (cat / "certificates" / "t.csv").write_text(
            HEADER + "vn-ecolabel,12/QĐ-BNNMT,A,Giấy,2024-10-01,2027-09-30,test data\n", encoding="utf-8")
    if scoring is not None:
        text = (rules / "scoring.yaml").read_text(encoding="utf-8")
        (rules / "scoring.yaml").write_text(text.replace("unverified_certificates: reject",
                                                         f"unverified_certificates: {scoring}"), encoding="utf-8")
    return gp.load(cat, rules, backend=backend)


def _paper(*labels: dict[str, object]) -> dict[str, object]:
    return {"id": "R", "entity": "Sở Tài chính", "items": [
        {"id": "1", "description": "Giấy A4 tái chế 80gsm", "quantity": 10, "unit_price": 70000,
         "labels": list(labels)}]}


@pytest.mark.parametrize("backend", ["durable", "python"])
def test_label_facts_and_findings_follow_the_registry(tmp_path: Path, backend: str) -> None:
    on = D(2025, 9, 1)
    with _engine(tmp_path, backend) as engine:
        req = gp.PurchaseRequest.from_dict(_paper({"scheme": "vn-ecolabel", "certificate": "12/qd-bnnmt"},
                                                  {"scheme": "vn-ecolabel", "certificate": "77/QĐ-BNNMT",
                                                   "valid_until": "2027-01-01"}))
        labels = engine.enrich(req, 0, on).fact["labels"]
        assert [(x["registry_status"], x["verified"], x["valid"]) for x in labels] == \
            [("verified", True, True), ("not_found", False, False)]
        assert labels[0]["days_to_expiry"] == (D(2027, 9, 30) - on).days     # dated by the list
        item = engine.evaluate(req, on).items[0]
        outcomes = {f.rule_id: f.outcome for f in item.findings}
        assert outcomes["GPP-LABEL-01"] == "met" and outcomes["GPP-CERT-01"] == "not_met"
        assert item.status == "green"


@pytest.mark.parametrize(("policy", "counts"), [("reject", False), ("accept", True)])
def test_unverified_certificates_policy(tmp_path: Path, policy: str, counts: bool) -> None:
    with _engine(tmp_path, "python", policy) as engine:
        item = engine.evaluate(_paper({"scheme": "vn-ecolabel", "valid_until": "2027-01-01"}), D(2025, 9, 1)).items[0]
        outcomes = {f.rule_id: f.outcome for f in item.findings}
        assert outcomes["GPP-CERT-02"] == "not_met"          # no number: the finding says why either way
        assert (outcomes["GPP-LABEL-01"] == "met") is counts


def test_an_expired_entry_never_counts(tmp_path: Path) -> None:
    with _engine(tmp_path, "python", "accept") as engine:
        item = engine.evaluate(_paper({"scheme": "vn-ecolabel", "certificate": "12/QĐ-BNNMT"}), D(2027, 10, 1)).items[0]
        outcomes = {f.rule_id: f.outcome for f in item.findings}
        assert outcomes["GPP-LABEL-01"] == "not_met" and outcomes["GPP-LABEL-02"] == "not_met"


def test_no_registry_changes_nothing(engine: gp.Engine) -> None:
    on = D(2025, 9, 1)
    req = gp.PurchaseRequest.from_dict(_paper({"scheme": "vn-ecolabel", "valid_until": "2027-01-01"}))
    lab = engine.enrich(req, 0, on).fact["labels"][0]
    assert (lab["registry_status"], lab["verified"], lab["valid"]) == ("no_registry", False, True)


def test_explain_shows_the_registry_status(tmp_path: Path) -> None:
    from green_procurement.explain import explain_line, render_text

    with _engine(tmp_path, "python") as engine:
        req = gp.PurchaseRequest.from_dict(_paper({"scheme": "vn-ecolabel", "certificate": "77/QĐ-BNNMT"}))
        text = render_text(explain_line(engine, req.items[0], D(2025, 9, 1)), "en")
    assert "number not in the issuer's list (registry_status = not_found)" in text
    assert "not confirmed by the issuer's list (not_found), so it does not count as valid (valid = false)" in text
