"""The example county's lifecycle (龙游县): histories for the bundled accounts, and a few stories.

Every bundled account gets an opening history ending in operation, dated from its
``opened_on``. On top of that, as of :data:`EXAMPLE_DAY`:

- 社阳乡发布 (a township account, ``ZJG-6.5.1(6)``) was deregistered in the four steps of
  ``ZJG-6.4`` for the exit criteria, starting on 2026-11-02, after the cleanup at the
  assessment date 2026-10-31 (``zwxmt.pipeline``) recommended 注销 for it; so 社阳乡 may not
  apply again within a year (``ZJG-6.1.2-ban``);
- 农业农村局 renamed its WeChat account on 2026-09-29 and has not filed the change: the
  7 working days of ``HN-A1(2)`` ran out on 2026-10-14, after the National Day holiday;
- 溪口镇发布 was exposed (晾晒) on 2026-10-13 and has not rectified within the 3 days of
  ``ZJG-6.5.1(3)``;
- 教育局 applied for a second WeChat account (``LN-3.1-one-account``: a warning).
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from zwxmt.examples import EXAMPLE_COUNTY, example_accounts
from zwxmt.lifecycle.history import History, replay
from zwxmt.lifecycle.payloads import ApplicationSubmitted, PublicExposure
from zwxmt.lifecycle.records import EventRecord
from zwxmt.lifecycle.registry import Registry
from zwxmt.lifecycle.scenarios import (
    change_records,
    deregistration_records,
    opening_application,
    opening_records,
)
from zwxmt.lifecycle.states import Event
from zwxmt.models import Account, AccountKind, Platform, UnitKind

__all__ = [
    "DEREGISTERED_ACCOUNT",
    "DEREGISTRATION_NOTICE",
    "EXAMPLE_DAY",
    "application_record",
    "example_histories",
    "example_registry",
    "second_wechat_application",
]

#: The day the example county's lifecycle is read on.
EXAMPLE_DAY = dt.date(2026, 11, 20)
#: The township account deregistered in the example.
DEREGISTERED_ACCOUNT = "LY-T200-WECHAT"
#: Its stop-update notice: the first working day after the cleanup of 2026-10-31 (the main
#: job's assessment date) found it meets ZJG-6.5.1(6); it was live until then.
DEREGISTRATION_NOTICE = dt.date(2026, 11, 2)
_RENAMED = "LY-AGRI-WECHAT"
_EXPOSED = "LY-T101-WECHAT"

_KIND = {AccountKind.MAIN: UnitKind.GOVERNMENT_OFFICE, AccountKind.TOWNSHIP: UnitKind.TOWNSHIP}


def _opening(account: Account) -> list[EventRecord]:
    return opening_records(
        host_unit_id=account.host_unit_id, unit_name=account.host_unit_name or account.name,
        name=account.name, platform=account.platform,
        applied_on=account.opened_on - dt.timedelta(days=10),
        platform_uid=account.platform_uid,
        host_unit_kind=_KIND.get(account.kind, UnitKind.DEPARTMENT))


def _story(account: Account) -> list[EventRecord]:
    if account.account_id == DEREGISTERED_ACCOUNT:
        return deregistration_records(
            host_unit_id=account.host_unit_id, unit=f"衢州市龙游县{account.host_unit_name}",
            name=account.name, platform=account.platform, notice_on=DEREGISTRATION_NOTICE,
            reason="exit_criteria")
    if account.account_id == _RENAMED:
        return change_records(host_unit_id=account.host_unit_id, changed_on=dt.date(2026, 9, 29),
                              new_name="龙游农业农村", filed_on=None)
    if account.account_id == _EXPOSED:
        return [EventRecord(event=Event.PUBLIC_EXPOSURE, on=dt.date(2026, 10, 13),
                            actor="浙江省政务新媒体管理平台",
                            payload=PublicExposure(problem="栏目长期未更新"))]
    return []


@cache
def example_histories() -> tuple[History, ...]:
    """One replayed history per bundled account (opening, then its story if it has one)."""
    return tuple(
        replay([*_opening(a), *_story(a)], account_id=a.account_id)
        for a in example_accounts())


def application_record(*, host_unit_id: str, unit_name: str, name: str, platform: Platform,
                       kind: UnitKind, on: dt.date) -> EventRecord:
    """An application (``ZJG-6.1.1``) with its 承诺函 submitted the day before."""
    letter_on = on - dt.timedelta(days=1)
    form = opening_application(unit_name=unit_name, proposed_name=name, platform=platform,
                               signed_on=letter_on)
    return EventRecord(event=Event.APPLICATION_SUBMITTED, on=on, actor=host_unit_id,
                       payload=ApplicationSubmitted(
                           application=form, host_unit_id=host_unit_id, host_unit_kind=kind,
                           commitment_letter_on=letter_on))


def second_wechat_application(on: dt.date = EXAMPLE_DAY) -> EventRecord:
    """教育局 applies for a second WeChat account (``LN-3.1-one-account``)."""
    return application_record(host_unit_id="U-330825-EDU", unit_name="龙游县教育局",
                              name="龙游教育服务", platform=Platform.WECHAT,
                              kind=UnitKind.DEPARTMENT, on=on)


@cache
def example_registry() -> Registry:
    """The example county's registry, with 教育局's second WeChat application recorded."""
    base = Registry(region_code=EXAMPLE_COUNTY, accounts=example_accounts(),
                    histories=example_histories())
    return base.apply("LY-EDU-WECHAT-2", second_wechat_application())
