"""Chinese working days (工作日), holidays and make-up workdays (调休), and assessment periods.

Working days come from the ``chinese-calendar`` package, which carries the State Council's
yearly holiday notices, and from holiday schedules a user loads (:func:`load_holidays`, ``zwxmt
--holidays FILE``): a small CSV of ``date, kind, name`` rows (``kind`` = ``holiday`` 放假 or
``workday`` 调休上班), one year or more, as the State Council publishes them, so that the
deadlines of a new year can be counted the day its notice appears. A loaded year replaces the
package's data for that year. ``data/calendar/holidays-2025-2026.csv`` is the format, with
2025 and 2026 as examples.

One policy everywhere: a date outside the years covered raises
:class:`~zwxmt.errors.CalendarOutOfRange`: a deadline computed on guessed holidays is wrong in
exactly the weeks that matter. A caller may opt in to ``fallback=True``, which treats
Monday–Friday as working days and warns (:class:`CalendarFallbackWarning`) on every result it
touched.

Deadlines in the seeds are in working days where they say so (``HN-A1(2)``: 7个工作日) and in
calendar days otherwise (``ZJG-6.5.1(3)``: 3天); both are here. The array functions
(:func:`add_working_days_array`) serve the vectorised overdue checks.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal

import chinese_calendar
import numpy as np
import numpy.typing as npt

from zwxmt.errors import CalendarOutOfRange, InputError

__all__ = [
    "EXAMPLE_HOLIDAYS",
    "CalendarFallbackWarning",
    "HolidaySchedule",
    "Period",
    "PeriodKind",
    "add_calendar_days",
    "add_working_days",
    "add_working_days_array",
    "calendar_range",
    "holiday_name",
    "holiday_schedule",
    "is_working_day",
    "is_working_day_array",
    "load_holidays",
    "parse_period",
    "read_holidays",
    "reset_holidays",
    "working_day_table",
    "working_days_between",
]

PeriodKind = Literal["month", "quarter", "year"]


class CalendarFallbackWarning(UserWarning):
    """A weekends-only rule was used for a date beyond the official holiday data."""


#: The bundled schedule file: the format, with 2025 and 2026 (国务院办公厅 notices) as examples.
EXAMPLE_HOLIDAYS = "holidays-2025-2026.csv"

_KINDS = {"holiday": "holiday", "放假": "holiday", "休": "holiday",
          "workday": "workday", "调休上班": "workday", "上班": "workday", "班": "workday"}


@dataclass(frozen=True)
class HolidaySchedule:
    """The holidays (放假, weekdays off) and make-up workdays (调休上班, weekend days on) of
    whole years, with the holiday names."""

    years: frozenset[int]
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]
    names: dict[dt.date, str] = field(default_factory=dict, hash=False, compare=False)
    source: str = ""


def read_holidays(path: str | Path) -> HolidaySchedule:
    """A holiday schedule from a CSV file with the header ``date,kind,name``.

    Each row is one day: ``kind`` ``holiday`` (or 放假/休) or ``workday`` (or 调休上班/班).
    The years of its dates are the years it covers (whole years: every other day is a working
    day from Monday to Friday). A bad row is an :class:`~zwxmt.errors.InputError` naming the
    file, the row, the field and what was expected."""
    src = Path(path)
    try:
        text = src.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"{src}: cannot read the holiday schedule: {exc}") from None
    rows = list(csv.reader(text.splitlines()))
    header = [h.strip() for h in rows[0]] if rows else []
    if header[:2] != ["date", "kind"]:
        raise InputError(f"{src}: expected the header date,kind,name (got {','.join(header)})")
    holidays: set[dt.date] = set()
    workdays: set[dt.date] = set()
    names: dict[dt.date, str] = {}
    for r, row in enumerate(rows[1:], start=1):
        if not any(c.strip() for c in row):
            continue
        try:
            day = dt.date.fromisoformat(row[0].strip())
        except (ValueError, IndexError):
            raise InputError(f"{src}: row {r}: date: expected YYYY-MM-DD, got "
                             f"{row[0] if row else ''!r}") from None
        kind = _KINDS.get(row[1].strip() if len(row) > 1 else "")
        if kind is None:
            raise InputError(f"{src}: row {r}: kind: expected holiday or workday, got "
                             f"{row[1] if len(row) > 1 else ''!r}")
        if day in holidays or day in workdays:
            raise InputError(f"{src}: row {r}: date: {day} is listed twice")
        if kind == "workday" and day.weekday() < 5:
            raise InputError(f"{src}: row {r}: kind: {day} is a weekday; a make-up workday "
                             "(调休上班) is a Saturday or Sunday")
        (holidays if kind == "holiday" else workdays).add(day)
        if len(row) > 2 and row[2].strip():
            names[day] = row[2].strip()
    years = {d.year for d in holidays | workdays}
    if not years:
        raise InputError(f"{src}: no day listed: expected rows date,kind,name")
    return HolidaySchedule(frozenset(years), frozenset(holidays), frozenset(workdays), names,
                           str(src))


def _package_schedule() -> HolidaySchedule:
    years = {d.year for d in chinese_calendar.holidays} | {
        d.year for d in chinese_calendar.workdays}
    return HolidaySchedule(frozenset(years), frozenset(chinese_calendar.holidays),
                           frozenset(chinese_calendar.workdays), {}, "chinese-calendar")


#: Schedules loaded by the user, in order (a later one wins for a year it covers).
_LOADED: list[HolidaySchedule] = []


@cache
def _schedule() -> HolidaySchedule:
    """The package's data with the loaded schedules over it, year by year."""
    base = _package_schedule()
    years, hol, work = set(base.years), set(base.holidays), set(base.workdays)
    names: dict[dt.date, str] = {}
    for sched in _LOADED:
        hol = {d for d in hol if d.year not in sched.years} | set(sched.holidays)
        work = {d for d in work if d.year not in sched.years} | set(sched.workdays)
        names = {d: n for d, n in names.items() if d.year not in sched.years} | sched.names
        years |= sched.years
    return HolidaySchedule(frozenset(years), frozenset(hol), frozenset(work), names)


