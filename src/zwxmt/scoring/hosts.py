"""Host-unit results (主办单位考核结果, ``ZJG-9.1``): one result per host unit and period.

``ZJG-9.1`` 考核对象: "地区主管单位和政务新媒体主办单位". Accounts are scored one by one
(``ZJG-9.2-T2``); a host unit with four accounts gets one result per period from its accounts'
results, by the method the rulebook names (``results.host_unit_aggregation``: ``mean``, the
mean of its accounts' indices and totals; ``max``, its best account's), and is ranked by total
within its county (competition rank at ``rank_resolution``, as accounts are).

The scoring frame does not carry host units; the account registry does, so the caller passes
each account's host unit (:func:`host_unit_results`). Everything is group arithmetic over
integer codes (``np.bincount``, ``np.maximum.at``) and one sort for the ranks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from zwxmt.arrays import F64
from zwxmt.exact import exact_group_sums
from zwxmt.rules import cite
from zwxmt.scoring.parameters import INDEXES
from zwxmt.scoring.periods import period_label
from zwxmt.scoring.result import ScoreResult
from zwxmt.table.convert import TableResult, table_from_columns

__all__ = ["HostUnitResults", "host_unit_results"]

RULE = cite("ZJG-9.1")


@dataclass(frozen=True)
class HostUnitResults(TableResult):
    """Columns: ``host_unit``, ``county``, ``period``, ``accounts``, ``vetoed_accounts``, the
    five ``*_index``, ``total`` and ``county_rank`` (1 = best in the county and period)."""

    columns: Mapping[str, npt.NDArray[Any]]
    method: str

    def __len__(self) -> int:
        return len(self.columns["host_unit"])

    def to_arrow(self) -> pa.Table:
        """The results as an Arrow table, keyed by host unit, county and period."""
        return table_from_columns(self.columns)

    def row(self, host_unit: str, period: str) -> dict[str, Any]:
        c = self.columns
        hit = np.flatnonzero((c["host_unit"] == host_unit) & (c["period"] == period))
        if hit.size == 0:
            raise KeyError(f"no result for host unit {host_unit!r} in {period}")
        i = int(hit[0])
        return {k: v[i].item() if isinstance(v[i], np.generic) else v[i] for k, v in c.items()}


def _lookup(keys: npt.NDArray[Any], table: npt.NDArray[Any]) -> npt.NDArray[np.int64]:
    """Position of each key in ``table`` (-1 if absent), by a sorted search."""
    t = np.asarray(table, dtype=np.str_)
    q = np.asarray(keys, dtype=np.str_)
    if t.size == 0:
        return np.full(q.shape[0], -1, dtype=np.int64)
    order = np.argsort(t, kind="stable")
    at = np.minimum(np.searchsorted(t[order], q), t.size - 1)
    out: npt.NDArray[np.int64] = np.where(t[order][at] == q, order[at], -1).astype(np.int64)
    return out


def _competition_rank(total: F64, group: npt.NDArray[np.int64], resolution: float
                      ) -> npt.NDArray[np.int64]:
    """Rank 1 = highest total within each group; totals equal at ``resolution`` tie."""
    key = np.rint(np.nan_to_num(total, nan=-1e9) / resolution).astype(np.int64)
    order = np.lexsort((-key, group))
    g, k = group[order], key[order]
    pos = np.arange(order.size)
    new_group = np.ones(order.size, dtype=np.bool_)
    new_group[1:] = g[1:] != g[:-1]
    new_value = new_group.copy()
    new_value[1:] |= k[1:] != k[:-1]
    start = np.maximum.accumulate(np.where(new_group, pos, 0))
    tie = np.maximum.accumulate(np.where(new_value, pos, 0))
    rank = np.empty(order.size, dtype=np.int64)
    rank[order] = tie - start + 1
    return rank


def _period_labels(result: ScoreResult, ordinals: npt.NDArray[np.int64]) -> npt.NDArray[Any]:
    """Labels of period ordinals, each distinct period formatted once."""
    uniq, inv = np.unique(ordinals, return_inverse=True)
    names = np.array([period_label(result.period_kind, int(p)) for p in uniq], dtype=np.str_)
    out: npt.NDArray[Any] = names[inv.reshape(-1)]
    return out


def host_unit_results(result: ScoreResult, account_ids: npt.NDArray[Any],
                      host_units: npt.NDArray[Any]) -> HostUnitResults:
    """Per host unit and period of ``result``; ``host_units[i]`` is ``account_ids[i]``'s.

    Rows of accounts without a host unit in the mapping are left out (the registry is the
    source of host units); a county or township account's county is its unit's county.
    """
    method = result.section.results.host_unit_aggregation.value
    acc = _lookup(result.account.labels, account_ids)[result.account.codes]
    known = acc >= 0
    rows = np.flatnonzero(known)
    hosts, host_of_row = np.unique(np.asarray(host_units, dtype=np.str_)[acc[rows]],
                                   return_inverse=True)
    host = host_of_row.reshape(-1).astype(np.int64)
    county = result.county.codes[rows].astype(np.int64)
    period = result.period[rows].astype(np.int64)
    p0 = int(period.min()) if rows.size else 0
    n_p = int(period.max()) - p0 + 1 if rows.size else 0
    n_c = max(len(result.county.labels), 1)
    key = ((host * n_c + county) * max(n_p, 1)) + (period - p0)
    uniq, first, inv = np.unique(key, return_index=True, return_inverse=True)
    inv = inv.reshape(-1)
    count = np.bincount(inv, minlength=uniq.size).astype(np.float64)

    def agg(x: F64) -> F64:
        v = x[rows]
        if method == "max":
            out = np.full(uniq.size, -np.inf)
            np.maximum.at(out, inv, np.where(np.isnan(v), -np.inf, v))
            out[np.isinf(out)] = np.nan
            return out
        ok = ~np.isnan(v)
        s = exact_group_sums(np.where(ok, v, 0.0), inv, uniq.size)  # row order free
        c = np.bincount(inv, weights=ok.astype(np.float64), minlength=uniq.size)
        m = np.full(uniq.size, np.nan)
        np.divide(s, c, out=m, where=c > 0)
        return m

    cols: dict[str, npt.NDArray[Any]] = {
        "host_unit": hosts[host[first]],
        "county": result.county.labels[county[first]],
        "period": _period_labels(result, period[first]),
        "accounts": count.astype(np.int64),
        "vetoed_accounts": np.bincount(inv, weights=(result.vetoes[rows] != 0).astype(
            np.float64), minlength=uniq.size).astype(np.int64),
    }
    for idx in INDEXES:
        cols[f"{idx}_index"] = agg(result.indices[idx])
    cols["total"] = agg(result.total)
    group = (county[first] * max(n_p, 1) + (period[first] - p0)).astype(np.int64)
    cols["county_rank"] = _competition_rank(
        cols["total"], group, result.section.results.rank_resolution.value)
    return HostUnitResults(cols, method)
