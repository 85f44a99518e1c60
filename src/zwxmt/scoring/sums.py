"""Province sums (全省汇总): the mergeable second pass behind averages, ranks and region results.

What a result's province-wide outputs depend on, beyond each row, is a handful of group sums:

- :class:`RegionCells` — per (month, region cell: a county's county and township accounts, a
  city's own accounts, the provincial accounts): accounts by platform, vetoed accounts, the
  cell's city and, per platform, the exact sums of the five indices and the total, for the
  region results (``ZJG-9.1``, ``ZJG-9.2-T2-VD``);
- :class:`PlatformSums` — per (month, platform): accounts and the exact sums of 运营指数 and the
  total, for the province same-type averages (全省同类型账号平均值, ``ZJG-6.5.1(1)``), added
  exactly from the region cells' (:meth:`PlatformSums.of_cells`);
- :class:`RankCounts` — per rank group (a county cell or a platform, per month) the number of
  accounts at each total (at the rank resolution of ``ZJG-9.1``), for competition ranks.

Each is computed from any subset of the rows and merged with :meth:`merge`: integer counts and
:class:`~zwxmt.exact.ExactSums`, so merging is exact, associative and commutative, and the
merged sums of any partitioning are those of the whole. The single-process result uses the
same sums (one partition), so it does not depend on the order of its rows either.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from zwxmt.arrays import I32, I64
from zwxmt.exact import ExactSums, GroupSums, group_sums
from zwxmt.scoring.frame import LEVELS
from zwxmt.scoring.parameters import INDEXES, PLATFORMS, ScoringSection

__all__ = ["CellLayout", "PlatformSums", "RankCounts", "RegionCells", "cell_codes",
           "cell_platform_codes", "rank_key"]

_CITY, _PROVINCE = LEVELS.index("city"), LEVELS.index("province")
#: the summed columns of a region cell: the five indices and the total
SUMMED: tuple[str, ...] = (*INDEXES, "total")


def rank_key(section: ScoringSection, total: npt.NDArray[np.float64],
             ) -> tuple[npt.NDArray[np.uint16], int]:
    """Each total's rank key (0 = 100 points, one step per ``rank_resolution``, ``ZJG-9.1``:
    totals equal at that resolution share a rank) and the number of key levels."""
    res = section.results.rank_resolution.value
    levels = round(100.0 / res) + 1
    k = np.subtract(100.0, total)
    k *= 1.0 / res
    np.rint(k, out=k)
    return k.astype(np.uint16), levels


@dataclass(frozen=True)
class CellLayout:
    """How region cells are numbered: months from ``p0`` (``n_per`` of them), and per month
    ``n_county`` county cells, ``n_city`` city cells and one provincial cell."""

    p0: int
    n_per: int
    n_city: int
    n_county: int

    @property
    def n_local(self) -> int:
        return self.n_county + self.n_city + 1

    @property
    def size(self) -> int:
        return self.n_per * self.n_local


def cell_codes(layout: CellLayout, period: I32, level: npt.NDArray[np.int8],
               city: I32, county: I32) -> I64:
    """Each row's region cell (month, county / city / province)."""
    local = county.astype(np.int64)
    is_city = level == _CITY
    local[is_city] = layout.n_county + city[is_city]
    local[level == _PROVINCE] = layout.n_county + layout.n_city
    cell = (period - layout.p0).astype(np.int64)
    cell *= layout.n_local
    cell += local
    return cell


def cell_platform_codes(cell: I64, platform: npt.NDArray[np.int8]) -> I64:
    """Each row's (cell, platform) group: ``cell * 4 + platform``."""
    group = cell * len(PLATFORMS)
    group += platform
    return group


@dataclass(frozen=True)
class PlatformSums:
    """Per (month ``p0 + i // 4``, platform ``i % 4``): accounts, Σ 运营指数, Σ total."""

    p0: int
    count: I64
    operation: GroupSums
    total: GroupSums

    @classmethod
    def of_cells(cls, cells: RegionCells) -> PlatformSums:
        """The (month, platform) sums of region cells: the cells of a month cover every
        account of the province once, so their sums added exactly are the province's."""
        layout = cells.layout
        size = layout.n_per * len(PLATFORMS)
        plat = np.arange(layout.size * len(PLATFORMS), dtype=np.int64)
        target = plat // (len(PLATFORMS) * layout.n_local) * len(PLATFORMS)
        target += plat % len(PLATFORMS)
        count = np.bincount(target, weights=cells.by_platform.reshape(-1).astype(np.float64),
                            minlength=size).astype(np.int64)
        return cls(layout.p0, count, cells.sums["operation"].regroup(target, size),
                   cells.sums["total"].regroup(target, size))

    def merge(self, other: PlatformSums) -> PlatformSums:
        _same(self.p0 == other.p0 and self.count.shape == other.count.shape)
        return PlatformSums(self.p0, self.count + other.count,
                            _merged(self.operation, other.operation),
                            _merged(self.total, other.total))


