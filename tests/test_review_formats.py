"""The review reads every format an office holds, and in-memory tables, to the same result.

The bundled example county's review files as CSV (UTF-8), GBK CSV, XLSX, Parquet (with typed
columns: timestamps, booleans, integers), JSON lines, pandas, polars and pyarrow give identical
findings, summaries and counts; the Python entry point validates in-memory tables exactly as
files (a bad cell is a failure case, not an exception).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from zwxmt.cli import main
from zwxmt.review.inputs import ROLES, load_inputs
from zwxmt.review.parameters import review_parameters
from zwxmt.review.report import ReviewReport, run_review
from zwxmt.table import write_jsonl, write_xlsx

EXAMPLE = Path(__file__).resolve().parents[1] / "src/zwxmt/data/example"
FILES = {"posts": "review_posts", "reviews": "reviews", "messages": "messages",
         "lexicon": "lexicon", "accounts": "accounts", "inspection": "inspection"}
AS_OF = dt.date(2026, 11, 13)


def _strings(name: str) -> pa.Table:
    path = EXAMPLE / f"{name}.csv"
    names = pacsv.read_csv(path).column_names
    opts = pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                strings_can_be_null=False)
    return pacsv.read_csv(path, convert_options=opts)


TABLES: dict[str, pa.Table] = {role: _strings(name) for role, name in FILES.items()}


def _typed(role: str, t: pa.Table) -> pa.Table:
    """Typed columns, as a Parquet file or a data frame would carry them."""
    def cast(t: pa.Table, name: str, to: pa.DataType) -> pa.Table:
        i = t.column_names.index(name)
        col = pc.if_else(pc.equal(t.column(name), ""), None, t.column(name))
        if pa.types.is_timestamp(to):
            col = pc.strptime(col, format="%Y-%m-%d %H:%M", unit="s")
        elif pa.types.is_boolean(to):
            col = pc.equal(col, "true")
        else:
            col = pc.cast(col, to)
        return t.set_column(i, name, col)

    if role == "posts":
        t = cast(cast(t, "published_at", pa.timestamp("s")), "is_repost", pa.bool_())
    elif role == "reviews":
        t = cast(cast(t, "reviewed_at", pa.timestamp("s")), "level", pa.int64())
    elif role == "messages":
        t = cast(cast(t, "received_at", pa.timestamp("s")), "replied_at", pa.timestamp("s"))
    return t


def _files(folder: Path, write: Callable[[pa.Table, Path], None], suffix: str) -> dict[str, Any]:
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for role, name in FILES.items():
        path = folder / f"{name}{suffix}"
        write(TABLES[role], path)
        out[role] = path
    return out


def _csv(t: pa.Table, path: Path, encoding: str = "utf-8") -> None:
    buf = pa.BufferOutputStream()
    pacsv.write_csv(t, buf)
    path.write_bytes(buf.getvalue().to_pybytes().decode("utf-8").encode(encoding))


def _sources(kind: str, tmp: Path) -> dict[str, Any]:
    if kind == "csv":
        return _files(tmp, _csv, ".csv")
    if kind == "gbk":
        return _files(tmp, lambda t, p: _csv(t, p, "gbk"), ".csv")
    if kind == "xlsx":
        return _files(tmp, lambda t, p: write_xlsx(t, p) and None, ".xlsx")
    if kind == "jsonl":
        return _files(tmp, lambda t, p: write_jsonl(t, p) and None, ".jsonl")
    if kind == "parquet":
        tmp.mkdir(parents=True, exist_ok=True)
        out = {}
        for role, name in FILES.items():
            out[role] = tmp / f"{name}.parquet"
            pq.write_table(_typed(role, TABLES[role]), out[role])
        return out
    if kind == "pyarrow":
        return {role: _typed(role, t) for role, t in TABLES.items()}
    if kind == "pandas":
        return {role: _typed(role, t).to_pandas() for role, t in TABLES.items()}
    if kind == "polars":
        polars = pytest.importorskip("polars")
        return {role: polars.from_arrow(_typed(role, t)) for role, t in TABLES.items()}
    if kind == "mapping":
        return {role: t.to_pydict() for role, t in TABLES.items()}
    raise AssertionError(kind)


def _run(sources: dict[str, Any]) -> ReviewReport:
    return run_review(sources, review_parameters(), as_of=AS_OF)


@pytest.fixture(scope="module")
def reference() -> ReviewReport:
    return run_review({role: EXAMPLE / f"{name}.csv" for role, name in FILES.items()},
                      review_parameters(), as_of=AS_OF)


KINDS = ("csv", "gbk", "xlsx", "parquet", "jsonl", "pyarrow", "pandas", "polars", "mapping")


@pytest.mark.parametrize("kind", KINDS)
def test_every_format_gives_the_same_review(kind: str, tmp_path: Path,
                                            reference: ReviewReport) -> None:
    if kind == "pandas":
        pytest.importorskip("pandas")
    got = _run(_sources(kind, tmp_path))
    assert [c.counts for c in got.loaded] == [c.counts for c in reference.loaded]
    assert len(got.failures) == 0
    assert got.findings.to_arrow().equals(reference.findings.to_arrow())
    assert got.summary.to_arrow().equals(reference.summary.to_arrow())


def test_the_reference_is_the_whole_example(reference: ReviewReport) -> None:
    assert [c.role for c in reference.loaded] == list(ROLES)
    assert reference.loaded[0].counts.read == 1472
    assert len(reference.findings) == 195
    assert reference.summary.num_rows == 62


def test_the_cli_reads_xlsx_and_gbk_and_writes_the_same_findings(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outputs = []
    for kind in ("csv", "gbk", "xlsx"):
        folder = tmp_path / kind
        _sources(kind, folder)
        out = folder / "out" / "findings.csv"
        assert main(["review", str(folder), "-o", str(out), "--as-of", str(AS_OF)]) == 0
        assert "review_posts" in capsys.readouterr().out
        outputs.append((out.read_bytes(), (folder / "out" / "findings.summary.csv").read_bytes()))
    assert outputs[0] == outputs[1] == outputs[2]


def test_bad_cells_in_a_frame_are_failure_cases_with_sheet_rows() -> None:
    posts = {"post_id": ["P1", "P2", "P3", "P1"], "account_id": ["A", "A", "", "A"],
             "published_at": ["2026-10-01 08:00", "20261001", "2026-10-02", "2026-10-03 09:00"]}
    inputs, loaded = load_inputs({"posts": posts}, review_parameters(), as_of=AS_OF)
    assert loaded[0].counts.read == 4 and loaded[0].counts.used == 2
    cases = loaded[0].failures.table.to_pylist()
    assert [(c["row"], c["column"], c["check"]) for c in cases] == [
        (4, "account_id", "missing_value"), (5, "post_id", "duplicate_key")]
    assert inputs.posts.post_id.tolist() == ["P1", "P2"]
    assert loaded[0].row_numbers.tolist() == [2, 3]


def test_a_naive_time_is_beijing_and_an_aware_one_is_converted() -> None:
    utc = pa.array([dt.datetime(2026, 9, 30, 18, 30), dt.datetime(2026, 9, 30, 15, 59)],
                   pa.timestamp("s", tz="UTC"))
    posts = pa.table({"post_id": ["P1", "P2"], "account_id": ["A", "A"], "published_at": utc})
    report = run_review({"posts": posts}, review_parameters(), as_of=AS_OF)
    # 18:30 UTC is 02:30 on 1 October in Beijing; 15:59 UTC is 23:59 on 30 September
    assert report.summary["period"].tolist() == ["2026-09", "2026-10"]
    assert report.summary["posts"].tolist() == [1, 1]
    naive = {"post_id": ["P1"], "account_id": ["A"], "published_at": ["2026-09-30 23:30"]}
    assert run_review({"posts": naive}, as_of=AS_OF).summary["period"].tolist() == ["2026-09"]


def test_results_are_tables_keyed_by_identity(reference: ReviewReport) -> None:
    pandas = pytest.importorskip("pandas")
    frame = reference.findings.to_pandas()
    assert isinstance(frame, pandas.DataFrame)
    assert {"account_id", "period", "subject", "code"} <= set(frame.columns)
    assert frame["period"].iloc[0] == str(reference.findings.columns["period"][0])
    health = reference.health_inputs.to_arrow()
    assert health.column_names == ["account_id", "period", "serious_errors", "general_errors",
                                   "poor_responses"]
    keys = list(zip(health.column("account_id").to_pylist(), health.column("period").to_pylist(),
                    strict=True))
    assert len(keys) == len(set(keys))
    assert pa.table(reference.summary).num_rows == reference.summary.num_rows
    polars = pytest.importorskip("polars")
    assert polars.DataFrame(reference.findings).height == len(reference.findings)


def test_docs_list_every_declared_review_column() -> None:
    """docs/review.md is checked against the declared schemas (the inputs table)."""
    from zwxmt.review.schemas import REVIEW_SCHEMAS
    from zwxmt.table import get_schema

    doc = (Path(__file__).resolve().parents[1] / "docs/review.md").read_text(encoding="utf-8")
    for schema in REVIEW_SCHEMAS.values():
        assert get_schema(schema.name) is schema
        assert f"`{schema.name}` {schema.zh.split('（')[0]}" in doc, schema.name
        for col in schema.columns:
            if col.description == "accepted, not read by the review":
                continue
            assert f"`{col.name}`" in doc or col.name in ("political", "policy", "business",
                                                          "legal", "textual",
                                                          "confidentiality"), col.name


def test_batches_give_the_same_log_and_catch_repeats_across_them(tmp_path: Path) -> None:
    from zwxmt.review.inputs import read_posts

    lines = [f"P{i % 7 if i == 9 else i},A{i % 3},2026-10-0{1 + i % 9} 08:00" for i in range(12)]
    path = tmp_path / "review_posts.csv"
    path.write_text("post_id,account_id,published_at\n" + "\n".join(lines) + "\n",
                    encoding="utf-8")
    whole = read_posts(path, as_of=AS_OF)
    batched = read_posts(path, as_of=AS_OF, batch_rows=4)
    assert batched.counts == whole.counts
    assert batched.counts.rejected == 1
    assert batched.failures.table.equals(whole.failures.table)
    case = batched.failures.table.to_pylist()[0]
    assert (case["row"], case["check"]) == (11, "duplicate_key")
    assert "repeats row 4" in case["message"]
    assert batched.value.post_id.tolist() == whole.value.post_id.tolist()


def test_an_encoding_given_on_the_command_line(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "big5"
    folder.mkdir()
    (folder / "review_posts.csv").write_bytes(
        "post_id,account_id,published_at,text\nP1,A1,2026-10-01 08:00,臺灣政務\n".encode("big5"))
    out = folder / "o" / "f.csv"
    assert main(["review", str(folder), "-o", str(out), "--encoding", "big5"]) == 0
    assert "rows read = 1 = used 1" in capsys.readouterr().out
