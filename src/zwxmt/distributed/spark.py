"""Spark recipe (Spark 引擎): the passes of :mod:`zwxmt.distributed.passes` over ``mapInArrow``.

Spark keeps no Python object between stages, so each pass re-reads its partition (Arrow record
batches, validated again: cheap next to the scoring) from the persisted input, computes its
partial state and emits it as one pickled binary cell; the driver collects and merges the
states (exact, associative: any order), then broadcasts the merged state to the next pass. The
last pass emits the partition's account results as Arrow batches. Partitions must be the same
in every pass: the input is persisted first (``DataFrame.persist``).

Requires pyspark (>= 3.3, for ``mapInArrow``) and Java; not a dependency of zwxmt.
"""

from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from zwxmt.distributed import passes
from zwxmt.errors import ZwxmtError
from zwxmt.scoring.inputs import Layer
from zwxmt.scoring.result import PlatformAverages, RegionResults
from zwxmt.table.failures import Counts, Failures

__all__ = ["SparkScore", "score", "spark_ddl"]

_SPARK_TYPES = {pa.string(): "string", pa.large_string(): "string", pa.float64(): "double",
                pa.int32(): "int", pa.int64(): "bigint", pa.bool_(): "boolean",
                pa.int8(): "tinyint", pa.int16(): "smallint"}


def spark_ddl(schema: pa.Schema) -> str:
    """A Spark DDL schema string for an Arrow schema of the types zwxmt writes."""
    try:
        return ", ".join(f"`{f.name}` {_SPARK_TYPES[f.type]}" for f in schema)
    except KeyError as exc:  # pragma: no cover - zwxmt writes only these types
        raise ZwxmtError(f"no Spark type for Arrow type {exc.args[0]}") from None


def _table(batches: Iterator[pa.RecordBatch]) -> pa.Table | None:
    got = list(batches)
    if not got:
        return None  # an empty partition
    return pa.Table.from_batches(got)


def _state_batch(state: Any) -> pa.RecordBatch:
    return pa.RecordBatch.from_pydict({"state": [pickle.dumps(state)]},
                                      schema=pa.schema([("state", pa.binary())]))


@dataclass(frozen=True)
class SparkScore:
    """The province's results: account results and failure cases as Spark DataFrames, region
    results and averages (small) on the driver, rows read = used + rejected."""

    accounts: Any  # pyspark.sql.DataFrame
    regions: RegionResults
    averages: PlatformAverages
    failures: Any  # pyspark.sql.DataFrame
    counts: Counts


def score(df: Any, rulebook: str | None = None, *, layer: Layer | None = None,
          as_of: dt.date | None = None) -> SparkScore:
    """Score a Spark DataFrame of metrics partitioned any way, bit for bit as one process."""
    from pyspark import TaskContext

    sc = df.sparkSession.sparkContext
    df = df.persist()

    def read(table: pa.Table) -> Any:
        return passes.read_part(table, rulebook, layer=layer, as_of=as_of)

    def states(fn: Callable[[pa.Table], Any]) -> list[Any]:
        def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
            table = _table(batches)
            if table is not None:
                yield _state_batch(fn(table))

        return [pickle.loads(r.state) for r in df.mapInArrow(run, "state binary").collect()]

    def fold(items: list[Any]) -> Any:
        out = None
        for item in items:
            out = passes.merge(out, item)
        return out

    first = states(lambda t: (passes.geometry_part(got := read(t)), got.counts))
    geometry = fold([g for g, _ in first])
    counts = Counts(*(sum(getattr(c, k) for _, c in first) for k in ("read", "used",
                                                                     "rejected")))
    if geometry is None:
        raise ZwxmtError("no row of the metrics was kept: nothing to score")
    geo = sc.broadcast(geometry)

    def frame(t: pa.Table) -> Any:
        return passes.recode_part(read(t), geo.value)

    maxima = fold(states(lambda t: passes.maxima_part(frame(t), rulebook)))
    from zwxmt.scoring.engine import resolve_section
    from zwxmt.scoring.peers import PeerStatistics

    section, name = resolve_section(rulebook)
    bare = sc.broadcast(PeerStatistics.from_maxima(
        name, maxima, geometry.accounts, section.conversion.growth_lag_months.value))
    baseline = fold(states(lambda t: passes.baseline_part(frame(t), bare.value, rulebook)))
    peers = sc.broadcast(passes.province_peers(maxima, baseline, geometry, rulebook))

    def scored(t: pa.Table) -> Any:
        return passes.score_part(frame(t), peers.value, rulebook)

    summed = states(lambda t: (passes.sums_part(r := scored(t), geo.value),
                               r.to_arrow().schema if len(r) else None))
    sums = fold([s for s, _ in summed])
    schema = next(s for _, s in summed if s is not None)
    total = sc.broadcast(sums)

    def accounts(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        table = _table(batches)
        if table is not None:
            r = scored(table)
            if len(r):
                yield from passes.accounts_part(r, total.value, geo.value).to_batches()

    def failures(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        table = _table(batches)
        if table is not None:
            t = read(table).failures.table
            ctx = TaskContext.get()
            part = ctx.partitionId() if ctx is not None else 0
            yield from t.append_column(
                "partition", pa.array([part] * t.num_rows, pa.int32())).to_batches()

    fail_schema = Failures.empty().table.schema.append(pa.field("partition", pa.int32()))
    return SparkScore(
        accounts=df.mapInArrow(accounts, spark_ddl(schema)),
        regions=passes.region_results(sums, geometry, rulebook),
        averages=passes.average_results(sums),
        failures=df.mapInArrow(failures, spark_ddl(fail_schema)),
        counts=counts)
