"""Post-level activity (更新情况): posts, originality, posting days and no-update gaps.

From a table of posts (account, published time, original or repost, reads) this computes, per
account and assessment month, the raw metrics that the 勤勉指数 (``ZJG-9.2-T2-diligence``) and the
veto ``ZJG-9.2-T2-V1`` (14天未更新) read, and the no-update runs that the cleanup criteria
``ZJG-6.5.1(3)`` (出现14天未更新情况2次) and ``ZJO-2.1`` (长期无更新的“僵尸”“休眠”账号) count.

What counts as "14天未更新" (see docs/assumptions.md, "Cleanup: no-update runs"):

- An *update day* is a calendar day with at least one post, original or repost, as the
  timestamps give it (taken as Beijing time, no zone conversion). The day an account opened
  counts as an update day: a new account has 14 days to post for the first time. A post dated
  before the opening day counts in the monthly totals but cannot start or split a run.
- A *no-update run* is a maximal run of consecutive calendar days, none an update day. Its
  length is the number of such days: posts on 1 March and 16 March leave a 14-day run (2..15).
- At the left edge of the data, days before the first month are unknown: a run that would start
  earlier is counted from the first observed day (never longer than the data shows), unless a
  post before the first month anchors it. Such a run is marked ``censored``.
- At the assessment date ``as_of`` (inclusive), a run still going is cut there and marked
  ``open``: a last post on 1 March and ``as_of`` 15 March is a 14-day run.
- In a month, ``longest_gap_days`` is the longest number of consecutive no-update days the
  account had reached on any day of that month, counted from the run's first day even when it
  began in an earlier month; ``veto_no_update_14d`` is ``longest_gap_days >= 14``. A run is one
  *occurrence* (``gaps_14d``), attributed to the month of its 14th day, however long it lasts.

The hot path is vectorised over numpy columns: account ids are int codes, (account, day) pairs
are int64 composite keys, posting days come from one ``np.unique``, gaps from ``np.diff`` with
account boundaries masked, and per-month sums from ``np.bincount`` on
``account_code * n_months + month_code``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from zwxmt import display
from zwxmt.arrays import I64, B
from zwxmt.errors import InputError
from zwxmt.io import ColumnSpec, Reject, coerce_columns
from zwxmt.rules import cite

__all__ = [
    "ACTIVITY_COLUMNS",
    "NO_DAY",
    "POST_COLUMNS",
    "Activity",
    "Gaps",
    "MonthGrid",
    "PostColumns",
    "ReadPosts",
    "compute_activity",
    "day_number",
    "from_day_number",
    "prepare_posts",
    "validate_posts",
]

RULE_VETO = cite("ZJG-9.2-T2-V1")
RULE_TWICE = cite("ZJG-6.5.1(3)")


#: Sentinel day number for "no post yet".
NO_DAY = np.iinfo(np.int64).min

#: Columns of the per-account-period activity table (the scoring engine reads these names).
ACTIVITY_COLUMNS: tuple[str, ...] = (
    "account_id", "period", "posts", "original_posts", "original_ratio", "posting_days",
    "longest_gap_days", "gaps_14d", "last_post_date", "veto_no_update_14d", "reads",
)

#: Input columns of a posts table.
POST_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("post_id", "文章编号", "str", description="unique id of the post"),
    ColumnSpec("account_id", "账号编码", "str", description="zwxmt account id"),
    ColumnSpec("published_at", "发布时间", "str",
               description="YYYY-MM-DD HH:MM[:SS] or YYYY-MM-DD, Beijing time"),
    ColumnSpec("original", "是否原创", "bool", required=False, default=False,
               description="original (原创) rather than a repost; blank = repost"),
    ColumnSpec("reads", "阅读量", "int", required=False, default=0, min=0),
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
class Gaps:
    """No-update runs of at least ``gap_days`` days: account code, first and last day."""

    account: I64
    start: I64
    end: I64
    days: I64
    open: B
    censored: B

    def __len__(self) -> int:
        return len(self.account)

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
class Activity:
    """Activity per account (rows) and month (columns), and the long no-update runs."""

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

    def __repr__(self) -> str:
        return display.activity_text(self)

    def _repr_html_(self) -> str:
        return display.activity_html(self)


def compute_activity(posts: PostColumns, opened_day: I64, grid: MonthGrid, *,
                     gap_days: int) -> Activity:
    """Activity of every account (``opened_day[i]`` = opening day of account code ``i``).

    Posts must be validated (codes in range, no day after ``grid.as_of``): see
    :func:`validate_posts`. Posts before the grid anchor the first run and the last post date.
    """
    n_a, n_p = len(opened_day), grid.n
    if len(posts) and (posts.account.min() < 0 or posts.account.max() >= n_a):
        raise ValueError("post account codes out of range")
    if len(posts) and posts.day.max() > grid.as_of:
        raise ValueError("posts after the assessment date: validate them first")
    start, as_of = grid.start, grid.as_of
    ends = grid.end_days
    opened = np.asarray(opened_day, dtype=np.int64)
    base = int(min(posts.day.min() if len(posts) else start, opened.min() if n_a else start,
                   start)) - 2
    span = max(as_of, int(opened.max()) if n_a else as_of) - base + 2
    # Composite keys in int32 when they fit: half the memory traffic of int64.
    kt = np.int32 if (n_a + 1) * max(span, n_p + 1) < np.iinfo(np.int32).max else np.int64
    # Month code of every day in range, looked up instead of converted per post.
    lut = grid.month_codes(np.arange(base, base + span, dtype=np.int64)).astype(kt)
    acc: npt.NDArray[Any] = posts.account.astype(kt)
    rel: npt.NDArray[Any] = (posts.day - base).astype(kt)

    # Per-month sums: one bincount each on account * n_p + month.
    size = n_a * n_p
    pm = lut[rel]
    inwin = pm >= 0
    cell = acc[inwin] * kt(n_p) + pm[inwin]
    del pm
    n_posts = np.bincount(cell, minlength=size).reshape(n_a, n_p)
    n_orig = np.bincount(cell[posts.original[inwin]], minlength=size).reshape(n_a, n_p)
    if posts.reads.any():
        reads = np.bincount(cell, weights=posts.reads[inwin], minlength=size)
        n_reads = np.rint(reads).astype(np.int64).reshape(n_a, n_p)
    else:
        n_reads = np.zeros((n_a, n_p), dtype=np.int64)
    del cell, inwin

    # Update days: distinct (account, day) keys, sorted by account then day.
    key = acc * kt(span) + rel
    del acc, rel
    key.sort()
    distinct = np.ones(len(key), dtype=np.bool_)
    np.not_equal(key[1:], key[:-1], out=distinct[1:])
    key = key[distinct]
    del distinct
    k_acc = key // kt(span)
    k_rel = key - k_acc * kt(span)
    km = lut[k_rel]
    kin = km >= 0
    n_days = np.bincount(k_acc[kin] * kt(n_p) + km[kin], minlength=size).reshape(n_a, n_p)
    del kin

    # Last post on or before each month's end: the last key of each (account, month) cell,
    # seeded with the last post before the grid, carried forward.
    last = np.full(n_a * (n_p + 1), NO_DAY, dtype=np.int64)
    flat = k_acc * kt(n_p + 1) + (np.maximum(km, -1) + 1)
    del km
    is_last = np.ones(len(flat), dtype=np.bool_)
    np.not_equal(flat[1:], flat[:-1], out=is_last[:-1])
    last[flat[is_last]] = k_rel[is_last].astype(np.int64) + base
    del flat, is_last
    last_post = np.maximum.accumulate(last.reshape(n_a, n_p + 1), axis=1)[:, 1:]

    # Anchors: the opening day (an update), the day before the grid for an account open
    # earlier with no post to anchor its first run (censored), and as_of + 1 (open runs).
    live = opened <= as_of
    opened_rel = (opened - base).astype(kt)
    # Runs exist only while the account does: a post dated before its opening is ignored here.
    real_mask = live[k_acc] & (k_rel >= opened_rel[k_acc])
    if not real_mask.all():
        key, k_acc, k_rel = key[real_mask], k_acc[real_mask], k_rel[real_mask]
    del real_mask
    first_rel = np.full(n_a, span, dtype=np.int64)
    if len(key):
        starts = np.ones(len(key), dtype=np.bool_)
        np.not_equal(k_acc[1:], k_acc[:-1], out=starts[1:])
        first_rel[k_acc[starts]] = k_rel[starts]
        del starts
    del k_acc, k_rel
    cens_anchor = live & (opened < start - 1) & (first_rel > start - 1 - base)
    codes = np.arange(n_a, dtype=np.int64)
    anchors = np.sort(np.concatenate([
        codes[live] * span + (opened[live] - base),
        codes[cens_anchor] * span + (start - 1 - base),
        codes[live] * span + (as_of + 1 - base),
    ]).astype(kt))
    # Insert the (few) sorted anchors into the sorted keys, dropping those already there.
    at = np.searchsorted(key, anchors)
    dup = (key[np.minimum(at, len(key) - 1)] == anchors) & (at < len(key)) if len(key) else \
        np.zeros(len(anchors), dtype=np.bool_)
    merged = np.insert(key, at[~dup], anchors[~dup])
    del key
    m_acc = merged // kt(span)
    m_rel = merged - m_acc * kt(span)
    del merged

    # Runs between consecutive update days of the same account.
    length = np.diff(m_rel)
    length -= 1
    is_run = (m_acc[1:] == m_acc[:-1]) & (length > 0) & (m_rel[1:] - 1 >= start - base)
    r_acc = m_acc[:-1][is_run].astype(np.int64)
    r_s = m_rel[:-1][is_run].astype(np.int64) + (base + 1)
    r_len = length[is_run].astype(np.int64)
    del m_acc, m_rel, length, is_run
    r_e = r_s + r_len - 1
    r_open = r_e == as_of
    r_cens = np.zeros(len(r_s), dtype=np.bool_)
    if cens_anchor.any():
        r_cens = cens_anchor[r_acc] & (r_s == start)

    # Longest streak reached in each month. A run within one month gives its length; a run
    # over several months is expanded over them, counting from its first day each time.
    ps = np.maximum(lut[r_s - base], 0).astype(np.int64)
    pe = lut[r_e - base].astype(np.int64)
    longest = np.zeros(size, dtype=np.int64)
    one = ps == pe
    np.maximum.at(longest, r_acc[one] * n_p + ps[one], r_len[one])
    multi = np.flatnonzero(~one)
    reps = pe[multi] - ps[multi] + 1
    e_idx = np.repeat(multi, reps)
    offs = np.arange(len(e_idx)) - np.repeat(np.cumsum(reps) - reps, reps)
    e_p = ps[e_idx] + offs
    e_val = np.minimum(r_e[e_idx], ends[e_p]) - r_s[e_idx] + 1
    np.maximum.at(longest, r_acc[e_idx] * n_p + e_p, e_val)

    # Occurrences of gap_days days without update, in the month of the gap_days-th day.
    long_run = r_len >= gap_days
    reach = r_s[long_run] + gap_days - 1
    rm = lut[reach - base].astype(np.int64)
    ok = rm >= 0
    n_gaps = np.bincount(r_acc[long_run][ok] * n_p + rm[ok], minlength=size).reshape(n_a, n_p)

    current = np.zeros(n_a, dtype=np.int64)
    current[r_acc[r_open]] = r_len[r_open]

    gaps = Gaps(r_acc[long_run], r_s[long_run], r_e[long_run], r_len[long_run],
                r_open[long_run], r_cens[long_run])
    return Activity(grid, gap_days, n_posts.astype(np.int64), n_orig.astype(np.int64),
                    n_days.astype(np.int64), longest.reshape(n_a, n_p),
                    n_gaps.astype(np.int64), last_post, n_reads, current, gaps)


@dataclass(frozen=True)
class ReadPosts:
    """Posts read from a table: the validated columns, the rejects and the counts."""

    posts: PostColumns
    rows_read: int
    rejects: tuple[Reject, ...]
    source_rows: I64  # 1-based input row of each accepted post

    @property
    def rejected_rows(self) -> int:
        return len({r.row for r in self.rejects})

    def summary(self) -> str:
        return (f"posts: rows read = {self.rows_read} = {len(self.posts)} processed + "
                f"{self.rejected_rows} rejected")


def validate_posts(post_id: npt.NDArray[Any], account_code: I64, time: npt.NDArray[Any],
                   as_of: dt.date, *, account_text: npt.NDArray[Any] | None = None,
                   ok: B | None = None, first_row: int = 1) -> tuple[B, list[Reject]]:
    """Vectorised checks of posts: known account, not after ``as_of``, unique post id.

    ``account_code`` is -1 for an account not in the registry. A duplicate post id keeps its
    first valid occurrence and rejects the others, naming the first row. Returns the mask of
    accepted rows and the rejects (row numbers from ``first_row``).
    """
    n = len(post_id)
    good = np.ones(n, dtype=np.bool_) if ok is None else ok.copy()
    rejects: list[Reject] = []
    unknown = good & (account_code < 0)
    for i in np.flatnonzero(unknown):
        value = "" if account_text is None else str(account_text[i])
        rejects.append(Reject(int(i) + first_row, "account_id",
                              "unknown account: not in the account registry", value))
    good &= ~unknown
    limit = np.datetime64(as_of + dt.timedelta(days=1), "s")
    t = time.astype("datetime64[s]")
    future = good & (t >= limit)
    for i in np.flatnonzero(future):
        rejects.append(Reject(int(i) + first_row, "published_at",
                              f"time in the future: after the assessment date {as_of}",
                              str(t[i]).replace("T", " ")))
    good &= ~future
    idx = np.flatnonzero(good)
    if len(idx):
        ids = post_id[idx]
        order = np.argsort(ids)
        sorted_ids = ids[order]
        repeat = np.zeros(len(order), dtype=np.bool_)
        repeat[1:] = sorted_ids[1:] == sorted_ids[:-1]
        if repeat.any():
            # only the (few) groups of equal ids: the first row of each is kept
            in_group = repeat.copy()
            in_group[:-1] |= repeat[1:]
            sel = np.flatnonzero(in_group)
            rows = idx[order[sel]]
            starts = np.flatnonzero(~repeat[sel])
            gid = np.cumsum(~repeat[sel]) - 1
            first = np.minimum.reduceat(rows, starts)[gid]
            dup = rows != first
            for i, f in zip(rows[dup], first[dup], strict=True):
                rejects.append(Reject(int(i) + first_row, "post_id",
                                      f"duplicate post id (first at row {int(f) + first_row})",
                                      str(post_id[i])))
            good[rows[dup]] = False
    return good, rejects


def _parse_times(text: npt.NDArray[Any], ok: B, first_row: int
                 ) -> tuple[npt.NDArray[np.datetime64], list[Reject]]:
    out = np.full(len(text), np.datetime64("NaT"), dtype="datetime64[s]")
    rejects: list[Reject] = []
    rows = np.flatnonzero(ok)
    try:  # the common case, all well-formed: one vectorised conversion
        values = np.array([str(t).strip() for t in text[rows]], dtype="datetime64[s]")
        if len(values) == 0 or (not np.isnat(values).any() and all(
                len(str(t).strip()) >= 10 for t in text[rows])):
            out[rows] = values
            return out, rejects
    except ValueError:
        pass
    for i in rows:
        raw = str(text[i]).strip()
        value: Any
        try:
            value = np.datetime64(raw.replace("/", "-"), "s")
        except ValueError:
            value = np.datetime64("NaT", "s")
        if np.isnat(value) or len(raw) < 10:
            rejects.append(Reject(int(i) + first_row, "published_at",
                                  "not a time: expected YYYY-MM-DD HH:MM[:SS] or YYYY-MM-DD", raw))
            ok[i] = False
        else:
            out[i] = value
    return out, rejects


def prepare_posts(header: Sequence[str], rows: Sequence[Sequence[Any]],
                  account_index: Mapping[str, int], as_of: dt.date) -> ReadPosts:
    """Type and check a posts table against the account registry (``account_id -> code``).

    Every row ends up either in the returned columns or in the rejects, with row, field and
    reason: a malformed value, an unknown account, a time after ``as_of``, a duplicate post id.
    """
    coerced = coerce_columns(header, rows, POST_COLUMNS)
    ok = coerced.ok.copy()
    cols = coerced.columns
    times, time_rejects = _parse_times(cols["published_at"], ok, 1)
    accounts = cols["account_id"]
    codes = np.array([account_index.get(a, -1) for a in accounts], dtype=np.int64)
    good, rejects = validate_posts(cols["post_id"], codes, times, as_of,
                                   account_text=accounts, ok=ok)
    everything = tuple(sorted([*coerced.rejects, *time_rejects, *rejects]))
    days = times[good].astype("datetime64[D]").astype(np.int64)
    posts = PostColumns(codes[good], days, cols["original"][good].astype(np.bool_),
                        cols["reads"][good].astype(np.int64))
    return ReadPosts(posts, len(rows), everything, np.flatnonzero(good) + 1)
