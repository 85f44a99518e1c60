"""zwxmt.distributed: the assessment on a distributed engine (分布式计算), bit-identical to one run.

:func:`score` scores a Dask DataFrame of metrics partitioned any way (by county, by month, at
random): peer maxima, 同比 baselines, province same-type averages, rank counts and region sums
are computed per partition and merged exactly; :func:`activity` folds a Dask DataFrame of
posts per partition into activity states merged the same way, and :func:`cleanup` evaluates
the cleanup criteria per account on the merged results. The passes are engine-free
(:mod:`zwxmt.distributed.passes`, :mod:`zwxmt.distributed.activity_passes`), the same functions the
Spark recipe runs (``docs/distributed.md``). Dask is the optional extra ``zwxmt[dask]``;
``import zwxmt`` and this package import without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from zwxmt.distributed.dask import DistributedActivity, DistributedScore

__all__ = ["DistributedActivity", "DistributedScore", "activity", "cleanup", "score"]


def score(metrics: Any, rulebook: object = None, **options: Any) -> DistributedScore:
    """Score a Dask DataFrame of metrics (see :func:`zwxmt.distributed.dask.score`)."""
    from zwxmt.distributed.dask import score as dask_score

    return dask_score(metrics, rulebook, **options)


def activity(posts: Any, registry: Any, opened_day: Any, grid: Any, *,
             gap_days: int) -> DistributedActivity:
    """The activity of a Dask DataFrame of posts (see :func:`zwxmt.distributed.dask.activity`)."""
    from zwxmt.distributed.dask import activity as dask_activity

    return dask_activity(posts, registry, opened_day, grid, gap_days=gap_days)


def cleanup(accounts: Any, regions: Any, as_of: Any, **options: Any) -> Any:
    """The cleanup over Dask posts and scores (see :func:`zwxmt.distributed.dask.cleanup`)."""
    from zwxmt.distributed.dask import cleanup as dask_cleanup

    return dask_cleanup(accounts, regions, as_of, **options)


def __getattr__(name: str) -> Any:
    if name in ("DistributedScore", "DistributedActivity"):
        from zwxmt.distributed import dask as engine

        return getattr(engine, name)
    raise AttributeError(name)
