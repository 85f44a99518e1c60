"""Issue 10 (findings an auditor would sign), cleanup items 1, 3, 4, 6 and 7.

Each test fails on the code before the issue: a blank value read as 0, a county mean standing in
for the province's, a missing message log zeroing the metrics file, (3) held on a gap count
never computed, HN-4.1 reading Zhejiang's average, the review's 互动回应差 never reaching
ZJG-6.1.2.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from zwxmt.cleanup.criteria import NO_FANS, NO_POSTS, NO_SUPERVISOR, evaluate
from zwxmt.cleanup.history import History, PeerStats, peer_stats
from zwxmt.cleanup.inventory import inventory_table, write_inventory
from zwxmt.cleanup.parameters import CleanupParams
from zwxmt.cleanup.pipeline import run_cleanup
from zwxmt.cleanup.recommend import recommendations
from zwxmt.cleanup.responses import interaction_events
from zwxmt.cli import main
from zwxmt.examples import example_file, example_regions, read_example_csv
from zwxmt.examples.cleanup_builders import make_accounts, make_events, make_history
from zwxmt.examples.job import EXAMPLE_AS_OF
from zwxmt.models import Measure
from zwxmt.pipeline.files import run_main_job_files
from zwxmt.rulebook import load_rulebook

#: zhejiang extended with the HN-4.1 classes and LN-3.1's host change (every criterion)
ALL_CRITERIA = Path(__file__).parent / "data" / "rulebooks" / "all-criteria.toml"
P = load_rulebook(ALL_CRITERIA).section(CleanupParams)
AS_OF = dt.date(2026, 10, 31)


def _peers(h: History) -> PeerStats:
    return peer_stats(h, effect_index=P.effect_index.value, same_type=P.same_type.value,
                      rank_scope=P.rank_scope.value)


def _example_accounts(**blank: tuple[str, ...]) -> tuple[list[str], list[list[str]]]:
    rows = read_example_csv("accounts.csv")
    header = list(rows[0])
    out = []
    for r in rows:
        for column, ids in blank.items():
            if r["account_id"] in ids:
                r[column] = ""
        out.append([r[h] for h in header])
    return header, out


# -- item 1: unknown is not zero ------------------------------------------------------------

def test_blank_fans_leave_the_fan_criteria_not_evaluated_never_zero() -> None:
    acc = make_accounts(3, fans=[np.nan, 10, 50_000])
    h = make_history(acc, AS_OF)
    f = evaluate(h, make_events([]), _peers(h), P)
    fans = f["department_fans"]
    assert fans.met.tolist() == [False, True, False]
    assert fans.unknown.tolist() == [True, False, False]
    assert fans.why[0] == NO_FANS
    weak = f["weak"]
    assert not weak.met[0] and weak.unknown[0] and NO_FANS in weak.why[0]
    recs = recommendations(f, P, month_labels=h.grid.labels)
    assert recs[0].measure is Measure.KEEP
    assert {n.code for n in recs[0].not_evaluated} >= {"department_fans", "weak"}
    assert recs[1].measure is Measure.DEREGISTER
    assert [n.code for n in recs[1].not_evaluated] == ["below_average"]   # no province averages


def test_blank_supervising_unit_is_unknown_not_unsupervised() -> None:
    acc = make_accounts(2, supervised=[False, True])
    h = make_history(acc, AS_OF)
    r = evaluate(h, make_events([]), _peers(h), P, only=("shut_down_class",))["shut_down_class"]
    assert r.met.tolist() == [False, False]
    assert r.unknown.tolist() == [True, False] and r.why[0] == NO_SUPERVISOR


def test_the_form_prints_blank_cells_for_values_not_given(tmp_path: Path) -> None:
    """HN-A2: 粉丝量, 运营人数, 有无专人运营, 经费保障 blank when not given (not 0, 无, 0.0)."""
    header, rows = _example_accounts(fans=("LY-EDU-WECHAT",),
                                     supervisor_unit_id=("LY-EDU-WECHAT",))
    columns = {h: [r[i] for r in rows] for i, h in enumerate(header)}
    run = run_cleanup(columns, example_regions(), EXAMPLE_AS_OF,   # no profiles
                      rulebook=ALL_CRITERIA)
    cols, headers = inventory_table(run)
    i = list(cols["account_id"]).index("LY-EDU-WECHAT")

    def cell(name: str) -> object:
        v = cols[name]
        return (v.to_pylist() if hasattr(v, "to_pylist") else list(v))[i]

    blank = ("fans", "operators_count", "has_dedicated_staff", "funding_per_year")
    assert [cell(k) for k in blank] == [None] * 4          # unknown: null, never 0 / 无 / 0.0
    # and the written form prints those cells blank
    write_inventory(run, tmp_path / "form.csv")
    with (tmp_path / "form.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows_out = {r[headers["account_id"]]: r for r in csv.DictReader(fh)}
    assert [rows_out["LY-EDU-WECHAT"][headers[k]] for k in blank] == [""] * 4
    reco = next(r for r in run.recommendations if r.account_id == "LY-EDU-WECHAT")
    assert reco.measure is not Measure.DEREGISTER and reco.measure is not Measure.SHUT_DOWN
    assert {"department_fans", "shut_down_class"} <= {n.code for n in reco.not_evaluated}
    assert "department_fans" in cols["not_evaluated"][i]
    lines = run.not_evaluated_lines()
    assert any(line.startswith("department_fans [ZJG-6.5.1(5)]: ") for line in lines)
    assert any(NO_FANS in line and "LY-EDU-WECHAT" in line for line in lines)


# -- item 3: a missing source never overrides a present one ---------------------------------

def test_review_without_messages_keeps_the_metrics_poor_responses(tmp_path: Path) -> None:
    files = {k: Path(str(example_file(v))) for k, v in {
        "accounts": "accounts.csv", "metrics": "monthly_metrics.csv",
        "review_posts": "review_posts.csv", "lexicon": "lexicon.csv"}.items()}
    job = run_main_job_files(files["accounts"], files["metrics"], example_regions(),
                             EXAMPLE_AS_OF, review_posts=files["review_posts"],
                             lexicon=files["lexicon"])
    expected = {(r["account_id"], r["period"]): float(r["poor_responses"])
                for r in read_example_csv("monthly_metrics.csv")}
    cols = job.scores.to_columns()
    metrics = job.scores.metrics
    assert metrics is not None
    got = {(str(a), str(p)): float(metrics["poor_responses"][k])
           for k, (a, p) in enumerate(zip(cols["account_id"], cols["period"], strict=True))}
    assert got == {k: v for k, v in expected.items() if k in got}
    assert any(v > 0 for (a, p), v in got.items() if p >= "2026-09")
    line = next(s.line() for s in job.sources if s.column == "poor_responses")
    assert line.startswith("poor_responses: monthly metrics file")
    # the errors it did measure still come from the audit
    assert next(s for s in job.sources if s.column == "serious_errors").derived_rows > 0


def test_review_without_lexicon_keeps_the_metrics_expression_errors() -> None:
    files = {k: Path(str(example_file(v))) for k, v in {
        "accounts": "accounts.csv", "metrics": "monthly_metrics.csv",
        "review_posts": "review_posts.csv", "messages": "messages.csv"}.items()}
    job = run_main_job_files(files["accounts"], files["metrics"], example_regions(),
                             EXAMPLE_AS_OF, review_posts=files["review_posts"],
                             messages=files["messages"])
    expected = {(r["account_id"], r["period"]): float(r["serious_errors"])
                for r in read_example_csv("monthly_metrics.csv")}
    cols = job.scores.to_columns()
    metrics = job.scores.metrics
    assert metrics is not None
    got = {(str(a), str(p)): float(metrics["serious_errors"][k])
           for k, (a, p) in enumerate(zip(cols["account_id"], cols["period"], strict=True))}
    assert got == {k: v for k, v in expected.items() if k in got}
    assert any(v > 0 for (a, p), v in got.items() if p >= "2026-09")   # kept, not zeroed
    sources = {s.column: s for s in job.sources}
    assert sources["serious_errors"].derived_rows == 0
    assert sources["poor_responses"].derived_rows > 0      # the message log was given


# -- item 4: one "not evaluated" for ZJG-6.5.1(3) --------------------------------------------

def test_without_posts_criterion_3_holds_only_on_a_late_exposure() -> None:
    acc = make_accounts(2)
    h = History.build(acc, make_history(acc, AS_OF).grid)      # no activity
    ev = make_events([(0, "exposure", dt.date(2026, 9, 1), dt.date(2026, 9, 10))])
    r = evaluate(h, ev, _peers(h), P, only=("no_update_or_unrectified",))[
        "no_update_or_unrectified"]
    assert r.met.tolist() == [True, False]
    assert r.unknown.tolist() == [False, True] and r.why[1] == NO_POSTS
    assert np.isnan(r.evidence["gaps_14d"][0])       # never computed, never 0
    rec = recommendations(evaluate(h, ev, _peers(h), P), P)[0]
    hit = next(c for c in rec.criteria if c.code == "no_update_or_unrectified")
    assert hit.evidence["gaps_14d"] is None and hit.evidence["late_exposures"] == 1


def test_no_activity_file_without_posts(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                        ) -> None:
    posts = tmp_path / "posts.csv"
    posts.write_text("post_id,account_id,published_at,original,reads\n", encoding="utf-8")
    accounts = Path(str(example_file("accounts.csv")))
    out = tmp_path / "form.csv"
    assert main(["cleanup", str(accounts), "--with-example-townships", "--as-of", "2026-10-31",
                 "-o", str(out), "--posts", str(posts),
                 "--activity-out", str(tmp_path / "activity.csv")]) == 0
    text = capsys.readouterr().out
    assert not (tmp_path / "activity.csv").exists()
    assert "no posts given" in text
    assert "zombie [ZJO-2.1]: 31 accounts not evaluated" in text


# -- item 6: HN-4.1's three classes as written -----------------------------------------------

def test_hn_shut_down_and_rectify_are_two_interaction_tests_and_no_zhejiang_average() -> None:
    acc = make_accounts(4)
    total = np.full((4, 12), 60.0)
    total[3, -1] = 10.0          # far below any average last month: not an HN-4.1 ground
    h = make_history(acc, AS_OF, total=total)
    ev = make_events([(0, "no_interaction", dt.date(2026, 10, 31), None),
                      (1, "weak_interaction", dt.date(2026, 10, 31), None)])
    f = evaluate(h, ev, _peers(h), P)
    assert f["shut_down_class"].met.tolist() == [True, False, False, False]
    assert f["rectify_class"].met.tolist() == [False, True, False, False]
    assert "latest_below_average" not in f["rectify_class"].evidence


def test_hn_merge_covers_little_used_accounts() -> None:
    """用户关注度和利用率低: few fans and few reads per post, both known."""
    acc = make_accounts(3, fans=[100, 100, np.nan])
    reads = np.full((3, 12), 4000)
    reads[:, :] = [[40] * 12, [4000] * 12, [40] * 12]     # 10 reads a post for 0 and 2
    h = make_history(acc, AS_OF, reads=reads)
    r = evaluate(h, make_events([]), _peers(h), P, only=("merge_class",))["merge_class"]
    assert r.met.tolist() == [True, False, False]
    assert r.unknown.tolist() == [False, False, True]


# -- item 7: ZJG-6.1.2 immediate disqualification gets the review's 互动回应差 ------------------

def test_review_response_rates_become_interaction_events() -> None:
    summary = {
        "account_id": np.array(["A0", "A1", "A2", "A3"], dtype=object),
        "period": np.array(["2026-10"] * 4, dtype=object),
        "messages_due": np.array([10, 10, 10, 4]),
        "response_rate": np.array([0.0, 0.4, 0.7, 0.0]),
    }
    findings = {"code": np.array(["interaction_closed"], dtype=object),
                "account_id": np.array(["A4"], dtype=object),
                "period": np.array(["2026-10"], dtype=object)}
    index = {f"A{i}": i for i in range(5)}
    ev = interaction_events(summary, findings, index, AS_OF, P)
    got = sorted(zip(ev.account.tolist(), ev.kind.tolist(), strict=True))
    assert got == sorted([(0, "weak_interaction"), (0, "poor_interaction"),
                          (0, "no_interaction"), (1, "weak_interaction"),
                          (1, "poor_interaction"), (2, "weak_interaction"),
                          (4, "poor_interaction"), (4, "no_interaction")])
    # A3: four messages due are too few to judge (interaction_min_due = 5)
    acc = make_accounts(5)
    h = make_history(acc, AS_OF)
    f = evaluate(h, ev, _peers(h), P)
    assert f["disqualified"].met.tolist() == [True, True, False, False, True]
    assert f["shut_down_class"].met.tolist() == [True, False, False, False, True]
    assert f["rectify_class"].met.tolist() == [True, True, True, False, True]


def test_example_main_job_disqualifies_on_the_review_audit() -> None:
    from zwxmt.examples.job import example_job

    job = example_job()
    reco = {r.account_id: r for r in job.cleanup.recommendations}
    # 社阳乡发布 answered 38% of its messages due in 2026-10
    hit = next(c for c in reco["LY-T200-WECHAT"].criteria if c.code == "disqualified")
    assert hit.cite == "ZJG-6.1.2-disqualify" and hit.evidence["poor_interaction"] == 1
    # every 注销 rests on criteria evaluated on given data
    for r in job.cleanup.recommendations:
        if r.measure is Measure.DEREGISTER:
            assert r.criteria and not {c.code for c in r.criteria} & {
                n.code for n in r.not_evaluated}
