"""Scoring's inputs and outputs on the Arrow spine (issue #9): every format and frame gives the
same scores, the unvalidated path is gone, silent damage is refused, results are tables."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.parquet as pq
import pytest

from tests.scoring_oracle import SECTION
from zwxmt.cli import main
from zwxmt.errors import HeaderError, InputError
from zwxmt.examples import example_file
from zwxmt.scoring import (
    METRICS,
    RowsRejected,
    ScoreResult,
    frame_from_columns,
    read_input,
    score,
)
from zwxmt.scoring.periods import parse_period_label, period_label
from zwxmt.table.inputs import get_schema
from zwxmt.table.write import write_table


def _example() -> pa.Table:
    """The bundled monthly metrics (13 months of 龙游县), as text cells."""
    return pcsv.read_csv(example_file("monthly_metrics.csv"), convert_options=pcsv.ConvertOptions(
        column_types={n: pa.string() for n in _header()}))


def _header() -> list[str]:
    with open(example_file("monthly_metrics.csv"), encoding="utf-8") as fh:
        return next(csv.reader(fh))


def _scores(result: ScoreResult) -> pa.Table:
    return result.to_arrow().select(["account_id", "period", "operation_index", "total",
                                     "county_rank", "vetoes"])


# -- the same data in every format and frame ----------------------------------------------


def test_every_format_and_frame_gives_identical_scores(tmp_path: Path) -> None:
    table = _example()
    expected = _scores(score(table))
    assert expected.num_rows == table.num_rows
    # files: CSV (UTF-8), GBK CSV with Chinese headers and values, XLSX, Parquet, JSON lines
    write_table(table, tmp_path / "m.csv")
    zh = {c.name: c.zh for c in METRICS.columns}
    gbk = table.rename_columns([zh[n] for n in table.column_names])
    text = io.BytesIO()
    pcsv.write_csv(gbk, text)
    body = text.getvalue().decode("utf-8").replace(",wechat,", ",政务微信,").replace(
        ",county,", ",县级,")
    (tmp_path / "m_gbk.csv").write_bytes(body.encode("gbk"))
    write_table(table, tmp_path / "m.xlsx")
    pq.write_table(table, tmp_path / "m.parquet")
    write_table(table, tmp_path / "m.jsonl")
    sources: dict[str, Any] = {
        name: tmp_path / name for name in ("m.csv", "m_gbk.csv", "m.xlsx", "m.parquet",
                                           "m.jsonl")}
    # typed frames: pyarrow with numbers as numbers, pandas, polars, a column mapping
    typed = pa.table({n: (table.column(n) if n in ("account_id", "platform", "period",
                                                   "level", "city", "county")
                          else _typed(table.column(n))) for n in table.column_names})
    sources["pyarrow"] = typed
    sources["pandas"] = typed.to_pandas()
    pl = pytest.importorskip("polars")
    sources["polars"] = pl.from_arrow(typed)
    sources["mapping"] = {n: typed.column(n).to_numpy(zero_copy_only=False)
                          for n in typed.column_names}
    for name, source in sources.items():
        got = _scores(score(source))
        assert got.equals(expected), name


def _typed(col: pa.ChunkedArray) -> pa.ChunkedArray:
    if set(col.unique().to_pylist()) <= {"true", "false"}:
        return pa.compute.equal(col, "true")
    return pa.compute.if_else(pa.compute.equal(col, ""), None, col).cast(pa.float64())


# -- the unvalidated path is gone -----------------------------------------------------------


def _row(**over: Any) -> dict[str, list[Any]]:
    row: dict[str, Any] = {
        "account_id": "A", "platform": "weibo", "period": "2026-03", "level": "county",
        "city": "330800", "county": "330825", "posts": 30, "original_posts": 20,
        "posting_days": 20, "serious_errors": 0, "general_errors": 1, "poor_responses": 0,
        "coordination_rate": 0.8, "platform_misuse": 0, "reads": 9000, "likes": 300,
        "reposts": 10, "comments": 20}
    row.update(over)
    return {k: [v] for k, v in row.items()}


def test_frame_from_columns_validates_a_rate_above_one() -> None:
    # main scored coordination_rate=1.5 as 150 points
    with pytest.raises(RowsRejected, match=r"coordination_rate.*out_of_range"):
        frame_from_columns(_row(coordination_rate=1.5), SECTION)


def test_frame_from_columns_refuses_nan_instead_of_a_nan_total() -> None:
    # main gave a NaN total for a NaN posts count
    with pytest.raises(RowsRejected, match=r"posts.*missing_value"):
        frame_from_columns(_row(posts=float("nan")), SECTION)


def test_duplicates_are_refused_not_scored_twice() -> None:
    cols = {k: v * 2 for k, v in _row().items()}
    with pytest.raises(RowsRejected, match="duplicate_key"):
        frame_from_columns(cols, SECTION)
    result = score(cols)
    assert len(result) == 0
    assert result.counts is not None and (result.counts.read, result.counts.rejected) == (2, 2)
    assert set(result.failures.table.column("check").to_pylist()) == {"duplicate_key"}


def test_score_accepts_arrow_and_polars_frames() -> None:
    table = pa.table({k: pa.array(v) for k, v in _row().items()})
    assert score(table).total.shape == (1,)
    pl = pytest.importorskip("polars")
    assert score(pl.DataFrame(_row())).total.shape == (1,)
    with pytest.raises(RowsRejected):
        score(_row(posts=-1), strict=True)


def test_one_vocabulary_for_platform_and_level() -> None:
    cols = {k: v * 4 for k, v in _row().items()}
    cols["account_id"] = ["A", "B", "C", "D"]
    cols["platform"] = ["公众号", "头条号", "微博", "抖音号"]
    cols["level"] = ["区", "县市区", "县级", "区"]
    cols["service_availability"] = [0.9, None, None, None]
    for name in ("reads_headline", "reads_max", "looks", "looks_headline", "looks_max",
                 "likes_headline", "likes_max", "shares", "shares_headline", "shares_max"):
        cols[name] = [10, None, None, None]
    got = read_input(cols, SECTION)
    assert len(got.failures) == 0
    assert sorted(got.frame.platform.tolist()) == [0, 1, 2, 3]
    assert set(got.frame.level.tolist()) == {2}


def test_a_platform_table2_does_not_assess_is_refused() -> None:
    got = read_input(_row(platform="移动客户端"), SECTION)
    assert got.failures.table.column("check").to_pylist() == ["platform_not_assessed"]


def test_a_blank_count_is_unknown_not_zero() -> None:
    # 政务微信's WCI reads reads_headline: blank is refused, not read as 0 (house rule 4)
    cols = _row(platform="wechat", service_availability=0.9)
    got = read_input(cols, SECTION)
    assert {r["column"] for r in got.failures.table.to_pylist()} >= {"reads_headline"}
    assert {r["check"] for r in got.failures.table.to_pylist()} == {"missing_value"}
    # a given WCI stands in for the counts
    assert len(read_input({**cols, "wci": [500.0]}, SECTION).failures) == 0


# -- silent damage --------------------------------------------------------------------------


def test_a_huge_count_is_refused_and_leaves_the_province_maximum_alone() -> None:
    rows = [{k: v[0] for k, v in _row(account_id=f"A{i}", reads=9000 + 100 * i).items()}
            for i in range(20)]
    clean = {k: [r[k] for r in rows] for k in rows[0]}
    damaged = {k: [*v, (1e308 if k == "reads" else "X" if k == "account_id" else v[0])]
               for k, v in clean.items()}
    before = score(clean)
    after = score(damaged)
    # main accepted reads=1e308 as the province maximum and cut the 20 others' totals
    assert after.failures.table.to_pylist()[0]["check"] == "out_of_range"
    assert after.failures.table.to_pylist()[0]["column"] == "reads"
    assert np.array_equal(after.to_arrow().column("total").to_numpy(),
                          before.to_arrow().column("total").to_numpy())


def test_a_column_given_twice_is_an_error_naming_it(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    # main silently kept the last of 阅读数 and reads
    header = ",".join([*_row(), "阅读数"])
    src = tmp_path / "twice.csv"
    src.write_text(header + "\nA,weibo,2026-03,county,330800,330825,30,20,20,0,1,0,0.8,0,"
                   "9000,300,10,20,1\n", encoding="utf-8")
    with pytest.raises(HeaderError, match="given twice"):
        read_input(src, SECTION)
    out = tmp_path / "out.csv"
    assert main(["score", str(src), "-o", str(out)]) == 3
    assert not out.exists()
    rejects = _read_csv(tmp_path / "out.rejects.csv")
    assert [r["check"] for r in rejects] == ["duplicate_column"]
    assert "given twice" in capsys.readouterr().err
    # the same name twice: main kept the last column
    same = tmp_path / "same.csv"
    same.write_text(",".join([*_row(), "reads"]) + "\nA,weibo,2026-03,county,330800,330825,"
                    "30,20,20,0,1,0,0.8,0,9000,300,10,20,1\n", encoding="utf-8")
    with pytest.raises(HeaderError, match="given twice"):
        read_input(same, SECTION)


# -- the command line -----------------------------------------------------------------------


def _read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def _csv(path: Path, cols: dict[str, list[Any]]) -> Path:
    pcsv.write_csv(pa.table({k: pa.array([None if v is None else str(v) for v in vs])
                             for k, vs in cols.items()}), path)
    return path


def test_every_row_rejected_exits_3_with_the_failure_cases(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _csv(tmp_path / "bad.csv", _row(posts=-5))
    out = tmp_path / "out.csv"
    assert main(["score", str(src), "-o", str(out)]) == 3
    assert not out.exists()
    rejects = _read_csv(tmp_path / "out.rejects.csv")
    assert [(r["row"], r["column"], r["check"]) for r in rejects] == [
        ("2", "posts", "out_of_range")]
    assert "every one of its 1 rows was rejected" in capsys.readouterr().err


def test_header_only_exits_3(tmp_path: Path) -> None:
    src = tmp_path / "empty.csv"
    src.write_text(",".join(_row()) + "\n", encoding="utf-8")
    assert main(["score", str(src), "-o", str(tmp_path / "o.csv")]) == 3


def test_max_rejects(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cols = {k: v * 3 for k, v in _row().items()}
    cols["account_id"] = ["A", "B", "C"]
    cols["posts"] = [30, -1, 30]
    src = _csv(tmp_path / "m.csv", cols)
    out = tmp_path / "o.parquet"
    assert main(["score", str(src), "-o", str(out), "--max-rejects", "0"]) == 3
    assert main(["score", str(src), "-o", str(out), "--max-rejects", "20%"]) == 3
    assert not out.exists()
    assert main(["score", str(src), "-o", str(out), "--max-rejects", "1", "--no-bom"]) == 0
    assert "rows read = 3 = scored 2 + rejected 1" in capsys.readouterr().out
    assert pq.read_table(out).column("account_id").to_pylist() == ["A", "C"]
    assert not (tmp_path / "o.rejects.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_unreadable_input_and_read_only_output_are_messages_not_tracebacks(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(tmp_path / "nope.csv"), "-o", str(tmp_path / "o.csv")]) == 1
    assert "nope.csv" in capsys.readouterr().err
    garbage = tmp_path / "garbage.csv"
    garbage.write_bytes(b"account_id,pla\rtform\n1,2\n")  # a bare CR: csv.Error on main
    assert main(["score", str(garbage), "-o", str(tmp_path / "o.csv")]) == 1
    assert "not a well-formed CSV" in capsys.readouterr().err
    src = _csv(tmp_path / "m.csv", _row())
    assert main(["score", str(src), "-o", str(tmp_path / "o.xyz")]) == 1
    assert "unknown file type '.xyz'" in capsys.readouterr().err
    blocker = tmp_path / "a_file"
    blocker.write_text("", encoding="utf-8")
    assert main(["score", str(src), "-o", str(blocker / "o.csv")]) == 1
    assert "cannot write" in capsys.readouterr().err


def test_xlsx_jsonl_outputs_and_sheet_and_encoding(tmp_path: Path) -> None:
    table = _example()
    zh = {c.name: c.zh for c in METRICS.columns}
    gbk = table.rename_columns([zh[n] for n in table.column_names])
    text = io.BytesIO()
    pcsv.write_csv(gbk, text)
    src = tmp_path / "m.txt.csv"
    src.write_bytes(text.getvalue().decode("utf-8").encode("gb18030"))
    out = tmp_path / "scores.xlsx"
    assert main(["score", str(src), "-o", str(out), "--encoding", "gb18030",
                 "--regions", str(tmp_path / "r.jsonl"),
                 "--averages", str(tmp_path / "a.csv")]) == 0
    regions = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text(
        encoding="utf-8").splitlines()]
    assert {r["region_level"] for r in regions} == {"province", "city", "county"}
    # the averages file reads back through the declared averages schema
    avg = get_schema("averages").validate(tmp_path / "a.csv")
    assert len(avg.failures) == 0 and len(avg) > 0
    # an XLSX input, by sheet
    write_table(table, tmp_path / "in.xlsx", sheet="metrics")
    assert main(["score", str(tmp_path / "in.xlsx"), "--sheet", "metrics",
                 "-o", str(tmp_path / "o.csv")]) == 0


# -- results as tables ----------------------------------------------------------------------


def test_results_are_tables_keyed_in_input_order() -> None:
    table = _example()
    result = score(table)
    got = result.to_arrow()
    # input order and keys: the caller's rows line up
    assert got.column("account_id").to_pylist() == table.column("account_id").to_pylist()
    assert got.column("period").to_pylist() == table.column("period").to_pylist()
    assert got.column_names[:6] == ["account_id", "period", "platform", "level", "city",
                                    "county"]
    # the service sub-score is not applicable outside 政务微信: null, not NaN or 0
    services = got.column("service_score").to_pylist()
    platforms = got.column("platform").to_pylist()
    assert all((s is None) == (p != "wechat") for s, p in zip(services, platforms, strict=True))
    assert pa.table(result).equals(got)  # the Arrow C stream
    df = result.to_pandas()
    assert list(df["total"]) == got.column("total").to_pylist()
    pl = pytest.importorskip("polars")
    assert result.to_polars()["total"].to_list() == got.column("total").to_pylist()
    ranks = result.ranks().to_arrow()
    assert ranks.column("account_id").equals(got.column("account_id"))
    assert ranks.column("county_rank").equals(got.column("county_rank"))
    regions = result.regions().to_arrow()
    assert not any(n.startswith("_") for n in regions.column_names)
    avg = result.province_platform_averages()
    assert avg.to_arrow().num_rows == len(avg)
    assert pl.DataFrame(avg).height == len(avg)
    quarters = result.aggregate("quarter").to_arrow()
    assert set(quarters.column("period").to_pylist()) >= {"2026-Q1", "2026-Q4"}


def test_months_are_the_one_month_type() -> None:
    result = score(pa.table({k: pa.array(v) for k, v in _row(period="2026年3月").items()}))
    assert int(result.period[0]) == (2026 - 1970) * 12 + 2
    assert parse_period_label("2026-03") == ("month", 674)
    assert parse_period_label("2026-Q1") == ("quarter", 2026 * 4)
    assert period_label("month", 674) == "2026-03"
    with pytest.raises(ValueError, match="not a period"):
        parse_period_label("2026-Q7")


def test_errors_are_input_errors() -> None:
    with pytest.raises(InputError):
        read_input({"account_id": ["A"]}, SECTION)  # required columns absent


def test_schema_command_publishes_the_declared_inputs(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "metrics"]) == 0
    doc = json.loads(capsys.readouterr().out)
    cols = {c["name"]: c for c in doc["columns"]}
    assert doc["key"] == ["account_id", "period"]
    assert cols["reads"]["max"] == 1e12 and cols["reads"]["cite"] == "ZJG-9.2-T2-operation"
    assert cols["coordination_rate"]["kind"] == "rate"
    assert "公众号" in cols["platform"]["values"]["wechat"]
    for name in ("subscores", "averages"):
        assert main(["schema", name]) == 0
        assert json.loads(capsys.readouterr().out)["name"] == name


def test_what_zwxmt_score_writes_reads_back_equal(tmp_path: Path) -> None:
    src = tmp_path / "m.csv"
    write_table(_example(), src)
    expected = score(src).to_arrow()
    for suffix in ("parquet", "csv", "jsonl"):
        out = tmp_path / f"scores.{suffix}"
        assert main(["score", str(src), "-o", str(out)]) == 0
        if suffix == "parquet":
            back = pq.read_table(out)
        else:
            from zwxmt.table.read import read_raw

            back = read_raw(out).table  # text cells: compare as text
            for name in ("account_id", "period", "vetoes"):
                got = [v or "" for v in back.column(name).to_pylist()]
                assert got == _as_text(expected.column(name)), (suffix, name)
            totals = [float(v) for v in back.column("total").to_pylist()]
            assert totals == expected.column("total").to_pylist(), suffix
            continue
        assert back.equals(expected), suffix


def _as_text(col: pa.ChunkedArray) -> list[Any]:
    """Cells as text, null as blank (a CSV writes null as an empty cell)."""
    return pa.compute.fill_null(pa.compute.cast(col, pa.string()), "").to_pylist()
