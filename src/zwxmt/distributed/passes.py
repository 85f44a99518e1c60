"""The passes of a partitioned assessment (分区计算): pure functions on one partition, and merges.

An engine (Dask, Spark, a process pool) runs each ``*_part`` function on every partition and
folds the small partial states with their ``merge`` (exact, associative, commutative) in any
order or tree; nothing here imports an engine. The order (``docs/distributed.md``):

1. :func:`read_part` validates a partition (a pandas/Arrow table of metrics) into a frame;
   :func:`geometry_part` → :class:`Geometry` (account, city and county labels, months) merged;
2. :func:`recode_part` puts the frame on the province's labels; :func:`maxima_part` →
   :class:`~zwxmt.scoring.peers.PeerMaxima` merged (峰值: the highest index per platform-month);
3. :func:`baseline_part` → each row's 运营/勤勉指数 (the 同比 baseline), gathered into the
   province's :class:`~zwxmt.scoring.peers.PeerStatistics` (:func:`province_peers`);
4. :func:`score_part` scores the partition with those peers (row for row what one process
   computes); :func:`sums_part` → :class:`ProvinceSums` (averages, region cells, rank counts)
   merged;
5. :func:`accounts_part` gives the partition's account results with the province's ranks and
   averages; :func:`region_results` and :func:`average_results` the province's tables.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from zwxmt.arrays import F64, I32
from zwxmt.errors import InputError
from zwxmt.months import labels as month_labels
from zwxmt.scoring.engine import _pass_a, _pass_b, _segments, resolve_section
from zwxmt.scoring.engine import score as score_frame
from zwxmt.scoring.frame import LEVELS, Categorical, ScoringFrame
from zwxmt.scoring.inputs import Layer, ScoringInput, read_input
from zwxmt.scoring.parameters import PLATFORMS
from zwxmt.scoring.peers import PeerMaxima, PeerStatistics
from zwxmt.scoring.periods import PeriodKind
from zwxmt.scoring.result import (
    PlatformAverages,
    Ranks,
    RegionResults,
    ScoreResult,
    _aggregate_regions,
    _average_cells,
    _regions_of_cells,
    platform_averages,
)
from zwxmt.scoring.sums import (
    CellLayout,
    PlatformSums,
    RankCounts,
    RegionCells,
    cell_codes,
    rank_key,
)

__all__ = [
    "Baseline",
    "Geometry",
    "ProvinceSums",
    "accounts_part",
    "average_results",
    "baseline_part",
    "geometry_part",
    "maxima_part",
    "merge",
    "period_region_results",
    "province_peers",
    "read_part",
    "recode_part",
    "region_results",
    "score_part",
    "sums_part",
]


_COUNTY = LEVELS.index("county")


def _union(a: npt.NDArray[np.str_], b: npt.NDArray[np.str_]) -> npt.NDArray[np.str_]:
    out: npt.NDArray[np.str_] = np.union1d(a, b).astype(np.str_)
    return out


@dataclass(frozen=True)
class Geometry:
    """The province's category labels (sorted) and months: what makes every partition's codes
    and cells the single-process ones. Merged by union (labels) and min/max (months)."""

    accounts: npt.NDArray[np.str_]
    cities: npt.NDArray[np.str_]
    counties: npt.NDArray[np.str_]
    first: int
    last: int

    def merge(self, other: Geometry) -> Geometry:
        return Geometry(_union(self.accounts, other.accounts), _union(self.cities, other.cities),
                        _union(self.counties, other.counties), min(self.first, other.first),
                        max(self.last, other.last))

    @property
    def layout(self) -> CellLayout:
        return CellLayout(self.first, self.last - self.first + 1, len(self.cities),
                          len(self.counties))


@dataclass(frozen=True)
class Baseline:
    """Rows of the 同比 baseline: account code (province labels), month, 运营指数, 勤勉指数."""

    account: I32
    period: I32
    operation: F64
    diligence: F64

    def merge(self, other: Baseline) -> Baseline:
        return Baseline(*(np.concatenate([getattr(self, f.name), getattr(other, f.name)])
                          for f in dataclasses.fields(self)))


@dataclass(frozen=True)
class ProvinceSums:
    """The merged second pass: platform sums (averages), region cells, rank counts."""

    platform: PlatformSums
    cells: RegionCells
    county_ranks: RankCounts
    platform_ranks: RankCounts

    def merge(self, other: ProvinceSums) -> ProvinceSums:
        return ProvinceSums(self.platform.merge(other.platform), self.cells.merge(other.cells),
                            self.county_ranks.merge(other.county_ranks),
                            self.platform_ranks.merge(other.platform_ranks))


def merge(a: Any, b: Any) -> Any:
    """Merge two partial states (``None`` is the empty state: an empty partition)."""
    if a is None:
        return b
    if b is None:
        return a
    return a.merge(b)


# -- 1. read and geometry ----------------------------------------------------------------------

def read_part(data: Any, rulebook: object = None, *, layer: Layer | None = None,
              as_of: dt.date | None = None, name: str = "<partition>") -> ScoringInput:
    """Validate one partition (pandas or Arrow table of metrics or sub-scores)."""
    section, _ = resolve_section(rulebook)
    return read_input(data, section, layer=layer, as_of=as_of, source_name=name)


def geometry_part(got: ScoringInput) -> Geometry | None:
    f = got.frame
    if not len(f):
        return None
    return Geometry(f.account.labels, f.city.labels, f.county.labels, int(f.period.min()),
                    int(f.period.max()))


# -- 2. codes on the province's labels; peer maxima ----------------------------------------

def _recode(cat: Categorical, labels: npt.NDArray[np.str_]) -> Categorical:
    lut = np.searchsorted(labels, cat.labels).astype(np.int32)
    return Categorical(lut[cat.codes], labels)


def recode_part(got: ScoringInput, geometry: Geometry) -> ScoringFrame:
    f = got.frame
    return dataclasses.replace(
        f, account=_recode(f.account, geometry.accounts), city=_recode(f.city, geometry.cities),
        county=_recode(f.county, geometry.counties))


def maxima_part(frame: ScoringFrame, rulebook: object = None) -> PeerMaxima | None:
    if not len(frame):
        return None
    section, name = resolve_section(rulebook)
    a = _pass_a(frame, section, _segments(frame.platform))
    built = PeerStatistics.build(name, frame, a["_raw_index"],
                                 section.conversion.growth_lag_months.value)
    return PeerMaxima.of(built)


# -- 3. the 同比 baseline --------------------------------------------------------------------

def baseline_part(frame: ScoringFrame, peers: PeerStatistics,
                  rulebook: object = None) -> Baseline | None:
    if not len(frame):
        return None
    section, _ = resolve_section(rulebook)
    segs = _segments(frame.platform)
    a = _pass_a(frame, section, segs)
    b = _pass_b(frame, section, segs, peers, a)
    return Baseline(frame.account.codes, frame.period, b["_operation"], a["_diligence"])


def province_peers(maxima: PeerMaxima, baseline: Baseline, geometry: Geometry,
                   rulebook: object = None) -> PeerStatistics:
    """The province's peer statistics from the merged maxima and baseline rows. An account
    and month given in two partitions (each partition refuses its own repeats) is an error."""
    section, name = resolve_section(rulebook)
    key = baseline.account.astype(np.int64) * (maxima.n_months + 1) + (
        baseline.period - maxima.month0)
    uniq, counts = np.unique(key, return_counts=True)
    if (counts > 1).any():
        k = int(uniq[np.argmax(counts > 1)])
        account = str(geometry.accounts[k // (maxima.n_months + 1)])
        month = str(month_labels(np.array([k % (maxima.n_months + 1) + maxima.month0]))[0])
        raise InputError(
            f"账号ID (account_id) {account!r} and 考核周期 (period) {month} are given in more "
            "than one partition: expected one row per account and month (ZJG-9.2)",
            field="account_id+period")
    peers = PeerStatistics.from_maxima(name, maxima, geometry.accounts,
                                       section.conversion.growth_lag_months.value)
    return peers.with_baseline_rows(baseline.account, baseline.period, baseline.operation,
                                    baseline.diligence)


# -- 4. scores and province sums -------------------------------------------------------------

def score_part(frame: ScoringFrame, peers: PeerStatistics,
               rulebook: object = None) -> ScoreResult:
    return score_frame(frame, rulebook, peers=peers)


def _rank_groups(result: ScoreResult, geometry: Geometry) -> tuple[Any, Any]:
    layout = geometry.layout
    cell = cell_codes(layout, result.period, result.level, result.city.codes,
                      result.county.codes)
    pgroup = (result.period - layout.p0).astype(np.int64) * len(PLATFORMS) + result.platform
    return cell, pgroup


def sums_part(result: ScoreResult, geometry: Geometry) -> ProvinceSums | None:
    if not len(result):
        return None
    layout = geometry.layout
    cell, pgroup = _rank_groups(result, geometry)
    key, levels = rank_key(result.section, result.total)
    cells = RegionCells.of(layout, cell, result.platform, result.vetoes, result.city.codes,
                           {**result.indices, "total": result.total})
    return ProvinceSums(PlatformSums.of_cells(cells), cells,
                        RankCounts.of(cell, key, levels), RankCounts.of(pgroup, key, levels))


# -- 5. outputs ----------------------------------------------------------------------------

def with_province(result: ScoreResult, sums: ProvinceSums, geometry: Geometry) -> ScoreResult:
    """The partition's result with the province's ranks and averages in place of its own."""
    n = len(result)
    cell, pgroup = _rank_groups(result, geometry)
    key, _ = rank_key(result.section, result.total)
    crank, csize = sums.county_ranks.rank(cell, key)
    crank[result.level < _COUNTY] = 0  # provincial and city accounts: no county rank
    prank, psize = sums.platform_ranks.rank(pgroup, key)
    rows = np.arange(n, dtype=np.int64)
    result._cache["ranks"] = Ranks(crank, prank, rows, csize, rows, psize)  # detached
    result._cache["averages"] = platform_averages(sums.platform, result.period_kind)
    result._cache["averages_cells"] = _average_cells(sums.platform)
    result._cache["platform_groups"] = (pgroup, sums.platform.count, geometry.first)
    return result


def accounts_part(result: ScoreResult, sums: ProvinceSums, geometry: Geometry) -> pa.Table:
    """The partition's account results (``zwxmt score``'s columns), province ranks included."""
    return with_province(result, sums, geometry).to_arrow()


def region_results(sums: ProvinceSums, geometry: Geometry,
                   rulebook: object = None) -> RegionResults:
    section, _ = resolve_section(rulebook)
    return _regions_of_cells(sums.cells, section, geometry.cities, geometry.counties, "month")


def period_region_results(monthly: RegionResults, kind: PeriodKind,
                          rulebook: object = None) -> RegionResults:
    """Quarterly or yearly region results from the (merged) monthly ones (ZJG-9.2)."""
    if kind == "month":
        return monthly
    section, _ = resolve_section(rulebook)
    return _aggregate_regions(monthly, kind,
                              section.vetoes.region_health_deduction_per_veto.value)


def average_results(sums: ProvinceSums) -> PlatformAverages:
    return platform_averages(sums.platform, "month")
