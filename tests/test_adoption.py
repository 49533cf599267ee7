"""The catalogue's adoption status (``products.yaml``, top-level ``adoption``): data, validation, API.

The shipped catalogue is a proposal of the Department of Finance awaiting the City People's Committee's
decision (issue 14, point 9); it says so as data, exposed as ``Catalog.adoption``.
"""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

from green_procurement.catalog import Adoption, check_catalog, load_catalog

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "data" / "mini" / "catalog"


def test_the_shipped_catalogue_is_a_proposal_with_a_date() -> None:
    a = load_catalog(ROOT / "catalog").adoption
    assert isinstance(a, Adoption)
    assert a.status == "proposal" and not a.adopted and a.decision is None
    assert isinstance(a.date, datetime.date)
    assert "ĐỀ XUẤT" in a.text.vi and "chưa được phê duyệt" in a.text.vi
    assert "PROPOSAL" in a.text.en and "not been approved" in a.text.en
    assert a.to_dict() == {"status": "proposal", "date": a.date.isoformat(), "decision": None,
                           "text": {"vi": a.text.vi, "en": a.text.en}}


def test_a_catalogue_without_adoption_loads_with_none() -> None:
    assert load_catalog(MINI).adoption is None


def _with_adoption(tmp_path: Path, block: str) -> Path:
    root = tmp_path / "catalog"
    shutil.copytree(MINI, root)
    products = root / "products.yaml"
    products.write_text(block + "\n" + products.read_text(encoding="utf-8"), encoding="utf-8")
    return root


def test_an_adopted_catalogue_names_its_decision(tmp_path: Path) -> None:
    root = _with_adoption(tmp_path, 'adoption:\n  status: adopted\n  date: 2027-03-15\n'
                                    '  decision: "Quyết định số 1/QĐ-UBND ngày 15/03/2027"\n'
                                    '  text: {vi: "Đã phê duyệt.", en: "Approved."}\n')
    a = load_catalog(root).adoption
    assert a is not None and a.adopted and a.date == datetime.date(2027, 3, 15)
    assert a.decision == "Quyết định số 1/QĐ-UBND ngày 15/03/2027"


@pytest.mark.parametrize(("block", "code", "line"), [
    # adopted without the decision that adopted it
    ('adoption:\n  status: adopted\n  date: 2027-03-15\n  text: {vi: "Đã phê duyệt.", en: "Approved."}\n',
     "missing-key", 2),
    # a status that is neither proposal nor adopted
    ('adoption:\n  status: approved\n  date: 2027-03-15\n  text: {vi: "x", en: "x"}\n', "bad-value", 2),
    # not a date
    ('adoption:\n  status: proposal\n  date: "15/03/2027"\n  text: {vi: "x", en: "x"}\n', "wrong-type", 3),
    # the text in one language only
    ('adoption:\n  status: proposal\n  date: 2027-03-15\n  text: {vi: "x"}\n', "missing-key", 4),
    # no text at all
    ('adoption:\n  status: proposal\n  date: 2027-03-15\n', "missing-key", 2),
    # an unknown key
    ('adoption:\n  status: proposal\n  date: 2027-03-15\n  text: {vi: "x", en: "x"}\n  approved_by: UBND\n',
     "unknown-key", 5),
])
def test_adoption_problems_are_located(tmp_path: Path, block: str, code: str, line: int) -> None:
    cat, problems = check_catalog(_with_adoption(tmp_path, block))
    assert cat is None
    hits = [p for p in problems if p.code == code and p.path and p.path.endswith("products.yaml")]
    assert hits, "\n".join(p.format() for p in problems)
    # a missing key is reported at the mapping (its first line), the others at the wrong value
    assert hits[0].line == line, "\n".join(p.format() for p in problems)
