"""Event-sourced account histories (账号履历): append-only, dated, replayable.

An account's history is the list of its dated events; its state is the fold of that list
through the table (:data:`~zwxmt.lifecycle.table.MACHINE`). :func:`apply` returns a *new*
history with one more event, or raises :class:`TransitionNotAllowed` naming the state, the event
and the rule; the history it was given is never changed (it is frozen). :func:`may` answers the
same question without raising. A history exports to JSON and imports from it; importing replays
every event through the same guards, so a tampered history is refused at the record that breaks
the rules, and the replayed state is the same every time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, model_validator

from zwxmt import display
from zwxmt.errors import InputError
from zwxmt.lifecycle.errors import TransitionNotAllowed
from zwxmt.lifecycle.guards import GuardInput, LifecycleContext
from zwxmt.lifecycle.parameters import LifecycleSettings, lifecycle_settings
from zwxmt.lifecycle.records import EventRecord
from zwxmt.lifecycle.states import Event, State
from zwxmt.lifecycle.table import INITIAL_STATE, MACHINE
from zwxmt.rulebook import DEFAULT_RULEBOOK

__all__ = [
    "EVENT_CODES",
    "History",
    "HistoryColumns",
    "apply",
    "history_columns",
    "may",
    "replay",
    "state_after",
]

#: Small integer code of each event (the columns of :mod:`zwxmt.lifecycle.deadlines`).
EVENT_CODES: dict[Event, int] = {e: i for i, e in enumerate(Event)}
_EPOCH = dt.date(1970, 1, 1).toordinal()
_NO_CONTEXT = LifecycleContext()


class History(BaseModel):
    """An account's events, oldest first; ``state`` is their fold through the table."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    account_id: str = Field(min_length=1)
    records: tuple[EventRecord, ...] = ()

    _state: State = PrivateAttr(default=INITIAL_STATE)
    _codes: npt.NDArray[np.int8] = PrivateAttr(
        default_factory=lambda: np.empty(0, dtype=np.int8))
    _days: npt.NDArray[np.int64] = PrivateAttr(
        default_factory=lambda: np.empty(0, dtype=np.int64))

    @model_validator(mode="after")
    def _replay(self) -> History:
        # Importing is replaying: every record passes through the table and its guards again.
        replayed = replay(self.records, account_id=self.account_id)
        self._state = replayed._state
        self._codes = replayed._codes
        self._days = replayed._days
        return self

    def __eq__(self, other: object) -> bool:
        # The private columns are derived from the records; compare what defines a history.
        if not isinstance(other, History):
            return NotImplemented
        return self.account_id == other.account_id and self.records == other.records

    def __hash__(self) -> int:
        return hash((self.account_id, self.records))

    @classmethod
    def new(cls, account_id: str) -> History:
        """An empty history: the account is in the initial state (拟开设)."""
        return cls(account_id=account_id)

    @property
    def state(self) -> State:
        return self._state

    @property
    def event_codes(self) -> npt.NDArray[np.int8]:
        """The events as small integers (:data:`EVENT_CODES`), a read-only view."""
        view = self._codes.view()
        view.flags.writeable = False
        return view

    @property
    def event_days(self) -> npt.NDArray[np.int64]:
        """The event dates as days since 1970-01-01, a read-only view."""
        view = self._days.view()
        view.flags.writeable = False
        return view

    @property
    def is_closed(self) -> bool:
        """True once the account is deregistered, shut down or merged."""
        return MACHINE.is_final(self._state)

    def allowed_events(self) -> tuple[Event, ...]:
        """Events the table allows in the current state (guards not yet applied)."""
        return MACHINE.events_from(self._state)

    def to_json(self, *, indent: int | None = None) -> str:
        return self.model_dump_json(indent=indent)

    @classmethod
    def from_json(cls, text: str | bytes) -> History:
        """Import (and replay) a history exported by :meth:`to_json`."""
        return cls.model_validate_json(text)

    def _extended(self, record: EventRecord, state: State) -> History:
        new = History.model_construct(account_id=self.account_id, records=(*self.records, record))
        new._state = state
        new._codes = np.append(self._codes, np.int8(EVENT_CODES[record.event]))
        new._days = np.append(self._days, np.int64(record.on.toordinal() - _EPOCH))
        return new

    def __repr__(self) -> str:
        return display.history_text(self)

    def _repr_html_(self) -> str:
        return display.history_html(self)


def _as_record(record: EventRecord | Mapping[str, Any]) -> EventRecord:
    if isinstance(record, EventRecord):
        return record
    try:
        return EventRecord.model_validate(record)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "record"
        raise InputError(f"{err['msg']} (input: {err.get('input')!r})", field=where) from exc


