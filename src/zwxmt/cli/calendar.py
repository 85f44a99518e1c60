"""``zwxmt calendar DATE [--add N] [--fallback] [--holidays FILE]``: is a date a working day;
add Chinese working days. ``--holidays FILE`` (on every command) loads a year's schedule."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from zwxmt.calendar import add_working_days, calendar_range, holiday_name, is_working_day
from zwxmt.cli._common import out

__all__ = ["register"]


def _cmd_calendar(args: argparse.Namespace) -> int:
    start = dt.date.fromisoformat(args.date)
    fallback = bool(args.fallback)
    if args.add is None:
        working = is_working_day(start, fallback=fallback)
        lo, hi = calendar_range()
        name = holiday_name(start) if lo <= start <= hi else None
        out(f"{start} is {'a working day' if working else 'not a working day'}"
            + (f" ({name})" if name else ""))
    else:
        out(add_working_days(start, args.add, fallback=fallback).isoformat())
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("calendar", help="is a date a working day; add working days")
    p.add_argument("date", help="YYYY-MM-DD")
    p.add_argument("--add", type=int, help="working days to add")
    p.add_argument("--fallback", action="store_true",
                   help="beyond the holiday data, count Monday-Friday (with a warning) "
                        "instead of refusing")
    p.set_defaults(handler=_cmd_calendar)
