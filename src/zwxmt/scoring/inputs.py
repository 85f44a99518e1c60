"""The declared inputs of scoring (考核数据): raw metrics, sub-index scores, province averages.

Three :class:`~zwxmt.table.schema.InputSchema` declarations, registered by name for
``zwxmt schema``:

- ``metrics`` — the raw layer: one row per account and month with the counts 表2 scores
  (``ZJG-9.2-T2``: 编发数量, 原创比例, 编发天数, 表述错误, 办事服务, 互动回应差, 内部协同完成率,
  未按要求使用平台, and the counts of the communication indices WCI/BCI/DCI);
- ``subscores`` — the audit layer: the twelve sub-index scores of 表2, each 0-100;
- ``averages`` — the province's same-platform averages (全省同类型账号平均值, ``ZJG-6.5.1(1)``),
  the file ``zwxmt score --averages`` writes and ``zwxmt cleanup --averages`` reads.

Both scoring layers carry the identity columns (account, platform and level through the one
vocabulary, so 公众号, 头条号, 区 and 县市区 are read as everywhere else; the month as
:mod:`zwxmt.months`) and the four 一票否决 flags. :func:`read_input` validates any tabular source
against the layer its header names and applies the checks that span columns or rows (the
:data:`ROW_CHECKS`), then builds the :class:`~zwxmt.scoring.frame.ScoringFrame` on whole
columns. Every row read is either in the frame or in the failure cases.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from zwxmt.arrays import I64, B
from zwxmt.errors import HeaderError, InputError
from zwxmt.scoring.formulas import formula_inputs
from zwxmt.scoring.frame import ScoringFrame, frame_from_table
from zwxmt.scoring.parameters import (
    PLATFORMS,
    PLATFORMS_ZH,
    SUBSCORES,
    SUBSCORES_ZH,
    ScoringSection,
)
from zwxmt.table.failures import Counts, Failures
from zwxmt.table.inputs import register
from zwxmt.table.read import RawTable, read_raw
from zwxmt.table.schema import Column, InputSchema, Validated, header_key
from zwxmt.vocabulary import Platform

__all__ = [
    "AVERAGES",
    "GIVEN_INDEX_COLUMNS",
    "ID_COLUMNS",
    "METRICS",
    "RAW_COLUMNS",
    "ROW_CHECKS",
    "SUBSCORES_INPUT",
    "SUBSCORE_COLUMNS",
    "VETO_COLUMNS",
    "Layer",
    "RowsRejected",
    "ScoringInput",
    "frame_from_columns",
    "layer_of",
    "read_input",
]

Layer = Literal["raw", "subscores"]

#: Identity columns of both layers.
ID_COLUMNS: tuple[Column, ...] = (
    Column("account_id", "账号编码", "text", aliases=("账号编号", "账号标识", "account"),
           description="zwxmt's key of the account (not the platform's own 账号ID, see "
                       "docs/forms.md); one row per account and month",
           cite="ZJG-9.2"),
    Column("platform", "平台", "enum", vocabulary=Platform, aliases=("平台类型", "账号类型"),
           description="the account's platform; 表2 scores 政务微信, 政务微博, 政务头条 and "
                       "政务抖音 (wechat, weibo, toutiao, douyin): a row of another platform "
                       "is refused (platform_not_assessed)", cite="ZJG-9.2-T2"),
    Column("period", "考核周期", "month", aliases=("月份", "考核月份", "month"),
           description="the month assessed, YYYY-MM (monthly assessment)", cite="ZJG-9.2"),
    Column("level", "层级", "enum", vocabulary="level",
           aliases=("主办单位层级", "行政层级"),
           description="the host unit's level: the region its veto deducts from",
           cite="ZJG-9.2-T2-VD"),
    Column("city", "所属地市", "text", required=False, aliases=("地市", "市"),
           description="city (地市) code or name; required below the province (the region "
                       "of a city account's veto deduction)", cite="ZJG-9.2-T2-VD"),
    Column("county", "所属县（市、区）", "text", required=False,
           aliases=("所属县市区", "县（市、区）", "县市区", "区县"),
           description="county code or name; required for county and township accounts "
                       "(the region of their veto deduction)", cite="ZJG-9.2-T2-VD"),
)


def _count(name: str, zh: str, cite: str, description: str, *, required: bool = False,
           aliases: tuple[str, ...] = (), maximum: float | None = None) -> Column:
    """A raw count: a finite number from 0 to 1e12 (issue #9), blank = not given."""
    return Column(name, zh, "float", aliases=aliases, required=required, min=0.0, max=maximum,
                  cite=cite, description=description)


_D, _H, _C, _O = ("ZJG-9.2-T2-diligence", "ZJG-9.2-T2-health", "ZJG-9.2-T2-cluster",
                  "ZJG-9.2-T2-operation")

#: Raw metrics (the raw layer), with the seed's term as the Chinese name.
RAW_COLUMNS: tuple[Column, ...] = (
    _count("posts", "编发数量", _D, "posts published in the month", required=True,
           aliases=("发文数", "发布数量")),
    _count("original_posts", "原创数量", _D,
           "original posts (原创比例 = original_posts / posts); at most posts", required=True,
           aliases=("原创数",)),
    _count("posting_days", "编发天数", _D, "days of the month with at least one post",
           required=True, maximum=31.0, aliases=("更新天数",)),
    _count("serious_errors", "严重表述错误", _H, "serious expression errors found",
           required=True),
    _count("general_errors", "一般表述错误", _H, "general expression errors found",
           required=True),
    _count("poor_responses", "互动回应差", _H, "poor-response findings", required=True),
    Column("service_availability", "办事服务", "rate", required=False,
           description="share of service functions available, 0-1 or a percentage; required "
                       "for 政务微信 rows, not read for the others", cite=_H),
    Column("coordination_rate", "内部协同完成率", "rate",
           description="internal coordination tasks completed, 0-1 or a percentage",
           cite=_C),
    _count("platform_misuse", "未按要求使用平台", _C,
           "findings of not using the management platform as required", required=True),
    _count("reads", "阅读数", _O, "total reads (WCI R)", aliases=("阅读量",)),
    _count("reads_headline", "头条阅读数", _O, "reads of headline posts (WCI Rt)"),
    _count("reads_max", "最高阅读数", _O, "reads of the most-read post (WCI Rmax)"),
    _count("looks", "在看数", _O, "total 在看 (WCI Z)"),
    _count("looks_headline", "头条在看数", _O, "在看 of headline posts (WCI Zt)"),
    _count("looks_max", "最高在看数", _O, "highest 在看 of a post (WCI Zmax)"),
    _count("likes", "点赞数", _O, "total likes (WCI L; BCI/DCI likes)"),
    _count("likes_headline", "头条点赞数", _O, "likes of headline posts (WCI Lt)"),
    _count("likes_max", "最高点赞数", _O, "highest likes of a post (WCI Lmax)"),
    _count("reposts", "转发数", _O, "reposts / shares (BCI 转发, DCI 分享)"),
    _count("comments", "评论数", _O, "comments (BCI, DCI)"),
    _count("shares", "转发数（微信）", _O,
           "WeChat shares (转发, RE of the current WCI V14.2; issue 10)"),
    _count("shares_headline", "头条转发数", _O, "shares of headline posts (WCI REt)"),
    _count("shares_max", "最高转发数", _O, "shares of the most-shared post (WCI REmax)"),
    _count("wci", "WCI", _O, "a given WCI (政务微信), used instead of the counts"),
    _count("bci", "BCI", _O, "a given BCI (政务微博, 政务头条), used instead of the counts"),
    _count("dci", "DCI", _O, "a given DCI (政务抖音), used instead of the counts"),
)

#: The given-index columns and the platforms each serves.
GIVEN_INDEX_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "wci": ("wechat",), "bci": ("weibo", "toutiao"), "dci": ("douyin",)}

