"""Guards (守卫条件): the named, cited predicates a transition must pass.

A guard is an object, not a string: it has a name, the citation id of the clause it
enforces, a one-line description and a check that returns ``None`` (pass) or the reason for
refusing. ``a & b`` combines guards; a refusal names the guard that failed and its rule.

Guards read the event being applied, the history so far, the rulebook settings and a
:class:`LifecycleContext` holding what only a registry of many accounts knows (a host unit's
re-application ban, a unit's live accounts per platform). Guards are pure: the same input
gives the same answer, so replaying a history is deterministic.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from zwxmt.lifecycle.parameters import FilingSystem, LifecycleSettings
from zwxmt.lifecycle.payloads import (
    AccountChanged,
    ApplicationApproved,
    ApplicationSubmitted,
    Certified,
    ChangeFiled,
    DeregistrationCompleted,
    FilingCompleted,
    HostUnitChanged,
    NationalShutdownRequest,
)
from zwxmt.lifecycle.records import EventRecord
from zwxmt.lifecycle.states import Event
from zwxmt.models import UnitKind
from zwxmt.rulebook import Cited
from zwxmt.rules import cite

__all__ = [
    "APPLICATION_COMPLETE",
    "CHANGE_FILED_IN_BOTH_SYSTEMS",
    "CHANGE_PENDING",
    "COMMITMENT_LETTER_SUBMITTED",
    "DEREGISTRATION_DONE_IN_BOTH_SYSTEMS",
    "FILED_IN_BOTH_SYSTEMS",
    "FORBIDDEN_SUBJECTS",
    "HOST_CHANGE_ANNOUNCED",
    "NATIONAL_AFTER_PLATFORM_APPROVAL",
    "NOT_BANNED",
    "ONE_ACCOUNT_PER_PLATFORM",
    "SUBJECT_MAY_HOLD_ACCOUNT",
    "AllOf",
    "Ban",
    "Guard",
    "GuardInput",
    "LifecycleContext",
    "Predicate",
    "Refusal",
]


@dataclass(frozen=True)
class Ban:
    """A host unit barred from applying (``ZJG-6.1.2-ban``) through ``until`` (inclusive)."""

    host_unit_id: str
    until: dt.date
    account_id: str
    deregistered_on: dt.date
    reason: str


@dataclass(frozen=True)
class LifecycleContext:
    """What a guard may need beyond one history; a :class:`Registry` builds it.

    ``bans``: host unit id -> its re-application ban; ``occupied``: (host unit id, platform
    code) pairs that already have a live account (``LN-3.1-one-account``).
    """

    bans: Mapping[str, Ban] = field(default_factory=dict)
    occupied: frozenset[tuple[str, str]] = frozenset()


@dataclass(frozen=True)
class GuardInput:
    """Everything a guard sees: the history so far, the new event, settings and context."""

    account_id: str
    records: tuple[EventRecord, ...]
    record: EventRecord
    settings: LifecycleSettings
    context: LifecycleContext

    def last(self, *events: Event) -> EventRecord | None:
        """The latest earlier record of one of ``events``."""
        for rec in reversed(self.records):
            if rec.event in events:
                return rec
        return None


@dataclass(frozen=True)
class Refusal:
    """Why a guard said no: the guard's name, its rule and the reason."""

    guard: str
    rule: str
    reason: str


class Guard(ABC):
    """A named predicate with its citation; ``evaluate`` gives ``None`` or a :class:`Refusal`."""

    name: str
    rules: tuple[str, ...]

    @abstractmethod
    def evaluate(self, inp: GuardInput) -> Refusal | None:
        """``None`` when the transition may proceed, else why not."""

    def __and__(self, other: Guard) -> AllOf:
        left = self.guards if isinstance(self, AllOf) else (self,)
        right = other.guards if isinstance(other, AllOf) else (other,)
        return AllOf(left + right)

    def __repr__(self) -> str:
        return f"<guard {self.name} [{', '.join(self.rules)}]>"


