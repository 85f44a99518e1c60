"""Worked cases from each jurisdiction's own document, under its own bundled rulebook."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zwxmt.activity.model import day_number
from zwxmt.calendar import add_working_days
from zwxmt.checks import FAIL, PASS, PENDING, ChecksParams, run_check
from zwxmt.checks.items import CheckContext
from zwxmt.checks.run import evaluate_checks
from zwxmt.cleanup.criteria import evaluate
from zwxmt.cleanup.history import History, peer_stats
from zwxmt.cleanup.parameters import CleanupParams
from zwxmt.cleanup.pipeline import run_cleanup
from zwxmt.cleanup.recommend import recommendations
from zwxmt.cli import main
from zwxmt.examples import example_file, example_regions
from zwxmt.examples.cleanup_builders import make_accounts, make_events, make_history
from zwxmt.examples.job import EXAMPLE_AS_OF, EXAMPLE_FILES
from zwxmt.models import Measure
from zwxmt.rulebook import load_rulebook

AS_OF = dt.date(2026, 10, 31)
D = dt.date


def _checks(name: str) -> ChecksParams:
    return load_rulebook(name).section(ChecksParams)


def _verdicts(name: str, h: History, events: list[tuple[int, str, D, D | None]],
              *, events_given: bool = True) -> dict[str, list[bool]]:
    ctx = CheckContext(h, make_events(events), events_given, AS_OF)
    return {i.code: i.fails.tolist() for i in evaluate_checks(ctx, _checks(name))}


def _last_post(days_before: list[int], n_months: int = 12) -> np.ndarray:
    """A last_post_day grid whose last month holds AS_OF minus ``days_before``."""
    last = np.array([day_number(AS_OF) - d for d in days_before], dtype=np.int64)
    return np.repeat(last[:, None], n_months, axis=1)


# -- hengnan (HN) ----------------------------------------------------------------------------

HN = load_rulebook("hengnan").section(CleanupParams)


def test_hengnan_enables_its_own_clauses_only() -> None:
    assert set(HN.enabled) == {"shut_down_class", "merge_class", "rectify_class",
                               "host_changed"}
    assert all(c.startswith("HN-") for c in HN.enabled.values())
    assert all(c.startswith(("HN-", "NAT-")) for c in _checks("hengnan").enabled.values())


def test_hengnan_an_account_under_each_hn_4_1_class() -> None:
    """HN-4.1: 信息长期不更新 → 关停; 功能相近 (two accounts of one unit on one platform) →
    整合; 信息更新慢 (11 posts in 3 months, under 4 a month) → 限期整改; the last keeps."""
    acc = make_accounts(5, host_unit=["U0", "U1", "U1", "U3", "U4"],
                        fans=[5_000, 8_000, 2_000, 5_000, 5_000])
    posts = np.full((5, 12), 6)
    posts[3, 9:] = [4, 4, 3]
    gap = np.array([120, 0, 0, 0, 0])        # account 0: 120 days without an update
    h = make_history(acc, AS_OF, posts=posts, current_gap_days=gap)
    peers = peer_stats(h, effect_index="total", same_type="platform", rank_scope="county")
    f = evaluate(h, make_events([]), peers, HN)
    assert [r.code for r in f.results] == ["shut_down_class", "merge_class", "rectify_class",
                                            "host_changed"]
    recs = recommendations(f, HN)
    assert [r.measure for r in recs] == [Measure.SHUT_DOWN, Measure.KEEP, Measure.MERGE,
                                         Measure.RECTIFY, Measure.KEEP]
    # 整合 into the unit's strongest account (more fans), cited HN-4.1
    merged = next(c for c in recs[2].criteria if c.code == "merge_class")
    assert merged.cite == "HN-4.1" and merged.evidence["merge_into"] == "A1"
    assert recs[0].lifecycle_events == ()      # the notice orders no ZJG-6.4 steps


def test_hengnan_host_change_is_cited_from_hn() -> None:
    h = make_history(make_accounts(1), AS_OF)
    f = evaluate(h, make_events([(0, "host_unit_changed", D(2026, 5, 1), None)]),
                 peer_stats(h, effect_index="total", same_type="platform",
                            rank_scope="county"), HN)
    assert f["host_changed"].met.tolist() == [True]
    assert f["host_changed"].cite == "HN-4.1-host-change"


def test_example_county_under_hengnan_yields_hn_classes_and_no_zjg_criterion() -> None:
    files = {k: Path(str(example_file(n))) for k, n in EXAMPLE_FILES.items()}
    run = run_cleanup(files.pop("accounts"), example_regions(), EXAMPLE_AS_OF,
                            rulebook="hengnan", **files)
    measures = {r.measure for r in run.recommendations}
    assert {Measure.SHUT_DOWN, Measure.RECTIFY} <= measures
    assert Measure.DEREGISTER not in measures
    cited = {c.cite for r in run.recommendations for c in r.criteria}
    assert cited and all(c.startswith("HN-") for c in cited)
    assert "department_fans" not in {r.code for r in run.findings.results}
    assert run.stamp["rulebook"] == "hengnan"


def test_hengnan_monthly_spot_check_veto_leads_to_a_county_notice() -> None:
    """HN-5.3 / HN-5.3-veto: one failing item → 不合格 → 在全县通报."""
    h = make_history(make_accounts(2), AS_OF, last_post_day=_last_post([20, 1]))
    done = [(i, k, D(2025, 3, 1 + n), None) for i in (0, 1)
            for n, k in enumerate(("filing_form_signed", "filing_approved", "national_filed"))]
    got = _verdicts("hengnan", h, done)
    assert got["no_update_veto"] == [True, False]
    assert got["filing_incomplete"] == [False, False]
    p = _checks("hengnan")
    assert p.verdict_rule == "HN-5.3-veto" and p.on_fail is not None
    assert p.on_fail.action_zh.startswith("在全县通报")


def test_hengnan_filing_procedure_in_order() -> None:
    """HN-4.1-filing / HN-A1: signed, approved, then filed nationally."""
    h = make_history(make_accounts(3), AS_OF)
    ev = [(0, "filing_form_signed", D(2025, 3, 1), None),
          (0, "filing_approved", D(2025, 3, 2), None),
          (0, "national_filed", D(2025, 3, 3), None),
          (1, "filing_form_signed", D(2025, 3, 1), None),      # never approved
          (2, "filing_form_signed", D(2025, 3, 5), None),      # approved before it was signed
          (2, "filing_approved", D(2025, 3, 2), None),
          (2, "national_filed", D(2025, 3, 6), None)]
    assert _verdicts("hengnan", h, ev)["filing_incomplete"] == [False, True, True]


def test_hengnan_change_filed_within_7_working_days() -> None:
    """HN-A1(2): a change on Tue 2026-09-29 is due 2026-10-14 (National Day and the make-up
    Saturday 10-10 counted); filed 10-14 meets it, 10-15 is late, none by 10-31 is late."""
    h = make_history(make_accounts(3), AS_OF)
    ev = [(i, "account_changed", D(2026, 9, 29), None) for i in range(3)]
    ev += [(0, "change_filed", D(2026, 10, 14), None), (1, "change_filed", D(2026, 10, 15), None)]
    assert _verdicts("hengnan", h, ev)["change_not_filed"] == [False, True, True]


# -- liaoning (LN) ---------------------------------------------------------------------------

def test_liaoning_a_unit_with_two_accounts_on_one_platform() -> None:
    """LN-3.1-one-account: unit U has two WeChat accounts (both fail) and one Douyin account."""
    acc = make_accounts(4, host_unit=["U", "U", "U", "V"],
                        platform=["wechat", "wechat", "douyin", "wechat"])
    h = make_history(acc, AS_OF)
    got = _verdicts("liaoning", h, [(i, "filed", D(2025, 1, 1), None) for i in range(4)])
    assert got["one_account_per_platform"] == [True, True, False, False]
    assert got["filing_missing"] == [False, False, False, False]


def test_liaoning_host_change_needs_a_change_or_deregistration_and_a_notice() -> None:
    """LN-3.1-host-change: 应及时注销或变更账号信息,并向社会公告 (7 working days read)."""
    h = make_history(make_accounts(3), AS_OF)
    ev = [(i, "host_unit_changed", D(2026, 9, 1), None) for i in range(3)]
    ev += [(0, "change_filed", D(2026, 9, 3), None),
           (0, "host_change_announced", D(2026, 9, 4), None),
           (1, "deregistered", D(2026, 9, 8), None),          # no announcement
           (2, "host_change_announced", D(2026, 9, 2), None)]  # neither changed nor closed
    assert _verdicts("liaoning", h, ev)["host_change_unresolved"] == [False, True, True]


def test_liaoning_content_security_and_fan_buying() -> None:
    h = make_history(make_accounts(4), AS_OF)
    ev = [(0, "content_violation", D(2026, 10, 1), None), (1, "incident", D(2026, 9, 1), None),
          (2, "fan_buying", D(2026, 8, 15), None),
          (3, "fan_buying", D(2026, 7, 15), None)]     # before the quarter checked
    got = _verdicts("liaoning", h, ev)
    assert got["content_violation"] == [True, False, False, False]
    assert got["security_veto"] == [False, True, False, False]
    assert got["fan_buying"] == [False, False, True, False]


# -- guizhou (GZ) ----------------------------------------------------------------------------

def test_guizhou_interaction_and_knowledge_base() -> None:
    h = make_history(make_accounts(3), AS_OF)
    ev = [(0, "knowledge_base_updated", D(2026, 3, 1), None),
          (1, "knowledge_base_updated", D(2025, 9, 1), None),    # over 12 months ago
          (2, "knowledge_base_updated", D(2026, 3, 1), None),
          (2, "poor_interaction", D(2026, 10, 31), None)]
    got = _verdicts("guizhou", h, ev)
    assert got["knowledge_base_stale"] == [False, True, False]
    assert got["poor_interaction_veto"] == [False, False, True]


def test_guizhou_without_events_is_pending_never_passed() -> None:
    h = make_history(make_accounts(1), AS_OF)
    ctx = CheckContext(h, make_events([]), False, AS_OF)
    items = evaluate_checks(ctx, _checks("guizhou"))
    assert all(i.unknown.tolist() == [True] and not i.fails.any() for i in items)


# -- national-2019 (国办秘函〔2019〕19号) ---------------------------------------------------

def _rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        r = list(csv.reader(fh))
    return r[0], r[1:]


def _columns(header: list[str], rows: list[list[str]]) -> dict[str, list[str]]:
    return {h: [r[i] for r in rows] for i, h in enumerate(header)}


def _national_inputs() -> tuple[tuple[list[str], list[list[str]]], ...]:
    header, rows = _rows(Path(str(example_file("accounts.csv"))))
    ids = ["LY-EDU-WECHAT", "LY-HEALTH-WECHAT", "LY-CULTURE-WECHAT", "LY-AGRI-WECHAT",
           "LY-LAND-WECHAT"]
    accounts = (header, [r for r in rows if r[0] in ids])
    # last post (days before the monitoring point 2026-10-31): 13 passes, 14 fails (2周)
    last = {"LY-EDU-WECHAT": 3, "LY-HEALTH-WECHAT": 14, "LY-CULTURE-WECHAT": 2,
            "LY-AGRI-WECHAT": 13, "LY-LAND-WECHAT": 1}
    posts = (["post_id", "account_id", "published_at", "original", "reads"],
             [[f"{a}-{k}", a, (AS_OF - dt.timedelta(days=d + 7 * k)).isoformat() + "T09:00:00",
               "true", "100"] for a, d in last.items() for k in range(4)])
    events = (["account_id", "event", "date", "rectified_on"],
              [["LY-CULTURE-WECHAT", "incident", "2026-09-20", ""],
               ["LY-LAND-WECHAT", "no_interaction", "2026-10-31", ""]])
    return accounts, posts, events


def test_national_checklist_each_veto_item_and_one_passing() -> None:
    accounts, posts, events = _national_inputs()
    run = run_check(_columns(*accounts), example_regions(), AS_OF, rulebook="national-2019",
                    posts=_columns(*posts), events=_columns(*events))
    table = run.table()
    verdict = dict(zip(table["account_id"], table["verdict"], strict=True))
    assert verdict == {"LY-EDU-WECHAT": PASS, "LY-HEALTH-WECHAT": FAIL,
                       "LY-CULTURE-WECHAT": FAIL, "LY-AGRI-WECHAT": PASS,
                       "LY-LAND-WECHAT": FAIL}
    items = {(r["account_id"], r["clause"]): r["evidence"] for r in run.failing_items()}
    assert set(items) == {("LY-HEALTH-WECHAT", "NAT-V2"), ("LY-CULTURE-WECHAT", "NAT-V1"),
                          ("LY-LAND-WECHAT", "NAT-V3")}
    assert "days_without_update=14" in items[("LY-HEALTH-WECHAT", "NAT-V2")]
    assert "last_incident=2026-09-20" in items[("LY-CULTURE-WECHAT", "NAT-V1")]
    assert set(table["rulebook"]) == {"national-2019"} and table["rulebook_hash"][0]


def test_national_checklist_without_posts_is_pending() -> None:
    accounts, _, events = _national_inputs()
    run = run_check(_columns(*accounts), example_regions(), AS_OF, rulebook="national-2019",
                    events=_columns(*events))
    v = dict(zip(run.table()["account_id"], run.table()["verdict"], strict=True))
    assert v["LY-EDU-WECHAT"] == PENDING and v["LY-CULTURE-WECHAT"] == FAIL


def test_check_command_writes_verdicts_items_and_provenance(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    accounts, posts, events = _national_inputs()
    paths = {}
    for name, (header, rows) in (("accounts", accounts), ("posts", posts),
                                 ("events", events)):
        paths[name] = tmp_path / f"{name}.csv"
        with open(paths[name], "w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows([header, *rows])
    regions = tmp_path / "regions.csv"
    regions.write_text("code,name,level,parent_code,population,census_year\n"
                       "330000,浙江省,province,,64567588,2020\n"
                       "330800,衢州市,city,330000,2276184,2020\n"
                       "330825,龙游县,county,330800,360229,2020\n", encoding="utf-8")
    out = tmp_path / "verdicts.csv"
    argv = ["check", str(paths["accounts"]), "--posts", str(paths["posts"]), "--events",
            str(paths["events"]), "--rulebook", "national-2019", "--as-of", "2026-10-31",
            "--regions", str(regions), "-o", str(out), "--items-out",
            str(tmp_path / "items.csv")]
    assert main(argv) == 0
    text = capsys.readouterr().out
    assert "合格 2, 不合格 3, 待定 0" in text
    prov = json.loads((tmp_path / "verdicts.provenance.json").read_text(encoding="utf-8"))
    assert prov["rulebook"] == "national-2019" and prov["command"] == "check"
    assert prov["rulebook_hash"] == load_rulebook("national-2019").content_hash
    with open(tmp_path / "items.csv", encoding="utf-8-sig") as fh:
        assert {r["clause"] for r in csv.DictReader(fh)} == {"NAT-V1", "NAT-V2", "NAT-V3"}
    # every account row rejected (an unknown region): exit 3
    regions.write_text("code,name,level,parent_code,population,census_year\n"
                       "210000,辽宁省,province,,42591407,2020\n", encoding="utf-8")
    assert main(argv) == 3


def test_a_rulebook_outside_zhejiang_never_gets_zhejiang_populations(tmp_path: Path) -> None:
    src = tmp_path / "a.csv"
    src.write_text("account_id\n", encoding="utf-8")
    assert main(["check", str(src), "--rulebook", "liaoning", "--as-of", "2026-10-31",
                 "-o", str(tmp_path / "o.csv")]) == 1


def test_check_under_a_rulebook_without_checks_names_those_with(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--example", "--rulebook", "zhejiang", "-o",
                 str(tmp_path / "o.csv")]) == 1
    err = capsys.readouterr().err
    assert "sets no spot checks" in err and "national-2019" in err


# -- properties: the column-wise items against a scalar oracle --------------------------------

@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 60), st.one_of(
    st.none(), st.integers(0, 20))), min_size=0, max_size=12))
def test_change_filing_matches_a_scalar_oracle(
        changes: list[tuple[int, int, int | None]]) -> None:
    """HN-A1(2), one change at a time: filed within 7 working days, or still in time."""
    h = make_history(make_accounts(4), AS_OF)
    start = D(2026, 8, 1)
    events: list[tuple[int, str, D, D | None]] = []
    for account, day, filed_after in changes:
        on = start + dt.timedelta(days=day)
        events.append((account, "account_changed", on, None))
        if filed_after is not None:
            events.append((account, "change_filed", on + dt.timedelta(days=filed_after), None))
    got = _verdicts("hengnan", h, events)["change_not_filed"]
    filed = sorted((a, d) for a, k, d, _ in events if k == "change_filed")
    expect = [False] * 4
    for a, k, on, _ in events:
        if k != "account_changed":
            continue
        due = add_working_days(on, 7)
        first = next((d for b, d in filed if b == a and d >= on), None)
        late = first > due if first is not None else due < AS_OF
        expect[a] = expect[a] or late
    assert got == expect


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 40), min_size=1, max_size=6))
def test_no_update_veto_matches_a_scalar_oracle(days_before: list[int]) -> None:
    """NAT-V2: fails exactly when the last update is 14 or more days before the point."""
    n = len(days_before)
    h = make_history(make_accounts(n, opened=D(2015, 1, 1)), AS_OF,
                     last_post_day=_last_post(days_before))
    got = _verdicts("national-2019", h, [])["no_update_veto"]
    assert got == [d >= 14 for d in days_before]
