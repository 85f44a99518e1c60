"""排查及清理整合情况表 (``HN-A2``, 衡南县 附件2): one row per account.

Printed as the seed prints it: the title, the line 填表单位（盖章）/填报人/联系电话, the fifteen
headers in printed order (主办单位 over 负责人及联系电话 and 运营单位 over 联系人及联系电话, the
others merged over both header rows), the accounts grouped by platform category (note 1:
按照微博、微信等…以及移动客户端等类别分别填写, one printed group row per category) and the ten
notes, whose note 9 carries the 统计时间.

Printed options (never written outside them): 运营模式 自营/购买服务 (note 3), 运营状态
正常运营/停止运营 (note 5), 基本功能 发布、传播、互动、引导、办事 (note 6), 平台类型
新浪/腾讯/人民网/其他 (note 7), 整改措施 保留/变更/关停/注销 (note 8) and, for its 等, 整合
(``ZJO-2.1``) and 限期整改 (``HN-4.1``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from zwxmt.forms.cells import (
    CellValueError,
    flexible_pattern,
    is_blank,
    norm,
    parse_column,
    render_date,
)
from zwxmt.forms.composite import COMPOSITES, Composite
from zwxmt.forms.fields import Field, Record
from zwxmt.forms.sheet import CellReject, prepared
from zwxmt.forms.xlsx import LINE_HEIGHT, FormBook, Grid, cell_ref, text_lines
from zwxmt.rules import cite

__all__ = [
    "CATEGORIES",
    "COLUMNS",
    "FORM_FIELDS",
    "HEADER_FIELDS",
    "NOTES",
    "ROW_FIELDS",
    "Inventory",
    "is_inventory",
    "read_inventory",
    "write_inventory_sheet",
]

RULE = cite("HN-A2")
R_FIELDS = cite("HN-A2-fields")
R1, R2, R3, R4, R5, R6, R7, R8, R9 = (cite(f"HN-A2({i})") for i in range(1, 10))
R_MERGE = cite("ZJO-2.1")
R_RECTIFY = cite("HN-4.1")

TITLE = "{}政务新媒体排查及清理整合情况表"
SHEET_NAME = "排查及清理整合情况表"
NOTE_9 = "9．统计时间截至{}；"
NOTES = ("注：1．按照微博、微信等第三方平台上开设的账号或应用以及移动客户端等类别分别填写，"
         "名称填写全称；"
         "2．运营单位填写具体运营的单位名称；3．运营模式填写自营或购买服务；"
         "4．运营人数填写有无专人运营和负责运营人数；5．运营状态填“正常运营”或“停止运营”；"
         "6．基本功能填写发布、传播、互动、引导、办事等；7．平台类型填写新浪、腾讯、人民网或其他；"
         "8．整改措施栏填写保留、变更、关停、注销等；" + NOTE_9 +
         "10．下属事业单位及二级机构由上级主管部门汇总统一报送。")

#: Platform categories of note 1, in the order rows are grouped; synonyms offices write.
CATEGORIES = ("微博", "微信", "今日头条", "抖音", "移动客户端（APP）", "其他")
_CATEGORY_SYNONYMS = {"新浪微博": "微博", "政务微博": "微博", "微信公众号": "微信",
                      "政务微信": "微信", "公众号": "微信", "头条": "今日头条",
                      "头条号": "今日头条",
                      "政务头条": "今日头条", "抖音号": "抖音", "政务抖音": "抖音",
                      "移动客户端": "移动客户端（APP）", "客户端": "移动客户端（APP）",
                      "APP": "移动客户端（APP）", "其他平台": "其他", "其他类型": "其他"}

HEADER_FIELDS: tuple[Field, ...] = (
    Field("region_name", "（地区）政务新媒体排查及清理整合情况表", "text", RULE,
          description="the title's region (衡南县 as printed)"),
    Field("filing_unit", "填表单位（盖章）", "text", RULE),
    Field("filled_by", "填报人", "text", RULE),
    Field("phone", "联系电话", "phone", RULE),
    Field("cutoff", "统计时间", "date", R9, description="note 9: 统计时间截至…"),
)

ROW_FIELDS: tuple[Field, ...] = (
    Field("category", "类别", "choice", R1, options=CATEGORIES, synonyms=_CATEGORY_SYNONYMS,
          description="the group row the account is under (note 1)"),
    Field("name", "名称", "text", R1, description="全称 (note 1)"),
    Field("certified_subject", "认证主体", "text", R_FIELDS),
    Field("host_unit", "主办单位", "text", R_FIELDS),
    Field("host_head", "主办单位负责人", "text", R_FIELDS),
    Field("host_phone", "主办单位联系电话", "phone", R_FIELDS),
    Field("operator_unit", "运营单位", "text", R2),
    Field("operator_contact", "运营单位联系人", "text", R2),
    Field("operator_phone", "运营单位联系电话", "phone", R2),
    Field("operation_mode", "运营模式", "choice", R3, options=("自营", "购买服务"),
          synonyms={"委托运营": "购买服务", "委托": "购买服务", "外包": "购买服务",
                    "自主运营": "自营"}),
    Field("funding_per_year", "经费保障（元/年）", "money", R_FIELDS),
    Field("fans", "粉丝量", "count", R_FIELDS),
    Field("reads", "阅读量", "count", R_FIELDS),
    Field("push_frequency", "推送频率", "text", R_FIELDS),
    Field("opened_on", "开通时间", "date", R_FIELDS),
    Field("has_dedicated_staff", "运营人数：有无专人", "yesno", R4),
    Field("operators_count", "运营人数：人数", "count", R4),
    Field("status", "运营状态", "choice", R5, options=("正常运营", "停止运营"),
          synonyms={"正常": "正常运营", "运营": "正常运营", "停止": "停止运营",
                    "停运": "停止运营", "暂停": "停止运营", "停更": "停止运营"}),
    Field("functions", "基本功能", "ticks", R6, options=("发布", "传播", "互动", "引导", "办事")),
    Field("platform_vendor", "平台类型", "choice", R7, options=("新浪", "腾讯", "人民网", "其他"),
          synonyms={"新浪微博": "新浪", "微博": "新浪", "腾讯微信": "腾讯", "微信": "腾讯",
                    "政务微信": "腾讯", "人民号": "人民网", "人民日报": "人民网"}),
    Field("measure", "整改措施", "choice", R8,
          options=("保留", "变更", "关停", "注销", "整合", "限期整改"),
          synonyms={"清理整合": "整合", "合并": "整合", "整改": "限期整改"},
          description="保留/变更/关停/注销 (note 8); 整合 ZJO-2.1 and 限期整改 HN-4.1 for its 等"),
)

FORM_FIELDS: tuple[Field, ...] = HEADER_FIELDS + ROW_FIELDS
#: Platform names (not 其他) that offices write in 平台类型, by the category they name.
_PLATFORM_NAMES = {norm(k): v for k, v in {**{c: c for c in CATEGORIES},
                                           **_CATEGORY_SYNONYMS}.items() if v != "其他"}
_BY_KEY = {f.key: f for f in FORM_FIELDS}


@dataclass(frozen=True)
class Column:
    """A printed column: header, the sub-header under it, and the field(s) it holds."""

    header: str
    sub: str
    key: str  # a field key, or a composite's name
    width: float
    aliases: tuple[str, ...] = ()

    @property
    def keys(self) -> tuple[str, ...]:
        return COMPOSITES[self.key].keys if self.key in COMPOSITES else (self.key,)


#: The fifteen columns in printed order.
COLUMNS: tuple[Column, ...] = (
    Column("名称", "", "name", 22, ("账号名称", "名称(全称)")),
    Column("认证主体", "", "certified_subject", 16),
    Column("主办单位", "负责人及联系电话", "host_unit", 22),
    Column("运营单位", "联系人及联系电话", "operator_unit", 22),
    Column("运营模式", "", "operation_mode", 9),
    Column("经费保障（元/年）", "", "funding_per_year", 11, ("经费保障", "经费保障(元)")),
    Column("粉丝量", "", "fans", 9, ("粉丝数", "关注量")),
    Column("阅读量", "", "reads", 9),
    Column("推送频率", "", "push_frequency", 10, ("发布频率", "更新频率")),
    Column("开通时间", "", "opened_on", 12, ("开设时间", "注册时间")),
    Column("运营人数", "", "staff", 11),
    Column("运营状态", "", "status", 9),
    Column("基本功能", "", "functions", 14),
    Column("平台类型", "", "platform_vendor", 8),
    Column("整改措施", "", "measure", 9),
)
_LAST = len(COLUMNS) - 1
_SUB_WORDS = {norm(w) for w in ("负责人及联系电话", "联系人及联系电话", "负责人及", "联系人及",
                                "联系电话", "（元/年）", "元/年", "(元)", "全称")}
_SAMPLE = re.compile(r"^\s*[（(【\[]?\s*(例|示例|样例|填写示例|举例|范例)")
_NUMBERING = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]"
                        r"|\d+\s*[、.．])\s*")


@dataclass
class Inventory:
    """What an HN-A2 sheet holds: its header fields, its rows (with the Excel row of each),
    the refused values, and the rows skipped as not accounts (spacers, samples, groups)."""

    header: Record
    rows: list[Record] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)
    rejects: list[CellReject] = field(default_factory=list)
    rejected_rows: list[int] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)


# -- writing -------------------------------------------------------------------------------

def _cell_value(f: Field, value: Any, mask_contacts: bool) -> Any:
    value = prepared(f, value, mask_contacts)
    if f.kind == "ticks":
        return "、".join(value) if value else None
    if f.kind == "yesno" and value is not None:
        return "是" if value else "否"
    return value


def write_inventory_sheet(book: FormBook, header: Record, rows: Sequence[Record], *,
                          sheet: str = SHEET_NAME, mask_contacts: bool = False,
                          blank_rows: int = 4) -> list[int]:
    """Write the form; rows grouped by category in printed order (note 1). Returns the
    0-based sheet row of each record (in the order given), for the zwxmt sheet."""
    ws = book.sheet(sheet, landscape=True, widths=[c.width for c in COLUMNS])
    region = header.get("region_name") or ""
    book.put(ws, 0, 0, TITLE.format(region), "title", c2=_LAST)
    ws.set_row(0, 32)
    for key, (c, c2) in (("filing_unit", (0, 4)), ("filled_by", (5, 9)), ("phone", (10, _LAST))):
        f = _BY_KEY[key]
        value = _cell_value(f, header.get(key), mask_contacts)
        book.put(ws, 1, c, f"{f.label}：{value or ''}", "block", c2=c2)
    ws.set_row(1, 24)
    for c, col in enumerate(COLUMNS):
        if col.sub:
            book.put(ws, 2, c, col.header, "label")
            book.put(ws, 3, c, col.sub, "label")
        else:
            book.put(ws, 2, c, col.header, "label", r2=3)
    ws.set_row(2, 30)
    ws.set_row(3, 30)
    ws.repeat_rows(2, 3)
    order = sorted(range(len(rows)), key=lambda i: _category_rank(rows[i].get("category")))
    placed = [0] * len(rows)
    r = 4
    current: object = object()
    for i in order:
        rec = rows[i]
        cat = rec.get("category")
        if cat != current:
            current = cat
            if cat is not None:
                _BY_KEY["category"].check_option(cat)
                book.put(ws, r, 0, cat, "group", c2=_LAST)
                r += 1
        lines = 1
        for c, col in enumerate(COLUMNS):
            if col.key in COMPOSITES:
                comp = COMPOSITES[col.key]
                value = comp.render({k: prepared(_BY_KEY[k], rec.get(k), mask_contacts)
                                     for k in comp.keys})
                book.put(ws, r, c, value, "value")
            else:
                f = _BY_KEY[col.key]
                value = _cell_value(f, rec.get(col.key), mask_contacts)
                style = {"count": "number", "money": "money", "date": "date"}.get(f.kind,
                                                                                "value")
                book.put(ws, r, c, value, style if value is not None else "value")
            lines = max(lines, text_lines(value, col.width))
        if lines > 1:  # wrapped text: a row tall enough to print it
            ws.set_row(r, lines * LINE_HEIGHT)
        placed[i] = r
        r += 1
    if not rows:
        for _ in range(blank_rows):  # the printed blank rows of the template
            for c in range(len(COLUMNS)):
                book.put(ws, r, c, None, "value")
            r += 1
    cutoff = header.get("cutoff")
    book.put(ws, r, 0, NOTES.format(render_date(cutoff)), "note", c2=_LAST)
    ws.set_row(r, 64)
    ws.print_area(0, 0, r, _LAST)
    return placed


def _category_rank(cat: Any) -> int:
    return CATEGORIES.index(cat) if cat in CATEGORIES else -1


# -- reading -------------------------------------------------------------------------------

def _key(v: Any) -> str:
    return norm(str(v)).rstrip(":") if isinstance(v, str) else ""


def _find_header(grid: Grid) -> tuple[int, dict[int, int]] | None:
    """The header row and, per printed column, the sheet column it is in."""
    for r in range(min(grid.height, 40)):
        found: dict[int, int] = {}
        for c in range(grid.width):
            t, t2 = _key(grid.get(r, c)), _key(grid.get(r + 1, c))
            if not t:
                continue
            for i, col in enumerate(COLUMNS):
                if i in found:
                    continue
                names = [norm(col.header), *(norm(a) for a in col.aliases)]
                if any(t == n or t.startswith(n) or (t + t2).startswith(n) for n in names):
                    found[i] = c
                    break
        if 0 in found and len(found) >= 8:
            return r, found
    return None


def _is_continuation(grid: Grid, r: int, cols: Mapping[int, int]) -> bool:
    texts = [_key(grid.get(r, c)) for c in cols.values()]
    return (not texts[0] if texts else False) and any(texts) and all(
        not t or t in _SUB_WORDS for t in texts)


def _group(texts: Sequence[str]) -> str | None:
    filled = [t for t in texts if t]
    if len(filled) != 1:
        return None
    text = _NUMBERING.sub("", filled[0])
    text = re.sub(r"(类|账号|平台|类别)$", "", norm(text))
    f = _BY_KEY["category"]
    try:
        return str(f.parse(text)) if text else None
    except CellValueError:
        return None


_BLOCK = re.compile(r"(?P<l>填表单位\s*(?:[（(]\s*盖章\s*[)）])?|填报人|联系电话)\s*[:：]")
_BLOCK_KEYS = {"填表单位": "filing_unit", "填报人": "filled_by", "联系电话": "phone"}


def _header_block(grid: Grid, top: int) -> tuple[Record, list[CellReject]]:
    """The title's region and 填表单位（盖章）/填报人/联系电话, in one cell or in several."""
    record: Record = dict.fromkeys(f.key for f in HEADER_FIELDS)
    rejects: list[CellReject] = []
    title = re.compile(r"^(?P<v>.*?)" + flexible_pattern(TITLE[2:]) + r"\s*$", re.S)
    for r in range(top):
        for c in range(grid.width):
            v = grid.get(r, c)
            if not isinstance(v, str) or is_blank(v):
                continue
            m = title.match(v.strip())
            if m is not None:
                record["region_name"] = m.group("v").strip() or None
                continue
            hits = list(_BLOCK.finditer(v))
            for k, hit in enumerate(hits):
                end = hits[k + 1].start() if k + 1 < len(hits) else len(v)
                raw: Any = v[hit.end():end].strip()
                if not raw:  # the value typed in the next cell
                    nxt = next((grid.get(r, cc) for cc in range(c + 1, grid.width)
                                if not is_blank(grid.get(r, cc))), None)
                    if isinstance(nxt, str) and _BLOCK.search(nxt):
                        nxt = None
                    raw = nxt
                key = _BLOCK_KEYS[norm(hit.group("l"))[:4] if norm(hit.group("l")).startswith(
                    "填表单位") else norm(hit.group("l"))]
                try:
                    record[key] = _BY_KEY[key].parse(raw)
                except CellValueError as exc:
                    rejects.append(CellReject(grid.name, cell_ref(r, c), key, str(raw),
                                              str(exc), exc.allowed))
    return record, rejects


