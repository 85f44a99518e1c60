"""zwxmt.distributed: the assessment on a distributed engine (分布式计算), bit-identical to one run.

:func:`score` scores a Dask DataFrame of metrics partitioned any way (by county, by month, at
random): peer maxima, 同比 baselines, province same-type averages, rank counts and region sums
are computed per partition and merged exactly (:mod:`zwxmt.distributed.passes`, engine-free,
also the functions of the Spark recipe in ``docs/distributed.md``). Dask is the optional extra
``zwxmt[dask]``; ``import zwxmt`` and this package import without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from zwxmt.distributed.dask import DistributedScore

__all__ = ["DistributedScore", "score"]


def score(metrics: Any, rulebook: object = None, **options: Any) -> DistributedScore:
    """Score a Dask DataFrame of metrics (see :func:`zwxmt.distributed.dask.score`)."""
    from zwxmt.distributed.dask import score as dask_score

    return dask_score(metrics, rulebook, **options)


def __getattr__(name: str) -> Any:
    if name == "DistributedScore":
        from zwxmt.distributed.dask import DistributedScore

        return DistributedScore
    raise AttributeError(name)
