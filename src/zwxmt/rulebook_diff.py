"""``zwxmt rulebook diff A B``: what differs between two rulebooks, value by value.

Each parameter is a leaf: a cited value (its value, citation and start date), a dated list of
them, or a plain value; tables are walked. The result names each changed path with both
sides, so a user rulebook that extends a bundled one shows exactly the lines it overrides.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from zwxmt.rulebook import Rulebook

__all__ = ["Change", "diff_rulebooks", "render_diff"]


@dataclass(frozen=True)
class Change:
    path: str
    before: Any      # None: not in A
    after: Any       # None: not in B

    @property
    def kind(self) -> str:
        return "added" if self.before is None else "removed" if self.after is None \
            else "changed"


def _is_leaf(value: Any) -> bool:
    return not isinstance(value, dict) or "value" in value


def _flatten(tables: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in tables.items():
        path = f"{prefix}.{key}" if prefix else key
        if _is_leaf(value):
            out[path] = value
        else:
            out.update(_flatten(value, path))
    return out


def diff_rulebooks(a: Rulebook, b: Rulebook) -> list[Change]:
    """Every parameter path whose value differs between ``a`` and ``b`` (meta included)."""
    left = _flatten({"meta": a.meta.model_dump(mode="json"), **a.raw_values()})
    right = _flatten({"meta": b.meta.model_dump(mode="json"), **b.raw_values()})
    return [Change(p, left.get(p), right.get(p)) for p in sorted(set(left) | set(right))
            if left.get(p) != right.get(p)]


def _show(value: Any) -> str:
    if isinstance(value, dict) and "value" in value:
        since = f" since {value['since']}" if value.get("since") else ""
        return f"{json.dumps(value['value'], ensure_ascii=False, default=str)} " \
               f"[{value.get('cite', '')}]{since}"
    return json.dumps(value, ensure_ascii=False, default=str)


def render_diff(a: Rulebook, b: Rulebook, changes: list[Change]) -> str:
    head = (f"--- {a.name} ({a.content_hash})\n+++ {b.name} ({b.content_hash})")
    lines = [head]
    for c in changes:
        if c.kind == "added":
            lines.append(f"+ {c.path} = {_show(c.after)}")
        elif c.kind == "removed":
            lines.append(f"- {c.path} = {_show(c.before)}")
        else:
            lines.append(f"~ {c.path}: {_show(c.before)} -> {_show(c.after)}")
    lines.append(f"{len(changes)} differences")
    return "\n".join(lines)
