"""Recommendation (整改措施建议): one measure per account, with every criterion met and why.

The measure is the strongest (``measure_precedence`` of the rulebook, ``HN-4.1``) among the
measures of the criteria an account meets, 保留 when it meets none. Every criterion met is
listed with its clause, its Chinese label and its evidence values. When the measure is
注销, the recommendation lists the lifecycle events that carry it out, in the order of
``ZJG-6.4``: 停更公告, 向平台申请注销, 在省管理平台提交拟注销申请, 完成注销.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict

from zwxmt import display
from zwxmt.activity.compute import NO_DAY, from_day_number
from zwxmt.cleanup.criteria import Findings
from zwxmt.cleanup.parameters import DEREGISTRATION_EVENTS, CleanupParams
from zwxmt.models import Measure
from zwxmt.rules import RuleId, cite

__all__ = [
    "DEREGISTRATION_EVENTS",
    "CriterionHit",
    "LifecycleStep",
    "NotEvaluated",
    "Recommendation",
    "measure_codes",
    "recommendations",
]

RULE = cite("ZJG-6.4")

Scalar = str | int | float | bool | None


class CriterionHit(BaseModel):
    """A criterion an account meets: code, clause, label and the values that decided it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    cite: RuleId
    label_zh: str
    measure: Measure
    evidence: dict[str, Scalar]


class NotEvaluated(BaseModel):
    """A criterion that could not be decided for an account, and why (a value not given)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    cite: RuleId
    reason: str


class LifecycleStep(BaseModel):
    """One lifecycle event of a deregistration (``ZJG-6.4``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    event: str
    cite: RuleId


class Recommendation(BaseModel):
    """The recommended measure of one account, its grounds and, for 注销, its steps."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    account_id: str
    as_of: dt.date
    measure: Measure
    eligible: bool
    criteria: tuple[CriterionHit, ...]
    lifecycle_events: tuple[LifecycleStep, ...] = ()
    #: criteria not evaluated for this account (house rule 4), with the reason
    not_evaluated: tuple[NotEvaluated, ...] = ()

    @property
    def citations(self) -> tuple[str, ...]:
        """Clauses of the criteria met, first-seen order, without repeats."""
        return tuple(dict.fromkeys(c.cite for c in self.criteria))

    def __repr__(self) -> str:
        return display.recommendation_text(self)

    def _repr_html_(self) -> str:
        return display.recommendation_html(self)


def measure_codes(findings: Findings, params: CleanupParams) -> npt.NDArray[np.int64]:
    """Vectorised: index into ``measure_precedence`` of each account's measure."""
    order = params.measure_precedence.value
    keep = order.index(Measure.KEEP)
    best = np.full(len(findings.account_ids), keep, dtype=np.int64)
    for r in findings.results:
        best = np.where(r.met, np.minimum(best, order.index(r.measure)), best)
    return best


def _scalar(key: str, value: Any) -> Scalar:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 6)
    if isinstance(value, int) and not isinstance(value, bool) and (
            key.startswith("last_") or key.endswith("_on")):
        return None if value == NO_DAY else from_day_number(value).isoformat()
    if isinstance(value, int | str | bool) or value is None:
        return value
    return str(value)


def recommendations(findings: Findings, params: CleanupParams, *,
                    month_labels: list[str] | None = None) -> list[Recommendation]:
    """One :class:`Recommendation` per account (report output: this builds objects)."""
    order = params.measure_precedence.value
    codes = measure_codes(findings, params)
    # the deregistration steps of the jurisdiction (ZJG-6.4 in Zhejiang); none where the
    # rulebook sets none (Hengnan's and Liaoning's documents order no steps)
    dereg = params.deregistration_events or {}
    steps = tuple(LifecycleStep(event=e, cite=dereg[e]) for e in DEREGISTRATION_EVENTS
                  if e in dereg)
    met = findings.met_matrix()
    unknown = findings.unknown_matrix()
    out = []
    for i, account in enumerate(findings.account_ids):
        hits = []
        for j in np.flatnonzero(met[i]):
            r = findings.results[j]
            ev = {k: _scalar(k, v[i]) for k, v in r.evidence.items()}
            if "below_through" in ev and month_labels is not None:
                m = ev["below_through"]
                ev["below_through"] = month_labels[m] if isinstance(m, int) and m >= 0 else None
            hits.append(CriterionHit(code=r.code, cite=r.cite, label_zh=r.label_zh,
                                     measure=r.measure, evidence=ev))
        measure = order[int(codes[i])]
        missing = tuple(
            NotEvaluated(code=findings.results[j].code, cite=findings.results[j].cite,
                         reason=str(findings.results[j].why[i]))
            for j in np.flatnonzero(unknown[i]))
        out.append(Recommendation(
            account_id=str(account), as_of=findings.as_of, measure=measure,
            eligible=bool(findings.eligible[i]), criteria=tuple(hits),
            lifecycle_events=steps if measure is Measure.DEREGISTER else (),
            not_evaluated=missing))
    return out
