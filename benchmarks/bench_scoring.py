"""Benchmark: score 1,000,000 account-periods (raw metrics, four platforms, vetoes, ranks,
region results) and compare with the floor and with an idiomatic pandas implementation.

Prints, in one run: the time of zwxmt (best of several runs, inputs already in memory), the
floor (reading every input column once with ``np.sum``), their ratio (target < 15), the peak
memory of scoring (tracemalloc, target < 1 GB) and, if pandas is installed, the time of the
same work in pandas and the ratio. Targets from issue 3 / ZJG-9.2-T2. Not a pytest test.

Run: ``python benchmarks/bench_scoring.py [rows]``.
"""

from __future__ import annotations

import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np
import pyarrow as pa

from zwxmt import months
from zwxmt.rulebook import load_rulebook
from zwxmt.scoring import (
    LEVELS,
    PLATFORMS,
    ScoreResult,
    ScoringFrame,
    ScoringSection,
    frame_from_columns,
    score,
)

MONTHS = 24  # two years: the second year's rows find their 同比 baseline in the first
FIRST_MONTH = months.month(2024, 11)  # 2024-11 .. 2026-10
RAW = ("posts", "original_posts", "posting_days", "serious_errors", "general_errors",
       "poor_responses", "service_availability", "coordination_rate", "platform_misuse",
       "reads", "reads_headline", "reads_max", "looks", "looks_headline", "looks_max",
       "likes", "likes_headline", "likes_max", "reposts", "comments", "shares",
       "shares_headline", "shares_max")
VETOES = ("veto_no_update_14d", "veto_major_negative_opinion", "veto_leak_incident",
          "veto_notified")


