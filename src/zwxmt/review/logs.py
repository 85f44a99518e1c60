"""Columnar inputs of a review audit: the publication log, the review records and the messages.

Each log is a frozen set of numpy columns, one entry per row; the readers in
:mod:`zwxmt.review.io` build them from files (with rejects), and tests and benchmarks build them
directly. Ids may be integers or text; times are ``datetime64[s]``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from zwxmt import months
from zwxmt.errors import InputError
from zwxmt.review.elements import ALL_ELEMENTS_MASK, ReviewerRole

__all__ = [
    "ROLE_CODES",
    "MessageLog",
    "PostLog",
    "ReviewLog",
    "lookup",
    "month_labels",
]

#: Integer code of each reviewer role in :attr:`ReviewLog.role` (its place in ReviewerRole).
ROLE_CODES: dict[ReviewerRole, int] = {r: i for i, r in enumerate(ReviewerRole)}

Array = npt.NDArray[Any]


def _ids(values: Array) -> Array:
    """Ids as a sortable array: integers stay integers, anything else becomes fixed-width text."""
    arr = np.asarray(values)
    if arr.dtype.kind in "iu":
        return arr.astype(np.int64, copy=False)
    if arr.dtype.kind == "U":
        return arr
    return arr.astype(str)


def _check_len(name: str, n: int, **cols: Array | None) -> None:
    for field, col in cols.items():
        if col is not None and len(col) != n:
            raise InputError(f"{name}.{field} has {len(col)} rows, expected {n}")


@dataclass(frozen=True)
class PostLog:
    """The publication log (发布记录): one row per published post.

    ``is_repost``, ``source``, ``source_url``, ``text`` and ``links`` (space-separated URLs)
    are needed by the content checks only.
    """

    post_id: Array
    account_id: Array
    published_at: npt.NDArray[np.datetime64]
    is_repost: npt.NDArray[np.bool_] | None = None
    source: Array | None = None
    source_url: Array | None = None
    text: Array | None = None
    links: Array | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "post_id", _ids(self.post_id))
        object.__setattr__(self, "account_id", _ids(self.account_id))
        object.__setattr__(self, "published_at",
                           np.asarray(self.published_at, dtype="datetime64[s]"))
        _check_len("posts", len(self.post_id), account_id=self.account_id,
                   published_at=self.published_at, is_repost=self.is_repost,
                   source=self.source, source_url=self.source_url, text=self.text,
                   links=self.links)

    def __len__(self) -> int:
        return len(self.post_id)


@dataclass(frozen=True)
class ReviewLog:
    """Review records (审核记录): one row per review of a post.

    ``level`` is 1, 2 or 3; ``role`` the code of :data:`ROLE_CODES`; ``confirmed`` the mask of
    confirmed elements (bit ``Element.bit``; all seven = ``ALL_ELEMENTS_MASK``).
    """

    post_id: Array
    level: npt.NDArray[np.int8]
    reviewer: Array
    role: npt.NDArray[np.int8]
    reviewed_at: npt.NDArray[np.datetime64]
    confirmed: npt.NDArray[np.uint8]

    def __post_init__(self) -> None:
        object.__setattr__(self, "post_id", _ids(self.post_id))
        object.__setattr__(self, "reviewer", _ids(self.reviewer))
        object.__setattr__(self, "level", np.asarray(self.level, dtype=np.int8))
        object.__setattr__(self, "role", np.asarray(self.role, dtype=np.int8))
        object.__setattr__(self, "reviewed_at",
                           np.asarray(self.reviewed_at, dtype="datetime64[s]"))
        object.__setattr__(self, "confirmed", np.asarray(self.confirmed, dtype=np.uint8))
        _check_len("reviews", len(self.post_id), level=self.level, reviewer=self.reviewer,
                   role=self.role, reviewed_at=self.reviewed_at, confirmed=self.confirmed)
        if len(self.level) and (self.level.min() < 1 or self.level.max() > 3):
            raise InputError("reviews.level must be 1, 2 or 3")
        if len(self.role) and (self.role.min() < 0 or self.role.max() >= len(ROLE_CODES)):
            raise InputError("reviews.role must be a code of ROLE_CODES")
        if len(self.confirmed) and self.confirmed.max() > ALL_ELEMENTS_MASK:
            raise InputError("reviews.confirmed has bits beyond the seven elements")

    def __len__(self) -> int:
        return len(self.post_id)


@dataclass(frozen=True)
class MessageLog:
    """The message log (留言记录): one row per public message, comment or consultation.

    ``replied_at`` is NaT for a message without reply.
    """

    message_id: Array
    account_id: Array
    channel: Array
    received_at: npt.NDArray[np.datetime64]
    replied_at: npt.NDArray[np.datetime64]

    def __post_init__(self) -> None:
        object.__setattr__(self, "message_id", _ids(self.message_id))
        object.__setattr__(self, "account_id", _ids(self.account_id))
        object.__setattr__(self, "received_at",
                           np.asarray(self.received_at, dtype="datetime64[s]"))
        object.__setattr__(self, "replied_at",
                           np.asarray(self.replied_at, dtype="datetime64[s]"))
        _check_len("messages", len(self.message_id), account_id=self.account_id,
                   channel=self.channel, received_at=self.received_at,
                   replied_at=self.replied_at)

    def __len__(self) -> int:
        return len(self.message_id)


def lookup(keys: Array, queries: Array) -> npt.NDArray[np.int64]:
    """Position of each query in ``keys`` (which must be unique), -1 where absent."""
    keys = _ids(keys)
    queries = _ids(queries)
    if keys.dtype.kind != queries.dtype.kind:
        keys, queries = keys.astype(str), queries.astype(str)
    if keys.dtype.kind == "i" and len(keys):
        lo, hi = int(keys.min()), int(keys.max())
        if hi - lo < 4 * len(keys) + 1024:
            # Dense integer ids: a direct table, O(n) instead of a sort and a binary search.
            table = np.full(hi - lo + 1, -1, dtype=np.int64)
            table[keys - lo] = np.arange(len(keys), dtype=np.int64)
            if int((table >= 0).sum()) != len(keys):
                sk = np.sort(keys)
                raise InputError(f"id {sk[np.flatnonzero(sk[1:] == sk[:-1])[0]]!r} is given twice")
            inside = (queries >= lo) & (queries <= hi)
            out = np.full(len(queries), -1, dtype=np.int64)
            out[inside] = table[queries[inside] - lo]
            return out
    if keys.dtype.kind == "U" and len(keys):
        hashed = _lookup_text(keys, queries)
        if hashed is not None:
            return hashed
    return _lookup_sorted(keys, queries)


_P = np.uint64(0x100000001B3)


def _text_hash(values: Array, width: int) -> npt.NDArray[np.uint64]:
    """A 64-bit polynomial hash of fixed-width text (``width`` even), two characters a step."""
    arr = np.ascontiguousarray(values.astype(f"<U{width}", copy=False))
    cols = arr.view(np.uint64).reshape(len(arr), width // 2)
    h = np.zeros(len(arr), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(width // 2):
            h = h * _P + cols[:, j]
    return h


def _lookup_text(keys: Array, queries: Array) -> npt.NDArray[np.int64] | None:
    """Text ids through 64-bit hashes, every hit checked by comparing the text itself.

    Returns None when two different keys share a hash (then the caller sorts the text).
    """
    width = max(keys.dtype.itemsize, queries.dtype.itemsize, 8) // 4
    width += width % 2
    hk, hq = _text_hash(keys, width), _text_hash(queries, width)
    order = np.argsort(hk)
    shk = hk[order]
    same = np.flatnonzero(shk[1:] == shk[:-1])
    if len(same):
        a, b = keys[order[same]], keys[order[same + 1]]
        dup = np.flatnonzero(a == b)
        if len(dup):
            raise InputError(f"id {str(a[dup[0]])!r} is given twice")
        return None
    pos = np.minimum(np.searchsorted(shk, hq), len(shk) - 1)
    cand = order[pos]
    found = (shk[pos] == hq) & (keys[cand] == queries)
    return np.where(found, cand, -1).astype(np.int64)


def _lookup_sorted(keys: Array, queries: Array) -> npt.NDArray[np.int64]:
    order = np.argsort(keys, kind="stable")
    sk = keys[order]
    if len(sk) > 1:
        dup = np.flatnonzero(sk[1:] == sk[:-1])
        if len(dup):
            raise InputError(f"id {sk[dup[0]]!r} is given twice")
    if len(sk) == 0:
        return np.full(len(queries), -1, dtype=np.int64)
    pos = np.searchsorted(sk, queries)
    pos = np.minimum(pos, len(sk) - 1)
    found = sk[pos] == queries
    return np.where(found, order[pos], -1).astype(np.int64)


def month_labels(times: npt.NDArray[np.datetime64]) -> tuple[npt.NDArray[np.int64], list[str]]:
    """Month per time (the one month type, :mod:`zwxmt.months`) and the YYYY-MM label of
    every month from the first to the last.

    Returns ``(months, labels)`` where ``labels[i]`` is the label of month ``months.min() + i``.
    The readers bound times to 2000-01-01 .. the audit date, so the span stays a few hundred
    months.
    """
    ordinals = months.of_days(np.asarray(times, dtype="datetime64[s]").astype("datetime64[D]"))
    if len(ordinals) == 0:
        return ordinals, []
    lo, hi = int(ordinals.min()), int(ordinals.max())
    return ordinals, months.labels(np.arange(lo, hi + 1)).tolist()
