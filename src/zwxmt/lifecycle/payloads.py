"""What each event carries (事件内容): one frozen model per event, checked on input.

A record's ``payload`` is validated against the model its event names (:data:`PAYLOADS`), so
an imported history with a malformed payload fails with the field that is wrong. The guards
(:mod:`zwxmt.lifecycle.guards`) read these fields.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from zwxmt.lifecycle.parameters import DeregistrationReason
from zwxmt.lifecycle.states import Event
from zwxmt.models import OpeningApplication, Platform, Signature, UnitKind

__all__ = [
    "PAYLOADS",
    "AccountChanged",
    "AnyPayload",
    "ApplicationApproved",
    "ApplicationRejected",
    "ApplicationSubmitted",
    "Certified",
    "ChangeField",
    "ChangeFiled",
    "DeregistrationCompleted",
    "EventPayload",
    "FilingCompleted",
    "HostUnitChanged",
    "Merged",
    "NationalShutdownRequest",
    "NoPayload",
    "PlatformDeregistrationRequest",
    "PlatformRegistered",
    "ProvincialDeregistrationApplication",
    "PublicExposure",
    "ShutDown",
    "StopUpdateNotice",
]


class EventPayload(BaseModel):
    """Base of every payload: frozen, no unknown keys."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class NoPayload(EventPayload):
    """An event that needs nothing beyond its date and actor (an optional remark)."""

    remark: str = ""


class ApplicationSubmitted(EventPayload):
    """开设申请: the 账号开设申请表 (``ZJG-6.1.1``) and the 承诺函 (``ZJG-6.1.2``)."""

    application: OpeningApplication
    host_unit_id: str = Field(min_length=1)
    host_unit_kind: UnitKind = Field(description="the account subject's kind (ZJG-6.1.2-subject)")
    commitment_letter_on: dt.date | None = Field(
        default=None, description="when the written 账号开设承诺函 reached the supervising unit")


class ApplicationRejected(EventPayload):
    """驳回: the supervising unit's reason."""

    reason: str = Field(min_length=1)


class ApplicationApproved(EventPayload):
    """审核通过: the supervising unit's opinion and signature (``ZJG-6.1.1-signoff``)."""

    opinion: str = ""
    signature: Signature | None = None


class PlatformRegistered(EventPayload):
    """平台注册: the account as the platform registered it."""

    platform: Platform
    platform_uid: str = Field(min_length=1, description="the platform's own account ID")
    name: str = Field(min_length=1)


class Certified(EventPayload):
    """认证: who the platform certified as the account subject (认证主体)."""

    subject_name: str = Field(min_length=1)
    subject_kind: UnitKind


class FilingCompleted(EventPayload):
    """同步备案 (``ZJG-6.2``): the dates of filing in both systems."""

    provincial_on: dt.date | None = Field(
        default=None, description="filed on 浙江省政务新媒体管理平台")
    national_on: dt.date | None = Field(
        default=None, description="filed on 全国政务新媒体信息报送系统")


ChangeField = Literal["name", "account_id", "certification_subject", "team", "maintenance"]


class AccountChanged(EventPayload):
    """信息变更 (``ZJG-6.3``, ``HN-A1(2)``): which items changed, with the new values."""

    fields: tuple[ChangeField, ...] = Field(min_length=1)
    new_name: str = ""
    new_platform_uid: str = ""
    new_subject_name: str = ""
    new_subject_kind: UnitKind | None = None


class HostUnitChanged(EventPayload):
    """主办单位发生变化 (``LN-3.1-host-change``): the new host and the public announcement."""

    new_host_unit_id: str = Field(min_length=1)
    new_host_unit_kind: UnitKind
    announced_on: dt.date | None = Field(default=None, description="向社会公告 (public notice)")


class ChangeFiled(EventPayload):
    """变更备案 (``ZJG-6.3``): the change recorded in both systems."""

    provincial_on: dt.date | None = None
    national_on: dt.date | None = None


