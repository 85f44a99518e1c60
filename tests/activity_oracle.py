"""Today's (pre-streaming) ``compute_activity``, kept verbatim as the oracle of the fold.

The streaming :class:`zwxmt.activity.ActivityState` must give, bit for bit, what this one-shot
function gives on the same posts (tests/test_activity_stream.py).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from zwxmt.activity.model import NO_DAY, Activity, Gaps, MonthGrid, PostColumns
from zwxmt.arrays import I64


def oracle_activity(posts: PostColumns, opened_day: I64, grid: MonthGrid, *,
                     gap_days: int) -> Activity:
    """Activity of every account (``opened_day[i]`` = opening day of account code ``i``).

    Posts must be validated (codes in range, no day after ``grid.as_of``): see
    :func:`validate_posts`. Posts before the grid anchor the first run and the last post date.
    """
    n_a, n_p = len(opened_day), grid.n
    if len(posts) and (posts.account.min() < 0 or posts.account.max() >= n_a):
        raise ValueError("post account codes out of range")
    if len(posts) and posts.day.max() > grid.as_of:
        raise ValueError("posts after the assessment date: validate them first")
    start, as_of = grid.start, grid.as_of
    ends = grid.end_days
    opened = np.asarray(opened_day, dtype=np.int64)
    base = int(min(posts.day.min() if len(posts) else start, opened.min() if n_a else start,
                   start)) - 2
    span = max(as_of, int(opened.max()) if n_a else as_of) - base + 2
    # Composite keys in int32 when they fit: half the memory traffic of int64.
    kt = np.int32 if (n_a + 1) * max(span, n_p + 1) < np.iinfo(np.int32).max else np.int64
    # Month code of every day in range, looked up instead of converted per post.
    lut = grid.month_codes(np.arange(base, base + span, dtype=np.int64)).astype(kt)
    acc: npt.NDArray[Any] = posts.account.astype(kt)
    rel: npt.NDArray[Any] = (posts.day - base).astype(kt)

    # Per-month sums: one bincount each on account * n_p + month.
    size = n_a * n_p
    pm = lut[rel]
    inwin = pm >= 0
    cell = acc[inwin] * kt(n_p) + pm[inwin]
    del pm
    n_posts = np.bincount(cell, minlength=size).reshape(n_a, n_p)
    n_orig = np.bincount(cell[posts.original[inwin]], minlength=size).reshape(n_a, n_p)
    if posts.reads.any():
        reads = np.bincount(cell, weights=posts.reads[inwin], minlength=size)
        n_reads = np.rint(reads).astype(np.int64).reshape(n_a, n_p)
    else:
        n_reads = np.zeros((n_a, n_p), dtype=np.int64)
    del cell, inwin

    # Update days: distinct (account, day) keys, sorted by account then day.
    key = acc * kt(span) + rel
    del acc, rel
    key.sort()
    distinct = np.ones(len(key), dtype=np.bool_)
    np.not_equal(key[1:], key[:-1], out=distinct[1:])
    key = key[distinct]
    del distinct
    k_acc = key // kt(span)
    k_rel = key - k_acc * kt(span)
    km = lut[k_rel]
    kin = km >= 0
    n_days = np.bincount(k_acc[kin] * kt(n_p) + km[kin], minlength=size).reshape(n_a, n_p)
    del kin

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
    return Activity(grid, gap_days, n_posts.astype(np.int64), n_orig.astype(np.int64),
                    n_days.astype(np.int64), longest.reshape(n_a, n_p),
                    n_gaps.astype(np.int64), last_post, n_reads, current, gaps)
