"""The pass/fail check items (检查指标), each declared once with its clause.

A check item is a pure function ``(ctx, params) -> ItemOutcome`` over every account at once:
where it fails, the evidence (one array per value), and where it cannot be decided because an
input was not given (house rule 4: unknown is never a pass). One failing item makes the
account 不合格 (单项否决, ``NAT-V``; ``HN-5.3-veto`` in Hengnan). The items read the inputs of
``zwxmt cleanup``: the account registry, the posts (activity) and the account events.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from dateutil.relativedelta import relativedelta

from zwxmt.activity.model import NO_DAY, day_number
from zwxmt.arrays import I64, B
from zwxmt.calendar import add_working_days_array
from zwxmt.checks.parameters import ChecksParams
from zwxmt.cleanup.history import Events, History
from zwxmt.declarations import check

__all__ = ["NO_EVENTS", "NO_POSTS", "CheckContext", "ItemOutcome"]

Evidence = dict[str, npt.NDArray[np.generic]]

NO_EVENTS = "account events not given"
NO_POSTS = "posts not given (更新情况 unknown)"


@dataclass(frozen=True)
class CheckContext:
    """The inputs of a check run, read as ``zwxmt cleanup`` reads them."""

    history: History
    events: Events
    events_given: bool
    as_of: dt.date

    @property
    def n(self) -> int:
        return len(self.history)

    def all(self, value: bool) -> B:
        return np.full(self.n, value, dtype=np.bool_)


@dataclass(frozen=True)
class ItemOutcome:
    """Where an item fails, its evidence, and where (and why) it cannot be decided."""

    fails: B
    evidence: Evidence
    unknown: Mapping[str, B] = field(default_factory=dict)


def _period_start(ctx: CheckContext, months: int) -> int:
    """Day number before the period: events dated in (start, as_of] are examined."""
    return day_number(ctx.as_of - relativedelta(months=months))


def _count(ctx: CheckContext, kinds: list[str] | tuple[str, ...], lo: int) -> tuple[I64, I64]:
    ev = ctx.events
    m = np.isin(ev.kind, list(kinds)) & (ev.day > lo) & (ev.day <= day_number(ctx.as_of))
    count = np.bincount(ev.account[m], minlength=ctx.n).astype(np.int64)
    last = np.full(ctx.n, NO_DAY, dtype=np.int64)
    np.maximum.at(last, ev.account[m], ev.day[m])
    return count, last


def _events_unknown(ctx: CheckContext, fails: B) -> dict[str, B]:
    """An item that fails on an event found: without events, the others are unknown."""
    return {} if ctx.events_given else {NO_EVENTS: ~fails}


def _no_events_unknown(ctx: CheckContext) -> dict[str, B]:
    """An item that fails on an event missing: without events, every account is unknown."""
    return {} if ctx.events_given else {NO_EVENTS: ctx.all(True)}


def _first_on_or_after(ctx: CheckContext, openers: B, closers: B) -> I64:
    """For each opening event, the day of the account's first closing event on or after it
    (NO_DAY when none): one sorted search over (account, day) keys."""
    ev = ctx.events
    key = ev.account.astype(np.int64) * (1 << 32) + (ev.day - day_number(dt.date(1900, 1, 1)))
    ck = np.sort(key[closers])
    ok = key[openers]
    pos = np.searchsorted(ck, ok, side="left")
    found = pos < ck.size
    hit = ck[np.minimum(pos, max(ck.size - 1, 0))] if ck.size else ok
    same = found & ((hit >> 32) == (ok >> 32))
    return np.where(same, (hit & ((1 << 32) - 1)) + day_number(dt.date(1900, 1, 1)), NO_DAY)


def _late_after(ctx: CheckContext, opener_kind: str, closer_kinds: tuple[str, ...],
                working_days: int) -> tuple[B, I64, I64]:
    """Per account: an ``opener_kind`` event not followed within ``working_days`` working days
    by an event of one of ``closer_kinds``; the latest such opening day, and how many."""
    ev = ctx.events
    openers = ev.kind == opener_kind
    days = ev.day[openers]
    closed_on = _first_on_or_after(ctx, openers, np.isin(ev.kind, list(closer_kinds)))
    done = closed_on != NO_DAY
    due = add_working_days_array(days.astype("datetime64[D]"), working_days).astype(np.int64)
    as_of = day_number(ctx.as_of)
    late = np.where(done, closed_on > due, as_of > due)
    acc = ev.account[openers][late]
    n_late = np.bincount(acc, minlength=ctx.n).astype(np.int64)
    last = np.full(ctx.n, NO_DAY, dtype=np.int64)
    np.maximum.at(last, acc, days[late])
    return n_late > 0, last, n_late


# --- 国办秘函〔2019〕19号 单项否决 (NAT-V) -----------------------------------------------------

@check("security_veto", "NAT-V1", label_zh="出现安全、泄密事故等严重问题",
       params=("period_months",), also=("LN-3.3", "LN-3.3-secrets", "HN-4.3"))
def security_veto(ctx: CheckContext, p: ChecksParams) -> ItemOutcome:
    """安全、泄密事故等严重问题: an ``incident`` event dated in the check period."""
    count, last = _count(ctx, ("incident",), _period_start(ctx, p.value("period_months")))
    fails = count > 0
    return ItemOutcome(fails, {"incidents": count, "last_incident": last},
                       _events_unknown(ctx, fails))


@check("no_update_veto", "NAT-V2", label_zh="内容不更新（监测时间点前2周内无更新）",
       params=("no_update_days",), also=("HN-5.3", "LN-3.2-timeliness"))
def no_update_veto(ctx: CheckContext, p: ChecksParams) -> ItemOutcome:
    """内容不更新: 监测时间点前2周内无更新 — no post in the ``no_update_days`` days up to and
    including the monitoring point (the assessment date). The opening day counts as an update,
    so an account opened within the window has not failed."""
    h = ctx.history
    last = h.last_post_day[:, -1] if h.grid.n else np.full(ctx.n, NO_DAY, dtype=np.int64)
    last = np.maximum(last, h.accounts.opened)
    days = day_number(ctx.as_of) - last
    fails = (days >= p.value("no_update_days")) & h.has_activity
    unknown = {} if h.has_activity else {NO_POSTS: ctx.all(True)}
    return ItemOutcome(fails, {"days_without_update": days, "last_update": last}, unknown)


@check("poor_interaction_veto", "NAT-V3",
       label_zh="互动回应差（未提供有效互动功能或长期未回应网民留言）",
       params=("period_months", "interaction_kinds"), also=("HN-5.3", "GZ-2.2", "LN-2.3"))
def poor_interaction_veto(ctx: CheckContext, p: ChecksParams) -> ItemOutcome:
    """互动回应差: an event of one of ``interaction_kinds`` in the check period —
    ``no_interaction`` (interaction closed, or not one message due answered in an
    account-month of the review audit) and, where the rulebook lists it, ``poor_interaction``."""
    kinds = list(p.value("interaction_kinds"))
    count, last = _count(ctx, kinds, _period_start(ctx, p.value("period_months")))
    fails = count > 0
    return ItemOutcome(fails, {"interaction_findings": count, "last_finding": last},
                       _events_unknown(ctx, fails))


# --- Hengnan (HN) ---------------------------------------------------------------------------

FILING_STEPS: tuple[str, ...] = ("filing_form_signed", "filing_approved", "national_filed")


@check("filing_incomplete", "HN-4.1-filing",
       label_zh="备案登记表经单位主要负责人签字、主管单位审批后在全国系统备案",
       also=("HN-A1-host", "HN-A1", "HN-4.1-single"))
def filing_incomplete(ctx: CheckContext, p: ChecksParams) -> ItemOutcome:
    """政务新媒体管理实行分级备案制度,严禁未经批准私自开设: the 备案登记表 (HN-A1) signed by the
    unit's head (``filing_form_signed``), approved by the competent unit (``filing_approved``),
    then filed in the national system (``national_filed``), in that order."""
    firsts = []
    for kind in FILING_STEPS:
        m = (ctx.events.kind == kind) & (ctx.events.day <= day_number(ctx.as_of))
        first = np.full(ctx.n, np.iinfo(np.int64).max, dtype=np.int64)
        np.minimum.at(first, ctx.events.account[m], ctx.events.day[m])
        firsts.append(first)
    done = np.column_stack([f != np.iinfo(np.int64).max for f in firsts])
    missing = ~done
    order = np.column_stack(firsts)
    out_of_order = done.all(axis=1) & ~((order[:, 0] <= order[:, 1]) & (order[:, 1] <= order[:, 2]))
    fails = missing.any(axis=1) | out_of_order
    n_missing = missing.sum(axis=1)
    return ItemOutcome(fails, {
        "missing_steps": n_missing,
        "form_signed": missing[:, 0] == 0, "approved": missing[:, 1] == 0,
        "national_filed": missing[:, 2] == 0, "out_of_order": out_of_order,
    }, _no_events_unknown(ctx))


@check("change_not_filed", "HN-A1(2)",
       label_zh="账号ID及名称、管理队伍人员或维护方式变更后7个工作日内书面报主管单位备案",
       params=("change_filing_working_days",), also=("ZJG-6.3",))
def change_not_filed(ctx: CheckContext, p: ChecksParams) -> ItemOutcome:
    """账号ID及名称、管理队伍人员或维护方式发生变更，应在7个工作日内以书面形式报主管单位备案:
    an ``account_changed`` event without a ``change_filed`` within the period (or still
    unfiled once it has passed)."""
    late, last, n = _late_after(ctx, "account_changed", ("change_filed",),
                                p.value("change_filing_working_days"))
    return ItemOutcome(late, {"late_changes": n, "last_late_change": last},
                       _events_unknown(ctx, late))


# --- Liaoning (LN) --------------------------------------------------------------------------

@check("one_account_per_platform", "LN-3.1-one-account",
       label_zh="一个单位原则上在同一平台只开设一个政务新媒体账号",
       params=("accounts_per_platform",), also=("LN-3.1",))
def one_account_per_platform(ctx: CheckContext, p: ChecksParams) -> ItemOutcome:
    """一个单位原则上在同一平台只开设一个政务新媒体账号: every account of a host unit that has
    more than ``accounts_per_platform`` accounts on one platform fails (the unit chooses
    which one to keep)."""
    a = ctx.history.accounts
    key = np.char.add(np.char.add(a.host_unit.astype(str), "\x1f"), a.platform.astype(str))
    _, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
    per_group = counts[inverse.reshape(-1)]
    given = a.host_unit.astype(str) != ""
    fails = given & (per_group > p.value("accounts_per_platform"))
    unknown = {"主办单位 not given": ~given}
    return ItemOutcome(fails, {"accounts_of_unit_on_platform": per_group}, unknown)


@check("filing_missing", "LN-3.1-filing",
       label_zh="开设、变更、关停、注销应分级备案",
       also=("HN-4.1-filing",))
def filing_missing(ctx: CheckContext, p: ChecksParams) -> ItemOutcome:
    """建立分级备案制度: no ``filed`` (or ``national_filed``) event for the account up to the
    assessment date. The office it was filed with (same-level government office for a
    department, the level above for a city or county) is not an input: a filing event says the
    account was filed where the unit's level requires."""
    count, _ = _count(ctx, ("filed", "national_filed"), NO_DAY)
    fails = count == 0
    return ItemOutcome(fails, {"filings": count}, _no_events_unknown(ctx))


