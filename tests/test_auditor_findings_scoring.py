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
    src = resources.files("zwxmt") / "data" / "rulebooks" / "zhejiang-2023"
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