#: The sub-index scores of 表2 (the audit layer), each 0-100.
SUBSCORE_COLUMNS: tuple[Column, ...] = tuple(
    Column(s, SUBSCORES_ZH[s], "float", required=s != "service_score", min=0.0, max=100.0,
           cite="ZJG-9.2-T2",
           description="sub-index score 0-100" + (
               "; required for 政务微信 rows, not read for the others" if s == "service_score"
               else ""))
    for s in SUBSCORES)

#: The 一票否决 flags (``ZJG-9.2-T2-V1``..``V4``), as the bundled rulebook names them.
VETO_COLUMNS: tuple[Column, ...] = (
    Column("veto_no_update_14d", "14天未更新", "bool", required=False, cite="ZJG-9.2-T2-V1",
           aliases=("连续14天未更新",),
           description="一票否决: not updated for 14 days; blank: no finding (no veto)"),
    Column("veto_major_negative_opinion", "引发重大负面舆情", "bool", required=False,
           cite="ZJG-9.2-T2-V2",
           description="一票否决: caused a major negative public-opinion event; blank: no "
                       "finding (no veto)"),
    Column("veto_leak_incident", "出现泄密安全事故", "bool", required=False,
           cite="ZJG-9.2-T2-V3",
           description="一票否决: a leak or security incident; blank: no finding (no veto)"),
    Column("veto_notified", "被通报", "bool", required=False, cite="ZJG-9.2-T2-V4",
           aliases=("被省级以上政府办公厅、宣传网信部门通报",),
           description="一票否决: notified (被通报) by the provincial general office or the "
                       "propaganda and cyberspace departments; blank: no finding (no veto)"),
)

