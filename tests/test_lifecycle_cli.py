"""``zwxmt lifecycle``: the table, the notice, replay and the batch overdue check."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from zwxmt.cli import main
from zwxmt.examples.lifecycle_history import EXAMPLE_DAY, example_histories
from zwxmt.lifecycle import History, apply, replay
from zwxmt.lifecycle.render import table_markdown
from zwxmt.lifecycle.scenarios import change_records, opening_records
from zwxmt.models import Platform


def test_table_as_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lifecycle", "--format", "md"]) == 0
    assert capsys.readouterr().out.strip() == table_markdown().strip()
    assert main(["lifecycle", "--format", "mermaid"]) == 0
    assert capsys.readouterr().out.startswith("stateDiagram-v2")
    assert main(["lifecycle", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["initial"] == "proposed" and len(data["rows"]) == 21


def test_notice_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lifecycle", "notice", "--name", "龙游农业", "--platform", "weibo", "--unit",
                 "衢州市龙游县农业农村局", "--date", "2026-03-01"]) == 0
    out = capsys.readouterr().out
    assert "我单位政务微博“龙游农业”决定于2026年3月1日起停止更新并申请注销" in out


def _history() -> History:
    h = replay(opening_records(host_unit_id="U1", unit_name="农业农村局", name="龙游农业",
                               platform=Platform.WECHAT, applied_on=dt.date(2025, 3, 3)),
               account_id="A1")
    for r in change_records(host_unit_id="U1", changed_on=dt.date(2026, 9, 29), new_name="新名",
                            filed_on=None):
        h = apply(h, r)
    return h


def test_replay_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "h.json"
    path.write_text(_history().to_json(), encoding="utf-8")
    assert main(["lifecycle", "replay", str(path), "--on", "2026-10-15", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["state"] == "operating"
    assert [(o["kind"], o["status"], o["due_on"]) for o in data["obligations"]] == [
        ("change_filing", "overdue", "2026-10-14")]


def test_overdue_batch_writes_every_row(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    lines = [h.to_json() for h in example_histories()]
    good = _history().model_dump(mode="json")
    tampered = dict(good, records=good["records"][1:])  # the application is missing
    lines += ["{not json", json.dumps(tampered)]
    src = tmp_path / "histories.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "overdue.csv"
    assert main(["lifecycle", "overdue", str(src), "--on", EXAMPLE_DAY.isoformat(),
                 "--output", str(out)]) == 0
    summary = capsys.readouterr().out
    n = len(example_histories())
    assert f"rows read = {n + 2} = {n} processed + 2 rejected" in summary
    with open(out, encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert {(r["account_id"], r["rule"], r["due_on"]) for r in rows} == {
        ("LY-AGRI-WECHAT", "ZJG-6.3", "2026-10-14"),
        ("LY-T101-WECHAT", "ZJG-6.5.1(3)", "2026-10-16")}
    with open(tmp_path / "overdue.rejects.csv", encoding="utf-8-sig") as fh:
        rejects = list(csv.DictReader(fh))
    assert [r["row"] for r in rejects] == [str(n + 1), str(n + 2)]
    assert "ZJG-6.1.2" in rejects[1]["reason"] and rejects[1]["field"] == "records[1].event"


def test_demo_section_tells_the_example_county_story() -> None:
    from zwxmt.examples.lifecycle import demo_section

    text = demo_section()
    assert "32 histories replayed, as of 2026-11-20" in text
    assert "2026-11-18  deregistration_completed" in text
    assert "我单位政务微信“社阳乡发布”决定于2026年11月2日起停止更新并申请注销" in text
    assert "refused [ZJG-6.1.2-ban]: banned through 2027-11-18" in text
    assert "LY-AGRI-WECHAT   change_filing  [ZJG-6.3] opened 2026-09-29, due 2026-10-14" in text
    assert "warning: unit U-330825-EDU has 2 live accounts on wechat" in text
    # the same account's cleanup at the assessment date, before the notice
    assert "cleanup at 2026-10-31 recommended 注销" in text
    assert demo_section() == text  # deterministic
