"""The one month type of zwxmt (月份): an int ordinal, months since 1970-01.

A month is ``numpy.datetime64[M]`` viewed as an integer: 1970-01 is 0, 2026-03 is 674. Every
package (scoring, activity, cleanup, review) and every table column of kind ``month`` uses this
numbering, so months compare, subtract and index arrays without conversion. Scalars are plain
``int``; arrays are ``int64`` (``int32`` in Arrow columns).

Accepted spellings (:func:`parse`, :func:`parse_array`): ``2026-03``, ``2026-3``, ``2026/3``,
``2026.3``, ``2026年3月``, ``202603``, and a date on the first of the month (``2026-03-01``,
what a spreadsheet makes of a typed ``2026-03``), full-width digits included.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

import numpy as np
import numpy.typing as npt

from zwxmt.arrays import I64, B

__all__ = [
    "EPOCH_YEAR",
    "MONTH_PATTERN",
    "days_in",
    "first_day",
    "first_days",
    "from_index",
    "label",
    "labels",
    "last_day",
    "month",
    "of_date",
    "of_days",
    "parse",
    "parse_array",
    "to_index",
    "year_month",
]

EPOCH_YEAR = 1970

#: One regular expression (RE2 and Python alike) for every accepted month spelling, after NFKC
#: and whitespace trimming; groups ``y`` and ``m``, and ``d`` which must be 1 when present.
MONTH_PATTERN = (r"^(?P<y>\d{4})(?:[-/.年]\s*(?P<m>\d{1,2})\s*月?"
                 r"(?:[-/.]\s*(?P<d>\d{1,2})(?:[ T]0{1,2}:00(?::00)?)?)?|(?P<m2>\d{2}))$")
_RE = re.compile(MONTH_PATTERN)


def month(year: int, month_of_year: int) -> int:
    """The ordinal of ``year``-``month_of_year`` (1-12)."""
    if not 1 <= month_of_year <= 12:
        raise ValueError(f"month {month_of_year} is not 1-12")
    return (year - EPOCH_YEAR) * 12 + month_of_year - 1


def year_month(m: int) -> tuple[int, int]:
    """(year, month 1-12) of an ordinal."""
    y, k = divmod(int(m), 12)
    return y + EPOCH_YEAR, k + 1


def label(m: int) -> str:
    """'YYYY-MM' of an ordinal."""
    y, k = year_month(m)
    return f"{y:04d}-{k:02d}"


def parse(text: str) -> int:
    """The ordinal of a month written in any accepted spelling; ValueError otherwise."""
    s = unicodedata.normalize("NFKC", str(text)).strip()
    hit = _RE.match(s)
    if hit is None:
        raise ValueError(f"{text!r} is not a month; expected YYYY-MM")
    mm = hit["m"] or hit["m2"]
    if hit["d"] is not None and int(hit["d"]) != 1:
        raise ValueError(f"{text!r} is a date, not a month; expected YYYY-MM")
    return month(int(hit["y"]), int(mm))


def of_date(day: dt.date) -> int:
    """The month a date falls in."""
    return month(day.year, day.month)


def first_day(m: int) -> dt.date:
    """The first day of a month."""
    y, k = year_month(m)
    return dt.date(y, k, 1)


def last_day(m: int) -> dt.date:
    """The last day of a month."""
    return first_day(m + 1) - dt.timedelta(days=1)


def days_in(m: int) -> int:
    """Number of days of a month."""
    return (first_day(m + 1) - first_day(m)).days


def to_index(m: int | I64) -> Any:
    """Scoring's former numbering ``year * 12 + month - 1`` of an ordinal (for migration)."""
    return m + EPOCH_YEAR * 12


def from_index(k: int | I64) -> Any:
    """An ordinal from scoring's former numbering ``year * 12 + month - 1``."""
    return k - EPOCH_YEAR * 12


# --- vectorised -------------------------------------------------------------------------


def of_days(days: npt.NDArray[Any]) -> I64:
    """Months of an array of days (``datetime64[D]`` or anything numpy casts to it)."""
    return np.asarray(days, dtype="datetime64[D]").astype("datetime64[M]").astype(np.int64)


def first_days(months: npt.ArrayLike) -> npt.NDArray[np.datetime64]:
    """First day (``datetime64[D]``) of each month ordinal."""
    return np.asarray(months, dtype=np.int64).astype("datetime64[M]").astype("datetime64[D]")


def labels(months: npt.ArrayLike) -> npt.NDArray[np.str_]:
    """'YYYY-MM' of each ordinal, as a numpy string array."""
    return np.datetime_as_string(np.asarray(months, dtype=np.int64).astype("datetime64[M]"),
                                 unit="M")


def parse_array(values: Any) -> tuple[I64, B]:
    """Parse a column of month texts (any sequence, numpy or Arrow array) on whole columns.

    Returns (ordinals, ok): ``ordinals`` is 0 where ``ok`` is False (null, blank or not a month).
    """
    import pyarrow as pa

    from zwxmt.table.parse import parse_month

    arr = values if isinstance(values, pa.Array | pa.ChunkedArray) else pa.array(
        np.asarray(values, dtype=object), type=pa.string(), from_pandas=True)
    parsed = parse_month(arr)
    ok = ~parsed.missing & ~parsed.failed
    out = parsed.values.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
    return out, ok
