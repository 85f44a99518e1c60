"""The cleanup section of a rulebook (清理整合参数): thresholds, windows and measures.

Read with ``load_rulebook(name).section(CleanupParams)``; the values live in
``data/rulebooks/zhejiang-2023/cleanup.toml``, each with the clause it comes from
(``ZJG-6.5.1``, ``ZJG-6.1.2-disqualify``, ``ZJG-6.1.2-ban``, ``ZJO-2.1``, ``HN-4.1``,
``HN-A2``). Nothing here repeats a value; the model only says what must be there.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from zwxmt.models import Measure, Platform
from zwxmt.rulebook import Cited, RulebookSection, register_section
from zwxmt.rules import RuleId

__all__ = [
    "CRITERIA",
    "DEREGISTRATION_EVENTS",
    "CleanupParams",
    "CriterionSpec",
    "PlatformVendors",
]

#: Lifecycle event codes that carry out a deregistration, in order (``ZJG-6.4(1)``..(4)).
#: The same values as ``zwxmt.lifecycle`` defines; kept here so cleanup does not import it.
DEREGISTRATION_EVENTS: tuple[str, ...] = (
    "stop_update_notice",
    "platform_deregistration_request",
    "provincial_deregistration_application",
    "deregistration_completed",
)

#: Every criterion the cleanup evaluates, in report order (the rulebook must define each).
CRITERIA: tuple[str, ...] = (
    "below_average", "notified_twice", "no_update_or_unrectified", "security_incident",
    "department_fans", "township_account", "disqualified", "commitment_unmet", "zombie",
    "dormant", "closure_requested", "weak", "shut_down_class", "merge_class", "rectify_class",
    "host_changed",
)


class CriterionSpec(BaseModel):
    """One criterion: its clause, Chinese label, measure, and whether it waits a year."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    cite: RuleId
    label_zh: str = Field(min_length=1)
    measure: Measure
    after_first_year: bool


class PlatformVendors(BaseModel):
    """平台运营方 by platform (``HN-A2(7)``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    cite: RuleId
    wechat: str
    weibo: str
    toutiao: str
    douyin: str
    app: str
    other: str

    def of(self, platform: Platform) -> str:
        return str(getattr(self, platform.value))


@register_section
class CleanupParams(RulebookSection):
    """Parameters of the cleanup criteria and of post-level activity."""

    SECTION = "cleanup"

    min_age_years: Cited[int]
    gap_days: Cited[int]
    gap_occurrences: Cited[int]
    gap_window_months: Cited[int]
    rectify_days: Cited[int]
    exposure_window_months: Cited[int]
    consecutive_assessments: Cited[int]
    below_average_window_months: Cited[int]
    effect_index: Cited[Literal["total", "operation_index"]]
    same_type: Cited[Literal["platform", "platform_level"]]
    notification_count: Cited[int]
    notification_window: Cited[Literal["previous_calendar_year", "trailing_12_months"]]
    incident_window_months: Cited[int]
    department_fans_percent: Cited[float]
    township_fans_percent: Cited[float]
    township_top_rank: Cited[int]
    rank_scope: Cited[Literal["county", "county_platform"]]
    long_term_months: Cited[int]
    dormant_days: Cited[int]
    zombie_days: Cited[int]
    weak_fans_percent: Cited[float]
    weak_reads_per_post: Cited[float]
    slow_update_posts_per_month: Cited[float]
    slow_update_months: Cited[int]
    commitment_window_months: Cited[int]
    weak_interaction_response_rate: Cited[float]
    poor_interaction_response_rate: Cited[float]
    interaction_min_due: Cited[int]
    no_interaction_response_rate: Cited[float]
    measure_precedence: Cited[list[Measure]]
    deregistration_events: dict[str, RuleId]
    platform_vendor: PlatformVendors
    criteria: dict[str, CriterionSpec]

    @model_validator(mode="after")
    def _complete(self) -> CleanupParams:
        missing = set(CRITERIA) - set(self.criteria)
        extra = set(self.criteria) - set(CRITERIA)
        if missing or extra:
            raise ValueError(
                f"criteria must be exactly {', '.join(CRITERIA)}; missing {sorted(missing)}, "
                f"unknown {sorted(extra)}")
        if tuple(self.deregistration_events) != DEREGISTRATION_EVENTS:
            raise ValueError(
                f"deregistration_events must list {', '.join(DEREGISTRATION_EVENTS)} in order")
        if set(self.measure_precedence.value) != set(Measure):
            raise ValueError("measure_precedence must rank every measure exactly once")
        if len(self.measure_precedence.value) != len(Measure):
            raise ValueError("measure_precedence ranks a measure twice")
        for name in ("gap_days", "gap_occurrences", "consecutive_assessments",
                     "long_term_months", "township_top_rank", "slow_update_months"):
            if getattr(self, name).value < 1:
                raise ValueError(f"{name} must be at least 1")
        return self