@check("host_change_unresolved", "LN-3.1-host-change",
       label_zh="主办单位发生变化，应及时注销或变更账号信息并向社会公告",
       params=("host_change_working_days",), also=("HN-4.1-host-change",))
def host_change_unresolved(ctx: CheckContext, p: ChecksParams) -> ItemOutcome:
    """主办单位发生变化的,应及时注销或变更账号信息,并向社会公告: after a ``host_unit_changed``
    event, both a ``change_filed`` or ``deregistered`` event and a ``host_change_announced``
    event within ``host_change_working_days`` working days."""
    n_days = p.value("host_change_working_days")
    late_change, last1, _ = _late_after(ctx, "host_unit_changed",
                                        ("change_filed", "deregistered"), n_days)
    late_notice, last2, _ = _late_after(ctx, "host_unit_changed", ("host_change_announced",),
                                        n_days)
    fails = late_change | late_notice
    return ItemOutcome(fails, {"not_changed_or_deregistered": late_change,
                               "not_announced": late_notice,
                               "host_changed_on": np.maximum(last1, last2)},
                       _events_unknown(ctx, fails))


@check("content_violation", "LN-3.2-opinion-ads",
       label_zh="擅自发布个人观点、意见及情绪的言论，刊登商业广告或不良信息",
       params=("period_months",), also=("LN-3.2", "HN-4.2-opinion-ads", "HN-4.2"))
