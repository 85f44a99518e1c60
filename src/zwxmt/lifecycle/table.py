"""The lifecycle table (账号生命周期转换表): every allowed transition, with its guard and rule.

This is the one place the life of an account is declared. Read a row as: "in any of these
states, this event, if the guard passes, leads to that state, by this clause". An event with no
row for the current state is refused, citing the event's clause (e.g. a deregistration step
out of order cites its own step of ``ZJG-6.4``).
"""

from __future__ import annotations

from zwxmt.lifecycle.engine import Machine, Transition
from zwxmt.lifecycle.guards import (
    APPLICATION_COMPLETE,
    CHANGE_FILED_IN_BOTH_SYSTEMS,
    CHANGE_PENDING,
    COMMITMENT_LETTER_SUBMITTED,
    DEREGISTRATION_DONE_IN_BOTH_SYSTEMS,
    FILED_IN_BOTH_SYSTEMS,
    HOST_CHANGE_ANNOUNCED,
    NATIONAL_AFTER_PLATFORM_APPROVAL,
    NOT_BANNED,
    ONE_ACCOUNT_PER_PLATFORM,
    SUBJECT_MAY_HOLD_ACCOUNT,
)
from zwxmt.lifecycle.states import Event, State

__all__ = ["FINAL_STATES", "INITIAL_STATE", "LIVE_STATES", "MACHINE", "TRANSITIONS"]

S, E = State, Event
HOST, SUPERVISOR, PLATFORM, PROVINCE = "host unit", "supervising unit", "platform", "province"

#: States in which the account exists on a platform and can be closed.
LIVE_STATES: tuple[State, ...] = (
    S.REGISTERED, S.CERTIFIED, S.FILED, S.OPERATING, S.SUSPENDED, S.RECTIFYING)
#: States in which the account's information may change (after filing).
FILED_STATES: tuple[State, ...] = (S.FILED, S.OPERATING, S.SUSPENDED, S.RECTIFYING)

INITIAL_STATE = S.PROPOSED
FINAL_STATES: frozenset[State] = frozenset({S.DEREGISTERED, S.SHUT_DOWN, S.MERGED})

