"""The streaming fold equals today's one-shot activity, bit for bit, however posts are split."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.activity_oracle import oracle_activity
from zwxmt.activity.compute import compute_activity
from zwxmt.activity.model import Activity, MonthGrid, PostColumns, day_number
from zwxmt.activity.state import ActivityState, finish, fold, merge

AS_OF = dt.date(2026, 3, 17)
GRID = MonthGrid.ending(AS_OF, 3)  # 2026-01-01 .. 2026-03-17


def _same(a: Activity, b: Activity) -> None:
    for name in ("posts", "original_posts", "posting_days", "longest_gap_days", "gaps_14d",
                 "last_post_day", "reads", "current_gap_days"):
        x, y = getattr(a, name), getattr(b, name)
        assert x.dtype == y.dtype and x.shape == y.shape, name
        assert np.array_equal(x, y), name
    for name in ("account", "start", "end", "days", "open", "censored"):
        assert np.array_equal(getattr(a.gaps, name), getattr(b.gaps, name)), f"gaps.{name}"
    assert a.grid == b.grid and a.gap_days == b.gap_days


@st.composite
def scenarios(draw: Any) -> tuple[PostColumns, np.ndarray, list[int], int]:
    n_a = draw(st.integers(1, 5))
    lo = day_number(dt.date(2025, 10, 1))
    hi = day_number(AS_OF)
    # opening days before, inside and after the grid (an account opened after as_of)
    opened = np.array(draw(st.lists(st.integers(lo - 30, hi + 5), min_size=n_a,
                                    max_size=n_a)), dtype=np.int64)
    n = draw(st.integers(0, 60))
    acc = np.array(draw(st.lists(st.integers(0, n_a - 1), min_size=n, max_size=n)), np.int64)
    day = np.array(draw(st.lists(st.integers(lo - 40, hi), min_size=n, max_size=n)), np.int64)
    orig = np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)), np.bool_)
    reads = np.array(draw(st.lists(st.integers(0, 10 ** 9), min_size=n, max_size=n)), np.int64)
    cuts = sorted(draw(st.lists(st.integers(0, n), max_size=4)))
    gap = draw(st.sampled_from([1, 3, 14]))
    return PostColumns(acc, day, orig, reads), opened, cuts, gap


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_fold_in_batches_and_merge_equal_the_one_shot_oracle(case: Any) -> None:
    posts, opened, cuts, gap = case
    expected = oracle_activity(posts, opened, GRID, gap_days=gap)
    _same(compute_activity(posts, opened, GRID, gap_days=gap), expected)
    bounds = [0, *cuts, len(posts)]
    parts = [posts.take(np.arange(a, b)) for a, b in itertools.pairwise(bounds)]
    # one state folded batch by batch
    state = ActivityState.empty(opened, GRID)
    for part in parts:
        fold(state, part)
    _same(finish(state, gap_days=gap), expected)
    # one state per partition, merged right to left (merge is associative and commutative)
    states = [fold(ActivityState.empty(opened, GRID), part) for part in parts]
    merged = states[-1]
    for s in reversed(states[:-1]):
        merged = merge(s, merged)
    _same(finish(merged, gap_days=gap), expected)
    # finished in blocks of accounts: the same, bit for bit
    _same(finish(merged, gap_days=gap, block=2), expected)


def test_reads_are_summed_exactly_beyond_float_precision() -> None:
    # 2**53 + 1 is not a float64: a float bincount would lose the 1
    n = 9000
    reads = np.full(n, 10 ** 12, dtype=np.int64)
    reads[0] = 10 ** 12 + 1
    posts = PostColumns(np.zeros(n, np.int64), np.full(n, GRID.start, np.int64),
                        np.ones(n, np.bool_), reads)
    act = compute_activity(posts, np.array([GRID.start - 100]), GRID, gap_days=14)
    assert act.reads[0, 0] == 9000 * 10 ** 12 + 1


def test_state_memory_does_not_grow_with_posts() -> None:
    opened = np.full(10, GRID.start - 100, dtype=np.int64)
    state = ActivityState.empty(opened, GRID)
    size = state.nbytes
    rng = np.random.default_rng(1)
    for _ in range(5):
        n = 10_000
        fold(state, PostColumns(rng.integers(0, 10, n), rng.integers(GRID.start, GRID.as_of, n),
                                rng.random(n) < 0.5, rng.integers(0, 100, n)))
    assert state.nbytes == size
    assert int(state.posts.sum()) == 50_000


def test_fold_refuses_unvalidated_posts() -> None:
    state = ActivityState.empty(np.array([GRID.start]), GRID)
    with pytest.raises(ValueError, match="out of range"):
        fold(state, PostColumns(np.array([1]), np.array([GRID.start]), np.array([True]),
                                np.array([0])))
    with pytest.raises(ValueError, match="after the assessment date"):
        fold(state, PostColumns(np.array([0]), np.array([GRID.as_of + 1]), np.array([True]),
                                np.array([0])))
    other = ActivityState.empty(np.array([GRID.start + 1]), GRID)
    with pytest.raises(ValueError, match="different accounts"):
        merge(state, other)
