"""Hypothesis properties of the scoring engine (ZJG-9.2-T2).

Bounds, monotonicity, order independence, chunked = whole (bit for bit), and equality with
the plain per-row oracle in ``scoring_oracle``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tests.scoring_oracle as oracle
from tests.scoring_oracle import SECTION, frame_from_rows
from zwxmt.scoring import (
    INDEXES,
    PLATFORMS,
    SUBSCORES,
    ScoreResult,
    combine,
    peer_statistics,
    score,
)

COUNTIES = (("330100", "330102"), ("330100", "330106"), ("330800", "330825"))
MONTHS = ("2025-03", "2025-04", "2025-05", "2026-03", "2026-04", "2026-05")

count = st.integers(min_value=0, max_value=400)
big = st.integers(min_value=0, max_value=2_000_000)


@st.composite
def accounts(draw: Any) -> list[dict[str, Any]]:
    n = draw(st.integers(min_value=1, max_value=7))
    out = []
    for i in range(n):
        level = draw(st.sampled_from(("province", "city", "county", "township")))
        city, county = draw(st.sampled_from(COUNTIES))
        out.append({"account_id": f"A{i}", "platform": draw(st.sampled_from(PLATFORMS)),
                    "level": level, "city": "" if level == "province" else city,
                    "county": county if level in ("county", "township") else ""})
    return out


@st.composite
def metric_rows(draw: Any) -> list[dict[str, Any]]:
    rows = []
    for acc in draw(accounts()):
        months = draw(st.lists(st.sampled_from(MONTHS), min_size=1, max_size=len(MONTHS),
                               unique=True))
        for month in months:
            posts = draw(count)
            r = dict(acc, period=month, posts=posts,
                     original_posts=draw(st.integers(min_value=0, max_value=posts)),
                     posting_days=draw(st.integers(min_value=0, max_value=31)),
                     serious_errors=draw(st.integers(0, 3)),
                     general_errors=draw(st.integers(0, 12)),
                     poor_responses=draw(st.integers(0, 6)),
                     coordination_rate=draw(st.floats(0, 1)),
                     platform_misuse=draw(st.integers(0, 5)))
            if acc["platform"] == "wechat":
                r["service_availability"] = draw(st.floats(0, 1))
            for k in ("reads", "reads_headline", "reads_max", "looks", "looks_headline",
                      "looks_max", "likes", "likes_headline", "likes_max", "reposts",
                      "comments", "shares", "shares_headline", "shares_max"):
                r[k] = draw(big)
            for v in oracle.VETO_KEYS:
                r[v] = draw(st.booleans()) and draw(st.booleans()) and draw(st.booleans())
            rows.append(r)
    return rows


def _by_key(result: ScoreResult) -> dict[tuple[str, str], dict[str, float]]:
    cols = result.to_columns()
    out = {}
    for i in range(len(result)):
        out[(str(cols["account_id"][i]), str(cols["period"][i]))] = {
            k: float(cols[k][i]) for k in cols
            if (cols[k].dtype.kind == "f" and not k.startswith("province_platform_average"))
            or k in ("county_rank", "province_platform_rank")}
    return out


@settings(max_examples=60, deadline=None)
@given(metric_rows())
def test_indices_and_total_lie_in_0_100(rows: list[dict[str, Any]]) -> None:
    result = score(frame_from_rows(rows))
    for name in INDEXES:
        assert np.all((result.indices[name] >= 0) & (result.indices[name] <= 100))
    assert np.all((result.total >= 0) & (result.total <= 100 + 1e-9))


@settings(max_examples=60, deadline=None)
@given(metric_rows())
def test_vectorised_equals_the_per_row_oracle(rows: list[dict[str, Any]]) -> None:
    result = score(frame_from_rows(rows))
    expected = oracle.score_rows(SECTION, rows)
    for r, e in zip(rows, expected, strict=True):
        i = result.find(r["account_id"], r["period"])
        for name in INDEXES:
            assert result.indices[name][i] == pytest.approx(e[name], rel=1e-11, abs=1e-11)
        assert result.total[i] == pytest.approx(e["total"], rel=1e-11, abs=1e-11)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PLATFORMS),
                          st.lists(st.floats(0, 100), min_size=12, max_size=12),
                          st.booleans()), min_size=1, max_size=20))
def test_audit_layer_equals_the_oracle_exactly(cases: list[Any]) -> None:
    subs = {s: np.array([c[1][j] for c in cases]) for j, s in enumerate(SUBSCORES)}
    platform = np.array([PLATFORMS.index(c[0]) for c in cases], dtype=np.int8)
    vetoes = np.array([int(c[2]) for c in cases], dtype=np.int8)
    for j, c in enumerate(cases):
        if c[0] != "wechat":
            subs["service_score"][j] = math.nan
    indices, total, _ = combine(SECTION, subs, platform, vetoes)
    for j, c in enumerate(cases):
        row = {s: float(subs[s][j]) for s in SUBSCORES}
        e = oracle.combine(SECTION, c[0], row, c[2])
        assert float(total[j]) == e["total"]  # bit for bit: same operations, same order
        for name in INDEXES:
            assert float(indices[name][j]) == e[name]


@settings(max_examples=40, deadline=None)
@given(metric_rows(), st.randoms(use_true_random=False))
def test_shuffling_rows_changes_no_result(rows: list[dict[str, Any]], rnd: Any) -> None:
    a = _by_key(score(frame_from_rows(rows)))
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    b = _by_key(score(frame_from_rows(shuffled)))
    assert a.keys() == b.keys()
    for key in a:
        assert a[key] == pytest.approx(b[key], nan_ok=True, rel=0, abs=0)


@settings(max_examples=40, deadline=None)
@given(metric_rows(), st.integers(min_value=1, max_value=9))
def test_chunks_with_frozen_peers_equal_whole_bit_for_bit(rows: list[dict[str, Any]],
                                                          size: int) -> None:
    frame = frame_from_rows(rows)
    whole = score(frame)
    peers = peer_statistics(frame)
    parts = ScoreResult.concat([score(c, peers=peers) for c in frame.chunks(size)])
    assert np.array_equal(parts.total, whole.total)
    for name in INDEXES:
        assert np.array_equal(parts.indices[name], whole.indices[name])
    for s in SUBSCORES:
        assert np.array_equal(parts.subscores[s], whole.subscores[s], equal_nan=True)
    assert np.array_equal(parts.ranks().county_rank, whole.ranks().county_rank)


def test_threads_change_no_bit() -> None:
    rows = [{"account_id": f"A{i}", "platform": PLATFORMS[i % 4], "period": "2026-04",
             "level": "county", "city": "330800", "county": "330825", "posts": i % 50,
             "original_posts": min(i % 7, i % 50), "posting_days": i % 20, "coordination_rate": 0.5,
             "service_availability": 0.5, "reads": 1000 + i, "likes": i, "reposts": i // 2,
             "comments": i // 3, "veto_notified": i % 97 == 0} for i in range(200_000)]
    frame = frame_from_rows(rows)
    one, two = score(frame), score(frame, threads=2)
    assert np.array_equal(one.total, two.total)
    for name in INDEXES:
        assert np.array_equal(one.indices[name], two.indices[name])


def _one(row: dict[str, Any]) -> ScoreResult:
    return score(frame_from_rows([row]))


base_row = st.fixed_dictionaries({
    "account_id": st.just("A"), "platform": st.sampled_from(PLATFORMS),
    "period": st.just("2026-04"), "level": st.just("county"), "city": st.just("330800"),
    "county": st.just("330825"), "posts": st.integers(1, 200),
    "posting_days": st.integers(0, 31), "serious_errors": st.integers(0, 4),
    "general_errors": st.integers(0, 10), "poor_responses": st.integers(0, 5),
    "service_availability": st.floats(0, 1), "coordination_rate": st.floats(0, 1),
    "platform_misuse": st.integers(0, 4), "reads": big, "likes": big, "reposts": big,
    "comments": big})


@settings(max_examples=80, deadline=None)
@given(base_row, st.data())
def test_more_original_posts_never_lower_diligence(row: dict[str, Any], data: Any) -> None:
    low = data.draw(st.integers(0, row["posts"]))
    high = data.draw(st.integers(low, row["posts"]))
    a = _one(row | {"original_posts": low}).indices["diligence"][0]
    b = _one(row | {"original_posts": high}).indices["diligence"][0]
    assert b >= a


@settings(max_examples=80, deadline=None)
@given(base_row, st.integers(0, 5), st.integers(0, 5))
def test_more_serious_errors_never_raise_health(row: dict[str, Any], x: int, y: int) -> None:
    fewer, more = min(x, y), max(x, y)
    a = _one(row | {"serious_errors": fewer}).indices["health"][0]
    b = _one(row | {"serious_errors": more}).indices["health"][0]
    assert b <= a


def test_every_weight_table_sums_to_one() -> None:
    for platform in PLATFORMS:
        table = SECTION.platforms[platform]  # type: ignore[index]
        assert math.fsum(w.value for w in table.index_weights.values()) == pytest.approx(1.0)
        for index_name, subs in {"operation": ("operation",),
                                 "diligence": ("posts_score", "original_score",
                                               "posting_days_score")}.items():
            assert math.fsum(table.sub_weights[s].value for s in subs) == pytest.approx(1.0), \
                (platform, index_name)
