"""Issue #9 edges of posts, the cleanup inputs and the main job: each crash, hang and silent
damage reported, with a test that fails on the row-by-row readers."""

from __future__ import annotations

import csv
import datetime as dt
import errno
import os
import stat
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

from zwxmt.activity.model import MonthGrid, day_number
from zwxmt.activity.posts import POSTS, read_activity
from zwxmt.cleanup.inputs import ACCOUNTS, read_accounts
from zwxmt.cleanup.pipeline import run_cleanup
from zwxmt.cli import main
from zwxmt.examples import example_file, example_regions
from zwxmt.table import get_schema

AS_OF = dt.date(2026, 10, 31)
GRID = MonthGrid.between("2026-09", AS_OF)


def _activity(posts: dict[str, list[Any]], **kw: Any) -> Any:
    opened = np.array([day_number(dt.date(2020, 1, 1))] * 2)
    return read_activity(posts, pa.array(["A", "B"]), opened, GRID, gap_days=14, **kw)


def test_an_aware_time_is_dated_in_beijing() -> None:
    # 2026-10-01 02:00+08:00 is 1 October in Beijing; the old reader dropped the offset's
    # meaning and counted it on 30 September.
    got = _activity({"post_id": ["p1", "p2"], "account_id": ["A", "A"],
                     "published_at": ["2026-10-01 02:00+08:00", "2026-09-30T20:00:00Z"]})
    act = got.activity
    assert act.posts[0].tolist() == [0, 2]  # both on 1 October (04:00 Beijing for the Z one)
    assert act.posting_days[0].tolist() == [0, 1]


def test_huge_and_numeric_times_are_row_failures_not_hangs_or_crashes() -> None:
    got = _activity({"post_id": ["p1", "p2", "p3"], "account_id": ["A", "A", "A"],
                     "published_at": ["1" + "0" * 30, "20261001", "2026-10-02 08:00"]})
    f = got.failures.to_arrow().to_pylist()
    assert [(r["row"], r["column"], r["check"]) for r in f] == [(2, "published_at", "not_a_time")]
    assert (got.counts.read, got.counts.used, got.counts.rejected) == (3, 2, 1)
    # an integer column (a spreadsheet's 20261001) is a typed value, not an AttributeError
    typed = _activity({"post_id": ["p1", "p2"], "account_id": ["A", "A"],
                       "published_at": pa.array([20261001, 10**18])})
    assert typed.counts.rejected == 2 and typed.counts.read == 2


def test_unknown_accounts_and_future_times_are_refused_with_codes() -> None:
    got = _activity({"post_id": ["p1", "p2", "p3"], "account_id": ["A", "Z", "B"],
                     "published_at": ["2026-10-02", "2026-10-02", "2026-11-01 00:00"]})
    checks = {r["row"]: r["check"] for r in got.failures.to_arrow().to_pylist()}
    assert checks == {3: "unknown_account", 4: "date_out_of_range"}
    assert got.activity.posts.sum() == 1


def test_reads_beyond_the_count_bound_are_refused_not_overflowing() -> None:
    got = _activity({"post_id": ["p1", "p2"], "account_id": ["A", "A"],
                     "published_at": ["2026-10-02", "2026-10-03"], "reads": ["1e19", "1e308"]})
    assert got.counts.rejected == 2
    assert {r["check"] for r in got.failures.to_arrow().to_pylist()} == {"out_of_range"}


def test_posts_in_batches_give_the_same_activity_and_failures() -> None:
    rng = np.random.default_rng(3)
    n = 500
    days = rng.integers(day_number(dt.date(2026, 9, 1)), day_number(AS_OF) + 3, n)
    posts = {"post_id": [f"p{i}" for i in range(n)],
             "account_id": rng.choice(["A", "B", "Z"], n).tolist(),
             "published_at": [str(np.datetime64(int(d), "D")) for d in days]}
    whole = _activity(posts)
    table = pa.table(posts)
    reader = pa.RecordBatchReader.from_batches(table.schema, table.to_batches(max_chunksize=37))
    streamed = read_activity(reader, pa.array(["A", "B"]),
                             np.array([day_number(dt.date(2020, 1, 1))] * 2), GRID,
                             gap_days=14, batch_rows=50)
    assert np.array_equal(whole.activity.posts, streamed.activity.posts)
    assert np.array_equal(whole.activity.longest_gap_days, streamed.activity.longest_gap_days)
    assert whole.failures.to_arrow().drop_columns(["file"]).equals(
        streamed.failures.to_arrow().drop_columns(["file"]))


