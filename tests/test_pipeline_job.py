"""The main job: coherence of the example, the precedence rule, row accounting, invariance."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zwxmt.cli import main
from zwxmt.examples import example_file, example_regions, read_example_csv
from zwxmt.examples.job import example_job
from zwxmt.pipeline import PRECEDENCE, MainJob, run_main_job

AS_OF = dt.date(2026, 10, 31)


@pytest.fixture(scope="module")
def job() -> MainJob:
    return example_job()


def _rows(name: str) -> tuple[list[str], list[list[str]]]:
    data = list(csv.reader(io.StringIO(example_file(name).read_text(encoding="utf-8"))))
    return data[0], data[1:]


def _cols(table: tuple[list[str], list[list[str]]]) -> dict[str, list[str]]:
    """A header and rows as a mapping of columns (the entry points take any tabular input)."""
    header, rows = table
    return {h: [r[i] for r in rows] for i, h in enumerate(header)}


def _grid_index(job: MainJob, account: np.ndarray, period: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray]:
    index = job.prepared.index
    labels = job.prepared.grid.labels
    a = np.array([index[str(x)] for x in account])
    m = np.array([labels.index(str(p)) for p in period])
    return a, m


def test_scoring_diligence_inputs_are_the_activity(job: MainJob) -> None:
    act = job.activity
    assert act is not None
    cols = job.scores.to_columns()
    a, m = _grid_index(job, cols["account_id"], cols["period"])
    metrics = job.scores.metrics
    assert metrics is not None
    assert np.array_equal(metrics["posts"], act.posts[a, m])
    assert np.array_equal(metrics["original_posts"], act.original_posts[a, m])
    assert np.array_equal(metrics["posting_days"], act.posting_days[a, m])
    assert np.array_equal(cols["veto_no_update_14d"], act.veto_no_update_14d[a, m])
    # the township veto of the monthly report is a gap in the posts
    i = job.scores.find("LY-T200-WECHAT", "2026-10")
    assert cols["veto_no_update_14d"][i]


def test_the_metrics_file_agrees_with_the_activity(job: MainJob) -> None:
    """The example's metrics file was generated from the activity: standalone scoring of it
    gives the same vetoes as the main job."""
    header, rows = _rows("monthly_metrics.csv")
    at = header.index("veto_no_update_14d")
    flagged = {(r[0], r[2]) for r in rows if r[at] == "true"}
    cols = job.scores.to_columns()
    vetoed = {(str(a), str(p)) for a, p, v in zip(cols["account_id"], cols["period"],
                                                  cols["veto_no_update_14d"], strict=True) if v}
    assert flagged == vetoed and ("LY-T200-WECHAT", "2026-10") in vetoed


def test_cleanup_reads_the_scores_and_their_averages(job: MainJob) -> None:
    cols = job.scores.to_columns()
    h = job.cleanup.history
    a, m = _grid_index(job, cols["account_id"], cols["period"])
    assert np.array_equal(h.total[a, m], cols["total"])
    assert np.array_equal(h.operation_index[a, m], cols["operation_index"])
    peers = job.cleanup.peers
    assert peers.given_average and peers.effect_index == "total"
    labels = job.prepared.grid.labels
    # the averages are the example's province_averages.csv (issue 10, item 2)
    for row in read_example_csv("province_averages.csv"):
        if row["period"] in labels:
            at = peers.types.index(row["platform"])
            assert peers.average[at, labels.index(row["period"])] == float(row["total"])


def test_the_review_audits_the_posts_of_the_activity(job: MainJob) -> None:
    """The example's review log is the posts of posts.csv in 2026-09..10: the review's post
    count of each account-month is the activity's."""
    assert job.review is not None
    s = job.review.summary
    act = job.activity
    assert act is not None
    a, m = _grid_index(job, s["account_id"], s["period"])
    assert np.array_equal(s["posts"], act.posts[a, m])
    assert set(s["period"]) == {"2026-09", "2026-10"}


def test_review_health_inputs_replace_the_metrics_where_they_cover(job: MainJob) -> None:
    assert job.review is not None
    s = job.review.summary
    metrics = job.scores.metrics
    assert metrics is not None
    header, rows = _rows("monthly_metrics.csv")
    file_value = {(r[0], r[2]): r for r in rows}
    covered = {(str(a), str(p)): i for i, (a, p) in
               enumerate(zip(s["account_id"], s["period"], strict=True))}
    cols = job.scores.to_columns()
    n_review = 0
    for k, (acc, per) in enumerate(zip(cols["account_id"], cols["period"], strict=True)):
        key = (str(acc), str(per))
        for name in ("serious_errors", "general_errors", "poor_responses"):
            if key in covered:
                expected = float(s[name][covered[key]])
            else:
                expected = float(file_value[key][header.index(name)])
            assert metrics[name][k] == expected, (key, name)
        n_review += key in covered
    assert n_review == 62
    lines = job.source_lines()
    assert any(line.startswith("serious_errors: the review audit (62 rows for 2026-09..2026-10)")
               for line in lines)


