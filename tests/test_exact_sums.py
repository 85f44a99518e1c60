"""Exact group sums (zwxmt.exact): equal to math.fsum, independent of order and partitioning."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from zwxmt.exact import ExactSums, exact_group_sums

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
