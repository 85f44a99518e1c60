"""Exact group sums (zwxmt.exact): equal to math.fsum, independent of order and partitioning."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from zwxmt.exact import ExactSums, SplitSums, exact_group_sums, group_sums

finite = st.floats(allow_nan=False, allow_infinity=False, width=64)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(finite, st.integers(0, 3)), max_size=60), st.randoms())
def test_sums_are_fsum_and_order_free(pairs: list[tuple[float, int]], rnd: object) -> None:
    x = np.array([p[0] for p in pairs], dtype=np.float64)
    g = np.array([p[1] for p in pairs], dtype=np.int64)
    got = exact_group_sums(x, g, 4)
    for k in range(4):
        try:
            ref = math.fsum(x[g == k])
        except OverflowError:  # fsum's intermediate overflow; ours is exact
            continue
        assert got[k] == ref or (got[k] == 0.0 and ref == 0.0)
    order = list(range(x.size))
    rnd.shuffle(order)  # type: ignore[attr-defined]
    cut = x.size // 3
    a, b = np.array(order[:cut], dtype=np.int64), np.array(order[cut:], dtype=np.int64)
    merged = ExactSums.of(x[b], g[b], 4).merge(ExactSums.of(x[a], g[a], 4))
    assert np.array_equal(merged.values(), got)


def test_worked_example_where_float_order_matters() -> None:
    # left to right: (1e16 + 1) + 1 - 1e16 = 0 (each 1 is lost); exactly: 2
    x = np.array([1e16, 1.0, 1.0, -1e16])
    assert (1e16 + 1.0 + 1.0) - 1e16 == 0.0
    assert exact_group_sums(x, np.zeros(4, np.int64), 1)[0] == 2.0
    # 0.1 + 0.2 + 0.3 in two orders differ as floats; the exact sum rounds once
    assert (0.1 + 0.2) + 0.3 != 0.1 + (0.2 + 0.3)
    s1 = exact_group_sums([0.1, 0.2, 0.3], [0, 0, 0], 1)[0]
    s2 = exact_group_sums([0.3, 0.2, 0.1], [0, 0, 0], 1)[0]
    assert s1 == s2 == math.fsum([0.1, 0.2, 0.3]) == 0.6


def test_special_values() -> None:
    got = exact_group_sums([np.nan, 1.0, np.inf, 2.0, np.inf, -np.inf, 1e308, 1e308, -1e308],
                           [0, 0, 1, 1, 2, 2, 3, 3, 3], 5)
    assert np.isnan(got[0]) and got[1] == np.inf and np.isnan(got[2])
    assert got[3] == 1e308 and got[4] == 0.0
    # tiny values: subnormals are summed exactly
    tiny = np.array([5e-324, 5e-324, -1e-320])
    assert exact_group_sums(tiny, [0, 0, 0], 1)[0] == math.fsum(tiny)


# -- SplitSums: the one-process path rounds to the same bits as ExactSums --------------------

def _same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.array_equal(a.view(np.int64), b.view(np.int64)))


anyfloat = st.floats(allow_nan=True, allow_infinity=True, width=64)
magnitudes = st.sampled_from([1.0, 100.0, 1e-3, 1e-300, 1e300, 2.0 ** -1070])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(finite, st.integers(0, 5)), max_size=80),
       st.lists(st.tuples(anyfloat, st.integers(0, 5)), max_size=3),
       st.lists(st.integers(-1, 2), min_size=6, max_size=6))
def test_split_sums_equal_exact_sums(pairs: list[tuple[float, int]],
                                     odd: list[tuple[float, int]], target: list[int]) -> None:
    rows = pairs + odd
    x = np.array([p[0] for p in rows], dtype=np.float64)
    g = np.array([p[1] for p in rows], dtype=np.int64)
    split, exact = SplitSums.of(x, g, 6), ExactSums.of(x, g, 6)
    assert _same_bits(split.values(), exact.values())
    t = np.array(target, dtype=np.int64)
    assert _same_bits(split.regroup(t, 3).values(), exact.regroup(t, 3).values())
    assert _same_bits(split.take([4, 1]).values(), exact.take([4, 1]).values())


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 3000), magnitudes, st.integers(0, 2 ** 32 - 1))
def test_split_sums_of_score_like_columns(n: int, scale: float, seed: int) -> None:
    # many rows of one magnitude, some exact zeros and round values (ties are frequent)
    rng = np.random.default_rng(seed)
    x = rng.random(n) * scale
    x[rng.random(n) < 0.2] = 0.0
    rounded = rng.random(n) < 0.2
    x[rounded] = np.round(x[rounded])
    g = rng.integers(0, 7, n)
    assert _same_bits(SplitSums.of(x, g, 7).values(), ExactSums.of(x, g, 7).values())


def test_split_sums_decide_a_tie_by_the_exact_sum() -> None:
    # 1 + 2**-53 is a tie between 1 and 1 + 2**-52 as floats; 1e-300 more breaks it upwards.
    # The hi parts give 1, the remainders 2**-53 (+1e-300, lost in their float sum): the error
    # bound straddles the tie, so the group is summed exactly.
    x = np.array([1.0, 2.0 ** -53, 1e-300])
    got = SplitSums.of(x, np.zeros(3, np.int64), 1)
    assert isinstance(got, SplitSums) and got.tiny()[0] == 2  # 2**-53 and 1e-300 are tiny
    assert got.hi_sum[0] + got.lo_sum[0] == 1.0  # the float sum of the parts rounds down
    assert got.values()[0] == 1.0 + 2.0 ** -52 == math.fsum(x)


def test_split_sums_fall_back_beyond_their_range() -> None:
    # values near the top of float64: the split's constant would overflow; digit sums instead
    got = group_sums([1e308, 1e308, -1e308], [0, 0, 0], 1)
    assert isinstance(got, ExactSums) and got.values()[0] == 1e308
    assert not isinstance(group_sums([1.0], [0], 1, mergeable=False), ExactSums)
    assert isinstance(group_sums([1.0], [0], 1, mergeable=True), ExactSums)


def test_split_sums_over_many_blocks() -> None:
    # more rows than one block of the split (65,536): scores with ties, zeros, tiny values
    rng = np.random.default_rng(14)
    n = 300_000
    x = np.round(rng.random(n) * 100, 2)
    x[rng.random(n) < 0.1] = 0.0
    x[:50] = rng.random(50) * 1e-9
    g = rng.integers(0, 997, n)
    split = SplitSums.of(x, g, 997)
    assert isinstance(split, SplitSums)
    assert _same_bits(split.values(), ExactSums.of(x, g, 997).values())
    order = rng.permutation(n)
    assert _same_bits(SplitSums.of(x[order], g[order], 997).values(), split.values())
