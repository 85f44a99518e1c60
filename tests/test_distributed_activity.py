"""Activity and cleanup partitioned (zwxmt.distributed): bit for bit the single-process run.

The example county's posts (9,494) and metrics on a local Dask cluster of 2 worker processes,
partitioned at random, by month and by account: the activity equals ``read_activity`` over the
whole file, and the cleanup on the merged activity and scores equals ``run_cleanup`` fed with
the single-process scores and averages, criterion for criterion.
"""

from __future__ import annotations

import datetime as dt
import functools
from importlib import resources
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zwxmt.activity.model import MonthGrid, day_number
from zwxmt.activity.posts import read_activity
from zwxmt.cleanup.pipeline import run_cleanup
from zwxmt.cleanup.results import CriteriaFindings, Measures
from zwxmt.examples import example_file, example_regions
from zwxmt.scoring import score

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

AS_OF = dt.date(2026, 10, 31)
FIRST = "2025-10"


def _text_csv(name: str) -> pa.Table:
    with resources.as_file(example_file(name)) as p:
        head = pacsv.read_csv(p, read_options=pacsv.ReadOptions(block_size=1 << 24))
        return pacsv.read_csv(p, convert_options=pacsv.ConvertOptions(
            column_types={c: pa.string() for c in head.column_names}))


@functools.cache
def _inputs() -> dict[str, pa.Table]:
    return {k: _text_csv(f"{k}.csv") for k in
            ("accounts", "posts", "monthly_metrics", "account_events", "cleanup_profiles")}


def _posts_partitions(posts: pa.Table) -> dict[str, Any]:
    df = posts.to_pandas()
    return {
        "random": dd.from_pandas(df.sample(frac=1.0, random_state=3), npartitions=4),
        "month": dd.from_pandas(df.sort_values("published_at", kind="stable"), npartitions=5),
        "account": dd.from_pandas(df.sort_values("account_id", kind="stable"), npartitions=3),
    }


def _registry() -> tuple[pa.Array, np.ndarray[Any, Any], MonthGrid]:
    from zwxmt.cleanup.pipeline import prepare_cleanup

    prepared = prepare_cleanup(_inputs()["accounts"], example_regions(), AS_OF,
                               first_month=FIRST)
    t = prepared.table
    return pa.array(t.account_id.astype(object), pa.string()), t.opened, prepared.grid


def _same(a: pa.Table, b: pa.Table) -> None:
    assert a.column_names == b.column_names
    for name in a.column_names:
        x, y = a.column(name).combine_chunks(), b.column(name).combine_chunks()
        if pa.types.is_floating(y.type):
            assert np.array_equal(x.to_numpy(zero_copy_only=False).view(np.int64),
                                  y.to_numpy(zero_copy_only=False).view(np.int64)), name
        else:
            assert x.cast(y.type).equals(y), name


@pytest.mark.parametrize("how", ["random", "month", "account"])
def test_activity_equals_one_process_bit_for_bit(client: Any, how: str) -> None:
    import zwxmt.distributed as zd

    registry, opened, grid = _registry()
    posts = _inputs()["posts"]
    single = read_activity(posts, registry, opened, grid, gap_days=14)
    got = zd.activity(_posts_partitions(posts)[how], registry, opened, grid, gap_days=14)
    _same(got.activity.to_arrow(), single.activity.to_arrow())
    _same(got.activity.gaps.to_arrow(), single.activity.gaps.to_arrow())
    assert got.counts == single.counts
    assert len(got.failures.compute()) == len(single.failures)


@pytest.mark.parametrize("how", ["random", "month", "account"])
def test_cleanup_on_merged_results_equals_one_process(client: Any, how: str) -> None:
    import zwxmt.distributed as zd

    i = _inputs()
    metrics = i["monthly_metrics"]
    single_scores = score(metrics)
    single = run_cleanup(i["accounts"], example_regions(), AS_OF, first_month=FIRST,
                         posts=i["posts"], events=i["account_events"],
                         profiles=i["cleanup_profiles"], scores=single_scores.to_arrow(),
                         averages=single_scores.province_platform_averages().cleanup_columns())
    mdf = metrics.to_pandas()
    parted = {"random": mdf.sample(frac=1.0, random_state=1),
              "month": mdf.sort_values("period", kind="stable"),
              "account": mdf.sort_values("account_id", kind="stable")}[how]
    scores = zd.score(dd.from_pandas(parted, npartitions=3))
    run = zd.cleanup(i["accounts"], example_regions(), AS_OF, first_month=FIRST,
                     posts=_posts_partitions(i["posts"])[how], scores=scores,
                     events=i["account_events"], profiles=i["cleanup_profiles"])
    _same(CriteriaFindings(run).to_arrow(), CriteriaFindings(single).to_arrow())
    _same(Measures(run).to_arrow(), Measures(single).to_arrow())
    assert [c.line() for c in run.counts] == [c.line() for c in single.counts]
    assert len(run.recommendations) == len(single.recommendations) > 0


@settings(max_examples=15, deadline=None)
@given(n_posts=st.integers(0, 300), n_parts=st.integers(1, 5), seed=st.integers(0, 10_000),
       data=st.data())
def test_activity_of_any_partitioning_in_any_merge_order(n_posts: int, n_parts: int, seed: int,
                                                         data: Any) -> None:
    """Random posts of three accounts (one opened during the grid), random partitions folded
    apart and merged in a random order: the activity of all the posts, bit for bit."""
    from zwxmt.distributed import activity_passes as act
    from zwxmt.distributed.passes import merge

    rng = np.random.default_rng(seed)
    grid = MonthGrid.between("2026-07", AS_OF)
    ids = pa.array(["A", "B", "C"])
    opened = np.array([day_number(dt.date(2020, 1, 1)), day_number(dt.date(2026, 8, 10)),
                       day_number(dt.date(2026, 6, 1))], dtype=np.int64)
    day = rng.integers(day_number(dt.date(2026, 5, 1)), day_number(AS_OF) + 1, n_posts)
    posts = pa.table({
        "post_id": [f"P{i}" for i in range(n_posts)],
        "account_id": pa.array(np.array(["A", "B", "C", "X"])[rng.integers(0, 4, n_posts)]),
        "published_at": pa.array(day * 86400 + 36000, pa.timestamp("s")),
        "original": pa.array(rng.random(n_posts) < 0.5),
        "reads": pa.array(rng.integers(0, 1000, n_posts)),
    })
    whole = read_activity(posts, ids, opened, grid, gap_days=14)
    assign = rng.integers(0, n_parts, n_posts)
    parts = [act.activity_part(posts.filter(pa.array(assign == k)), ids, opened, grid)
             for k in range(n_parts)]
    rnd = data.draw(st.randoms())
    while len(parts) > 1:
        i = rnd.randrange(len(parts) - 1)
        parts[i:i + 2] = [merge(parts[i], parts[i + 1])]
    got = act.finish_activity(parts[0], opened, grid, ids, gap_days=14)
    _same(got.to_arrow(), whole.activity.to_arrow())
    _same(got.gaps.to_arrow(), whole.activity.gaps.to_arrow())
    assert parts[0].counts == whole.counts
