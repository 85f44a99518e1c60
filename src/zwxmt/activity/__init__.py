"""Activity (更新情况): posts → per account-month activity, below scoring and cleanup.

The main job computes it once and both the 勤勉指数 (``ZJG-9.2-T2-diligence``) with the veto
``ZJG-9.2-T2-V1`` and the cleanup criteria ``ZJG-6.5.1(3)`` / ``ZJO-2.1`` read it.
See :mod:`zwxmt.activity.compute` for what counts as an update and a no-update run, and
:mod:`zwxmt.activity.state` for the streaming fold (memory in accounts × days, not posts).
"""

from __future__ import annotations

from zwxmt.activity.compute import (
    ACTIVITY_COLUMNS,
    NO_DAY,
    Activity,
    Gaps,
    MonthGrid,
    PostColumns,
    compute_activity,
    day_number,
    from_day_number,
)
from zwxmt.activity.posts import POSTS, PostsRead, read_activity
from zwxmt.activity.state import ActivityState, finish, fold, merge

__all__ = [
    "ACTIVITY_COLUMNS",
    "NO_DAY",
    "POSTS",
    "Activity",
    "ActivityState",
    "Gaps",
    "MonthGrid",
    "PostColumns",
    "PostsRead",
    "compute_activity",
    "day_number",
    "finish",
    "fold",
    "from_day_number",
    "merge",
    "read_activity",
]
