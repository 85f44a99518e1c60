"""``zwxmt lifecycle``: print the transition table, fill a stop-update notice, replay a history,
list overdue obligations of many histories.

- ``zwxmt lifecycle [--format text|md|json|mermaid]`` — the table (state, event, guard, target,
  citation);
- ``zwxmt lifecycle notice --name 龙游农业 --platform wechat --unit 衢州市龙游县农业农村局
  --date 2026-03-01`` — the notice of ``ZJG-6.4(1)`` from the template of ``ZJG-6.4-notice``;
- ``zwxmt lifecycle replay HISTORY.json`` — replay one exported history: its state, its
  events and its obligations;
- ``zwxmt lifecycle overdue HISTORIES.jsonl --on 2026-10-15 [--output OUT.csv]`` — one
  history per line; every line is either checked or written to the rejects file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from zwxmt.cli._common import out
from zwxmt.errors import InputError
from zwxmt.io import Reject, rejects_path, write_rejects, write_table
from zwxmt.lifecycle.deadlines import ObligationTable, obligations, overdue
from zwxmt.lifecycle.history import History
from zwxmt.lifecycle.notice import stop_update_notice
from zwxmt.lifecycle.render import (
    history_markdown,
    table_json,
    table_markdown,
    table_mermaid,
    table_text,
)

__all__ = ["register"]


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _cmd_table(args: argparse.Namespace) -> int:
    render = {"text": table_text, "md": table_markdown, "json": table_json,
              "mermaid": table_mermaid}[args.format]
    out(render())
    return 0


def _cmd_notice(args: argparse.Namespace) -> int:
    out(stop_update_notice(account_name=args.name, platform=args.platform, unit=args.unit,
                            stop_from=args.date, signed_on=args.signed_on,
                            rulebook=args.rulebook))
    return 0


def _obligation_lines(table: ObligationTable) -> list[str]:
    return [f"  {o.account_id}  {o.kind}  [{o.rule}]  opened {o.opened_on}  due {o.due_on}  "
            f"{o.status}" + (f" ({o.days_late} days)" if o.days_late else "")
            for o in table.rows()]


def _cmd_replay(args: argparse.Namespace) -> int:
    history = History.from_json(Path(args.file).read_bytes())
    on: dt.date = args.on or (history.records[-1].on if history.records else dt.date.today())
    table = obligations([history], on=on, rulebook=args.rulebook)
    if args.format == "json":
        out(json.dumps({
            "account_id": history.account_id, "state": history.state.value,
            "events": len(history.records), "on": on.isoformat(),
            "obligations": [{**o.__dict__, "opened_on": o.opened_on.isoformat(),
                             "due_on": o.due_on.isoformat(),
                             "closed_on": o.closed_on.isoformat() if o.closed_on else None}
                            for o in table.rows()],
        }, ensure_ascii=False, indent=2))
    else:
        out(history_markdown(history))
        out(f"\nObligations on {on}:")
        out("\n".join(_obligation_lines(table)) or "  none")
    return 0


def _reject_of(row: int, exc: Exception) -> Reject:
    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        return Reject(row, ".".join(str(p) for p in err["loc"]) or "history", err["msg"])
    if isinstance(exc, InputError):
        where = f"records[{exc.row}].{exc.field}" if exc.row else (exc.field or "history")
        rule = f" [{exc.rule}]" if exc.rule else ""
        return Reject(row, where, exc.reason + rule)
    return Reject(row, "history", str(exc))


def _read_histories(path: str) -> tuple[list[History], list[Reject], int]:
    histories: list[History] = []
    rejects: list[Reject] = []
    read = 0
    with open(path, encoding="utf-8") as fh:
        for i, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            read += 1
            try:
                histories.append(History.model_validate_json(line))
            except (ValidationError, InputError) as exc:
                rejects.append(_reject_of(i, exc))
    return histories, rejects, read


def _cmd_overdue(args: argparse.Namespace) -> int:
    histories, rejects, read = _read_histories(args.file)
    pick = obligations if args.all else overdue
    table = pick(histories, on=args.on, rulebook=args.rulebook)
    if args.output:
        write_table(args.output, table.columns())
        if rejects:
            write_rejects(rejects_path(args.output), rejects)
    else:
        out("\n".join(_obligation_lines(table)) or "no overdue obligation")
        for r in rejects:
            sys.stderr.write(f"rejected line {r.row}: {r.field}: {r.reason}\n")
    where = f" (rejects: {rejects_path(args.output)})" if args.output and rejects else ""
    out(f"rows read = {read} = {len(histories)} processed + {len(rejects)} rejected{where}; "
         f"{len(table)} {'obligations' if args.all else 'overdue obligations'} on {args.on}")
    return 0


def register(subparsers: Any) -> None:
    """Add ``zwxmt lifecycle`` and its sub-commands."""
    p = subparsers.add_parser(
        "lifecycle", help="the account lifecycle: transition table, notice, replay, overdue")
    p.add_argument("--format", choices=("text", "md", "json", "mermaid"), default="text",
                   help="format of the transition table")
    p.set_defaults(handler=_cmd_table)
    sub = p.add_subparsers(dest="lifecycle_command")

    n = sub.add_parser("notice", help="the stop-update notice of ZJG-6.4(1), filled")
    n.add_argument("--name", required=True, help="account name")
    n.add_argument("--platform", required=True, help="wechat, weibo, douyin, … or 政务微信")
    n.add_argument("--unit", required=True, help="signature, e.g. 衢州市龙游县农业农村局")
    n.add_argument("--date", required=True, type=_date, help="date updates stop")
    n.add_argument("--signed-on", type=_date, default=None, help="date of the notice")
    n.add_argument("--rulebook", default="zhejiang")
    n.set_defaults(handler=_cmd_notice)

    r = sub.add_parser("replay", help="replay an exported history (JSON)")
    r.add_argument("file")
    r.add_argument("--on", type=_date, default=None,
                   help="obligations as of this date (default: the last event's date)")
    r.add_argument("--format", choices=("md", "json"), default="md")
    r.add_argument("--rulebook", default="zhejiang")
    r.set_defaults(handler=_cmd_replay)

    o = sub.add_parser("overdue", help="overdue obligations of many histories (JSON lines)")
    o.add_argument("file", help="one exported history per line")
    o.add_argument("--on", type=_date, required=True)
    o.add_argument("--output", help="write the table here (.csv, .jsonl, .parquet)")
    o.add_argument("--all", action="store_true", help="every obligation, not only overdue ones")
    o.add_argument("--rulebook", default="zhejiang")
    o.set_defaults(handler=_cmd_overdue)
