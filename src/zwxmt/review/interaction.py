"""Interaction (互动回应): replies to public messages within the time limit, and channels kept
open.

- ``ZJG-7.3.3``: 对于群众诉求要限时办理、及时反馈 (also ``HN-3.2-deadline``: 限时办结、及时反馈).
  The seeds say only 限时; the limit is the rulebook parameter ``reply_limit_working_days``,
  counted in working days (zwxmt.calendar) after the day a message is received. A reply on the
  limit day is on time; a later reply is ``reply_overdue``; no reply by the audit date, once
  the limit has passed, is ``no_reply``; a message still within its limit is pending.
- ``ZJG-9.2-T2-health`` (互动回应差): the overdue and unanswered messages of an account-period
  (the month a message was received) are its ``poor_responses``; an account-period answering
  less than ``min_response_rate`` of its due messages on time (over at least
  ``min_due_for_rate`` due messages) is ``low_response_rate``, a veto
  candidate (``ZJG-6.1.2-disqualify``: 互动回应差等严重问题 … 视为不合格账号).
- ``HN-3.2``: 原则上不得关闭留言、评论和私信等功能 (``interaction_closed``, a veto candidate).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from zwxmt.calendar import add_working_days_array, is_working_day_array
from zwxmt.review.findings import FindingTable
from zwxmt.review.logs import MessageLog, month_labels
from zwxmt.review.parameters import ReviewParameters, review_parameters
from zwxmt.rules import cite

__all__ = ["InteractionResult", "InteractionSettings", "check_interaction", "check_settings"]

RULE_LIMIT = cite("ZJG-7.3.3")
RULE_OPEN = cite("HN-3.2")
RULE_POOR = cite("ZJG-6.1.2-disqualify")


@dataclass(frozen=True)
class InteractionResult:
    """Per-message status and per-account-period figures of the interaction check.

    ``groups`` has one row per account-period: ``account_id``, ``period``, ``received``,
    ``due`` (limit passed or answered), ``on_time``, ``poor_responses`` and ``response_rate``.
    """

    findings: FindingTable
    deadline: npt.NDArray[np.datetime64]
    on_time: npt.NDArray[np.bool_]
    overdue: npt.NDArray[np.bool_]
    unanswered: npt.NDArray[np.bool_]
    pending: npt.NDArray[np.bool_]
    groups: dict[str, npt.NDArray[Any]]
    as_of: dt.date


@dataclass(frozen=True)
class InteractionSettings:
    """Whether each account keeps comments (评论/留言) and private messages (私信) open."""

    account_id: npt.NDArray[Any]
    comments_open: npt.NDArray[np.bool_]
    messages_open: npt.NDArray[np.bool_]


def _working_day_rank(days: npt.NDArray[np.datetime64], lo: np.datetime64, hi: np.datetime64
                      ) -> npt.NDArray[np.int64]:
    """Number of working days from ``lo`` up to each day (inclusive)."""
    span = np.arange(lo, hi + np.timedelta64(1, "D"), dtype="datetime64[D]")
    cum = np.cumsum(is_working_day_array(span))
    out: npt.NDArray[np.int64] = cum[(days - lo).astype(np.int64)].astype(np.int64)
    return out


def check_interaction(messages: MessageLog, params: ReviewParameters | None = None, *,
                      as_of: dt.date | None = None) -> InteractionResult:
    """Reply deadlines, overdue and unanswered messages, per-account-period response rates.

    ``as_of`` is the audit date; by default the latest day in the log.
    """
    p = params if params is not None else review_parameters()
    sev, veto = p.severities(), p.vetoes()
    limit = p.reply_limit_working_days.value
    n = len(messages)
    received = messages.received_at.astype("datetime64[D]")
    replied = messages.replied_at.astype("datetime64[D]")
    has_reply = ~np.isnat(messages.replied_at)
    if as_of is None:
        latest = [received.max()] if n else []
        if has_reply.any():
            latest.append(replied[has_reply].max())
        # An empty log has no latest day; any date gives the same (empty) answer.
        as_of = max(latest).astype(dt.date) if latest else dt.date(2023, 1, 1)
    today = np.datetime64(as_of, "D")
    # 限时办理: the limit day is the n-th working day after the day of receipt.
    deadline = add_working_days_array(received, limit) if n else received.copy()
    on_time = has_reply & (replied <= deadline)
    overdue = has_reply & (replied > deadline)
    unanswered = ~has_reply & (today > deadline)
    pending = ~has_reply & (today <= deadline)

    months, labels = month_labels(messages.received_at)
    base = int(months.min()) if n else 0
    period = (np.array(labels, dtype=object)[months - base] if n
              else np.empty(0, dtype=object))
    tables: list[FindingTable] = []
    if n:
        lo = min(received.min(), deadline.min())
        hi = max(deadline.max(), replied[has_reply].max() if has_reply.any() else lo, today)
        late_by = np.zeros(n, dtype=np.int64)
        late_by[overdue] = (_working_day_rank(replied[overdue], lo, hi)
                            - _working_day_rank(deadline[overdue], lo, hi))
        idx = np.flatnonzero(overdue)
        if len(idx):
            ev = ("收到" + received[idx].astype(str).astype(object) + "，时限"
                  + deadline[idx].astype(str).astype(object) + f"（{limit}个工作日），回复"
                  + replied[idx].astype(str).astype(object) + "，逾期"
                  + (replied[idx] - deadline[idx]).astype(np.int64).astype(str).astype(object)
                  + "天（" + late_by[idx].astype(str).astype(object) + "个工作日）")
            tables.append(FindingTable.build(
                code="reply_overdue", severity=sev, veto=veto,
                account_id=messages.account_id[idx].astype(object), period=period[idx],
                subject=messages.message_id[idx].astype(str).astype(object), evidence=ev))
        idx = np.flatnonzero(unanswered)
        if len(idx):
            ev = ("收到" + received[idx].astype(str).astype(object) + "，时限"
                  + deadline[idx].astype(str).astype(object) + f"（{limit}个工作日），截至"
                  + str(as_of) + "未回复")
            tables.append(FindingTable.build(
                code="no_reply", severity=sev, veto=veto,
                account_id=messages.account_id[idx].astype(object), period=period[idx],
                subject=messages.message_id[idx].astype(str).astype(object), evidence=ev))

    # Per account-period: received, due, on time, 互动回应差 and the response rate.
    accounts = messages.account_id.astype(str)
    uacc, acc = (np.unique(accounts, return_inverse=True) if n
                 else (np.empty(0, dtype=str), np.empty(0, dtype=np.int64)))
    nm = len(labels) if n else 1
    key = acc.reshape(-1) * nm + (months - base)
    size = len(uacc) * nm
    received_n = np.bincount(key, minlength=size)
    due_n = np.bincount(key, weights=(~pending).astype(np.float64), minlength=size)
    on_time_n = np.bincount(key, weights=on_time.astype(np.float64), minlength=size)
    poor_n = np.bincount(key, weights=(overdue | unanswered).astype(np.float64), minlength=size)
    used = np.flatnonzero(received_n > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.where(due_n[used] > 0, on_time_n[used] / due_n[used], np.nan)
    groups: dict[str, npt.NDArray[Any]] = {
        "account_id": uacc[used // nm].astype(object),
        "period": (np.array(labels, dtype=object)[used % nm] if n
                   else np.empty(0, dtype=object)),
        "received": received_n[used].astype(np.int64),
        "due": due_n[used].astype(np.int64),
        "on_time": on_time_n[used].astype(np.int64),
        "poor_responses": poor_n[used].astype(np.int64),
        "response_rate": rate,
    }
    low = np.flatnonzero((groups["due"] >= max(p.min_due_for_rate.value, 1))
                         & (rate < p.min_response_rate.value))
    if len(low):
        ev = ("按时回复" + groups["on_time"][low].astype(str).astype(object) + "/"
              + groups["due"][low].astype(str).astype(object) + "条（"
              + np.char.mod("%.0f%%", rate[low] * 100).astype(object) + "），低于"
              + f"{p.min_response_rate.value:.0%}")
        tables.append(FindingTable.build(
            code="low_response_rate", severity=sev, veto=veto,
            account_id=groups["account_id"][low], period=groups["period"][low],
            subject=groups["account_id"][low], evidence=ev))
    return InteractionResult(FindingTable.concat(tables), deadline, on_time, overdue,
                             unanswered, pending, groups, as_of)


def check_settings(settings: InteractionSettings, params: ReviewParameters | None = None, *,
                   period: str = "") -> FindingTable:
    """``interaction_closed`` for each account with comments or private messages switched off."""
    p = params if params is not None else review_parameters()
    closed = ~settings.comments_open | ~settings.messages_open
    idx = np.flatnonzero(closed)
    if len(idx) == 0:
        return FindingTable.empty()
    what = np.where(~settings.comments_open[idx] & ~settings.messages_open[idx],
                    "留言评论和私信功能均已关闭",
                    np.where(~settings.comments_open[idx], "留言评论功能已关闭", "私信功能已关闭"))
    return FindingTable.build(
        code="interaction_closed", severity=p.severities(), veto=p.vetoes(),
        account_id=settings.account_id[idx].astype(str).astype(object),
        period=np.full(len(idx), period, dtype=object),
        subject=settings.account_id[idx].astype(str).astype(object),
        evidence=what.astype(object))
