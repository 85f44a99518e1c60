"""The lifecycle's rulebook section (``[lifecycle]`` in ``lifecycle.toml``).

Every deadline, period and registry setting of the lifecycle, each with its citation; where
the seeds are silent the value is an interpretation with a ``note`` (docs/assumptions.md).
"""

from __future__ import annotations

from typing import Literal

from zwxmt.rulebook import Cited, RulebookSection, load_rulebook, register_section

__all__ = ["DeregistrationReason", "LifecycleSettings", "Severity", "lifecycle_settings"]

Severity = Literal["warning", "error"]

#: The systems a filing is recorded in: the provincial platform, the national system.
FilingSystem = Literal["provincial", "national"]

#: Why an account is deregistered (recorded with the stop-update notice, ``ZJG-6.4(1)``).
#: ``exit_criteria``: the exit mechanism / cleanup criteria (``ZJG-6.5.1``);
#: ``commitment_unmet``: the one-year commitment not met (``ZJG-6.1.2-ban``);
#: ``disqualified``: a serious problem during operation (``ZJG-6.1.2-disqualify``);
#: ``host_change``: the host unit changed (``LN-3.1-host-change``);
#: ``voluntary``: the host unit's own decision (主动申请关停, ``ZJO-2.1``).
DeregistrationReason = Literal[
    "exit_criteria", "commitment_unmet", "disqualified", "host_change", "voluntary"]


@register_section
class LifecycleSettings(RulebookSection):
    """Deadlines of the open obligations and the registry settings."""

    SECTION = "lifecycle"

    # An obligation whose period the rulebook does not give is not one of its rules; the
    # obligation is reported under the clause its period cites (docs/rulebooks.md).
    change_filing_working_days: Cited[int] | None = None
    host_change_working_days: Cited[int] | None = None
    rectification_days: Cited[int] | None = None
    deregistration_request_working_days: Cited[int] | None = None
    deregistration_application_working_days: Cited[int] | None = None
    deregistration_completion_working_days: Cited[int] | None = None
    # ZJG-6.1.2-ban; a rulebook without it has no re-application ban
    reapplication_ban_years: Cited[int] | None = None
    ban_reasons: Cited[tuple[DeregistrationReason, ...]] | None = None
    one_account_per_platform: Cited[Severity] | None = None   # LN-3.1-one-account
    # where a filing and a change filing must be recorded: 浙江省政务新媒体管理平台 and the national
    # system in Zhejiang (ZJG-6.2, ZJG-6.3); none given: no filing-system rule
    filing_systems: Cited[list[FilingSystem]] | None = None
    change_filing_systems: Cited[list[FilingSystem]] | None = None
    # ZJO-2.2; a rulebook without it checks no 1+N matrix
    matrix_check: Cited[Severity] | None = None
    matrix_min_department_accounts: Cited[int] | None = None
    notice_title: Cited[str]
    notice_closing: Cited[str]


def lifecycle_settings(rulebook: str = "zhejiang") -> LifecycleSettings:
    """The ``[lifecycle]`` section of a rulebook (bundled name, file or folder)."""
    return load_rulebook(rulebook).section(LifecycleSettings)
