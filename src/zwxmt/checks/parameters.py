"""The ``[checks]`` section of a rulebook (抽查检查参数): which pass/fail items it enables,
with the clause each enforces there, and the parameters they read.

A check item is declared once, in :mod:`zwxmt.checks.items`, with its clause and parameter
names; the rulebook enables it (``[checks.enabled] code = "CLAUSE"``) and gives the values.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from zwxmt.errors import RulebookError
from zwxmt.rulebook import Cited, RulebookSection, register_section
from zwxmt.rules import RuleId

__all__ = ["ChecksParams", "FailureConsequence"]


class FailureConsequence(BaseModel):
    """What a 不合格 verdict leads to in the jurisdiction (e.g. 全县通报, ``HN-5.3-veto``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    action_zh: str = Field(min_length=1)
    cite: RuleId


@register_section
class ChecksParams(RulebookSection):
    """Parameters of the spot-check items (单项否决 and each province's own checks)."""

    SECTION = "checks"

    title_zh: str = Field(min_length=1, description="the check as the jurisdiction names it")
    verdict_rule: RuleId = Field(description="the clause that turns one failing item into 不合格")
    enabled: dict[str, RuleId]
    on_fail: FailureConsequence | None = None
    period_months: Cited[int] | None = None
    no_update_days: Cited[int] | None = None
    interaction_kinds: Cited[list[str]] | None = None
    change_filing_working_days: Cited[int] | None = None
    host_change_working_days: Cited[int] | None = None
    accounts_per_platform: Cited[int] | None = None
    knowledge_base_update_months: Cited[int] | None = None

    @model_validator(mode="after")
    def _complete(self) -> ChecksParams:
        from zwxmt.declarations import declarations

        declared = {d.code: d for d in declarations().values() if d.kind == "check"}
        unknown = sorted(set(self.enabled) - set(declared))
        if unknown:
            raise ValueError(f"enabled: no check {unknown}; declared: {', '.join(declared)}")
        for code, clause in self.enabled.items():
            decl = declared[code]
            if clause not in decl.clauses:
                raise ValueError(f"enabled.{code}: {clause} is not a clause of the check "
                                 f"({', '.join(decl.clauses)})")
            missing = [n for n in decl.params if getattr(self, n) is None]
            if missing:
                raise ValueError(f"check {code} ({clause}) needs the parameters "
                                 f"{', '.join(missing)}")
        return self

    def value(self, name: str) -> Any:
        """The value of parameter ``name``; an enabled check's parameters are always given."""
        given = getattr(self, name)
        if given is None:
            raise RulebookError(f"checks parameter {name!r} is not in the rulebook")
        return given.value

    @property
    def enabled_checks(self) -> tuple[str, ...]:
        """The enabled items in declaration order."""
        from zwxmt.declarations import declarations

        return tuple(c for c in declarations() if c in self.enabled)
