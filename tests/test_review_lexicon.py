"""Lexicon matching equals a plain substring oracle, on both engines (ZJG-9.2-T2-health)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import zwxmt.review.lexicon as lexicon_module
from zwxmt.errors import InputError
from zwxmt.review.lexicon import Lexicon, available_engine, choose_engine, match_lexicon

ENGINES = ["numpy", pytest.param("aho-corasick", marks=pytest.mark.skipif(
    available_engine() != "aho-corasick", reason="needs the optional extra 'fast'"))]


def oracle(texts: list[str], terms: list[str], mode: str = "occurrences") -> np.ndarray:
    """Every start position at which each term occurs in each text (plain Python)."""
    out = np.zeros((len(texts), len(terms)), dtype=np.int64)
    for i, text in enumerate(texts):
        for j, term in enumerate(terms):
            n = sum(1 for k in range(len(text)) if text.startswith(term, k))
            out[i, j] = min(n, 1) if mode == "posts" else n
    return out


alphabet = st.sampled_from(list("ab中文政府\x00"))
texts_st = st.lists(st.text(alphabet, max_size=20), min_size=1, max_size=8)
terms_st = st.lists(st.text(st.sampled_from(list("ab中文政府")), min_size=1, max_size=4),
                    min_size=1, max_size=8, unique=True)


@pytest.mark.parametrize("engine", ENGINES)
@settings(max_examples=150, deadline=None)
@given(texts=texts_st, terms=terms_st, mode=st.sampled_from(["occurrences", "posts"]))
def test_matching_equals_the_substring_oracle(engine: str, texts: list[str], terms: list[str],
                                              mode: str) -> None:
    got = match_lexicon(texts, terms, mode=mode, engine=engine)  # type: ignore[arg-type]
    assert got.engine == engine
    assert (got.dense(len(texts), len(terms)) == oracle(texts, terms, mode)).all()


@pytest.mark.parametrize("engine", ENGINES)
def test_overlapping_and_nested_occurrences_count(engine: str) -> None:
    texts = ["aaa", "中华民国与民国", ""]
    terms = ["aa", "民国", "中华民国"]
    got = match_lexicon(texts, terms, engine=engine).dense(3, 3)  # type: ignore[arg-type]
    assert got.tolist() == [[2, 0, 0], [0, 2, 1], [0, 0, 0]]
    once = match_lexicon(texts, terms, mode="posts", engine=engine)  # type: ignore[arg-type]
    assert once.dense(3, 3).tolist() == [[1, 0, 0], [0, 1, 1], [0, 0, 0]]


@pytest.mark.parametrize("engine", ENGINES)
def test_engines_are_exact_across_chunk_boundaries(
        engine: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lexicon_module, "_CHUNK", 7)
    texts = ["截止目前工作", "按装", "x截止目前截止目前", "", "再接再励再接再励"]
    terms = ["截止目前", "按装", "再接再励", "目前"]
    got = match_lexicon(texts, terms, engine=engine).dense(5, 4)  # type: ignore[arg-type]
    assert (got == oracle(texts, terms)).all()


def test_hash_collisions_are_resolved_by_exact_comparison(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lexicon_module, "_BASE", np.uint32(0))  # every hash = last character
    texts = ["ab cb db", "bb"]
    terms = ["ab", "cb", "xb"]
    got = match_lexicon(texts, terms, engine="numpy").dense(2, 3)
    assert (got == oracle(texts, terms)).all()


def test_terms_must_be_unique_and_printable() -> None:
    with pytest.raises(InputError, match="unique"):
        match_lexicon(["a"], ["a", "a"])
    with pytest.raises(InputError, match="empty term"):
        match_lexicon(["a"], [""])
    with pytest.raises(InputError, match="control character"):
        Lexicon(("a\x00",), ("serious",))
    with pytest.raises(InputError, match="tag"):
        Lexicon(("a",), ("fatal",))


def test_lexicon_accepts_chinese_tags_and_merges_without_repeats() -> None:
    lex = Lexicon.of([("台湾总统", "严重"), ("截止目前", "一般")])
    assert lex.tags == ("serious", "general")
    merged = lex.merged([("截止目前", "advertising"), ("限时抢购", "广告")])
    assert merged.terms == ("台湾总统", "截止目前", "限时抢购")
    assert merged.tags == ("serious", "general", "advertising")


def test_auto_picks_numpy_for_short_terms() -> None:
    assert choose_engine(["截止目前"]) == "numpy"
    assert choose_engine(["长" * 20]) == available_engine()
    assert choose_engine(["a"], "aho-corasick") == "aho-corasick"
    assert match_lexicon(["ab"], ["a"]).engine == "numpy"


def test_unknown_engine_and_mode_are_refused() -> None:
    with pytest.raises(ValueError, match="engine"):
        match_lexicon(["a"], ["a"], engine="grep")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="mode"):
        match_lexicon(["a"], ["a"], mode="twice")


def test_without_the_extra_everything_falls_back_to_numpy(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "ahocorasick", None)  # import ahocorasick now fails
    assert available_engine() == "numpy"
    assert choose_engine(["长" * 20]) == "numpy"
    got = match_lexicon(["中华民国", "民国"], ["民国", "长" * 20])
    assert got.engine == "numpy"
    assert got.dense(2, 2).tolist() == [[1, 0], [1, 0]]
