"""备案登记表 (``HN-A1``, 衡南县 附件1): one account's filing record, one record per sheet.

Printed in the order of the seed: title, 单位名称（盖章）/填表时间, the account block, 平台功能
ticks, 二维码/基本情况介绍, 访问链接, 栏目设置 (with its note and 公众号类型), page break,
管理队伍（主要成员）, 开办理由, 主办单位意见 (the printed declaration, signature, date),
主管单位意见, 正式运营时间/关注量/运行状态 and the two notes.

账号ID here is the platform's own account id (``platform_account_id``), not zwxmt's key
(``account_id``, on the zwxmt sheet): see docs/forms.md.
"""

from __future__ import annotations

from zwxmt.forms.fields import Field
from zwxmt.forms.sheet import Box, SheetForm
from zwxmt.rules import cite

__all__ = ["DECLARATION", "FORM", "MENU_ROWS", "NOTES", "TEAM_ROWS"]

RULE = cite("HN-A1")
R_FIELDS = cite("HN-A1-fields")
R_MENUS = cite("HN-A1-columns")
R_HOST = cite("HN-A1-host")
R_STATUS = cite("HN-A1-status")
R_NOTE1 = cite("HN-A1(1)")
R_NOTE2 = cite("HN-A1(2)")

#: The host unit's printed declaration in 主办单位意见 (``HN-A1-host``).
DECLARATION = ("已知本单位在网络公共平台开办此政务新媒体账号，并建立有关管理制度，"
               "明确对此账号及发布内容负有管理责任。")
#: The notes printed below the form (``HN-A1(1)``, ``HN-A1(2)``).
NOTES = ("注：1.此纸质备案表一式三份，主管单位、主办单位、各新媒体承办单位各留备案。\n"
         "2.账号ID及名称、管理队伍人员或维护方式发生变更，应在7个工作日内以书面形式报主管单位备案。")
MENU_NOTE = ("注：政务新媒体栏目设置项主要针对政务微信及移动客户端（APP）内容的填报。"
             "填报政务微信时，请注明公众号类型（服务号或订阅号及小程序）")
#: Rows printed for 栏目设置 and 管理队伍.
MENU_ROWS = 4
TEAM_ROWS = 5

PLATFORM_FUNCTIONS = ("微博", "微信（服务号/订阅号/小程序）", "微视", "移动客户端（APP）")
STATUS_OPTIONS = ("正常", "暂停", "注销", "关停")
WECHAT_TYPES = ("服务号", "订阅号", "小程序")

_MENU_COLS = (("name", "名称"), ("level1", "一级菜单"), ("level2", "二级菜单"),
              ("level3", "三级菜单"), ("note", "备注"))
_TEAM_COLS = (("name", "管理员姓名", "text"), ("unit_and_post", "所在单位及职务", "text"),
              ("office_phone", "办公电话", "phone"), ("mobile", "手机号码", "phone"),
              ("qq", "QQ号码", "qq"), ("wechat", "微信号", "wechat"))


