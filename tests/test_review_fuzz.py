"""Fuzzing the review entry points: any cells give a report or a typed input error, never an
uncaught exception; every row read is used or rejected (issue #9)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zwxmt.cli import main
from zwxmt.errors import ZwxmtError
from zwxmt.review.report import run_review

SPECIAL = ["", " ", "2026-10-01 08:00", "20261001", "-1", "1e30", "1" + "0" * 30,
           "2026-09-30T18:30:00Z", "2026/1/1 8:55", "45930", "是", "否", "昨天", "三审", "editor",
           "分管领导", "=cmd|' /C calc'!A0", "13800138000", "P1", "A1", "serious", "x" * 300]

PHONE = "13912345678"

cells = st.one_of(
    st.none(), st.sampled_from(SPECIAL), st.text(max_size=12),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True), st.booleans())

POSTS = ("post_id", "account_id", "published_at", "text", "is_repost", "source", "联系电话")
MESSAGES = ("message_id", "account_id", "received_at", "replied_at", "channel")
REVIEWS = ("post_id", "level", "reviewer", "role", "reviewed_at", "political", "policy",
           "business", "legal", "textual", "confidentiality", "public_opinion")
LEXICON = ("term", "tag")


TIMES = ["2026-10-01 08:00", "2026-09-30 23:59:59", "2026/10/2 8:55", "2026-10-01T07:00+08:00",
         "20261001"]
#: Valid cells per column, drawn half of the time so that rows also pass and reach the checks.
VALID: dict[str, list[Any]] = {
    "post_id": ["P1", "P2", "P3"], "message_id": ["M1", "M2"], "account_id": ["A1", "A2"],
    "published_at": TIMES, "received_at": TIMES, "replied_at": [*TIMES, None, ""],
    "reviewed_at": TIMES, "level": ["1", "2", "3", "一审", "二审", "三审", 1, 2.0],
    "reviewer": ["甲", "乙", "丙"], "role": ["editor", "office_leader", "分管领导"],
    "text": ["台湾总统", "正常的文字", "http://ad.example.com"], "term": ["台湾总统", "文字"],
    "tag": ["serious", "一般", "广告"], "is_repost": ["是", "否", True, None],
    "source": ["新华社", ""], "channel": ["comment", None],
}


@st.composite
def table(draw: st.DrawFn, columns: tuple[str, ...], max_rows: int = 6) -> dict[str, list[Any]]:
    n = draw(st.integers(min_value=0, max_value=max_rows))

    def cell(column: str) -> st.SearchStrategy[Any]:
        pool = VALID.get(column, ["是", "否", "", None])
        return st.one_of(st.sampled_from(pool), cells)

    return {c: draw(st.lists(cell(c), min_size=n, max_size=n)) for c in columns}


@st.composite
def inputs(draw: st.DrawFn) -> dict[str, dict[str, list[Any]]]:
    out = {"posts": draw(table(POSTS))}
    # the contact column holds a phone number no other cell can (it must never be copied)
    out["posts"]["联系电话"] = [PHONE] * len(out["posts"]["post_id"])
    for role, cols in (("messages", MESSAGES), ("reviews", REVIEWS), ("lexicon", LEXICON)):
        if draw(st.booleans()):
            out[role] = draw(table(cols))
    return out


def _check(report: Any) -> None:
    for item in report.loaded:
        c = item.counts
        assert c.read == c.used + c.rejected
        rows = item.failures.table.column("row").to_pylist()
        assert all(2 <= r <= c.read + 1 for r in rows)
        assert len(set(rows)) == c.rejected
        assert PHONE not in str(item.failures.table.to_pydict())
    assert report.findings.to_arrow().num_rows == len(report.findings)
    assert report.summary.to_arrow().num_rows == report.summary.num_rows


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=inputs(), dated=st.booleans())
def test_run_review_on_any_cells(data: dict[str, dict[str, list[Any]]], dated: bool) -> None:
    try:
        report = run_review(data, as_of=dt.date(2026, 11, 13) if dated else None)
    except ZwxmtError:
        return  # a typed, named refusal of a whole input (e.g. no data rows)
    _check(report)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=inputs())
def test_the_cli_on_any_cells(data: dict[str, dict[str, list[Any]]], tmp_path: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "fuzz"
    folder.mkdir(exist_ok=True)
    for old in folder.glob("*.csv"):
        old.unlink()
    names = {"posts": "review_posts", "messages": "messages", "reviews": "reviews",
             "lexicon": "lexicon"}
    for role, cols in data.items():
        text = {k: pa.array([None if v is None else str(v) for v in vs], pa.string())
                for k, vs in cols.items()}
        pacsv.write_csv(pa.table(text), folder / f"{names[role]}.csv")
    code = main(["review", str(folder), "-o", str(tmp_path / "out" / "f.csv"),
                 "--as-of", "2026-11-13"])
    got = capsys.readouterr()
    assert code in (0, 1, 3)
    assert "Traceback" not in got.err
    assert PHONE not in got.out + got.err
    for path in (tmp_path / "out").glob("*"):
        assert PHONE not in path.read_text(encoding="utf-8-sig")