# --- accounts --------------------------------------------------------------------------------

def _accounts(**changes: str) -> dict[str, list[str]]:
    with open(example_file("accounts.csv"), encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))[:3]
    for k, v in changes.items():
        rows[0][k] = v
    return {k: [r.get(k, "") for r in rows] for k in {**rows[0], **changes}}


def test_huge_fans_are_a_row_failure_not_an_overflow() -> None:
    got = read_accounts(_accounts(fans="1e19"), example_regions())
    f = got.read.failures.to_arrow().to_pylist()
    assert [(r["row"], r["column"], r["check"]) for r in f] == [(2, "fans", "out_of_range")]
    assert len(got.table) == 2


def test_an_extra_phone_column_is_ignored_and_never_copied() -> None:
    cols = _accounts()
    cols["联系电话"] = ["13800138000", "13900139000", "13700137000"]
    got = read_accounts(cols, example_regions())
    assert len(got.table) == 3 and len(got.read.failures) == 0
    assert any("联系电话" in n and "not read" in n for n in got.read.notices)
    assert "13800138000" not in repr(got.read.failures.to_arrow().to_pylist())
    assert "13800138000" not in repr(got.accounts.to_pylist())


def test_a_contact_column_of_the_profile_is_masked_in_failures() -> None:
    cols = _accounts(host_contact="主任 13800138000" + "x" * 300)
    got = read_accounts(cols, example_regions())
    values = [r["value"] for r in got.read.failures.to_arrow().to_pylist()]
    assert values and all("13800138000" not in (v or "") for v in values)


