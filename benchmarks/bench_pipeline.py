"""Benchmark of the main job (zwxmt.pipeline; figures in docs/performance.md, "Main job").

1. The example county end to end (files read, activity, review audit, scoring, cleanup):
   ``make demo`` must stay within a couple of seconds; target under 1.5 s for the job.
2. Scaling: the example's accounts, posts and monthly metrics copied ``COPIES`` times under new
   account ids (no review logs), to see the job grow with the data: target linear.

Run: ``python benchmarks/bench_pipeline.py`` (``--small`` for a quick smoke run).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
import time
from collections.abc import Callable
from typing import Any

from zwxmt.examples import example_file, example_regions
from zwxmt.examples.job import example_job
from zwxmt.pipeline import run_main_job

Rows = tuple[list[str], list[list[str]]]

AS_OF = dt.date(2026, 10, 31)


def best_of(fn: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def _rows(name: str) -> Rows:
    data = list(csv.reader(io.StringIO(example_file(name).read_text(encoding="utf-8"))))
    return data[0], data[1:]


def copies(n: int) -> tuple[Rows, Rows, Rows]:
    """Accounts, metrics and posts of ``n`` copies of the example county (ids suffixed)."""
    acc, met, posts = _rows("accounts.csv"), _rows("monthly_metrics.csv"), _rows("posts.csv")

    def copy(rows: Rows, cols: tuple[int, ...]) -> Rows:
        out = []
        for k in range(n):
            for r in rows[1]:
                row = list(r)
                for c in cols:
                    row[c] = f"{row[c]}-{k}"
                out.append(row)
        return rows[0], out

    pid = posts[0].index("post_id")
    return copy(acc, (0,)), copy(met, (0,)), copy(posts, (pid, posts[0].index("account_id")))


def main() -> None:
    small = "--small" in sys.argv
    t, _ = best_of(lambda: example_job.__wrapped__(), 1 if small else 3)  # type: ignore[attr-defined]
    print(f"example county, end to end (31 accounts, 9,494 posts, 398 metrics rows, review "
          f"logs): {t:.3f} s (target < 1.5 s)")
    for n in ((1, 4) if small else (1, 10, 40)):
        acc, met, posts = copies(n)
        cols = [{h: [r[i] for r in t[1]] for i, h in enumerate(t[0])} for t in (acc, met, posts)]
        t, _ = best_of(lambda c=cols: run_main_job(
            c[0], c[1], example_regions(), AS_OF, posts=c[2]), 1 if small else 3)
        print(f"{n:>3} copies: {len(acc[1]):>6} accounts, {len(posts[1]):>9,} posts, "
              f"{len(met[1]):>6} metrics rows: {t:.3f} s "
              f"({t / len(posts[1]) * 1e6:.2f} µs per post)")


if __name__ == "__main__":
    main()
