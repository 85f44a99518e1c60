"""Issue 10 (findings an auditor would sign), item 10: dates in force per part, and
out-of-force rows of a batch rejected row by row."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.scoring_oracle import SECTION
from zwxmt.cleanup.pipeline import run_cleanup
from zwxmt.cli import main
from zwxmt.errors import RulebookNotInForce
from zwxmt.examples import example_regions, read_example_csv
from zwxmt.lifecycle import Event, EventRecord, apply, obligations, replay
from zwxmt.lifecycle.payloads import AccountChanged
from zwxmt.lifecycle.scenarios import opening_records
from zwxmt.models import Platform
from zwxmt.scoring import read_input, score
from zwxmt.scoring.engine import reject_out_of_force

D = dt.date
HEADER = ("account_id,platform,period,level,city,county,posts,original_posts,posting_days,"
          "serious_errors,general_errors,poor_responses,service_availability,coordination_rate,"
          "platform_misuse,reads,likes,reposts,comments\n")


def test_a_2022_change_filing_is_judged_by_chapter_6() -> None:
    h = replay(opening_records(host_unit_id="U-1", unit_name="龙游县农业农村局", name="龙游农业",
                               platform=Platform.WEIBO, applied_on=D(2022, 3, 7)),
               account_id="A1")
    h = apply(h, EventRecord(event=Event.ACCOUNT_CHANGED, on=D(2022, 6, 1), actor="U-1",
                             payload=AccountChanged(fields=("name",), new_name="龙游农业发布")))
    rows = obligations([h], on=D(2022, 7, 1)).rows()        # on main: not in force in 2022
    change = next(o for o in rows if o.kind == "change_filing")
    assert change.status == "overdue" and change.rule == "ZJG-6.3"


def test_a_2022_cleanup_is_judged() -> None:
    accounts = read_example_csv("accounts.csv")
    header = list(accounts[0])
    run = run_cleanup({h: [a[h] for a in accounts] for h in header}, example_regions(),
                      D(2022, 6, 30))
    assert len(run.recommendations) == len(accounts)


def test_out_of_force_months_are_rejected_row_by_row(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]
                                                     ) -> None:
    path = tmp_path / "m.csv"
    path.write_text(HEADER
                    + "A,weibo,2022-12,county,330800,330825,30,20,20,0,0,0,,0.8,0,9000,300,10,20\n"
                    + "A,weibo,2023-01,county,330800,330825,30,20,20,0,0,0,,0.8,0,9000,300,10,20\n"
                    + "B,weibo,2023-01,county,330800,330825,20,10,15,0,0,0,,0.8,0,5000,100,5,9\n",
                    encoding="utf-8")
    got = read_input(path, SECTION)
    assert len(got.failures) == 0 and len(got.frame) == 3
    with pytest.raises(RulebookNotInForce):                  # the API refuses the frame
        score(got.frame)
    kept, out = reject_out_of_force(got.frame)
    assert len(kept) == 2 and [(r.row, r.field) for r in out] == [
        (int(got.frame.rows[0]), "period")]
    assert "2023-01" in out[0].reason and "ZJG-9.2" in out[0].reason
    out_file = tmp_path / "scores.csv"
    assert main(["score", str(path), "-o", str(out_file)]) == 0   # the batch goes on
    text = (tmp_path / "scores.rejects.csv").read_text(encoding="utf-8-sig")
    assert "not_in_force" in text and "2022-12" in text
    assert len(text.strip().splitlines()) == 2              # the header and the one row
    assert "2 month results" in capsys.readouterr().out