def make_table(n: int, seed: int = 7) -> pa.Table:
    """A synthetic province: n account-periods over 24 months, 11 cities, 90 counties."""
    rng = np.random.default_rng(seed)
    n_accounts = max(1, -(-n // MONTHS))
    acc = np.arange(n_accounts)
    acc_platform = rng.choice(4, size=n_accounts, p=[0.55, 0.15, 0.1, 0.2]).astype(np.int8)
    acc_level = rng.choice(4, size=n_accounts, p=[0.02, 0.13, 0.6, 0.25]).astype(np.int8)
    acc_county = rng.integers(0, 90, size=n_accounts)
    acc_city = acc_county % 11
    labels = pa.array([f"A{i:07d}" for i in acc])
    rows = np.repeat(acc, MONTHS)[:n]
    period = (FIRST_MONTH + np.tile(np.arange(MONTHS), n_accounts)[:n]).astype(np.int32)
    level = acc_level[rows]
    county_codes = np.where(level >= 2, acc_county[rows] + 1, 0).astype(np.int32)
    city_codes = np.where(level >= 1, acc_city[rows] + 1, 0).astype(np.int32)
    county = pa.array([None] + [f"3301{i:02d}" for i in range(90)], pa.string())
    city = pa.array([None] + [f"33{i:02d}00" for i in range(1, 12)], pa.string())
    posts = rng.integers(0, 60, size=n).astype(np.float64)
    cols: dict[str, Any] = {
        "account_id": labels.take(pa.array(rows)),
        "period": pa.array(months.labels(period)),
        "platform": pa.array(np.array(PLATFORMS)[acc_platform[rows]]),
        "level": pa.array(np.array(LEVELS)[level]),
        "city": city.take(pa.array(city_codes)), "county": county.take(pa.array(county_codes)),
        "posts": posts,
        "original_posts": np.floor(posts * rng.random(n)),
        "posting_days": np.minimum(posts, rng.integers(0, 31, size=n)).astype(np.float64),
        "serious_errors": (rng.random(n) < 0.03).astype(np.float64),
        "general_errors": rng.integers(0, 3, size=n).astype(np.float64),
        "poor_responses": rng.integers(0, 2, size=n).astype(np.float64),
        "service_availability": rng.random(n),
        "coordination_rate": rng.random(n),
        "platform_misuse": (rng.random(n) < 0.05).astype(np.float64),
    }
    reads = rng.integers(0, 200_000, size=n).astype(np.float64)
    cols["reads"] = reads
    for k, share in (("reads_headline", 0.4), ("reads_max", 0.1), ("looks", 0.01),
                     ("looks_headline", 0.004), ("looks_max", 0.001), ("likes", 0.02),
                     ("likes_headline", 0.008), ("likes_max", 0.002), ("reposts", 0.005),
                     ("comments", 0.003), ("shares", 0.006), ("shares_headline", 0.002),
                     ("shares_max", 0.0006)):
        cols[k] = np.floor(reads * share * rng.random(n))
    for v in VETOES:
        cols[v] = rng.random(n) < 0.002
    return pa.table({k: v if isinstance(v, pa.Array) else pa.array(v) for k, v in cols.items()})


def make_frame(n: int, section: ScoringSection, seed: int = 7) -> ScoringFrame:
    """The synthetic province as a frame, validated as any input is (not timed)."""
    return frame_from_columns(make_table(n, seed), section, mode="raw")


def run_zwxmt(frame: ScoringFrame, threads: int = 1) -> ScoreResult:
    result = score(frame, threads=threads)
    result.ranks()
    result.regions()
    result.province_platform_averages()
    return result


def floor(frame: ScoringFrame) -> float:
    """Read every input column once (np.sum)."""
    total = 0.0
    for arr in (frame.account.codes, frame.period, frame.platform, frame.level,
                frame.city.codes, frame.county.codes, frame.vetoes, *frame.metrics.values()):
        total += float(np.sum(arr))
    return total


def best(fn: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """Best wall-clock and best CPU time (this process) of ``repeat`` runs.

    On a shared machine the wall clock includes time the process waited for a core; the CPU
    time (``time.process_time``) does not, so both are printed.
    """
    walls, cpus = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    return min(walls), min(cpus)


def pandas_version(frame: ScoringFrame, section: ScoringSection) -> Callable[[], Any] | None:
    """The same work, idiomatic pandas: groupby max/transform, merge for 同比, rank, groupby
    means per region. Returns a callable, or None without pandas."""
    try:
        import pandas as pd
    except ImportError:
        return None
    df = pd.DataFrame({k: v for k, v in frame.metrics.items() if k != "given_index"})
    df["account"] = frame.account.codes
    df["period"] = frame.period
    df["platform"] = pd.Categorical.from_codes(frame.platform, PLATFORMS)
    df["level"] = frame.level
    df["city"] = frame.city.codes
    df["county"] = frame.county.codes
    df["veto"] = frame.vetoes != 0
    s = section
    conv = s.conversion
    wci = s.formula_for("wechat")
    bci = s.formula_for("weibo")
    dci = s.formula_for("douyin")
    iw = {i: pd.Series({p: s.platforms[p].index_weights[i].value for p in PLATFORMS})  # type: ignore[index]
          for i in ("operation", "diligence", "health", "cluster", "growth")}
    sw = {sub: pd.Series({p: s.platforms[p].sub_weight(sub) for p in PLATFORMS})  # type: ignore[index]
          for sub in ("serious_errors_score", "service_score", "poor_response_score",
                      "general_errors_score")}
    targets = pd.Series({p: conv.posts_targets[p].value for p in PLATFORMS})  # type: ignore[index]

    def work() -> Any:
        d = df.copy()
        ln = np.log1p
        g0, g1, g2, g3 = wci.group_weights.value  # type: ignore[union-attr]
        tw = wci.term_weights.value  # type: ignore[union-attr]
        a, b, c = tw[0], tw[1], tw[2]
        e = tw[3] if len(tw) == 4 else 0.0
        n = d["posts"].where(d["posts"] > 0)
        per = 30.0

        def term(r: Any, z: Any, lk: Any, sh: Any, lw: float) -> Any:
            return a * ln(r) + b * ln(10 * z) + lw * ln(10 * lk) + e * ln(10 * sh)

        w = (g0 * term(d.reads / per, d.looks / per, d.likes / per, d.shares / per, c)
             + g1 * term((d.reads / n).fillna(0), (d.looks / n).fillna(0),
                         (d.likes / n).fillna(0), (d.shares / n).fillna(0), c)
             + g2 * term(d.reads_headline / per, d.looks_headline / per,
                         d.likes_headline / per, d.shares_headline / per, c)
             + g3 * term(d.reads_max, d.looks_max, d.likes_max, d.shares_max,
                         wci.peak_like_weight.value)) ** 2 * wci.scale.value  # type: ignore[union-attr]

        def bform(f: Any) -> Any:
            t0, t1, t2 = f.term_weights.value
            return (f.activity_weight.value * ln(d.posts) + f.spread_weight.value * (
                t0 * ln(d.reposts) + t1 * ln(d.comments) + t2 * ln(d.likes))) * f.scale.value

        raw = np.select([d.platform == "wechat", d.platform == "douyin"], [w, bform(dci)],
                        bform(bci))
        d["raw"] = raw
        peer = d.groupby(["period", "platform"], observed=True)["raw"].transform("max")
        d["op"] = (100 * d.raw / peer).clip(upper=100).fillna(0)
        tgt = d.platform.map(targets).astype(float)
        d["dil"] = (0.3 * (100 * d.posts / tgt).clip(upper=100)
                    + 0.4 * (100 * d.original_posts / n).fillna(0).clip(upper=100)
                    + 0.3 * (100 * d.posting_days / conv.posting_days_target.value).clip(
                        upper=100))
        plat = d.platform
        health = (plat.map(sw["serious_errors_score"]).astype(float)
                  * (100 - 50 * d.serious_errors).clip(lower=0)
                  + plat.map(sw["service_score"]).astype(float)
                  * (100 * d.service_availability).where(plat == "wechat", 0)
                  + plat.map(sw["poor_response_score"]).astype(float)
                  * (100 - 20 * d.poor_responses).clip(lower=0)
                  + plat.map(sw["general_errors_score"]).astype(float)
                  * (100 - 10 * d.general_errors).clip(lower=0))
        d["health"] = health.where(~d.veto, 0.0)
        d["cluster"] = 0.2 * 100 * d.coordination_rate + 0.8 * (
            100 - 25 * d.platform_misuse).clip(lower=0)
        last = d[["account", "period", "op", "dil"]].copy()
        last["period"] = last["period"] + 12
        d = d.merge(last, on=["account", "period"], how="left", suffixes=("", "_ly"))
        gop = (50 + 2.5 * (d.op - d.op_ly)).clip(0, 100).fillna(50)
        gdil = (50 + 2.5 * (d.dil - d.dil_ly)).clip(0, 100).fillna(50)
        d["growth"] = 0.6 * gop + 0.4 * gdil
        d["total"] = sum(d.platform.map(iw[i]).astype(float) * d[col] for i, col in
                         (("operation", "op"), ("diligence", "dil"), ("health", "health"),
                          ("cluster", "cluster"), ("growth", "growth")))
        d["rank_platform"] = d.groupby(["period", "platform"], observed=True)["total"].rank(
            ascending=False, method="min")
        county = d[d.level >= 2]
        d.loc[county.index, "rank_county"] = county.groupby(["period", "county"])[
            "total"].rank(ascending=False, method="min")
        means = []
        for keys in (["period"], ["period", "city"], ["period", "county"]):
            means.append(d.groupby(keys)[["op", "dil", "health", "cluster", "growth",
                                          "total"]].mean())
        d.groupby(["period", "platform"], observed=True)[["op", "total"]].mean()
        return d, means

    return work


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    section = load_rulebook().section(ScoringSection)
    frame = make_frame(n, section)
    columns = 7 + len(frame.metrics)
    run_zwxmt(frame)  # warm up (imports, caches)
    repeat = 9
    zw_wall, zw_cpu = best(lambda: run_zwxmt(frame), repeat)
    fl_wall, fl_cpu = best(lambda: floor(frame), repeat)
    tracemalloc.start()
    run_zwxmt(frame)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    shares = np.bincount(frame.platform, minlength=4) / n
    print(f"zwxmt scoring benchmark: {n:,} account-periods, {columns} input columns, "
          f"{MONTHS} months, platforms " + ", ".join(
              f"{p} {s:.0%}" for p, s in zip(PLATFORMS, shares, strict=True)))
    print(f"  best of {repeat}                    wall ms    cpu ms")
    print(f"  zwxmt score+ranks+regions : {zw_wall * 1000:8.1f}  {zw_cpu * 1000:8.1f}"
          "   (target < 500 ms)")
    print(f"  floor (np.sum each column): {fl_wall * 1000:8.1f}  {fl_cpu * 1000:8.1f}")
    print(f"  ratio to floor            : {zw_wall / fl_wall:8.1f}  {zw_cpu / fl_cpu:8.1f}"
          "   (target < 15)")
    t2_wall, t2_cpu = best(lambda: run_zwxmt(frame, threads=2), repeat)
    print(f"  zwxmt, threads=2          : {t2_wall * 1000:8.1f}  {t2_cpu * 1000:8.1f}"
          f"   (ratio to floor, wall: {t2_wall / fl_wall:.1f})")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"  peak memory while scoring : {peak / 2**20:8.1f} MiB (tracemalloc; target < 1024)")
    print(f"  process peak RSS so far   : {rss:8.1f} MiB (inputs included, before pandas)")
    work = pandas_version(frame, section)
    if work is None:
        print("  pandas                    : not installed, comparison skipped")
    else:
        pd_wall, pd_cpu = best(work, 2)
        print(f"  pandas, same work         : {pd_wall * 1000:8.1f}  {pd_cpu * 1000:8.1f}")
        print(f"  pandas / zwxmt            : {pd_wall / zw_wall:8.1f}x {pd_cpu / zw_cpu:7.1f}x")


if __name__ == "__main__":
    main()
