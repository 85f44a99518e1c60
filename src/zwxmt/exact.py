"""Exact, order-independent group sums of float64 (精确求和): a vectorised superaccumulator.

A float sum ``Σ x`` computed left to right depends on the order of the rows, so a province
average moved (by up to 2.8e-14) when the input was shuffled, and a sum merged from partitions
differed from the single-process one. :class:`ExactSums` keeps, per group, the *exact* sum as a
fixed-point integer over the whole float64 range (70 signed 32-bit digits, 2**-1127 .. 2**1113)
plus the counts of NaN, +inf and -inf. Adding rows, merging two states (:meth:`merge`,
associative and commutative) and the final rounding (:meth:`values`, one correct rounding of
the exact sum, as :func:`math.fsum`) therefore give the same bits whatever the order of the
rows or the partitioning.

Everything is whole-array numpy: each value's 53-bit mantissa is split into three digits and
added with ``np.bincount`` (in chunks small enough that the float64 accumulation of 32-bit
digits stays exact), carries are propagated digit by digit across all groups at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import numpy.typing as npt

from zwxmt.arrays import F64, I64

__all__ = ["ExactSums", "GroupSums", "SplitSums", "exact_group_sums", "group_sums"]

_BITS = 32
_MASK = (1 << _BITS) - 1
#: exponent of the lowest digit: a subnormal's mantissa, normalised to 53 bits, reaches 2**-1127
_EMIN = -1074 - 53
#: digits: the highest mantissa bit of the largest double is 2**1023 (position 2150), its
#: three digits end at digit 67; two more absorb the carries of up to 2**64 maximal values
N_DIGITS = 70
#: rows per ``bincount`` chunk: 3 digits < 2**32 per row, float64 sums of 2**20 rows are exact
_CHUNK = 1 << 20
#: splitting levels of the fast path before the remaining values are split into digits
_LEVELS = 4
#: rows per block of the fast path (its temporaries stay in the CPU cache)
_BLOCK = 1 << 15


@dataclass(frozen=True)
class ExactSums:
    """Exact sums of float64 values per group: ``digits[g]`` (little-endian base 2**32, signed
    top digit after :meth:`normalised`) and ``special[g]`` = counts of (NaN, +inf, -inf)."""

    digits: I64  # (groups, N_DIGITS)
    special: I64  # (groups, 3)

    @property
    def groups(self) -> int:
        return int(self.digits.shape[0])

    @classmethod
    def zeros(cls, groups: int) -> ExactSums:
        return cls(np.zeros((groups, N_DIGITS), np.int64), np.zeros((groups, 3), np.int64))

    @classmethod
    def of(cls, values: npt.ArrayLike, group: npt.ArrayLike, groups: int) -> ExactSums:
        """The exact sum of ``values`` per ``group`` (codes in ``0 .. groups-1``)."""
        x = np.asarray(values, dtype=np.float64).reshape(-1)
        g = np.asarray(group, dtype=np.int64).reshape(-1)
        if x.shape != g.shape:
            raise ValueError("values and groups differ in length")
        digits = np.zeros(groups * N_DIGITS, np.int64)
        special = np.zeros((groups, 3), np.int64)
        # max/min propagate NaN and show ±inf: one cheap test before the full one
        if x.size and not np.isfinite(float(x.max()) - float(x.min())) \
                and not (finite := np.isfinite(x)).all():
            special[:, 0] = np.bincount(g[np.isnan(x)], minlength=groups)
            special[:, 1] = np.bincount(g[x == np.inf], minlength=groups)
            special[:, 2] = np.bincount(g[x == -np.inf], minlength=groups)
            x, g = x[finite], g[finite]
        for i in range(0, x.shape[0], _CHUNK):
            digits += _chunk_sums(x[i:i + _CHUNK], g[i:i + _CHUNK], groups)
        return cls(digits.reshape(groups, N_DIGITS), special).normalised()

    def normalised(self) -> ExactSums:
        """Carries propagated: every digit but the top in ``0 .. 2**32-1`` (a canonical form)."""
        d = self.digits.copy()
        for k in range(N_DIGITS - 1):
            carry = d[:, k] >> _BITS  # floor division: negative digits borrow
            d[:, k] -= carry << _BITS
            d[:, k + 1] += carry
        return ExactSums(d, self.special)

    def merge(self, other: ExactSums) -> ExactSums:
        """The sums of both (same groups): exact, associative and commutative."""
        if self.digits.shape != other.digits.shape:
            raise ValueError("exact sums over different groups")
        return ExactSums(self.digits + other.digits, self.special + other.special).normalised()

    def regroup(self, target: npt.ArrayLike, groups: int) -> ExactSums:
        """Sums of groups added into coarser groups (``target[g]``; negative drops ``g``)."""
        t = np.asarray(target, dtype=np.int64)
        keep = t >= 0
        src = self.normalised() if self.digits.size else self
        rows = t[keep]
        if rows.size < 1 << 20:
            # normalised digits are below 2**32 (the top one signed): float sums of fewer than
            # 2**20 of them stay below 2**53, hence exact in any order — one bincount instead
            # of np.add.at over rows of digits
            cols = np.arange(N_DIGITS, dtype=np.int64)
            keys = (rows[:, None] * N_DIGITS + cols).reshape(-1)
            d = np.bincount(keys, weights=src.digits[keep].reshape(-1).astype(np.float64),
                            minlength=groups * N_DIGITS)
            d = d.astype(np.int64).reshape(groups, N_DIGITS)
        else:  # pragma: no cover - more than a million groups merged at once
            d = np.zeros((groups, N_DIGITS), np.int64)
            np.add.at(d, rows, src.digits[keep])
        s = np.zeros((groups, 3), np.int64)
        np.add.at(s, rows, src.special[keep])
        return ExactSums(d, s).normalised()

    def take(self, rows: npt.ArrayLike) -> ExactSums:
        r = np.asarray(rows, dtype=np.int64)
        return ExactSums(self.digits[r], self.special[r])

    def values(self) -> F64:
        """Each group's exact sum rounded once to the nearest float64 (ties to even)."""
        d = self.digits
        n = d.shape[0]
        negative = d[:, -1] < 0
        if negative.any():
            d = d.copy()
            d[negative] = -d[negative]
            d = ExactSums(d, self.special).normalised().digits
        out = _round(d)
        out[negative] = -out[negative]
        return _with_special(out.reshape(n), self.special)