class PublicExposure(EventPayload):
    """晾晒 (``ZJG-6.5.1(3)``): the provincial platform exposed the account's problem."""

    problem: str = Field(min_length=1)


class StopUpdateNotice(EventPayload):
    """停更公告 (``ZJG-6.4(1)``): why, from when, and the notice as published."""

    reason: DeregistrationReason
    stop_from: dt.date
    notice: str = Field(min_length=1, description="the published text (see notice.py)")


class PlatformDeregistrationRequest(EventPayload):
    """向平台申请注销 (``ZJG-6.4(2)``)."""

    reference: str = ""


class ProvincialDeregistrationApplication(EventPayload):
    """拟注销申请 (``ZJG-6.4(3)``): uploaded with the notice or a screenshot of the process."""

    evidence: Literal["notice", "screenshot"]
    evidence_ref: str = Field(min_length=1, description="file name or link of the upload")


class NationalShutdownRequest(EventPayload):
    """全国系统关停申请 (``ZJG-6.4(4)``), by the host unit, once the platform has approved the
    deregistration ("账号在相关新媒体平台注销通过后")."""

    reference: str = ""
    platform_approved_on: dt.date | None = Field(
        default=None, description="when the platform approved the deregistration")


class DeregistrationCompleted(EventPayload):
    """注销完成 (``ZJG-6.4(4)``): done in the provincial platform by the supervising unit."""

    platform_approved_on: dt.date | None = Field(
        default=None, description="when the platform approved the deregistration")


class ShutDown(EventPayload):
    """关停, filed with the government office (``LN-3.1-filing``)."""

    reason: str = Field(min_length=1)
    filed_on: dt.date


class Merged(EventPayload):
    """整合 (``ZJO-2.1``): merged into another account."""

    merged_into: str = Field(min_length=1, description="account_id of the surviving account")


#: The payload model of each event.
PAYLOADS: dict[Event, type[EventPayload]] = {
    Event.APPLICATION_SUBMITTED: ApplicationSubmitted,
    Event.APPLICATION_REJECTED: ApplicationRejected,
    Event.APPLICATION_APPROVED: ApplicationApproved,
    Event.PLATFORM_REGISTERED: PlatformRegistered,
    Event.CERTIFIED: Certified,
    Event.FILING_COMPLETED: FilingCompleted,
    Event.OPERATION_STARTED: NoPayload,
    Event.SUSPENDED: NoPayload,
    Event.RESUMED: NoPayload,
    Event.ACCOUNT_CHANGED: AccountChanged,
    Event.HOST_UNIT_CHANGED: HostUnitChanged,
    Event.CHANGE_FILED: ChangeFiled,
    Event.PUBLIC_EXPOSURE: PublicExposure,
    Event.RECTIFICATION_COMPLETED: NoPayload,
    Event.STOP_UPDATE_NOTICE: StopUpdateNotice,
    Event.PLATFORM_DEREGISTRATION_REQUEST: PlatformDeregistrationRequest,
    Event.PROVINCIAL_DEREGISTRATION_APPLICATION: ProvincialDeregistrationApplication,
    Event.NATIONAL_SHUTDOWN_REQUEST: NationalShutdownRequest,
    Event.DEREGISTRATION_COMPLETED: DeregistrationCompleted,
    Event.SHUT_DOWN: ShutDown,
    Event.MERGED: Merged,
}

#: Any event's payload (a record validates it against its event's model first).
AnyPayload = (
    NoPayload | ApplicationSubmitted | ApplicationRejected | ApplicationApproved
    | PlatformRegistered | Certified | FilingCompleted | AccountChanged | HostUnitChanged
    | ChangeFiled | PublicExposure | StopUpdateNotice | PlatformDeregistrationRequest
    | ProvincialDeregistrationApplication | NationalShutdownRequest | DeregistrationCompleted
    | ShutDown | Merged
)
