"""The ``zwxmt`` command line: one module per command, each with ``register(subparsers)``.

Exit codes: 0 success, 1 a domain error (bad input, unknown rule), 2 bad usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from zwxmt import __version__
from zwxmt.cli import (
    assess,
    calendar,
    cleanup,
    demo,
    explain,
    forms,
    lifecycle,
    review,
    rulebook,
    rules,
    schema,
    score,
)
from zwxmt.errors import ZwxmtError

__all__ = ["COMMANDS", "build_parser", "main"]

Handler = Callable[[argparse.Namespace], int]

#: The command modules, in the order ``zwxmt --help`` lists them.
COMMANDS = (rules, schema, rulebook, calendar, demo, lifecycle, score, explain, cleanup, review,
            assess, forms)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zwxmt", description="Rules for government new-media accounts (政务新媒体).")
    parser.add_argument("--version", action="version", version=f"zwxmt {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for module in COMMANDS:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except ZwxmtError as exc:
        sys.stderr.write(f"zwxmt: {exc}\n")
        return 1
    except (FileNotFoundError, ValueError) as exc:
        sys.stderr.write(f"zwxmt: {exc}\n")
        return 1


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
