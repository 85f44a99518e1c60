"""Interaction findings of the review audit as cleanup events (互动回应差, 不互动回应).

The review audit (:mod:`zwxmt.review.interaction`) measures, per account and month, the
messages due and the share answered within the limit, and finds accounts whose comments or
private messages are switched off (``interaction_closed``, ``HN-3.2``). The cleanup reads them
as dated events, one per account-month, on the last day of the month (or the assessment date):

- ``weak_interaction`` — 互动交流差 (``HN-4.1`` 限期整改): a response rate below
  ``weak_interaction_response_rate`` over at least ``interaction_min_due`` messages due;
- ``poor_interaction`` — 互动回应差 as a 严重问题 (``ZJG-6.1.2-disqualify``, immediate
  deregistration): a response rate below ``poor_interaction_response_rate`` over as many
  messages due, or interaction closed;
- ``no_interaction`` — 不互动回应 (``HN-4.1`` 关停): a response rate at or below
  ``no_interaction_response_rate`` over as many messages due, or interaction closed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from zwxmt.activity import NO_DAY, day_number
from zwxmt.cleanup.history import Events
from zwxmt.cleanup.parameters import CleanupParams
from zwxmt.rules import cite

__all__ = ["interaction_events"]

RULES = (cite("ZJG-6.1.2-disqualify"), cite("HN-4.1"), cite("HN-3.2"))


def _month_end_days(period: npt.NDArray[Any], as_of: dt.date) -> npt.NDArray[np.int64]:
    """Day number of the last day of each ``YYYY-MM`` (the assessment date at the latest)."""
    months = np.asarray(period, dtype=str).astype("datetime64[M]")
    end = ((months + 1).astype("datetime64[D]") - 1).astype(np.int64)
    out: npt.NDArray[np.int64] = np.minimum(end, day_number(as_of))
    return out


def _codes(ids: npt.NDArray[Any], index: Mapping[str, int]) -> npt.NDArray[np.int64]:
    """The code of each id in ``index`` (-1 when absent), by a sorted search."""
    keys = np.array(list(index), dtype=str)
    vals = np.array(list(index.values()), dtype=np.int64)
    if keys.size == 0 or len(ids) == 0:
        return np.full(len(ids), -1, dtype=np.int64)
    order = np.argsort(keys)
    q = np.asarray(ids, dtype=str)
    at = np.minimum(np.searchsorted(keys[order], q), keys.size - 1)
    out: npt.NDArray[np.int64] = np.where(keys[order][at] == q, vals[order][at], -1)
    return out


def interaction_events(summary: Mapping[str, npt.NDArray[Any]],
                       findings: Mapping[str, npt.NDArray[Any]],
                       index: Mapping[str, int], as_of: dt.date,
                       params: CleanupParams) -> Events:
    """Events of the accounts in ``index`` from a review summary and its findings' columns."""
    acc = np.asarray(summary.get("account_id", np.empty(0)), dtype=object)
    due = np.asarray(summary.get("messages_due", np.zeros(len(acc))), dtype=np.float64)
    rate = np.asarray(summary.get("response_rate", np.full(len(acc), np.nan)),
                      dtype=np.float64)
    enough = due >= max(params.interaction_min_due.value, 1)
    # a threshold the rulebook does not give derives no event of its kind (no rule uses it)
    never = np.zeros(len(acc), dtype=np.bool_)
    weak_rate = params.weak_interaction_response_rate
    poor_rate = params.poor_interaction_response_rate
    none_rate = params.no_interaction_response_rate
    with np.errstate(invalid="ignore"):
        weak = enough & (rate < weak_rate.value) if weak_rate else never
        poor = enough & (rate < poor_rate.value) if poor_rate else never
        silent = enough & (rate <= none_rate.value) if none_rate else never
    code = np.asarray(findings.get("code", np.empty(0)), dtype=object)
    closed = code == "interaction_closed"
    c_acc = np.asarray(findings.get("account_id", np.empty(0)), dtype=object)[closed]
    c_period = np.asarray(findings.get("period", np.empty(0)), dtype=object)[closed]
    # a closure found without a period is dated on the assessment date
    c_period = np.where(c_period == "", f"{as_of:%Y-%m}", c_period)
    periods = np.asarray(summary.get("period", np.empty(0)), dtype=object)
    parts = [
        (acc[weak], periods[weak], "weak_interaction"),
        (acc[poor], periods[poor], "poor_interaction"),
        (acc[silent], periods[silent], "no_interaction"),
        (c_acc, c_period, "poor_interaction"),
        (c_acc, c_period, "no_interaction"),
    ]
    accounts = np.concatenate([p[0] for p in parts]).astype(object)
    when = np.concatenate([p[1] for p in parts]).astype(object)
    kind = np.concatenate([np.full(len(p[0]), p[2], dtype=object) for p in parts])
    codes = _codes(accounts, index)
    keep = codes >= 0
    if not keep.any():
        return Events.empty()
    day = _month_end_days(when[keep], as_of)
    return Events(codes[keep], kind[keep], day, np.full(int(keep.sum()), NO_DAY, np.int64))
