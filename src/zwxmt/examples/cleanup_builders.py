"""Builders for tests of the cleanup criteria (users' own tests included).

``make_accounts(n, **columns)`` gives an :class:`AccountTable` of ``n`` department accounts on
WeChat in one county of 100,000 people, opened long ago, unless columns say otherwise;
``make_history(accounts, as_of, months, **arrays)`` a :class:`History` with every month scored
50 and four posts a month, unless arrays say otherwise; ``make_events(rows)`` an
:class:`Events` table from ``(account_code, kind, date, rectified_on)`` tuples.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import numpy as np

from zwxmt.activity.compute import NO_DAY, MonthGrid, day_number
from zwxmt.cleanup.history import AccountTable, Events, History

__all__ = ["make_accounts", "make_events", "make_history"]


def make_accounts(n: int, **columns: Any) -> AccountTable:
    """``n`` accounts with defaults; a column may be a scalar or a sequence of ``n``."""
    defaults: dict[str, Any] = {
        "account_id": [f"A{i}" for i in range(n)],
        "platform": "wechat", "kind": "department", "level": "county", "county": "330825",
        "county_population": 100_000, "region_population": 100_000, "fans": 50_000,
        "opened": day_number(dt.date(2015, 1, 1)), "host_unit": [f"U{i}" for i in range(n)],
        "supervised": True, "operators": 2, "commit_fans": np.nan,
        "commit_posts_per_month": np.nan, "commit_average_reads": np.nan,
    }
    defaults.update(columns)
    dtypes = {"account_id": object, "platform": object, "kind": object, "level": object,
              "county": object, "host_unit": object, "supervised": np.bool_, "fans": np.float64,
              "commit_fans": np.float64, "commit_posts_per_month": np.float64,
              "commit_average_reads": np.float64}
    arrays = {}
    for name, value in defaults.items():
        if name == "opened" and isinstance(value, dt.date):
            value = day_number(value)
        if isinstance(value, (list, tuple, np.ndarray)):
            if name == "opened":
                value = [day_number(v) if isinstance(v, dt.date) else v for v in value]
            arr: np.ndarray[Any, Any] = np.array(value, dtype=dtypes.get(name, np.int64))
        else:
            arr = np.full(n, value, dtype=dtypes.get(name, np.int64))
        arrays[name] = arr
    return AccountTable(**arrays)


def make_history(accounts: AccountTable, as_of: dt.date, months: int = 12,
                 **arrays: Any) -> History:
    """A history over the ``months`` months up to ``as_of``; arrays override the defaults."""
    grid = MonthGrid.ending(as_of, months)
    shape = (len(accounts), months)
    last_day = np.tile(grid.end_days, (len(accounts), 1))
    values: dict[str, Any] = {
        "operation_index": np.full(shape, 50.0), "total": np.full(shape, 50.0),
        "posts": np.full(shape, 4, dtype=np.int64), "reads": np.full(shape, 4000, np.int64),
        "gaps_14d": np.zeros(shape, dtype=np.int64), "last_post_day": last_day,
        "current_gap_days": np.zeros(len(accounts), dtype=np.int64),
    }
    for name, value in arrays.items():
        if name not in values:
            raise TypeError(f"unknown history array {name!r}")
        values[name] = np.asarray(value, dtype=values[name].dtype)
    return History(accounts, grid, **values)


def make_events(rows: Iterable[tuple[int, str, dt.date, dt.date | None]]) -> Events:
    """Events from ``(account_code, kind, date, rectified_on or None)``."""
    rows = list(rows)
    return Events(
        np.array([r[0] for r in rows], dtype=np.int64),
        np.array([r[1] for r in rows], dtype=object),
        np.array([day_number(r[2]) for r in rows], dtype=np.int64),
        np.array([NO_DAY if r[3] is None else day_number(r[3]) for r in rows], dtype=np.int64),
    )
