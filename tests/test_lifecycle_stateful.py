"""Hypothesis state machine: random event sequences against the lifecycle table.

Properties: a random sequence never reaches a state the table does not allow; a refused event
never changes the history; ``import(export(h))`` replays to the same state; replay is
deterministic; nothing leaves a final state.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from zwxmt.lifecycle import (
    MACHINE,
    Event,
    EventRecord,
    History,
    TransitionNotAllowed,
    apply,
    may,
    replay,
)
from zwxmt.lifecycle.payloads import EventPayload
from zwxmt.lifecycle.scenarios import valid_payload
from zwxmt.models import UnitKind
from zwxmt.rules import catalogue

kinds = st.sampled_from([*UnitKind, None])


def _near(day: dt.date) -> st.SearchStrategy[dt.date | None]:
    return st.sampled_from([None, day - dt.timedelta(days=1), day, day + dt.timedelta(days=1)])


def broken(event: Event, day: dt.date) -> st.SearchStrategy[dict[str, Any]]:
    """Changes to a valid payload that may make the event's own guard refuse it."""
    if event is Event.APPLICATION_SUBMITTED:
        return st.fixed_dictionaries({"host_unit_kind": st.sampled_from(list(UnitKind)),
                                      "commitment_letter_on": _near(day)})
    if event is Event.APPLICATION_APPROVED:
        return st.fixed_dictionaries({"opinion": st.sampled_from(["", "同意"]),
                                      "signature": st.just(None)})
    if event is Event.CERTIFIED:
        return st.fixed_dictionaries({"subject_kind": st.sampled_from(list(UnitKind))})
    if event in (Event.FILING_COMPLETED, Event.CHANGE_FILED):
        return st.fixed_dictionaries({"provincial_on": _near(day), "national_on": _near(day)})
    if event is Event.ACCOUNT_CHANGED:
        return st.fixed_dictionaries({"fields": st.just(("certification_subject",)),
                                      "new_subject_kind": kinds})
    if event is Event.HOST_UNIT_CHANGED:
        return st.fixed_dictionaries({"announced_on": _near(day),
                                      "new_host_unit_kind": st.sampled_from(list(UnitKind))})
    if event is Event.DEREGISTRATION_COMPLETED:
        return st.fixed_dictionaries({"platform_approved_on": _near(day)})
    return st.just({})


class LifecycleMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.history = History.new("H")
        self.day = dt.date(2024, 1, 2)
        self.closed_state: Any = None

    def _payload(self, data: st.DataObject, event: Event) -> EventPayload:
        payload = valid_payload(event, self.day, host_unit_id="U-H")
        if data.draw(st.integers(0, 3), label="break") == 0:
            changes = data.draw(broken(event, self.day), label="changes")
            payload = payload.model_copy(update=changes)
        return payload

    def _step(self, event: Event, data: st.DataObject) -> None:
        record = EventRecord(event=event, on=self.day, actor="H",
                             payload=self._payload(data, event))
        before = self.history
        before_json = before.to_json()
        allowed = may(before, record)
        try:
            after = apply(before, record)
        except TransitionNotAllowed as exc:
            assert not allowed
            # A refused event never changes the history.
            assert before.to_json() == before_json
            assert self.history is before
            assert (exc.state, exc.event) == (before.state.value, event.value)
            assert exc.rule in catalogue()
            return
        assert allowed
        row = MACHINE.row(before.state, event)
        assert row is not None, "an event without a row was accepted"
        assert after.state is row.target_from(before.state)
        assert after.records[:-1] == before.records and after.records[-1] == record
        self.history = after

    @rule(event=st.sampled_from(list(Event)), gap=st.integers(0, 6), data=st.data())
    def any_event(self, event: Event, gap: int, data: st.DataObject) -> None:
        self.day += dt.timedelta(days=gap)
        self._step(event, data)

    @rule(pick=st.integers(0, 30), gap=st.integers(0, 6), data=st.data())
    def allowed_event(self, pick: int, gap: int, data: st.DataObject) -> None:
        options = self.history.allowed_events()
        if not options:
            return
        self.day += dt.timedelta(days=gap)
        self._step(options[pick % len(options)], data)

    @invariant()
    def state_is_reachable_and_replays(self) -> None:
        h = self.history
        assert h.state in MACHINE.reachable()
        assert replay(h.records, account_id="H").state is h.state
        back = History.from_json(h.to_json())
        assert back == h and back.state is h.state

    @invariant()
    def nothing_leaves_a_final_state(self) -> None:
        if self.closed_state is not None:
            assert self.history.state is self.closed_state
        elif self.history.is_closed:
            self.closed_state = self.history.state


LifecycleMachine.TestCase.settings = settings(
    max_examples=60, stateful_step_count=40, deadline=None,
    suppress_health_check=[HealthCheck.too_slow])
TestLifecycleMachine = LifecycleMachine.TestCase
