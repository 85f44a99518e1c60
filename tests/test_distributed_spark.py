"""The Spark recipe (zwxmt.distributed.spark) on Spark's local mode: bit for bit one process.

Marked ``spark`` (deselected by ``make test``; ``make test-spark`` installs pyspark and runs
it; CI runs both). Two partitionings in one session (a Spark session costs seconds).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from typing import Any

import pyarrow as pa
import pytest

from tests.distributed_data import metrics_table
from zwxmt.scoring import score

pytestmark = pytest.mark.spark

pyspark_sql = pytest.importorskip("pyspark.sql")


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    os.environ["PYSPARK_PYTHON"] = sys.executable  # the workers import zwxmt from this env
    session = (pyspark_sql.SparkSession.builder.master("local[2]")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.shuffle.partitions", "4").getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _sorted(t: pa.Table) -> pa.Table:
    return t.sort_by([("account_id", "ascending"), ("period", "ascending")])


def test_spark_scores_equal_one_process_bit_for_bit(spark: Any) -> None:
    from zwxmt.distributed import spark as zspark

    table = metrics_table(40, seed=11)
    single = score(table)
    expected = _sorted(single.to_arrow())
    df = spark.createDataFrame(table.to_pandas())
    for parted in (df.repartition(5), df.repartition(3, "period")):
        out = zspark.score(parted)
        got = _sorted(pa.Table.from_pandas(out.accounts.toPandas(), preserve_index=False))
        assert got.column_names == expected.column_names
        for name in expected.column_names:
            x, y = got.column(name).combine_chunks(), expected.column(name).combine_chunks()
            assert x.cast(y.type).equals(y), name
        assert out.regions.to_arrow().equals(single.regions().to_arrow())
        assert out.averages.to_arrow().equals(single.province_platform_averages().to_arrow())
        assert out.counts.read == out.counts.used == table.num_rows
        assert out.failures.count() == 0