def _check(history: History, record: EventRecord, context: LifecycleContext,
           settings: LifecycleSettings) -> tuple[State, TransitionNotAllowed | None]:
    state = history.state
    if history.records and record.on < history.records[-1].on:
        raise InputError(
            f"event {record.event.value} is dated {record.on}, before the last event "
            f"({history.records[-1].event.value} on {history.records[-1].on}); a history is "
            "appended in date order", row=len(history.records) + 1, field="on")
    row = MACHINE.row(state, record.event)
    if row is None:
        allowed = ", ".join(s.value for s in MACHINE.sources_of(record.event))
        return state, TransitionNotAllowed(
            state=state.value, event=record.event.value, rule=MACHINE.rule_of(record.event),
            reason=f"the table allows it only in {allowed}", account_id=history.account_id)
    refusal = MACHINE.refusal(row, GuardInput(
        history.account_id, history.records, record, settings, context))
    if refusal is not None:
        return state, TransitionNotAllowed(
            state=state.value, event=record.event.value, rule=refusal.rule,
            reason=refusal.reason, guard=refusal.guard, account_id=history.account_id)
    return row.target_from(state), None


def apply(history: History, record: EventRecord | Mapping[str, Any], *,
          context: LifecycleContext | None = None,
          rulebook: str = DEFAULT_RULEBOOK) -> History:
    """``history`` with ``record`` appended, or :class:`TransitionNotAllowed`.

    ``context`` carries what a registry knows about other accounts (bans, live accounts);
    without one, the guards that need it pass.
    """
    rec = _as_record(record)
    target, error = _check(history, rec, context or _NO_CONTEXT, lifecycle_settings(rulebook))
    if error is not None:
        raise error
    return history._extended(rec, target)


def may(history: History, record: EventRecord | Mapping[str, Any], *,
        context: LifecycleContext | None = None, rulebook: str = DEFAULT_RULEBOOK) -> bool:
    """Would :func:`apply` accept ``record``? Never raises for a well-formed record (a refused
    transition or an out-of-order date is ``False``); a malformed one is an :class:`InputError`.
    """
    rec = _as_record(record)
    try:
        _, error = _check(history, rec, context or _NO_CONTEXT, lifecycle_settings(rulebook))
    except InputError:
        return False
    return error is None


def replay(records: Iterable[EventRecord | Mapping[str, Any]], *, account_id: str,
           context: LifecycleContext | None = None,
           rulebook: str = DEFAULT_RULEBOOK) -> History:
    """Fold ``records`` from the initial state; a refusal names the record (1-based)."""
    history = History.model_construct(account_id=account_id, records=())
    for i, raw in enumerate(records, start=1):
        try:
            history = apply(history, raw, context=context, rulebook=rulebook)
        except TransitionNotAllowed as exc:
            raise InputError(exc.message, row=i, field="event", rule=exc.rule) from exc
    return history


def state_after(records: Iterable[EventRecord | Mapping[str, Any]], *, account_id: str) -> State:
    """The state a sequence of records leads to (replaying it)."""
    return replay(records, account_id=account_id).state


@dataclass(frozen=True)
class HistoryColumns:
    """Many histories as flat columns, one entry per record, in history then record order.

    ``history`` is the index of the record's history in the input, ``event`` its
    :data:`EVENT_CODES` code and ``day`` its date as datetime64[D]; ``account_ids`` and
    ``states`` have one entry per history.
    """

    account_ids: npt.NDArray[np.str_]
    states: npt.NDArray[np.str_]
    history: npt.NDArray[np.int64]
    event: npt.NDArray[np.int8]
    day: npt.NDArray[np.datetime64]

    def __len__(self) -> int:
        return len(self.account_ids)


def history_columns(histories: Sequence[History]) -> HistoryColumns:
    """Flatten histories into :class:`HistoryColumns` (the input of the vectorised checks).

    Each history keeps its events as small arrays already, so this is one concatenation.
    """
    n = len(histories)
    # Read the private columns from pydantic's private dict: attribute access to private
    # attributes goes through __getattr__ and costs several times more per history.
    private = [h.__pydantic_private__ or {} for h in histories]
    code_parts = [p["_codes"] for p in private]
    lengths = np.fromiter(map(len, code_parts), dtype=np.int64, count=n)
    if n:
        codes = np.concatenate(code_parts)
        days = np.concatenate([p["_days"] for p in private]).astype("datetime64[D]")
    else:
        codes = np.empty(0, dtype=np.int8)
        days = np.empty(0, dtype="datetime64[D]")
    return HistoryColumns(
        account_ids=np.array([h.account_id for h in histories], dtype=np.str_),
        states=np.array([p["_state"].value for p in private], dtype=np.str_),
        history=np.repeat(np.arange(n, dtype=np.int64), lengths),
        event=codes.astype(np.int8, copy=False),
        day=days,
    )
