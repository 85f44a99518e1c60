"""The one vocabulary and the one month type."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zwxmt import months
from zwxmt.models.enums import AdminLevel as ModelsAdminLevel
from zwxmt.scoring.frame import LEVELS
from zwxmt.scoring.parameters import PLATFORMS
from zwxmt.vocabulary import (
    VOCABULARIES,
    AdminLevel,
    Platform,
    accepted,
    lookup,
    normalise,
)


def test_models_re_export_the_one_vocabulary() -> None:
    assert ModelsAdminLevel is AdminLevel


@pytest.mark.parametrize(("text", "member"), [
    ("公众号", Platform.WECHAT), ("头条号", Platform.TOUTIAO), ("ＷＥＣＨＡＴ", Platform.WECHAT),
    (" 政务 微博 ", Platform.WEIBO), ("区", AdminLevel.COUNTY), ("县市区", AdminLevel.COUNTY),
    ("县（市、区）", AdminLevel.COUNTY), ("乡镇（街道）", AdminLevel.TOWNSHIP),
    ("省级", AdminLevel.PROVINCE), ("地市", AdminLevel.CITY),
])
def test_aliases_the_batch_readers_refused(text: str, member: object) -> None:
    enum = type(member)
    assert enum(text) is member
    assert lookup(enum)[normalise(text)] == member.value  # type: ignore[attr-defined]


def test_level_codes_are_the_scoring_engines() -> None:
    assert tuple(m.value for m in AdminLevel) == LEVELS
    assert set(PLATFORMS) <= {m.value for m in Platform}


def test_every_vocabulary_is_registered_with_labels() -> None:
    assert VOCABULARIES["platform"] is Platform
    assert VOCABULARIES["level"] is AdminLevel
    for enum in set(VOCABULARIES.values()):
        table = accepted(enum)
        assert set(table) == {m.value for m in enum}
        assert all(labels for labels in table.values())


def test_month_ordinal_is_numpy_months_since_1970() -> None:
    assert months.month(1970, 1) == 0
    assert months.month(2026, 3) == (2026 - 1970) * 12 + 2 == 674
    assert months.month(2026, 3) == np.datetime64("2026-03", "M").astype(np.int64)
    assert months.label(674) == "2026-03"
    assert months.first_day(674) == dt.date(2026, 3, 1)
    assert months.last_day(673) == dt.date(2026, 2, 28)
    assert months.days_in(673) == 28
    assert months.from_index(2026 * 12 + 2) == 674
    assert months.to_index(674) == 2026 * 12 + 2


@pytest.mark.parametrize("text", ["2026-03", "2026-3", "2026/3", "2026.3", "2026年3月",
                                  "２０２６年３月", "202603", "2026-03-01", " 2026-03 "])
def test_month_spellings(text: str) -> None:
    assert months.parse(text) == 674
    ordinals, ok = months.parse_array([text])
    assert ok.tolist() == [True] and ordinals.tolist() == [674]


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "2026-03-15", "26-3", "", "March"])
def test_not_months(text: str) -> None:
    with pytest.raises(ValueError):
        months.parse(text)
    _, ok = months.parse_array([text])
    assert ok.tolist() == [False]


@settings(max_examples=100, deadline=None)
@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_vectorised_months_agree_with_the_scalar_ones(day: dt.date) -> None:
    m = months.of_date(day)
    assert months.of_days(np.array([day], dtype="datetime64[D]")).tolist() == [m]
    assert months.labels([m]).tolist() == [months.label(m)]
    assert months.first_days([m]).tolist() == [months.first_day(m)]
    assert months.parse(months.label(m)) == m
