"""``zwxmt review INPUT -o OUTPUT``, the summary contract with scoring, rejects and the demo."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from zwxmt.cli import main
from zwxmt.examples.review import demo_section, example_report

EXAMPLE = Path(__file__).resolve().parents[1] / "src/zwxmt/data/example"
FILES = ("review_posts.csv", "reviews.csv", "messages.csv", "lexicon.csv", "accounts.csv",
         "inspection.csv")


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    for name in FILES:
        shutil.copy(EXAMPLE / name, src / name)
    return src


def test_review_on_the_example_folder(folder: Path, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out" / "findings.csv"
    assert main(["review", str(folder), "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert "review_posts.csv: rows read = 1472 = used 1472 + rejected 0" in text
    found = rows(out)
    assert found and set(found[0]) >= {"code", "rule", "severity", "account_id", "period",
                                       "subject", "evidence"}
    summary = rows(tmp_path / "out" / "findings.summary.csv")
    # The contract with the scoring engine's health index:
    assert list(summary[0])[:5] == ["account_id", "period", "serious_errors", "general_errors",
                                    "poor_responses"]
    periods = {r["period"] for r in summary}
    assert {"2026-09", "2026-10"} <= periods
    total_serious = sum(int(r["serious_errors"]) for r in summary)
    posts_with_serious = sum(1 for r in found if r["code"] == "serious_expression_error")
    assert total_serious >= posts_with_serious >= 1


def test_bad_rows_go_to_the_rejects_file(folder: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    with open(folder / "reviews.csv", "a", encoding="utf-8") as fh:
        ok = ",true,true,true,true,true,true,true,\n"  # the seven elements passed
        fh.write("LY-MAIN-WECHAT-00639,4,某人,editor,2026-09-01 10:00" + ok)
        fh.write("LY-MAIN-WECHAT-00639,1,某人,厨师,2026-09-01 10:00" + ok)
        fh.write("LY-MAIN-WECHAT-00639,1,某人,editor,昨天" + ok)
    with open(folder / "messages.csv", "a", encoding="utf-8") as fh:
        fh.write("LY-MX1,LY-MAIN-WECHAT,comment,2026-09-10 10:00,2026-09-09 10:00\n")
        fh.write("LY-M00001,LY-MAIN-WECHAT,comment,2026-09-10 10:00,\n")
    out = tmp_path / "findings.jsonl"
    assert main(["review", str(folder), "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert "reviews.csv: rows read = 4469 = used 4466 + rejected 3" in text
    assert "messages.csv: rows read = 543 = used 541 + rejected 2" in text
    rejects = rows(tmp_path / "findings.rejects.csv")
    assert list(rejects[0]) == ["file", "row", "column", "value", "check", "message"]
    cases = sorted((r["file"], r["column"], r["check"]) for r in rejects)
    assert cases == [("messages.csv", "message_id", "duplicate_key"),
                     ("messages.csv", "replied_at", "reply_before_message"),
                     ("reviews.csv", "level", "unknown_review_level_code"),
                     ("reviews.csv", "reviewed_at", "not_a_time"),
                     ("reviews.csv", "role", "unknown_reviewer_role")]
    # rows as a spreadsheet numbers them: the header is row 1
    assert sorted(int(r["row"]) for r in rejects if r["file"] == "reviews.csv") == [
        4468, 4469, 4470]
    assert all(r["message"] for r in rejects)
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert first["rule"]


def test_a_posts_file_with_named_companions(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "f.csv"
    assert main(["review", str(folder / "review_posts.csv"), "--reviews",
                 str(folder / "reviews.csv"), "-o", str(out), "--engine", "numpy",
                 "--as-of", "2026-11-13"]) == 0
    codes = {r["code"] for r in rows(out)}
    assert "review_incomplete" in codes
    assert "no_reply" not in codes  # no message log given


def test_a_missing_publication_log_is_an_error(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["review", str(tmp_path), "-o", str(tmp_path / "x.csv")]) == 1
    assert "publication log" in capsys.readouterr().err


def test_the_example_report_has_each_kind_of_planted_violation() -> None:
    report = example_report()
    counts = report.findings.count_by_code()
    for code in ("review_incomplete", "review_same_person", "review_wrong_role",
                 "review_out_of_order", "element_confidentiality", "repost_without_source",
                 "repost_unapproved_source", "advertising_link", "serious_expression_error",
                 "general_expression_error", "reply_overdue", "no_reply", "low_response_rate",
                 "interaction_closed", "operator_subcontracts", "duty_rota_missing",
                 "password_custody_missing", "forced_likes"):
        assert counts.get(code, 0) >= 1, code
    s = report.summary
    assert int(s["serious_errors"].sum()) == int(report.content.serious.sum())
    assert int(s["poor_responses"].sum()) == counts["reply_overdue"] + counts["no_reply"]


def test_demo_section_prints_the_findings() -> None:
    text = demo_section()
    assert text.startswith("== 内容审核 / content review: 龙游县 (330825)")
    assert "ZJG-8.2.1-roles" in text and "serious_errors" in text


def test_rulebook_show_includes_the_review_section(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rulebook", "show", "zhejiang-2023", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["review"]["reply_limit_working_days"]["value"] == 5


def test_reviews_with_chinese_headers_and_values(tmp_path: Path) -> None:
    from zwxmt.review.inputs import read_reviews
    from zwxmt.review.parameters import review_parameters

    path = tmp_path / "reviews.csv"
    path.write_text(
        "稿件编号,审级,审核人,审核人员角色,审核时间,政治要素,政策要素,业务要素,法律要素,文字要素,"
        "保密要素,舆情要素\n"
        "P1,一审,甲,新媒体编辑人员,2026-09-01 09:00,是,是,是,是,是,是,是\n"
        "P1,三审,丙,分管领导,2026-09-01 10:00,是,是,是,是,是,否,\n", encoding="utf-8")
    got = read_reviews(path, review_parameters())
    assert got.rejects == []
    log = got.value
    assert log.level.tolist() == [1, 3]
    assert log.role.tolist() == [0, 2]
    assert log.confirmed.tolist() == [127, 127 & ~(1 << 5) & ~(1 << 6)]