_KEY = ("account_id", "period")

METRICS = register(InputSchema(
    "metrics", (*ID_COLUMNS, *RAW_COLUMNS, *VETO_COLUMNS), key=_KEY, zh="考核原始数据",
    cite="ZJG-9.2-T2",
    description="Raw metrics of the monthly assessment (the raw layer of 表2): one row per "
                "account and month. Blank is unknown: a count the row's communication-index "
                "formula reads must be given (or the index itself, wci/bci/dci)."))
SUBSCORES_INPUT = register(InputSchema(
    "subscores", (*ID_COLUMNS, *SUBSCORE_COLUMNS, *VETO_COLUMNS), key=_KEY,
    zh="考核子指标得分", cite="ZJG-9.2-T2",
    description="The twelve sub-index scores of 表2 (the audit layer), 0-100, one row per "
                "account and month; the indices and the total are recomputed from them."))
AVERAGES = register(InputSchema(
    "averages", (
        Column("platform", "平台", "enum", vocabulary=Platform, cite="ZJG-6.5.1(1)",
               description="the platform (同类型账号: accounts of the same platform)"),
        Column("period", "考核周期", "month", aliases=("月份",), cite="ZJG-9.2",
               description="the month (or the assessment period) averaged"),
        Column("accounts", "账号数", "count", required=False,
               description="accounts averaged (informative)"),
        Column("operation_index", "运营指数", "float", min=0.0, max=100.0,
               aliases=("province_platform_average_operation", "全省同类型账号运营指数平均值"),
               cite="ZJG-6.5.1(1)",
               description="the province's same-platform average 运营指数"),
        Column("total", "总分", "float", min=0.0, max=100.0,
               aliases=("province_platform_average_total", "全省同类型账号总分平均值"),
               cite="ZJG-6.5.1(1)", description="the province's same-platform average total"),
    ), key=("platform", "period"), zh="全省同类型账号平均值", cite="ZJG-6.5.1(1)",
    description="The province's same-platform averages per month, as `zwxmt score "
                "--averages` writes them; the cleanup compares accounts with them."))

