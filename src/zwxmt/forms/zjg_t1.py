"""账号开设申请表 (表1, ``ZJG-6.1.1-T1``): a host unit's application, one record per sheet.

Printed as the guide prints it: 基本信息 (单位名称, 新媒体名称（拟）, 账号类型, 开设理由),
运营策划, 组织保障, 内容保障, 安全保障 each with its printed hint, 经费保障 (经费数额、来源及
说明), 承诺栏 (一年内可达到的运营效果（粉丝数、发布频率、平均阅读量等）, 主要领导签字, 日期),
主管单位意见 (签字, 日期) and the caption 表 1. The 承诺栏 holds the three named effects and
其他 for the 等 (a commitment in words); 发布频率 is kept as written (每月20条, 每周5条), and
:func:`posts_per_month` reads it as a number where it can.
"""

from __future__ import annotations

import re

from zwxmt.forms.cells import norm
from zwxmt.forms.fields import Field
from zwxmt.forms.sheet import Box, SheetForm
from zwxmt.rules import cite

__all__ = ["COMMITMENT_HINT", "FORM", "posts_per_month"]

RULE = cite("ZJG-6.1.1-T1")
R_BASIC = cite("ZJG-6.1.1-basic")
R_PLAN = cite("ZJG-6.1.1-plan")
R_ORG = cite("ZJG-6.1.1-org")
R_CONTENT = cite("ZJG-6.1.1-content")
R_SECURITY = cite("ZJG-6.1.1-security")
R_FUNDING = cite("ZJG-6.1.1-funding")
R_SIGNOFF = cite("ZJG-6.1.1-signoff")

COMMITMENT_HINT = "一年内可达到的运营效果（粉丝数、发布频率、平均阅读量等）。"

_HINTS = (
    ("operation_plan", "运营策划", "账号运营目标、运营方式、风险及对策等。", R_PLAN),
    ("organisation", "组织保障", "分管领导、岗位设置、人员配置等。", R_ORG),
    ("content_assurance", "内容保障", "内容来源、栏目设置、功能设置、信息审核发布机制等。",
     R_CONTENT),
    ("security", "安全保障", "账号及密码保管机制、工作交接机制、值班值守机制等。", R_SECURITY),
)

FIELDS: tuple[Field, ...] = (
    Field("unit_name", "单位名称", "text", R_BASIC),
    Field("proposed_name", "新媒体名称（拟）", "text", R_BASIC),
    Field("account_type", "账号类型", "text", R_BASIC,
          description="as written (微信公众号, 抖音号, …); the form prints no options"),
    Field("reason", "开设理由", "text", R_BASIC),
    *(Field(k, zh, "text", c, description=hint) for k, zh, hint, c in _HINTS),
    Field("funding_amount", "经费保障：经费数额（元）", "money", R_FUNDING),
    Field("funding_source", "经费保障：来源", "text", R_FUNDING),
    Field("funding_notes", "经费保障：说明", "text", R_FUNDING),
    Field("commit_fans", "承诺栏：粉丝数", "count", RULE),
    Field("commit_frequency", "承诺栏：发布频率", "text", RULE,
          description="as written, e.g. 每月20条, 每周5条, 日更"),
    Field("commit_average_reads", "承诺栏：平均阅读量", "count", RULE),
    Field("commit_other", "承诺栏：其他", "text", RULE,
          description="the other effects committed (the form's 等)"),
    Field("leader_signatory", "承诺栏：主要领导签字", "text", R_SIGNOFF),
    Field("leader_signed_on", "承诺栏：日期", "date", R_SIGNOFF),
    Field("supervisor_opinion", "主管单位意见", "text", R_SIGNOFF),
    Field("supervisor_signatory", "主管单位意见：签字", "text", R_SIGNOFF),
    Field("supervisor_signed_on", "主管单位意见：日期", "date", R_SIGNOFF),
)


