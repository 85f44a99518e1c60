"""Activity and cleanup partitioned (更新情况、清理整合): posts folded per partition, merged.

A partition of posts (any subset of the rows: by county, by month, at random) is validated and
folded into an :class:`~zwxmt.activity.state.ActivityState` over the registry's accounts and
the month grid (:func:`activity_part`); states merge exactly (sums add, day bits OR, anchors
take the later day), so :func:`~zwxmt.activity.state.finish` on the merged state gives the
activity of all the posts, bit for bit. The cleanup criteria are then evaluated per account
on the merged activity and the merged scores (:func:`cleanup_from`): its inputs are bounded by
accounts × months, not by posts. Engine-free: the Dask driver is :mod:`zwxmt.distributed.dask`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa

from zwxmt.activity.model import Activity, MonthGrid
from zwxmt.activity.posts import iter_posts
from zwxmt.activity.state import ActivityState, finish, fold
from zwxmt.activity.state import merge as merge_states
from zwxmt.arrays import I64
from zwxmt.cleanup.pipeline import CleanupRun, PreparedCleanup, SourceCount, finish_cleanup
from zwxmt.table.failures import Counts, Failures

__all__ = ["ActivityPart", "activity_part", "cleanup_from", "finish_activity",
           "posts_failures_part", "with_activity"]


@dataclass(frozen=True)
class ActivityPart:
    """The activity state of a partition's posts and its rows read = used + rejected."""

    state: ActivityState
    counts: Counts

    def merge(self, other: ActivityPart) -> ActivityPart:
        c, d = self.counts, other.counts
        return ActivityPart(merge_states(self.state, other.state),
                            Counts(c.read + d.read, c.used + d.used, c.rejected + d.rejected))


def _registry(registry: Any) -> pa.Array:
    if isinstance(registry, pa.Array):
        return registry
    return pa.array(np.asarray(registry, dtype=object), pa.string())


def activity_part(posts: Any, registry: Any, opened_day: I64, grid: MonthGrid, *,
                  name: str = "<partition>") -> ActivityPart:
    """Validate a partition of posts (pandas or Arrow) and fold it into a fresh state."""
    state = ActivityState.empty(opened_day, grid)
    read = used = rejected = 0
    for cols, counts, _failures, _notices, _src in iter_posts(
            posts, _registry(registry), grid.as_of_date, source_name=name):
        fold(state, cols)
        read, used, rejected = (read + counts.read, used + counts.used,
                                rejected + counts.rejected)
    return ActivityPart(state, Counts(read, used, rejected))


def posts_failures_part(posts: Any, registry: Any, grid: MonthGrid, index: int, *,
                        name: str = "<partition>") -> pa.Table:
    """The failure cases of a partition's posts, with its ``partition`` number."""
    parts = [f for _c, _n, f, _x, _s in iter_posts(posts, _registry(registry),
                                                   grid.as_of_date, source_name=name)]
    t = Failures.concat(parts).table
    return t.append_column("partition", pa.array([index] * t.num_rows, pa.int32()))


def finish_activity(part: ActivityPart | None, opened_day: I64, grid: MonthGrid,
                    registry: Any, *, gap_days: int) -> Activity:
    """The activity of the merged state (no posts at all: the empty state's)."""
    state = part.state if part is not None else ActivityState.empty(opened_day, grid)
    ids = np.asarray(_registry(registry).to_numpy(zero_copy_only=False), dtype=object)
    return finish(state, gap_days=gap_days).with_ids(ids)


def with_activity(prepared: PreparedCleanup, activity: Activity, counts: Counts,
                  failures: Failures) -> PreparedCleanup:
    """``prepared`` (read without posts) with the merged activity of the posts, their counts
    in the place ``prepare_cleanup`` gives them (after accounts and profiles) and failures."""
    before = [c for c in prepared.counts if c.name in ("accounts", "profiles")]
    after = [c for c in prepared.counts if c.name not in ("accounts", "profiles")]
    return dataclasses.replace(
        prepared, activity=activity,
        counts=(*before, SourceCount.of("posts", counts), *after),
        failures=Failures.concat([prepared.failures, failures]))


def cleanup_from(prepared: PreparedCleanup, *, scores: Any = None,
                 averages: Any = None) -> CleanupRun:
    """The cleanup criteria per account on the merged results: ``scores`` and ``averages``
    as tables (the account results and the province same-type averages)."""
    return finish_cleanup(prepared, scores=scores, averages=averages)


def as_of_of(grid: MonthGrid) -> dt.date:
    return grid.as_of_date
