"""Ready-made event sequences (典型履历) for examples, the demo, tests and benchmarks.

Each function returns the records of one stretch of life with plausible payloads: opening an
account (application to operation, ``ZJG-6.1.1`` … ``ZJG-6.2``), a change and its filing
(``ZJG-6.3``), and a deregistration in the four steps of ``ZJG-6.4`` with the notice generated
from the guide's template. Users can build their own tests on them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import numpy as np

from zwxmt.calendar import add_working_days
from zwxmt.lifecycle.history import History, apply, may
from zwxmt.lifecycle.notice import stop_update_notice
from zwxmt.lifecycle.parameters import DeregistrationReason
from zwxmt.lifecycle.payloads import (
    PAYLOADS,
    AccountChanged,
    ApplicationApproved,
    ApplicationRejected,
    ApplicationSubmitted,
    Certified,
    ChangeFiled,
    DeregistrationCompleted,
    EventPayload,
    FilingCompleted,
    HostUnitChanged,
    Merged,
    NationalShutdownRequest,
    NoPayload,
    PlatformDeregistrationRequest,
    PlatformRegistered,
    ProvincialDeregistrationApplication,
    PublicExposure,
    ShutDown,
    StopUpdateNotice,
)
from zwxmt.lifecycle.records import EventRecord
from zwxmt.lifecycle.states import Event
from zwxmt.lifecycle.table import MACHINE
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
    "random_history",
    "valid_payload",
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
    approved_on = add_working_days(applied_on, 1)     # the platform approves (注销通过)
    national_on = add_working_days(approved_on, 1)    # then the national request
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
                    payload=NationalShutdownRequest(platform_approved_on=approved_on)),
        EventRecord(event=Event.DEREGISTRATION_COMPLETED, on=done_on, actor=SUPERVISOR,
                    payload=DeregistrationCompleted(platform_approved_on=approved_on)),
    ]
    if steps >= 4:
        return records
    return records[:steps]


def valid_payload(event: Event, on: dt.date, *, host_unit_id: str = "U-1",
                  name: str = "示例发布", platform: Platform = Platform.WECHAT) -> EventPayload:
    """A payload for ``event`` dated ``on`` that passes the event's own guards.

    (Guards that look at the history, such as ``change_pending``, may still refuse.)
    """
    before = on - dt.timedelta(days=1)
    made: dict[Event, Callable[[], EventPayload]] = {
        Event.APPLICATION_SUBMITTED: lambda: ApplicationSubmitted(
            application=opening_application(unit_name="示例单位", proposed_name=name,
                                            platform=platform, signed_on=before),
            host_unit_id=host_unit_id, host_unit_kind=UnitKind.DEPARTMENT,
            commitment_letter_on=before),
        Event.APPLICATION_REJECTED: lambda: ApplicationRejected(reason="材料不全"),
        Event.APPLICATION_APPROVED: lambda: ApplicationApproved(
            opinion="同意", signature=Signature(signed_by="主管单位", signed_on=on)),
        Event.PLATFORM_REGISTERED: lambda: PlatformRegistered(
            platform=platform, platform_uid=f"uid-{host_unit_id}", name=name),
        Event.CERTIFIED: lambda: Certified(subject_name="示例单位",
                                           subject_kind=UnitKind.DEPARTMENT),
        Event.FILING_COMPLETED: lambda: FilingCompleted(provincial_on=before, national_on=on),
        Event.ACCOUNT_CHANGED: lambda: AccountChanged(fields=("name",), new_name=f"{name}（新）"),
        Event.HOST_UNIT_CHANGED: lambda: HostUnitChanged(
            new_host_unit_id=f"{host_unit_id}-new", new_host_unit_kind=UnitKind.DEPARTMENT,
            announced_on=on),
        Event.CHANGE_FILED: lambda: ChangeFiled(provincial_on=on, national_on=on),
        Event.PUBLIC_EXPOSURE: lambda: PublicExposure(problem="长期未更新"),
        Event.STOP_UPDATE_NOTICE: lambda: StopUpdateNotice(
            reason="voluntary", stop_from=on,
            notice=stop_update_notice(account_name=name, platform=platform, unit="示例单位",
                                      stop_from=on)),
        Event.PROVINCIAL_DEREGISTRATION_APPLICATION: lambda: ProvincialDeregistrationApplication(
            evidence="screenshot", evidence_ref="screenshot.png"),
        Event.NATIONAL_SHUTDOWN_REQUEST: lambda: NationalShutdownRequest(platform_approved_on=on),
        Event.DEREGISTRATION_COMPLETED: lambda: DeregistrationCompleted(platform_approved_on=on),
        Event.SHUT_DOWN: lambda: ShutDown(reason="主动申请关停", filed_on=on),
        Event.MERGED: lambda: Merged(merged_into="MAIN-ACCOUNT"),
    }
    factory = made.get(event)
    return factory() if factory is not None else PAYLOADS[event]()


def random_history(rng: np.random.Generator, *, account_id: str, start: dt.date,
                   steps: int, max_gap: int = 12) -> History:
    """A valid history: a random walk through the table from ``start``, ``steps`` tries long.

    Each step picks an event the table allows in the current state, dated 0..``max_gap``
    days after the last; an event its guards refuse (e.g. a change filing with nothing to
    file) is skipped. Used by the property tests and the benchmark.
    """
    history = History.new(account_id)
    day = start
    for _ in range(steps):
        options = MACHINE.events_from(history.state)
        if not options:
            break
        event = options[int(rng.integers(len(options)))]
        day = day + dt.timedelta(days=int(rng.integers(max_gap + 1)))
        record = EventRecord(event=event, on=day, actor=account_id,
                             payload=valid_payload(event, day, host_unit_id=account_id))
        if may(history, record):
            history = apply(history, record)
    return history
