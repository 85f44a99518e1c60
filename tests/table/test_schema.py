"""Validation against a declared schema: failures, counts, keys, contacts, notices, JSON."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from zwxmt.errors import RejectsExceeded
from zwxmt.table import (
    CHECKS,
    Column,
    Counts,
    Failures,
    InputSchema,
    RejectPolicy,
    check_rejects,
    get_schema,
    is_contact_name,
    mask_contacts,
    register,
    rejects_verdict,
    schema_json,
)
from zwxmt.table.inputs import SCHEMAS
from zwxmt.vocabulary import Platform

AS_OF = dt.date(2026, 11, 29)
ACCOUNTS = InputSchema("test_accounts", (
    Column("account_id", "账号ID", "text", cite="ZJG-5.2"),
    Column("platform", "平台", "enum", vocabulary=Platform, cite="ZJG-9.2-T2"),
    Column("name", "账号名称", "text", aliases=("名称",)),
    Column("fans", "粉丝数", "count", required=False),
    Column("city", "所属地市", "text", required=False, default=""),
    Column("phone", "联系电话", "text", required=False),
), key=("account_id", "platform"), description="accounts for the tests")


def test_failures_are_one_row_per_failing_cell_with_spreadsheet_rows() -> None:
    v = ACCOUNTS.validate({
        "账号ID": ["a", "b", "", "d"],
        "平台": ["微信", "QQ", "微博", "抖音"],
        "名称": ["A", "B", "C", "D"],
        "粉丝数": ["1", "1e19", "x", ""],
    }, source_name="accounts.xlsx")
    assert v.counts == Counts(read=4, used=2, rejected=2)
    assert v.row_numbers.tolist() == [2, 5]
    f = v.failures.to_arrow().to_pylist()
    assert [(r["row"], r["column"], r["check"], r["value"]) for r in f] == [
        (3, "platform", "unknown_platform", "QQ"),
        (3, "fans", "out_of_range", "1e19"),
        (4, "account_id", "missing_value", None),
        (4, "fans", "not_a_number", "x"),
    ]
    assert {r["file"] for r in f} == {"accounts.xlsx"}
    assert "粉丝数 (fans)" in f[1]["message"] and "1,000,000,000,000" in f[1]["message"]
    # the fan count not given stays unknown; the city not given takes its default
    assert v.table.column("fans").to_pylist() == [1, None]
    assert v.table.column("city").to_pylist() == ["", ""]
    assert v.table.column("phone").to_pylist() == [None, None]
    assert set(v.failures.counts_by_check()) <= set(CHECKS) | {"unknown_platform"}


def test_duplicate_keys_keep_the_first_row_and_name_it() -> None:
    v = ACCOUNTS.validate({
        "账号ID": ["a", "a", "a", "b", "a"],
        "平台": ["微信", "公众号", "微博", "微信", "政务微信"],
        "名称": ["first", "second", "other platform", "b", "third"],
    })
    assert v.table.column("name").to_pylist() == ["first", "other platform", "b"]
    dups = v.failures.to_arrow().to_pylist()
    assert [(d["row"], d["check"], d["value"]) for d in dups] == [
        (3, "duplicate_key", "a / wechat"), (6, "duplicate_key", "a / wechat")]
    assert all("repeats row 2" in d["message"] for d in dups)
    assert v.counts == Counts(read=5, used=3, rejected=2)


def test_a_rejected_first_row_does_not_make_the_second_a_duplicate() -> None:
    v = ACCOUNTS.validate({"账号ID": ["a", "a"], "平台": ["微信", "微信"], "名称": ["x", "y"],
                           "粉丝数": ["-5", "5"]})
    assert v.table.column("name").to_pylist() == ["y"]
    assert [r["check"] for r in v.failures.to_arrow().to_pylist()] == ["out_of_range"]


def test_extra_columns_are_ignored_named_and_never_copied(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_text("账号ID,平台,账号名称,联系电话,手机,备注\n"
                 "a,微信,A,13812345678,13900001111,note\n"
                 "b,飞书,B,13812345679,13900001112,note\n", encoding="utf-8")
    v = ACCOUNTS.validate(p)
    assert v.table.column_names == [c.name for c in ACCOUNTS.columns]
    (notice,) = v.notices
    assert "'手机'" in notice and "'备注'" in notice and "not copied" in notice
    dump = json.dumps(v.failures.to_arrow().to_pylist(), ensure_ascii=False)
    assert "13900001112" not in dump and "13812345679" not in dump
    assert v.counts.rejected == 1


def test_contact_values_are_masked_in_failures() -> None:
    schema = InputSchema("test_contacts", (
        Column("id", "编号", "text"),
        Column("mobile", "手机", "count"),  # contact by its name, even as a number
        Column("qq", "QQ号", "text", max_length=5),
    ))
    assert schema["mobile"].contact and schema["qq"].contact
    v = schema.validate({"编号": ["1", "2"], "手机": ["13812345678x", "5"],
                         "QQ号": ["123456789", "1"]})
    values = [r["value"] for r in v.failures.to_arrow().to_pylist()]
    assert values == ["138****8x", "123****89"]
    assert mask_contacts(pa.array(["1234"])).to_pylist() == ["****"]
    assert is_contact_name("联系电话") and is_contact_name("WeChat ID")
    assert is_contact_name("wechat_id") and is_contact_name("Mobile")
    assert not is_contact_name("平台")


def test_long_values_are_truncated_in_failures() -> None:
    schema = InputSchema("test_long", (Column("id", "编号", "text"),))
    v = schema.validate({"id": ["x" * 1000]})
    (rec,) = v.failures.to_arrow().to_pylist()
    assert rec["check"] == "too_long" and len(rec["value"]) == 201


def test_rejects_policy() -> None:
    assert rejects_verdict(Counts(10, 10, 0)) is None
    assert "every one of its 3 rows" in (rejects_verdict(Counts(3, 0, 3), name="a.csv") or "")
    assert rejects_verdict(Counts(3, 0, 3), required=False) is None
    assert rejects_verdict(Counts(0, 0, 0)) == "input: no data rows"
    assert rejects_verdict(Counts(100, 94, 6), RejectPolicy.parse("5%")) is not None
    assert rejects_verdict(Counts(100, 95, 5), RejectPolicy.parse("5%")) is None
    assert rejects_verdict(Counts(100, 90, 10), RejectPolicy.parse("10")) is None
    assert rejects_verdict(Counts(100, 89, 11), RejectPolicy.parse("10")) is not None
    with pytest.raises(RejectsExceeded) as err:
        check_rejects(Counts(2, 0, 2))
    assert err.value.code == "rejects_exceeded"
    with pytest.raises(ValueError):
        Counts(3, 1, 1)
    from zwxmt.errors import InputError

    for bad in ("x", "-1", "150%"):
        with pytest.raises(InputError):
            RejectPolicy.parse(bad)


def test_failures_write_and_concat(tmp_path: Path) -> None:
    v = ACCOUNTS.validate({"账号ID": ["a"], "平台": ["?"], "名称": ["n"]}, source_name="b")
    w = ACCOUNTS.validate({"账号ID": [""], "平台": ["微信"], "名称": ["n"]}, source_name="a")
    both = Failures.concat([v.failures, w.failures, Failures.empty()])
    assert both.to_arrow().column("file").to_pylist() == ["a", "b"]
    out = both.write(tmp_path / "rejects.csv")
    back = get_schema("rejects").validate(out)
    assert back.counts.rejected == 0 and back.table.column("check").to_pylist() == [
        "missing_value", "unknown_platform"]
    assert Failures.empty().to_arrow().num_rows == 0


def test_schema_json_and_registry() -> None:
    register(ACCOUNTS, replace=True)
    try:
        doc = json.loads(schema_json("test_accounts"))
        assert doc["key"] == ["account_id", "platform"]
        cols = {c["name"]: c for c in doc["columns"]}
        assert cols["platform"]["values"]["wechat"][0] == "政务微信"
        assert cols["fans"]["min"] == 0.0 and cols["fans"]["max"] == 1e12
        assert cols["phone"]["contact"] is True
        assert cols["name"]["aliases"] == ["名称"]
        with pytest.raises(ValueError):
            register(InputSchema("test_accounts", ACCOUNTS.columns))
    finally:
        SCHEMAS.pop("test_accounts", None)
    with pytest.raises(KeyError, match="known inputs"):
        get_schema("nope")


def test_bad_declarations_are_refused() -> None:
    with pytest.raises(TypeError):
        Column("x", "x", "decimal")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Column("x", "x", "enum")
    with pytest.raises(TypeError):
        InputSchema("s", (Column("a", "名", "text"), Column("b", "名", "text")))
    with pytest.raises(TypeError):
        InputSchema("s", (Column("a", "名", "text"),), key=("b",))


def test_dates_are_bounded_by_the_assessment_date() -> None:
    schema = InputSchema("test_dates", (Column("d", "日期", "date"), Column("m", "月份", "month")))
    v = schema.validate({"d": ["2026-11-29", "2026-11-30"], "m": ["2026-11", "2026-12"]},
                        as_of=AS_OF)
    assert v.counts.used == 1
    assert [r["check"] for r in v.failures.to_arrow().to_pylist()] == [
        "date_out_of_range", "date_out_of_range"]


def test_header_names_fold_width_case_spaces_and_separators() -> None:
    v = ACCOUNTS.validate({"Account ID": ["a"], "PLATFORM": ["微信"], "账号名称 ": ["n"]})
    assert v.counts.used == 1
    w = ACCOUNTS.validate({"account-id": ["a"], "平 台": ["微信"], "名称": ["n"]})
    assert w.counts.used == 1
    x = ACCOUNTS.validate({"账号ＩＤ": ["a"], "平台": ["微信"], "名称": ["n"]})
    assert x.counts.used == 1


def test_large_text_columns_are_parsed_chunk_by_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    from zwxmt.table import schema as schema_module

    monkeypatch.setattr(schema_module, "CHUNKED_BYTES", 10)
    chunked = pa.chunked_array([["a", "b", ""], ["d", "b" * 300]])
    table = pa.table({"账号ID": chunked, "平台": pa.chunked_array([["微信"] * 3, ["QQ", "微博"]]),
                      "名称": ["n"] * 5})
    v = ACCOUNTS.validate(table)
    assert v.table.column("account_id").to_pylist() == ["a", "b"]
    assert [(r["row"], r["check"]) for r in v.failures.to_arrow().to_pylist()] == [
        (4, "missing_value"), (5, "unknown_platform"), (6, "too_long")]


def test_validate_batches_streams_with_continuing_rows(tmp_path: Path) -> None:
    p = tmp_path / "big.csv"
    lines = ["账号ID,平台,账号名称,备注"] + [f"a{i},微信,n{i},x" for i in range(2500)]
    lines[1000] = "a999,QQ,bad,x"  # row 1000 of the sheet
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    parts = list(ACCOUNTS.validate_batches(p, batch_rows=1000))
    assert len(parts) == 3
    assert sum(v.counts.read for v in parts) == 2500
    assert sum(v.counts.used for v in parts) == 2499
    (bad,) = [r for v in parts for r in v.failures.to_arrow().to_pylist()]
    assert bad["row"] == 1001 and bad["check"] == "unknown_platform"
    assert parts[0].notices and not parts[1].notices
    assert parts[2].row_numbers[-1] == 2501


def test_shared_command_line_options() -> None:
    import argparse

    from zwxmt.table import TableOptions, add_arguments

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    opts = TableOptions.from_args(parser.parse_args(
        ["--encoding", "gbk", "--sheet", "2", "--max-rejects", "5%", "--no-bom"]))
    assert opts == TableOptions(encoding="gbk", sheet=1, max_rejects=RejectPolicy(share=0.05),
                                bom=False)
    assert TableOptions.from_args(parser.parse_args([])) == TableOptions()
    assert TableOptions.from_args(parser.parse_args(["--sheet", "数据"])).sheet == "数据"


def test_a_vocabulary_named_by_its_column_names_the_check() -> None:
    schema = InputSchema("test_level", (Column("level", "层级", "enum", vocabulary="level"),))
    v = schema.validate({"层级": ["县市区", "区", "村"]})
    assert v.table.column("level").to_pylist() == ["county", "county"]
    assert v.failures.counts_by_check() == {"unknown_level": 1}
    assert schema.to_json()["columns"][0]["vocabulary"] == "level"


def test_domain_checks_reject_kept_rows_into_the_same_table() -> None:
    v = ACCOUNTS.validate({"账号ID": ["a", "b", "c"], "平台": ["微信", "QQ", "微博"],
                           "名称": ["A", "B", "C"], "联系电话": ["13812345678"] * 3})
    assert v.counts == Counts(3, 2, 1)
    not_in_registry = np.array([v.table.column("account_id")[i].as_py() == "c"
                                for i in range(len(v))])
    w = v.reject(not_in_registry, column="account_id", check="not_in_registry",
                 message="账号ID (account_id) is not in the registry")
    assert w.counts == Counts(3, 1, 2)
    assert w.table.column("account_id").to_pylist() == ["a"]
    assert [(r["row"], r["check"], r["value"]) for r in w.failures.to_arrow().to_pylist()] == [
        (3, "unknown_platform", "QQ"), (4, "not_in_registry", "c")]
    masked = v.reject(np.array([True, False]), column="phone", check="x", message="m")
    (rec,) = [r for r in masked.failures.to_arrow().to_pylist() if r["check"] == "x"]
    assert (rec["row"], rec["value"]) == (2, "138****78")
    assert v.reject(np.zeros(2, bool), column="account_id", check="x", message="m") is v
    with pytest.raises(ValueError):
        v.reject(np.zeros(3, bool), column="account_id", check="x", message="m")
