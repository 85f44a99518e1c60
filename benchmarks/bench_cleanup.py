"""Benchmark of the cleanup area (targets of issue 5, figures in docs/performance.md).

1. Post-level activity: 10,000,000 posts over 100,000 accounts (13 months) to the activity per
   account and month, gaps included: target under 5 s.
2. The six criteria of ZJG-6.5.1 over 100,000 accounts x 24 months: target under 1 s (the
   peer statistics, computed once before, are timed apart; so are all 16 criteria).
3. Peak memory under 2 GB: the traced numpy/Python peak of each stage and the process's
   maximum resident set size.

Run: ``python benchmarks/bench_cleanup.py`` (``--small`` for a quick smoke run).
"""

from __future__ import annotations

import datetime as dt
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np

from zwxmt.activity.compute import MonthGrid, PostColumns, compute_activity
from zwxmt.cleanup.criteria import evaluate
from zwxmt.cleanup.history import Events, History, peer_stats
from zwxmt.cleanup.parameters import CleanupParams
from zwxmt.examples.cleanup_builders import make_accounts
from zwxmt.rulebook import load_rulebook

SIX = ("below_average", "notified_twice", "no_update_or_unrectified", "security_incident",
       "department_fans", "township_account")
AS_OF = dt.date(2026, 10, 31)


def timed(fn: Callable[[], Any], repeat: int = 3) -> tuple[float, float, Any]:
    """Best wall time of ``repeat`` runs and the traced memory peak (MB) of the last."""
    best = float("inf")
    out = None
    for _ in range(repeat):
        tracemalloc.start()
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return best, peak / 2**20, out


def bench_activity(n_accounts: int, n_posts: int) -> None:
    rng = np.random.default_rng(20261031)
    grid = MonthGrid.ending(AS_OF, 13)
    # Accounts post at different rates (a few very active, many occasional).
    weights = rng.pareto(1.5, n_accounts) + 0.05
    account = rng.choice(n_accounts, n_posts, p=weights / weights.sum()).astype(np.int64)
    day = rng.integers(grid.start, grid.as_of + 1, n_posts).astype(np.int64)
    posts = PostColumns(account, day, rng.random(n_posts) < 0.6,
                        rng.integers(0, 5000, n_posts).astype(np.int64))
    opened = rng.integers(grid.start - 3000, grid.as_of, n_accounts).astype(np.int64)

    t, peak, act = timed(lambda: compute_activity(posts, opened, grid, gap_days=14))
    print(f"activity: {n_posts:,} posts, {n_accounts:,} accounts x {grid.n} months: "
          f"{t:.2f} s (target < 5 s), traced peak {peak:,.0f} MB; "
          f"{len(act.gaps):,} gaps of 14+ days, {int(act.veto_no_update_14d.sum()):,} vetoes")
    # validation of posts is measured file to file: benchmarks/bench_activity_stream.py
    try:
        import pandas as pd
    except ImportError:
        print("  pandas not installed: comparison skipped")
        return
    frame = pd.DataFrame({"account": account, "day": day})

    def with_pandas() -> Any:
        month = frame["day"].values.astype("datetime64[D]").astype("datetime64[M]")
        return frame.assign(month=month).groupby(["account", "month"]).agg(
            posts=("day", "size"), days=("day", "nunique"))

    t, _, _ = timed(with_pandas, 1)
    print(f"  pandas groupby (posts and posting days only, no gaps): {t:.2f} s")


def bench_criteria(n_accounts: int, months: int) -> None:
    rng = np.random.default_rng(7)
    params = load_rulebook().section(CleanupParams)
    n = n_accounts
    counties = np.array([f"33{i:04d}" for i in range(90)], dtype=object)
    acc = make_accounts(
        n, platform=rng.choice(["wechat", "weibo", "toutiao", "douyin"], n),
        kind=rng.choice(["main", "department", "township"], n, p=[0.05, 0.75, 0.2]),
        county=counties[rng.integers(0, len(counties), n)],
        fans=rng.integers(0, 50_000, n), county_population=rng.integers(100_000, 1_500_000, n),
        region_population=rng.integers(5_000, 80_000, n),
        host_unit=np.array([f"U{i}" for i in rng.integers(0, n // 2, n)], dtype=object),
        opened=rng.integers(15_000, 20_700, n), operators=rng.integers(-1, 4, n))
    grid = MonthGrid.ending(AS_OF, months)
    shape = (n, months)
    total = rng.uniform(20, 95, shape)
    total[rng.random(shape) < 0.05] = np.nan
    history = History(acc, grid, total * 0.9, total, rng.integers(0, 60, shape),
                      rng.integers(0, 90_000, shape), (rng.random(shape) < 0.03).astype(np.int64),
                      np.tile(grid.end_days, (n, 1)), rng.integers(0, 250, n))
    n_ev = n * 2
    kinds = np.array(["notification", "exposure", "incident", "poor_interaction",
                      "closure_requested", "host_unit_changed"], dtype=object)
    ev_day = rng.integers(grid.start, grid.as_of + 1, n_ev)
    events = Events(rng.integers(0, n, n_ev), kinds[rng.integers(0, len(kinds), n_ev)], ev_day,
                    np.where(rng.random(n_ev) < 0.5, ev_day + rng.integers(0, 6, n_ev),
                             np.iinfo(np.int64).min))

    def peers() -> Any:
        return peer_stats(history, effect_index=params.effect_index.value,
                          same_type=params.same_type.value, rank_scope=params.rank_scope.value)

    t, peak, stats = timed(peers)
    print(f"criteria: {n:,} accounts x {months} months; peer statistics (first pass): "
          f"{t:.2f} s, traced peak {peak:,.0f} MB")
    t, peak, findings = timed(lambda: evaluate(history, events, stats, params, only=SIX))
    met = int(np.any(findings.met_matrix(), axis=1).sum())
    print(f"  the six criteria of ZJG-6.5.1: {t:.3f} s (target < 1 s), traced peak "
          f"{peak:,.0f} MB; {met:,} accounts meet one or more")
    t, peak, _ = timed(lambda: evaluate(history, events, stats, params))
    print(f"  all {len(params.enabled)} criteria of zhejiang: {t:.3f} s, traced peak "
          f"{peak:,.0f} MB")
    hn = load_rulebook("hengnan").section(CleanupParams)
    t, peak, _ = timed(lambda: evaluate(history, events, stats, hn))
    print(f"  the {len(hn.enabled)} criteria of hengnan (HN-4.1): {t:.3f} s, traced peak "
          f"{peak:,.0f} MB")


def main() -> None:
    small = "--small" in sys.argv
    print(f"numpy {np.__version__}, python {sys.version.split()[0]}")
    bench_activity(10_000 if small else 100_000, 100_000 if small else 10_000_000)
    bench_criteria(10_000 if small else 100_000, 24)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak resident memory: {rss:,.0f} MB (target < 2048 MB)")


if __name__ == "__main__":
    main()