TRANSITIONS: tuple[Transition, ...] = (
    # ZJG-6.1.1 申请新开政务新媒体账号的主办单位，需向地区主管单位提交《账号开设申请表》。
    Transition((S.PROPOSED, S.REJECTED), E.APPLICATION_SUBMITTED, S.APPLIED, "ZJG-6.1.1",
               SUBJECT_MAY_HOLD_ACCOUNT & NOT_BANNED & ONE_ACCOUNT_PER_PLATFORM, HOST),
    Transition((S.APPLIED,), E.APPLICATION_REJECTED, S.REJECTED, "ZJG-6.1.2", None, SUPERVISOR),
    # ZJG-6.1.2 书面提交《账号开设承诺函》后 … 经审核通过后，再向相关新媒体平台运营方申请账号。
    Transition((S.APPLIED,), E.APPLICATION_APPROVED, S.APPROVED, "ZJG-6.1.2",
               APPLICATION_COMPLETE & COMMITMENT_LETTER_SUBMITTED, SUPERVISOR),
    Transition((S.APPROVED,), E.PLATFORM_REGISTERED, S.REGISTERED, "ZJG-6.1.2", None, HOST),
    # ZJG-6.1.2-subject 单位内设处（室）和个人，均不得作为政务新媒体的账号主体或认证主体。
    Transition((S.REGISTERED,), E.CERTIFIED, S.CERTIFIED, "ZJG-6.1.2-subject",
               SUBJECT_MAY_HOLD_ACCOUNT, PLATFORM),
    # ZJG-6.2 新注册并完成认证的政务新媒体账号，需在…管理平台和…信息报送系统同步备案
    Transition((S.CERTIFIED,), E.FILING_COMPLETED, S.FILED, "ZJG-6.2",
               FILED_IN_BOTH_SYSTEMS, HOST),
    Transition((S.FILED,), E.OPERATION_STARTED, S.OPERATING, "ZJG-6.2", None, HOST),
    # HN-A1-status 运行状态□正常□暂停□注销□关停
    Transition((S.OPERATING,), E.SUSPENDED, S.SUSPENDED, "HN-A1-status", None, HOST),
    Transition((S.SUSPENDED,), E.RESUMED, S.OPERATING, "HN-A1-status", None, HOST),
    # ZJG-6.3 账号名称、账号ID、账号认证主体等信息发生变更时 (HN-A1(2): 7个工作日内备案)
    Transition(FILED_STATES, E.ACCOUNT_CHANGED, None, "ZJG-6.3", SUBJECT_MAY_HOLD_ACCOUNT, HOST),
    # LN-3.1-host-change 主办单位发生变化的,应及时注销或变更账号信息,并向社会公告。
    Transition(FILED_STATES, E.HOST_UNIT_CHANGED, None, "LN-3.1-host-change",
               SUBJECT_MAY_HOLD_ACCOUNT & HOST_CHANGE_ANNOUNCED, HOST),
    Transition(FILED_STATES, E.CHANGE_FILED, None, "ZJG-6.3",
               CHANGE_PENDING & CHANGE_FILED_IN_BOTH_SYSTEMS, HOST),
    # ZJG-6.5.1(3) 被浙江省政务新媒体管理平台“晾晒”后3天内未整改
    Transition((S.OPERATING,), E.PUBLIC_EXPOSURE, S.RECTIFYING, "ZJG-6.5.1(3)", None, PROVINCE),
    Transition((S.RECTIFYING,), E.RECTIFICATION_COMPLETED, S.OPERATING, "ZJG-6.5.1(3)", None,
               HOST),
    # ZJG-6.4 主办单位注销账号需按规定流程进行：(1) … (4)
    Transition(LIVE_STATES, E.STOP_UPDATE_NOTICE, S.STOP_NOTICE_PUBLISHED, "ZJG-6.4(1)", None,
               HOST),
    Transition((S.STOP_NOTICE_PUBLISHED,), E.PLATFORM_DEREGISTRATION_REQUEST,
               S.PLATFORM_DEREGISTRATION_REQUESTED, "ZJG-6.4(2)", None, HOST),
    Transition((S.PLATFORM_DEREGISTRATION_REQUESTED,), E.PROVINCIAL_DEREGISTRATION_APPLICATION,
               S.DEREGISTRATION_APPLIED, "ZJG-6.4(3)", None, HOST),
    # ZJG-6.4(4) 账号在相关新媒体平台注销通过后 … 由各主办单位在全国系统发起关停申请。
    Transition((S.DEREGISTRATION_APPLIED,), E.NATIONAL_SHUTDOWN_REQUEST, None, "ZJG-6.4(4)",
               NATIONAL_AFTER_PLATFORM_APPROVAL, HOST),
    Transition((S.DEREGISTRATION_APPLIED,), E.DEREGISTRATION_COMPLETED, S.DEREGISTERED,
               "ZJG-6.4(4)", DEREGISTRATION_DONE_IN_BOTH_SYSTEMS, SUPERVISOR),
    # LN-3.1-filing 政府部门开设、变更、关停、注销政务新媒体应向同级政府办公部门备案
    Transition(LIVE_STATES, E.SHUT_DOWN, S.SHUT_DOWN, "LN-3.1-filing", None, HOST),
    # ZJO-2.1 归集整合粉丝数量少、影响范围小、运营力量无保障的弱运营账号
    Transition(LIVE_STATES, E.MERGED, S.MERGED, "ZJO-2.1", None, HOST),
)

#: The checked machine (built, and so checked, when this module is imported).
MACHINE = Machine(TRANSITIONS, initial=(INITIAL_STATE,), final=FINAL_STATES)