def test_precedence_is_declared_per_column() -> None:
    assert PRECEDENCE["posts"] == ("activity", "metrics")
    assert PRECEDENCE["veto_no_update_14d"] == ("activity", "metrics")
    assert PRECEDENCE["poor_responses"] == ("review", "metrics")


def _tiny_inputs() -> dict[str, tuple[list[str], list[list[str]]]]:
    acc_header, acc_rows = _rows("accounts.csv")
    acc_rows = [r for r in acc_rows if r[0] in ("LY-MAIN-WECHAT", "LY-MARKET-WECHAT")]
    met_header, met_rows = _rows("monthly_metrics.csv")
    met_rows = [r for r in met_rows if r[0] in ("LY-MAIN-WECHAT", "LY-MARKET-WECHAT")
                and r[2] >= "2026-04"]
    post_header, post_rows = _rows("posts.csv")
    post_rows = [r for r in post_rows if r[1] in ("LY-MAIN-WECHAT", "LY-MARKET-WECHAT")
                 and r[2] >= "2026-04"]
    return {"accounts": (acc_header, acc_rows), "metrics": (met_header, met_rows),
            "posts": (post_header, post_rows)}


def test_without_posts_the_metrics_file_supplies_every_column() -> None:
    t = _tiny_inputs()
    job = run_main_job(_cols(t["accounts"]), _cols(t["metrics"]), example_regions(), AS_OF,
                       first_month="2026-04")
    header, rows = t["metrics"]
    metrics = job.scores.metrics
    assert metrics is not None
    cols = job.scores.to_columns()
    by_key = {(r[0], r[2]): r for r in rows}
    for k, (a, p) in enumerate(zip(cols["account_id"], cols["period"], strict=True)):
        assert metrics["posts"][k] == float(by_key[(str(a), str(p))][header.index("posts")])
    assert all("monthly metrics file" in line for line in job.source_lines()[:-1])


def test_rows_read_are_used_or_rejected() -> None:
    t = _tiny_inputs()
    header, rows = t["metrics"]
    bad = list(rows[0])
    bad[0] = "LY-NOBODY"
    wrong_platform = list(rows[1])
    wrong_platform[1] = "weibo"
    wrong_platform[2] = "2026-03"  # another month: not a duplicate of rows[1]
    later = list(rows[2])
    later[2] = "2026-11"
    metrics = (header, [*rows, bad, wrong_platform, later])
    post_header, post_rows = t["posts"]
    posts = (post_header, [*post_rows, ["x1", "LY-NOBODY", "2026-10-01 08:00", "true", "1"]])
    job = run_main_job(_cols(t["accounts"]), _cols(metrics), example_regions(), AS_OF,
                       posts=_cols(posts), first_month="2026-04")
    failures = job.failures.to_arrow().to_pylist()
    for count in job.counts:
        assert count.read == count.processed + count.rejected, count.name
    met = next(c for c in job.counts if c.name == "metrics")
    assert (met.read, met.processed) == (len(rows) + 3, len(rows))
    assert len(job.scores) == len(rows)
    # one failure-cases table: the metrics rows as a spreadsheet numbers them (header = 1)
    refused = sorted((f["row"], f["column"], f["check"]) for f in failures
                     if f["file"] == "<metrics>")
    n = len(rows)
    assert refused == [(n + 2, "account_id", "unknown_account"),
                       (n + 3, "platform", "registry_mismatch"),
                       (n + 4, "period", "date_out_of_range")]
    post_fail = [f for f in failures if f["column"] == "account_id" and f["value"] == "LY-NOBODY"
                 and f["check"] == "unknown_account" and f["file"] != "<metrics>"]
    assert len(post_fail) == 1
    posts_count = next(c for c in job.counts if c.name == "posts")
    assert (posts_count.read, posts_count.rejected) == (len(post_rows) + 1, 1)


def _result_key(job: MainJob) -> dict[tuple[str, str], tuple[float, float, int]]:
    cols = job.scores.to_columns()
    return {(str(a), str(p)): (float(t), float(o), int(r)) for a, p, t, o, r in zip(
        cols["account_id"], cols["period"], cols["total"], cols["operation_index"],
        cols["county_rank"], strict=True)}


@settings(max_examples=8, deadline=None)
@given(st.randoms(use_true_random=False))
def test_permuting_input_rows_changes_no_result(rnd) -> None:  # type: ignore[no-untyped-def]
    t = _tiny_inputs()
    base = run_main_job(_cols(t["accounts"]), _cols(t["metrics"]), example_regions(), AS_OF,
                        posts=_cols(t["posts"]), first_month="2026-04")
    met_rows = list(t["metrics"][1])
    post_rows = list(t["posts"][1])
    rnd.shuffle(met_rows)
    rnd.shuffle(post_rows)
    other = run_main_job(_cols(t["accounts"]), _cols((t["metrics"][0], met_rows)),
                         example_regions(), AS_OF, posts=_cols((t["posts"][0], post_rows)),
                         first_month="2026-04")
    assert _result_key(other) == _result_key(base)
    assert [(r.account_id, r.measure) for r in other.cleanup.recommendations] == \
        [(r.account_id, r.measure) for r in base.cleanup.recommendations]


