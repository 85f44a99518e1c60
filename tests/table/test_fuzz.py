"""Fuzz: read + validate never raise anything but the InputError family."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zwxmt.errors import InputError
from zwxmt.table import Column, InputSchema
from zwxmt.vocabulary import AdminLevel, Platform

SCHEMA = InputSchema("test_fuzz", (
    Column("id", "账号ID", "text"),
    Column("platform", "平台", "enum", vocabulary=Platform, required=False),
    Column("level", "层级", "enum", vocabulary=AdminLevel, required=False),
    Column("period", "考核周期", "month", required=False),
    Column("reads", "阅读数", "count", required=False),
    Column("x", "数值", "float", required=False),
    Column("rate", "完成率", "rate", required=False),
    Column("ok", "是否", "bool", required=False),
    Column("day", "日期", "date", required=False),
    Column("at", "时间", "datetime", required=False),
    Column("phone", "联系电话", "text", required=False),
), key=("id",))
NAMES = [*(c.zh for c in SCHEMA.columns), "id", "reads", "备注", "手机", ""]

_cell = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["1e19", "1e308", "-1", "10" * 16, "2026-10-01 02:00+08:00", "20261001",
                     "-1e400", "nan", "是", "公众号", "区", "2026-03", "=cmd|' /C calc'!A0",
                     "41214", "1,234", "１２３", "85%", "2026/2/30", "T", "+", "\"", "\\"]),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats().map(repr),
)


def _csv(header: list[str], rows: list[list[str]]) -> str:
    def q(c: str) -> str:
        return '"' + c.replace('"', '""') + '"'
    return "\n".join(",".join(q(c) for c in r) for r in [header, *rows]) + "\n"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(header=st.lists(st.sampled_from(NAMES), min_size=1, max_size=8),
       rows=st.lists(st.lists(_cell, min_size=0, max_size=9), max_size=6),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]),
       suffix=st.sampled_from([".csv", ".tsv", ".jsonl", ".json"]))
def test_read_and_validate_raise_only_input_errors(header: list[str], rows: list[list[str]],
                                                   encoding: str, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / f"in{suffix}"
        if suffix == ".tsv":
            text = "\n".join("\t".join(r) for r in [header, *rows]) + "\n"
        elif suffix in (".jsonl", ".json"):
            import json

            text = "\n".join(json.dumps(dict(zip(header, r, strict=False)), ensure_ascii=False)
                             for r in rows)
        else:
            text = _csv(header, rows)
        try:
            p.write_text(text, encoding=encoding, errors="replace")
        except UnicodeError:
            return
        try:
            v = SCHEMA.validate(p, as_of=dt.date(2026, 11, 29))
        except InputError:
            return
        assert v.counts.read == v.counts.used + v.counts.rejected
        assert v.table.num_rows == v.counts.used == len(v.row_numbers)
        failed_rows = set(v.failures.rows().tolist())
        assert failed_rows.isdisjoint(v.row_numbers.tolist())
        assert len(failed_rows) == v.counts.rejected


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(NAMES), st.lists(st.one_of(
    st.none(), st.integers(), st.floats(), st.text(max_size=8), st.booleans(),
    st.dates(), st.datetimes()), min_size=3, max_size=3), max_size=8))
def test_in_memory_columns_raise_only_input_errors(columns: dict[str, list[object]]) -> None:
    try:
        v = SCHEMA.validate(columns, as_of=dt.date(2026, 11, 29))
    except InputError:
        return
    assert v.counts.read == 3 == v.counts.used + v.counts.rejected
