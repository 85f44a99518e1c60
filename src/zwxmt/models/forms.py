"""The official forms, field by field.

- :class:`OpeningApplication`: 账号开设申请表 (``ZJG-6.1.1``, table 表1 ``ZJG-6.1.1-T1``), with
  its one-year commitment (承诺栏, :class:`Commitment`) and the supervising unit's opinion.
- :class:`FilingRegistration`: 备案登记表 (``HN-A1``), with its menu and team tables.
- :class:`InventoryRow` and :class:`InventoryForm`: 排查及清理整合情况表 (``HN-A2``).

Each field's alias is the form's own header, so a form filled in Chinese validates as is.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, model_validator

from zwxmt.models.base import (
    Count,
    ListText,
    Money,
    PastDate,
    PhoneNumber,
    YesNo,
    ZwxmtModel,
    zh_field,
)
from zwxmt.models.enums import (
    AccountStatus,
    BasicFunction,
    Measure,
    OperationMode,
    Platform,
)

__all__ = [
    "HOST_DECLARATION",
    "PLATFORM_FUNCTIONS",
    "WECHAT_ACCOUNT_TYPES",
    "Commitment",
    "FilingRegistration",
    "FundingPlan",
    "InventoryForm",
    "InventoryRow",
    "MenuItem",
    "OpeningApplication",
    "Signature",
    "TeamMember",
]


class Signature(ZwxmtModel):
    """A signature block: who signed and when (签字, 日期)."""

    signed_by: str = zh_field("签字", min_length=1)
    signed_on: PastDate = zh_field("日期")


class Commitment(ZwxmtModel):
    """承诺栏: what the account will reach within one year of opening (``ZJG-6.1.1-T1``).

    The form asks for 粉丝数、发布频率、平均阅读量等: the three named effects, and ``other``
    for the 等 (effects committed in words). Checked one year after opening
    (``ZJG-6.1.2-ban``): an account that has not met it is deregistered.
    """

    fans: Count = zh_field("粉丝数", description="fans within one year")
    posts_per_month: Count = zh_field("发布频率", description="posts per month (发布频率)")
    average_reads: Count = zh_field("平均阅读量", description="average reads per post")
    frequency_text: str = zh_field("发布频率（原文）", default="",
                                   description="发布频率 as written (每周5条, 日更)")
    other: str = zh_field("其他运营效果", default="",
                          description="the other effects committed (the form's 等)")
    signed: Signature = zh_field("主要领导签字", description="signature of the principal leader")


class FundingPlan(ZwxmtModel):
    """经费保障: amount, source and notes."""

    amount_yuan: Money = zh_field("经费数额")
    source: str = zh_field("来源", min_length=1)
    notes: str = zh_field("说明", default="")


class OpeningApplication(ZwxmtModel):
    """账号开设申请表: the host unit's application to the supervising unit (``ZJG-6.1.1``)."""

    unit_name: str = zh_field("单位名称", min_length=1)
    proposed_name: str = zh_field("新媒体名称（拟）", min_length=1)
    account_type: Platform = zh_field("账号类型")
    reason: str = zh_field("开设理由", min_length=1)
    operation_plan: str = zh_field(
        "运营策划", min_length=1, description="目标、运营方式、风险及对策 (goals, mode, risks)")
    organisation: str = zh_field(
        "组织保障", min_length=1, description="分管领导、岗位设置、人员配置 (leader, posts, staff)")
    content_assurance: str = zh_field(
        "内容保障", min_length=1,
        description="内容来源、栏目设置、功能设置、信息审核发布机制 (sources, menus, review)")
    password_custody: str = zh_field("账号及密码保管机制", min_length=1)
    handover: str = zh_field("工作交接机制", min_length=1)
    duty_rota: str = zh_field("值班值守机制", min_length=1)
    funding: FundingPlan = zh_field("经费保障")
    commitment: Commitment = zh_field("承诺栏")
    supervisor_opinion: str = zh_field("主管单位意见", default="")
    supervisor_signature: Signature | None = zh_field("主管单位签字", default=None)

    def missing_items(self) -> tuple[str, ...]:
        """Items left empty: an application with any is not complete (``ZJG-6.1.1``).

        Validation already refuses empty required text; what can still be missing is the
        supervising unit's opinion, filled when it decides.
        """
        missing = []
        if not self.supervisor_opinion:
            missing.append("supervisor_opinion")
        if self.supervisor_signature is None:
            missing.append("supervisor_signature")
        return tuple(missing)


class MenuItem(ZwxmtModel):
    """One row of 栏目设置 (``HN-A1``)."""

    name: str = zh_field("名称", min_length=1)
    level1: str = zh_field("一级菜单", default="")
    level2: str = zh_field("二级菜单", default="")
    level3: str = zh_field("三级菜单", default="")
    note: str = zh_field("备注", default="")


