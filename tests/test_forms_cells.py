"""What offices write in a cell, value by value (worked examples) and as properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zwxmt.forms.cells import (
    CellValueError,
    parse_count,
    parse_date,
    parse_money,
    parse_staff,
    parse_yes_no,
    pick_choice,
    pick_ticks,
)
from zwxmt.forms.composite import COMPOSITES
from zwxmt.forms.contacts import mask, parse_phone, parse_qq, parse_wechat


@pytest.mark.parametrize(("text", "value"), [
    ("是", True), ("否", False), ("有", True), ("无", False), ("☑是□否", True),
    ("□是☑否", False), ("√是", True), ("是√ 否", True), ("否√", False), ("■否", False),
    ("☑ 是 □ 否", True), ("□是□否", None), ("TRUE", True), (True, True), (0, False),
])
def test_yes_no(text: object, value: bool | None) -> None:
    assert parse_yes_no(text) is value


@pytest.mark.parametrize("text", ["☑是☑否", "也许", "是否"])
def test_yes_no_refused_says_what_is_allowed(text: str) -> None:
    with pytest.raises(CellValueError) as err:
        parse_yes_no(text)
    assert err.value.allowed == "one of 是/否"


def test_printed_choice_and_ticks() -> None:
    status = ("正常", "暂停", "注销", "关停")
    assert pick_choice("□正常☑暂停□注销□关停", status, {}) == "暂停"
    assert pick_choice("暂停", status, {}) == "暂停"
    assert pick_choice("□正常□暂停□注销□关停", status, {}) is None
    assert pick_choice("其他（字节跳动）", ("新浪", "腾讯", "人民网", "其他"), {}) == "其他"
    with pytest.raises(CellValueError, match="ticks 2 options"):
        pick_choice("☑正常☑暂停", status, {})
    with pytest.raises(CellValueError):
        pick_choice("停业", status, {})
    opts = ("微博", "微信（服务号/订阅号/小程序）", "微视", "移动客户端（APP）")
    assert pick_ticks("微博、微信（服务号/订阅号/小程序）", opts, {}) == (opts[:2], "")
    assert pick_ticks("☑微博□微信（服务号/订阅号/小程序）☑微视", opts, {}) == (
        ("微博", "微视"), "")
    assert pick_ticks("□微博\n其他类型（如：今日头条、一点资讯、抖音等）抖音", opts, {},
                      "其他类型") == ((), "抖音")
    with pytest.raises(CellValueError, match="not a printed option"):
        pick_ticks("微博、快手", opts, {})


@pytest.mark.parametrize(("text", "value"), [
    ("1,234", 1234), ("1，234", 1234), ("１２３４", 1234), ("１，２３４", 1234), ("2人", 2),
    ("1.2万", 12000), ("约5000", 5000), (1234.0, 1234), ("0", 0), (" 56 ", 56),
])
def test_counts(text: object, value: int) -> None:
    assert parse_count(text) == value


@pytest.mark.parametrize("text", ["很多", "-3", "1.5", "12a", True])
def test_counts_refused(text: object) -> None:
    with pytest.raises(CellValueError):
        parse_count(text)


@settings(max_examples=60, deadline=None)
@given(n=st.integers(0, 10**12), full_width=st.booleans(), comma=st.sampled_from([",", "，"]))
def test_count_with_separators_and_full_width(n: int, full_width: bool, comma: str) -> None:
    text = f"{n:,}".replace(",", comma)
    if full_width:
        text = text.translate(str.maketrans("0123456789,", "０１２３４５６７８９，"))
    assert parse_count(text) == n


def test_a_column_parsed_once_per_distinct_value() -> None:
    from zwxmt.forms.cells import parse_column
    from zwxmt.forms.hn_a1 import FORM

    calls: list[object] = []

    def parse(v: object) -> object:
        calls.append(v)
        return parse_yes_no(v)

    got, errors = parse_column(["是", "否", "是", None, "", "也许", "是"], parse)
    assert got == [True, False, True, None, None, None, True]
    assert list(errors) == [5] and errors[5].allowed == "one of 是/否"
    assert calls == ["是", "否", "也许"]
    ticks = FORM.by_key["platform_functions"]
    assert parse_column([["微博", "微视"], "微博、微视"], ticks.parse)[0] == [("微博", "微视")] * 2


def test_money() -> None:
    assert parse_money("120,000") == 120000.0
    assert parse_money("12万") == 120000.0 and parse_money("5000元") == 5000.0


@pytest.mark.parametrize(("raw", "value"), [
    (dt.date(2023, 1, 31), dt.date(2023, 1, 31)), (44957, dt.date(2023, 1, 31)),
    (44957.0, dt.date(2023, 1, 31)), ("44957", dt.date(2023, 1, 31)),
    ("2023-01-31", dt.date(2023, 1, 31)), ("2023/1/31", dt.date(2023, 1, 31)),
    ("2023.1.31", dt.date(2023, 1, 31)), ("2023年1月31日", dt.date(2023, 1, 31)),
    ("２０２３年１月３１日", dt.date(2023, 1, 31)), ("20230131", dt.date(2023, 1, 31)),
    ("年月日", None), ("    年  月  日", None),
    (dt.datetime(2023, 1, 31, 8, 0), dt.date(2023, 1, 31)),
])
def test_dates(raw: object, value: dt.date | None) -> None:
    assert parse_date(raw) == value


@pytest.mark.parametrize("raw", ["2023年2月30日", "明天", 44957.5])
def test_dates_refused(raw: object) -> None:
    with pytest.raises(CellValueError):
        parse_date(raw)


@pytest.mark.parametrize(("text", "value"), [
    ("有专人，2人", (True, 2)), ("有专人,2人", (True, 2)), ("无专人", (False, None)),
    ("专人2名", (True, 2)), ("3", (None, 3)), (3.0, (None, 3)), ("无专人，兼职1人", (False, 1)),
    ("有专人运营，负责运营人数2人", (True, 2)),
])
def test_staff(text: object, value: tuple[bool | None, int | None]) -> None:
    assert parse_staff(text) == value


def test_staff_refused() -> None:
    with pytest.raises(CellValueError, match="staffing"):
        parse_staff("若干")


def test_unit_person_phone_in_one_cell() -> None:
    split = COMPOSITES["host_unit"].split
    assert split("衡南县教育局\n张三 0734-8550120") == {
        "host_unit": "衡南县教育局", "host_head": "张三", "host_phone": "0734-8550120"}
    assert split("衡南县教育局 张三 13812345678") == {
        "host_unit": "衡南县教育局", "host_head": "张三", "host_phone": "13812345678"}
    assert split("衡南县教育局（办公室）") == {
        "host_unit": "衡南县教育局（办公室）", "host_head": None, "host_phone": None}
    assert split("衡南县教育局，负责人：张三，联系电话：0734-8550120")["host_head"] == "张三"


def test_contacts_validated_and_masked() -> None:
    assert parse_phone("138 1234 5678") == "13812345678"
    assert parse_phone("（0734）8550119") == "0734-8550119"
    assert parse_phone("0734-8550119") == "0734-8550119"
    for bad in ("12345", "2345678901", "0734"):
        with pytest.raises(CellValueError):
            parse_phone(bad)
    assert parse_qq(124396930.0) == "124396930"
    with pytest.raises(CellValueError):
        parse_qq("012345")
    assert parse_wechat("zhang_san1") == "zhang_san1"
    assert parse_wechat("13812345678") == "13812345678"  # a mobile is a WeChat id too
    with pytest.raises(CellValueError):
        parse_wechat("张三")
    assert mask("13812345678", "phone") == "138****5678"
    assert mask("0734-8550119", "phone") == "0734-***0119"
    assert mask("124396930", "qq") == "12*****30"
    assert mask("zhang_san1", "wechat") == "zh******n1"


def test_docs_map_every_field() -> None:
    import re
    from pathlib import Path

    from zwxmt.forms import form_fields

    doc = (Path(__file__).parent.parent / "docs" / "forms.md").read_text(encoding="utf-8")
    for code in ("zjg-t1", "hn-a1", "hn-a2"):
        for f in form_fields(code):
            key = re.sub(r"^(menu|team)_\d_", r"\1_N_", f.key)
            assert f"`{key}`" in doc, (code, f.key)
