"""Scoring results (考核结果): account indices, ranks, region results, quarters and years.

``ZJG-9.1`` (考核对象: "地区主管单位和政务新媒体主办单位"): accounts are ranked within their county
and among same-type (same platform) accounts of the province, and each county, city and the
province gets the five indices and the total, with the 一票否决 deduction of ``ZJG-9.2-T2-VD``
applied at the host unit's level. ``ZJG-9.2`` ("月度、季度、年度考核"): quarterly and yearly
results are formed from the months. Everything here is vectorised group arithmetic
(``np.bincount``) over integer group codes; ranks use stable radix sorts of 16-bit keys.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from zwxmt import display
from zwxmt.arrays import F64, I8, I32
from zwxmt.exact import exact_group_sums
from zwxmt.scoring.explain import Explanation, explain_row
from zwxmt.scoring.frame import LEVELS, Categorical
from zwxmt.scoring.parameters import INDEXES, PLATFORMS, SUBSCORES, ScoringSection
from zwxmt.scoring.periods import (
    PeriodKind,
    parse_period_label,
    period_label,
    period_labels,
    period_of,
)
from zwxmt.scoring.sums import (
    CellLayout,
    PlatformSums,
    RegionCells,
    cell_codes,
    cell_platform_codes,
    rank_key,
)
from zwxmt.table.convert import TableResult
from zwxmt.table.failures import Counts, Failures

if TYPE_CHECKING:
    from zwxmt.scoring.peers import PeerStatistics

__all__ = ["PlatformAverages", "Ranks", "RegionResults", "ScoreResult"]

_COUNTY_LEVELS = (LEVELS.index("county"), LEVELS.index("township"))
REGION_LEVELS: tuple[str, ...] = ("province", "city", "county")
#: The identity columns of an account result, in output order.
KEY_COLUMNS: tuple[str, ...] = ("account_id", "period", "platform", "level", "city", "county")


def _group_rank(key: npt.NDArray[np.uint16], levels: int, group: npt.NDArray[np.int64],
                n_groups: int, counts: npt.NDArray[np.int64]) -> I32:
    """Competition rank (1, 2, 2, 4) of ``key`` ascending within each group.

    Few cells (groups × key levels): a histogram per group, whose exclusive cumulative sum at
    a row's key counts the rows ranked before it. Otherwise the rows in (group, key) order
    (two 16-bit radix sorts, or one sort of packed int64 values (group, key, row number)):
    rank = start of the row's run of equal (group, key) − start of its group + 1.
    """
    n = key.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int32)
    if n_groups * levels <= 4 * n:
        cell = group * levels
        cell += key
        hist = np.bincount(cell, minlength=n_groups * levels)
        before = np.cumsum(hist)
        before -= hist
        # rows of the same group ranked before: subtract the rows of earlier groups
        before -= np.repeat(before[::levels].copy(), levels)
        before += 1
        rank: I32 = before.astype(np.int32)[cell]
        return rank
    row_bits = max(1, (n - 1).bit_length())
    key_bits = max(1, (levels - 1).bit_length())
    if levels <= 1 << 16 and n_groups <= 1 << 16:
        # two stable radix sorts of 16-bit codes (numpy sorts <= 16-bit integers by radix):
        # by key, then by group; about twice as fast as one sort of packed int64
        by_key = np.argsort(key, kind="stable")
        g_by_key = group.astype(np.uint16)[by_key]
        by_group = np.argsort(g_by_key, kind="stable")
        idx = by_key[by_group]
        k_sorted = key[idx]
        new_run = np.empty(n, dtype=np.bool_)
        new_run[0] = True
        np.not_equal(k_sorted[1:], k_sorted[:-1], out=new_run[1:])
        # the groups lie one after the other in code order: a run also starts with each group
        starts = (np.cumsum(counts) - counts).astype(np.int32)
        new_run[starts[counts > 0]] = True
        return _ranks_of_runs(idx, new_run, np.repeat(starts, counts))
    elif row_bits + key_bits + max(1, (n_groups - 1).bit_length()) <= 63:
        packed = group << (key_bits + row_bits)
        packed |= key.astype(np.int64) << row_bits
        packed |= np.arange(n, dtype=np.int64)
        packed.sort()
        idx = packed & ((1 << row_bits) - 1)
        packed >>= row_bits  # now (group, key)
        gk = packed
    else:  # pragma: no cover - more than 2**63 combinations
        idx = np.lexsort((key, group))
        gk = group[idx] * levels + key[idx]
    new_run = np.empty(n, dtype=np.bool_)
    new_run[0] = True
    np.not_equal(gk[1:], gk[:-1], out=new_run[1:])
    starts = (np.cumsum(counts) - counts).astype(np.int32)
    return _ranks_of_runs(idx, new_run, np.repeat(starts, counts))


def _ranks_of_runs(idx: npt.NDArray[np.int64], new_run: npt.NDArray[np.bool_],
                   g_start: I32) -> I32:
    """Rows in (group, key) order (``idx``), where each run of equal (group, key) starts
    (``new_run``) and where each row's group starts (``g_start``, sorted positions): the
    competition rank of every row, in the original order."""
    n = idx.shape[0]
    pos = np.arange(n, dtype=np.int32)
    pos *= new_run
    np.maximum.accumulate(pos, out=pos)
    pos -= g_start
    pos += 1
    out = np.empty(n, dtype=np.int32)
    out[idx] = pos
    return out


@dataclass(frozen=True)
class _Cells:
    """Region cells of a result's rows: per period, each county (its county and township
    accounts), each city's own accounts, and the provincial accounts."""

    layout: CellLayout
    cell: npt.NDArray[np.int64]
    cell_platform: npt.NDArray[np.int64]  # cell * 4 + platform
    by_platform: npt.NDArray[np.int64]  # rows per cell and platform

    @property
    def size(self) -> int:
        return self.layout.size

    @property
    def count(self) -> npt.NDArray[np.int64]:
        """Rows per cell."""
        out: npt.NDArray[np.int64] = self.by_platform.sum(axis=1)
        return out

    @classmethod
    def of(cls, result: ScoreResult) -> _Cells:
        n = len(result)
        p0 = int(result.period.min()) if n else 0
        n_per = int(result.period.max()) - p0 + 1 if n else 0
        layout = CellLayout(p0, n_per, len(result.city.labels), len(result.county.labels))
        cell = cell_codes(layout, result.period, result.level, result.city.codes,
                          result.county.codes)
        group = cell_platform_codes(cell, result.platform)
        by_platform = np.bincount(group, minlength=layout.size * len(PLATFORMS)).reshape(
            layout.size, len(PLATFORMS))
        return cls(layout, cell, group, by_platform)