#: Checks across columns and rows, applied after each column is parsed (check code: rule).
ROW_CHECKS: Mapping[str, str] = {
    "platform_not_assessed": "表2 scores 政务微信, 政务微博, 政务头条 and 政务抖音 only "
                             "(ZJG-9.2-T2)",
    "missing_value": "政务微信 rows need 办事服务 / service_score (ZJG-9.2-T2-health); county "
                     "and township rows their county, rows below the province their city "
                     "(ZJG-9.2-T2-VD); a count the row's communication-index formula reads, "
                     "unless the index is given (ZJG-9.2-T2-operation)",
    "out_of_range": "original_posts at most posts (ZJG-9.2-T2-diligence)",
    "duplicate_key": "one row per account and month: every row of a repeated account and "
                     "month is refused (ZJG-9.2)",
}


def layer_of(header: Sequence[str]) -> Layer:
    """The audit layer when the header names more than one sub-index score, else raw."""
    names = {header_key(h) for h in header}
    hits = sum(1 for c in SUBSCORE_COLUMNS if any(header_key(n) in names for n in c.names))
    return "subscores" if hits > 1 else "raw"


@dataclass(frozen=True)
class ScoringInput:
    """A validated scoring input: the frame of the rows kept, the failure cases of the rows
    refused, rows read = used + rejected, and notices (columns ignored)."""

    frame: ScoringFrame
    failures: Failures
    counts: Counts
    source: str
    layer: Layer
    notices: tuple[str, ...] = ()


def _without_key(schema: InputSchema) -> InputSchema:
    """The schema validated without its key: scoring refuses every row of a repeated key
    (:func:`_row_checks`), where the core keeps the first."""
    return dataclasses.replace(schema, key=())


_VALIDATE = {"raw": _without_key(METRICS), "subscores": _without_key(SUBSCORES_INPUT)}


def _np_bool(values: pa.Array | pa.ChunkedArray) -> B:
    return np.asarray(pc.fill_null(values, False).to_numpy(zero_copy_only=False), dtype=bool)


def _null(table: pa.Table, name: str) -> B:
    return np.asarray(table.column(name).is_null().to_numpy(zero_copy_only=False), dtype=bool)