def _chunk_sums(x: F64, g: I64, groups: int) -> I64:
    """Per (group, digit): the exact sums of a chunk (at most ``_CHUNK`` rows) of finite ``x``.

    Fast path (error-free splitting): with ``|x| <= 2**E`` over the chunk, ``hi = (x + C) - C``
    for ``C = 1.5 * 2**(E+21)`` is ``x`` rounded to a multiple of ``2**(E-31)`` (exactly, by
    Sterbenz) and ``x - hi`` is exact; float sums of at most 2**20 such ``hi`` are multiples of
    the unit below 2**52 units, hence exact in any order. Each level peels 32 bits, over
    blocks of ``_BLOCK`` rows that stay in cache; what remains after ``_LEVELS`` levels
    (values spanning a very wide range of magnitudes) and the level sums go through the
    digit split.
    """
    out = np.zeros(groups * N_DIGITS, np.int64)
    level_sums: list[F64] = []
    rest = x
    top = max(float(rest.max()), -float(rest.min())) if rest.size else 0.0
    owned = False
    for _ in range(_LEVELS):
        if top == 0.0:
            break
        e = int(np.frexp(top)[1])
        if not -1000 < e < 1000:
            break
        c = np.ldexp(1.5, e + 21)
        acc = np.zeros(groups, np.float64)
        top = 0.0
        out_rest = rest if owned else np.empty_like(rest)
        for lo in range(0, rest.shape[0], _BLOCK):
            r = rest[lo:lo + _BLOCK]
            hi = r + c
            hi -= c
            acc += np.bincount(g[lo:lo + _BLOCK], weights=hi, minlength=groups)
            left = out_rest[lo:lo + _BLOCK]
            np.subtract(r, hi, out=left)
            top = max(top, float(left.max()), -float(left.min()))
        rest, owned = out_rest, True
        level_sums.append(acc)
        # few left: carry only those (counted first: flatnonzero of a mostly nonzero column
        # costs more than the level itself)
        if top != 0.0 and np.count_nonzero(rest) * 8 < rest.size:
            kept = np.flatnonzero(rest)
            rest, g = rest[kept], g[kept]
    if top != 0.0:
        nz = rest != 0
        out += _digit_sums(rest[nz], g[nz], groups)
    if level_sums:
        sums = np.concatenate(level_sums)
        codes = np.tile(np.arange(groups, dtype=np.int64), len(level_sums))
        nz = sums != 0
        out += _digit_sums(sums[nz], codes[nz], groups)
    return out