def _clear() -> None:
    for fn in (_schedule, calendar_range, _working_days):
        fn.cache_clear()


def load_holidays(path: str | Path) -> HolidaySchedule:
    """Load a holiday schedule for every later working-day count (e.g. next year's, as the
    State Council publishes it). The covered years must stay contiguous."""
    sched = read_holidays(path)
    covered = set(_schedule().years) | set(sched.years)
    gap = sorted(set(range(min(covered), max(covered) + 1)) - covered)
    if gap:
        raise InputError(f"{path}: the schedule covers {sorted(sched.years)} but "
                         f"{', '.join(map(str, gap))} has no holiday data: load it too")
    _LOADED.append(sched)
    _clear()
    return sched


def reset_holidays() -> None:
    """Forget the loaded schedules (back to the package's data)."""
    _LOADED.clear()
    _clear()


@contextmanager
def holiday_schedule(path: str | Path) -> Iterator[HolidaySchedule]:
    """Within the block, count working days with the schedule of ``path`` loaded."""
    before = list(_LOADED)
    try:
        yield load_holidays(path)
    finally:
        _LOADED[:] = before
        _clear()


@cache
def calendar_range() -> tuple[dt.date, dt.date]:
    """First and last date for which holiday data exists (package and loaded schedules)."""
    years = sorted(_schedule().years)
    first, last = years[0], years[-1]
    return dt.date(first, 1, 1), dt.date(last, 12, 31)


def _in_range(day: dt.date) -> bool:
    lo, hi = calendar_range()
    return lo <= day <= hi


def _out_of_range(day: dt.date) -> CalendarOutOfRange:
    lo, hi = calendar_range()
    return CalendarOutOfRange(
        f"{day.isoformat()} is outside the holiday data ({lo.isoformat()} to "
        f"{hi.isoformat()}); load that year's schedule (--holidays FILE, format: "
        f"{EXAMPLE_HOLIDAYS}) or pass fallback=True to count Monday-Friday as working days"
    )


def _warn_fallback(day: dt.date) -> None:
    warnings.warn(
        f"{day.isoformat()} is beyond the official holiday data: counting Monday-Friday as "
        "working days (holidays and make-up workdays unknown)",
        CalendarFallbackWarning,
        stacklevel=3,
    )


