"""The edges of ``zwxmt review`` that once crashed, hung or silently damaged (issue #9).

Each test names the failure it guards against on the row-by-row reader it replaces: an
AttributeError, a hang, an IndexError, ``_csv.Error``, a MemoryError, a time counted on the
wrong day, a duplicate column silently dropped, a phone number copied into the rejects.
"""

from __future__ import annotations

import csv
import signal
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import pytest

from zwxmt.cli import main

POSTS_HEADER = "post_id,account_id,published_at\n"
GOOD_POST = "P1,A1,2026-10-01 08:00\n"


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture()
def deadline() -> Iterator[None]:
    """Fail (instead of hanging) when the command takes more than 30 s."""

    def expire(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError("zwxmt review hung")

    old = signal.signal(signal.SIGALRM, expire)
    signal.alarm(30)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def run(folder: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    code = main(["review", str(folder), "-o", str(folder / "out" / "findings.csv"), *extra])
    got = capsys.readouterr()
    assert "Traceback" not in got.err
    return code, got.out, got.err


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def rejects_of(folder: Path) -> list[dict[str, str]]:
    out = folder / "out"
    found = sorted(out.glob("*failures*")) + sorted(out.glob("*rejects*"))
    assert found, f"no failure-cases table in {sorted(p.name for p in out.iterdir())}"
    return rows(found[0])


def test_received_at_minus_one_is_a_rejected_row(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """Was: AttributeError: 'int' object has no attribute 'isoformat'."""
    write(tmp_path, "review_posts.csv", POSTS_HEADER + GOOD_POST)
    write(tmp_path, "messages.csv", "message_id,account_id,received_at,replied_at\n"
          "M1,A1,-1,\nM2,A1,2026-10-08 09:00,2026-10-09 09:00\n")
    code, out, _ = run(tmp_path, capsys)
    assert code == 0
    assert "messages.csv: rows read = 2 = used 1 + rejected 1" in out
    bad = rejects_of(tmp_path)
    assert [(r["row"], r["column"]) for r in bad] == [("2", "received_at")]


def test_published_at_as_eight_digits_is_a_date(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """Was: AttributeError: 'int' object has no attribute 'year' (20261001 read as a year)."""
    write(tmp_path, "review_posts.csv", POSTS_HEADER + "P1,A1,20261001\n")
    code, _, _ = run(tmp_path, capsys)
    assert code == 0
    summary = rows(tmp_path / "out" / "findings.summary.csv")
    assert [(r["account_id"], r["period"], r["posts"]) for r in summary] == [
        ("A1", "2026-10", "1")]


def test_a_time_beyond_any_calendar_does_not_hang(tmp_path: Path, deadline: None,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """Was: a hang (month labels from 2026 to the year 10^21) on published_at=10^30."""
    write(tmp_path, "review_posts.csv", POSTS_HEADER + GOOD_POST + "P2,A1," + "1" + "0" * 30
          + "\n")
    write(tmp_path, "messages.csv", "message_id,account_id,received_at,replied_at\n"
          "M1,A1,2026-10-08 09:00,\n")
    code, out, _ = run(tmp_path, capsys)
    assert code == 0
    assert "rows read = 2 = used 1 + rejected 1" in out
    assert [r["column"] for r in rejects_of(tmp_path)] == ["published_at"]


def test_every_post_rejected_exits_3(tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    """Was: IndexError (index 0 is out of bounds) in the audit, or exit 0 with no reviews."""
    write(tmp_path, "review_posts.csv", POSTS_HEADER + "P1,A1,yesterday\nP2,A1,\n")
    write(tmp_path, "reviews.csv",
          "post_id,level,reviewer,role,reviewed_at,political,policy,business,legal,textual,"
          "confidentiality,public_opinion\n"
          "P1,1,甲,editor,2026-10-01 07:00,是,是,是,是,是,是,是\n")
    code, _, err = run(tmp_path, capsys)
    assert code == 3
    assert "review_posts.csv" in err


def test_a_header_only_posts_file_is_refused(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """Was: exit 0 with an empty report (or IndexError with a reviews file)."""
    write(tmp_path, "review_posts.csv", POSTS_HEADER)
    code, _, err = run(tmp_path, capsys)
    assert code == 3
    assert "review_posts.csv" in err


def test_a_long_post_text_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Was: _csv.Error: field larger than field limit (131072)."""
    text = "政" * 150_000
    write(tmp_path, "review_posts.csv", POSTS_HEADER.strip() + ",text\n" + GOOD_POST.strip()
          + "," + text + "\nP2,A1,2026-10-01 09:00," + "务" * 200_001 + "\n")
    code, out, _ = run(tmp_path, capsys)
    assert code == 0
    assert "review_posts.csv: rows read = 2 = used 1 + rejected 1" in out
    bad = rejects_of(tmp_path)
    assert [(r["row"], r["column"]) for r in bad] == [("3", "text")]
    assert len(bad[0]["value"]) < 1000  # the value shown is truncated


def test_a_huge_id_is_a_rejected_row_not_a_memory_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Was: MemoryError (a fixed-width id array of 1,000 rows × 4 MB)."""
    huge = "A" * 1_000_000
    lines = [f"P{i},{huge if i == 0 else 'A1'},2026-10-01 08:00" for i in range(1000)]
    write(tmp_path, "review_posts.csv", POSTS_HEADER + "\n".join(lines) + "\n")
    code, out, _ = run(tmp_path, capsys)
    assert code == 0
    assert "rows read = 1000 = used 999 + rejected 1" in out
    assert [r["column"] for r in rejects_of(tmp_path)] == ["account_id"]


def test_an_unknown_contact_column_is_ignored_and_never_copied(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Was: silently read; the phone numbers could reach the rejects file."""
    write(tmp_path, "review_posts.csv", "post_id,account_id,published_at,联系电话\n"
          "P1,A1,2026-10-01 08:00,13800138000\nP2,A1,not a date,13900139000\n")
    code, out, err = run(tmp_path, capsys)
    assert code == 0
    assert "联系电话" in out + err and "ignored" in out + err
    for path in (tmp_path / "out").iterdir():
        body = path.read_text(encoding="utf-8-sig")
        assert "13800138000" not in body and "13900139000" not in body, path.name
    assert "13900139000" not in out + err


@pytest.mark.parametrize("header", ["post_id,account_id,published_at,post_id",
                                    "post_id,account_id,published_at,稿件编号"])
def test_a_column_given_twice_is_an_error_naming_it(
        header: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Was: the last of the two columns silently kept."""
    write(tmp_path, "review_posts.csv", header + "\nP1,A1,2026-10-01 08:00,P2\n")
    code, _, err = run(tmp_path, capsys)
    assert code != 0
    assert "post_id" in err and "review_posts.csv" in err


@pytest.mark.parametrize("stamp", ["2026-10-01 02:00+08:00", "2026-09-30T18:30:00Z",
                                   "2026-09-30 19:00:00+0100"])
def test_an_aware_time_counts_on_its_beijing_date(
        stamp: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Was: counted on its UTC date (2026-09-30), in the wrong month."""
    write(tmp_path, "review_posts.csv", POSTS_HEADER + f"P1,A1,{stamp}\n")
    code, _, _ = run(tmp_path, capsys)
    assert code == 0
    summary = rows(tmp_path / "out" / "findings.summary.csv")
    assert [r["period"] for r in summary] == ["2026-10"]


def test_max_rejects_exceeded_exits_3(tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "review_posts.csv", POSTS_HEADER + GOOD_POST + "P2,A1,bad\nP3,A1,bad\n")
    code, _, err = run(tmp_path, capsys, "--max-rejects", "1")
    assert code == 3
    assert "review_posts.csv" in err or "reject" in err
    code, _, _ = run(tmp_path, capsys, "--max-rejects", "70%")
    assert code == 0


def test_run_review_with_every_post_rejected_and_reviews_given() -> None:
    """Was: IndexError in the audit (a review indexing an empty publication log)."""
    from zwxmt.review.report import run_review

    elements = ("political", "policy", "business", "legal", "textual", "confidentiality",
                "public_opinion")
    report = run_review({
        "posts": {"post_id": ["P1"], "account_id": ["A1"], "published_at": ["bad"]},
        "reviews": {"post_id": ["P1"], "level": ["一审"], "reviewer": ["甲"],
                    "role": ["editor"], "reviewed_at": ["2026-10-01 07:00"],
                    **{e: ["是"] for e in elements}},
        "messages": {"message_id": ["M1"], "account_id": ["A1"],
                     "received_at": ["2026-10-01 08:00"]}})
    assert [item.counts.used for item in report.loaded] == [0, 1, 1]
    assert report.audit is not None and report.audit.orphans.tolist() == [0]
    assert report.summary["messages_received"].tolist() == [1]


def test_an_unreadable_posts_file_is_named(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """Was: "'gb18030' codec can't decode byte …" without the file's name."""
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "review_posts.csv").write_bytes(
        POSTS_HEADER.encode() + bytes(range(128, 256)) * 40 + b"\n")
    code, _, err = run(tmp_path, capsys)
    assert code == 1
    assert "review_posts.csv" in err


def test_messages_after_the_audit_date(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    """A message received after --as-of is rejected; a reply after it keeps its message."""
    write(tmp_path, "review_posts.csv", POSTS_HEADER + GOOD_POST)
    write(tmp_path, "messages.csv", "message_id,account_id,received_at,replied_at\n"
          "M1,A1,2026-10-08 09:00,2026-10-20 09:00\nM2,A1,2026-10-16 09:00,\n")
    code, out, _ = run(tmp_path, capsys, "--as-of", "2026-10-15")
    assert code == 0
    assert "messages.csv: rows read = 2 = used 1 + rejected 1" in out
    assert [(r["row"], r["column"], r["check"]) for r in rejects_of(tmp_path)] == [
        ("3", "received_at", "date_out_of_range")]
    summary = rows(tmp_path / "out" / "findings.summary.csv")
    assert [r["messages_received"] for r in summary] == ["1"]
