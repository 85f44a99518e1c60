"""The synthetic province on a local Dask cluster vs one process (issue #14).

20,000 accounts × 24 months of metrics (480,000 rows) and 10,000,000 posts
(:mod:`benchmarks.synth`), written once as Parquet datasets of ``--partitions`` files each
(the posts split by account, as offices export them; the metrics at random) plus one file of
each for the single process. Each side runs in a fresh child process, file to file:

- one process: ``zwxmt.scoring.score`` (with region results, ranks, averages, written to
  Parquet) and ``zwxmt.activity.posts.read_activity`` (streamed);
- Dask: a ``LocalCluster(n_workers=2, processes=True, threads_per_worker=1)``;
  ``zwxmt.distributed.score`` (account results written to a Parquet dataset by the workers)
  and ``zwxmt.distributed.activity`` over ``dd.read_parquet`` of the datasets.

Prints the times, their ratio, the peak RSS of the single process and of each Dask worker
(``ru_maxrss`` read on the workers), the largest partition, and whether the region results,
averages and activity are bit-identical. Not a pytest test.

Run: ``python benchmarks/bench_distributed.py [--accounts N] [--posts N] [--partitions P]
[--dir DIR]`` (``--small``: 2,000 accounts, 1,000,000 posts).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import POSTS_SCHEMA, accounts_table, metrics_table, posts_batches

COMMON = """
import datetime as dt, json, resource, sys, time
import numpy as np, pyarrow as pa, pyarrow.compute as pc, pyarrow.parquet as pq
from zwxmt.activity.model import MonthGrid
folder = sys.argv[1]
acc = pq.read_table(folder + "/accounts.parquet", columns=["account_id", "opened_on"])
opened = pc.strptime(acc["opened_on"], format="%Y-%m-%d", unit="s").cast(pa.int64())
opened = opened.to_numpy() // 86400
registry = acc["account_id"].combine_chunks()
grid = MonthGrid.between("2024-11", dt.date(2026, 10, 31))
"""

SINGLE = COMMON + """
from zwxmt.activity.posts import read_activity
from zwxmt.scoring import score
t = time.perf_counter()
r = score(folder + "/metrics.parquet")
pq.write_table(r.to_arrow(), folder + "/out-single-accounts.parquet")
regions, averages = r.regions().to_arrow(), r.province_platform_averages().to_arrow()
t_score = time.perf_counter() - t
t = time.perf_counter()
a = read_activity(folder + "/posts.parquet", registry, opened, grid, gap_days=14)
t_act = time.perf_counter() - t
pq.write_table(regions, folder + "/single-regions.parquet")
pq.write_table(averages, folder + "/single-averages.parquet")
pq.write_table(a.activity.to_arrow(), folder + "/single-activity.parquet")
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"score": t_score, "activity": t_act, "rss": rss, "posts": a.counts.used}))
"""

DASK = COMMON + """
import dask.dataframe as dd
from distributed import Client, LocalCluster
import zwxmt.distributed as zd

def peak():
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

if __name__ == "__main__":
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                      dashboard_address=None, memory_limit=0) as cluster, Client(cluster) as c:
        base = c.run(peak)
        t = time.perf_counter()
        s = zd.score(dd.read_parquet(folder + "/metrics"))
        s.write_parquet(folder + "/out-dask")
        t_score = time.perf_counter() - t
        t = time.perf_counter()
        posts = dd.read_parquet(folder + "/posts")
        a = zd.activity(posts, registry, opened, grid, gap_days=14)
        t_act = time.perf_counter() - t
        workers = c.run(peak)
        same = {
            "regions": s.regions.to_arrow().equals(
                pq.read_table(folder + "/single-regions.parquet")),
            "averages": s.averages.to_arrow().equals(
                pq.read_table(folder + "/single-averages.parquet")),
            "activity": a.activity.to_arrow().equals(
                pq.read_table(folder + "/single-activity.parquet")),
        }
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps({"score": t_score, "activity": t_act, "workers": list(workers.values()),
                          "idle": list(base.values()), "driver": rss, "same": same,
                          "posts": a.counts.used, "partitions": posts.npartitions}))
"""


def ensure_data(folder: Path, n_accounts: int, n_posts: int, parts: int, seed: int = 7) -> dict:
    stamp = folder / "bench.json"
    want = {"accounts": n_accounts, "posts": n_posts, "partitions": parts, "seed": seed}
    if stamp.exists() and json.loads(stamp.read_text()) == want:
        return want
    folder.mkdir(parents=True, exist_ok=True)
    accounts = accounts_table(n_accounts, seed)
    pq.write_table(accounts, folder / "accounts.parquet")
    metrics = metrics_table(accounts, seed)
    pq.write_table(metrics, folder / "metrics.parquet")
    (folder / "metrics").mkdir(exist_ok=True)
    order = np.random.default_rng(seed).permutation(metrics.num_rows)
    for i, rows in enumerate(np.array_split(order, parts)):
        pq.write_table(metrics.take(pa.array(rows)), folder / "metrics" / f"part-{i:03d}.parquet")
    (folder / "posts").mkdir(exist_ok=True)
    whole = pq.ParquetWriter(folder / "posts.parquet", POSTS_SCHEMA)
    per = -(-n_posts // parts)
    try:
        for i, batch in enumerate(posts_batches(accounts, n_posts, seed, per_batch=per)):
            whole.write_batch(batch)
            pq.write_table(pa.Table.from_batches([batch]),
                           folder / "posts" / f"part-{i:03d}.parquet")
    finally:
        whole.close()
    stamp.write_text(json.dumps(want))
    return want


def child(script: str, folder: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", script, str(folder)], capture_output=True,
                         text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(out.stderr[-4000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--accounts", type=int, default=20_000)
    p.add_argument("--posts", type=int, default=10_000_000)
    p.add_argument("--partitions", type=int, default=8)
    p.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "zwxmt-bench-dist")
    p.add_argument("--small", action="store_true")
    a = p.parse_args()
    if a.small:
        a.accounts, a.posts = 2_000, 1_000_000
    folder = a.dir / f"{a.accounts}-{a.posts}-{a.partitions}"
    ensure_data(folder, a.accounts, a.posts, a.partitions)
    part_mb = max(f.stat().st_size for f in (folder / "posts").iterdir()) / 2**20
    one = child(SINGLE, folder)
    dask = child(DASK, folder)
    t1 = one["score"] + one["activity"]
    t2 = dask["score"] + dask["activity"]
    print(f"synthetic province: {a.accounts:,} accounts x 24 months, {a.posts:,} posts, "
          f"{a.partitions} partitions (largest posts file {part_mb:.0f} MB)")
    print(f"one process : score {one['score']:.2f} s, activity {one['activity']:.2f} s, "
          f"total {t1:.2f} s, peak RSS {one['rss']:.0f} MB")
    print(f"Dask 2 wkrs : score {dask['score']:.2f} s, activity {dask['activity']:.2f} s, "
          f"total {t2:.2f} s; ratio Dask/one = {t2 / t1:.2f}")
    print("peak RSS per worker: " + ", ".join(f"{w:.0f} MB" for w in dask["workers"])
          + " (idle " + ", ".join(f"{w:.0f}" for w in dask["idle"])
          + f" MB); driver {dask['driver']:.0f} MB")
    print(f"bit-identical: {dask['same']}; posts used {dask['posts']:,} = {one['posts']:,}")


if __name__ == "__main__":
    main()
