"""Benchmark: ``zwxmt score`` file to file on a 1,000,000-row raw-metrics CSV (issue #9).

Generates a synthetic province (Zhejiang's 11 cities and 90 counties; about 21,700 accounts
of the four platforms of 表2 at every level, 46 months 2023-01..2026-10, with a few spellings
offices use: 公众号, 头条号, 县级, 是/否), runs ``zwxmt score IN.csv -o OUT.csv`` as a user does
(a subprocess: interpreter start, reading, validation, scoring, writing), and measures its wall
time and peak RSS (``resource.getrusage(RUSAGE_CHILDREN)``). In the same run it times the
floor: pyarrow reading that input CSV and writing a CSV of the result's size (the result file
read back and written again). Prints the ratio.

Acceptance (issue #9): ratio at most 4, peak RSS at most 1.5 GB. A script, not a test.

Run: ``python benchmarks/bench_score_file.py [rows] [--keep DIR]``.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pcsv

FIRST_YEAR, FIRST_MONTH, MONTHS = 2023, 1, 46  # 2023-01 .. 2026-10
PLATFORM_SPELLINGS = (("wechat", "公众号", "政务微信"), ("weibo", "微博"), ("toutiao", "头条号"),
                      ("douyin", "抖音"))
LEVEL_SPELLINGS = (("province", "省级"), ("city", "市级"), ("county", "县级", "区"),
                   ("township", "乡镇", "街道"))


def _pick(rng: np.random.Generator, codes: np.ndarray, spellings: tuple[tuple[str, ...], ...],
          other: float) -> pa.Array:
    """Each code's first spelling, or (with probability ``other``) another of its spellings."""
    k = max(len(s) for s in spellings)
    table = np.array([[s[min(j, len(s) - 1)] for j in range(k)] for s in spellings])
    alt = np.where(rng.random(codes.size) < other, rng.integers(1, k, codes.size), 0)
    return pa.array(table[codes, alt])


def make_input(path: Path, n: int, seed: int = 7) -> None:
    """Write the synthetic raw-metrics CSV of ``n`` rows."""
    rng = np.random.default_rng(seed)
    n_accounts = -(-n // MONTHS)
    platform = rng.choice(4, size=n_accounts, p=[0.45, 0.2, 0.15, 0.2])
    level = rng.choice(4, size=n_accounts, p=[0.03, 0.12, 0.55, 0.3])
    county_no = rng.integers(0, 90, size=n_accounts)
    city_no = county_no % 11
    acc = np.repeat(np.arange(n_accounts), MONTHS)[:n]
    month = np.tile(np.arange(MONTHS), n_accounts)[:n]
    lv = level[acc]
    pf = platform[acc]
    ym = FIRST_YEAR * 12 + FIRST_MONTH - 1 + month
    period = np.char.add(np.char.add((ym // 12).astype(str), "-"),
                         np.char.zfill((ym % 12 + 1).astype(str), 2))
    city_codes = np.array([f"33{i + 1:02d}00" for i in range(11)])
    county_codes = np.array([f"33{i % 11 + 1:02d}{i // 11 + 1:02d}" for i in range(90)])
    posts = rng.integers(0, 80, size=n)
    reads = rng.integers(0, 300_000, size=n)
    cols: dict[str, pa.Array] = {
        "account_id": pa.array(np.char.add("ZJ", np.char.zfill(acc.astype(str), 6))),
        "platform": _pick(rng, pf, PLATFORM_SPELLINGS, 0.1),
        "period": pa.array(period),
        "level": _pick(rng, lv, LEVEL_SPELLINGS, 0.1),
        "city": pa.array(np.where(lv >= 1, city_codes[city_no[acc]], "")),
        "county": pa.array(np.where(lv >= 2, county_codes[county_no[acc]], "")),
        "posts": pa.array(posts),
        "original_posts": pa.array(np.floor(posts * rng.random(n)).astype(np.int64)),
        "posting_days": pa.array(np.minimum(posts, rng.integers(0, 31, size=n))),
        "serious_errors": pa.array((rng.random(n) < 0.03).astype(np.int64)),
        "general_errors": pa.array(rng.integers(0, 3, size=n)),
        "poor_responses": pa.array(rng.integers(0, 2, size=n)),
        "service_availability": pa.array(np.round(rng.random(n), 3)),
        "coordination_rate": pa.array(np.round(rng.random(n), 3)),
        "platform_misuse": pa.array((rng.random(n) < 0.05).astype(np.int64)),
        "reads": pa.array(reads),
    }
    for name, share in (("reads_headline", 0.4), ("reads_max", 0.1), ("looks", 0.01),
                        ("looks_headline", 0.004), ("looks_max", 0.001), ("likes", 0.02),
                        ("likes_headline", 0.008), ("likes_max", 0.002), ("reposts", 0.005),
                        ("comments", 0.003), ("shares", 0.006), ("shares_headline", 0.002),
                        ("shares_max", 0.0006)):
        cols[name] = pa.array(np.floor(reads * share * rng.random(n)).astype(np.int64))
    yes_no = np.array(["false", "true", "否", "是"])
    for name in ("veto_no_update_14d", "veto_major_negative_opinion", "veto_leak_incident",
                 "veto_notified"):
        hit = (rng.random(n) < 0.002).astype(np.int64)
        cols[name] = pa.array(yes_no[hit + 2 * (rng.random(n) < 0.1)])
    pcsv.write_csv(pa.table(cols), path)


def run_cli(src: Path, out: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of ``zwxmt score src -o out`` in a subprocess."""
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "zwxmt.cli", "score", str(src), "-o", str(out)],
                          capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"zwxmt score failed ({proc.returncode}): {proc.stderr}")
    print("  zwxmt:", proc.stdout.strip())
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, peak_kb / 1024


def floor(src: Path, result: Path, scratch: Path) -> tuple[float, float]:
    """Seconds pyarrow takes to read ``src`` and to write a CSV of ``result``'s size."""
    table = pcsv.read_csv(result)
    t = time.perf_counter()
    pcsv.read_csv(src)
    read = time.perf_counter() - t
    t = time.perf_counter()
    pcsv.write_csv(table, scratch)
    write = time.perf_counter() - t
    return read, write


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--keep", help="write the files to this folder and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        src, out = folder / "metrics.csv", folder / "scores.csv"
        t = time.perf_counter()
        make_input(src, args.rows)
        print(f"input: {args.rows:,} rows, {src.stat().st_size / 1e6:.0f} MB "
              f"(generated in {time.perf_counter() - t:.1f} s)")
        wall, peak = run_cli(src, out)
        read, write = floor(src, out, folder / "floor.csv")
        base = read + write
        print(f"zwxmt score, file to file: {wall:.2f} s, peak RSS {peak:.0f} MB "
              f"(target <= 1536 MB)")
        print(f"floor (pyarrow): read {read:.2f} s + write {write:.2f} s "
              f"({out.stat().st_size / 1e6:.0f} MB) = {base:.2f} s")
        print(f"ratio zwxmt / floor: {wall / base:.2f} (target <= 4)")
        print(f"cpus: {os.cpu_count()}")


if __name__ == "__main__":
    main()