def _text(labels: npt.NDArray[Any], codes: npt.NDArray[Any], *,
          blank_is_null: bool = False) -> pa.Array:
    """``labels[codes]`` as an Arrow text column: one ``take`` of the (few) labels."""
    names = pa.array(np.asarray(labels, dtype=np.str_), pa.string())
    if blank_is_null:
        names = pc.if_else(pc.equal(names, ""), None, names)
    return names.take(pa.array(np.asarray(codes, dtype=np.int32), pa.int32()))


def _float(x: npt.NDArray[Any]) -> pa.Array:
    """A float column; NaN (not applicable, not evaluated) becomes null."""
    x = np.asarray(x, dtype=np.float64)
    nan = np.isnan(x)
    return pa.array(x, pa.float64(), mask=nan if nan.any() else None)


def _period_text(kind: PeriodKind, ordinals: npt.NDArray[Any]) -> pa.Array:
    """Period labels as an Arrow text column: the labels of the (few) periods spanned, then
    one ``take``."""
    if ordinals.size == 0:
        return pa.array([], pa.string())
    lo = int(ordinals.min())
    names = pa.array([period_label(kind, o) for o in range(lo, int(ordinals.max()) + 1)],
                     pa.string())
    return names.take(pa.array(np.asarray(ordinals, dtype=np.int64) - lo))


def _table(columns: Mapping[str, npt.NDArray[Any] | pa.Array]) -> pa.Table:
    """An Arrow table of numpy or Arrow columns; floats' NaN becomes null, ``_``-prefixed
    (internal) columns are left out."""
    out: dict[str, pa.Array] = {}
    for name, col in columns.items():
        if name.startswith("_"):
            continue
        if isinstance(col, pa.Array | pa.ChunkedArray):
            out[name] = col
        elif col.dtype.kind == "f":
            out[name] = _float(col)
        elif col.dtype.kind in "US":
            out[name] = pa.array(col, pa.string())
        else:
            out[name] = pa.array(col)
    return pa.table(out)


@dataclass(frozen=True)
class Ranks(TableResult):
    """Per account-period: rank within the county (0 for provincial and city accounts) and
    among same-platform accounts of the province, with the size of each group.

    :meth:`to_arrow` gives them keyed by ``account_id`` and ``period``, in input order.
    """

    county_rank: I32
    province_platform_rank: I32
    county_group: npt.NDArray[np.int64]
    county_counts: npt.NDArray[np.int64]
    platform_group: npt.NDArray[np.int64]
    platform_counts: npt.NDArray[np.int64]
    result: ScoreResult | None = field(default=None, repr=False, compare=False)

    def to_arrow(self) -> pa.Table:
        """``account_id``, ``period``, ``platform``, the ranks and group sizes (input order)."""
        if self.result is None:
            raise ValueError("these ranks are not attached to a result")
        keys = self.result.key_columns(("account_id", "period", "platform"))
        order = self.result.input_order()
        cols = {"county_rank": self.county_rank, "county_accounts": self.county_accounts,
                "province_platform_rank": self.province_platform_rank,
                "province_platform_accounts": self.province_platform_accounts}
        return pa.table({**keys, **{k: pa.array(v[order]) for k, v in cols.items()}})

    @property
    def county_accounts(self) -> I32:
        """Accounts ranked in the row's county and period (0 outside counties)."""
        out: I32 = self.county_counts.astype(np.int32)[self.county_group]
        out[self.county_rank == 0] = 0
        return out

    @property
    def province_platform_accounts(self) -> I32:
        """Accounts of the row's platform in the province in the period."""
        out: I32 = self.platform_counts.astype(np.int32)[self.platform_group]
        return out


