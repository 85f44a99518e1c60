"""Batch input and output: typed columns, rejects naming row and field, atomic writes."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from zwxmt.errors import InputError
from zwxmt.io import (
    ColumnSpec,
    Reject,
    atomic_open,
    coerce_columns,
    read_table,
    rejects_path,
    write_rejects,
    write_table,
)

SPECS = [
    ColumnSpec("account_id", "账号编码", "str"),
    ColumnSpec("fans", "粉丝量", "int", min=0),
    ColumnSpec("original_ratio", "原创比例", "float", min=0, max=1, required=False, default=0.0),
    ColumnSpec("certified", "是否通过认证", "bool", required=False),
    ColumnSpec("opened_on", "开通时间", "date"),
    ColumnSpec("platform", "平台", "str", choices={"wechat": "wechat", "微信": "wechat"}),
]


def test_chinese_headers_and_every_failure_collected() -> None:
    header = ["账号编码", "粉丝量", "原创比例", "是否通过认证", "开通时间", "平台"]
    rows = [
        ["A1", "100", "0.5", "是", "2020-01-01", "微信"],
        ["A2", "-3", "1.5", "maybe", "2020-13-01", "快手"],
        ["", "7", "", "", "2021-02-02", "wechat"],
    ]
    out = coerce_columns(header, rows, SPECS)
    assert out.ok.tolist() == [True, False, False]
    assert out.columns["fans"].tolist() == [100, 0, 7]
    assert out.columns["platform"][0] == "wechat"
    assert out.columns["opened_on"].dtype == np.dtype("datetime64[D]")
    where = {(r.row, r.field) for r in out.rejects}
    assert where == {(2, "fans"), (2, "original_ratio"), (2, "certified"), (2, "opened_on"),
                     (2, "platform"), (3, "account_id")}
    fans = next(r for r in out.rejects if r.field == "fans")
    assert "expected a whole number >= 0" in fans.reason and fans.value == "-3"


def test_missing_required_column_is_an_input_error() -> None:
    with pytest.raises(InputError, match="missing column 'fans'"):
        coerce_columns(["account_id", "opened_on", "platform"], [], SPECS)
    with pytest.raises(InputError, match="given twice"):
        coerce_columns(["fans", "粉丝量", "account_id", "opened_on", "platform"], [], SPECS)


@given(st.lists(st.one_of(st.integers(-5, 5).map(str), st.just("x"), st.just("")),
                max_size=30))
def test_no_row_is_lost(values: list[str]) -> None:
    specs = [ColumnSpec("fans", "粉丝量", "int", min=0)]
    out = coerce_columns(["fans"], [[v] for v in values], specs)
    rejected = {r.row for r in out.rejects}
    assert len(values) == int(out.ok.sum()) + len(rejected)
    assert all(not out.ok[r - 1] for r in rejected)


def test_round_trip_csv_and_jsonl(tmp_path: Path) -> None:
    cols = {"account_id": ["A", "B"], "fans": np.array([1, 2]), "名称": ["龙游", "教育"]}
    for name in ("t.csv", "t.jsonl"):
        write_table(tmp_path / name, cols)
        header, rows = read_table(tmp_path / name)
        assert header == ["account_id", "fans", "名称"]
        assert [str(r[1]) for r in rows] == ["1", "2"]
    with open(tmp_path / "t.jsonl", encoding="utf-8") as fh:
        assert json.loads(fh.readline())["名称"] == "龙游"


def test_bad_json_line_names_the_row(tmp_path: Path) -> None:
    (tmp_path / "x.jsonl").write_text('{"a": 1}\n[1]\n', encoding="utf-8")
    with pytest.raises(InputError, match="row 2"):
        read_table(tmp_path / "x.jsonl")


def test_rejects_file(tmp_path: Path) -> None:
    out = tmp_path / "scores.csv"
    path = rejects_path(out)
    assert path.name == "scores.rejects.csv"
    write_rejects(path, [Reject(3, "fans", "below the minimum", "-1")])
    with open(path, encoding="utf-8-sig") as fh:
        assert list(csv.DictReader(fh)) == [
            {"row": "3", "field": "fans", "value": "-1", "reason": "below the minimum"}]


def test_atomic_write_leaves_no_partial_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_open(target, "w", encoding="utf-8") as fh:
        fh.write("half")
        raise RuntimeError("interrupted")
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["out.csv"]