class TeamMember(ZwxmtModel):
    """One row of 管理队伍（主要成员） (``HN-A1``)."""

    name: str = zh_field("管理员姓名", min_length=1)
    unit_and_post: str = zh_field("所在单位及职务", min_length=1)
    office_phone: PhoneNumber | None = zh_field("办公电话", default=None)
    mobile: PhoneNumber = zh_field("手机号码")
    qq: str = zh_field("QQ号码", default="", pattern=r"^(\d{5,12})?$")
    wechat: str = zh_field("微信号", default="")


#: 平台功能 as printed on ``HN-A1`` (□微博□微信（服务号/订阅号/小程序）□微视□移动客户端（APP）).
PLATFORM_FUNCTIONS: tuple[str, ...] = ("微博", "微信（服务号/订阅号/小程序）", "微视",
                                       "移动客户端（APP）")
#: 公众号类型 the note of 栏目设置 asks for (``HN-A1-columns``).
WECHAT_ACCOUNT_TYPES: tuple[str, ...] = ("服务号", "订阅号", "小程序")
#: The host unit's declaration printed in 主办单位意见 (``HN-A1-host``).
HOST_DECLARATION = ("已知本单位在网络公共平台开办此政务新媒体账号，并建立有关管理制度，"
                    "明确对此账号及发布内容负有管理责任。")

#: 发布平台（系统） as offices write it, beyond the platform names zwxmt knows: a 小程序 or
#: 视频号 runs on WeChat; 微视, 一点资讯 and the like are platforms zwxmt scores as other.
_PLATFORM_TEXT = {"小程序": "wechat", "微信小程序": "wechat", "视频号": "wechat",
                  "微信视频号": "wechat", "微视": "other", "腾讯微视": "other", "一点资讯": "other",
                  "一点号": "other", "快手": "other", "百家号": "other"}


def _platform_text(value: Any) -> Any:
    return _PLATFORM_TEXT.get("".join(value.split()), value) if isinstance(value, str) \
        else value


def _split_ticks(value: Any) -> Any:
    """Options written in one cell, separated by 、,; or spaces (a printed option may hold a
    "/": 微信（服务号/订阅号/小程序）)."""
    if isinstance(value, str):
        return [item for item in re.split(r"[、,，;；\s]+", value.strip()) if item]
    return value


TickText = BeforeValidator(_split_ticks)


