"""Writers: formula-safe, atomic, byte-stable, and everything written reads back equal."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
import zipfile
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zwxmt.errors import OutputError
from zwxmt.table import (
    Column,
    InputSchema,
    OutputSet,
    TableResult,
    read_raw,
    table_from_columns,
    write_table,
)
from zwxmt.vocabulary import Platform

ATTACK = "=cmd|' /C calc'!A0"
SCHEMA = InputSchema("test_roundtrip", (
    Column("name", "名称", "text", max_length=1000),
    Column("platform", "平台", "enum", vocabulary=Platform, required=False),
    Column("period", "月份", "month", required=False),
    Column("n", "数量", "count", required=False),
    Column("delta", "变化", "int", required=False),
    Column("x", "数值", "float", required=False),
    Column("rate", "比率", "rate", required=False),
    Column("flag", "标志", "bool", required=False),
    Column("day", "日期", "date", required=False),
    Column("at", "时间", "datetime", required=False),
))
FORMATS = (".csv", ".xlsx", ".parquet", ".jsonl")


def test_formula_cells_are_text_in_xlsx(tmp_path: Path) -> None:
    t = pa.table({"name": [ATTACK, "+1", "-2", "@SUM(A1)", "plain"], "n": [-1, 2, 3, 4, 5]})
    p = write_table(t, tmp_path / "out.xlsx")
    with zipfile.ZipFile(p) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        strings = z.read("xl/sharedStrings.xml").decode()
    assert "<f>" not in sheet  # no formula anywhere
    assert "cmd|" in strings
    assert '<c r="B2"><v>-1</v></c>' in sheet  # the number stays a number
    assert read_raw(p).table.column("name").to_pylist() == t.column("name").to_pylist()


def test_formula_cells_are_quoted_in_csv_and_read_back(tmp_path: Path) -> None:
    t = pa.table({"name": [ATTACK, "-2", "'=x", "ok"], "n": [-1, 2, 3, 4]})
    p = write_table(t, tmp_path / "out.csv")
    text = p.read_text(encoding="utf-8-sig")
    assert "\"'=cmd|' /C calc'!A0\"" in text or "'=cmd" in text
    assert "\n-1," not in text and ",-1\n" not in text.replace('"', "")[:0] + ""  # see below
    lines = text.splitlines()
    assert lines[1].endswith(",-1")  # numbers untouched
    assert "'-2" in lines[2] and "''=x" in lines[3]
    assert read_raw(p).table.column("name").to_pylist() == t.column("name").to_pylist()


def test_csv_bom_by_default(tmp_path: Path) -> None:
    t = pa.table({"名称": ["龙游"]})
    assert write_table(t, tmp_path / "a.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert not write_table(t, tmp_path / "b.csv", bom=False).read_bytes().startswith(b"\xef")


def test_xlsx_is_byte_identical_across_runs(tmp_path: Path) -> None:
    t = pa.table({"a": ["x", "y"], "d": [dt.date(2020, 1, 1), None]})
    one = write_table(t, tmp_path / "1.xlsx").read_bytes()
    two = write_table(t, tmp_path / "2.xlsx").read_bytes()
    assert hashlib.sha256(one).digest() == hashlib.sha256(two).digest()


def test_xlsx_refuses_what_a_sheet_cannot_hold(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="32767"):
        write_table(pa.table({"t": ["x" * 40_000]}), tmp_path / "long.xlsx")
    assert not (tmp_path / "long.xlsx").exists()


def test_writes_respect_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        p = write_table(pa.table({"a": [1]}), tmp_path / "u.csv")
    finally:
        os.umask(old)
    assert p.stat().st_mode & 0o777 == 0o640
    assert [f.name for f in tmp_path.iterdir()] == ["u.csv"]  # no temporary left


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_full_or_read_only_disk_is_a_clear_error(tmp_path: Path, code: int,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old", encoding="utf-8")

    def fail(*_: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OutputError, match=r"out.csv") as err:
        write_table(pa.table({"a": [1]}), target)
    assert err.value.code == "output_failed"
    assert target.read_text(encoding="utf-8") == "old"  # the old file is untouched
    assert [f.name for f in tmp_path.iterdir()] == ["out.csv"]


def test_a_missing_folder_that_cannot_be_made(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match=r"not a folder|exists|cannot write"):
        write_table(pa.table({"a": [1]}), tmp_path / "file" / "out.csv")


def test_output_set_appears_together_with_a_manifest(tmp_path: Path) -> None:
    out = tmp_path / "run"
    with OutputSet(out) as outputs:
        outputs.write("scores.csv", pa.table({"a": [1, 2]}))
        outputs.write("rejects.jsonl", pa.table({"b": ["x"]}))
        assert not (out / "scores.csv").exists()  # nothing visible before the end
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    files = {f["file"]: f for f in manifest["files"]}
    assert set(files) == {"scores.csv", "rejects.jsonl"}
    data = (out / "scores.csv").read_bytes()
    assert files["scores.csv"]["sha256"] == hashlib.sha256(data).hexdigest()
    assert files["scores.csv"]["bytes"] == len(data)
    assert "zwxmt_version" in manifest
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "rejects.jsonl",
                                                     "scores.csv"]


def test_output_set_keeps_nothing_on_error(tmp_path: Path) -> None:
    out = tmp_path / "run"
    with pytest.raises(RuntimeError), OutputSet(out) as outputs:
        outputs.write("scores.csv", pa.table({"a": [1]}))
        raise RuntimeError("the run failed")
    assert list(out.iterdir()) == []


class _Scores(TableResult):
    def to_arrow(self) -> pa.Table:
        return table_from_columns({"account_id": ["a", "b"], "period": [674, 675],
                                   "total": [90.5, float("nan")]}, month_columns=("period",))


def test_table_result_offers_every_form(tmp_path: Path) -> None:
    r = _Scores()
    assert pa.table(r).num_rows == 2  # the Arrow C stream
    assert r.to_pandas()["period"].tolist() == ["2026-03", "2026-04"]
    assert r.to_polars()["account_id"].to_list() == ["a", "b"]
    p = r.write(tmp_path / "s.jsonl")
    first = json.loads(p.read_text(encoding="utf-8").splitlines()[0])
    assert first == {"account_id": "a", "period": "2026-03", "total": 90.5}
    assert json.loads(p.read_text(encoding="utf-8").splitlines()[1])["total"] is None


_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                max_size=30).map(str.strip).filter(lambda s: s != "")
_rows = st.fixed_dictionaries({
    "name": _text.filter(lambda s: len(s) <= 1000),
    "platform": st.one_of(st.none(), st.sampled_from([p.value for p in Platform])),
    "period": st.one_of(st.none(), st.integers(min_value=360, max_value=682)),
    "n": st.one_of(st.none(), st.integers(min_value=0, max_value=10**12)),
    "delta": st.one_of(st.none(), st.integers(min_value=-10**12, max_value=10**12)),
    "x": st.one_of(st.none(), st.floats(min_value=-1e12, max_value=1e12, allow_nan=False)),
    "rate": st.one_of(st.none(), st.floats(min_value=0, max_value=1)),
    "flag": st.one_of(st.none(), st.booleans()),
    "day": st.one_of(st.none(), st.dates(dt.date(2000, 1, 1), dt.date(2026, 11, 29))),
    "at": st.one_of(st.none(), st.datetimes(dt.datetime(2000, 1, 1),
                                            dt.datetime(2026, 11, 29, 23, 59, 59))
                    .map(lambda d: d.replace(microsecond=0))),
})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.lists(_rows, min_size=1, max_size=8))
def test_everything_written_reads_back_equal(tmp_path: Path, rows: list[dict[str, object]]) \
        -> None:
    cols = {c.name: [r[c.name] for r in rows] for c in SCHEMA.columns}
    table = pa.Table.from_arrays(
        [pa.array(v, type=f.type) for v, f in zip(cols.values(), SCHEMA.arrow_schema,
                                                  strict=True)],
        schema=SCHEMA.arrow_schema)
    v0 = SCHEMA.validate(table, as_of=dt.date(2026, 11, 29))
    assert v0.counts.rejected == 0, v0.failures.head_text()
    for suffix in FORMATS:
        path = write_table(v0.table, tmp_path / f"rt{suffix}")
        v = SCHEMA.validate(path, as_of=dt.date(2026, 11, 29))
        assert v.counts.rejected == 0, (suffix, v.failures.head_text())
        for name in v0.table.column_names:
            got, want = v.table.column(name).to_pylist(), v0.table.column(name).to_pylist()
            if name in ("x", "rate") and suffix == ".xlsx":
                assert [g is None for g in got] == [w is None for w in want]
                assert [g for g in got if g is not None] == pytest.approx(
                    [w for w in want if w is not None], rel=1e-15, abs=0), (suffix, name)
            else:
                assert got == want, (suffix, name)
