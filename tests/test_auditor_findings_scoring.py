"""Issue 10 (findings an auditor would sign), scoring items 5, 8 and 12."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from tests.scoring_oracle import frame_from_rows
from zwxmt.rulebook import load_rulebook
from zwxmt.scoring import SUBSCORES, score


def sub_row(account: str, total_like: float, **kw: Any) -> dict[str, Any]:
    row = {"account_id": account, "platform": "wechat", "period": "2026-04",
           "level": "county", "city": "330800", "county": "330825"}
    row.update({s: total_like for s in SUBSCORES})
    row.update(kw)
    return row


def rulebook_with(tmp_path: Path, file: str, old: str, new: str) -> Path:
    """A copy of the bundled rulebook with one line of one file replaced."""
    src = resources.files("zwxmt") / "data" / "rulebooks" / "zhejiang"
    dst = tmp_path / "zhejiang-variant"
    dst.mkdir()
    for item in src.iterdir():
        if item.name.endswith(".toml"):
            text = item.read_text(encoding="utf-8")
            if item.name == file:
                assert old in text
                text = text.replace(old, new)
            (dst / item.name).write_text(text, encoding="utf-8")
    return dst


# -- item 5: the veto deduction is for the period assessed -----------------------------------

def test_a_veto_in_one_month_deducts_the_quarter_and_the_year() -> None:
    rows = [sub_row("A", 80.0, period="2026-01"), sub_row("B", 80.0, period="2026-01"),
            sub_row("A", 80.0, period="2026-02"), sub_row("B", 80.0, period="2026-02"),
            sub_row("A", 80.0, period="2026-03", veto_no_update_14d=True),
            sub_row("B", 80.0, period="2026-03")]
    q = score(frame_from_rows(rows, mode="subscores")).aggregate("quarter")
    county = q.regions().row("county", "330825", "2026-Q1")
    # before: the mean of (80, 80, 0) = 53.33 was printed as the quarter's health
    assert county["health_index"] == 0.0
    assert county["deducting_vetoes"] == 1
    assert county["health_index_before_deduction"] == pytest.approx((80 + 80 + 40) / 3)


def test_zeroing_the_vetoed_account_is_a_rulebook_parameter(tmp_path: Path) -> None:
    rows = [sub_row("A", 80.0, veto_leak_incident=True), sub_row("B", 80.0)]
    default = score(frame_from_rows(rows, mode="subscores"))
    assert default.indices["health"][0] == 0.0                     # documented default
    book = load_rulebook(rulebook_with(
        tmp_path, "scoring.toml", 'zero_vetoed_account_health = { value = true',
        'zero_vetoed_account_health = { value = false'))
    region_only = score(frame_from_rows(rows, mode="subscores"), book)
    assert region_only.indices["health"][0] == pytest.approx(80.0)
    assert region_only.vetoes[0] != 0
    county = region_only.regions().row("county", "330825", "2026-04")
    assert county["health_index"] == 0.0 and county["health_deduction"] == pytest.approx(80.0)
    assert "account's own is kept" in region_only.explain("A", "2026-04").render()


# -- item 8: ZJG-9.1 host units are assessed too ----------------------------------------------

def test_host_unit_results_one_per_unit_and_period_ranked_in_county(tmp_path: Path) -> None:
    import numpy as np

    from zwxmt.scoring.hosts import host_unit_results

    rows = [sub_row("A1", 90.0), sub_row("A2", 70.0, platform="weibo"),
            sub_row("A3", 50.0, platform="douyin"), sub_row("A4", 30.0, platform="toutiao"),
            sub_row("B1", 65.0), sub_row("C1", 60.0, county="330802"),
            sub_row("A1", 80.0, period="2026-05")]
    for r in rows:
        if r["platform"] != "wechat":
            r.pop("service_score")
    result = score(frame_from_rows(rows, mode="subscores"))
    ids = np.array(["A1", "A2", "A3", "A4", "B1", "C1"])
    units = np.array(["U-A", "U-A", "U-A", "U-A", "U-B", "U-C"])
    hosts = host_unit_results(result, ids, units)
    assert len(hosts) == 4 and hosts.method == "mean"
    a = hosts.row("U-A", "2026-04")
    assert a["accounts"] == 4 and a["total"] == pytest.approx((90 + 70 + 50 + 30) / 4)
    assert a["county_rank"] == 2 and hosts.row("U-B", "2026-04")["county_rank"] == 1
    assert hosts.row("U-C", "2026-04")["county_rank"] == 1          # its own county
    assert hosts.row("U-A", "2026-05")["accounts"] == 1
    q = host_unit_results(result.aggregate("quarter"), ids, units)
    assert q.row("U-A", "2026-Q2")["accounts"] == 4                   # one row a unit-period
    book = load_rulebook(rulebook_with(
        tmp_path, "scoring.toml", 'host_unit_aggregation = { value = "mean"',
        'host_unit_aggregation = { value = "max"'))
    best = host_unit_results(score(frame_from_rows(rows, mode="subscores"), book), ids, units)
    assert best.row("U-A", "2026-04")["total"] == pytest.approx(90.0)
    assert best.row("U-A", "2026-04")["county_rank"] == 1


# -- item 12: the current WCI V14.2 ------------------------------------------------------------

def _wci(name: str, **counts: float) -> float:
    import numpy as np

    from tests.scoring_oracle import SECTION
    from zwxmt.scoring.formulas import communication_index

    cols = {k: np.array([float(v)]) for k, v in counts.items()}
    return float(communication_index(SECTION.operation_formulas[name], cols)[0])


def test_current_wci_by_hand() -> None:
    """0.70·ln(R+1) + 0.09·ln(10Z+1) + 0.06·ln(10L+1) + 0.15·ln(10RE+1) per dimension,
    dimensions 60/20/10/10, WCI = (Σ)² × 1.2 × 10; worked by hand with d = 30, n = 30:
    整体 = 篇均 ≈ 6.42575, 头条 ≈ 5.19911, 峰值 ≈ 7.52277, Σ ≈ 6.41279, WCI ≈ 493.49."""
    import math

    ln = math.log
    c = dict(posts=30, reads=30000, looks=300, likes=600, shares=900,
             reads_headline=9000, looks_headline=90, likes_headline=150, shares_headline=240,
             reads_max=3000, looks_max=30, likes_max=60, shares_max=90)
    whole = .70 * ln(1001) + .09 * ln(101) + .06 * ln(201) + .15 * ln(301)   # per day = per post
    head = .70 * ln(301) + .09 * ln(31) + .06 * ln(51) + .15 * ln(81)
    peak = .70 * ln(3001) + .09 * ln(301) + .06 * ln(601) + .15 * ln(901)
    expected = (.6 * whole + .2 * whole + .1 * head + .1 * peak) ** 2 * 1.2 * 10
    assert expected == pytest.approx(493.49, abs=0.01)
    assert _wci("qingbo-wci-v14.2", **c) == pytest.approx(expected, rel=1e-13)


def test_published_wci_reachable_only_with_the_current_form() -> None:
    """统计微讯, May 2021: 68 articles, 557,459 reads, 4,949 在看, WCI 1077. The 2021 copy stays
    below it even with every unpublished input at its bound (headline = total, peak = total,
    likes = reads); the current form reaches it with shares."""
    r, z, n = 557_459, 4_949, 68
    legacy_max = _wci("qingbo-wci-v14.2-2021", posts=n, reads=r, looks=z, likes=r,
                      reads_headline=r, looks_headline=z, likes_headline=r, reads_max=r,
                      looks_max=z, likes_max=r)
    assert legacy_max < 1077
    base = dict(posts=n, reads=r, looks=z, likes=6_000, reads_headline=300_000,
                looks_headline=2_500, likes_headline=3_000, reads_max=60_000, looks_max=500,
                likes_max=500)
    lo, hi = 0.0, float(r)
    for _ in range(60):      # bisection on the unpublished shares
        mid = (lo + hi) / 2
        w = _wci("qingbo-wci-v14.2", **base, shares=mid, shares_headline=mid / 2,
                 shares_max=mid / 10)
        lo, hi = (mid, hi) if w < 1077 else (lo, mid)
    assert lo < r / 4               # under a quarter of reads shared
    assert _wci("qingbo-wci-v14.2", **base, shares=lo, shares_headline=lo / 2,
                shares_max=lo / 10) == pytest.approx(1077, abs=0.01)


def test_wechat_rows_without_shares_are_rejected_not_zero(tmp_path: Path) -> None:
    from tests.scoring_oracle import SECTION
    from zwxmt.scoring import read_input

    path = tmp_path / "m.csv"
    path.write_text(
        "account_id,platform,period,level,city,county,posts,original_posts,posting_days,"
        "serious_errors,general_errors,poor_responses,service_availability,coordination_rate,"
        "platform_misuse,reads,reads_headline,reads_max,looks,looks_headline,looks_max,likes,"
        "likes_headline,likes_max,shares,shares_headline,shares_max,wci\n"
        "A,wechat,2026-03,county,330800,330825,30,20,20,0,0,0,0.9,0.8,0,9000,3000,800,90,30,9,"
        "300,100,40,,,,\n"
        "B,wechat,2026-03,county,330800,330825,30,20,20,0,0,0,0.9,0.8,0,,,,,,,,,,,,,500\n"
        "C,wechat,2026-03,county,330800,330825,30,20,20,0,0,0,0.9,0.8,0,9000,3000,800,90,30,9,"
        "300,100,40,9,3,1,\n",
        encoding="utf-8")
    got = read_input(path, SECTION)
    assert got.counts.read == 3 and len(got.frame) == 2
    cases = got.failures.table.to_pylist()
    assert [(c["column"], c["check"]) for c in cases] == [("shares", "missing_value")]
    assert "WCI V14.2" in cases[0]["message"]


def test_default_wci_is_the_current_form_and_the_dci_cites_the_vci_precedent() -> None:
    from tests.scoring_oracle import SECTION

    wechat = SECTION.platforms["wechat"].operation_formula   # type: ignore[index]
    assert wechat.value == "qingbo-wci-v14.2"
    assert len(SECTION.operation_formulas["qingbo-wci-v14.2"].term_weights.value) == 4
    assert "legacy" in SECTION.operation_formulas["qingbo-wci-v14.2-2021"].title
    assert "VCI" in SECTION.operation_formulas["zwxmt-dci-1"].source
