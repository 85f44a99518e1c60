"""The ``zwxmt`` command line: one module per command, each with ``register(subparsers)``.

Exit codes: 0 success, 1 a domain error (bad input, unknown rule), 2 bad usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from pathlib import Path

from zwxmt import __version__
from zwxmt.cli import (
    assess,
    calendar,
    check,
    cleanup,
    demo,
    explain,
    forms,
    lifecycle,
    report,
    review,
    rulebook,
    rules,
    schema,
    score,
)
from zwxmt.errors import RejectsExceeded, ZwxmtError
from zwxmt.table.failures import EXIT_REJECTS

__all__ = ["COMMANDS", "build_parser", "main"]

Handler = Callable[[argparse.Namespace], int]

#: The command modules, in the order ``zwxmt --help`` lists them.
COMMANDS = (rules, schema, rulebook, calendar, demo, lifecycle, score, explain, cleanup, check,
            review, assess, report, forms)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zwxmt", description="Rules for government new-media accounts (政务新媒体).")
    parser.add_argument("--version", action="version", version=f"zwxmt {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for module in COMMANDS:
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
    except RejectsExceeded as exc:
        sys.stderr.write(f"zwxmt: {exc}\n")
        return EXIT_REJECTS
    except ZwxmtError as exc:
        sys.stderr.write(f"zwxmt: {exc}\n")
        return 1
    except (FileNotFoundError, ValueError) as exc:
        sys.stderr.write(f"zwxmt: {exc}\n")
        return 1
    except OSError as exc:  # a disk full or read-only under a writer that did not name it
        sys.stderr.write(f"zwxmt: {exc.filename or 'output'}: {exc.strerror or exc}\n")
        return 1
    except MemoryError:
        sys.stderr.write("zwxmt: out of memory (an input too large for this machine)\n")
        return 1


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
