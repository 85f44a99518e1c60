"""Readers: the same data in every format gives the same validated table; the edges of files."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import xlsxwriter

from zwxmt.errors import EmptyInputError, HeaderError, InputError, UnreadableInputError
from zwxmt.table import Column, InputSchema, iter_raw_batches, read_raw
from zwxmt.vocabulary import AdminLevel, Platform

AS_OF = dt.date(2026, 11, 29)
SCHEMA = InputSchema("sample", (
    Column("account_id", "账号ID", "text"),
    Column("platform", "平台", "enum", vocabulary=Platform),
    Column("level", "层级", "enum", vocabulary=AdminLevel),
    Column("period", "考核周期", "month"),
    Column("reads", "阅读数", "count"),
    Column("rate", "内部协同完成率", "rate", required=False),
    Column("opened", "开设日期", "date", required=False),
    Column("published_at", "发布时间", "datetime", required=False),
    Column("verified", "是否认证", "bool", required=False),
), key=("account_id", "platform", "period"))

HEADER = ["账号ID", "平台", "层级", "考核周期", "阅读数", "内部协同完成率", "开设日期", "发布时间",
          "是否认证"]
ROWS = [
    ["A001", "政务微信", "县级", "2026-03", "1,234", "0.5", "2012-11-01", "2020-01-01 08:55",
     "是"],
    ["A002", "公众号", "区", "2026-03", "0", "", "2013-05-06", "2026-09-30 18:00", "否"],
    ["A003", "抖音", "乡镇", "2026-04", "17", "1", "", "", ""],
    ["龙游县融媒体", "微博", "省级", "2026-04", "5", "0.25", "2020-02-29", "2024-02-29 23:59",
     "是"],
]


def _csv_text() -> str:
    lines = [",".join(HEADER)] + [",".join(f'"{c}"' for c in r) for r in ROWS]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def expected() -> pa.Table:
    v = SCHEMA.validate({h: [r[i] for r in ROWS] for i, h in enumerate(HEADER)}, as_of=AS_OF)
    assert v.counts.rejected == 0 and len(v) == 4
    return v.table


def _xlsx(path: Path) -> None:
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet()
    dfmt = book.add_format({"num_format": "yyyy/m/d"})
    tfmt = book.add_format({"num_format": "yyyy/m/d h:mm"})
    ws.write_row(0, 0, HEADER)
    for i, r in enumerate(ROWS, start=1):
        ws.write_string(i, 0, r[0])
        ws.write_string(i, 1, r[1])
        ws.write_string(i, 2, r[2])
        ws.write_string(i, 3, r[3])
        ws.write_number(i, 4, float(r[4].replace(",", "")))  # as a spreadsheet types it
        if r[5]:
            ws.write_number(i, 5, float(r[5]))
        if r[6]:
            ws.write_datetime(i, 6, dt.datetime.fromisoformat(r[6]), dfmt)
        if r[7]:
            ws.write_datetime(i, 7, dt.datetime.fromisoformat(r[7]), tfmt)
        if r[8]:
            ws.write_string(i, 8, r[8])
    book.close()


def _sources(tmp: Path) -> dict[str, object]:
    text = _csv_text()
    (tmp / "utf8.csv").write_text(text, encoding="utf-8")
    (tmp / "bom.csv").write_text(text, encoding="utf-8-sig")
    (tmp / "gbk.csv").write_bytes(text.encode("gbk"))
    (tmp / "gb18030.csv").write_bytes(text.encode("gb18030"))
    (tmp / "tab.tsv").write_text("\n".join("\t".join(r) for r in [HEADER, *ROWS]) + "\n",
                                 encoding="utf-8")
    _xlsx(tmp / "book.xlsx")
    cols = {h: [r[i] for r in ROWS] for i, h in enumerate(HEADER)}
    with (tmp / "lines.jsonl").open("w", encoding="utf-8") as f:
        for r in ROWS:
            f.write(json.dumps(dict(zip(HEADER, r, strict=True)), ensure_ascii=False) + "\n")
    (tmp / "array.json").write_text(json.dumps(
        [dict(zip(HEADER, r, strict=True)) for r in ROWS], ensure_ascii=False), encoding="utf-8")
    # Parquet and frames carry types, as an ETL job would write them
    typed = {**cols, "阅读数": [1234, 0, 17, 5],
             "内部协同完成率": [0.5, None, 1.0, 0.25],
             "开设日期": [dt.date(2012, 11, 1), dt.date(2013, 5, 6), None, dt.date(2020, 2, 29)],
             "发布时间": [dt.datetime(2020, 1, 1, 8, 55), dt.datetime(2026, 9, 30, 18), None,
                      dt.datetime(2024, 2, 29, 23, 59)],
             "是否认证": [True, False, None, True]}
    pq.write_table(pa.table(typed), tmp / "typed.parquet")
    pq.write_table(pa.table(cols), tmp / "text.parquet")
    return {
        "utf8.csv": tmp / "utf8.csv", "bom.csv": tmp / "bom.csv", "gbk.csv": tmp / "gbk.csv",
        "gb18030.csv": tmp / "gb18030.csv", "tab.tsv": tmp / "tab.tsv",
        "book.xlsx": tmp / "book.xlsx", "lines.jsonl": tmp / "lines.jsonl",
        "array.json": str(tmp / "array.json"), "typed.parquet": tmp / "typed.parquet",
        "text.parquet": tmp / "text.parquet", "pyarrow": pa.table(typed),
        "recordbatch": pa.RecordBatch.from_pydict(typed), "pandas": pd.DataFrame(typed),
        "pandas-text": pd.DataFrame(cols), "polars": pl.DataFrame(typed),
        "polars-text": pl.DataFrame(cols), "mapping": typed,
        "numpy-mapping": {k: np.array(v, dtype=object) for k, v in cols.items()},
    }


def test_every_format_gives_the_identical_validated_table(tmp_path: Path,
                                                          expected: pa.Table) -> None:
    for name, source in _sources(tmp_path).items():
        v = SCHEMA.validate(source, as_of=AS_OF)
        assert v.counts.rejected == 0, (name, v.failures.head_text())
        assert v.table.equals(expected), (name, v.table.to_pylist())
        first = 1 if name in ("lines.jsonl", "array.json") else 2
        assert v.row_numbers.tolist() == list(range(first, first + 4)), name


def test_pandas_index_is_dropped_and_rows_follow_position(expected: pa.Table) -> None:
    cols = {h: [r[i] for r in ROWS] for i, h in enumerate(HEADER)}
    df = pd.DataFrame(cols, index=[10, 20, 30, 40])
    v = SCHEMA.validate(df, as_of=AS_OF)
    assert v.table.equals(expected)
    assert v.row_numbers.tolist() == [2, 3, 4, 5]


def test_gbk_with_override_and_a_wrong_override(tmp_path: Path) -> None:
    p = tmp_path / "gbk.csv"
    p.write_bytes(_csv_text().encode("gbk"))
    assert read_raw(p, encoding="gbk").table.column(1).to_pylist()[0] == "政务微信"
    with pytest.raises(UnreadableInputError, match=r"gbk.csv"):
        read_raw(p, encoding="utf-8")
    with pytest.raises(UnreadableInputError, match="unknown encoding"):
        read_raw(p, encoding="no-such-codec")


def test_gbk_bytes_only_after_the_sniffed_block_are_detected(tmp_path: Path) -> None:
    p = tmp_path / "late.csv"
    body = "id,name\n" + "".join(f"{i},abc\n" for i in range(20_000)) + "20001,龙游县\n"
    p.write_bytes(body.encode("gb18030"))
    raw = read_raw(p)
    assert raw.table.column("name").to_pylist()[-1] == "龙游县"
    assert raw.row_numbers[-1] == 20_002


def test_a_column_given_twice_is_named(tmp_path: Path) -> None:
    p = tmp_path / "twice.csv"
    p.write_text("账号ID,平台,账号ID\na,b,c\n", encoding="utf-8")
    with pytest.raises(HeaderError, match="'账号ID' is given twice") as err:
        read_raw(p)
    assert err.value.check == "duplicate_column" and "twice.csv" in str(err.value)
    # two spellings of one declared column
    q = tmp_path / "alias.csv"
    q.write_text("account_id,账号ID,平台,层级,考核周期,阅读数\na,a,微信,县,2026-03,1\n",
                 encoding="utf-8")
    with pytest.raises(HeaderError, match="given twice") as err2:
        SCHEMA.validate(q, as_of=AS_OF)
    assert err2.value.check == "duplicate_column"
    with pytest.raises(HeaderError):
        read_raw(pa.table([pa.array([1]), pa.array([2])], names=["x", "x"]))


@pytest.mark.parametrize("content", [b"", b"\n\n", b"\xef\xbb\xbf"])
def test_an_empty_file_is_named(tmp_path: Path, content: bytes) -> None:
    p = tmp_path / "empty.csv"
    p.write_bytes(content)
    with pytest.raises(EmptyInputError, match=r"empty.csv"):
        read_raw(p)


def test_header_only(tmp_path: Path) -> None:
    p = tmp_path / "header.csv"
    p.write_text(",".join(HEADER) + "\n", encoding="utf-8")
    with pytest.raises(EmptyInputError, match=r"header.csv: the header is there but no data"):
        SCHEMA.validate(p)
    v = SCHEMA.validate(p, allow_empty=True)
    assert v.counts.read == 0 and len(v.table) == 0
    j = tmp_path / "empty.jsonl"
    j.write_text("\n", encoding="utf-8")
    with pytest.raises(EmptyInputError):
        read_raw(j)


def test_a_200000_character_cell(tmp_path: Path) -> None:
    long = "长" * 200_000
    p = tmp_path / "long.csv"
    p.write_text(f"id,text\n1,{long}\n2,short\n", encoding="utf-8")
    raw = read_raw(p)
    assert raw.table.column("text").to_pylist() == [long, "short"]
    big = tmp_path / "big.csv"
    big.write_text("id,text\n1," + "x" * 5_000_000 + "\n", encoding="utf-8")
    assert len(read_raw(big).table.column("text")[0].as_py()) == 5_000_000


def test_missing_required_column_lists_what_is_accepted(tmp_path: Path) -> None:
    p = tmp_path / "short.csv"
    p.write_text("账号ID,平台\na,微信\n", encoding="utf-8")
    with pytest.raises(HeaderError, match="lacks required column") as err:
        SCHEMA.validate(p)
    assert err.value.check == "missing_column"
    assert "考核周期" in str(err.value) and "short.csv" in str(err.value)


def test_unreadable_inputs_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(UnreadableInputError, match="no such file"):
        read_raw(tmp_path / "nope.csv")
    (tmp_path / "x.doc").write_text("hi")
    with pytest.raises(UnreadableInputError, match="unknown file type"):
        read_raw(tmp_path / "x.doc")
    bad = tmp_path / "ragged.csv"
    bad.write_text("a,b\n1,2\n3,4,13812345678\n", encoding="utf-8")
    with pytest.raises(UnreadableInputError, match=r"ragged.csv.*got 3.*line 3") as err:
        read_raw(bad)
    assert "13812345678" not in str(err.value)
    (tmp_path / "bad.parquet").write_bytes(b"not parquet")
    with pytest.raises(UnreadableInputError):
        read_raw(tmp_path / "bad.parquet")
    (tmp_path / "bad.jsonl").write_text('{"a": 1}\n{oops\n')
    with pytest.raises(UnreadableInputError):
        read_raw(tmp_path / "bad.jsonl")
    (tmp_path / "bad.xlsx").write_bytes(b"PK not a zip")
    with pytest.raises(UnreadableInputError):
        read_raw(tmp_path / "bad.xlsx")
    with pytest.raises(UnreadableInputError, match="different lengths"):
        read_raw({"a": [1, 2], "b": [1]})
    with pytest.raises(InputError):
        read_raw(42)


def test_json_lines_with_mixed_types_read_exactly(tmp_path: Path) -> None:
    p = tmp_path / "mixed.jsonl"
    p.write_text('{"id": 1, "n": "2"}\n{"id": "x", "n": 3}\n', encoding="utf-8")
    raw = read_raw(p)
    assert raw.table.column("id").to_pylist() == ["1", "x"]
    assert raw.row_numbers.tolist() == [1, 2]


def test_xlsx_rows_keep_their_sheet_numbers(tmp_path: Path) -> None:
    p = tmp_path / "gaps.xlsx"
    book = xlsxwriter.Workbook(str(p))
    ws = book.add_worksheet("数据")
    ws.write_row(0, 0, ["id", "n"])
    ws.write_row(1, 0, ["a", 1])
    ws.write_row(3, 0, ["b", 2])  # row 3 left empty
    book.close()
    raw = read_raw(p, sheet="数据")
    assert raw.table.column("id").to_pylist() == ["a", "b"]
    assert raw.row_numbers.tolist() == [2, 4]
    assert raw.table.column("n").to_pylist() == [1.0, 2.0]  # typed cells stay typed


def test_csv_quoted_formula_prefix_is_dropped_on_read(tmp_path: Path) -> None:
    p = tmp_path / "q.csv"
    p.write_text("a\n'=1+2\n''@x\n'plain\n", encoding="utf-8")
    assert read_raw(p).table.column("a").to_pylist() == ["=1+2", "'@x", "'plain"]


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".jsonl"])
def test_streaming_batches_cover_every_row_once(tmp_path: Path, suffix: str) -> None:
    from zwxmt.table import write_table

    n = 10_007
    t = pa.table({"id": [f"a{i}" for i in range(n)], "n": [str(i) for i in range(n)]})
    p = write_table(t, tmp_path / f"s{suffix}")
    batches = list(iter_raw_batches(p, batch_rows=1000))
    assert len(batches) >= 10
    rows = np.concatenate([b.row_numbers for b in batches])
    first = 1 if suffix == ".jsonl" else 2
    assert rows.tolist() == list(range(first, first + n))
    ids = [x for b in batches for x in b.table.column("id").to_pylist()]
    assert ids == t.column("id").to_pylist()
    whole = read_raw(p)
    assert whole.num_rows == n


def test_streaming_errors_are_input_errors(tmp_path: Path) -> None:
    p = tmp_path / "late.csv"
    p.write_bytes(("id,name\n" + "1,a\n" * 300_000 + "2,龙游县\n").encode("gb18030"))
    with pytest.raises(UnreadableInputError, match="gb18030"):
        list(iter_raw_batches(p, batch_rows=100_000))
    assert sum(b.num_rows for b in iter_raw_batches(p, encoding="gb18030")) == 300_001
    q = tmp_path / "ragged.csv"
    q.write_text("a,b\n" + "1,2\n" * 10 + "1,2,3\n", encoding="utf-8")
    with pytest.raises(UnreadableInputError, match="Expected 2 columns, got 3"):
        list(iter_raw_batches(q))


def test_pandas_object_columns_mixing_types() -> None:
    df = pd.DataFrame({"账号ID": ["a", "b", "c"], "平台": ["微信", "微博", "抖音"],
                       "层级": ["县", "县", "县"], "考核周期": ["2026-03"] * 3,
                       "阅读数": pd.Series([1, "2", float("nan")], dtype=object)})
    v = SCHEMA.validate(df, as_of=AS_OF)
    assert v.counts.rejected == 1  # the NaN is a missing required count, not the text "nan"
    (rec,) = v.failures.to_arrow().to_pylist()
    assert (rec["row"], rec["check"]) == (4, "missing_value")
    assert v.table.column("reads").to_pylist() == [1, 2]


def test_a_chinese_header_with_gbk_bytes_only_late(tmp_path: Path) -> None:
    p = tmp_path / "late_header.csv"
    body = "账号ID,名称\n" + "".join(f"{i},abc\n" for i in range(20_000)) + "x,龙游县\n"
    p.write_bytes(body.encode("gb18030"))
    raw = read_raw(p)
    assert raw.column_names == ["账号ID", "名称"]
