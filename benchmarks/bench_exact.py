"""Exact group sums (issue #14): one column of 1,000,000 scores into the region cells.

Scores the synthetic province of ``bench_scoring.py`` (1,000,000 account-periods) once, then
sums one index column into its (region cell, platform) groups, best of several runs each:
a float ``np.bincount`` (order-dependent), :class:`zwxmt.exact.SplitSums` (one process) and
:class:`zwxmt.exact.ExactSums` (a partition's mergeable state), rounded values included, and
checks that the two exact ones give the same bits. Not a pytest test.

Run: ``python benchmarks/bench_exact.py [rows]``.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_scoring import make_frame

from zwxmt.exact import ExactSums, SplitSums
from zwxmt.rulebook import load_rulebook
from zwxmt.scoring import ScoringSection, score


def best_ms(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times) * 1000


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    result = score(make_frame(n, load_rulebook().section(ScoringSection)))
    cells = result._cells()
    group, groups = cells.cell_platform, cells.size * 4
    count = cells.by_platform.reshape(-1)
    print(f"{n:,} scores into {groups:,} (region cell, platform) groups; best of 15 (digits: 5)")
    for name in ("operation", "health", "total"):
        x = result.total if name == "total" else result.indices[name]
        split = SplitSums.of(x, group, groups, count).values()
        same = np.array_equal(split.view(np.int64),
                              ExactSums.of(x, group, groups).values().view(np.int64))
        floats = best_ms(lambda x=x: np.bincount(group, weights=x, minlength=groups), 15)
        one = best_ms(lambda x=x: SplitSums.of(x, group, groups, count).values(), 15)
        digits = best_ms(lambda x=x: ExactSums.of(x, group, groups).values(), 5)
        print(f"  {name:10s} float bincount {floats:6.2f} ms   SplitSums {one:6.2f} ms"
              f"   ExactSums {digits:6.2f} ms   same bits: {same}")

if __name__ == "__main__":
    main()
