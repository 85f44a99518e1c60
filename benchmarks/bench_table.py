"""The table layer against plain pyarrow: read + validate and write a 1,000,000-row CSV.

Builds (untimed) a 1,000,000-row, 30-column raw-metrics CSV like an office export (ids,
platform and level in Chinese, month, 20 counts with some written "1,234", 2 rates, a date, a
time), then times, best of ``--repeat``:

* pyarrow: ``pyarrow.csv.read_csv`` with its own type inference (the floor), and
  ``pyarrow.csv.write_csv`` of that table;
* zwxmt: ``read_raw`` (every column as text), ``InputSchema.validate`` (read + parse + checks),
  the numeric columns alone, and ``write_table`` (CSV with BOM, formula-safe) of the result.

Prints each time and the ratio to pyarrow. ``--rows`` makes it smaller for a quick look.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pcsv

from zwxmt.table import Column, InputSchema, read_raw, write_table
from zwxmt.vocabulary import AdminLevel, Platform

COUNTS = [f"count_{i:02d}" for i in range(20)]
SCHEMA = InputSchema("bench_metrics", (
    Column("account_id", "账号ID", "text"),
    Column("platform", "平台", "enum", vocabulary=Platform),
    Column("level", "层级", "enum", vocabulary=AdminLevel),
    Column("period", "考核周期", "month"),
    Column("city", "所属地市", "text", required=False),
    Column("county", "所属县（市、区）", "text", required=False),
    *(Column(c, c, "count", required=False) for c in COUNTS),
    Column("rate_a", "比率A", "rate", required=False),
    Column("rate_b", "比率B", "rate", required=False),
    Column("opened", "开设日期", "date", required=False),
    Column("published_at", "发布时间", "datetime", required=False),
), key=("account_id", "platform", "period"))
NUMERIC = InputSchema("bench_numeric", tuple(
    Column(c, c, "count", required=False) for c in COUNTS))


def build(path: Path, rows: int, seed: int = 7) -> None:
    rng = np.random.default_rng(seed)
    ids = np.char.add("A", np.arange(rows).astype(str))
    platforms = np.array(["政务微信", "政务微博", "头条号", "抖音"])[rng.integers(0, 4, rows)]
    levels = np.array(["省级", "市", "县（市、区）", "乡镇（街道）"])[rng.integers(0, 4, rows)]
    cols: dict[str, Any] = {
        "账号ID": ids, "平台": platforms, "层级": levels,
        "考核周期": np.datetime_as_string(
            (np.datetime64("2024-01", "M") + rng.integers(0, 24, rows)), unit="M"),
        "所属地市": np.array(["杭州市", "衢州市", ""])[rng.integers(0, 3, rows)],
        "所属县（市、区）": np.array(["龙游县", "江山市", ""])[rng.integers(0, 3, rows)],
    }
    for c in COUNTS:
        vals = rng.integers(0, 200_000, rows)
        text = vals.astype(str)
        if c == "count_00":  # as a spreadsheet exports big numbers
            text = np.char.mod("%s", np.array([f"{v:,}" for v in vals[:1000]] + list(
                text[1000:])))
        cols[c] = text
    cols["比率A"] = np.round(rng.random(rows), 4).astype(str)
    cols["比率B"] = np.char.add((rng.integers(0, 101, rows)).astype(str), "%")
    cols["开设日期"] = np.datetime_as_string(
        np.datetime64("2012-01-01") + rng.integers(0, 4000, rows), unit="D")
    secs = np.datetime64("2024-01-01T00:00:00") + rng.integers(0, 86400 * 700, rows)
    cols["发布时间"] = np.char.replace(np.datetime_as_string(secs, unit="m"), "T", " ")
    pcsv.write_csv(pa.table(cols), path)


def best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times = []
    out = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "metrics.csv"
        t0 = time.perf_counter()
        build(src, args.rows)
        size = src.stat().st_size
        print(f"table layer: {args.rows:,} rows x 30 columns, {size / 2**20:.0f} MiB CSV "
              f"(built in {time.perf_counter() - t0:.1f} s)")
        numeric_src = Path(d) / "numeric.csv"
        pcsv.write_csv(pcsv.read_csv(src).select(COUNTS), numeric_src)

        t_pa, table = best(lambda: pcsv.read_csv(src), args.repeat)
        t_raw, _ = best(lambda: read_raw(src), args.repeat)
        as_of = dt.date(2026, 11, 29)
        t_val, v = best(lambda: SCHEMA.validate(src, as_of=as_of), args.repeat)
        assert v.counts.rejected == 0, v.failures.head_text()
        t_pa_num, _ = best(lambda: pcsv.read_csv(numeric_src), args.repeat)
        t_val_num, vn = best(lambda: NUMERIC.validate(numeric_src), args.repeat)
        assert vn.counts.rejected == 0
        out_pa = Path(d) / "pa.csv"
        out_z = Path(d) / "z.csv"
        t_w_pa, _ = best(lambda: pcsv.write_csv(table, out_pa), args.repeat)
        t_w_z, _ = best(lambda: write_table(v.table, out_z), args.repeat)
        t_w_pq, _ = best(lambda: write_table(v.table, Path(d) / "z.parquet"), args.repeat)

        rows = [
            ("pyarrow.csv.read_csv (type inference)", t_pa, None),
            ("zwxmt read_raw (all text)", t_raw, t_pa),
            ("zwxmt validate (read + parse + checks, 30 columns)", t_val, t_pa),
            ("pyarrow.csv.read_csv, 20 count columns", t_pa_num, None),
            ("zwxmt validate, 20 count columns", t_val_num, t_pa_num),
            ("pyarrow.csv.write_csv", t_w_pa, None),
            ("zwxmt write_table CSV (BOM, formula-safe, labels)", t_w_z, t_w_pa),
            ("zwxmt write_table Parquet", t_w_pq, None),
        ]
        for name, t, ref in rows:
            ratio = f"  {t / ref:5.2f}x pyarrow" if ref else ""
            print(f"  {name:<55} {t:7.3f} s{ratio}")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"  peak resident memory of the whole run: {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
