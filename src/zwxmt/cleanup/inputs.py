"""Reading the cleanup inputs: accounts (with their profile), profiles, events, scores, averages.

Each input is declared once with the table layer (:mod:`zwxmt.table`) and validated on whole
columns: :data:`ACCOUNTS` (the registry, ``HN-A1``, plus the :class:`AccountProfile` columns the
inventory form ``HN-A2`` and the one-year commitment ``ZJG-6.1.1-T1`` need), :data:`PROFILES`,
:data:`EVENTS` and :data:`SCORES`; the province averages are the scoring input ``averages``
(:data:`zwxmt.scoring.inputs.AVERAGES`). Every reader returns what it kept, a
:class:`~zwxmt.table.Failures` table naming file, row, column, value and a stable check code,
and rows read = used + rejected. Columns not declared are ignored with a notice and never
copied; contact columns are masked in every failure record.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from zwxmt.activity.model import NO_DAY, MonthGrid
from zwxmt.arrays import I64, B
from zwxmt.cleanup.history import EVENT_KINDS, AccountTable, Events
from zwxmt.models import Account, Count, Money, ZwxmtModel, zh_field
from zwxmt.models.organisation import Operator
from zwxmt.regions import RegionIndex
from zwxmt.scoring.inputs import AVERAGES
from zwxmt.table import Column, Counts, Failures, InputSchema, Validated, register
from zwxmt.vocabulary import (
    AccountKind,
    AccountStatus,
    AdminLevel,
    BasicFunction,
    OperationMode,
    OperatorKind,
    Platform,
    lookup,
    normalise,
)

__all__ = [
    "ACCOUNTS",
    "EVENTS",
    "EVENT_LABELS",
    "PROFILES",
    "PROFILE_COLUMNS",
    "SCORES",
    "AccountProfile",
    "AccountRecord",
    "AccountsRead",
    "Read",
    "Scores",
    "account_records",
    "read_accounts",
    "read_averages",
    "read_events",
    "read_scores",
    "scores_from_columns",
]


class AccountProfile(ZwxmtModel):
    """What the inventory form and the commitment check need beyond the account registry."""

    host_contact: str = zh_field("主办单位负责人及联系电话", default="")
    operator_contact: str = zh_field("运营单位联系人及联系电话", default="")
    funding_per_year: Money | None = zh_field("经费保障（元/年）", default=None)
    operators_count: Count | None = zh_field("运营人数", default=None, description="HN-A2(4)")
    has_dedicated_staff: bool | None = zh_field("有无专人运营", default=None)
    commit_fans: Count | None = zh_field("承诺粉丝数", default=None)
    commit_posts_per_month: float | None = zh_field("承诺发布频率", default=None, ge=0)
    commit_average_reads: float | None = zh_field("承诺平均阅读量", default=None, ge=0)


@dataclass(frozen=True)
class AccountRecord:
    """One kept account as the inventory form reads it (built from validated columns)."""

    account: Account
    profile: AccountProfile
    row: int


#: The profile columns (blank = not given: the profiles file, then the defaults, apply).
PROFILE_COLUMNS: tuple[Column, ...] = (
    Column("host_contact", "主办单位负责人及联系电话", "text", required=False, contact=True,
           description="HN-A2: the host unit's responsible person and phone (masked in logs)"),
    Column("operator_contact", "运营单位联系人及联系电话", "text", required=False, contact=True,
           description="HN-A2: the operator's contact and phone (masked in logs)"),
    Column("funding_per_year", "经费保障（元/年）", "float", required=False, min=0.0,
           aliases=("经费保障",), description="HN-A2: yearly funding in yuan; blank = 0"),
    Column("operators_count", "运营人数", "count", required=False,
           description="HN-A2(4): number of operators; blank = unknown"),
    Column("has_dedicated_staff", "有无专人运营", "bool", required=False,
           description="HN-A2: a dedicated operator; blank = no"),
    Column("commit_fans", "承诺粉丝数", "count", required=False, cite="ZJG-6.1.1-T1",
           description="one-year commitment: fans; blank = none"),
    Column("commit_posts_per_month", "承诺发布频率", "float", required=False, min=0.0,
           cite="ZJG-6.1.1-T1", description="one-year commitment: posts a month"),
    Column("commit_average_reads", "承诺平均阅读量", "float", required=False, min=0.0,
           cite="ZJG-6.1.1-T1", description="one-year commitment: average reads"),
)
_PROFILE_NAMES = tuple(c.name for c in PROFILE_COLUMNS)

ACCOUNTS = register(InputSchema(
    "accounts",
    (
        Column("account_id", "账号编码", "text", aliases=("账号标识", "account"),
               description="zwxmt's stable id of the account"),
        Column("name", "账号名称", "text", aliases=("名称",)),
        Column("platform", "平台", "enum", vocabulary=Platform, aliases=("平台类型",)),
        Column("platform_uid", "账号ID", "text", required=False, default="",
               aliases=("平台账号",), description="the platform's own id"),
        Column("kind", "账号类别", "enum", vocabulary=AccountKind, required=False,
               default=AccountKind.DEPARTMENT.value),
        Column("level", "层级", "enum", vocabulary=AdminLevel, aliases=("行政层级",)),
        Column("host_unit_id", "主办单位编码", "text"),
        Column("host_unit_name", "主办单位", "text", required=False, default=""),
        Column("supervisor_unit_id", "主管单位编码", "text", required=False, default=""),
        Column("region_code", "区划代码", "text", cite="HN-A1",
               description="region of the host unit; 6, 9 or 12 digits, with a resident "
                           "population (the population criteria need it)"),
        Column("county_code", "县（市、区）区划代码", "text", required=False,
               aliases=("县区划代码",), description="the county the account belongs to; "
                                                  "blank = the region's"),
        Column("opened_on", "开通时间", "date", aliases=("开通日期",)),
        Column("certified", "是否通过认证", "bool", required=False, default=True),
        Column("status", "运行状态", "enum", vocabulary=AccountStatus, required=False,
               default=AccountStatus.NORMAL.value),
        Column("operation_mode", "运营模式", "enum", vocabulary=OperationMode, required=False,
               default=OperationMode.SELF_OPERATED.value,
               description="购买服务 needs an operator (运营单位)"),
        Column("operator_name", "运营单位", "text", required=False),
        Column("operator_kind", "运营单位类型", "enum", vocabulary=OperatorKind, required=False,
               description="blank: other"),
        Column("fans", "粉丝量", "count", required=False, aliases=("粉丝数",),
               description="blank = unknown, never 0 (criteria that need it are not evaluated)"),
        Column("functions", "基本功能", "text", required=False, default="",
               description="basic functions in one cell, separated by 、 , ; or spaces "
                           "(发布、传播、互动、引导、办事, HN-A2(6))"),
        *PROFILE_COLUMNS,
    ),
    key=("account_id",),
    zh="账号清单",
    cite="HN-A1",
    description="the account registry: one row per account, optionally with its profile",
))

PROFILES = register(InputSchema(
    "profiles",
    (Column("account_id", "账号编码", "text", aliases=("账号标识", "account")), *PROFILE_COLUMNS),
    key=("account_id",),
    zh="账号概况",
    cite="HN-A2",
    description="profiles of registry accounts (staff, funding, contacts, commitments); the "
                "accounts file's own profile cells, where given, take precedence",
))

#: Event kinds accepted in Chinese as well.
EVENT_LABELS: Mapping[str, str] = {
    "notification": "notification", "通报": "notification", "被上级通报": "notification",
    "exposure": "exposure", "晾晒": "exposure",
    "incident": "incident", "安全事故": "incident", "泄密事故": "incident",
    "安全、泄密事故": "incident",
    "poor_interaction": "poor_interaction", "互动回应差": "poor_interaction",
    "weak_interaction": "weak_interaction", "互动交流差": "weak_interaction",
    "no_interaction": "no_interaction", "不互动回应": "no_interaction",
    "closure_requested": "closure_requested", "主动申请关停": "closure_requested",
    "host_unit_changed": "host_unit_changed", "主办单位变更": "host_unit_changed",
    "filing_form_signed": "filing_form_signed", "备案登记表签字": "filing_form_signed",
    "filing_approved": "filing_approved", "备案审批": "filing_approved",
    "national_filed": "national_filed", "全国系统备案": "national_filed",
    "filed": "filed", "备案": "filed",
    "account_changed": "account_changed", "账号信息变更": "account_changed",
    "change_filed": "change_filed", "变更备案": "change_filed",
    "host_change_announced": "host_change_announced", "变更公告": "host_change_announced",
    "deregistered": "deregistered", "注销": "deregistered",
    "content_violation": "content_violation", "违规内容": "content_violation",
    "fan_buying": "fan_buying", "购买粉丝": "fan_buying",
    "knowledge_base_updated": "knowledge_base_updated", "知识库更新": "knowledge_base_updated",
}
_EVENT_LOOKUP = {normalise(k): v for k, v in EVENT_LABELS.items()}

EVENTS = register(InputSchema(
    "events",
    (
        Column("account_id", "账号编码", "text", aliases=("账号标识", "account")),
        Column("event", "事项", "text", description="one of " + ", ".join(EVENT_KINDS)
               + " (or 通报, 晾晒, 安全事故, 泄密事故, 互动回应差, 主动申请关停, 主办单位变更)"),
        Column("date", "日期", "date"),
        Column("rectified_on", "整改日期", "date", required=False,
               description="for an exposure (晾晒): the day it was rectified; blank if not yet"),
        Column("note", "说明", "text", required=False, default="", max_length=2000),
    ),
    zh="账号事项",
    cite="ZJG-6.5.1",
    description="dated events of registry accounts (通报, 晾晒, incidents, ...)",
))

SCORES = register(InputSchema(
    "scores",
    (
        Column("account_id", "账号编码", "text", aliases=("账号ID", "账号标识", "account")),
        Column("period", "考核周期", "month", aliases=("月份",)),
        Column("operation_index", "运营指数", "float", required=False, min=0.0),
        Column("total", "总分", "float", required=False, min=0.0),
    ),
    key=("account_id", "period"),
    zh="考核得分",
    cite="ZJG-9.2",
    description="the scoring engine's output (zwxmt score); other columns are ignored",
))


@dataclass(frozen=True)
class Read:
    """What one reader kept, with its failures, counts and notices."""

    failures: Failures
    counts: Counts
    notices: tuple[str, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class AccountsRead:
    """The registry read: the account table (arrays the criteria read), the validated accounts
    (``accounts``: the kept rows in account-code order, with ``county`` and ``functions_zh``),
    their spreadsheet rows, and what was read."""

    table: AccountTable
    accounts: pa.Table
    rows: I64
    read: Read


def _np(col: pa.ChunkedArray | pa.Array, fill: Any = None) -> npt.NDArray[Any]:
    if fill is not None:
        col = pc.fill_null(col, fill)
    return np.asarray(col.to_numpy(zero_copy_only=False))


def _text(col: pa.ChunkedArray | pa.Array) -> npt.NDArray[Any]:
    return np.asarray(pc.fill_null(col, "").to_numpy(zero_copy_only=False), dtype=object)


def _rows_failing(v: Validated, mask: B, column: str, check: str, message: str,
                  values: pa.Array | pa.ChunkedArray | None = None,
                  contact: bool = False) -> Failures:
    vals = v.table.column(column) if values is None else values
    if isinstance(vals, pa.ChunkedArray):
        vals = vals.combine_chunks()
    return Failures.from_mask(file=v.source, rows=v.row_numbers, column=column, values=vals,
                              mask=mask, check=check, message=message, contact=contact)


def _finish(v: Validated, bad: B, parts: list[Failures]) -> tuple[pa.Table, I64, Failures,
                                                                   Counts]:
    """Drop the rows of ``bad`` (checks after the schema's) and count read = used + rejected."""
    keep = ~bad
    table = v.table.filter(pa.array(keep)) if bad.any() else v.table
    rows = v.row_numbers[keep]
    counts = Counts(read=v.counts.read, used=int(keep.sum()),
                    rejected=v.counts.rejected + int(bad.sum()))
    return table, rows, Failures.concat([v.failures, *parts]), counts


_REGION = re.compile(r"^\d{6}(?:\d{3}(?:\d{3})?)?$")
_SEPARATORS = r"[、,，;；/\s]+"


def _functions(col: pa.ChunkedArray) -> tuple[pa.Array, pa.Array, B]:
    """基本功能 cells split into functions, parsed once per distinct cell (few): the codes
    (comma-separated), the Chinese terms (joined with 、) and the cells not understood."""
    text = _text(col)
    uniq, inv = np.unique(text.astype(str), return_inverse=True)
    table = lookup(BasicFunction)
    codes_u: list[str] = []
    zh_u: list[str] = []
    bad_u = np.zeros(len(uniq), dtype=bool)
    for k, cell in enumerate(uniq):  # distinct cells only
        items = [i for i in re.split(_SEPARATORS, str(cell).strip()) if i]
        codes = [table.get(normalise(i)) for i in items]
        bad_u[k] = any(c is None for c in codes)
        found = [BasicFunction(c) for c in codes if c is not None]
        codes_u.append(",".join(f.value for f in found))
        zh_u.append("、".join(f.zh for f in found))
    take = pa.array(inv.ravel().astype(np.int64))
    return (pa.array(codes_u, pa.string()).take(take), pa.array(zh_u, pa.string()).take(take),
            bad_u[inv.ravel()])


def _profiles_given(table: pa.Table) -> B:
    """Rows with at least one profile cell given (they keep their own profile)."""
    given = np.zeros(table.num_rows, dtype=bool)
    for name in _PROFILE_NAMES:
        given |= np.asarray(pc.is_valid(table.column(name)).to_numpy(zero_copy_only=False))
    return given


def read_profiles(source: Any, *, encoding: str | None = None,
                  source_name: str | None = None) -> tuple[pa.Table, I64, Read]:
    """The profiles input: its validated table (blank cells null), the spreadsheet row of
    each kept row, and what was read."""
    v = PROFILES.validate(source, encoding=encoding, source_name=source_name, allow_empty=True)
    return v.table, v.row_numbers, Read(v.failures, v.counts, v.notices, v.source)


def read_accounts(source: Any, regions: RegionIndex, *, profiles: pa.Table | None = None,
                  encoding: str | None = None, source_name: str | None = None,
                  today: dt.date | None = None) -> AccountsRead:
    """The account registry, validated on whole columns.

    Beyond the declared columns: a region (or county) without a resident population in
    ``regions`` (``unknown_region``), 购买服务 without an operator (``missing_value``), an
    unknown basic function (``unknown_basic_function``), and an opening date after ``today``
    (the registry records accounts that exist). ``profiles`` (:func:`read_profiles`) fills
    the profile of an account whose own profile cells are all blank. ``source`` may also be
    an HN-A2 inventory or HN-A1 records (a spreadsheet path, or a
    :class:`zwxmt.forms.AccountsForm` with what an office's form lacks): the form gives the
    accounts columns (:func:`zwxmt.forms.accounts.read_form_accounts`), validated as any
    table, its refused cells in the same failures (``form_value``).
    """
    today = today or dt.date.today()
    from zwxmt.forms.accounts import read_form_accounts  # the forms' reader is optional

    form = read_form_accounts(source)  # an HN-A2/HN-A1 form: its accounts columns
    v = ACCOUNTS.validate(form.raw if form is not None else source, as_of=today,
                          encoding=encoding, source_name=source_name, allow_empty=True)
    t = v.table
    region = _text(t.column("region_code"))
    county_given = _text(t.column("county_code"))
    county = np.where(county_given != "", county_given, region)
    known = np.fromiter((c in regions for c in np.unique(np.r_[region, county])), dtype=bool)
    uniq = np.unique(np.r_[region, county])
    ok_code = np.array([bool(_REGION.match(str(c))) for c in uniq], dtype=bool) & known
    region_ok = ok_code[np.searchsorted(uniq, region)] if len(uniq) else np.ones(0, bool)
    county_ok = ok_code[np.searchsorted(uniq, county)] if len(uniq) else np.ones(0, bool)
    mode = _text(t.column("operation_mode"))
    operator = _text(t.column("operator_name"))
    no_operator = (mode == OperationMode.PURCHASED_SERVICE.value) & (operator == "")
    function_codes, function_zh, bad_functions = _functions(t.column("functions"))
    t = t.set_column(t.schema.get_field_index("functions"), "functions", function_codes)
    t = t.append_column("functions_zh", function_zh).append_column(
        "county", pa.array(county, pa.string()))
    v = dataclasses.replace(v, table=t)
    parts = [
        _rows_failing(v, ~region_ok, "region_code", "unknown_region",
                      "区划代码 (region_code) has no resident population (regions): the "
                      "population criteria need it"),
        _rows_failing(v, region_ok & ~county_ok, "county_code", "unknown_region",
                      "县（市、区）区划代码 (county_code) has no resident population (regions)",
                      values=pa.array(county, pa.string())),
        _rows_failing(v, no_operator, "operator_name", "missing_value",
                      "运营模式 购买服务 needs an operator (运营单位, operator_name)"),
        _rows_failing(v, bad_functions, "functions", "unknown_basic_function",
                      "基本功能 (functions) expected items of 发布、传播、互动、引导、办事"),
    ]
    bad = ~region_ok | ~county_ok | no_operator | bad_functions
    table, rows, failures, counts = _finish(v, bad, parts)
    if form is not None:  # the form's refused cells, and its sheet and row in each message
        failures, counts = form.finish(failures, counts)
    county = county[~bad]
    if profiles is not None and table.num_rows:
        table = _fill_profiles(table, profiles)
    acc = _account_table(table, county, regions)
    return AccountsRead(acc, table, rows, Read(failures, counts, v.notices, v.source))


def _fill_profiles(table: pa.Table, profiles: pa.Table) -> pa.Table:
    """Profile columns from the profiles file for rows whose own profile cells are all blank."""
    own = _profiles_given(table)
    at = pc.index_in(table.column("account_id"), value_set=profiles.column("account_id"))
    pos = np.asarray(pc.fill_null(at, -1).to_numpy(zero_copy_only=False), dtype=np.int64)
    use = (pos >= 0) & ~own
    if not use.any():
        return table
    take = pa.array(np.where(use, pos, 0))
    for name in _PROFILE_NAMES:
        theirs = profiles.column(name).take(take)
        col = pc.if_else(pa.array(use), theirs, table.column(name))
        table = table.set_column(table.schema.get_field_index(name), name, col)
    return table


def unknown_profiles(profiles: pa.Table, rows: I64, accounts: AccountTable, *,
                     source: str) -> tuple[B, Failures]:
    """Profiles of accounts not in the registry: refused (``unknown_account``)."""
    col = profiles.column("account_id")
    known = pc.is_in(col, value_set=pa.array(accounts.account_id.astype(str), pa.string()))
    bad = ~np.asarray(pc.fill_null(known, False).to_numpy(zero_copy_only=False), dtype=bool)
    return bad, Failures.from_mask(
        file=source, rows=rows, column="account_id", values=col.combine_chunks(), mask=bad,
        check="unknown_account", message="profile of an account not in the account registry")


def _account_table(t: pa.Table, county: npt.NDArray[Any], regions: RegionIndex) -> AccountTable:
    region = _text(t.column("region_code"))
    pop = {c: regions.population(c) for c in np.unique(np.r_[region, county])}
    opened = _np(t.column("opened_on").cast(pa.int32())).astype(np.int64)
    return AccountTable(
        account_id=_text(t.column("account_id")),
        platform=_text(t.column("platform")),
        kind=_text(t.column("kind")),
        level=_text(t.column("level")),
        county=np.asarray(county, dtype=object),
        county_population=np.array([pop[c] for c in county], dtype=np.int64),
        region_population=np.array([pop[c] for c in region], dtype=np.int64),
        fans=_np(t.column("fans").cast(pa.float64()), math.nan).astype(float),
        opened=opened,
        host_unit=_text(t.column("host_unit_id")),
        supervised=_text(t.column("supervisor_unit_id")) != "",
        operators=_np(t.column("operators_count"), -1).astype(np.int64),
        commit_fans=_np(t.column("commit_fans").cast(pa.float64()), math.nan).astype(float),
        commit_posts_per_month=_np(t.column("commit_posts_per_month"), math.nan).astype(float),
        commit_average_reads=_np(t.column("commit_average_reads"), math.nan).astype(float),
    )


def account_records(t: pa.Table, rows: I64) -> tuple[AccountRecord, ...]:
    """The validated accounts (:attr:`AccountsRead.accounts`) as models, for the inventory
    form's object API (:func:`~zwxmt.cleanup.inventory.inventory_rows`); not on the batch path:
    ``model_construct`` per account, without validating again."""
    cols = {name: t.column(name).to_pylist() for name in t.column_names}
    out = []
    for i in range(t.num_rows):
        op = None
        if cols["operator_name"][i]:
            op = Operator.model_construct(
                name=cols["operator_name"][i],
                kind=OperatorKind(cols["operator_kind"][i] or OperatorKind.OTHER.value),
                news_qualification=False, subcontracts=False, rights_agreed=True,
                confidentiality_agreement=True, contact=None)
        account = Account.model_construct(
            account_id=cols["account_id"][i], name=cols["name"][i],
            platform=Platform(cols["platform"][i]), platform_uid=cols["platform_uid"][i],
            kind=AccountKind(cols["kind"][i]), level=AdminLevel(cols["level"][i]),
            host_unit_id=cols["host_unit_id"][i], host_unit_name=cols["host_unit_name"][i],
            supervisor_unit_id=cols["supervisor_unit_id"][i],
            region_code=cols["region_code"][i], county_code=cols["county_code"][i],
            opened_on=cols["opened_on"][i], certified=cols["certified"][i],
            status=AccountStatus(cols["status"][i]),
            operation_mode=OperationMode(cols["operation_mode"][i]), operator=op,
            fans=cols["fans"][i],
            functions=tuple(BasicFunction(c) for c in cols["functions"][i].split(",") if c))
        profile = AccountProfile.model_construct(
            host_contact=cols["host_contact"][i] or "",
            operator_contact=cols["operator_contact"][i] or "",
            funding_per_year=cols["funding_per_year"][i],
            operators_count=cols["operators_count"][i],
            has_dedicated_staff=cols["has_dedicated_staff"][i],
            commit_fans=cols["commit_fans"][i],
            commit_posts_per_month=cols["commit_posts_per_month"][i],
            commit_average_reads=cols["commit_average_reads"][i])
        out.append(AccountRecord(account, profile, int(rows[i])))
    return tuple(out)


def _codes(col: pa.ChunkedArray, ids: npt.NDArray[Any]) -> I64:
    at = pc.index_in(col, value_set=pa.array(np.asarray(ids, dtype=object), pa.string()))
    return np.asarray(pc.fill_null(at, -1).to_numpy(zero_copy_only=False), dtype=np.int64)


def read_events(source: Any, accounts: AccountTable, as_of: dt.date, *,
                encoding: str | None = None, source_name: str | None = None,
                ) -> tuple[Events, Read]:
    """Typed events; refuse unknown accounts and kinds, dates after ``as_of`` (the schema's
    bound) and inconsistent rectifications."""
    v = EVENTS.validate(source, as_of=as_of, encoding=encoding, source_name=source_name,
                        allow_empty=True)
    t = v.table
    text = _text(t.column("event"))
    uniq, inv = np.unique(text.astype(str), return_inverse=True)
    mapped = np.array([_EVENT_LOOKUP.get(normalise(u), "") for u in uniq], dtype=object)
    kind = mapped[inv.ravel()] if len(uniq) else np.empty(0, dtype=object)
    code = _codes(t.column("account_id"), accounts.account_id)
    day = _np(t.column("date").cast(pa.int32()), 0).astype(np.int64)
    has_rect = np.asarray(pc.is_valid(t.column("rectified_on")).to_numpy(zero_copy_only=False),
                          dtype=bool)
    rect = np.where(has_rect, _np(t.column("rectified_on").cast(pa.int32()), 0).astype(
        np.int64), np.int64(NO_DAY))
    checks = (
        (code < 0, "account_id", "unknown_account",
         "账号编码 (account_id) is not in the account registry"),
        (kind == "", "event", "unknown_event",
         "事项 (event) expected one of " + ", ".join(EVENT_KINDS)),
        (has_rect & (kind != "exposure"), "rectified_on", "not_an_exposure",
         "only an exposure (晾晒) has a rectification date"),
        (has_rect & (rect < day), "rectified_on", "date_out_of_range",
         "rectified before the exposure"),
    )
    bad = np.zeros(t.num_rows, dtype=bool)
    parts = []
    for mask, column, check, message in checks:
        m = mask & ~bad
        parts.append(_rows_failing(v, m, column, check, message))
        bad |= m
    _, _, failures, counts = _finish(v, bad, parts)
    keep = ~bad
    return (Events(code[keep], kind[keep], day[keep], rect[keep]),
            Read(failures, counts, v.notices, v.source))


@dataclass(frozen=True)
class Scores:
    operation_index: npt.NDArray[np.float64]
    total: npt.NDArray[np.float64]
    rows_read: int
    accepted: int


def _grid_checks(v: Validated, keys: I64, key_name: str, grid: MonthGrid,
                 ) -> tuple[B, list[Failures], I64]:
    months = _np(v.table.column("period"), 0).astype(np.int64) - grid.first
    outside = (months < 0) | (months >= grid.n)
    unknown = keys < 0
    parts = [
        _rows_failing(v, unknown, key_name, "unknown_account",
                      "账号编码 (account_id) is not in the account registry"),
        _rows_failing(v, outside & ~unknown, "period", "date_out_of_range",
                      f"考核周期 (period) outside the assessment months "
                      f"{grid.labels[0]}..{grid.labels[-1]}"),
    ]
    return unknown | outside, parts, months


def read_scores(source: Any, accounts: AccountTable, grid: MonthGrid, *,
                encoding: str | None = None, source_name: str | None = None,
                ) -> tuple[Scores, Read]:
    """The scoring engine's output (``account_id, period, …, operation_index, total``) as
    accounts x months grids; other columns (platform, level, city, county) are ignored."""
    v = SCORES.validate(source, encoding=encoding, source_name=source_name, allow_empty=True)
    code = _codes(v.table.column("account_id"), accounts.account_id)
    bad, parts, months = _grid_checks(v, code, "account_id", grid)
    _, _, failures, counts = _finish(v, bad, parts)
    keep = ~bad
    n = len(accounts)
    out = []
    for name in ("operation_index", "total"):
        values = np.full(n * grid.n, np.nan)
        values[code[keep] * grid.n + months[keep]] = _np(
            v.table.column(name), math.nan).astype(float)[keep]
        out.append(values.reshape(n, grid.n))
    return (Scores(out[0], out[1], counts.read, counts.used),
            Read(failures, counts, v.notices, v.source))


def scores_from_columns(account_id: npt.NDArray[Any], period: npt.NDArray[Any],
                        operation_index: npt.NDArray[np.float64], total: npt.NDArray[np.float64],
                        accounts: AccountTable, grid: MonthGrid) -> Scores:
    """Scores already in memory (the scoring engine's result columns, ``period`` as
    ``YYYY-MM`` or months since 1970-01) as accounts x months grids. Rows of accounts outside
    the table or of months outside ``grid`` are not part of this cleanup and are left out
    (``accepted`` counts the rows placed); an account-month given twice keeps its last row."""
    per = np.asarray(period)
    if per.dtype.kind in "iu":
        months = per.astype(np.int64) - grid.first
    else:
        labels, inv = np.unique(per.astype(np.str_), return_inverse=True)
        month_of = np.array([int(np.datetime64(str(m), "M").astype(np.int64)) for m in labels],
                            dtype=np.int64)
        months = month_of[inv.reshape(-1)] - grid.first
    row_of = _codes(pa.chunked_array([pa.array(np.asarray(account_id, dtype=object),
                                               pa.string())]), accounts.account_id)
    ok = (row_of >= 0) & (months >= 0) & (months < grid.n)
    n_rows = len(accounts)
    cell = row_of[ok] * grid.n + months[ok]
    out = []
    for values in (operation_index, total):
        grid_values = np.full(n_rows * grid.n, np.nan)
        grid_values[cell] = np.asarray(values, dtype=np.float64)[ok]
        out.append(grid_values.reshape(n_rows, grid.n))
    return Scores(out[0], out[1], len(row_of), int(ok.sum()))


def read_averages(source: Any, grid: MonthGrid, effect_index: str, *,
                  encoding: str | None = None, source_name: str | None = None,
                  ) -> tuple[dict[tuple[str, str], float], Read]:
    """Province same-type averages per platform and month (``ZJG-6.5.1(1)``), the scoring
    input ``averages``; months outside ``grid`` are refused."""
    v = AVERAGES.validate(source, encoding=encoding, source_name=source_name, allow_empty=True)
    months = _np(v.table.column("period"), 0).astype(np.int64) - grid.first
    outside = (months < 0) | (months >= grid.n)
    parts = [_rows_failing(v, outside, "period", "date_out_of_range",
                           f"考核周期 (period) outside the assessment months "
                           f"{grid.labels[0]}..{grid.labels[-1]}")]
    _, _, failures, counts = _finish(v, outside, parts)
    keep = ~outside
    values = _np(v.table.column(effect_index), math.nan).astype(float)
    platforms = _text(v.table.column("platform"))
    labels = grid.labels
    result = {(str(p), labels[int(m)]): float(x) for p, m, x in
              zip(platforms[keep], months[keep], values[keep], strict=True) if np.isfinite(x)}
    return result, Read(failures, counts, v.notices, v.source)
