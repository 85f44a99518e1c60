"""Domain models: JSON round trip, Chinese aliases, validation errors naming the field."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from tests.strategies import field_values, model_strategy
from zwxmt.cli import main
from zwxmt.models import (
    PUBLIC_MODELS,
    Account,
    AccountSnapshot,
    Contact,
    FilingRegistration,
    InventoryRow,
    Measure,
    OpeningApplication,
    Platform,
    UnitKind,
)

# The core models; other areas' public models (lifecycle histories, …) have their own
# round-trip tests, since a valid instance must replay through the rules.
MODELS = sorted((k, v) for k, v in PUBLIC_MODELS.items() if v.__module__.startswith(
    "zwxmt.models"))
relaxed = settings(max_examples=25, deadline=None,
                   suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])


@pytest.mark.parametrize(("name", "model"), MODELS)
@relaxed
@given(data=st.data())
def test_json_round_trip(name: str, model: type[BaseModel], data: st.DataObject) -> None:
    instance = data.draw(model_strategy(model))
    again = model.model_validate_json(instance.model_dump_json())
    assert again == instance
    assert model.model_validate(instance.model_dump(mode="json")) == instance


def _to_aliases(model: type[BaseModel], values: dict[str, Any]) -> dict[str, Any]:
    """Rename English keys to the Chinese headers, recursively through nested models."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        info = model.model_fields[name]
        inner = info.annotation
        if isinstance(value, BaseModel):
            value = _to_aliases(type(value), value.model_dump())
        elif isinstance(value, tuple) and value and isinstance(value[0], BaseModel):
            value = [_to_aliases(type(v), v.model_dump()) for v in value]
        elif isinstance(value, dict) and isinstance(inner, type) and issubclass(inner, BaseModel):
            value = _to_aliases(inner, value)
        out[info.alias or name] = value
    return out


@pytest.mark.parametrize(("name", "model"), MODELS)
@relaxed
@given(data=st.data())
def test_chinese_aliases_equal_english_names(
    name: str, model: type[BaseModel], data: st.DataObject,
) -> None:
    instance = data.draw(model_strategy(model))
    english = instance.model_dump()
    chinese = _to_aliases(model, english)
    assert model.model_validate(chinese) == instance
    assert model.model_validate(english) == instance


def _opening() -> dict[str, Any]:
    return {
        "单位名称": "龙游县教育局", "新媒体名称（拟）": "龙游教育", "账号类型": "政务微信",
        "开设理由": "发布教育政策", "运营策划": "每周发布三次", "组织保障": "分管副局长负责",
        "内容保障": "三审制度", "账号及密码保管机制": "专人保管", "工作交接机制": "书面交接",
        "值班值守机制": "节假日值班",
        "经费保障": {"经费数额": 30000, "来源": "财政预算"},
        "承诺栏": {"粉丝数": 5000, "发布频率": 12, "平均阅读量": 800,
                 "主要领导签字": {"签字": "张三", "日期": "2025-03-01"}},
    }


def test_opening_application_accepts_the_form_headers() -> None:
    form = OpeningApplication.model_validate(_opening())
    assert form.account_type is Platform.WECHAT
    assert form.commitment.fans == 5000
    assert form.missing_items() == ("supervisor_opinion", "supervisor_signature")


@pytest.mark.parametrize(("model", "field", "value", "loc"), [
    (InventoryRow, "粉丝量", -5, "粉丝量"),
    (AccountSnapshot, "原创比例", 1.5, "原创比例"),
    (AccountSnapshot, "统计日期", dt.date.today() + dt.timedelta(days=3), "统计日期"),
    (Contact, "联系电话", "12345", "联系电话"),
    (Contact, "phone", "0734-85", "phone"),
])
def test_invalid_values_name_the_field(
    model: type[BaseModel], field: str, value: Any, loc: str,
) -> None:
    good: dict[type[BaseModel], dict[str, Any]] = {
        InventoryRow: {"名称": "龙游教育", "认证主体": "龙游县教育局", "主办单位": "龙游县教育局",
                       "运营单位": "龙游县教育局", "运营模式": "自营", "粉丝量": 10,
                       "开通时间": "2020-01-01", "运营人数": 2, "运营状态": "正常运营",
                       "类别": "微信", "平台类型": "腾讯", "整改措施": "保留"},
        AccountSnapshot: {"账号编码": "A1", "统计日期": "2026-01-01", "粉丝量": 3},
        Contact: {"姓名": "李四", "联系电话": "13800000000"},
    }
    data = dict(good[model], **{field: value})
    with pytest.raises(ValidationError) as err:
        model.model_validate(data)
    errors = err.value.errors()
    assert [e["loc"][0] for e in errors] == [loc]
    assert errors[0]["msg"]


