"""The activity's data: the month grid, validated post columns, runs and the result.

Shared by the one-shot :func:`~zwxmt.activity.compute.compute_activity` and the streaming fold
(:mod:`zwxmt.activity.state`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from zwxmt import display
from zwxmt.arrays import I64, B
from zwxmt.errors import InputError
from zwxmt.table.convert import TableResult, table_from_columns

__all__ = [
    "ACTIVITY_COLUMNS",
    "NO_DAY",
    "Activity",
    "Gaps",
    "MonthGrid",
    "PostColumns",
    "day_number",
    "from_day_number",
]

#: Sentinel day number for "no post yet".
NO_DAY = np.iinfo(np.int64).min

#: Columns of the per-account-period activity table (the scoring engine reads these names).
ACTIVITY_COLUMNS: tuple[str, ...] = (
    "account_id", "period", "posts", "original_posts", "original_ratio", "posting_days",
    "longest_gap_days", "gaps_14d", "last_post_date", "veto_no_update_14d", "reads",
)


def day_number(day: dt.date) -> int:
    """Days since 1970-01-01 (the numpy ``datetime64[D]`` integer)."""
    return int(np.datetime64(day, "D").astype(np.int64))


def from_day_number(n: int) -> dt.date:
    return dt.date(1970, 1, 1) + dt.timedelta(days=int(n))


def _month_of(days: I64) -> I64:
    """Months since 1970-01 of day numbers."""
    return days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)


@dataclass(frozen=True)
class MonthGrid:
    """Consecutive assessment months ending at the one holding the assessment date ``as_of``.

    ``first`` is the first month as months since 1970-01; the last month is cut at ``as_of``.
    """

    first: int
    n: int
    as_of: int

    @classmethod
    def ending(cls, as_of: dt.date, months: int) -> MonthGrid:
        """The ``months`` months up to and including the month of ``as_of``."""
        if months < 1:
            raise ValueError("a month grid needs at least one month")
        last = (as_of.year - 1970) * 12 + as_of.month - 1
        return cls(last - months + 1, months, day_number(as_of))

    @classmethod
    def between(cls, first: str, as_of: dt.date) -> MonthGrid:
        """From month ``first`` (YYYY-MM) to the month of ``as_of``."""
        try:
            y, m = (int(x) for x in first.split("-"))
            start = (y - 1970) * 12 + m - 1
        except ValueError:
            raise InputError(f"first month {first!r} is not YYYY-MM") from None
        last = (as_of.year - 1970) * 12 + as_of.month - 1
        if start > last:
            raise InputError(f"first month {first} is after the assessment date {as_of}")
        return cls(start, last - start + 1, day_number(as_of))

    @property
    def start_days(self) -> I64:
        months = np.arange(self.first, self.first + self.n).astype("datetime64[M]")
        return months.astype("datetime64[D]").astype(np.int64)

    @property
    def end_days(self) -> I64:
        """Last observed day of each month (inclusive): the month's end, or ``as_of``."""
        nxt = np.arange(self.first + 1, self.first + self.n + 1).astype("datetime64[M]")
        ends = nxt.astype("datetime64[D]").astype(np.int64) - 1
        return np.minimum(ends, self.as_of)

    @property
    def start(self) -> int:
        return int(self.start_days[0])

    @property
    def labels(self) -> list[str]:
        months = np.arange(self.first, self.first + self.n).astype("datetime64[M]")
        return [str(m) for m in months]

    @property
    def as_of_date(self) -> dt.date:
        return from_day_number(self.as_of)

    def index_of(self, label: str) -> int:
        """Position of month ``label`` (YYYY-MM) in the grid; ``InputError`` if outside."""
        try:
            m = int(np.datetime64(label, "M").astype(np.int64))
        except ValueError:
            raise InputError(f"period {label!r} is not YYYY-MM", field="period") from None
        if not self.first <= m < self.first + self.n:
            raise InputError(
                f"period {label} is outside {self.labels[0]}..{self.labels[-1]}", field="period")
        return m - self.first

    def month_codes(self, days: I64) -> I64:
        """Grid position of each day (negative before the grid, ``>= n`` after)."""
        return _month_of(days) - self.first


@dataclass(frozen=True)
class PostColumns:
    """Validated posts as columns: account code, day number, originality, reads."""

    account: I64
    day: I64
    original: B
    reads: I64

    def __post_init__(self) -> None:
        n = len(self.account)
        if not (len(self.day) == len(self.original) == len(self.reads) == n):
            raise ValueError("post columns differ in length")

    def __len__(self) -> int:
        return len(self.account)

    def take(self, mask: B | I64) -> PostColumns:
        return PostColumns(self.account[mask], self.day[mask], self.original[mask],
                           self.reads[mask])


