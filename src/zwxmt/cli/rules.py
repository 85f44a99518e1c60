"""``zwxmt rules [ID]``: the rule catalogue, or one rule with its verbatim excerpt;
``zwxmt rules --coverage [--rulebook R]``: which clause is enforced by which rule."""

from __future__ import annotations

import argparse
import json
from typing import Any

from zwxmt.cli._common import out
from zwxmt.rules import catalogue

__all__ = ["register"]


def _coverage(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from zwxmt.coverage import clause_coverage, document_coverage, render
    from zwxmt.rulebook import load_rulebook

    rows = clause_coverage(load_rulebook(args.rulebook) if args.rulebook else None)
    if args.format == "json":
        docs = [{**asdict(d), "rule_bearing": d.rule_bearing, "share": round(d.share, 4)}
                for d in document_coverage(rows)]
        out(json.dumps({"clauses": [asdict(r) for r in rows], "documents": docs},
                       ensure_ascii=False, indent=2))
    else:
        out(render(rows))
    return 0


def _cmd_rules(args: argparse.Namespace) -> int:
    if args.coverage:
        return _coverage(args)
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
    p.add_argument("--coverage", action="store_true",
                   help="every clause as enforced (by which rule), not checkable (why), not "
                        "rule-bearing, or catalogued only; shares per document")
    p.add_argument("--rulebook", help="with --coverage: only the rules this rulebook enables")
    p.set_defaults(handler=_cmd_rules)
