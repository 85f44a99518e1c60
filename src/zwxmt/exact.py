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

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from zwxmt.arrays import F64, I64

__all__ = ["ExactSums", "exact_group_sums"]

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
        nan, pinf, ninf = (self.special[:, i] > 0 for i in range(3))
        out[pinf] = np.inf
        out[ninf] = -np.inf
        out[nan | (pinf & ninf)] = np.nan
        return out.reshape(n)


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


def exact_group_sums(values: npt.ArrayLike, group: npt.ArrayLike, groups: int) -> F64:
    """``np.bincount(group, weights=values)`` made exact and order-independent."""
    return ExactSums.of(values, group, groups).values()