def _layout() -> tuple[Box, ...]:
    b: list[Box] = [Box(0, 0, 0, 2, "title", "账号开设申请表")]

    def row(r: int, label: str, key: str, anchor: str) -> None:
        b.append(Box(r, 1, r, 1, "label", label))
        b.append(Box(r, 2, r, 2, "value", field=key, anchor=(anchor, 0)))

    b.append(Box(1, 0, 4, 0, "label", "基本信息"))
    for r, (key, zh) in enumerate((("unit_name", "单位名称"), ("proposed_name", "新媒体名称（拟）"),
                                   ("account_type", "账号类型"), ("reason", "开设理由")), start=1):
        row(r, zh, key, zh)
    for r, (key, zh, hint, _c) in enumerate(_HINTS, start=5):
        b.append(Box(r, 0, r, 0, "label", zh))
        b.append(Box(r, 1, r, 1, "hint", hint))
        b.append(Box(r, 2, r, 2, "value", field=key, anchor=(hint, 0)))
    b.append(Box(9, 0, 12, 0, "label", "经费保障"))
    b.append(Box(9, 1, 9, 2, "hint", "经费数额、来源及说明。"))
    row(10, "经费数额（元）", "funding_amount", "经费数额（元）")
    row(11, "来源", "funding_source", "来源")
    row(12, "说明", "funding_notes", "说明")
    b.append(Box(13, 0, 18, 0, "label", "承 诺 栏"))
    b.append(Box(13, 1, 13, 2, "hint", COMMITMENT_HINT))
    row(14, "粉丝数", "commit_fans", "粉丝数")
    row(15, "发布频率", "commit_frequency", "发布频率")
    row(16, "平均阅读量", "commit_average_reads", "平均阅读量")
    row(17, "其他", "commit_other", "其他")
    b.append(Box(18, 1, 18, 1, "value", "主要领导签字：{}", field="leader_signatory"))
    b.append(Box(18, 2, 18, 2, "value", "日期：{}", field="leader_signed_on"))
    b.append(Box(19, 0, 20, 0, "label", "主管单位\n意见"))
    b.append(Box(19, 1, 19, 2, "value", field="supervisor_opinion", anchor=("主管单位意见", 0)))
    b.append(Box(20, 1, 20, 1, "value", "签字：{}", field="supervisor_signatory"))
    b.append(Box(20, 2, 20, 2, "value", "日期：{}", field="supervisor_signed_on"))
    b.append(Box(21, 0, 21, 2, "caption", "表 1"))
    return tuple(b)


#: 账号开设申请表 as printed (表1, ``ZJG-6.1.1-T1``).
FORM = SheetForm(
    code="zjg-t1", cite=RULE, name_zh="账号开设申请表", fields=FIELDS, layout=_layout(),
    widths=(12, 30, 52), row_heights={0: 36, 4: 48, 5: 72, 6: 60, 7: 60, 8: 60, 13: 30,
                                      17: 36, 18: 30, 19: 60, 20: 30},
    name_field="proposed_name")

_FREQ = re.compile(r"^(?:每|平均每|月均|周均|日均)?(日|天|周|星期|月|年)?(?:均)?"
                   r"(?:发布|更新|推送)?(\d+(?:\.\d+)?)(?:条|篇|次|期)?(?:/(日|天|周|月|年))?$")
_PER_MONTH = {"日": 365 / 12, "天": 365 / 12, "周": 52 / 12, "星期": 52 / 12, "月": 1.0,
              "年": 1 / 12}


def posts_per_month(frequency: str | None) -> float | None:
    """发布频率 as written, read as posts a month (每月20条 → 20, 每周5条 → 21.7, 日更 → 30.4);
    None when it cannot be read as a number (the commitment check then says "not
    evaluated")."""
    if not frequency:
        return None
    text = norm(frequency)
    if text in ("日更", "每日更新", "每天更新"):
        return 365 / 12
    if text in ("周更", "每周更新"):
        return 52 / 12
    m = _FREQ.match(text)
    if m is None or not (m.group(1) or m.group(3)):
        return None
    unit = m.group(1) or m.group(3)
    return float(m.group(2)) * _PER_MONTH[unit]
