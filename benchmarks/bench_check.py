"""Benchmark of ``zwxmt check`` file to file, as the command line runs it (issue 11).

N accounts of the example county (copies of its registry rows under new ids), 40 posts each
over the last 13 months and one event in ten accounts, written as CSV; then
``zwxmt check --rulebook national-2019`` and ``--rulebook liaoning`` read, check and write the
verdicts. Figures go in docs/performance.md.

Run: ``python benchmarks/bench_check.py`` (``--small`` for a quick smoke run).
"""

from __future__ import annotations

import csv
import datetime as dt
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from zwxmt.cli import main
from zwxmt.examples import example_file, example_regions

AS_OF = dt.date(2026, 10, 31)


def write_inputs(folder: Path, n: int) -> dict[str, Path]:
    with open(str(example_file("accounts.csv")), encoding="utf-8-sig", newline="") as fh:
        header, *rows = list(csv.reader(fh))
    rng = np.random.default_rng(11)
    template = [rows[i % len(rows)] for i in range(n)]
    ids = [f"B{i:07d}" for i in range(n)]
    accounts = folder / "accounts.csv"
    with open(accounts, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        hosts = rng.integers(0, n // 2, n)
        for i, row in enumerate(template):
            row = list(row)
            row[0] = ids[i]
            row[header.index("platform_uid")] = f"uid{i}"
            row[header.index("host_unit_id")] = f"U{hosts[i]}"
            w.writerow(row)
    per = 40
    days = rng.integers(0, 395, n * per)
    posts = folder / "posts.csv"
    with open(posts, "w", encoding="utf-8", newline="") as fh:
        fh.write("post_id,account_id,published_at,original,reads\n")
        when = (np.datetime64(AS_OF) - days.astype("timedelta64[D]")).astype(str)
        acc = np.repeat(np.array(ids), per)
        fh.writelines(f"P{k},{acc[k]},{when[k]}T09:00:00,true,100\n" for k in range(n * per))
    events = folder / "events.csv"
    kinds = ["incident", "no_interaction", "filed", "host_unit_changed", "fan_buying"]
    with open(events, "w", encoding="utf-8", newline="") as fh:
        fh.write("account_id,event,date,rectified_on\n")
        for i in range(0, n, 10):
            fh.write(f"{ids[i]},{kinds[i % len(kinds)]},2026-09-{1 + i % 28:02d},\n")
    regions = folder / "regions.csv"
    with open(regions, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["code", "name", "level", "parent_code", "population", "census_year"])
        for r in example_regions().values():
            w.writerow([r.code, r.name, r.level.value, r.parent_code or "", r.population,
                        r.census_year])
    return {"accounts": accounts, "posts": posts, "events": events, "regions": regions}


def main_bench() -> None:
    n = 2_000 if "--small" in sys.argv else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        files = write_inputs(folder, n)
        print(f"inputs: {n:,} accounts, {n * 40:,} posts, {n // 10:,} events written in "
              f"{time.perf_counter() - t0:.1f} s")
        for book in ("national-2019", "liaoning"):
            out = folder / f"{book}.csv"
            t0 = time.perf_counter()
            code = main(["check", str(files["accounts"]), "--posts", str(files["posts"]),
                         "--events", str(files["events"]), "--rulebook", book, "--as-of",
                         AS_OF.isoformat(), "--regions", str(files["regions"]), "-o", str(out)])
            print(f"zwxmt check --rulebook {book}: {time.perf_counter() - t0:.2f} s "
                  f"(exit {code})")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak resident memory: {rss:,.0f} MB")


if __name__ == "__main__":
    main_bench()
