"""Interaction: replies within the working-day limit (ZJG-7.3.3), response rate and 互动回应差
(ZJG-6.1.2-disqualify), channels kept open (HN-3.2)."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from zwxmt.calendar import add_working_days
from zwxmt.review.interaction import InteractionSettings, check_interaction, check_settings
from zwxmt.review.logs import MessageLog
from zwxmt.review.parameters import review_parameters
from zwxmt.rulebook import Cited


def msgs(rows: list[tuple[str, str, str, str]]) -> MessageLog:
    """Rows (id, account, received, replied or '')."""
    return MessageLog(
        message_id=np.array([r[0] for r in rows], dtype=object),
        account_id=np.array([r[1] for r in rows], dtype=object),
        channel=np.array(["message"] * len(rows), dtype=object),
        received_at=np.array([r[2] for r in rows], dtype="datetime64[s]"),
        replied_at=np.array([r[3] or "NaT" for r in rows], dtype="datetime64[s]"))


def test_the_limit_is_five_working_days_from_the_rulebook() -> None:
    p = review_parameters()
    assert p.reply_limit_working_days.value == 5
    assert p.reply_limit_working_days.cite == "ZJG-7.3.3"


def test_a_reply_one_working_day_late_across_a_weekend() -> None:
    # Received Friday 2026-11-06: five working days later is Friday 2026-11-13 (hand count:
    # 9, 10, 11, 12, 13 November). A reply on Monday 16 is one working day late, across the
    # weekend; a reply on Friday 13 is on time.
    res = check_interaction(msgs([
        ("M1", "A", "2026-11-06T10:00", "2026-11-16T09:00"),
        ("M2", "A", "2026-11-06T10:00", "2026-11-13T17:00"),
    ]), as_of=dt.date(2026, 11, 20))
    assert str(res.deadline[0]) == "2026-11-13"
    assert res.overdue.tolist() == [True, False]
    assert res.on_time.tolist() == [False, True]
    f = res.findings
    assert f.count_by_code() == {"reply_overdue": 1}
    row = next(iter(f))
    assert row.subject == "M1" and row.rule == "ZJG-7.3.3"
    assert row.evidence.endswith("回复2026-11-16，逾期3天（1个工作日）")


def test_the_national_day_holiday_and_the_makeup_saturday() -> None:
    # Received 2026-09-30: 1-7 October are holidays, Saturday 10 October is a working day.
    # Working days after: 8, 9, 10, 12, 13 October -> limit 2026-10-13.
    res = check_interaction(msgs([("M1", "A", "2026-09-30T16:00", "2026-10-13T10:00")]))
    assert str(res.deadline[0]) == "2026-10-13"
    assert res.on_time.tolist() == [True]
    assert add_working_days(dt.date(2026, 9, 30), 5) == dt.date(2026, 10, 13)


def test_unanswered_messages_past_the_limit_and_pending_ones() -> None:
    res = check_interaction(msgs([
        ("M1", "A", "2026-11-02T10:00", ""),   # limit 2026-11-09: past on 2026-11-13
        ("M2", "A", "2026-11-12T10:00", ""),   # limit 2026-11-19: still pending
    ]), as_of=dt.date(2026, 11, 13))
    assert res.unanswered.tolist() == [True, False]
    assert res.pending.tolist() == [False, True]
    assert res.findings.count_by_code() == {"no_reply": 1}
    g = res.groups
    assert g["received"].tolist() == [2]
    assert g["due"].tolist() == [1]
    assert g["poor_responses"].tolist() == [1]


def test_response_rate_per_account_period_and_the_veto_candidate() -> None:
    rows = [(f"M{i}", "A", "2026-09-01T09:00", "2026-09-02T09:00") for i in range(6)]
    rows += [(f"N{i}", "A", "2026-09-01T09:00", "2026-09-30T09:00") for i in range(4)]
    rows += [(f"K{i}", "B", "2026-09-01T09:00", "2026-09-02T09:00") for i in range(5)]
    res = check_interaction(msgs(rows), as_of=dt.date(2026, 10, 31))
    g = res.groups
    assert g["account_id"].tolist() == ["A", "B"]
    assert g["period"].tolist() == ["2026-09", "2026-09"]
    assert g["on_time"].tolist() == [6, 5]
    assert g["poor_responses"].tolist() == [4, 0]
    assert np.allclose(g["response_rate"], [0.6, 1.0])
    low = res.findings.where(res.findings.columns["code"] == "low_response_rate")
    assert len(low) == 1
    row = next(iter(low))
    assert row.account_id == "A" and row.veto_candidate and row.rule == "ZJG-6.1.2-disqualify"


def test_a_low_rate_over_too_few_messages_is_not_judged() -> None:
    rows = [("M1", "A", "2026-09-01T09:00", "2026-09-30T09:00")]
    res = check_interaction(msgs(rows), as_of=dt.date(2026, 10, 31))
    assert "low_response_rate" not in res.findings.count_by_code()


def test_a_shorter_limit_from_a_custom_rulebook() -> None:
    p = review_parameters().model_copy(update={
        "reply_limit_working_days": Cited[int](value=1, cite="ZJG-7.3.3")})
    res = check_interaction(msgs([("M1", "A", "2026-11-06T10:00", "2026-11-10T09:00")]), p)
    assert str(res.deadline[0]) == "2026-11-09"
    assert res.overdue.tolist() == [True]


def test_closed_comments_or_messages() -> None:
    s = InteractionSettings(np.array(["A", "B", "C"], dtype=object),
                            np.array([True, False, False]), np.array([True, True, False]))
    f = check_settings(s, period="2026-10")
    assert f.count_by_code() == {"interaction_closed": 2}
    assert f.columns["evidence"].tolist() == ["留言评论功能已关闭", "留言评论和私信功能均已关闭"]
    assert f.columns["veto_candidate"].all()
    assert set(f.columns["rule"].tolist()) == {"HN-3.2"}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.one_of(st.none(), st.integers(0, 20))),
                min_size=1, max_size=20))
def test_every_message_has_exactly_one_status(spec: list[tuple[int, int | None]]) -> None:
    base = dt.datetime(2026, 9, 1, 9)
    rows = []
    for i, (day, delay) in enumerate(spec):
        rec = base + dt.timedelta(days=day)
        rep = "" if delay is None else (rec + dt.timedelta(days=delay)).isoformat()
        rows.append((f"M{i}", "A", rec.isoformat(), rep))
    res = check_interaction(msgs(rows), as_of=dt.date(2026, 11, 30))
    status = (res.on_time.astype(int) + res.overdue + res.unanswered + res.pending)
    assert (status == 1).all()
    for i, (day, delay) in enumerate(spec):  # scalar oracle with the scalar calendar
        rec = (base + dt.timedelta(days=day)).date()
        limit = add_working_days(rec, 5)
        if delay is not None:
            assert bool(res.on_time[i]) == (rec + dt.timedelta(days=delay) <= limit)
