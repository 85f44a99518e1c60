"""``zwxmt calendar DATE [--add N]``: is a date a working day; add Chinese working days."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from zwxmt.calendar import add_working_days, is_working_day
from zwxmt.cli._common import out

__all__ = ["register"]


def _cmd_calendar(args: argparse.Namespace) -> int:
    start = dt.date.fromisoformat(args.date)
    if args.add is None:
        out(f"{start} is {'a working day' if is_working_day(start) else 'not a working day'}")
    else:
        out(add_working_days(start, args.add).isoformat())
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("calendar", help="is a date a working day; add working days")
    p.add_argument("date", help="YYYY-MM-DD")
    p.add_argument("--add", type=int, help="working days to add")
    p.set_defaults(handler=_cmd_calendar)
