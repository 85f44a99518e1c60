"""The cleanup's results as tables (结果表): measures per account and the inventory form.

Each offers ``to_arrow()``, ``to_pandas()``, ``to_polars()`` and the Arrow C stream
(:class:`~zwxmt.table.TableResult`), keyed by ``account_id``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from zwxmt.cleanup.inventory import inventory_table
from zwxmt.cleanup.pipeline import CleanupRun
from zwxmt.cleanup.recommend import Recommendation
from zwxmt.table import TableResult

__all__ = ["CriteriaFindings", "Inventory", "Measures", "measures_table"]


def measures_table(recommendations: Sequence[Recommendation]) -> pa.Table:
    """``account_id, measure, measure_zh, grounds`` (the criteria met, with their clauses) and
    ``not_evaluated`` (the criteria not evaluated for want of a value, and why)."""
    return pa.table({
        "account_id": pa.array([r.account_id for r in recommendations], pa.string()),
        "measure": pa.array([r.measure.value for r in recommendations], pa.string()),
        "measure_zh": pa.array([r.measure.zh for r in recommendations], pa.string()),
        "grounds": pa.array(["; ".join(f"{c.code} {c.cite}" for c in r.criteria)
                             for r in recommendations], pa.string()),
        "not_evaluated": pa.array(["; ".join(f"{n.code} {n.cite}: {n.reason}"
                                             for n in r.not_evaluated)
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


@dataclass(frozen=True)
class CriteriaFindings(TableResult):
    """Every exit criterion for every account (long: one row per account and criterion),
    keyed by ``account_id, criterion``: whether it holds, whether it is met after the one-year
    gate, and whether it could be evaluated with the data given."""

    run: CleanupRun

    def to_arrow(self) -> pa.Table:
        f = self.run.findings
        results = f.results
        n, k = len(f.account_ids), len(results)
        ids = np.asarray(f.account_ids, dtype=object).astype(str)
        return pa.table({
            "account_id": pa.array(np.repeat(ids, k), pa.string()),
            "criterion": pa.array(np.tile([r.code for r in results], n), pa.string()),
            "cite": pa.array(np.tile([r.cite for r in results], n), pa.string()),
            "measure": pa.array(np.tile([r.measure.value for r in results], n), pa.string()),
            "holds": pa.array(np.column_stack([r.holds for r in results]).ravel()
                              if k else np.zeros(0, bool)),
            "met": pa.array(f.met_matrix().ravel()),
            "evaluated": pa.array(np.tile([r.evaluated for r in results], n).astype(bool)),
        })
