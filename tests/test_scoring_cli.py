"""``zwxmt score`` / ``zwxmt explain`` and the scoring input reader: every row lands in the
output or in the rejects file, with its row number, field and reason."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.scoring_oracle import SECTION
from zwxmt.cli import main
from zwxmt.errors import InputError
from zwxmt.examples import example_file
from zwxmt.scoring import read_input, score

HEADER = ("account_id,platform,period,level,city,county,posts,original_posts,posting_days,"
          "serious_errors,general_errors,poor_responses,service_availability,coordination_rate,"
          "platform_misuse,reads,likes,reposts,comments,veto_no_update_14d,reads_headline,reads_max,"
          "looks,looks_headline,looks_max,likes_headline,likes_max,shares,shares_headline,"
          "shares_max")
# the WCI counts 政务微信 rows need (a blank count is unknown, not 0: docs/assumptions.md),
# shares included (the current WCI V14.2, issue 10)
WCI = ",3000,2000,50,20,10,100,80,30,10,5"
GOOD = [
    "A,wechat,2026-03,county,330800,330825,30,20,20,0,1,0,0.9,0.8,0,9000,300,10,20,false" + WCI,
    "B,微博,2026-03,县级,330800,330825,60,30,22,0,0,0,,1,0,0,100,50,40,否" + WCI,
]
BAD = [
    "C,wechat,2026-03,county,330800,330825,30,20,20,0,1,0,,0.8,0,9000,300,10,20,false" + WCI,
    "D,weibo,2026-13,county,330800,330825,30,20,20,0,1,0,,0.8,0,9000,300,10,20,false" + WCI,
    "E,weibo,2026-03,county,330800,330825,10,20,5,0,0,0,,0.8,0,9000,300,10,20,false" + WCI,
    "F,weibo,2026-03,county,330800,330825,10,5,5,x,0,0,,1.8,0,9000,300,10,20,maybe" + WCI,
    "A,wechat,2026-03,county,330800,330825,30,20,20,0,1,0,0.9,0.8,0,9000,300,10,20,false" + WCI,
    "G,weibo,2026-03,township,330800,,30,20,20,0,1,0,,0.8,0,9000,300,10,20,false" + WCI,
]


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text(HEADER + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_read_input_refuses_bad_rows_with_row_field_and_reason(tmp_path: Path) -> None:
    got = read_input(_write(tmp_path / "in.csv", GOOD + BAD), SECTION)
    assert (got.counts.read, got.counts.used, got.counts.rejected) == (8, 1, 7)
    assert len(got.frame) == 1  # only B: A is duplicated by row 8
    by_row: dict[int, set[str]] = {}
    for r in got.failures.table.to_pylist():
        by_row.setdefault(r["row"], set()).add(r["column"])
    # rows as a spreadsheet numbers them: the header is row 1
    assert by_row == {
        2: {"account_id+period"}, 8: {"account_id+period"},  # duplicate account and period
        4: {"service_availability"},  # 政务微信 without 办事服务
        5: {"period"},
        6: {"original_posts"},  # more original posts than posts
        7: {"serious_errors", "coordination_rate", "veto_no_update_14d"},
        9: {"county"},  # a township account names its county
    }
    recs = got.failures.table.to_pylist()
    reasons = {r["column"]: r["message"] for r in recs if r["row"] == 7}
    assert "expected a number" in reasons["serious_errors"]
    assert "from 0 to 1" in reasons["coordination_rate"]
    checks = {(r["row"], r["check"]) for r in recs}
    assert {(2, "duplicate_key"), (8, "duplicate_key"), (4, "missing_value"),
            (5, "not_a_month"), (6, "out_of_range"), (9, "missing_value")} <= checks
    dup = next(r for r in recs if r["row"] == 2)
    assert "row 8" in dup["message"] and dup["value"] == "A / 2026-03"


def test_chinese_headers_are_accepted(tmp_path: Path) -> None:
    zh = {"account_id": "账号编码", "platform": "平台", "period": "考核周期", "level": "层级",
          "city": "所属地市", "county": "所属县（市、区）", "posts": "编发数量",
          "original_posts": "原创数量", "posting_days": "编发天数",
          "serious_errors": "严重表述错误", "general_errors": "一般表述错误",
          "poor_responses": "互动回应差", "service_availability": "办事服务",
          "coordination_rate": "内部协同完成率", "platform_misuse": "未按要求使用平台",
          "reads": "阅读数", "likes": "点赞数", "reposts": "转发数", "comments": "评论数",
          "veto_no_update_14d": "14天未更新", "reads_headline": "头条阅读数",
          "reads_max": "最高阅读数", "looks": "在看数", "looks_headline": "头条在看数",
          "looks_max": "最高在看数", "likes_headline": "头条点赞数", "likes_max": "最高点赞数",
          "shares": "转发数（微信）", "shares_headline": "头条转发数", "shares_max": "最高转发数"}
    header = ",".join(zh[h] for h in HEADER.split(","))
    path = tmp_path / "zh.csv"
    path.write_text(header + "\n" + "\n".join(GOOD) + "\n", encoding="utf-8")
    got = read_input(path, SECTION)
    assert (len(got.frame), len(got.failures), got.counts.read) == (2, 0, 2)
    assert score(got.frame).total.shape == (2,)
    # 账号ID is the platform's own id in the forms, not zwxmt's key: said, not guessed
    path.write_text(header.replace("账号编码", "账号ID") + "\n" + "\n".join(GOOD) + "\n",
                    encoding="utf-8")
    with pytest.raises(InputError, match="platform's own account id"):
        read_input(path, SECTION)


def test_score_command_writes_results_rejects_and_the_summary(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _write(tmp_path / "in.csv", GOOD + BAD[:4])
    out = tmp_path / "out.csv"
    regions = tmp_path / "regions.csv"
    averages = tmp_path / "avg.csv"
    assert main(["score", str(src), "-o", str(out), "--regions", str(regions),
                 "--averages", str(averages)]) == 0
    line = capsys.readouterr().out
    assert line.startswith("rows read = 6 = scored 2 + rejected 4;")
    with open(out, encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["account_id"] for r in rows] == ["A", "B"]  # input order
    for col in ("account_id", "period", "platform", "level", "city", "county",
                "operation_index", "total", "vetoes", "county_rank",
                "province_platform_average_operation", "province_platform_average_total"):
        assert col in rows[0]
    with open(tmp_path / "out.rejects.csv", encoding="utf-8-sig") as fh:
        rejected = list(csv.DictReader(fh))
    assert {r["row"] for r in rejected} == {"4", "5", "6", "7"}
    assert all(r["message"] and r["check"] for r in rejected)
    with open(regions, encoding="utf-8-sig") as fh:
        levels = {r["region_level"] for r in csv.DictReader(fh)}
    assert levels == {"province", "city", "county"}
    with open(averages, encoding="utf-8-sig") as fh:
        avg = list(csv.DictReader(fh))
    assert [(r["platform"], r["period"]) for r in avg] == [("wechat", "2026-03"),
                                                           ("weibo", "2026-03")]
    assert set(avg[0]) == {"platform", "period", "accounts", "operation_index", "total"}


def test_score_command_jsonl_and_quarters(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.jsonl"
    with open(example_file("monthly_metrics.csv"), encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n",
                   encoding="utf-8")
    out = tmp_path / "q.jsonl"
    assert main(["score", str(src), "-o", str(out), "--period", "quarter"]) == 0
    assert f"rows read = {len(rows)} = scored {len(rows)} + rejected 0" in capsys.readouterr().out
    results = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r["period"] for r in results} == {"2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3",
                                              "2026-Q4"}
    assert all(0 <= r["total"] <= 100 for r in results)


def test_score_command_parquet(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    import pyarrow as pa
    import pyarrow.parquet as pq

    with open(example_file("monthly_metrics.csv"), encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    table = pa.table({k: [r[k] for r in rows] for k in rows[0]})
    src = tmp_path / "in.parquet"
    pq.write_table(table, src)
    out = tmp_path / "out.parquet"
    assert main(["score", str(src), "-o", str(out)]) == 0
    assert pq.read_table(out).num_rows == len(rows)


def test_explain_command(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(example_file("monthly_metrics.csv"))
    assert main(["explain", path, "--account", "LY-T200-WECHAT", "--period", "2026-10"]) == 0
    text = capsys.readouterr().out
    assert "一票否决：14天未更新" in text and "[ZJG-9.2-T2-V1]" in text
    assert main(["explain", path, "--account", "LY-MAIN-DOUYIN", "--period", "2026-Q3",
                 "--format", "json"]) == 0
    tree = json.loads(capsys.readouterr().out)
    assert tree["name"] == "total" and tree["children"][0]["weight"] == 0.45


def test_explain_unknown_account_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(example_file("monthly_metrics.csv"))
    assert main(["explain", path, "--account", "NOPE", "--period", "2026-10"]) == 1
    assert "no result for account 'NOPE' in 2026-10" in capsys.readouterr().err


def test_subscore_input_is_scored(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "subs.csv"
    src.write_text(
        "account_id,platform,period,level,city,county,operation,posts_score,original_score,"
        "posting_days_score,serious_errors_score,service_score,poor_response_score,"
        "general_errors_score,coordination_score,platform_use_score,operation_yoy_score,"
        "diligence_yoy_score,veto_notified\n"
        "A,wechat,2026-03,county,330800,330825,80,90,50,100,100,90,80,90,70,100,60,50,false\n"
        "B,douyin,2026-03,county,330800,330825,80,90,50,100,100,,80,90,70,100,60,50,true\n",
        encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main(["score", str(src), "-o", str(out)]) == 0
    with open(out, encoding="utf-8-sig") as fh:
        rows = {r["account_id"]: r for r in csv.DictReader(fh)}
    assert float(rows["A"]["total"]) == pytest.approx(82.9)
    assert float(rows["B"]["total"]) == pytest.approx(71.3)
    assert rows["B"]["vetoes"] == "notified [ZJG-9.2-T2-V4]"


def test_score_command_with_a_rulebook_file(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    from importlib import resources

    folder = resources.files("zwxmt") / "data" / "rulebooks" / "zhejiang"
    text = ((folder / "meta.toml").read_text(encoding="utf-8") + "\n"
            + (folder / "scoring.toml").read_text(encoding="utf-8")).replace(
        'general_error_penalty = { value = 10.0,', 'general_error_penalty = { value = 50.0,')
    book = tmp_path / "strict.toml"
    book.write_text(text, encoding="utf-8")
    src = _write(tmp_path / "in.csv", GOOD)
    out = tmp_path / "out.csv"
    assert main(["score", str(src), "-o", str(out), "--rulebook", str(book)]) == 0
    assert "rulebook zhejiang" in capsys.readouterr().out
    with open(out, encoding="utf-8-sig") as fh:
        rows = {r["account_id"]: r for r in csv.DictReader(fh)}
    assert float(rows["A"]["general_errors_score"]) == 50.0  # one general error, 50 points
