"""Builders shared by the review tests: small posts and review logs from plain tuples."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np

from zwxmt.review.elements import ALL_ELEMENTS_MASK, Element, ReviewerRole
from zwxmt.review.logs import ROLE_CODES, PostLog, ReviewLog

T0 = dt.datetime(2026, 9, 1, 9, 0)
ROLES = (ReviewerRole.EDITOR, ReviewerRole.OFFICE_LEADER, ReviewerRole.LEADER_IN_CHARGE)


def posts(rows: Sequence[tuple[str, str, dt.datetime]]) -> PostLog:
    return PostLog(
        post_id=np.array([r[0] for r in rows], dtype=object),
        account_id=np.array([r[1] for r in rows], dtype=object),
        published_at=np.array([np.datetime64(r[2], "s") for r in rows], dtype="datetime64[s]"))


def reviews(rows: Sequence[tuple[str, int, str, ReviewerRole, dt.datetime, int]]) -> ReviewLog:
    """Rows (post, level, reviewer, role, time, confirmed mask)."""
    return ReviewLog(
        post_id=np.array([r[0] for r in rows], dtype=object),
        level=np.array([r[1] for r in rows], dtype=np.int8),
        reviewer=np.array([r[2] for r in rows], dtype=object),
        role=np.array([ROLE_CODES[r[3]] for r in rows], dtype=np.int8),
        reviewed_at=np.array([np.datetime64(r[4], "s") for r in rows], dtype="datetime64[s]"),
        confirmed=np.array([r[5] for r in rows], dtype=np.uint8))


def chain(post: str, start: dt.datetime, people: tuple[str, str, str] = ("编辑甲", "主任乙",
                                                                        "领导丙"),
          gap_minutes: int = 10) -> list[tuple[str, int, str, ReviewerRole, dt.datetime, int]]:
    """A valid 三审 chain for ``post``, starting at ``start``."""
    return [(post, lv + 1, people[lv], ROLES[lv], start + dt.timedelta(minutes=gap_minutes * lv),
             ALL_ELEMENTS_MASK) for lv in range(3)]


def without(mask: int, element: Element) -> int:
    return mask & ~element.bit
