"""The cleanup section of a rulebook (清理整合参数): thresholds, windows and measures.

Read with ``load_rulebook(name).section(CleanupParams)``; the values live in
``data/rulebooks/zhejiang/cleanup.toml``, each with the clause it comes from
(``ZJG-6.5.1``, ``ZJG-6.1.2-disqualify``, ``ZJG-6.1.2-ban``, ``ZJO-2.1``, ``HN-4.1``,
``HN-A2``). Nothing here repeats a value; the model only says what must be there.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from zwxmt.errors import RulebookError
from zwxmt.models import Measure, Platform
from zwxmt.rulebook import Cited, RulebookSection, register_section
from zwxmt.rules import RuleId

__all__ = [
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

class CriterionSpec(BaseModel):
    """One enabled criterion: its clause, Chinese label, measure, and whether it waits a year
    (from its declaration, :mod:`zwxmt.declarations`; the clause is the one the rulebook
    names among the declaration's clauses)."""

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

    min_age_years: Cited[int] | None = None
    gap_days: Cited[int]
    gap_occurrences: Cited[int] | None = None
    gap_window_months: Cited[int] | None = None
    rectify_days: Cited[int] | None = None
    exposure_window_months: Cited[int] | None = None
    consecutive_assessments: Cited[int] | None = None
    below_average_window_months: Cited[int] | None = None
    effect_index: Cited[Literal["total", "operation_index"]] | None = None
    same_type: Cited[Literal["platform", "platform_level"]] | None = None
    notification_count: Cited[int] | None = None
    notification_window: (
        Cited[Literal["previous_calendar_year", "trailing_12_months"]] | None) = None
    incident_window_months: Cited[int] | None = None
    department_fans_percent: Cited[float] | None = None
    township_fans_percent: Cited[float] | None = None
    township_top_rank: Cited[int] | None = None
    rank_scope: Cited[Literal["county", "county_platform"]] | None = None
    long_term_months: Cited[int] | None = None
    dormant_days: Cited[int] | None = None
    zombie_days: Cited[int] | None = None
    weak_fans_percent: Cited[float] | None = None
    weak_reads_per_post: Cited[float] | None = None
    slow_update_posts_per_month: Cited[float] | None = None
    slow_update_months: Cited[int] | None = None
    commitment_window_months: Cited[int] | None = None
    weak_interaction_response_rate: Cited[float] | None = None
    poor_interaction_response_rate: Cited[float] | None = None
    interaction_min_due: Cited[int]
    no_interaction_response_rate: Cited[float] | None = None
    measure_precedence: Cited[list[Measure]]
    deregistration_events: dict[str, RuleId] | None = None
    platform_vendor: PlatformVendors | None = None   # HN-A2(7); blank in the form if none
    enabled: dict[str, RuleId] = Field(
        description="The criteria this rulebook enables: code = the clause it enforces here "
                    "(one of the declaration's clauses).")

    @model_validator(mode="after")
    def _complete(self) -> CleanupParams:
        from zwxmt.declarations import declarations

        declared = {d.code: d for d in declarations().values() if d.kind == "criterion"}
        unknown = sorted(set(self.enabled) - set(declared))
        if unknown:
            raise ValueError(f"enabled: no criterion {unknown}; declared: {', '.join(declared)}")
        for code, clause in self.enabled.items():
            decl = declared[code]
            if clause not in decl.clauses:
                raise ValueError(f"enabled.{code}: {clause} is not a clause of the criterion "
                                 f"({', '.join(decl.clauses)})")
            needs = (*decl.params, *(("min_age_years",) if decl.after_first_year else ()))
            missing = [n for n in needs if getattr(self, n) is None]
            if missing:
                raise ValueError(f"criterion {code} ({clause}) needs the parameters "
                                 f"{', '.join(missing)}")
        if self.deregistration_events is not None and \
                tuple(self.deregistration_events) != DEREGISTRATION_EVENTS:
            raise ValueError(
                f"deregistration_events must list {', '.join(DEREGISTRATION_EVENTS)} in order")
        if set(self.measure_precedence.value) != set(Measure):
            raise ValueError("measure_precedence must rank every measure exactly once")
        if len(self.measure_precedence.value) != len(Measure):
            raise ValueError("measure_precedence ranks a measure twice")
        for name in ("gap_days", "gap_occurrences", "consecutive_assessments",
                     "long_term_months", "township_top_rank", "slow_update_months"):
            given = getattr(self, name)
            if given is not None and given.value < 1:
                raise ValueError(f"{name} must be at least 1")
        return self

    def value(self, name: str) -> Any:
        """The value of parameter ``name``; an enabled rule's parameters are always given."""
        given = getattr(self, name)
        if given is None:
            raise RulebookError(f"cleanup parameter {name!r} is not in the rulebook")
        return given.value

    def peer_setting(self, name: Literal["effect_index", "same_type", "rank_scope"]) -> str:
        """A peer-statistics setting; a rulebook enabling no rule that reads it (ZJG-6.5.1(1),
        (6)) need not give it, and the peer averages and ranks it shapes are then read by no
        rule, so the first choice of its type stands in."""
        given = getattr(self, name)
        if given is not None:
            return str(given.value)
        return {"effect_index": "total", "same_type": "platform", "rank_scope": "county"}[name]

    @property
    def enabled_criteria(self) -> tuple[str, ...]:
        """The enabled criteria, in declaration (report) order."""
        from zwxmt.declarations import declarations

        return tuple(c for c in declarations() if c in self.enabled)

    @property
    def criteria(self) -> dict[str, CriterionSpec]:
        """Each enabled criterion with its clause, label, measure and one-year gate."""
        from zwxmt.declarations import declarations

        decls = declarations()
        return {c: CriterionSpec(cite=self.enabled[c], label_zh=decls[c].label_zh,
                                 measure=Measure(decls[c].measure),
                                 after_first_year=decls[c].after_first_year)
                for c in self.enabled_criteria}