def is_working_day(day: dt.date, *, fallback: bool = False) -> bool:
    """True if ``day`` is a working day in mainland China (make-up workdays included)."""
    if isinstance(day, dt.datetime):
        day = day.date()
    if _in_range(day):
        sched = _schedule()
        if day in sched.workdays:
            return True
        return day.weekday() < 5 and day not in sched.holidays
    if not fallback:
        raise _out_of_range(day)
    _warn_fallback(day)
    return day.weekday() < 5


def holiday_name(day: dt.date) -> str | None:
    """The statutory holiday ``day`` belongs to (e.g. ``"National Day"``), or None."""
    if not _in_range(day):
        raise _out_of_range(day)
    sched = _schedule()
    if day not in sched.holidays:
        return None
    if day in sched.names:
        return sched.names[day]
    on_holiday, name = chinese_calendar.get_holiday_detail(day)
    return str(name) if on_holiday and name else None


def add_calendar_days(day: dt.date, days: int) -> dt.date:
    """``day`` plus ``days`` calendar days (a deadline counted in 天, not 工作日)."""
    return day + dt.timedelta(days=days)


@cache
def _working_days() -> npt.NDArray[np.datetime64]:
    """Every working day of the official data, sorted, as datetime64[D]."""
    lo, hi = calendar_range()
    days = np.arange(np.datetime64(lo, "D"), np.datetime64(hi, "D") + 1)
    weekday = (days.astype("int64") + 3) % 7  # 1970-01-01 was a Thursday (3)
    mask = weekday < 5
    sched = _schedule()
    holidays = np.array(sorted(sched.holidays), dtype="datetime64[D]")
    workdays = np.array(sorted(sched.workdays), dtype="datetime64[D]")
    mask[np.isin(days, holidays)] = False
    mask[np.isin(days, workdays)] = True
    out: npt.NDArray[np.datetime64] = days[mask]
    return out


def working_day_table() -> npt.NDArray[np.datetime64]:
    """Every working day of the holiday data (package and loaded schedules), sorted."""
    return _working_days()