@dataclass(frozen=True)
class RegionCells:
    """Per region cell (:class:`CellLayout`): accounts by platform, vetoed accounts, the
    cell's city code (the highest seen, -1 for none) and the exact sums of :data:`SUMMED` per
    (cell, platform) (group ``cell * 4 + platform``)."""

    layout: CellLayout
    by_platform: I64  # (size, platforms)
    vetoed: I64
    city: I64
    sums: Mapping[str, GroupSums]

    @property
    def count(self) -> I64:
        out: I64 = self.by_platform.sum(axis=1)
        return out

    @classmethod
    def of(cls, layout: CellLayout, cell: I64, platform: npt.NDArray[np.int8],
           vetoes: npt.NDArray[np.int8], city: I32,
           values: Mapping[str, npt.NDArray[np.float64]], *,
           mergeable: bool = True,
           counted: tuple[I64, I64] | None = None) -> RegionCells:
        """The cells' sums of some rows. ``mergeable=False`` (one process, all rows) rounds
        to the same bits through the faster :class:`~zwxmt.exact.SplitSums`, not mergeable.
        ``counted``: the rows' ``cell * 4 + platform`` and the rows per (cell, platform), if
        the caller has them."""
        size = layout.size
        if counted is None:
            group = cell_platform_codes(cell, platform)
            by_platform = np.bincount(group, minlength=size * len(PLATFORMS)).reshape(
                size, len(PLATFORMS))
        else:
            group, by_platform = counted
        vetoed = np.bincount(cell[vetoes != 0], minlength=size).astype(np.int64)
        city_of = np.full(size, -1, dtype=city.dtype)  # the highest city code: order-free
        np.maximum.at(city_of, cell, city)
        count = by_platform.reshape(-1)
        sums = {k: group_sums(values[k], group, size * len(PLATFORMS), mergeable=mergeable,
                              count=count) for k in SUMMED}
        return cls(layout, by_platform.astype(np.int64), vetoed, city_of.astype(np.int64), sums)

    def regroup(self, name: str, target: npt.NDArray[np.int64], groups: int) -> GroupSums:
        """The sums of ``name`` added from cells into ``groups`` (``target[cell]``, -1 none)."""
        return self.sums[name].regroup(np.repeat(target, len(PLATFORMS)), groups)

    def merge(self, other: RegionCells) -> RegionCells:
        _same(self.layout == other.layout)
        return RegionCells(self.layout, self.by_platform + other.by_platform,
                           self.vetoed + other.vetoed, np.maximum(self.city, other.city),
                           {k: _merged(v, other.sums[k]) for k, v in self.sums.items()})


@dataclass(frozen=True)
class RankCounts:
    """Sorted distinct ``group * levels + key`` of the rows and how many rows share each."""

    levels: int
    keys: I64
    counts: I64

    @classmethod
    def of(cls, group: I64, key: npt.NDArray[np.integer], levels: int) -> RankCounts:
        packed = group.astype(np.int64) * levels + key.astype(np.int64)
        keys, counts = np.unique(packed, return_counts=True)
        return cls(levels, keys, counts.astype(np.int64))

    def merge(self, other: RankCounts) -> RankCounts:
        _same(self.levels == other.levels)
        keys = np.concatenate([self.keys, other.keys])
        uniq, inv = np.unique(keys, return_inverse=True)
        both = np.concatenate([self.counts, other.counts])
        counts = np.zeros(uniq.size, np.int64)
        np.add.at(counts, inv.reshape(-1), both)
        return RankCounts(self.levels, uniq, counts)

    def rank(self, group: I64, key: npt.NDArray[np.integer]) -> tuple[I32, I64]:
        """Per row: its competition rank (1 + rows of its group with a smaller key) and the
        size of its group. Every (group, key) asked must have been counted."""
        packed = group.astype(np.int64) * self.levels + key.astype(np.int64)
        before = np.cumsum(self.counts) - self.counts
        kgroup = self.keys // self.levels
        first = np.searchsorted(kgroup, kgroup, side="left")
        last = np.searchsorted(kgroup, kgroup, side="right")
        total_before = np.concatenate([before, [int(self.counts.sum())]])
        in_group_before = before - before[first]
        group_size = total_before[last] - before[first]
        pos = np.searchsorted(self.keys, packed)
        if pos.size and (pos.max() >= self.keys.size
                         or not np.array_equal(self.keys[pos], packed)):
            raise ValueError("rank asked for a (group, total) that was not counted")
        return (in_group_before[pos] + 1).astype(np.int32), group_size[pos].astype(np.int64)


def _merged(a: GroupSums, b: GroupSums) -> ExactSums:
    if not (isinstance(a, ExactSums) and isinstance(b, ExactSums)):
        raise TypeError("only mergeable sums (ExactSums, mergeable=True) can be merged")
    return a.merge(b)


def _same(ok: bool) -> None:
    if not ok:
        raise ValueError("sums of different layouts cannot be merged")
