"""The cleanup run end to end: the example county, the CLI, the form, rejects, real posts."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from zwxmt.activity.compute import MonthGrid, PostColumns, compute_activity, day_number
from zwxmt.cleanup.inventory import inventory_form, inventory_rows, summary_by_county
from zwxmt.cleanup.pipeline import run_cleanup
from zwxmt.cli import main
from zwxmt.examples import example_regions, read_example_csv
from zwxmt.examples.job import example_run
from zwxmt.models import Measure

DATA = Path(__file__).parent / "data" / "cleanup"


@pytest.fixture(scope="module")
def run():  # type: ignore[no-untyped-def]
    return example_run()


def _reco(run, account: str):  # type: ignore[no-untyped-def]
    return next(r for r in run.recommendations if r.account_id == account)


def test_example_county_measures_as_scripted(run) -> None:  # type: ignore[no-untyped-def]
    s = summary_by_county(run, example_regions())
    assert s["county"] == ["330825"] and s["county_name"] == ["龙游县"]
    # scored by the main job from the example's metrics and posts; the province same-type
    # averages are the example's illustrative province_averages.csv (issue 10, item 2)
    assert {m.value: s[m.value][0] for m in Measure} == {
        "keep": 16, "change": 0, "shut_down": 0, "deregister": 14, "merge": 1, "rectify": 0}
    # one 14-day gap: 限期整改 is Hengnan's class (HN-4.1), not a Zhejiang criterion
    assert _reco(run, "LY-MARKET-WECHAT").measure is Measure.KEEP
    hrss = _reco(run, "LY-HRSS-WECHAT")                                 # two
    assert hrss.measure is Measure.DEREGISTER
    hit = next(c for c in hrss.criteria if c.code == "no_update_or_unrectified")
    assert hit.evidence["gaps_14d"] == 2
    assert _reco(run, "LY-AGRI-WECHAT").measure is Measure.KEEP         # 13 days: no veto
    assert {c.code for c in _reco(run, "LY-POLICE-DOUYIN").criteria} >= {"dormant",
                                                                          "disqualified"}
    # host changed (变更) but also 互动交流差 in the review audit (60% answered): 限期整改
    # host changed (LN-3.1-host-change / HN-4.1-host-change): neither is Zhejiang's
    land = _reco(run, "LY-LAND-WECHAT")
    assert land.measure is Measure.KEEP and land.criteria == ()
    # no HN or LN clause anywhere in the Zhejiang run
    cited = {c.cite for r in run.recommendations for c in r.criteria}
    assert cited and all(c.startswith(("ZJG-", "ZJO-")) for c in cited)
    toutiao = _reco(run, "LY-AGRI-TOUTIAO")     # no operating staff (整合)
    weak = next(c for c in toutiao.criteria if c.code == "weak")
    assert weak.evidence["no_staff"] is True and toutiao.measure is Measure.MERGE
    assert _reco(run, "LY-YOUTH-DOUYIN").measure is Measure.KEEP        # not a year old
    # most department accounts have more fans than 1% of 360,229; two do not
    fans = {r.account_id for r in run.recommendations
            if any(c.code == "department_fans" for c in r.criteria)}
    assert fans == {"LY-MEDINS-WECHAT", "LY-CIVIL-WECHAT"}
    # 东华街道发布: more fans than 20% of its township and in the county's top 5 in each of the
    # last 6 months: it passes ZJG-6.5.1(6); the other five township accounts do not
    assert _reco(run, "LY-T001-WECHAT").measure is Measure.KEEP
    town = run.findings["township_account"]
    ids = list(run.findings.account_ids)
    t001 = ids.index("LY-T001-WECHAT")
    assert town.evidence["fans_share"][t001] > 0.2
    assert town.evidence["months_in_top"][t001] == 6 and not town.met[t001]
    assert int(town.met.sum()) == 5
    assert all(_reco(run, f"LY-T{t}-WECHAT").measure is Measure.DEREGISTER
               for t in ("002", "100", "101", "102", "200"))


def test_example_activity_veto_and_gap_days(run) -> None:  # type: ignore[no-untyped-def]
    act = run.activity
    ids = list(run.history.accounts.account_id)
    labels = run.history.grid.labels
    agri = ids.index("LY-AGRI-WECHAT")
    assert act.longest_gap_days[agri, labels.index("2026-03")] == 13
    assert not act.veto_no_update_14d[agri].any()
    market = ids.index("LY-MARKET-WECHAT")
    assert act.veto_no_update_14d[market].tolist() == [lab == "2026-05" for lab in labels]
    police = ids.index("LY-POLICE-DOUYIN")
    assert act.current_gap_days[police] == (dt.date(2026, 10, 31) - dt.date(2026, 7, 20)).days
    assert act.posts.sum() == len(read_example_csv("posts.csv"))


def test_inventory_rows_and_form(run) -> None:  # type: ignore[no-untyped-def]
    rows = inventory_rows(run)
    assert len(rows) == 31
    # 龙游政务 (WeChat) answered 73% of its messages due in 2026-10: 互动交流差 (HN-4.1)
    assert rows[0].measure is Measure.KEEP and rows[0].platform_vendor == "腾讯"
    form = inventory_form(run, filing_unit="龙游县人民政府办公室", filled_by="张三",
                          phone="0570-7012345")
    assert form.cutoff == dt.date(2026, 10, 31) and len(form.rows) == 31
    dumped = form.model_dump(by_alias=True)
    assert dumped["rows"][4]["整改措施"] == Measure.DEREGISTER


def test_cli_writes_the_form_summary_details_and_activity(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]
                                                           ) -> None:
    out = tmp_path / "form.csv"
    assert main(["cleanup", "--example", "-o", str(out), "--activity-out",
                 str(tmp_path / "activity.csv"), "--gaps-out", str(tmp_path / "gaps.csv")]) == 0
    text = capsys.readouterr().out
    assert "accounts: rows read = 31 = 31 processed + 0 rejected" in text
    assert ("330825 龙游县: 31 accounts: 保留 16, 变更 0, 关停 0, 注销 14, 整合 1, 限期整改 0"
            in text)
    with open(out, encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 31
    assert rows[0]["名称"] == "龙游政务" and rows[0]["整改措施"] == "保留"
    assert rows[0]["运营状态"] == "正常运营"
    edu = next(r for r in rows if r["账号编码"] == "LY-EDU-WECHAT")
    assert edu["整改措施"] == "注销" and "ZJG-6.5.1(3)" in edu["依据条款"]  # exposure: 6 days
    civil = next(r for r in rows if r["账号编码"] == "LY-CIVIL-WECHAT")
    assert civil["整改措施"] == "注销" and "ZJG-6.5.1(5)" in civil["依据条款"]
    assert edu["注销步骤"].startswith("stop_update_notice")
    assert (tmp_path / "form.summary.csv").exists()
    assert (tmp_path / "form.details.jsonl").exists()
    with open(tmp_path / "activity.csv", encoding="utf-8-sig") as fh:
        act = list(csv.DictReader(fh))
    assert list(act[0]) == ["account_id", "period", "posts", "original_posts", "original_ratio",
                            "posting_days", "longest_gap_days", "gaps_14d", "last_post_date",
                            "veto_no_update_14d", "reads"]
    assert len(act) == 31 * 13


def test_cli_xlsx_is_the_printed_form(tmp_path: Path) -> None:
    calamine = pytest.importorskip("python_calamine")
    out = tmp_path / "form.xlsx"
    assert main(["cleanup", "--example", "-o", str(out), "--filing-unit", "龙游县人民政府办公室",
                 "--filled-by", "张三", "--phone", "0570-7012345"]) == 0
    wb = calamine.CalamineWorkbook.from_path(str(out))
    rows = wb.get_sheet_by_name("排查及清理整合情况表").to_python(skip_empty_area=False)
    assert rows[0][0] == "龙游县政务新媒体排查及清理整合情况表"
    assert rows[1][0] == "填表单位（盖章）：龙游县人民政府办公室"
    assert rows[2] == ["名称", "认证主体", "主办单位", "运营单位", "运营模式", "经费保障（元/年）",
                       "粉丝量", "阅读量", "推送频率", "开通时间", "运营人数", "运营状态",
                       "基本功能", "平台类型", "整改措施"]  # HN-A2, in printed order
    assert rows[3][2:4] == ["负责人及联系电话", "联系人及联系电话"]
    # 4 header rows, 4 platform groups (微博, 微信, 今日头条, 抖音: HN-A2(1)), 31 accounts, notes
    assert len(rows) == 4 + 4 + 31 + 1
    assert rows[-1][0].startswith("注：1．") and "统计时间截至2026年10月31日" in rows[-1][0]
    assert {r[11] for r in rows[4:-1] if r[1]} <= {"正常运营", "停止运营"}  # HN-A2(5)
    summary = wb.get_sheet_by_name("汇总").to_python()
    assert summary[1][:3] == ["330825", "龙游县", 31]
    assert "zwxmt附加信息" in wb.sheet_names  # the account key etc., never in the form


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def test_cli_rejects_bad_rows_with_row_and_reason(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    accounts = read_example_csv("accounts.csv")[:3]
    header = list(accounts[0])
    acc_rows = [list(a.values()) for a in accounts]
    bad = dict(accounts[0], account_id="LY-BAD", region_code="999999")
    acc_rows.append(list(bad.values()))
    acc = _write(tmp_path / "accounts.csv", header, acc_rows)
    posts = _write(tmp_path / "posts.csv", ["post_id", "account_id", "published_at"], [
        ["p1", "LY-MAIN-WECHAT", "2026-10-01 08:00"],
        ["p2", "NOBODY", "2026-10-02 08:00"],
        ["p3", "LY-MAIN-WECHAT", "2026-11-02 08:00"],
        ["p1", "LY-MAIN-WEIBO", "2026-10-03 08:00"],
    ])
    events = _write(tmp_path / "events.csv", ["account_id", "event", "date", "rectified_on"], [
        ["LY-MAIN-WECHAT", "晾晒", "2026-10-01", "2026-10-03"],
        ["LY-MAIN-WECHAT", "notification", "2026-10-01", "2026-10-03"],
        ["LY-MAIN-WECHAT", "meteor", "2026-10-01", ""],
    ])
    out = tmp_path / "form.csv"
    assert main(["cleanup", str(acc), "-o", str(out), "--posts", str(posts), "--events",
                 str(events), "--as-of", "2026-10-31", "--with-example-townships"]) == 0
    text = capsys.readouterr().out
    assert "accounts: rows read = 4 = 3 processed + 1 rejected" in text
    assert "posts: rows read = 4 = 1 processed + 3 rejected" in text
    assert "events: rows read = 3 = 1 processed + 2 rejected" in text
    with open(tmp_path / "form.failures.csv", encoding="utf-8-sig") as fh:
        failures = list(csv.DictReader(fh))
    # one failure-cases table; rows as a spreadsheet numbers them (header = row 1)
    by = {(f["file"], f["row"]): f for f in failures}
    assert by[("posts.csv", "3")]["check"] == "unknown_account"
    assert by[("posts.csv", "4")]["check"] == "date_out_of_range"
    assert by[("posts.csv", "5")]["check"] == "duplicate_key"
    assert "repeats row 2" in by[("posts.csv", "5")]["message"]
    acc_fail = by[("accounts.csv", "5")]
    assert (acc_fail["column"], acc_fail["check"]) == ("region_code", "unknown_region")
    assert by[("events.csv", "3")]["column"] == "rectified_on"
    assert (by[("events.csv", "4")]["column"], by[("events.csv", "4")]["check"]) == \
        ("event", "unknown_event")
    assert len(failures) == 6


def test_without_posts_the_activity_criteria_are_not_evaluated() -> None:
    accounts = read_example_csv("accounts.csv")
    header = list(accounts[0])
    columns = {h: [a[h] for a in accounts] for h in header}
    run = run_cleanup(columns, example_regions(), dt.date(2026, 10, 31))
    assert {"zombie", "dormant", "no_update_or_unrectified"} <= set(
        run.findings.not_evaluated)
    assert not run.findings["zombie"].met.any()


def test_real_weibo_posts_daily_account_has_no_gap_until_days_are_cut() -> None:
    with open(DATA / "cctv_news_weibo_2020-01.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    days = np.array([day_number(dt.date.fromisoformat(r["pub_datetime"][:10])) for r in rows])
    grid = MonthGrid.ending(dt.date(2020, 1, 31), 1)
    opened = np.array([day_number(dt.date(2012, 1, 1))])

    def run(mask: np.ndarray) -> object:
        n = int(mask.sum())
        posts = PostColumns(np.zeros(n, dtype=np.int64), days[mask],
                            np.zeros(n, dtype=np.bool_), np.zeros(n, dtype=np.int64))
        return compute_activity(posts, opened, grid, gap_days=14)

    act = run(np.ones(len(days), dtype=np.bool_))
    assert act.posts[0, 0] == len(rows) == 1640
    assert act.posting_days[0, 0] == len(set(days.tolist())) == 31
    assert act.longest_gap_days[0, 0] == 0 and not act.veto_no_update_14d[0, 0]
    # cut 10..23 January (14 days): one gap, exactly 14 days
    cut = (days >= day_number(dt.date(2020, 1, 10))) & (days <= day_number(dt.date(2020, 1, 23)))
    act = run(~cut)
    assert act.longest_gap_days[0, 0] == 14 and act.gaps_14d[0, 0] == 1
    cut13 = cut & (days != day_number(dt.date(2020, 1, 23)))
    act = run(~cut13)
    assert act.longest_gap_days[0, 0] == 13 and act.gaps_14d[0, 0] == 0
