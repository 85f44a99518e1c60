"""Regions, units and accounts: who runs an account, where, and under whose supervision.

- A :class:`Region` is an administrative division with its resident population (常住人口),
  used by the fan-share cleanup rules (``ZJG-6.5.1(5)``, ``ZJG-6.5.1(6)``).
- A :class:`Unit` is a body in one of the roles of ``ZJG-5.2``: 主管单位 (supervising unit:
  the county government office, ``ZJG-3-supervisor``), 主办单位 (host unit: the account's
  certification subject, ``ZJG-3-host``), 承办单位 / 第三方运营机构 (operator, ``ZJG-5.2.5``).
- An :class:`Account` is one government new-media account on one platform.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import model_validator

from zwxmt.models.base import (
    Count,
    ListText,
    PastDate,
    PhoneNumber,
    Ratio,
    RegionCode,
    YesNo,
    ZwxmtModel,
    zh_field,
)
from zwxmt.models.enums import (
    AccountKind,
    AccountStatus,
    AdminLevel,
    BasicFunction,
    OperationMode,
    OperatorKind,
    Platform,
    UnitKind,
)

__all__ = ["Account", "AccountSnapshot", "Contact", "Operator", "Region", "Unit"]


class Region(ZwxmtModel):
    """An administrative division (行政区划) and its resident population (常住人口)."""

    code: RegionCode = zh_field("区划代码")
    name: str = zh_field("名称", min_length=1)
    level: AdminLevel = zh_field("层级")
    parent_code: RegionCode | None = zh_field("上级区划代码", default=None)
    population: Count = zh_field("常住人口", description="resident population (常住人口)")
    census_year: int = zh_field("普查年份", default=2020, ge=1953, le=2100)


class Contact(ZwxmtModel):
    """A person to contact, with a valid phone number."""

    name: str = zh_field("姓名", min_length=1)
    post: str = zh_field("职务", default="")
    phone: PhoneNumber = zh_field("联系电话")


class Unit(ZwxmtModel):
    """A unit (单位): a government, a department, a township, an institution…"""

    unit_id: str = zh_field("单位编码", min_length=1)
    name: str = zh_field("单位名称", min_length=1)
    kind: UnitKind = zh_field("单位类型")
    level: AdminLevel = zh_field("层级")
    region_code: RegionCode = zh_field("区划代码")
    parent_id: str | None = zh_field("上级单位编码", default=None)
    leader: Contact | None = zh_field("分管领导", default=None)


class Operator(ZwxmtModel):
    """An entrusted operator (承办单位 / 第三方运营机构, ``ZJG-5.2.5``, ``ZJO-2.4``)."""

    name: str = zh_field("运营单位", min_length=1)
    kind: OperatorKind = zh_field("运营单位类型")
    news_qualification: bool = zh_field(
        "是否取得互联网新闻信息服务资质", default=False,
        description="holds the internet news information service qualification")
    subcontracts: bool = zh_field("是否再次转包", default=False)
    rights_agreed: bool = zh_field("是否明确约定权责", default=False)
    confidentiality_agreement: bool = zh_field("是否签订保密协议", default=False)
    contact: Contact | None = zh_field("联系人", default=None)


class Account(ZwxmtModel):
    """A government new-media account (政务新媒体账号) on one platform."""

    account_id: str = zh_field("账号编码", min_length=1, description="zwxmt's stable id")
    name: str = zh_field("账号名称", min_length=1)
    platform: Platform = zh_field("平台")
    platform_uid: str = zh_field("账号ID", default="", description="the platform's own ID")
    kind: AccountKind = zh_field("账号类别", default=AccountKind.DEPARTMENT)
    level: AdminLevel = zh_field("层级")
    host_unit_id: str = zh_field("主办单位编码", min_length=1)
    host_unit_name: str = zh_field("主办单位", default="")
    supervisor_unit_id: str = zh_field("主管单位编码", default="")
    region_code: RegionCode = zh_field("区划代码", description="region of the host unit")
    county_code: RegionCode | None = zh_field(
        "县（市、区）区划代码", default=None,
        description="the county the account belongs to (for township and department accounts)")
    opened_on: PastDate = zh_field("开通时间")
    certified: YesNo = zh_field("是否通过认证", default=True)
    status: AccountStatus = zh_field("运行状态", default=AccountStatus.NORMAL)
    operation_mode: OperationMode = zh_field("运营模式", default=OperationMode.SELF_OPERATED)
    operator: Operator | None = zh_field("运营单位", default=None)
    fans: Count | None = zh_field(
        "粉丝量", default=None,
        description="blank when not given: unknown, never 0 (criteria that need it are not "
                    "evaluated)")
    functions: Annotated[tuple[BasicFunction, ...], ListText] = zh_field("基本功能", default=())

    @model_validator(mode="after")
    def _operator_matches_mode(self) -> Account:
        if self.operation_mode is OperationMode.PURCHASED_SERVICE and self.operator is None:
            raise ValueError("operation_mode 购买服务 needs an operator (运营单位)")
        return self


class AccountSnapshot(ZwxmtModel):
    """An account's figures on one day (fans, reads, posts, original share)."""

    account_id: str = zh_field("账号编码", min_length=1)
    on: PastDate = zh_field("统计日期")
    fans: Count = zh_field("粉丝量")
    reads: Count = zh_field("阅读量", default=0)
    posts: Count = zh_field("发文数", default=0)
    original_ratio: Ratio = zh_field("原创比例", default=0.0)
