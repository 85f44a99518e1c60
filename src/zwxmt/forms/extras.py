"""What zwxmt adds to a form (附加信息), on a sheet of its own, never in the form.

The printed forms have no place for zwxmt's account key (``account_id``, the key that joins
zwxmt's tables), for the region and level the cleanup criteria need, nor for the grounds of a
recommended measure (criteria met, citations, evidence). They go on the sheet
:data:`SHEET`, one row per record, keyed by the form sheet and the row of the record on it
(the Excel row for HN-A2, 0 for the one-record sheets). The form's own 名称 is repeated
there, so a reader can tell that a row still belongs to the record it was written beside.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from zwxmt.forms.cells import CellValueError, is_blank, norm
from zwxmt.forms.fields import Field, Record
from zwxmt.forms.sheet import CellReject
from zwxmt.forms.xlsx import FormBook, Grid, cell_ref
from zwxmt.rules import cite

__all__ = ["EXTRA_FIELDS", "SHEET", "read_extras", "write_extras"]

SHEET = "zwxmt附加信息"
_RULE = cite("HN-A2")

#: zwxmt's fields, by record key; ``account_id`` is zwxmt's key (账号编码), ``platform_uid``
#: the platform's own account id (账号ID).
EXTRA_FIELDS: tuple[Field, ...] = (
    Field("account_id", "账号编码", "text", _RULE,
          description="zwxmt's key that joins its tables (not the platform's 账号ID)"),
    Field("platform_uid", "账号ID（平台）", "text", _RULE,
          description="the platform's own account id"),
    Field("zwxmt_platform", "平台", "text", _RULE,
          description="zwxmt's platform code: wechat, weibo, toutiao, douyin, app, other"),
    Field("level", "层级", "text", _RULE),
    Field("kind", "账号类别", "text", _RULE),
    Field("host_unit_id", "主办单位编码", "text", _RULE),
    Field("supervisor_unit_id", "主管单位编码", "text", _RULE),
    Field("region_code", "区划代码", "text", _RULE),
    Field("county_code", "县（市、区）区划代码", "text", _RULE),
    Field("account_status", "运行状态（登记）", "text", _RULE,
          description="the registry's status (normal, suspended, deregistered, shut_down)"),
    Field("operator_kind", "运营单位类别", "text", _RULE,
          description="subordinate, news_media, news_website, company, … (ZJG-5.2.5)"),
    Field("vendor_detail", "平台运营方", "text", _RULE),
    Field("committed_fans", "承诺粉丝数", "text", _RULE,
          description="the 表1 承诺栏 the one-year check reads (ZJG-6.1.2)"),
    Field("committed_posts_per_month", "承诺发布频率（条/月）", "text", _RULE),
    Field("committed_average_reads", "承诺平均阅读量", "text", _RULE),
    Field("criteria", "符合情形", "text", _RULE),
    Field("citations", "依据条款", "text", _RULE),
    Field("evidence", "证据", "text", _RULE),
    Field("steps", "注销步骤", "text", _RULE),
    Field("not_evaluated", "未评估情形（缺少数据）", "text", _RULE,
          description="criteria not evaluated for want of a value (never read as 0)"),
)
EXTRA_KEYS = tuple(f.key for f in EXTRA_FIELDS)
_HEAD = ("表", "行", "名称")


def write_extras(book: FormBook, rows: Sequence[tuple[str, int, str | None, Record]]) -> None:
    """One row per record: (form sheet, row on it, its 名称, the record's extra fields).

    Written only when some record has an extra value."""
    if not any(any(rec.get(k) not in (None, "") for k in EXTRA_KEYS) for *_, rec in rows):
        return
    ws = book.sheet(SHEET, landscape=True, widths=(18, 6, 20, *(16,) * len(EXTRA_FIELDS)))
    for c, text in enumerate((*_HEAD, *(f.label for f in EXTRA_FIELDS))):
        book.put(ws, 0, c, text, "plain_bold")
    for r, (sheet, row, name, rec) in enumerate(rows, start=1):
        book.put(ws, r, 0, sheet, "plain_cell")
        book.put(ws, r, 1, row, "plain_cell")
        book.put(ws, r, 2, name, "plain_cell")
        for c, f in enumerate(EXTRA_FIELDS, start=3):
            value = rec.get(f.key)
            if value is not None:  # a value not given stays an empty cell
                book.put(ws, r, c, str(value), "plain_cell")


def read_extras(grid: Grid) -> tuple[dict[tuple[str, int], tuple[str | None, Record]],
                                     list[CellReject]]:
    """The extra fields by (form sheet, row), with the 名称 written beside them."""
    if grid.height == 0:
        return {}, []
    header = [norm(str(v)) for v in grid.rows[0]]
    col: dict[str, int] = {h: i for i, h in enumerate(header) if h}
    missing = [h for h in _HEAD[:2] if h not in col]
    if missing:
        return {}, [CellReject(grid.name, "A1", "表/行", "", "the zwxmt sheet has no 表/行 "
                               "columns: its rows cannot be joined to the form",
                               "the sheet as zwxmt writes it")]
    fields: Mapping[int, Field] = {col[norm(f.label)]: f for f in EXTRA_FIELDS
                                   if norm(f.label) in col}
    out: dict[tuple[str, int], tuple[str | None, Record]] = {}
    rejects: list[CellReject] = []
    for r in range(1, grid.height):
        sheet, row = grid.get(r, col["表"]), grid.get(r, col["行"])
        if is_blank(sheet) and is_blank(row):
            continue
        try:
            row_no = int(float(row))
        except (TypeError, ValueError):
            rejects.append(CellReject(grid.name, cell_ref(r, col["行"]), "行", str(row),
                                      "not a row number", "a whole number"))
            continue
        name = grid.get(r, col["名称"]) if "名称" in col else None
        rec: Record = dict.fromkeys(EXTRA_KEYS)
        for c, f in fields.items():
            raw: Any = grid.get(r, c)
            try:
                rec[f.key] = f.parse(raw)
            except CellValueError as exc:  # pragma: no cover - text fields take any text
                rejects.append(CellReject(grid.name, cell_ref(r, c), f.key, str(raw), str(exc),
                                          exc.allowed))
        out[(str(sheet), row_no)] = (None if is_blank(name) else str(name).strip(), rec)
    return out, rejects
