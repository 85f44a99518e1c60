"""States and events of an account's life (账号生命周期的状态与事件).

An account is applied for (申请), reviewed (驳回 / 审核通过), registered on the platform (平台注册),
certified (认证), filed (备案, ``ZJG-6.2``), operated (正常运营), suspended (暂停), rectified (整改,
``ZJG-6.5.1(3)``), and finally closed: deregistered in the four steps of ``ZJG-6.4`` (注销),
shut down (关停) or merged into another account (整合, ``ZJO-2.1``).

Values are stable English codes (JSON, CSV); ``member.zh`` is the Chinese term, and either is
accepted on input. The four deregistration events keep the codes other areas emit
(:data:`DEREGISTRATION_STEPS`).
"""

from __future__ import annotations

from zwxmt.models.enums import ZhEnum, register_labels

__all__ = ["DEREGISTRATION_STEPS", "Event", "State"]


class State(ZhEnum):
    """Where an account stands in its life (账号状态)."""

    PROPOSED = "proposed"
    APPLIED = "applied"
    REJECTED = "rejected"
    APPROVED = "approved"
    REGISTERED = "registered"
    CERTIFIED = "certified"
    FILED = "filed"
    OPERATING = "operating"
    SUSPENDED = "suspended"
    RECTIFYING = "rectifying"
    STOP_NOTICE_PUBLISHED = "stop_notice_published"
    PLATFORM_DEREGISTRATION_REQUESTED = "platform_deregistration_requested"
    DEREGISTRATION_APPLIED = "deregistration_applied"
    DEREGISTERED = "deregistered"
    SHUT_DOWN = "shut_down"
    MERGED = "merged"


register_labels(State, {
    State.PROPOSED: ("拟开设",),
    State.APPLIED: ("申请", "已申请"),
    State.REJECTED: ("驳回", "已驳回"),
    State.APPROVED: ("审核通过",),
    State.REGISTERED: ("平台注册", "已注册"),
    State.CERTIFIED: ("认证", "已认证"),
    State.FILED: ("备案", "已备案"),
    State.OPERATING: ("正常运营", "正常"),
    State.SUSPENDED: ("暂停", "停止运营"),
    State.RECTIFYING: ("整改", "整改中"),
    State.STOP_NOTICE_PUBLISHED: ("已发布停更公告", "停更公告"),
    State.PLATFORM_DEREGISTRATION_REQUESTED: ("已向平台申请注销", "平台注销申请"),
    State.DEREGISTRATION_APPLIED: ("已提交拟注销申请", "拟注销申请"),
    State.DEREGISTERED: ("注销", "已注销"),
    State.SHUT_DOWN: ("关停", "已关停"),
    State.MERGED: ("整合", "已整合"),
})


class Event(ZhEnum):
    """Something that happens to an account on a date (事件)."""

    APPLICATION_SUBMITTED = "application_submitted"
    APPLICATION_REJECTED = "application_rejected"
    APPLICATION_APPROVED = "application_approved"
    PLATFORM_REGISTERED = "platform_registered"
    CERTIFIED = "certified"
    FILING_COMPLETED = "filing_completed"
    OPERATION_STARTED = "operation_started"
    SUSPENDED = "suspended"
    RESUMED = "resumed"
    ACCOUNT_CHANGED = "account_changed"
    HOST_UNIT_CHANGED = "host_unit_changed"
    CHANGE_FILED = "change_filed"
    PUBLIC_EXPOSURE = "public_exposure"
    RECTIFICATION_COMPLETED = "rectification_completed"
    STOP_UPDATE_NOTICE = "stop_update_notice"
    PLATFORM_DEREGISTRATION_REQUEST = "platform_deregistration_request"
    PROVINCIAL_DEREGISTRATION_APPLICATION = "provincial_deregistration_application"
    NATIONAL_SHUTDOWN_REQUEST = "national_shutdown_request"
    DEREGISTRATION_COMPLETED = "deregistration_completed"
    SHUT_DOWN = "shut_down"
    MERGED = "merged"


register_labels(Event, {
    Event.APPLICATION_SUBMITTED: ("提交开设申请", "开设申请"),
    Event.APPLICATION_REJECTED: ("驳回申请",),
    Event.APPLICATION_APPROVED: ("审核通过申请", "审核通过"),
    Event.PLATFORM_REGISTERED: ("平台注册账号", "向平台申请账号"),
    Event.CERTIFIED: ("完成认证",),
    Event.FILING_COMPLETED: ("完成备案", "同步备案"),
    Event.OPERATION_STARTED: ("正式运营",),
    Event.SUSPENDED: ("暂停运营",),
    Event.RESUMED: ("恢复运营",),
    Event.ACCOUNT_CHANGED: ("信息变更", "账号变更"),
    Event.HOST_UNIT_CHANGED: ("主办单位变化", "主办单位变更"),
    Event.CHANGE_FILED: ("变更备案",),
    Event.PUBLIC_EXPOSURE: ("晾晒", "被晾晒"),
    Event.RECTIFICATION_COMPLETED: ("完成整改", "整改完成"),
    Event.STOP_UPDATE_NOTICE: ("发布停更公告",),
    Event.PLATFORM_DEREGISTRATION_REQUEST: ("向平台申请注销",),
    Event.PROVINCIAL_DEREGISTRATION_APPLICATION: ("提交拟注销申请", "管理平台拟注销申请"),
    Event.NATIONAL_SHUTDOWN_REQUEST: ("全国系统关停申请", "发起关停申请"),
    Event.DEREGISTRATION_COMPLETED: ("完成注销", "注销完成"),
    Event.SHUT_DOWN: ("关停账号",),
    Event.MERGED: ("整合账号", "归集整合"),
})

#: The four steps of ``ZJG-6.4`` in order: (1) stop-update notice, (2) platform deregistration
#: request, (3) provincial-platform application, (4) completion. Other areas (cleanup) emit
#: these codes when they recommend deregistration.
DEREGISTRATION_STEPS: tuple[str, str, str, str] = (
    Event.STOP_UPDATE_NOTICE.value,
    Event.PLATFORM_DEREGISTRATION_REQUEST.value,
    Event.PROVINCIAL_DEREGISTRATION_APPLICATION.value,
    Event.DEREGISTRATION_COMPLETED.value,
)