class Predicate(Guard):
    """A leaf guard: ``check`` returns ``None`` when the transition may proceed, else why not."""

    def __init__(self, name: str, rule: str, description: str,
                 check: Callable[[GuardInput], str | None],
                 rule_of: Callable[[GuardInput], str | None] | None = None) -> None:
        self.name = name
        self.rule = cite(rule)
        self.rules = (self.rule,)
        self.description = description
        self._check = check
        # the clause of the rulebook in force, where the setting it reads cites its own
        self._rule_of = rule_of

    def evaluate(self, inp: GuardInput) -> Refusal | None:
        reason = self._check(inp)
        if reason is None:
            return None
        rule = (self._rule_of(inp) if self._rule_of else None) or self.rule
        return Refusal(self.name, rule, reason)


class AllOf(Guard):
    """Every guard must pass; the first refusal is reported."""

    def __init__(self, guards: tuple[Guard, ...]) -> None:
        self.guards = guards
        self.name = " & ".join(g.name for g in guards)
        self.rules = tuple(dict.fromkeys(r for g in guards for r in g.rules))

    def evaluate(self, inp: GuardInput) -> Refusal | None:
        for g in self.guards:
            refusal = g.evaluate(inp)
            if refusal is not None:
                return refusal
        return None


# ZJG-6.1.2-subject: 单位内设处（室）和个人，均不得作为政务新媒体的账号主体或认证主体。
#: Kinds of body that may never be an account or certification subject.
FORBIDDEN_SUBJECTS: frozenset[UnitKind] = frozenset(
    {UnitKind.INTERNAL_SECTION, UnitKind.INDIVIDUAL})


def _subject_kind(inp: GuardInput) -> tuple[str, UnitKind | None] | None:
    p = inp.record.payload
    if isinstance(p, ApplicationSubmitted):
        return "account subject", p.host_unit_kind
    if isinstance(p, Certified):
        return "certification subject", p.subject_kind
    if isinstance(p, HostUnitChanged):
        return "new host unit", p.new_host_unit_kind
    if isinstance(p, AccountChanged) and "certification_subject" in p.fields:
        return "new certification subject", p.new_subject_kind
    return None


def _check_subject(inp: GuardInput) -> str | None:
    found = _subject_kind(inp)
    if found is None:
        return None
    role, kind = found
    if kind is None:
        return f"the {role}'s kind is not given"
    if kind in FORBIDDEN_SUBJECTS:
        return f"a {kind.zh} ({kind.value}) may not be the {role}"
    return None


SUBJECT_MAY_HOLD_ACCOUNT = Predicate(
    "subject_may_hold_account", "ZJG-6.1.2-subject",
    "the account or certification subject is not an internal section (处室) or an individual",
    _check_subject)


# ZJG-6.1.2-ban: 应予以注销处理，原则上主办单位1年内不可再申请新开账号。
def _check_ban(inp: GuardInput) -> str | None:
    p = inp.record.payload
    if not isinstance(p, ApplicationSubmitted):
        return None
    ban = inp.context.bans.get(p.host_unit_id)
    if ban is None or inp.record.on > ban.until:
        return None
    return (f"host unit {p.host_unit_id} had account {ban.account_id} deregistered on "
            f"{ban.deregistered_on} ({ban.reason}); it may apply again from "
            f"{ban.until + dt.timedelta(days=1)}")


NOT_BANNED = Predicate(
    "not_banned", "ZJG-6.1.2-ban",
    "the host unit is not within one year of a deregistration for the exit criteria or an "
    "unmet commitment", _check_ban)


# LN-3.1-one-account: 一个单位原则上在同一平台只开设一个政务新媒体账号。
def _check_one_account(inp: GuardInput) -> str | None:
    p = inp.record.payload
    setting = inp.settings.one_account_per_platform
    if not isinstance(p, ApplicationSubmitted) or setting is None or setting.value != "error":
        return None
    key = (p.host_unit_id, p.application.account_type.value)
    if key in inp.context.occupied:
        return (f"host unit {p.host_unit_id} already has a live account on "
                f"{p.application.account_type.zh}")
    return None


