"""``zwxmt rules [ID]``: the rule catalogue, or one rule with its verbatim excerpt."""

from __future__ import annotations

import argparse
import json
from typing import Any

from zwxmt.cli._common import out
from zwxmt.rules import catalogue

__all__ = ["register"]


def _cmd_rules(args: argparse.Namespace) -> int:
    cat = catalogue()
    if args.id:
        rule = cat.get(args.id)
        if args.format == "json":
            out(json.dumps(rule.as_public_dict(), ensure_ascii=False, indent=2))
        else:
            out(f"{rule.id}  ({rule.source} {rule.section}) {rule.title_zh}\n"
                f"  {rule.excerpt_zh}\n  {rule.summary_en}\n"
                f"  topics: {', '.join(rule.topics)}")
        return 0
    rules = list(cat) if not args.topic else list(cat.by_topic(args.topic))
    if args.format == "json":
        out(json.dumps([r.as_public_dict() for r in rules], ensure_ascii=False, indent=2))
    else:
        width = max((len(r.id) for r in rules), default=0)
        for r in rules:
            out(f"{r.id:<{width}}  {r.summary_en}")
        out(f"{len(rules)} rules")
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("rules", help="list the rule catalogue, or show one rule")
    p.add_argument("id", nargs="?", help="a rule id, e.g. 'ZJG-6.5.1(5)'")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--topic", help="only rules with this topic (e.g. cleanup)")
    p.set_defaults(handler=_cmd_rules)
