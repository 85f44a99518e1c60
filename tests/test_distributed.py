"""The assessment partitioned (zwxmt.distributed): bit for bit the single-process results.

On a local Dask cluster of 2 worker processes, three partitionings (at random, by month, by
county) give the single-process account results (scores, ranks, province averages), region
results and averages exactly; a hypothesis property folds the partial states of random
partitionings of random data in random order (in process, no cluster); the province averages
and region results no longer move when the rows are shuffled.
"""

from __future__ import annotations

import functools
import random
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.distributed_data import metrics_table
from zwxmt.distributed import passes
from zwxmt.errors import InputError
from zwxmt.scoring import score

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

KEYS = ["account_id", "period"]


def _sorted(table: pa.Table) -> pa.Table:
    return table.sort_by([(k, "ascending") for k in KEYS])


def _same(a: pa.Table, b: pa.Table) -> None:
    """Equal column for column; floats compared by their bits (NaN/null included)."""
    assert a.column_names == b.column_names
    assert a.num_rows == b.num_rows
    for name in a.column_names:
        x, y = a.column(name).combine_chunks(), b.column(name).combine_chunks()
        if pa.types.is_floating(x.type):
            xn = x.to_numpy(zero_copy_only=False)
            yn = y.to_numpy(zero_copy_only=False)
            assert np.array_equal(xn.view(np.int64), yn.view(np.int64)), name
            assert x.is_null().equals(y.is_null()), name
        else:  # pandas round trips give large_string: compare the values
            assert x.cast(y.type).equals(y), name


def _fold(parts: list[Any], rnd: random.Random) -> Any:
    """Merge partial states in a random order and grouping (merge is associative)."""
    items = list(parts)
    while len(items) > 1:
        i = rnd.randrange(len(items) - 1)
        items[i:i + 2] = [passes.merge(items[i], items[i + 1])]
    return items[0]


def run_in_process(tables: list[pa.Table], rnd: random.Random) -> tuple[pa.Table, Any, Any]:
    """The passes of the Dask driver, run here: account results, regions, averages."""
    got = [passes.read_part(t) for t in tables]
    geometry = _fold([passes.geometry_part(g) for g in got], rnd)
    frames = [passes.recode_part(g, geometry) for g in got]
    maxima = _fold([passes.maxima_part(f) for f in frames], rnd)
    from zwxmt.scoring.engine import resolve_section
    from zwxmt.scoring.peers import PeerStatistics

    section, name = resolve_section(None)
    bare = PeerStatistics.from_maxima(name, maxima, geometry.accounts,
                                      section.conversion.growth_lag_months.value)
    baseline = _fold([passes.baseline_part(f, bare) for f in frames], rnd)
    peers = passes.province_peers(maxima, baseline, geometry)
    results = [passes.score_part(f, peers) for f in frames]
    sums = _fold([passes.sums_part(r, geometry) for r in results], rnd)
    accounts = pa.concat_tables([passes.accounts_part(r, sums, geometry)
                                 for r in results if len(r)])
    return accounts, passes.region_results(sums, geometry), passes.average_results(sums)


@functools.cache
def _province() -> tuple[pa.Table, pa.Table, pa.Table, pa.Table]:
    table = metrics_table(60, seed=11)
    single = score(table)
    return (table, _sorted(single.to_arrow()), single.regions().to_arrow(),
            single.province_platform_averages().to_arrow())


def _partitionings(table: pa.Table) -> dict[str, Any]:
    df = table.to_pandas()
    return {
        "random": dd.from_pandas(df.sample(frac=1.0, random_state=5), npartitions=5),
        "month": dd.from_pandas(df.sort_values("period", kind="stable"), npartitions=4),
        "county": dd.from_pandas(df.sort_values("county", kind="stable"), npartitions=3),
    }


@pytest.mark.parametrize("how", ["random", "month", "county"])
def test_dask_scores_equal_one_process_bit_for_bit(client: Any, how: str) -> None:
    from zwxmt.distributed import score as dscore

    table, accounts, regions, averages = _province()
    out = dscore(_partitionings(table)[how])
    got = pa.Table.from_pandas(out.accounts.compute(), preserve_index=False)
    _same(_sorted(got), accounts)
    _same(out.regions.to_arrow(), regions)
    _same(out.averages.to_arrow(), averages)
    for kind in ("quarter", "year"):
        _same(out.period_regions(kind).to_arrow(),
              score(table).aggregate(kind).regions().to_arrow())
    assert out.counts.read == out.counts.used == table.num_rows
    # ranks and averages are the province's, not the partition's
    assert got.column("province_platform_accounts").to_numpy().max() > table.num_rows / 5 / 14


def test_dask_writes_parquet_datasets(client: Any, tmp_path: Path) -> None:
    from zwxmt.distributed import score as dscore

    table, accounts, regions, _ = _province()
    out = dscore(_partitionings(table)["county"])
    where = out.write_parquet(tmp_path / "scores")
    got = pq.read_table(where / "accounts")
    _same(_sorted(got.select(accounts.column_names)), accounts)
    _same(pq.read_table(where / "regions.parquet"), regions)
    assert not list(where.rglob("*.tmp"))


def test_rejected_rows_are_counted_per_partition(client: Any) -> None:
    from zwxmt.distributed import score as dscore

    table = metrics_table(20, seed=2)
    df = table.to_pandas()
    df.loc[3, "posts"] = -1.0  # out of range: refused with its reason
    out = dscore(dd.from_pandas(df, npartitions=2))
    assert (out.counts.read, out.counts.rejected) == (df.shape[0], 1)
    failures = out.failures.compute()
    assert list(failures["column"]) == ["posts"]
    single = score(df)
    _same(_sorted(pa.Table.from_pandas(out.accounts.compute(), preserve_index=False)),
          _sorted(single.to_arrow()))


def test_an_account_month_in_two_partitions_is_refused() -> None:
    table = metrics_table(5, n_months=2, seed=1)
    with pytest.raises(InputError, match="more than one partition"):
        run_in_process([table, table.slice(0, 1)], random.Random(0))


@settings(max_examples=12, deadline=None)
@given(n_accounts=st.integers(1, 25), n_months=st.integers(1, 15), seed=st.integers(0, 99),
       n_parts=st.integers(1, 6), data=st.data())
def test_any_partitioning_in_any_merge_order_is_bit_identical(
        n_accounts: int, n_months: int, seed: int, n_parts: int, data: Any) -> None:
    table = metrics_table(n_accounts, n_months, seed, veto_rate=0.1)
    assign = np.array(data.draw(st.lists(st.integers(0, n_parts - 1), min_size=table.num_rows,
                                         max_size=table.num_rows)))
    parts = [table.filter(pa.array(assign == k)) for k in range(n_parts)]
    rnd = random.Random(data.draw(st.integers(0, 2**32)))
    accounts, regions, averages = run_in_process(parts, rnd)
    single = score(table)
    _same(_sorted(accounts), _sorted(single.to_arrow()))
    _same(regions.to_arrow(), single.regions().to_arrow())
    _same(averages.to_arrow(), single.province_platform_averages().to_arrow())


def test_shuffled_rows_move_no_average_or_region_bit() -> None:
    table = metrics_table(200, n_months=3, seed=4, counties=3, cities=1)
    base = score(table)
    for k in range(5):
        order = np.random.default_rng(k).permutation(table.num_rows)
        shuffled = score(table.take(pa.array(order)))
        _same(shuffled.province_platform_averages().to_arrow(),
              base.province_platform_averages().to_arrow())
        _same(shuffled.regions().to_arrow(), base.regions().to_arrow())