def _digit_sums(x: F64, g: I64, groups: int) -> I64:
    """Per (group, digit): the sum of the digits of finite ``x`` (at most ``_CHUNK`` rows)."""
    mant, exp = np.frexp(x)
    m = np.ldexp(np.abs(mant), 53).astype(np.int64)  # the integer mantissa, < 2**53
    pos = exp.astype(np.int64) - 53 - _EMIN
    pos[m == 0] = 0
    digit = pos >> 5
    off = pos & 31
    lo = (m & _MASK) << off  # < 2**63
    hi = (m >> _BITS) << off  # < 2**53
    sign = np.where(mant < 0, -1.0, 1.0)
    base = g * N_DIGITS + digit
    keys = np.concatenate([base, base + 1, base + 2])
    weights = np.concatenate([
        (lo & _MASK).astype(np.float64),
        ((lo >> _BITS) + (hi & _MASK)).astype(np.float64),
        (hi >> _BITS).astype(np.float64)])
    weights *= np.concatenate([sign, sign, sign])
    sums = np.bincount(keys, weights=weights, minlength=groups * N_DIGITS)
    return sums.astype(np.int64)


def _round(d: I64) -> F64:
    """Nonnegative normalised digits → float64, correctly rounded.

    The top 64 significant bits are taken "rounded to odd" (any lower nonzero bit sets the
    lowest one), then converted by the uint64 → float64 cast (round to nearest): rounding to
    odd at 64 ≥ 53 + 2 bits makes the double rounding exact.
    """
    n = d.shape[0]
    out = np.zeros(n, np.float64)
    nonzero = d != 0
    has = nonzero.any(axis=1)
    if not has.any():
        return out
    rows = np.flatnonzero(has)
    dd = d[rows]
    # two zero digits below, so the top digit always has two digits under it
    padded = np.concatenate([np.zeros((rows.size, 2), np.int64), dd], axis=1)
    nz = padded != 0
    top = padded.shape[1] - 1 - np.argmax(nz[:, ::-1], axis=1)
    r = np.arange(rows.size)
    dt_ = padded[r, top].astype(np.uint64)
    d1 = padded[r, top - 1].astype(np.uint64)
    d2 = padded[r, top - 2].astype(np.uint64)
    below = np.concatenate([np.zeros((rows.size, 1), np.int64),
                            np.cumsum(nz, axis=1)], axis=1)[r, top - 2] > 0
    s = np.frexp(dt_.astype(np.float64))[1].astype(np.uint64)  # bit length of the top digit
    a = (dt_ << np.uint64(_BITS)) | d1
    window = (a << (np.uint64(_BITS) - s)) | (d2 >> s)
    lost = ((d2 & ((np.uint64(1) << s) - np.uint64(1))) != 0) | below
    window |= lost.astype(np.uint64)
    exp = (top.astype(np.int64) - 4) * _BITS + s.astype(np.int64) + _EMIN
    with np.errstate(over="ignore"):  # a sum beyond the largest double is ±inf
        out[rows] = np.ldexp(window.astype(np.float64), exp)
    return out


class GroupSums(Protocol):
    """What the province sums need of a sum state: regrouping and the rounded values."""

    def regroup(self, target: npt.ArrayLike, groups: int) -> GroupSums: ...

    def take(self, rows: npt.ArrayLike) -> GroupSums: ...

    def values(self) -> F64: ...


#: unit roundoff of float64
_U = 2.0 ** -53
#: rows beyond which one process also uses the digit state (the grid of :class:`SplitSums`
#: coarsens with the row count, and its error bound grows with the square of a group's rows)
_SPLIT_MAX_ROWS = 1 << 26
#: rows per block of :meth:`SplitSums.of` (1 MB of complex parts)
_SPLIT_BLOCK = 1 << 16


