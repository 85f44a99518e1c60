"""The ``zwxmt`` command line.

Core commands live here (``rules``, ``schema``, ``rulebook``, ``calendar``, ``demo``); each
library area adds its own (``score``, ``explain``, ``lifecycle``, ``cleanup``, ``review``) from a
``cli`` module that defines ``register(subparsers)``, listed in ``_AREA_COMMANDS``.
Exit codes: 0 success, 1 a domain error (bad input, unknown rule), 2 bad usage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import sys
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from zwxmt import __version__
from zwxmt.errors import ZwxmtError

__all__ = ["build_parser", "main"]

Handler = Callable[[argparse.Namespace], int]

#: Modules that add sub-commands: each defines ``register(subparsers) -> None``.
_AREA_COMMANDS: tuple[str, ...] = (
    "zwxmt.lifecycle.cli", "zwxmt.scoring.cli", "zwxmt.cleanup.cli", "zwxmt.review.cli",
    "zwxmt.pipeline.cli", "zwxmt.checks.cli",
)


def _out(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _cmd_rules(args: argparse.Namespace) -> int:
    from zwxmt.rules import catalogue

    if args.coverage:
        return _coverage(args)
    cat = catalogue()
    if args.id:
        rule = cat.get(args.id)
        if args.format == "json":
            _out(json.dumps(rule.as_public_dict(), ensure_ascii=False, indent=2))
        else:
            _out(f"{rule.id}  ({rule.source} {rule.section}) {rule.title_zh}\n"
                 f"  {rule.excerpt_zh}\n  {rule.summary_en}\n"
                 f"  topics: {', '.join(rule.topics)}")
        return 0
    rules = list(cat) if not args.topic else list(cat.by_topic(args.topic))
    if args.format == "json":
        _out(json.dumps([r.as_public_dict() for r in rules], ensure_ascii=False, indent=2))
    else:
        width = max((len(r.id) for r in rules), default=0)
        for r in rules:
            _out(f"{r.id:<{width}}  {r.summary_en}")
        _out(f"{len(rules)} rules")
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    from zwxmt.models import PUBLIC_MODELS

    if args.model not in PUBLIC_MODELS:
        _out(f"unknown model {args.model!r}; models: {', '.join(sorted(PUBLIC_MODELS))}")
        return 1
    schema = PUBLIC_MODELS[args.model].model_json_schema(by_alias=False)
    _out(json.dumps(schema, ensure_ascii=False, indent=2))
    return 0


def _cmd_rulebook(args: argparse.Namespace) -> int:
    from zwxmt.rulebook import ALIASES, bundled_rulebooks, load_rulebook

    if args.action == "list":
        for name in bundled_rulebooks():
            meta = load_rulebook(name).meta
            _out(f"{name}  {meta.title}  (from {meta.effective_from})")
        _out("former names: " + ", ".join(f"{k} -> {v}" for k, v in ALIASES.items()))
        return 0
    if args.action == "diff":
        return _rulebook_diff(args)
    _import_areas()
    book = load_rulebook(args.name)
    data = book.as_dict()
    if args.format == "json":
        _out(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        meta = book.meta
        _out(f"{meta.name} {meta.version}: {meta.title}\n  in force from "
             f"{meta.effective_from} [{meta.cite}]\n  sections: {', '.join(book.section_names())}"
             f"\n  content hash {book.content_hash}")
    return 0


def _cmd_calendar(args: argparse.Namespace) -> int:
    from zwxmt.calendar import add_working_days, calendar_range, holiday_name, is_working_day

    start = dt.date.fromisoformat(args.date)
    fallback = bool(args.fallback)
    if args.add is None:
        working = is_working_day(start, fallback=fallback)
        lo, hi = calendar_range()
        name = holiday_name(start) if lo <= start <= hi else None
        _out(f"{start} is {'a working day' if working else 'not a working day'}"
             + (f" ({name})" if name else ""))
    else:
        _out(add_working_days(start, args.add, fallback=fallback).isoformat())
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from zwxmt.demo import run_demo

    _out(run_demo())
    return 0


def _import_areas() -> list[Any]:
    return [importlib.import_module(name) for name in _AREA_COMMANDS]


def _coverage(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from zwxmt.coverage import clause_coverage, document_coverage, render
    from zwxmt.rulebook import load_rulebook

    rows = clause_coverage(load_rulebook(args.rulebook) if args.rulebook else None)
    if args.format == "json":
        docs = [{**asdict(d), "rule_bearing": d.rule_bearing, "share": round(d.share, 4)}
                for d in document_coverage(rows)]
        _out(json.dumps({"clauses": [asdict(r) for r in rows], "documents": docs},
                        ensure_ascii=False, indent=2))
    else:
        _out(render(rows))
    return 0


def _rulebook_diff(args: argparse.Namespace) -> int:
    from zwxmt.rulebook import load_rulebook
    from zwxmt.rulebook_diff import diff_rulebooks, render_diff

    if not args.name or not args.other:
        raise ValueError("rulebook diff needs two rulebooks: zwxmt rulebook diff A B")
    a, b = load_rulebook(args.name), load_rulebook(args.other)
    changes = diff_rulebooks(a, b)
    if args.format == "json":
        _out(json.dumps([{"path": c.path, "kind": c.kind, "before": c.before,
                          "after": c.after} for c in changes],
                        ensure_ascii=False, indent=2, default=str))
    else:
        _out(render_diff(a, b, changes))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zwxmt", description="Rules for government new-media accounts (政务新媒体).")
    parser.add_argument("--version", action="version", version=f"zwxmt {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("rules", help="list the rule catalogue, or show one rule")
    p.add_argument("id", nargs="?", help="a rule id, e.g. 'ZJG-6.5.1(5)'")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--topic", help="only rules with this topic (e.g. cleanup)")
    p.add_argument("--coverage", action="store_true",
                   help="every clause as enforced (by which rule), not checkable (why), not "
                        "rule-bearing, or catalogued only; shares per document")
    p.add_argument("--rulebook", help="with --coverage: only the rules this rulebook enables")
    p.set_defaults(handler=_cmd_rules)

    p = sub.add_parser("schema", help="print the JSON Schema of a public model")
    p.add_argument("model", help="a model name, e.g. OpeningApplication")
    p.set_defaults(handler=_cmd_schema)

    p = sub.add_parser("rulebook", help="list bundled rulebooks, show one, or diff two")
    p.add_argument("action", choices=("list", "show", "diff"))
    p.add_argument("name", nargs="?", default="zhejiang")
    p.add_argument("other", nargs="?", help="with diff: the second rulebook")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(handler=_cmd_rulebook)

    p = sub.add_parser("calendar", help="is a date a working day; add working days")
    p.add_argument("date", help="YYYY-MM-DD")
    p.add_argument("--add", type=int, help="working days to add")
    p.add_argument("--fallback", action="store_true",
                   help="beyond the holiday data, count Monday-Friday (with a warning) "
                        "instead of refusing")
    p.set_defaults(handler=_cmd_calendar)

    p = sub.add_parser("demo", help="run the main job on the bundled example county")
    p.set_defaults(handler=_cmd_demo)

    for module in _import_areas():
        module.register(sub)
    _add_holidays_option(parser)
    return parser


_HOLIDAYS_HELP = ("a holiday schedule (CSV date,kind,name; format: zwxmt/data/calendar/"
                  "holidays-2025-2026.csv) used for every working day counted; repeatable")


def _add_holidays_option(parser: argparse.ArgumentParser) -> None:
    """``--holidays FILE`` on the main parser and on every command below it, so any command
    that counts working days (calendar, lifecycle, review, assess, ...) takes it."""
    parser.add_argument("--holidays", action="append", type=Path, metavar="FILE",
                        default=argparse.SUPPRESS, help=_HOLIDAYS_HELP)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in {id(c): c for c in action.choices.values()}.values():
                _add_holidays_option(child)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    try:
        if getattr(args, "holidays", None):
            from zwxmt.calendar import holiday_schedule

            with ExitStack() as stack:
                for path in args.holidays:
                    stack.enter_context(holiday_schedule(path))
                return handler(args)
        return handler(args)
    except ZwxmtError as exc:
        sys.stderr.write(f"zwxmt: {exc}\n")
        return 1
    except (FileNotFoundError, ValueError) as exc:
        sys.stderr.write(f"zwxmt: {exc}\n")
        return 1


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
