"""Worked scenarios of the account lifecycle, computed by hand from the seeds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from zwxmt.errors import InputError
from zwxmt.lifecycle import (
    Event,
    EventRecord,
    History,
    Registry,
    RegistryError,
    State,
    TransitionNotAllowed,
    apply,
    may,
    obligations,
    overdue,
    replay,
)
from zwxmt.lifecycle.parameters import DeregistrationReason
from zwxmt.lifecycle.payloads import (
    AccountChanged,
    ApplicationApproved,
    ChangeFiled,
    DeregistrationCompleted,
    FilingCompleted,
    HostUnitChanged,
    PublicExposure,
)
from zwxmt.lifecycle.scenarios import (
    change_records,
    deregistration_records,
    opening_records,
    valid_payload,
)
from zwxmt.models import Platform, UnitKind

D = dt.date
HOST = "U-AGRI"


def opened() -> History:
    recs = opening_records(host_unit_id=HOST, unit_name="龙游县农业农村局", name="龙游农业",
                           platform=Platform.WECHAT, applied_on=D(2025, 3, 3))
    return replay(recs, account_id="A1")


def rec(event: Event, on: D, **payload: object) -> EventRecord:
    return EventRecord.model_validate(
        {"event": event, "on": on, "actor": HOST, "payload": payload})


def refused(history: History, record: EventRecord, *, rule: str, state: State,
            guard: str | None = None) -> TransitionNotAllowed:
    with pytest.raises(TransitionNotAllowed) as info:
        apply(history, record)
    err = info.value
    assert (err.rule, err.state, err.event) == (rule, state.value, record.event.value)
    if guard is not None:
        assert err.guard == guard
    assert not may(history, record)
    return err


# -- a full life ------------------------------------------------------------------------

def test_full_life_from_application_to_completed_deregistration() -> None:
    h = opened()
    # Hand-computed: application 2025-03-03 (Mon); +5 working days approval 03-10; +2
    # registration 03-12; +5 certification 03-19; +3 filing 03-24; +1 operation 03-25.
    assert [r.on for r in h.records] == [D(2025, 3, 3), D(2025, 3, 10), D(2025, 3, 12),
                                         D(2025, 3, 19), D(2025, 3, 24), D(2025, 3, 25)]
    seen: list[History] = []
    current = History.new("A1")
    for r in [*h.records,
              *deregistration_records(host_unit_id=HOST, unit="衢州市龙游县农业农村局",
                                      name="龙游农业", platform=Platform.WECHAT,
                                      notice_on=D(2026, 3, 2))]:
        current = apply(current, r)
        seen.append(current)
    assert [s.state for s in seen] == [
        State.APPLIED, State.APPROVED, State.REGISTERED, State.CERTIFIED, State.FILED,
        State.OPERATING, State.STOP_NOTICE_PUBLISHED, State.PLATFORM_DEREGISTRATION_REQUESTED,
        State.DEREGISTRATION_APPLIED, State.DEREGISTRATION_APPLIED, State.DEREGISTERED]
    final = seen[-1]
    assert final.is_closed and final.allowed_events() == ()
    # Nothing leaves 注销.
    refused(final, rec(Event.RESUMED, D(2026, 4, 1)), rule="HN-A1-status",
            state=State.DEREGISTERED)
    # Every obligation of the deregistration was met on time.
    table = obligations([final], on=D(2026, 4, 30))
    assert list(table.kind) == ["deregistration_request", "deregistration_application",
                                "deregistration_completion"]
    assert set(table.status) == {"met"}


def test_approval_comes_before_platform_registration() -> None:
    h = replay(opened().records[:1], account_id="A1")
    assert h.state is State.APPLIED
    refused(h, rec(Event.PLATFORM_REGISTERED, D(2025, 3, 4), platform="wechat",
                   platform_uid="x", name="龙游农业"), rule="ZJG-6.1.2", state=State.APPLIED)


def test_incomplete_application_or_missing_letter_is_not_approved() -> None:
    first = opened().records[0]
    h = replay([first], account_id="A1")
    # No opinion, no signature: the 开设申请表 is incomplete (ZJG-6.1.1).
    err = refused(h, rec(Event.APPLICATION_APPROVED, D(2025, 3, 10)), rule="ZJG-6.1.1",
                  state=State.APPLIED, guard="application_complete")
    assert "supervisor_opinion" in err.reason and "supervisor_signature" in err.reason
    # The 承诺函 never reached the supervising unit (ZJG-6.1.2).
    payload = first.payload.model_copy(update={"commitment_letter_on": None})
    h2 = replay([first.model_copy(update={"payload": payload})], account_id="A1")
    approve = opened().records[1]
    refused(h2, approve, rule="ZJG-6.1.2", state=State.APPLIED,
            guard="commitment_letter_submitted")
    # …or reached it after the application.
    late = first.payload.model_copy(update={"commitment_letter_on": D(2025, 3, 4)})
    h3 = replay([first.model_copy(update={"payload": late})], account_id="A1")
    refused(h3, approve, rule="ZJG-6.1.2", state=State.APPLIED)
    assert apply(h, approve).state is State.APPROVED


# -- the subject -------------------------------------------------------------------------

@pytest.mark.parametrize("kind", [UnitKind.INTERNAL_SECTION, UnitKind.INDIVIDUAL])
def test_internal_section_or_individual_refused_as_subject(kind: UnitKind) -> None:
    good = opened()
    first = good.records[0]
    bad_first = first.model_copy(update={"payload": first.payload.model_copy(
        update={"host_unit_kind": kind})})
    err = refused(History.new("A1"), bad_first, rule="ZJG-6.1.2-subject",
                  state=State.PROPOSED, guard="subject_may_hold_account")
    assert kind.zh in err.reason
    # As certification subject (认证主体).
    before_cert = replay(good.records[:3], account_id="A1")
    refused(before_cert, rec(Event.CERTIFIED, D(2025, 3, 19), subject_name="办公室",
                             subject_kind=kind), rule="ZJG-6.1.2-subject",
            state=State.REGISTERED)
    # As the new certification subject of a change.
    change = EventRecord(event=Event.ACCOUNT_CHANGED, on=D(2025, 5, 6), actor=HOST,
                         payload=AccountChanged(fields=("certification_subject",),
                                                new_subject_kind=kind))
    refused(good, change, rule="ZJG-6.1.2-subject", state=State.OPERATING)


# -- the re-application ban --------------------------------------------------------------

def _deregistered_registry(reason: DeregistrationReason) -> tuple[Registry, D]:
    h = opened()
    for r in deregistration_records(host_unit_id=HOST, unit="衢州市龙游县农业农村局",
                                    name="龙游农业", platform=Platform.WECHAT,
                                    notice_on=D(2025, 5, 26), reason=reason):
        h = apply(h, r)
    assert h.state is State.DEREGISTERED
    return Registry(region_code="330825", histories=(h,)), h.records[-1].on


def test_reapplication_inside_the_ban_refused_and_allowed_the_day_after() -> None:
    registry, done = _deregistered_registry("exit_criteria")
    # Hand-computed: notice 2025-05-26; +2 wd request 05-28; +3 wd application 06-03 (the
    # Dragon Boat holiday 05-31..06-02); +2 wd national request 06-05; +5 wd completion 06-12.
    assert done == D(2025, 6, 12)
    assert registry.bans()[HOST].until == D(2026, 6, 12)

    def application(on: D) -> EventRecord:
        return EventRecord(event=Event.APPLICATION_SUBMITTED, on=on, actor=HOST,
                           payload=valid_payload(Event.APPLICATION_SUBMITTED, on,
                                                 host_unit_id=HOST, platform=Platform.DOUYIN))

    with pytest.raises(TransitionNotAllowed) as info:
        registry.apply("A2", application(D(2026, 6, 12)))
    assert info.value.rule == "ZJG-6.1.2-ban" and "2026-06-13" in info.value.reason
    assert registry.history("A2").records == ()
    again = registry.apply("A2", application(D(2026, 6, 13)))
    assert again.history("A2").state is State.APPLIED
    # Another unit is not banned.
    other = application(D(2026, 1, 5)).model_copy(update={"payload": valid_payload(
        Event.APPLICATION_SUBMITTED, D(2026, 1, 5), host_unit_id="U-OTHER")})
    assert registry.apply("A3", other).history("A3").state is State.APPLIED


def test_voluntary_deregistration_does_not_ban() -> None:
    registry, _ = _deregistered_registry("voluntary")
    assert registry.bans() == {}


# -- changes and their deadlines ---------------------------------------------------------

def test_late_change_filing_found_overdue_across_national_day() -> None:
    h = opened()
    for r in change_records(host_unit_id=HOST, changed_on=D(2026, 9, 29), new_name="龙游农业农村",
                            filed_on=None):
        h = apply(h, r)
    # 7 working days after Tue 2026-09-29 (HN-A1(2)): 09-30; National Day and Mid-Autumn
    # run 10-01..10-07; then 10-08, 10-09, 10-10 (Saturday, a make-up workday), 10-12, 10-13,
    # 10-14. Counting Monday-Friday only would have given 10-08.
    assert np.busday_offset("2026-09-29", 7) == np.datetime64("2026-10-08")  # the naive count
    on_due = overdue([h], on=D(2026, 10, 14))
    assert len(on_due) == 0
    late = overdue([h], on=D(2026, 10, 15)).rows()
    assert len(late) == 1
    (o,) = late
    assert (o.kind, o.rule, o.opened_on, o.due_on, o.days_late) == (
        "change_filing", "ZJG-6.3", D(2026, 9, 29), D(2026, 10, 14), 1)
    # Zhejiang's 及时 (ZJG-6.3) read as Hengnan's 7 working days; under hengnan, HN-A1(2)
    (o,) = overdue([h], on=D(2026, 10, 15), rulebook="hengnan").rows()
    assert (o.rule, o.due_on) == ("HN-A1(2)", D(2026, 10, 14))
    # Filed late on 10-16: the obligation is closed, but late by 2 days.
    filed = apply(h, rec(Event.CHANGE_FILED, D(2026, 10, 16), provincial_on=D(2026, 10, 16),
                         national_on=D(2026, 10, 16)))
    assert len(overdue([filed], on=D(2026, 10, 20))) == 0
    (closed,) = obligations([filed], on=D(2026, 10, 20)).rows()
    assert (closed.status, closed.closed_on, closed.days_late) == ("late", D(2026, 10, 16), 2)


def test_change_filed_in_both_systems_only() -> None:
    h = apply(opened(), EventRecord(event=Event.ACCOUNT_CHANGED, on=D(2025, 6, 2), actor=HOST,
                                    payload=AccountChanged(fields=("name",), new_name="新名")))
    one = EventRecord(event=Event.CHANGE_FILED, on=D(2025, 6, 3), actor=HOST,
                      payload=ChangeFiled(provincial_on=D(2025, 6, 3)))
    err = refused(h, one, rule="ZJG-6.3", state=State.OPERATING,
                  guard="change_filed_in_both_systems")
    assert "national system" in err.reason
    # Nothing to file: refused too.
    refused(opened(), one, rule="ZJG-6.3", state=State.OPERATING, guard="change_pending")


def test_filing_needs_both_systems_and_comes_before_operation() -> None:
    h = replay(opened().records[:4], account_id="A1")
    assert h.state is State.CERTIFIED
    refused(h, rec(Event.OPERATION_STARTED, D(2025, 3, 20)), rule="ZJG-6.2",
            state=State.CERTIFIED)
    refused(h, EventRecord(event=Event.FILING_COMPLETED, on=D(2025, 3, 24), actor=HOST,
                           payload=FilingCompleted(national_on=D(2025, 3, 24))),
            rule="ZJG-6.2", state=State.CERTIFIED, guard="filed_in_both_systems")



def test_filing_systems_follow_the_rulebook() -> None:
    """Zhejiang files on its provincial platform and the national system (ZJG-6.2); Hengnan in
    the national system after approval (HN-4.1-filing); a change in Hengnan is filed in writing
    with the competent unit (HN-A1(2)), in no system."""
    h = replay(opened().records[:4], account_id="A1")
    national_only = EventRecord(event=Event.FILING_COMPLETED, on=D(2025, 3, 24), actor=HOST,
                                payload=FilingCompleted(national_on=D(2025, 3, 24)))
    assert apply(h, national_only, rulebook="hengnan").state is not State.CERTIFIED
    nothing = national_only.model_copy(update={"payload": FilingCompleted()})
    with pytest.raises(TransitionNotAllowed) as info:
        apply(h, nothing, rulebook="hengnan")
    assert info.value.rule == "HN-4.1-filing"
    apply(h, nothing, rulebook="liaoning")        # 分级备案 with the office, in no system


def test_host_unit_change_needs_announcement_and_a_resolution() -> None:
    h = opened()
    silent = EventRecord(event=Event.HOST_UNIT_CHANGED, on=D(2025, 7, 1), actor=HOST,
                         payload=HostUnitChanged(new_host_unit_id="U-NEW",
                                                 new_host_unit_kind=UnitKind.DEPARTMENT))
    refused(h, silent, rule="LN-3.1-host-change", state=State.OPERATING,
            guard="host_change_announced")
    told = silent.model_copy(update={"payload": silent.payload.model_copy(
        update={"announced_on": D(2025, 7, 1)})})
    h2 = apply(h, told)
    # 7 working days (host_change_working_days) from Tue 2025-07-01: due 2025-07-10.
    # the obligation is Liaoning's (and Hengnan's), not Zhejiang's
    assert len(overdue([h2], on=D(2025, 7, 11))) == 0
    (o,) = overdue([h2], on=D(2025, 7, 11), rulebook="liaoning").rows()
    assert (o.kind, o.rule, o.due_on) == ("host_change", "LN-3.1-host-change", D(2025, 7, 10))
    (o,) = overdue([h2], on=D(2025, 7, 11), rulebook="hengnan").rows()
    assert (o.kind, o.rule) == ("host_change", "HN-4.1-host-change")
    # Starting the deregistration resolves it.
    notice = EventRecord(event=Event.STOP_UPDATE_NOTICE, on=D(2025, 7, 3), actor=HOST,
                         payload=valid_payload(Event.STOP_UPDATE_NOTICE, D(2025, 7, 3)))
    assert len(overdue([apply(h2, notice)], on=D(2025, 7, 11), rulebook="liaoning")) == 0


def test_rectification_within_three_calendar_days_of_exposure() -> None:
    h = apply(opened(), EventRecord(event=Event.PUBLIC_EXPOSURE, on=D(2026, 9, 30),
                                    actor="province", payload=PublicExposure(problem="未更新")))
    assert h.state is State.RECTIFYING
    # 3天 are calendar days, holiday or not: 2026-09-30 + 3 = 2026-10-03.
    assert len(overdue([h], on=D(2026, 10, 3))) == 0
    (o,) = overdue([h], on=D(2026, 10, 4)).rows()
    assert (o.rule, o.due_on, o.days_late) == ("ZJG-6.5.1(3)", D(2026, 10, 3), 1)
    fixed = apply(h, rec(Event.RECTIFICATION_COMPLETED, D(2026, 10, 2)))
    assert fixed.state is State.OPERATING
    assert obligations([fixed], on=D(2026, 10, 9)).rows()[0].status == "met"


# -- the four steps of ZJG-6.4 -----------------------------------------------------------

def test_deregistration_step_out_of_order_refused() -> None:
    steps = deregistration_records(host_unit_id=HOST, unit="衢州市龙游县农业农村局",
                                   name="龙游农业", platform=Platform.WECHAT,
                                   notice_on=D(2026, 3, 2))
    notice, request, application, national, done = steps
    h = apply(opened(), notice)
    # Step (3) before step (2).
    err = refused(h, application, rule="ZJG-6.4(3)", state=State.STOP_NOTICE_PUBLISHED)
    assert "platform_deregistration_requested" in err.reason
    # Step (2) without step (1).
    refused(opened(), request, rule="ZJG-6.4(2)", state=State.OPERATING)
    # Step (4) before the host unit's shutdown request in the national system.
    h3 = apply(apply(h, request), application)
    refused(h3, done, rule="ZJG-6.4(4)", state=State.DEREGISTRATION_APPLIED,
            guard="deregistration_done_in_both_systems")
    # …or before the platform approved.
    h4 = apply(h3, national)
    unapproved = done.model_copy(update={"payload": DeregistrationCompleted()})
    refused(h4, unapproved, rule="ZJG-6.4(4)", state=State.DEREGISTRATION_APPLIED)
    assert apply(h4, done).state is State.DEREGISTERED


def test_refused_event_leaves_history_unchanged() -> None:
    h = opened()
    before = h.to_json()
    with pytest.raises(TransitionNotAllowed):
        apply(h, rec(Event.APPLICATION_APPROVED, D(2025, 4, 1), opinion="同意"))
    assert h.to_json() == before and h.state is State.OPERATING


def test_events_must_be_in_date_order() -> None:
    with pytest.raises(InputError) as info:
        apply(opened(), rec(Event.SUSPENDED, D(2025, 1, 1)))
    assert info.value.field == "on"


# -- JSON --------------------------------------------------------------------------------

def test_json_round_trip_and_tampered_import() -> None:
    h = opened()
    text = h.to_json()
    back = History.from_json(text)
    assert back == h and back.state is h.state
    assert list(back.event_codes) == list(h.event_codes)
    # Drop the approval: importing replays and refuses the registration (record 2).
    data = h.model_dump(mode="json")
    data["records"].pop(1)
    with pytest.raises(InputError) as info:
        History.model_validate(data)
    assert info.value.row == 2 and info.value.rule == "ZJG-6.1.2"


def test_approval_payload_fills_the_form() -> None:
    h = replay(opened().records[:1], account_id="A1")
    ok = EventRecord(event=Event.APPLICATION_APPROVED, on=D(2025, 3, 10), actor="gov",
                     payload=ApplicationApproved(opinion="同意开设", signature={
                         "signed_by": "县府办", "signed_on": D(2025, 3, 10)}))
    assert apply(h, ok).state is State.APPROVED


# -- the registry ------------------------------------------------------------------------

def _error_rulebook(tmp_path: Path) -> str:
    # a user rulebook: Liaoning's, with a second account refused (one line changed)
    book = tmp_path / "strict.toml"
    book.write_text('''[meta]
extends = "liaoning"
name = "liaoning-strict"
version = "test"

[lifecycle]
one_account_per_platform = { value = "error", cite = "LN-3.1-one-account" }
''', encoding="utf-8")
    return str(book)


def test_one_account_per_platform_warning_or_error(tmp_path: Path) -> None:
    first = opened()
    second = EventRecord(event=Event.APPLICATION_SUBMITTED, on=D(2025, 6, 2), actor=HOST,
                         payload=valid_payload(Event.APPLICATION_SUBMITTED, D(2025, 6, 2),
                                               host_unit_id=HOST, platform=Platform.WECHAT))
    # not a Zhejiang rule (LN-3.1-one-account): no finding under the default rulebook
    assert not [f for f in Registry(region_code="330825", histories=(first,)).apply(
        "A2", second).check() if f.code == "one_account_per_platform"]
    warn = Registry(region_code="330825", histories=(first,), rulebook="liaoning").apply(
        "A2", second)
    (finding,) = [f for f in warn.check() if f.code == "one_account_per_platform"]
    assert (finding.rule, finding.severity, finding.account_ids) == (
        "LN-3.1-one-account", "warning", ("A1", "A2"))
    warn.raise_for_errors()  # a warning does not raise
    book = _error_rulebook(tmp_path)
    strict = Registry(region_code="330825", histories=(first,), rulebook=book)
    with pytest.raises(TransitionNotAllowed) as info:
        strict.apply("A2", second)
    assert info.value.rule == "LN-3.1-one-account"
    # Another platform is fine.
    douyin = second.model_copy(update={"payload": valid_payload(
        Event.APPLICATION_SUBMITTED, D(2025, 6, 2), host_unit_id=HOST,
        platform=Platform.DOUYIN)})
    assert strict.apply("A2", douyin).history("A2").state is State.APPLIED
    # A registry already holding two is an error there.
    with pytest.raises(RegistryError):
        Registry(region_code="330825", histories=warn.histories, rulebook=book) \
            .raise_for_errors()
    Path(book).unlink()


def test_county_matrix_findings() -> None:
    from zwxmt.examples import example_accounts

    accounts = example_accounts()
    full = Registry(region_code="330825", accounts=accounts)
    assert [f for f in full.check() if f.code.startswith("matrix")] == []
    no_main = Registry(region_code="330825", accounts=tuple(
        a for a in accounts if a.kind.value != "main"))
    assert [f.code for f in no_main.check()] == ["matrix_no_main_account"]
    only_main = Registry(region_code="330825", accounts=tuple(
        a for a in accounts if a.kind.value == "main"))
    assert [f.code for f in only_main.check()] == ["matrix_too_few_department_accounts"]
    two_mains = Registry(region_code="330825", accounts=(
        *accounts, accounts[0].model_copy(update={
            "account_id": "LY-OTHER-MAIN", "name": "龙游发布", "host_unit_id": "U-PROPAGANDA"})))
    (f,) = [f for f in two_mains.check() if f.code == "matrix_several_main_accounts"]
    assert f.rule == "ZJO-2.2" and "龙游发布" in f.message
    # The same main account on four platforms is one main account, not four.
    assert len({a.name for a in accounts if a.kind.value == "main"}) == 1


def test_bad_record_names_the_field() -> None:
    with pytest.raises(InputError) as info:
        apply(opened(), {"event": "stop_update_notice", "on": "2026-03-02", "actor": HOST,
                         "payload": {"reason": "bored", "stop_from": "2026-03-02",
                                     "notice": "x"}})
    assert info.value.field == "payload.reason"
    # may() answers for any well-formed record; a malformed one is an input error.
    assert not may(opened(), {"event": "suspended", "on": "2020-01-01", "actor": HOST})
    with pytest.raises(InputError) as bad:
        may(opened(), {"event": "no_such_event", "on": "2026-03-02", "actor": HOST})
    assert bad.value.field == "event"


def test_ban_from_29_february_ends_on_28_february() -> None:
    h = replay(opening_records(host_unit_id=HOST, unit_name="龙游县农业农村局", name="龙游农业",
                               platform=Platform.WECHAT, applied_on=D(2023, 6, 1)),
               account_id="A1")
    steps = [(Event.STOP_UPDATE_NOTICE, D(2024, 2, 20)),
             (Event.PLATFORM_DEREGISTRATION_REQUEST, D(2024, 2, 21)),
             (Event.PROVINCIAL_DEREGISTRATION_APPLICATION, D(2024, 2, 22)),
             (Event.NATIONAL_SHUTDOWN_REQUEST, D(2024, 2, 23)),
             (Event.DEREGISTRATION_COMPLETED, D(2024, 2, 29))]
    for event, on in steps:
        payload = valid_payload(event, on)
        if event is Event.STOP_UPDATE_NOTICE:
            payload = payload.model_copy(update={"reason": "commitment_unmet"})
        h = apply(h, EventRecord(event=event, on=on, actor=HOST, payload=payload))
    ban = Registry(region_code="330825", histories=(h,)).bans()[HOST]
    # 民法典 art. 202: no corresponding day in the last month -> its last day.
    assert (ban.until, ban.reason) == (D(2025, 2, 28), "commitment_unmet")
