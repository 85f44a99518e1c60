"""Ready-made event sequences (典型履历) for examples, the demo, tests and benchmarks.

Each function returns the records of one stretch of life with plausible payloads: opening an
account (application to operation, ``ZJG-6.1.1`` … ``ZJG-6.2``), a change and its filing
(``ZJG-6.3``), and a deregistration in the four steps of ``ZJG-6.4`` with the notice generated
from the guide's template. Users can build their own tests on them.
"""

from __future__ import annotations

import datetime as dt

from zwxmt.calendar import add_working_days
from zwxmt.lifecycle.notice import stop_update_notice
from zwxmt.lifecycle.payloads import (
    AccountChanged,
    ApplicationApproved,
    ApplicationSubmitted,
    Certified,
    ChangeFiled,
    DeregistrationCompleted,
    FilingCompleted,
    NationalShutdownRequest,
    NoPayload,
    PlatformDeregistrationRequest,
    PlatformRegistered,
    ProvincialDeregistrationApplication,
    StopUpdateNotice,
)
from zwxmt.lifecycle.records import EventRecord
from zwxmt.lifecycle.settings import DeregistrationReason
from zwxmt.lifecycle.states import Event
from zwxmt.models import (
    Commitment,
    FundingPlan,
    OpeningApplication,
    Platform,
    Signature,
    UnitKind,
)

__all__ = [
    "change_records",
    "deregistration_records",
    "opening_application",
    "opening_records",
]

SUPERVISOR = "county government office"


def opening_application(*, unit_name: str, proposed_name: str, platform: Platform,
                        signed_on: dt.date) -> OpeningApplication:
    """A complete 账号开设申请表 (``ZJG-6.1.1``), the supervising unit's part still empty."""
    return OpeningApplication(
        unit_name=unit_name, proposed_name=proposed_name, account_type=platform,
        reason="发布本单位政务信息，回应群众关切，提供办事服务",
        operation_plan="每周发布不少于5条原创信息；风险：内容差错，对策：三审三校",
        organisation="分管领导1名，专职编辑2名",
        content_assurance="内容来源为本单位业务科室；设资讯、服务、互动三个栏目；先审后发",
        password_custody="账号密码由专人保管，定期更换", handover="人员变动时书面交接",
        duty_rota="工作日专人值守，节假日轮班",
        funding=FundingPlan(amount_yuan=50000, source="部门预算"),
        commitment=Commitment(fans=3000, posts_per_month=20, average_reads=500,
                              signed=Signature(signed_by="主要领导", signed_on=signed_on)),
    )


def opening_records(
    *, host_unit_id: str, unit_name: str, name: str, platform: Platform, applied_on: dt.date,
    platform_uid: str = "", host_unit_kind: UnitKind = UnitKind.DEPARTMENT,
) -> list[EventRecord]:
    """Application (with the 承诺函 the day before) to the start of operation.

    Each step follows the previous one after a few working days (approval 5, registration 2,
    certification 5, filing 3, operation 1).
    """
    day = applied_on
    steps: list[tuple[Event, int, str, object]] = []
    letter_on = applied_on - dt.timedelta(days=1)
    form = opening_application(unit_name=unit_name, proposed_name=name, platform=platform,
                               signed_on=letter_on)
    steps.append((Event.APPLICATION_SUBMITTED, 0, host_unit_id, ApplicationSubmitted(
        application=form, host_unit_id=host_unit_id, host_unit_kind=host_unit_kind,
        commitment_letter_on=letter_on)))
    approved_on = add_working_days(day, 5)
    steps.append((Event.APPLICATION_APPROVED, 5, SUPERVISOR, ApplicationApproved(
        opinion="同意开设", signature=Signature(signed_by="县政府办公室", signed_on=approved_on))))
    steps.append((Event.PLATFORM_REGISTERED, 2, host_unit_id, PlatformRegistered(
        platform=platform, platform_uid=platform_uid or f"{host_unit_id}-{platform.value}",
        name=name)))
    steps.append((Event.CERTIFIED, 5, platform.value, Certified(
        subject_name=unit_name, subject_kind=host_unit_kind)))
    steps.append((Event.FILING_COMPLETED, 3, host_unit_id, None))
    steps.append((Event.OPERATION_STARTED, 1, host_unit_id, NoPayload()))
    out = []
    for event, gap, actor, payload in steps:
        day = add_working_days(day, gap)
        if event is Event.FILING_COMPLETED:
            payload = FilingCompleted(provincial_on=day - dt.timedelta(days=1), national_on=day)
        out.append(EventRecord(event=event, on=day, actor=actor, payload=payload))
    return out


def change_records(*, host_unit_id: str, changed_on: dt.date, new_name: str,
                   filed_on: dt.date | None) -> list[EventRecord]:
    """A change of name (``ZJG-6.3``), and its filing in both systems if ``filed_on``."""
    out = [EventRecord(event=Event.ACCOUNT_CHANGED, on=changed_on, actor=host_unit_id,
                       payload=AccountChanged(fields=("name",), new_name=new_name))]
    if filed_on is not None:
        out.append(EventRecord(event=Event.CHANGE_FILED, on=filed_on, actor=host_unit_id,
                               payload=ChangeFiled(provincial_on=filed_on, national_on=filed_on)))
    return out


def deregistration_records(
    *, host_unit_id: str, unit: str, name: str, platform: Platform, notice_on: dt.date,
    reason: DeregistrationReason = "voluntary", steps: int = 4,
) -> list[EventRecord]:
    """The first ``steps`` steps of ``ZJG-6.4`` (all four by default), a few days apart.

    Step (1) publishes the notice generated from the template of ``ZJG-6.4-notice``; step (4)
    is preceded by the host unit's shutdown request in the national system.
    """
    notice = stop_update_notice(account_name=name, platform=platform, unit=unit,
                                stop_from=notice_on)
    request_on = add_working_days(notice_on, 2)
    applied_on = add_working_days(request_on, 3)
    national_on = add_working_days(applied_on, 2)
    done_on = add_working_days(national_on, 5)
    records = [
        EventRecord(event=Event.STOP_UPDATE_NOTICE, on=notice_on, actor=host_unit_id,
                    payload=StopUpdateNotice(reason=reason, stop_from=notice_on, notice=notice)),
        EventRecord(event=Event.PLATFORM_DEREGISTRATION_REQUEST, on=request_on,
                    actor=host_unit_id, payload=PlatformDeregistrationRequest()),
        EventRecord(event=Event.PROVINCIAL_DEREGISTRATION_APPLICATION, on=applied_on,
                    actor=host_unit_id, payload=ProvincialDeregistrationApplication(
                        evidence="notice", evidence_ref=f"停更公告-{name}.png")),
        EventRecord(event=Event.NATIONAL_SHUTDOWN_REQUEST, on=national_on, actor=host_unit_id,
                    payload=NationalShutdownRequest()),
        EventRecord(event=Event.DEREGISTRATION_COMPLETED, on=done_on, actor=SUPERVISOR,
                    payload=DeregistrationCompleted(
                        platform_approved_on=national_on - dt.timedelta(days=1))),
    ]
    if steps >= 4:
        return records
    return records[:steps]