@dataclass(frozen=True)
class Gaps(TableResult):
    """No-update runs of at least ``gap_days`` days: account code, first and last day."""

    account: I64
    start: I64
    end: I64
    days: I64
    open: B
    censored: B
    #: account id of each code (set by the readers; None: the codes stand for the accounts)
    account_ids: npt.NDArray[Any] | None = None

    def __len__(self) -> int:
        return len(self.account)

    def to_arrow(self) -> pa.Table:
        """``account_id, start, end, days, open, censored``, one row per run."""
        ids = self.account_ids if self.account_ids is not None else np.arange(
            int(self.account.max(initial=-1)) + 1).astype(str)
        return table_from_columns(self.table(np.asarray(ids, dtype=object)))

    def table(self, account_ids: npt.NDArray[Any]) -> dict[str, npt.NDArray[Any]]:
        """Columns ``account_id, start, end, days, open, censored`` (dates as datetime64)."""
        return {
            "account_id": account_ids[self.account],
            "start": self.start.astype("datetime64[D]"),
            "end": self.end.astype("datetime64[D]"),
            "days": self.days,
            "open": self.open,
            "censored": self.censored,
        }


@dataclass(frozen=True)
class Activity(TableResult):
    """Activity per account (rows) and month (columns), and the long no-update runs.

    As a table (:meth:`to_arrow`, ``to_pandas``, ``to_polars``, the Arrow C stream): one row
    per account and month, keyed by ``account_id, period``, in :data:`ACTIVITY_COLUMNS`."""

    grid: MonthGrid
    gap_days: int
    posts: I64
    original_posts: I64
    posting_days: I64
    longest_gap_days: I64
    gaps_14d: I64
    last_post_day: I64
    reads: I64
    current_gap_days: I64
    gaps: Gaps
    #: account id of each code (set by the readers; None: the codes stand for the accounts)
    account_ids: npt.NDArray[Any] | None = None

    def __repr__(self) -> str:
        return display.activity_text(self)

    def _repr_html_(self) -> str:
        return display.activity_html(self)

    def with_ids(self, account_ids: npt.NDArray[Any]) -> Activity:
        """The same activity keyed by ``account_ids`` (one per account code)."""
        ids = np.asarray(account_ids, dtype=object)
        return dataclasses.replace(self, account_ids=ids,
                                   gaps=dataclasses.replace(self.gaps, account_ids=ids))

    def to_arrow(self) -> pa.Table:
        """The long table, one row per account and month (period as a month)."""
        ids = self.account_ids if self.account_ids is not None else np.arange(
            self.n_accounts).astype(str)
        cols = self.table(ids)
        n_a, n_p = self.posts.shape
        cols["period"] = np.tile(np.arange(self.grid.first, self.grid.first + n_p,
                                           dtype=np.int32), n_a)
        return table_from_columns(cols, month_columns=("period",))

    @property
    def n_accounts(self) -> int:
        return int(self.posts.shape[0])

    @property
    def original_ratio(self) -> npt.NDArray[np.float64]:
        """原创比例: original posts / posts (0 in a month without posts)."""
        out = np.zeros(self.posts.shape, dtype=np.float64)
        np.divide(self.original_posts, self.posts, out=out, where=self.posts > 0)
        return out

    @property
    def veto_no_update_14d(self) -> B:
        """``ZJG-9.2-T2-V1``: the account reached ``gap_days`` days without update this month."""
        return self.longest_gap_days >= self.gap_days

    def table(self, account_ids: npt.NDArray[Any]) -> dict[str, npt.NDArray[Any]]:
        """The long table, one row per account and month, in ``ACTIVITY_COLUMNS`` order."""
        n_a, n_p = self.posts.shape
        last = self.last_post_day.ravel().astype("datetime64[D]")
        last[self.last_post_day.ravel() == NO_DAY] = np.datetime64("NaT")
        return {
            "account_id": np.repeat(np.asarray(account_ids, dtype=object), n_p),
            "period": np.tile(np.array(self.grid.labels, dtype=object), n_a),
            "posts": self.posts.ravel(),
            "original_posts": self.original_posts.ravel(),
            "original_ratio": np.round(self.original_ratio.ravel(), 6),
            "posting_days": self.posting_days.ravel(),
            "longest_gap_days": self.longest_gap_days.ravel(),
            "gaps_14d": self.gaps_14d.ravel(),
            "last_post_date": last,
            "veto_no_update_14d": self.veto_no_update_14d.ravel(),
            "reads": self.reads.ravel(),
        }
