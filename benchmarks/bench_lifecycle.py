"""Benchmark: overdue obligations over 100,000 account histories (target < 2 s).

Builds 1,000 distinct valid histories by random walks through the lifecycle table, copies
them to 100,000 accounts, then times ``overdue(histories, on=...)`` end to end (flattening
the histories into columns included) and its two halves. Prints the figures; exits 1 if the
end-to-end time misses the target.

    python benchmarks/bench_lifecycle.py [N]
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections import Counter

import numpy as np

from zwxmt.lifecycle import History, history_columns, obligations, overdue
from zwxmt.lifecycle.scenarios import random_history

TARGET_SECONDS = 2.0


def build(n: int, distinct: int = 1_000, seed: int = 20261123) -> list[History]:
    rng = np.random.default_rng(seed)
    base = [
        random_history(rng, account_id=f"B{i:04d}",
                       start=dt.date(2024, 1, 2) + dt.timedelta(days=int(rng.integers(600))),
                       steps=int(rng.integers(4, 24)))
        for i in range(distinct)
    ]
    return [base[i % distinct].model_copy(update={"account_id": f"A{i:06d}"})
            for i in range(n)]


def best_of(runs: int, fn: object) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    on = dt.date(2026, 10, 20)
    t0 = time.perf_counter()
    histories = build(n)
    setup = time.perf_counter() - t0
    cols = history_columns(histories)
    late = overdue(histories, on=on)
    every = obligations(cols, on=on)
    end_to_end = best_of(3, lambda: overdue(histories, on=on))
    flatten = best_of(3, lambda: history_columns(histories))
    vectorised = best_of(3, lambda: overdue(cols, on=on))
    print(f"lifecycle overdue benchmark: {n:,} histories, {len(cols.event):,} events "
          f"(setup {setup:.1f} s, not timed)")
    print(f"  obligations found: {len(every):,} "
          f"({', '.join(f'{k} {v:,}' for k, v in sorted(Counter(every.status).items()))})")
    print(f"  overdue on {on}: {len(late):,} "
          f"({', '.join(f'{k} {v:,}' for k, v in sorted(Counter(late.kind).items()))})")
    print(f"  overdue(histories) end to end: {end_to_end:.3f} s (best of 3)")
    print(f"    of which history_columns (flatten): {flatten:.3f} s")
    print(f"    of which overdue(columns) (numpy):  {vectorised:.3f} s")
    ok = end_to_end < TARGET_SECONDS
    print(f"  target < {TARGET_SECONDS:.0f} s: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
