"""Ranks, region results with the veto deduction, same-type averages, quarters and years,
同比 baselines and explanations (ZJG-9.1, ZJG-9.2, ZJG-9.2-T2-VD)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from tests.scoring_oracle import frame_from_rows
from zwxmt.scoring import SUBSCORES, ScoreResult, peer_statistics, score
from zwxmt.scoring.peers import PeerStatisticsMismatch

FULL = {s: 100.0 for s in SUBSCORES}


def sub_row(account: str, total_like: float, **kw: Any) -> dict[str, Any]:
    """An audit-layer row whose every sub-score is ``total_like`` (so total = that value)."""
    row = {"account_id": account, "platform": "wechat", "period": "2026-04",
           "level": "county", "city": "330800", "county": "330825"}
    row.update({s: total_like for s in SUBSCORES})
    row.update(kw)
    return row


def test_all_sub_scores_equal_give_that_total() -> None:
    result = score(frame_from_rows([sub_row("A", 73.0)], mode="subscores"))
    assert result.total[0] == pytest.approx(73.0)


def test_ranks_within_county_and_platform_with_ties() -> None:
    rows = [sub_row("A", 90.0), sub_row("B", 80.0), sub_row("C", 80.0), sub_row("D", 70.0),
            sub_row("E", 95.0, county="330802"),
            sub_row("F", 85.0, platform="weibo"),
            sub_row("G", 99.0, level="city", county=""),
            sub_row("H", 60.0, period="2026-05")]
    for r in rows:
        if r["platform"] != "wechat":
            r.pop("service_score")
    result = score(frame_from_rows(rows, mode="subscores"))
    ranks = result.ranks()

    def at(acc: str, period: str = "2026-04") -> tuple[int, int, int, int]:
        i = result.find(acc, period)
        return (int(ranks.county_rank[i]), int(ranks.county_accounts[i]),
                int(ranks.province_platform_rank[i]), int(ranks.province_platform_accounts[i]))

    # county 330825, 2026-04: A 90, F 85 (weibo), B 80 = C 80, D 70 -> 1, 2, 3, 3, 5
    assert at("A") == (1, 5, 3, 6)
    assert at("F") == (2, 5, 1, 1)
    assert at("B")[0] == at("C")[0] == 3
    assert at("D")[0] == 5
    # wechat in the province, 2026-04: G 99, E 95, A 90, B = C 80, D 70
    assert at("G") == (0, 0, 1, 6)  # a city account has no county rank
    assert at("E") == (1, 1, 2, 6)
    assert at("B")[2] == at("C")[2] == 4
    assert at("D")[2] == 6
    assert at("H", "2026-05") == (1, 1, 1, 1)  # another period is another ranking


def test_ties_at_rank_resolution_share_a_rank() -> None:
    rows = [sub_row("A", 80.001), sub_row("B", 80.004), sub_row("C", 80.02)]
    result = score(frame_from_rows(rows, mode="subscores"))
    r = result.ranks().county_rank
    assert [int(r[result.find(a, "2026-04")]) for a in "ABC"] == [2, 2, 1]


def test_region_deduction_at_the_host_unit_level() -> None:
    """A vetoed township account deducts its county's 健康指数, a city account its city's,
    a provincial account the province's (ZJG-9.2-T2-VD); the other regions keep theirs."""
    rows = [
        sub_row("T", 80.0, level="township", veto_no_update_14d=True),
        sub_row("K", 100.0),
        sub_row("K2", 60.0, county="330802", city="330800"),
        sub_row("C", 90.0, level="city", county=""),
        sub_row("C2", 50.0, level="city", county="", city="330100", veto_notified=True),
        sub_row("P", 70.0, level="province", city="", county=""),
    ]
    regions = score(frame_from_rows(rows, mode="subscores")).regions()
    county = regions.row("county", "330825", "2026-04")
    # T's own 健康 is 0 (vetoed), K's 100: mean 50, then the county loses 100 points: 0
    assert county["accounts"] == 2
    assert county["health_index_before_deduction"] == pytest.approx(50.0)
    assert county["health_index"] == 0.0
    assert county["health_deduction"] == pytest.approx(50.0)
    assert county["deducting_vetoes"] == 1
    # total: mean of account totals (T: 80 − .3·80 = 56, K: 100) less .3 × the cut (50)
    assert county["total"] == pytest.approx((56.0 + 100.0) / 2 - 0.3 * 50.0)
    other = regions.row("county", "330802", "2026-04")
    assert other["health_index"] == pytest.approx(60.0)
    assert other["health_deduction"] == 0.0
    # city 330800 holds T, K, K2 and C; the township veto is not deducted at city level
    city = regions.row("city", "330800", "2026-04")
    assert city["accounts"] == 4
    assert city["health_deduction"] == 0.0
    assert city["health_index"] == pytest.approx((0 + 100 + 60 + 90) / 4)
    city2 = regions.row("city", "330100", "2026-04")
    assert city2["health_index"] == 0.0 and city2["deducting_vetoes"] == 1
    province = regions.row("province", "province", "2026-04")
    assert province["accounts"] == 6
    assert province["deducting_vetoes"] == 0
    assert province["vetoed_accounts"] == 2


