"""100,000,000 posts from Parquet to activity, streamed (figures in docs/performance.md).

The posts of 20,000 accounts over 24 months (:func:`benchmarks.synth.posts_batches`) are
written once, batch by batch, to a Parquet file (kept between runs; the generator holds one
batch), then read by :func:`zwxmt.activity.posts.read_activity` in a fresh child process: record
batches validated on whole columns and folded into the per account-day state. Peak RSS is the
child's ``ru_maxrss``.

Acceptance (issue #9): peak RSS at most 2 GB; the time is reported.

Run: ``python benchmarks/bench_activity_stream.py [--posts N] [--dir DIR]``
(``--small``: 2,000,000 posts).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import POSTS_SCHEMA, accounts_table, posts_batches

CHILD = """
import datetime as dt, json, resource, sys, time
import numpy as np, pyarrow as pa, pyarrow.compute as pc, pyarrow.parquet as pq
from zwxmt.activity.model import MonthGrid
from zwxmt.activity.posts import read_activity
folder = sys.argv[1]
acc = pq.read_table(folder + "/accounts.parquet", columns=["account_id", "opened_on"])
opened = pc.strptime(acc["opened_on"], format="%Y-%m-%d", unit="s").cast(pa.int64())
opened = opened.to_numpy() // 86400
grid = MonthGrid.between("2024-11", dt.date(2026, 10, 31))
t = time.perf_counter()
r = read_activity(folder + "/posts.parquet", acc["account_id"].combine_chunks(), opened, grid,
                  gap_days=14)
t = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps([t, rss, r.counts.read, r.counts.used, int(r.activity.posts.sum())]))
"""


def ensure_posts(folder: Path, n_posts: int, n_accounts: int = 20_000, seed: int = 7) -> None:
    stamp = folder / "posts.json"
    want = {"posts": n_posts, "accounts": n_accounts, "seed": seed}
    if stamp.exists() and json.loads(stamp.read_text()) == want:
        return
    accounts = accounts_table(n_accounts, seed)
    pq.write_table(accounts, folder / "accounts.parquet")
    with pq.ParquetWriter(folder / "posts.parquet", POSTS_SCHEMA) as w:
        for batch in posts_batches(accounts, n_posts, seed):
            w.write_batch(batch)
    stamp.write_text(json.dumps(want))


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--posts", type=int, default=100_000_000)
    p.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "zwxmt-posts")
    p.add_argument("--small", action="store_true")
    a = p.parse_args()
    if a.small:
        a.posts = 2_000_000
        a.dir = a.dir.with_name(a.dir.name + "-small")
    a.dir.mkdir(parents=True, exist_ok=True)
    ensure_posts(a.dir, a.posts)
    out = subprocess.run([sys.executable, "-c", CHILD, str(a.dir)], check=True,
                         capture_output=True, text=True)
    t, mb, read, used, in_grid = json.loads(out.stdout.strip().splitlines()[-1])
    ok = "ok" if mb <= 2048 else "OVER"
    print(f"activity from Parquet, streamed: {read:,} posts read ({used:,} used, {in_grid:,} "
          f"in the 24 months), 20,000 accounts: {t:.1f} s ({t / max(read, 1) * 1e9:.0f} ns "
          f"per post), peak RSS {mb:.0f} MB (target <= 2048 MB: {ok})")


if __name__ == "__main__":
    main()
