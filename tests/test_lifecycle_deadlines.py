"""Deadlines: the vectorised obligations against a scalar oracle, and calendar edge cases."""

from __future__ import annotations

import datetime as dt
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zwxmt.calendar import CalendarFallbackWarning, add_calendar_days, add_working_days
from zwxmt.lifecycle import OBLIGATIONS, History, history_columns, obligations, overdue
from zwxmt.lifecycle.deadlines import due_dates
from zwxmt.lifecycle.parameters import lifecycle_settings
from zwxmt.lifecycle.scenarios import random_history

D = dt.date


def oracle(histories: list[History], on: D) -> list[tuple[str, str, D, D, D | None, str]]:
    """One record at a time: the obligations as the rules read them."""
    s = lifecycle_settings()
    out = []
    for h in histories:
        recs = [r for r in h.records if r.on <= on]
        for kind in OBLIGATIONS:
            given = kind.period(s)
            if given is None:      # not an obligation of the rulebook's jurisdiction
                continue
            n = given.value
            for i, r in enumerate(recs):
                if r.event not in kind.opened_by:
                    continue
                due = add_working_days(r.on, n) if kind.working_days else \
                    add_calendar_days(r.on, n)
                closer = next((c for c in recs[i + 1:] if c.event in kind.closed_by), None)
                if kind.advisory:     # a period the guide does not set (issue 10, item 9)
                    status = "met" if closer is not None else (
                        "past_advisory" if on > due else "open")
                elif closer is not None:
                    status = "late" if closer.on > due else "met"
                else:
                    status = "overdue" if on > due else "open"
                out.append((h.account_id, kind.code, r.on, due,
                            closer.on if closer else None, status))
    return sorted(out, key=str)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 12), steps=st.integers(1, 30),
       on_offset=st.integers(0, 700))
def test_vectorised_obligations_match_the_oracle(seed: int, n: int, steps: int,
                                                 on_offset: int) -> None:
    rng = np.random.default_rng(seed)
    histories = [random_history(rng, account_id=f"A{i}", start=D(2024, 1, 2), steps=steps)
                 for i in range(n)]
    on = D(2024, 1, 2) + dt.timedelta(days=on_offset)
    got = [(o.account_id, o.kind, o.opened_on, o.due_on, o.closed_on, o.status)
           for o in obligations(histories, on=on).rows()]
    assert sorted(got, key=str) == oracle(histories, on)
    late = overdue(histories, on=on)
    assert set(late.status) <= {"overdue"}
    assert len(late) == sum(1 for row in oracle(histories, on) if row[5] == "overdue")


def test_columns_accepted_directly_and_empty_input() -> None:
    rng = np.random.default_rng(7)
    hs = [random_history(rng, account_id=f"A{i}", start=D(2024, 1, 2), steps=10)
          for i in range(20)]
    on = D(2024, 6, 1)
    a = obligations(hs, on=on)
    b = obligations(history_columns(hs), on=on)
    assert a.rows() == b.rows()
    assert len(obligations([], on=on)) == 0
    assert len(overdue([History.new("X")], on=on)) == 0


def test_due_dates_beyond_the_holiday_data_fall_back_to_weekdays_only_when_asked() -> None:
    from zwxmt.errors import CalendarOutOfRange

    days = np.array(["2026-12-28", "2027-01-02", "2026-09-29"], dtype="datetime64[D]")
    with pytest.raises(CalendarOutOfRange, match="--holidays"):   # one policy: refuse
        due_dates(days, 7, working=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        due, fallback = due_dates(days, 7, working=True, fallback=True)
    assert any(issubclass(w.category, CalendarFallbackWarning) for w in caught)
    # 2026-12-28 (Mon): 12-29, 12-30, 12-31 from the data, then Mon-Fri 2027-01-01, 01-04,
    # 01-05, 01-06. 2027-01-02 (Sat): the 7th weekday after is 2027-01-12.
    assert list(due.astype(D)) == [D(2027, 1, 6), D(2027, 1, 12), D(2026, 10, 14)]
    assert list(fallback) == [True, True, False]
    cal, none = due_dates(days, 3, working=False)
    assert list(cal.astype(D)) == [D(2026, 12, 31), D(2027, 1, 5), D(2026, 10, 2)]
    assert not none.any()


def test_due_dates_before_the_data_are_refused() -> None:
    from zwxmt.errors import CalendarOutOfRange

    with pytest.raises(CalendarOutOfRange):
        due_dates(np.array(["2003-05-01"], dtype="datetime64[D]"), 7, working=True)