def test_province_platform_averages() -> None:
    rows = [sub_row("A", 90.0), sub_row("B", 70.0), sub_row("F", 40.0, platform="douyin")]
    rows[2].pop("service_score")
    result = score(frame_from_rows(rows, mode="subscores"))
    avg = result.province_platform_averages().columns
    got = dict(zip(avg["platform"], avg["province_platform_average_operation"], strict=True))
    assert got == {"wechat": pytest.approx(80.0), "douyin": pytest.approx(40.0)}
    cols = result.to_columns()
    i = list(cols["account_id"]).index("A")
    assert cols["province_platform_average_total"][i] == pytest.approx(80.0)


def test_quarter_and_year_from_months() -> None:
    rows = [sub_row("A", 60.0, period="2026-01"), sub_row("A", 90.0, period="2026-02"),
            sub_row("A", 75.0, period="2026-03", veto_leak_incident=True),
            sub_row("A", 50.0, period="2026-04")]
    result = score(frame_from_rows(rows, mode="subscores"))
    q = result.aggregate("quarter")
    i = q.find("A", "2026-Q1")
    march = 75.0 - 0.3 * 75.0
    assert q.total[i] == pytest.approx((60.0 + 90.0 + march) / 3)
    assert q.months is not None and int(q.months[i]) == 3
    assert q.veto_text()[i] == "leak_incident [ZJG-9.2-T2-V3]"
    assert q.total[q.find("A", "2026-Q2")] == pytest.approx(50.0)
    y = result.aggregate("year")
    assert y.total[y.find("A", "2026")] == pytest.approx((60 + 90 + march + 50) / 4)
    county_q1 = q.regions().row("county", "330825", "2026-Q1")
    # ZJG-9.2-T2-VD "该考核周期内" (issue 10, item 5): the veto in March forfeits the quarter's
    # and the year's region 健康指数, not a third of it
    assert county_q1["health_index_before_deduction"] == pytest.approx((60.0 + 90.0 + 0.0) / 3)
    assert county_q1["health_index"] == 0.0 and county_q1["deducting_vetoes"] == 1
    assert county_q1["total"] == pytest.approx((60.0 + 90.0 + march) / 3 - 0.3 * 50.0)
    assert q.regions().row("county", "330825", "2026-Q2")["health_index"] == pytest.approx(50.0)
    assert y.regions().row("county", "330825", "2026")["health_index"] == 0.0
    with pytest.raises(KeyError):
        q.find("A", "2026-03")


def _raw(account: str, period: str, posts: int, reads: int) -> dict[str, Any]:
    return {"account_id": account, "platform": "weibo", "period": period, "level": "county",
            "city": "330800", "county": "330825", "posts": posts, "original_posts": posts,
            "posting_days": min(posts, 22), "coordination_rate": 1.0, "reposts": reads,
            "comments": reads, "likes": reads}


def test_growth_compares_the_same_month_a_year_earlier() -> None:
    rows = [_raw("A", "2025-04", 30, 100), _raw("A", "2026-04", 60, 100),
            _raw("B", "2026-04", 60, 100)]
    result = score(frame_from_rows(rows))
    a = result.find("A", "2026-04")
    # 勤勉: 2025-04 posts 30/60 → 50, 原创 100, 天数 22/22 → 100: 85; 2026-04: 100 → 100.
    assert result.diligence_last_year[a] == pytest.approx(85.0)
    assert result.indices["diligence"][a] == pytest.approx(100.0)
    # +15 index points × 2.5 = +37.5 on the neutral 50
    assert result.subscores["diligence_yoy_score"][a] == pytest.approx(87.5)
    b = result.find("B", "2026-04")
    assert np.isnan(result.diligence_last_year[b])
    assert result.subscores["diligence_yoy_score"][b] == 50.0


