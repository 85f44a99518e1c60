"""Streaming activity (更新情况): posts folded batch by batch into per account-month state.

Memory grows with accounts × days of the month grid, never with posts: a posts file of any
length is read in record batches, each :func:`fold`-ed into an :class:`ActivityState`, and the
:class:`~zwxmt.activity.compute.Activity` is :func:`finish`-ed from the state alone.

The state holds, per account code:

- per grid month: ``posts``, ``original_posts`` and ``reads`` (exact int64 sums);
- per grid day (from the grid's first day to ``as_of``): whether the account posted that day
  (the update days of ``ZJG-9.2-T2-V1`` and ``ZJG-6.5.1(3)``);
- before the grid: the last post day. It seeds ``last_post_date`` and, when not before the
  opening day, anchors the first no-update run; earlier posts only end runs that end before the
  grid, which nothing counts.

:func:`merge` of two states over the same accounts and grid is exact, associative and
commutative (sums add, days OR, anchors take the later day), so partitions of a posts file can
be folded apart and merged in any order (issue #14). ``finish`` gives, bit for bit, what the
one-shot computation over all posts gives: ``compute_activity`` is itself one fold and a finish.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from zwxmt.activity.model import NO_DAY, Activity, Gaps, MonthGrid, PostColumns
from zwxmt.arrays import I64, B
from zwxmt.rules import cite

__all__ = ["ActivityState", "finish", "fold", "merge"]

RULE_VETO = cite("ZJG-9.2-T2-V1")
RULE_TWICE = cite("ZJG-6.5.1(3)")

#: Sums of float64 weights stay exact below 2**53; reads are split when a batch could pass it.
_EXACT = 2 ** 53
_LOW_BITS = 26


@dataclass(frozen=True)
class ActivityState:
    """Per account-month sums, per account-day update bits and the pre-grid anchors.

    Arrays are owned by the state and updated in place by :func:`fold` (the state is a
    frozen record of its arrays, not of their contents); :func:`merge` returns a new state.
    """

    grid: MonthGrid
    opened: I64  # opening day of each account code
    posts: I64  # (accounts, months)
    original_posts: I64
    reads: I64
    days: B  # (accounts, grid days): at least one post that day
    last_before: I64  # last post day before the grid, NO_DAY if none

    @classmethod
    def empty(cls, opened_day: I64, grid: MonthGrid) -> ActivityState:
        """The state of no posts for the accounts opened on ``opened_day`` (one per code)."""
        opened = np.ascontiguousarray(opened_day, dtype=np.int64)
        n_a, n_p = len(opened), grid.n
        n_days = max(grid.as_of - grid.start + 1, 0)
        return cls(grid, opened, np.zeros((n_a, n_p), np.int64), np.zeros((n_a, n_p), np.int64),
                   np.zeros((n_a, n_p), np.int64), np.zeros((n_a, n_days), np.bool_),
                   np.full(n_a, NO_DAY, np.int64))

    @property
    def n_accounts(self) -> int:
        return len(self.opened)

    @property
    def nbytes(self) -> int:
        return sum(int(a.nbytes) for a in (self.opened, self.posts, self.original_posts,
                                           self.reads, self.days, self.last_before))

    def _day_month(self) -> I64:
        """Grid month of each grid day."""
        n_days = self.days.shape[1]
        return self.grid.month_codes(np.arange(self.grid.start, self.grid.start + n_days,
                                               dtype=np.int64))


def _sum_exact(cell: npt.NDArray[np.int64], values: I64, size: int) -> I64:
    """Exact int64 per-cell sums of non-negative ``values`` (bincount sums in float64)."""
    if not len(values):
        return np.zeros(size, np.int64)
    top = int(values.max())
    if top == 0:
        return np.zeros(size, np.int64)
    if top * len(values) < _EXACT:
        return np.rint(np.bincount(cell, weights=values, minlength=size)).astype(np.int64)
    low = np.bincount(cell, weights=values & ((1 << _LOW_BITS) - 1), minlength=size)
    high = np.bincount(cell, weights=values >> _LOW_BITS, minlength=size)
    return (np.rint(high).astype(np.int64) << _LOW_BITS) + np.rint(low).astype(np.int64)


def fold(state: ActivityState, posts: PostColumns) -> ActivityState:
    """Add a batch of validated posts (account codes in range, no day after ``as_of``) to
    ``state`` in place and return it."""
    n = len(posts)
    if n == 0:
        return state
    n_a, n_p = state.posts.shape
    acc, day = posts.account, posts.day
    if acc.min() < 0 or acc.max() >= n_a:
        raise ValueError("post account codes out of range")
    grid = state.grid
    if day.max() > grid.as_of:
        raise ValueError("posts after the assessment date: validate them first")
    start = grid.start
    rel = day - start
    inwin = rel >= 0
    if inwin.all():
        a_in, r_in, orig, reads = acc, rel, posts.original, posts.reads
    else:
        a_in, r_in = acc[inwin], rel[inwin]
        orig, reads = posts.original[inwin], posts.reads[inwin]
        before = ~inwin
        np.maximum.at(state.last_before, acc[before], day[before])
    if len(a_in):
        size = n_a * n_p
        cell = a_in * n_p + state._day_month()[r_in]
        state.posts.ravel()[:] += np.bincount(cell, minlength=size)
        state.original_posts.ravel()[:] += np.bincount(cell[orig], minlength=size)
        state.reads.ravel()[:] += _sum_exact(cell, reads, size)
        state.days[a_in, r_in] = True
    return state


def merge(a: ActivityState, b: ActivityState) -> ActivityState:
    """The state of the posts of ``a`` and of ``b`` (same accounts, same grid)."""
    if a.grid != b.grid or not np.array_equal(a.opened, b.opened):
        raise ValueError("activity states of different accounts or month grids")
    return ActivityState(a.grid, a.opened, a.posts + b.posts,
                         a.original_posts + b.original_posts, a.reads + b.reads,
                         a.days | b.days, np.maximum(a.last_before, b.last_before))


#: Accounts finished at a time: the runs are per account, so finishing in blocks bounds the
#: working memory (a few arrays of one entry per update day of the block) without changing
#: a bit of the result.
FINISH_BLOCK = 2048


def finish(state: ActivityState, *, gap_days: int, block: int = FINISH_BLOCK) -> Activity:
    """The activity of the posts folded into ``state``: monthly totals, posting days, last
    post dates, no-update runs of ``gap_days`` days (``ZJG-9.2-T2-V1``, ``ZJG-6.5.1(3)``)."""
    n_a = state.n_accounts
    if n_a <= block:
        return _finish(state, gap_days)
    parts = []
    for lo in range(0, n_a, block):
        hi = min(n_a, lo + block)
        sub = ActivityState(state.grid, state.opened[lo:hi], state.posts[lo:hi],
                            state.original_posts[lo:hi], state.reads[lo:hi], state.days[lo:hi],
                            state.last_before[lo:hi])
        parts.append((lo, _finish(sub, gap_days)))
    acts = [a for _, a in parts]

    def cat(name: str) -> I64:
        return np.concatenate([getattr(a, name) for a in acts])

    gaps = Gaps(np.concatenate([a.gaps.account + lo for lo, a in parts]),
                *(np.concatenate([getattr(a.gaps, f) for a in acts])
                  for f in ("start", "end", "days", "open", "censored")))
    return Activity(state.grid, gap_days, cat("posts"), cat("original_posts"),
                    cat("posting_days"), cat("longest_gap_days"), cat("gaps_14d"),
                    cat("last_post_day"), cat("reads"), cat("current_gap_days"), gaps)


def _finish(state: ActivityState, gap_days: int) -> Activity:
    grid = state.grid
    n_a, n_p = state.posts.shape
    start, as_of = grid.start, grid.as_of
    ends = grid.end_days
    opened = state.opened
    size = n_a * n_p

    # Posting days per month straight from the day bits.
    day_month = state._day_month()
    if state.days.shape[1]:
        firsts = np.flatnonzero(np.r_[True, day_month[1:] != day_month[:-1]])
        n_days = np.zeros((n_a, n_p), np.int64)
        n_days[:, day_month[firsts]] = np.add.reduceat(state.days, firsts, axis=1,
                                                       dtype=np.int64)
    else:
        n_days = np.zeros((n_a, n_p), np.int64)

    # Update days as sorted (account, day) keys: the grid's day bits, preceded per account by
    # the last post before the grid.
    g_acc, g_day = np.nonzero(state.days)
    pre_acc = np.flatnonzero(state.last_before != NO_DAY)
    pre_day = state.last_before[pre_acc]
    lowest = [start]
    if n_a:
        lowest.append(int(opened.min()))
    if len(pre_day):
        lowest.append(int(pre_day.min()))
    base = min(lowest) - 2
    span = max(as_of, int(opened.max()) if n_a else as_of) - base + 2
    kt = np.int32 if (n_a + 1) * max(span, n_p + 1) < np.iinfo(np.int32).max else np.int64
    lut = grid.month_codes(np.arange(base, base + span, dtype=np.int64)).astype(kt)
    pre_key = np.sort((pre_acc * span + (pre_day - base)).astype(kt))
    key: npt.NDArray[Any] = (g_acc * span + (g_day + (start - base))).astype(kt)
    del g_acc, g_day
    key = np.insert(key, np.searchsorted(key, pre_key), pre_key)
    k_acc = key // kt(span)
    k_rel = key - k_acc * kt(span)
    km = lut[k_rel]

    # Last post on or before each month's end: the last key of each (account, month) cell,
    # seeded with the last post before the grid, carried forward.
    last = np.full(n_a * (n_p + 1), NO_DAY, dtype=np.int64)
    flat = k_acc * kt(n_p + 1) + (np.maximum(km, -1) + 1)
    del km
    is_last = np.ones(len(flat), dtype=np.bool_)
    np.not_equal(flat[1:], flat[:-1], out=is_last[:-1])
    last[flat[is_last]] = k_rel[is_last].astype(np.int64) + base
    del flat, is_last
    last_post = np.maximum.accumulate(last.reshape(n_a, n_p + 1), axis=1)[:, 1:]

    # Anchors: the opening day (an update), the day before the grid for an account open
    # earlier with no post to anchor its first run (censored), and as_of + 1 (open runs).
    live = opened <= as_of
    opened_rel = (opened - base).astype(kt)
    # Runs exist only while the account does: a post dated before its opening is ignored here.
    real_mask = live[k_acc] & (k_rel >= opened_rel[k_acc])
    if not real_mask.all():
        key, k_acc, k_rel = key[real_mask], k_acc[real_mask], k_rel[real_mask]
    del real_mask
    first_rel = np.full(n_a, span, dtype=np.int64)
    if len(key):
        starts = np.ones(len(key), dtype=np.bool_)
        np.not_equal(k_acc[1:], k_acc[:-1], out=starts[1:])
        first_rel[k_acc[starts]] = k_rel[starts]
        del starts
    del k_acc, k_rel
    cens_anchor = live & (opened < start - 1) & (first_rel > start - 1 - base)
    codes = np.arange(n_a, dtype=np.int64)
    anchors = np.sort(np.concatenate([
        codes[live] * span + (opened[live] - base),
        codes[cens_anchor] * span + (start - 1 - base),
        codes[live] * span + (as_of + 1 - base),
    ]).astype(kt))
    # Insert the (few) sorted anchors into the sorted keys, dropping those already there.
    at = np.searchsorted(key, anchors)
    dup = (key[np.minimum(at, len(key) - 1)] == anchors) & (at < len(key)) if len(key) else \
        np.zeros(len(anchors), dtype=np.bool_)
    merged = np.insert(key, at[~dup], anchors[~dup])
    del key
    m_acc = merged // kt(span)
    m_rel = merged - m_acc * kt(span)
    del merged

    # Runs between consecutive update days of the same account.
    length = np.diff(m_rel)
    length -= 1
    is_run = (m_acc[1:] == m_acc[:-1]) & (length > 0) & (m_rel[1:] - 1 >= start - base)
    r_acc = m_acc[:-1][is_run].astype(np.int64)
    r_s = m_rel[:-1][is_run].astype(np.int64) + (base + 1)
    r_len = length[is_run].astype(np.int64)
    del m_acc, m_rel, length, is_run
    r_e = r_s + r_len - 1
    r_open = r_e == as_of
    r_cens = np.zeros(len(r_s), dtype=np.bool_)
    if cens_anchor.any():
        r_cens = cens_anchor[r_acc] & (r_s == start)

    # Longest streak reached in each month. A run within one month gives its length; a run
    # over several months is expanded over them, counting from its first day each time.
    ps = np.maximum(lut[r_s - base], 0).astype(np.int64)
    pe = lut[r_e - base].astype(np.int64)
    longest = np.zeros(size, dtype=np.int64)
    one = ps == pe
    np.maximum.at(longest, r_acc[one] * n_p + ps[one], r_len[one])
    multi = np.flatnonzero(~one)
    reps = pe[multi] - ps[multi] + 1
    e_idx = np.repeat(multi, reps)
    offs = np.arange(len(e_idx)) - np.repeat(np.cumsum(reps) - reps, reps)
    e_p = ps[e_idx] + offs
    e_val = np.minimum(r_e[e_idx], ends[e_p]) - r_s[e_idx] + 1
    np.maximum.at(longest, r_acc[e_idx] * n_p + e_p, e_val)

    # Occurrences of gap_days days without update, in the month of the gap_days-th day.
    long_run = r_len >= gap_days
    reach = r_s[long_run] + gap_days - 1
    rm = lut[reach - base].astype(np.int64)
    ok = rm >= 0
    n_gaps = np.bincount(r_acc[long_run][ok] * n_p + rm[ok], minlength=size).reshape(n_a, n_p)

    current = np.zeros(n_a, dtype=np.int64)
    current[r_acc[r_open]] = r_len[r_open]

    gaps = Gaps(r_acc[long_run], r_s[long_run], r_e[long_run], r_len[long_run],
                r_open[long_run], r_cens[long_run])
    return Activity(grid, gap_days, state.posts.copy(), state.original_posts.copy(), n_days,
                    longest.reshape(n_a, n_p), n_gaps.astype(np.int64), last_post,
                    state.reads.copy(), current, gaps)
