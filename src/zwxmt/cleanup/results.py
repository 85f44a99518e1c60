"""The cleanup's results as tables (结果表): measures per account and the inventory form.

Each offers ``to_arrow()``, ``to_pandas()``, ``to_polars()`` and the Arrow C stream
(:class:`~zwxmt.table.TableResult`), keyed by ``account_id``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pyarrow as pa

from zwxmt.cleanup.inventory import inventory_table
from zwxmt.cleanup.pipeline import CleanupRun
from zwxmt.cleanup.recommend import Recommendation
from zwxmt.table import TableResult

__all__ = ["Inventory", "Measures", "measures_table"]


def measures_table(recommendations: Sequence[Recommendation]) -> pa.Table:
    """``account_id, measure, measure_zh, grounds`` (the criteria met, with their clauses)."""
    return pa.table({
        "account_id": pa.array([r.account_id for r in recommendations], pa.string()),
        "measure": pa.array([r.measure.value for r in recommendations], pa.string()),
        "measure_zh": pa.array([r.measure.zh for r in recommendations], pa.string()),
        "grounds": pa.array(["; ".join(f"{c.code} {c.cite}" for c in r.criteria)
                             for r in recommendations], pa.string()),
    })


@dataclass(frozen=True)
class Measures(TableResult):
    """The recommended measure (整改措施) of every account and its grounds."""

    run: CleanupRun

    def to_arrow(self) -> pa.Table:
        return measures_table(self.run.recommendations)


@dataclass(frozen=True)
class Inventory(TableResult):
    """The inventory form (排查及清理整合情况表, ``HN-A2``), English column names."""

    run: CleanupRun

    def to_arrow(self) -> pa.Table:
        cols, _ = inventory_table(self.run)
        order = ["account_id", *(k for k in cols if k != "account_id")]
        return pa.table({k: pa.array(list(cols[k])) for k in order})