@dataclass(frozen=True)
class RegionResults(TableResult):
    """Per region (province, city, county) and period: mean indices, vetoes and deduction.

    Columns: ``region_level``, ``region``, ``city`` (the city of a county), ``period``,
    ``accounts``, ``vetoed_accounts``, the five ``*_index`` (``health_index`` after the
    deduction), ``health_index_before_deduction``, ``health_deduction`` and ``total``.
    Keyed by (``region_level``, ``region``, ``period``); :meth:`to_arrow` leaves out the
    internal ``_`` columns.
    """

    columns: Mapping[str, npt.NDArray[Any]]
    period_kind: PeriodKind

    def __len__(self) -> int:
        return len(self.columns["region"])

    def to_arrow(self) -> pa.Table:
        return _table(self.columns)

    def row(self, level: str, region: str, period: str) -> dict[str, Any]:
        c = self.columns
        hit = np.flatnonzero((c["region_level"] == level) & (c["region"] == region)
                             & (c["period"] == period))
        if hit.size == 0:
            raise KeyError(f"no {level} result for {region!r} in {period}")
        i = int(hit[0])
        return {k: v[i].item() if isinstance(v[i], np.generic) else v[i] for k, v in c.items()}

    def __repr__(self) -> str:
        return display.region_results_text(self)

    def _repr_html_(self) -> str:
        return display.region_results_html(self)


@dataclass(frozen=True)
class PlatformAverages(TableResult):
    """The province's same-platform averages per period (全省同类型账号平均值, ``ZJG-6.5.1(1)``).

    Columns ``period``, ``platform``, ``accounts``, ``province_platform_average_operation``,
    ``province_platform_average_total``; keyed by (``period``, ``platform``).
    :meth:`cleanup_columns` gives the form ``zwxmt cleanup --averages`` reads.
    """

    columns: Mapping[str, npt.NDArray[Any]]
    period_kind: PeriodKind

    def __len__(self) -> int:
        return len(self.columns["period"])

    def to_arrow(self) -> pa.Table:
        return _table(self.columns)

    def cleanup_columns(self) -> dict[str, npt.NDArray[Any]]:
        """The averages under the account-result names the cleanup rules read
        (``platform, period, accounts, operation_index, total``; ``ZJG-6.5.1(1)``)."""
        c = self.columns
        return {"platform": c["platform"], "period": c["period"], "accounts": c["accounts"],
                "operation_index": c["province_platform_average_operation"],
                "total": c["province_platform_average_total"]}


