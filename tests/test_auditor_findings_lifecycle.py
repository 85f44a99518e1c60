"""Issue 10 (findings an auditor would sign), lifecycle item 9: ZJG-6.4(4) in order, and the
step periods the guide does not set are advisory."""

from __future__ import annotations

import datetime as dt

import pytest

from zwxmt.lifecycle import (
    Event,
    EventRecord,
    History,
    TransitionNotAllowed,
    apply,
    obligations,
    overdue,
    replay,
)
from zwxmt.lifecycle.payloads import NationalShutdownRequest
from zwxmt.lifecycle.scenarios import deregistration_records, opening_records
from zwxmt.models import Platform

D = dt.date
HOST = "U-AGRI"


def _applied() -> History:
    """An account through step (3) of ZJG-6.4 (notice 2026-03-02)."""
    h = replay(opening_records(host_unit_id=HOST, unit_name="龙游县农业农村局", name="龙游农业",
                               platform=Platform.WECHAT, applied_on=D(2025, 3, 3)),
               account_id="A1")
    for r in deregistration_records(host_unit_id=HOST, unit="衢州市龙游县农业农村局",
                                    name="龙游农业", platform=Platform.WECHAT,
                                    notice_on=D(2026, 3, 2), steps=3):
        h = apply(h, r)
    return h


def _national(on: D, approved: D | None) -> EventRecord:
    return EventRecord(event=Event.NATIONAL_SHUTDOWN_REQUEST, on=on, actor=HOST,
                       payload=NationalShutdownRequest(platform_approved_on=approved))


def test_national_shutdown_request_follows_the_platform_approval() -> None:
    h = _applied()
    step2 = next(r.on for r in h.records if r.event is Event.PLATFORM_DEREGISTRATION_REQUEST)
    with pytest.raises(TransitionNotAllowed) as info:
        apply(h, _national(D(2026, 3, 12), None))              # before any approval
    assert info.value.rule == "ZJG-6.4(4)"
    assert info.value.guard == "national_after_platform_approval"
    with pytest.raises(TransitionNotAllowed):
        apply(h, _national(D(2026, 3, 12), D(2026, 3, 13)))    # approved after the request
    with pytest.raises(TransitionNotAllowed):
        apply(h, _national(D(2026, 3, 12), step2 - dt.timedelta(days=1)))
    ok = apply(h, _national(D(2026, 3, 12), D(2026, 3, 11)))
    assert ok.records[-1].event is Event.NATIONAL_SHUTDOWN_REQUEST


def test_the_scripted_deregistration_requests_shutdown_after_approval() -> None:
    recs = deregistration_records(host_unit_id=HOST, unit="u", name="n",
                                  platform=Platform.WECHAT, notice_on=D(2026, 3, 2))
    national = next(r for r in recs if r.event is Event.NATIONAL_SHUTDOWN_REQUEST)
    step3 = next(r for r in recs if r.event is Event.PROVINCIAL_DEREGISTRATION_APPLICATION)
    assert isinstance(national.payload, NationalShutdownRequest)
    approved = national.payload.platform_approved_on
    assert approved is not None and step3.on <= approved <= national.on


def test_step_periods_the_guide_does_not_set_are_advisory_never_overdue() -> None:
    h = replay(opening_records(host_unit_id=HOST, unit_name="龙游县农业农村局", name="龙游农业",
                               platform=Platform.WECHAT, applied_on=D(2025, 3, 3)),
               account_id="A1")
    h = apply(h, deregistration_records(host_unit_id=HOST, unit="u", name="n",
                                        platform=Platform.WECHAT, notice_on=D(2026, 3, 2),
                                        steps=1)[0])
    on = D(2026, 6, 1)                       # months after the notice, no step (2) yet
    table = obligations([h], on=on)
    row = next(o for o in table.rows() if o.kind == "deregistration_request")
    assert row.advisory and row.status == "past_advisory" and row.days_late > 0
    assert len(overdue([h], on=on)) == 0