def _notes(grid: Grid, start: int) -> tuple[int | None, Any, tuple[int, int] | None]:
    note9 = re.compile(flexible_pattern("统计时间截至") + r"\s*(?P<v>[^；;。]*)")
    for r in range(start, grid.height):
        for c, v in enumerate(grid.rows[r]):
            if isinstance(v, str) and "注" in v[:3] and re.match(r"^\s*注\s*[:：]", v):
                m = note9.search(v)
                return r, (m.group("v") if m else None), (r, c)
    return None, None, None


def _splitter(comp: Composite) -> Callable[[Any], dict[str, Any]]:
    def split(v: Any) -> dict[str, Any]:
        return comp.split(str(int(v)) if isinstance(v, float) and v.is_integer() else str(v))
    return split


def is_inventory(grid: Grid) -> bool:
    """Whether a sheet is an HN-A2 form: its printed headers are there."""
    return _find_header(grid) is not None


def read_inventory(grid: Grid) -> Inventory | None:
    """Read an HN-A2 sheet; None when the sheet is not one (no printed header found)."""
    found = _find_header(grid)
    if found is None:
        return None
    hr, cols = found
    header, rejects = _header_block(grid, hr)
    start = hr + 1
    while start < grid.height and _is_continuation(grid, start, cols):
        start += 1
    end, cutoff_raw, cutoff_at = _notes(grid, start)
    stop = grid.height if end is None else end
    if cutoff_raw is not None and cutoff_at is not None:
        try:
            header["cutoff"] = _BY_KEY["cutoff"].parse(cutoff_raw)
        except CellValueError as exc:
            rejects.append(CellReject(grid.name, cell_ref(*cutoff_at), "cutoff", cutoff_raw,
                                      str(exc), exc.allowed))
    inv = Inventory(header, rejects=rejects)
    skipped = {"blank": 0, "sample": 0, "group": 0}
    data_rows: list[int] = []
    categories: list[str | None] = []
    category: str | None = None
    for r in range(start, stop):
        row = grid.rows[r]
        filled = [v for v in row if v != "" and not is_blank(v)]
        if not filled:
            skipped["blank"] += 1
            continue
        name = row[cols[0]] if cols[0] < len(row) else ""
        if isinstance(name, str) and _SAMPLE.match(name):
            skipped["sample"] += 1
            continue
        if len(filled) == 1:  # a group row holds one cell: the category (HN-A2(1))
            group = _group([_key(filled[0])])
            if group is not None:
                category = group
                skipped["group"] += 1
                continue
        data_rows.append(r)
        categories.append(category)
    inv.skipped = skipped
    values: dict[str, list[Any]] = {"category": categories}
    bad: dict[int, list[CellReject]] = {}
    for i, col in enumerate(COLUMNS):
        c = cols.get(i)
        raw = [grid.get(r, c) if c is not None else None for r in data_rows]
        if col.key in COMPOSITES:
            comp = COMPOSITES[col.key]
            parts, errors = parse_column(raw, _splitter(comp))
            for j, err in errors.items():
                bad.setdefault(j, []).append(CellReject(
                    grid.name, cell_ref(data_rows[j], c or 0), col.header, str(raw[j]),
                    str(err), err.allowed))
            for key in comp.keys:
                sub = [p.get(key) if p is not None else None for p in parts]
                got, errs = parse_column(sub, _BY_KEY[key].parse)
                values[key] = got
                for j, err in errs.items():
                    bad.setdefault(j, []).append(CellReject(
                        grid.name, cell_ref(data_rows[j], c or 0), key, str(raw[j]), str(err),
                        err.allowed))
            continue
        f = _BY_KEY[col.key]
        if col.key == "platform_vendor":
            # offices that write the platform where note 7 asks the vendor (微信 for 腾讯):
            # the platform is the row's category when no group row gave one
            for j, v in enumerate(raw):
                if categories[j] is None and isinstance(v, str):
                    categories[j] = _PLATFORM_NAMES.get(norm(v))
        got, errs = parse_column(raw, f.parse)
        if f.kind == "ticks":
            got = [() if g is None else g for g in got]
        values[col.key] = got
        for j, err in errs.items():
            bad.setdefault(j, []).append(CellReject(
                grid.name, cell_ref(data_rows[j], c or 0), f.key, str(raw[j]), str(err),
                err.allowed))
    keys = [f.key for f in ROW_FIELDS]
    for j, r in enumerate(data_rows):
        if j in bad:
            inv.rejects += bad[j]
            inv.rejected_rows.append(r + 1)
            continue
        inv.rows.append({k: values[k][j] for k in keys})
        inv.row_numbers.append(r + 1)
    return inv