def _printed(options: tuple[str, ...]) -> Any:
    """Ticked options in printed order, each once."""
    def order(values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(o for o in options if o in values)
    return AfterValidator(order)


PlatformFunction = Literal["微博", "微信（服务号/订阅号/小程序）", "微视", "移动客户端（APP）"]
WechatAccountType = Literal["服务号", "订阅号", "小程序"]


class FilingRegistration(ZwxmtModel):
    """备案登记表 (``HN-A1``): the filing record of an account with its supervising unit.

    ``platform_account_id`` is the form's 账号ID: the platform's own id of the account, not
    zwxmt's key ``account_id`` (账号编码) that joins its tables. A change of it, of the name
    or of the team is filed within 7 working days (``HN-A1(2)``); the lifecycle computes that
    deadline. Read and written as the printed form by :mod:`zwxmt.forms.hn_a1`.
    """

    unit_name: str = zh_field("单位名称（盖章）", default="")
    platform_account_id: str = zh_field(
        "账号ID", min_length=1, description="the platform's own account id (not account_id)")
    account_name: str = zh_field("名称", min_length=1)
    registered_on: PastDate = zh_field("创建/注册日期")
    platform: Annotated[Platform, BeforeValidator(_platform_text)] = zh_field(
        "发布平台（系统）", description="微信, 微博, …; 小程序 → wechat; 微视, 一点资讯 → other")
    platform_text: str = zh_field("发布平台（系统）原文", default="",
                                  description="发布平台 as written (微视, 一点资讯, …)")
    certified: YesNo = zh_field("是否通过认证")
    supervisor_unit: str = zh_field("主管单位", min_length=1)
    news_qualification: YesNo = zh_field("是否取得互联网新闻信息服务资质")
    host_unit: str = zh_field("主办单位", min_length=1)
    host_leader: str = zh_field("主办单位分管领导及职务", min_length=1)
    host_phone: PhoneNumber = zh_field("主办单位联系电话及方式")
    operator_unit: str = zh_field("承办单位", default="")
    operator_leader: str = zh_field("承办单位分管领导及职务", default="")
    operator_phone: PhoneNumber | None = zh_field("承办单位联系电话及方式", default=None)
    platform_functions: Annotated[tuple[PlatformFunction, ...], TickText,
                                  _printed(PLATFORM_FUNCTIONS)] = zh_field(
        "政务新媒体平台功能", default=(),
        description="the ticked boxes: 微博/微信（服务号/订阅号/小程序）/微视/移动客户端（APP）")
    platform_functions_other: str = zh_field(
        "其他类型", default="", description="其他类型（如：今日头条、一点资讯、抖音等）as written")
    qr_code: str = zh_field("新媒体二维码", default="")
    introduction: str = zh_field("基本情况介绍", default="")
    url: str = zh_field("访问链接", default="", pattern=r"^(https?://\S+)?$")
    menus: tuple[MenuItem, ...] = zh_field("栏目设置", default=())
    wechat_account_type: Annotated[tuple[WechatAccountType, ...], TickText,
                                   _printed(WECHAT_ACCOUNT_TYPES)] = zh_field(
        "公众号类型", default=(), description="服务号或订阅号及小程序 (HN-A1-columns)")
    team: tuple[TeamMember, ...] = zh_field("管理队伍（主要成员）", min_length=1)
    reason: str = zh_field("开办（变更、关停、整合）理由", min_length=1)
    host_declaration: str = zh_field("主办单位声明", default=HOST_DECLARATION,
                                     description="the declaration printed in 主办单位意见")
    host_signature: Signature = zh_field("主办单位意见")
    supervisor_opinion: str = zh_field("主管单位意见（文字）", default="")
    supervisor_signature: Signature | None = zh_field("主管单位意见", default=None)
    operating_since: PastDate | None = zh_field("正式运营时间", default=None)
    fans: Count = zh_field("关注量/粉丝量", default=0)
    status: AccountStatus = zh_field("运行状态", default=AccountStatus.NORMAL)
    filled_on: PastDate = zh_field("填表时间")

    @model_validator(mode="after")
    def _dates_in_order(self) -> FilingRegistration:
        if self.operating_since is not None and self.operating_since < self.registered_on:
            raise ValueError(
                "正式运营时间 (operating_since) is before 创建/注册日期 (registered_on)")
        if self.operator_unit and not self.operator_leader:
            raise ValueError(
                "承办单位 is given but 承办单位分管领导及职务 (operator_leader) is empty")
        return self


class InventoryRow(ZwxmtModel):
    """One account in 排查及清理整合情况表 (``HN-A2``); notes (1)–(10) of the form apply."""

    name: str = zh_field("名称", min_length=1, description="full name (名称填写全称, HN-A2(1))")
    certified_subject: str = zh_field("认证主体", default="",
                                      description="blank for an account not certified")
    host_unit: str = zh_field("主办单位", min_length=1)
    host_contact: str = zh_field("主办单位负责人及联系电话", default="")
    operator_unit: str = zh_field("运营单位", min_length=1, description="HN-A2(2)")
    operator_contact: str = zh_field("运营单位联系人及联系电话", default="")
    operation_mode: OperationMode = zh_field("运营模式", description="自营或购买服务 (HN-A2(3))")
    funding_per_year: Money | None = zh_field("经费保障（元/年）", default=None)
    fans: Count | None = zh_field("粉丝量", default=None)
    reads: Count | None = zh_field("阅读量", default=None)
    push_frequency: str = zh_field("推送频率", default="")
    opened_on: PastDate = zh_field("开通时间")
    operators_count: Count | None = zh_field("运营人数", default=None, description="HN-A2(4)")
    has_dedicated_staff: YesNo | None = zh_field("有无专人运营", default=None)
    status: AccountStatus = zh_field("运营状态", description="正常运营/停止运营 (HN-A2(5))")
    functions: Annotated[tuple[BasicFunction, ...], ListText] = zh_field(
        "基本功能", default=(), description="HN-A2(6)")
    platform: Platform = zh_field(
        "类别", description="the platform category the row is grouped under (HN-A2(1))")
    platform_vendor: str = zh_field(
        "平台类型", default="", description="新浪、腾讯、人民网或其他 (HN-A2(7))")
    measure: Measure = zh_field("整改措施", description="保留、变更、关停、注销等 (HN-A2(8))")


class InventoryForm(ZwxmtModel):
    """The whole 排查及清理整合情况表: the header and its rows."""

    filing_unit: str = zh_field("填表单位", min_length=1)
    filled_by: str = zh_field("填报人", min_length=1)
    phone: PhoneNumber = zh_field("联系电话")
    cutoff: dt.date = zh_field("统计时间", description="统计时间截至 (HN-A2(9))")
    rows: tuple[InventoryRow, ...] = Field(default=(), description="one row per account")
