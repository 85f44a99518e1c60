"""The audit of a publication log against 三审 (三审制度核查), vectorised.

``ZJG-8.2.1``: 各主办单位应建立信息发布“三审”制度 … 坚持分级分类审核、先审后发。
``ZJG-8.2.1-roles``: “一审”由各单位新媒体编辑人员负责；“二审”由各单位办公室或指定科室领导负责；
“三审”由各单位分管领导负责。
``ZJG-8.2.2``: the seven elements, each to be confirmed.

Given every post and every review, the audit finds each post published

- without a 一审, 二审 and 三审 before publication (``review_incomplete``; reviews stamped after
  publication do not count: 先审后发);
- with its reviews out of order, or sent back by a failed review and not reviewed again from
  一审 (``review_out_of_order``);
- with a review by someone outside the role of that level (``review_wrong_role``);
- with two levels reviewed by the same person (``review_same_person``);
- with an element not confirmed at the decisive review of some level (``element_*``).

The decisive review of a level is the last review at that level before publication. All of it
is array work: the reviews are sorted once by (post, level, time), the decisive rows scattered
into (post × level) matrices, and every check is an operation on those matrices.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from zwxmt.review.elements import ALL_ELEMENTS_MASK, Element, ReviewLevel
from zwxmt.review.findings import FindingTable
from zwxmt.review.logs import ROLE_CODES, PostLog, ReviewLog, lookup, month_labels
from zwxmt.review.parameters import ReviewParameters, review_parameters
from zwxmt.rules import cite

__all__ = ["ReviewAudit", "audit_reviews"]

RULE_SYSTEM = cite("ZJG-8.2.1")
RULE_ROLES = cite("ZJG-8.2.1-roles")

_LEVELS = tuple(ReviewLevel)
_PAIRS = ((0, 1), (1, 2), (0, 2))
_NO_TIME = np.iinfo(np.int64).min


def _level_names(mask: int) -> str:
    return "、".join(lv.zh for lv in _LEVELS if mask & (1 << (lv.value - 1)))


# Evidence texts by level mask (bit 0 = 一审 …), built once: evidence is an index, not a loop.
_MISSING_TEXT = np.array([""] + [f"发布前缺少{_level_names(m)}" for m in range(1, 8)],
                         dtype=object)
_LEVELS_TEXT = np.array([""] + [_level_names(m) for m in range(1, 8)], dtype=object)


@dataclass(frozen=True)
class ReviewAudit:
    """Per-post results of the 三审 audit (arrays aligned with the posts).

    - ``missing``: mask of levels with no review before publication (bit 0 = 一审);
    - ``late``: reviews of the post stamped after publication;
    - ``out_of_order`` / ``not_restarted``: order of the decisive reviews broken / a failed
      review later than the decisive 一审;
    - ``wrong_role``: mask of levels whose decisive reviewer is not in the role of the level;
    - ``same_person``: mask of level pairs (一二, 二三, 一三) reviewed by one person;
    - ``failed``: (posts × 7) mask of levels at which each element was not confirmed;
    - ``orphans``: rows of the review log naming no known post.
    """

    posts: PostLog
    missing: npt.NDArray[np.uint8]
    late: npt.NDArray[np.int64]
    out_of_order: npt.NDArray[np.bool_]
    not_restarted: npt.NDArray[np.bool_]
    wrong_role: npt.NDArray[np.uint8]
    same_person: npt.NDArray[np.uint8]
    same_name: npt.NDArray[Any]
    failed: npt.NDArray[np.uint8]
    orphans: npt.NDArray[np.int64]
    params: ReviewParameters

    @property
    def flagged(self) -> npt.NDArray[np.bool_]:
        """Posts with at least one 三审 finding."""
        return ((self.missing > 0) | self.out_of_order | self.not_restarted
                | (self.wrong_role > 0) | (self.same_person > 0) | (self.failed > 0).any(axis=1))

    def findings(self) -> FindingTable:
        """Every finding, one row per (post, finding code)."""
        p = self.params
        sev, veto = p.severities(), p.vetoes()
        months, labels = month_labels(self.posts.published_at)
        base = int(months.min()) if len(months) else 0
        period_of = np.array(labels, dtype=object)
        tables: list[FindingTable] = []

        def add(code: str, mask: npt.NDArray[np.bool_],
                evidence: Callable[[npt.NDArray[np.int64]], npt.NDArray[Any]]) -> None:
            idx = np.flatnonzero(mask)
            if len(idx) == 0:
                return
            tables.append(FindingTable.build(
                code=code, severity=sev, veto=veto,
                account_id=self.posts.account_id[idx].astype(object),
                period=period_of[months[idx] - base],
                subject=self.posts.post_id[idx].astype(str).astype(object),
                evidence=evidence(idx)))

        def incomplete(idx: npt.NDArray[np.int64]) -> npt.NDArray[Any]:
            ev = _MISSING_TEXT[self.missing[idx]]
            late = self.late[idx]
            note = "（另有发布后补审" + late.astype(str).astype(object) + "次）"
            return np.where(late > 0, ev + note, ev)

        add("review_incomplete", self.missing > 0, incomplete)
        add("review_out_of_order", self.out_of_order | self.not_restarted,
            lambda idx: np.where(self.out_of_order[idx], "审核时间顺序与一审、二审、三审不符",
                                 "退回修改后未从一审重新审核").astype(object))
        roles = [p.expected_role(lv.value).zh for lv in _LEVELS]
        role_text = np.array([""] + [
            "；".join(f"{lv.zh}应由{roles[lv.value - 1]}负责" for lv in _LEVELS
                     if m & (1 << (lv.value - 1))) for m in range(1, 8)], dtype=object)
        add("review_wrong_role", self.wrong_role > 0,
            lambda idx: role_text[self.wrong_role[idx]])
        pair_text = np.array([""] + ["、".join(
            f"{_LEVELS[a].zh}与{_LEVELS[b].zh}" for k, (a, b) in enumerate(_PAIRS) if m & (1 << k))
            for m in range(1, 8)], dtype=object)
        add("review_same_person", self.same_person > 0,
            lambda idx: pair_text[self.same_person[idx]] + "均由"
            + self.same_name[idx].astype(str).astype(object) + "审核")
        for e in Element:
            col = self.failed[:, e.position]

            def unconfirmed(idx: npt.NDArray[np.int64], col: npt.NDArray[np.uint8] = col,
                            e: Element = e) -> npt.NDArray[Any]:
                return _LEVELS_TEXT[col[idx]] + f"未确认{e.zh}"

            add(e.finding_code, col > 0, unconfirmed)
        return FindingTable.concat(tables)


def _expected_roles(params: ReviewParameters) -> npt.NDArray[np.int8]:
    return np.array([ROLE_CODES[params.expected_role(lv.value)] for lv in _LEVELS],
                    dtype=np.int8)


def audit_reviews(posts: PostLog, reviews: ReviewLog,
                  params: ReviewParameters | None = None) -> ReviewAudit:
    """Audit every post of ``posts`` against its reviews in ``reviews``."""
    p = params if params is not None else review_parameters()
    n = len(posts)
    pi = lookup(posts.post_id, reviews.post_id)
    known = pi >= 0
    orphans = np.flatnonzero(~known)
    pub = posts.published_at.astype(np.int64)
    t = reviews.reviewed_at.astype(np.int64)
    # With no posts every review is an orphan (and there is no publication time to index).
    pub_of = pub[np.maximum(pi, 0)] if n else np.zeros(len(pi), dtype=np.int64)
    # 先审后发: a review counts only if stamped before (or, by parameter, at) publication.
    before = t <= pub_of if p.review_at_publication_counts.value else t < pub_of
    pre = known & before
    late = np.bincount(pi[known & ~before], minlength=n).astype(np.int64)

    rows = np.flatnonzero(pre)
    key = pi[rows] * 4 + reviews.level[rows]
    tr = t[rows]
    t_min = int(tr.min()) if len(rows) else 0
    span = int(tr.max()) - t_min + 1 if len(rows) else 1
    if n * 4 * span < 2**62:
        # One int64 sort key (post, level, time): much faster than a lexsort of two keys.
        order = np.argsort(key * span + (tr - t_min), kind="stable")
    else:
        order = np.lexsort((tr, key))
    rows, key = rows[order], key[order]
    last = np.ones(len(rows), dtype=np.bool_)
    if len(rows):
        last[:-1] = key[1:] != key[:-1]
    d = rows[last]
    dp, dl = pi[d], reviews.level[d].astype(np.int64) - 1

    have = np.zeros((n, 3), dtype=np.bool_)
    have[dp, dl] = True
    when = np.full((n, 3), _NO_TIME, dtype=np.int64)
    when[dp, dl] = t[d]
    role_ok = np.ones((n, 3), dtype=np.bool_)
    role_ok[dp, dl] = reviews.role[d] == _expected_roles(p)[dl]
    conf = np.full((n, 3), ALL_ELEMENTS_MASK, dtype=np.uint8)
    conf[dp, dl] = reviews.confirmed[d]
    who = np.zeros((n, 3), dtype=reviews.reviewer.dtype)
    who[dp, dl] = reviews.reviewer[d]

    bits = np.array([1, 2, 4], dtype=np.uint8)
    missing = ((~have) * bits).sum(axis=1).astype(np.uint8)
    out_of_order = np.zeros(n, dtype=np.bool_)
    for a, b in _PAIRS:
        out_of_order |= have[:, a] & have[:, b] & (when[:, b] < when[:, a])
    # A failed review sends the post back (退回): the decisive 一审 must come after it.
    nd = rows[~last]
    failing = nd[reviews.confirmed[nd] != ALL_ELEMENTS_MASK]
    last_fail = np.full(n, _NO_TIME, dtype=np.int64)
    np.maximum.at(last_fail, pi[failing], t[failing])
    not_restarted = have[:, 0] & (last_fail > when[:, 0]) & ~out_of_order
    wrong_role = ((have & ~role_ok) * bits).sum(axis=1).astype(np.uint8)

    same_person = np.zeros(n, dtype=np.uint8)
    same_name = np.zeros(n, dtype=reviews.reviewer.dtype)
    if p.distinct_reviewers.value:
        for k, (a, b) in reversed(list(enumerate(_PAIRS))):
            hit = have[:, a] & have[:, b] & (who[:, a] == who[:, b])
            same_person |= hit.astype(np.uint8) << k
            same_name = np.where(hit, who[:, a], same_name)

    # failed[post, element]: mask of levels whose decisive review left the element unconfirmed.
    unconf = (~conf) & np.uint8(ALL_ELEMENTS_MASK) & np.where(have, 0xFF, 0).astype(np.uint8)
    elem_bits = np.array([e.bit for e in Element], dtype=np.uint8)
    failed = np.zeros((n, len(Element)), dtype=np.uint8)
    for lv in range(3):
        failed |= ((unconf[:, lv, None] & elem_bits) > 0).astype(np.uint8) << lv
    return ReviewAudit(
        posts=posts, missing=missing, late=late, out_of_order=out_of_order,
        not_restarted=not_restarted, wrong_role=wrong_role, same_person=same_person,
        same_name=same_name, failed=failed, orphans=orphans, params=p)
