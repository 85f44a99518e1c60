"""Fuzz the ``score`` entry point (issue #9): any table of any cells is scored or refused with
an :class:`~zwxmt.errors.InputError`, never an uncaught exception, and every row read is either
scored or in the failure cases."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zwxmt.errors import ZwxmtError
from zwxmt.scoring import METRICS, SUBSCORE_COLUMNS, score

# cells offices and fuzzers write: blanks, spellings, bounds, overflow, formulas, long text
CELLS = st.one_of(
    st.sampled_from([
        None, "", " ", "nan", "NaN", "inf", "-inf", "-1", "0", "1", "1.5", "31", "32", "1e308",
        "1e19", "1e12", "1,234", "１２", "50%", "150%", "是", "否", "√", "true", "x" * 300,
        "2026-03", "2026-13", "2026/3", "2026年3月", "20261001", "1e30", "-0", "wechat",
        "公众号", "头条号", "app", "county", "区", "县市区", "province", "township", "330825",
        "=cmd|' /C calc'!A0", "@SUM(A1)", "\x00", "2022-12", "1999-01",
    ]),
    st.integers(-10, 10**13), st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
    st.text(max_size=8))
NAMES = [c.name for c in METRICS.columns] + [c.name for c in SUBSCORE_COLUMNS] + [
    "联系电话", "阅读数", "extra"]
REQUIRED = ("account_id", "platform", "period", "level", "posts", "original_posts",
            "posting_days", "serious_errors", "general_errors", "poor_responses",
            "coordination_rate", "platform_misuse")


@st.composite
def tables(draw: st.DrawFn) -> dict[str, list[Any]]:
    n = draw(st.integers(0, 6))
    names = set(draw(st.lists(st.sampled_from(NAMES), max_size=12)))
    if draw(st.booleans()):
        names |= set(REQUIRED)
    return {name: [draw(CELLS) for _ in range(n)] for name in sorted(names)}


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_score_never_raises_an_uncaught_exception(cols: dict[str, list[Any]]) -> None:
    try:
        result = score(cols)
    except ZwxmtError:
        return  # a refused input (a required column absent, a rulebook not in force...)
    counts = result.counts
    assert counts is not None
    assert counts.read == counts.used + counts.rejected == len(next(iter(cols.values())))
    assert len(result) == counts.used
    assert len(np.unique(result.failures.table.column("row").to_numpy())) == counts.rejected
    assert all(0.0 <= t <= 100.0 and math.isfinite(t) for t in result.total.tolist())
    table = result.to_arrow()
    assert table.num_rows == counts.used
    result.regions().to_arrow()
    result.province_platform_averages().to_arrow()


BASE: dict[str, Any] = {
    "account_id": "A", "platform": "wechat", "period": "2026-03", "level": "county",
    "city": "330800", "county": "330825", "posts": 30, "original_posts": 20, "posting_days": 20,
    "serious_errors": 0, "general_errors": 1, "poor_responses": 0,
    "service_availability": 0.9, "coordination_rate": 0.8, "platform_misuse": 0,
    "reads": 9000, "reads_headline": 3000, "reads_max": 2000, "looks": 50,
    "looks_headline": 20, "looks_max": 10, "likes": 300, "likes_headline": 100,
    "likes_max": 80, "reposts": 10, "comments": 20, "veto_notified": "否"}


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, list[Any]]:
    """Valid rows with a few cells replaced: the edges of otherwise scorable input."""
    n = draw(st.integers(1, 5))
    cols = {k: [v] * n for k, v in BASE.items()}
    cols["account_id"] = [f"A{i}" for i in range(n)]
    for _ in range(draw(st.integers(0, 4))):
        name = draw(st.sampled_from(sorted(BASE)))
        cols[name][draw(st.integers(0, n - 1))] = draw(CELLS)
    return cols


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_score_of_mutated_rows_accounts_for_every_row(cols: dict[str, list[Any]]) -> None:
    try:
        result = score(cols)
    except ZwxmtError:
        return
    counts = result.counts
    assert counts is not None and counts.read == len(cols["account_id"])
    assert counts.read == counts.used + counts.rejected
    assert all(0.0 <= t <= 100.0 for t in result.total.tolist())
    assert result.to_arrow().num_rows == counts.used
