"""Post-level activity (更新情况): posts, originality, posting days and no-update gaps.

From a table of posts (account, published time, original or repost, reads) this computes, per
account and assessment month, the raw metrics that the 勤勉指数 (``ZJG-9.2-T2-diligence``) and the
veto ``ZJG-9.2-T2-V1`` (14天未更新) read, and the no-update runs that the cleanup criteria
``ZJG-6.5.1(3)`` (出现14天未更新情况2次) and ``ZJO-2.1`` (长期无更新的“僵尸”“休眠”账号) count.

What counts as "14天未更新" (see docs/assumptions.md, "Cleanup: no-update runs"):

- An *update day* is a calendar day with at least one post, original or repost, as the
  timestamps give it (taken as Beijing time, no zone conversion). The day an account opened
  counts as an update day: a new account has 14 days to post for the first time. A post dated
  before the opening day counts in the monthly totals but cannot start or split a run.
- A *no-update run* is a maximal run of consecutive calendar days, none an update day. Its
  length is the number of such days: posts on 1 March and 16 March leave a 14-day run (2..15).
- At the left edge of the data, days before the first month are unknown: a run that would start
  earlier is counted from the first observed day (never longer than the data shows), unless a
  post before the first month anchors it. Such a run is marked ``censored``.
- At the assessment date ``as_of`` (inclusive), a run still going is cut there and marked
  ``open``: a last post on 1 March and ``as_of`` 15 March is a 14-day run.
- In a month, ``longest_gap_days`` is the longest number of consecutive no-update days the
  account had reached on any day of that month, counted from the run's first day even when it
  began in an earlier month; ``veto_no_update_14d`` is ``longest_gap_days >= 14``. A run is one
  *occurrence* (``gaps_14d``), attributed to the month of its 14th day, however long it lasts.

Posts are folded into per account-month state (:mod:`zwxmt.activity.state`), so memory grows
with accounts × days, not with posts; runs come from ``np.diff`` over the sorted update days
with account boundaries masked, per-month sums from ``np.bincount`` on
``account_code * n_months + month_code``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from zwxmt.activity.model import (
    ACTIVITY_COLUMNS,
    NO_DAY,
    Activity,
    Gaps,
    MonthGrid,
    PostColumns,
    day_number,
    from_day_number,
)
from zwxmt.activity.state import ActivityState, finish, fold
from zwxmt.arrays import I64, B
from zwxmt.io import ColumnSpec, Reject, coerce_columns
from zwxmt.rules import cite

__all__ = [
    "ACTIVITY_COLUMNS",
    "NO_DAY",
    "POST_COLUMNS",
    "Activity",
    "Gaps",
    "MonthGrid",
    "PostColumns",
    "ReadPosts",
    "compute_activity",
    "day_number",
    "from_day_number",
    "prepare_posts",
    "validate_posts",
]

RULE_VETO = cite("ZJG-9.2-T2-V1")
RULE_TWICE = cite("ZJG-6.5.1(3)")

#: Input columns of a posts table.
POST_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("post_id", "文章编号", "str", description="unique id of the post"),
    ColumnSpec("account_id", "账号编码", "str", description="zwxmt account id"),
    ColumnSpec("published_at", "发布时间", "str",
               description="YYYY-MM-DD HH:MM[:SS] or YYYY-MM-DD, Beijing time"),
    ColumnSpec("original", "是否原创", "bool", required=False, default=False,
               description="original (原创) rather than a repost; blank = repost"),
    ColumnSpec("reads", "阅读量", "int", required=False, default=0, min=0),
)


def compute_activity(posts: PostColumns, opened_day: I64, grid: MonthGrid, *,
                     gap_days: int) -> Activity:
    """Activity of every account (``opened_day[i]`` = opening day of account code ``i``).

    Posts must be validated (codes in range, no day after ``grid.as_of``): see
    :func:`validate_posts`. Posts before the grid anchor the first run and the last post date.
    One batch of the streaming fold (:mod:`zwxmt.activity.state`).
    """
    state = fold(ActivityState.empty(opened_day, grid), posts)
    return finish(state, gap_days=gap_days)


@dataclass(frozen=True)
class ReadPosts:
    """Posts read from a table: the validated columns, the rejects and the counts."""

    posts: PostColumns
    rows_read: int
    rejects: tuple[Reject, ...]
    source_rows: I64  # 1-based input row of each accepted post

    @property
    def rejected_rows(self) -> int:
        return len({r.row for r in self.rejects})

    def summary(self) -> str:
        return (f"posts: rows read = {self.rows_read} = {len(self.posts)} processed + "
                f"{self.rejected_rows} rejected")


def validate_posts(post_id: npt.NDArray[Any], account_code: I64, time: npt.NDArray[Any],
                   as_of: dt.date, *, account_text: npt.NDArray[Any] | None = None,
                   ok: B | None = None, first_row: int = 1) -> tuple[B, list[Reject]]:
    """Vectorised checks of posts: known account, not after ``as_of``, unique post id.

    ``account_code`` is -1 for an account not in the registry. A duplicate post id keeps its
    first valid occurrence and rejects the others, naming the first row. Returns the mask of
    accepted rows and the rejects (row numbers from ``first_row``).
    """
    n = len(post_id)
    good = np.ones(n, dtype=np.bool_) if ok is None else ok.copy()
    rejects: list[Reject] = []
    unknown = good & (account_code < 0)
    for i in np.flatnonzero(unknown):
        value = "" if account_text is None else str(account_text[i])
        rejects.append(Reject(int(i) + first_row, "account_id",
                              "unknown account: not in the account registry", value))
    good &= ~unknown
    limit = np.datetime64(as_of + dt.timedelta(days=1), "s")
    t = time.astype("datetime64[s]")
    future = good & (t >= limit)
    for i in np.flatnonzero(future):
        rejects.append(Reject(int(i) + first_row, "published_at",
                              f"time in the future: after the assessment date {as_of}",
                              str(t[i]).replace("T", " ")))
    good &= ~future
    idx = np.flatnonzero(good)
    if len(idx):
        ids = post_id[idx]
        order = np.argsort(ids)
        sorted_ids = ids[order]
        repeat = np.zeros(len(order), dtype=np.bool_)
        repeat[1:] = sorted_ids[1:] == sorted_ids[:-1]
        if repeat.any():
            # only the (few) groups of equal ids: the first row of each is kept
            in_group = repeat.copy()
            in_group[:-1] |= repeat[1:]
            sel = np.flatnonzero(in_group)
            rows = idx[order[sel]]
            starts = np.flatnonzero(~repeat[sel])
            gid = np.cumsum(~repeat[sel]) - 1
            first = np.minimum.reduceat(rows, starts)[gid]
            dup = rows != first
            for i, f in zip(rows[dup], first[dup], strict=True):
                rejects.append(Reject(int(i) + first_row, "post_id",
                                      f"duplicate post id (first at row {int(f) + first_row})",
                                      str(post_id[i])))
            good[rows[dup]] = False
    return good, rejects


def _parse_times(text: npt.NDArray[Any], ok: B, first_row: int
                 ) -> tuple[npt.NDArray[np.datetime64], list[Reject]]:
    out = np.full(len(text), np.datetime64("NaT"), dtype="datetime64[s]")
    rejects: list[Reject] = []
    rows = np.flatnonzero(ok)
    try:  # the common case, all well-formed: one vectorised conversion
        values = np.array([str(t).strip() for t in text[rows]], dtype="datetime64[s]")
        if len(values) == 0 or (not np.isnat(values).any() and all(
                len(str(t).strip()) >= 10 for t in text[rows])):
            out[rows] = values
            return out, rejects
    except ValueError:
        pass
    for i in rows:
        raw = str(text[i]).strip()
        value: Any
        try:
            value = np.datetime64(raw.replace("/", "-"), "s")
        except ValueError:
            value = np.datetime64("NaT", "s")
        if np.isnat(value) or len(raw) < 10:
            rejects.append(Reject(int(i) + first_row, "published_at",
                                  "not a time: expected YYYY-MM-DD HH:MM[:SS] or YYYY-MM-DD", raw))
            ok[i] = False
        else:
            out[i] = value
    return out, rejects


def prepare_posts(header: Sequence[str], rows: Sequence[Sequence[Any]],
                  account_index: Mapping[str, int], as_of: dt.date) -> ReadPosts:
    """Type and check a posts table against the account registry (``account_id -> code``).

    Every row ends up either in the returned columns or in the rejects, with row, field and
    reason: a malformed value, an unknown account, a time after ``as_of``, a duplicate post id.
    """
    coerced = coerce_columns(header, rows, POST_COLUMNS)
    ok = coerced.ok.copy()
    cols = coerced.columns
    times, time_rejects = _parse_times(cols["published_at"], ok, 1)
    accounts = cols["account_id"]
    codes = np.array([account_index.get(a, -1) for a in accounts], dtype=np.int64)
    good, rejects = validate_posts(cols["post_id"], codes, times, as_of,
                                   account_text=accounts, ok=ok)
    everything = tuple(sorted([*coerced.rejects, *time_rejects, *rejects]))
    days = times[good].astype("datetime64[D]").astype(np.int64)
    posts = PostColumns(codes[good], days, cols["original"][good].astype(np.bool_),
                        cols["reads"][good].astype(np.int64))
    return ReadPosts(posts, len(rows), everything, np.flatnonzero(good) + 1)
