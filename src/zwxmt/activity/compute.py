"""Post-level activity (更新情况): posts, originality, posting days and no-update gaps.

From a table of posts (account, published time, original or repost, reads) this computes, per
account and assessment month, the raw metrics that the 勤勉指数 (``ZJG-9.2-T2-diligence``) and the
veto ``ZJG-9.2-T2-V1`` (14天未更新) read, and the no-update runs that the cleanup criteria
``ZJG-6.5.1(3)`` (出现14天未更新情况2次) and ``ZJO-2.1`` (长期无更新的“僵尸”“休眠”账号) count.

What counts as "14天未更新" (see docs/assumptions.md, "Cleanup: no-update runs"):

- An *update day* is a calendar day with at least one post, original or repost, as the
  timestamps give it in Beijing time (a naive time is Beijing time; an aware one is converted
  to Asia/Shanghai before its date is taken). The day an account opened
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
from zwxmt.arrays import I64
from zwxmt.rules import cite

__all__ = [
    "ACTIVITY_COLUMNS",
    "NO_DAY",
    "Activity",
    "Gaps",
    "MonthGrid",
    "PostColumns",
    "compute_activity",
    "day_number",
    "from_day_number",
]

RULE_VETO = cite("ZJG-9.2-T2-V1")
RULE_TWICE = cite("ZJG-6.5.1(3)")


def compute_activity(posts: PostColumns, opened_day: I64, grid: MonthGrid, *,
                     gap_days: int) -> Activity:
    """Activity of every account (``opened_day[i]`` = opening day of account code ``i``).

    Posts must be validated (codes in range, no day after ``grid.as_of``; see
    :func:`zwxmt.activity.posts.read_activity`, which reads and validates them). Posts
    before the grid anchor the first run and the last post date.
    One batch of the streaming fold (:mod:`zwxmt.activity.state`).
    """
    state = fold(ActivityState.empty(opened_day, grid), posts)
    return finish(state, gap_days=gap_days)