def _fields() -> tuple[Field, ...]:
    f = [
        Field("region_name", "（地区）政务新媒体备案登记表", "text", RULE,
              description="the title's region (衡南县 as printed)"),
        Field("unit_name", "单位名称（盖章）", "text", RULE),
        Field("filled_on", "填表时间", "date", RULE),
        Field("account_name", "账号ID及名称：名称", "text", R_FIELDS),
        Field("platform_account_id", "账号ID及名称：账号ID", "text", R_FIELDS,
              description="the platform's own account id (not zwxmt's account_id)"),
        Field("registered_on", "创建/注册日期", "date", R_FIELDS),
        Field("platform", "发布平台（系统）", "text", R_FIELDS,
              description="as written: 微信公众号, 微视, 一点资讯, 小程序, …"),
        Field("certified", "是否通过认证", "yesno", R_FIELDS),
        Field("supervisor_unit", "主管单位", "text", R_FIELDS),
        Field("news_qualification", "是否取得互联网新闻信息服务资质", "yesno", R_FIELDS),
        Field("host_unit", "主办单位", "text", RULE),
        Field("host_leader", "主办单位分管领导及职务", "text", RULE),
        Field("host_phone", "主办单位联系电话及方式", "phone", RULE),
        Field("operator_unit", "承办单位", "text", RULE),
        Field("operator_leader", "承办单位分管领导及职务", "text", RULE),
        Field("operator_phone", "承办单位联系电话及方式", "phone", RULE),
        Field("platform_functions", "政务新媒体平台功能", "ticks", RULE,
              options=PLATFORM_FUNCTIONS,
              synonyms={"微信": PLATFORM_FUNCTIONS[1], "APP": PLATFORM_FUNCTIONS[3],
                        "移动客户端": PLATFORM_FUNCTIONS[3]},
              other_label="其他类型", other_hint="（如：今日头条、一点资讯、抖音等）"),
        Field("platform_functions_other", "政务新媒体平台功能：其他类型", "text", RULE),
        Field("qr_code", "新媒体二维码", "text", RULE,
              description="a link or a note; the picture itself is not read"),
        Field("introduction", "基本情况介绍", "text", RULE),
        Field("url", "访问链接", "text", RULE),
    ]
    for i in range(1, MENU_ROWS + 1):
        f += [Field(f"menu_{i}_{k}", f"栏目设置{i}：{zh}", "text", R_MENUS)
              for k, zh in _MENU_COLS]
    f.append(Field("wechat_account_type", "公众号类型", "ticks", R_MENUS, options=WECHAT_TYPES))
    for i in range(1, TEAM_ROWS + 1):
        f += [Field(f"team_{i}_{k}", f"管理队伍{i}：{zh}", kind, RULE)  # type: ignore[arg-type]
              for k, zh, kind in _TEAM_COLS]
    f += [
        Field("reason", "开办（变更、关停、整合）理由", "text", RULE),
        Field("host_signatory", "主办单位意见：主要负责人签字", "text", R_HOST),
        Field("host_signed_on", "主办单位意见：日期", "date", R_HOST),
        Field("supervisor_opinion", "主管单位意见", "text", RULE),
        Field("supervisor_signatory", "主管单位意见：负责人签字", "text", RULE),
        Field("supervisor_signed_on", "主管单位意见：日期", "date", RULE),
        Field("operating_since", "正式运营时间", "date", RULE),
        Field("fans", "关注量/粉丝量", "count", RULE),
        Field("status", "运行状态", "choice", R_STATUS, options=STATUS_OPTIONS,
              synonyms={"正常运营": "正常", "停止运营": "暂停"}),
    ]
    return tuple(f)