ONE_ACCOUNT_PER_PLATFORM = Predicate(
    "one_account_per_platform", "LN-3.1-one-account",
    "the unit has no other live account on the platform (refuses only when the rulebook "
    "setting is error)", _check_one_account)


# ZJG-6.1.1: 申请新开政务新媒体账号的主办单位，需向地区主管单位提交《账号开设申请表》。
def _check_complete(inp: GuardInput) -> str | None:
    p = inp.record.payload
    applied = inp.last(Event.APPLICATION_SUBMITTED)
    if applied is None or not isinstance(applied.payload, ApplicationSubmitted):
        return "no 账号开设申请表 was submitted"
    if not isinstance(p, ApplicationApproved):
        return None
    form = applied.payload.application
    decided = form.model_copy(update={
        "supervisor_opinion": p.opinion or form.supervisor_opinion,
        "supervisor_signature": p.signature or form.supervisor_signature,
    })
    missing = decided.missing_items()
    if missing:
        return f"the 账号开设申请表 is incomplete: {', '.join(missing)} missing"
    return None


APPLICATION_COMPLETE = Predicate(
    "application_complete", "ZJG-6.1.1",
    "the 账号开设申请表 is complete, the supervising unit's opinion and signature included",
    _check_complete)


# ZJG-6.1.2: 主办单位向本地区主管单位书面提交《账号开设承诺函》后，应通过浙江省政务新媒体管理平台
# 发起账号开设申请
def _check_letter(inp: GuardInput) -> str | None:
    applied = inp.last(Event.APPLICATION_SUBMITTED)
    if applied is None or not isinstance(applied.payload, ApplicationSubmitted):
        return "no application was submitted"
    letter = applied.payload.commitment_letter_on
    if letter is None:
        return "the written 账号开设承诺函 was not submitted"
    if letter > applied.on:
        return (f"the 账号开设承诺函 ({letter}) came after the application ({applied.on}); it "
                "must come first")
    return None


COMMITMENT_LETTER_SUBMITTED = Predicate(
    "commitment_letter_submitted", "ZJG-6.1.2",
    "the written 账号开设承诺函 reached the supervising unit before the application",
    _check_letter)


_SYSTEM_NAMES = {"provincial": "provincial platform (浙江省政务新媒体管理平台)",
                 "national": "national system (全国政务新媒体信息报送系统)"}


def _filing_rule(inp: GuardInput) -> str | None:
    given = inp.settings.filing_systems
    return None if given is None else str(given.cite)


def _change_filing_rule(inp: GuardInput) -> str | None:
    given = inp.settings.change_filing_systems
    return None if given is None else str(given.cite)


def _both(provincial: dt.date | None, national: dt.date | None, on: dt.date,
          what: str, systems: Cited[list[FilingSystem]] | None) -> str | None:
    """The filing is recorded in every system the rulebook requires (none: no such rule)."""
    required = systems.value if systems is not None else []
    dates = {"provincial": provincial, "national": national}
    missing = [_SYSTEM_NAMES[s] for s in required if dates[s] is None]
    if missing:
        return f"{what} is not done on the {' and the '.join(missing)}"
    late = [d for d in (provincial, national) if d is not None and d > on]
    if late:
        return f"{what} is dated {max(late)}, after the event ({on})"
    return None


# ZJG-6.2: 需在浙江省政务新媒体管理平台和全国政务新媒体信息报送系统同步备案
def _check_filed(inp: GuardInput) -> str | None:
    p = inp.record.payload
    if not isinstance(p, FilingCompleted):
        return None
    return _both(p.provincial_on, p.national_on, inp.record.on, "filing",
                 inp.settings.filing_systems)


FILED_IN_BOTH_SYSTEMS = Predicate(
    "filed_in_both_systems", "ZJG-6.2",
    "filed in the systems the rulebook requires (both the provincial platform and the national "
    "system in Zhejiang)", _check_filed, _filing_rule)


# ZJG-6.3: 需及时通过浙江省政务新媒体管理平台和全国政务新媒体信息报送系统变更相关信息。
def _check_change_filed(inp: GuardInput) -> str | None:
    p = inp.record.payload
    if not isinstance(p, ChangeFiled):
        return None
    return _both(p.provincial_on, p.national_on, inp.record.on, "the change filing",
                 inp.settings.change_filing_systems)