def add_working_days(day: dt.date, n: int, *, fallback: bool = False) -> dt.date:
    """The ``n``-th working day after ``day`` (``n`` ≥ 0; ``n = 0`` gives ``day`` itself).

    ``day`` need not be a working day: one working day after the eve of National Day is the
    first working day after the holiday, e.g. ``add_working_days(date(2026, 9, 30), 1)`` is
    2026-10-08.
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, not {n}")
    if isinstance(day, dt.datetime):
        day = day.date()
    if n == 0:
        return day
    table = _working_days()
    if _in_range(day):
        pos = int(np.searchsorted(table, np.datetime64(day, "D"), side="right")) + n - 1
        if pos < len(table):
            result: dt.date = table[pos].astype(dt.date)
            return result
        counted = len(table) - (pos - n + 1)
        cursor = calendar_range()[1]
    else:
        if day < calendar_range()[0] or not fallback:
            raise _out_of_range(day)
        counted, cursor = 0, day
    if not fallback:
        raise _out_of_range(calendar_range()[1] + dt.timedelta(days=1))
    _warn_fallback(cursor)
    while counted < n:
        cursor += dt.timedelta(days=1)
        if cursor.weekday() < 5:
            counted += 1
    return cursor


def working_days_between(start: dt.date, end: dt.date, *, fallback: bool = False) -> int:
    """Working days in the half-open interval ``(start, end]`` (0 when ``end <= start``)."""
    if end <= start:
        return 0
    for d in (start, end):
        if not _in_range(d) and not fallback:
            raise _out_of_range(d)
    if _in_range(start) and _in_range(end):
        table = _working_days()
        a = np.searchsorted(table, np.datetime64(start, "D"), side="right")
        b = np.searchsorted(table, np.datetime64(end, "D"), side="right")
        return int(b - a)
    return sum(
        is_working_day(start + dt.timedelta(days=i), fallback=True)
        for i in range(1, (end - start).days + 1)
    )


def is_working_day_array(days: npt.NDArray[np.datetime64]) -> npt.NDArray[np.bool_]:
    """Vectorised :func:`is_working_day` over datetime64[D] values (all must be in range)."""
    days = np.asarray(days, dtype="datetime64[D]")
    lo, hi = calendar_range()
    if days.size and (days.min() < np.datetime64(lo) or days.max() > np.datetime64(hi)):
        bad = days[(days < np.datetime64(lo)) | (days > np.datetime64(hi))][0]
        raise _out_of_range(bad.astype(dt.date))
    table = _working_days()
    pos = np.searchsorted(table, days)
    pos = np.minimum(pos, len(table) - 1)
    out: npt.NDArray[np.bool_] = table[pos] == days
    return out


def add_working_days_array(
    days: npt.NDArray[np.datetime64], n: int | npt.NDArray[np.integer],
) -> npt.NDArray[np.datetime64]:
    """Vectorised :func:`add_working_days` (no fallback: every result must be in range)."""
    days = np.asarray(days, dtype="datetime64[D]")
    steps = np.broadcast_to(np.asarray(n, dtype=np.int64), days.shape)
    if steps.size and steps.min() < 0:
        raise ValueError("n must be >= 0")
    lo, hi = calendar_range()
    if days.size and (days.min() < np.datetime64(lo) or days.max() > np.datetime64(hi)):
        bad = days[(days < np.datetime64(lo)) | (days > np.datetime64(hi))][0]
        raise _out_of_range(bad.astype(dt.date))
    table = _working_days()
    pos = np.searchsorted(table, days, side="right") + steps - 1
    if pos.size and pos.max() >= len(table):
        raise _out_of_range(hi + dt.timedelta(days=1))
    out: npt.NDArray[np.datetime64] = np.where(steps == 0, days, table[np.maximum(pos, 0)])
    return out


_PERIOD_RE = re.compile(r"^(\d{4})(?:-(?:(0[1-9]|1[0-2])|Q([1-4])))?$")


@dataclass(frozen=True, order=True)
class Period:
    """An assessment period (考核周期): a month, a quarter or a year (``ZJG-9.2``)."""

    start: dt.date
    kind: PeriodKind

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(dt.date(year, month, 1), "month")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        if not 1 <= quarter <= 4:
            raise ValueError(f"quarter must be 1-4, not {quarter}")
        return cls(dt.date(year, 3 * quarter - 2, 1), "quarter")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), "year")

    @property
    def end(self) -> dt.date:
        """Last day of the period (inclusive)."""
        months = {"month": 1, "quarter": 3, "year": 12}[self.kind]
        y, m = divmod(self.start.month - 1 + months, 12)
        return dt.date(self.start.year + y, m + 1, 1) - dt.timedelta(days=1)

    @property
    def days(self) -> int:
        """Calendar days in the period."""
        return (self.end - self.start).days + 1

    def working_days(self, *, fallback: bool = False) -> int:
        """Working days in the period."""
        return working_days_between(
            self.start - dt.timedelta(days=1), self.end, fallback=fallback)

    @property
    def label(self) -> str:
        """``YYYY-MM``, ``YYYY-Qn`` or ``YYYY``."""
        if self.kind == "month":
            return f"{self.start.year:04d}-{self.start.month:02d}"
        if self.kind == "quarter":
            return f"{self.start.year:04d}-Q{(self.start.month - 1) // 3 + 1}"
        return f"{self.start.year:04d}"

    def months(self) -> tuple[Period, ...]:
        """The months the period is made of (itself for a month)."""
        n = {"month": 1, "quarter": 3, "year": 12}[self.kind]
        return tuple(Period.month(self.start.year, self.start.month + i) for i in range(n))

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def previous_year(self) -> Period:
        """The same period one year earlier (for 同比, year-on-year change)."""
        return Period(self.start.replace(year=self.start.year - 1), self.kind)

    def __str__(self) -> str:
        return self.label


def parse_period(text: str) -> Period:
    """Parse ``2026-03`` (month), ``2026-Q1`` (quarter) or ``2026`` (year)."""
    m = _PERIOD_RE.match(text.strip())
    if not m:
        raise ValueError(f"period {text!r} is not YYYY-MM, YYYY-Qn or YYYY")
    year = int(m.group(1))
    if m.group(2):
        return Period.month(year, int(m.group(2)))
    if m.group(3):
        return Period.quarter(year, int(m.group(3)))
    return Period.year(year)