def content_violation(ctx: CheckContext, p: ChecksParams) -> ItemOutcome:
    """不得擅自发布代表个人观点、意见及情绪的言论,不得刊登商业广告或链接商业广告页面: a
    ``content_violation`` event (from the review audit or a notice) in the check period."""
    count, last = _count(ctx, ("content_violation",),
                         _period_start(ctx, p.value("period_months")))
    fails = count > 0
    return ItemOutcome(fails, {"violations": count, "last_violation": last},
                       _events_unknown(ctx, fails))


@check("fan_buying", "LN-3.4-fans", label_zh="严禁购买“粉丝”等数据造假行为",
       params=("period_months",), also=("HN-4.4-fans",))
def fan_buying(ctx: CheckContext, p: ChecksParams) -> ItemOutcome:
    """严禁购买“粉丝”等数据造假行为: a ``fan_buying`` event in the check period."""
    count, last = _count(ctx, ("fan_buying",), _period_start(ctx, p.value("period_months")))
    fails = count > 0
    return ItemOutcome(fails, {"fan_buying": count, "last_found": last},
                       _events_unknown(ctx, fails))


# --- Guizhou (GZ) ---------------------------------------------------------------------------

@check("knowledge_base_stale", "GZ-2.2-kb", label_zh="编制形成知识库，实行动态更新",
       params=("knowledge_base_update_months",), also=("ZJG-7.3.3-kb",))
def knowledge_base_stale(ctx: CheckContext, p: ChecksParams) -> ItemOutcome:
    """定期整理网民咨询及答复内容……编制形成知识库，实行动态更新: no
    ``knowledge_base_updated`` event in the last ``knowledge_base_update_months`` months."""
    count, last = _count(ctx, ("knowledge_base_updated",),
                         _period_start(ctx, p.value("knowledge_base_update_months")))
    fails = count == 0
    return ItemOutcome(fails, {"updates": count, "last_update": last},
                       _no_events_unknown(ctx))