CHANGE_FILED_IN_BOTH_SYSTEMS = Predicate(
    "change_filed_in_both_systems", "ZJG-6.3",
    "the change is recorded in the systems the rulebook requires (both in Zhejiang)",
    _check_change_filed, _change_filing_rule)


def _check_pending(inp: GuardInput) -> str | None:
    change = inp.last(Event.ACCOUNT_CHANGED, Event.HOST_UNIT_CHANGED, Event.CHANGE_FILED)
    if change is None or change.event is Event.CHANGE_FILED:
        return "there is no change waiting to be filed"
    return None


CHANGE_PENDING = Predicate(
    "change_pending", "ZJG-6.3", "a change of name, ID, subject or host awaits filing",
    _check_pending)


# LN-3.1-host-change: 政务新媒体主办单位发生变化的,应及时注销或变更账号信息,并向社会公告。
def _check_announced(inp: GuardInput) -> str | None:
    p = inp.record.payload
    if not isinstance(p, HostUnitChanged):
        return None
    if p.announced_on is None:
        return "the change of host unit was not announced to the public (向社会公告)"
    if p.announced_on > inp.record.on:
        return f"the announcement ({p.announced_on}) is dated after the event ({inp.record.on})"
    return None


HOST_CHANGE_ANNOUNCED = Predicate(
    "host_change_announced", "LN-3.1-host-change",
    "the change of host unit is announced to the public", _check_announced)


# ZJG-6.4(4): 账号在相关新媒体平台注销通过后，由各级主管单位完成该账号在浙江省政务新媒体管理平台上的
# 注销流程；由各主办单位在全国政务新媒体信息报送系统发起关停申请。
def _check_completed(inp: GuardInput) -> str | None:
    p = inp.record.payload
    if not isinstance(p, DeregistrationCompleted):
        return None
    if p.platform_approved_on is None:
        return "the platform has not approved the deregistration"
    if p.platform_approved_on > inp.record.on:
        return (f"the platform's approval ({p.platform_approved_on}) is dated after the "
                f"completion ({inp.record.on})")
    step3 = inp.last(Event.PROVINCIAL_DEREGISTRATION_APPLICATION)
    national = inp.last(Event.NATIONAL_SHUTDOWN_REQUEST)
    if national is None or (step3 is not None and
                            inp.records.index(national) < inp.records.index(step3)):
        return ("the host unit has not filed the shutdown request in the national system "
                "(全国政务新媒体信息报送系统)")
    return None


# ZJG-6.4(4): 账号在相关新媒体平台注销通过后 … 由各主办单位在全国政务新媒体信息报送系统
# 发起关停申请。
def _check_national_after_approval(inp: GuardInput) -> str | None:
    p = inp.record.payload
    if not isinstance(p, NationalShutdownRequest):
        return None
    if p.platform_approved_on is None:
        return ("the platform has not approved the deregistration: the national shutdown "
                "request follows the approval (注销通过后)")
    if p.platform_approved_on > inp.record.on:
        return (f"the platform's approval ({p.platform_approved_on}) is dated after the "
                f"national shutdown request ({inp.record.on})")
    step2 = inp.last(Event.PLATFORM_DEREGISTRATION_REQUEST)
    if step2 is not None and p.platform_approved_on < step2.on:
        return (f"the platform's approval ({p.platform_approved_on}) is dated before the "
                f"request to the platform ({step2.on})")
    return None


NATIONAL_AFTER_PLATFORM_APPROVAL = Predicate(
    "national_after_platform_approval", "ZJG-6.4(4)",
    "the platform approved the deregistration before the national shutdown request",
    _check_national_after_approval)


DEREGISTRATION_DONE_IN_BOTH_SYSTEMS = Predicate(
    "deregistration_done_in_both_systems", "ZJG-6.4(4)",
    "the platform approved; the host unit requested shutdown in the national system",
    _check_completed)