def test_error_messages_say_what_was_expected() -> None:
    with pytest.raises(ValidationError, match="mobile number"):
        Contact(name="李四", phone="12345")
    with pytest.raises(ValidationError, match="in the future"):
        AccountSnapshot.model_validate({"account_id": "A", "on": "2999-01-01", "fans": 1})
    with pytest.raises(ValidationError, match="less than or equal to 1"):
        AccountSnapshot.model_validate({"account_id": "A", "on": "2020-01-01", "fans": 1,
                                        "original_ratio": 1.01})


def test_enums_accept_chinese_terms() -> None:
    assert Platform("今日头条") is Platform.TOUTIAO
    assert UnitKind("内设处（室）") is UnitKind.INTERNAL_SECTION
    assert Measure("注销").zh == "注销"
    with pytest.raises(ValueError, match="expected one of"):
        Platform.from_text("快手")


def test_account_needs_an_operator_when_service_is_bought() -> None:
    values = {"account_id": "A", "name": "n", "platform": "wechat", "level": "county",
              "host_unit_id": "U", "region_code": "330825", "opened_on": "2020-01-01",
              "operation_mode": "购买服务"}
    with pytest.raises(ValidationError, match="needs an operator"):
        Account.model_validate(values)


def test_filing_registration_dates_in_order() -> None:
    with pytest.raises(ValidationError, match="before"):
        FilingRegistration.model_validate({
            "账号ID": "gh_1", "名称": "龙游教育", "创建/注册日期": "2021-05-01",
            "发布平台（系统）": "微信", "是否通过认证": True, "主管单位": "龙游县人民政府办公室",
            "是否取得互联网新闻信息服务资质": False, "主办单位": "龙游县教育局",
            "主办单位分管领导及职务": "王五 副局长", "主办单位联系电话及方式": "0570-7012345",
            "管理队伍（主要成员）": [{"管理员姓名": "赵六", "所在单位及职务": "办公室 科员",
                                "手机号码": "13912345678"}],
            "开办（变更、关停、整合）理由": "保留",
            "主办单位意见": {"签字": "王五", "日期": "2021-05-02"},
            "正式运营时间": "2021-04-01", "填表时间": "2021-05-02",
        })


@given(field_values(Contact))
def test_strategy_values_validate(values: dict[str, Any]) -> None:
    assert Contact.model_validate(values).name == values["name"]


@pytest.mark.parametrize("name", sorted(PUBLIC_MODELS))
def test_schema_command(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", name]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == name and "properties" in schema


def test_schema_unknown_model(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "Nope"]) == 1
    assert "OpeningApplication" in capsys.readouterr().out


def test_functions_written_in_one_cell_as_on_the_form() -> None:
    # HN-A2(6): 基本功能填写发布、传播、互动、引导、办事等
    values = {"account_id": "A", "name": "n", "platform": "wechat", "level": "county",
              "host_unit_id": "U", "region_code": "330825", "opened_on": "2020-01-01"}
    one_cell = Account.model_validate({**values, "基本功能": "发布、互动；办事"})
    as_list = Account.model_validate({**values, "functions": ["publish", "interact", "serve"]})
    assert one_cell == as_list
    with pytest.raises(ValidationError, match=r"functions|基本功能"):
        Account.model_validate({**values, "基本功能": "发布、直播带货"})


def test_filing_registration_takes_what_offices_write() -> None:
    form = FilingRegistration.model_validate({
        "单位名称（盖章）": "衡南县教育局", "账号ID": "gh_1", "名称": "衡南教育",
        "创建/注册日期": "2021-05-01", "发布平台（系统）": "微视", "发布平台（系统）原文": "微视",
        "是否通过认证": "☑是□否", "主管单位": "衡南县人民政府办公室",
        "是否取得互联网新闻信息服务资质": "否", "主办单位": "衡南县教育局",
        "主办单位分管领导及职务": "王五 副局长", "主办单位联系电话及方式": "0734-8550119",
        "政务新媒体平台功能": "微信（服务号/订阅号/小程序）、微博", "其他类型": "一点资讯",
        "公众号类型": "订阅号 小程序",
        "管理队伍（主要成员）": [{"管理员姓名": "赵六", "所在单位及职务": "办公室 科员",
                            "手机号码": "13912345678"}],
        "开办（变更、关停、整合）理由": "保留",
        "主办单位意见": {"签字": "王五", "日期": "2021-05-02"},
        "主管单位意见（文字）": "同意", "填表时间": "2021-05-02",
    })
    assert form.certified is True and form.news_qualification is False  # ☑是□否; 否
    assert form.platform is Platform.OTHER and form.platform_text == "微视"
    assert form.platform_functions == ("微博", "微信（服务号/订阅号/小程序）")  # printed order
    assert form.wechat_account_type == ("订阅号", "小程序")
    assert form.platform_account_id == "gh_1"  # the platform's own 账号ID
    assert form.host_declaration.startswith("已知本单位在网络公共平台开办此政务新媒体账号")
    assert FilingRegistration.model_validate(
        {**form.model_dump(), "platform": "小程序"}).platform is Platform.WECHAT
    with pytest.raises(ValidationError):
        FilingRegistration.model_validate({**form.model_dump(), "wechat_account_type": "企业号"})