def _row_checks(v: Validated, layer: Layer, section: ScoringSection) -> tuple[list[Failures], B]:
    """The cross-column and cross-row checks on the rows the columns let through: failure
    cases and the mask of rows refused (aligned with ``v.table``)."""
    t = v.table
    n = t.num_rows
    rows = v.row_numbers
    file = v.source
    schema = METRICS if layer == "raw" else SUBSCORES_INPUT
    parts: list[Failures] = []
    bad = np.zeros(n, dtype=bool)

    def fail(mask: B, column: str, check: str, message: str, *, show: bool = True) -> None:
        nonlocal bad
        mask = mask & ~bad
        if mask.any():
            values = t.column(column).combine_chunks() if show else None
            parts.append(Failures.from_mask(file=file, rows=rows, column=column, values=values,
                                            mask=mask, check=check, message=message))
            bad |= mask

    platform = t.column("platform")
    assessed = pc.is_in(platform, value_set=pa.array(PLATFORMS))
    fail(~_np_bool(assessed), "platform", "platform_not_assessed",
         f"{schema['platform'].label} is not one 表2 assesses; expected one of "
         + ", ".join(f"{p} ({PLATFORMS_ZH[p]})" for p in PLATFORMS) + " (ZJG-9.2-T2)")
    wechat = _np_bool(pc.equal(platform, "wechat"))
    need = "service_availability" if layer == "raw" else "service_score"
    fail(wechat & _null(t, need), need, "missing_value",
         f"{schema[need].label} is blank but required for 政务微信 rows (表2 办事服务, "
         "ZJG-9.2-T2-health)", show=False)
    level = t.column("level")
    for name, levels in (("county", ("county", "township")),
                         ("city", ("city", "county", "township"))):
        below = _np_bool(pc.is_in(level, value_set=pa.array(levels)))
        fail(below & _null(t, name), name, "missing_value",
             f"{schema[name].label} is blank but required for {'/'.join(levels)} accounts "
             "(the region of the veto deduction, ZJG-9.2-T2-VD)", show=False)
    if layer == "raw":
        over = _np_bool(pc.greater(t.column("original_posts"), t.column("posts")))
        fail(over, "original_posts", "out_of_range",
             "原创数量 (original_posts) exceeds 编发数量 (posts); expected original_posts <= "
             "posts (原创比例, ZJG-9.2-T2-diligence)")
        # a count the row's communication-index formula reads is unknown, and no index given
        for code, p in enumerate(PLATFORMS):
            del code
            on = _np_bool(pc.equal(platform, p))
            if not on.any():
                continue
            given_col = next(k for k, ps in GIVEN_INDEX_COLUMNS.items() if p in ps)
            todo = on & _null(t, given_col)
            formula = section.formula_for(p)
            for name in formula_inputs(formula):
                fail(todo & _null(t, name), name, "missing_value",
                     f"{schema[name].label} is blank but the {PLATFORMS_ZH[p]} formula "
                     f"{formula.title} reads it; give it, or the index itself as "
                     f"{given_col} (ZJG-9.2-T2-operation)", show=False)
    # one row per account and month (ZJG-9.2): every row of a repeated key is refused
    ok = np.flatnonzero(~bad)
    if ok.size > 1:
        acc = pc.dictionary_encode(t.column("account_id").combine_chunks().take(
            pa.array(ok))).indices.to_numpy(zero_copy_only=False).astype(np.int64)
        per = np.asarray(t.column("period").combine_chunks().take(pa.array(ok))
                         .to_numpy(zero_copy_only=False), dtype=np.int64)
        key = acc * (int(per.max()) - int(per.min()) + 1) + (per - int(per.min()))
        order = np.argsort(key, kind="stable")
        sk = key[order]
        same_next = np.zeros(ok.size, dtype=bool)
        same_next[:-1] = sk[1:] == sk[:-1]
        same_prev = np.zeros(ok.size, dtype=bool)
        same_prev[1:] = same_next[:-1]
        dup_sorted = same_next | same_prev
        if dup_sorted.any():
            # the other row named in each message: the next row of the run, or the first
            start = np.flatnonzero(~same_prev)
            run = np.cumsum(~same_prev) - 1
            other_sorted = np.where(same_next, np.roll(order, -1), order[start[run]])
            dup = np.zeros(n, dtype=bool)
            dup[ok[order[dup_sorted]]] = True
            other = np.zeros(n, dtype=np.int64)
            other[ok[order]] = rows[ok[other_sorted]]
            idx = np.flatnonzero(dup)
            key_text = pc.binary_join_element_wise(
                t.column("account_id").combine_chunks().take(pa.array(idx)),
                pa.array(_month_labels(t, idx)), " / ")
            base = Failures.from_mask(file=file, rows=rows[idx], column="account_id+period",
                                      values=key_text, mask=np.ones(idx.size, dtype=bool),
                                      check="duplicate_key", message="")
            messages = pc.binary_join_element_wise(
                "账号ID (account_id) and 考核周期 (period) repeat in row ",
                pc.cast(pa.array(other[idx]), pa.string()),
                ": expected one row per account and month, every such row is refused "
                "(ZJG-9.2)", "")
            parts.append(Failures(base.table.set_column(5, "message", messages)))
            bad |= dup
    return parts, bad


def _month_labels(t: pa.Table, idx: I64) -> Any:
    from zwxmt import months

    return months.labels(np.asarray(t.column("period").combine_chunks().take(pa.array(idx))
                                    .to_numpy(zero_copy_only=False)))