@dataclass(frozen=True)
class SplitSums:
    """Correctly rounded group sums for one process (拆分求和): the same bits as
    :class:`ExactSums`, at the cost of one complex scatter-add.

    Each value is split, error-free, into ``hi`` (rounded to a multiple of ``unit``, a power of
    two chosen from the largest value and the row count so that any sum of them is exact in
    float64, in any order) and ``lo = x - hi`` (``|lo| <= unit / 2``). Per group, ``hi_sum`` is
    exact; ``lo_sum`` is a float sum whose error is at most ``γ(m)·m·unit/2`` for a group of
    ``m`` rows (any summation order, Higham's bound), and 0 when none of the group's values is
    nonzero and below ``small = 2**(e + 2L - 53)`` (``|x| < 2**e``, ``L`` the row count's bit
    length; :meth:`tiny`): then every ``lo`` is a multiple of ``2**(e + 2L - 105)`` and every
    partial sum stays below ``2**53`` of those, so ``lo_sum`` is exact too. :meth:`values`
    rounds ``hi_sum + lo_sum`` once; where the bound leaves two candidate floats (the sum lies
    within the bound of a rounding boundary, a tie say), the group's rows are summed by
    :class:`ExactSums`. The result is
    therefore the exact sum correctly rounded, whatever the order of the rows, and equal to
    what partitions merged through :class:`ExactSums` give. Not mergeable: partitions use
    :class:`ExactSums`.
    """

    unit: float
    small: float  # below this, a nonzero value may leave ``lo_sum`` inexact
    hi_sum: F64
    lo_sum: F64
    count: F64  # finite rows per group
    special: I64  # (groups, 3): NaN, +inf, -inf
    x: F64  # the finite rows, kept for the rare undecided group
    row_group: I64  # each kept row's group in the numbering of ``hi_sum`` at creation
    to_group: I64  # creation group -> this state's group (-1: dropped)
    # per group at creation, the values that are nonzero and below ``small``: found when
    # first needed, shared by the regroupings of one column
    memo: dict[str, I64] = field(default_factory=dict, compare=False, repr=False)

    @property
    def groups(self) -> int:
        return int(self.hi_sum.shape[0])

    def tiny(self) -> I64:
        """Per group: its values that are nonzero and below ``small`` (where none, the group's
        ``lo_sum`` is exact)."""
        at_creation = self.memo.get("tiny")
        if at_creation is None:
            x = self.x
            a = x if x.size == 0 or float(x.min()) >= 0.0 else np.abs(x)
            rows = np.flatnonzero((a < self.small) & (a != 0.0))
            at_creation = np.bincount(self.row_group[rows], minlength=self.to_group.shape[0])
            self.memo["tiny"] = at_creation
        keep = self.to_group >= 0
        out: I64 = np.bincount(self.to_group[keep], weights=at_creation[keep],
                               minlength=self.groups).astype(np.int64)
        return out

    @classmethod
    def of(cls, values: npt.ArrayLike, group: npt.ArrayLike, groups: int,
           count: npt.ArrayLike | None = None) -> GroupSums:
        """The sums of ``values`` per ``group`` (``count``: rows per group, if known); an
        :class:`ExactSums` where the split does not apply (more than ``_SPLIT_MAX_ROWS`` rows,
        or values near the ends of float64)."""
        x = np.asarray(values, dtype=np.float64).reshape(-1)
        g = np.asarray(group, dtype=np.int64).reshape(-1)
        if x.shape != g.shape:
            raise ValueError("values and groups differ in length")
        n = x.shape[0]
        special = np.zeros((groups, 3), np.int64)
        top = max(float(x.max()), -float(x.min())) if n else 0.0
        if not np.isfinite(top):
            finite = np.isfinite(x)
            special[:, 0] = np.bincount(g[np.isnan(x)], minlength=groups)
            special[:, 1] = np.bincount(g[x == np.inf], minlength=groups)
            special[:, 2] = np.bincount(g[x == -np.inf], minlength=groups)
            x, g = x[finite], g[finite]
            n = x.shape[0]
            top = max(float(x.max()), -float(x.min())) if n else 0.0
            count = None
        e = int(np.frexp(top)[1])  # |x| < 2**e
        k = e + n.bit_length() - 52  # unit 2**k: (2**L - 1) * 2**e < 2**53 units
        if n > _SPLIT_MAX_ROWS or k <= -1000 or e + n.bit_length() >= 1020:
            out = ExactSums.of(x, g, groups)
            return ExactSums(out.digits, out.special + special)
        c = np.ldexp(1.5, 52 + k)  # x + c lies in [2**(52+k), 2**(53+k)): its ulp is the unit
        # hi and lo as the real and imaginary parts of one complex column: one scatter-add
        # (np.add.at) sums both, faster than two float bincounts; by blocks of rows whose
        # parts stay in the CPU cache (and in memory already mapped)
        parts = np.empty(min(n, _SPLIT_BLOCK), np.complex128)
        sums = np.zeros(groups, np.complex128)
        for start in range(0, n, _SPLIT_BLOCK):
            xb = x[start:start + _SPLIT_BLOCK]
            block = parts[:xb.shape[0]]
            hi, lo = block.real, block.imag
            np.add(xb, c, out=hi)
            hi -= c
            np.subtract(xb, hi, out=lo)  # exact
            np.add.at(sums, g[start:start + _SPLIT_BLOCK], block)
        rows = np.bincount(g, minlength=groups) if count is None else count
        return cls(float(np.ldexp(1.0, k)), float(np.ldexp(1.0, e + 2 * n.bit_length() - 53)),
                   sums.real.copy(), sums.imag.copy(), np.asarray(rows, dtype=np.float64),
                   special, x, g, np.arange(groups, dtype=np.int64))

    def regroup(self, target: npt.ArrayLike, groups: int) -> SplitSums:
        """Sums of groups added into coarser groups (``target[g]``; negative drops ``g``)."""
        t = np.asarray(target, dtype=np.int64)
        keep = t >= 0
        rows = t[keep]

        def add(v: F64) -> F64:
            out: F64 = np.bincount(rows, weights=v[keep], minlength=groups).astype(
                np.float64, copy=False)  # (bincount of no rows gives int64 zeros)
            return out

        special = np.zeros((groups, 3), np.int64)
        if self.special.any():
            np.add.at(special, rows, self.special[keep])
        to_group = np.where(self.to_group >= 0, np.append(t, -1)[self.to_group], -1)
        return SplitSums(self.unit, self.small, add(self.hi_sum), add(self.lo_sum),
                         add(self.count), special, self.x, self.row_group, to_group, self.memo)

    def take(self, rows: npt.ArrayLike) -> SplitSums:
        """The groups ``rows`` (distinct), in that order."""
        r = np.asarray(rows, dtype=np.int64)
        target = np.full(self.groups, -1, np.int64)
        target[r] = np.arange(r.size, dtype=np.int64)
        return self.regroup(target, int(r.size))

    def values(self) -> F64:
        """Each group's exact sum rounded once to the nearest float64 (ties to even)."""
        s, t, m = self.hi_sum, self.lo_sum, self.count
        out = s + t
        # |fl(Σ lo) - Σ lo| <= γ(m-1) Σ|lo| <= γ(m) m unit/2, widened for the rounding of the
        # bound itself and of t ± bound
        bound = (m * m * (self.unit * _U / 2.0)) / (1.0 - m * _U)
        bound = bound * (1.0 + 2.0 ** -40) + np.abs(t) * (2.0 * _U) + 2.0 ** -1074
        bound[m == 0] = 0.0  # an empty group sums to 0 exactly
        undecided = (s + (t - bound) != out) | (s + (t + bound) != out)
        if undecided.any():
            undecided &= self.tiny() > 0  # else the group's lo_sum is exact: out is the sum
        if undecided.any():
            # the rows of the undecided groups only, summed exactly into those groups alone
            which = np.flatnonzero(undecided)
            compact = np.full(self.groups + 1, -1, np.int64)
            compact[which] = np.arange(which.size)
            row_code = compact[self.to_group][self.row_group]  # -1: a decided group's row
            at_row = row_code >= 0
            out[which] = ExactSums.of(self.x[at_row], row_code[at_row], which.size).values()
        return _with_special(out, self.special)


def _with_special(out: F64, special: I64) -> F64:
    nan, pinf, ninf = (special[:, i] > 0 for i in range(3))
    out[pinf] = np.inf
    out[ninf] = -np.inf
    out[nan | (pinf & ninf)] = np.nan
    return out


def group_sums(values: npt.ArrayLike, group: npt.ArrayLike, groups: int, *,
               mergeable: bool = False, count: npt.ArrayLike | None = None) -> GroupSums:
    """Exact group sums: :class:`ExactSums` (mergeable across partitions) or, in one process,
    the faster :class:`SplitSums`; both round to the same bits."""
    if mergeable:
        return ExactSums.of(values, group, groups)
    return SplitSums.of(values, group, groups, count)


def exact_group_sums(values: npt.ArrayLike, group: npt.ArrayLike, groups: int) -> F64:
    """``np.bincount(group, weights=values)`` made exact and order-independent."""
    return group_sums(values, group, groups).values()
