"""A synthetic province for the main-job benchmarks, deterministic with a seed.

Accounts spread over Zhejiang's real counties (the census table zwxmt ships), 24 months of raw
monthly metrics per account, and the posts of every account (exported as an office would: per
account, in time order), written as CSV (UTF-8) and Parquet. Posts are generated and written in
batches of accounts, so the generator stays small whatever the number of posts.

Run: ``python benchmarks/synth.py OUT_DIR [--accounts 20000] [--posts 10000000] [--seed 7]
[--formats csv,parquet] [--posts-only]``. Writes ``accounts``, ``metrics`` and ``posts`` files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from zwxmt.regions import zhejiang_regions

#: The assessment date of the synthetic province and its months (24, ending at AS_OF's month).
AS_OF = dt.date(2026, 10, 31)
MONTHS = 24
PLATFORMS = ("wechat", "weibo", "toutiao", "douyin")


def counties() -> np.ndarray:
    """Zhejiang's county-level codes (not the province, not a prefecture city's total)."""
    codes = [c for c in zhejiang_regions() if len(c) == 6 and not c.endswith("00")]
    return np.array(sorted(codes), dtype=object)


def month_labels() -> list[str]:
    last = (AS_OF.year - 1970) * 12 + AS_OF.month - 1
    return [str(m) for m in np.arange(last - MONTHS + 1, last + 1).astype("datetime64[M]")]


def accounts_table(n: int, seed: int) -> pa.Table:
    """The account registry (HN-A1 columns, as the example county's accounts.csv)."""
    rng = np.random.default_rng(seed)
    county = counties()[rng.integers(0, len(counties()), n)]
    platform = np.array(PLATFORMS, dtype=object)[rng.choice(4, n, p=[0.55, 0.15, 0.15, 0.15])]
    ids = np.array([f"SYN-{i:06d}" for i in range(n)], dtype=object)
    first = np.datetime64("2012-01-01").astype(np.int64)
    last = np.datetime64(AS_OF, "D").astype(np.int64) - 20
    # most accounts are old; a few opened during the months assessed
    opened = np.where(rng.random(n) < 0.95, rng.integers(first, last - 800, n),
                      rng.integers(last - 700, last, n)).astype("datetime64[D]")
    unit = np.array([f"U-{c}-{i % 97:03d}" for i, c in enumerate(county)], dtype=object)
    return pa.table({
        "account_id": ids,
        "name": np.array([f"政务号{i}" for i in range(n)], dtype=object),
        "platform": platform,
        "platform_uid": np.array([f"uid{i:08d}" for i in range(n)], dtype=object),
        "kind": np.full(n, "department", dtype=object),
        "level": np.full(n, "county", dtype=object),
        "host_unit_id": unit,
        "host_unit_name": np.array([f"单位{u}" for u in unit], dtype=object),
        "supervisor_unit_id": unit,
        "region_code": county,
        "county_code": county,
        "opened_on": opened.astype(str).astype(object),
        "certified": np.full(n, "true", dtype=object),
        "status": np.full(n, "normal", dtype=object),
        "operation_mode": np.full(n, "self_operated", dtype=object),
        "fans": rng.integers(100, 2_000_000, n),
        "functions": np.full(n, "发布、互动", dtype=object),
    })


METRIC_COUNTS = ("reads", "reads_headline", "reads_max", "looks", "looks_headline", "looks_max",
                 "likes", "likes_headline", "likes_max", "reposts", "comments")


def metrics_table(accounts: pa.Table, seed: int) -> pa.Table:
    """24 months of raw monthly metrics per account (docs/schema.md, raw layer)."""
    rng = np.random.default_rng(seed + 1)
    n = accounts.num_rows
    labels = month_labels()
    m = len(labels)
    rows = n * m
    rep = np.repeat
    ids = rep(accounts["account_id"].to_numpy(zero_copy_only=False), m)
    county = rep(accounts["county_code"].to_numpy(zero_copy_only=False), m)
    posts = rng.integers(0, 90, rows)
    original = (posts * rng.uniform(0.2, 1.0, rows)).astype(np.int64)
    cols: dict[str, Any] = {
        "account_id": ids,
        "platform": rep(accounts["platform"].to_numpy(zero_copy_only=False), m),
        "period": np.tile(np.array(labels, dtype=object), n),
        "level": np.full(rows, "county", dtype=object),
        "city": np.array([c[:4] + "00" for c in county], dtype=object),
        "county": county,
        "posts": posts,
        "original_posts": original,
        "posting_days": np.minimum(posts, rng.integers(0, 31, rows)),
        "serious_errors": (rng.random(rows) < 0.01).astype(np.int64),
        "general_errors": rng.poisson(0.1, rows),
        "poor_responses": rng.poisson(0.05, rows),
        "service_availability": np.round(rng.uniform(0.5, 1.0, rows), 2),
        "coordination_rate": np.round(rng.uniform(0.5, 1.0, rows), 2),
        "platform_misuse": np.zeros(rows, dtype=np.int64),
    }
    scale = rng.lognormal(8, 1.5, rows)
    for name in METRIC_COUNTS:
        cols[name] = (scale * rng.uniform(0.05, 1.0, rows)).astype(np.int64)
    for veto in ("veto_no_update_14d", "veto_major_negative_opinion", "veto_leak_incident",
                 "veto_notified"):
        cols[veto] = np.full(rows, "false", dtype=object)
    return pa.table(cols)


POSTS_SCHEMA = pa.schema([("post_id", pa.string()), ("account_id", pa.string()),
                          ("published_at", pa.timestamp("s")), ("original", pa.bool_()),
                          ("reads", pa.int64())])


def posts_batches(accounts: pa.Table, total: int, seed: int,
                  per_batch: int = 2_000_000) -> Iterator[pa.RecordBatch]:
    """``total`` posts of the accounts, account by account in time order, as record batches of
    about ``per_batch`` posts. Each account posts at its own rate and some fall silent for a
    while (the no-update runs of ZJG-9.2-T2-V1)."""
    rng = np.random.default_rng(seed + 2)
    n = accounts.num_rows
    ids = accounts["account_id"].to_numpy(zero_copy_only=False)
    opened = pc.strptime(accounts["opened_on"], format="%Y-%m-%d", unit="s").cast(
        pa.int64()).to_numpy() // 86400
    start = np.datetime64(month_labels()[0], "D").astype(np.int64)
    end = np.datetime64(AS_OF, "D").astype(np.int64)
    first = np.maximum(opened, start - 30)
    weight = rng.lognormal(0, 1, n) * (end - first + 1)
    counts = rng.multinomial(total, weight / weight.sum())
    step = max(1, int(n * per_batch / max(total, 1)))
    serial = 0
    for lo in range(0, n, step):
        hi = min(n, lo + step)
        k = counts[lo:hi]
        m = int(k.sum())
        acc = np.repeat(np.arange(lo, hi), k)
        f = first[acc]
        span = end - f + 1
        # silent spells: an account's posts squeezed out of a random window
        day = f + (rng.random(m) * span).astype(np.int64)
        quiet0 = f + (rng.random(hi - lo) * (end - start)).astype(np.int64)[acc - lo]
        quiet = (day >= quiet0) & (day < quiet0 + 20) & (rng.random(m) < 0.9)
        day[quiet] = np.maximum(f[quiet], quiet0[quiet] - 1 - rng.integers(0, 5, int(quiet.sum())))
        secs = day * 86400 + rng.integers(7 * 3600, 23 * 3600, m)
        order = np.lexsort((secs, acc))
        acc, secs = acc[order], secs[order]
        pid = pc.binary_join_element_wise(
            "P", pc.cast(pa.array(np.arange(serial, serial + m)), pa.string()), "")
        serial += m
        yield pa.record_batch([
            pid,
            pa.DictionaryArray.from_arrays(pa.array(acc - lo, pa.int32()),
                                           pa.array(ids[lo:hi], pa.string())).cast(pa.string()),
            pa.array(secs, pa.timestamp("s")),
            pa.array(rng.random(m) < 0.6),
            pa.array(rng.lognormal(6, 1.5, m).astype(np.int64)),
        ], schema=POSTS_SCHEMA)


def _csv_batch(batch: pa.RecordBatch) -> pa.RecordBatch:
    """Posts as an office's CSV has them: ``YYYY-MM-DD HH:MM`` and true/false."""
    times = pc.strftime(batch.column(2), format="%Y-%m-%d %H:%M")
    return pa.record_batch([batch.column(0), batch.column(1), times, batch.column(3),
                            batch.column(4)], names=POSTS_SCHEMA.names)


def write_posts(out: Path, accounts: pa.Table, total: int, seed: int,
                formats: tuple[str, ...]) -> None:
    writers: dict[str, Any] = {}
    try:
        for batch in posts_batches(accounts, total, seed):
            if "parquet" in formats:
                if "parquet" not in writers:
                    writers["parquet"] = pq.ParquetWriter(out / "posts.parquet", POSTS_SCHEMA)
                writers["parquet"].write_batch(batch)
            if "csv" in formats:
                cb = _csv_batch(batch)
                if "csv" not in writers:
                    writers["csv"] = pacsv.CSVWriter(out / "posts.csv", cb.schema)
                writers["csv"].write_batch(cb)
    finally:
        for w in writers.values():
            w.close()


def write_table(table: pa.Table, path: Path) -> None:
    if path.suffix == ".parquet":
        pq.write_table(table, path)
    else:
        pacsv.write_csv(table, path)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out", type=Path)
    p.add_argument("--accounts", type=int, default=20_000)
    p.add_argument("--posts", type=int, default=10_000_000)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--formats", default="csv,parquet")
    p.add_argument("--posts-only", action="store_true",
                   help="only the posts (and the accounts they need)")
    a = p.parse_args(argv)
    formats = tuple(a.formats.split(","))
    a.out.mkdir(parents=True, exist_ok=True)
    accounts = accounts_table(a.accounts, a.seed)
    for fmt in formats:
        ext = "parquet" if fmt == "parquet" else "csv"
        write_table(accounts, a.out / f"accounts.{ext}")
        if not a.posts_only:
            write_table(metrics_table(accounts, a.seed), a.out / f"metrics.{ext}")
    write_posts(a.out, accounts, a.posts, a.seed, formats)
    print(f"wrote {a.accounts:,} accounts, {a.posts:,} posts ({', '.join(formats)}) "
          f"to {a.out}, as of {AS_OF}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
