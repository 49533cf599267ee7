"""Finding catalogue phrases in descriptions: segments, diacritics, word forms, anchors (``_phrases``)."""

from __future__ import annotations

import functools
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

import green_procurement as gp
from green_procurement._phrases import PhraseIndex, prepare, tokens, words_of
from green_procurement._text import fold
from green_procurement.catalog import _splits
from green_procurement.classify import Classifier


def found(phrase: str, text: str, *, lang: str = "vi", forms: bool = False) -> bool:
    index = PhraseIndex()
    index.add("keyword", None, phrase, lang, forms=forms)
    return bool(index.find(tokens(text)))


@pytest.mark.parametrize(("phrase", "text", "expected"), [
    # diacritics must agree in a text that has them
    ("đặc san", "In đặc san kỷ niệm", True),
    ("đặc san", "Đặc sản Cần Thơ", False),
    ("sửa chữa", "Sửa chữa máy lạnh", True),
    ("sửa chữa", "Sửa chua Vinamilk", False),         # regression: one word agreeing used to be enough
    ("máy điều hòa", "Máy điều hoà Daikin", True),    # old and new tone placement
    ("máy điều hòa", "Máy điều hoa Daikin", False),
    # a text typed wholly without diacritics matches on letters
    ("máy điều hòa", "May dieu hoa Daikin", True),
    ("sửa chữa", "sua chua may lanh", True),
    # a phrase without diacritics matches on letters; an English phrase only unmarked words
    ("oto", "Ôtô 7 chỗ", True),
    ("van", "Văn phòng phẩm", False),
    ("van", "Ford Transit van", True),
    # whole words within one part of the description
    ("led", "Ledvance bulb", False),
    ("máy trạm", "Xe máy, trạm y tế", False),
    ("máy trạm", "Máy trạm Dell Precision", True),
    ("bàn ghế", "Bàn và ghế", False),
    # a leading ^ anchors the phrase at the start of a part
    ("^in", "In sổ tay hướng dẫn", True),
    ("^in", "Mực máy in", False),
])
def test_phrase_found(phrase: str, text: str, expected: bool) -> None:
    assert found(phrase, text, lang="en" if phrase == "van" else "vi") is expected


def test_longer_word_forms_only_when_asked() -> None:
    assert found("thuê máy photo", "Thuê máy photocopy", forms=True)
    assert not found("thuê máy photo", "Thuê máy photocopy")


@pytest.mark.parametrize(("phrase", "cut"), [
    ("cung cấp và lắp đặt", "và"),
    ("máy tính, bàn", ","),
    ("cải tạo/sửa chữa", "/"),
    ("bút bi - mực", "-"),
    ("vận chuyển hoặc lắp đặt", "hoặc"),
    ("điều hòa", None),
    ("x-quang", None),
    ("^in", None),
])
def test_phrase_that_spans_parts_is_reported(phrase: str, cut: str | None) -> None:
    assert _splits(phrase) == cut


@given(st.lists(st.sampled_from(["máy", "tính", "xách", "tay", "bàn", "ghế", "giấy", "in", "a4"]),
                min_size=1, max_size=4))
def test_a_phrase_finds_itself(ws: list[str]) -> None:
    phrase = " ".join(ws)
    assert found(phrase, phrase)
    assert found(phrase, f"Mua {phrase.upper()} mới")


_VOCAB = ["máy", "tính", "xách", "tay", "giấy", "in", "a4", "và", ",", "(", ")", "-", " - ", "Điều", "hòa", "HOÀ",
          "ß", "中", "e\u0301", ".", ";", "\n", "bàn", "ghế"]


@given(st.lists(st.sampled_from(_VOCAB), max_size=10), st.sampled_from(["máy tính xách tay", "giấy in", "a4",
                                                                          "điều hòa", "bàn"]))
def test_the_quick_check_never_hides_a_phrase(parts: list[str], phrase: str) -> None:
    """``may_hold`` (the classifier's quick check before cutting a text into words) is False only
    when ``find`` finds nothing: the words of the folded text are those of the tokens."""
    text = " ".join(parts)
    index = PhraseIndex()
    index.add("keyword", None, phrase, "vi")
    marked_text, whole = prepare(text)
    if whole is not None and not index.may_hold("keyword", re.findall(r"[^\W_]+", whole)):
        assert index.find(tokens(text)) == []
    assert tokens(text, (marked_text, whole)).folded == tokens(text).folded


@functools.cache
def _classifier() -> Classifier:
    return Classifier(gp.load_catalog())


def _classified_words(text: str) -> list[str] | None:
    """The folded words classification hands to enrichment (Classifier.classify_whole)."""
    whole = prepare(text)[1]
    return None if whole is None else words_of(whole)


def test_classified_words_are_folds_words_for_every_character_in_every_case() -> None:
    # the words classification cut (prepare, words_of) are fold's: enrichment folds a description once
    wrong = [(hex(c), text) for c in range(0x3000)
             for text in (chr(c), chr(c).upper(), f"ab{chr(c)}C d", chr(c) * 2)
             if (words := _classified_words(text)) is not None and words != fold(text).split()]
    assert wrong == []


@given(st.text(st.characters(max_codepoint=0x3100), max_size=12)
       | st.lists(st.sampled_from(["Điều", "HÒA", "hoà", "thuỷ", "-", ".", " ", "\u0301", "İ", "ß", "5"]),
                  max_size=8).map("".join))
def test_classified_words_are_folds_words(text: str) -> None:
    words = _classified_words(text)
    assert words is None or words == fold(text).split()
    assert _classifier().classify_whole(text)[1] in (None, fold(text).split())


def _fold_spec(text: str) -> str:
    """What fold is: the folded letters, lower case, every run of other characters one space, trimmed."""
    from green_procurement._text import _FOLD
    return re.sub(r"[^0-9a-z]+", " ", text.translate(_FOLD).lower()).strip()


@given(st.text(st.characters(max_codepoint=0x3100), max_size=6) | st.sampled_from(["chiếc", "M2", "bộ", "x-1", "Ⅻ"]))
def test_fold_is_its_spec_with_or_without_the_one_word_shortcut(text: str) -> None:
    assert fold(text) == _fold_spec(text)