def _layout() -> tuple[Box, ...]:
    b: list[Box] = []

    def label(r: int, c: int, text: str, r2: int | None = None, c2: int | None = None,
              style: str = "label") -> None:
        b.append(Box(r, c, r if r2 is None else r2, c if c2 is None else c2, style, text))

    def value(r: int, c: int, field: str, anchor: tuple[str, int], r2: int | None = None,
              c2: int | None = None, *, boxes: bool = False, composite: str | None = None,
              ) -> None:
        b.append(Box(r, c, r if r2 is None else r2, c if c2 is None else c2, "value",
                     field=field, anchor=anchor, boxes=boxes, composite=composite))

    b.append(Box(0, 0, 0, 6, "title", "{}政务新媒体备案登记表", field="region_name"))
    b.append(Box(1, 0, 1, 3, "block", "单位名称（盖章）：{}", field="unit_name"))
    b.append(Box(1, 4, 1, 6, "block", "填表时间：{}", field="filled_on"))
    label(2, 0, "账号ID\n及名称")
    value(2, 1, "account_name", ("账号ID及名称", 0), c2=2, composite="id_and_name")
    label(2, 3, "创建/注册日期")
    value(2, 4, "registered_on", ("创建/注册日期", 0), c2=6)
    label(3, 0, "发布平台\n（系统）")
    value(3, 1, "platform", ("发布平台（系统）", 0), c2=2)
    label(3, 3, "是否通过认证")
    value(3, 4, "certified", ("是否通过认证", 0), c2=6, boxes=True)
    label(4, 0, "主管单位")
    value(4, 1, "supervisor_unit", ("主管单位", 0), c2=2)
    label(4, 3, "是否取得互联网\n新闻信息服务资质")
    value(4, 4, "news_qualification", ("是否取得互联网新闻信息服务资质", 0), c2=6, boxes=True)
    for r0, unit, key, occ in ((5, "主办单位", "host", 0), (7, "承办单位", "operator", 1)):
        label(r0, 0, unit, r2=r0 + 1)
        value(r0, 1, f"{key}_unit", (unit, 0), r2=r0 + 1, c2=2)
        label(r0, 3, f"{unit}\n分管领导及职务")
        value(r0, 4, f"{key}_leader", (f"{unit}分管领导及职务", 0), c2=6)
        label(r0 + 1, 3, "联系电话及方式")
        value(r0 + 1, 4, f"{key}_phone", ("联系电话及方式", occ), c2=6)
    label(9, 0, "政务新媒体\n平台功能")
    value(9, 1, "platform_functions", ("政务新媒体平台功能", 0), c2=6, boxes=True)
    label(10, 0, "新媒体二维码：\n（若有请插入图片）")
    value(10, 1, "qr_code", ("新媒体二维码：（若有请插入图片）", 0), c2=2)
    label(10, 3, "基本情况介绍：")
    value(10, 4, "introduction", ("基本情况介绍", 0), c2=6)
    label(11, 0, "访问链接")
    value(11, 1, "url", ("访问链接", 0), c2=6)
    last_menu = 13 + MENU_ROWS
    label(12, 0, "栏目设置", r2=last_menu + 1)
    label(12, 1, MENU_NOTE, c2=6, style="hint")
    for j, (_, zh) in enumerate(_MENU_COLS):
        label(13, 1 + j, zh, c2=6 if j == 4 else None)
    for i in range(1, MENU_ROWS + 1):
        for j, (mk, zh) in enumerate(_MENU_COLS):
            value(13 + i, 1 + j, f"menu_{i}_{mk}", (zh, 0), c2=6 if j == 4 else None)
    b.append(Box(last_menu + 1, 1, last_menu + 1, 6, "value", "公众号类型：{}",
                 field="wechat_account_type", boxes=True))
    top = last_menu + 2  # second page
    label(top, 0, "管理队伍\n（主要成员）", r2=top + TEAM_ROWS)
    for j, (_, zh, _kind) in enumerate(_TEAM_COLS):
        label(top, 1 + j, zh)
    for i in range(1, TEAM_ROWS + 1):
        for j, (tk, zh, _kind) in enumerate(_TEAM_COLS):
            value(top + i, 1 + j, f"team_{i}_{tk}", (zh, 0))
    r = top + TEAM_ROWS + 1
    label(r, 0, "开办（变更、关停、整合）\n理由")
    value(r, 1, "reason", ("开办（变更、关停、整合）理由", 0), c2=6)
    r += 1
    label(r, 0, "主办单位\n意见", r2=r + 2)
    label(r, 1, DECLARATION, c2=6, style="hint")
    label(r + 1, 1, "主要负责人签字：", c2=2)
    value(r + 1, 3, "host_signatory", ("主要负责人签字", 0), c2=5)
    label(r + 1, 6, "（加盖印章）", style="hint")
    label(r + 2, 1, "日期：", c2=2)
    value(r + 2, 3, "host_signed_on", ("日期", 0), c2=6)
    r += 3
    label(r, 0, "主管单位\n意见", r2=r + 2)
    value(r, 1, "supervisor_opinion", ("主管单位意见", 0), c2=6)
    label(r + 1, 1, "负责人签字：", c2=2)
    value(r + 1, 3, "supervisor_signatory", ("负责人签字", 0), c2=5)
    label(r + 1, 6, "（加盖印章）", style="hint")
    label(r + 2, 1, "日期：", c2=2)
    value(r + 2, 3, "supervisor_signed_on", ("日期", 1), c2=6)
    r += 3
    label(r, 0, "正式运营\n时间")
    value(r, 1, "operating_since", ("正式运营时间", 0))
    label(r, 2, "关注量/粉丝量")
    value(r, 3, "fans", ("关注量/粉丝量", 0))
    label(r, 4, "运行状态")
    value(r, 5, "status", ("运行状态", 0), c2=6, boxes=True)
    b.append(Box(r + 1, 0, r + 1, 6, "note", NOTES))
    return tuple(b)


def _heights() -> dict[int, float]:
    top = 13 + MENU_ROWS + 2
    r = top + TEAM_ROWS + 1
    return {0: 36, 1: 24, 2: 36, 3: 30, 4: 36, 9: 48, 10: 72, 12: 42, r: 60, r + 1: 42,
            r + 4: 60, r + 7: 30, r + 8: 48}


#: 备案登记表 as printed (``HN-A1``).
FORM = SheetForm(
    code="hn-a1", cite=RULE, name_zh="政务新媒体备案登记表", fields=_fields(),
    layout=_layout(), widths=(14, 13, 16, 15, 13, 12, 14), row_heights=_heights(),
    breaks=(13 + MENU_ROWS + 2,), name_field="account_name",
    tables=(("一级菜单", MENU_ROWS, "公众号类型"), ("管理员姓名", TEAM_ROWS,
                                                 "开办（变更、关停、整合）理由")))