def _refuse_platform_uid_as_key(header: Sequence[str], schema: InputSchema, file: str) -> None:
    """账号ID alone names the platform's own id in the forms (HN-A1, HN-A2), not zwxmt's key:
    said, never guessed (docs/forms.md)."""
    names = {header_key(h) for h in header}
    key = next(c for c in schema.columns if c.name == "account_id")
    if header_key("账号ID") in names and not any(header_key(n) in names for n in key.names):
        raise HeaderError("column 账号ID: in the forms 账号ID is the platform's own account id; "
                          "the key that joins zwxmt's tables is account_id (账号编码), see "
                          "docs/forms.md", check="missing_column", file=file,
                          field="account_id")


def read_input(source: Any, section: ScoringSection, *, layer: Layer | None = None,
               encoding: str | None = None, sheet: str | int | None = None,
               as_of: dt.date | None = None, source_name: str | None = None,
               partition: bool = True) -> ScoringInput:
    """Validate a scoring input and build its frame.

    ``source`` is anything :func:`zwxmt.table.read.read_raw` reads: a path (CSV in UTF-8 or
    GB18030, JSON lines, Parquet, XLSX), a pyarrow table, a pandas or polars frame, anything
    with ``__arrow_c_stream__``, or a mapping of columns. The layer is the one the header
    names (:func:`layer_of`) unless given. Columns are parsed and bounded by the declared
    schema (:data:`METRICS`, :data:`SUBSCORES_INPUT`), then the :data:`ROW_CHECKS` apply;
    ``as_of`` bounds the months (none after the assessment date).

    Raises :class:`~zwxmt.errors.InputError` only for what refuses the whole input (unreadable
    or empty source, a column given twice, a required column absent).
    """
    raw = source if isinstance(source, RawTable) else read_raw(
        source, encoding=encoding, sheet=sheet, name=source_name, allow_empty=True)
    chosen: Layer = layer if layer is not None else layer_of(raw.column_names)
    schema = _VALIDATE[chosen]
    _refuse_platform_uid_as_key(raw.column_names, schema, raw.source)
    v = schema.validate(raw, as_of=as_of, allow_empty=True)
    parts, bad = _row_checks(v, chosen, section)
    table, rows = v.table, v.row_numbers
    if bad.any():
        keep = ~bad
        table = table.filter(pa.array(keep))
        rows = rows[keep]
    failures = Failures.concat([v.failures, *parts])
    counts = Counts(read=v.counts.read, used=table.num_rows,
                    rejected=v.counts.read - table.num_rows)
    frame = frame_from_table(table, section, mode=chosen, rows=rows, partition=partition)
    return ScoringInput(frame, failures, counts, v.source, chosen, v.notices)


def frame_from_columns(columns: Any, section: ScoringSection, *,
                       mode: Layer | None = None, partition: bool = True) -> ScoringFrame:
    """A frame from in-memory columns (a mapping of column name -> sequence or array, a pandas
    or polars frame, a pyarrow table), validated exactly as a file is (:func:`read_input`).

    Strict: raises :class:`~zwxmt.errors.InputError` naming the first failure cases when any
    row is refused (use :func:`read_input` to keep the valid rows and the failure cases).
    """
    got = read_input(columns, section, layer=mode, partition=partition,
                     source_name="<columns>" if isinstance(columns, Mapping) else None)
    if len(got.failures):
        raise RowsRejected(got)
    return got.frame


class RowsRejected(InputError):
    """Rows of an in-memory scoring input were refused (strict entry points)."""

    code = "rows_rejected"

    def __init__(self, got: ScoringInput) -> None:
        lines = got.failures.head_text(5)
        more = len(got.failures) - len(lines)
        super().__init__(
            f"{got.counts.rejected} of {got.counts.read} rows refused: " + "; ".join(lines)
            + (f"; and {more} more failure cases" if more > 0 else ""))
        self.input = got
