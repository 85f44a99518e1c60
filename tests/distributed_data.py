"""A small synthetic province of metrics for the distributed tests (cities, counties, levels,
four platforms, vetoes, two years so 同比 finds baselines)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa

from zwxmt import months
from zwxmt.scoring import LEVELS, PLATFORMS

RAW_SHARES = (("reads_headline", 0.4), ("reads_max", 0.1), ("looks", 0.01),
              ("looks_headline", 0.004), ("looks_max", 0.001), ("likes", 0.02),
              ("likes_headline", 0.008), ("likes_max", 0.002), ("reposts", 0.005),
              ("comments", 0.003), ("shares", 0.006),
              ("shares_headline", 0.002), ("shares_max", 0.0006))
VETOES = ("veto_no_update_14d", "veto_major_negative_opinion", "veto_leak_incident",
          "veto_notified")


def metrics_table(n_accounts: int, n_months: int = 14, seed: int = 0, *,
                  counties: int = 6, cities: int = 3, veto_rate: float = 0.02) -> pa.Table:
    rng = np.random.default_rng(seed)
    first = months.month(2024, 11)
    n = n_accounts * n_months
    acc_platform = rng.integers(0, 4, n_accounts)
    acc_level = rng.choice(4, size=n_accounts, p=[0.05, 0.15, 0.5, 0.3])
    acc_county = rng.integers(0, counties, n_accounts)
    rows = np.repeat(np.arange(n_accounts), n_months)
    period = first + np.tile(np.arange(n_months), n_accounts)
    level = acc_level[rows]
    county = np.array([f"33{c % cities:02d}{c:02d}" for c in range(counties)])[acc_county[rows]]
    city = np.array([f"33{c:02d}00" for c in range(cities)])[acc_county[rows] % cities]
    posts = rng.integers(0, 60, n).astype(np.float64)
    reads = rng.integers(0, 200_000, n).astype(np.float64)
    cols: dict[str, Any] = {
        "account_id": np.array([f"A{i:05d}" for i in range(n_accounts)])[rows],
        "period": months.labels(period.astype(np.int32)),
        "platform": np.array(PLATFORMS)[acc_platform[rows]],
        "level": np.array(LEVELS)[level],
        "city": pa.array(np.where(level >= 1, city, None)),
        "county": pa.array(np.where(level >= 2, county, None)),
        "posts": posts,
        "original_posts": np.floor(posts * rng.random(n)),
        "posting_days": np.minimum(posts, rng.integers(0, 31, n)).astype(np.float64),
        "serious_errors": (rng.random(n) < 0.03).astype(np.float64),
        "general_errors": rng.integers(0, 3, n).astype(np.float64),
        "poor_responses": rng.integers(0, 2, n).astype(np.float64),
        "service_availability": rng.random(n),
        "coordination_rate": rng.random(n),
        "platform_misuse": (rng.random(n) < 0.05).astype(np.float64),
        "reads": reads,
    }
    for k, share in RAW_SHARES:
        cols[k] = np.floor(reads * share * rng.random(n))
    for v in VETOES:
        cols[v] = rng.random(n) < veto_rate
    return pa.table({k: v if isinstance(v, pa.Array) else pa.array(v) for k, v in cols.items()})
