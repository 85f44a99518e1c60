"""Post-level activity: worked examples, a per-account oracle, and input rejects."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from zwxmt.activity.compute import (
    NO_DAY,
    MonthGrid,
    PostColumns,
    compute_activity,
    day_number,
)
from zwxmt.activity.posts import read_activity

D = day_number


def _posts(pairs: list[tuple[int, dt.date]], original: list[bool] | None = None) -> PostColumns:
    acc = np.array([a for a, _ in pairs], dtype=np.int64)
    day = np.array([D(d) for _, d in pairs], dtype=np.int64)
    orig = np.array(original if original is not None else [True] * len(pairs), dtype=np.bool_)
    return PostColumns(acc, day, orig, np.full(len(pairs), 10, dtype=np.int64))


def _run(pairs: list[tuple[int, dt.date]], opened: list[dt.date], as_of: dt.date,
         months: int = 2, original: list[bool] | None = None):  # type: ignore[no-untyped-def]
    grid = MonthGrid.ending(as_of, months)
    return compute_activity(_posts(pairs, original),
                            np.array([D(o) for o in opened], dtype=np.int64), grid, gap_days=14)


OPEN = dt.date(2020, 1, 1)


def test_a_13_day_gap_is_not_a_14_day_gap() -> None:
    # posts on 1 and 15 March: no update on 2..14 March, 13 days
    act = _run([(0, dt.date(2026, 3, 1)), (0, dt.date(2026, 3, 15)), (0, dt.date(2026, 3, 31))],
               [OPEN], dt.date(2026, 3, 31), months=1)
    assert act.longest_gap_days[0, 0] == 15  # 16..30 March
    act = _run([(0, dt.date(2026, 3, 1)), (0, dt.date(2026, 3, 15)), (0, dt.date(2026, 3, 28)),
                (0, dt.date(2026, 3, 31))], [OPEN], dt.date(2026, 3, 31), months=1)
    assert act.longest_gap_days[0, 0] == 13
    assert act.gaps_14d[0, 0] == 0
    assert not act.veto_no_update_14d[0, 0]
    assert len(act.gaps) == 0


def test_a_14_day_gap_is_one_occurrence_with_its_dates() -> None:
    # posts on 1 and 16 March: no update on 2..15 March, 14 days
    act = _run([(0, dt.date(2026, 3, 1)), (0, dt.date(2026, 3, 16)), (0, dt.date(2026, 3, 29))],
               [OPEN], dt.date(2026, 3, 31), months=1)
    assert act.longest_gap_days[0, 0] == 14
    assert act.gaps_14d[0, 0] == 1
    assert act.veto_no_update_14d[0, 0]
    g = act.gaps.table(np.array(["A"], dtype=object))
    assert list(g["start"]) == [np.datetime64("2026-03-02")]
    assert list(g["end"]) == [np.datetime64("2026-03-15")]
    assert list(g["days"]) == [14]
    assert not g["open"][0]


def test_a_gap_across_months_is_counted_in_the_month_of_its_14th_day() -> None:
    # last post 25 February, next 20 March: 26 Feb..19 Mar = 22 days; 14th day is 11 March
    act = _run([(0, dt.date(2026, 2, 12)), (0, dt.date(2026, 2, 25)), (0, dt.date(2026, 3, 20)),
                (0, dt.date(2026, 3, 31))], [OPEN], dt.date(2026, 3, 31), months=2)
    # February: 1..11 (censored, 11 days), 13..24 (12), and 26..28 (3, the run goes on)
    assert act.longest_gap_days[0].tolist() == [12, 22]
    assert act.gaps_14d[0].tolist() == [0, 1]
    assert act.veto_no_update_14d[0].tolist() == [False, True]


def test_an_open_run_is_cut_at_the_assessment_date() -> None:
    act = _run([(0, dt.date(2026, 3, 1))], [OPEN], dt.date(2026, 3, 15), months=1)
    assert act.longest_gap_days[0, 0] == 14
    assert act.current_gap_days[0] == 14
    assert bool(act.gaps.open[0])
    act = _run([(0, dt.date(2026, 3, 1))], [OPEN], dt.date(2026, 3, 14), months=1)
    assert act.current_gap_days[0] == 13 and act.gaps_14d[0, 0] == 0


def test_the_opening_day_counts_as_an_update() -> None:
    act = _run([(0, dt.date(2026, 3, 15))], [dt.date(2026, 3, 1)], dt.date(2026, 3, 15), months=1)
    assert act.longest_gap_days[0, 0] == 13  # 2..14 March
    act = _run([(0, dt.date(2026, 3, 16))], [dt.date(2026, 3, 1)], dt.date(2026, 3, 16), months=1)
    assert act.gaps_14d[0, 0] == 1


def test_left_edge_is_censored_without_an_earlier_post() -> None:
    act = _run([(0, dt.date(2026, 3, 20))], [OPEN], dt.date(2026, 3, 31), months=1)
    assert act.longest_gap_days[0, 0] == 19  # 1..19 March, days before are unknown
    assert bool(act.gaps.censored[0])
    # a post in February anchors the run instead
    act = _run([(0, dt.date(2026, 2, 10)), (0, dt.date(2026, 3, 20))], [OPEN],
               dt.date(2026, 3, 31), months=1)
    assert act.longest_gap_days[0, 0] == 37 and not act.gaps.censored[0]
    assert act.last_post_day[0, 0] == D(dt.date(2026, 3, 20))


def test_counts_ratio_days_and_last_post() -> None:
    pairs = [(0, dt.date(2026, 2, 3)), (0, dt.date(2026, 2, 3)), (0, dt.date(2026, 2, 5)),
             (1, dt.date(2026, 3, 2))]
    act = _run(pairs, [OPEN, OPEN], dt.date(2026, 3, 31), original=[True, False, False, True])
    assert act.posts.tolist() == [[3, 0], [0, 1]]
    assert act.original_posts.tolist() == [[1, 0], [0, 1]]
    assert act.posting_days.tolist() == [[2, 0], [0, 1]]
    assert act.reads.tolist() == [[30, 0], [0, 10]]
    assert abs(act.original_ratio[0, 0] - 1 / 3) < 1e-12 and act.original_ratio[0, 1] == 0
    assert act.last_post_day[0].tolist() == [D(dt.date(2026, 2, 5))] * 2
    assert act.last_post_day[1, 0] == NO_DAY
    table = act.table(np.array(["A", "B"], dtype=object))
    assert table["period"].tolist() == ["2026-02", "2026-03", "2026-02", "2026-03"]
    assert str(table["last_post_date"][2]) == "NaT"


# --- oracle -------------------------------------------------------------------------------

def _oracle(days: set[int], opened: int, start: int, as_of: int, month_ends: list[int],
            month_starts: list[int]) -> tuple[list[int], list[tuple[int, int]]]:
    """Walk day by day: the longest streak in each month and the runs of >= 14 days."""
    if opened > as_of:
        return [0] * len(month_ends), []
    days = {d for d in days if d >= opened}
    updates = set(days) | {opened}
    if opened < start - 1 and not any(d <= start - 1 for d in days):
        updates.add(start - 1)
    first = min(updates)
    streak, runs, run_start = 0, [], None
    longest = [0] * len(month_ends)
    for d in range(first, as_of + 1):
        if d in updates:
            if run_start is not None and streak >= 14 and d - 1 >= start:
                runs.append((run_start, d - 1))
            streak, run_start = 0, None
        else:
            if streak == 0:
                run_start = d
            streak += 1
        for i, (s, e) in enumerate(zip(month_starts, month_ends, strict=True)):
            if s <= d <= e:
                longest[i] = max(longest[i], streak)
    if run_start is not None and streak >= 14:
        runs.append((run_start, as_of))
    return longest, runs


day_offsets = st.lists(st.integers(min_value=-40, max_value=120), max_size=25)


@settings(max_examples=150, deadline=None)
@given(st.lists(day_offsets, min_size=1, max_size=4),
       st.lists(st.integers(min_value=-200, max_value=130), min_size=4, max_size=4))
def test_gap_detection_equals_a_per_account_oracle(offsets: list[list[int]],
                                                   opened_off: list[int]) -> None:
    as_of = dt.date(2026, 4, 30)
    grid = MonthGrid.ending(as_of, 4)
    start = grid.start
    n = len(offsets)
    opened = np.array([start + o for o in opened_off[:n]], dtype=np.int64)
    pairs = [(a, start + o) for a, offs in enumerate(offsets) for o in offs if o <= 119]
    posts = PostColumns(np.array([a for a, _ in pairs], dtype=np.int64),
                        np.array([d for _, d in pairs], dtype=np.int64),
                        np.ones(len(pairs), dtype=np.bool_), np.zeros(len(pairs), dtype=np.int64))
    act = compute_activity(posts, opened, grid, gap_days=14)
    for a in range(n):
        days = {d for b, d in pairs if b == a}
        longest, runs = _oracle(days, int(opened[a]), start, grid.as_of,
                                grid.end_days.tolist(), grid.start_days.tolist())
        assert act.longest_gap_days[a].tolist() == longest
        mine = sorted((int(s), int(e)) for b, s, e in zip(
            act.gaps.account, act.gaps.start, act.gaps.end, strict=True) if b == a)
        assert mine == sorted(runs)


@settings(max_examples=100, deadline=None)
@given(day_offsets, st.integers(min_value=0, max_value=119), st.integers(-100, 100))
def test_adding_a_post_never_lengthens_the_longest_gap(offs: list[int], extra: int,
                                                       opened_off: int) -> None:
    as_of = dt.date(2026, 4, 30)
    grid = MonthGrid.ending(as_of, 4)
    opened = np.array([grid.start + opened_off], dtype=np.int64)

    def longest(days: list[int]) -> np.ndarray:
        posts = PostColumns(np.zeros(len(days), dtype=np.int64),
                            np.array(days, dtype=np.int64), np.ones(len(days), dtype=np.bool_),
                            np.zeros(len(days), dtype=np.int64))
        act = compute_activity(posts, opened, grid, gap_days=14)
        return act.longest_gap_days[0]

    days = [grid.start + o for o in offs if o <= 119]
    before = longest(days)
    after = longest([*days, grid.start + extra])
    assert (after <= before).all()


# --- reading posts -----------------------------------------------------------------------

def _read(rows: list[list[str]], as_of: dt.date = dt.date(2026, 3, 31)) -> Any:
    header = ["post_id", "account_id", "published_at", "original", "reads"]
    cols = {h: [r[k] for r in rows] for k, h in enumerate(header)}
    grid = MonthGrid.ending(as_of, 1)
    return read_activity(cols, pa.array(["A"]), np.array([D(OPEN)]), grid, gap_days=14)


def test_bad_rows_are_rejected_with_row_and_reason_and_counted() -> None:
    rows = [
        ["p1", "A", "2026-03-01 08:00", "true", "5"],
        ["p2", "ZZZ", "2026-03-02 08:00", "true", "5"],       # unknown account
        ["p3", "A", "2026-04-02 08:00:00", "false", "5"],     # after as_of
        ["p1", "A", "2026-03-03 09:00", "true", "5"],         # duplicate id
        ["p4", "A", "not a time", "true", "5"],               # malformed
        ["p5", "A", "2026-03-31 23:59:59", "", ""],           # fine: blank = repost, 0 reads
    ]
    read = _read(rows)
    assert (read.counts.read, read.counts.used, read.counts.rejected) == (6, 2, 4)
    # rows as a spreadsheet numbers them: header = 1, first post = 2
    checks = {r["row"]: (r["column"], r["check"], r["message"])
              for r in read.failures.to_arrow().to_pylist()}
    assert checks[3][:2] == ("account_id", "unknown_account")
    assert checks[4][:2] == ("published_at", "date_out_of_range")
    assert checks[5][:2] == ("post_id", "duplicate_key") and "repeats row 2" in checks[5][2]
    assert checks[6][:2] == ("published_at", "not_a_time")
    assert set(checks) == {3, 4, 5, 6}
    act = read.activity
    assert act.posts[0, 0] == 2 and act.original_posts[0, 0] == 1 and act.reads[0, 0] == 5


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 8), max_size=40), st.lists(st.booleans(), min_size=40,
                                                            max_size=40))
def test_duplicate_ids_keep_the_first_valid_row(ids: list[int], unknown: list[bool]) -> None:
    n = len(ids)
    rows = [[str(pid), "ZZZ" if unknown[i] else "A", "2026-03-01 08:00", "true", "1"]
            for i, pid in enumerate(ids)]
    read = _read(rows)
    # the first post of known accounts with each id is kept (a refused row keeps nothing)
    seen: dict[int, int] = {}
    expected = []
    for i, pid in enumerate(ids):
        if unknown[i] or pid in seen:
            expected.append(False)
        else:
            seen[pid] = i
            expected.append(True)
    assert read.counts.used == sum(expected)
    assert read.counts.rejected == n - sum(expected)
    for r in read.failures.to_arrow().to_pylist():
        if r["check"] == "duplicate_key":
            assert f"repeats row {seen[ids[r['row'] - 2]] + 2}" in r["message"]