def test_assess_cli_on_the_example(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", "--example", "-o", str(tmp_path)]) == 0
    text = capsys.readouterr().out
    assert "metrics: rows read = 398 = 398 processed + 0 rejected" in text
    assert "posts: rows read = " in text
    for name in ("scores.csv", "activity.csv", "findings.csv", "recommendations.csv",
                 "inventory.csv", "inventory.summary.csv"):
        assert (tmp_path / name).exists(), name
    with open(tmp_path / "scores.csv", encoding="utf-8-sig") as fh:
        assert len(list(csv.DictReader(fh))) == 398


def test_assess_cli_needs_its_inputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", "-o", str(tmp_path)]) == 1
    assert "--accounts and --metrics" in capsys.readouterr().err


def test_given_province_averages_take_precedence() -> None:
    """A county running the job alone passes the province's published averages."""
    t = _tiny_inputs()
    months = [f"2026-{m:02d}" for m in range(4, 11)]
    averages = (["platform", "period", "operation_index", "total"],
                [["wechat", m, "30.0", "40.0"] for m in months] + [["nowhere", "2026-13", "", ""]])
    job = run_main_job(_cols(t["accounts"]), _cols(t["metrics"]), example_regions(), AS_OF,
                       posts=_cols(t["posts"]), province_averages=_cols(averages),
                       first_month="2026-04")
    peers = job.cleanup.peers
    assert peers.given_average
    row = peers.types.index("wechat")
    assert np.all(peers.average[row] == 40.0)
    assert not any(c.code == "below_average" for r in job.cleanup.recommendations
                   for c in r.criteria)
    count = next(c for c in job.counts if c.name == "averages")
    assert (count.read, count.processed) == (8, 7)
    assert job.source_lines()[-1].endswith("the province averages file")
    own = run_main_job(_cols(t["accounts"]), _cols(t["metrics"]), example_regions(), AS_OF,
                       posts=_cols(t["posts"]), first_month="2026-04", province_wide=True)
    assert "the score result over" in own.source_lines()[-1]


def test_county_alone_without_province_averages_does_not_evaluate_below_average() -> None:
    """Issue 10, item 2: a county's own mean is not 全省同类型账号平均值. Without the province
    averages ZJG-6.5.1(1) is not evaluated for any account, and says why; on today's main the
    county mean stood in and (1) held."""
    t = _tiny_inputs()
    job = run_main_job(_cols(t["accounts"]), _cols(t["metrics"]), example_regions(), AS_OF,
                       posts=_cols(t["posts"]), first_month="2026-04")
    r = job.cleanup.findings["below_average"]
    assert not r.evaluated and not r.met.any()
    eligible = job.cleanup.findings.eligible
    assert r.unknown.tolist() == eligible.tolist()
    assert all("province same-type averages" in w for w in r.why[eligible])
    assert "not evaluated" in job.averages_source
    for reco in job.cleanup.recommendations:
        assert all(c.code != "below_average" for c in reco.criteria)


def test_example_county_ships_illustrative_averages(job: MainJob) -> None:
    """The example runs with its illustrative province averages file: (1) is evaluated."""
    assert job.averages_source == "the province averages file"
    assert job.cleanup.findings["below_average"].evaluated
    below = [r.account_id for r in job.cleanup.recommendations
             if any(c.code == "below_average" for c in r.criteria)]
    assert 0 < len(below) < 22


def test_months_before_the_activity_grid_keep_the_metrics_values() -> None:
    """The activity covers the months of its grid only: earlier metrics rows (kept for the
    同比 baselines) keep the file's diligence counts."""
    t = _tiny_inputs()
    header, rows = t["metrics"]
    job = run_main_job(_cols(t["accounts"]), _cols(t["metrics"]), example_regions(), AS_OF,
                       posts=_cols(t["posts"]), first_month="2026-06")
    metrics = job.scores.metrics
    assert metrics is not None
    act = job.activity
    assert act is not None
    cols = job.scores.to_columns()
    by_key = {(r[0], r[2]): r for r in rows}
    labels = job.prepared.grid.labels
    index = job.prepared.index
    for k, (a, p) in enumerate(zip(cols["account_id"], cols["period"], strict=True)):
        if str(p) < "2026-06":
            expected = float(by_key[(str(a), str(p))][header.index("posts")])
        else:
            expected = float(act.posts[index[str(a)], labels.index(str(p))])
        assert metrics["posts"][k] == expected
    source = next(s for s in job.sources if s.column == "posts")
    assert (source.derived_rows, source.metrics_rows) == (10, 4)
    assert source.line() == ("posts: posts (activity) (10 rows for 2026-06..2026-10), otherwise "
                             "the monthly metrics file (4 rows)")
