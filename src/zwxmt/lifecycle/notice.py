"""The stop-update notice (停更公告) of ``ZJG-6.4(1)``, filled from the guide's template.

The body is the template sentence of ``ZJG-6.4-notice`` as the rule catalogue holds it
(根据浙江省基层政务新媒体规范化建设有关要求，我单位政务微信（微博/抖音）“×××”决定于
202×年×月×日起停止更新并申请注销。…), with its placeholders replaced; the title and the
closing line come from the rulebook (``notice_title``, ``notice_closing``), so the whole
text is traceable to the guide.
"""

from __future__ import annotations

import datetime as dt

from zwxmt.errors import InputError
from zwxmt.lifecycle.parameters import lifecycle_settings
from zwxmt.models import Platform
from zwxmt.rulebook import DEFAULT_RULEBOOK
from zwxmt.rules import catalogue, cite

__all__ = ["NOTICE_RULE", "chinese_date", "notice_template", "stop_update_notice"]

NOTICE_RULE = cite("ZJG-6.4-notice")

# The template's placeholders, exactly as printed in the guide.
_PLATFORM_SLOT = "政务微信（微博/抖音）"
_NAME_SLOT = "“×××”"
_DATE_SLOT = "202×年×月×日"
_TITLE_SLOT = "XX"

#: How the notice names each platform (the guide's slot reads 政务微信（微博/抖音）).
PLATFORM_LABELS: dict[Platform, str] = {
    Platform.WECHAT: "政务微信",
    Platform.WEIBO: "政务微博",
    Platform.DOUYIN: "政务抖音",
    Platform.TOUTIAO: "政务头条号",
    Platform.APP: "移动客户端",
    Platform.OTHER: "政务新媒体",
}


def notice_template() -> str:
    """The template sentence of ``ZJG-6.4-notice``, from the rule catalogue."""
    text = catalogue().get(NOTICE_RULE).excerpt_zh
    for slot in (_PLATFORM_SLOT, _NAME_SLOT, _DATE_SLOT):
        if slot not in text:
            raise InputError(f"the catalogue's {NOTICE_RULE} text lost its slot {slot!r}",
                             rule=NOTICE_RULE)
    return text


def chinese_date(day: dt.date) -> str:
    """``2026年3月1日``: a date as the notice writes it."""
    return f"{day.year}年{day.month}月{day.day}日"


def stop_update_notice(
    *, account_name: str, platform: Platform | str, unit: str, stop_from: dt.date,
    signed_on: dt.date | None = None, rulebook: str = DEFAULT_RULEBOOK,
) -> str:
    """The filled stop-update notice: title, body, thanks, the unit and the date.

    ``unit`` is the signature line, e.g. ``衢州市龙游县农业农村局`` (the template's
    ××市××县（市、区）××（部门、乡镇、街道）); ``signed_on`` defaults to ``stop_from``.
    """
    if not account_name.strip():
        raise InputError("the account name is empty", field="account_name", rule=NOTICE_RULE)
    if not unit.strip():
        raise InputError("the unit is empty", field="unit", rule=NOTICE_RULE)
    kind = platform if isinstance(platform, Platform) else Platform(platform)
    settings = lifecycle_settings(rulebook)
    name = account_name.strip()
    # The guide's layout space before the date is not part of the sentence.
    body = (notice_template().replace(" ", "")
            .replace(_PLATFORM_SLOT, PLATFORM_LABELS[kind])
            .replace(_NAME_SLOT, f"“{name}”")
            .replace(_DATE_SLOT, chinese_date(stop_from)))
    title = settings.notice_title.value.replace(f" {_TITLE_SLOT} ", f"“{name}”") \
        .replace(_TITLE_SLOT, f"“{name}”")
    lines = [title, "", body, "", settings.notice_closing.value, "", unit.strip(), "",
             chinese_date(signed_on or stop_from)]
    return "\n".join(lines)
