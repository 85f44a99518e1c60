"""The lifecycle table printed: Markdown, plain text, JSON and a Mermaid state diagram.

``zwxmt lifecycle --format md`` prints :func:`table_markdown`; docs/lifecycle.md embeds the
same table and diagram, and a test checks the document against them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from zwxmt.lifecycle.engine import Machine, Transition
from zwxmt.lifecycle.guards import AllOf, Predicate
from zwxmt.lifecycle.history import History
from zwxmt.lifecycle.states import State
from zwxmt.lifecycle.table import MACHINE

__all__ = [
    "history_markdown",
    "table_json",
    "table_markdown",
    "table_mermaid",
    "table_rows",
    "table_text",
]

STAYS = "(stays)"


def _state(s: State) -> str:
    return f"{s.value} {s.zh}"


def table_rows(machine: Machine = MACHINE) -> list[dict[str, Any]]:
    """One dict per row: sources, event, guard (names and rules), target, citation, actor."""
    out = []
    for row in machine.rows:
        out.append({
            "sources": [s.value for s in row.sources],
            "event": row.event.value,
            "event_zh": row.event.zh,
            "guard": row.guard.name if row.guard else "",
            "guard_rules": list(row.guard.rules) if row.guard else [],
            "target": row.target.value if row.target else None,
            "cite": row.cite,
            "actor": row.actor,
        })
    return out


def _guard_cell(row: Transition) -> str:
    if row.guard is None:
        return "-"
    names = row.guard.name.split(" & ")
    return " & ".join(f"`{n}` ({r})" for n, r in zip(names, _leaf_rules(row), strict=True))


def _leaf_rules(row: Transition) -> list[str]:
    guard = row.guard
    if isinstance(guard, AllOf):
        return [g.rule for g in guard.guards if isinstance(g, Predicate)]
    if isinstance(guard, Predicate):
        return [guard.rule]
    return list(guard.rules) if guard else []


def table_markdown(machine: Machine = MACHINE) -> str:
    """The table as Markdown: state(s), event, guard, target, citation, actor."""
    lines = [
        "| state(s) | event | guard | target | citation | actor |",
        "|---|---|---|---|---|---|",
    ]
    for row in machine.rows:
        sources = ", ".join(_state(s) for s in row.sources)
        target = _state(row.target) if row.target else STAYS
        lines.append(
            f"| {sources} | `{row.event.value}` {row.event.zh} | {_guard_cell(row)} | "
            f"{target} | {row.cite} | {row.actor} |")
    lines.append("")
    lines.append(f"Initial state: {_state(machine.initial)}. Final states: "
                 + ", ".join(_state(s) for s in State if s in machine.final) + ".")
    return "\n".join(lines)


def table_text(machine: Machine = MACHINE) -> str:
    """The table as aligned plain text, one row per (source, event)."""
    rows = []
    for row in machine.rows:
        guard = row.guard.name if row.guard else "-"
        for src in row.sources:
            target = row.target_from(src).value
            rows.append((src.value, row.event.value, guard, target, row.cite))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    head = ("state", "event", "guard", "target", "citation")
    widths = [max(w, len(h)) for w, h in zip(widths, head, strict=False)]
    out = ["  ".join(h.ljust(w) for h, w in zip(head, [*widths, 0], strict=True)).rstrip()]
    for r in rows:
        out.append("  ".join(c.ljust(w) for c, w in zip(r, [*widths, 0], strict=True)).rstrip())
    out.append(f"{len(machine.rows)} rows, {len(rows)} (state, event) pairs; initial "
               f"{machine.initial.value}; final "
               + ", ".join(s.value for s in State if s in machine.final))
    return "\n".join(out)


def table_json(machine: Machine = MACHINE) -> str:
    return json.dumps({
        "initial": machine.initial.value,
        "final": [s.value for s in State if s in machine.final],
        "rows": table_rows(machine),
    }, ensure_ascii=False, indent=2)


def table_mermaid(machine: Machine = MACHINE) -> str:
    """A Mermaid ``stateDiagram-v2``: one arrow per (source, event), labelled with the event."""
    lines = ["stateDiagram-v2"]
    for s in State:
        lines.append(f"    {s.value} : {s.zh} {s.value}")
    lines.append(f"    [*] --> {machine.initial.value}")
    for row in machine.rows:
        for src in row.sources:
            lines.append(f"    {src.value} --> {row.target_from(src).value} : {row.event.value}")
    for s in State:
        if s in machine.final:
            lines.append(f"    {s.value} --> [*]")
    return "\n".join(lines)


def history_markdown(history: History, *, notes: Iterable[str] = ()) -> str:
    """A history as a Markdown table: date, event, actor, state after the event."""
    lines = [f"History of `{history.account_id}` (state: {_state(history.state)})", "",
             "| # | date | event | actor | state after |", "|---|---|---|---|---|"]
    # The history was replayed when it was built, so every row exists: fold without guards.
    states, state = [], MACHINE.initial
    for rec in history.records:
        row = MACHINE.row(state, rec.event)
        state = row.target_from(state) if row else state
        states.append(state)
    for i, (rec, st) in enumerate(zip(history.records, states, strict=True), start=1):
        lines.append(f"| {i} | {rec.on} | `{rec.event.value}` {rec.event.zh} | {rec.actor} | "
                     f"{_state(st)} |")
    lines.extend(notes)
    return "\n".join(lines)