def test_every_account_rejected_or_a_header_only_file_stops_with_exit_3(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    acc = tmp_path / "accounts.csv"
    cols = _accounts()
    cols["region_code"] = ["999999"] * 3
    with open(acc, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(list(cols))
        w.writerows(zip(*cols.values(), strict=True))
    out = tmp_path / "form.csv"
    assert main(["cleanup", str(acc), "-o", str(out), "--as-of", "2026-10-31"]) == 3
    assert "every one of its 3 rows was rejected" in capsys.readouterr().err
    assert (tmp_path / "form.failures.csv").exists() and not out.exists()
    header_only = tmp_path / "header.csv"
    header_only.write_text(",".join(cols) + "\n", encoding="utf-8")
    assert main(["cleanup", str(header_only), "-o", str(out), "--as-of", "2026-10-31"]) == 3
    assert "no data rows" in capsys.readouterr().err


def test_cleanup_reads_1e19_reads_as_a_failure(tmp_path: Path) -> None:
    posts = {"post_id": ["p1"], "account_id": [_accounts()["account_id"][0]],
             "published_at": ["2026-10-02 08:00"], "reads": ["1e19"]}
    run = run_cleanup(_accounts(), example_regions(), AS_OF, posts=posts)
    assert run.failures.to_arrow().column("check").to_pylist() == ["out_of_range"]
    posts_count = next(c for c in run.counts if c.name == "posts")
    assert (posts_count.read, posts_count.rejected) == (1, 1)


def test_schemas_are_registered_with_chinese_aliases() -> None:
    assert get_schema("posts") is POSTS and get_schema("accounts") is ACCOUNTS
    names = {n for c in POSTS.columns for n in c.names}
    assert {"发布时间", "账号编码", "是否原创", "阅读量", "阅读数"} <= names


# --- outputs -----------------------------------------------------------------------------------

def _assess(out: Path) -> int:
    return main(["assess", "--example", "-o", str(out)])


def test_a_read_only_output_folder_is_a_message_not_a_traceback(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "ro"
    out.mkdir()
    out.chmod(stat.S_IRUSR | stat.S_IXUSR)
    if os.geteuid() == 0:  # root writes into read-only folders: the file system refuses instead
        import tempfile

        import zwxmt.table.write as write

        def refuse(*a: Any, **k: Any) -> Any:
            raise OSError(errno.EROFS, "Read-only file system", str(out))

        monkeypatch.setattr(write.tempfile, "mkstemp", refuse)
        assert write.tempfile is tempfile
    try:
        assert _assess(out) == 1
    finally:
        out.chmod(stat.S_IRWXU)
    err = capsys.readouterr().err
    assert "Traceback" not in err and "ro" in err
    assert list(out.iterdir()) == []


def test_a_full_disk_writes_nothing_and_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    import zwxmt.table.write as write

    real = write.write_csv
    calls = {"n": 0}

    def full(table: Any, path: Any, *, bom: bool = True) -> Path:
        calls["n"] += 1
        if calls["n"] == 3:  # the third output: some are staged already
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(table, path, bom=bom)

    monkeypatch.setattr(write, "write_csv", full)
    out = tmp_path / "out"
    assert _assess(out) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "No space left on device" in err
    # all or nothing: no output, no staged temporary file left behind
    assert not out.exists() or list(out.iterdir()) == []


def test_outputs_appear_together_with_a_manifest(tmp_path: Path) -> None:
    assert _assess(tmp_path / "o") == 0
    names = {p.name for p in (tmp_path / "o").iterdir()}
    assert {"manifest.json", "failures.csv", "scores.csv", "activity.csv",
            "recommendations.csv", "inventory.csv"} <= names
    assert not any(n.startswith(".") for n in names)


def test_outputs_into_a_relative_folder_land_in_it(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # `make demo` writes to out/example: a relative folder is not joined to itself
    monkeypatch.chdir(tmp_path)
    assert _assess(Path("out") / "example") == 0
    names = {p.name for p in (tmp_path / "out" / "example").iterdir()}
    assert {"manifest.json", "failures.csv", "scores.csv", "inventory.csv"} <= names
    assert "out" not in names


def test_assess_max_rejects_stops_with_exit_3_and_only_the_failures(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    posts = tmp_path / "posts.csv"
    with open(example_file("posts.csv"), encoding="utf-8") as fh:
        text = fh.read()
    posts.write_text(text + "bad-1,NOBODY,2026-10-01 08:00,true,1\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["assess", "--example", "--posts", str(posts), "-o", str(out),
                 "--max-rejects", "0"]) == 3
    err = capsys.readouterr().err
    assert "posts: 1 rows rejected, more than --max-rejects 0" in err
    assert sorted(p.name for p in out.iterdir()) == ["failures.csv", "manifest.json"]
    assert main(["assess", "--example", "--posts", str(posts), "-o", str(tmp_path / "ok"),
                 "--max-rejects", "1%"]) == 0


@pytest.mark.parametrize("content", [b"", b"\x00\x01PK\x03garbage", "账号,\n".encode("gbk")])
def test_assess_on_empty_or_unreadable_inputs_says_so(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes) -> None:
    bad = tmp_path / "posts.csv"
    bad.write_bytes(content)
    code = main(["assess", "--example", "--posts", str(bad), "-o", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code in (1, 3) and "Traceback" not in err and "posts.csv" in err
    assert not (tmp_path / "o").exists() or code == 3


def test_assess_with_a_header_only_registry_stops_with_exit_3(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    acc = tmp_path / "accounts.csv"
    with open(example_file("accounts.csv"), encoding="utf-8") as fh:
        acc.write_text(fh.readline(), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["assess", "--example", "--accounts", str(acc), "-o", str(out)]) == 3
    err = capsys.readouterr().err
    assert "accounts: no data rows" in err and "Traceback" not in err
    assert sorted(p.name for p in out.iterdir()) == ["failures.csv", "manifest.json"]
