"""The same inputs as CSV, GBK CSV, XLSX, Parquet, JSON lines, pandas, polars and pyarrow give
identical results, for the main job (assess) and the cleanup; and fuzzed inputs never raise
anything but the input errors."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zwxmt.activity.model import MonthGrid
from zwxmt.cleanup.pipeline import run_cleanup
from zwxmt.cleanup.results import Measures
from zwxmt.errors import InputError
from zwxmt.examples import example_file, example_regions
from zwxmt.pipeline import run_main_job
from zwxmt.table import write_jsonl, write_parquet, write_xlsx

AS_OF = dt.date(2026, 10, 31)
KEEP = ("LY-MAIN-WECHAT", "LY-MARKET-WECHAT", "LY-EDU-WECHAT")


def _table(name: str, keep: Callable[[dict[str, str]], bool]) -> pa.Table:
    with open(example_file(name), encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if keep(r)]
    return pa.table({k: [r[k] for r in rows] for k in rows[0]})


@pytest.fixture(scope="module")
def inputs() -> dict[str, pa.Table]:
    return {
        "accounts": _table("accounts.csv", lambda r: r["account_id"] in KEEP),
        "metrics": _table("monthly_metrics.csv",
                          lambda r: r["account_id"] in KEEP and r["period"] >= "2026-04"),
        "posts": _table("posts.csv", lambda r: r["account_id"] in KEEP
                        and r["published_at"] >= "2026-04"),
        "events": _table("account_events.csv", lambda r: r["account_id"] in KEEP),
    }


def _as(fmt: str, table: pa.Table, folder: Path, name: str) -> Any:
    """``table`` as the format ``fmt``: a file of it, or the in-memory object."""
    if fmt == "pyarrow":
        return table
    if fmt == "pandas":
        return table.to_pandas()
    if fmt == "polars":
        import polars as pl

        return pl.from_arrow(table)
    path = folder / f"{name}.{ {'gbk': 'csv', 'jsonl': 'jsonl'}.get(fmt, fmt) }"
    if fmt == "csv":
        pacsv.write_csv(table, path)
    elif fmt == "gbk":
        with open(path, "w", encoding="gbk", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(table.column_names)
            w.writerows(zip(*(c.to_pylist() for c in table.columns), strict=True))
    elif fmt == "xlsx":
        write_xlsx(table, path)
    elif fmt == "parquet":
        write_parquet(table, path)
    elif fmt == "jsonl":
        write_jsonl(table, path)
    return path


FORMATS = ("csv", "gbk", "xlsx", "parquet", "jsonl", "pandas", "polars", "pyarrow")


def _job(inputs: dict[str, pa.Table], fmt: str, folder: Path) -> tuple[Any, ...]:
    folder.mkdir(exist_ok=True)
    src = {k: _as(fmt, t, folder, k) for k, t in inputs.items()}
    job = run_main_job(src["accounts"], src["metrics"], example_regions(), AS_OF,
                       posts=src["posts"], events=src["events"], first_month="2026-04")
    return (job.scores.to_arrow(include_subscores=False), job.activity.to_arrow(),
            Measures(job.cleanup).to_arrow(), [c.line() for c in job.counts])


@pytest.mark.parametrize("fmt", FORMATS[1:])
def test_assess_gives_the_same_results_in_every_format(inputs: dict[str, pa.Table], fmt: str,
                                                      tmp_path: Path) -> None:
    base = _job(inputs, "csv", tmp_path / "csv")
    other = _job(inputs, fmt, tmp_path / fmt)
    for a, b in zip(base[:3], other[:3], strict=True):
        assert a.equals(b)
    assert base[3] == other[3]


def test_cleanup_gives_the_same_results_in_every_format(inputs: dict[str, pa.Table],
                                                        tmp_path: Path) -> None:
    outs = []
    for fmt in FORMATS:
        folder = tmp_path / fmt
        folder.mkdir()
        src = {k: _as(fmt, t, folder, k) for k, t in inputs.items() if k != "metrics"}
        run = run_cleanup(src["accounts"], example_regions(), AS_OF, posts=src["posts"],
                          events=src["events"], first_month="2026-04")
        outs.append((Measures(run).to_arrow(), run.activity.to_arrow() if run.activity else None,
                     run.summary_lines()))
    for other in outs[1:]:
        assert outs[0][0].equals(other[0]) and outs[0][1].equals(other[1])
        assert outs[0][2] == other[2]


# --- fuzz: any cells, never an uncaught exception ---------------------------------------------

_CELLS = st.one_of(
    st.none(), st.text(max_size=12), st.integers(-(10**20), 10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["", "1e19", "1e308", "-1", "20261001", "1" + "0" * 30,
                     "2026-10-01 02:00+08:00", "2026-02-30", "是", "否", "wechat", "公众号",
                     "=cmd|' /C calc'!A0", "330825", "LY-MAIN-WECHAT", "2026-10"]))


def _fuzzed(base: pa.Table, data: Any) -> dict[str, list[Any]]:
    cols = {k: base.column(k).to_pylist()[:4] for k in base.column_names}
    for k in data.draw(st.lists(st.sampled_from(list(cols)), max_size=4, unique=True)):
        cols[k] = data.draw(st.lists(_CELLS, min_size=len(cols[k]), max_size=len(cols[k])))
    return cols


_FUZZ = settings(max_examples=100, deadline=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture,
                                        HealthCheck.too_slow])


@_FUZZ
@given(st.data())
def test_fuzzed_posts_never_raise(inputs: dict[str, pa.Table], data: Any) -> None:
    from zwxmt.activity.posts import read_activity

    posts = _fuzzed(inputs["posts"], data)
    try:
        got = read_activity(posts, inputs["accounts"].column("account_id").combine_chunks(),
                            [0, 0, 0], MonthGrid.between("2026-04", AS_OF), gap_days=14)
    except InputError:
        return
    assert got.counts.read == got.counts.used + got.counts.rejected


@_FUZZ
@given(st.data())
def test_fuzzed_cleanup_inputs_never_raise(inputs: dict[str, pa.Table], data: Any) -> None:
    accounts = _fuzzed(inputs["accounts"], data)
    events = _fuzzed(inputs["events"], data)
    try:
        run = run_cleanup(accounts, example_regions(), AS_OF, events=events,
                          first_month="2026-04")
    except InputError:
        return
    for c in run.counts:
        assert c.read == c.processed + c.rejected


@_FUZZ
@given(st.data())
def test_fuzzed_assess_never_raises(inputs: dict[str, pa.Table], data: Any) -> None:
    accounts = _fuzzed(inputs["accounts"], data)
    metrics = _fuzzed(inputs["metrics"], data)
    posts = _fuzzed(inputs["posts"], data)
    try:
        job = run_main_job(accounts, metrics, example_regions(), AS_OF, posts=posts,
                           first_month="2026-04")
    except InputError:
        return
    for c in job.counts:
        assert c.read == c.processed + c.rejected


def test_results_are_tables_keyed_by_their_identity_columns(inputs: dict[str, pa.Table]) -> None:
    import pandas as pd
    import polars as pl

    from zwxmt.cleanup.results import CriteriaFindings, Inventory

    job = run_main_job(inputs["accounts"], inputs["metrics"], example_regions(), AS_OF,
                       posts=inputs["posts"], events=inputs["events"], first_month="2026-04")
    results = {
        "activity": (job.activity, ("account_id", "period")),
        "gaps": (job.activity.gaps, ("account_id", "start")),
        "measures": (Measures(job.cleanup), ("account_id",)),
        "inventory": (Inventory(job.cleanup), ("account_id",)),
        "findings": (CriteriaFindings(job.cleanup), ("account_id", "criterion")),
        "failures": (job.failures, ()),
    }
    for name, (result, key) in results.items():
        table = result.to_arrow()
        assert table.column_names[:len(key)] == list(key), name
        assert isinstance(result.to_pandas(), pd.DataFrame) if hasattr(result, "to_pandas") \
            else True
        assert pa.table(result).equals(table) if hasattr(result, "__arrow_c_stream__") \
            else True
        if hasattr(result, "to_polars"):
            assert isinstance(result.to_polars(), pl.DataFrame)
    act = job.activity.to_pandas()
    assert set(act["period"]) == {f"2026-{m:02d}" for m in range(4, 11)}
    assert len(act) == 3 * 7
    by = act.set_index(["account_id", "period"])
    assert by.loc[("LY-MAIN-WECHAT", "2026-10"), "posts"] == job.activity.posts[
        job.prepared.index["LY-MAIN-WECHAT"], -1]
    findings = CriteriaFindings(job.cleanup).to_arrow()
    assert findings.num_rows == 3 * len(job.cleanup.findings.results)
