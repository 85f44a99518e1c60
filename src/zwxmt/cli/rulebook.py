"""``zwxmt rulebook list|show NAME``: the bundled rulebooks and their sections."""

from __future__ import annotations

import argparse
import json
from typing import Any

# The area packages register their rulebook sections when imported, so `show` lists them all.
import zwxmt.cleanup.parameters
import zwxmt.lifecycle.parameters
import zwxmt.review.parameters
import zwxmt.scoring.parameters  # noqa: F401
from zwxmt.cli._common import out
from zwxmt.rulebook import bundled_rulebooks, load_rulebook

__all__ = ["register"]


def _cmd_rulebook(args: argparse.Namespace) -> int:
    if args.action == "list":
        for name in bundled_rulebooks():
            meta = load_rulebook(name).meta
            out(f"{name}  {meta.title}  (from {meta.effective_from})")
        return 0
    book = load_rulebook(args.name)
    data = book.as_dict()
    if args.format == "json":
        out(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        meta = book.meta
        out(f"{meta.name} {meta.version}: {meta.title}\n  in force from "
            f"{meta.effective_from} [{meta.cite}]\n  sections: {', '.join(book.section_names())}")
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("rulebook", help="list bundled rulebooks or show one")
    p.add_argument("action", choices=("list", "show"))
    p.add_argument("name", nargs="?", default="zhejiang-2023")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(handler=_cmd_rulebook)
