"""Typed errors of the lifecycle: a refused event, a malformed table, a registry breach."""

from __future__ import annotations

from zwxmt.errors import ZwxmtError
from zwxmt.lifecycle.states import Event, State

__all__ = ["LifecycleTableError", "RegistryError", "TransitionNotAllowed"]


class TransitionNotAllowed(ZwxmtError):
    """An event the rules forbid in the account's current state (the history is unchanged).

    Names the current state, the event, the rule that forbids it and, when a guard refused,
    the guard and why.
    """

    code = "transition_not_allowed"

    def __init__(
        self, *, state: str, event: str, rule: str, reason: str, guard: str | None = None,
        account_id: str = "",
    ) -> None:
        state_zh = State(state).zh
        event_zh = Event(event).zh
        who = f"account {account_id!r}: " if account_id else ""
        by = f" (guard {guard})" if guard else ""
        super().__init__(
            f"{who}can't {event} ({event_zh}) when in {state} ({state_zh}){by}: {reason}",
            rule=rule,
        )
        self.state = state
        self.event = event
        self.reason = reason
        self.guard = guard
        self.account_id = account_id


class LifecycleTableError(ZwxmtError):
    """The declared transition table breaks a structural rule (checked when it is built)."""

    code = "lifecycle_table_invalid"


class RegistryError(ZwxmtError):
    """A registry check set to ``error`` in the rulebook failed (one message per finding)."""

    code = "registry_invalid"
