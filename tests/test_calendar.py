"""Working days, holidays and make-up workdays (调休); assessment periods."""

from __future__ import annotations

import datetime as dt
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from zwxmt.calendar import (
    CalendarFallbackWarning,
    Period,
    add_working_days,
    add_working_days_array,
    calendar_range,
    holiday_name,
    is_working_day,
    is_working_day_array,
    parse_period,
    working_days_between,
)
from zwxmt.errors import CalendarOutOfRange

D = dt.date


@pytest.mark.parametrize(("start", "n", "expected"), [
    (D(2026, 9, 30), 1, D(2026, 10, 8)),   # National Day and Mid-Autumn 2026: 10-01..10-07
    (D(2026, 9, 30), 0, D(2026, 9, 30)),
    (D(2026, 2, 13), 1, D(2026, 2, 14)),   # 2026-02-14 (Saturday) is a make-up workday
    (D(2026, 2, 14), 1, D(2026, 2, 24)),   # Spring Festival 2026: 02-15..02-23
    (D(2025, 9, 26), 1, D(2025, 9, 28)),   # 2025-09-28 (Sunday) is a make-up workday
    (D(2025, 9, 30), 1, D(2025, 10, 9)),   # National Day 2025: 10-01..10-08; 10-11 make-up
    (D(2025, 10, 9), 2, D(2025, 10, 11)),  # 2025-10-11 (Saturday) counts as a working day
    (D(2024, 4, 30), 1, D(2024, 5, 6)),    # Labour Day 2024: 05-01..05-05
    (D(2024, 4, 26), 1, D(2024, 4, 28)),   # 2024-04-28 (Sunday) is a make-up workday
    (D(2024, 12, 27), 3, D(2025, 1, 2)),   # New Year 2025: 01-01 off
    (D(2026, 11, 20), 1, D(2026, 11, 23)), # ordinary weekend
])
def test_add_working_days(start: D, n: int, expected: D) -> None:
    assert add_working_days(start, n) == expected


def test_make_up_workdays_are_working_days() -> None:
    assert is_working_day(D(2026, 2, 14))  # Saturday, 调休
    assert is_working_day(D(2024, 2, 4))   # Sunday, 调休
    assert not is_working_day(D(2026, 10, 5))
    assert holiday_name(D(2026, 10, 3)) == "National Day"
    assert holiday_name(D(2026, 10, 9)) is None


def test_seven_working_days_across_national_day() -> None:
    # a change on 2026-09-28 must be filed within 7 working days (HN-A1(2))
    # 09-29, 09-30, then 10-08, 10-09, 10-10 (Saturday, make-up workday), 10-12, 10-13
    assert add_working_days(D(2026, 9, 28), 7) == D(2026, 10, 13)
    assert working_days_between(D(2026, 9, 28), D(2026, 10, 13)) == 7


def test_out_of_range_raises_by_default_and_fallback_warns() -> None:
    with pytest.raises(CalendarOutOfRange):
        is_working_day(D(2027, 3, 1))
    with pytest.raises(CalendarOutOfRange):
        add_working_days(D(2026, 12, 30), 5)
    with pytest.warns(CalendarFallbackWarning):
        assert add_working_days(D(2026, 12, 30), 5, fallback=True) == D(2027, 1, 6)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert add_working_days(D(2026, 12, 1), 3) == D(2026, 12, 4)
    lo, hi = calendar_range()
    assert lo.year <= 2024 and hi == D(2026, 12, 31)


days_in_range = st.dates(min_value=D(2024, 1, 1), max_value=D(2026, 10, 31))


@given(days_in_range, st.integers(min_value=0, max_value=40))
def test_add_working_days_matches_a_day_by_day_count(start: D, n: int) -> None:
    result = add_working_days(start, n)
    count, cursor = 0, start
    while count < n:
        cursor += dt.timedelta(days=1)
        count += is_working_day(cursor)
    assert result == cursor
    assert working_days_between(start, result) == n


@given(st.lists(st.tuples(days_in_range, st.integers(0, 30)), min_size=1, max_size=30))
def test_array_functions_equal_scalar(pairs: list[tuple[D, int]]) -> None:
    days = np.array([p[0] for p in pairs], dtype="datetime64[D]")
    steps = np.array([p[1] for p in pairs])
    got = add_working_days_array(days, steps)
    assert [d.astype(dt.date) for d in got] == [add_working_days(d, n) for d, n in pairs]
    assert list(is_working_day_array(days)) == [is_working_day(p[0]) for p in pairs]


def test_periods() -> None:
    q = parse_period("2026-Q4")
    assert (q.start, q.end, q.days, q.label) == (D(2026, 10, 1), D(2026, 12, 31), 92, "2026-Q4")
    assert [m.label for m in q.months()] == ["2026-10", "2026-11", "2026-12"]
    feb = parse_period("2024-02")
    assert feb.days == 29 and feb.previous_year().label == "2023-02"
    assert parse_period("2026").days == 365
    # 10-01..10-07 off; 10-08, 10-09, 10-10 (make-up Saturday), then three full weeks
    assert Period.month(2026, 10).working_days() == 18
    with pytest.raises(ValueError):
        parse_period("2026-13")
