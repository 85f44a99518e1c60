"""Peer statistics (同类账号统计): the frozen first pass that makes chunked scoring exact.

Two conversions of ``ZJG-9.2-T2`` look beyond the row being scored: 运营指数 "综合折算" against
the highest index of the same platform in the province in the period, and 成长指数 "同比变化"
against the same account's indices a year earlier. :class:`PeerStatistics` holds both, computed
once over the whole province (:func:`zwxmt.scoring.engine.peer_statistics`); scoring any
slice of the frame with the same object gives, row for row and bit for bit, what scoring the
whole gives.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from zwxmt.arrays import F64, I8, I32
from zwxmt.errors import ZwxmtError
from zwxmt.months import label as month_label
from zwxmt.scoring.frame import ScoringFrame
from zwxmt.scoring.parameters import PLATFORMS

__all__ = ["PeerMaxima", "PeerStatistics", "PeerStatisticsMismatch"]


#: Above this many cells per input row the baseline is stored sparse (sorted keys).
_DENSE_LIMIT = 4


class PeerStatisticsMismatch(ZwxmtError):
    """Peer statistics applied to a frame they were not computed for."""

    code = "peer_statistics_mismatch"


@dataclass(frozen=True)
class PeerStatistics:
    """Province-wide statistics a row's score depends on, frozen after the first pass.

    ``operation_peer_max[m, p]``: the highest raw WCI/BCI/DCI of platform ``p`` in month
    ``month0 + m``. ``baseline``: each account's 运营指数 and 勤勉指数 by month, to look up a
    year earlier: a dense ``account × month`` table (key ``account * n_months + month``; keys
    past its end are unknown), or rows under sorted ``baseline_keys`` when that table would be
    large. ``account_labels`` are the account categories the codes refer to; a frame must
    share them.
    """

    rulebook: str
    month0: int
    n_months: int
    operation_peer_max: F64
    account_labels: npt.NDArray[np.str_]
    baseline: tuple[F64, F64]  # (运营指数, 勤勉指数) by key
    baseline_keys: npt.NDArray[np.int64] | None
    lag_months: int

    @classmethod
    def build(cls, rulebook: str, frame: ScoringFrame, raw_index: F64,
              lag_months: int) -> PeerStatistics:
        """Peer maxima from first-pass raw indices (one per frame row); no baseline yet."""
        n = len(frame)
        empty = (np.zeros(0), np.zeros(0))
        if n == 0:
            return cls(rulebook, 0, 0, np.zeros((0, len(PLATFORMS))), frame.account.labels,
                       empty, None, lag_months)
        month0 = int(frame.period.min())
        n_months = int(frame.period.max()) - month0 + 1
        cell = (frame.period - month0).astype(np.intp) * len(PLATFORMS) + frame.platform
        peer_max = np.zeros(n_months * len(PLATFORMS))
        valid = ~np.isnan(raw_index)
        if valid.all():
            np.maximum.at(peer_max, cell, raw_index)
        else:
            np.maximum.at(peer_max, cell[valid], raw_index[valid])
        return cls(rulebook, month0, n_months, peer_max.reshape(n_months, len(PLATFORMS)),
                   frame.account.labels, empty, None, lag_months)

    def with_baseline(self, frame: ScoringFrame, operation: F64,
                      diligence: F64) -> PeerStatistics:
        """These statistics plus each row's 运营/勤勉指数 as the baseline for 同比."""
        if len(frame) == 0:
            return self
        return self.with_baseline_rows(frame.account.codes, frame.period, operation, diligence)

    def with_baseline_rows(self, account: I32, period: I32, operation: F64,
                           diligence: F64) -> PeerStatistics:
        """The baseline from rows (account code, month, 运营指数, 勤勉指数) in any order: the
        rows of the whole province, e.g. gathered from partitions. One row per account-month."""
        n = int(period.shape[0])
        if n == 0:
            return self
        n_accounts = len(self.account_labels)
        key = account.astype(np.int64)
        key *= self.n_months
        key += period
        key -= self.month0
        cells = n_accounts * self.n_months
        keys: npt.NDArray[np.int64] | None = None
        if cells <= _DENSE_LIMIT * n + 1024:
            base = (np.full(cells, np.nan), np.full(cells, np.nan))
            base[0][key] = operation
            base[1][key] = diligence
        else:
            order = np.argsort(key, kind="stable")
            keys = key[order]
            base = (operation[order], diligence[order])
        for column in base:
            column.flags.writeable = False
        return PeerStatistics(self.rulebook, self.month0, self.n_months,
                              self.operation_peer_max, self.account_labels, base, keys,
                              self.lag_months)

    @classmethod
    def from_maxima(cls, rulebook: str, maxima: PeerMaxima,
                    account_labels: npt.NDArray[np.str_], lag_months: int) -> PeerStatistics:
        """Statistics from merged :class:`PeerMaxima` over the province's account labels."""
        return cls(rulebook, maxima.month0, maxima.n_months, maxima.table, account_labels,
                   (np.zeros(0), np.zeros(0)), None, lag_months)

    # -- lookups (vectorised over the rows of a frame) -----------------------------------------

    def check(self, frame: ScoringFrame, rulebook: str) -> None:
        """Refuse a frame these statistics do not cover."""
        if rulebook != self.rulebook:
            raise PeerStatisticsMismatch(
                f"peer statistics were computed with rulebook {self.rulebook!r}, not {rulebook!r}")
        labels = frame.account.labels
        if labels is not self.account_labels and not np.array_equal(labels, self.account_labels):
            raise PeerStatisticsMismatch(
                "the frame's account categories differ from those of the peer statistics: "
                "score slices of the frame the statistics were computed on (ScoringFrame.take)")
        if len(frame):
            lo, hi = int(frame.period.min()), int(frame.period.max())
            if lo < self.month0 or hi >= self.month0 + self.n_months:
                raise PeerStatisticsMismatch(
                    f"the frame covers {month_label(lo)}..{month_label(hi)}, the peer "
                    f"statistics {month_label(self.month0)}.."
                    f"{month_label(self.month0 + self.n_months - 1)}")

    def peer_max(self, period: I32, platform: I8 | int) -> F64:
        """Per row: the province's highest raw index of the row's platform and month."""
        flat = self.operation_peer_max.reshape(-1)
        out: F64 = flat[(period - self.month0).astype(np.intp) * len(PLATFORMS) + platform]
        return out

    def last_year(self, account: I32, period: I32) -> tuple[F64, F64]:
        """Per row: the account's 运营 and 勤勉指数 ``lag_months`` earlier (NaN if unknown)."""
        off = (period - (self.month0 + self.lag_months)).astype(np.int64)
        key = account.astype(np.int64)
        key *= self.n_months
        key += off
        n = key.shape[0]
        op_by, dil_by = self.baseline
        hit = off >= 0  # a month before the first: no baseline (and the key is another's)
        if self.baseline_keys is None:
            hit &= key < op_by.shape[0]
            if hit.all():
                return op_by.take(key), dil_by.take(key)
            pos = key[hit]
        else:
            found = np.minimum(np.searchsorted(self.baseline_keys, key),
                               max(self.baseline_keys.shape[0] - 1, 0))
            hit &= self.baseline_keys.take(found, mode="clip") == key
            pos = found[hit]
        op = np.full(n, np.nan)
        dil = np.full(n, np.nan)
        op[hit] = op_by.take(pos)
        dil[hit] = dil_by.take(pos)
        return op, dil


@dataclass(frozen=True)
class PeerMaxima:
    """The mergeable part of the first pass: per month (from ``month0``) and platform, the
    highest raw WCI/BCI/DCI seen (0 where none). Merging takes the maximum over the union of
    the months: exact, associative and commutative, so the maxima of any partitioning are
    those of the whole province."""

    month0: int
    n_months: int
    table: F64  # (n_months, platforms)

    @classmethod
    def of(cls, stats: PeerStatistics) -> PeerMaxima:
        return cls(stats.month0, stats.n_months, stats.operation_peer_max)

    def merge(self, other: PeerMaxima) -> PeerMaxima:
        if self.n_months == 0:
            return other
        if other.n_months == 0:
            return self
        lo = min(self.month0, other.month0)
        hi = max(self.month0 + self.n_months, other.month0 + other.n_months)
        out = np.zeros((hi - lo, len(PLATFORMS)))
        for part in (self, other):
            at = part.month0 - lo
            np.maximum(out[at:at + part.n_months], part.table, out=out[at:at + part.n_months])
        return PeerMaxima(lo, hi - lo, out)
