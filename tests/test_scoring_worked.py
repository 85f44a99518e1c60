"""Hand-computed worked examples from 表2 (ZJG-9.2-T2), one per platform, with and without a
veto, through the audit layer (sub-index scores → indices → total), and one through the raw
layer. Every expected number below was worked out by hand from the printed weights."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tests.scoring_oracle import SECTION, frame_from_rows
from zwxmt.scoring import combine, communication_index, score

# The same sub-index scores for every example unless a platform's case says otherwise.
BASE = {
    "operation": 80.0, "posts_score": 90.0, "original_score": 50.0, "posting_days_score": 100.0,
    "serious_errors_score": 100.0, "service_score": 90.0, "poor_response_score": 80.0,
    "general_errors_score": 90.0, "coordination_score": 70.0, "platform_use_score": 100.0,
    "operation_yoy_score": 60.0, "diligence_yoy_score": 50.0,
}

# (platform, overrides, indices by hand, total by hand, total with a veto by hand)
CASES = [
    # 政务微信 35/20/30/10/5; 健康 40/20/30/10:
    # 勤勉 .3·90+.4·50+.3·100 = 77; 健康 .4·100+.2·90+.3·80+.1·90 = 91; 集群 .2·70+.8·100 = 94;
    # 成长 .6·60+.4·50 = 56; total .35·80+.2·77+.3·91+.1·94+.05·56 = 28+15.4+27.3+9.4+2.8 = 82.9;
    # vetoed: 健康 0, total 82.9−27.3 = 55.6.
    ("wechat", {}, (80.0, 77.0, 91.0, 94.0, 56.0), 82.9, 55.6),
    # 政务微博 健康 50/40/10, 互动回应差 60: .5·100+.4·60+.1·90 = 83;
    # total 28+15.4+.3·83+9.4+2.8 = 80.5; vetoed 80.5−24.9 = 55.6.
    ("weibo", {"poor_response_score": 60.0}, (80.0, 77.0, 83.0, 94.0, 56.0), 80.5, 55.6),
    # 政务头条 健康 50/40/10, one serious error (50): .5·50+.4·80+.1·90 = 66;
    # total 28+15.4+19.8+9.4+2.8 = 75.4; vetoed 75.4−19.8 = 55.6.
    ("toutiao", {"serious_errors_score": 50.0}, (80.0, 77.0, 66.0, 94.0, 56.0), 75.4, 55.6),
    # 政务抖音 45/30/10/10/5, 健康 40/40/20: .4·100+.4·80+.2·90 = 90;
    # total .45·80+.3·77+.1·90+.1·94+.05·56 = 36+23.1+9+9.4+2.8 = 80.3; vetoed 80.3−9 = 71.3.
    ("douyin", {}, (80.0, 77.0, 90.0, 94.0, 56.0), 80.3, 71.3),
]


def _subs(overrides: dict[str, float], platform: str) -> dict[str, np.ndarray]:
    values = BASE | overrides
    if platform != "wechat":
        values["service_score"] = math.nan  # 表2 has 办事服务 for 政务微信 only
    return {k: np.array([v]) for k, v in values.items()}


@pytest.mark.parametrize(("platform", "overrides", "indices", "total", "vetoed_total"), CASES)
def test_worked_example_without_veto(platform: str, overrides: dict[str, float],
                                     indices: tuple[float, ...], total: float,
                                     vetoed_total: float) -> None:
    code = np.array(["wechat", "weibo", "toutiao", "douyin"].index(platform), dtype=np.int8)
    got, got_total, _ = combine(SECTION, _subs(overrides, platform), code.reshape(1),
                                np.zeros(1, dtype=np.int8))
    assert [float(got[k][0]) for k in ("operation", "diligence", "health", "cluster",
                                       "growth")] == pytest.approx(indices, abs=1e-12)
    assert float(got_total[0]) == pytest.approx(total, abs=1e-12)


@pytest.mark.parametrize(("platform", "overrides", "indices", "total", "vetoed_total"), CASES)
def test_worked_example_with_veto(platform: str, overrides: dict[str, float],
                                  indices: tuple[float, ...], total: float,
                                  vetoed_total: float) -> None:
    code = np.array([["wechat", "weibo", "toutiao", "douyin"].index(platform)], dtype=np.int8)
    got, got_total, before = combine(SECTION, _subs(overrides, platform), code,
                                     np.array([1], dtype=np.int8))
    assert float(got["health"][0]) == 0.0
    assert float(before[0]) == pytest.approx(indices[2], abs=1e-12)
    assert float(got_total[0]) == pytest.approx(vetoed_total, abs=1e-12)


def test_audit_layer_frame_scores_the_worked_examples() -> None:
    rows = []
    for i, (platform, overrides, _, _, _) in enumerate(CASES):
        values = BASE | overrides
        if platform != "wechat":
            values.pop("service_score")
        rows.append({"account_id": f"A{i}", "platform": platform, "period": "2026-03",
                     "level": "county", "city": "330800", "county": "330825", **values})
        rows.append({"account_id": f"V{i}", "platform": platform, "period": "2026-03",
                     "level": "county", "city": "330800", "county": "330825",
                     "veto_leak_incident": True, **values})
    result = score(frame_from_rows(rows, mode="subscores"))
    cols = result.to_columns()
    got = dict(zip(cols["account_id"], cols["total"], strict=True))
    for i, (_, _, _, total, vetoed_total) in enumerate(CASES):
        assert got[f"A{i}"] == pytest.approx(total, abs=1e-12)
        assert got[f"V{i}"] == pytest.approx(vetoed_total, abs=1e-12)
    vetoes = dict(zip(cols["account_id"], cols["vetoes"], strict=True))
    assert vetoes["V0"] == "leak_incident [ZJG-9.2-T2-V3]"
    assert vetoes["A0"] == ""


def test_raw_layer_worked_example_wechat() -> None:
    """One 政务微信 row from raw counts, by hand (targets and penalties of the rulebook):

    编发数量 15/30 → 50; 原创比例 6/15 → 40; 编发天数 11/22 → 50 ⇒ 勤勉 .3·50+.4·40+.3·50 = 46.
    严重表述错误 1 → 100−50 = 50; 办事服务 0.9 → 90; 互动回应差 1 → 80; 一般表述错误 2 → 80
    ⇒ 健康 .4·50+.2·90+.3·80+.1·80 = 70. 协同 0.8 → 80; 未按要求使用平台 1 → 75 ⇒ 集群 76.
    运营: given WCI 300 against the peer maximum 600 → 50. 成长: no baseline → 50.
    total .35·50+.2·46+.3·70+.1·76+.05·50 = 17.5+9.2+21+7.6+2.5 = 57.8.
    """
    common = {"platform": "wechat", "period": "2026-03", "level": "county", "city": "330800",
              "county": "330825"}
    rows = [
        {"account_id": "X", "given_index": 300.0, "posts": 15, "original_posts": 6,
         "posting_days": 11, "serious_errors": 1, "general_errors": 2, "poor_responses": 1,
         "service_availability": 0.9, "coordination_rate": 0.8, "platform_misuse": 1,
         **common},
        {"account_id": "PEER", "given_index": 600.0, "posts": 30, "original_posts": 30,
         "posting_days": 22, "service_availability": 1.0, "coordination_rate": 1.0, **common},
    ]
    result = score(frame_from_rows(rows))
    i = result.find("X", "2026-03")
    assert result.subscores["operation"][i] == pytest.approx(50.0)
    assert result.indices["diligence"][i] == pytest.approx(46.0)
    assert result.indices["health"][i] == pytest.approx(70.0)
    assert result.indices["cluster"][i] == pytest.approx(76.0)
    assert result.indices["growth"][i] == pytest.approx(50.0)
    assert result.total[i] == pytest.approx(57.8)
    peer = result.find("PEER", "2026-03")
    assert result.subscores["operation"][peer] == 100.0


def test_wci_v2_published_example() -> None:
    """WCI V2.0: R=10000, R/n=100 (n=100), Rmax=300, Z=4000, Z/n=40, Zmax=60 → 411.4875079."""
    formula = SECTION.operation_formulas["qingbo-wci-v2.0"]
    got = communication_index(formula, {
        "posts": np.array([100.0]), "reads": np.array([10000.0]), "reads_max": np.array([300.0]),
        "likes": np.array([4000.0]), "likes_max": np.array([60.0])})
    assert float(got[0]) == pytest.approx(411.4875079, abs=5e-8)


def test_wci_v14_by_hand() -> None:
    """WCI V14.2 on round figures: n=30, d=30, R=30000, Z=300, L=600, Rt=9000, Zt=90, Lt=150,
    Rmax=3000, Zmax=30, Lmax=60; per dimension x = (R,Z,L)/d or /n:
    整体 .85·ln(1001)+.09·ln(101)+.06·ln(201); 篇均 the same (n = d = 30);
    头条 .85·ln(301)+.09·ln(31)+.06·ln(51); 峰值 .85·ln(3001)+.09·ln(301)+.06·ln(601);
    WCI = (.6·整体 + .2·篇均 + .1·头条 + .1·峰值)^2 · 10: 整体 ≈ 6.60604, 头条 ≈ 5.39601,
    峰值 ≈ 7.70326, sum ≈ 6.59476, WCI ≈ 434.90."""
    ln = math.log
    whole = .85 * ln(1001) + .09 * ln(101) + .06 * ln(201)
    head = .85 * ln(301) + .09 * ln(31) + .06 * ln(51)
    peak = .85 * ln(3001) + .09 * ln(301) + .06 * ln(601)
    expected = (.6 * whole + .2 * whole + .1 * head + .1 * peak) ** 2 * 10
    assert expected == pytest.approx(434.90, abs=0.01)  # the hand figure, to two decimals
    cols = {"posts": 30.0, "reads": 30000.0, "looks": 300.0, "likes": 600.0,
            "reads_headline": 9000.0, "looks_headline": 90.0, "likes_headline": 150.0,
            "reads_max": 3000.0, "looks_max": 30.0, "likes_max": 60.0}
    got = communication_index(SECTION.operation_formulas["qingbo-wci-v14.2-2021"],
                              {k: np.array([v]) for k, v in cols.items()})
    assert float(got[0]) == pytest.approx(expected, rel=1e-13)
    # the public variant weighs Lmax 0.1 in the peak dimension: a higher WCI
    alt = communication_index(SECTION.operation_formulas["qingbo-wci-v14.2-2021-alt"],
                              {k: np.array([v]) for k, v in cols.items()})
    peak_alt = .85 * ln(3001) + .09 * ln(301) + .1 * ln(601)
    assert float(alt[0]) == pytest.approx(
        (.6 * whole + .2 * whole + .1 * head + .1 * peak_alt) ** 2 * 10, rel=1e-13)


def test_bci_by_hand() -> None:
    """BCI = (.2·ln(发博数+1) + .8·(.4·ln(转发+1) + .4·ln(评论+1) + .2·ln(点赞+1))) · 160;
    发博数 99, 转发 999, 评论 99, 点赞 9999:
    (.2·ln 100 + .8·(.4·ln 1000 + .4·ln 100 + .2·ln 10000)) · 160 = 160·ln 10·(.4 + .8·2.8)."""
    got = communication_index(SECTION.operation_formulas["qingbo-bci"], {
        "posts": np.array([99.0]), "reposts": np.array([999.0]),
        "comments": np.array([99.0]), "likes": np.array([9999.0])})
    expected = 160 * math.log(10) * (0.4 + 0.8 * 2.8)
    assert expected == pytest.approx(972.62, abs=0.01)
    assert float(got[0]) == pytest.approx(expected, rel=1e-13)
