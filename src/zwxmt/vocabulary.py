"""The one vocabulary of zwxmt (词表): every closed set of codes, with every accepted alias.

Every enum's value is an English snake_case code (the public, stable form in JSON, CSV and Arrow
columns); ``member.zh`` is the term the seed documents print, and the Chinese term or a listed
synonym is accepted wherever the enum is parsed (``Platform("政务微信") is Platform.WECHAT``).

The models (``zwxmt.models``) and every batch reader use this module alone: the readers map a
whole column at once through :func:`lookup` (normalised alias -> code), so a spelling accepted by
a model is accepted by a file and the other way round. :func:`normalise` is the one folding:
NFKC (full-width to half-width), lower case, whitespace removed.

Administrative levels use the codes of the scoring engine (province, city, county, township:
``ZJG-9.2-T2-VD``); the models use the same codes.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum
from types import MappingProxyType
from typing import Any

__all__ = [
    "VOCABULARIES",
    "AccountKind",
    "AccountStatus",
    "AdminLevel",
    "BasicFunction",
    "Measure",
    "OperationMode",
    "OperatorKind",
    "Platform",
    "UnitKind",
    "UnitRole",
    "ZhEnum",
    "accepted",
    "lookup",
    "normalise",
    "register_labels",
]

_ZH: dict[type[ZhEnum], dict[ZhEnum, tuple[str, ...]]] = {}


_LOOKUP: dict[type[ZhEnum], MappingProxyType[str, str]] = {}

#: Every vocabulary by its public name (the name a schema's ``vocabulary`` and the
#: ``unknown_<name>`` failure code use).
VOCABULARIES: dict[str, type[ZhEnum]] = {}


def normalise(text: str) -> str:
    """Fold width and case so 'ＡＰＰ', 'App' and 'app' compare equal; drop spaces."""
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


_norm = normalise


class ZhEnum(StrEnum):
    """A string enum with an English code as value and Chinese labels as accepted input."""

    @property
    def zh(self) -> str:
        """The Chinese term as the seed documents print it."""
        return _ZH[type(self)][self][0]

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        code = _LOOKUP.get(cls, MappingProxyType({})).get(normalise(value))
        return None if code is None else cls(code)

    @classmethod
    def from_text(cls, value: str) -> ZhEnum:
        """Parse an English code or a Chinese label; ValueError lists what is accepted."""
        try:
            return cls(value)
        except ValueError:
            accepted = ", ".join(f"{m.value} ({'/'.join(_ZH[cls][m])})" for m in cls)
            raise ValueError(f"{value!r} is not a {cls.__name__}; expected one of {accepted}") \
                from None


def register_labels(cls: type[ZhEnum], table: dict[Any, tuple[str, ...]]) -> None:
    """Give every member of ``cls`` its Chinese term (first) and accepted synonyms."""
    missing = set(cls) - set(table)
    if missing:
        raise TypeError(f"{cls.__name__}: no Chinese label for {sorted(missing)}")
    _ZH[cls] = dict(table)
    folded: dict[str, str] = {}
    for member, labels in table.items():
        code = cls(member).value
        for alias in (code, *labels):
            key = normalise(alias)
            if folded.setdefault(key, code) != code:
                raise TypeError(f"{cls.__name__}: alias {alias!r} names both "
                                f"{folded[key]!r} and {code!r}")
    _LOOKUP[cls] = MappingProxyType(folded)
    VOCABULARIES[vocabulary_name(cls)] = cls


def vocabulary_name(cls: type[ZhEnum]) -> str:
    """The public name of a vocabulary: ``AdminLevel`` -> ``admin_level``."""
    name = cls.__name__
    return "".join(f"_{c.lower()}" if c.isupper() and i else c.lower()
                   for i, c in enumerate(name))


def lookup(cls: type[ZhEnum]) -> MappingProxyType[str, str]:
    """Every accepted spelling of ``cls``, normalised (:func:`normalise`), mapped to its code."""
    return _LOOKUP[cls]


def accepted(cls: type[ZhEnum]) -> dict[str, tuple[str, ...]]:
    """Code -> (Chinese term, synonyms...), for documentation and schema JSON."""
    return {m.value: _ZH[cls][m] for m in cls}


class Platform(ZhEnum):
    """Platform of an account (平台). ``ZJG-9.2-T2`` scores the first four."""

    WECHAT = "wechat"
    WEIBO = "weibo"
    TOUTIAO = "toutiao"
    DOUYIN = "douyin"
    APP = "app"
    OTHER = "other"


register_labels(Platform, {
    Platform.WECHAT: ("政务微信", "微信", "微信公众号", "公众号", "服务号", "订阅号", "微信服务号",
                      "微信订阅号", "政务微信公众号", "WeChat"),
    Platform.WEIBO: ("政务微博", "微博", "新浪微博", "微博号"),
    Platform.TOUTIAO: ("政务头条", "头条", "今日头条", "头条号", "政务头条号"),
    Platform.DOUYIN: ("政务抖音", "抖音", "抖音号", "政务抖音号"),
    Platform.APP: ("移动客户端", "客户端", "APP", "移动客户端（APP）"),
    Platform.OTHER: ("其他", "其他类型"),
})


class AdminLevel(ZhEnum):
    """Administrative level of a unit or region (层级)."""

    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    TOWNSHIP = "township"


register_labels(AdminLevel, {
    AdminLevel.PROVINCE: ("省本级", "省级", "省", "省直", "省级部门"),
    AdminLevel.CITY: ("市", "市级", "地市", "设区市", "市本级", "地级市", "市直"),
    AdminLevel.COUNTY: ("县（市、区）", "县级", "县", "区", "县市区", "县（区）", "区县", "县区",
                        "县级市", "县（市）", "区级", "县本级"),
    AdminLevel.TOWNSHIP: ("乡镇（街道）", "乡镇", "街道", "乡镇街道", "乡", "镇", "乡镇级"),
})


#: ``level`` is the column name every input uses for an administrative level.
VOCABULARIES["level"] = AdminLevel


class UnitRole(ZhEnum):
    """Role of a unit towards an account (``ZJG-5.2``, ``HN-2``)."""

    SUPERVISOR = "supervisor"
    HOST = "host"
    OPERATOR = "operator"


register_labels(UnitRole, {
    UnitRole.SUPERVISOR: ("主管单位", "地区主管单位"),
    UnitRole.HOST: ("主办单位",),
    UnitRole.OPERATOR: ("承办单位", "第三方运营机构", "运营单位"),
})


class UnitKind(ZhEnum):
    """What kind of body a unit is; decides who may be an account subject (``ZJG-6.1.2``)."""

    GOVERNMENT = "government"
    GOVERNMENT_OFFICE = "government_office"
    DEPARTMENT = "department"
    TOWNSHIP = "township"
    INSTITUTION = "institution"
    INTERNAL_SECTION = "internal_section"
    INDIVIDUAL = "individual"
    ENTERPRISE = "enterprise"
    NEWS_MEDIA = "news_media"
    SOCIAL_ORGANISATION = "social_organisation"


register_labels(UnitKind, {
    UnitKind.GOVERNMENT: ("人民政府", "政府"),
    UnitKind.GOVERNMENT_OFFICE: ("政府办公室", "政府办公厅", "办公室"),
    UnitKind.DEPARTMENT: ("部门", "政府部门", "工作部门"),
    UnitKind.TOWNSHIP: ("乡镇（街道）", "乡镇", "街道", "乡镇人民政府", "街道办事处"),
    UnitKind.INSTITUTION: ("事业单位", "承担行政职能的事业单位"),
    UnitKind.INTERNAL_SECTION: ("内设处（室）", "内设机构", "处室", "科室", "股室"),
    UnitKind.INDIVIDUAL: ("个人",),
    UnitKind.ENTERPRISE: ("企业", "社会企业", "公司"),
    UnitKind.NEWS_MEDIA: ("主流新闻媒体", "新闻媒体", "融媒体中心"),
    UnitKind.SOCIAL_ORGANISATION: ("社会组织",),
})


class OperatorKind(ZhEnum):
    """Kind of entrusted operator (受委托方, ``ZJO-2.4``, ``ZJG-5.2.5``)."""

    SUBORDINATE = "subordinate"
    NEWS_MEDIA = "news_media"
    NEWS_WEBSITE = "news_website"
    SOCIAL_ORGANISATION = "social_organisation"
    COMPANY = "company"
    OTHER = "other"


register_labels(OperatorKind, {
    OperatorKind.SUBORDINATE: ("下属企事业单位", "主办单位下属企事业单位"),
    OperatorKind.NEWS_MEDIA: ("主流新闻媒体",),
    OperatorKind.NEWS_WEBSITE: ("主流新闻网站", "具有互联网新闻信息采编发布服务资质的主流新闻网站"),
    OperatorKind.SOCIAL_ORGANISATION: ("社会组织",),
    OperatorKind.COMPANY: ("社会企业", "企业", "公司"),
    OperatorKind.OTHER: ("其他",),
})


class AccountStatus(ZhEnum):
    """Run state of an account as the filing form records it (运行状态, ``HN-A1``)."""

    NORMAL = "normal"
    SUSPENDED = "suspended"
    DEREGISTERED = "deregistered"
    SHUT_DOWN = "shut_down"


register_labels(AccountStatus, {
    AccountStatus.NORMAL: ("正常", "正常运营"),
    AccountStatus.SUSPENDED: ("暂停", "停止运营"),
    AccountStatus.DEREGISTERED: ("注销",),
    AccountStatus.SHUT_DOWN: ("关停",),
})


class OperationMode(ZhEnum):
    """Operation mode (运营模式, ``HN-A2(3)``)."""

    SELF_OPERATED = "self_operated"
    PURCHASED_SERVICE = "purchased_service"


register_labels(OperationMode, {
    OperationMode.SELF_OPERATED: ("自营",),
    OperationMode.PURCHASED_SERVICE: ("购买服务", "委托运营"),
})


class BasicFunction(ZhEnum):
    """Basic functions of an account (基本功能, ``LN-2``, ``HN-A2(6)``)."""

    PUBLISH = "publish"
    DISSEMINATE = "disseminate"
    INTERACT = "interact"
    GUIDE = "guide"
    SERVE = "serve"


register_labels(BasicFunction, {
    BasicFunction.PUBLISH: ("发布",),
    BasicFunction.DISSEMINATE: ("传播",),
    BasicFunction.INTERACT: ("互动",),
    BasicFunction.GUIDE: ("引导",),
    BasicFunction.SERVE: ("办事",),
})


class Measure(ZhEnum):
    """Rectification measure (整改措施, ``HN-A2(8)``; 整合 ``ZJO-2.1``; 限期整改 ``HN-4.1``)."""

    KEEP = "keep"
    CHANGE = "change"
    SHUT_DOWN = "shut_down"
    DEREGISTER = "deregister"
    MERGE = "merge"
    RECTIFY = "rectify"


register_labels(Measure, {
    Measure.KEEP: ("保留",),
    Measure.CHANGE: ("变更",),
    Measure.SHUT_DOWN: ("关停",),
    Measure.DEREGISTER: ("注销",),
    Measure.MERGE: ("整合", "清理整合"),
    Measure.RECTIFY: ("限期整改", "整改"),
})


class AccountKind(ZhEnum):
    """Place of an account in the county "1+N" matrix (``ZJO-2.2``) and the cleanup rules."""

    MAIN = "main"
    DEPARTMENT = "department"
    TOWNSHIP = "township"
    OTHER = "other"


register_labels(AccountKind, {
    AccountKind.MAIN: ("主账号", "县域主账号"),
    AccountKind.DEPARTMENT: ("部门账号",),
    AccountKind.TOWNSHIP: ("乡镇（街道）账号", "乡镇账号", "街道账号"),
    AccountKind.OTHER: ("其他账号",),
})
