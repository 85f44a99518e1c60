"""Reading posts (发布记录) in record batches, folded straight into the activity state.

:data:`POSTS` declares the posts input with the table layer (:mod:`zwxmt.table`): ``post_id``,
``account_id``, ``published_at`` (a naive time is Beijing time; an aware one is converted to
Asia/Shanghai before its date is taken), ``original`` and ``reads``. :func:`read_activity` reads
any source (a CSV, JSON lines or Parquet file in batches, a spreadsheet, or an in-memory
pyarrow/pandas/polars table or mapping), validates each batch on whole columns, checks the
account against the registry, and folds the kept posts into an
:class:`~zwxmt.activity.state.ActivityState`. Memory grows with accounts × days and one batch,
never with the posts. Only the failing rows are rendered, into one
:class:`~zwxmt.table.Failures` table.

A repeated ``post_id`` is found within a batch (``batch_rows`` rows, default 1,048,576: the
whole of any file up to that size); across batches of a larger file it is not (see
docs/assumptions.md, "Posts: duplicate post ids").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from zwxmt.activity.model import Activity, MonthGrid, PostColumns
from zwxmt.activity.state import ActivityState, finish, fold
from zwxmt.arrays import I64
from zwxmt.table import Column, Counts, Failures, InputSchema, RawTable, register
from zwxmt.table.read import iter_raw_batches, read_raw
from zwxmt.table.schema import _duplicate_failures, _duplicates, _key_text

__all__ = ["POSTS", "UNKNOWN_ACCOUNT", "PostsRead", "iter_posts", "read_activity"]

#: Check code of a row whose account is not in the account registry.
UNKNOWN_ACCOUNT = "unknown_account"

POSTS = register(InputSchema(
    "posts",
    (
        Column("post_id", "文章编号", "text", aliases=("稿件编号", "文章ID", "post id"),
               description="unique id of the post"),
        Column("account_id", "账号编码", "text", aliases=("账号ID", "账号编号"),
               description="zwxmt account id, as in the account registry"),
        Column("published_at", "发布时间", "datetime", aliases=("发布日期", "published"),
               description="YYYY-MM-DD HH:MM[:SS] (Beijing time unless an offset is given) "
                           "or YYYY-MM-DD; not after the assessment date",
               cite="ZJG-9.2-T2-diligence"),
        Column("original", "是否原创", "bool", aliases=("原创",), required=False,
               default=False, description="original (原创) rather than a repost; blank = repost",
               cite="ZJG-9.2-T2-diligence"),
        Column("reads", "阅读量", "count", aliases=("阅读数",), required=False, default=0,
               description="reads of the post; blank = 0"),
    ),
    key=("post_id",),
    zh="发布记录",
    description="the publication log of the registry's accounts: one row per post; the "
                "activity (posts, original posts, posting days, 14-day no-update runs) is "
                "computed from it",
    cite="ZJG-9.2-T2-V1",
))

#: Validated without the key: the duplicate check runs after the account check, so a post of
#: an unknown account never makes a later post with its id a "duplicate" of a refused row.
_UNKEYED = dataclasses.replace(POSTS, key=())

_SECONDS_PER_DAY = 86_400


@dataclass(frozen=True)
class PostsRead:
    """Posts read into an activity: the activity, the counts, the failures and notices."""

    activity: Activity
    counts: Counts
    failures: Failures
    notices: tuple[str, ...]
    source: str


def _registry_codes(account_id: pa.ChunkedArray | pa.Array, registry: pa.Array) -> I64:
    """The code (row of the registry) of each account id; -1 when not in the registry."""
    codes = pc.index_in(account_id, value_set=registry)
    return np.asarray(pc.fill_null(codes, -1).to_numpy(zero_copy_only=False), dtype=np.int64)


def _batch_columns(table: pa.Table, codes: I64, keep: np.ndarray[Any, Any]) -> PostColumns:
    """Kept posts as fold input: code, Beijing day number, originality, reads."""
    t = table.filter(pa.array(keep)) if not keep.all() else table
    secs = t.column("published_at").cast(pa.int64()).to_numpy()
    day = np.floor_divide(np.asarray(secs, dtype=np.int64), _SECONDS_PER_DAY)
    return PostColumns(codes[keep], day, np.asarray(t.column("original").to_numpy(),
                                                       dtype=np.bool_),
                       np.asarray(t.column("reads").to_numpy(), dtype=np.int64))


def iter_posts(source: Any, registry: pa.Array, as_of: dt.date, *, batch_rows: int = 1 << 20,
               encoding: str | None = None, source_name: str | None = None,
               ) -> Iterator[tuple[PostColumns, Counts, Failures, tuple[str, ...], str]]:
    """Validated posts batch by batch: (kept posts, counts, failures, notices, source name).

    ``registry`` holds the account ids; a post's account code is its position there. A file
    is read in batches; an in-memory table is validated whole (it is in memory already).
    """
    if isinstance(source, RawTable | str) or hasattr(source, "__fspath__"):
        batches: Any = iter_raw_batches(source, batch_rows=batch_rows, encoding=encoding)
    else:
        batches = iter([read_raw(source, allow_empty=True, name=source_name)])
    first = True
    for raw in batches:
        if source_name is not None:
            raw = RawTable(raw.table, raw.row_numbers, source_name, raw.notices)
        v = _UNKEYED.validate(raw, as_of=as_of, allow_empty=True)
        codes = _registry_codes(v.table.column("account_id"), registry)
        unknown = codes < 0
        parts = [v.failures]
        if unknown.any():
            parts.append(Failures.from_mask(
                file=v.source, rows=v.row_numbers, column="account_id",
                values=v.table.column("account_id").combine_chunks(), mask=unknown,
                check=UNKNOWN_ACCOUNT,
                message="账号编码 (account_id) is not in the account registry"))
        # a repeated post id among the posts of known accounts: the first is kept
        dup, first_of = _duplicates(v.table, POSTS.key, ~unknown)
        if dup.any():
            kept_row = np.zeros(len(dup), dtype=np.int64)
            kept_row[dup] = v.row_numbers[first_of[dup]]
            parts += _duplicate_failures(v.source, v.row_numbers,
                                         _key_text(v.table, POSTS.key), dup, kept_row, POSTS)
        keep = ~unknown & ~dup
        failures = Failures.concat(parts)
        used = int(keep.sum())
        counts = Counts(read=v.counts.read, used=used,
                        rejected=v.counts.rejected + int((~keep).sum()))
        notices = v.notices if first else ()
        first = False
        yield _batch_columns(v.table, codes, keep), counts, failures, notices, v.source


def read_activity(source: Any, registry: pa.Array | Any, opened_day: I64, grid: MonthGrid, *,
                  gap_days: int, batch_rows: int = 1 << 20, encoding: str | None = None,
                  source_name: str | None = None) -> PostsRead:
    """Posts of ``source`` to the activity of the registry's accounts (``registry[i]`` the id
    and ``opened_day[i]`` the opening day of account code ``i``), streamed batch by batch."""
    reg = registry if isinstance(registry, pa.Array) else pa.array(
        np.asarray(registry, dtype=object), pa.string())
    state = ActivityState.empty(opened_day, grid)
    pool = pa.default_memory_pool()
    read = used = rejected = 0
    parts: list[Failures] = []
    notices: tuple[str, ...] = ()
    name = source_name or ""
    for item in iter_posts(source, reg, grid.as_of_date, batch_rows=batch_rows,
                           encoding=encoding, source_name=source_name):
        posts, counts, failures, batch_notices, name = item
        fold(state, posts)
        del posts, item
        pool.release_unused()  # hand the batch's buffers back: memory stays one batch
        read, used, rejected = (read + counts.read, used + counts.used,
                                rejected + counts.rejected)
        if len(failures):
            parts.append(failures)
        notices += batch_notices
    ids = np.asarray(reg.to_numpy(zero_copy_only=False), dtype=object)
    return PostsRead(finish(state, gap_days=gap_days).with_ids(ids),
                     Counts(read, used, rejected),
                     Failures.concat(parts), notices, name)
