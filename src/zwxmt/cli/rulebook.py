"""``zwxmt rulebook list|show NAME|diff A B``: the bundled rulebooks, their sections, and two
rulebooks compared value by value."""

from __future__ import annotations

import argparse
import json
from typing import Any

# The area packages register their rulebook sections when imported, so `show` lists them all.
import zwxmt.checks.parameters
import zwxmt.cleanup.parameters
import zwxmt.lifecycle.parameters
import zwxmt.review.parameters
import zwxmt.scoring.parameters  # noqa: F401
from zwxmt.cli._common import out
from zwxmt.rulebook import ALIASES, DEFAULT_RULEBOOK, bundled_rulebooks, load_rulebook

__all__ = ["register"]


def _cmd_rulebook(args: argparse.Namespace) -> int:
    if args.action == "list":
        for name in bundled_rulebooks():
            meta = load_rulebook(name).meta
            out(f"{name}  {meta.title}  (from {meta.effective_from})")
        out("former names: " + ", ".join(f"{k} -> {v}" for k, v in ALIASES.items()))
        return 0
    if args.action == "diff":
        return _diff(args)
    book = load_rulebook(args.name)
    data = book.as_dict()
    if args.format == "json":
        out(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        meta = book.meta
        out(f"{meta.name} {meta.version}: {meta.title}\n  in force from "
            f"{meta.effective_from} [{meta.cite}]\n  sections: {', '.join(book.section_names())}"
            f"\n  content hash {book.content_hash}")
    return 0


def _diff(args: argparse.Namespace) -> int:
    from zwxmt.rulebook_diff import diff_rulebooks, render_diff

    if not args.name or not args.other:
        raise ValueError("rulebook diff needs two rulebooks: zwxmt rulebook diff A B")
    a, b = load_rulebook(args.name), load_rulebook(args.other)
    changes = diff_rulebooks(a, b)
    if args.format == "json":
        out(json.dumps([{"path": c.path, "kind": c.kind, "before": c.before,
                         "after": c.after} for c in changes],
                       ensure_ascii=False, indent=2, default=str))
    else:
        out(render_diff(a, b, changes))
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("rulebook", help="list bundled rulebooks, show one, or diff two")
    p.add_argument("action", choices=("list", "show", "diff"))
    p.add_argument("name", nargs="?", default=DEFAULT_RULEBOOK)
    p.add_argument("other", nargs="?", help="with diff: the second rulebook")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(handler=_cmd_rulebook)
