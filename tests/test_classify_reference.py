"""The quick classifier agrees with the plain one it replaced (``tests/classify_reference.py``, main's
code before issue 16), result for result: on the labelled descriptions, the example lists, the
benchmarks' generated items and random descriptions made of the catalogue's phrases.  Also the parts:
the words a text is cut into and the phrases found in them, in the same order."""

from __future__ import annotations

import csv
import functools
import itertools
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

from green_procurement._phrases import prepare, tokens
from green_procurement.catalog import load_catalog
from green_procurement.classify import Classifier

from . import classify_reference as reference
from .strategies import catalogue_texts

ROOT = Path(__file__).resolve().parent.parent


@functools.lru_cache(maxsize=1)
def _classifiers() -> tuple[Classifier, reference.Classifier]:
    catalog = load_catalog()
    return Classifier(catalog), reference.Classifier(catalog)


def _outcome(c: Any) -> tuple[Any, ...]:
    """All a classification shows (``explain`` included): its fields and the names of the groups found."""
    return c.to_dict(), c.found_names, c.by, c.evidence, c.excluded_groups, c.excluded_by, c.mixed


def _differences(texts: list[str]) -> list[tuple[str, Any, Any]]:
    quick, plain = _classifiers()
    out = []
    for text in texts:
        a, b = _outcome(quick.classify(text)), _outcome(plain.classify(text))
        if a != b:
            out.append((text, a, b))
    return out


def _variants(text: str) -> list[str]:
    unmarked = "".join(c for c in unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
                       if not unicodedata.combining(c))
    return [text, unicodedata.normalize("NFD", text), text.upper(), unmarked]


def test_labelled_descriptions_classify_as_before() -> None:
    with (ROOT / "benchmarks" / "classification" / "descriptions.csv").open(encoding="utf-8", newline="") as f:
        texts = [v for r in csv.DictReader(f) for v in _variants(r["description"])]
    assert len(texts) == 4 * 873
    assert _differences(texts) == []


def test_example_lists_classify_as_before() -> None:
    texts = []
    for path in sorted((ROOT / "examples").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            texts += [cell for row in csv.reader(f) for cell in row]
    assert len(texts) > 100
    assert _differences(texts) == []


@pytest.fixture(scope="module")
def benchmarks() -> Any:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import bench_check
        import bench_engine
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return bench_engine, bench_check


@pytest.mark.slow      # 36,684 items: the quick run keeps the labelled set, the examples and random texts
def test_benchmark_items_classify_as_before(benchmarks: Any) -> None:
    bench_engine, bench_check = benchmarks
    texts = [it.description for mix in ("unique", "realistic") for it in bench_engine.items(mix, 2_000)]
    texts += sorted({it.description for it in bench_engine.items("diverse", 20_000)})
    texts += [p[0] for p in bench_check.Products(11).make(20_000)] + [r[0] for r in bench_check.REPEATED]
    assert _differences(texts) == []


def _found(matches: list[Any]) -> list[tuple[Any, ...]]:
    out = []
    for m in matches:
        if isinstance(m, tuple):
            p, start, end = m
            out.append((p.kind, id(p.owner), p.phrase, start, end, p.lang, p.size))
        else:
            out.append((m.kind, id(m.owner), m.phrase, m.start, m.end, m.lang, m.words))
    return out


@pytest.mark.parametrize("text", [
    'In "Sổ tay" và "lịch" (bìa "cứng") năm 2025', 'Mực máy in, máy photocopy; sửa chữa máy lạnh.\nThuê xe',
    "Máy TV-01 lạnh - RO-10 đèn LED – “Bàn” «ghế» [tủ] {kệ}", "Giấy in A4 và/hoặc giấy photo 80gsm ab-² m²",
    "ß\u0300 e\u0301 \u037e máy\u037elạnh 中 văn\xa0phòng", 'a "b "c" d" e (f (g) h) i',
])
def test_hand_picked_descriptions_read_as_before(text: str) -> None:
    test_random_descriptions_read_as_before.hypothesis.inner_test(text)  # type: ignore[attr-defined]


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(catalogue_texts())
def test_random_descriptions_read_as_before(text: str) -> None:
    quick, plain = _classifiers()
    assert prepare(text) == reference.prepare(text)
    a, b = tokens(text), reference.tokens(text)
    assert (a.folded, a.marked, a.segment, a.clause, a.bracket) == (b.folded, b.marked, b.segment, b.clause, b.bracket)
    assert a.bracketed == (True in b.bracket)
    runs = [i for i in range(len(b) + 1) if i in (0, len(b)) or b.segment[i] != b.segment[i - 1]]
    assert a.spans == ([] if not len(b) else list(itertools.pairwise(runs)))
    assert _found(quick.index.find(a)) == _found(plain.index.find(b))
    assert _outcome(quick.classify(text)) == _outcome(plain.classify(text))