def test_peers_refuse_a_frame_they_do_not_cover() -> None:
    frame = frame_from_rows([_raw("A", "2026-04", 30, 100)])
    other = frame_from_rows([_raw("Z", "2026-04", 30, 100)])
    peers = peer_statistics(frame)
    with pytest.raises(PeerStatisticsMismatch):
        score(other, peers=peers)
    later = frame_from_rows([_raw("A", "2026-05", 30, 100)])
    with pytest.raises(PeerStatisticsMismatch):
        score(later, peers=peer_statistics(frame))


def test_sparse_baseline_equals_dense() -> None:
    """Many accounts over a long span switch the baseline to sorted keys; same results."""
    rows = [_raw(f"A{i}", p, 10 + i, 100 * i) for i in range(3)
            for p in ("2024-01", "2025-01", "2026-01")]
    rows += [_raw(f"S{i}", "2026-01", 5, 5) for i in range(200)]
    rows += [_raw("L", "2023-01", 5, 5)]  # stretches the month span to three years
    result = score(frame_from_rows(rows))
    assert result.peers is not None and result.peers.baseline_keys is not None
    a = result.find("A2", "2026-01")
    assert result.diligence_last_year[a] == pytest.approx(
        result.indices["diligence"][result.find("A2", "2025-01")])


def test_explanation_tree_carries_weights_parameters_and_citations() -> None:
    rows = [_raw("A", "2026-04", 30, 100) | {"veto_notified": True},
            _raw("B", "2026-04", 60, 1000)]
    result = score(frame_from_rows(rows))
    tree = result.explain("A", "2026-04")
    assert tree.value == pytest.approx(float(result.total[result.find("A", "2026-04")]))
    assert tree.cite == "ZJG-9.2-T2"
    weights = {c.name: c.weight for c in tree.children}
    assert weights == {"operation_index": 0.35, "diligence_index": 0.2, "health_index": 0.3,
                       "cluster_index": 0.1, "growth_index": 0.05}
    health = tree.find("health_index")
    assert health.value == 0.0 and "一票否决" in health.note
    assert tree.find("notified").cite == "ZJG-9.2-T2-V4"
    posts = tree.find("posts_score")
    assert posts.parameters[0].name == "conversion.posts_targets.weibo"
    assert posts.parameters[0].value == 60.0
    assert tree.find("communication_index").children[0].name == "posts"
    assert tree.find("reference").value == pytest.approx(
        float(result.raw_index[result.find("B", "2026-04")]))
    text = tree.render()
    assert "ZJG-9.2-T2-health" in text and "conversion.serious_error_penalty" in text
    as_json = tree.as_dict()
    assert as_json["children"][2]["children"][0]["cite"] == "ZJG-9.2-T2-V4"
    # the weighted children add up to their parent
    assert sum((c.weight or 0) * (c.value or 0) for c in tree.children) == pytest.approx(
        tree.value)


def test_concat_requires_matching_results() -> None:
    a = score(frame_from_rows([_raw("A", "2026-04", 30, 100)]))
    q = a.aggregate("quarter")
    with pytest.raises(ValueError):
        ScoreResult.concat([a, q])
    with pytest.raises(ValueError):
        ScoreResult.concat([])


def test_an_empty_frame_scores_to_empty_results() -> None:
    frame = frame_from_rows([_raw("A", "2026-04", 30, 100)])
    empty = score(frame.take(np.arange(0)))
    assert len(empty) == 0
    assert len(empty.ranks().county_rank) == 0
    assert len(empty.regions()) == 0
    assert len(empty.to_columns()["total"]) == 0


def test_a_scored_result_is_freed_without_the_garbage_collector() -> None:
    """No reference cycle (a result holding ranks that hold it): an ETL job scoring chunk after
    chunk gets each chunk's columns back at once, not when the collector runs."""
    import gc
    import weakref

    rows = [_raw(f"A{i}", p, 10 + i, 100 * i) for i in range(3) for p in ("2025-01", "2026-01")]
    gc.disable()
    try:
        result = score(frame_from_rows(rows))
        ranks = result.ranks()
        assert ranks.result is result and len(ranks.to_arrow()) == len(result)
        result.regions()
        result.province_platform_averages()
        result.aggregate("quarter").regions()
        gone = weakref.ref(result)
        del result, ranks
        assert gone() is None
    finally:
        gc.enable()
