"""A small pure state-machine engine (状态机引擎) over one declared transition table.

The table is data: rows of (source states, event, guard, target, citation). :class:`Machine`
checks it when it is built, as an auditor would: exactly one initial state, every state
reachable from it, nothing leaving a final state, no two rows for one (state, event) pair,
every row citing a catalogue rule. It then answers two questions, both without side effects:
which row applies to an event in a state (:meth:`Machine.row`), and whether its guard lets
the event through (:meth:`Machine.refusal`).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from zwxmt.lifecycle.errors import LifecycleTableError
from zwxmt.lifecycle.guards import Guard, GuardInput, Refusal
from zwxmt.lifecycle.states import Event, State
from zwxmt.rules import catalogue

__all__ = ["Machine", "Transition"]


@dataclass(frozen=True)
class Transition:
    """One row of the table: from any of ``sources``, ``event`` (if ``guard`` passes) leads to
    ``target`` (``None``: the account stays where it is), by the rule ``cite``."""

    sources: tuple[State, ...]
    event: Event
    target: State | None
    cite: str
    guard: Guard | None = None
    actor: str = ""

    def target_from(self, state: State) -> State:
        """Where the row leads from ``state``."""
        return state if self.target is None else self.target


class Machine:
    """A checked transition table with lookup by (state, event)."""

    def __init__(self, rows: Iterable[Transition], *, initial: Iterable[State],
                 final: Iterable[State]) -> None:
        self.rows: tuple[Transition, ...] = tuple(rows)
        initials = tuple(dict.fromkeys(initial))
        self.final: frozenset[State] = frozenset(final)
        if len(initials) != 1:
            raise LifecycleTableError(
                f"a lifecycle has exactly one initial state, not {len(initials)}: "
                f"{[s.value for s in initials]}")
        self.initial: State = initials[0]
        if self.initial in self.final:
            raise LifecycleTableError(f"the initial state {self.initial.value} is final")
        self._index: dict[tuple[State, Event], Transition] = {}
        cat = catalogue()
        for row in self.rows:
            if not row.sources:
                raise LifecycleTableError(f"row {row.event.value} has no source state")
            if row.cite not in cat:
                raise LifecycleTableError(
                    f"row {row.event.value} cites {row.cite!r}, not in the rule catalogue")
            for src in row.sources:
                if src in self.final:
                    raise LifecycleTableError(
                        f"row {row.event.value} leaves the final state {src.value}")
                key = (src, row.event)
                if key in self._index:
                    raise LifecycleTableError(
                        f"two rows for event {row.event.value} in state {src.value}")
                self._index[key] = row
        unreachable = set(State) - self.reachable()
        if unreachable:
            raise LifecycleTableError(
                "states not reachable from the initial state: "
                + ", ".join(sorted(s.value for s in unreachable)))
        dead = {s for s in State if s not in self.final and not self.events_from(s)}
        if dead:
            raise LifecycleTableError(
                "non-final states with no way out: " + ", ".join(sorted(s.value for s in dead)))

    def reachable(self) -> set[State]:
        """States reachable from the initial state by some sequence of rows."""
        seen = {self.initial}
        queue = deque([self.initial])
        while queue:
            state = queue.popleft()
            for (src, _), row in self._index.items():
                if src is state and row.target is not None and row.target not in seen:
                    seen.add(row.target)
                    queue.append(row.target)
        return seen

    def row(self, state: State, event: Event) -> Transition | None:
        """The row for ``event`` in ``state``, or None if the table has none."""
        return self._index.get((state, event))

    def events_from(self, state: State) -> tuple[Event, ...]:
        """Events the table allows in ``state`` (before guards), in table order."""
        return tuple(ev for (src, ev) in self._index if src is state)

    def rule_of(self, event: Event) -> str:
        """The citation of ``event``'s first row: the rule an out-of-place event breaks."""
        for row in self.rows:
            if row.event is event:
                return row.cite
        raise LifecycleTableError(f"event {event.value} has no row in the table")

    def sources_of(self, event: Event) -> tuple[State, ...]:
        return tuple(src for (src, ev) in self._index if ev is event)

    def refusal(self, row: Transition, inp: GuardInput) -> Refusal | None:
        """Why the row's guard refuses ``inp``, or None when it passes (or has no guard)."""
        return None if row.guard is None else row.guard.evaluate(inp)

    def __iter__(self) -> Iterator[Transition]:
        return iter(self.rows)

    def is_final(self, state: State) -> bool:
        return state in self.final