def platform_averages(sums: PlatformSums, kind: PeriodKind) -> PlatformAverages:
    """The province same-type averages of (merged) :class:`PlatformSums`."""
    count = sums.count
    cells = np.flatnonzero(count)
    op = sums.operation.take(cells).values()
    tot = sums.total.take(cells).values()
    return PlatformAverages({
        "period": period_labels(kind, (cells // len(PLATFORMS) + sums.p0).astype(np.int32)),
        "platform": np.array(PLATFORMS, dtype=np.str_)[cells % len(PLATFORMS)],
        "accounts": count[cells].astype(np.int64),
        "province_platform_average_operation": op / count[cells],
        "province_platform_average_total": tot / count[cells],
    }, kind)


def _average_cells(sums: PlatformSums) -> tuple[F64, F64]:
    """The averages per (month, platform) cell (0 where no account)."""
    count = np.maximum(sums.count, 1)
    return sums.operation.values() / count, sums.total.values() / count


@dataclass
class ScoreResult(TableResult):
    """Scored account-periods; every array has one entry per row.

    ``subscores`` (the 12 sub-index scores), ``indices`` (the five indices, 健康指数 after the
    veto), ``total``; ``vetoes`` is the 一票否决 bit mask; ``raw_index`` the WCI/BCI/DCI (raw
    layer), ``peer_max`` the reference it was converted against, and ``*_last_year`` the
    baselines of 同比. ``months`` counts the months behind a quarterly or yearly row.
    """

    section: ScoringSection
    rulebook: str
    period_kind: PeriodKind
    period: I32
    account: Categorical
    platform: I8
    level: I8
    city: Categorical
    county: Categorical
    rows: npt.NDArray[np.int64]
    indices: dict[str, F64]
    total: F64
    vetoes: I8
    months: I32 | None
    metrics: Mapping[str, F64] | None
    mode: str
    detail_source: Callable[[], dict[str, F64]] | None = None
    peers: PeerStatistics | None = None
    details_data: dict[str, F64] | None = None
    monthly: ScoreResult | None = None
    #: the failure cases of the input rows refused (empty when a frame was scored)
    failures: Failures = field(default_factory=Failures.empty, repr=False)
    #: rows read = used + rejected of the input (None when a frame was scored)
    counts: Counts | None = None
    #: the input's name (file name, ``<pandas.DataFrame>``...)
    source: str = ""
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return int(self.total.shape[0])

    # -- intermediates, materialised on demand (bit-identical recomputation) ----------------

    def details(self) -> dict[str, F64]:
        """Sub-scores and intermediates: the 12 sub-index scores, ``raw_index``, ``peer_max``,
        ``operation_last_year``, ``diligence_last_year``, ``health_before_veto``."""
        if self.details_data is None:
            if self.detail_source is None:
                raise ValueError("this result keeps no intermediates")
            self.details_data = self.detail_source()
        return self.details_data

    @property
    def subscores(self) -> dict[str, F64]:
        d = self.details()
        return {k: d[k] for k in SUBSCORES}

    @property
    def raw_index(self) -> F64:
        return self.details()["raw_index"]

    @property
    def peer_max(self) -> F64:
        return self.details()["peer_max"]

    @property
    def operation_last_year(self) -> F64:
        return self.details()["operation_last_year"]

    @property
    def diligence_last_year(self) -> F64:
        return self.details()["diligence_last_year"]

    @property
    def health_before_veto(self) -> F64:
        return self.details()["health_before_veto"]

    # -- ranks -----------------------------------------------------------------------------

    def ranks(self) -> Ranks:
        """Ranks by total (higher first) within county and within platform, per period.

        Totals equal at ``rank_resolution`` (0.01, ZJG-9.1) share a rank.
        """
        hit: Ranks | None = self._cache.get("ranks")
        if hit is not None:
            # the cache holds the ranks detached: a result that held ranks holding it would
            # be a reference cycle, its columns freed only by the garbage collector
            return dataclasses.replace(hit, result=self)
        key, levels = rank_key(self.section, self.total)
        # the region cells (a county's county and township accounts, a city's own accounts,
        # the provincial accounts; per period) group the county ranking: only county cells
        # keep their rank
        cells = self._cells()
        ccount = cells.count
        crank = _group_rank(key, levels, cells.cell, cells.size, ccount)
        crank[self.level < _COUNTY_LEVELS[0]] = 0
        pgroup, pcount, _ = self._platform_groups()
        prank = _group_rank(key, levels, pgroup, pcount.size, pcount)
        self._cache["ranks"] = Ranks(crank, prank, cells.cell, ccount, pgroup, pcount)
        return self.ranks()

    # -- province same-type averages (needed by cleanup, ZJG-6.5.1(1)) --------------------

    def province_platform_averages(self) -> PlatformAverages:
        """Per period and platform: the province's same-type average 运营指数 and total.

        Columns ``period``, ``platform``, ``accounts``, ``province_platform_average_operation``,
        ``province_platform_average_total`` (ZJG-6.5.1(1): "低于全省同类型账号平均值").
        """
        hit = self._cache.get("averages")
        if hit is not None:
            return hit  # type: ignore[no-any-return]
        # exact sums: the averages do not depend on the order of the rows (or partitions)
        sums = PlatformSums.of_cells(self._region_cells())
        out = platform_averages(sums, self.period_kind)
        self._cache["averages"] = out
        self._cache["averages_cells"] = _average_cells(sums)
        return out

    def _platform_groups(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], int]:
        """Each row's (month, platform) group, the accounts of each group and the first month."""
        hit = self._cache.get("platform_groups")
        if hit is None:
            layout = self._cells().layout
            group = (self.period - layout.p0).astype(np.int64)
            group *= len(PLATFORMS)
            group += self.platform
            # accounts per (month, platform): the cells' counts added over a month's cells
            count = self._cells().by_platform.reshape(
                layout.n_per, layout.n_local, len(PLATFORMS)).sum(axis=1).reshape(-1)
            hit = (group, count, layout.p0)
            self._cache["platform_groups"] = hit
        return hit

    def _region_cells(self) -> RegionCells:
        """The exact sums per region cell and platform, behind regions and averages."""
        hit = self._cache.get("region_cells")
        if hit is None:
            cells_ = self._cells()
            hit = RegionCells.of(cells_.layout, cells_.cell, self.platform, self.vetoes,
                                 self.city.codes, {**self.indices, "total": self.total},
                                 mergeable=False,
                                 counted=(cells_.cell_platform, cells_.by_platform))
            self._cache["region_cells"] = hit
        return hit

    def _cells(self) -> _Cells:
        hit = self._cache.get("cells")
        if hit is None:
            hit = _Cells.of(self)
            self._cache["cells"] = hit
        return hit

    def province_platform_average_rows(self) -> tuple[F64, F64]:
        """Per row: its province same-platform average 运营指数 and total for its period."""
        self.province_platform_averages()
        op, tot = self._cache["averages_cells"]
        group = self._platform_groups()[0]
        return op[group], tot[group]

    # -- region results ----------------------------------------------------------------------

    def regions(self) -> RegionResults:
        """County, city and province results per period, with the veto deductions applied."""
        hit = self._cache.get("regions")
        if hit is not None:
            return hit  # type: ignore[no-any-return]
        if self.monthly is not None:
            out = _aggregate_regions(
                self.monthly.regions(), self.period_kind,
                self.section.vetoes.region_health_deduction_per_veto.value)
        else:
            out = _region_results(self)
        self._cache["regions"] = out
        return out

    # -- quarters and years ------------------------------------------------------------------

    def aggregate(self, kind: PeriodKind) -> ScoreResult:
        """Quarterly or yearly results from the months (ZJG-9.2: 月度、季度、年度考核)."""
        if self.period_kind != "month":
            raise ValueError("aggregate a monthly result")
        if kind == "month":
            return self
        return _aggregate_accounts(self, kind)

    # -- output ------------------------------------------------------------------------------

    def veto_text(self) -> npt.NDArray[np.str_]:
        """Per row: the veto codes with their citations, e.g. ``no_update_14d [ZJG-9.2-T2-V1]``."""
        items = self.section.vetoes.items
        top = max((v.bit for v in items), default=0) * 2
        table = np.array(["; ".join(f"{v.code} [{v.cite}]" for v in items if m & v.bit)
                          for m in range(max(top, 1))], dtype=np.str_)
        out: npt.NDArray[np.str_] = table[self.vetoes.astype(np.intp)]
        return out

    def to_columns(self, *, include_subscores: bool = True,
                   input_order: bool = False) -> dict[str, npt.NDArray[Any]]:
        """Output columns (docs/schema.md): identity, sub-scores, vetoes, indices, total,
        vetoes (codes), ranks and the province same-type averages. Rows are in the result's
        order (grouped by platform), or with ``input_order`` in the order of the input."""
        ranks = self.ranks()
        avg_op, avg_total = self.province_platform_average_rows()
        out: dict[str, npt.NDArray[Any]] = {
            "account_id": self.account.values(),
            "period": period_labels(self.period_kind, self.period),
            "platform": np.array(PLATFORMS, dtype=np.str_)[self.platform],
            "level": np.array(LEVELS, dtype=np.str_)[self.level],
            "city": self.city.values(),
            "county": self.county.values(),
        }
        if self.months is not None:
            out["months"] = self.months
        if self.mode == "raw":
            out["communication_index"] = self.raw_index
        if include_subscores:
            for s in SUBSCORES:
                out[s] = self.subscores[s]
        for v in self.section.vetoes.items:
            out[v.column] = (self.vetoes & v.bit) != 0
        for name in INDEXES:
            out[f"{name}_index"] = self.indices[name]
        out["total"] = self.total
        out["vetoes"] = self.veto_text()
        out["county_rank"] = ranks.county_rank
        out["county_accounts"] = ranks.county_accounts
        out["province_platform_rank"] = ranks.province_platform_rank
        out["province_platform_accounts"] = ranks.province_platform_accounts
        out["province_platform_average_operation"] = avg_op
        out["province_platform_average_total"] = avg_total
        if input_order:
            order = np.argsort(self.rows, kind="stable")
            out = {k: v[order] for k, v in out.items()}
        return out

    # -- as a table (Arrow, pandas, polars) ---------------------------------------------------

    def input_order(self) -> npt.NDArray[np.intp]:
        """The permutation that puts the result's rows in input order (by ``rows``)."""
        hit = self._cache.get("input_order")
        if hit is None:
            rows = self.rows
            if rows.size < 2 or bool(np.all(rows[1:] >= rows[:-1])):
                hit = np.arange(rows.size, dtype=np.intp)
            else:
                hit = np.argsort(rows, kind="stable")
            self._cache["input_order"] = hit
        out: npt.NDArray[np.intp] = hit
        return out

    def key_columns(self, names: Sequence[str] = KEY_COLUMNS) -> dict[str, pa.Array]:
        """Identity columns as Arrow arrays, in input order: ``account_id``, ``period`` (label),
        ``platform``, ``level`` (codes), ``city``, ``county`` (null where blank)."""
        order = self.input_order()
        out: dict[str, pa.Array] = {}
        for name in names:
            if name == "account_id":
                out[name] = _text(self.account.labels, self.account.codes[order])
            elif name == "period":
                out[name] = _period_text(self.period_kind, self.period[order])
            elif name == "platform":
                out[name] = _text(np.array(PLATFORMS), self.platform[order])
            elif name == "level":
                out[name] = _text(np.array(LEVELS), self.level[order])
            elif name in ("city", "county"):
                cat = self.city if name == "city" else self.county
                out[name] = _text(cat.labels, cat.codes[order], blank_is_null=True)
            else:
                raise KeyError(f"not an identity column: {name!r}")
        return out

    def to_arrow(self, *, include_subscores: bool = True) -> pa.Table:
        """The account results as an Arrow table in input order, keyed by ``account_id`` and
        ``period`` (one row per account and period; with ``months`` for quarters and years).

        Columns as :meth:`to_columns` (``docs/schema.md``); a value that is not applicable or
        not evaluated (办事服务 outside 政务微信, the communication index of the audit layer) is
        null.
        """
        order = self.input_order()
        ranks = self.ranks()
        avg_op, avg_total = self.province_platform_average_rows()
        out: dict[str, pa.Array] = self.key_columns()
        if self.months is not None:
            out["months"] = pa.array(self.months[order], pa.int32())
        if self.mode == "raw":
            out["communication_index"] = _float(self.raw_index[order])
        if include_subscores:
            subs = self.subscores
            for s in SUBSCORES:
                out[s] = _float(subs[s][order])
        vetoes = self.vetoes[order]
        for v in self.section.vetoes.items:
            out[v.column] = pa.array((vetoes & v.bit) != 0, pa.bool_())
        for name in INDEXES:
            out[f"{name}_index"] = _float(self.indices[name][order])
        out["total"] = _float(self.total[order])
        out["vetoes"] = self.veto_text_array(vetoes)
        out["county_rank"] = pa.array(ranks.county_rank[order], pa.int32())
        out["county_accounts"] = pa.array(ranks.county_accounts[order], pa.int32())
        out["province_platform_rank"] = pa.array(ranks.province_platform_rank[order], pa.int32())
        out["province_platform_accounts"] = pa.array(
            ranks.province_platform_accounts[order], pa.int32())
        out["province_platform_average_operation"] = _float(avg_op[order])
        out["province_platform_average_total"] = _float(avg_total[order])
        return pa.table(out)

    def veto_text_array(self, vetoes: I8 | None = None) -> pa.Array:
        """:meth:`veto_text` as an Arrow text column (null where no veto), one ``take``."""
        items = self.section.vetoes.items
        top = max((v.bit for v in items), default=0) * 2
        table = pa.array([("; ".join(f"{v.code} [{v.cite}]" for v in items if m & v.bit)
                           or None) for m in range(max(top, 1))], pa.string())
        mask = self.vetoes if vetoes is None else vetoes
        return table.take(pa.array(mask.astype(np.int32), pa.int32()))

    def find(self, account_id: str, period: str) -> int:
        """The row of an account and period (``YYYY-MM``, ``YYYY-Qn`` or ``YYYY``)."""
        kind, ordinal = parse_period_label(period)
        if kind != self.period_kind:
            raise KeyError(f"these are {self.period_kind} results, not {kind} ({period})")
        code = self.account.code_of(account_id)
        hit = np.flatnonzero((self.account.codes == code) & (self.period == ordinal))
        if code < 0 or hit.size == 0:
            raise KeyError(f"no result for account {account_id!r} in {period}")
        return int(hit[0])

    def explain(self, account_id: str, period: str) -> Explanation:
        """The tree total → index → sub-index → raw metric for one account-period."""

        return explain_row(self, self.find(account_id, period))

    @classmethod
    def concat(cls, parts: Sequence[ScoreResult]) -> ScoreResult:
        """Join results scored in chunks (same rulebook, categories and peers) into one."""
        if not parts:
            raise ValueError("nothing to concatenate")
        first = parts[0]
        for p in parts[1:]:
            if p.rulebook != first.rulebook or p.period_kind != first.period_kind \
                    or not np.array_equal(p.account.labels, first.account.labels):
                raise ValueError("results differ in rulebook, period kind or account categories")

        def cat(get: Any) -> Any:
            return np.concatenate([get(p) for p in parts])

        def catc(get: Any) -> Categorical:
            return Categorical(cat(lambda p: get(p).codes), get(first).labels)

        metrics = None
        if first.metrics is not None:
            metrics = {k: cat(lambda p, k=k: p.metrics[k]) for k in first.metrics}
        keys = list(first.details())
        details = {k: cat(lambda p, k=k: p.details()[k]) for k in keys}
        return cls(
            section=first.section, rulebook=first.rulebook, period_kind=first.period_kind,
            period=cat(lambda p: p.period), account=catc(lambda p: p.account),
            platform=cat(lambda p: p.platform), level=cat(lambda p: p.level),
            city=catc(lambda p: p.city), county=catc(lambda p: p.county),
            rows=cat(lambda p: p.rows),
            indices={k: cat(lambda p, k=k: p.indices[k]) for k in first.indices},
            total=cat(lambda p: p.total), vetoes=cat(lambda p: p.vetoes),
            months=None if first.months is None else cat(lambda p: p.months),
            metrics=metrics, mode=first.mode, peers=first.peers, details_data=details)

    def __repr__(self) -> str:
        return display.score_result_text(self)

    def _repr_html_(self) -> str:
        return display.score_result_html(self)


def _region_results(result: ScoreResult) -> RegionResults:
    """Means per (region, period) and the 一票否决 deduction (ZJG-9.2-T2-VD).

    "县（市、区）所辖账号扣除所在县（市、区）健康指数；市级账号扣除所在地市健康指数；省本级账号扣除省本级
    健康指数": a vetoed county or township account deducts ``region_health_deduction_per_veto``
    from its county's 健康指数, a city account from its city's, a provincial account from the
    province's (floor 0); the region's total falls by its mean health weight times the cut.
    A city's and the province's means cover every account inside them.

    One pass of ``np.bincount`` over the rows builds sums per cell (a county's county and
    township accounts, a city's own accounts, the provincial accounts; per period); regions
    are sums of cells.
    """
    return _regions_of_cells(result._region_cells(), result.section, result.city.labels,
                             result.county.labels, result.period_kind)


def _regions_of_cells(sums: RegionCells, section: ScoringSection,
                      city_labels: npt.NDArray[np.str_], county_labels: npt.NDArray[np.str_],
                      period_kind: PeriodKind) -> RegionResults:
    """Region results from the (merged) sums of their cells: a region's sums are the exact
    sums of its cells, rounded once."""
    layout = sums.layout
    size, n_local, p0, n_per = layout.size, layout.n_local, layout.p0, layout.n_per
    n_city, n_county = layout.n_city, layout.n_county
    by_platform = sums.by_platform
    count = by_platform.sum(axis=1).astype(np.float64)
    values: dict[str, npt.NDArray[Any]] = {}
    values["vetoed"] = sums.vetoed.astype(np.float64)
    values["w_health"] = by_platform @ section.index_weight_array("health")
    city_of_cell = np.maximum(sums.city, 0)
    cells = np.flatnonzero(count)
    c_per = cells // n_local
    c_local = cells % n_local
    c_county = c_local < n_county
    c_citycell = (c_local >= n_county) & (c_local < n_county + n_city)
    c_prov = c_local == n_county + n_city
    per_veto = section.vetoes.region_health_deduction_per_veto.value

    parts: list[dict[str, npt.NDArray[Any]]] = []
    # (level, member cells, region code of each member, number of codes, deducting cells)
    specs = (
        ("province", np.ones(cells.size, dtype=np.bool_), np.zeros(cells.size, dtype=np.int64),
         1, c_prov),
        ("city", ~c_prov, city_of_cell[cells], n_city, c_citycell),
        ("county", c_county, c_local, n_county, c_county),
    )
    for name, members, codes, n_codes, deducting in specs:
        rsize = n_per * n_codes
        group = np.where(members, c_per * n_codes + codes, rsize)

        def total_of(x: npt.NDArray[Any] | str, group: npt.NDArray[np.int64] = group,
                     rsize: int = rsize) -> F64:
            if isinstance(x, str):  # an exact sum: the cells' sums added exactly
                target = np.full(size, -1, dtype=np.int64)
                target[cells] = np.where(group < rsize, group, -1)
                return sums.regroup(x, target, rsize).values()
            # counts and count-weighted sums: integers (or fixed per cell), in cell order
            out = np.bincount(group, weights=x[cells], minlength=rsize + 1)[:rsize]
            return out.astype(np.float64, copy=False)

        cnt_all = total_of(count)
        regions = np.flatnonzero(cnt_all)
        cnt = cnt_all[regions]
        col: dict[str, npt.NDArray[Any]] = {"region_level": np.full(regions.size, name,
                                                                     dtype="<U8")}
        region_codes = regions % n_codes
        if name == "province":
            col["region"] = np.full(regions.size, "province", dtype="<U8")
            col["city"] = np.full(regions.size, "", dtype="<U1")
        elif name == "city":
            col["region"] = city_labels[region_codes]
            col["city"] = col["region"]
        else:
            col["region"] = county_labels[region_codes]
            county_city = np.zeros(n_county, dtype=np.int64)
            county_city[c_local[c_county]] = city_of_cell[cells[c_county]]
            col["city"] = city_labels[county_city[region_codes]]
        ordinals = (regions // n_codes + p0).astype(np.int32)
        col["period"] = period_labels(period_kind, ordinals)
        col["accounts"] = cnt.astype(np.int64)
        col["vetoed_accounts"] = np.rint(total_of(values["vetoed"])[regions]).astype(np.int64)
        ded = np.where(deducting, group, rsize)
        nveto = np.bincount(ded, weights=values["vetoed"][cells], minlength=rsize + 1)[
            :rsize][regions]
        for idx in INDEXES:
            col[f"{idx}_index"] = total_of(idx)[regions] / cnt
        health = col["health_index"]
        after = np.maximum(health - per_veto * nveto, 0.0)
        col["health_index_before_deduction"] = health
        col["health_deduction"] = health - after
        col["health_index"] = after
        col["deducting_vetoes"] = np.rint(nveto).astype(np.int64)
        mean_w = total_of(values["w_health"])[regions] / cnt
        total_before = total_of("total")[regions] / cnt
        col["total"] = total_before - mean_w * (health - after)
        col["_health_weight"] = mean_w
        col["_total_before"] = total_before
        col["_ordinal"] = ordinals.astype(np.int64)
        col["_code"] = region_codes.astype(np.int64)
        parts.append(col)
    columns = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    return RegionResults(columns, period_kind)


def _aggregate_regions(monthly: RegionResults, kind: PeriodKind,
                       per_veto: float) -> RegionResults:
    """Quarter or year region results, with the 一票否决 deduction of the period assessed.

    ``ZJG-9.2-T2-VD``: "扣除……该考核周期内健康指数分数". The period's 健康指数 before the
    deduction is the mean of its months' (before theirs); every deducting veto of any month of
    the quarter or year deducts ``per_veto`` from it (floor 0), and the total falls by the
    mean health weight times the cut. A veto in one month thus forfeits the quarter's and the
    year's region 健康指数, not a third or a twelfth of it.
    """
    c = monthly.columns
    ordinal = period_of(kind, c["_ordinal"])
    level_code = np.zeros(ordinal.shape[0], dtype=np.int64)
    for i, name in enumerate(REGION_LEVELS):
        level_code[c["region_level"] == name] = i
    o0 = int(ordinal.min()) if ordinal.size else 0
    n_o = int(ordinal.max()) - o0 + 1 if ordinal.size else 0
    n_code = int(c["_code"].max()) + 1 if ordinal.size else 0
    key = (level_code * max(n_code, 1) + c["_code"]) * max(n_o, 1) + (
        ordinal - o0)
    uniq, first, inv = np.unique(key, return_index=True, return_inverse=True)
    inv = inv.reshape(-1)
    count = np.bincount(inv).astype(np.float64)
    out: dict[str, npt.NDArray[Any]] = {}
    for k, v in c.items():
        if k in ("region_level", "region", "city"):
            out[k] = v[first]
        elif k == "period":
            out[k] = period_labels(kind, (ordinal[first]).astype(np.int32))
        elif k == "_ordinal":
            out[k] = ordinal[first]
        elif k == "_code":
            out[k] = v[first]
        elif k in ("vetoed_accounts", "deducting_vetoes"):
            out[k] = np.bincount(inv, weights=v.astype(np.float64)).astype(np.int64)
        else:
            out[k] = np.bincount(inv, weights=v.astype(np.float64)) / count
    out["months"] = count.astype(np.int64)
    # the deduction of the period assessed, not the mean of the months' deductions
    before = out["health_index_before_deduction"]
    after = np.maximum(before - per_veto * out["deducting_vetoes"], 0.0)
    total_before = out["_total_before"]
    out["health_deduction"] = before - after
    out["health_index"] = after
    out["total"] = total_before - out["_health_weight"] * (before - after)
    del uniq
    return RegionResults(out, kind)


def _aggregate_accounts(result: ScoreResult, kind: PeriodKind) -> ScoreResult:
    """Quarter or year account results: means of the months present; a veto in any month
    marks the quarter (its months' 健康指数 are already 0)."""
    ordinal = period_of(kind, result.period).astype(np.int32)
    o0 = int(ordinal.min()) if len(result) else 0
    n_o = int(ordinal.max()) - o0 + 1 if len(result) else 0
    key = result.account.codes.astype(np.int64) * max(n_o, 1) + (ordinal - o0)
    _, first, inv = np.unique(key, return_index=True, return_inverse=True)
    inv = inv.reshape(-1)
    count = np.bincount(inv).astype(np.float64)

    def mean(x: F64) -> F64:
        ok = ~np.isnan(x)
        s = exact_group_sums(np.where(ok, x, 0.0), inv, first.size)  # month order free
        c = np.bincount(inv, weights=ok.astype(np.float64))
        out = np.full(s.shape, np.nan)
        np.divide(s, c, out=out, where=c > 0)
        return out

    vetoes = np.zeros(first.size, dtype=np.int8)
    for v in result.section.vetoes.items:
        hit = np.bincount(inv, weights=((result.vetoes & v.bit) != 0).astype(np.float64)) > 0
        vetoes |= hit.astype(np.int8) * np.int8(v.bit)
    details = result.details()
    return ScoreResult(
        section=result.section, rulebook=result.rulebook, period_kind=kind,
        period=ordinal[first], account=result.account.take(first),
        platform=result.platform[first], level=result.level[first],
        city=result.city.take(first), county=result.county.take(first),
        rows=result.rows[first],
        indices={k: mean(v) for k, v in result.indices.items()},
        total=mean(result.total), vetoes=vetoes, months=count.astype(np.int32),
        metrics=None, mode=result.mode, peers=result.peers,
        details_data={k: mean(v) for k, v in details.items()}, monthly=result,
        failures=result.failures, counts=result.counts, source=result.source)
